"""The briefing pack and presentation mode in a real browser (Debian's Chromium) against a real `streamlit run`: a
province chosen on the briefing page is kept in the URL and its download is that province's ten-slide PowerPoint deck;
presentation mode steps through the slides in large type, without the sidebar, in each language, and a reload brings
back the slide from the URL alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from browser_app_support import (
    LATEST,
    TIMEOUT_MS,
    address,
    open_page,
    save_screenshot,
    sidebar,
    wait_until_done,
)
from browser_support import SCREENSHOTS, streamlit_server
from playwright.sync_api import Locator, Page, expect
from pptx import Presentation

from ita_analytics import db, i18n
from ita_analytics.briefing import Scope, build_briefing

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


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


# --- presentation mode on a laptop screen ---------------------------------------------------------

LAPTOP = {"width": 1366, "height": 768}  # the most common laptop screen, and a projector's 720 lines and more


@pytest.fixture(scope="module")
def present_slides(demo_db) -> dict[str, list]:
    with db.connect(demo_db) as con:
        return {lang: build_briefing(con, LATEST, PRESENT_SCOPE, lang).slides for lang in ("th", "en")}


def box_of(locator: Locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not drawn"
    return box


def assert_in_view(locator: Locator, what: str) -> None:
    """Fail unless the element is drawn wholly within the laptop's viewport (nothing below the fold)."""
    box = box_of(locator)
    assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"] + 0.5, f"{what} is drawn at {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"] + 0.5, f"{what} is drawn at {box}"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_presentation_fits_a_laptop_screen_with_each_chart_drawn_with_its_slide(server, page, present_slides, lang):
    """At 1366 × 768 every chart slide shows its chart, legend and source line without scrolling, and the chart is
    the slide's own and drawn when its screenshot is taken: plotly.js loads while the first slides (no chart) show."""
    slides = present_slides[lang]
    titles = [slide.title for slide in slides]
    page.set_viewport_size(LAPTOP)
    url = f"{server}/?present=1&scope={PRESENT_SCOPE.kind}&scope_code={PRESENT_SCOPE.code}&slide=2"
    page.goto(url + ("&lang=en" if lang == "en" else ""))
    exception = page.locator('[data-testid="stException"]')
    expect(slide_heading(page, titles[1]).or_(exception).first).to_be_visible()
    expect_slide(page, titles, 2)
    page.wait_for_function("() => !!window.Plotly")  # loaded on a slide without a chart, ready for the next
    following = keyed(page, "present_next").get_by_role("button")
    chart = main_area(page).locator(".ita-chart")
    main = main_area(page)
    try:
        for number in range(3, len(slides) + 1):
            following.click()
            expect_slide(page, titles, number)
            slide = slides[number - 1]
            if slide.chart is None:
                continue
            names = [name for name, _ in slide.chart.series]
            # drawn, and with this slide's figure (not the last slide's): its traces are the slide's series
            expect(chart.locator(".main-svg").first).to_be_visible()
            page.wait_for_function(
                "([chart, names]) => chart._fullData && JSON.stringify(chart._fullData.map(t => t.name)) === names",
                arg=[chart.element_handle(), json.dumps(names, ensure_ascii=False, separators=(",", ":"))],
            )
            expect(chart.locator(".scatterlayer .trace, .barlayer .trace").first).to_be_attached()
            assert_in_view(chart, f"slide {number}'s chart")
            assert_in_view(slide_heading(page, titles[number - 1]), f"slide {number}'s title")
            if len(names) > 1:
                assert_in_view(chart.locator(".legend"), f"slide {number}'s legend")
            source = main.locator('[data-testid="stCaptionContainer"] p').last
            expect(source).to_contain_text(slide.source.split(";")[0][:30])
            assert_in_view(source, f"slide {number}'s source line")
            for point in slide.points:  # the slide's points beside its chart, as on the deck
                assert_in_view(main.get_by_text(point, exact=True), f"slide {number}'s point {point!r}")
            scroll = main.evaluate("e => e.scrollHeight - e.clientHeight")
            assert scroll <= 1, f"slide {number} scrolls by {scroll}px"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"present_laptop_{lang}_{number}.png"))  # the viewport alone
        expect(exception).to_have_count(0)
    except BaseException:
        save_screenshot(page, f"present_laptop_{lang}_failed.png")
        raise
