"""The follow-up file: a monitoring unit's agencies below the pass mark, the missing ones, and a summary, as XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import datasets, ratings, reference
from .config import PASS_MARK
from .i18n import t, year_label
from .oversight import Oversight
from .spreadsheets import workbook_bytes

#: Left empty for the monitoring unit to fill in as it follows each agency up.
TRACKING_COLUMNS = ["status", "owner", "due_date", "follow_up_note"]
FOLLOWUP_COLUMNS = [
    "agency_code",
    "name",
    "type",
    "province",
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
    "contact_name",
    "contact_phone",
    "contact_email",
    *TRACKING_COLUMNS,
]
MISSING_COLUMNS = ["agency_code", "name", "type", "province", "ministry", "previous_score", "previous_rating"]


def _named(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the frame with names, types, provinces and ministries in the language instead of codes."""
    types = reference.agency_types().set_index("type_code")["name_en" if lang == "en" else "name_th"]
    provinces = reference.provinces().set_index("province_code")["name_en" if lang == "en" else "name_th"]
    names = frame["name_en"].where(frame["name_en"].notna() & (lang == "en"), frame["name_th"])
    ministries = frame["ministry"].map(lambda name: reference.ministry_name(name, lang))  # in English in English
    return frame.assign(
        name=names,
        type=frame["type_code"].map(types),
        province=frame["province_code"].map(provinces),
        ministry=ministries,
    )


def _rank_and_what_if(oversight: Oversight, lang: str) -> pd.DataFrame:
    """Return the summary's rows on the unit's rank among its peers and the indicator that would lift the most."""
    rows = []
    peers, unit = oversight.peers, oversight.unit
    mine = peers[peers["unit"] == unit.code] if unit.kind != "national" and len(peers) else peers.iloc[0:0]
    if len(mine):
        rows.append(
            [
                t("followup_peer_rank", lang),
                t("followup_peer_rank_value", lang).format(
                    rank=int(mine["rank_pass_rate"].iloc[0]), of=len(peers), rank_mean=int(mine["rank_mean"].iloc[0])
                ),
            ]
        )
    helped = oversight.what_if[oversight.what_if["agencies_helped"] > 0] if len(oversight.what_if) else None
    if helped is not None and len(helped):
        best = helped.sort_values("agencies_helped", ascending=False).iloc[0]
        rows.append(
            [
                t("followup_what_if", lang),
                t("followup_what_if_value", lang).format(
                    indicator=ratings.indicator_name(best["indicator"], oversight.portfolio.year, lang),
                    n=int(best["agencies_helped"]),
                ),
            ]
        )
    return pd.DataFrame(rows, columns=["item", "value"])


def followup_sheets(oversight: Oversight, lang: str = "th") -> dict[str, pd.DataFrame]:
    """Return the three sheets (agencies below the pass mark, missing agencies, summary), headers in the language."""
    followup = _named(oversight.followup, lang)
    for column in ("weakest_tool", "weakest_indicator"):
        prefix = "tool" if column == "weakest_tool" else "indicator"
        followup[column] = followup[column].map(
            lambda code, p=prefix: t(f"{p}_{code}", lang) if isinstance(code, str) else None
        )
    followup["fell_below"] = followup["fell_below"].map({True: t("yes", lang), False: ""})
    followup["rating"] = ratings.band_names(followup["rating"], lang, followup["score"] >= PASS_MARK)
    followup = followup.assign(**dict.fromkeys(TRACKING_COLUMNS, ""))
    for column in ("contact_name", "contact_phone", "contact_email"):
        followup[column] = followup.get(column)
    missing = _named(oversight.missing, lang)
    missing["previous_rating"] = ratings.band_names(
        missing["previous_rating"], lang, missing["previous_score"] >= PASS_MARK
    )
    p = oversight.portfolio
    summary = pd.DataFrame(
        {
            "item": [
                t(f"followup_{k}", lang)
                for k in (
                    "unit",
                    "year",
                    "agencies",
                    "passed",
                    "pass_rate",
                    "target",
                    "more_needed",
                    "below",
                    "fell_below",
                    "missing",
                    "mean",
                )
            ],
            "value": [
                oversight.unit.name(lang),
                year_label(p.year, lang),
                p.agencies,
                p.passed,
                round(100 * p.pass_rate, 2),
                round(100 * p.target_rate, 2),
                p.more_needed,
                p.below,
                p.fell_below,
                p.missing,
                round(p.mean_score, 2),
            ],
        }
    )
    coverage = datasets.coverage_sentence(oversight.coverage, oversight.dataset, p.synthetic, lang)
    summary = pd.concat([summary, _rank_and_what_if(oversight, lang)], ignore_index=True)
    summary.loc[-1] = [t("dataset", lang), coverage]  # first: what the figures below describe
    summary = summary.sort_index().reset_index(drop=True)
    if p.synthetic:
        summary.loc[len(summary)] = [t("synthetic", lang), t("briefing_synthetic", lang)]
    heading = {c: t(f"followup_col_{c}", lang) for c in {*FOLLOWUP_COLUMNS, *MISSING_COLUMNS, "item", "value"}}
    return {  # the summary first: the sheet a reader opens
        t("followup_sheet_summary", lang): summary.rename(columns=heading),
        t("followup_sheet_agencies", lang): followup[FOLLOWUP_COLUMNS].rename(columns=heading),
        t("followup_sheet_missing", lang): missing[MISSING_COLUMNS].rename(columns=heading),
    }


def write_followup(oversight: Oversight, out: Path | str | None = None, lang: str = "th") -> bytes:
    """Write the follow-up workbook (to out, when given) and return its bytes; text is never run as a formula."""
    data = workbook_bytes(followup_sheets(oversight, lang), autofilter=True)
    if out is not None:
        Path(out).write_bytes(data)
    return data
