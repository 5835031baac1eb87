"""A briefing slide's chart (ChartData) as a plotly figure, for the briefing page and the presentation mode."""

from __future__ import annotations

import plotly.graph_objects as go

from ..briefing import ChartData
from . import theme

#: plotly's format for each Excel number format the briefing uses.
FORMATS = {"0.0": ".1f", "0.00": ".2f", "#,##0": ",.0f"}


def briefing_figure(chart: ChartData, title: str, source: str | None = None, large: bool = False) -> go.Figure:
    """Return the chart as plotly lines or bars with the same categories, series and values as the slide."""
    fmt = FORMATS.get(chart.number_format, ".2f")
    names = [theme.escape(c) for c in chart.categories]
    fig = go.Figure()
    for index, (name, values) in enumerate(chart.series):
        colour = theme.PALETTE[index % len(theme.PALETTE)]
        if chart.kind == "line":
            target = name in chart.dashed
            fig.add_trace(
                go.Scatter(
                    x=names,
                    y=values,
                    name=theme.escape(name),
                    mode="lines+markers",
                    line=dict(color=colour, width=3, dash="dash" if target else "solid"),
                    hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra>{theme.escape(name)}</extra>",
                )
            )
            continue
        colours = [theme.HIGHLIGHT if i == chart.highlight else colour for i in range(len(names))]
        horizontal = chart.kind == "bar"
        category, value = ("y", "x") if horizontal else ("x", "y")
        fig.add_trace(
            go.Bar(
                x=values if horizontal else names,
                y=names if horizontal else values,
                name=theme.escape(name),
                orientation="h" if horizontal else "v",
                marker_color=colours,
                text=values,
                texttemplate=f"%{{{value}:{fmt}}}",
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"%{{{category}}}: %{{{value}:{fmt}}}<extra></extra>",
            )
        )
    value_axis = fig.update_xaxes if chart.kind == "bar" else fig.update_yaxes
    value_axis(
        title_text=theme.escape(chart.axis_title),
        rangemode="tozero",
        **({"range": [0, 105]} if chart.full_scale else {}),
    )
    if chart.kind == "bar":
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=names)
    fig.update_layout(showlegend=len(chart.series) > 1, legend=dict(orientation="h", y=-0.2))
    if large:  # the presentation mode: read from the back of the room
        fig.update_layout(font_size=20, title_font_size=28, height=500, margin_t=20)  # fits a 720-px projector
        fig.update_traces(textfont_size=18)
    return theme.finish(fig, theme.escape(title), source)
