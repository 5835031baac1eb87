"""Agency profile: find any agency by name or code; its history, percentiles and peers."""

import functools

import pandas as pd
import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import aggregate, i18n, ratings
from ita_analytics.charts import ita as ita_charts

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("agency_title"))
st.caption(t("agency_years_note"))


def _new_search() -> None:
    # A new search shows its matches to pick from, not the agency picked before it.
    st.session_state.pop("agency", None)
    st.query_params.pop("agency", None)


def _label(row: object) -> str:
    name = row.name_en if lang == "en" and isinstance(row.name_en, str) else row.name_th
    place = "" if pd.isna(row.province_code) else f" · {components.province_name(row.province_code, lang)}"
    kind = components.type_names(lang).get(row.type_code, row.type_code)
    return components.md_escape(f"{name} ({row.agency_code}) · {kind}{place}")  # names are data: never markup


query = url_state.url_text(
    t("search_agency"), "find", where=st, placeholder=t("search_placeholder"), on_change=_new_search
)
matches = cache.data(version, aggregate.search_agencies, query, 20) if query else None
if matches is not None and matches.empty:
    st.info(t("no_match").format(query=components.md_escape(query)))
asked = st.session_state.get("agency") or url_state.param("agency")
if asked and (matches is None or asked not in matches["agency_code"].tolist()):
    # A shared link (or the previous run) names the agency directly: put it first, with its name.
    named = cache.data(version, aggregate.search_agencies, asked, 1)
    matches = (
        named[named["agency_code"] == asked]
        if matches is None
        else pd.concat([named[named["agency_code"] == asked], matches])
    )
codes = [] if matches is None else matches["agency_code"].tolist()
if not codes:
    st.caption(t("agency_hint"))
    st.stop()
# A search never opens an agency by itself (a typo would open another's profile): its matches are a pick-list, an
# exact code or name first, and a profile opens when the reader picks one. A link naming the agency opens it.
labels = {r.agency_code: _label(r) for r in matches.itertuples()}
if query:
    st.caption(t("agency_matches").format(n=len(codes)))
code = url_state.url_radio(t("agency_pick"), codes, "agency", None, where=st, format_func=lambda c: labels.get(c, c))
if code is None:
    st.stop()
history = cache.data(version, aggregate.agency_history, code)
if history.empty:
    st.info(t("no_agency").format(code=components.md_escape(code)))
    st.stop()
components.synthetic_badge(bool(history["synthetic"].any()), lang)
latest = history.iloc[-1]
name = latest["name_en"] if lang == "en" and isinstance(latest["name_en"], str) else latest["name_th"]
st.subheader(components.md_escape(name), anchor=False)  # names are data: never links, images or HTML
st.caption(
    f"{components.md_escape(code)} · {components.type_names(lang)[latest['type_code']]} · "
    f"{components.province_name(latest['province_code'], lang)}"
)

cards = st.columns(4)
cards[0].metric(
    f"{t('kpi_score')} {i18n.year_label(latest['fiscal_year'], lang)}",
    f"{latest['score']:.2f}",
    None if len(history) < 2 else f"{latest['score'] - history.iloc[-2]['score']:+.2f}",
)
band = ratings.band_names(history["rating"].tail(1), lang, history["passed"].tail(1)).iloc[0]
cards[1].metric(t("rating"), band or "–")
cards[2].metric(
    t("percentile_in_type"),
    f"{latest['percentile_in_type']:.0f}",
    help=t("percentile_help").format(n=int(latest["peers_type"]), dataset=components.md_escape(latest["dataset"])),
)
if latest["percentile_in_province"] == latest["percentile_in_province"]:  # not NaN: has a province
    cards[3].metric(
        t("percentile_in_province"),
        f"{latest['percentile_in_province']:.0f}",
        help=t("percentile_help").format(
            n=int(latest["peers_province"]), dataset=components.md_escape(latest["dataset"])
        ),
    )
source = t("source_ita_synthetic") if history["synthetic"].any() else t("source_ita")
components.show_chart(
    cache.shared(ita_charts.agency_history, history, lang),
    history,
    "agency_history",
    lang,
    source,
    t("alt_agency_history").format(n=len(history)),
)
# Each year as held: which dataset, the band the file printed, and where the row was published.
rows = history.assign(
    rating=ratings.band_names(history["rating"], lang, history["passed"]),
    source_url=history["source_url"].where(history["source_url"].fillna("").str.match(r"https?://"), None),
)[["fiscal_year", "dataset", "score", "rating", "published_rating", "source_url"]]
components.show_table(rows, lang, year_columns=("fiscal_year",), link_columns=("source_url",), key="history_table")
st.subheader(t("peers_title"))
peers = cache.data(version, aggregate.agency_peers, code, int(latest["fiscal_year"]), 10, dataset=latest["dataset"])
if peers.empty:
    st.caption(t("no_peers"))
else:
    peers = peers.assign(name=peers["name_en" if lang == "en" else "name_th"].fillna(peers["name_th"]))
    components.show_table(peers[["agency_code", "name", "score", "difference", "rating", "passed"]], lang)
