"""The benchmark's measuring code (benchmarks/): each page's queries found, floors and ratios reported honestly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ita_analytics import config
from ita_analytics.filters import Filters

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "benchmarks"))

import bench  # noqa: E402  (benchmarks/bench.py)
import pages  # noqa: E402  (benchmarks/pages.py)
from conftest import open_view  # noqa: E402


def test_a_cold_run_records_the_queries_of_the_page_and_sidebar(monkeypatch, tiny_db, fresh_caches):
    at = open_view(monkeypatch, tiny_db, "ita_cpi")
    names = [name for name, _ in pages._cold_run_queries(at)]
    # the sidebar's years, the page's ITA series, CPI series, ASEAN peers and sources, and the targets
    assert {"national_series", "cpi_series", "cpi_comparison", "cpi_sources", "targets"} <= set(names)
    assert all((config.QUERIES_DIR / f"{name}.sql").is_file() for name in names)
    assert not at.exception


def test_a_warm_run_issues_no_query(monkeypatch, tiny_db, fresh_caches):
    at = open_view(monkeypatch, tiny_db, "overview")
    issued = []
    from ita_analytics import db

    query = db.query
    monkeypatch.setattr(db, "query", lambda con, name, **params: issued.append(name) or query(con, name, **params))
    at.run()
    assert issued == []


def test_raw_query_time_runs_the_recorded_queries(tiny_db):
    queries = [("national_series", Filters().params()), ("targets", {})]
    assert pages._raw_query_ms(tiny_db, queries) > 0
    with pytest.raises(KeyError, match="no_such_query"):
        pages._raw_query_ms(tiny_db, [("no_such_query", {})])


def test_every_page_row_has_its_floor_and_ratio(monkeypatch, tiny_db, fresh_caches):
    monkeypatch.setattr(pages, "PAGES", {"overview": "views/overview.py", "sql": "views/sql_console.py"})
    monkeypatch.setattr(pages, "RUNS", 2)
    rows = pages.server_side(tiny_db, 1)
    assert [r["page"] for r in rows] == ["overview", "sql"]
    for row in rows:
        assert row["floor_ms"] == pytest.approx(row["queries_ms"] + row["empty_run_ms"], abs=0.11)
        assert row["ratio"] == pytest.approx(row["median_ms"] / row["floor_ms"], abs=0.01)
        assert row["meets_target"] == (row["ratio"] <= pages.TARGET_RATIO and row["median_ms"] <= 300)
    overview, sql = rows
    assert overview["queries"] > sql["queries"] >= 1  # the console page still runs the sidebar's query


def test_the_table_marks_each_missed_target(capsys):
    results = {
        "steps": [{"step": "init", "median_s": 2.5, "target_s": 5.0, "peak_rss_mb": 270, "meets_target": True}],
        "pages": [
            {
                "page": "types",
                "scale": 1,
                "median_ms": 90.0,
                "floor_ms": 40.0,
                "ratio": 2.25,
                "target_ratio": 1.5,
                "target_ms": 300,
                "meets_target": False,
            }
        ],
        "browser": [
            {
                "page": "overview",
                "first_load_s": 2.0,
                "filter_change_s": 0.5,
                "target_first_s": 3.0,
                "target_change_s": 1.5,
            },
            {
                "page": "agency",
                "first_load_s": 1.2,
                "filter_change_s": None,
                "target_first_s": 3.0,
                "target_change_s": 1.5,
            },
        ],  # no year in its sidebar
        "rss_mb": 620.0,
        "rss_target_mb": 500,
        "load": {
            "sessions": 10,
            "changes_per_session": 10,
            "think_s": [3.0, 6.0],
            "p50_s": 0.8,
            "p95_s": 1.7,
            "target_p95_s": 2.0,
            "errors": 1,
            "server_peak_rss_mb": 640.0,
            "overlap": {"slowest": {"n": 5, "median": 6, "max": 8}, "rest": {"n": 95, "median": 2, "max": 5}},
        },
        "load_stress": {
            "sessions": 10,
            "changes_per_session": 10,
            "think_s": [0.5, 1.0],
            "p50_s": 2.4,
            "p95_s": 4.3,
            "target_p95_s": 2.0,
            "errors": 0,
            "server_peak_rss_mb": 480.0,
            "browsers": {"nice": 10},
            "server_cpu_wait_s": 3.2,
        },
        "load_equal": {
            "sessions": 10,
            "changes_per_session": 10,
            "think_s": [3.0, 6.0],
            "p50_s": 0.9,
            "p95_s": 2.3,
            "target_p95_s": 2.0,
            "errors": 0,
            "server_peak_rss_mb": 470.0,
            "browsers": None,
            "server_cpu_wait_s": 41.5,
        },
    }
    bench._print_table(results)
    lines = {line.split("  ")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert lines["init"].endswith("yes")
    assert "40 ms" in lines["page types (warm server run)"] and "2.25" in lines["page types (warm server run)"]
    assert lines["page types (warm server run)"].endswith("NO")
    assert lines["server peak RSS (browser visit)"].endswith("NO")
    assert lines["page overview (browser, year change)"].endswith("yes")
    assert (
        lines["page agency (browser, to chart)"].endswith("yes") and "page agency (browser, year change)" not in lines
    )
    assert lines["load: 10 sessions × 10 changes, think 3–6 s, p95"].endswith("yes")
    assert lines["load: 10 sessions × 10 changes, think 3–6 s, errors"].endswith("NO")
    assert lines["load: 10 sessions × 10 changes, think 0.5–1 s, p95"].endswith("NO")  # each run against the target
    assert lines["load: 10 sessions × 10 changes, think 0.5–1 s, errors"].endswith("yes")
    overlap = "load: 10 sessions × 10 changes, think 3–6 s, other changes under way during the slowest (median / max)"
    assert "6 / 8" in lines[overlap]
    # the reading run again with the browsers on equal terms with the server: labelled, and held to the target too
    equal = "load: 10 sessions × 10 changes, think 3–6 s, browsers on equal terms"
    assert lines[f"{equal}, p95"].endswith("NO") and "2.30 s" in lines[f"{equal}, p95"]
    assert "41.5 s" in lines[f"{equal}, server's wait for a CPU"]
    assert "3.2 s" in lines["load: 10 sessions × 10 changes, think 0.5–1 s, server's wait for a CPU"]


def test_a_load_run_that_timed_nothing_fails_its_target(capsys):
    results = {
        "steps": [],
        "pages": [],
        "browser": [],
        "rss_mb": 400.0,
        "rss_target_mb": 500,
        "load": {
            "sessions": 10,
            "changes_per_session": 10,
            "p50_s": None,
            "p95_s": None,
            "target_p95_s": 2.0,
            "errors": 100,
            "server_peak_rss_mb": 300.0,
        },
    }
    bench._print_table(results)
    lines = {line.split("  ")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    assert lines["load: 10 sessions × 10 changes, p95"].endswith("NO")
    assert lines["server peak RSS (browser visit)"].endswith("yes")


@pytest.mark.browser
@pytest.mark.slow
def test_a_small_load_run_times_every_change_in_real_browsers(demo_db):
    """Two sessions of three changes each (year, type or region, as the full run makes them): every change is
    timed from the click to the updated chart, none fails, and the server's memory and CPU are reported."""
    import load  # noqa: PLC0415  (benchmarks/load.py)

    run = load.run(demo_db, sessions=2, changes=3, think_s=(0.2, 0.4))
    assert run["errors"] == 0, run["error_samples"]
    assert run["timed"] == run["changes"] == 6
    assert 0 < run["p50_s"] <= run["p95_s"] <= run["max_s"]
    assert sum(spread["n"] for spread in run["by_kind"].values()) == 6 and "year" in run["by_kind"]
    assert {page: spread["n"] for page, spread in run["by_page"].items()} == {load.PAGES[0]: 3, load.PAGES[1]: 3}
    assert run["until_run_over_s"]["p50_s"] <= run["p50_s"]  # the run is over before the chart is drawn
    assert run["server_peak_rss_mb"] > 50 and run["cpu_s"]["server"] > 0 and run["cpu_s"]["chromium"] > 0
    # a session's own changes follow one another, so a change can overlap only the other session's
    slowest, rest = run["overlap"]["slowest"], run["overlap"]["rest"]
    assert slowest["n"] >= 1 and slowest["n"] + rest["n"] == 6
    assert 0 <= slowest["max"] <= 1 and 0 <= rest["max"] <= 1
    # the browsers yielded to the server once the pages were open: every thread of every Chromium process
    lowered = run["browsers"]
    assert lowered["nice"] == load.BROWSER_NICE and lowered["processes"] >= 3  # browser, GPU or utility, renderers
    assert lowered["threads_at_nice"] == lowered["threads"] > lowered["processes"]
    assert lowered["autogroups"] == (1 if Path("/proc/self/autogroup").exists() else 0)
    assert run["server_cpu_wait_s"] >= 0


def test_browsers_yield_to_the_server_by_their_session_and_every_thread(tmp_path):
    """A stand-in for Chromium (a program named chrom…, in a session of its own as Playwright starts it) is found
    among our browsers and set to BROWSER_NICE, its session's autogroup too; our own session and priority are
    left alone."""
    import os  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    import load  # noqa: PLC0415  (benchmarks/load.py)

    fake = tmp_path / "chromium"
    shutil.copy(shutil.which("sleep"), fake)
    own_nice, own_group = os.getpriority(os.PRIO_PROCESS, 0), _autogroup("self")
    browser = subprocess.Popen([str(fake), "30"], start_new_session=True)
    try:
        assert browser.pid in load._browser_pids()
        lowered = load._yield_to_server(load.BROWSER_NICE, {browser.pid})
        assert lowered["processes"] == 1 and lowered["threads"] == lowered["threads_at_nice"] == 1
        assert os.getpriority(os.PRIO_PROCESS, browser.pid) == load.BROWSER_NICE
        if own_group is not None:  # a kernel with autogroups: the browser's session yields, ours does not
            assert lowered["autogroups"] == 1
            assert _autogroup(browser.pid).endswith(f"nice {load.BROWSER_NICE}")
            assert _autogroup("self") == own_group
        assert os.getpriority(os.PRIO_PROCESS, 0) == own_nice
    finally:
        browser.kill()
        browser.wait()


def _autogroup(pid: object) -> str | None:
    path = Path(f"/proc/{pid}/autogroup")
    return path.read_text().strip() if path.exists() else None
