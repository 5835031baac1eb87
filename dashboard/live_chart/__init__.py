"""Plotly charts that stay on the page across reruns and take a changed figure in place.

st.plotly_chart gives a chart a new identity whenever its figure changes, so the browser mounts a new chart and
draws it from scratch on every filter change; its second pass costs again. This chart (a Streamlit v2 component
keyed by the chart's key) keeps its element and hands the new figure to Plotly.react, which reuses what it drew:
13–26% less of the browser's work per filter change on the chart pages (README, Performance). plotly.js comes
from the installed plotly package, copied to static/ by `make run` (tools/install_plotly_js.py).
"""

from __future__ import annotations

import functools
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

NAME = "ita_chart"
#: The same script under another name: loads plotly.js and draws nothing (see `preload`).
LOADER = "ita_chart_loader"
SCRIPT = Path(__file__).with_name("chart.js")


@functools.cache
def _component(name: str = NAME):
    # Not isolated: the chart takes the page's Sarabun, and its SVG stays reachable to the page's own tests.
    return st.components.v2.component(name, js=SCRIPT.read_text(encoding="utf-8"), isolate_styles=False)


def show(fig: go.Figure, key: str, alt: str, config: dict, selectable: bool = False, fill: bool = False) -> list[dict]:
    """Show fig under `key`; return the points a click on it picked this run (only when selectable), else [].

    fill: the chart takes the height its element is given by the page's CSS (the figure has no height of its own).
    """
    data = {
        "key": key,
        "figure": pio.to_json(fig, validate=False),
        "alt": alt,
        "config": config,
        "selectable": selectable,
        "fill": fill,
    }
    # Only a chart that acts on clicks asks for a rerun on them.
    result = _component()(data=data, key=key, **({"on_selection_change": lambda: None} if selectable else {}))
    return list(getattr(result, "selection", None) or [])


def preload(key: str) -> None:
    """Load plotly.js in the browser now, drawing nothing, so that a chart shown on a later run draws at once.

    The presentation mode's first slides have no chart: without this, the first chart would wait for plotly.js
    (about 1.5 s on a slow machine) after its slide had appeared.
    """
    _component(LOADER)(data={"preload": True}, key=key)
