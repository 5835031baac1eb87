"""ITA × CPI: the two series aligned with a lag, Thailand among its peers, the CPI's sources, a what-if."""

import functools

import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import aggregate, analysis, i18n, records
from ita_analytics.charts import cpi as cpi_charts

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("ita_cpi_title"))
st.info(t("ita_cpi_caveat"), icon=":material/info:")
series = cache.data(version, aggregate.national_series, filters)
cpi = cache.data(version, aggregate.cpi_series)
components.synthetic_badge(bool(series["synthetic"].any()), lang)
components.partial_years_note(version, filters.dataset, lang)
both_sources = f"{t('source_cpi')}; {t('source_ita_synthetic') if series['synthetic'].any() else t('source_ita')}"

left, right = st.columns([1, 2])
lag = url_state.url_radio(
    t("lag"),
    list(analysis.LAGS),
    "lag",
    0,
    where=left,
    cast=url_state.whole_number,
    horizontal=True,
    format_func=lambda n: t("lag_years").format(n=n),
)
view = url_state.url_radio(
    t("view"),
    ["panels", "indexed"],
    "view",
    "panels",
    where=right,
    horizontal=True,
    format_func=lambda v: t(f"view_{v}"),
)
aligned = cache.shared(analysis.align_ita_cpi, series, cpi, lag)
if aligned.empty:
    st.info(t("no_overlap"))
else:
    fig = (
        cache.shared(cpi_charts.ita_cpi_indexed, aligned, lang, lag)
        if view == "indexed"
        else cache.shared(cpi_charts.ita_cpi_small_multiples, aligned, lang)
    )
    components.show_chart(
        fig, aligned, "ita_cpi_aligned", lang, both_sources, t("alt_ita_cpi").format(n=len(aligned), lag=lag)
    )
    st.caption(t("few_points").format(n=len(aligned)))

first_cpi, last_cpi = int(cpi["year"].min()), int(cpi["year"].max())
cpi_year = min(max(year + lag, first_cpi), last_cpi)
st.subheader(f"{t('asean_title')} {i18n.year_label(cpi_year, lang)}")
comparison = cache.data(version, aggregate.asean_comparison, cpi_year)
components.show_chart(
    cache.shared(cpi_charts.asean_comparison, comparison, lang),
    comparison,
    "ita_cpi_asean",
    lang,
    t("source_cpi"),
    t("alt_asean"),
)

st.subheader(t("sources_title"))
contributions = cache.shared(analysis.cpi_source_contributions, cache.data(version, aggregate.cpi_sources))
# Full width: 14 years of 9 sources need room.
components.show_chart(
    cache.shared(cpi_charts.cpi_sources_heatmap, contributions, lang),
    contributions,
    "ita_cpi_sources",
    lang,
    t("source_cpi"),
    t("alt_sources_heatmap"),
)
components.show_chart(
    cache.shared(cpi_charts.cpi_source_contributions_bars, contributions, cpi_year, lang),
    contributions[contributions["year"] == cpi_year],
    "ita_cpi_contributions",
    lang,
    t("source_cpi"),
    t("alt_contributions").format(year=i18n.year_label(cpi_year, lang)),
)

st.subheader(t("whatif_title"))
latest = cpi[cpi["year"] == last_cpi].iloc[0]
year_sources = contributions[contributions["year"] == last_cpi]["source"].tolist()
left, right = st.columns(2)
source_name = url_state.url_select(t("whatif_source"), year_sources, "whatif_source", year_sources[0], where=left)
raise_by = url_state.url_slider(t("whatif_points"), -20, 20, "whatif_k", 5, where=left)
new_score = analysis.what_if(float(latest["score"]), int(latest["sources"]), raise_by)
right.metric(
    t("whatif_result").format(year=i18n.year_label(last_cpi, lang)),
    f"{new_score:.2f}",
    f"{new_score - latest['score']:+.2f}",
)
right.caption(
    t("whatif_explain").format(
        k=raise_by, n=int(latest["sources"]), source=source_name, delta=raise_by / int(latest["sources"])
    )
)

st.subheader(t("targets_distance_title"))
distance = analysis.cpi_target_distance(cache.data(version, records.targets), latest, lang)
distance = distance.assign(metric=distance["metric"].map(lambda m: i18n.metric_label(m, lang)))
components.show_table(distance, lang, year_columns=("year", "current_year"))
