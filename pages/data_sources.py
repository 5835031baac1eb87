"""Data & sources: coverage by year, provenance of every load, citations and targets."""
import functools

import streamlit as st

import ui
from ita_analytics import i18n

lang = ui.current_language()
t = functools.partial(i18n.t, lang=lang)

st.title(t("coverage_title"))
st.caption(t("coverage_intro"))
version = ui.database_version()
if version is None:
    st.stop()

ita = ui.named_query(version, "ita_coverage")
if ita["synthetic_results"].sum() > 0:
    st.warning(t("synthetic_badge"), icon="⚠️")

st.subheader(t("ita_heading"))
ui.show_table(ita, lang, year_columns=("fiscal_year",),
              percent_columns=("with_tools", "with_indicators", "published_pass_rate"))
st.caption(t("ita_source"))

st.subheader(t("cpi_heading"))
ui.show_table(ui.named_query(version, "cpi_coverage"), lang, year_columns=("year",))
st.caption(t("cpi_citation"))

st.subheader(t("published_heading"))
ui.show_table(ui.named_query(version, "ita_published"), lang, year_columns=("fiscal_year",),
              percent_columns=("pass_rate",), link_columns=("source_url",))

st.subheader(t("targets_heading"))
targets = ui.named_query(version, "targets")
targets = targets.assign(
    target=[i18n.target_label(m, c, v) for m, c, v in targets[["metric", "comparison", "value"]].itertuples(index=False)],
    metric=targets["metric"].map(lambda m: i18n.metric_label(m, lang)),
    note=targets["note_th"] if lang == "th" else targets["note"],
)[["metric", "year", "target", "note", "source"]]
ui.show_table(targets, lang, year_columns=("year",))

st.subheader(t("imports_heading"))
ui.show_table(ui.named_query(version, "imports"), lang)
