"""The correlation explorer's data: a metric catalogue, panels by unit of analysis, and lagged pairs."""

from __future__ import annotations

import duckdb
import pandas as pd

from . import aggregate, analysis, db
from .filters import Filters
from .stats import Correlation, correlation, within_correlation

UNITS = ("national", "region", "province", "type", "agency")
ITA_METRICS = ("mean_score", "median_score", "pass_rate", "iit", "eit", "oit", *(f"i{n}" for n in range(1, 11)))
CPI_SCORE = "cpi_score"
#: Prefix of imported indicators in the catalogue ('ext:NAME').
EXTERNAL = "ext:"
#: Units that lie within one province, so province-level imported indicators can be joined to them.
PROVINCE_UNITS = ("province", "agency")


def catalogue(con: duckdb.DuckDBPyConnection, unit: str | None = None) -> list[str]:
    """Return every metric the explorer offers for a unit (all units when None).

    ITA metrics, the CPI score, each CPI source ('cpi:NAME') and each imported indicator ('ext:NAME');
    a province-level imported indicator only for units that lie within one province.
    """
    sources = sorted(aggregate.cpi_sources(con)["source"].unique())
    imported = db.query(con, "external_indicator_list")
    if unit is not None and unit not in PROVINCE_UNITS:
        imported = imported[imported["level"] == "national"]
    return [*ITA_METRICS, CPI_SCORE, *(f"cpi:{s}" for s in sources), *(EXTERNAL + n for n in imported["indicator"])]


def national_metrics(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Return the catalogue's metrics that hold one value per year for the whole country (CPI, national imports)."""
    imported = db.query(con, "external_indicator_list")
    national = imported.loc[imported["level"] == "national", "indicator"]
    return {m for m in catalogue(con) if m == CPI_SCORE or m.startswith("cpi:")} | {EXTERNAL + n for n in national}


def panel(con: duckdb.DuckDBPyConnection, unit: str, filters: Filters = Filters()) -> pd.DataFrame:
    """Return one row per unit and fiscal year: ITA means, Thailand's CPI score and source scores of that year."""
    if unit not in UNITS:
        raise ValueError(f"unit: {unit!r} must be one of {UNITS}")
    ita = db.query(con, "panel_by_unit", unit=unit, **filters.params())
    cpi = aggregate.cpi_series(con)[["year", "score"]].rename(columns={"year": "fiscal_year", "score": CPI_SCORE})
    sources = aggregate.cpi_sources(con).pivot(index="year", columns="source", values="score")
    sources = sources.rename(columns=lambda s: f"cpi:{s}").rename_axis(columns=None).reset_index()
    sources = sources.rename(columns={"year": "fiscal_year"})
    # CPI year Y is paired with fiscal year Y (the project's default alignment); the lag shifts X later.
    # Imported indicators follow the same rule: their year Y is paired with fiscal year Y.
    frame = ita.merge(cpi, on="fiscal_year", how="left").merge(sources, on="fiscal_year", how="left")
    imported = db.query(con, "external_indicator_values")
    imported["indicator"] = EXTERNAL + imported["indicator"]
    by_level = dict(list(imported.groupby("level")))
    if "national" in by_level:
        national = by_level["national"].pivot(index="fiscal_year", columns="indicator", values="value")
        frame = frame.merge(national.rename_axis(columns=None).reset_index(), on="fiscal_year", how="left")
    if "province" in by_level and unit in PROVINCE_UNITS:
        keys = ["province_code", "fiscal_year"]
        province = by_level["province"].pivot(index=keys, columns="indicator", values="value")
        frame = frame.merge(province.rename_axis(columns=None).reset_index(), on=keys, how="left")
    return frame


def pairs(frame: pd.DataFrame, x: str, y: str, lag: int = 0) -> pd.DataFrame:
    """Return unit, fiscal_year, x (taken `lag` years earlier in the same unit) and y, for complete pairs."""
    if lag not in analysis.LAGS:
        raise ValueError(f"lag: {lag!r} must be one of {analysis.LAGS}")
    for name in (x, y):
        if name not in frame:
            raise ValueError(f"metric: {name!r} is not in the catalogue")
    earlier = frame[["unit", "fiscal_year", x]].assign(fiscal_year=frame["fiscal_year"] + lag)
    joined = frame[["unit", "fiscal_year", y]].merge(earlier.rename(columns={x: "x"}), on=["unit", "fiscal_year"])
    return joined.rename(columns={y: "y"})[["unit", "fiscal_year", "x", "y"]].dropna().reset_index(drop=True)


def summary(points: pd.DataFrame) -> dict[str, Correlation]:
    """Return pooled and within-unit Pearson and Spearman correlations of explorer pairs."""
    return {
        "pooled_pearson": correlation(points["x"], points["y"], "pearson"),
        "pooled_spearman": correlation(points["x"], points["y"], "spearman"),
        "within_pearson": within_correlation(points, "unit", "x", "y", "pearson"),
        "within_spearman": within_correlation(points, "unit", "x", "y", "spearman"),
    }


def unit_pairs(
    con: duckdb.DuckDBPyConnection, unit: str, filters: Filters, x: str, y: str, lag: int = 0
) -> pd.DataFrame:
    """Return the explorer's pairs for a unit of analysis, filters, metrics and lag."""
    return pairs(panel(con, unit, filters), x, y, lag)


def unit_summary(
    con: duckdb.DuckDBPyConnection, unit: str, filters: Filters, x: str, y: str, lag: int = 0
) -> dict[str, Correlation]:
    """Return pooled and within-unit correlations for a unit of analysis, filters, metrics and lag."""
    return summary(unit_pairs(con, unit, filters, x, y, lag))


TOOL_AND_INDICATORS = ("iit", "eit", "oit", *(f"i{n}" for n in range(1, 11)))


def indicator_structure(results: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (Pearson matrix of the tools and indicators, how strongly each separates passing from failing).

    results holds agency-level rows (export_results or ita_results columns: score, iit … i10). Separation
    is Cohen's d: the difference in means between agencies scoring ≥ 85 and the rest, over the pooled
    standard deviation, largest first; n_pass and n_fail say how many agencies each side holds.
    """
    present = [c for c in TOOL_AND_INDICATORS if c in results and results[c].notna().any()]
    matrix = results[present].astype(float).corr(method="pearson")
    passed = results["score"] >= 85
    rows = []
    for column in present:
        good, bad = results.loc[passed, column].dropna(), results.loc[~passed, column].dropna()
        pooled = (((len(good) - 1) * good.var() + (len(bad) - 1) * bad.var()) / max(len(good) + len(bad) - 2, 1)) ** 0.5
        d = (good.mean() - bad.mean()) / pooled if len(good) > 1 and len(bad) > 1 and pooled > 0 else float("nan")
        rows.append(
            {
                "metric": column,
                "mean_pass": good.mean(),
                "mean_fail": bad.mean(),
                "cohens_d": d,
                "n_pass": len(good),
                "n_fail": len(bad),
            }
        )
    separation = pd.DataFrame(rows, columns=["metric", "mean_pass", "mean_fail", "cohens_d", "n_pass", "n_fail"])
    separation = separation.sort_values("cohens_d", ascending=False, na_position="last")
    return matrix, separation.reset_index(drop=True)


def year_indicator_structure(
    con: duckdb.DuckDBPyConnection, year: int, filters: Filters = Filters()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return indicator_structure of the filtered agencies in one fiscal year."""
    from dataclasses import replace

    results = aggregate.export_results(con, replace(filters, years=[int(year)]), thai_headers=False)
    return indicator_structure(results)
