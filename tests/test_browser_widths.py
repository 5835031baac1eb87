"""Every page at the widths its readers use, in both languages: a 1366-px laptop and a 390-px phone (the 1440-px
desktop is test_browser_pages.py's). On each, no chart's title or legend is cut by the chart's edge, the page does
not scroll sideways, and a full-page screenshot is saved to tests/screenshots/ (name_lang_width.png) to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_app_support import PAGES, TIMEOUT_MS, address, open_page, save_screenshot
from browser_support import streamlit_server
from playwright.sync_api import Page, expect

expect.set_options(timeout=TIMEOUT_MS)

#: A common laptop, and a phone (an iPhone's CSS width) held upright.
WIDTHS = {1366: {"width": 1366, "height": 768}, 390: {"width": 390, "height": 844}}
#: Rounding of sub-pixel layout: an edge this far past another still counts as inside.
SLACK_PX = 1.5

#: The parts of each drawn chart that fall outside it: its title lines and its legend, with how far they stick out.
CUT_PARTS = """slack => {
    const cut = [];
    for (const chart of document.querySelectorAll('[data-testid="stMain"] .ita-chart')) {
        const box = chart.getBoundingClientRect();
        if (!chart.offsetParent || box.width === 0) continue;  // in a closed expander: not drawn
        for (const part of chart.querySelectorAll('.gtitle, .legend')) {
            const r = part.getBoundingClientRect();
            if (r.width === 0) continue;
            const out = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
            if (out > slack) cut.push({part: part.getAttribute('class'), text: part.textContent.slice(0, 80), out});
        }
    }
    return cut;
}"""

#: How far the page (or its main area) is wider than the window: a sideways scroll on a phone.
SIDEWAYS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const page = document.scrollingElement;
    return Math.max(page.scrollWidth - page.clientWidth, main ? main.scrollWidth - main.clientWidth : 0);
}"""


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


@pytest.fixture
def sized_page(new_context, request) -> Page:
    """A fresh page at the test's width (a phone's touch and scale when narrow), reaching only loopback."""
    width = request.node.callspec.params["width"]
    phone = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if width < 600 else {}
    return new_context(WIDTHS[width], **phone).new_page()


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_width(server, sized_page, name, lang, width):
    page = sized_page
    try:
        open_page(page, address(server, name, lang), name, lang)
        page.evaluate("() => document.fonts.ready")  # titles measured in the font they are drawn in
        assert page.evaluate(CUT_PARTS, SLACK_PX) == [], f"chart titles or legends cut at {width} px"
        assert page.evaluate(SIDEWAYS) <= SLACK_PX, f"the page scrolls sideways at {width} px"
    finally:  # also when it failed: the picture shows what went wrong
        save_screenshot(page, f"{name}_{lang}_{width}.png")


def test_a_phone_shows_charts_without_tool_bar_or_unreadable_numbers(server, new_context):
    """plotly shows its tool bar always on a touch screen, over the title: a phone gets the tools under the chart. A
    heatmap's numbers shrunk into a phone's cells cannot be read: colour alone there."""
    phone = new_context(WIDTHS[390], is_mobile=True, has_touch=True).new_page()
    open_page(phone, address(server, "overview", "th"), "overview", "th")
    expect(phone.locator('[data-testid="stMain"] .ita-chart .main-svg').first).to_be_visible()
    expect(phone.locator('[data-testid="stMain"] .ita-chart .modebar')).to_have_count(0)
    desktop = new_context().new_page()
    open_page(desktop, address(server, "overview", "th"), "overview", "th")
    expect(desktop.locator('[data-testid="stMain"] .ita-chart .modebar').first).to_be_attached()
    # the types page's heatmap: its values written in its cells on a desktop, colour alone (a tap) on a phone
    for reader, written in ((phone, False), (desktop, True)):
        open_page(reader, address(server, "types", "th"), "types", "th")
        cells = reader.locator('[data-testid="stMain"] .ita-chart .heatmaplayer').filter(has=reader.locator("g.hm"))
        expect(cells.first).to_be_attached()
        assert (cells.first.locator("text").count() > 0) == written
