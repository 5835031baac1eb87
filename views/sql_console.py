"""SQL console: read-only SELECT queries on the documented tables, run in a sandboxed worker, with a download.

A link (?sql=…) only fills in the text: a query runs when the reader presses Run, never because a page was opened.
"""

import functools

import streamlit as st

from dashboard import access, cache, components, sidebar
from ita_analytics import aggregate, config, console, i18n

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("console_title"))
st.caption(t("console_intro"))
access.require_admin(lang)  # free queries read every table, beyond what the pages show
components.synthetic_badge(bool(cache.data(version, aggregate.national_series)["synthetic"].any()), lang)
console.warm_up()  # a worker process with its modules loaded waits for the first Run
if "sql" not in st.session_state:
    st.session_state["sql"] = (
        st.query_params.get("sql")
        or "select fiscal_year, count(*) as agencies, avg(score) as mean_score\n"
        "from ita_results\ngroup by fiscal_year\norder by fiscal_year"
    )[:5000]
sql = st.text_area(t("console_sql"), key="sql", height=160, max_chars=5000)
st.query_params["sql"] = sql
if st.button(t("console_run"), key="console_run", type="primary"):
    try:
        st.session_state["console_result"] = console.run_query(sql, db=config.default_db_path())
    except console.QueryRefused as refused:
        st.session_state["console_result"] = refused
result = st.session_state.get("console_result")
if result is None:
    st.info(t("console_hint"), icon=":material/play_arrow:")
elif isinstance(result, console.QueryRefused):
    st.error(components.md_escape(result.text(lang)), icon=":material/block:")
else:
    if result.attrs.get("truncated"):
        st.warning(t("console_truncated").format(n=len(result)))
    if result.attrs.get("be_years"):  # nothing found for 2568, where the database holds 2025
        years = result.attrs["be_years"]
        st.info(
            t("console_be_years").format(
                years=", ".join(str(y) for y in years), ce=", ".join(str(y - i18n.BE_OFFSET) for y in years)
            ),
            icon=":material/calendar_month:",
        )
    st.dataframe(result, hide_index=True, width="stretch")
    components.download_row(result, lang, key="sql_result")
