"""Score-inflation diagnostics: how the distribution moved to the ceiling, year by year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .. import i18n
from . import theme

SIGNS = ("share_95", "share_100", "share_rising_20")


def score_distribution(histogram: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return one line per fiscal year of the share of agencies in each 5-point band (score_histogram)."""
    years = sorted(histogram["fiscal_year"].unique())
    colours = sample_colorscale(theme.SEQUENTIAL, [i / max(len(years) - 1, 1) for i in range(len(years))])
    fig = go.Figure()
    for year, colour in zip(years, colours):
        rows = histogram[histogram["fiscal_year"] == year]
        fig.add_trace(
            go.Scatter(
                x=rows["band"],
                y=rows["share"],
                mode="lines+markers",
                line=dict(color=colour),
                name=i18n.year_label(year, lang),
                hovertemplate=f"{i18n.year_label(year, lang)}: %{{x}}–%{{x}}+5 · %{{y:.1%}}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=i18n.t("chart_score_band", lang), dtick=10)
    fig.update_yaxes(title_text=i18n.t("chart_axis_share", lang), tickformat=".0%")
    return theme.finish(fig, i18n.t("chart_distribution_title", lang), source)


def inflation_signs(signs: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return lines of the share at ≥95, at 100 and rising > 20 points in a year (inflation_by_year)."""
    years = [i18n.year_label(y, lang) for y in signs["fiscal_year"]]
    fig = go.Figure()
    for sign, colour in zip(SIGNS, theme.PALETTE):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=signs[sign],
                mode="lines+markers",
                name=i18n.t(f"chart_{sign}", lang),
                line=dict(color=colour),
                hovertemplate="%{x}: %{y:.1%}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=i18n.t("chart_axis_fiscal_year", lang), type="category")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return theme.finish(fig, i18n.t("chart_signs_title", lang), source)
