"""A monitoring unit's portfolio: against the target, who to follow up, what would help most, its peers.

Monitoring units (หน่วยงานกำกับติดตาม) push ITA forward for the agencies in their care: a ministry for its
departments, a province for the offices and local bodies in it, a region, an agency type, or the nation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

import duckdb
import pandas as pd

from . import analysis, config, datasets, db, ratings, records, reference, target_rules
from .filters import Filters
from .scope import AgencyScope

#: Tools a weakest tool is chosen from: from FY2023 the EIT's parts (a part is never above their mean, so a part is
#: named where the parts are known, the whole EIT where only it is).
TOOLS = ratings.ALL_TOOLS


@functools.cache
def _indicators() -> pd.DataFrame:
    return reference.read_fact("ita_indicators").drop_duplicates("indicator").set_index("indicator")


def indicator_tool() -> dict[str, str]:
    """Return indicator → its tool (i1–i5 IIT, i6–i8 EIT, i9–i10 OIT), from data/ita_indicators.csv."""
    return _indicators()["tool"].to_dict()


def indicator_share() -> dict[str, float]:
    """Return indicator → its weight in the total (6% each for i1–i5, 10% for i6–i8, 20% for i9–i10)."""
    return _indicators()["weight"].astype(float).to_dict()


DEFAULT_TARGET = 0.8


@dataclass(frozen=True)
class Unit(AgencyScope):
    """A monitoring unit: national, or a ministry (by name), region, province or agency type (by code)."""

    NOUN: ClassVar[str] = "unit"  # and every kind of AgencyScope


def parse_unit(text: str) -> Unit:
    """Return the Unit written as national, ministry:NAME, region:CODE, province:CODE (or name) or type:CODE."""
    return Unit.parse(text)


@dataclass(frozen=True)
class Portfolio:
    """The unit's headline numbers in a fiscal year, against the pass-rate target."""

    year: int
    agencies: int
    passed: int
    pass_rate: float
    target_rate: float
    more_needed: int
    mean_score: float
    below: int
    fell_below: int
    missing: int
    synthetic: bool


@dataclass(frozen=True)
class Oversight:
    """Everything the oversight view shows for one unit and fiscal year."""

    unit: Unit
    portfolio: Portfolio
    followup: pd.DataFrame
    missing: pd.DataFrame
    what_if: pd.DataFrame
    peers: pd.DataFrame
    iso: pd.DataFrame
    dataset: str | None = None
    coverage: dict | None = None  # the dataset's coverage of the year (datasets.coverage), None when unknown


def _weakest(rows: pd.DataFrame, columns: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    scores = rows[list(columns)].astype(float)
    has_any = scores.notna().any(axis=1)
    names = scores.fillna(float("inf")).idxmin(axis=1).where(has_any)
    return names, scores.min(axis=1)


def followup_list(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Return the agencies below the pass mark, closest to it first, with what to fix first and last year's score."""
    below = now[now["score"] < config.PASS_MARK].copy()
    previous = before.set_index("agency_code")["score"]
    below["gap"] = (config.PASS_MARK - below["score"]).round(2)  # scores carry two decimals
    below["weakest_tool"], below["weakest_tool_score"] = _weakest(below, TOOLS)
    below["weakest_indicator"], below["weakest_indicator_score"] = _weakest(below, tuple(indicator_tool()))
    below["previous_score"] = below["agency_code"].map(previous).astype("float64")
    below["change"] = (below["score"] - below["previous_score"]).round(2)
    below["fell_below"] = below["previous_score"] >= config.PASS_MARK
    columns = [
        "agency_code",
        "name_th",
        "name_en",
        "type_code",
        "province_code",
        "ministry",
        "score",
        "rating",
        "gap",
        "weakest_tool",
        "weakest_tool_score",
        "weakest_indicator",
        "weakest_indicator_score",
        "previous_score",
        "change",
        "fell_below",
        *(c for c in ("contact_name", "contact_phone", "contact_email") if c in below.columns),
    ]
    return below.sort_values(["gap", "agency_code"])[columns].reset_index(drop=True)


def missing_agencies(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Return the agencies assessed the year before but not in this year."""
    gone = before[~before["agency_code"].isin(now["agency_code"])]
    return (
        gone[["agency_code", "name_th", "name_en", "type_code", "province_code", "ministry", "score", "rating"]]
        .rename(columns={"score": "previous_score", "rating": "previous_rating"})
        .reset_index(drop=True)
    )


def indicator_what_if(now: pd.DataFrame, medians: pd.DataFrame) -> pd.DataFrame:
    """Return, per indicator, how many failing agencies would pass by raising it to their type's median.

    The assumption: the total rises by the indicator's weight in the total (indicator_share) times its rise.
    Largest effect first; weight is the indicator's share of the total, raise_mean the average rise of the total
    among the failing agencies helped.
    """
    failing = now[now["score"] < config.PASS_MARK].merge(medians, on="type_code", suffixes=("", "_median"))
    rows = []
    for indicator, share in indicator_share().items():
        rise = (failing[f"{indicator}_median"] - failing[indicator]).clip(lower=0) * share
        helped = (failing["score"] + rise >= config.PASS_MARK) & rise.notna()
        rows.append(
            {
                "indicator": indicator,
                "weight": share,
                "agencies_helped": int(helped.sum()),
                "failing_with_scores": int(failing[indicator].notna().sum()),
                "raise_mean": float(rise[helped].mean()) if helped.any() else 0.0,
            }
        )
    frame = pd.DataFrame(rows, columns=["indicator", "weight", "agencies_helped", "failing_with_scores", "raise_mean"])
    return frame.sort_values(["agencies_helped", "indicator"], ascending=[False, True], key=None).reset_index(drop=True)


def iso_comparison(now: pd.DataFrame) -> pd.DataFrame:
    """Return ISO 37001 adopters against the rest (agencies, mean, pass rate), or an empty frame without data."""
    known = now[now["iso37001"].notna()]
    if known.empty:
        return pd.DataFrame(columns=["iso37001", "agencies", "mean_score", "pass_rate"])
    grouped = known.groupby(known["iso37001"].astype(bool))
    frame = pd.DataFrame(
        {"agencies": grouped.size(), "mean_score": grouped["score"].mean(), "pass_rate": grouped["passed"].mean()}
    ).reset_index()
    return frame.sort_values("iso37001", ascending=False).reset_index(drop=True)


def _target(con: duckdb.DuckDBPyConnection, year: int) -> float:
    # The target in force that year; a year with none set is held to the last one the Cabinet adopted.
    targets = records.targets(con)
    value = target_rules.value_in_force(targets, year, "ita_pass_rate")
    if value is None:
        adopted = targets[(targets["metric"] == "ita_pass_rate") & (targets["status"] == "adopted")]
        value = float(adopted.sort_values("last_year")["value"].iloc[-1]) if len(adopted) else DEFAULT_TARGET
    return value


PEER_COLUMNS = ["unit", "agencies", "passed", "pass_rate", "mean_score", "rank_pass_rate", "rank_mean", "ranked"]


def rank_peers(peers: pd.DataFrame, min_agencies: int | None = None) -> pd.DataFrame:
    """Return a unit kind's peers (unit, agencies, passed, pass_rate, mean_score) ranked on pass rate and mean score
    among those of at least min_agencies agencies (config.min_agencies()): ranked = True, best first. Smaller units
    follow them, ranked = False, their rank numbers after the ranked ones' (so a unit of one agency at 100% never
    tops a ranking); show them unranked."""
    minimum = min_agencies or config.min_agencies()
    frame = peers.copy()
    frame["ranked"] = frame["agencies"] >= minimum
    counted = int(frame["ranked"].sum())
    for metric, rank in (("pass_rate", "rank_pass_rate"), ("mean_score", "rank_mean")):
        within = frame.groupby("ranked")[metric].rank(method="min", ascending=False)
        frame[rank] = (within + (~frame["ranked"]) * counted).astype(int)
    frame = frame.sort_values(["ranked", "rank_pass_rate", "unit"], ascending=[False, True, True], kind="stable")
    return frame[PEER_COLUMNS].reset_index(drop=True)


def build_oversight(
    con: duckdb.DuckDBPyConnection, year: int, unit: Unit = Unit(), dataset: str | None = None
) -> Oversight:
    """Return the unit's portfolio, follow-up list, missing agencies, what-if, peers and ISO 37001 comparison, from
    one dataset (None: the default).

    Raises ValueError when the unit has no agencies assessed in that fiscal year.
    """
    dataset = Filters(dataset=dataset).dataset
    rows = db.query(con, "oversight_agencies", year=int(year), kind=unit.kind, code=unit.code, dataset=dataset)
    now, before = rows[rows["fiscal_year"] == year], rows[rows["fiscal_year"] == year - 1]
    if now.empty:
        raise ValueError(f"unit: {unit.text} has no agencies assessed in fiscal year {year + 543} ({year})")
    target = _target(con, int(year))
    passed = int(now["passed"].sum())
    followup = followup_list(now, before)
    missing = missing_agencies(now, before)
    portfolio = Portfolio(
        year=int(year),
        agencies=len(now),
        passed=passed,
        pass_rate=passed / len(now),
        target_rate=target,
        more_needed=analysis.agencies_to_target(len(now), passed, target),
        mean_score=float(now["score"].mean()),
        below=len(followup),
        fell_below=int(followup["fell_below"].sum()),
        missing=len(missing),
        synthetic=bool(now["synthetic"].any()),
    )
    medians = db.query(con, "type_indicator_medians", year=int(year), dataset=dataset)
    peers = (
        rank_peers(db.query(con, "oversight_peers", year=int(year), kind=unit.kind, dataset=dataset))
        if unit.kind != "national"
        else pd.DataFrame(columns=PEER_COLUMNS)
    )
    chosen = dataset or datasets.default_dataset(con)
    covered = datasets.year_coverage(con, int(year), chosen)
    return Oversight(
        unit,
        portfolio,
        followup,
        missing,
        indicator_what_if(now, medians),
        peers,
        iso_comparison(now),
        chosen,
        None if covered is None else covered.to_dict(),
    )


def ministries(con: duckdb.DuckDBPyConnection, year: int, dataset: str | None = None) -> pd.DataFrame:
    """Return the ministries (สังกัด) a dataset's agencies name in a fiscal year, with their agency counts."""
    return db.query(con, "ministries", year=int(year), dataset=Filters(dataset=dataset).dataset)
