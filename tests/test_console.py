"""The SQL console refuses everything but one read-only SELECT, and leaves the database unchanged."""

from __future__ import annotations

import pytest
from conftest import file_digest, open_view

from ita_analytics.console import QueryRefused, run_query


def test_select_on_documented_tables(tiny_db):
    frame = run_query("select fiscal_year, count(*) as n from ita_results group by 1 order by 1", db=tiny_db)
    assert frame.to_dict("list") == {"fiscal_year": [2024, 2025], "n": [5, 5]}
    assert frame.attrs["truncated"] is False
    macro = run_query("select avg(score) as m from ita_filtered([2024], null, null, ['south'], null)", db=tiny_db)
    assert macro["m"].item() == 90.5


def test_row_cap(tiny_db):
    frame = run_query("select * from range(50)", db=tiny_db, max_rows=10)
    assert len(frame) == 10 and frame.attrs["truncated"] is True


@pytest.mark.parametrize(
    "sql, message",
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "files and the network is not allowed"),
        ("SELECT * FROM 'https://example.org/x.csv'", "files and the network is not allowed"),
        ("COPY ita_results TO '/tmp/stolen.csv'", "COPY is not allowed"),
        ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH is not allowed"),
        ("INSTALL httpfs", "INSTALL and LOAD are not allowed"),
        ("LOAD httpfs", "INSTALL and LOAD are not allowed"),
        ("SET enable_external_access = true", "settings are locked"),
        ("CREATE TABLE t AS SELECT 1", "CREATE is not allowed"),
        ("DELETE FROM ita_results", "DELETE is not allowed"),
        ("UPDATE ita_results SET score = 100", "UPDATE is not allowed"),
        ("INSERT INTO targets VALUES ('x', 2030, 1, 'at_least', null, null, 'me', null)", "INSERT is not allowed"),
        ("DROP TABLE ita_results", "DROP is not allowed"),
        ("PRAGMA database_list", "PRAGMA is not allowed"),
        ("SELECT 1; DELETE FROM ita_results", "one query at a time"),
        ("SELEKT 1", "could not be read"),
        ("SELECT no_such_column FROM ita_results", "the query failed"),
    ],
)
def test_refused_with_a_clear_message_and_nothing_changes(tiny_db, sql, message):
    before = file_digest(tiny_db)
    with pytest.raises(QueryRefused, match=message):
        run_query(sql, db=tiny_db)
    assert file_digest(tiny_db) == before


def test_a_query_longer_than_the_limit_is_stopped(tiny_db):
    with pytest.raises(QueryRefused, match="longer than 0.5 s"):
        run_query(
            "select count(*) from range(100000000) a, range(100000) b where a.range % 7 = b.range % 5",
            db=tiny_db,
            timeout_s=0.5,
        )
    assert run_query("select 1 as one", db=tiny_db)["one"].item() == 1  # the database is still usable


def test_missing_database(tmp_path):
    with pytest.raises(QueryRefused, match="not been built"):
        run_query("select 1", db=tmp_path / "none.duckdb")


def test_console_page_runs_and_refuses(monkeypatch, tiny_db):
    at = open_view(monkeypatch, tiny_db, "sql_console")
    assert not at.exception
    assert at.dataframe[0].value["agencies"].tolist() == [5, 5]
    before = file_digest(tiny_db)
    at.text_area(key="sql").set_value("DELETE FROM ita_results")
    at.button(key="console_run").click().run()
    assert not at.exception and "DELETE is not allowed" in at.error[0].value
    assert file_digest(tiny_db) == before
    at.text_area(key="sql").set_value("select * from range(20000)")
    at.button(key="console_run").click().run()
    assert len(at.dataframe[0].value) == 10_000 and at.warning
