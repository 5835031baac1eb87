"""The SQL console page (AppTest): a link never runs SQL, Run does, and each refusal is an error in the page's language.

The audit's #3: /sql?sql=… ran its SQL on opening (the page ran whenever it had no result yet), so a link could deliver
any attack to an administrator. Now a link only fills in the text, and a hint says to press Run.
"""

from __future__ import annotations

import pytest
from conftest import file_digest, open_view, unescaped
from console_support import tree

from dashboard.components import md_escape
from ita_analytics import console, i18n


@pytest.fixture
def runs(monkeypatch):
    """Record every query the page asks the console to run (and run it)."""
    asked = []
    run_query = console.run_query

    def recorded(sql, **kwargs):
        asked.append(sql)
        return run_query(sql, **kwargs)

    monkeypatch.setattr(console, "run_query", recorded)
    return asked


def run(at, sql: str):
    at.text_area(key="sql").set_value(sql)
    at.button(key="console_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["th", "en"])
def test_opening_the_page_runs_nothing_and_shows_a_hint(monkeypatch, tiny_db, runs, lang):
    at = open_view(monkeypatch, tiny_db, "sql_console", {"lang": lang} if lang == "en" else None)
    assert not at.exception and runs == []
    assert not at.dataframe and not at.error
    assert [i.value for i in at.info] == [i18n.t("console_hint", lang)]
    assert at.text_area(key="sql").value.startswith("select fiscal_year")


def test_a_link_fills_in_the_sql_but_never_runs_it(monkeypatch, tiny_db, runs):
    folder = tiny_db.parent
    before = tree(folder)
    attack = f"explain analyze copy (select 0 as score) to '{folder / 'stolen.csv'}'"
    at = open_view(monkeypatch, tiny_db, "sql_console", {"sql": attack})
    assert not at.exception and runs == [] and not at.dataframe and not at.error
    assert at.text_area(key="sql").value == attack
    assert at.query_params["sql"] == attack  # the link still reads as it was sent
    at.run()  # any rerun (a widget, the language) runs nothing either
    assert runs == [] and tree(folder) == before
    at.button(key="console_run").click().run()  # pressing Run sends it to the console, which refuses it
    assert runs == [attack] and at.error and not at.exception
    assert tree(folder) == before


def test_run_runs_the_query_and_a_link_to_it_fills_the_text(monkeypatch, tiny_db, runs):
    at = open_view(monkeypatch, tiny_db, "sql_console")
    at.button(key="console_run").click().run()
    assert not at.exception and at.dataframe[0].value["agencies"].tolist() == [5, 5] and not at.info
    run(at, "select 42 as answer")
    assert at.dataframe[0].value["answer"].tolist() == [42]
    assert at.query_params["sql"] == "select 42 as answer"
    again = open_view(monkeypatch, tiny_db, "sql_console", {"sql": "select 42 as answer"})
    assert again.text_area(key="sql").value == "select 42 as answer" and not again.dataframe
    assert len(runs) == 2


def test_console_page_runs_and_refuses(monkeypatch, tiny_db):
    at = open_view(monkeypatch, tiny_db, "sql_console", {"lang": "en"})
    before = file_digest(tiny_db)
    run(at, "DELETE FROM ita_results")
    assert "DELETE is not allowed" in at.error[0].value
    assert file_digest(tiny_db) == before
    run(at, "select * from range(20000)")
    assert len(at.dataframe[0].value) == 10_000 and at.warning


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize(
    "sql",
    [
        "update extensions",
        "select * from read_blob('{db}')",
        "select current_setting('secret_directory')",
        "explain analyze copy (select 1) to '{folder}/x.csv'",
        "select repeat('x', 5000) as s from range(10000)",
        "select no_such_column from ita_results",
    ],
)
def test_every_refusal_is_an_error_in_the_pages_language(monkeypatch, tiny_db, lang, sql):
    at = open_view(monkeypatch, tiny_db, "sql_console", {"lang": "en"} if lang == "en" else None)
    text = sql.format(db=tiny_db, folder=tiny_db.parent)
    with pytest.raises(console.QueryRefused) as expected:
        console.run_query(text, db=tiny_db)
    run(at, text)
    assert [e.value for e in at.error] == [md_escape(expected.value.text(lang))]
    assert str(tiny_db) not in unescaped(at.error[0].value)
    assert not at.dataframe


def test_a_refusal_follows_a_language_switch(monkeypatch, tiny_db):
    at = open_view(monkeypatch, tiny_db, "sql_console")
    run(at, "update extensions")
    assert unescaped(at.error[0].value) == i18n.t("console_refused_unknown", "th")
    at.radio(key="lang").set_value("en").run()
    assert unescaped(at.error[0].value) == i18n.t("console_refused_unknown", "en")


def test_a_timeout_on_the_page_is_an_error_not_an_exception(monkeypatch, tiny_db):
    run_query = console.run_query
    monkeypatch.setattr(console, "run_query", lambda sql, **kw: run_query(sql, **{**kw, "timeout_s": 0.5}))
    at = open_view(monkeypatch, tiny_db, "sql_console", {"lang": "en"})
    run(at, "select count(*) from range(10000000000) a where a.range % 7 = 3")
    assert unescaped(at.error[0].value) == "the query ran longer than 0.5 s and was stopped; narrow it or aggregate"


@pytest.mark.parametrize(
    "sql, years",
    [
        ("select * from ita_results where fiscal_year = 2568", [2568]),
        ("select * from ita_results where fiscal_year in (2567, '2568', 2567) and score > 85", [2567, 2568]),
        ("select * from cpi_scores where year between 2500.0 and 2650", [2500, 2650]),
        ("select * from t where d = '2567-10-01'", [2567]),  # a date written in B.E.
        ("select 2499, 2651, 12568, 2025 -- 2568 in a comment", []),
        ('select "2568" from t', []),  # a name, not a number
        ("select 'unterminated", []),
    ],
)
def test_numbers_that_look_like_be_years(sql, years):
    assert console.be_years(sql) == years


@pytest.mark.parametrize("lang", ["th", "en"])
def test_nothing_found_for_a_be_year_says_years_are_stored_as_ce(monkeypatch, tiny_db, lang):
    at = open_view(monkeypatch, tiny_db, "sql_console", {"lang": "en"} if lang == "en" else None)
    said = i18n.t("console_be_years", lang).format(years="2568", ce="2025")
    run(at, "select * from ita_results where fiscal_year = 2568")
    assert [i.value for i in at.info] == [said] and at.dataframe[0].value.empty
    run(at, "select count(*) as n, avg(score) as mean from ita_results where fiscal_year = 2568")
    assert [i.value for i in at.info] == [said]  # a count of 0 and a null mean hold nothing too
    run(at, "select * from ita_results where fiscal_year = 2025")
    assert not at.info and len(at.dataframe[0].value) == 5  # found: nothing to say
    run(at, "select * from ita_results where fiscal_year = 2030")
    assert not at.info  # nothing found, but no B.E.-looking year in the query
    run(at, "select count(*) as n from ita_results where score > 2568")
    assert [i.value for i in at.info] == [said]  # any such number: the hint says what it looks like, no more
