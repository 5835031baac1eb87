"""Page timings for `make bench`: warm server-side runs (AppTest) and browser time to the main chart."""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PAGES = {"overview": "views/overview.py", "types": "views/agency_types.py", "regions": "views/regions.py",
         "ita-cpi": "views/ita_cpi.py", "agency": "views/agency_profile.py", "data": "views/data_sources.py",
         "correlations": "views/correlations.py", "inflation": "views/inflation.py", "sql": "views/sql_console.py",
         "briefing": "views/briefing.py", "indicators": "views/indicators.py", "oversight": "views/oversight.py"}
#: Query string each page is measured with (the agency page needs an agency to show its chart).
PAGE_QUERY = {"agency": {"agency": "SAO-00012"}}
RUNS = 5


def server_side(db_path: Path, scale: int) -> list[dict]:
    """Return the median warm AppTest run time of every page against db_path."""
    from streamlit.testing.v1 import AppTest

    os.environ["ITA_DB"] = str(db_path)
    rows = []
    for name, script in PAGES.items():
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300)
        at.query_params.update(PAGE_QUERY.get(name, {}))
        at.run()
        at.switch_page(script).run()  # warms the caches
        if at.exception:
            raise SystemExit(f"{name}: {at.exception[0].message}")
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        rows.append({"page": name, "scale": scale, "median_ms": round(statistics.median(times), 1),
                     "target_ms": 300 if scale == 1 else 800})
    return rows


def _change_year(page: object, chart: str) -> float:
    """Pick another fiscal year in the sidebar; return seconds until the rerun ends with the chart drawn."""
    state = "() => document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState"
    page.wait_for_function(f"() => ({state})() === 'notRunning'", timeout=60_000)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    option = page.locator('[role="option"]').nth(1)  # the year before the newest
    start = time.perf_counter()
    option.click()
    try:  # the rerun may start and end between two polls; then the first wait simply times out
        page.wait_for_function(f"() => ({state})() !== 'notRunning'", timeout=2_000)
    except Exception:  # noqa: BLE001 — playwright's TimeoutError; the state is checked again below
        pass
    page.wait_for_function(f"() => ({state})() === 'notRunning'", timeout=60_000)
    page.wait_for_selector(chart, timeout=60_000)
    return time.perf_counter() - start


def browser(db_path: Path) -> list[dict]:
    """Return, per page, the time from navigation to the main chart drawn, first load and after a filter change."""
    sys.path.insert(0, str(PROJECT / "tests"))
    from browser_support import CHROMIUM_ARGS, chromium_path, streamlit_server
    from playwright.sync_api import sync_playwright

    chart = ".js-plotly-plot .main-svg"
    rows = []
    with streamlit_server(db_path) as base, sync_playwright() as playwright:
        browser_ = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser_.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/")  # one visit so the server has its connection and caches, as in daily use
        page.wait_for_selector(chart, timeout=120_000)
        for name in PAGES:
            if name in ("data", "sql", "indicators"):
                continue  # tables or a form, no chart
            query = "&".join(f"{k}={v}" for k, v in PAGE_QUERY.get(name, {}).items())
            url = f"{base}/{'' if name == 'overview' else name}?{query}"
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(chart, timeout=60_000)
            first = time.perf_counter() - start
            changed = _change_year(page, chart)
            rows.append({"page": name, "first_load_s": round(first, 2), "filter_change_s": round(changed, 2),
                         "target_first_s": 3.0, "target_change_s": 1.5})
        browser_.close()
    return rows
