"""Derived views of aggregated data: ITA–CPI alignment, CPI source contributions, what-ifs, KPIs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import target_rules

LAGS = (0, 1, 2)


def align_ita_cpi(ita: pd.DataFrame, cpi: pd.DataFrame, lag: int = 0) -> pd.DataFrame:
    """Return ITA fiscal year Y beside CPI year Y + lag, with both indexed to 100 at the first common year.

    ita is national_series output; cpi is cpi_series output for one country.
    """
    if lag not in LAGS:
        raise ValueError(f"lag: {lag!r} must be one of {LAGS}")
    left = ita[["fiscal_year", "mean_score", "pass_rate"]].rename(
        columns={"mean_score": "ita_mean", "pass_rate": "ita_pass_rate"}
    )
    left = left.assign(cpi_year=left["fiscal_year"] + lag)
    right = cpi[["year", "score", "lower_ci", "upper_ci"]].rename(
        columns={"year": "cpi_year", "score": "cpi_score", "lower_ci": "cpi_lower", "upper_ci": "cpi_upper"}
    )
    aligned = left.merge(right, on="cpi_year", how="inner").sort_values("fiscal_year").reset_index(drop=True)
    for column in ("ita_mean", "ita_pass_rate", "cpi_score"):
        base = aligned[column].iloc[0] if len(aligned) else None
        aligned[f"{column}_index"] = 100 * aligned[column] / base if base else float("nan")
    return aligned


def cpi_source_contributions(sources: pd.DataFrame) -> pd.DataFrame:
    """Return each source's change on the year before and its share of the CPI's move (change / sources).

    sources is cpi_sources output (year, iso3, source, score, sources_that_year). A source new that
    year has no change; the CPI also moves when sources enter or leave, which no row explains.
    """
    frame = sources.sort_values(["source", "year"]).copy()
    previous = frame.groupby("source")["score"].shift()
    previous_year = frame.groupby("source")["year"].shift()
    frame["change"] = (frame["score"] - previous).where(previous_year == frame["year"] - 1)
    frame["contribution"] = frame["change"] / frame["sources_that_year"]
    return frame.sort_values(["year", "source"]).reset_index(drop=True)


def what_if(score: float, sources: int, raise_by: float) -> float:
    """Return the CPI score if one of its `sources` sources rose by raise_by points (before TI's rounding)."""
    if sources < 1:
        raise ValueError(f"sources: {sources!r} must be at least 1")
    return score + raise_by / sources


@dataclass(frozen=True)
class YearKpis:
    """The headline numbers of one fiscal year and their change on the year before (None when unknown)."""

    fiscal_year: int
    agencies: int
    mean_score: float
    mean_change: float | None
    pass_rate: float
    pass_rate_change: float | None
    target_pass_rate: float | None  # the target in force that year (targets.value_in_force)
    target_mean: float | None
    cpi_year: int | None
    cpi_score: float | None
    cpi_change: float | None
    cpi_rank: int | None
    cpi_rank_change: int | None
    cpi_countries: int | None
    cpi_lower: float | None
    cpi_upper: float | None
    synthetic: bool


def _value(frame: pd.DataFrame, column: str) -> object:
    return None if frame.empty or pd.isna(frame[column].iloc[0]) else frame[column].iloc[0].item()


def year_kpis(ita: pd.DataFrame, cpi: pd.DataFrame, targets: pd.DataFrame, year: int) -> YearKpis:
    """Return the KPIs of a fiscal year from national_series, Thailand's cpi_series and targets (CPI year = FY)."""
    now, before = ita[ita["fiscal_year"] == year], ita[ita["fiscal_year"] == year - 1]
    if now.empty:
        raise ValueError(f"no ITA results for fiscal year {year}")
    cpi_now, cpi_before = cpi[cpi["year"] == year], cpi[cpi["year"] == year - 1]

    def change(a: pd.DataFrame, b: pd.DataFrame, column: str) -> object:
        x, y = _value(a, column), _value(b, column)
        return None if x is None or y is None else x - y

    return YearKpis(
        fiscal_year=int(year),
        agencies=int(_value(now, "agencies")),
        mean_score=_value(now, "mean_score"),
        mean_change=change(now, before, "mean_score"),
        pass_rate=_value(now, "pass_rate"),
        pass_rate_change=change(now, before, "pass_rate"),
        target_pass_rate=target_rules.value_in_force(targets, int(year), "ita_pass_rate"),
        target_mean=target_rules.value_in_force(targets, int(year), "ita_mean"),
        cpi_year=int(year) if not cpi_now.empty else None,
        cpi_score=_value(cpi_now, "score"),
        cpi_change=change(cpi_now, cpi_before, "score"),
        cpi_rank=_value(cpi_now, "rank"),
        cpi_rank_change=change(cpi_now, cpi_before, "rank"),
        cpi_countries=_value(cpi_now, "countries"),
        cpi_lower=_value(cpi_now, "lower_ci"),
        cpi_upper=_value(cpi_now, "upper_ci"),
        synthetic=bool(_value(now, "synthetic")),
    )


def agencies_to_target(agencies: int, passed: int, target_rate: float) -> int:
    """Return how many more agencies must pass for the pass rate to reach the target (0 if reached)."""
    return max(0, math.ceil(target_rate * agencies - 1e-9) - passed)


def cpi_target_distance(targets: pd.DataFrame, latest: pd.Series, lang: str = "en") -> pd.DataFrame:
    """Return each CPI target beside the latest score or rank and the distance still to go (0 when met), its source
    named in the language.

    latest is one row of cpi_series (year, score, rank, sources, …). For a score target the gap is also
    given per source: the average rise each source would need, since the CPI is their mean.
    """
    rows = []
    counted = targets["status"].isin(target_rules.COUNTED)
    for target in targets[targets["metric"].isin(["cpi_score", "cpi_rank"]) & counted].itertuples():
        current = latest["score"] if target.metric == "cpi_score" else latest["rank"]
        gap = target.value - current if target.comparison == "at_least" else current - target.value
        rows.append(
            {
                "metric": target.metric,
                "year": target.last_year,
                "target": target.value,
                "current": current,
                "current_year": int(latest["year"]),
                "gap": max(gap, 0),
                "met": gap <= 0,
                "source": target.source_th if lang == "th" and isinstance(target.source_th, str) else target.source,
            }
        )
    return pd.DataFrame(rows, columns=["metric", "year", "target", "current", "current_year", "gap", "met", "source"])


def lagging_units(
    by_unit: pd.DataFrame, unit: str, target_rate: float | None, n: int = 3, min_agencies: int = 5
) -> pd.DataFrame:
    """Return the n units (types, regions …) of one fiscal year furthest from the pass-rate target in force: the most
    agencies still to pass, then the lowest pass rate; units of fewer than min_agencies agencies are left out.

    by_unit holds one year of by_agency_type or by_region (unit column, agencies, pass_rate). Columns: unit, agencies,
    passed, pass_rate, gap (agencies still to pass to reach the target; 0 when met)."""
    columns = ["unit", "agencies", "passed", "pass_rate", "gap"]
    if target_rate is None or by_unit.empty:
        return pd.DataFrame(columns=columns)
    rows = by_unit[by_unit["agencies"] >= min_agencies]
    passed = (rows["pass_rate"] * rows["agencies"]).round().astype(int)
    gap = [agencies_to_target(int(a), int(p), target_rate) for a, p in zip(rows["agencies"], passed)]
    out = pd.DataFrame(
        {"unit": rows[unit], "agencies": rows["agencies"], "passed": passed, "pass_rate": rows["pass_rate"], "gap": gap}
    )
    out = out[out["gap"] > 0].sort_values(["gap", "pass_rate"], ascending=[False, True], kind="stable")
    return out.head(n).reset_index(drop=True)[columns]
