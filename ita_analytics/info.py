"""A summary of what the database holds: ITA by year, the published series, CPI extent and lineage."""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from . import aggregate, datasets, db, published, target_rules


def _records(frame: pd.DataFrame) -> list[dict]:
    """Return JSON-ready rows: NaN and NA become None, timestamps ISO text, numpy scalars Python ones."""
    rows = []
    for row in frame.astype(object).to_dict("records"):
        clean = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.isoformat()
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        rows.append(clean)
    return rows


def database_info(con: duckdb.DuckDBPyConnection) -> dict:
    """Return the summary as a dict: ita (the default dataset's), datasets, ita_published, published_by_type,
    targets_in_force, cpi, imports."""
    series = aggregate.national_series(con)
    ita = series[["fiscal_year", "agencies", "mean_score", "pass_rate", "synthetic"]].assign(
        mean_score=series["mean_score"].round(2), pass_rate=series["pass_rate"].round(4)
    )
    extent = db.query(con, "cpi_extent").iloc[0]
    return {
        "ita": _records(ita),
        "datasets": datasets.summary(con),
        "ita_published": _records(db.query(con, "ita_published")),
        "published_by_type": _records(published.by_type(con)),
        "targets_in_force": _records(target_rules.targets_in_force(con)),
        "cpi": {
            "countries": int(extent["countries"]),
            "first_year": None if pd.isna(extent["first_year"]) else int(extent["first_year"]),
            "last_year": None if pd.isna(extent["last_year"]) else int(extent["last_year"]),
        },
        "imports": _records(db.query(con, "imports")),
    }
