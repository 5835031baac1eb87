"""The correlation explorer's data: a metric catalogue, panels by unit of analysis, and lagged pairs."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from . import aggregate, analysis, db, i18n
from .filters import Filters
from .stats import Correlation, cluster_correlation, correlation

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


#: Panel columns that describe a row rather than measure it: never turned into year-on-year changes.
_KEYS = ("unit", "fiscal_year", "agencies", "province_code")


def changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the panel with every metric replaced by its change on the unit's year before (Δ).

    A unit's first year, and a year after a gap, have no change (NaN): only consecutive years are compared.
    Two series that both trend over the years correlate whatever their link; their changes ask whether the years
    in which one rose more were the years in which the other did.
    """
    data = frame.sort_values(["unit", "fiscal_year"], kind="stable")
    metrics = [c for c in data.columns if c not in _KEYS]
    grouped = data.groupby("unit", sort=False)
    before = grouped["fiscal_year"].shift()
    delta = data[metrics].astype("float64") - grouped[metrics].shift().astype("float64")
    delta = delta.where(data["fiscal_year"] - before == 1, axis=0)
    return data.assign(**{c: delta[c] for c in metrics}).reset_index(drop=True)


def is_national_pair(con: duckdb.DuckDBPyConnection, unit: str, x: str, y: str) -> bool:
    """Return whether the explorer's statistics take the year as the unit: the unit is the nation, or either metric
    holds one value per year for the whole country (the CPI, its sources, national imported indicators)."""
    return unit == "national" or bool({x, y} & national_metrics(con))


def unit_pairs(
    con: duckdb.DuckDBPyConnection, unit: str, filters: Filters, x: str, y: str, lag: int = 0, change: bool = False
) -> pd.DataFrame:
    """Return the explorer's pairs for a unit of analysis, filters, metrics and lag (of year-on-year changes when
    change is set)."""
    frame = panel(con, unit, filters)
    return pairs(changes(frame) if change else frame, x, y, lag)


def year_points(points: pd.DataFrame) -> pd.DataFrame:
    """Return explorer pairs averaged to the year: fiscal_year, x and y (the mean over the units that year, each unit
    counting once) and rows (how many units). A national metric is the same for every unit, so its mean is itself."""
    grouped = points.groupby("fiscal_year")
    frame = grouped[["x", "y"]].mean().assign(rows=grouped.size())
    return frame.reset_index()[["fiscal_year", "x", "y", "rows"]]


def year_changes(years: pd.DataFrame) -> pd.DataFrame:
    """Return year_points as changes on the year before: fiscal_year, x, y (consecutive years only) and rows."""
    data = years.sort_values("fiscal_year")
    consecutive = data["fiscal_year"].diff() == 1
    delta = data[["x", "y"]].diff()[consecutive]
    return data.loc[consecutive, ["fiscal_year"]].assign(x=delta["x"], y=delta["y"], rows=data["rows"][consecutive])


def _by_year(points: pd.DataFrame, method: str, basis: str, rows: int) -> Correlation:
    result = correlation(points["x"], points["y"], method)
    return replace(result, rows=rows, basis=basis)


def summary(points: pd.DataFrame, national: bool = False) -> dict[str, Correlation]:
    """Return the explorer's correlations of its pairs (unit, fiscal_year, x, y).

    national (either metric holds one value a year for the whole country, or the unit is the nation): every
    statistic takes the year as the unit. The pairs are averaged to the year (year_points), n is the number of
    years and `rows` the pairs drawn; the levels (levels_pearson, levels_spearman) and the year-on-year changes of
    those year means (changes_pearson, changes_spearman) are given, and no within-unit correlation (a national
    series varies within every unit alike). Otherwise the pooled and within-unit correlations (pooled_pearson …
    within_spearman) of the rows, with intervals and p-values from a bootstrap over whole units
    (stats.cluster_correlation): a unit's rows over the years are not independent.
    """
    if national:
        years = year_points(points)
        moved = year_changes(years)
        return {
            "levels_pearson": _by_year(years, "pearson", "years", len(points)),
            "levels_spearman": _by_year(years, "spearman", "years", len(points)),
            "changes_pearson": _by_year(moved, "pearson", "changes", len(points)),
            "changes_spearman": _by_year(moved, "spearman", "changes", len(points)),
        }
    return {
        "pooled_pearson": cluster_correlation(points, "unit", "x", "y", "pearson"),
        "pooled_spearman": cluster_correlation(points, "unit", "x", "y", "spearman"),
        "within_pearson": cluster_correlation(points, "unit", "x", "y", "pearson", within=True),
        "within_spearman": cluster_correlation(points, "unit", "x", "y", "spearman", within=True),
    }


def unit_summary(
    con: duckdb.DuckDBPyConnection, unit: str, filters: Filters, x: str, y: str, lag: int = 0, change: bool = False
) -> dict[str, Correlation]:
    """Return the explorer's correlations (summary) for a unit of analysis, filters, metrics and lag.

    A national pair (is_national_pair) is always summarised by year, levels and changes both; otherwise change=True
    correlates each unit's year-on-year changes instead of its levels.
    """
    national = is_national_pair(con, unit, x, y)
    return summary(unit_pairs(con, unit, filters, x, y, lag, change=change and not national), national)


def metric_unit(metric: str) -> str:
    """Return the label key of a catalogue metric's unit (what its values are measured in)."""
    if metric == "pass_rate":
        return "stats_unit_share"
    if metric == CPI_SCORE or metric.startswith("cpi:"):
        return "stats_unit_cpi"
    if metric.startswith(EXTERNAL):
        return "stats_unit_imported"
    return "stats_unit_points"


def described(points: pd.DataFrame, x: str, y: str, lag: int, change: bool, lang: str) -> pd.DataFrame:
    """Return explorer pairs, or their year means (year_points), as a table that describes itself (the chart's data
    and its download): the unit, the fiscal year of y (and of x, `x_fiscal_year`, when lagged), each metric's code
    and unit in the language, whether the values are levels or year-on-year changes, and the lag; year means say
    how many units each averages (`units_averaged`)."""
    frame = points[[c for c in ("unit", "fiscal_year") if c in points]].copy()
    if lag:
        frame["x_fiscal_year"] = points["fiscal_year"] - lag
    for axis, metric in (("x", x), ("y", y)):
        unit = i18n.t(metric_unit(metric), lang)
        frame[f"{axis}_metric"] = metric
        frame[f"{axis}_unit"] = i18n.t("stats_unit_change", lang).format(unit=unit) if change else unit
        frame[axis] = points[axis]
    frame["x_lag"] = int(lag)
    if "rows" in points:
        frame["units_averaged"] = points["rows"]
    return frame.reset_index(drop=True)


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
