"""The data-coverage page in a real browser (Debian's Chromium) against a real `streamlit run`.

st.dataframe draws its cells on a canvas, so table values are AppTest's job (tests/test_app.py);
here: headings, alerts, captions, the language switch and its URL, Thai glyphs, and screenshots.
"""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from browser_support import CHROMIUM_ARGS, SCREENSHOTS, chromium_path, is_loopback, streamlit_server
from ita_analytics import i18n

TIMEOUT_MS = 30_000  # a 2-core machine: Streamlit's first run and Chromium's start both take a while
expect.set_options(timeout=TIMEOUT_MS)

#: The value ?lang= carries for English (the page is Thai, and the parameter absent, by default).
EN_URL_VALUE = "en"
LANG_LABELS = {"th": "ไทย", "en": "English"}
TABLES = 5


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        executable = chromium_path()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser):
    """Make fresh browser contexts (no shared storage) that may only reach loopback; close them after."""
    contexts: list[BrowserContext] = []
    blocked: list[str] = []

    def only_loopback(route) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    def make() -> BrowserContext:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", only_loopback)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


def wait_for_page(page: Page, lang: str) -> None:
    """Wait until the script finished (last heading drawn or an exception shown); fail on an exception."""
    last_heading = page.get_by_role("heading", name=i18n.t("imports_heading", lang))
    exception = page.locator('[data-testid="stException"]')
    expect(last_heading.or_(exception).first).to_be_visible()
    if exception.count():
        pytest.fail(f"the page shows an exception:\n{exception.first.inner_text()}", pytrace=False)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(TABLES)
    expect(exception).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)  # e.g. Streamlit's "Page not found"


def title(page: Page, lang: str):
    return page.get_by_role("heading", level=1, name=i18n.t("coverage_title", lang))


def assert_page_in(page: Page, lang: str) -> None:
    wait_for_page(page, lang)
    expect(title(page, lang)).to_be_visible()
    other = "en" if lang == "th" else "th"
    expect(title(page, other)).to_have_count(0)
    warning = page.locator('[data-testid="stAlert"]').filter(has_text=i18n.t("synthetic_badge", lang)[:40])
    expect(warning).to_be_visible()
    expect(page.get_by_text("CC BY-ND 4.0")).to_be_visible()
    expect(page.get_by_text(i18n.t("cpi_citation", lang)[:40])).to_be_visible()
    radio = page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=LANG_LABELS[lang])
    expect(radio).to_be_checked()


def switch_language(page: Page, lang: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(LANG_LABELS[lang], exact=True).click()
    expect(title(page, lang)).to_be_visible()


def save_screenshot(page: Page, name: str) -> None:
    """Save the whole page: the main area scrolls inside the app, so grow the viewport to fit it first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
            .map(e => e.scrollHeight))""")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_in_each_language(server, page, lang):
    try:
        page.goto(f"{server}/")
        assert_page_in(page, "th")
        assert "lang=" not in page.url  # Thai is the default: no parameter
        if lang == "en":
            switch_language(page, "en")
            assert_page_in(page, "en")
    finally:  # also when it failed: the picture shows what went wrong
        save_screenshot(page, f"data_{lang}.png")


def test_language_is_in_the_url_and_restored(server, new_context):
    page = new_context().new_page()
    page.goto(f"{server}/")
    assert_page_in(page, "th")
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(rf"[?&]lang={EN_URL_VALUE}(&|$)"))
    shared_url = page.url

    fresh = new_context().new_page()  # a new context shares no cookies, storage or session
    fresh.goto(shared_url)
    assert_page_in(fresh, "en")

    switch_language(page, "th")  # back to the default: the parameter goes away
    assert_page_in(page, "th")
    expect(page).not_to_have_url(re.compile(r"[?&]lang="))


def thai_font_families() -> set[str]:
    """Families fontconfig says cover Thai (fonts-thai-tlwg provides Loma, Garuda, Norasi, ...)."""
    listing = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def test_thai_title_renders_with_a_thai_font(server, page):
    thai_families = thai_font_families()
    assert thai_families, "no font with Thai glyphs installed (fonts-thai-tlwg); run `make test`"
    page.goto(f"{server}/")
    assert_page_in(page, "th")
    heading = title(page, "th")
    box = heading.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 10, box

    # Ask Chromium which fonts it actually used for the title's glyphs.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '[data-testid="stMain"] h1'})["nodeId"]
    assert node, "title <h1> not found"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    used = {font["familyName"]: font["glyphCount"] for font in fonts}
    thai_glyphs = sum(count for family, count in used.items() if family in thai_families)
    assert thai_glyphs >= len(i18n.t("coverage_title", "th").replace(" ", "")), (
        f"the Thai title is not drawn with a Thai font; fonts used: {used}, Thai fonts: {sorted(thai_families)}")
    assert page.evaluate("() => document.fonts.check('16px sans-serif', 'ความครอบคลุม')")
