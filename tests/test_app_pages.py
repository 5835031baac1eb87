"""Every page through AppTest (helpers in tests/app_support.py): each page in each language on the demo data, with its
title in the reader's language and era, one synthetic-data warning, the sidebar's years and every chart titled; on real
data without that warning; on a database without ITA results, a missing one and an outdated one, each explained instead
of an exception; and the language switch keeping the page and the URL.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from app_support import (
    DEMO_AGENCY,
    LANGS,
    LATEST,
    PAGES,
    TINY_AGENCY,
    agency_query,
    chart_keys,
    chart_title,
    expected_title,
    figure,
    rerun,
    run_app,
    synthetic_warnings,
    texts,
)

from ita_analytics import i18n

pytestmark = pytest.mark.usefixtures("fresh_caches")

# --- every page, both languages -----------------------------------------------------------------

EXPECTED_CHARTS = {
    "overview": ["overview_mean", "overview_pass_rate", "overview_ratings", "overview_cpi"],
    "types": ["types_distribution", "types_by_year", "types_indicators"],
    "regions": ["regions_map", "regions_bars"],
    "ita_cpi": ["ita_cpi_aligned", "ita_cpi_asean", "ita_cpi_sources", "ita_cpi_contributions"],
    "agency": ["agency_history"],
    "data": [],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_each_language_with_demo_data(monkeypatch, demo_db, page, lang):
    query = {**agency_query(page, DEMO_AGENCY), **({"lang": "en"} if lang == "en" else {})}
    at = run_app(monkeypatch, demo_db, page, query)
    assert at.radio(key="lang").value == lang
    assert [t.value for t in at.title] == [expected_title(page, lang)]
    assert not at.error
    assert len(synthetic_warnings(at, lang)) == 1, [w.value for w in at.warning]
    if page == "agency":  # one agency in every year: the sidebar offers no filter that would not change it
        assert not at.sidebar.selectbox and not at.sidebar.multiselect
        return
    # the sidebar's year choice is B.E. in Thai, C.E. in English, latest first
    year_box = at.selectbox(key="year")
    assert year_box.value == LATEST
    assert year_box.options[0] == i18n.year_label(LATEST, lang)
    assert year_box.options == [i18n.year_label(y, lang) for y in range(LATEST, 2018, -1)]
    # and the page itself shows the year in the reader's era, never the other one
    shown = texts(at)
    assert any(i18n.year_label(LATEST, lang) in text for text in shown), shown
    if lang == "en":
        assert not [text for text in shown if "2568" in text or "2567" in text]
    else:
        headings = [t.value for t in at.title] + [s.value for s in at.subheader] + [m.label for m in at.metric]
        assert not [text for text in headings if "2025" in text or "2024" in text]
    # no unit said twice ("ผ่านร้อยละ 99.0%")
    assert not [text for text in shown if re.search(r"ร้อยละ\s*[\d.,]+\s*%|%\s*%", text)]
    # every chart is there, titled in the page's language
    assert chart_keys(at) == EXPECTED_CHARTS[page]
    for key in chart_keys(at):
        assert chart_title(figure(at, key)), f"chart {key} has no title"
    assert "lang" not in at.query_params if lang == "th" else at.query_params["lang"] == "en"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_real_data_has_no_synthetic_warning(monkeypatch, tiny_db, page):
    at = run_app(monkeypatch, tiny_db, page, agency_query(page, TINY_AGENCY))
    assert [t.value for t in at.title] == [expected_title(page, "th")]
    assert not synthetic_warnings(at, "th") and not at.error
    assert not [w.value for w in at.warning if "สังเคราะห์" in w.value or "SYNTHETIC" in w.value]
    if page == "types":  # FY2568 of the fixture has no indicator scores: said instead of an empty heatmap
        assert chart_keys(at) == ["types_distribution", "types_by_year"]
        assert [i.value for i in at.info] == [i18n.t("no_indicator_scores", "th")]
    else:
        assert chart_keys(at) == EXPECTED_CHARTS[page]
    if page != "agency":  # the agency page shows no sidebar filter
        assert at.selectbox(key="year").options == ["2568", "2567"]
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title(page, "en")]
    assert not synthetic_warnings(at, "en")
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_ita_results(monkeypatch, facts_db, page):
    """Shipped facts only (CPI, targets, no ITA): no exception, no synthetic warning, a reason where empty."""
    at = run_app(monkeypatch, facts_db, page)
    assert not at.error and not synthetic_warnings(at, "th")
    if page in ("overview", "types", "regions"):
        assert [i.value for i in at.info] == [i18n.t("no_results", "th")]
        assert not chart_keys(at)
    if page == "data":  # the coverage table is there, empty
        assert at.dataframe[0].value.empty
    if page == "ita_cpi":
        assert i18n.t("no_overlap", "th") in [i.value for i in at.info]
        assert "ita_cpi_aligned" not in chart_keys(at) and "ita_cpi_asean" in chart_keys(at)


def test_language_switch_keeps_the_page_and_the_url(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types")
    assert "lang" not in at.query_params
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("types", "en")]
    assert at.query_params["lang"] == "en"
    assert at.radio(key="lang").options == ["ไทย", "English"]
    at.radio(key="lang").set_value("th")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("types", "th")]
    assert "lang" not in at.query_params  # the default leaves no parameter


# --- no database, or an outdated one ----------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_missing_database_is_explained_on_every_page(monkeypatch, tmp_path, page):
    missing = tmp_path / "nowhere" / "ita.duckdb"
    at = run_app(monkeypatch, missing, page, agency_query(page, TINY_AGENCY))
    assert [e.value for e in at.error] == [i18n.t("no_database", "th")]
    assert not at.title and not at.dataframe and not at.warning and not chart_keys(at)
    assert [w.key for w in at.sidebar.get("radio")] == ["lang"] and not at.sidebar.get("multiselect")
    assert not missing.exists(), "showing the page must not create a database"
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [e.value for e in at.error] == [i18n.t("no_database", "en")]


@pytest.mark.parametrize("page", PAGES)
def test_outdated_database_is_explained_on_every_page(monkeypatch, facts_db, page):
    with duckdb.connect(str(facts_db)) as con:
        con.execute("update meta set value = '0' where key = 'schema_version'")
    at = run_app(monkeypatch, facts_db, page)
    assert len(at.error) == 1 and "init --force" in at.error[0].value
    assert not at.title and not chart_keys(at)
