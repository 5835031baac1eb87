"""Derived views: ITA–CPI alignment, CPI source contributions, what-if, KPIs, targets, narrative."""

from __future__ import annotations

import duckdb
import pytest

from ita_analytics import aggregate, analysis, db, narrative
from ita_analytics.filters import Filters


@pytest.fixture
def con(tiny_db):
    with duckdb.connect(str(tiny_db), read_only=True) as connection:
        yield connection


def test_alignment_pairs_fiscal_year_with_cpi_year_plus_lag(con):
    ita, cpi = aggregate.national_series(con), aggregate.cpi_series(con)
    same = analysis.align_ita_cpi(ita, cpi, 0)
    assert same[["fiscal_year", "cpi_year", "cpi_score"]].values.tolist() == [[2024, 2024, 34], [2025, 2025, 33]]
    assert same["cpi_score_index"].tolist() == [100.0, pytest.approx(100 * 33 / 34)]
    assert same["ita_mean_index"].iloc[1] == pytest.approx(100 * (425.99 / 5) / (421 / 5))
    lagged = analysis.align_ita_cpi(ita, cpi, 1)
    assert lagged[["fiscal_year", "cpi_year"]].values.tolist() == [[2024, 2025]]  # CPI 2026 not out yet
    with pytest.raises(ValueError, match="lag: 3"):
        analysis.align_ita_cpi(ita, cpi, 3)


def test_source_contributions_explain_the_move(con):
    contrib = analysis.cpi_source_contributions(aggregate.cpi_sources(con))
    y2025 = contrib[contrib["year"] == 2025].set_index("source")
    assert y2025.loc["IMD World Competitiveness Yearbook", "change"] == pytest.approx(26.09 - 35.98)
    assert y2025.loc["IMD World Competitiveness Yearbook", "contribution"] == pytest.approx((26.09 - 35.98) / 9)
    # all nine sources were used both years, so the contributions add up to the unrounded change
    assert y2025["contribution"].sum() == pytest.approx(
        y2025["score"].mean() - contrib[contrib["year"] == 2024]["score"].mean()
    )
    vdem_2016 = contrib.query("year == 2016 and source == 'Varieties of Democracy Project'")
    assert vdem_2016["change"].isna().all()  # first year used: no change


def test_what_if_divides_by_the_number_of_sources():
    assert analysis.what_if(33, 9, 9) == 34
    assert analysis.what_if(33, 9, -4.5) == 32.5
    with pytest.raises(ValueError):
        analysis.what_if(33, 0, 1)


def test_year_kpis_and_sentences(con):
    k = analysis.year_kpis(aggregate.national_series(con), aggregate.cpi_series(con), db.query(con, "targets"), 2025)
    # FY2025's targets in force: every agency passing, and a national mean of at least 89
    assert (k.agencies, k.pass_rate, k.target_pass_rate, k.target_mean) == (5, 0.6, 1.0, 89.0)
    assert k.mean_change == pytest.approx(425.99 / 5 - 421 / 5)
    assert (k.cpi_score, k.cpi_change, k.cpi_rank, k.cpi_rank_change, k.cpi_countries) == (33, -1, 116, 9, 182)
    th = narrative.ita_sentence(k, "หน่วยงาน", "th")
    assert "ปีงบประมาณ 2568" in th and "85.20" in th and "ร้อยละ 60.0" in th and "ต่ำกว่าเป้าหมายร้อยละ 100" in th
    assert "คะแนนเฉลี่ยต่ำกว่าเป้าหมาย 89 คะแนน" in th
    en = narrative.ita_sentence(k, "agencies", "en")
    assert en.startswith("In fiscal year 2025, 5 agencies scored 85.20") and "below that year's target of 100%" in en
    assert en.endswith("the mean is below its target of 89.")
    assert narrative.cpi_rank_change(k, "en") == ("9 places worse (rank 107 the year before)", "worse")
    assert narrative.cpi_rank_change(k, "th") == ("แย่ลง 9 อันดับ (ปีก่อนอันดับที่ 107)", "worse")
    assert narrative.cpi_sentence(k, "en") == (
        "Thailand's 2025 Corruption Perceptions Index is 33 (down 1 point), rank 116 of 182 (rank 107 the year before)."
    )
    assert "อันดับที่ 116 จาก 182 ประเทศ" in narrative.cpi_sentence(k, "th")
    with pytest.raises(ValueError, match="2019"):
        analysis.year_kpis(aggregate.national_series(con), aggregate.cpi_series(con), db.query(con, "targets"), 2019)


def test_first_year_has_no_change(con):
    k = analysis.year_kpis(aggregate.national_series(con), aggregate.cpi_series(con), db.query(con, "targets"), 2024)
    assert k.mean_change is None and k.pass_rate_change is None
    assert "จากปีก่อน" not in narrative.ita_sentence(k, "หน่วยงาน", "th")


def test_cpi_target_distance(con):
    latest = aggregate.cpi_series(con).iloc[-1]
    got = analysis.cpi_target_distance(db.query(con, "targets"), latest).set_index(["metric", "year"])
    assert got.loc[("cpi_score", 2027), "gap"] == 24 and not got.loc[("cpi_score", 2027), "met"]
    assert got.loc[("cpi_rank", 2027), "gap"] == 116 - 43
    assert got.loc[("cpi_rank", 2023), "current"] == 116
    assert got.loc[("cpi_score", 2027), "source"].startswith("Anti-corruption action plan")
    thai = analysis.cpi_target_distance(db.query(con, "targets"), latest, "th").set_index(["metric", "year"])
    assert thai.loc[("cpi_score", 2027), "source"].startswith("แผนปฏิบัติการ")  # every word of a Thai page in Thai


def test_agencies_to_target():
    assert analysis.agencies_to_target(100, 70, 0.8) == 10
    assert analysis.agencies_to_target(101, 80, 0.8) == 1  # 80.8 agencies → 81
    assert analysis.agencies_to_target(100, 95, 0.8) == 0


def test_quartiles_indicators_search_and_peers(con):
    q = aggregate.score_quartiles_by_type(con, Filters(years=[2024], types=["sao"]))
    assert q[["agencies", "min_score", "q1", "median_score", "q3", "max_score"]].values.tolist() == [
        [2, 70, 72.5, 75, 77.5, 80]
    ]
    by_type = aggregate.tool_indicator_by_type(con, Filters(years=[2024])).set_index(["type_code", "metric"])
    assert by_type.loc[("department", "eit"), "mean_score"] == 92
    assert aggregate.search_agencies(con, "A003")["agency_code"].iloc[0] == "A003"
    assert aggregate.search_agencies(con, "อบต.สอง")["agency_code"].iloc[0] == "A003"
    assert aggregate.search_agencies(con, "อบต สอง")["agency_code"].iloc[0] == "A003"  # every word found
    assert aggregate.search_agencies(con, "   ").empty
    assert aggregate.search_agencies(con, "zzzzzz").empty
    peers = aggregate.agency_peers(con, "A004", 2024)
    assert peers["agency_code"].tolist() == []  # the only town municipality in Songkhla
    assert aggregate.agency_peers(con, "A005", 2024).empty


def test_peers_share_type_and_province_nearest_first(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        me = aggregate.agency_history(con, "SAO-00012").iloc[-1]
        peers = aggregate.agency_peers(con, "SAO-00012", 2025, n=5)
        facts = con.execute(
            "select agency_code, type_code, province_code from agencies where list_contains($c, agency_code)",
            {"c": peers["agency_code"].tolist()},
        ).df()
    assert len(peers) == 5 and "SAO-00012" not in peers["agency_code"].tolist()
    assert set(facts["type_code"]) == {"sao"} and set(facts["province_code"]) == {me["province_code"]}
    assert peers["difference"].abs().is_monotonic_increasing
    assert (peers["score"] - me["score"]).round(6).tolist() == peers["difference"].round(6).tolist()
