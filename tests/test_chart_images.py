"""Chart images: PNG and SVG drawn by Debian's Chromium through kaleido, with the project's Sarabun for Thai.

Chromium is a requirement of the test set-up (`make test` installs it), never a reason to skip. Each render
starts Chromium (a few seconds), so the PNG checks share one start through figure_images.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import re
import subprocess
import threading
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from browser_support import chromium_path as required_chromium
from conftest import charts, open_view
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.components import md_escape
from ita_analytics import i18n
from ita_analytics.charts import images, ita, theme

# Two Thai titles with the same number of code points: drawn as tofu boxes they would look alike.
TITLE = "การประเมินคุณธรรมของหน่วยงานภาครัฐ"
OTHER_TITLE = "ความโปร่งใสในการดำเนินงานของรัฐบาล"
# Unassigned code points of the Thai block: no font has them, so they are drawn as tofu (the control).
TOFU, OTHER_TOFU = "\u0e5c" * len(TITLE), "\u0e5d" * len(TITLE)
WITHOUT_SARABUN = theme.FONT_FAMILY.replace("Sarabun, ", "")
SLIDE_PNG = (images.SLIDE_WIDTH * images.PNG_SCALE, images.SLIDE_HEIGHT * images.PNG_SCALE)
TITLE_BAND = 140  # PNG pixels from the top (scale 2) that hold the title and nothing else


@pytest.fixture(autouse=True)
def _chromium_is_installed():
    required_chromium()  # a clear error, not a skip, when the set-up is broken


pytestmark = [pytest.mark.usefixtures("fresh_caches"), pytest.mark.browser]


def by_region() -> pd.DataFrame:
    regions = ["central", "central_admin", "east", "north", "northeast", "south", "west"]
    return pd.DataFrame(
        {
            "fiscal_year": [2025] * 7,
            "region": regions,
            "agencies": range(10, 17),
            "mean_score": [93.6, 96.8, 93.1, 94.1, 94.0, 92.9, 93.2],
            "median_score": [95.0] * 7,
            "pass_rate": [0.93, 0.99, 0.91, 0.94, 0.95, 0.92, 0.90],
        }
    )


def region_chart(title: str | None = None, font: str | None = None) -> go.Figure:
    """The project's region bars in Thai (Thai region names on the axis), optionally retitled or refonted."""
    fig = ita.region_bars(by_region(), "mean_score", "th")
    if title is not None:
        fig.update_layout(title_text=title)
    if font is not None:
        fig.update_layout(font_family=font)
    return fig


def png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def pixels(image: Image.Image, band: int | None = None) -> np.ndarray:
    rgb = image.convert("RGB")
    return np.asarray(rgb.crop((0, 0, rgb.width, band)) if band else rgb, dtype=np.int16)


def changed(a: Image.Image, b: Image.Image, band: int = TITLE_BAND) -> int:
    """How many pixels of the title band differ between two renders."""
    return int((np.abs(pixels(a, band) - pixels(b, band)).sum(axis=2) > 0).sum())


def assert_drawn(image: Image.Image) -> None:
    """Not blank: many colours (anti-aliased text, bars) and a good share of non-white pixels."""
    rgb = pixels(image)
    colours = len(image.convert("RGB").getcolors(1 << 24))
    ink = float((rgb.sum(axis=2) < 3 * 250).mean())
    assert colours > 50 and 0.01 < ink < 0.9, (colours, ink)


# --- PNG ------------------------------------------------------------------------------------------


def test_png_is_slide_sized_and_draws_thai_in_sarabun():
    assert len(TITLE) == len(OTHER_TITLE)
    renders = images.figure_images(
        [
            region_chart(TITLE),
            region_chart(""),
            region_chart(OTHER_TITLE),
            region_chart(TITLE, WITHOUT_SARABUN),
            region_chart(TOFU),
            region_chart(OTHER_TOFU),
        ]
    )
    titled, untitled, other, fallback, tofu, other_tofu = map(png, renders)
    for image in (titled, untitled, other, fallback):
        assert image.size == SLIDE_PNG  # 1200 × 675 layout pixels at scale 2
        assert_drawn(image)
    # The title is drawn: its band differs a lot from the same chart without a title...
    ink = pixels(titled, TITLE_BAND).sum(axis=2) < 3 * 200
    columns = np.nonzero(ink.any(axis=0))[0]
    assert ink.sum() > 2000 and columns.max() - columns.min() > 400, (ink.sum(), columns)
    assert changed(titled, untitled) > 2000
    # ...as real glyphs, not tofu: two different Thai titles of equal length differ a lot (~8000 pixels; drawn
    # with no Thai font they differ by ~800, only where combining marks stack), two tofu titles not at all.
    assert changed(tofu, other_tofu) == 0, "the control failed: the tofu strings were drawn differently"
    assert changed(titled, other) > 4000
    assert changed(titled, tofu) > 2000
    # ...in Sarabun: dropping Sarabun from the font list changes the drawing (Chromium found Sarabun).
    assert changed(titled, fallback) > 2000
    # ...and so is the rest of the chart's text (Thai region names, numbers, axis title).
    assert changed(titled, fallback, band=None) > changed(titled, fallback) + 1000


def test_png_size_follows_width_height_and_scale_from_a_thread_without_event_loop():
    outcome: dict[str, object] = {}

    def render() -> None:
        try:
            asyncio.get_running_loop()
            outcome["loop"] = True
        except RuntimeError:
            outcome["loop"] = False
        try:
            outcome["png"] = images.figure_image(region_chart(TITLE), "png", width=800, height=500, scale=1.5)
        except BaseException as error:  # noqa: BLE001 - reported below
            outcome["error"] = error

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    assert outcome["loop"] is False
    assert "error" not in outcome, outcome.get("error")
    image = png(outcome["png"])
    assert image.size == (1200, 750)
    assert_drawn(image)


def test_tall_charts_keep_their_height():
    short, tall = region_chart(), region_chart()
    tall.update_layout(height=900)
    assert images.export_size(short) == (images.SLIDE_WIDTH, images.SLIDE_HEIGHT)
    assert images.export_size(tall) == (images.SLIDE_WIDTH, 900)


def test_chromium_is_given_a_fontconfig_with_sarabun():
    conf = images._fontconfig_file()  # what the Chromium kaleido starts gets as FONTCONFIG_FILE
    matched = subprocess.run(
        ["fc-match", "-f", "%{family}", "Sarabun"],
        env={**os.environ, "FONTCONFIG_FILE": conf},
        capture_output=True,
        text=True,
        check=True,
    )
    assert matched.stdout.split(",")[0] == "Sarabun", matched.stdout


# --- SVG ------------------------------------------------------------------------------------------


def test_svg_keeps_thai_text_and_carries_sarabun():
    data = images.figure_image(region_chart(TITLE), "svg")
    text = data.decode("utf-8")
    root = ET.fromstring(text)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == (str(images.SLIDE_WIDTH), str(images.SLIDE_HEIGHT))
    texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
    assert TITLE in ["".join(node.itertext()) for node in texts]
    assert i18n.t("region_northeast", "th") in ["".join(node.itertext()) for node in texts]
    assert all("font-family: Sarabun" in (node.get("style") or "") for node in texts)
    # The faces travel with the file, so it shows Sarabun where Sarabun is not installed.
    faces = re.findall(
        r'@font-face\{font-family:"Sarabun";font-style:normal;font-weight:(\d+);'
        r"src:url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)",
        text,
    )
    assert [weight for weight, _ in faces] == ["400", "700"]
    assert base64.b64decode(faces[0][1]) == (images._sarabun_dir() / "Sarabun-Regular.ttf").read_bytes()


# --- without Chromium -----------------------------------------------------------------------------


def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing" / "chromium"))
    monkeypatch.setattr(images, "DEBIAN_CHROMIUM", str(tmp_path / "usr-bin-chromium"))


def test_without_chromium_figure_image_says_what_to_install(monkeypatch, tmp_path):
    no_chromium(monkeypatch, tmp_path)
    assert images.chromium_path() is None
    for fmt in ("png", "svg"):
        with pytest.raises(images.ChartImageUnavailable) as caught:
            images.figure_image(region_chart(TITLE), fmt)
        assert "apt-get install -y chromium fonts-thai-tlwg" in str(caught.value)
        assert "BROWSER_PATH" in str(caught.value)


def test_browser_path_wins_when_it_is_an_executable(monkeypatch, tmp_path):
    monkeypatch.setattr(images, "DEBIAN_CHROMIUM", str(tmp_path / "usr-bin-chromium"))
    browser = tmp_path / "chrome"
    browser.write_text("#!/bin/sh\n")
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert images.chromium_path() is None  # not executable
    browser.chmod(0o755)
    assert images.chromium_path() == str(browser)
    monkeypatch.setattr(images, "DEBIAN_CHROMIUM", "/usr/bin/chromium")
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert images.chromium_path() == "/usr/bin/chromium"


def test_page_without_chromium_says_what_to_install_instead_of_buttons(monkeypatch, tmp_path, demo_db):
    no_chromium(monkeypatch, tmp_path)
    at = open_view(monkeypatch, demo_db, "overview", {"lang": "en"})
    assert not at.exception, [e.message for e in at.exception]
    keys = open_every_chart_s_data(at)
    assert len(keys) == 4
    assert not [b.key for b in at.get("download_button") if b.key.endswith(("_png", "_svg"))]
    hint = i18n.t("chart_image_unavailable", "en")
    assert "apt-get install -y chromium fonts-thai-tlwg" in hint
    assert [c.value for c in at.caption].count(md_escape(hint)) == len(keys)
    assert {b.key for b in at.get("download_button")} >= {f"{key}_csv" for key in keys}  # the rest is there


def open_every_chart_s_data(at) -> list[str]:
    """Open the data-and-images expander under every chart (as clicks on their headings would); return the
    charts' keys. Closed, an expander sends nothing."""
    keys = list(charts(at))
    assert not [b for b in at.get("download_button") if b.key.startswith(tuple(keys))]
    for key in keys:
        at.session_state[f"{key}_data"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return keys


# --- in the app -----------------------------------------------------------------------------------


def test_page_offers_png_and_svg_of_every_chart_drawn_when_clicked(monkeypatch, demo_db):
    deferred: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        deferred[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    at = open_view(monkeypatch, demo_db, "overview")
    assert not at.exception, [e.message for e in at.exception]
    keys = open_every_chart_s_data(at)
    buttons = {b.key: b for b in at.get("download_button")}
    assert len(keys) == 4
    for key in keys:
        assert buttons[f"{key}_png"].proto.label == i18n.t("download_png", "th")
        assert buttons[f"{key}_svg"].proto.label == i18n.t("download_svg", "th")
        assert buttons[f"{key}_png"].proto.deferred_file_id, "the image must be drawn on click, not on each run"
    assert i18n.t("chart_image_unavailable", "th") not in [c.value for c in at.caption]

    # A click runs the callable on a worker thread (Streamlit's asyncio.to_thread): draw one of each.
    image = asyncio.run(asyncio.to_thread(deferred[f"{keys[0]}.png"]))
    assert png(image).size == SLIDE_PNG
    assert_drawn(png(image))
    svg = asyncio.run(asyncio.to_thread(deferred[f"{keys[0]}.svg"]))
    assert ET.fromstring(svg.decode("utf-8")).get("width") == str(images.SLIDE_WIDTH)
    # The image carries the source line the page shows as the chart's caption (TI's licence: cite the CPI).
    cpi = ET.fromstring(asyncio.run(asyncio.to_thread(deferred["overview_cpi.svg"])).decode("utf-8"))
    drawn = [el.text for el in cpi.iter() if el.tag.endswith("text") and el.text]
    assert i18n.t("source_cpi", "th") in drawn
    assert md_escape(i18n.t("source_cpi", "th")) in [c.value for c in at.caption]
