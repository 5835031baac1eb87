"""Build a new database: the schema, the shipped facts and (optionally) the synthetic demo data."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from . import config, datasets, db, reference


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # Insert by column name so a frame's column order never matters.
    con.register("_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"insert into {table} ({columns}) select {columns} from _frame")  # names from code, not users
    finally:
        con.unregister("_frame")


def load_facts(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Fill the reference tables and the real CPI and published ITA series from data/."""
    con.execute("insert into meta values ('schema_version', $v)", {"v": config.SCHEMA_VERSION})
    _insert(con, "provinces", reference.provinces())
    _insert(con, "agency_types", reference.agency_types())
    _insert(con, "ita_published", reference.read_fact("ita_published"))
    _insert(con, "targets", reference.read_fact("targets"))
    for table in ("ita_frameworks", "ita_framework_tools", "ita_indicators", "rating_bands"):
        _insert(con, table, reference.read_fact(table))
    _insert(con, "published_figures", reference.read_fact("ita_published_figures"))
    _insert(con, "published_areas", reference.read_fact("published_areas"))
    _insert(con, "cpi_years", reference.read_fact("cpi_years"))
    cpi = reference.read_fact("cpi_asean").assign(import_id=import_id)
    _insert(con, "cpi_scores", cpi)
    _insert(con, "cpi_source_scores", reference.read_fact("cpi_thailand_sources"))


def build_database(path: Path | str | None = None, scale: int = 1, demo: bool = True) -> Path:
    """Create the database at path (atomically) and return the path; scale multiplies demo agencies."""
    from .demo import generate  # the generator pulls in numpy/scipy; only init needs it

    path = Path(path) if path else config.default_db_path()
    with db.atomic_write(path, create=True) as con:
        con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute(config.SCHEMA_VIEWS_FILE.read_text(encoding="utf-8"))
        facts_id = db.record_import(con, "init", "data/ (shipped facts)", None, 0, synthetic=False)
        load_facts(con, facts_id)
        if demo:
            agencies, results = generate(scale=scale)
            demo_id = db.record_import(
                con,
                "init",
                f"synthetic demo (seed {config.DEMO_SEED}, scale {scale})",
                None,
                len(results),
                synthetic=True,
                dataset=datasets.DEMO,
            )
            _insert(con, "agencies", agencies)
            _insert(con, "ita_results", results.assign(import_id=demo_id, dataset=datasets.DEMO))
            db.execute(con, "dataset_upsert", dataset=datasets.DEMO, synthetic=True, import_id=demo_id)
            for year in sorted(results["fiscal_year"].unique()):
                db.execute(
                    con, "dataset_year_upsert", dataset=datasets.DEMO, year=int(year), census=False, import_id=demo_id
                )
    return path
