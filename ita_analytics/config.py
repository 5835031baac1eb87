"""Paths and settings in one place, with defaults and environment overrides."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PACKAGE_DIR / "queries"
SCHEMA_FILE = PACKAGE_DIR / "schema.sql"
SCHEMA_VIEWS_FILE = PACKAGE_DIR / "schema_views.sql"

#: Seed of the synthetic demo data; changing it changes every synthetic row.
DEMO_SEED = 20190101
#: Fiscal years (C.E.) the synthetic agency-level data covers.
DEMO_YEARS = tuple(range(2019, 2026))
#: ITA pass mark, unchanged since FY2019.
PASS_MARK = 85.0
#: Schema version stored in the database's meta table.
SCHEMA_VERSION = "6"


def default_db_path() -> Path:
    """Return the database path: $ITA_DB if set, else data/ita.duckdb."""
    env = os.environ.get("ITA_DB")
    return Path(env) if env else DATA_DIR / "ita.duckdb"


def geojson_path() -> Path | None:
    """Return the province-boundaries GeoJSON configured by $ITA_PROVINCES_GEOJSON, or None."""
    env = os.environ.get("ITA_PROVINCES_GEOJSON")
    return Path(env) if env else None


def geojson_id_property() -> str:
    """Return the GeoJSON feature property holding the province code or name ($ITA_GEOJSON_ID, default pro_code)."""
    return os.environ.get("ITA_GEOJSON_ID", "pro_code")
