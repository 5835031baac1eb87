"""The SQL console refuses everything but one read-only SELECT, and leaves the database unchanged.

Every query runs in a worker process (ita_analytics/console_worker.py); these tests go through `run_query`, as the
page and the command line do. The attacks an audit reproduced on the old console each have a regression test here
(#2 EXPLAIN ANALYZE COPY, #4 runaway memory, #5 unknown statement kinds, #6 huge values, #14 paths and settings);
#3 (a link that runs SQL) is the page's, in tests/test_console_page.py.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import tempfile

import duckdb
import pandas as pd
import pytest
from conftest import PROJECT, file_digest
from console_support import peak_memory, private_paths, refused, shows_no_private_path, tree

from ita_analytics import console, console_worker, i18n
from ita_analytics.console import QueryRefused, run_query
from ita_analytics.publish import export_parquet


def check(sql: str) -> str | None:
    """Return the key the worker's statement check refuses sql with, or None when it passes (no query runs)."""
    with duckdb.connect() as con:
        try:
            console_worker.check(con, sql, frozenset({"ita_filtered"}))
        except console_worker.Refused as error:
            return error.key
    return None


@pytest.fixture
def stand_in_worker(monkeypatch, tmp_path):
    """Return a function that makes run_query start the given Python source as its worker instead of the real one."""

    def use(source: str) -> None:
        script = tmp_path / "stand_in_worker.py"
        script.write_text(source, encoding="utf-8")
        console._WORKERS.close()  # no spare of the real worker may answer instead
        monkeypatch.setattr(console, "WORKER", script)

    yield use
    console._WORKERS.close()  # nor may a spare of the stand-in outlive the test


def test_select_on_documented_tables(tiny_db):
    frame = run_query("select fiscal_year, count(*) as n from ita_results group by 1 order by 1", db=tiny_db)
    assert frame.to_dict("list") == {"fiscal_year": [2024, 2025], "n": [5, 5]}
    assert frame.attrs["truncated"] is False
    macro = run_query("select avg(score) as m from ita_filtered(null, [2024], null, null, ['south'], null)", db=tiny_db)
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


# --- #2: EXPLAIN ANALYZE ran what it wrapped: COPY wrote files, over a Parquet store's own ----------------------

WRITES = [
    "explain analyze copy (select 0 as score) to '{target}' (format parquet)",
    "EXPLAIN ANALYZE COPY ita_results TO '{target}'",
    "explain (analyze) copy (select 1) to '{target}'",
    "explain (format json) copy (select 1) to '{target}'",
    "explain analyse copy (select 1) to '{target}'",
    "/* note */ explain -- why\n analyze copy (select 1) to '{target}'",
    "explain analyze export database '{folder}'",
    "explain analyze insert into targets select * from targets",
    "explain analyze create table ita_results2 as select 1",
    "explain analyze select 1; copy (select 1) to '{target}'",
    "explain explain analyze copy (select 1) to '{target}'",
    "explain analyze select * from read_blob('{target}')",
    "copy (select 1) to '{target}'",
    "export database '{folder}'",
]


@pytest.fixture
def store(tiny_db, tmp_path):
    """A Parquet store published from a copy of tiny_db (export-parquet's code), beside it in tmp_path."""
    export_parquet(tiny_db, tmp_path / "store")
    return tmp_path / "store"


@pytest.mark.parametrize("sql", WRITES)
def test_the_check_refuses_every_write_however_explain_wraps_it(sql):
    key = check(sql.format(target="/tmp/x.parquet", folder="/tmp/x"))
    assert key is not None and (key.startswith("refused_") or key in ("several", "unreadable")), key


def test_explain_analyze_copy_over_a_store_is_refused_and_no_file_changes(store, tmp_path):
    """The audit's #2: EXPLAIN ANALYZE COPY overwrote ita_results.parquet (every viewer saw mean 0.00) and added a
    file that became a table. Every file in the store and beside the database is compared, byte for byte."""
    mean = run_query("select avg(score) as m from ita_results", db=store)["m"].item()
    before = tree(tmp_path)
    for sql, target in [*((sql, "ita_results.parquet") for sql in WRITES[:6]), (WRITES[0], "extra.parquet")]:
        error = refused(sql.format(target=store / target, folder=store), store)
        assert error.key.startswith("refused_"), (sql, str(error))
    assert tree(tmp_path) == before, "a file in the store or beside the database changed or appeared"
    assert run_query("select avg(score) as m from ita_results", db=store)["m"].item() == mean
    assert sorted(p.name for p in store.iterdir()) == sorted(p.name for p in store.resolve().iterdir())


def test_explain_analyze_copy_beside_a_database_file_is_refused_and_no_file_changes(tiny_db):
    folder = tiny_db.parent
    before = tree(folder)
    for sql in (WRITES[0], WRITES[2], WRITES[7], WRITES[12]):
        assert refused(sql.format(target=folder / "stolen.csv", folder=folder / "export"), tiny_db).key.startswith(
            "refused_"
        )
    assert tree(folder) == before


def test_explain_and_explain_analyze_of_a_select_still_work(tiny_db, store):
    for db_path in (tiny_db, store):
        plan = run_query("explain select count(*) from ita_results", db=db_path)
        analyzed = run_query("EXPLAIN ANALYZE select count(*) from ita_facts where fiscal_year = 2025", db=db_path)
        assert list(plan.columns) == ["explain_key", "explain_value"] and len(analyzed) == 1
        assert shows_no_private_path(plan.to_string() + analyzed.to_string(), db_path)
    assert refused("explain select * from duckdb_settings()", tiny_db).key == "refused_name"


def test_the_worker_cannot_write_outside_its_own_folder(tmp_path):
    """Belt and braces under the statement checks: a write slipping past them would fail (Linux Landlock)."""
    (tmp_path / "work").mkdir()
    script = (
        "import sys, duckdb; sys.path.insert(0, sys.argv[1]); import console_worker as w\n"
        "if not w.restrict_writes(sys.argv[2] + '/work'): print('unsupported'); raise SystemExit\n"
        "open(sys.argv[2] + '/work/ok.txt', 'w').write('x')\n"
        "try:\n    duckdb.connect().execute(\"copy (select 1) to '\" + sys.argv[2] + \"/out.csv'\"); print('wrote')\n"
        "except duckdb.IOException:\n    print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(PROJECT / "ita_analytics"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.stdout.strip() == "unsupported":
        pytest.skip("this kernel offers no Landlock")
    assert done.stdout.strip() == "refused", done.stderr
    assert (tmp_path / "work" / "ok.txt").exists() and not (tmp_path / "out.csv").exists()


# --- #4: runaway memory; the query was not stopped at the time limit ----------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "select len(list_sort(list(hash(range)))) from range(150000000)",
        "select string_agg(repeat('x',1000000),'') from range(10000)",
        "select repeat('x', 250000000)",
    ],
)
def test_a_query_that_needs_too_much_memory_is_stopped_and_memory_stays_bounded(tiny_db, sql):
    measured = peak_memory(sql, tiny_db, timeout_s=10)
    assert measured["key"] in ("memory", "too_large", "timeout"), measured
    # The worker is killed at MEMORY_MB (checked every POLL_S; allow for what it adds in between); the old console
    # reached 8.3 GB in the server process itself.
    assert measured["worker_mb"] <= console.MEMORY_MB * 1.5, measured
    assert measured["server_mb"] < 600, measured


def test_a_timed_out_query_is_stopped_and_leaves_no_process_or_folder(tiny_db, monkeypatch):
    started = []
    spawn = console._spawn
    monkeypatch.setattr(console, "_spawn", lambda: started.append(spawn()) or started[-1])
    console._WORKERS.close()  # no spare: the next query starts (and records) its worker
    temp_before = set(os.listdir(tempfile.gettempdir()))
    error = refused("select count(*) from range(10000000000) a where a.range % 7 = 3", tiny_db, timeout_s=0.5)
    assert (
        error.key == "timeout"
        and str(error) == "the query ran longer than 0.5 s and was stopped; narrow it or aggregate"
    )
    assert started[0].poll() is not None, "the worker still runs the query"
    left = {n for n in set(os.listdir(tempfile.gettempdir())) - temp_before if n.startswith("ita-console-")}
    assert not left, "the private folder was not removed"


# --- #5: statement kinds duckdb's Python enum does not know ---------------------------------------------------


@pytest.mark.parametrize("sql", ["update extensions", "UPDATE EXTENSIONS (httpfs)", "update extensions; select 1"])
def test_an_unknown_statement_kind_is_refused_with_a_message(tiny_db, sql):
    error = refused(sql, tiny_db)
    assert error.key in ("refused_unknown", "several")
    assert "StatementType" not in str(error)


@pytest.mark.parametrize(
    "sql, key",
    [
        ("call pragma_database_list()", "refused_kind"),
        ("checkpoint", "refused_kind"),
        ("force checkpoint", "refused_kind"),
        ("vacuum", "refused_kind"),
        ("analyze", "refused_kind"),
        ("import database '/tmp'", "refused_pragma"),
        ("detach ita", "refused_detach"),
        ("use memory", "refused_set"),
        ("reset threads", "refused_set"),
        ("pivot ita_results on fiscal_year using count(*)", "refused_multi"),
        ("begin transaction", "refused_kind"),
        ("prepare p as select 1", "refused_kind"),
        ("", "empty"),
        ("-- nothing here", "empty"),
    ],
)
def test_every_statement_kind_but_select_is_refused(sql, key):
    assert check(sql) == key


# --- #6: a value or result too large for the server ----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "select repeat('x', 250000000)",
        "select repeat('x', 5000) as s from range(10000)",  # 10,000 rows (not cut), ~50 MB
        "select list(range) as l from range(20000000)",
    ],
)
def test_an_oversized_result_is_refused(tiny_db, sql):
    assert refused(sql, tiny_db).key in ("too_large", "memory")


def test_a_result_within_the_limits_arrives_whole_with_duckdbs_types(tiny_db):
    frame = run_query(
        "select range::int as i, if(range = 0, null, range) as n, 1.25::decimal(5, 2) as d, 'ก' || range as s, "
        "date '2024-10-01' + range::int as day, [range, 1] as l, {'a': range} as st from range(3)",
        db=tiny_db,
    )
    assert [str(t) for t in frame.dtypes] == ["int32", "Int64", "float64", "str", "datetime64[us]", "object", "object"]
    assert frame["s"].tolist() == ["ก0", "ก1", "ก2"] and frame["st"].tolist()[2] == {"a": 2}
    wide = run_query("select repeat('x', 1000) as s from range(10000)", db=tiny_db)  # ~10 MB
    assert len(wide) == 10_000 and not wide.attrs["truncated"]


# --- #14: settings, paths and the raw database file ------------------------------------------------------------

REVEALING = [
    "select * from duckdb_settings()",
    "select * from duckdb_databases()",
    "select * from duckdb_databases",
    "select current_setting('secret_directory')",
    "select 'home_directory'.current_setting()",
    "select * from read_blob('{db}')",
    "select * from \"read_blob\"('{db}')",
    "select * from READ_BLOB('{db}')",
    "select * from system.main.read_blob('{db}')",
    "select * from read_text('{db}')",
    "select * from '{db}'",
    "select * from read_duckdb('{db}')",
    "select * from pragma_database_list",
    "select * from pragma_database_list()",
    "select * from pg_settings",
    "select * from pg_catalog.pg_settings",
    "select * from duckdb_extensions()",
    "select * from duckdb_secrets()",
    "select * from duckdb_temporary_files()",
    "select * from duckdb_memory()",
    "select * from glob('/*')",
    "select * from query('select * from duckdb_settings()')",
    "select * from query_table('ita_results')",
    "select * from json_execute_serialized_sql(json_serialize_sql('select * from duckdb_settings()'))",
    "select * from sniff_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd')",
    "select * from parquet_metadata('x.parquet')",
    "select * from parquet_scan('x.parquet')",
    "select which_secret('s3://x', 's3')",
    "select * from checkpoint()",
    "select * from force_checkpoint()",
    "select getenv('HOME')",
    "select * from pragma_storage_info('ita_results')",
    "select * from duckdb_profiling_settings()",
    "select * from histogram('{db}', x)",  # DuckDB's macro hands its table name to query_table
    "select * from histogram_values('duckdb_settings()', name)",
    "with x as (select * from duckdb_settings()) select * from x",
    "select (select value from duckdb_settings() limit 1)",
    "describe select * from duckdb_settings()",
    "show pg_settings",
    'show "duckdb_databases"',
    "show '{db}'",
    "describe '{db}'",
    "summarize pg_catalog.pg_settings",
    "summarize select * from read_blob('{db}')",
    "select * from ita_results where exists (select * from duckdb_databases())",
]


@pytest.mark.parametrize("sql", REVEALING)
def test_the_check_refuses_functions_that_show_paths_settings_or_read_files(sql):
    assert check(sql.format(db="/srv/ita.duckdb")) == "refused_name"


@pytest.mark.parametrize(
    "sql",
    [
        "select * from duckdb_settings()",
        "select * from duckdb_databases()",
        "select current_setting('secret_directory')",
        "select * from read_blob('{db}')",
        "select * from \"READ_BLOB\"('{db}')",
        "select * from '{db}'",
    ],
)
def test_paths_settings_and_the_raw_database_file_are_refused(tiny_db, sql):
    """The audit's #14: these showed the database's path, the working directory and the home folder, and read
    the raw database file (DuckDB lets a connection read the files it attached, external access off or not)."""
    before = file_digest(tiny_db)
    error = refused(sql.format(db=tiny_db), tiny_db)
    assert error.key == "refused_name", (sql, str(error))
    for lang in ("th", "en"):
        assert shows_no_private_path(error.text(lang), tiny_db), error.text(lang)
    assert file_digest(tiny_db) == before


CATALOGUE = [
    "select * from duckdb_tables()",
    "select * from duckdb_columns() where table_name = 'ita_results'",
    "select * from duckdb_views()",
    "select * from duckdb_functions() where function_name = 'ita_filtered'",
    "select * from duckdb_types() limit 5",
    "select * from duckdb_schemas()",
    "select * from duckdb_constraints()",
    "select * from duckdb_indexes()",
    "select * from duckdb_keywords() limit 5",
    "select * from information_schema.tables",
    "select * from information_schema.views",
    "select * from pg_catalog.pg_views",
    "describe ita_results",
    "summarize ita_results",
    "show tables",
    "show databases",
    "show all tables",
    "select * from range(3), generate_series(1, 2)",
    "select * from unnest([1, 2])",
    "select * from ita_filtered(null, null, null, null, null, null) limit 1",
    # operators are functions in the parsed query too: *, /, ~~ (LIKE), ~~* (ILIKE), !~~, ~, ||, ->>, [ ]
    "select score * 2, score / 2, score // 2, score % 7, -score, score ^ 2 from ita_results",
    "select * from agencies where name_en like 'S%' or name_en ilike 's%' or name_en not like '%x' "
    "or regexp_matches(name_en, '^S') or name_en ~ '^S' or name_en glob 'S*' or name_en similar to 'S.*'",
    "select name_th || '/' || agency_code, [1, 2][1], {'a': 1}.a, '{\"a\": 1}'::json ->> 'a' from agencies",
    "select list_transform([1, 2], lambda x: x * 2), score::int, try_cast(score as varchar) from ita_results",
]


@pytest.mark.parametrize("sql", CATALOGUE)
def test_the_check_lets_the_catalogue_describe_and_summarize_through(sql):
    assert check(sql) is None


def test_the_catalogue_describe_and_summarize_work_and_show_no_path(tiny_db, store):
    for db_path in (tiny_db, store):
        for sql in (CATALOGUE[2], CATALOGUE[10], CATALOGUE[12], CATALOGUE[13], CATALOGUE[16], CATALOGUE[0]):
            frame = run_query(sql, db=db_path)
            assert len(frame.columns) > 0
            assert shows_no_private_path(frame.to_csv(), db_path), (sql, db_path)


def test_operators_and_everyday_functions_run(tiny_db):
    for sql in CATALOGUE[-4:]:
        assert len(run_query(sql, db=tiny_db).columns) > 2, sql


def test_no_message_carries_the_database_path_the_working_directory_or_home(tiny_db, monkeypatch):
    folder = tempfile.mkdtemp(prefix="ita-console-")
    hidden = console._hidden(tiny_db, console.Path(folder))
    header = {
        "ok": False,
        "key": "failed",
        "params": {
            "error": f"IO Error: {tiny_db}, {folder}/data/ita.duckdb in {os.getcwd()} under {os.path.expanduser('~')}"
        },
    }
    error = console._refusal(header, hidden)
    os.rmdir(folder)
    assert shows_no_private_path(str(error), tiny_db) and folder not in str(error)
    assert "<database>" in str(error)
    for path in private_paths(tiny_db):
        assert path not in refused(f"select * from '{path}/ita.duckdb'", tiny_db).text("th")


def test_the_sandbox_settings(tiny_db, store, tmp_path):
    """The worker's connection: memory limit, few threads, a private temporary folder, nothing readable but a
    store's own folder, no Python replacement scans, and its settings locked."""
    for db_path in (tiny_db, store):
        folder = tmp_path / f"sandbox_{db_path.name}"
        folder.mkdir()
        request = console._request("select 1", db_path, folder, 10, 10)
        con, macros = console_worker.connect(request)
        try:
            settings = dict(con.execute("select name, value from duckdb_settings()").fetchall())
        finally:
            con.close()
        assert "ita_filtered" in macros
        assert settings["memory_limit"].startswith(("512.0 MiB", "488.2 MiB")) and settings["threads"] == "2"
        assert settings["temp_directory"] == str(folder / "work" / "spill")
        assert settings["home_directory"] == str(folder / "work")
        assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
        assert settings["python_enable_replacements"] == "false"
        # Readable: its own temporary folder, a store's folder (DuckDB resolves the link), nothing else.
        readable = {f"{folder}/work/spill/"} | ({f"{db_path.resolve()}/"} if db_path == store else set())
        assert set(settings["allowed_directories"].strip("[]").split(", ")) == readable
        # DuckDB lets a connection read the files it attached: allowed_paths names them, resolved. No query may
        # read these two settings; every other one names only the private folder.
        shown = {n: v for n, v in settings.items() if n not in ("allowed_paths", "allowed_directories")}
        assert str(db_path.resolve()) not in str(shown) and str(tmp_path / "facts") not in str(shown)


# --- the refusal itself ---------------------------------------------------------------------------------------


def test_every_refusal_has_a_label_in_thai_and_english():
    source = (PROJECT / "ita_analytics" / "console_worker.py").read_text(encoding="utf-8")
    source += (PROJECT / "ita_analytics" / "console.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'Refused\(\s*"(\w+)"', source)) | set(console_worker.REFUSED_KINDS.values())
    assert len(keys) > 20
    thai = re.compile("[\u0e00-\u0e7f]")
    for key in keys:
        assert thai.search(i18n.t(f"console_{key}", "th")), key
        assert not thai.search(i18n.t(f"console_{key}", "en")), key


def test_a_refusal_speaks_both_languages_and_survives_pickling():
    error = QueryRefused("timeout", seconds=2.5)
    assert str(error) == "the query ran longer than 2.5 s and was stopped; narrow it or aggregate"
    assert error.text("th") == "คำสั่งทำงานนานเกิน 2.5 วินาทีจึงถูกหยุด ให้จำกัดขอบเขตหรือสรุปข้อมูลก่อน"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.key, copy.params, str(copy)) == ("timeout", {"seconds": 2.5}, str(error))
    assert isinstance(error, ValueError)


def test_limits_before_any_worker_starts(tiny_db, monkeypatch):
    assert refused("select 1" + " " * console.MAX_SQL_CHARS, tiny_db).key == "too_long"
    monkeypatch.setattr(console._WORKERS, "slots", console.threading.BoundedSemaphore(1))
    console._WORKERS.slots.acquire()  # every slot taken by queries already running
    assert refused("select 1", tiny_db, timeout_s=0.1).key == "busy"


# --- a worker that misbehaves cannot hurt the server -----------------------------------------------------------

READ_REQUEST = "import os, sys, time\nsys.stdin.readline()\nos.write(1, b'R\\n')\n"


@pytest.mark.parametrize(
    "source, key",
    [
        ("import sys\nsys.exit(3)\n", "crashed"),
        (READ_REQUEST + "os.write(1, b'not json\\n')\n", "crashed"),
        (READ_REQUEST + 'os.write(1, b\'{"ok": false, "key": "no_such_label", "params": {}}\\n\')\n', "crashed"),
        (READ_REQUEST + 'os.write(1, b\'{"ok": false, "key": "failed", "params": {}}\\n\')\n', "crashed"),
        (READ_REQUEST + "os.write(1, b'{\"ok\": true}\\nnot arrow')\n", "crashed"),
        (READ_REQUEST + "time.sleep(600)\n", "timeout"),
        (READ_REQUEST + "chunk = b'x' * 1000000\nwhile True:\n    os.write(1, chunk)\n", "too_large"),
        (READ_REQUEST + "held = []\nwhile True:\n    held.append(b'x' * 20000000)\n", "memory"),
    ],
    ids=["exits", "garbage", "unknown-label", "missing-parameter", "bad-payload", "hangs", "floods", "grows"],
)
def test_a_misbehaving_worker_becomes_a_refusal(tiny_db, stand_in_worker, source, key):
    stand_in_worker(source)
    started = []
    spawn = console._spawn
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(console, "_spawn", lambda: started.append(spawn()) or started[-1])
        error = refused("select 1", tiny_db, timeout_s=0.5 if key == "timeout" else 30)
    assert error.key == key, str(error)
    assert all(worker.poll() is not None for worker in started[:1]), "the worker was left running"


def test_results_are_plain_frames(tiny_db):
    frame = run_query("select 'a' as x", db=tiny_db)
    assert isinstance(frame, pd.DataFrame) and frame.attrs == {"truncated": False}
