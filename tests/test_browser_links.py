"""Shared links and live charts in a real browser (Debian's Chromium) against a real `streamlit run`: filters, the
fiscal year and the language are written to the URL and restored by a fresh context opening it, filters outlive a page
that does not show them, clicking a median marker focuses that type, a filter change draws the new figure into the chart
already there, and a chart says what to run when plotly.js is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_app_support import (
    LANG_LABELS,
    LATEST,
    PREVIOUS,
    TIMEOUT_MS,
    address,
    chip,
    open_page,
    pick_in_multiselect,
    sidebar,
    title,
    title_text,
    wait_until_done,
    wait_until_drawn,
)
from browser_support import streamlit_server
from playwright.sync_api import expect

from ita_analytics import i18n, reference

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


# --- shared links ---------------------------------------------------------------------------------


def test_type_filter_is_in_the_url_and_restored(server, new_context):
    page = new_context().new_page()
    open_page(page, address(server, "types"), "types", "th")
    pick_in_multiselect(page, i18n.t("agency_type", "th"), "อบต.")
    expect(page).to_have_url(re.compile(r"/types\?(.*&)?type=sao(&|$)"))
    wait_until_done(page)
    shared = page.url

    fresh = new_context().new_page()  # a new context shares no cookies, storage or session
    open_page(fresh, shared, "types", "th")
    expect(chip(fresh, "อบต.")).to_be_visible()
    count = re.compile(r"^แสดง [\d,]+ จาก [\d,]+ หน่วยงาน")  # the ranking's "showing n of N agencies"
    expect(fresh.get_by_text(count)).to_have_text(page.get_by_text(count).inner_text())


def test_fiscal_year_and_language_are_in_the_url_and_restored(server, new_context):
    page = new_context().new_page()
    open_page(page, address(server, "regions"), "regions", "th")
    sidebar(page).get_by_role("combobox", name=i18n.t("fiscal_year", "th"), exact=True).click()
    page.get_by_role("option", name=i18n.year_label(PREVIOUS, "th"), exact=True).click()
    expect(title(page, "regions", "th", PREVIOUS)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/regions\?(.*&)?year={PREVIOUS}(&|$)"))
    sidebar(page).get_by_text(LANG_LABELS["en"], exact=True).click()
    expect(title(page, "regions", "en", PREVIOUS)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_until_done(page)

    fresh = new_context().new_page()
    open_page(fresh, page.url, "regions", "en", PREVIOUS)
    expect(sidebar(fresh).get_by_role("radio", name="English")).to_be_checked()
    expect(sidebar(fresh).get_by_role("combobox", name="Fiscal year", exact=True)).to_have_value(str(PREVIOUS))

    sidebar(page).get_by_text(LANG_LABELS["th"], exact=True).click()  # back to the default: no parameter
    expect(page).not_to_have_url(re.compile(r"[?&]lang="))
    wait_until_done(page)


def test_filters_outlive_a_page_that_does_not_show_them(server, page):
    """The agency page shows no sidebar filter; the year and type chosen before are there again after it."""
    open_page(page, address(server, "types"), "types", "th")
    pick_in_multiselect(page, i18n.t("agency_type", "th"), "อบต.")
    sidebar(page).get_by_role("combobox", name=i18n.t("fiscal_year", "th"), exact=True).click()
    page.get_by_role("option", name=i18n.year_label(PREVIOUS, "th"), exact=True).click()
    expect(title(page, "types", "th", PREVIOUS)).to_be_visible()
    wait_until_done(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=i18n.t("page_agency", "th"), exact=True).click()
    expect(page.get_by_role("heading", level=1, name=i18n.t("agency_title", "th"), exact=True)).to_be_visible()
    wait_until_done(page)
    expect(sidebar(page).locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]')).to_have_count(0)
    nav.get_by_role("link", name=i18n.t("page_types", "th"), exact=True).click()
    wait_until_drawn(page, "types", "th", PREVIOUS)
    expect(chip(page, "อบต.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/types\?(?=.*[?&]?year={PREVIOUS}(&|$))(?=.*type=sao(&|$))"))


def test_switching_language_twice_keeps_the_fiscal_year(server, page):
    open_page(page, f"{address(server, 'regions')}?year={PREVIOUS}", "regions", "th", PREVIOUS)
    for lang in ("en", "th"):
        sidebar(page).get_by_text(LANG_LABELS[lang], exact=True).click()
        expect(
            page.get_by_role("heading", level=1, name=title_text("regions", lang, PREVIOUS), exact=True).or_(
                page.get_by_role("heading", level=1, name=title_text("regions", lang), exact=True)
            )
        ).to_be_visible()
        wait_until_done(page)
        expect(title(page, "regions", lang, PREVIOUS)).to_be_visible(timeout=5_000)
        expect(page).to_have_url(re.compile(rf"[?&]year={PREVIOUS}(&|$)"), timeout=5_000)


def test_clicking_a_median_marker_focuses_that_type(server, page):
    """The distribution chart's selection (AppTest cannot click) sets the page's "focus" multiselect."""
    open_page(page, address(server, "types", "en"), "types", "en")
    chart = page.locator(".ita-chart").first
    marker = chart.locator(".scatterlayer .trace .point").first
    expect(marker).to_be_visible()
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    focused = re.compile(r"[?&]focus=([a-z_]+)(&|$)")
    expect(page).to_have_url(focused)
    code = focused.search(page.url).group(1)  # the type whose marker was clicked, and only it
    assert code in set(reference.agency_types()["type_code"]), code
    focus = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]')
    expect(focus.get_by_role("button", name=re.compile(r"^Remove "))).to_have_count(1)  # that type, and only it
    wait_until_done(page)


def test_a_filter_change_draws_the_new_figure_into_the_chart_already_there(server, page):
    """live_chart keeps the chart across reruns (st.plotly_chart mounted a new one on every new figure)."""
    open_page(page, address(server, "regions", "en"), "regions", "en")
    bars = page.locator('[data-testid="stMain"] .st-key-regions_bars .ita-chart')
    expect(bars.locator(".gtitle")).to_contain_text(i18n.year_label(LATEST, "en"))
    bars.evaluate("chart => { chart.dataset.before = 'the change'; }")
    sidebar(page).get_by_role("combobox", name=i18n.t("fiscal_year", "en"), exact=True).click()
    page.get_by_role("option", name=i18n.year_label(PREVIOUS, "en"), exact=True).click()
    expect(bars.locator(".gtitle")).to_contain_text(i18n.year_label(PREVIOUS, "en"))
    expect(bars).to_have_attribute("data-before", "the change")
    expect(bars).to_have_attribute("aria-label", re.compile(r"\S"))
    wait_until_done(page)


def test_a_chart_says_what_to_run_when_plotly_js_is_missing(server, new_context):
    """static/plotly.min.js comes from `make run` (tools/install_plotly_js.py); without it the chart says so."""
    context = new_context()
    context.route("**/app/static/plotly.min.js", lambda route: route.fulfill(status=404, body="not found"))
    page = context.new_page()
    page.goto(address(server, "regions", "en"))
    chart = page.locator('[data-testid="stMain"] .ita-chart').first
    expect(chart).to_contain_text("plotly.js did not load from")
    expect(chart).to_contain_text("app/static/plotly.min.js: `make run` copies it to static/")
    wait_until_done(page)
