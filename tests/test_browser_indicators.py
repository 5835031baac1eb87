"""A researcher's own indicator in a real browser (Debian's Chromium) against a real `streamlit run`: a file uploaded on
the indicators page is previewed, imported (on a copy of the demo database, with its own server) and opened from the
page's link in the correlation explorer, in each language; an invalid file's problems are listed and no import is
offered.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_app_support import (
    TIMEOUT_MS,
    UPLOADER,
    address,
    open_page,
    save_screenshot,
    wait_until_done,
    wait_until_drawn,
)
from browser_support import streamlit_server
from playwright.sync_api import Locator, Page, expect

from ita_analytics import i18n

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    with streamlit_server(demo_db) as base_url:
        yield base_url


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
