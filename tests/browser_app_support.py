"""Helpers for the browser tests of the app's pages (tests/test_browser_*.py), which drive Debian's Chromium against a
real `streamlit run`: each page's address, title and what proves it is drawn, waiting for a script run to finish without
an exception, opening a page until its title and main chart (or table, or file uploader) are drawn, sidebar filters, and
full-page screenshots saved to tests/screenshots/.
"""

from __future__ import annotations

import contextlib

import pytest
from browser_support import SCREENSHOTS
from playwright.sync_api import Locator, Page, expect

from ita_analytics import i18n

TIMEOUT_MS = 45_000  # a 2-core machine: a page's first run (cold caches) and Chromium's start take a while
MAX_SCREENSHOT_HEIGHT = 8000

LANG_LABELS = {"th": "ไทย", "en": "English"}
DEMO_AGENCY = "SAO-00012"  # an agency of the synthetic demo data, so the agency page has a chart
LATEST, PREVIOUS = 2025, 2024
UPLOADER = '[data-testid="stFileUploader"]'

#: page → (address, title label key, whether the title ends with the fiscal year, what proves it is drawn)
PAGES = {
    "overview": ("/", "overview_title", True, "chart"),  # the default page is served at "/" only
    "types": ("/types", "types_title", True, "chart"),
    "regions": ("/regions", "regions_title", True, "chart"),
    "ita_cpi": ("/ita-cpi", "ita_cpi_title", False, "chart"),
    "agency": (f"/agency?agency={DEMO_AGENCY}", "agency_title", False, "chart"),
    "data": ("/data", "coverage_title", False, "table"),
    "correlations": ("/correlations", "explore_title", False, "chart"),
    "inflation": ("/inflation", "inflation_title", False, "chart"),
    "sql": ("/sql", "console_title", False, "form"),  # a query runs only when Run is pressed
    "indicators": ("/indicators", "indicators_title", False, "uploader"),  # nothing stored yet on the demo DB
    "briefing": ("/briefing", "briefing_page_title", False, "chart"),
    "oversight": ("/oversight?unit=province&unit_code=50", "oversight_title", True, "table"),
}
#: Pages that show no agency-level data, so no synthetic-data badge either.
WITHOUT_AGENCY_DATA = {"indicators"}


def address(server: str, name: str, lang: str = "th") -> str:
    path = PAGES[name][0]
    if lang == "en":
        path += ("&" if "?" in path else "?") + "lang=en"
    return server + path


def title_text(name: str, lang: str, year: int = LATEST) -> str:
    _, key, with_year, _ = PAGES[name]
    return f"{i18n.t(key, lang)} {i18n.year_label(year, lang)}" if with_year else i18n.t(key, lang)


def title(page: Page, name: str, lang: str, year: int = LATEST) -> Locator:
    return page.get_by_role("heading", level=1, name=title_text(name, lang, year), exact=True)


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def wait_until_done(page: Page) -> None:
    """Wait for the script run to finish; fail on an exception or a dialog such as "Page not found"."""
    exception = page.locator('[data-testid="stException"]')
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    if exception.count():
        pytest.fail(f"the page shows an exception:\n{exception.first.inner_text()}", pytrace=False)
    expect(page.get_by_role("dialog")).to_have_count(0)


def open_page(page: Page, url: str, name: str, lang: str, year: int = LATEST) -> None:
    """Open url and wait until the page's title and its main chart (or table, or file uploader) are drawn."""
    page.goto(url)
    wait_until_drawn(page, name, lang, year)


def wait_until_drawn(page: Page, name: str, lang: str, year: int = LATEST) -> None:
    """Wait until the page's title and its main chart (or table, or file uploader) are drawn."""
    heading = title(page, name, lang, year)
    exception = page.locator('[data-testid="stException"]')
    expect(heading.or_(exception).first).to_be_visible()
    wait_until_done(page)
    expect(heading).to_be_visible()
    drawn = PAGES[name][3]
    if drawn == "chart":  # Plotly has drawn its SVG inside the chart's div
        chart = page.locator('[data-testid="stMain"] .ita-chart').first
        expect(chart).to_be_attached()
        open_expander_around(chart)  # the briefing's first chart is on slide 3, in a closed expander
        expect(chart.locator(".main-svg").first).to_be_visible()
    elif drawn == "uploader":
        expect(page.locator(f'[data-testid="stMain"] {UPLOADER}')).to_be_visible()
    elif drawn == "form":
        expect(page.locator('[data-testid="stMain"] textarea')).to_be_visible()
        expect(page.locator('[data-testid="stMain"] [data-testid="stAlert"]').last).to_be_visible()
    else:
        expect(page.locator('[data-testid="stMain"] [data-testid="stDataFrame"] canvas').first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def open_expander_around(element: Locator, attempts: int = 5) -> None:
    """Open the closed expander (<details>) that holds element, if any.

    A click just after the run has finished is sometimes undone when the app draws its last changes (seen on
    the briefing page: the expander stayed closed), so click again until it stays open.
    """
    expander = element.locator("xpath=ancestor::details[1]")
    if not expander.count():
        return
    for _ in range(attempts):
        if expander.get_attribute("open") is not None:
            return
        expander.locator("xpath=./summary").click()
        with contextlib.suppress(AssertionError):
            expect(expander).to_have_attribute("open", "", timeout=2_000)
    expect(expander).to_have_attribute("open", "")


def save_screenshot(page: Page, name: str) -> None:
    """Save the whole page: the main area scrolls inside the app, so grow the viewport to fit it first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
            .map(e => e.scrollHeight))""")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, MAX_SCREENSHOT_HEIGHT)})
    # Let the resize reach the responsive charts (two animation frames) before taking the picture.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def pick_in_multiselect(page: Page, label: str, option: str) -> None:
    """Choose an option in the sidebar multiselect whose label is exactly `label`."""
    box = sidebar(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)  # the option list is virtualised: filter it so the option is drawn
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    expect(chip(page, option)).to_be_visible()


def chip(page: Page, option: str) -> Locator:
    """Return the chip of a value chosen in a sidebar multiselect (its "Remove …" button)."""
    return sidebar(page).get_by_role("button", name=f"Remove {option}", exact=True)
