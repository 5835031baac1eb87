"""Every aggregation against tests/fixtures/tiny_ita.csv, whose answers are computed by hand."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from ita_analytics import aggregate
from ita_analytics.filters import Filters


@pytest.fixture
def con(tiny_db):
    with duckdb.connect(str(tiny_db), read_only=True) as connection:
        yield connection


def test_national_series_by_hand(con):
    got = aggregate.national_series(con)
    expected = pd.DataFrame(
        {
            "fiscal_year": [2024, 2025],
            "agencies": [5, 5],
            "mean_score": [421 / 5, 425.99 / 5],
            "median_score": [86.0, 85.0],
            "passed": [3, 3],
            "pass_rate": [0.6, 0.6],
            "synthetic": [False, False],
        }
    )
    assert_frame_equal(got, expected, check_dtype=False)


def test_filters_by_type_region_province_and_year(con):
    sao = aggregate.national_series(con, Filters(types=["sao"]))
    assert sao["mean_score"].tolist() == [75.0, pytest.approx(84.995)]
    assert sao["pass_rate"].tolist() == [0.0, 0.5]  # 84.99 fails, 85 passes
    south_2025 = aggregate.national_series(con, Filters(years=[2025], regions=["south"]))
    assert south_2025[["agencies", "mean_score"]].values.tolist() == [[2, 80.0]]
    songkhla = aggregate.national_series(con, Filters(provinces=["90"], years=2024))
    assert songkhla["mean_score"].tolist() == [90.5]
    central = aggregate.national_series(con, Filters(groups=["central"]))
    assert central["mean_score"].tolist() == [90.0, 96.0]
    assert aggregate.national_series(con, Filters(regions=["east"])).empty


def test_rating_distribution_includes_empty_bands_of_the_year_s_scheme(con):
    got = aggregate.rating_distribution(con, Filters(years=[2025]))
    # FY2025 rates in five bands that need every tool: the fixture's totals of 85 or more have none, so their
    # band is unknown (96, 85, 100); 84.99 needs improvement and 60 urgent improvement.
    assert got["scheme"].unique().tolist() == ["five_band"]
    assert got["rating"].tolist() == ["excellent", "good", "pass", "improve", "urgent", "passed_unbanded"]
    assert got["agencies"].tolist() == [0, 0, 0, 1, 1, 3]
    assert got["share"].tolist() == [0.0, 0.0, 0.0, 0.2, 0.2, 0.6]


def test_by_agency_type_in_controlled_order(con):
    got = aggregate.by_agency_type(con, Filters(years=[2024]))
    assert got["type_code"].tolist() == ["department", "province", "town_municipality", "sao"]
    assert got["mean_score"].tolist() == [90.0, 95.0, 86.0, 75.0]
    assert got.loc[got["type_code"] == "sao", "name_th"].item() == "อบต."  # the short name charts use


def test_by_region_names_central_administration(con):
    got = aggregate.by_region(con, Filters(years=[2024]))
    expected = pd.DataFrame(
        {
            "fiscal_year": [2024] * 3,
            "region": ["central_admin", "north", "south"],
            "agencies": [1, 2, 2],
            "mean_score": [90.0, 75.0, 90.5],
            "median_score": [90.0, 75.0, 90.5],
            "pass_rate": [1.0, 0.0, 1.0],
        }
    )
    assert_frame_equal(got, expected, check_dtype=False)


def test_by_province_excludes_central_agencies(con):
    got = aggregate.by_province(con, Filters(years=[2025]))
    assert got["province_code"].tolist() == ["50", "51", "90"]
    assert got["name_en"].tolist() == ["Chiang Mai", "Lamphun", "Songkhla"]
    assert got["mean_score"].tolist() == [84.99, 85.0, 80.0]


def test_tool_and_indicator_means_skip_missing(con):
    got = aggregate.tool_indicator_means(con, Filters(years=[2024])).set_index("metric")
    assert got.loc["iit", "mean_score"] == 79.0  # (88 + 70) / 2
    assert got.loc["iit", "agencies"] == 2
    assert got.loc["i3", "mean_score"] == 100.0
    assert "i2" not in got.index  # no agency has it


def test_ranked_agencies_best_and_worst(con):
    best = aggregate.ranked_agencies(con, 2025, n=2)
    assert best["agency_code"].tolist() == ["A005", "A001"]
    assert best["rank"].tolist() == [1, 2]
    worst = aggregate.ranked_agencies(con, 2025, n=2, best=False)
    assert worst["agency_code"].tolist() == ["A004", "A002"]
    assert worst["rank"].tolist() == [5, 4]
    assert aggregate.ranked_agencies(con, 2025, Filters(types=["sao"]), n=5)["agencies_ranked"].tolist() == [2, 2]


def test_agency_history_with_percentiles(con):
    got = aggregate.agency_history(con, "A003")
    assert got["fiscal_year"].tolist() == [2024, 2025]
    assert got["score"].tolist() == [70.0, 85.0]
    assert got["percentile_in_type"].tolist() == [50.0, 100.0]  # against A002 (80, then 84.99)
    assert got["percentile_in_province"].tolist() == [100.0, 100.0]  # alone in Lamphun
    central = aggregate.agency_history(con, "A001")
    assert central["percentile_in_province"].isna().all()
    assert central["ministry"].tolist() == ["กระทรวงการคลัง"] * 2
    assert aggregate.agency_history(con, "NOPE").empty


def test_cpi_series_and_sources_from_shipped_facts(con):
    tha = aggregate.cpi_series(con, ("THA",), 2024, 2025)
    assert tha[["year", "score", "rank", "countries"]].values.tolist() == [[2024, 34, 107, 180], [2025, 33, 116, 182]]
    assert tha["lower_ci"].tolist() == [32.935, 31.364]
    sources = aggregate.cpi_sources(con, "tha")
    assert sources[sources["year"] == 2025]["sources_that_year"].unique().tolist() == [9]
    assert sources.query("year == 2012 and source == 'PERC Asia Risk Guide'")["score"].item() == 35


def test_asean_comparison_ranks_and_changes(con):
    got = aggregate.asean_comparison(con, 2025).set_index("iso3")
    assert got.index[0] == "SGP"
    assert got.loc["THA", "change"] == -1
    assert got.loc["IDN", "change"] == -3
    assert pd.isna(got.loc["BRN", "previous_score"])  # Brunei was not scored in 2024
    assert len(got) == 11


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"types": ["sao", "village"]}, "types: 'village' is not allowed"),
        ({"regions": ["middle"]}, "regions: 'middle' is not allowed"),
        ({"provinces": ["99"]}, "provinces: '99' is not allowed"),
        ({"groups": ["federal"]}, "groups: 'federal' is not allowed"),
        ({"years": [2568.5]}, "years: 2568.5 is not a C.E. fiscal year"),
    ],
)
def test_filters_reject_values_outside_allow_lists(kwargs, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        Filters(**kwargs)


def test_ranked_agencies_rejects_bad_n(con):
    with pytest.raises(ValueError, match="n: 0"):
        aggregate.ranked_agencies(con, 2025, n=0)
