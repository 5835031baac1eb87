"""The overview page through AppTest (helpers in tests/app_support.py): its metrics and narrative (mean score, pass
rate, agencies, CPI score and rank) equal the library's on the demo data and by hand on the tiny fixture, and follow the
sidebar's type, region and fiscal-year filters, whose choices narrow each other.
"""

from __future__ import annotations

import pytest
from app_support import (
    LANGS,
    LATEST,
    PREVIOUS,
    expected_title,
    library_kpis,
    metrics,
    rerun,
    run_app,
    url,
)
from streamlit.testing.v1 import AppTest

from ita_analytics import analysis, i18n
from ita_analytics.filters import Filters

pytestmark = pytest.mark.usefixtures("fresh_caches")

# --- the numbers shown equal the library's ------------------------------------------------------


def assert_overview_shows(at: AppTest, k: analysis.YearKpis, lang: str) -> None:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    shown = metrics(at)
    assert shown[t("kpi_mean")][0] == f"{k.mean_score:.2f}"
    assert shown[t("kpi_pass_rate")][0] == f"{k.pass_rate:.1%}"
    assert shown[t("kpi_agencies")][0] == f"{k.agencies:,}"
    if k.mean_change is not None:
        assert shown[t("kpi_mean")][1] == f"{k.mean_change:+.2f} {t('kpi_points')}"
    assert shown[f"{t('kpi_cpi')} {i18n.year_label(k.cpi_year, lang)}"][0] == f"{k.cpi_score:.0f}"
    assert shown[f"{t('kpi_cpi_rank')} ({t('kpi_of')} {k.cpi_countries})"][0] == f"{k.cpi_rank}"
    narrative = " ".join(i.value for i in at.info)
    assert f"{k.mean_score:.2f}" in narrative and f"{k.agencies:,}" in narrative


@pytest.mark.parametrize("lang", LANGS)
def test_overview_metrics_equal_the_library(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "overview", {"lang": lang})
    assert_overview_shows(at, library_kpis(demo_db, LATEST), lang)


def test_overview_tiny_numbers_by_hand(monkeypatch, tiny_db):
    """FY2568: scores 96, 84.99, 85, 60, 100 → mean 85.198, 3 of 5 at or above 85; FY2567 mean 84.2."""
    at = run_app(monkeypatch, tiny_db)
    assert_overview_shows(at, library_kpis(tiny_db, LATEST), "th")
    shown = metrics(at)
    assert shown["คะแนนเฉลี่ย"] == ("85.20", "+1.00 คะแนน")
    assert shown["อัตราผ่าน (≥85)"][0] == "60.0%"
    assert shown["หน่วยงานที่รับการประเมิน"][0] == "5"
    assert "85.20" in at.info[0].value and "ปีงบประมาณ 2568" in at.info[0].value


def test_sidebar_type_filter_changes_the_overview_to_the_library_s_filtered_numbers(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    everyone = metrics(at)["คะแนนเฉลี่ย"][0]
    at.multiselect(key="type").set_value(["sao"])
    rerun(at)
    k = library_kpis(demo_db, LATEST, Filters(types=["sao"]))
    assert_overview_shows(at, k, "th")
    assert metrics(at)["คะแนนเฉลี่ย"][0] != everyone
    assert at.caption[0].value == i18n.t("scope_filtered", "th")
    assert i18n.t("scope_filtered_agencies", "th") in at.info[0].value
    assert url(at, "type") == ["sao"]


def test_sidebar_filters_on_tiny_data(monkeypatch, tiny_db):
    """SAOs A002 and A003 in FY2568: 84.99 and 85 → mean 84.995, one of two passes."""
    at = run_app(monkeypatch, tiny_db, query={"type": "sao"})
    assert at.multiselect(key="type").value == ["sao"]
    k = library_kpis(tiny_db, LATEST, Filters(types=["sao"]))
    assert (k.agencies, k.pass_rate) == (2, 0.5)
    assert_overview_shows(at, k, "th")
    # a region with none of the five agencies: no results, said so
    at.multiselect(key="type").set_value([])
    at.multiselect(key="region").set_value(["east"])
    rerun(at)
    assert [i.value for i in at.info] == [i18n.t("no_results", "th")] and not at.metric


def test_fiscal_year_changes_the_overview(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    at.selectbox(key="year").set_value(PREVIOUS)
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("overview", "th", PREVIOUS)]
    assert_overview_shows(at, library_kpis(demo_db, PREVIOUS), "th")
    assert at.query_params["year"] == str(PREVIOUS)


def test_sidebar_choices_narrow_each_other(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, query={"type": "department", "province": "50"})
    assert at.multiselect(key="type").value == ["department"]
    at.multiselect(key="group").set_value(["local"])
    at.multiselect(key="region").set_value(["south"])
    rerun(at)
    types = at.multiselect(key="type")
    assert "อบต." in types.options and "ส่วนราชการระดับกรม" not in types.options  # the types' short names
    assert types.value == []  # a type outside the chosen group is dropped, and so is it from the URL
    provinces = at.multiselect(key="province")
    assert "สงขลา" in provinces.options and "เชียงใหม่" not in provinces.options
    assert provinces.value == []
    assert "type" not in at.query_params and "province" not in at.query_params
    assert url(at, "group") == ["local"]
