"""The correlation explorer: panels by unit, lagged pairs, and the page against the library."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import open_view
from streamlit.testing.v1 import AppTest

from ita_analytics import aggregate, explore
from ita_analytics.filters import Filters
from ita_analytics.stats import correlation


def summary_table(at: AppTest):
    """Return the correlation summary table the page shows (the one with an 'r' column)."""
    return next(frame.value for frame in at.dataframe if "r" in frame.value.columns)


@pytest.fixture
def con(tiny_db):
    with duckdb.connect(str(tiny_db), read_only=True) as connection:
        yield connection


def test_panels_agree_with_the_aggregations(con):
    national = explore.panel(con, "national")
    assert national["mean_score"].tolist() == aggregate.national_series(con)["mean_score"].tolist()
    assert national["cpi_score"].tolist() == [34, 33]
    assert national["cpi:PERC Asia Risk Guide"].tolist() == [41.29, 44.79]
    regions = explore.panel(con, "region").set_index(["unit", "fiscal_year"])
    assert regions.loc[("south", 2024), "mean_score"] == 90.5 and regions.loc[("north", 2025), "agencies"] == 2
    assert explore.panel(con, "agency", Filters(types=["sao"]))["unit"].unique().tolist() == ["A002", "A003"]
    with pytest.raises(ValueError, match="unit"):
        explore.panel(con, "village")


def test_pairs_take_x_from_lag_years_earlier_in_the_same_unit(con):
    frame = explore.panel(con, "agency")
    same = explore.pairs(frame, "mean_score", "cpi_score", 0)
    assert len(same) == 10
    lagged = explore.pairs(frame, "mean_score", "mean_score", 1).set_index("unit")
    assert lagged.loc["A003", ["fiscal_year", "x", "y"]].tolist() == [2025, 70.0, 85.0]  # 2024's x, 2025's y
    assert len(lagged) == 5
    with pytest.raises(ValueError, match="metric"):
        explore.pairs(frame, "nonsense", "cpi_score")
    with pytest.raises(ValueError, match="lag"):
        explore.pairs(frame, "mean_score", "cpi_score", 5)


def test_summary_is_pooled_and_within_over_units_or_by_year(con):
    points = explore.unit_pairs(con, "agency", Filters(), "mean_score", "pass_rate")
    got = explore.summary(points)
    assert got["pooled_pearson"].r == pytest.approx(correlation(points["x"], points["y"]).r)
    assert got["pooled_pearson"].clusters == points["unit"].nunique() and got["pooled_pearson"].n == len(points)
    assert set(got) == {"pooled_pearson", "pooled_spearman", "within_pearson", "within_spearman"}
    national = explore.unit_summary(con, "agency", Filters(), "mean_score", "cpi_score")
    assert set(national) == {"levels_pearson", "levels_spearman", "changes_pearson", "changes_spearman"}
    assert (national["levels_pearson"].n, national["levels_pearson"].rows) == (2, 10)  # two years, ten agency-years
    assert national["changes_pearson"].n == 1 and national["changes_pearson"].basis == "changes"


def test_changes_compare_consecutive_years_of_the_same_unit(con):
    frame = explore.panel(con, "agency").set_index(["unit", "fiscal_year"])
    moved = explore.changes(frame.reset_index()).set_index(["unit", "fiscal_year"])
    assert moved.loc[("A003", 2025), "mean_score"] == pytest.approx(85.0 - 70.0)
    assert pd.isna(moved.loc[("A003", 2024), "mean_score"])  # a first year has no change
    assert moved.loc[("A003", 2025), "agencies"] == frame.loc[("A003", 2025), "agencies"]  # counts are not metrics
    gap = pd.DataFrame({"unit": ["u"] * 3, "fiscal_year": [2019, 2020, 2022], "m": [1.0, 3.0, 10.0]})
    assert explore.changes(gap)["m"].fillna(-1).tolist() == [-1, 2.0, -1]  # 2022 follows a gap: no change
    years = pd.DataFrame({"fiscal_year": [2019, 2020, 2022], "x": [1.0, 3.0, 4.0], "y": [5.0, 4.0, 4.0], "rows": 3})
    assert explore.year_changes(years)[["fiscal_year", "x", "y"]].values.tolist() == [[2020, 2.0, -1.0]]


def test_catalogue_offers_ita_metrics_cpi_and_its_sources(con):
    offered = explore.catalogue(con)
    assert offered[:3] == ["mean_score", "median_score", "pass_rate"]
    assert "cpi_score" in offered and "cpi:World Justice Project Rule of Law Index" in offered


def test_page_shows_the_library_numbers_and_reacts_to_every_widget(monkeypatch, demo_db):
    at = open_view(monkeypatch, demo_db, "correlations", {"lang": "en"})
    assert not at.exception
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        expected = explore.unit_summary(connection, "national", Filters(), "mean_score", "cpi_score", 0)
    shown = summary_table(at)
    assert shown["r"].iloc[0] == pytest.approx(expected["levels_pearson"].r)
    assert shown["n"].iloc[0] == 7
    assert any("Only 7 years" in w.value for w in at.warning)  # the small-sample caveat, in years
    before = shown["r"].tolist()
    for key, value in (("unit", "region"), ("x", "pass_rate"), ("y", "iit")):
        at.selectbox(key=key).set_value(value).run()
        assert not at.exception
        after = summary_table(at)["r"].tolist()
        assert after != before
        before = after
    at.radio(key="xlag").set_value(1).run()
    assert not at.exception and summary_table(at)["n"].iloc[0] == 42  # 7 regions × 6 years
    assert at.query_params["unit"] == "region" and at.query_params["xlag"] == "1"


def test_indicator_structure_by_hand():
    import pandas as pd

    results = pd.DataFrame(
        {
            "score": [90, 95, 70, 60],
            "iit": [90, 94, 70, 62],
            "eit": [88, 96, 72, 58],
            "oit": [92, 95, 68, 60],
            "i1": [None] * 4,
        }
    )
    matrix, separation = explore.indicator_structure(results)
    assert list(matrix.columns) == ["iit", "eit", "oit"]  # an indicator with no values is left out
    assert matrix.loc["iit", "iit"] == pytest.approx(1.0)
    assert matrix.loc["iit", "eit"] == pytest.approx(results["iit"].corr(results["eit"]))
    first = separation.iloc[0]
    assert (first["n_pass"], first["n_fail"]) == (2, 2)
    iit = separation.set_index("metric").loc["iit"]
    pooled = ((results["iit"][:2].var() + results["iit"][2:].var()) / 2) ** 0.5
    assert iit["cohens_d"] == pytest.approx((92 - 66) / pooled)
    assert separation["cohens_d"].is_monotonic_decreasing


def test_indicator_structure_on_the_page(monkeypatch, demo_db):
    at = open_view(monkeypatch, demo_db, "correlations")
    assert not at.exception
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        _, separation = explore.year_indicator_structure(connection, 2025)
    table = at.dataframe[-1].value
    assert len(table) == 13
    assert table.iloc[0, 3] == pytest.approx(separation["cohens_d"].iloc[0], abs=0.005)
