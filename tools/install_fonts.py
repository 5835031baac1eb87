"""Copy the Sarabun web font (SIL OFL 1.1, from the fontpkg-sarabun package) to static/fonts for the app.

Streamlit serves ./static at /app/static when server.enableStaticServing is on; .streamlit/config.toml
declares the faces. Run by `make run` and `make test`; the copies are git-ignored.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import fontpkg_sarabun

WEIGHTS = ("Regular", "Medium", "SemiBold", "Bold")
TARGET = Path(__file__).resolve().parents[1] / "static" / "fonts"


def main() -> int:
    """Copy the faces the theme declares, and the licence beside them."""
    TARGET.mkdir(parents=True, exist_ok=True)
    source = Path(fontpkg_sarabun.ROOT)
    for weight in WEIGHTS:
        shutil.copyfile(source / "files" / f"Sarabun-{weight}.ttf", TARGET / f"Sarabun-{weight}.ttf")
    shutil.copyfile(source / "LICENSE", TARGET / "OFL.txt")
    print(f"Sarabun ({', '.join(WEIGHTS)}) copied to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
