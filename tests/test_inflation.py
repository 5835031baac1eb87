"""Score-inflation diagnostics: hand-computed on the tiny fixture, and the page against the library."""

from __future__ import annotations

import duckdb
import pytest
from conftest import open_view

from ita_analytics import aggregate, analysis, i18n, narrative
from ita_analytics.charts import inflation as inflation_charts


@pytest.fixture
def con(tiny_db):
    with duckdb.connect(str(tiny_db), read_only=True) as connection:
        yield connection


def test_inflation_signs_by_hand(con):
    got = aggregate.inflation_by_year(con).set_index("fiscal_year")
    assert got.loc[2024, "share_95"] == 0.2 and got.loc[2025, "share_95"] == 0.4  # 95 / 96 and 100
    assert got.loc[2025, "share_100"] == 0.2
    assert got.loc[2025, "share_rising_20"] == 0.0  # the biggest rise is A003's 15 points
    assert pd_isna(got.loc[2024, "share_rising_20"])  # no year before
    assert got.loc[2024, "median_score"] == 86


def pd_isna(value: object) -> bool:
    return value != value or value is None


def test_histogram_bands_sum_to_one(con):
    hist = aggregate.score_histogram(con)
    assert hist.groupby("fiscal_year")["share"].sum().round(9).tolist() == [1.0, 1.0]
    y2025 = hist[hist["fiscal_year"] == 2025].set_index("band")["agencies"].to_dict()
    assert y2025 == {60: 1, 80: 1, 85: 1, 95: 2}  # 60; 84.99; 85; 96 and 100 (100 counts in band 95)


def test_sentence_and_charts_in_both_languages(con):
    aligned = analysis.align_ita_cpi(aggregate.national_series(con), aggregate.cpi_series(con), 0)
    assert narrative.pass_rate_against_cpi(aligned, "en") == (
        "From 2024 to 2025 the ITA pass rate went from 60.0% to 60.0%, while Thailand's CPI went from 34 to 33."
    )
    assert "ระหว่างปี 2567 ถึง 2568" in narrative.pass_rate_against_cpi(aligned, "th")
    fig = inflation_charts.score_distribution(aggregate.score_histogram(con), "th")
    assert [trace.name for trace in fig.data] == ["2567", "2568"]
    signs = inflation_charts.inflation_signs(aggregate.inflation_by_year(con), "en")
    assert list(signs.data[0].y) == [0.2, 0.4] and list(signs.data[0].x) == ["2024", "2025"]


def test_page_runs_and_shows_the_library_numbers(monkeypatch, demo_db):
    for lang in ("th", "en"):
        at = open_view(monkeypatch, demo_db, "inflation", {"lang": lang})
        assert not at.exception
        assert at.warning  # the synthetic badge
        with duckdb.connect(str(demo_db), read_only=True) as connection:
            expected = aggregate.inflation_by_year(connection)
        heading = i18n.t("share_95", lang)
        table = next(frame.value for frame in at.dataframe if heading in frame.value.columns)
        assert table.iloc[-1, 2] == f"{expected['share_95'].iloc[-1]:.1%}"
        assert ("2568" if lang == "th" else "2025") in table.iloc[-1, 0]
        assert any(("11.7" in i.value and "94.2" in i.value) for i in at.info)
