"""The data-coverage page through Streamlit's AppTest: language, warning, table values, missing database."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from ita_analytics import db, i18n

APP = Path(__file__).resolve().parents[1] / "app.py"
ITA_COLUMNS = ("fiscal_year", "results", "synthetic_results", "with_tools", "with_indicators",
               "published_agencies", "published_mean", "published_pass_rate")
PERCENT_COLUMNS = ("with_tools", "with_indicators", "published_pass_rate")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """st.cache_data / st.cache_resource live for the whole process: no test may see another's."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(monkeypatch: pytest.MonkeyPatch, db_path: Path, query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setenv("ITA_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    return at.run()


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, "\n\n".join(
        f"{e.message}\n" + "\n".join(e.stack_trace) for e in at.exception)


def expected_ita_table(demo_db: Path, lang: str) -> pd.DataFrame:
    """The library's ita_coverage as the page should show it: translated headings, B.E./C.E. years, percents."""
    with db.connect(demo_db) as con:
        frame = db.query(con, "ita_coverage")
    assert tuple(frame.columns) == ITA_COLUMNS
    frame["fiscal_year"] = [i18n.year_label(y, lang) for y in frame["fiscal_year"]]
    for column in PERCENT_COLUMNS:
        frame[column] = [f"{v:.1%}" if pd.notna(v) else "–" for v in frame[column]]
    for column in frame.select_dtypes("number").columns:  # numbers with gaps are shown as text, gaps "–"
        values = frame[column].astype("float64")
        frame[column] = values.map(lambda v: "–" if pd.isna(v) else f"{v:,.0f}") if values.isna().any() else values
    frame.columns = [i18n.t(c, lang) for c in frame.columns]
    return frame


def test_thai_by_default(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    assert_no_exception(at)
    assert at.radio(key="lang").value == "th"
    assert at.radio(key="lang").options == ["ไทย", "English"]
    assert "lang" not in at.query_params
    assert [t.value for t in at.title] == ["ความครอบคลุมของข้อมูล"]
    assert len(at.warning) == 1
    assert at.warning[0].value.startswith("ข้อมูลรายหน่วยงานเป็นข้อมูลสังเคราะห์")
    assert not at.error
    assert len(at.dataframe) == 5
    captions = [c.value for c in at.caption]
    assert any("CC BY-ND 4.0" in c and "Transparency International" in c for c in captions)


def test_ita_table_equals_library(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    assert_no_exception(at)
    shown = at.dataframe[0].value
    assert shown[i18n.t("fiscal_year", "th")].tolist() == [str(y) for y in range(2562, 2569)]
    assert_frame_equal(shown.reset_index(drop=True), expected_ita_table(demo_db, "th"),
                       check_dtype=False, check_exact=False)
    with db.connect(demo_db) as con:
        library = db.query(con, "ita_coverage")
    assert shown[i18n.t("results", "th")].tolist() == library["results"].tolist()
    assert library["results"].gt(0).all()


def test_switch_to_english(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    at.radio(key="lang").set_value("en").run()
    assert_no_exception(at)
    assert at.radio(key="lang").value == "en"
    assert [t.value for t in at.title] == ["Data coverage"]
    assert len(at.warning) == 1 and "SYNTHETIC" in at.warning[0].value
    shown = at.dataframe[0].value
    assert shown["Fiscal year"].tolist() == [str(y) for y in range(2019, 2026)]
    assert_frame_equal(shown.reset_index(drop=True), expected_ita_table(demo_db, "en"),
                       check_dtype=False, check_exact=False)
    # and back: Thai again, and the default language leaves no ?lang= in the URL
    at.radio(key="lang").set_value("th").run()
    assert_no_exception(at)
    assert [t.value for t in at.title] == ["ความครอบคลุมของข้อมูล"]
    assert at.dataframe[0].value[i18n.t("fiscal_year", "th")].iloc[-1] == "2568"


def test_english_from_url(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, query={"lang": "en"})
    assert_no_exception(at)
    assert at.radio(key="lang").value == "en"
    assert [t.value for t in at.title] == ["Data coverage"]


def test_missing_database_shows_error(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "ita.duckdb"
    at = run_app(monkeypatch, missing)
    assert_no_exception(at)
    assert [e.value for e in at.error] == [i18n.t("no_database", "th")]
    assert not at.dataframe and not at.warning
    assert not missing.exists(), "showing the page must not create a database"
    at.radio(key="lang").set_value("en").run()
    assert_no_exception(at)
    assert [e.value for e in at.error] == [i18n.t("no_database", "en")]


def test_facts_only_database_has_no_synthetic_warning(monkeypatch, facts_db):
    at = run_app(monkeypatch, facts_db)
    assert_no_exception(at)
    assert not at.warning and not at.error
    assert at.dataframe[0].value.empty
    assert len(at.dataframe) == 5


def test_real_import_has_no_synthetic_warning(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db)
    assert_no_exception(at)
    assert not at.warning
    shown = at.dataframe[0].value
    assert shown[i18n.t("fiscal_year", "th")].tolist() == ["2567", "2568"]
    assert shown[i18n.t("results", "th")].tolist() == [5, 5]
    assert shown[i18n.t("synthetic_results", "th")].tolist() == [0, 0]


def test_unknown_language_in_url_falls_back_to_thai(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, query={"lang": "<script>"})
    assert_no_exception(at)
    assert at.radio(key="lang").value == "th"
    assert [t.value for t in at.title] == ["ความครอบคลุมของข้อมูล"]


def test_outdated_database_is_explained(monkeypatch, facts_db):
    import duckdb

    with duckdb.connect(str(facts_db)) as con:
        con.execute("update meta set value = '0' where key = 'schema_version'")
    at = run_app(monkeypatch, facts_db)
    assert_no_exception(at)
    assert len(at.error) == 1 and "init --force" in at.error[0].value
