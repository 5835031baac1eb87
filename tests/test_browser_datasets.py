"""Every page in a real browser on a real-shaped partial dataset (an ITAS page of five agencies for FY2021) beside
the demo, in both languages: it opens on the real dataset without an exception, says the year is partial with its
numbers, shows no synthetic badge, and a screenshot of each is saved to tests/screenshots/ (name_lang_partial.png).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_app_support import PAGES, TIMEOUT_MS, address, save_screenshot, wait_until_done
from browser_support import streamlit_server
from playwright.sync_api import Page, expect

from ita_analytics import i18n

expect.set_options(timeout=TIMEOUT_MS)

#: Pages that read no one dataset: the indicator upload, the SQL console, an agency's history across datasets.
ACROSS_DATASETS = {"indicators", "sql", "agency"}


@pytest.fixture(scope="module")
def server(partial_db) -> Iterator[str]:
    with streamlit_server(partial_db) as base_url:
        yield base_url


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_on_a_partial_dataset(server, page: Page, name, lang):
    try:
        page.goto(address(server, name, lang))
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        wait_until_done(page)
        main = page.locator('[data-testid="stMain"]')
        badge = main.locator('[data-testid="stAlert"]').filter(has_text=i18n.t("synthetic_badge", lang)[:40])
        if name == "agency":  # its link names an agency of the demo, whose history is synthetic and says so
            expect(badge).to_be_visible()
        else:  # real data: no synthetic badge
            expect(badge).to_have_count(0)
        if name not in ACROSS_DATASETS:
            partial = i18n.t("coverage_partial", lang).format(
                year=i18n.year_label(2021, lang), n=5, of="8,300", share="", dataset="chiang_mai"
            )
            expect(main.get_by_text(partial.split("(")[0].strip(), exact=False).first).to_be_visible()
    finally:
        save_screenshot(page, f"{name}_{lang}_partial.png")
