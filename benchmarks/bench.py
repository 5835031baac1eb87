"""`make bench`: time init, init --scale 10 and a one-year import through the CLI; print a table and JSON.

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

from ita_analytics import db  # noqa: E402
from ita_analytics.aggregate import export_results  # noqa: E402
from ita_analytics.filters import Filters  # noqa: E402

TARGETS = {"init": 5.0, "init --scale 10": 60.0, "import one year (8,325 rows)": 2.0}
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
    finally:
        shutil.rmtree(work, ignore_errors=True)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "steps": results}, indent=2))
    print(f"{'step':<32}{'median s':>10}{'min s':>8}{'target s':>10}{'peak RSS MB':>13}  ok")
    for r in results:
        print(f"{r['step']:<32}{r['median_s']:>10.2f}{r['min_s']:>8.2f}{r['target_s']:>10.1f}"
              f"{r['peak_rss_mb']:>13.0f}  {'yes' if r['meets_target'] else 'NO'}")
    print(f"(written to {OUT.relative_to(PROJECT)})")


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
    return results


if __name__ == "__main__":
    main()
