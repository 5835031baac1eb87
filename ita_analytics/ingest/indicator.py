"""Import a researcher's own indicators: validate the whole file, then replace those indicators atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import db
from .indicator_parse import parse_indicators
from .reading import sha256_of


@dataclass(frozen=True)
class IndicatorImportSummary:
    """What an indicator import did."""

    file_name: str
    sha256: str
    level: str
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    rows: int
    replaced: tuple[str, ...]
    import_id: int


def import_indicator(
    file: Path | str, db_path: Path | str | None = None, source: str | None = None
) -> IndicatorImportSummary:
    """Import an indicator file; an indicator of the same name already stored is replaced entirely.

    source says where the data comes from (kept with the import's lineage). Raises InputFileError
    (nothing written) when any row is invalid.
    """
    file = Path(file)
    parsed = parse_indicators(file)
    digest = sha256_of(file)
    names = list(parsed.indicators)
    with db.atomic_write(db_path) as con:
        stored = set(db.query(con, "external_indicator_list")["indicator"])
        import_id = db.record_import(
            con,
            "indicator",
            file.name,
            digest,
            len(parsed.values),
            synthetic=False,
            note=(source or "").strip()[:500] or None,
        )
        db.execute(con, "external_indicator_delete", names=names)
        with db.registered(con, staged_indicators=parsed.values):
            db.execute(con, "external_indicator_insert", import_id=import_id)
    years = tuple(sorted(int(y) for y in parsed.values["year"].unique()))
    return IndicatorImportSummary(
        file.name,
        digest,
        parsed.level,
        parsed.indicators,
        years,
        len(parsed.values),
        tuple(n for n in names if n in stored),
        import_id,
    )


def remove_indicator(name: str, db_path: Path | str | None = None) -> int:
    """Remove a stored indicator by name and return how many values went; KeyError if there is none."""
    with db.atomic_write(db_path) as con:
        stored = db.query(con, "external_indicator_list")
        if name not in set(stored["indicator"]):
            raise KeyError(f"no imported indicator named {name!r}")
        db.execute(con, "external_indicator_delete", names=[name])
    return int(stored.loc[stored["indicator"] == name, "values"].iloc[0])
