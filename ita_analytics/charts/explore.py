"""The correlation explorer's scatter: labelled points and a least-squares line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from . import theme

LABEL_POINTS_UP_TO = 15  # more points than this and labels only clutter (hover still names them)


def scatter_with_fit(
    points: pd.DataFrame,
    x_label: str,
    y_label: str,
    lang: str,
    unit_names: dict[str, str] | None = None,
    source: str | None = None,
    years: pd.DataFrame | None = None,
    illustration: str | None = None,
    years_label: str | None = None,
) -> go.Figure:
    """Return a scatter of explorer pairs (unit, fiscal_year, x, y) with a fitted straight line.

    years (fiscal_year, x, y: the pairs averaged to the year, explore.year_points) makes the year the unit: the
    pairs are drawn small and grey as an illustration (named `illustration`), the years large and labelled, and
    the line is fitted to the years, which are what the statistics use (named `years_label`, else year means).
    """
    data = points.copy()
    names = [theme.escape((unit_names or {}).get(u, u)) for u in data["unit"]]
    year_text = [i18n.year_label(y, lang) for y in data["fiscal_year"]]
    label = [f"{n} {y}" if data["unit"].nunique() > 1 else y for n, y in zip(names, year_text)]
    many = len(data) > LABEL_POINTS_UP_TO or years is not None
    trace = go.Scattergl if len(data) > 1000 else go.Scatter  # WebGL only where SVG would be slow
    fig = go.Figure(
        trace(
            x=data["x"],
            y=data["y"],
            mode="markers" if many else "markers+text",
            text=None if many else label,
            textposition="top center",
            customdata=label,
            marker=dict(color=theme.MUTED, opacity=0.45, size=5)
            if years is not None
            else dict(color=theme.PALETTE[0], opacity=0.5 if many else 0.9),
            name=theme.escape(illustration) if years is not None and illustration else i18n.t("chart_points", lang),
            hovertemplate=f"%{{customdata}}<br>{theme.escape(x_label)}: %{{x:.2f}}"
            f"<br>{theme.escape(y_label)}: %{{y:.2f}}"
            "<extra></extra>",
        )
    )
    fitted = data
    if years is not None:
        fitted = years
        shown = [i18n.year_label(y, lang) for y in years["fiscal_year"]]
        fig.add_trace(
            go.Scatter(
                x=years["x"],
                y=years["y"],
                mode="markers+text",
                text=shown,
                textposition="top center",
                marker=dict(color=theme.PALETTE[0], size=12, line=dict(color="white", width=1)),
                name=theme.escape(years_label or i18n.t("chart_year_means", lang)),
                customdata=shown,
                hovertemplate=f"%{{customdata}}<br>{theme.escape(x_label)}: %{{x:.2f}}"
                f"<br>{theme.escape(y_label)}: %{{y:.2f}}"
                "<extra></extra>",
            )
        )
        fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.18))
    if len(fitted) >= 3 and fitted["x"].nunique() > 1:
        slope, intercept = np.polyfit(fitted["x"], fitted["y"], 1)
        xs = np.array([fitted["x"].min(), fitted["x"].max()])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=intercept + slope * xs,
                mode="lines",
                name=i18n.t("chart_fit", lang),
                line=dict(color=theme.PALETTE[1], dash="dash"),
            )
        )
    fig.update_xaxes(title_text=theme.escape(x_label))
    fig.update_yaxes(title_text=theme.escape(y_label))
    title = i18n.t("chart_explore_title", lang).format(x=theme.escape(x_label), y=theme.escape(y_label))
    return theme.finish(fig, title, source)


def correlation_matrix(matrix: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return an annotated heatmap of a correlation matrix of tools and indicators (−1 to 1, diverging)."""
    names = [theme.escape(_metric_name(m, lang)) for m in matrix.columns]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=names,
            y=names,
            zmin=-1,
            zmax=1,
            colorscale=theme.DIVERGING,
            texttemplate="%{z:.2f}",
            colorbar=dict(title=dict(text="r")),
            hovertemplate="%{y} × %{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(420, 38 * len(names) + 160))
    return theme.finish(fig, i18n.t("chart_indicator_matrix_title", lang), source)


def _metric_name(metric: str, lang: str) -> str:
    return i18n.first_label(metric, ("tool_", "indicator_"), lang)
