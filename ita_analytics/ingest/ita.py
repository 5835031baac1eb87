"""Import ITA agency results into a named dataset: validate the whole file, then replace its years in one atomic swap.

Each import goes into a dataset (default: the file's name). Its fiscal years replace that dataset's rows for those
years; other years and other datasets stay as they were, and the synthetic demo is never changed. Agencies are one
register across datasets: an agency known by name that a later file gives a code joins that code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .. import datasets, db
from .identity import NAMED_PREFIX
from .ita_parse import ParsedIta, parse_ita
from .reading import sha256_of


@dataclass(frozen=True)
class ItaImportSummary:
    """What an ITA import did."""

    file_name: str
    sha256: str
    years: tuple[int, ...]
    rows: int
    agencies: int
    import_id: int
    warnings: tuple[str, ...]
    dataset: str = ""
    coverage: tuple[tuple[int, int, int | None, bool], ...] = ()  # (year, agencies, NACC's count, census)


def _known(con: duckdb.DuckDBPyConnection, parsed: ParsedIta) -> pd.DataFrame:
    keys = pd.DataFrame({"name_key": parsed.agencies["name_key"].dropna().unique()})
    with db.registered(con, staged_keys=keys):
        return db.query(con, "agencies_known_by_key")


def _join_known_agencies(con: duckdb.DuckDBPyConnection, parsed: ParsedIta) -> ParsedIta:
    """Return the file with its agencies known by name matched to the register, and merge the codes it gives.

    A row known only by name takes the code of the agency the register holds under the same name and province. A
    row with a code whose name the register holds under a made-up 'N-' code makes that agency's results move to
    the code: the same agency, now with its code."""
    known = _known(con, parsed)
    if known.empty:
        return parsed
    real = known[~known["agency_code"].str.startswith(NAMED_PREFIX)]
    single = real.groupby("name_key")["agency_code"].transform("nunique") == 1  # a name two codes share: no match
    by_key = dict(zip(real.loc[single, "name_key"], real.loc[single, "agency_code"]))
    named = parsed.agencies["agency_code"].str.startswith(NAMED_PREFIX)
    renamed = {
        code: by_key[key]
        for code, key in zip(parsed.agencies.loc[named, "agency_code"], parsed.agencies.loc[named, "name_key"])
        if key in by_key
    }
    coded = parsed.agencies[~named]
    stale = known[known["agency_code"].str.startswith(NAMED_PREFIX)].merge(
        coded[["agency_code", "name_key"]], on="name_key", suffixes=("_old", "")
    )
    for old, code in zip(stale["agency_code_old"], stale["agency_code"]):
        db.execute(con, "agency_results_renamed", old=old, code=code)
    if not renamed:
        return parsed
    agencies = parsed.agencies.assign(agency_code=parsed.agencies["agency_code"].replace(renamed))
    agencies = agencies.sort_values("latest_year").drop_duplicates("agency_code", keep="last")
    results = parsed.results.assign(agency_code=parsed.results["agency_code"].replace(renamed))
    return ParsedIta(results, agencies, parsed.warnings)


def import_ita(
    file: Path | str,
    db_path: Path | str | None = None,
    *,
    dataset: str | None = None,
    year: int | None = None,
    census: bool = False,
) -> ItaImportSummary:
    """Import an ITA results file into a dataset (default: the file's name); each fiscal year in it replaces that
    dataset's rows for the year. year sets the fiscal year of a file without a year column; census declares its
    years whole whatever their coverage.

    Raises InputFileError (nothing written) when any row is invalid, ValueError for a name that cannot be used.
    """
    file = Path(file)
    dataset = datasets.check_name(dataset if dataset is not None else datasets.name_from_file(file))
    parsed = parse_ita(file, year=year)
    digest = sha256_of(file)
    years = tuple(sorted(parsed.results["fiscal_year"].unique().tolist()))
    with db.atomic_write(db_path) as con:
        import_id = db.record_import(
            con, "ita", file.name, digest, len(parsed.results), synthetic=False, dataset=dataset
        )
        db.execute(con, "ita_delete_years", years=list(years), dataset=dataset)
        parsed = _join_known_agencies(con, parsed)
        with db.registered(con, staged_agencies=parsed.agencies, staged_results=parsed.results):
            db.execute(con, "ita_upsert_agencies")
            db.execute(con, "ita_insert_results", import_id=import_id, dataset=dataset)
        db.execute(con, "agencies_drop_orphans")
        db.execute(con, "dataset_upsert", dataset=dataset, synthetic=False, import_id=import_id)
        for held in years:
            db.execute(con, "dataset_year_upsert", dataset=dataset, year=int(held), census=census, import_id=import_id)
        covered = datasets.coverage(con, dataset)
    covered = covered[covered["fiscal_year"].isin(years)]
    return ItaImportSummary(
        file.name,
        digest,
        years,
        len(parsed.results),
        len(parsed.agencies),
        import_id,
        tuple(parsed.warnings),
        dataset,
        tuple(
            (
                int(r.fiscal_year),
                int(r.agencies),
                None if pd.isna(r.published_agencies) else int(r.published_agencies),
                bool(r.census),
            )
            for r in covered.itertuples()
        ),
    )
