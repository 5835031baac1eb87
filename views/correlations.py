"""Correlation explorer: any two metrics, at any unit of analysis, with a lag, and honest uncertainty."""

import functools

import pandas as pd
import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import aggregate, explore, i18n, narrative, records
from ita_analytics.charts import explore as explore_charts

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("explore_title"))
st.caption(t("explore_intro"))


def metric_name(metric: str) -> str:
    """Return a catalogue entry's name in the language."""
    if metric.startswith("cpi:"):
        return f"CPI · {metric[4:]}"
    if metric.startswith(explore.EXTERNAL):
        return f"{metric[len(explore.EXTERNAL) :]} ({t('imported_metric')})"
    return i18n.first_label(metric, ("metric_", "tool_", "indicator_"), lang)


columns = st.columns([3, 3, 2, 2, 3])
# The unit comes first: province-year imported indicators are offered only for units within a province.
unit = url_state.url_select(
    t("explore_unit"), list(explore.UNITS), "unit", "national", where=columns[2], format_func=lambda u: t(f"unit_{u}")
)
catalogue = cache.data(version, explore.catalogue, unit)
x = url_state.url_select(t("explore_x"), catalogue, "x", "mean_score", where=columns[0], format_func=metric_name)
y = url_state.url_select(t("explore_y"), catalogue, "y", "cpi_score", where=columns[1], format_func=metric_name)
lag = url_state.url_radio(
    t("explore_lag"),
    [0, 1, 2],
    "xlag",
    0,
    where=columns[3],
    cast=url_state.whole_number,
    horizontal=True,
    format_func=lambda n: t("lag_years").format(n=n),
)
values = url_state.url_radio(
    t("explore_values"),
    ["levels", "changes"],
    "values",
    "levels",
    where=columns[4],
    horizontal=True,
    format_func=lambda v: t(f"explore_values_{v}"),
    help=t("explore_change_help"),
)
change = values == "changes"
points = cache.data(version, explore.unit_pairs, unit, filters, x, y, lag, change)
national_metrics = cache.data(version, explore.national_metrics)
national = cache.data(version, explore.is_national_pair, unit, x, y)  # the year is the unit of every statistic
if unit != "national" and {x, y} & national_metrics:
    st.warning(t("explore_cpi_national"), icon=":material/warning:")
if unit != "agency":
    st.info(t("explore_ecological"), icon=":material/info:")
if points.empty:
    st.info(t("no_results"))
    st.stop()
synthetic = bool(cache.data(version, aggregate.national_series, filters)["synthetic"].any())
components.synthetic_badge(synthetic, lang)
components.partial_years_note(version, filters.dataset, lang)
ita_source = t("source_ita_synthetic") if synthetic else t("source_ita")
imported = cache.data(version, records.external_indicators).set_index("indicator")


def imported_source(metric: str) -> str:
    """Return the source line of an imported indicator: its name, file and the source given at import."""
    row = imported.loc[metric.removeprefix(explore.EXTERNAL)]
    # The name and file came with the upload: never links. The note is the importer's own citation.
    return t("source_imported").format(
        name=components.unlinked(row.name),
        file=components.unlinked(row["file_name"]),
        note=row["source"] if pd.notna(row["source"]) else "–",
    )


sources = [
    t("source_cpi") if any(m.startswith("cpi") for m in (x, y)) else "",
    ita_source,
    *(imported_source(m) for m in dict.fromkeys((x, y)) if m.startswith(explore.EXTERNAL)),
]
names = (
    {c: components.province_name(c, lang) for c in points["unit"].unique()}
    if unit == "province"
    else {r: t(f"region_{r}") for r in points["unit"].unique()}
    if unit == "region"
    else components.type_names(lang)
    if unit == "type"
    else None
)
delta = "Δ " if change else ""
x_label, y_label = delta + metric_name(x) + (f" (−{lag})" if lag else ""), delta + metric_name(y)
# A national pair: the statistics take the year as the unit, so the years are drawn over the panel, which is
# only an illustration; the years' own table (and download) follows the statistics.
years = None
if national and unit != "national":
    level_points = cache.data(version, explore.unit_pairs, unit, filters, x, y, lag) if change else points
    years = cache.shared(explore.year_points, level_points)
    if change:
        years = cache.shared(explore.year_changes, years)
fig = cache.shared(
    explore_charts.scatter_with_fit,
    points,
    x_label,
    y_label,
    lang,
    names,
    years=years,
    illustration=t("chart_panel_illustration").format(row_noun=t(f"stats_rows_{unit}")),
    years_label=t("chart_year_changes" if change else "chart_year_means"),
)
components.show_chart(
    fig,
    cache.shared(explore.described, points, x, y, lag, change, lang),
    "explore_scatter",
    lang,
    "; ".join(filter(None, sources)),
    t("alt_explore").format(n=len(points)),
)

results = cache.data(version, explore.unit_summary, unit, filters, x, y, lag, change)
components.show_table(narrative.correlation_table(results, unit, lang), lang)
# Without Δ (the notes say it), and escaped: an imported indicator's name is data, never Markdown.
named = {
    "x": components.md_escape(metric_name(x) + (f" (−{lag})" if lag else "")),
    "y": components.md_escape(metric_name(y)),
}
named_national = [named[axis] for axis, m in (("x", x), ("y", y)) if m in national_metrics]
for note in narrative.correlation_notes(results, unit, named["x"], named["y"], named_national, lang):
    st.caption(note)
first = next(iter(results.values()))
caveat = narrative.correlation_caveat(first, lang, units=t(f"stats_units_{unit}"))
if caveat:
    st.warning(caveat, icon=":material/warning:")
if years is not None:
    st.subheader(t("explore_year_table"))
    year_frame = cache.shared(explore.described, years, x, y, lag, change, lang)
    # On the page the metrics head their columns; the files keep every column that describes them.
    shown = year_frame[[c for c in ("fiscal_year", "x_fiscal_year", "x", "y", "units_averaged") if c in year_frame]]
    shown = shown.rename(columns={"x": x_label, "y": y_label})
    components.show_table(shown, lang, year_columns=tuple(c for c in shown if c.endswith("fiscal_year")))
    components.download_row(year_frame, lang, key="explore_years")

st.header(f"{t('structure_title')} {i18n.year_label(year, lang)}")
matrix, separation = cache.data(version, explore.year_indicator_structure, year, filters)
if matrix.empty:
    st.info(t("no_indicator_scores"))
else:
    components.show_chart(
        cache.shared(explore_charts.correlation_matrix, matrix, lang),
        matrix.reset_index(names="metric"),
        "explore_indicator_matrix",
        lang,
        ita_source,
        t("alt_indicator_matrix"),
    )
    st.subheader(t("separation_title"))
    st.caption(t("separation_caption"))
    shown = separation.assign(metric=separation["metric"].map(metric_name))
    components.show_table(shown, lang)
