"""Data & sources: coverage, provenance of every load, citations, the data dictionary and downloads."""

import dataclasses
import functools

import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import aggregate, i18n, records, reference
from ita_analytics import published as published_record

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("coverage_title"))
st.caption(t("coverage_intro"))
ita = cache.data(version, records.ita_coverage)  # every dataset, each year's coverage of NACC's count
chosen = ita[ita["dataset"] == filters.dataset]
components.synthetic_badge(bool(chosen["synthetic_results"].sum() > 0), lang)
components.partial_years_note(version, filters.dataset, lang)

st.subheader(t("ita_heading"))
components.show_table(
    ita.assign(census=ita["census"].map({True: t("coverage_census"), False: t("coverage_partial_word")})),
    lang,
    year_columns=("fiscal_year",),
    percent_columns=("with_tools", "with_indicators", "coverage", "published_pass_rate"),
)
st.caption(t("ita_source"))

st.subheader(t("cpi_heading"))
components.show_table(cache.data(version, records.cpi_coverage), lang, year_columns=("year",))
st.caption(t("cpi_citation"))

st.subheader(t("published_heading"))
published = cache.data(version, records.published_series)
components.show_table(
    published.assign(coverage=published["coverage"].map(lambda c: t(f"coverage_{c}"))),
    lang,
    year_columns=("fiscal_year",),
    percent_columns=("pass_rate",),
    link_columns=("source_url",),
)

st.subheader(t("reconciliation_heading"))
st.caption(t("reconciliation_intro"))
if chosen["synthetic_results"].sum() > 0:
    st.caption(t("reconciliation_synthetic"))
reconciled = cache.data(version, published_record.reconciliation, filters.dataset)
components.show_table(
    cache.shared(components.reconciliation_view, reconciled, lang),
    lang,
    year_columns=("fiscal_year",),
    link_columns=("source_url",),
    key="reconciliation_table",
    height=420,
)

st.subheader(t("targets_heading"))
targets = cache.data(version, records.targets)
targets = targets.assign(
    target=[
        i18n.target_label(m, c, v) for m, c, v in targets[["metric", "comparison", "value"]].itertuples(index=False)
    ],
    metric=targets["metric"].map(lambda m: i18n.metric_label(m, lang)),
    note=targets["note_th"] if lang == "th" else targets["note"],
    status=targets["status"].map(lambda s: t(f"target_status_{s}")),
    source=targets["source_th"].fillna(targets["source"]) if lang == "th" else targets["source"],
)[["metric", "first_year", "last_year", "target", "status", "note", "source"]]
components.show_table(targets, lang, year_columns=("first_year", "last_year"))

st.subheader(t("imports_heading"))
components.show_table(cache.data(version, records.imports), lang)

st.subheader(t("licences_heading"))
st.markdown(t("licences_text"))

with st.expander(t("dictionary_heading")):
    dictionary = reference.read_fact("data_dictionary")
    components.show_table(
        dictionary[["table", "column", "type", f"description_{lang}"]].rename(
            columns={f"description_{lang}": "description"}
        ),
        lang,
    )

st.subheader(t("download_heading"))
if not year:  # no ITA results to download
    st.info(t("no_results"))
    st.stop()
scope = url_state.url_radio(
    t("download_scope"),
    ["year", "all"],
    "download",
    "year",
    where=st,
    horizontal=True,
    format_func=lambda s: t(f"download_scope_{s}").format(year=i18n.year_label(year, lang)),
)
chosen = dataclasses.replace(filters, years=[year] if scope == "year" else None)
export = cache.data(version, aggregate.export_results, chosen)
st.caption(t("download_count").format(n=len(export)))
components.download_row(export, lang, key=f"ita_results_{scope}")
