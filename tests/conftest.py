"""Shared fixtures: databases built through the real build and import code."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from ita_analytics.build import build_database
from ita_analytics.ingest import import_ita

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parents[1]
CPI_REFERENCE = PROJECT.parent / "shared" / "reference" / "cpi"


def file_digest(path: Path) -> str:
    """Return the sha256 of a file, to prove it did not change."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def charts(node) -> dict[str, dict]:
    """Return key → figure of every chart (live_chart) an AppTest run, or one of its blocks, shows, in order."""
    shown = {}
    for element in node.get("bidi_component"):
        if element.proto.component_name == "ita_chart":
            data = json.loads(element.proto.json)
            shown[data["key"]] = json.loads(data["figure"])
    return shown


def unescaped(text: str) -> str:
    """Return Markdown text as read: the page escapes data (components.md_escape) so it never becomes markup, and
    parts web and e-mail addresses with an invisible word joiner so they never become links."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def import_refused(importer, path: Path, db_path: Path) -> str:
    """Run importer(path, db_path) expecting InputFileError; return its message, proving nothing changed on disk."""
    from ita_analytics.ingest import InputFileError

    before = file_digest(db_path)
    with pytest.raises(InputFileError) as caught:
        importer(path, db_path)
    assert file_digest(db_path) == before
    assert not list(Path(db_path).parent.glob(".*.tmp*")), "a temporary copy was left behind"
    return str(caught.value)


@pytest.fixture(scope="session")
def _facts_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("facts") / "facts.duckdb", demo=False)


@pytest.fixture
def facts_db(_facts_template: Path, tmp_path: Path) -> Path:
    """A fresh database with the schema and shipped facts, no ITA results."""
    path = tmp_path / "facts.duckdb"
    shutil.copyfile(_facts_template, path)
    return path


@pytest.fixture
def tiny_db(facts_db: Path) -> Path:
    """Shipped facts plus tests/fixtures/tiny_ita.csv (5 agencies, FY2567–2568), imported for real."""
    import_ita(FIXTURES / "tiny_ita.csv", facts_db)
    return facts_db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default database `make run` builds (synthetic demo data); tests must not write to it."""
    return build_database(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture
def fresh_caches():
    """st.cache_data / st.cache_resource live for the whole process: no test may see another's."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_view(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, view: str, query: dict | None = None, timeout: float = 120
):
    """Return an AppTest of app.py on db_path, run once (so the sidebar exists) and switched to views/VIEW.py."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()  # caches live for the whole process: no test may see another's
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(db_path))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=timeout)
    at.query_params.update(query or {})
    at.run()
    return at.switch_page(f"views/{view}.py").run()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium (through the `browser` fixture) `browser`: make check leaves them out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for a module's browser tests; missing, it fails them rather than skipping."""
    from browser_support import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    try:
        executable = chromium_path()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser):
    """Make fresh browser contexts (no shared storage) that may only reach loopback; close them after. Called with a
    viewport (and Chromium options) for another width than the desktop's."""
    from browser_app_support import TIMEOUT_MS
    from browser_support import loopback_contexts

    with loopback_contexts(browser, TIMEOUT_MS) as make:
        yield make


@pytest.fixture
def page(new_context):
    """A fresh page at the desktop width, reaching only loopback."""
    return new_context().new_page()


#: An ITAS report page as NACC publishes it (no codes, no year column): five agencies of FY2021, a partial year.
ITAS_PAGE = """#,หน่วยงาน,อำเภอ,จังหวัด,คะแนนเฉลี่ย
1,องค์การบริหารส่วนตำบลบ้านใหม่,เมืองเชียงใหม่,เชียงใหม่,98.50
2,เทศบาลตำบลหนองหอย,เมืองเชียงใหม่,เชียงใหม่,97.25
3,อบต.ป่าแดด,เมืองเชียงใหม่,เชียงใหม่,95.00
4,ทต. สันผีเสื้อ,เมืองเชียงใหม่,เชียงใหม่,84.10
5,กรมตัวอย่าง,,,91.00
"""


@pytest.fixture(scope="session")
def partial_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with a real-shaped partial dataset beside it: ITAS_PAGE imported as `chiang_mai` for FY2021."""
    path = tmp_path_factory.mktemp("partial") / "partial.duckdb"
    shutil.copyfile(demo_db, path)
    page = path.parent / "chiang_mai.csv"
    page.write_text(ITAS_PAGE, encoding="utf-8")
    import_ita(page, path, dataset="chiang_mai", year=2021)
    return path
