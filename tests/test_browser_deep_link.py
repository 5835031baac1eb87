"""A shared link opened first on a freshly started server shows the page with its sidebar and filters.

Streamlit would run a pages/ folder beside app.py as a legacy multipage app until st.navigation has run once, so
on a fresh server a deep link would skip app.py (no sidebar, no filters). Pages live in views/; this holds it."""

from __future__ import annotations

from browser_support import loopback_context, streamlit_server
from playwright.sync_api import expect

from ita_analytics import i18n

TIMEOUT_MS = 60_000


def test_a_deep_link_is_the_first_request_of_a_fresh_server_and_gets_the_sidebar(browser, demo_db):
    blocked: list[str] = []
    with streamlit_server(demo_db) as base_url:
        context = loopback_context(browser, blocked, TIMEOUT_MS)
        try:
            page = context.new_page()
            page.goto(f"{base_url}/regions?year=2024&lang=en")
            title = f"{i18n.t('regions_title', 'en')} {i18n.year_label(2024, 'en')}"
            expect(page.get_by_role("heading", level=1, name=title, exact=True)).to_be_visible()
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar.get_by_role("radio", name="English")).to_be_checked()
            expect(sidebar.get_by_role("combobox", name="Fiscal year", exact=True)).to_have_value("2024")
            for label in ("type_group", "agency_type", "region", "province"):
                expect(sidebar.get_by_text(i18n.t(label, "en"), exact=True)).to_be_visible()
            expect(page).to_have_url(f"{base_url}/regions?year=2024&lang=en")
        finally:
            context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"
