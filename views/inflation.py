"""Score-inflation and validity diagnostics: the distribution year by year, ceiling signs, ITA against CPI."""

import functools

import streamlit as st

from dashboard import cache, components, sidebar
from ita_analytics import aggregate, analysis, i18n, narrative
from ita_analytics.charts import cpi as cpi_charts
from ita_analytics.charts import inflation as inflation_charts

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("inflation_title"))
st.caption(t("inflation_intro"))
signs = cache.data(version, aggregate.inflation_by_year, filters)
if signs.empty:
    st.info(t("no_results"))
    st.stop()
series = cache.data(version, aggregate.national_series, filters)
synthetic = bool(series["synthetic"].any())
components.synthetic_badge(synthetic, lang)
components.partial_years_note(version, filters.dataset, lang)
source = t("source_ita_synthetic") if synthetic else t("source_ita")
aligned = analysis.align_ita_cpi(series, cache.data(version, aggregate.cpi_series), 0)
sentence = narrative.pass_rate_against_cpi(aligned, lang)
if sentence:
    st.info(sentence, icon=":material/insights:")

histogram = cache.data(version, aggregate.score_histogram, filters)
components.show_chart(
    cache.shared(inflation_charts.score_distribution, histogram, lang),
    histogram,
    "inflation_distribution",
    lang,
    source,
    t("alt_inflation_distribution"),
)
components.show_chart(
    cache.shared(inflation_charts.inflation_signs, signs, lang),
    signs,
    "inflation_signs",
    lang,
    source,
    t("alt_inflation_signs"),
)
# A short heading for the last column: the long Thai one pushed its values out of the table's width.
components.show_table(
    signs.rename(columns={"within_type_sd": "sd_within_types"}),
    lang,
    year_columns=("fiscal_year",),
    percent_columns=("share_95", "share_100", "share_rising_20"),
)
if not aligned.empty:
    components.show_chart(
        cache.shared(cpi_charts.ita_cpi_indexed, aligned, lang, 0),
        aligned,
        "inflation_indexed",
        lang,
        f"{t('source_cpi')}; {source}",
        t("alt_ita_cpi").format(n=len(aligned), lag=0),
    )
