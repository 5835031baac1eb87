"""A briefing slide's chart (ChartData) as a plotly figure, for the briefing page and the presentation mode."""

from __future__ import annotations

import plotly.graph_objects as go

from ..briefing import AXIS_STEP, ChartData
from . import theme

#: plotly's format for each Excel number format the briefing uses.
FORMATS = {"0.0": ".1f", "0.00": ".2f", "#,##0": ",.0f", "0.0%": ".1%"}
#: The room past the value axis's end, for the value labels drawn outside the bars.
HEADROOM = 0.05
#: The presentation mode's type size, and the smaller one of a bar chart with more than CROWDED bars.
LARGE_FONT, CROWDED_FONT, CROWDED = 20, 15, 11
#: Under the plot in the presentation mode: the x tick labels and axis title at 20 px, and a one-row legend.
LARGE_BOTTOM_MARGIN = 90


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
                constraintext="none",  # value labels at full size, not shrunk to the bar's thickness
                cliponaxis=False,
                hovertemplate=f"%{{{category}}}: %{{{value}:{fmt}}}<extra></extra>",
            )
        )
    value_axis = fig.update_xaxes if chart.kind == "bar" else fig.update_yaxes
    span = chart.axis_range
    value_axis(
        title_text=theme.escape(chart.axis_title),
        rangemode="tozero" if span is None or span[0] == 0 else "normal",
        # room past 100 for the value labels drawn outside the bars
        **({"range": [span[0], span[1] + (span[1] - span[0]) * HEADROOM]} if span else {}),
        # a fitted axis ticks every 5 from where it starts (85, 90 … 100), as on the deck
        **({"tickmode": "linear", "tick0": span[0], "dtick": AXIS_STEP} if span and span[0] else {}),
    )
    if chart.target is not None:
        line = dict(color=theme.TARGET_COLOUR, width=2.5, dash="dash")
        label = dict(  # above the plot at the line's end (columns: at the right end), clear of the bars
            annotation_text=theme.escape(chart.target_label),
            annotation_font_color=theme.TARGET_COLOUR,
            annotation_position="top left" if chart.kind == "bar" else "top right",
            annotation_yanchor="bottom",
        )
        if chart.kind == "bar":
            fig.add_vline(x=chart.target, line=line, **label)
        else:
            fig.add_hline(y=chart.target, line=line, **label)
    if chart.kind == "bar":
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=names)
    fig.update_layout(showlegend=len(chart.series) > 1)  # the theme's legend: under the plot, inside the figure
    if large:  # the presentation mode: read from the back of the room; as tall as the space the slide leaves it
        fig.update_layout(font_size=LARGE_FONT, margin_t=40 if chart.target is not None else 20)
        fig.update_layout(height=None, autosize=True, margin_b=LARGE_BOTTOM_MARGIN if len(chart.series) > 1 else 20)
        crowded = chart.kind == "bar" and len(names) > CROWDED
        fig.update_traces(textfont_size=CROWDED_FONT if crowded else LARGE_FONT - 2)
        if chart.kind == "bar":  # every category named, smaller where there are many (17 agency types)
            fig.update_yaxes(dtick=1, tickfont_size=CROWDED_FONT if crowded else LARGE_FONT)
    return theme.finish(fig, theme.escape(title), source)
