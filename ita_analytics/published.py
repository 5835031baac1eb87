"""NACC's published record beside this database's figures: by type, bands, indicators, and a reconciliation.

Every figure NACC published is a fact to show and to reconcile with: `reconciliation` lists each one (the national
series, and every row of published_figures) with this database's value for the same thing and the difference.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from . import aggregate, db, records
from .filters import Filters

#: National measures of the published series, as reconciled.
NATIONAL_MEASURES = ("agencies", "mean_score", "passed", "pass_rate", "respondents")


def figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return every published figure beyond the national series (long: scope, code, measure, value, source)."""
    return db.query(con, "published_figures")


def by_type(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return fiscal_year, type_code, agencies, mean_score, pass_rate, source_url: NACC's preferred type figures."""
    rows = figures(con)
    rows = rows[(rows["scope"] == "type") & rows["preferred"]]
    table = rows.pivot_table(index=["fiscal_year", "code"], columns="measure", values="value", aggfunc="first")
    table = table.reindex(columns=["agencies", "mean_score", "pass_rate"])
    sources = rows.groupby(["fiscal_year", "code"])["source_url"].first()
    out = table.join(sources).reset_index().rename(columns={"code": "type_code"})
    out["agencies"] = out["agencies"].astype("Int64")
    return out


def bands(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return fiscal_year, rating, share, agencies: NACC's published band shares (counts where it gave counts)."""
    rows = figures(con)
    rows = rows[(rows["scope"] == "band") & (rows["code"] != "incomplete")]
    counts = rows[rows["measure"] == "agencies"]
    totals = counts.groupby("fiscal_year")["value"].transform("sum")
    with_counts = counts.assign(share=counts["value"] / totals, agencies=counts["value"])
    shares = rows[rows["measure"] == "share"].assign(share=lambda f: f["value"], agencies=np.nan)
    out = pd.concat([shares, with_counts])[["fiscal_year", "code", "share", "agencies", "source_url"]]
    return out.rename(columns={"code": "rating"}).sort_values(["fiscal_year"]).reset_index(drop=True)


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return fiscal_year, indicator, mean_score, note, source_url: NACC's published national indicator means."""
    rows = figures(con)
    rows = rows[(rows["scope"] == "indicator") & rows["preferred"]]
    return rows.rename(columns={"code": "indicator", "value": "mean_score"})[
        ["fiscal_year", "indicator", "mean_score", "note", "source_url"]
    ].reset_index(drop=True)


def _national(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    published = records.published_series(con)
    long = published.melt(
        id_vars=["fiscal_year", "coverage", "source_url", "note"],
        value_vars=list(NATIONAL_MEASURES),
        var_name="measure",
        value_name="value",
    ).dropna(subset=["value"])
    scope = np.where(long["coverage"] == "local", "type_group", "national")
    return long.assign(scope=scope, code=np.where(scope == "type_group", "local", ""), preferred=True)[
        ["fiscal_year", "scope", "code", "measure", "value", "source_url", "note", "preferred"]
    ]


def _computed_lookup(con: duckdb.DuckDBPyConnection, dataset: str | None) -> dict[tuple, float]:
    """Return (fiscal_year, scope, code, measure) → this database's value, for everything NACC published."""
    found: dict[tuple, float] = {}
    every = Filters(dataset=dataset)
    for row in aggregate.national_series(con, every).itertuples():
        for measure in ("agencies", "mean_score", "passed", "pass_rate"):
            found[(row.fiscal_year, "national", "", measure)] = float(getattr(row, measure))
    for row in aggregate.by_agency_type(con, every).itertuples():
        for measure in ("agencies", "mean_score", "pass_rate"):
            found[(row.fiscal_year, "type", row.type_code, measure)] = float(getattr(row, measure))
    for group in ("central", "local"):
        for row in aggregate.national_series(con, Filters(dataset=dataset, groups=[group])).itertuples():
            for measure in ("agencies", "mean_score", "passed", "pass_rate"):
                found[(row.fiscal_year, "type_group", group, measure)] = float(getattr(row, measure))
    for row in aggregate.rating_distribution(con, every).itertuples():
        found[(row.fiscal_year, "band", row.rating, "share")] = float(row.share)
        found[(row.fiscal_year, "band", row.rating, "agencies")] = float(row.agencies)
    for row in aggregate.tool_indicator_means(con, every).itertuples():
        found[(row.fiscal_year, "indicator", row.metric, "mean_score")] = float(row.mean_score)
    for row in aggregate.by_province(con, every).itertuples():
        found[(row.fiscal_year, "province", row.province_code, "mean_score")] = float(row.mean_score)
    areas = db.query(con, "published_areas")
    for area, members in areas.groupby("area"):
        provinces = Filters(dataset=dataset, provinces=members["province_code"].tolist())
        for row in aggregate.national_series(con, provinces).itertuples():
            found[(row.fiscal_year, "area", area, "mean_score")] = float(row.mean_score)
        local = Filters(dataset=dataset, provinces=provinces.provinces, groups=["local"])
        for row in aggregate.national_series(con, local).itertuples():
            found[(row.fiscal_year, "area", area, "agencies")] = float(row.agencies)
        shares = aggregate.rating_distribution(con, local)
        top = shares[shares["rating"].isin(["AA", "A"])].groupby("fiscal_year")["share"].sum()
        for year, share in top.items():
            found[(year, "area", area, "share_a_or_better")] = float(share)
    return found


def reconciliation(con: duckdb.DuckDBPyConnection, dataset: str | None = None) -> pd.DataFrame:
    """Return every published figure with one dataset's value (None: the default) for the same thing, and the
    difference.

    Columns: fiscal_year, scope, code, measure, published, computed (NaN where the database holds nothing
    comparable), difference (computed − published), source_url, note, preferred.
    """
    published = pd.concat([_national(con), figures(con)], ignore_index=True)
    computed = _computed_lookup(con, dataset)
    keys = zip(published["fiscal_year"], published["scope"], published["code"].fillna(""), published["measure"])
    values = [computed.get(key, np.nan) for key in keys]
    out = published.rename(columns={"value": "published"}).assign(computed=values)
    out["difference"] = out["computed"] - out["published"]
    order = {
        scope: i
        for i, scope in enumerate(
            ("national", "type_group", "type", "band", "indicator", "area", "province", "joined_by_request")
        )
    }
    out = out.assign(_order=out["scope"].map(order).fillna(99)).sort_values(["fiscal_year", "_order", "code"])
    return out.drop(columns="_order").reset_index(drop=True)[
        [
            "fiscal_year",
            "scope",
            "code",
            "measure",
            "published",
            "computed",
            "difference",
            "source_url",
            "note",
            "preferred",
        ]
    ]
