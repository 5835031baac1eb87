"""Overview for executives: the year's headline numbers, who is behind, trends against targets, and the CPI."""

from urllib.parse import urlencode

import streamlit as st

from dashboard import cache, components, sidebar
from ita_analytics import aggregate, analysis, i18n, narrative, records, target_rules
from ita_analytics import published as published_record
from ita_analytics.charts import cpi as cpi_charts
from ita_analytics.charts import ita as ita_charts

page = components.year_page("overview_title")
lang, version, year, filters, t = page.lang, page.version, page.year, page.filters, page.t
st.caption(t("scope_filtered") if sidebar.is_filtered(filters) else t("scope_all"))
series = cache.data(version, aggregate.national_series, filters)
k = analysis.year_kpis(series, cache.data(version, aggregate.cpi_series), cache.data(version, records.targets), year)
partial = components.is_partial(components.year_coverage(version, year, filters.dataset))
scope = t(
    "scope_dataset_agencies"
    if partial
    else "scope_filtered_agencies"
    if sidebar.is_filtered(filters)
    else "scope_agencies_th"
)
targets = cache.data(version, records.targets)
cpi = cache.data(version, aggregate.cpi_series)
latest_cpi = cpi[cpi["year"] == k.cpi_year].iloc[0] if k.cpi_year is not None else None
cpi_goal = target_rules.next_target(targets, k.cpi_year or year, "cpi_score")
sentences = [
    narrative.ita_sentence(k, scope, lang),
    narrative.cpi_sentence(k, lang),
    narrative.cpi_target_sentence(latest_cpi, cpi_goal, lang),
]
st.info("  \n".join(s for s in sentences if s), icon=":material/insights:")

if partial:  # the country's headline figures are NACC's; the dataset's own describe only its agencies
    national = cache.data(version, records.published_series).set_index("fiscal_year")
    if year in national.index:
        row = national.loc[year]
        st.markdown(f"**{t('overview_published_heading').format(year=i18n.year_label(year, lang))}**")
        nacc = st.columns(5)
        for column, key, value in (
            (nacc[0], "kpi_mean", f"{row['mean_score']:.2f}"),
            (nacc[1], "kpi_pass_rate", "–" if row["pass_rate"] != row["pass_rate"] else f"{row['pass_rate']:.1%}"),
            (nacc[2], "kpi_agencies", f"{int(row['agencies']):,}"),
        ):
            column.metric(f"{t(key)} ({t('published_short')})", value, help=components.unlinked(row["source_url"]))
    st.markdown(f"**{t('overview_dataset_heading').format(n=f'{k.agencies:,}')}**")

cards = st.columns(5)
cards[0].metric(
    t("kpi_mean"),
    f"{k.mean_score:.2f}",
    None if k.mean_change is None else f"{k.mean_change:+.2f} {t('kpi_points')}",
    help=None
    if k.target_mean is None
    else t("kpi_target_in_force").format(year=i18n.year_label(year, lang), value=f"{k.target_mean:g}"),
)
target_text = (
    t("kpi_target_in_force").format(year=i18n.year_label(year, lang), value=f"{k.target_pass_rate:.0%}")
    if k.target_pass_rate is not None
    else None
)
cards[1].metric(
    t("kpi_pass_rate"),
    f"{k.pass_rate:.1%}",
    None if k.pass_rate_change is None else f"{100 * k.pass_rate_change:+.1f} {t('kpi_pp')}",
    help=target_text,
)
cards[2].metric(t("kpi_agencies"), f"{k.agencies:,}")
if k.cpi_score is not None:
    ci = f"{t('kpi_ci')}: {k.cpi_lower:.1f}–{k.cpi_upper:.1f}" if k.cpi_lower is not None else None
    cards[3].metric(
        f"{t('kpi_cpi')} {i18n.year_label(k.cpi_year, lang)}",
        f"{k.cpi_score:.0f}",
        None if k.cpi_change is None else f"{k.cpi_change:+.0f}",
        help=ci,
    )
    change = narrative.cpi_rank_change(k, lang)
    look = {"worse": ("red", "down"), "better": ("green", "up"), "same": ("gray", "off")}
    cards[4].metric(
        f"{t('kpi_cpi_rank')} ({t('kpi_of')} {k.cpi_countries})",
        f"{k.cpi_rank}",
        None if change is None else change[0],
        delta_color=look[change[1]][0] if change else "normal",
        delta_arrow=look[change[1]][1] if change else "auto",
    )

# Who is behind: the types and regions furthest from the target in force, each a link to its page filtered.
if k.target_pass_rate is not None:
    st.markdown(f"**{t('lagging_heading').format(target=f'{k.target_pass_rate:.0%}')}**")
    behind = st.columns(2)
    for column, unit, by_unit, page_path, names in (
        (behind[0], "type_code", aggregate.by_agency_type, "types", components.type_names(lang)),
        (behind[1], "region", aggregate.by_region, "regions", None),
    ):
        rows = cache.data(version, by_unit, page.this_year)
        lagging = cache.shared(analysis.lagging_units, rows, unit, k.target_pass_rate)
        with column:
            if lagging.empty:
                st.caption(t("lagging_none"))
                continue
            key = "type" if unit == "type_code" else "region"
            extra = {"year": str(year), "dataset": filters.dataset or "", **({"lang": "en"} if lang == "en" else {})}
            shown = lagging.assign(
                unit=[names.get(u, u) if names else t(f"region_{u}") for u in lagging["unit"]],
                link=[f"./{page_path}?{urlencode({key: u, **extra})}" for u in lagging["unit"]],
            ).rename(columns={"unit": f"lagging_{key}", "gap": "still_to_pass"})
            # what to act on first, where half a screen's width still shows it; the passed count follows from these
            shown = shown[[f"lagging_{key}", "still_to_pass", "pass_rate", "agencies", "link"]]
            components.show_table(
                shown, lang, percent_columns=("pass_rate",), link_columns=("link",), key=f"lagging_{key}_table"
            )

source = page.source
published = cache.data(version, records.published_series)
# NACC's figures describe every agency: beside filtered figures they would compare unlike with unlike.
national_published = published.iloc[0:0] if sidebar.is_filtered(filters) else published
left, right = st.columns(2)
with left:
    fig = cache.shared(ita_charts.mean_trend, series, national_published, lang, targets=targets)
    first, last = series.iloc[0], series.iloc[-1]
    components.show_chart(
        fig,
        series,
        "overview_mean",
        lang,
        source,
        i18n.t("alt_mean_trend", lang).format(
            first=i18n.year_label(first["fiscal_year"], lang),
            last=i18n.year_label(last["fiscal_year"], lang),
            start=first["mean_score"],
            end=last["mean_score"],
        ),
    )
with right:
    target = k.target_pass_rate
    fig = cache.shared(ita_charts.pass_rate_trend, series, targets, lang, published=national_published)
    components.show_chart(
        fig,
        series,
        "overview_pass_rate",
        lang,
        source,
        i18n.t("alt_pass_trend", lang).format(
            last=i18n.year_label(last["fiscal_year"], lang),
            rate=last["pass_rate"],
            target=target if target is not None else float("nan"),
        ),
    )
left, right = st.columns(2)
with left:
    dist = cache.data(version, aggregate.rating_distribution, filters)
    components.show_chart(
        cache.shared(
            ita_charts.rating_distribution,
            dist,
            lang,
            published=None if sidebar.is_filtered(filters) else cache.data(version, published_record.bands),
        ),
        dist,
        "overview_ratings",
        lang,
        source,
        i18n.t("alt_ratings", lang),
    )
with right:
    cpi = cache.data(version, aggregate.cpi_series)
    components.show_chart(
        cache.shared(cpi_charts.cpi_trend, cpi, lang, targets),
        cpi,
        "overview_cpi",
        lang,
        t("source_cpi"),
        i18n.t("alt_cpi_trend", lang).format(
            first=i18n.year_label(cpi["year"].min(), lang),
            last=i18n.year_label(cpi["year"].max(), lang),
            start=cpi["score"].iloc[0],
            end=cpi["score"].iloc[-1],
        ),
    )
