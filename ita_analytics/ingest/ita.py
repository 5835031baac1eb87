"""Import ITA agency results: validate the whole file, then replace its fiscal years in one atomic swap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import db
from .ita_parse import parse_ita
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


def import_ita(file: Path | str, db_path: Path | str | None = None) -> ItaImportSummary:
    """Import an ITA results file; each fiscal year in it replaces that year's rows entirely.

    Raises InputFileError (nothing written) when any row is invalid.
    """
    file = Path(file)
    parsed = parse_ita(file)
    digest = sha256_of(file)
    years = tuple(sorted(parsed.results["fiscal_year"].unique().tolist()))
    with db.atomic_write(db_path) as con:
        import_id = db.record_import(con, "ita", file.name, digest, len(parsed.results), synthetic=False)
        db.execute(con, "ita_delete_years", years=list(years))
        with db.registered(con, staged_agencies=parsed.agencies, staged_results=parsed.results):
            db.execute(con, "ita_upsert_agencies")
            db.execute(con, "ita_insert_results", import_id=import_id)
        db.execute(con, "agencies_drop_orphan_synthetic")
    return ItaImportSummary(
        file.name, digest, years, len(parsed.results), len(parsed.agencies), import_id, tuple(parsed.warnings)
    )
