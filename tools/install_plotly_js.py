"""Copy plotly.js (MIT) from the installed plotly package to static/ for the app's charts (dashboard/live_chart/).

The charts load it from /app/static/plotly.min.js, so it is the very plotly.js that plotly.py writes its
figures for. Run by `make run` and `make test` (again whenever requirements.txt changes); the copy is git-ignored.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import plotly

SOURCE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
TARGET = Path(__file__).resolve().parents[1] / "static" / "plotly.min.js"


def main() -> int:
    """Copy plotly.min.js next to the fonts, atomically (a running app never serves half a file)."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    partial = TARGET.with_suffix(".js.tmp")
    shutil.copyfile(SOURCE, partial)
    os.replace(partial, TARGET)
    print(f"plotly.js of plotly.py {plotly.__version__} copied to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
