"""The follow-up file: a monitoring unit's agencies below the pass mark, the missing ones, and a summary, as XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import datasets, ratings, reference
from .config import PASS_MARK
from .i18n import t, year_label
from .oversight import Oversight
from .spreadsheets import workbook_bytes

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
]
MISSING_COLUMNS = ["agency_code", "name", "type", "province", "ministry", "previous_score", "previous_rating"]


def _named(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the frame with names, types and provinces in the language instead of codes."""
    types = reference.agency_types().set_index("type_code")["name_en" if lang == "en" else "name_th"]
    provinces = reference.provinces().set_index("province_code")["name_en" if lang == "en" else "name_th"]
    names = frame["name_en"].where(frame["name_en"].notna() & (lang == "en"), frame["name_th"])
    return frame.assign(name=names, type=frame["type_code"].map(types), province=frame["province_code"].map(provinces))


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
    data = workbook_bytes(followup_sheets(oversight, lang))
    if out is not None:
        Path(out).write_bytes(data)
    return data
