"""Hypothesis against the SQL console: statements of every kind, wrapped, joined, commented and spelled in many ways.

Whatever is sent, run_query returns a DataFrame or raises QueryRefused (never anything else), and the database file
is byte-identical afterwards with nothing new beside it. The statement check alone gets many more examples (it runs
in this process, no query is executed), the whole path through the worker process a modest number.
"""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from conftest import FIXTURES
from console_support import tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_analytics import console, console_worker
from ita_analytics.ingest import import_ita

TABLES = ["ita_results", "agencies", "ita_facts", "cpi_scores", "meta", "imports", "targets"]
FORBIDDEN = [
    "read_blob",
    "read_text",
    "read_csv",
    "read_csv_auto",
    "read_json",
    "read_json_auto",
    "read_ndjson",
    "read_parquet",
    "read_duckdb",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "sniff_csv",
    "glob",
    "query",
    "query_table",
    "current_setting",
    "getenv",
    "which_secret",
    "checkpoint",
    "force_checkpoint",
    "duckdb_settings",
    "duckdb_databases",
    "duckdb_secrets",
    "duckdb_extensions",
    "duckdb_temporary_files",
    "duckdb_memory",
    "pragma_database_list",
    "pragma_storage_info",
    "pragma_metadata_info",
    "pragma_database_size",
    "pg_settings",
    "json_execute_serialized_sql",
]
#: {path} is the database file, {folder} its folder: the statements aim at them.
WRITES = [
    "copy (select 1) to '{folder}/x.csv'",
    "copy ita_results to '{path}'",
    "copy (select 1) to '{path}.wal' (format parquet)",
    "export database '{folder}/out'",
    "import database '{folder}'",
    "attach '{folder}/new.duckdb' as other",
    "attach '{path}' as again",
    "detach ita",
    "install httpfs",
    "load httpfs",
    "set enable_external_access = true",
    "set memory_limit = '100GB'",
    "reset lock_configuration",
    "use memory",
    "pragma database_list",
    "pragma enable_profiling",
    "create table t as select 1",
    "create view v as select 1",
    "create macro m(x) as x",
    "drop table ita_results",
    "alter table ita_results add column x int",
    "insert into targets select * from targets",
    "update ita_results set score = 0",
    "delete from ita_results",
    "truncate ita_results",
    "call checkpoint()",
    "checkpoint",
    "force checkpoint",
    "vacuum",
    "analyze",
    "update extensions",
    "begin transaction",
    "prepare p as select 1",
    "pivot ita_results on fiscal_year using count(*)",
]
SELECTS = [
    "select count(*) from {table}",
    "from {table} limit 3",
    "select * from {table} limit 2",
    "with x as (select * from {table} limit 1) select * from x",
    "select 1 as a union all select 2",
    "describe {table}",
    "summarize {table}",
    "show tables",
    "values (1, 'a')",
    "select * from range(5)",
    "select fiscal_year, avg(score) from ita_filtered(null, null, null, null, null, null) group by all",
    "select * from duckdb_tables()",
    "select * from information_schema.columns limit 3",
    "select score * 2 / 3, score // 2, -score from ita_results where agency_code like 'A%' or agency_code ilike 'a%'",
    "select agency_code || '/' || fiscal_year, [1, 2][1], {{'a': 1}}.a from ita_results where agency_code ~ '^A'",
]


def spelled(name: str) -> st.SearchStrategy[str]:
    """A function or view name as a query might write it: any case, quoted or not, with its schema or not."""
    cased = st.sampled_from([name, name.upper(), name.title(), name[:1].upper() + name[1:]])
    quoted = st.tuples(cased, st.booleans()).map(lambda cq: f'"{cq[0]}"' if cq[1] else cq[0])
    schema = st.sampled_from(["", "main.", "system.main.", "pg_catalog.", '"main".'])
    return st.tuples(schema, quoted).map("".join)


def forbidden_use(path: str) -> st.SearchStrategy[str]:
    def use(name_and_form):
        name, form = name_and_form
        return form.format(name=name, path=path)

    forms = st.sampled_from(
        [
            "select * from {name}('{path}')",
            "select * from {name}()",
            "select {name}('{path}')",
            "select * from {name}",
            "select * from ita_results where exists (select * from {name}('{path}'))",
            "with x as (select * from {name}()) select * from x",
            "select '{path}'.{name}()",
            "summarize select * from {name}('{path}')",
        ]
    )
    return st.tuples(st.sampled_from(FORBIDDEN).flatmap(spelled), forms).map(use)


def noise() -> st.SearchStrategy[str]:
    return st.sampled_from([" ", "  ", "\n", "\t", " /* c */ ", " -- c\n", "\n/* x; y */\n"])


def statements(path: str, folder: str) -> st.SearchStrategy[str]:
    plain = st.one_of(
        st.sampled_from(SELECTS).flatmap(lambda s: st.sampled_from(TABLES).map(lambda t: s.format(table=t))),
        st.sampled_from(WRITES).map(lambda s: s.format(path=path, folder=folder)),
        forbidden_use(path),
    )
    explained = st.tuples(
        st.sampled_from(
            ["explain ", "EXPLAIN ANALYZE ", "explain analyse ", "explain (analyze) ", "explain (format json) "]
        ),
        plain,
    ).map("".join)
    one = st.one_of(plain, explained)
    several = st.lists(one, min_size=2, max_size=3).map("; ".join)
    text = st.one_of(one, one, several)
    return st.tuples(noise(), text, noise(), st.sampled_from(["", ";", " ;"])).map("".join)


@pytest.fixture(scope="module")
def fuzz_db(_facts_template, tmp_path_factory):
    """A database of its own for the module's fuzzing (hypothesis shares it between examples), with the tiny results."""
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    shutil.copyfile(_facts_template, path)
    import_ita(FIXTURES / "tiny_ita.csv", path)
    return path


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_statement_check_refuses_or_passes_but_never_fails(data):
    sql = data.draw(statements("/srv/ita.duckdb", "/srv"))
    with duckdb.connect() as con:
        try:
            console_worker.check(con, sql, frozenset({"ita_filtered"}))
        except console_worker.Refused as refused:
            assert refused.key, sql
            return
    lowered = sql.lower()  # what passed is one of SELECTS, perhaps explained: nothing forbidden, nothing that writes
    assert not any(name in lowered for name in FORBIDDEN), sql
    assert not any(word in lowered for word in ("copy", "attach", "insert", "delete", "drop", "pragma", "set ")), sql


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_run_query_gives_a_frame_or_a_refusal_and_the_database_never_changes(fuzz_db, data):
    folder = fuzz_db.parent
    before = tree(folder)
    sql = data.draw(statements(str(fuzz_db), str(folder)))
    try:
        result = console.run_query(sql, db=fuzz_db, timeout_s=10)
    except console.QueryRefused as refused:
        assert refused.key and str(refused), sql
    else:
        assert isinstance(result, pd.DataFrame) and "truncated" in result.attrs, sql
    assert tree(folder) == before, sql
