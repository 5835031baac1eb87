"""`make bench`: CLI steps, every page against its floor, browser timings, server memory and a load run; one table.

Each step runs as its own process, as a data administrator would run it, so the times include
interpreter start-up and the memory column is that process's peak resident set (ru_maxrss).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
# AppTest runs pages without a server; Streamlit warns about that on every run, burying the table.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
sys.path.insert(0, str(PROJECT / "benchmarks"))

import load  # noqa: E402  (benchmarks/load.py)
import pages  # noqa: E402  (benchmarks/pages.py)

from ita_analytics import db  # noqa: E402
from ita_analytics.aggregate import export_results  # noqa: E402
from ita_analytics.filters import Filters  # noqa: E402

TARGETS = {
    "init": 5.0,
    "init --scale 10": 60.0,
    "import one year (8,325 rows)": 2.0,
    "briefing deck (national, th)": 5.0,
    "briefing deck at 10× (province)": 5.0,
}
RSS_TARGET_MB = 500  # the server's peak resident set at 1× (issue #6)
OUT = PROJECT / ".bench" / "results.json"


def _run(*args: str) -> tuple[float, float]:
    """Run the CLI once; return (seconds, peak RSS in MB) of that process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "ita_analytics", *args], cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"python -m ita_analytics {' '.join(args)} failed: {child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def _measure(name: str, repeats: int, make_args) -> dict:
    runs = [_run(*make_args(i)) for i in range(repeats)]
    seconds = [s for s, _ in runs]
    return {
        "step": name,
        "runs": repeats,
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "peak_rss_mb": round(max(m for _, m in runs), 1),
        "target_s": TARGETS[name],
        "meets_target": statistics.median(seconds) <= TARGETS[name],
    }


def main() -> None:
    """Run every step, print one table and write it as JSON."""
    work = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    try:
        steps = _run_steps(work)
        server = pages.server_side(work / "init0.duckdb", 1) + pages.server_side(work / "scale10.duckdb", 10)
        browser, rss_mb = pages.browser(work / "init0.duckdb")
        loaded = load.run(work / "init0.duckdb")
        stressed = load.run(work / "init0.duckdb", think_s=load.STRESS_THINK_S)
        # The reading run again with the browsers on equal terms with the server (load.BROWSER_NICE says why
        # they yield in the others): how much of a change's time the browsers' share of these two cores took.
        equal = load.run(work / "init0.duckdb", browsers_yield=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {
        "machine": f"{os.cpu_count()} cores",
        "steps": steps,
        "pages": server,
        "empty_script_ms": pages.empty_script_ms(),
        "browser": browser,
        "rss_mb": rss_mb,
        "rss_target_mb": RSS_TARGET_MB,
        "load": loaded,
        "load_stress": stressed,
        "load_equal": equal,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    _print_table(results)
    print(f"(written to {OUT.relative_to(PROJECT)})")


def _print_table(results: dict) -> None:
    """Print every measurement as one table: what, scale, value, floor, ratio, target, peak memory, met."""
    rows = [
        (
            r["step"],
            "",
            f"{r['median_s']:.2f} s",
            "",
            "",
            f"≤ {r['target_s']:g} s",
            f"{r['peak_rss_mb']:.0f}",
            r["meets_target"],
        )
        for r in results["steps"]
    ]
    for r in results["pages"]:
        target = f"≤ {r['target_ratio']}× floor, {r['target_ms']} ms" if r["scale"] == 1 else f"≤ {r['target_ms']} ms"
        rows.append(
            (
                f"page {r['page']} (warm server run)",
                f"{r['scale']}×",
                f"{r['median_ms']:.0f} ms",
                f"{r['floor_ms']:.0f} ms",
                f"{r['ratio']:.2f}",
                target,
                "",
                r["meets_target"],
            )
        )
    for r in results["browser"]:
        rows.append(
            (
                f"page {r['page']} (browser, to chart)",
                "1×",
                f"{r['first_load_s']:.2f} s",
                "",
                "",
                f"≤ {r['target_first_s']:g} s",
                "",
                r["first_load_s"] <= r["target_first_s"],
            )
        )
        if r["filter_change_s"] is not None:
            rows.append(
                (
                    f"page {r['page']} (browser, year change)",
                    "1×",
                    f"{r['filter_change_s']:.2f} s",
                    "",
                    "",
                    f"≤ {r['target_change_s']:g} s",
                    "",
                    r["filter_change_s"] <= r["target_change_s"],
                )
            )
    rows.append(
        (
            "server peak RSS (browser visit)",
            "1×",
            f"{results['rss_mb']:.0f} MB",
            "",
            "",
            f"≤ {results['rss_target_mb']} MB",
            f"{results['rss_mb']:.0f}",
            results["rss_mb"] <= results["rss_target_mb"],
        )
    )
    for run in filter(None, (results["load"], results.get("load_stress"), results.get("load_equal"))):
        rows += _load_rows(run)
    header = ("measurement", "scale", "value", "floor", "ratio", "target", "peak MB", "ok")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(7)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  ok")
    for row in rows:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells) + "  " + ("" if row[7] is None else _ok(row[7])))


def _load_rows(run: dict) -> list[tuple]:
    """Return the table rows of one load run: p50, p95 (with its target), the server's share, errors."""
    think = run.get("think_s")
    label = (
        f"load: {run['sessions']} sessions × {run['changes_per_session']} changes"
        + (f", think {think[0]:g}–{think[1]:g} s" if think else "")
        + (", browsers on equal terms" if "browsers" in run and run["browsers"] is None else "")
    )
    timed = run["p95_s"] is not None  # None when no change could be timed: then the target is not met
    server = run.get("until_run_over_s", {})
    rows = [
        (f"{label}, p50", "1×", f"{run['p50_s']:.2f} s" if timed else "–", "", "", "", "", None),
        (
            f"{label}, p95",
            "1×",
            f"{run['p95_s']:.2f} s" if timed else "–",
            "",
            "",
            f"≤ {run['target_p95_s']:g} s",
            f"{run['server_peak_rss_mb']:.0f}",
            timed and run["p95_s"] <= run["target_p95_s"],
        ),
    ]
    if server.get("p95_s") is not None:  # the server's share: from the click to its message that the run is over
        rows.append((f"{label}, p95 to the server's run over", "1×", f"{server['p95_s']:.2f} s", "", "", "", "", None))
    slowest = run.get("overlap", {}).get("slowest", {})
    if slowest.get("n"):  # why the slowest were slow: other sessions' changes under way on the same two cores
        rows.append(
            (
                f"{label}, other changes under way during the slowest (median / max)",
                "1×",
                f"{slowest['median']:g} / {slowest['max']}",
                "",
                "",
                "",
                "",
                None,
            )
        )
    if run.get("server_cpu_wait_s") is not None:  # the server ready to run, waiting for a CPU the browsers held
        rows.append(
            (f"{label}, server's wait for a CPU", "1×", f"{run['server_cpu_wait_s']:.1f} s", "", "", "", "", None)
        )
    rows.append((f"{label}, errors", "1×", str(run["errors"]), "", "", "0", "", run["errors"] == 0))
    return rows


def _ok(met: bool) -> str:
    return "yes" if met else "NO"


def _run_steps(work: Path) -> list[dict]:
    """Return the measurements of every step, using work as scratch space."""
    results = [_measure("init", 3, lambda i: ("init", "--db", str(work / f"init{i}.duckdb")))]
    results.append(
        _measure("init --scale 10", 1, lambda i: ("init", "--scale", "10", "--db", str(work / "scale10.duckdb")))
    )
    with db.connect(work / "init0.duckdb") as con:
        year = export_results(con, Filters(years=[2024]))
    csv = work / "fy2567.csv"
    year.to_csv(csv, index=False, encoding="utf-8-sig")
    results.append(
        _measure(
            "import one year (8,325 rows)", 3, lambda i: ("import-ita", str(csv), "--db", str(work / "init1.duckdb"))
        )
    )
    results.append(
        _measure(
            "briefing deck (national, th)",
            3,
            lambda i: (
                "briefing",
                "--year",
                "2568",
                "--out",
                str(work / "brief.pptx"),
                "--db",
                str(work / "init0.duckdb"),
            ),
        )
    )
    results.append(
        _measure(
            "briefing deck at 10× (province)",
            3,
            lambda i: (
                "briefing",
                "--year",
                "2568",
                "--scope",
                "province:50",
                "--out",
                str(work / "brief10.pptx"),
                "--db",
                str(work / "scale10.duckdb"),
            ),
        )
    )
    return results


if __name__ == "__main__":
    main()
