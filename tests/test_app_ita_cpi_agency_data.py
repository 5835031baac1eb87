"""The ITA–CPI, agency profile and data pages through AppTest (helpers in tests/app_support.py): the lag changes the
aligned year pairs, the view the chart and the what-if its result; the agency search finds by Thai name and lists its
matches to pick from (more in test_agency_search.py), and a link opens an agency and survives a rerun; the data page's
download counts follow its scope and the sidebar, and its coverage table equals the library's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from app_support import (
    DEMO_AGENCY,
    LANGS,
    LATEST,
    PREVIOUS,
    TINY_AGENCY,
    chart_keys,
    chart_title,
    decoded,
    figure,
    library,
    metrics,
    rerun,
    run_app,
    url,
)
from conftest import unescaped
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from ita_analytics import aggregate, analysis, db, i18n
from ita_analytics.charts import cpi as cpi_charts
from ita_analytics.filters import Filters

pytestmark = pytest.mark.usefixtures("fresh_caches")

ITA_COLUMNS = (
    "dataset",
    "fiscal_year",
    "results",
    "synthetic_results",
    "with_tools",
    "with_indicators",
    "published_agencies",
    "coverage",
    "census",
    "published_mean",
    "published_pass_rate",
)
PERCENT_COLUMNS = ("with_tools", "with_indicators", "coverage", "published_pass_rate")

# --- ITA and CPI ------------------------------------------------------------------------------


def aligned_pairs(at: AppTest) -> list[list[str]]:
    return figure(at, "ita_cpi_aligned")["data"][0]["customdata"]


def library_aligned(db_path: Path, lag: int) -> pd.DataFrame:
    with db.connect(db_path) as con:
        return analysis.align_ita_cpi(aggregate.national_series(con), aggregate.cpi_series(con), lag)


@pytest.mark.parametrize("lag", [1, 2])
def test_ita_cpi_lag_changes_the_aligned_pairs(monkeypatch, demo_db, lag):
    at = run_app(monkeypatch, demo_db, "ita_cpi")
    assert aligned_pairs(at)[0] == ["2562", "2562"]
    at.radio(key="lag").set_value(lag)
    rerun(at)
    aligned = library_aligned(demo_db, lag)
    expected = [
        [i18n.year_label(f, "th"), i18n.year_label(c, "th")]
        for f, c in zip(aligned["fiscal_year"], aligned["cpi_year"])
    ]
    assert aligned_pairs(at) == expected
    assert expected[0] == ["2562", str(2562 + lag)] and len(expected) == 7 - lag
    assert i18n.t("few_points", "th").format(n=len(aligned)) in [c.value for c in at.caption]
    assert at.query_params["lag"] == str(lag)


def test_ita_cpi_view_changes_the_chart(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "ita_cpi", {"lang": "en"})
    panels = figure(at, "ita_cpi_aligned")
    assert "yaxis3" in panels["layout"]  # three stacked panels
    at.radio(key="view").set_value("indexed")
    rerun(at)
    indexed = figure(at, "ita_cpi_aligned")
    assert chart_title(indexed) != chart_title(panels)
    aligned = library_aligned(demo_db, 0)
    # the demo's pass rate grows eightfold while the CPI barely moves: a panel each, or the CPI is a flat line
    assert cpi_charts.indexed_panels(aligned)
    assert "yaxis3" in indexed["layout"] and not indexed["layout"]["showlegend"]
    assert decoded(indexed["data"][0]["y"]) == pytest.approx(aligned["ita_mean_index"].tolist())
    assert decoded(indexed["data"][0]["y"])[0] == pytest.approx(100)
    assert at.query_params["view"] == "indexed"


def test_ita_cpi_what_if(monkeypatch, demo_db):
    cpi = library(demo_db, "cpi_series")
    latest = cpi[cpi["year"] == cpi["year"].max()].iloc[0]
    score, sources = float(latest["score"]), int(latest["sources"])
    label = i18n.t("whatif_result", "en").format(year=int(latest["year"]))
    at = run_app(monkeypatch, demo_db, "ita_cpi", {"lang": "en"})
    assert metrics(at)[label] == (f"{score + 5 / sources:.2f}", f"{5 / sources:+.2f}")
    for k in (12, -20):
        at.slider(key="whatif_k").set_value(k)
        rerun(at)
        assert metrics(at)[label] == (f"{score + k / sources:.2f}", f"{k / sources:+.2f}")
        assert any(f"{k}/{sources} = {k / sources:+.2f}" in c.value for c in at.caption)
    source = at.selectbox(key="whatif_source").options[-1]
    at.selectbox(key="whatif_source").set_value(source)
    rerun(at)
    assert any(f"if {source} rises by -20 points" in c.value for c in at.caption)


# --- agency profile ---------------------------------------------------------------------------


def test_agency_search_finds_by_thai_name_and_shows_history(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency")
    # the page says the sidebar's filters do not act on it, then how to search
    assert [c.value for c in at.caption] == [i18n.t("agency_years_note", "th"), i18n.t("agency_hint", "th")]
    at.text_input(key="find").input("อบต.สอง")
    rerun(at)
    # a pick-list of the matches, the exact name first; nothing opens until the reader picks one
    picker = at.radio(key="agency")
    assert picker.value is None and not metrics(at)
    assert unescaped(picker.options[0]) == "อบต.สอง (A003) · อบต. · ลำพูน"
    picker.set_value(TINY_AGENCY)
    rerun(at)
    assert unescaped(at.subheader[0].value) == "อบต.สอง"
    shown = metrics(at)
    assert shown["คะแนนรวม 2568"] == ("85.00", "+15.00")
    # FY2568 rates in five bands that need every tool; 85 without them: passed, its band unknown (no guess)
    assert pd.isna(library(tiny_db, "agency_history", TINY_AGENCY)["rating"].iloc[-1])
    assert shown["ระดับ"][0] == "ผ่าน (ไม่ทราบระดับ)"
    history = figure(at, "agency_history")
    assert decoded(history["data"][0]["y"]) == pytest.approx([70, 85])
    assert history["data"][0]["customdata"] == ["2567", "2568"]
    assert at.query_params["find"] == "อบต.สอง"


def test_agency_pick_among_matches(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"find": "อบต", "lang": "en"})
    picker = at.radio(key="agency")
    codes = library(tiny_db, "search_agencies", "อบต", 20)["agency_code"].tolist()
    assert {"A002", "A003"} <= set(codes)
    assert len(picker.options) == len(codes) and picker.value is None
    for other in ("A002", "A003"):
        at.radio(key="agency").set_value(other)
        rerun(at)
        history = library(tiny_db, "agency_history", other)
        assert metrics(at)["Score 2025"][0] == f"{history['score'].iloc[-1]:.2f}"
        assert unescaped(at.subheader[0].value) == history["name_th"].iloc[-1]  # no English name: Thai shown


def test_agency_search_without_match(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"find": "zzzzzzzz"})
    assert [i.value for i in at.info] == [i18n.t("no_match", "th").format(query="zzzzzzzz")]
    assert not chart_keys(at) and not at.metric


def test_agency_link_opens_the_agency(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "agency", {"agency": DEMO_AGENCY, "lang": "en"})
    history = library(demo_db, "agency_history", DEMO_AGENCY)
    latest = history.iloc[-1]
    shown = metrics(at)
    assert shown[f"Score {LATEST}"][0] == f"{latest['score']:.2f}"
    assert shown["Percentile within its type"][0] == f"{latest['percentile_in_type']:.0f}"
    assert len(decoded(figure(at, "agency_history")["data"][0]["y"])) == len(history)
    peers = library(demo_db, "agency_peers", DEMO_AGENCY, LATEST, 10)
    assert len(at.dataframe[-1].value) == len(peers) > 0


def test_agency_link_survives_a_rerun(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "agency", {"agency": DEMO_AGENCY})
    assert url(at, "agency") == [DEMO_AGENCY]  # the address bar still names the agency
    score = metrics(at)[f"{i18n.t('kpi_score', 'th')} 2568"]
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert metrics(at)[f"Score {LATEST}"] == score
    assert url(at, "agency") == [DEMO_AGENCY]
    # a new search replaces the linked agency by its matches to pick from, and opens none of them
    at.text_input(key="find").input("อบต")
    rerun(at)
    assert at.radio(key="agency").value is None and not metrics(at)
    assert url(at, "agency") == []


# --- data and coverage ------------------------------------------------------------------------


def test_data_download_scope_changes_the_row_count(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data", {"lang": "en"})
    captions = lambda: [c.value for c in at.caption]  # noqa: E731
    this_year = library(tiny_db, "export_results", Filters(years=[LATEST]))
    everything = library(tiny_db, "export_results", Filters())
    assert (len(this_year), len(everything)) == (5, 10)
    assert i18n.t("download_count", "en").format(n=5) in captions()
    assert at.radio(key="download").options == ["Fiscal year 2025", "All years"]
    at.radio(key="download").set_value("all")
    rerun(at)
    assert i18n.t("download_count", "en").format(n=10) in captions()
    assert i18n.t("download_count", "en").format(n=5) not in captions()
    assert url(at, "download") == ["all"]
    assert {b.key for b in at.download_button} >= {"ita_results_all_csv", "ita_results_all_xlsx"}


def test_data_download_counts_the_demo_year(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "data", {"lang": "en", "year": "2024"})
    rows = len(library(demo_db, "export_results", Filters(years=[PREVIOUS])))
    assert i18n.t("download_count", "en").format(n=rows) in [c.value for c in at.caption]
    assert "Fiscal year 2024" in at.radio(key="download").options


def test_data_download_follows_the_sidebar_filters(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data", {"type": "sao", "download": "all"})
    assert i18n.t("download_count", "th").format(n=4) in [c.value for c in at.caption]  # 2 SAOs × 2 years


def expected_ita_table(db_path: Path, lang: str) -> pd.DataFrame:
    """The library's ita_coverage as the page should show it: translated headings, B.E./C.E. years, percents."""
    with db.connect(db_path) as con:
        frame = db.query(con, "ita_coverage")
    assert tuple(frame.columns) == ITA_COLUMNS
    frame["fiscal_year"] = [i18n.year_label(y, lang) for y in frame["fiscal_year"]]
    frame["census"] = frame["census"].map({True: i18n.t("coverage_census", lang), False: "?"})
    for column in PERCENT_COLUMNS:
        frame[column] = [f"{v:.1%}" if pd.notna(v) else "–" for v in frame[column]]
    for column in frame.select_dtypes("number").columns:  # numbers with gaps are shown as text, gaps "–"
        values = frame[column].astype("float64")
        frame[column] = values.map(lambda v: "–" if pd.isna(v) else f"{v:,.0f}") if values.isna().any() else values
    frame.columns = [i18n.t(c, lang) for c in frame.columns]
    return frame


@pytest.mark.parametrize("lang", LANGS)
def test_data_coverage_table_equals_the_library(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "data", {"lang": lang})
    shown = at.dataframe[0].value.reset_index(drop=True)
    assert shown[i18n.t("fiscal_year", lang)].tolist() == [i18n.year_label(y, lang) for y in range(2019, 2026)]
    assert_frame_equal(shown, expected_ita_table(demo_db, lang), check_dtype=False, check_exact=False)
    captions = [c.value for c in at.caption]
    assert any("CC BY-ND 4.0" in c and "Transparency International" in c for c in captions)


def test_data_page_tiny_counts(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data")
    shown = at.dataframe[0].value
    assert shown[i18n.t("fiscal_year", "th")].tolist() == ["2567", "2568"]
    assert shown[i18n.t("results", "th")].tolist() == [5, 5]
    assert shown[i18n.t("synthetic_results", "th")].tolist() == [0, 0]
