"""Regions: a map of the 77 provinces, region comparison, and a province drill-down."""

import dataclasses

import streamlit as st

from dashboard import cache, components, url_state
from ita_analytics import aggregate, config, records, target_rules
from ita_analytics.charts import ita as ita_charts
from ita_analytics.charts import maps

page = components.year_page("regions_title")
lang, version, year, filters, source, t = page.lang, page.version, page.year, page.filters, page.source, page.t
by_region = cache.data(version, aggregate.by_region, page.this_year)
metric = url_state.url_radio(
    t("map_metric"),
    ["mean_score", "pass_rate", "agencies"],
    "map_metric",
    "mean_score",
    where=st,
    horizontal=True,
    format_func=lambda m: t(f"metric_{m}"),
)

by_province = cache.data(version, aggregate.by_province, page.this_year)
geojson = cache.province_geojson()
map_column, bars_column = st.columns([3, 2])
with map_column:
    if geojson is not None:  # not through cache.shared: hashing a whole GeoJSON on every run costs more than it saves
        fig = maps.province_choropleth(by_province, geojson, metric, lang, id_property=config.geojson_id_property())
    else:
        fig = cache.shared(maps.province_tile_map, by_province, cache.shared(maps.load_tiles), metric, lang)
    components.show_chart(
        fig,
        by_province,
        "regions_map",
        lang,
        source,
        t("alt_map").format(metric=t(f"metric_{metric}"), n=len(by_province)),
    )
    minimum = config.min_agencies()
    if metric != "agencies" and (by_province["agencies"] < minimum).any():
        st.caption(t("regions_few_agencies").format(min=minimum))
    if geojson is None:
        st.caption(t("geojson_hint"))
with bars_column:
    target = target_rules.result_target(cache.data(version, records.targets), year, metric)  # the line to read against
    components.show_chart(
        cache.shared(ita_charts.region_bars, by_region, metric, lang, target=target),
        by_region,
        "regions_bars",
        lang,
        source,
        t("alt_region_bars").format(metric=t(f"metric_{metric}")),
    )
    central = by_region[by_region["region"] == "central_admin"]
    if not central.empty:
        row = central.iloc[0]
        st.caption(
            t("central_admin_note").format(n=int(row["agencies"]), mean=row["mean_score"], rate=row["pass_rate"])
        )

st.subheader(t("drilldown_title"))
codes = by_province.sort_values("name_en" if lang == "en" else "name_th")["province_code"].tolist()
if codes:
    chosen = url_state.url_select(
        t("province"), codes, "drill", codes[0], where=st, format_func=lambda c: components.province_name(c, lang)
    )
    in_province = dataclasses.replace(filters, provinces=[chosen], regions=None)
    ranked = cache.data(version, aggregate.ranked_agencies, year, in_province, n=1_000_000)
    components.show_ranking(ranked, "", lang, key="regions_drill", dataset=filters.dataset)
