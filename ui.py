"""The app's only cached wrappers around the library, so pages stay short and never hold SQL."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ita_analytics import config, db, i18n


@st.cache_resource(show_spinner=False)
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    # version (the file's mtime) makes a fresh connection after an import swapped the file in.
    return db.connect(path, read_only=True)


def database_version() -> tuple[str, int] | None:
    """Return (path, mtime) of a usable database, or None (after saying why on the page)."""
    path = Path(config.default_db_path())
    if not path.exists():
        st.error(i18n.t("no_database", current_language()))
        return None
    version = (str(path), path.stat().st_mtime_ns)
    try:
        _connection(*version)
    except db.DatabaseOutdatedError as error:
        st.error(str(error))
        return None
    return version


@st.cache_data(show_spinner=False)
def named_query(version: tuple[str, int], name: str) -> pd.DataFrame:
    """Return the result of a named query, cached per database version."""
    with _connection(*version).cursor() as cursor:
        return db.query(cursor, name)


def language() -> str:
    """Show the language switch in the sidebar, kept in the URL as ?lang=en, and return 'th' or 'en'."""
    # Synced by hand: bind="query-params" would put the label ("English") in the URL, not the code.
    if "lang" not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state["lang"] = asked if asked in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    lang = st.sidebar.radio("ภาษา / Language", i18n.LANGUAGES, key="lang", horizontal=True,
                            format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
    if lang == i18n.DEFAULT_LANGUAGE:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang
    return lang


def current_language() -> str:
    """Return the language chosen in the sidebar ('th' unless the user picked English)."""
    return st.session_state.get("lang") or i18n.DEFAULT_LANGUAGE


def show_table(frame: pd.DataFrame, lang: str, year_columns: tuple[str, ...] = (),
               percent_columns: tuple[str, ...] = (), link_columns: tuple[str, ...] = ()) -> None:
    """Show a frame with translated headings, B.E./C.E. years, percentages and links, as plain text cells."""
    shown = frame.copy()
    for column in year_columns:
        shown[column] = shown[column].map(lambda y: i18n.year_label(y, lang) if pd.notna(y) else "")
    for column in percent_columns:
        shown[column] = shown[column].map(lambda v: f"{v:.1%}" if pd.notna(v) else "–")
    for column in shown.select_dtypes("datetimetz").columns:
        shown[column] = shown[column].dt.strftime("%Y-%m-%d %H:%M UTC")
    headings = {c: i18n.t(c, lang) if i18n.has_label(c) else c for c in shown.columns}
    if len(set(headings.values())) != len(headings):
        raise ValueError(f"two columns share a heading: {sorted(headings.values())}")
    shown = shown.rename(columns=headings)
    # The grid prints missing values as "None"; show a dash, and whole numbers without decimals.
    formats = {}
    for column in shown.select_dtypes("number").columns:
        values = shown[column].astype("float64")
        pattern = "{:,.0f}" if (values.dropna() % 1 == 0).all() else "{:,.2f}"
        if values.isna().any():  # the grid ignores na_rep for numbers, so such a column becomes text
            shown[column] = values.map(lambda v, p=pattern: "–" if pd.isna(v) else p.format(v))
        else:
            shown[column], formats[column] = values, pattern
    for column in shown.select_dtypes(["object", "string"]).columns:
        shown[column] = shown[column].astype(object).where(shown[column].notna(), "–")
    config = {headings[c]: st.column_config.LinkColumn() for c in link_columns}
    st.dataframe(shown.style.format(formats, na_rep="–"), hide_index=True, width="stretch", height="content",
                 column_config=config or None)
