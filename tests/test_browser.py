"""Every page in a real browser (Debian's Chromium) against one real `streamlit run` on loopback.

st.dataframe draws its cells on a canvas and charts' numbers are AppTest's job (tests/test_app.py); here:
each page loads in each language without an exception, its main chart is drawn, shared links restore the
view, Thai is drawn with the app's Sarabun web font, a researcher's own indicator file is imported through
the page and opened in the correlation explorer, a province's briefing pack downloads as a PowerPoint deck,
presentation mode steps through the slides in large type, and a full-page screenshot of every page is saved.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import PROJECT, SCREENSHOTS, loopback_context, streamlit_server
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pptx import Presentation

from ita_analytics import db, i18n
from ita_analytics.briefing import Scope, build_briefing

TIMEOUT_MS = 45_000  # a 2-core machine: a page's first run (cold caches) and Chromium's start take a while
expect.set_options(timeout=TIMEOUT_MS)
MAX_SCREENSHOT_HEIGHT = 8000
FONTS = PROJECT / "static" / "fonts"

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
    "sql": ("/sql", "console_title", False, "table"),
    "indicators": ("/indicators", "indicators_title", False, "uploader"),  # nothing stored yet on the demo DB
    "briefing": ("/briefing", "briefing_page_title", False, "chart"),
    "oversight": ("/oversight?unit=province&unit_code=50", "oversight_title", True, "table"),
}
#: Pages that show no agency-level data, so no synthetic-data badge either.
WITHOUT_AGENCY_DATA = {"indicators"}


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


@pytest.fixture
def new_context(browser: Browser):
    """Make fresh browser contexts (no shared storage) that may only reach loopback; close them after."""
    contexts: list[BrowserContext] = []
    blocked: list[str] = []

    def make() -> BrowserContext:
        contexts.append(loopback_context(browser, blocked, TIMEOUT_MS))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


# --- helpers ------------------------------------------------------------------------------------


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


# --- every page, both languages -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_and_draws(server, page, name, lang):
    try:
        open_page(page, address(server, name, lang), name, lang)
        other = "en" if lang == "th" else "th"
        expect(title(page, name, other)).to_have_count(0)
        badge = page.locator('[data-testid="stAlert"]').filter(has_text=i18n.t("synthetic_badge", lang)[:40])
        if name in WITHOUT_AGENCY_DATA:
            expect(badge).to_have_count(0)
        else:
            expect(badge).to_be_visible()
        expect(sidebar(page).get_by_role("radio", name=LANG_LABELS[lang])).to_be_checked()
        assert ("lang=en" in page.url) == (lang == "en")
        if name == "overview":
            assert re.fullmatch(rf"{re.escape(server)}/(\?lang=en)?", page.url), page.url
        if name == "agency":  # the link keeps naming its agency, so it can be shared again
            expect(page).to_have_url(re.compile(rf"[?&]agency={DEMO_AGENCY}(&|$)"))
            expect(page.get_by_role("heading", level=3).first).to_be_visible()
        if name == "data":
            expect(page.get_by_text("CC BY-ND 4.0").first).to_be_visible()
    finally:  # also when it failed: the picture shows what went wrong
        save_screenshot(page, f"{name}_{lang}.png")


# --- shared links ---------------------------------------------------------------------------------


def test_type_filter_is_in_the_url_and_restored(server, new_context):
    page = new_context().new_page()
    open_page(page, address(server, "types"), "types", "th")
    pick_in_multiselect(page, i18n.t("agency_type", "th"), "องค์การบริหารส่วนตำบล")
    expect(page).to_have_url(re.compile(r"/types\?(.*&)?type=sao(&|$)"))
    wait_until_done(page)
    shared = page.url

    fresh = new_context().new_page()  # a new context shares no cookies, storage or session
    open_page(fresh, shared, "types", "th")
    expect(chip(fresh, "องค์การบริหารส่วนตำบล")).to_be_visible()
    count = re.compile(r"^แสดง [\d,]+ จาก [\d,]+ หน่วยงาน$")  # the ranking's "showing n of N agencies"
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
    pick_in_multiselect(page, i18n.t("agency_type", "th"), "องค์การบริหารส่วนตำบล")
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
    expect(chip(page, "องค์การบริหารส่วนตำบล")).to_be_visible()
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
    expect(page).to_have_url(re.compile(r"[?&]focus=department(&|$)"))
    focus = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]')
    expect(focus.get_by_role("button", name=re.compile(r"^Remove "))).to_have_count(1)
    expect(focus.get_by_role("button", name="Remove Department-level agency", exact=True)).to_be_visible()
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


# --- briefing pack and presentation mode ----------------------------------------------------------

PRESENT_SCOPE = Scope("region", "north")
PROVINCE, PROVINCE_CODE = "เชียงใหม่", "50"
BRIEFING_SLIDES = 10
MIN_PRESENT_FONT_PX = 28  # type that reads from the back of a meeting room


def main_area(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"]')


def keyed(page: Page, key: str) -> Locator:
    """Return the element of the widget with this key (Streamlit marks its container with st-key-KEY)."""
    return page.locator(f".st-key-{key}")


def test_briefing_for_a_province_downloads_a_pptx_deck(server, page):
    """Choosing a province puts it in the URL, and the download is that province's ten-slide deck."""
    try:
        open_page(page, address(server, "briefing"), "briefing", "th")
        main = main_area(page)
        main.locator('[data-testid="stRadio"]').get_by_text(i18n.t("briefing_scope_province", "th"), exact=True).click()
        expect(page).to_have_url(re.compile(r"[?&]scope=province(&|$)"))
        box = main.get_by_role("combobox", name=i18n.t("briefing_scope_province", "th"), exact=True)
        expect(box).to_be_visible()
        wait_until_done(page)
        box.click()
        box.fill(PROVINCE)  # the option list is virtualised: filter it so the option is drawn
        page.get_by_role("option", name=PROVINCE, exact=True).click()
        expect(page).to_have_url(re.compile(rf"[?&]scope_code={PROVINCE_CODE}(&|$)"))
        expect(page).to_have_url(re.compile(r"[?&]scope=province(&|$)"))
        wait_until_done(page)
        expect(box).to_have_value(PROVINCE)
        button = keyed(page, "briefing_pptx").get_by_role("button")
        expect(button).to_be_visible()
        expect(button).to_contain_text(i18n.t("briefing_download", "th"))
        present = main.get_by_role("link").filter(has_text=i18n.t("briefing_present", "th"))
        for part in ("present=1", f"year={LATEST}", "scope=province", f"scope_code={PROVINCE_CODE}"):
            expect(present).to_have_attribute("href", re.compile(rf"^\./\?(.*&)?{part}(&|$)"))
        with page.expect_download() as downloading:
            button.click()
        download = downloading.value
        assert download.suggested_filename.endswith(".pptx"), download.suggested_filename
        assert download.failure() is None, download.failure()
        deck = Presentation(download.path())
        assert len(deck.slides) == BRIEFING_SLIDES
        texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
        assert any(PROVINCE in text for text in texts), texts
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        save_screenshot(page, "briefing_province_th.png")


@pytest.fixture(scope="module")
def present_titles(demo_db) -> dict[str, list[str]]:
    """The region briefing's slide titles in each language, from the library the app itself uses."""
    with db.connect(demo_db) as con:
        return {
            lang: [slide.title for slide in build_briefing(con, LATEST, PRESENT_SCOPE, lang).slides]
            for lang in ("th", "en")
        }


def slide_heading(page: Page, text: str) -> Locator:
    return main_area(page).get_by_role("heading", level=1, name=text, exact=True)


def expect_slide(page: Page, titles: list[str], number: int) -> None:
    """Wait until slide `number` (from 1) is shown: its title as the only h1, the counter, the URL."""
    expect(slide_heading(page, titles[number - 1])).to_be_visible()
    wait_until_done(page)
    expect(main_area(page).locator("h1")).to_have_count(1)
    expect(main_area(page).get_by_text(f"{number} / {len(titles)}", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]slide={number}(&|$)"))


def font_size_px(locator: Locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_presentation_mode_steps_through_the_slides(server, page, present_titles, lang):
    titles = present_titles[lang]
    assert len(titles) == BRIEFING_SLIDES
    url = f"{server}/?present=1&scope={PRESENT_SCOPE.kind}&scope_code={PRESENT_SCOPE.code}"
    url += "&lang=en" if lang == "en" else ""
    try:
        page.goto(url)
        exception = page.locator('[data-testid="stException"]')
        expect(slide_heading(page, titles[0]).or_(exception).first).to_be_visible()
        expect_slide(page, titles, 1)
        expect(sidebar(page)).to_be_hidden()  # hidden by the mode's CSS, or not drawn at all
        expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
        expect(page.locator('[data-testid="stToolbar"]')).to_be_hidden()
        expect(
            main_area(page).locator('[data-testid="stAlert"]').filter(has_text=i18n.t("briefing_synthetic", lang))
        ).to_be_visible()
        previous = keyed(page, "present_previous").get_by_role("button")
        following = keyed(page, "present_next").get_by_role("button")
        expect(previous).to_contain_text(i18n.t("present_previous", lang))
        expect(following).to_contain_text(i18n.t("present_next", lang))
        expect(previous).to_be_disabled()
        exit_link = main_area(page).get_by_role("link").filter(has_text=i18n.t("present_exit", lang))
        expect(exit_link).to_have_attribute(
            "href", re.compile(r"(^|/)briefing" + (r"\?lang=en" if lang == "en" else "") + "$")
        )

        # Large type: the slide's points and the counter, as read from the back of the room.
        point = main_area(page).locator('[data-testid="stMarkdownContainer"] li').first
        expect(point).to_be_visible()
        counter = (
            main_area(page).locator('[data-testid="stMarkdownContainer"] p').filter(has_text=f"1 / {BRIEFING_SLIDES}")
        )
        for text in (point, counter):
            size = font_size_px(text)
            assert size >= MIN_PRESENT_FONT_PX, f"{text.inner_text()!r} is drawn at {size}px"
        assert font_size_px(slide_heading(page, titles[0])) > font_size_px(point)

        for number in (2, 3):
            following.click()
            expect_slide(page, titles, number)
        expect(main_area(page).locator(".js-plotly-plot .main-svg").first).to_be_visible()
        expect(previous).to_be_enabled()

        page.reload()  # a new session: the slide comes back from the URL alone
        expect(slide_heading(page, titles[2]).or_(exception).first).to_be_visible()
        expect_slide(page, titles, 3)
        expect(main_area(page).locator(".js-plotly-plot .main-svg").first).to_be_visible()
        expect(sidebar(page)).to_be_hidden()
        save_screenshot(page, f"present_{lang}.png")

        previous.click()
        expect_slide(page, titles, 2)
        expect(exception).to_have_count(0)
    except BaseException:
        save_screenshot(page, f"present_{lang}_failed.png")
        raise


# --- your own indicator ---------------------------------------------------------------------------

INDICATOR = "ดัชนีเสรีภาพสื่อ"  # made-up values, national-year, FY2562–2568 (B.E.) = 2019–2025
INDICATOR_ROWS = {2562: "41.5", 2563: "42.25", 2564: "40", 2565: "43.75", 2566: "44", 2567: "45.5", 2568: "44.25"}


def message(key: str, lang: str, **known: str) -> re.Pattern:
    """Return a pattern for label key's text with the known placeholders filled in and the others free."""
    parts = re.split(r"(\{\w+\})", i18n.t(key, lang))
    return re.compile(
        "".join(
            (re.escape(known[part[1:-1]]) if part[1:-1] in known else ".+?") if index % 2 else re.escape(part)
            for index, part in enumerate(parts)
        )
    )


def alert(page: Page, pattern: re.Pattern) -> Locator:
    return page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text=pattern)


def visible_tables(page: Page) -> Locator:
    """The main area's drawn tables (the format expander's examples are hidden while it is closed)."""
    return page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').filter(visible=True)


def upload(page: Page, path: Path) -> None:
    """Give the page's file uploader a file, as a researcher choosing it in the file dialog would."""
    page.locator(f'[data-testid="stMain"] {UPLOADER} input[type=file]').set_input_files(path)
    expect(page.locator(UPLOADER).get_by_text(path.name, exact=True)).to_be_visible()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_indicators_page_imports_a_file_and_opens_it_in_the_explorer(demo_db, new_context, tmp_path, lang):
    db = tmp_path / "indicators.duckdb"  # the import writes: never to the shared demo database
    shutil.copyfile(demo_db, db)
    csv = tmp_path / "press_freedom.csv"
    rows = "".join(f"{year},{value}\n" for year, value in INDICATOR_ROWS.items())
    csv.write_text(f"ปี,{INDICATOR}\n{rows}", encoding="utf-8")
    n = str(len(INDICATOR_ROWS))
    with streamlit_server(db) as base_url:
        page = new_context().new_page()
        try:
            open_page(page, address(base_url, "indicators", lang), "indicators", lang)
            expect(alert(page, message("indicators_none", lang))).to_be_visible()
            upload(page, csv)
            preview = alert(
                page,
                message(
                    "indicators_preview",
                    lang,
                    file=csv.name,
                    level=i18n.t("indicator_level_national", lang),
                    names=INDICATOR,
                    n=n,
                    first=i18n.year_label(min(INDICATOR_ROWS) - 543, lang),
                    last=i18n.year_label(max(INDICATOR_ROWS) - 543, lang),
                ),
            )
            expect(preview).to_be_visible()
            wait_until_done(page)
            import_button = page.get_by_role("button", name=i18n.t("indicators_import", lang), exact=True)
            import_button.click()

            done = alert(page, message("indicators_done", lang, n=n, links=INDICATOR))
            expect(done).to_be_visible()
            wait_until_done(page)
            expect(import_button).to_have_count(0)  # the uploader was emptied: the file is not offered twice
            expect(page.locator(UPLOADER).get_by_text(csv.name, exact=True)).to_have_count(0)
            stored = page.get_by_role("heading", name=i18n.t("indicators_stored", lang), exact=True)
            expect(stored).to_be_visible()
            expect(
                alert(page, message("indicators_none", lang)),
                "the stored list misses the new indicator: the page read the database as it was before the import",
            ).to_have_count(0)
            expect(visible_tables(page)).to_have_count(1)
            expect(visible_tables(page).locator("canvas").first).to_be_visible()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        finally:
            save_screenshot(page, f"indicators_imported_{lang}.png")

        link = done.get_by_role("link", name=INDICATOR, exact=True)
        expect(link).to_have_attribute(
            "href", re.compile(r"^\./correlations\?x=ext%3A[^&]+" + ("&lang=en" if lang == "en" else "") + "$")
        )
        new_tab = link.get_attribute("target") == "_blank"  # Streamlit opens Markdown links in a new tab
        with page.context.expect_page() if new_tab else contextlib.nullcontext() as opened:
            link.click()
        explorer = opened.value if new_tab else page
        try:
            explorer.wait_for_url(re.compile(r"/correlations\?"))
            wait_until_drawn(explorer, "correlations", lang)
            shown = f"{INDICATOR} ({i18n.t('imported_metric', lang)})"
            x = explorer.get_by_role("combobox", name=i18n.t("explore_x", lang), exact=True)
            expect(x).to_have_value(shown)
            expect(explorer).to_have_url(re.compile(r"[?&]x=ext%3A"))
        finally:
            save_screenshot(explorer, f"indicators_explorer_{lang}.png")


def test_indicators_page_lists_an_invalid_file_s_problems_and_offers_no_import(server, page, tmp_path):
    """Nothing is written before the file is valid, so this may use the shared read-only server."""
    bad = tmp_path / "bad_indicator.csv"
    bad.write_text(f"ปี,{INDICATOR}\n2566,41.5\n25x8,42\n2568,abc\n", encoding="utf-8")
    try:
        open_page(page, address(server, "indicators"), "indicators", "th")
        expect(visible_tables(page)).to_have_count(0)
        upload(page, bad)
        expect(alert(page, message("indicators_invalid", "th", file=bad.name, n="2"))).to_be_visible()
        wait_until_done(page)
        expect(visible_tables(page)).to_have_count(1)  # the problems: row, column, value, what is wrong
        expect(visible_tables(page).locator("canvas").first).to_be_visible()
        expect(page.get_by_role("button", name=i18n.t("indicators_import", "th"), exact=True)).to_have_count(0)
        expect(alert(page, message("indicators_preview", "th"))).to_have_count(0)
    finally:
        save_screenshot(page, "indicators_invalid_th.png")


# --- Thai text ------------------------------------------------------------------------------------


def families_covering_thai(*files: Path) -> set[str]:
    """Families fontconfig says cover Thai: installed ones (fonts-thai-tlwg) and the given font files."""
    listing = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True, check=True).stdout
    families = {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}
    for file in files:
        family, _, langs = subprocess.run(
            ["fc-query", "-f", "%{family[0]}\t%{lang}\n", str(file)], capture_output=True, text=True, check=True
        ).stdout.partition("\t")
        if "th" in langs.strip().split("|"):
            families.add(family.strip())
    return families


def test_thai_is_drawn_with_the_app_s_sarabun_font(server, page):
    regular = FONTS / "Sarabun-Regular.ttf"
    assert regular.is_file(), (
        f"{regular} is missing: the app serves Sarabun from static/fonts; "
        "run `make test` or `.venv/bin/python tools/install_fonts.py`"
    )
    thai_families = families_covering_thai(regular)
    assert "Sarabun" in thai_families, f"{regular} does not cover Thai: {sorted(thai_families)}"
    open_page(page, address(server, "data"), "data", "th")
    heading = title(page, "data", "th")
    box = heading.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 10, box

    loaded = page.evaluate("""async () => {
        await document.fonts.ready;
        return {check: document.fonts.check('16px Sarabun', 'ก'),
                faces: [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Sarabun')
                                          .map(f => `${f.weight}:${f.status}`)};
    }""")
    assert loaded["check"], f"Sarabun is not ready for Thai text: {loaded}"
    assert any(face.endswith(":loaded") for face in loaded["faces"]), (
        f"no Sarabun face loaded from /app/static/fonts: {loaded['faces']}"
    )

    # Ask Chromium which fonts it actually used for the title's glyphs.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '[data-testid="stMain"] h1'})["nodeId"]
    assert node, "title <h1> not found"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    used = {font["familyName"]: font["glyphCount"] for font in fonts}
    glyphs = len(i18n.t("coverage_title", "th").replace(" ", ""))
    thai_glyphs = sum(count for family, count in used.items() if family in thai_families)
    assert thai_glyphs >= glyphs, (
        f"the Thai title is not drawn with a Thai font; fonts used: {used}, Thai fonts: {sorted(thai_families)}"
    )
    assert used.get("Sarabun", 0) >= glyphs, f"the Thai title is not drawn with Sarabun; fonts used: {used}"
