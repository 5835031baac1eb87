"""What the database holds beside the results: coverage, NACC's published figures, targets and lineage."""

from __future__ import annotations

import duckdb
import pandas as pd

from . import db


def ita_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return, per fiscal year, the results held, how many are synthetic, tool and indicator completeness."""
    return db.query(con, "ita_coverage")


def cpi_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return, per CPI year, the countries scored and how many have per-source scores."""
    return db.query(con, "cpi_coverage")


def published_series(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return NACC's national figures as published, each with its source."""
    return db.query(con, "ita_published")


def targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return every target with the year it applies to and its source."""
    return db.query(con, "targets")


def imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return the lineage of every load: kind, file, sha256, rows, time and note."""
    return db.query(con, "imports")


def external_indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return the imported indicators with their level, years and lineage."""
    return db.query(con, "external_indicator_list")
