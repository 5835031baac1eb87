"""The app's state in the URL through AppTest (helpers in tests/app_support.py): every page widget is written to the
address and read back by a new session opening it, each page shows only the sidebar filters that change it and filters
outlive a page that does not show them; hostile or unknown URL parameters fall back to defaults, and text from the URL
never becomes a link or markup.
"""

from __future__ import annotations

import re

import pytest
from app_support import (
    DEMO_AGENCY,
    LATEST,
    PAGES,
    PREVIOUS,
    TINY_AGENCY,
    assert_no_exception,
    chart_keys,
    expected_title,
    rerun,
    run_app,
    url,
)
from conftest import open_view

from ita_analytics import i18n

pytestmark = pytest.mark.usefixtures("fresh_caches")

# --- URL: every page widget is written to the address and read back from it ---------------------

EIU = "Economist Intelligence Unit Country Ratings"
URL_WIDGETS = [  # page, widget kind, key, value, value in the URL
    ("overview", "selectbox", "year", PREVIOUS, "2024"),
    ("overview", "multiselect", "type", ["sao", "pao"], ["sao", "pao"]),
    ("overview", "multiselect", "group", ["local"], ["local"]),
    ("overview", "multiselect", "region", ["north"], ["north"]),
    ("overview", "multiselect", "province", ["50"], ["50"]),
    ("types", "multiselect", "focus", ["sao"], ["sao"]),
    ("types", "radio", "metric", "pass_rate", "pass_rate"),
    ("types", "text_input", "q", "A00", "A00"),
    ("regions", "radio", "map_metric", "pass_rate", "pass_rate"),
    ("regions", "selectbox", "drill", "90", "90"),  # Songkhla
    ("ita_cpi", "radio", "lag", 2, "2"),
    ("ita_cpi", "radio", "view", "indexed", "indexed"),
    ("ita_cpi", "selectbox", "whatif_source", EIU, EIU),
    ("ita_cpi", "slider", "whatif_k", 12, "12"),
    ("agency", "text_input", "find", "อบต", "อบต"),
    ("data", "radio", "download", "all", "all"),
]


def _widget_id(param: object) -> str:
    values = getattr(param, "values", param)
    return f"{values[0]}-{values[2]}"


@pytest.mark.parametrize(("page", "kind", "key", "value", "in_url"), URL_WIDGETS, ids=map(_widget_id, URL_WIDGETS))
def test_widget_is_kept_in_the_url(monkeypatch, tiny_db, page, kind, key, value, in_url):
    at = run_app(monkeypatch, tiny_db, page, {"agency": TINY_AGENCY} if page == "agency" and key != "find" else {})
    assert key not in at.query_params, "a default must leave no parameter"
    getattr(at, kind)(key=key).set_value(value)
    rerun(at)
    assert url(at, key) == (in_url if isinstance(in_url, list) else [in_url])
    shown = [t.value for t in at.title]
    again = run_app(monkeypatch, tiny_db, page, dict(at.query_params))  # a new session opening that address
    assert getattr(again, kind)(key=key).value == value
    assert [t.value for t in again.title] == shown


#: The shared sidebar filters each page shows: only those that change it.
AGENCY_FILTERS = ["group", "type", "region", "province"]
SIDEBAR_FILTERS = {  # the dataset on every page that reads ITA results by year or agency
    **{
        view: ["dataset", "year", *AGENCY_FILTERS]
        for view in ("overview", "agency_types", "regions", "ita_cpi", "correlations", "data_sources")
    },
    "inflation": ["dataset", *AGENCY_FILTERS],  # every year at once
    "oversight": ["dataset", "year"],
    "briefing": ["dataset", "year"],  # each scoped on the page itself
    "agency_profile": [],
    "indicators": [],
    "sql_console": [],
}


@pytest.mark.parametrize("view", SIDEBAR_FILTERS)
def test_each_page_shows_only_the_sidebar_filters_that_change_it(monkeypatch, demo_db, view):
    at = open_view(monkeypatch, demo_db, view, {"agency": DEMO_AGENCY} if view == "agency_profile" else None)
    assert_no_exception(at)
    shown = [w.key for kind in ("selectbox", "multiselect") for w in at.sidebar.get(kind)]
    assert sorted(shown) == sorted(SIDEBAR_FILTERS[view])


def test_filters_outlive_a_page_that_does_not_show_them(monkeypatch, tiny_db):
    chosen = {"year": "2024", "type": ["sao"], "region": ["north"], "province": ["50"]}
    at = run_app(monkeypatch, tiny_db, "overview", chosen)
    at.switch_page(PAGES["agency"]).run()
    assert_no_exception(at)
    assert not at.sidebar.get("multiselect") and not at.sidebar.get("selectbox")
    assert {key: url(at, key) for key in chosen} == {k: v if isinstance(v, list) else [v] for k, v in chosen.items()}
    at.radio(key="lang").set_value("en")  # a language switch re-reads every filter from the address
    rerun(at)
    at.switch_page(PAGES["overview"]).run()
    assert_no_exception(at)
    assert at.selectbox(key="year").value == PREVIOUS
    assert [at.multiselect(key=k).value for k in ("type", "region", "province")] == [["sao"], ["north"], ["50"]]
    assert [t.value for t in at.title] == [expected_title("overview", "en", PREVIOUS)]


# --- robustness ---------------------------------------------------------------------------------

HOSTILE = {
    "lang": "xx",
    "year": ["abc", "²⁰²⁴", "٢٠٢٤", "2024 ", "9" * 5000],
    "type": ["<script>alert(1)</script>", "sao'--"],
    "group": "nope",
    "region": "mars",
    "province": ["99", "../../etc"],
    "agency": "../../etc/passwd",
    "focus": "<b>x</b>",
    "metric": "drop table",
    "map_metric": "agencies; --",
    "drill": "zz",
    "lag": "9",
    "view": "javascript:1",
    "whatif_source": "<img src=x>",
    "download": "everything",
    "q": "<script>",
    "find": "'; drop table x; --",
}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_fall_back(monkeypatch, tiny_db, page):
    at = run_app(monkeypatch, tiny_db, page, HOSTILE)
    assert at.radio(key="lang").value == "th"
    assert at.session_state["year"] == LATEST  # kept, though not shown, on the agency page
    assert [t.value for t in at.title] == [expected_title(page, "th")]
    for key in ("type", "group", "region", "province"):
        assert at.session_state[key] == []
    if page != "agency":
        assert at.selectbox(key="year").value == LATEST and at.multiselect(key="type").value == []
    for key in ("lang", "year", "type", "group", "region", "province"):  # dropped from the address too
        assert key not in at.query_params, key
    assert not at.error
    for element in [*at.main.get("markdown"), *at.info, *at.caption, *at.subheader]:
        assert not re.search(r"(?<!\\)<(script|img|b>)", element.value), element.value
    if page == "types":
        assert at.radio(key="metric").value == "mean_score" and at.multiselect(key="focus").value == []
    if page == "regions":
        assert at.radio(key="map_metric").value == "mean_score" and at.selectbox(key="drill").value != "zz"
    if page == "ita_cpi":
        assert (at.radio(key="lag").value, at.radio(key="view").value) == (0, "panels")
        assert at.selectbox(key="whatif_source").value != HOSTILE["whatif_source"]
    if page == "data":
        assert at.radio(key="download").value == "year"
    if page == "agency":  # the text search and the link are both just text to look up
        assert at.text_input(key="find").value == HOSTILE["find"]


def test_unknown_agency_link_falls_back_to_the_search(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"agency": "A999"})
    # the page says the sidebar's filters do not act on it, then how to search
    assert [c.value for c in at.caption] == [i18n.t("agency_years_note", "th"), i18n.t("agency_hint", "th")]
    assert not at.metric and not chart_keys(at) and not at.error


MARKUP = re.compile(r"(?<!\\)\]\(|(?<!\\)<img")  # "](" or "<img" not escaped: Markdown would draw them


@pytest.mark.parametrize("key", ["agency", "find", "q"])
def test_url_text_cannot_become_a_link(monkeypatch, tiny_db, key):
    page = "types" if key == "q" else "agency"
    at = run_app(monkeypatch, tiny_db, page, {key: "[click me](https://evil.example) <img src=x>"})
    shown = [
        e.value for kind in ("title", "subheader", "caption", "info", "markdown", "warning") for e in at.main.get(kind)
    ]
    assert shown and not [text for text in shown if MARKUP.search(text)], shown
    if key == "find":
        assert at.info  # the search is echoed, escaped
