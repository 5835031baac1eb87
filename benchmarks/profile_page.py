"""Profile one page's warm runs with pyinstrument: `make profile PAGE=ita-cpi [DB=path]`.

The profiler is started inside Streamlit's script thread (around the page's own script), so the report
shows where a warm run of that page spends its time, not AppTest's waiting.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from unittest import mock

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import pages  # noqa: E402  (benchmarks/pages.py)


def profile(name: str, db_path: Path, runs: int) -> str:
    """Return pyinstrument's text report of `runs` warm runs of the page `name` against db_path."""
    from pyinstrument import Profiler
    from streamlit.navigation.page import StreamlitPage
    from streamlit.testing.v1 import AppTest

    os.environ["ITA_DB"] = str(db_path)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300)
    at.query_params.update(pages.PAGE_QUERY.get(name, {}))
    at.run()
    at.switch_page(pages.PAGES[name]).run()
    if at.exception:
        raise SystemExit(f"{name}: {at.exception[0].message}")
    profiler = Profiler(interval=0.0005)
    run_page = StreamlitPage.run

    def profiled(page: StreamlitPage) -> None:
        profiler.start()
        try:
            run_page(page)
        finally:
            profiler.stop()

    with mock.patch.object(StreamlitPage, "run", profiled):
        for _ in range(runs):
            at.run()
    return profiler.output_text(unicode=True, color=False, show_all=False)


def main() -> None:
    """Parse the command line and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=sorted(pages.PAGES))
    parser.add_argument("--db", type=Path, default=PROJECT / "data" / "ita.duckdb")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(profile(args.page, args.db, args.runs))


if __name__ == "__main__":
    main()
