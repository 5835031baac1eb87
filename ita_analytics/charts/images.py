"""Charts as PNG and SVG files: kaleido drives Debian's Chromium, which draws Thai with the project's Sarabun.

How Sarabun reaches Chromium: kaleido turns a figure into SVG and, for PNG, draws that SVG as an image onto a
canvas. An SVG drawn as an image does not load web fonts (@font-face rules in kaleido's page do not reach it:
tried, the PNG came out in the fallback font), so Chromium must find Sarabun the way it finds system fonts,
through fontconfig. Rather than copying the faces into ~/.local/share/fonts (which only helps the user who ran
the install step, and makes Sarabun a system font for all their programs: the browser tests could then no
longer tell the app's web font from it), the Chromium that kaleido starts gets FONTCONFIG_FILE (fonts-conf(5))
naming a small file that includes the system's configuration and adds the directory of the pinned
fontpkg-sarabun package: the same TTFs the web app serves, whoever runs the app, with no install step. Only
that Chromium's environment changes (choreographer's documented `browser_cls` hook: a Chromium whose get_env
adds the variable), never this process's.
SVG keeps its text as text, so the SVG also carries the Regular and Bold faces (@font-face, base64) and
shows Sarabun wherever it is opened, not only where Sarabun is installed.

Chromium is BROWSER_PATH when that is an executable, else Debian's /usr/bin/chromium; kaleido is told the
path explicitly (choreographer would otherwise prefer a Chrome that `kaleido_get_chrome` downloaded).
Kaleido runs asyncio; every render runs its own event loop on a fresh thread, so any thread may call in,
including Streamlit's download threads and threads that already run a loop. Kaleido is imported lazily so
the command line starts fast.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar
from xml.sax.saxutils import escape

import plotly.graph_objects as go

#: Debian's Chromium (apt-get install chromium), used when BROWSER_PATH names no executable.
DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "install Chromium and Thai fonts, e.g. `apt-get install -y chromium fonts-thai-tlwg`, "
    "or set BROWSER_PATH to a Chromium or Chrome executable"
)
#: The size charts are exported at: a 16:9 slide (1200 × 675 layout pixels), PNG at twice that (2400 × 1350)
#: so it stays sharp on a projector. Charts taller than 675 px (long category lists, maps) keep their height.
SLIDE_WIDTH, SLIDE_HEIGHT, PNG_SCALE = 1200, 675, 2
#: Seconds one image may take once Chromium is up (kaleido's own timeout).
RENDER_TIMEOUT = 60
#: At most this many Chromium processes render at once (each takes ~150 MB and a second or two to start).
_SLOTS = threading.BoundedSemaphore(2)
_SETUP = threading.Lock()
_FONTCONFIG: Path | None = None
#: The faces embedded in SVG files: (CSS weight, file in fontpkg-sarabun).
_SVG_FACES = ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf"))

Format = Literal["png", "svg"]
T = TypeVar("T")
MIME_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}


class ChartImageUnavailable(RuntimeError):
    """No Chromium to draw chart images with; the message says what to install."""


def chromium_path() -> str | None:
    """Return the Chromium that draws chart images: BROWSER_PATH if executable, else Debian's, else None."""
    for candidate in (os.environ.get("BROWSER_PATH"), DEBIAN_CHROMIUM):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def export_size(fig: go.Figure) -> tuple[int, int]:
    """Return the (width, height) in layout pixels a chart is exported at: a slide, or taller if it is."""
    return SLIDE_WIDTH, max(SLIDE_HEIGHT, int(fig.layout.height or 0))


def figure_image(
    fig: go.Figure, fmt: Format = "png", width: int | None = None, height: int | None = None, scale: float = PNG_SCALE
) -> bytes:
    """Return the chart as PNG or SVG bytes, drawn by Chromium with Sarabun.

    width and height are layout pixels (default: export_size(fig)); a PNG is scale times that in pixels.
    Raises ChartImageUnavailable when no Chromium is found. Takes a second or two (Chromium starts).
    """
    return figure_images([fig], fmt, width, height, scale)[0]


def figure_images(
    figs: Sequence[go.Figure],
    fmt: Format = "png",
    width: int | None = None,
    height: int | None = None,
    scale: float = PNG_SCALE,
) -> list[bytes]:
    """Return each chart as PNG or SVG bytes (see figure_image), all drawn by one Chromium start."""
    if fmt not in MIME_TYPES:
        raise ValueError(f"fmt: {fmt!r} is not one of {', '.join(MIME_TYPES)}")
    browser = chromium_path()
    if browser is None:
        raise ChartImageUnavailable(f"Chart images need Chromium, and none was found: {INSTALL_HINT}.")
    with _SETUP:  # one thread at a time; the fontconfig file is written once per process
        os.environ["BROWSER_PATH"] = browser  # so plotly.io.to_image elsewhere in this process agrees
        _fontconfig_file()
    if not figs:
        return []
    jobs = []
    for fig in figs:
        default_width, default_height = export_size(fig)
        jobs.append(
            (
                fig,
                {
                    "format": fmt,
                    "width": width or default_width,
                    "height": height or default_height,
                    "scale": scale if fmt == "png" else 1,
                },
            )
        )
    with _SLOTS:
        images = _run_in_own_loop(lambda: _render(browser, jobs))
    return [_embed_sarabun(image) if fmt == "svg" else image for image in images]


async def _render(browser: str, jobs: list[tuple[go.Figure, dict]]) -> list[bytes]:
    import kaleido  # lazy: it imports choreographer and logistro, which the command line never needs

    # mathjax=False: no LaTeX in these charts, and kaleido would otherwise fetch MathJax from a CDN.
    async with kaleido.Kaleido(
        path=browser, browser_cls=_chromium_with_sarabun(), mathjax=False, timeout=RENDER_TIMEOUT
    ) as k:
        return [await k.calc_fig(fig, opts=opts) for fig, opts in jobs]


def _run_in_own_loop(make_coroutine: Callable[[], Coroutine[object, object, T]]) -> T:
    """Run a coroutine to completion on a new thread with its own event loop; return or raise its outcome."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(make_coroutine())
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="chart-images", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@functools.cache
def _chromium_with_sarabun() -> type:
    """Return choreographer's Chromium, started with FONTCONFIG_FILE pointing at a configuration with Sarabun."""
    from choreographer.browsers import Chromium

    class ChromiumWithSarabun(Chromium):
        def get_env(self):  # noqa: ANN202 - choreographer's signature
            return {**super().get_env(), "FONTCONFIG_FILE": str(_FONTCONFIG)}  # written before the render

    return ChromiumWithSarabun


@functools.cache
def _sarabun_dir() -> Path:
    import fontpkg_sarabun  # the pinned package the web app's faces come from (tools/install_fonts.py)

    return Path(fontpkg_sarabun.ROOT) / "files"


def _fontconfig_file() -> str:
    """Return a fontconfig file (written once per process): the system's configuration plus the Sarabun faces."""
    global _FONTCONFIG
    if _FONTCONFIG is None or not _FONTCONFIG.is_file():  # written again if a /tmp clean-up removed it
        system = os.environ.get("FONTCONFIG_FILE")
        if not (system and os.path.isabs(system) and os.path.isfile(system)):
            system = "/etc/fonts/fonts.conf"
        folder = tempfile.mkdtemp(prefix="ita-fontconfig-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = Path(folder) / "fonts.conf"
        path.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{escape(system)}</include>\n'
            f"  <dir>{escape(str(_sarabun_dir()))}</dir>\n</fontconfig>\n",
            encoding="utf-8",
        )
        _FONTCONFIG = path
    return str(_FONTCONFIG)


@functools.cache
def _sarabun_style() -> str:
    """Return a <style> element with Sarabun's Regular and Bold faces as data: URLs."""
    faces = []
    for weight, name in _SVG_FACES:
        data = base64.b64encode((_sarabun_dir() / name).read_bytes()).decode("ascii")
        faces.append(
            f'@font-face{{font-family:"Sarabun";font-style:normal;font-weight:{weight};'
            f'src:url(data:font/ttf;base64,{data}) format("truetype");}}'
        )
    return f"<style>{''.join(faces)}</style>"


def _embed_sarabun(svg: bytes) -> bytes:
    """Return the SVG with Sarabun's faces in a <style> right after its opening <svg> tag."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0:
        raise ValueError("kaleido returned no <svg> element")
    return (text[: end + 1] + _sarabun_style() + text[end + 1 :]).encode("utf-8")
