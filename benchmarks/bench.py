"""`make bench`: time init, init --scale 10, a one-year import and a briefing deck through the CLI; print a table and JSON.

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
sys.path.insert(0, str(PROJECT / "benchmarks"))

from ita_analytics import db  # noqa: E402
from ita_analytics.aggregate import export_results  # noqa: E402
from ita_analytics.filters import Filters  # noqa: E402

import pages  # noqa: E402  (benchmarks/pages.py)

TARGETS = {"init": 5.0, "init --scale 10": 60.0, "import one year (8,325 rows)": 2.0,
           "briefing deck (national, th)": 5.0, "briefing deck at 10× (province)": 5.0}
OUT = PROJECT / ".bench" / "results.json"


def _run(*args: str) -> tuple[float, float]:
    """Run the CLI once; return (seconds, peak RSS in MB) of that process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "ita_analytics", *args], cwd=PROJECT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"python -m ita_analytics {' '.join(args)} failed: {child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def _measure(name: str, repeats: int, make_args) -> dict:
    runs = [_run(*make_args(i)) for i in range(repeats)]
    seconds = [s for s, _ in runs]
    return {"step": name, "runs": repeats, "median_s": round(statistics.median(seconds), 3),
            "min_s": round(min(seconds), 3), "peak_rss_mb": round(max(m for _, m in runs), 1),
            "target_s": TARGETS[name], "meets_target": statistics.median(seconds) <= TARGETS[name]}


def main() -> None:
    """Run every step and print the table."""
    work = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    try:
        results = _run_steps(work)
        server = pages.server_side(work / "init0.duckdb", 1) + pages.server_side(work / "scale10.duckdb", 10)
        browser = pages.browser(work / "init0.duckdb")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "steps": results, "pages": server,
                               "browser": browser}, indent=2))
    print(f"{'step':<32}{'median s':>10}{'min s':>8}{'target s':>10}{'peak RSS MB':>13}  ok")
    for r in results:
        print(f"{r['step']:<32}{r['median_s']:>10.2f}{r['min_s']:>8.2f}{r['target_s']:>10.1f}"
              f"{r['peak_rss_mb']:>13.0f}  {_ok(r['meets_target'])}")
    print(f"\n{'page (warm server run)':<32}{'scale':>6}{'median ms':>11}{'target ms':>11}  ok")
    for r in server:
        print(f"{r['page']:<32}{r['scale']:>5}×{r['median_ms']:>11.0f}{r['target_ms']:>11}  "
              f"{_ok(r['median_ms'] <= r['target_ms'])}")
    print(f"\n{'page (browser, to chart drawn)':<32}{'first s':>9}{'target':>8}{'change s':>10}{'target':>8}  ok")
    for r in browser:
        ok = r["first_load_s"] <= r["target_first_s"] and r["filter_change_s"] <= r["target_change_s"]
        print(f"{r['page']:<32}{r['first_load_s']:>9.2f}{r['target_first_s']:>8.1f}{r['filter_change_s']:>10.2f}"
              f"{r['target_change_s']:>8.1f}  {_ok(ok)}")
    print(f"(written to {OUT.relative_to(PROJECT)})")


def _ok(met: bool) -> str:
    return "yes" if met else "NO"


def _run_steps(work: Path) -> list[dict]:
    """Return the measurements of every step, using work as scratch space."""
    results = [_measure("init", 3, lambda i: ("init", "--db", str(work / f"init{i}.duckdb")))]
    results.append(_measure("init --scale 10", 1,
                            lambda i: ("init", "--scale", "10", "--db", str(work / "scale10.duckdb"))))
    with db.connect(work / "init0.duckdb") as con:
        year = export_results(con, Filters(years=[2024]))
    csv = work / "fy2567.csv"
    year.to_csv(csv, index=False, encoding="utf-8-sig")
    results.append(_measure("import one year (8,325 rows)", 3,
                            lambda i: ("import-ita", str(csv), "--db", str(work / "init1.duckdb"))))
    results.append(_measure("briefing deck (national, th)", 3, lambda i: (
        "briefing", "--year", "2568", "--out", str(work / "brief.pptx"), "--db", str(work / "init0.duckdb"))))
    results.append(_measure("briefing deck at 10× (province)", 3, lambda i: (
        "briefing", "--year", "2568", "--scope", "province:50", "--out", str(work / "brief10.pptx"),
        "--db", str(work / "scale10.duckdb"))))
    return results


if __name__ == "__main__":
    main()
