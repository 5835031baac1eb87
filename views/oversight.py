"""Oversight: a monitoring unit's portfolio against the target, its follow-up list, what would help, its peers."""

import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import config, i18n, narrative, oversight
from ita_analytics.charts import oversight as oversight_charts
from ita_analytics.followup import write_followup

LIST_LIMIT = 500
lang, version, year, filters = sidebar.page_context()
t = lambda key: i18n.t(key, lang)  # noqa: E731
if not year:
    st.title(t("page_oversight"))
    st.info(t("no_results"))
    st.stop()
st.title(f"{t('oversight_title')} {i18n.year_label(year, lang)}")
st.caption(t("oversight_intro"))
st.caption(t("oversight_year_note").format(year=i18n.year_label(year, lang)))

columns = st.columns([2, 3])
unit = url_state.url_scope(
    oversight.Unit,
    "unit",
    t("oversight_unit"),
    lambda k: t(f"unit_kind_{k}"),
    lang,
    codes={  # ministries in the page's language's order (their names in English on English pages)
        "ministry": sorted(
            cache.data(version, oversight.ministries, year, filters.dataset)["ministry"].tolist(),
            key=lambda name: oversight.Unit("ministry", name).name(lang),
        )
    },
    where=columns[0],
    code_where=columns[1],
)
try:
    view = cache.data(version, oversight.build_oversight, year, unit, filters.dataset)
except ValueError as error:
    st.info(components.md_escape(str(error)))
    st.stop()
p = view.portfolio
components.synthetic_badge(p.synthetic, lang)
components.coverage_note(version, year, filters.dataset, lang)
source = t("source_ita_synthetic" if p.synthetic else "source_ita")

cards = st.columns(5)
cards[0].metric(t("kpi_agencies"), f"{p.agencies:,}")
cards[1].metric(t("oversight_passed"), f"{p.passed:,}")
cards[2].metric(t("kpi_pass_rate"), f"{p.pass_rate:.1%}", help=f"{t('kpi_target')} {p.target_rate:.0%}")
cards[3].metric(t("oversight_below"), f"{p.below:,}")
cards[4].metric(t("oversight_missing_count"), f"{p.missing:,}")
words = dict(
    n=f"{p.more_needed:,}", target=f"{100 * p.target_rate:.0f}", agencies=f"{p.agencies:,}", passed=f"{p.passed:,}"
)
if p.more_needed:
    st.warning(t("oversight_more_needed").format(**words), icon=":material/flag:")
else:
    st.success(t("oversight_target_met").format(**words), icon=":material/check_circle:")

st.subheader(t("oversight_followup"))
file_name = f"followup_{i18n.year_label(year, lang)}_{unit.text.replace(':', '-')}.xlsx"
st.download_button(
    t("oversight_download"),
    lambda: write_followup(view, lang=lang),
    file_name=file_name,
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="followup_xlsx",
    icon=":material/download:",
    type="primary",
)

if view.followup.empty:
    st.info(t("oversight_none_below"))
else:
    st.caption(t("oversight_followup_caption").format(n=f"{p.below:,}", fell=f"{p.fell_below:,}"))
    shown = components.names_in_language(view.followup, lang).assign(
        weakest_tool=view.followup["weakest_tool"].map(lambda c: t(f"tool_{c}") if isinstance(c, str) else None),
        weakest_indicator=view.followup["weakest_indicator"].map(
            lambda c: t(f"indicator_{c}") if isinstance(c, str) else None
        ),
        fell_below=view.followup["fell_below"].map({True: "▼ " + t("yes"), False: ""}),
    )
    if len(shown) > LIST_LIMIT:  # a styled grid of thousands of rows slows the page; the file has them all
        st.caption(t("oversight_list_limit").format(shown=f"{LIST_LIMIT:,}", n=f"{len(shown):,}"))
    components.show_table(
        cache.shared(components.work_list_view, shown.head(LIST_LIMIT)),
        lang,
        key="followup_table",
        height=420 if len(shown) > 12 else "content",
    )

st.subheader(t("oversight_missing"))
if view.missing.empty:
    st.caption(t("oversight_none_missing"))
else:
    components.show_table(components.names_in_language(view.missing, lang), lang, key="missing_table")

st.subheader(t("oversight_what_if"))
st.caption(t("oversight_assumption"))
if view.followup.empty or not view.what_if["failing_with_scores"].any():
    st.info(t("oversight_no_indicators"))
else:
    components.show_chart(
        cache.shared(oversight_charts.what_if_bars, view.what_if, lang),
        view.what_if,
        "oversight_what_if",
        lang,
        source,
        t("alt_what_if"),
    )

if unit.kind != "national":
    st.subheader(t("oversight_peers"))
    peers = view.peers
    ranked = peers[peers["ranked"].astype(bool)]
    minimum = config.min_agencies()
    mine = peers[peers["unit"] == unit.code]
    if not mine.empty and bool(mine["ranked"].iloc[0]):
        st.markdown(
            components.md_escape(
                t("oversight_rank").format(
                    name=unit.name(lang),
                    rank=int(mine["rank_pass_rate"].iloc[0]),
                    of=len(ranked),
                    rank_mean=int(mine["rank_mean"].iloc[0]),
                )
            )
        )
    elif not mine.empty:  # a unit of too few agencies to compare is not ranked, and the page says why
        words = dict(name=unit.name(lang), n=int(mine["agencies"].iloc[0]), min=minimum)
        st.markdown(components.md_escape(t("peers_too_small").format(**words)))
    if len(ranked) < len(peers):
        st.caption(t("peers_ranked_note").format(k=len(ranked), min=minimum, m=len(peers) - len(ranked)))
    # The reader's own unit first (highlighted, its rank in its row), then every unit in rank order.
    peers = peers.iloc[(peers["unit"] != unit.code).argsort(kind="stable")].reset_index(drop=True)
    names = [
        narrative.few_agencies(oversight.Unit(unit.kind, c).name(lang), a, lang)
        for c, a in zip(peers["unit"], peers["agencies"])
    ]
    unranked = ~peers["ranked"].astype(bool)
    shown = peers.assign(
        unit=names,
        rank_pass_rate=peers["rank_pass_rate"].astype("Int64").mask(unranked),
        rank_mean=peers["rank_mean"].astype("Int64").mask(unranked),
    ).drop(columns=["ranked"])
    components.show_table(
        shown,
        lang,
        percent_columns=("pass_rate",),
        key="peers_table",
        height=420,
        highlight=peers["unit"] == unit.code,  # the reader's own unit among its peers
    )

st.subheader(t("oversight_iso"))
if view.iso.empty:
    st.caption(t("oversight_no_iso"))
else:
    iso = view.iso.assign(iso37001=view.iso["iso37001"].map({True: t("iso_adopter"), False: t("iso_non_adopter")}))
    components.show_table(iso, lang, percent_columns=("pass_rate",), key="iso_table")
