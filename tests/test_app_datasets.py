"""Every page on a real, partial dataset beside the demo: the dataset picker, the coverage said with numbers, NACC's
published national figures for a partial year, rankings within the dataset (AppTest, Thai and English)."""

from __future__ import annotations

import pytest
from app_support import assert_no_exception, ranking, synthetic_warnings
from conftest import open_view, unescaped

from ita_analytics import i18n

pytestmark = pytest.mark.usefixtures("fresh_caches")
VIEWS = [
    "overview",
    "agency_types",
    "regions",
    "ita_cpi",
    "correlations",
    "inflation",
    "oversight",
    "briefing",
    "data_sources",
    "agency_profile",
    "indicators",
    "sql_console",
]


def query(lang: str, **more: str) -> dict:
    return {**({"lang": "en"} if lang == "en" else {}), **more}


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_page_on_a_partial_dataset(monkeypatch, partial_db, view, lang):
    at = open_view(monkeypatch, partial_db, view, query(lang))
    assert_no_exception(at)
    if view in ("indicators", "sql_console", "agency_profile"):
        return
    assert at.session_state["dataset"] == "chiang_mai"  # the newest real dataset is the default
    assert not synthetic_warnings(at, lang)  # real data: no synthetic warning
    words = i18n.t("coverage_partial", lang).split("{")[0]
    assert any(w.value.startswith(words) and "5" in w.value and "8,300" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_overview_of_a_partial_year_shows_nacc_s_figures_and_the_dataset_s_apart(monkeypatch, partial_db, lang):
    at = open_view(monkeypatch, partial_db, "overview", query(lang))
    labels = {m.label: m.value for m in at.metric}
    published = i18n.t("published_short", lang)
    assert labels[f"{i18n.t('kpi_mean', lang)} ({published})"] == "81.25"  # NACC's FY2021 national mean
    assert labels[f"{i18n.t('kpi_agencies', lang)} ({published})"] == "8,300"
    assert labels[i18n.t("kpi_agencies", lang)] == "5"  # this dataset's agencies, labelled as only these
    headings = [m.value for m in at.markdown]
    assert any(i18n.t("overview_dataset_heading", lang).format(n="5") in h for h in headings)
    assert i18n.t("scope_dataset_agencies", lang) in at.info[0].value


def test_rankings_say_they_are_within_the_dataset(monkeypatch, partial_db):
    at = open_view(monkeypatch, partial_db, "agency_types", {"lang": "en"})
    shown = ranking(at, "en")
    assert len(shown) == 5 and shown["Rank"].tolist() == [1, 2, 3, 4, 5]
    assert any(
        "within the dataset chiang\\_mai" in c.value or "within the dataset chiang_mai" in c.value for c in at.caption
    )


def test_the_dataset_is_chosen_by_the_link_and_unknown_names_are_ignored(monkeypatch, partial_db):
    at = open_view(monkeypatch, partial_db, "overview", {"dataset": "demo", "lang": "en"})
    assert at.session_state["dataset"] == "demo" and at.query_params["dataset"] == "demo"
    assert synthetic_warnings(at, "en")  # the demo says it is synthetic
    assert not [w for w in at.warning if "agencies (" in w.value and "in the dataset" in w.value]  # a census
    at = open_view(monkeypatch, partial_db, "overview", {"dataset": "'; drop table x", "lang": "en"})
    assert_no_exception(at)
    assert at.session_state["dataset"] == "chiang_mai"  # ignored: the default


def test_an_agency_with_one_year_gets_a_profile(monkeypatch, partial_db):
    at = open_view(monkeypatch, partial_db, "agency_profile", {"find": "ป่าแดด", "lang": "en"})
    assert_no_exception(at)
    picker = at.radio(key="agency")
    assert len(picker.options) == 1  # a search lists its matches; the reader opens one
    picker.set_value(picker.options[0]).run()
    assert_no_exception(at)
    assert "อบต.ป่าแดด" in unescaped(at.subheader[0].value)
    tables = [f.value for f in at.dataframe if "Dataset" in f.value.columns]
    assert tables and tables[0]["Dataset"].tolist() == ["chiang_mai"]
