"""CPI charts: Thailand's trend with its confidence band, ITA beside CPI, ASEAN peers and CPI sources."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import i18n, reference
from . import theme
from .theme import escape, year_labels

BAND_COLOUR = "rgba(0, 114, 178, 0.18)"  # PALETTE[0], translucent


def _band(years: pd.Series, lower: pd.Series, upper: pd.Series, name: str, showlegend: bool = True) -> list[go.Scatter]:
    """Return one closed polygon per run of years where both CI bounds are known (a gap breaks the band)."""
    frame = pd.DataFrame({"x": years.to_numpy(), "lo": lower.to_numpy(), "hi": upper.to_numpy()})
    known = frame["lo"].notna() & frame["hi"].notna()
    runs = (known != known.shift()).cumsum()[known]
    traces = []
    for number, (_, run) in enumerate(frame[known].groupby(runs)):
        xs = [*run["x"], *run["x"][::-1]]
        ys = [*run["hi"], *run["lo"][::-1]]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                fill="toself",
                mode="lines",
                line=dict(width=0),
                name=name,
                fillcolor=BAND_COLOUR,
                hoverinfo="skip",
                legendgroup="ci",
                showlegend=showlegend and number == 0,
            )
        )
    return traces


def _ci_text(lower: object, upper: object) -> str:
    return "–" if pd.isna(lower) or pd.isna(upper) else f"{lower:.1f}–{upper:.1f}"


def cpi_trend(
    cpi: pd.DataFrame, lang: str, targets: pd.DataFrame | None = None, source: str | None = None
) -> go.Figure:
    """Return the CPI score by year with its shaded 90% confidence band and, optionally, CPI score targets."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = cpi.sort_values("year")
    fig = go.Figure(_band(data["year"], data["lower_ci"], data["upper_ci"], t("chart_ci90")))
    ranks = [
        f"{r:.0f} / {n:.0f}" if pd.notna(r) and pd.notna(n) else (f"{r:.0f}" if pd.notna(r) else "–")
        for r, n in zip(data["rank"], data["countries"])
    ]
    fig.add_trace(
        go.Scatter(
            x=data["year"],
            y=data["score"],
            mode="lines+markers",
            name=t("chart_cpi_score"),
            line=dict(color=theme.PALETTE[0], width=2.5),
            customdata=list(
                zip(
                    year_labels(data["year"], lang),
                    ranks,
                    [_ci_text(lo, hi) for lo, hi in zip(data["lower_ci"], data["upper_ci"])],
                )
            ),
            hovertemplate=(
                f"CPI %{{customdata[0]}}<br>{t('chart_cpi_score')}: %{{y:.0f}}"
                f"<br>{t('chart_hover_rank')}: %{{customdata[1]}}<br>{t('chart_ci90')}: %{{customdata[2]}}"
                "<extra></extra>"
            ),
        )
    )
    years = list(data["year"])
    if targets is not None and len(targets):
        goals = targets[(targets["metric"] == "cpi_score") & (targets["status"] != "superseded")]
        goals = goals.assign(year=goals["last_year"]).sort_values("year")  # drawn at the year it is to be met by
        notes = goals["note_th" if lang == "th" else "note"].fillna(goals["note"])
        cited = goals["source_th"].fillna(goals["source"]) if lang == "th" and "source_th" in goals else goals["source"]
        years_shown = year_labels(goals["year"], lang)
        fig.add_trace(
            go.Scatter(
                x=goals["year"],
                y=goals["value"],
                mode="markers+text",
                name=t("chart_target"),
                marker=dict(symbol="star", size=15, color=theme.TARGET_COLOUR, line=dict(color="white", width=1)),
                # each star says what it is ("เป้าหมาย 2570: 57"), above it, so no hover is needed to read it
                text=[
                    t("chart_target_marker").format(year=y, value=f"{v:g}") for y, v in zip(years_shown, goals["value"])
                ],
                textposition="top center",
                textfont=dict(color=theme.TARGET_COLOUR),
                cliponaxis=False,
                customdata=list(
                    zip(
                        years_shown,
                        [escape(n) for n in notes],
                        [escape(s) for s in cited.fillna("")],
                    )
                ),
                hovertemplate=(
                    f"{t('chart_target')} %{{customdata[0]}}: %{{y:.0f}}<br>%{{customdata[1]}}"
                    f"<br>{t('chart_hover_source')}: %{{customdata[2]}}<extra></extra>"
                ),
            )
        )
        years += list(goals["year"])
    theme.year_axis(fig, years, lang, title_key="chart_axis_year")
    fig.update_yaxes(title_text=t("chart_axis_cpi"))
    return theme.finish(fig, t("chart_cpi_trend_title"), source)


def _pairing(aligned: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    return list(zip(year_labels(aligned["fiscal_year"], lang), year_labels(aligned["cpi_year"], lang)))


#: Indexed series whose spreads (highest index less lowest, at least 1) differ this many times or more get a panel each:
#: on one axis the pass rate's ×8 flattens the CPI's ×0.9 into a line at 100.
SEPARATE_PANELS_AT = 10.0


def indexed_panels(aligned: pd.DataFrame) -> bool:
    """Return whether the indexed ITA mean, pass rate and CPI move on scales an order of magnitude apart, so each
    needs its own panel (its own y range) rather than one shared axis."""
    spreads = [
        max(float(aligned[f"{c}_index"].max() - aligned[f"{c}_index"].min()), 1.0)
        for c in ("ita_mean", "ita_pass_rate", "cpi_score")
        if aligned[f"{c}_index"].notna().any()
    ]
    return len(spreads) > 1 and max(spreads) / min(spreads) >= SEPARATE_PANELS_AT


def ita_cpi_indexed(aligned: pd.DataFrame, lang: str, lag: int, source: str | None = None) -> go.Figure:
    """Return ITA mean, ITA pass rate and CPI score indexed to 100 in the first year: on one axis when they move on
    comparable scales, else one panel each with its own range (indexed_panels), so the CPI is not a flat line."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = aligned.sort_values("fiscal_year")
    pairs = _pairing(data, lang)
    series = (
        ("ita_mean", ".2f", "chart_ita_mean", theme.PALETTE[0], "circle"),
        ("ita_pass_rate", ".1%", "chart_ita_pass_rate", theme.PALETTE[2], "square"),
        ("cpi_score", ".0f", "chart_cpi_score", theme.PALETTE[3], "diamond"),
    )
    panels = indexed_panels(data)
    fig = (
        make_subplots(
            rows=3,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.09,
            subplot_titles=[t("chart_indexed_panel").format(name=t(key)) for _, _, key, _, _ in series],
        )
        if panels
        else go.Figure()
    )
    for row, (column, fmt, key, colour, symbol) in enumerate(series, start=1):
        fig.add_trace(
            go.Scatter(
                x=data["fiscal_year"],
                y=data[f"{column}_index"],
                mode="lines+markers",
                name=t(key),
                line=dict(color=colour, width=2.5),
                marker=dict(symbol=symbol, size=8),
                customdata=[[fy, cy, value] for (fy, cy), value in zip(pairs, data[column])],
                hovertemplate=(
                    f"{t(key)}<br>{t('chart_axis_fiscal_year')} %{{customdata[0]}} ↔ CPI %{{customdata[1]}}"
                    f"<br>{t('chart_hover_value')}: %{{customdata[2]:{fmt}}}"
                    f"<br>{t('chart_axis_index')}: %{{y:.1f}}<extra></extra>"
                ),
            ),
            **({"row": row, "col": 1} if panels else {}),
        )
        if panels:
            fig.add_hline(y=100, line=dict(color=theme.NOTE_COLOUR, dash="dot", width=1), row=row, col=1)
    if not panels:
        fig.add_hline(y=100, line=dict(color=theme.NOTE_COLOUR, dash="dot", width=1))
    theme.year_axis(fig, data["fiscal_year"], lang)
    # Each tick names both years of the pair, so the lag is visible without hovering.
    fig.update_xaxes(ticktext=[f"{fy}<br>CPI {cy}" for fy, cy in pairs])
    if panels:
        fig.update_xaxes(title_text=None, row=1, col=1)
        fig.update_xaxes(title_text=None, row=2, col=1)
        fig.update_layout(height=640, showlegend=False, margin_t=100)
    else:
        fig.update_yaxes(title_text=t("chart_axis_index"))
    return theme.finish(fig, t("chart_indexed_title").format(lag=int(lag)), source, below=76)


def ita_cpi_small_multiples(aligned: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return three stacked panels sharing the fiscal-year axis: ITA mean, ITA pass rate, CPI with its CI."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = aligned.sort_values("fiscal_year")
    pairs = _pairing(data, lang)
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.09,
        subplot_titles=[t("chart_ita_mean"), t("chart_ita_pass_rate"), t("chart_cpi_score_ci")],
    )
    for row, (column, fmt, key) in enumerate(
        (
            ("ita_mean", ".2f", "chart_ita_mean"),
            ("ita_pass_rate", ".1%", "chart_ita_pass_rate"),
            ("cpi_score", ".0f", "chart_cpi_score"),
        ),
        start=1,
    ):
        if column == "cpi_score":
            for trace in _band(data["fiscal_year"], data["cpi_lower"], data["cpi_upper"], t("chart_ci90"), False):
                fig.add_trace(trace, row=row, col=1)
        fig.add_trace(
            go.Scatter(
                x=data["fiscal_year"],
                y=data[column],
                mode="lines+markers",
                name=t(key),
                showlegend=False,
                line=dict(color=theme.PALETTE[[0, 2, 0][row - 1]], width=2.5),
                customdata=pairs,
                hovertemplate=(
                    f"{t(key)}: %{{y:{fmt}}}<br>{t('chart_axis_fiscal_year')} %{{customdata[0]}}"
                    " ↔ CPI %{customdata[1]}<extra></extra>"
                ),
            ),
            row=row,
            col=1,
        )
    theme.year_axis(fig, data["fiscal_year"], lang)
    fig.update_xaxes(ticktext=[f"{fy}<br>CPI {cy}" for fy, cy in pairs])
    fig.update_xaxes(title_text=None, row=1, col=1)
    fig.update_xaxes(title_text=None, row=2, col=1)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_layout(height=640, showlegend=False, margin_t=100)
    return theme.finish(fig, t("chart_small_multiples_title"), source, below=76)


def _country(iso3: str, fallback: object, lang: str) -> str:
    key = f"country_{iso3}"
    return i18n.t(key, lang) if i18n.has_label(key) else escape(fallback)


def asean_comparison(comparison: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return a dot plot of ASEAN members' and Timor-Leste's CPI scores (best on top) with 90% CIs where known."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = comparison.sort_values(["score", "iso3"], ascending=[False, True], kind="stable")
    data = data.assign(label=[_country(c, n, lang) for c, n in zip(data["iso3"], data["country"])])
    fig = go.Figure()
    for is_thailand, group in ((False, data[data["iso3"] != "THA"]), (True, data[data["iso3"] == "THA"])):
        plus = (group["upper_ci"] - group["score"]).astype(object).where(group["upper_ci"].notna(), None)
        minus = (group["score"] - group["lower_ci"]).astype(object).where(group["lower_ci"].notna(), None)
        changes = ["–" if pd.isna(c) else f"{c:+.0f}" for c in group["change"]]
        ranks = [
            f"{r:.0f} / {n:.0f}" if pd.notna(r) and pd.notna(n) else "–"
            for r, n in zip(group["rank"], group["countries"])
        ]
        cis = [_ci_text(lo, hi) for lo, hi in zip(group["lower_ci"], group["upper_ci"])]
        fig.add_trace(
            go.Scatter(
                x=group["score"],
                y=group["label"],
                mode="markers",
                name=_country("THA", "Thailand", lang) if is_thailand else t("chart_other_countries"),
                showlegend=False,
                marker=dict(
                    size=16 if is_thailand else 11,
                    symbol="diamond" if is_thailand else "circle",
                    color=theme.HIGHLIGHT if is_thailand else theme.PALETTE[0],
                ),
                error_x=dict(
                    type="data",
                    array=list(plus),
                    arrayminus=list(minus),
                    thickness=1.5,
                    width=4,
                    color=theme.HIGHLIGHT if is_thailand else theme.PALETTE[0],
                ),
                customdata=list(zip(ranks, changes, cis)),
                hovertemplate=(
                    f"%{{y}}<br>{t('chart_cpi_score')}: %{{x:.0f}}<br>{t('chart_ci90')}: %{{customdata[2]}}"
                    f"<br>{t('chart_hover_rank')}: %{{customdata[0]}}"
                    f"<br>{t('chart_hover_change')}: %{{customdata[1]}}<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(data["label"]), autorange="reversed")
    fig.update_xaxes(title_text=t("chart_axis_cpi"), range=[0, 100])
    fig.update_layout(height=max(360, 80 + 34 * len(data)))
    year = year_labels(data["year"].iloc[:1], lang)[0] if len(data) else ""
    return theme.finish(fig, t("chart_asean_title").format(year=year), source)


@functools.cache
def _short_sources() -> dict[str, str]:
    table = reference.read_fact("cpi_sources")
    return dict(zip(table["source"], table["short"]))


def cpi_sources_heatmap(contrib: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return a heatmap of each CPI source's rescaled score (rows) by year (columns), each cell annotated."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    sources = sorted(contrib["source"].unique())
    years = sorted(contrib["year"].unique())
    z = contrib.pivot_table(index="source", columns="year", values="score", aggfunc="first")
    z = z.reindex(index=sources, columns=years)
    rows = [escape(_short_sources().get(s, s)) for s in sources]
    full = [[escape(s)] * len(years) for s in sources]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=year_labels(years, lang),
            y=rows,
            customdata=full,
            colorscale=theme.SEQUENTIAL,
            texttemplate="%{z:.0f}",
            xgap=1,
            ygap=1,
            hoverongaps=False,
            colorbar=dict(title=dict(text=t("chart_source_score"))),
            hovertemplate="%{customdata}<br>%{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", title_text=t("chart_axis_year"))
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(height=max(360, 140 + 30 * len(rows)))
    return theme.finish(fig, t("chart_sources_title"), source)


def cpi_source_contributions_bars(contrib: pd.DataFrame, year: int, lang: str, source: str | None = None) -> go.Figure:
    """Return each source's contribution (its change ÷ number of sources) to the CPI's change in a year."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = contrib[(contrib["year"] == year) & contrib["contribution"].notna()]
    data = data.sort_values(["contribution", "source"], kind="stable")
    reach = (float(data["contribution"].abs().max()) if len(data) else 0.0) or 1.0  # no change: a ±1 axis
    fig = go.Figure(
        go.Bar(
            x=data["contribution"],
            y=[escape(_short_sources().get(s, s)) for s in data["source"]],
            orientation="h",
            # Colours sampled here rather than numbers on a colour scale: plotly.js logs an "Invalid color
            # specifier" warning per bar and redraw for the latter.
            marker=dict(
                color=plotly.colors.sample_colorscale(
                    theme.DIVERGING, [(v + reach) / (2 * reach) for v in data["contribution"]]
                ),
                line=dict(color="#555555", width=0.5),
            ),
            # Labels written here: plotly's "%{x:+.2f}" prints a tiny fall as "−0.00", a change nobody could see.
            text=[f"{v:+z.2f}" for v in data["contribution"]],
            textposition="outside",
            cliponaxis=False,
            name=t("chart_contribution"),
            customdata=list(zip([escape(s) for s in data["source"]], data["change"], data["sources_that_year"])),
            hovertemplate=(
                f"%{{customdata[0]}}<br>{t('chart_hover_source_change')}: %{{customdata[1]:+.2f}}"
                f"<br>{t('chart_contribution')}: %{{x:+.2f}} (÷ %{{customdata[2]}})<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=0, line=dict(color=theme.TEXT_COLOUR, width=1))
    fig.add_annotation(
        text=t("chart_contrib_sum").format(total=f"{data['contribution'].sum():+z.2f}"),
        xref="paper",
        yref="paper",
        x=1,
        y=1.02,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=12, color=theme.NOTE_COLOUR),
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[escape(_short_sources().get(s, s)) for s in data["source"]],
    )
    fig.update_xaxes(title_text=t("chart_axis_contribution"), range=[-reach * 1.35, reach * 1.35])
    title = t("chart_contributions_title").format(year=i18n.year_label(year, lang))
    return theme.finish(fig, title, source)
