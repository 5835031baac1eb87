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
SCRIPT = Path(__file__).with_name("chart.js")


@functools.cache
def _component():
    # Not isolated: the chart takes the page's Sarabun, and its SVG stays reachable to the page's own tests.
    return st.components.v2.component(NAME, js=SCRIPT.read_text(encoding="utf-8"), isolate_styles=False)


def show(fig: go.Figure, key: str, alt: str, config: dict, selectable: bool = False) -> list[dict]:
    """Show fig under `key`; return the points a click on it picked this run (only when selectable), else []."""
    data = {
        "key": key,
        "figure": pio.to_json(fig, validate=False),
        "alt": alt,
        "config": config,
        "selectable": selectable,
    }
    # Only a chart that acts on clicks asks for a rerun on them.
    result = _component()(data=data, key=key, **({"on_selection_change": lambda: None} if selectable else {}))
    return list(getattr(result, "selection", None) or [])
