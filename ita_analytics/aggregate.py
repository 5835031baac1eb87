"""Aggregations of ITA results and CPI data: each returns a new DataFrame from a named query."""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from . import db
from .filters import Filters
from .ingest import names

#: ASEAN members and Timor-Leste (member since 2025), the peers Thailand is compared with.
ASEAN = ("THA", "SGP", "MYS", "IDN", "VNM", "PHL", "KHM", "LAO", "MMR", "BRN", "TLS")
THAILAND = "THA"
_ALL = Filters()


def national_series(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return agencies, mean, median, passed and pass rate per fiscal year."""
    return db.query(con, "national_series", **filters.params())


def rating_distribution(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return agencies and share in each AA–F band per fiscal year, best band first."""
    return db.query(con, "rating_distribution", **filters.params())


def by_agency_type(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return agencies, mean, median and pass rate per fiscal year and agency type."""
    return db.query(con, "by_agency_type", **filters.params())


def by_region(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return agencies, mean, median and pass rate per fiscal year and region."""
    return db.query(con, "by_region", **filters.params())


def by_province(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return agencies, mean, median and pass rate per fiscal year and province."""
    return db.query(con, "by_province", **filters.params())


def tool_indicator_means(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return the mean of each tool and indicator per fiscal year (long format)."""
    return db.query(con, "tool_indicator_means", **filters.params())


def ranked_agencies(
    con: duckdb.DuckDBPyConnection, year: int, filters: Filters = _ALL, n: int = 10, best: bool = True
) -> pd.DataFrame:
    """Return the n best (or worst) filtered agencies of a fiscal year, with their rank."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n: {n!r} must be a whole number of at least 1")
    params = filters.params()
    params.pop("years")
    return db.query(con, "ranked_agencies", year=int(year), n=n, best=bool(best), **params)


def agency_history(con: duckdb.DuckDBPyConnection, agency_code: str) -> pd.DataFrame:
    """Return one agency's results by year, from every dataset that holds it, with its percentile among its type and
    its province in that dataset and year."""
    return db.query(con, "agency_history", agency_code=str(agency_code))


def export_results(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL, thai_headers: bool = True) -> pd.DataFrame:
    """Return the filtered results in the import layout (Thai or English headers), ready to re-import."""
    from .ingest.ita_parse import columns  # the import layout is defined once, with the importer

    frame = db.query(con, "ita_export", **filters.params())
    spec = columns().set_index("field")
    frame["iso37001"] = frame["iso37001"].map({True: "ใช่", False: "ไม่ใช่"})
    return frame.rename(columns=spec["header_th" if thai_headers else "header_en"].to_dict())


def cpi_series(
    con: duckdb.DuckDBPyConnection, iso3: tuple[str, ...] = (THAILAND,), first_year: int = 2012, last_year: int = 2100
) -> pd.DataFrame:
    """Return CPI score, rank, standard error, sources and 90% CI per year for the chosen countries."""
    return db.query(
        con, "cpi_series", iso3=[c.upper() for c in iso3], first_year=int(first_year), last_year=int(last_year)
    )


def cpi_sources(con: duckdb.DuckDBPyConnection, iso3: str = THAILAND) -> pd.DataFrame:
    """Return a country's score from each CPI source per year."""
    return db.query(con, "cpi_sources", iso3=iso3.upper())


def asean_comparison(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Return ASEAN members' and Timor-Leste's CPI in a year with the change on the year before."""
    return db.query(con, "cpi_comparison", year=int(year), iso3=list(ASEAN))


def score_quartiles_by_type(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return each type's five-number summary, mean and count per fiscal year."""
    return db.query(con, "score_quartiles_by_type", **filters.params())


def tool_indicator_by_type(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return the mean of each tool and indicator per fiscal year and agency type (long format)."""
    return db.query(con, "tool_indicator_by_type", **filters.params())


def search_agencies(con: duckdb.DuckDBPyConnection, text: str, n: int = 20) -> pd.DataFrame:
    """Return up to n agencies whose code or Thai or English name matches text, best (fuzzy) match first: the exact
    code, then an exact name, with a leading local type word matched spelled out or abbreviated (เทศบาลนคร … finds
    ทน. … and the other way round)."""
    text = " ".join(names.clean_name(text).split())[:100]
    if not text:
        return db.query(con, "agency_search", text="\x00", forms=[], n=0)
    return db.query(con, "agency_search", text=text, forms=search_forms(text), n=int(n))


def search_forms(text: str) -> list[str]:
    """Return the forms a searched name is matched in: compacted (no spaces or dots, lower case) as written and, when
    it begins with a local type word (names.TYPE_WORDS, spelled out, misspelt or abbreviated), with that word spelled
    out and abbreviated."""
    written = _compact(text)
    forms = [written] if written else []
    code = names.type_from_name(text)
    if code in names.TYPE_WORDS:
        word, letters = names.TYPE_WORDS[code], names.ABBREVIATIONS[code]
        spellings = (word, word.replace("องค์การ", "องค์กร"), letters)  # names.py's misspelling of องค์การ too
        rest = next((written[len(s) :] for s in spellings if written.startswith(s)), None)
        if rest:
            forms += [f for f in (_compact(word + rest), _compact(letters + rest)) if f not in forms]
    return forms


def _compact(text: str) -> str:
    """Return text as agency_search.sql compacts a name: no spaces or dots, lower case."""
    return re.sub(r"[\s.]+", "", text).lower()


def agency_peers(
    con: duckdb.DuckDBPyConnection, agency_code: str, year: int, n: int = 10, dataset: str | None = None
) -> pd.DataFrame:
    """Return up to n agencies of the same type and province in that year and dataset, nearest score first."""
    dataset = Filters(dataset=dataset).dataset
    return db.query(con, "agency_peers", agency_code=str(agency_code), year=int(year), n=int(n), dataset=dataset)


def inflation_by_year(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return per fiscal year: shares at ≥95 and 100, quantiles, share rising > 20 points, within-type SD."""
    return db.query(con, "inflation_by_year", **filters.params())


def score_histogram(con: duckdb.DuckDBPyConnection, filters: Filters = _ALL) -> pd.DataFrame:
    """Return the share of agencies in each 5-point score band per fiscal year."""
    return db.query(con, "score_histogram", **filters.params())
