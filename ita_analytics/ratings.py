"""The ITA as NACC runs it, year by year: each year's framework (tools, weights), rating scheme and bands.

Everything here is read from data/ (ita_frameworks.csv, ita_framework_tools.csv, ita_indicators.csv,
rating_bands.csv, with their sources in data/SOURCES.md): a new framework or scheme is a new row of data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import i18n, reference
from .config import PASS_MARK

#: Every tool any framework has, in the order tables show them.
ALL_TOOLS = ("iit", "eit", "eit1", "eit2", "oit")
#: Tools whose parts are scored instead from FY2023: the EIT is the mean of its two parts.
TOOL_PARTS = {"eit": ("eit1", "eit2")}
#: What a passed row without a band (the tools its scheme needs are missing) is counted as in distributions.
UNBANDED = "passed_unbanded"
#: How far a row's total may be from its tools under the year's weights before a warning (rounding).
TOTAL_TOLERANCE = 0.05


@dataclass(frozen=True)
class Framework:
    """One framework: the years it ran, its tools and their weights in the total, and its rating scheme."""

    code: str
    first_year: int
    last_year: int | None
    scheme: str
    pass_mark: float
    weights: tuple[tuple[str, float], ...]

    @property
    def tools(self) -> tuple[str, ...]:
        """Return the framework's tools in table order (iit, eit or eit1 and eit2, oit)."""
        return tuple(tool for tool, _ in self.weights)


@functools.cache
def frameworks() -> tuple[Framework, ...]:
    """Return every framework, oldest first."""
    weights = reference.read_fact("ita_framework_tools")
    found = []
    for row in reference.read_fact("ita_frameworks").sort_values("first_year").itertuples():
        own = weights[weights["framework"] == row.framework]
        ordered = sorted(zip(own["tool"], own["weight"]), key=lambda item: ALL_TOOLS.index(item[0]))
        last = None if pd.isna(row.last_year) else int(row.last_year)
        found.append(
            Framework(
                row.framework,
                int(row.first_year),
                last,
                row.rating_scheme,
                float(row.pass_mark),
                tuple((tool, float(w)) for tool, w in ordered),
            )
        )
    return tuple(found)


def framework_for(year: int) -> Framework:
    """Return the framework NACC used in a fiscal year (C.E.); ValueError for a year before any."""
    for framework in frameworks():
        if framework.first_year <= year and (framework.last_year is None or year <= framework.last_year):
            return framework
    raise ValueError(f"no ITA framework covers fiscal year {year} (data/ita_frameworks.csv)")


@functools.cache
def bands(scheme: str) -> pd.DataFrame:
    """Return a rating scheme's bands, best first: band, min_total, min_every_tool, passed, names."""
    table = reference.read_fact("rating_bands")
    own = table[table["scheme"] == scheme].sort_values("band_rank").reset_index(drop=True)
    if own.empty:
        raise ValueError(f"no rating scheme {scheme!r} in data/rating_bands.csv")
    return own


def scheme_for(year: int) -> str:
    """Return the rating scheme in force in a fiscal year ('aa_f' or 'five_band')."""
    return framework_for(year).scheme


def band_order(year: int) -> list[str]:
    """Return the band codes of the year's scheme, best first."""
    return bands(scheme_for(year))["band"].tolist()


@functools.cache
def _band_names() -> dict[str, tuple[str, str]]:
    table = reference.read_fact("rating_bands")
    return {row.band: (row.name_th, row.name_en) for row in table.itertuples()}


def band_name(band: object, lang: str) -> str:
    """Return a band's name in the language ('ผ่านดี' / 'Pass, good'; AA–F as they are); '' for none."""
    if not isinstance(band, str):
        return ""
    if band == UNBANDED:
        return i18n.t("band_passed_unbanded", lang)
    th, en = _band_names().get(band, (band, band))
    return en if lang == "en" else th


#: Columns that hold a band code, wherever a table shows ratings.
RATING_COLUMNS = ("rating", "previous_rating")


def band_names(bands: pd.Series, lang: str, passed: pd.Series | None = None) -> pd.Series:
    """Return each band's name in the language; a row without a band reads "passed, band unknown" when it passed
    (from FY2023, a total of 85 or more without every tool) and "" otherwise."""
    names = bands.map(lambda band: band_name(band, lang))
    if passed is not None:
        unbanded = bands.isna() & passed.fillna(False).astype(bool)
        names = names.where(~unbanded, i18n.t("band_passed_unbanded", lang))
    return names


@functools.cache
def _band_spellings() -> dict[str, str]:
    table = reference.read_fact("rating_bands")
    found = {}
    for row in table.itertuples():
        for name in (row.band, row.name_th, row.name_en):
            found[reference.normalise_key(str(name).replace(",", ""))] = row.band
    return found


def band_from_text(text: object) -> str | None:
    """Return the band code a printed band means ('ผ่านดี', 'AA', 'Pass, good' …), or None for anything else."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _band_spellings().get(reference.normalise_key(text.replace(",", "")))


def all_bands() -> list[str]:
    """Return every band code of every scheme, oldest scheme first and best band first."""
    table = reference.read_fact("rating_bands")
    order = {scheme: i for i, scheme in enumerate(dict.fromkeys(f.scheme for f in frameworks()))}
    table = table.assign(order=table["scheme"].map(order)).sort_values(["order", "band_rank"])
    return table["band"].tolist()


def _rate_year(total: pd.Series, tools: pd.DataFrame, wholes: pd.DataFrame, scheme: str) -> pd.Series:
    """Return each row's band under one scheme; None where a band's rule needs tools that are missing.

    wholes holds a tool whose parts are scored instead (the EIT from FY2023), where only the whole is known: a
    whole under a mark means one of its parts is under it too (it is their mean)."""
    rated = pd.Series(None, index=total.index, dtype=object)
    open_ = pd.Series(True, index=total.index)
    for band in bands(scheme).itertuples():
        reaches = open_ & (total >= band.min_total)
        if pd.notna(band.min_every_tool):
            below = (tools < band.min_every_tool).any(axis=1) | (wholes < band.min_every_tool).any(axis=1)
            meets = tools.notna().all(axis=1) & ~below
            undecided = reaches & ~below & ~meets  # it may or may not reach the band: no guess
            open_ &= ~undecided
            reaches &= meets
        rated[reaches] = band.band
        open_ &= ~reaches
    return rated


def rating(results: pd.DataFrame) -> pd.Series:
    """Return the band of each row (fiscal_year, score and whatever tools it has) under its year's scheme.

    None where the scheme's rule needs tool scores the row lacks and the total alone cannot decide (from
    FY2023 a total of 85 or more cannot be banded beyond "passed" without every tool).
    """
    rated = pd.Series(None, index=results.index, dtype=object, name="rating")
    for year, rows in results.groupby("fiscal_year"):
        framework = framework_for(int(year))
        tools = rows.reindex(columns=list(framework.tools)).astype(float)
        wholes = pd.DataFrame(index=rows.index)
        for whole, parts in TOOL_PARTS.items():
            if set(parts) <= set(framework.tools):
                known = rows.reindex(columns=[whole]).astype(float)[whole]
                wholes[whole] = known.where(tools[list(parts)].isna().all(axis=1))
        rated.loc[rows.index] = _rate_year(rows["score"].astype(float), tools, wholes, framework.scheme)
    return rated


def passed(scores: pd.Series) -> pd.Series:
    """Return whether each score reaches the pass mark of 85 (the national target's criterion in every year)."""
    return (scores >= PASS_MARK).rename("passed")


def expected_total(results: pd.DataFrame) -> pd.Series:
    """Return each row's total from its tools under its year's weights; NaN where a tool is missing."""
    total = pd.Series(np.nan, index=results.index, name="expected_total")
    for year, rows in results.groupby("fiscal_year"):
        framework = framework_for(int(year))
        tools = rows.reindex(columns=list(framework.tools)).astype(float)
        weights = np.array([w for _, w in framework.weights])
        total.loc[rows.index] = tools.to_numpy() @ weights
    return total


@functools.cache
def _indicator_names() -> pd.DataFrame:
    return reference.read_fact("ita_indicators")


def indicator_name(indicator: str, year: int | None, lang: str) -> str:
    """Return an indicator's name as NACC used it in the year (the newest name when year is None)."""
    names = _indicator_names()
    rows = names[names["indicator"] == indicator].sort_values("first_year")
    if rows.empty:
        return indicator
    if year is not None:
        rows = rows[(rows["first_year"] <= year) & (rows["last_year"].isna() | (rows["last_year"] >= year))]
        rows = rows if len(rows) else names[names["indicator"] == indicator]
    row = rows.iloc[-1]
    return row["name_en"] if lang == "en" else row["name_th"]
