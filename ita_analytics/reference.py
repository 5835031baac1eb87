"""The small shipped fact tables in data/, and the look-ups importers match names against."""

from __future__ import annotations

import functools
import re

import geothai
import pandas as pd

from . import config

REGIONS = ("north", "northeast", "central", "east", "west", "south")
CENTRAL_ADMIN = "central_admin"
#: The region of a local body whose province was not given, and the type of an agency whose type was not.
NOT_STATED = "not_stated"


def read_fact(name: str) -> pd.DataFrame:
    """Return data/NAME.csv as a DataFrame with codes kept as text."""
    return pd.read_csv(config.DATA_DIR / f"{name}.csv", dtype={"province_code": str, "type_code": str, "code": str})


def provinces() -> pd.DataFrame:
    """Return the 77 provinces: DOPA code, Thai and English names (geothai) and region (a copy to keep)."""
    return _provinces().copy()


def agency_types() -> pd.DataFrame:
    """Return the controlled list of agency types, without the alias column (a copy to keep)."""
    return _agency_types().copy()


# Read once per process: every page's sidebar asks for both on every rerun.
@functools.cache
def _provinces() -> pd.DataFrame:
    regions = read_fact("province_regions").set_index("province_code")["region"]
    rows = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
    frame = pd.DataFrame(rows, columns=["province_code", "name_th", "name_en"])
    frame["region"] = frame["province_code"].map(regions)
    missing = frame.loc[frame["region"].isna(), "name_en"].tolist()
    if missing:
        raise ValueError(f"data/province_regions.csv: no region for {missing}")
    return frame


@functools.cache
def _agency_types() -> pd.DataFrame:
    return read_fact("agency_types").drop(columns=["aliases"])


def normalise_key(text: object) -> str:
    """Return text folded for matching: lower case, no spaces, dots, hyphens or brackets."""
    return re.sub(r"[\s.\-()'’]+", "", str(text)).casefold()


@functools.cache
def type_lookup() -> dict[str, str]:
    """Return every accepted spelling of an agency type (folded) mapped to its type_code."""
    lookup: dict[str, str] = {}
    for row in read_fact("agency_types").itertuples():
        for name in [row.type_code, row.name_th, row.name_en, *str(row.aliases).split("|")]:
            lookup[normalise_key(name)] = row.type_code
    return lookup


def match_type(text: object) -> str | None:
    """Return the type_code for a type's code, Thai or English name or abbreviation, or None."""
    table = type_lookup()
    without_brackets = re.sub(r"\(.*?\)", "", str(text))
    return table.get(normalise_key(text)) or table.get(normalise_key(without_brackets))


@functools.cache
def province_lookup() -> dict[str, str]:
    """Return every accepted spelling of a province (folded) mapped to its DOPA code."""
    lookup: dict[str, str] = {}
    for p in geothai.provinces():
        lookup[p.code] = p.code
        for name in (p.name_th, p.name_en):
            lookup[geothai.normalize(name)] = p.code
            lookup[normalise_key(name)] = p.code
    for alias in ("กทม", "กรุงเทพฯ", "Krung Thep Maha Nakhon"):
        lookup[normalise_key(alias)] = "10"
    return lookup


def match_province(text: object) -> str | None:
    """Return the DOPA code for a Thai or English province name or code, or None."""
    raw = str(text).strip()
    if raw.isdigit() and len(raw) <= 2:
        raw = raw.zfill(2)
    table = province_lookup()
    return table.get(raw) or table.get(geothai.normalize(raw)) or table.get(normalise_key(raw))


@functools.cache
def _ministries_en() -> dict[str, str]:
    facts = read_fact("ministries")
    return {normalise_key(th): en for th, en in zip(facts["name_th"], facts["name_en"])}


def ministry_name(name: object, lang: str) -> object:
    """Return a ministry (สังกัด) as the data names it (in Thai) in the language: in English, its name in
    data/ministries.csv, matched without regard to spaces and dots (the Thai name where the file has none); anything
    but text (None, NaN) as it is."""
    if lang != "en" or not isinstance(name, str):
        return name
    return _ministries_en().get(normalise_key(name), name)


@functools.cache
def cpi_source_lookup() -> dict[str, str]:
    """Return every known spelling of a CPI source (folded) mapped to its canonical name."""
    lookup: dict[str, str] = {}
    for row in read_fact("cpi_sources").itertuples():
        for name in [row.source, row.short, *str(row.aliases).split("|")]:
            lookup[normalise_key(name)] = row.source
    return lookup
