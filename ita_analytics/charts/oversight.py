"""The oversight view's chart: how many failing agencies each indicator would lift over the pass mark."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from . import theme


def what_if_bars(what_if: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return horizontal bars, largest effect on top: agencies that would pass if one indicator reached the median."""
    data = what_if.sort_values(["agencies_helped", "indicator"], ascending=[True, False])
    names = [i18n.t(f"indicator_{i}", lang) for i in data["indicator"]]
    label = i18n.t("oversight_helped", lang)
    fig = go.Figure(
        go.Bar(
            x=data["agencies_helped"],
            y=names,
            orientation="h",
            marker_color=theme.PALETTE[0],
            name=label,
            text=data["agencies_helped"],
            texttemplate="%{x:,}",
            textposition="outside",
            cliponaxis=False,
            customdata=(100 * data["weight"]).round(0),
            hovertemplate=f"%{{y}}<br>{label}: %{{x:,}}<br>{i18n.t('oversight_share', lang)}: "
            "%{customdata:.0f}%<extra></extra>",
        )
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names)
    few = len(data) and data["agencies_helped"].max() < 8  # counts of agencies: whole ticks, never 0.5
    fig.update_xaxes(title_text=label, rangemode="tozero", tickformat=",d", **({"dtick": 1} if few else {}))
    return theme.finish(fig, i18n.t("oversight_what_if_title", lang), source)
