"""Imported text is shown as text: a hostile agency name never becomes a link, an image or HTML.

AppTest reads the Markdown the pages write; a real Chromium then shows what a reader gets from it, because
Streamlit's Markdown also links bare web and e-mail addresses, which escaping alone does not stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import loopback_context, streamlit_server
from conftest import FIXTURES, open_view, unescaped
from playwright.sync_api import Page, expect

from dashboard.components import md_escape
from ita_analytics import i18n
from ita_analytics.charts import theme
from ita_analytics.ingest import import_ita

# A link, an image whose error handler would run script, bold, and a bare address of each kind GitHub-flavoured
# Markdown links by itself. The onerror sets a flag the browser test reads.
HOSTILE = (
    "[ชนะ](http://evil.example) <img src=x onerror=window.__pwned=1> **ตัวหนา** "
    "www.evil.example me@evil.example https://evil.example/x"
)
HOSTILE_AGENCY, HOSTILE_PROVINCE = "A002", "50"  # an อบต. of Chiang Mai in tests/fixtures/tiny_ita.csv, below 85
# What GitHub-flavoured Markdown links without being asked (micromark's and mdast's autolink-literal rules).
AUTOLINK = re.compile(r"https?://|www\.|[-.\w+]+@[-\w]+\.", re.IGNORECASE)
MARKUP = re.compile(r"(?<!\\)<img|(?<!\\)\]\(|(?<!\\)\*\*")
TIMEOUT_MS = 45_000


def read_as_markdown(text: str) -> str:
    """Return escaped Markdown as the renderer reads it before it looks for bare addresses: escapes resolved."""
    return re.sub(r"\\(.)", r"\1", text)


def hostile_db(tmp_path: Path, facts_db: Path) -> Path:
    """tests/fixtures/tiny_ita.csv with one agency renamed to HOSTILE in every year, imported for real."""
    rows = (FIXTURES / "tiny_ita.csv").read_text(encoding="utf-8").splitlines()
    renamed = [
        re.sub(rf"^(\d+,{HOSTILE_AGENCY},)[^,]*", lambda m: m.group(1) + '"' + HOSTILE + '"', row) for row in rows
    ]
    assert sum(HOSTILE in row for row in renamed) == 2, "the agency is in both years of the fixture"
    csv = tmp_path / "hostile.csv"
    csv.write_text("\n".join(renamed) + "\n", encoding="utf-8")
    import_ita(csv, facts_db)
    return facts_db


# --- what the pages write -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "WWW.EVIL.EXAMPLE", "mailto:a@b.example", "http://x.example", "ftp://x.example", "a+b@c.d.example"],
)
def test_escaped_text_has_no_markup_and_no_address_markdown_would_link(text):
    shown = md_escape(text)
    assert not MARKUP.search(shown)
    assert not AUTOLINK.search(read_as_markdown(shown)), shown
    assert unescaped(shown) == text  # and reads exactly as it was


def test_citations_and_administrators_may_keep_their_links():
    cited = md_escape("Transparency International, https://www.transparency.org/en/cpi", links=True)
    assert AUTOLINK.search(read_as_markdown(cited)) and unescaped(cited).endswith("https://www.transparency.org/en/cpi")


def test_hostile_agency_name_is_escaped_on_the_profile(tmp_path, facts_db, monkeypatch):
    at = open_view(monkeypatch, hostile_db(tmp_path, facts_db), "agency_profile", {"agency": HOSTILE_AGENCY})
    assert not at.exception
    shown = [h.value for h in at.subheader]
    assert HOSTILE in [unescaped(h) for h in shown], shown
    assert not any(MARKUP.search(h) or AUTOLINK.search(read_as_markdown(h)) for h in shown)
    # a search for the text itself is echoed escaped too
    at.text_input(key="find").set_value("[x](http://nowhere.example) www.nowhere.example").run()
    assert not at.exception
    assert at.info and not any(MARKUP.search(i.value) or AUTOLINK.search(read_as_markdown(i.value)) for i in at.info)


# --- what a reader sees ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, _facts_template) -> Iterator[str]:
    import shutil

    work = tmp_path_factory.mktemp("hostile")
    db_path = work / "ita.duckdb"
    shutil.copyfile(_facts_template, db_path)
    with streamlit_server(hostile_db(work, db_path)) as base_url:
        yield base_url


@pytest.fixture
def page(browser) -> Iterator[Page]:
    blocked: list[str] = []
    context = loopback_context(browser, blocked, TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert not dialogs, f"the page opened dialogs: {dialogs}"
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"


def settled(page: Page) -> None:
    """Wait until the page's run is over and its charts are drawn; fail on an exception."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").first).to_be_visible()
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    expect(main.locator('[data-testid="stException"]')).to_have_count(0)
    expect(main.locator("[data-stale=true]")).to_have_count(0)
    for chart in main.locator(".ita-chart").all():
        expect(chart.locator(".main-svg").first).to_be_attached()


def nothing_hostile_ran(page: Page) -> None:
    """No link to the hostile addresses, no image or bold made from the name, and its script never ran."""
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator("strong", has_text="ตัวหนา")).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_reader_sees_the_hostile_name_as_text_on_its_profile(hostile_server, page, lang):
    page.goto(f"{hostile_server}/agency?agency={HOSTILE_AGENCY}" + ("&lang=en" if lang == "en" else ""))
    settled(page)
    heading = page.locator('[data-testid="stMain"] h3').first
    assert heading.inner_text().replace("\u2060", "") == HOSTILE  # every character, none acted on
    # the history chart's title names the agency, broken into lines a phone shows (plotly never wraps), as text
    title = page.locator(".ita-chart .gtitle").first
    expect(title).to_contain_text("<img src=x")
    lines = [line.replace("\u2060", "") for line in title.locator("tspan.line").all_text_contents()]
    heading = i18n.t("chart_agency_history_title", lang) + ": "
    assert [theme.escape(line) for line in lines] == theme.title_lines(theme.escape(heading + HOSTILE))
    assert len(lines) > 1 and any("<img src=x" in line for line in lines)
    nothing_hostile_ran(page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/types?q={HOSTILE_AGENCY}",  # the ranking, searched for the agency
        f"/regions?drill={HOSTILE_PROVINCE}",
        f"/oversight?unit=province&unit_code={HOSTILE_PROVINCE}",  # its follow-up list
        "/briefing",
        f"/agency?find={HOSTILE_AGENCY}",  # the search's list of matches
    ],
)
def test_no_page_turns_the_hostile_name_into_markup(hostile_server, page, path):
    page.goto(hostile_server + path)
    settled(page)
    nothing_hostile_ran(page)
