"""ITA charts: national trends, rating bands, agency types, one agency's history and regions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n, ratings, target_rules
from ..config import PASS_MARK
from ..narrative import few_agencies
from . import theme
from .theme import escape, year_labels

HEATMAP_METRICS = ("mean_score", "pass_rate")
REGION_METRICS = ("mean_score", "median_score", "pass_rate", "agencies")
TOOLS = ("iit", "eit", "oit")
INDICATORS = tuple(f"i{n}" for n in range(1, 11))
#: An agency's name in a chart title: lines of at most this many characters, each line this many pixels more
#: above the plot than the template's one-line title takes.


def _series_name(key: str, series: pd.DataFrame, lang: str) -> str:
    # Synthetic demo data is named as such in the legend, so a screenshot never passes for real results.
    name = i18n.t(key, lang)
    if "synthetic" in series and series["synthetic"].fillna(False).astype(bool).any():
        name += " " + i18n.t("chart_synthetic_suffix", lang)
    return name


def _published_marks(published: pd.DataFrame, column: str, lang: str, fmt: str) -> list[go.Scatter]:
    """Return NACC's published national values as markers; FY2018's (local bodies only) as a mark of its own."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    known = published.dropna(subset=[column]).sort_values("fiscal_year")
    coverage = known["coverage"] if "coverage" in known else pd.Series("all", index=known.index)
    marks = []
    for rows, key, symbol in (
        (known[coverage != "local"], "chart_published_nacc", "diamond-open"),
        (known[coverage == "local"], "chart_published_local", "square-open"),
    ):
        if rows.empty:
            continue
        marks.append(
            go.Scatter(
                x=rows["fiscal_year"],
                y=rows[column],
                mode="markers",
                name=t(key),
                marker=dict(symbol=symbol, size=12, line=dict(width=2), color=theme.PALETTE[1]),
                customdata=year_labels(rows["fiscal_year"], lang),
                hovertemplate=(
                    f"{t(key)}<br>{t('chart_axis_fiscal_year')} %{{customdata}}<br>%{{y:{fmt}}}<extra></extra>"
                ),
            )
        )
    return marks


def _target_steps(targets: pd.DataFrame | None, years: list[int], metric: str, lang: str, fmt: str) -> list:
    """Return the target in force each year as a stepped dashed line (levels change where the target changed)."""
    if targets is None or targets.empty:
        return []
    steps = target_rules.series_in_force(targets, years, metric).dropna()
    if steps.empty:
        return []
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    # Each year's level spans its whole year on the axis, so a change of target shows as a step between years.
    xs, ys, labels = [], [], []
    for row in steps.itertuples():
        if xs and xs[-1] != row.fiscal_year - 0.5:
            xs.append(None), ys.append(None), labels.append("")
        xs += [row.fiscal_year - 0.5, row.fiscal_year + 0.5]
        ys += [row.value, row.value]
        labels += [i18n.year_label(row.fiscal_year, lang)] * 2
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=t("chart_target_in_force"),
            connectgaps=False,
            line=dict(dash="dash", color=theme.PALETTE[3], width=2, shape="hv"),
            customdata=labels,
            hovertemplate=f"{t('chart_target_in_force')} %{{customdata}}: %{{y:{fmt}}}<extra></extra>",
        )
    ]


def mean_trend(
    series: pd.DataFrame,
    published: pd.DataFrame,
    lang: str,
    source: str | None = None,
    targets: pd.DataFrame | None = None,
) -> go.Figure:
    """Return the national mean score by fiscal year, with NACC's published means as separate markers and the
    mean target in force (from FY2023) as a stepped line."""
    data = series.sort_values("fiscal_year")
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    fig = go.Figure(
        go.Scatter(
            x=data["fiscal_year"],
            y=data["mean_score"],
            mode="lines+markers",
            name=_series_name("chart_mean_db", data, lang),
            line=dict(color=theme.PALETTE[0], width=2.5),
            marker=dict(size=7),
            customdata=list(zip(year_labels(data["fiscal_year"], lang), data["median_score"], data["agencies"])),
            hovertemplate=(
                f"{t('chart_axis_fiscal_year')} %{{customdata[0]}}<br>{t('chart_hover_mean')}: %{{y:.2f}}"
                f"<br>{t('chart_hover_median')}: %{{customdata[1]:.2f}}"
                f"<br>{t('chart_hover_agencies')}: %{{customdata[2]:,}}<extra></extra>"
            ),
        )
    )
    for mark in _published_marks(published, "mean_score", lang, ".2f"):
        fig.add_trace(mark)
    for step in _target_steps(targets, data["fiscal_year"].tolist(), "ita_mean", lang, ".0f"):
        fig.add_trace(step)
    known = published.dropna(subset=["mean_score"])["fiscal_year"]
    theme.year_axis(fig, pd.concat([data["fiscal_year"], known]), lang)
    fig.update_yaxes(title_text=t("chart_axis_score"))
    return theme.finish(fig, t("chart_mean_trend_title"), source)


def pass_rate_trend(
    series: pd.DataFrame,
    targets: pd.DataFrame | None,
    lang: str,
    source: str | None = None,
    published: pd.DataFrame | None = None,
) -> go.Figure:
    """Return the share of agencies scoring ≥85 by fiscal year, NACC's published rates as markers, and the target
    in force each year as a stepped dashed line (50% in FY2020, 80% to FY2022, 100% from FY2023)."""
    data = series.sort_values("fiscal_year")
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    fig = go.Figure(
        go.Scatter(
            x=data["fiscal_year"],
            y=data["pass_rate"],
            mode="lines+markers",
            name=_series_name("chart_pass_rate_db", data, lang),
            line=dict(color=theme.PALETTE[2], width=2.5),
            customdata=list(zip(year_labels(data["fiscal_year"], lang), data["passed"], data["agencies"])),
            hovertemplate=(
                f"{t('chart_axis_fiscal_year')} %{{customdata[0]}}<br>{t('chart_axis_pass_rate')}: %{{y:.1%}}"
                f"<br>{t('chart_hover_passed')}: %{{customdata[1]:,}} / %{{customdata[2]:,}}<extra></extra>"
            ),
        )
    )
    if published is not None:
        for mark in _published_marks(
            published[published["fiscal_year"].isin(data["fiscal_year"])], "pass_rate", lang, ".1%"
        ):
            fig.add_trace(mark)
    for step in _target_steps(targets, data["fiscal_year"].tolist(), "ita_pass_rate", lang, ".0%"):
        fig.add_trace(step)
    theme.year_axis(fig, data["fiscal_year"], lang)
    fig.update_yaxes(title_text=t("chart_axis_pass_rate"), range=[0, 1.05], tickformat=".0%")
    fig.update_layout(showlegend=True)
    return theme.finish(fig, t("chart_pass_rate_title"), source)


#: Legend entries of the rating chart: band names in lines of 11 characters, 72 px wide, so a phone shows two a row
#: and a desktop two rows; the chart's height leaves a phone's plot its room above them.
RATING_ENTRY_CHARS, RATING_ENTRY_PX, RATING_HEIGHT_PX = 11, 72, 520


def rating_distribution(
    dist: pd.DataFrame, lang: str, source: str | None = None, published: pd.DataFrame | None = None
) -> go.Figure:
    """Return 100% stacked bars of each fiscal year's agencies in the bands of that year's own scheme (AA–F to
    FY2022, five bands from FY2023), best band on top, the change of scheme marked. `published` (fiscal_year,
    rating, share) adds NACC's published shares as marks at each band's upper edge."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    years = sorted(dist["fiscal_year"].unique())
    fig = go.Figure()
    schemes = dist.drop_duplicates("fiscal_year").set_index("fiscal_year")["scheme"]
    order = [band for band in [*ratings.all_bands(), "passed_unbanded"] if band in set(dist["rating"])]
    for band in reversed(order):  # drawn bottom up: the worst band at the bottom, the best on top
        rows = dist[dist["rating"] == band].set_index("fiscal_year").reindex(years)
        if rows["agencies"].fillna(0).sum() == 0 and band == "passed_unbanded":
            continue
        name = ratings.band_name(band, lang) if band != "passed_unbanded" else t("band_passed_unbanded")
        fig.add_trace(
            go.Bar(
                x=years,
                y=rows["share"],  # NaN in the years of the other scheme: no segment at all
                name="<br>".join(map(escape, theme.fit_lines(name, RATING_ENTRY_CHARS, max_lines=3))),
                legendrank=order.index(band),
                marker=dict(color=theme.RATING_COLOURS[band], line=dict(color="white", width=0.5)),
                customdata=list(zip(year_labels(years, lang), rows["agencies"].fillna(0).astype(int))),
                hovertemplate=(
                    f"{escape(name)} · {t('chart_axis_fiscal_year')} %{{customdata[0]}}"
                    f"<br>{t('chart_hover_agencies')}: %{{customdata[1]:,}}"
                    f"<br>{t('chart_hover_share')}: %{{y:.1%}}<extra></extra>"
                ),
            )
        )
    if published is not None and len(published):
        fig.add_trace(_published_band_marks(published, schemes, lang))
    changes = [y for y, before in zip(years[1:], years[:-1]) if schemes[y] != schemes[before]]
    for year in changes:
        fig.add_vline(x=year - 0.5, line=dict(color=theme.MUTED, width=1.5, dash="dash"))
        fig.add_annotation(
            x=year - 0.5,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            text=escape(t("chart_scheme_change").format(year=i18n.year_label(year, lang))),
            font=dict(size=11, color=theme.MUTED),
        )
    fig.update_layout(
        # rows of even entries under the plot, best band first: grouped legends are drawn as columns beside their
        # title, which leave a phone's plot a sliver
        barmode="stack",
        legend=dict(
            title=dict(text=t("chart_rating_legend"), side="top"),
            traceorder="normal",
            entrywidth=RATING_ENTRY_PX,
            entrywidthmode="pixels",
        ),
        height=RATING_HEIGHT_PX,
        bargap=0.25,
    )
    theme.year_axis(fig, years, lang)
    fig.update_yaxes(
        title_text=t("chart_axis_share"), range=[0, 1.06], tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1]
    )
    return theme.finish(fig, t("chart_rating_title"), source)


def _published_band_marks(published: pd.DataFrame, schemes: pd.Series, lang: str) -> go.Scatter:
    """Return NACC's published band shares as marks at the upper edge of each band (cumulative from the bottom)."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    xs, ys, texts = [], [], []
    for year, rows in published.groupby("fiscal_year"):
        if year not in schemes.index:
            continue
        order = ratings.band_order(int(year))
        shares = rows.set_index("rating")["share"].reindex(order[::-1]).fillna(0)
        for band, top in zip(shares.index, shares.cumsum()):
            if band in rows["rating"].values:
                xs.append(year)
                ys.append(top)
                texts.append(f"{ratings.band_name(band, lang)}: {rows.set_index('rating').loc[band, 'share']:.1%}")
    return go.Scatter(
        x=xs,
        y=ys,
        mode="markers",
        name=t("chart_published_nacc"),
        marker=dict(symbol="line-ew-open", size=26, color="black", line=dict(width=2.5)),
        text=[escape(x) for x in texts],
        hovertemplate=f"{t('chart_published_nacc')}<br>%{{text}}<extra></extra>",
    )


def type_distribution(
    quartiles: pd.DataFrame,
    lang: str,
    selected: list[str] | None = None,
    source: str | None = None,
    published: pd.DataFrame | None = None,
) -> go.Figure:
    """Return one precomputed box per agency type; clickable median markers carry the type_code. `published`
    (type_code, mean_score, agencies, pass_rate) adds NACC's published mean of each type as a diamond."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    full = [escape(n) for n in quartiles[theme.name_column(lang)].fillna(quartiles["name_th"])]
    names = [theme.wrap(n, 34) for n in full]
    chosen = set(selected or [])
    fig = go.Figure()
    for name, label, row in zip(names, full, quartiles.itertuples()):
        colour = theme.HIGHLIGHT if row.type_code in chosen else (theme.MUTED if chosen else theme.PALETTE[0])
        fig.add_trace(
            go.Box(
                y=[name],
                q1=[row.q1],
                median=[row.median_score],
                q3=[row.q3],
                lowerfence=[row.min_score],
                upperfence=[row.max_score],
                mean=[row.mean_score],
                orientation="h",
                name=label,
                showlegend=False,
                customdata=[[row.type_code]],
                line=dict(color=colour, width=2.5 if row.type_code in chosen else 1.5),
                fillcolor=colour,
                opacity=0.85,
                hoverinfo="skip",
                boxmean=True,
            )
        )
    # Boxes without sample points cannot be selected, so the click target is a marker at each median.
    stats = quartiles[["agencies", "min_score", "q1", "median_score", "q3", "max_score", "mean_score"]]
    fig.add_trace(
        go.Scatter(
            x=quartiles["median_score"],
            y=names,
            mode="markers",
            name=t("chart_hover_median"),
            showlegend=False,
            marker=dict(color="white", size=9, line=dict(color=theme.TEXT_COLOUR, width=1.5)),
            customdata=[[code, *values] for code, values in zip(quartiles["type_code"], stats.to_numpy().tolist())],
            hovertemplate=(
                "<b>%{y}</b>"
                + "".join(
                    f"<br>{t(key)}: %{{customdata[{i}]:{fmt}}}"
                    for i, (key, fmt) in enumerate(
                        [
                            ("chart_hover_agencies", ","),
                            ("chart_hover_min", ".2f"),
                            ("chart_hover_q1", ".2f"),
                            ("chart_hover_median", ".2f"),
                            ("chart_hover_q3", ".2f"),
                            ("chart_hover_max", ".2f"),
                            ("chart_hover_mean", ".2f"),
                        ],
                        start=1,
                    )
                )
                + "<extra></extra>"
            ),
        )
    )
    if published is not None and len(published):
        known = published.set_index("type_code").reindex(quartiles["type_code"])
        has = known["mean_score"].notna().to_numpy()
        rate = known["pass_rate"].map(lambda v: "–" if pd.isna(v) else f"{v:.1%}")
        count = known["agencies"].map(lambda v: "–" if pd.isna(v) else f"{int(v):,}")
        fig.add_trace(
            go.Scatter(
                x=known["mean_score"][has],
                y=[n for n, h in zip(names, has) if h],
                mode="markers",
                name=t("chart_published_mean"),
                marker=dict(symbol="diamond-open", size=11, color=theme.PALETTE[1], line=dict(width=2)),
                customdata=list(zip(count[has], rate[has])),
                hovertemplate=(
                    f"<b>%{{y}}</b><br>{t('chart_published_nacc')}<br>{t('chart_hover_mean')}: %{{x:.2f}}"
                    f"<br>{t('chart_hover_agencies')}: %{{customdata[0]}}<br>{t('chart_axis_pass_rate')}: "
                    "%{customdata[1]}<extra></extra>"
                ),
            )
        )
        fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.12))
    fig.update_yaxes(type="category", autorange="reversed", categoryorder="array", categoryarray=names)
    fig.update_xaxes(title_text=t("chart_axis_score"))
    fig.update_layout(clickmode="event+select", dragmode=False, height=max(360, 60 + 34 * len(names)))
    year = _one_year(quartiles, lang)
    return theme.finish(fig, t("chart_type_distribution_title").format(year=year), source)


def _one_year(frame: pd.DataFrame, lang: str) -> str:
    years = sorted(frame["fiscal_year"].dropna().unique())
    if not years:
        return ""
    return "–".join(year_labels([years[0], years[-1]] if len(years) > 1 else years, lang))


def _type_rows(frame: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """Return the type codes in the frame's order and their (escaped, wrapped) names in the language."""
    codes = list(dict.fromkeys(frame["type_code"]))
    names = frame.drop_duplicates("type_code").set_index("type_code").loc[codes]
    shown = names[theme.name_column(lang)].fillna(names["name_th"])
    if "agencies" in frame:  # a type of few agencies (two special local bodies: 0, 50 or 100%) says how few
        most = frame.groupby("type_code")["agencies"].max().reindex(codes)
        shown = [few_agencies(n, a, lang) for n, a in zip(shown, most)]
    return codes, [theme.wrap(escape(n), 40) for n in shown]


def _type_heatmap(
    z: pd.DataFrame, rows: list[str], columns: list[str], fmt: str, label: str, hover_columns: list[str] | None = None
) -> go.Heatmap:
    return go.Heatmap(
        z=z.to_numpy(),
        x=columns,
        y=rows,
        colorscale=theme.SEQUENTIAL,
        texttemplate=f"%{{z:{fmt}}}",
        xgap=1,
        ygap=1,
        colorbar=dict(title=dict(text=label), tickformat=fmt.replace(".1", ".0")),
        customdata=[hover_columns or columns] * len(rows),
        hoverongaps=False,
        hovertemplate=f"%{{y}}<br>%{{customdata}}<br>{label}: %{{z:{fmt}}}<extra></extra>",
    )


def type_year_heatmap(by_type: pd.DataFrame, metric: str, lang: str, source: str | None = None) -> go.Figure:
    """Return a type × fiscal-year heatmap of the mean score or the pass rate, each cell annotated."""
    theme.check_metric(metric, HEATMAP_METRICS)
    codes, rows = _type_rows(by_type, lang)
    years = sorted(by_type["fiscal_year"].unique())
    z = by_type.pivot_table(index="type_code", columns="fiscal_year", values=metric, aggfunc="first")
    z = z.reindex(index=codes, columns=years)
    label = theme.metric_name(metric, lang)
    fig = go.Figure(_type_heatmap(z, rows, year_labels(years, lang), theme.value_format(metric), label))
    fig.update_xaxes(type="category", title_text=i18n.t("chart_axis_fiscal_year", lang))
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(height=max(360, 140 + 30 * len(rows) + 14 * sum(r.count("<br>") for r in rows)))
    title = i18n.t("chart_type_year_title", lang).format(metric=label)
    return theme.finish(fig, title, source)


def indicator_type_heatmap(by_type: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return a type × (3 tools, then 10 indicators) heatmap of mean scores, each cell annotated."""
    metrics = [*TOOLS, *INDICATORS]
    codes, rows = _type_rows(by_type, lang)
    z = by_type.pivot_table(index="type_code", columns="metric", values="mean_score", aggfunc="first")
    z = z.reindex(index=codes, columns=metrics)
    # Short column heads (IIT, "1. …") keep the grid readable; the hover gives the full name.
    full = [i18n.t(f"tool_{m}" if m in TOOLS else f"indicator_{m}", lang) for m in metrics]
    columns = [m.upper() if m in TOOLS else f"{m[1:]}. {name}" for m, name in zip(metrics, full)]
    label = i18n.t("chart_hover_mean", lang)
    fig = go.Figure(_type_heatmap(z, rows, columns, ".1f", label, full))
    fig.update_xaxes(type="category", tickangle=-45, tickfont_size=11)
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(height=max(420, 260 + 30 * len(rows) + 14 * sum(r.count("<br>") for r in rows)))
    title = i18n.t("chart_indicator_type_title", lang).format(year=_one_year(by_type, lang))
    # Slanted labels take about 0.7 × their length in pixels of height; the source line goes under them.
    return theme.finish(fig, title, source, below=int(12 + 0.7 * 6 * max(map(theme.text_width, columns))))


def agency_history(history: pd.DataFrame, lang: str, source: str | None = None) -> go.Figure:
    """Return one agency's total, IIT, EIT and OIT scores by fiscal year, with the pass mark of 85."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    data = history.sort_values("fiscal_year").drop_duplicates("fiscal_year", keep="last")
    if len(data):  # a year the agency is missing from is a gap in its lines, not a straight line across it
        years = range(int(data["fiscal_year"].min()), int(data["fiscal_year"].max()) + 1)
        data = data.set_index("fiscal_year").reindex(years).rename_axis("fiscal_year").reset_index()
        data[["name_th", "name_en"]] = data[["name_th", "name_en"]].ffill()
    fig = go.Figure()
    for column in ("score", *TOOLS):
        name = t("chart_total_score") if column == "score" else t(f"tool_{column}")
        fig.add_trace(
            go.Scatter(
                x=data["fiscal_year"],
                y=data[column],
                mode="lines+markers",
                name=name,
                connectgaps=False,
                line=dict(
                    color=theme.SERIES_COLOURS[column],
                    width=3 if column == "score" else 1.8,
                    dash="solid" if column == "score" else "dash",
                ),
                customdata=year_labels(data["fiscal_year"], lang),
                hovertemplate=f"{name}<br>{t('chart_axis_fiscal_year')} %{{customdata}}: %{{y:.2f}}<extra></extra>",
            )
        )
    fig.add_hline(
        y=PASS_MARK,
        line=dict(color=theme.NOTE_COLOUR, dash="dot", width=1),
        annotation_text=t("chart_pass_mark").format(value=f"{PASS_MARK:g}"),
        annotation_position="bottom right",
        annotation_font_color=theme.NOTE_COLOUR,
    )
    theme.year_axis(fig, data["fiscal_year"], lang)
    fig.update_yaxes(title_text=t("chart_axis_score"))
    title = t("chart_agency_history_title")
    if len(data):
        latest = data.iloc[-1]
        name = latest["name_en"] if lang == "en" and pd.notna(latest["name_en"]) and latest["name_en"] else None
        title = f"{title}: {escape(name or latest['name_th'])}"  # broken into lines by theme.finish
    return theme.finish(fig, title, source)


def region_bars(
    by_region: pd.DataFrame, metric: str, lang: str, source: str | None = None, target: float | None = None
) -> go.Figure:
    """Return horizontal bars of one metric per region (central administration included), sorted by value, on an
    axis that starts where their differences show (said in its title), with the target in force as a line."""
    theme.check_metric(metric, REGION_METRICS)
    data = by_region.sort_values(metric, ascending=True, kind="stable")
    names = [i18n.t(f"region_{r}", lang) if i18n.has_label(f"region_{r}") else escape(r) for r in data["region"]]
    if metric != "agencies":  # a region of few agencies (filters can make one) says how few beside its bar
        names = [few_agencies(n, a, lang) for n, a in zip(names, data["agencies"])]
    fmt = theme.value_format(metric)
    label = theme.metric_name(metric, lang)
    fig = go.Figure(
        go.Bar(
            x=data[metric],
            y=names,
            orientation="h",
            marker_color=theme.PALETTE[0],
            name=label,
            text=data[metric],
            texttemplate=f"%{{x:{fmt}}}",
            textposition="outside",
            cliponaxis=False,
            customdata=data["agencies"],
            hovertemplate=(
                f"%{{y}}<br>{label}: %{{x:{fmt}}}<br>{i18n.t('chart_hover_agencies', lang)}:"
                " %{customdata:,}<extra></extra>"
            ),
        )
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names)
    fraction = metric == "pass_rate"
    short = ".0%" if fraction else "g"
    target = target if metric in ("mean_score", "pass_rate") else None
    span = None if metric == "agencies" else theme.value_range(data[metric], target, fraction)
    fig.update_xaxes(
        title_text=theme.axis_from(label, span[0], short, lang) if span else label,
        **({"tickformat": ".0%"} if fraction else {}),
        **({"range": list(span)} if span else {"range": [0, 1.1]} if fraction else {}),
    )
    if span:  # values inside the bars' ends, where the target line never crosses them
        fig.update_traces(textposition="inside", insidetextanchor="end", textfont_color="white")
    if target is not None:
        theme.target_line(fig, target, short, lang)
    title = i18n.t("chart_region_title", lang).format(metric=label, year=_one_year(data, lang))
    return theme.finish(fig, title, source, below=theme.AXIS_PX + (theme.AXIS_LINE_PX if span else 0))
