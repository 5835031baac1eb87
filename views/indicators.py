"""Your indicators: bring a national-year or province-year series and use it in the correlation explorer at once."""

import functools
from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard import access, cache, components, sidebar
from ita_analytics import config, db, i18n, records
from ita_analytics.ingest import InputFileError, import_indicator, remove_indicator
from ita_analytics.ingest.indicator_parse import parse_indicators
from ita_analytics.ingest.reading import check_size, staged_file

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("indicators_title"))
st.caption(t("indicators_intro"))
access.require_admin(lang)  # uploading, importing and removing change the database for everyone


def explorer_link(name: str, level: str) -> str:
    """Return a relative link to the correlation explorer with the indicator as X."""
    unit = "&unit=province" if level == "province" else ""
    return f"./correlations?x={quote('ext:' + name)}{unit}" + ("&lang=en" if lang == "en" else "")


def show_problems(error: InputFileError) -> None:
    """Say the file was not imported, then list every problem (row, column, value, what is wrong) in lang."""
    said = t("indicators_invalid").format(file=components.md_escape(error.file_name), n=error.count)
    whole_file = [p.text(lang) for p in error.problems if p.row is None][:5]  # a limit, an unreadable file …
    st.error("\n\n".join([said, *(components.md_escape(text) for text in whole_file)]), icon=":material/error:")
    problems = pd.DataFrame(
        [
            {"row": p.row, "column": p.column_text(lang), "cell_value": p.value, "problem": p.text(lang)}
            for p in error.problems
        ]
    )
    components.show_table(problems.astype({"cell_value": "string"}), lang)
    if error.more:  # only the first problems are kept (ita_analytics/ingest/limits.py): say how many more there are
        st.caption(t("problem_more").format(n=error.more, shown=len(error.problems)))


with st.expander(t("indicators_format_heading"), expanded=False):
    st.markdown(t("indicators_format_text"))
    examples = {
        "national": pd.DataFrame({"ปี": [2566, 2567, 2568], "ดัชนีตัวอย่าง": [41.5, 42.0, 44.25]}),
        "province": pd.DataFrame(
            {"ปี": [2567, 2567, 2568], "จังหวัด": ["เชียงใหม่", "Phuket", "10"], "ตัวอย่างรายจังหวัด": ["1,250", "980.5", ""]}
        ),
    }
    for level, example in examples.items():
        st.markdown(f"**{t(f'indicator_level_{level}')}**")
        st.dataframe(example, hide_index=True)
        st.download_button(
            t("indicators_example_download"),
            lambda example=example: components.csv_bytes(example),
            file_name=f"indicator_{level}_example.csv",
            mime="text/csv",
            key=f"example_{level}",
        )

done = st.session_state.pop("indicator_done", None)
if done:
    st.success(done, icon=":material/check_circle:")

# A deployment reading a published Parquet store cannot import here: its import job does (README, Deployment).
writable = not db.is_store(config.default_db_path())
if not writable:
    st.info(t("indicators_store_read_only"), icon=":material/info:")
# A new key after each import empties the uploader, so the same file is not offered twice.
upload_key = f"indicator_file_{st.session_state.get('indicator_uploads', 0)}"
uploaded = st.file_uploader(t("indicators_upload"), type=["csv", "xlsx"], key=upload_key) if writable else None
source = (
    st.text_input(
        t("indicators_source"), key="indicator_source", max_chars=500, placeholder=t("indicators_source_placeholder")
    ).strip()
    if writable
    else ""
)
if uploaded is not None:
    try:  # every read is bounded (size, rows, columns, cells; workbooks in a child process): no upload stops the server
        check_size(uploaded.name, uploaded.size)
    except InputFileError as error:
        show_problems(error)
        st.stop()
    with staged_file(uploaded.name, uploaded.getvalue()) as path:
        try:
            parsed = parse_indicators(path)
        except InputFileError as error:
            show_problems(error)
            st.stop()
        years = parsed.values["year"]
        st.info(
            t("indicators_preview").format(
                file=components.md_escape(uploaded.name),
                level=t(f"indicator_level_{parsed.level}"),
                names=", ".join(components.md_escape(n) for n in parsed.indicators),
                n=len(parsed.values),
                first=i18n.year_label(int(years.min()), lang),
                last=i18n.year_label(int(years.max()), lang),
            )
        )
        stored = set(cache.data(version, records.external_indicators)["indicator"])
        replacing = [n for n in parsed.indicators if n in stored]
        if replacing:
            st.warning(t("indicators_replacing").format(names=", ".join(components.md_escape(n) for n in replacing)))
        if st.button(t("indicators_import"), type="primary", key="indicator_import"):
            try:
                summary = import_indicator(path, config.default_db_path(), source=source)
            except InputFileError as error:  # the file changed between preview and import
                show_problems(error)
                st.stop()
            links = ", ".join(
                f"[{components.md_escape(n)}]({explorer_link(n, summary.level)})" for n in summary.indicators
            )
            st.session_state["indicator_done"] = t("indicators_done").format(n=summary.rows, links=links)
            st.session_state["indicator_uploads"] = st.session_state.get("indicator_uploads", 0) + 1
            st.rerun()

st.subheader(t("indicators_stored"))
stored = cache.data(version, records.external_indicators)
if stored.empty:
    st.info(t("indicators_none"))
    st.stop()
shown = stored.assign(level=stored["level"].map(lambda v: t(f"indicator_level_{v}")))
# The link goes second: the table is wide, and a last column can fall off narrow screens.
shown.insert(
    1, "explore_this", [explorer_link(n, v) for n, v in stored[["indicator", "level"]].itertuples(index=False)]
)
explore_label = t("explore_this")
listed, numbers = components.table_view(shown.drop(columns=["sha256"]), lang, year_columns=("first_year", "last_year"))
explore_link = st.column_config.LinkColumn(explore_label, display_text=explore_label)
st.dataframe(
    listed,
    hide_index=True,
    width="stretch",
    key="indicator_list",
    column_config={**numbers, explore_label: explore_link},
)
st.caption(t("indicators_pairing"))
if not writable:
    st.stop()
with st.expander(t("indicators_remove_heading")):
    name = st.selectbox(t("indicator"), stored["indicator"].tolist(), key="indicator_remove_name")
    if st.button(t("indicators_remove"), key="indicator_remove"):
        removed = remove_indicator(name, config.default_db_path())
        st.session_state["indicator_done"] = t("indicators_removed").format(name=components.md_escape(name), n=removed)
        st.rerun()
