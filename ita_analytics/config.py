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
SCHEMA_VERSION = "7"


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


#: Units (provinces, types, ministries …) of fewer agencies than this are too small to compare: they are not ranked,
#: do not set a colour scale, and carry their count wherever their pass rate is shown.
MIN_AGENCIES = 5


def min_agencies() -> int:
    """Return the smallest number of agencies a unit needs to be ranked or to set a colour scale: $ITA_MIN_AGENCIES
    (a whole number, at least 1) if set, else MIN_AGENCIES."""
    text = os.environ.get("ITA_MIN_AGENCIES", "").strip()
    return max(1, int(text)) if text.isascii() and text.isdigit() and len(text) <= 6 else MIN_AGENCIES
