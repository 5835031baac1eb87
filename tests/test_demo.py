"""The synthetic demo data: calibrated to the published series, realistic, deterministic, labelled."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from ita_analytics import reference
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
    by_year = results.groupby("fiscal_year").agg(n=("score", "size"), mean=("score", "mean"), rate=("passed", "mean"))
    assert by_year.index.tolist() == list(range(2019, 2026))
    for year, row in by_year.iterrows():
        expected = published.loc[year]
        if pd.notna(expected["agencies"]):
            assert row["n"] == expected["agencies"], year
        assert abs(row["mean"] - expected["mean_score"]) <= 0.3, year
        if pd.notna(expected["pass_rate"]):
            assert abs(row["rate"] - expected["pass_rate"]) <= 0.01, year


def test_real_type_mix_and_provinces(demo):
    agencies, results = demo
    first = results[results["fiscal_year"] == 2019]
    counts = first["type_code"].value_counts()
    local = sum(
        counts[t]
        for t in ("pao", "city_municipality", "town_municipality", "subdistrict_municipality", "sao", "special_local")
    )
    assert local == 7850
    assert counts["province"] == 76 and counts["pao"] == 76 and counts["special_local"] == 2
    central = agencies[agencies["province_code"].isna()]["type_code"].unique()
    groups = reference.agency_types().set_index("type_code")["type_group"]
    assert set(groups[central]) == {"central"}
    assert agencies["province_code"].dropna().isin(reference.provinces()["province_code"]).all()
    assert agencies.loc[agencies["type_code"] == "sao", "province_code"].nunique() == 76  # none in Bangkok


def test_published_type_extremes_of_2019(demo):
    _, results = demo
    means = results[results["fiscal_year"] == 2019].groupby("type_code")["score"].mean()
    assert means.idxmax() == "justice_independent"  # courts 91.93 published
    assert means.idxmin() == "special_local"  # 61.58 published
    assert abs(means["justice_independent"] - 91.93) < 3


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
    weighted = 0.3 * results["iit"] + 0.3 * results["eit"] + 0.4 * results["oit"]
    assert (weighted - results["score"]).abs().max() <= 0.02
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
    assert abs(results[results["fiscal_year"] == 2025]["score"].mean() - 93.82) <= 0.3


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
        assert con.execute("select bool_and(synthetic), count(*) from ita_results").fetchone() == (True, 58173)
        kinds = con.execute("select kind, synthetic from imports order by import_id").fetchall()
    assert kinds == [("init", False), ("init", True)]
