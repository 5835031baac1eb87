"""The synthetic demo data: calibrated to the published series, realistic, deterministic, labelled."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from ita_analytics import ratings, reference
from ita_analytics.demo import generate, split_gap


@pytest.fixture(scope="module")
def demo():
    agencies, results = generate()
    return agencies, results.merge(agencies[["agency_code", "type_code", "province_code"]], on="agency_code")


@pytest.fixture(scope="module")
def published():
    return reference.read_fact("ita_published").set_index("fiscal_year")


def test_each_year_matches_published_count_mean_and_pass_rate(demo, published):
    _, results = demo
    by_year = results.groupby("fiscal_year").agg(n=("score", "size"), mean=("score", "mean"), passed=("passed", "sum"))
    assert by_year.index.tolist() == list(range(2019, 2026))
    for year, row in by_year.iterrows():
        expected = published.loc[year]
        assert row["n"] == expected["agencies"], year
        assert round(row["mean"], 2) == expected["mean_score"], year
        assert row["passed"] == expected["passed"], year


def _published_by_type(measure: str) -> pd.Series:
    figures = reference.read_fact("ita_published_figures")
    rows = figures[(figures["scope"] == "type") & (figures["measure"] == measure) & figures["preferred"]]
    return rows.set_index(["fiscal_year", "code"])["value"]


def test_each_type_s_count_is_the_published_one(demo):
    _, results = demo
    counts = results.groupby(["fiscal_year", "type_code"]).size()
    published = _published_by_type("agencies")
    for (year, code), n in published.items():
        joined = 2 if (year, code) == (2019, "other_state") else 0  # the two that joined by request in FY2019
        assert counts[(year, code)] == n + joined, (year, code)
    local = reference.agency_types().query("type_group == 'local'")["type_code"]
    assert counts[2019][counts[2019].index.isin(local)].sum() == 7852  # FY2019 publishes the local bodies together
    for year in (2022, 2023):
        assert counts[year].sum() == published[year].sum()


def test_each_type_s_mean_and_pass_rate_are_within_tolerance_of_the_published(demo):
    _, results = demo
    by_type = results.groupby(["fiscal_year", "type_code"]).agg(
        n=("score", "size"), mean=("score", "mean"), rate=("passed", "mean")
    )
    means, rates = _published_by_type("mean_score"), _published_by_type("pass_rate")
    assert {2021, 2022, 2023} <= set(means.index.get_level_values(0))
    checked = 0
    for (year, code), mean in means.items():
        row = by_type.loc[(year, code)]
        if row["n"] >= 30:
            assert abs(row["mean"] - mean) <= 0.5, (year, code)
            if (year, code) in rates:
                assert abs(row["rate"] - rates[(year, code)]) <= 0.03, (year, code)
            checked += 1
    assert checked >= 3 * 9


def _band_shares(results: pd.DataFrame, year: int) -> pd.Series:
    held = results[results["fiscal_year"] == year]
    return held["rating"].value_counts() / len(held)


def test_band_shares_are_within_two_points_of_the_published(demo):
    _, results = demo
    figures = reference.read_fact("ita_published_figures")
    bands = figures[figures["scope"] == "band"]
    shares = bands[bands["measure"] == "share"].set_index("code")["value"]
    got = _band_shares(results, 2019)
    for band in ("AA", "A", "B", "C", "D", "E"):
        assert abs(got[band] - shares[band]) <= 0.02, band
    assert abs(got["F"] - shares["F"] - shares["incomplete"]) <= 0.02  # the incomplete ones count as F here
    for year in (2023, 2024):
        counts = bands[(bands["fiscal_year"] == year) & (bands["measure"] == "agencies")].set_index("code")["value"]
        got = _band_shares(results, year)
        for band, n in counts.items():
            assert abs(got.get(band, 0) - n / counts.sum()) <= 0.02, (year, band)
    assert not results.loc[results["fiscal_year"] >= 2023, "rating"].isin(list("AABCDEF")).any()
    assert results["rating"].notna().all()  # every demo row has every tool


def test_fy2019_indicator_means_are_the_published_ones(demo):
    _, results = demo
    figures = reference.read_fact("ita_published_figures")
    published = figures[(figures["scope"] == "indicator") & (figures["fiscal_year"] == 2019)].set_index("code")
    means = results[results["fiscal_year"] == 2019][published.index.tolist()].mean()
    assert (means - published["value"]).abs().max() <= 0.1


def test_real_type_mix_and_provinces(demo):
    agencies, results = demo
    first = results[results["fiscal_year"] == 2019]
    counts = first["type_code"].value_counts()
    assert counts["province"] == 76 and counts["pao"] == 76 and counts["special_local"] == 2
    assert set(counts.index) == set(reference.agency_types().query("type_group != 'not_stated'")["type_code"])
    central = agencies[agencies["province_code"].isna()]["type_code"].unique()
    groups = reference.agency_types().set_index("type_code")["type_group"]
    assert set(groups[central]) == {"central"}
    assert agencies["province_code"].dropna().isin(reference.provinces()["province_code"]).all()
    assert agencies.loc[agencies["type_code"] == "sao", "province_code"].nunique() == 76  # none in Bangkok


def test_published_order_of_local_types_in_2019(demo):
    _, results = demo
    means = results[results["fiscal_year"] == 2019].groupby("type_code")["score"].mean()
    # FY2019's lowest means: special local < SAO < subdistrict < town < city municipality
    order = ["special_local", "sao", "subdistrict_municipality", "town_municipality", "city_municipality"]
    assert means[order].is_monotonic_increasing


def test_agencies_persist_with_year_to_year_correlation(demo):
    _, results = demo
    wide = results.pivot(index="agency_code", columns="fiscal_year", values="score")
    for year in range(2020, 2026):
        assert wide[year - 1].corr(wide[year]) > 0.5
    assert wide[2019].corr(wide[2025]) < wide[2024].corr(wide[2025])  # standing fades with distance


def test_ceiling_effect_in_later_years(demo):
    _, results = demo
    share_95 = results.assign(top=results["score"] >= 95).groupby("fiscal_year")["top"].mean()
    assert share_95[2019] < 0.05 < 0.4 < share_95[2025]


def test_tools_and_indicators_are_consistent_with_the_total(demo):
    _, results = demo
    assert (ratings.expected_total(results) - results["score"]).abs().max() <= 0.02  # each year's own weights
    two_parts = results["fiscal_year"] >= 2023
    assert results.loc[two_parts, ["eit1", "eit2"]].notna().all().all()
    assert results.loc[~two_parts, ["eit1", "eit2"]].isna().all().all()
    halves = (results.loc[two_parts, "eit1"] + results.loc[two_parts, "eit2"]) / 2
    assert (halves - results.loc[two_parts, "eit"]).abs().max() <= 0.01
    for tool, indicators in {
        "iit": ["i1", "i2", "i3", "i4", "i5"],
        "eit": ["i6", "i7", "i8"],
        "oit": ["i9", "i10"],
    }.items():
        assert (results[indicators].mean(axis=1) - results[tool]).abs().max() <= 0.02
    scores = results[["score", "iit", "eit", "oit", *[f"i{n}" for n in range(1, 11)]]]
    assert scores.min().min() >= 0 and scores.max().max() <= 100
    means_2025 = results[results["fiscal_year"] == 2025][[f"i{n}" for n in range(1, 11)]].mean()
    assert means_2025.idxmax() == "i3"  # use of authority, 99.45 published


def test_deterministic_and_labelled_synthetic(demo):
    agencies, results = generate()
    again_agencies, again_results = generate()
    pd.testing.assert_frame_equal(results, again_results)
    pd.testing.assert_frame_equal(agencies, again_agencies)
    assert results["synthetic"].all() and agencies["synthetic"].all()
    assert agencies["name_en"].str.startswith("Sample ").all()
    assert agencies["name_th"].str.contains("ตัวอย่าง").all()
    _, other = generate(seed=1)
    assert not np.array_equal(other["score"].to_numpy(), results["score"].to_numpy())


def test_scale_multiplies_agencies_and_keeps_calibration():
    _, results = generate(scale=2)
    counts = results.groupby("fiscal_year").size()
    assert counts[2019] == 2 * 8299 and counts[2025] == 2 * 8317
    assert round(results[results["fiscal_year"] == 2025]["score"].mean(), 2) == 93.82


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="scale must be"):
        generate(scale=0)


def test_split_gap_keeps_weighted_mean_and_caps_at_100():
    gap = np.array([10.0, 90.0])
    shares = np.array([[1.0, 1.0, 1.0], [0.2, 0.2, 3.0]])
    weights = np.array([0.3, 0.3, 0.4])
    parts = split_gap(gap, shares, weights)
    assert np.allclose(parts @ weights, gap)
    assert parts.max() <= 100 + 1e-9
    assert np.allclose(parts[0], [10, 10, 10])


def test_built_database_marks_every_demo_row_synthetic(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        assert con.execute("select bool_and(synthetic), count(*) from ita_results").fetchone() == (
            True,
            58170,
        )  # the published counts of FY2019–FY2025
        kinds = con.execute("select kind, synthetic from imports order by import_id").fetchall()
    assert kinds == [("init", False), ("init", True)]
