"""Agency types: score distributions, type × year and indicator heatmaps, and a searchable ranking."""

import dataclasses

import streamlit as st

from dashboard import cache, components, url_state
from ita_analytics import aggregate
from ita_analytics import published as published_record
from ita_analytics.charts import ita as ita_charts

page = components.year_page("types_title")
lang, version, year, filters, source, t = page.lang, page.version, page.year, page.filters, page.source, page.t
quartiles = cache.data(version, aggregate.score_quartiles_by_type, page.this_year)
names = dict(zip(quartiles["type_code"], quartiles["name_en" if lang == "en" else "name_th"]))

# NACC published each type's count, mean and pass rate for some years, for all the country's agencies of the type:
# marked beside this database's when the sidebar does not narrow the agencies within a type.
published_types = cache.data(version, published_record.by_type)
published_types = published_types[published_types["fiscal_year"] == year]
if filters.regions or filters.provinces:
    published_types = published_types.iloc[0:0]
with_published = quartiles.merge(
    published_types[["type_code", "agencies", "mean_score", "pass_rate"]].add_prefix("published_"),
    left_on="type_code",
    right_on="published_type_code",
    how="left",
).drop(columns="published_type_code")

# A click on a type in the distribution chart focuses the rest of the page on that type.
focus_now = st.session_state.get("focus", [])
points = components.show_chart(
    cache.shared(ita_charts.type_distribution, quartiles, lang, selected=focus_now or None, published=published_types),
    with_published if len(published_types) else quartiles,
    "types_distribution",
    lang,
    source,
    t("alt_type_distribution"),
    selectable=True,
)
picked = [p["customdata"][0] if isinstance(p.get("customdata"), list) else p.get("customdata") for p in points]
if picked and set(picked) <= set(names) and picked != focus_now:
    st.session_state["focus"] = picked
focus = url_state.url_multiselect(
    t("focus_types"), list(names), "focus", where=st, format_func=names.get, placeholder=t("focus_placeholder")
)
focused = dataclasses.replace(filters, types=focus) if focus else filters

# Full width: the heatmaps need room for 7 years and 13 indicators.
metric = url_state.url_radio(
    t("heatmap_metric"),
    ["mean_score", "pass_rate"],
    "metric",
    "mean_score",
    where=st,
    horizontal=True,
    format_func=lambda m: t(f"metric_{m}"),
)
by_type = cache.data(version, aggregate.by_agency_type, focused)
components.show_chart(
    cache.shared(ita_charts.type_year_heatmap, by_type, metric, lang),
    by_type,
    "types_by_year",
    lang,
    source,
    t("alt_type_year_heatmap"),
)
indicators = cache.data(version, aggregate.tool_indicator_by_type, dataclasses.replace(focused, years=[year]))
if indicators.empty:
    st.info(t("no_indicator_scores"))
else:
    components.show_chart(
        cache.shared(ita_charts.indicator_type_heatmap, indicators, lang),
        indicators,
        "types_indicators",
        lang,
        source,
        t("alt_indicator_heatmap"),
    )

st.subheader(t("ranking_title"))
query = url_state.url_text(t("search_agency"), "q", where=st, placeholder=t("search_placeholder"))
ranked = cache.data(version, aggregate.ranked_agencies, year, focused, n=1_000_000)
components.show_ranking(ranked, query, lang, key="types_ranking", dataset=filters.dataset)
