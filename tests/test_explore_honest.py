"""Honest statistics in the correlation explorer (issue 23): a national metric makes the year the unit, metrics that
vary across units are resampled by unit, changes stand beside levels, and numbers are written as a statistician writes
them; the library against hand computations on the demo, and the page in Thai and English."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from app_support import assert_no_exception, figure
from conftest import open_view
from scipy import stats as scipy_stats

from ita_analytics import explore, i18n, narrative
from ita_analytics.filters import Filters
from ita_analytics.stats import format_p


@pytest.fixture(scope="module")
def con(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        yield connection


def year_level(con, unit: str, x: str, y: str, lag: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (the panel's pairs, their means over the units each year), computed here from the panel alone."""
    frame = explore.panel(con, unit)
    earlier = frame[["unit", "fiscal_year", x]].assign(fiscal_year=frame["fiscal_year"] + lag)
    pairs = frame[["unit", "fiscal_year", y]].merge(earlier, on=["unit", "fiscal_year"]).dropna()
    return pairs, pairs.groupby("fiscal_year")[[x, y]].mean()


@pytest.mark.parametrize("unit, rows", [("province", 462), ("agency", None)])
def test_ita_against_the_cpi_takes_the_year_as_the_unit(con, unit, rows):
    """The issue's numbers: province-year ITA against the CPI at lag 1 gave n 462 and p 1.5e-66 (agency level n 49,848
    and p 0). The CPI has six values in those years: n is 6, and the p-value is the year-level one."""
    pairs, years = year_level(con, unit, "mean_score", "cpi_score", 1)
    got = explore.unit_summary(con, unit, Filters(), "mean_score", "cpi_score", 1)
    assert set(got) == {"levels_pearson", "levels_spearman", "changes_pearson", "changes_spearman"}  # no within
    pearson, expected = got["levels_pearson"], scipy_stats.pearsonr(years["mean_score"], years["cpi_score"])
    assert pearson.n == len(years) == 6 and pearson.basis == "years"
    assert pearson.rows == len(pairs) == (rows or len(pairs)) and pearson.rows > 400
    assert pearson.r == pytest.approx(expected.statistic) and pearson.p_value == pytest.approx(expected.pvalue)
    assert pearson.p_value > 0.05  # not 1.5e-66: six years cannot show that much
    spearman = got["levels_spearman"]
    assert spearman.n == 6 and spearman.r == pytest.approx(scipy_stats.spearmanr(*years.T.values).statistic)
    moved = years.diff().dropna()  # the year means' changes on the year before
    changes = got["changes_pearson"]
    assert changes.n == 5 and changes.basis == "changes"
    assert changes.r == pytest.approx(scipy_stats.pearsonr(moved["mean_score"], moved["cpi_score"]).statistic)


def test_national_spearman_with_six_years_says_why_its_interval_is_everything(con):
    got = explore.unit_summary(con, "national", Filters(), "mean_score", "cpi_score", 1)
    spearman = got["levels_spearman"]
    assert spearman.n == 6 and (spearman.low, spearman.high) == (-1.0, 1.0) and spearman.p_method == "exact"
    for lang in ("th", "en"):
        table = narrative.correlation_table(got, "national", lang).set_index("measure")
        row = table.loc[i18n.t("explore_levels_spearman", lang)]
        assert row["interval"] == i18n.t("stats_interval_none_years", lang)  # said in words, never [-1.00, 1.00]
        assert row["p_value"] == format_p(spearman.p_value) and row["n_used"] == 6
        notes = narrative.correlation_notes(got, "national", "ITA", "CPI", ["CPI"], lang)
        why = i18n.t("stats_interval_why", lang).format(
            n=6, noun=i18n.t("stats_noun_years", lang), none=i18n.t("stats_interval_none_years", lang)
        )
        assert why in notes
        assert (
            i18n.t("stats_exact_p", lang).format(n=6, noun=i18n.t("stats_noun_years", lang), orderings="720") in notes
        )
    assert "too few years to say" in why and "[−1, 1]" in why


def test_metrics_that_vary_across_units_keep_unit_statistics_resampled_by_unit(con):
    points = explore.unit_pairs(con, "province", Filters(), "mean_score", "pass_rate", 1)
    got = explore.unit_summary(con, "province", Filters(), "mean_score", "pass_rate", 1)
    assert set(got) == {"pooled_pearson", "pooled_spearman", "within_pearson", "within_spearman"}
    pooled = got["pooled_pearson"]
    assert (pooled.n, pooled.clusters, pooled.interval) == (len(points), 77, "cluster_bootstrap")
    assert pooled.r == pytest.approx(scipy_stats.pearsonr(points["x"], points["y"]).statistic)
    assert format_p(pooled.p_value) == "< 0.001" and pooled.p_value > 0  # never written 0 or 0.00
    notes = narrative.correlation_notes(got, "province", "Mean", "Pass rate", [], "en")
    assert notes[0].startswith("The rows are not independent") and "77 provinces" in notes[0]
    table = narrative.correlation_table(got, "province", "en")
    assert set(table["n_counts"]) == {"province-years in 77 provinces"}


def test_changes_are_offered_for_metrics_that_vary_across_units(con):
    moved = explore.unit_pairs(con, "region", Filters(), "mean_score", "pass_rate", 0, change=True)
    got = explore.unit_summary(con, "region", Filters(), "mean_score", "pass_rate", 0, change=True)
    assert len(moved) == 7 * 6 and got["pooled_pearson"].n == 42  # each region's six changes
    assert got["pooled_pearson"].r == pytest.approx(scipy_stats.pearsonr(moved["x"], moved["y"]).statistic)
    levels = explore.unit_summary(con, "region", Filters(), "mean_score", "pass_rate", 0)
    assert levels["pooled_pearson"].r != pytest.approx(got["pooled_pearson"].r)
    # against a national metric the changes are always there, beside the levels, whatever the choice
    assert explore.unit_summary(con, "region", Filters(), "mean_score", "cpi_score", 0, change=True) == (
        explore.unit_summary(con, "region", Filters(), "mean_score", "cpi_score", 0)
    )


def explorer_table(at) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "r" in frame.value.columns or "ค่าสหสัมพันธ์ r" in frame.value)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_page_counts_years_against_the_cpi(monkeypatch, demo_db, con, lang):
    at = open_view(monkeypatch, demo_db, "correlations", {"unit": "province", "xlag": "1", "lang": lang})
    assert_no_exception(at)
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    table = explorer_table(at)
    assert table[t("measure")].tolist() == [
        t(f"explore_{k}") for k in ("levels_pearson", "levels_spearman", "changes_pearson", "changes_spearman")
    ]
    assert table[t("n_used")].tolist() == [6, 6, 5, 5]
    assert table[t("n_counts")].tolist()[:2] == [t("stats_counts_years")] * 2
    assert table[t("interval")].iloc[1] == t("stats_interval_none_years")
    expected = explore.unit_summary(con, "province", Filters(), "mean_score", "cpi_score", 1)
    assert table[t("p_value")].tolist() == [format_p(r.p_value) for r in expected.values()]
    captions = [c.value for c in at.caption]
    assert any("462" in c and t("stats_units_province") in c for c in captions)  # the rows drawn, as illustration
    assert any(c.startswith(t("stats_within_not_offered")[:20]) for c in captions)
    years = next(f.value for f in at.dataframe if t("units_averaged") in f.value.columns)
    assert len(years) == 6 and set(years[t("units_averaged")]) == {77}
    scatter = figure(at, "explore_scatter")
    panel, means = scatter["data"][:2]
    assert panel["name"] == t("chart_panel_illustration").format(row_noun=t("stats_rows_province"))
    assert means["name"] == t("chart_year_means") and len(means["text"]) == 6


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_page_offers_year_on_year_changes(monkeypatch, demo_db, con, lang):
    at = open_view(monkeypatch, demo_db, "correlations", {"unit": "region", "x": "pass_rate", "y": "iit", "lang": lang})
    assert_no_exception(at)
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    assert explorer_table(at)[t("n_used")].iloc[0] == 49
    at.radio(key="values").set_value("changes").run()
    assert_no_exception(at)
    assert at.query_params["values"] == "changes"
    expected = explore.unit_summary(con, "region", Filters(), "pass_rate", "iit", 0, change=True)
    table = explorer_table(at)
    assert table[t("n_used")].iloc[0] == expected["pooled_pearson"].n == 42
    assert table["r" if lang == "en" else t("r")].iloc[0] == pytest.approx(expected["pooled_pearson"].r)
    assert any(c.value.startswith(t("stats_clustered_note")[:15]) for c in at.caption)
    assert figure(at, "explore_scatter")["layout"]["xaxis"]["title"]["text"].startswith("Δ ")
