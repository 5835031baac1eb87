"""Page timings for `make bench`: warm server-side runs (AppTest) and browser time to the main chart."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

import load  # benchmarks/load.py (beside this file): how a change is timed in the browser

PROJECT = Path(__file__).resolve().parents[1]
PAGES = {
    "overview": "views/overview.py",
    "types": "views/agency_types.py",
    "regions": "views/regions.py",
    "ita-cpi": "views/ita_cpi.py",
    "agency": "views/agency_profile.py",
    "data": "views/data_sources.py",
    "correlations": "views/correlations.py",
    "inflation": "views/inflation.py",
    "sql": "views/sql_console.py",
    "briefing": "views/briefing.py",
    "indicators": "views/indicators.py",
    "oversight": "views/oversight.py",
}
#: Query string each page is measured with (the agency page needs an agency to show its chart).
PAGE_QUERY = {"agency": {"agency": "SAO-00012"}}
RUNS = 7
#: Issue #6: every page's warm run within 1.5× its floor at 1× scale.
TARGET_RATIO = 1.5
#: The app's run state as the browser sees it ('running' or 'notRunning').
SCRIPT_STATE = "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"


def server_side(db_path: Path, scale: int) -> list[dict]:
    """Return each page's warm AppTest run time against db_path, beside its floor.

    The floor is what no page of this app can go below: the raw DuckDB time of the queries the page
    issues on a cold run (executed again on a fresh connection and fetched into pandas, median of RUNS),
    plus an empty run of this app: app.py with the page itself left out (page config, language switch,
    login check, sidebar filters from warm caches, navigation). ratio = median_ms / floor_ms.
    """
    from streamlit.testing.v1 import AppTest

    os.environ["ITA_DB"] = str(db_path)
    shell_ms = _shell_ms(AppTest)
    rows = []
    for name, script in PAGES.items():
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300)
        at.query_params.update(PAGE_QUERY.get(name, {}))
        at.run()
        at.switch_page(script).run()
        queries = _cold_run_queries(at)
        if at.exception:
            raise SystemExit(f"{name}: {at.exception[0].message}")
        median_ms = _median_ms(at.run)
        queries_ms = _raw_query_ms(db_path, queries)
        floor_ms = queries_ms + shell_ms
        ratio = median_ms / floor_ms
        rows.append(
            {
                "page": name,
                "scale": scale,
                "median_ms": round(median_ms, 1),
                "floor_ms": round(floor_ms, 1),
                "ratio": round(ratio, 2),
                "queries": len(queries),
                "queries_ms": round(queries_ms, 1),
                "empty_run_ms": round(shell_ms, 1),
                "target_ratio": TARGET_RATIO,
                "target_ms": 300 if scale == 1 else 800,
                "meets_target": median_ms <= (300 if scale == 1 else 800) and (scale != 1 or ratio <= TARGET_RATIO),
            }
        )
    return rows


def empty_script_ms() -> float:
    """Return the warm AppTest run time of an empty script: Streamlit's own cost of a run, for reference."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("", default_timeout=60)
    at.run()
    return round(_median_ms(at.run), 1)


def _shell_ms(app_test: type) -> float:
    """Return the warm run time of app.py with the page's own script left out."""
    from streamlit.navigation.page import StreamlitPage

    at = app_test.from_file(str(PROJECT / "app.py"), default_timeout=300)
    at.run()
    with mock.patch.object(StreamlitPage, "run", lambda self: None):
        return _median_ms(at.run)


def _cold_run_queries(at: object) -> list[tuple[str, dict]]:
    """Run the page once with empty data caches; return the named queries it issued, in order."""
    import streamlit as st

    from ita_analytics import db

    issued = []
    query = db.query

    def recording(con: object, name: str, **params: object) -> object:
        issued.append((name, params))
        return query(con, name, **params)

    st.cache_data.clear()
    with mock.patch.object(db, "query", recording):
        at.run()
    return issued


def _raw_query_ms(db_path: Path, queries: list[tuple[str, dict]]) -> float:
    """Return the median time to run the queries one after another on a fresh connection, after one warm-up."""
    from ita_analytics import db

    with db.connect(db_path) as con:

        def run_all() -> None:
            for name, params in queries:
                db.query(con, name, **params)

        run_all()
        return _median_ms(run_all)


def _median_ms(action: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _year_box(page: object) -> object:
    """Return the sidebar's fiscal-year picker (by its label: the dataset picker stands above it)."""
    from ita_analytics import i18n

    return page.locator('[data-testid="stSidebar"]').get_by_role(
        "combobox", name=i18n.t("fiscal_year", "th"), exact=True
    )


def _change_year(page: object) -> float:
    """Pick another fiscal year in the sidebar; return seconds from the click until that rerun is over, drawn,
    nothing stale and the charts still (load.DONE_JS: the run state attribute alone can miss a whole run)."""
    page.wait_for_function(load.IDLE_JS, timeout=60_000)
    _year_box(page).click()
    option = page.locator('[role="option"]').nth(1)  # the year before the newest
    started = page.evaluate("() => window.__load.started")
    option.click()
    done = page.wait_for_function(
        load.DONE_JS, arg=[started, None, load.QUIET_MS], polling=load.POLL_MS, timeout=60_000
    )
    return (done.json_value() - page.evaluate("() => window.__load.down")) / 1000


def browser(db_path: Path) -> tuple[list[dict], float]:
    """Return, per page, the time from navigation to the main chart drawn, first load and after a change of the
    fiscal year (None on pages without it), and the server's peak RSS in MB over the whole visit."""
    sys.path.insert(0, str(PROJECT / "tests"))
    from browser_support import CHROMIUM_ARGS, chromium_path, peak_rss_mb, streamlit_process
    from playwright.sync_api import sync_playwright

    chart = ".js-plotly-plot .main-svg"
    rows = []
    with streamlit_process(db_path) as (base, server), sync_playwright() as playwright:
        browser_ = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser_.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(load._init_js())  # counts runs from the websocket, as the load run does
        page = context.new_page()
        page.goto(f"{base}/")  # one visit so the server has its connection and caches, as in daily use
        page.wait_for_selector(chart, timeout=120_000)
        for name in PAGES:
            query = "&".join(f"{k}={v}" for k, v in PAGE_QUERY.get(name, {}).items())
            url = f"{base}/{'' if name == 'overview' else name}?{query}"
            start = time.perf_counter()
            page.goto(url)
            if name in ("data", "sql", "indicators"):  # tables or a form, no chart: visited for the memory only
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
                page.wait_for_function(f"() => ({SCRIPT_STATE})() === 'notRunning'", timeout=60_000)
                continue
            page.wait_for_selector(chart, timeout=60_000)
            first = time.perf_counter() - start
            page.wait_for_function(load.IDLE_JS, timeout=60_000)
            # Pages the year does not change (the agency profile, score inflation) have no year in the sidebar.
            has_year = _year_box(page).count() > 0
            changed = round(_change_year(page), 2) if has_year else None
            rows.append(
                {
                    "page": name,
                    "first_load_s": round(first, 2),
                    "filter_change_s": changed,
                    "target_first_s": 3.0,
                    "target_change_s": 1.5,
                }
            )
        browser_.close()
        rss_mb = peak_rss_mb(server)
    return rows, round(rss_mb, 1)
