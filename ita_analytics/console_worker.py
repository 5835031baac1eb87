"""The SQL console's worker: one query in a process of its own, checked, limited and sandboxed; then it exits.

`ita_analytics.console` starts it as `python -I console_worker.py`: isolated, so the project is not on sys.path and
this file imports only the standard library, duckdb, pyarrow and pandas. The server kills it at the time limit and
when its resident memory passes the limit; the worker itself sets an address-space limit, asks the kernel's OOM
killer to choose it first, and (Linux Landlock) may create, change or remove files only in its private folder.

Protocol. The request is one JSON line on stdin. The reply goes to what was stdout (stdout itself then points at
/dev/null, so nothing the query makes DuckDB print can forge a reply): b"R\\n" when the database is open and the
query starts, then one JSON header line, `{"ok": true, "rows": n, "truncated": b, "bytes": n}` followed by the
result as an Arrow IPC stream, or `{"ok": false, "key": label, "params": {...}}` for a refusal, then EOF.
A spare worker waits for its request with the modules loaded and leaves by itself after IDLE_S seconds.
"""

from __future__ import annotations

import json
import os
import resource
import select
import sys
from typing import Any

#: A spare worker nobody sent a request to within this many seconds exits.
IDLE_S = 600

#: Statement kinds refused with their own label (console_refused_*); every other kind but SELECT and EXPLAIN is
#: refused as console_refused_kind, and a kind this duckdb's Python enum does not know as console_refused_unknown.
REFUSED_KINDS = {
    "COPY": "refused_copy",
    "COPY_DATABASE": "refused_copy",
    "ATTACH": "refused_attach",
    "DETACH": "refused_detach",
    "LOAD": "refused_load",
    "EXTENSION": "refused_load",
    "SET": "refused_set",
    "VARIABLE_SET": "refused_set",
    "PRAGMA": "refused_pragma",
    "MULTI": "refused_multi",
}
#: The only table functions a query may call (plus the table macros the database defines, e.g. ita_filtered):
#: generators and the catalogue functions that show no paths, settings or files. Not histogram / histogram_values:
#: DuckDB's macros pass their table name to query_table, which would read a file given in its place.
TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "repeat",
        "repeat_row",
        "json_each",
        "json_tree",
        "summary",
        "pg_timezone_names",
        "icu_calendar_names",
        "duckdb_tables",
        "duckdb_columns",
        "duckdb_views",
        "duckdb_functions",
        "duckdb_types",
        "duckdb_schemas",
        "duckdb_constraints",
        "duckdb_indexes",
        "duckdb_keywords",
    }
)
#: Functions and names refused wherever they appear (a scalar call, a table function, a view or table name): they
#: read files, run SQL given as text, change state, or show settings, paths and the server's internals.
REFUSED_NAMES = frozenset(
    {
        "current_setting",
        "getenv",
        "glob",
        "query",
        "query_table",
        "which_secret",
        "checkpoint",
        "force_checkpoint",
        "json_execute_serialized_sql",
        "write_log",
        "enable_logging",
        "disable_logging",
        "truncate_duckdb_logs",
        "enable_profiling",
        "disable_profiling",
        "add_grammar_extension",
        "remove_grammar_extension",
        "create_external_resource",
        "register_external_resource",
        "register_external_resource_type",
        "deregister_external_resource",
        "destroy_external_resource",
        "seq_scan",
        "pg_settings",
        "load_extension",
    }
)
#: Name prefixes refused the same way, except for the allowed catalogue functions in TABLE_FUNCTIONS.
REFUSED_PREFIXES = (
    "read_",
    "parquet_",
    "pragma_",
    "duckdb_",
    "sniff_",
    "arrow_",
    "pandas_",
    "python_",
    "iceberg_",
    "delta_",
    "postgres_",
    "mysql_",
    "sqlite_scan",
    "sqlite_attach",
)
#: Characters no table of ours has in its name: a name holding one is a file DuckDB would read (a replacement scan).
PATH_CHARACTERS = frozenset("/\\:.~*?")

# Landlock (linux/landlock.h): the system calls and the access rights a worker gives up outside its folder.
_LANDLOCK_CREATE_RULESET, _LANDLOCK_ADD_RULE, _LANDLOCK_RESTRICT_SELF = 444, 445, 446
_LANDLOCK_WRITE = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))  # write, remove, make (not read/exec)
_LANDLOCK_REFER, _LANDLOCK_TRUNCATE = 1 << 13, 1 << 14  # ABI 2 and 3
_LANDLOCK_TCP = (1 << 0) | (1 << 1)  # bind and connect, ABI 4
_LANDLOCK_SCOPES = (1 << 0) | (1 << 1)  # abstract UNIX sockets and signals outside the sandbox, ABI 6
_PR_SET_NO_NEW_PRIVS = 38


class Refused(Exception):
    """A refusal: a label key of data/labels/console.csv (without its console_ prefix) and its parameters."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


def name_refused(name: str, table: bool = False) -> bool:
    """Return whether a function name (or, with table=True, a table or view name) is one the console refuses."""
    name = name.lower()
    if name in TABLE_FUNCTIONS:
        return False
    if table and PATH_CHARACTERS & set(name):
        return True
    return name in REFUSED_NAMES or name.startswith(REFUSED_PREFIXES)


def check_tree(node: Any, table_macros: frozenset[str] = frozenset()) -> None:
    """Raise Refused for any function, table function or table name in a parsed SELECT the console refuses.

    node is DuckDB's json_serialize_sql output (or part of it). Names come from the parser, so quoting or case
    cannot hide them. A table function must be on the TABLE_FUNCTIONS list or one of the database's table macros.
    """
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if item.get("type") == "TABLE_FUNCTION":
            function = item.get("function") or {}
            name = str(function.get("function_name", "")).lower()
            if name not in TABLE_FUNCTIONS and name not in table_macros:
                raise Refused("refused_name", name=name or "?")
        elif item.get("type") in ("BASE_TABLE", "SHOW_REF"):  # SHOW name keeps its name here, DESCRIBE below
            name = str(item.get("table_name") or "").strip('"')
            if name_refused(name, table=True):
                raise Refused("refused_name", name=name)
        if "function_name" in item and name_refused(str(item["function_name"])):
            raise Refused("refused_name", name=str(item["function_name"]).lower())
        stack.extend(value for value in item.values() if isinstance(value, dict | list))


def _kind(statement: Any) -> str | None:
    try:
        return statement.type.name
    except ValueError:  # e.g. UPDATE EXTENSIONS: "29 is not a valid StatementType"
        return None


def _explained(text: str) -> str:
    """Return the statement an EXPLAIN [ANALYZE] or EXPLAIN (options) statement wraps, as text."""
    import duckdb

    tokens = [(start, kind) for start, kind in duckdb.tokenize(text) if kind != duckdb.token_type.comment]
    words = [
        text[start : tokens[i + 1][0] if i + 1 < len(tokens) else len(text)].strip()
        for i, (start, _) in enumerate(tokens)
    ]
    lowered = [w.lower() for w in words]
    if not lowered or lowered[0] != "explain":
        raise Refused("refused_explain")
    i = 1
    if i < len(lowered) and lowered[i] in ("analyze", "analyse"):
        i += 1
    elif i + 1 < len(lowered) and lowered[i] == "(" and lowered[i + 1] in ("analyze", "analyse", "format"):
        depth = 0
        while i < len(lowered):
            depth += lowered[i].count("(") - lowered[i].count(")")
            i += 1
            if depth <= 0:
                break
    if i >= len(tokens):
        raise Refused("refused_explain")
    return text[tokens[i][0] :]


def check(con: Any, sql: str, table_macros: frozenset[str] = frozenset()) -> None:
    """Raise Refused unless sql is exactly one read-only SELECT, or an EXPLAIN [ANALYZE] of one."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise Refused("unreadable", error=_first_line(error)) from error
    if not statements:
        raise Refused("empty")
    if len(statements) != 1:
        raise Refused("several", n=len(statements))
    kind = _kind(statements[0])
    text = sql
    if kind == "EXPLAIN":
        text = _explained(statements[0].query)
        try:
            inner = con.extract_statements(text)
        except duckdb.Error as error:
            raise Refused("refused_explain") from error
        if len(inner) != 1 or _kind(inner[0]) != "SELECT":
            raise Refused("refused_explain")
    elif kind is None:
        raise Refused("refused_unknown")
    elif kind in REFUSED_KINDS:
        raise Refused(REFUSED_KINDS[kind])
    elif kind != "SELECT":
        raise Refused("refused_kind", kind=kind)
    tree = json.loads(con.execute("select json_serialize_sql($sql)", {"sql": text}).fetchall()[0][0])
    if tree.get("error"):
        raise Refused("unreadable", error=str(tree.get("error_message", ""))[:300])
    check_tree(tree.get("statements"), table_macros)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:500] if lines else type(error).__name__


def restrict_writes(folder: str) -> bool:
    """Let this process create, change or remove files only beneath folder, and open no TCP connection (Linux
    Landlock); return False where the kernel does not offer it. Reading stays as it was (DuckDB's own settings
    limit what a query reads); files already open stay usable."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    abi = syscall(ctypes.c_long(_LANDLOCK_CREATE_RULESET), None, ctypes.c_long(0), ctypes.c_long(1))
    if abi < 1:
        return False
    write = _LANDLOCK_WRITE | (_LANDLOCK_REFER if abi >= 2 else 0) | (_LANDLOCK_TRUNCATE if abi >= 3 else 0)

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    attr = RulesetAttr(write, _LANDLOCK_TCP if abi >= 4 else 0, _LANDLOCK_SCOPES if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = syscall(
        ctypes.c_long(_LANDLOCK_CREATE_RULESET), ctypes.byref(attr), ctypes.c_long(size), ctypes.c_long(0)
    )
    if ruleset < 0:
        return False
    try:
        folder_fd = os.open(folder, os.O_PATH | os.O_CLOEXEC)
        try:
            rule = PathBeneath(write, folder_fd)
            if syscall(
                ctypes.c_long(_LANDLOCK_ADD_RULE),
                ctypes.c_long(ruleset),
                ctypes.c_long(1),
                ctypes.byref(rule),
                ctypes.c_long(0),
            ):
                return False
        finally:
            os.close(folder_fd)
        libc.prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
        return syscall(ctypes.c_long(_LANDLOCK_RESTRICT_SELF), ctypes.c_long(ruleset), ctypes.c_long(0)) == 0
    finally:
        os.close(ruleset)


def _virtual_mb() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _limit_self(request: dict) -> None:
    """Core dumps off, CPU time and address space capped, and first in line for the kernel's OOM killer."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(request["timeout_s"] * request["threads"]) + 30  # a backstop: the server kills it at the time limit
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if request.get("address_space_mb"):
        limit = (_virtual_mb() + request["address_space_mb"]) << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        with open("/proc/self/oom_score_adj", "w") as adj:
            adj.write("1000")
    except OSError:
        pass


def connect(request: dict) -> tuple[Any, frozenset[str]]:
    """Open the sandboxed connection the request describes; return it and the database's table macros."""
    import duckdb

    work = request["work_dir"]
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": request["threads"],
            "memory_limit": f"{request['duckdb_memory_mb']}MB",
            "temp_directory": os.path.join(work, "spill"),
            "max_temp_directory_size": f"{request['spill_mb']}MB",
            "home_directory": work,
            "extension_directory": os.path.join(work, "extensions"),
            "secret_directory": os.path.join(work, "secrets"),
            "allow_persistent_secrets": False,
            "python_enable_replacements": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
        },
    )
    try:
        for statement in request["setup"]:
            con.execute(statement).fetchall()
        found = con.execute("select value from meta where key = 'schema_version'").fetchall()
    except duckdb.Error as error:
        con.close()
        raise Refused("database_unreadable") from error
    if not found or found[0][0] != request["schema_version"]:
        con.close()
        raise Refused("outdated", found=found[0][0] if found else "?", needed=request["schema_version"])
    macros = frozenset(
        name.lower()
        for (name,) in con.execute(
            "select function_name from duckdb_functions() where function_type = 'table_macro' and not internal"
        ).fetchall()
    )
    con.execute("set enable_progress_bar = false").fetchall()  # it would write to stderr
    con.execute("set allowed_directories = $folders", {"folders": request["allowed_directories"]}).fetchall()
    con.execute("set enable_external_access = false").fetchall()  # files: the allowed folders only; no network
    con.execute("set lock_configuration = true").fetchall()  # last: it freezes everything above
    return con, macros


def run(con: Any, sql: str, request: dict) -> tuple[dict, bytes]:
    """Run the checked query; return the reply header and the result as an Arrow IPC stream."""
    import pyarrow as pa

    max_rows, max_bytes = request["max_rows"], request["max_bytes"]
    reader = con.sql(sql).limit(max_rows + 1).to_arrow_reader(2048)
    batches, size = [], 0
    for batch in reader:
        size += batch.nbytes
        if size > max_bytes:
            raise Refused("too_large", mb=request["max_bytes"] // 1_000_000)
        batches.append(batch)
    table = pa.Table.from_batches(batches, schema=reader.schema)
    truncated = table.num_rows > max_rows
    table = table.slice(0, max_rows)
    frame = con.from_arrow(table).df()  # measured as the server will hold it (console.py converts it the same way)
    held = int(frame.memory_usage(deep=True, index=True).sum())
    if held > max_bytes:
        raise Refused("too_large", mb=request["max_bytes"] // 1_000_000)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"ok": True, "rows": table.num_rows, "truncated": truncated, "bytes": held}, sink.getvalue().to_pybytes()


def _failure(error: BaseException, request: dict) -> Refused:
    import duckdb

    if isinstance(error, Refused):
        return error
    if isinstance(error, duckdb.PermissionException):
        return Refused("refused_files")
    if isinstance(error, duckdb.OutOfMemoryException | MemoryError):
        return Refused("memory", mb=request["memory_mb"])
    if isinstance(error, duckdb.InterruptException):
        return Refused("timeout", seconds=request["timeout_s"])
    return Refused("failed", error=_first_line(error))


def _read_request(idle_s: float) -> dict | None:
    """Return the request line from stdin, or None if none comes within idle_s seconds (a spare left unused)."""
    ready, _, _ = select.select([sys.stdin.buffer], [], [], idle_s)
    if not ready:
        return None
    line = sys.stdin.buffer.readline()
    return json.loads(line) if line.strip() else None


def main() -> int:
    """Serve one request (see the module's docstring) and return the exit code."""
    reply = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    import duckdb  # noqa: F401 — loaded before the request arrives: a spare worker is ready at once
    import pandas  # noqa: F401
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)
    request = _read_request(IDLE_S)
    if request is None:
        return 0
    reply.write(b"R\n")  # the time limit starts now: opening, checking and running the query all count
    reply.flush()
    try:
        os.chdir(request["work_dir"])
        _limit_self(request)
        restrict_writes(request["work_dir"])
        con, macros = connect(request)
        check(con, request["sql"], macros)
        header, payload = run(con, request["sql"], request)
    except BaseException as error:  # noqa: BLE001 — every failure becomes a labelled refusal, never a traceback
        refused = _failure(error, request)
        header, payload = {"ok": False, "key": refused.key, "params": refused.params}, b""
    reply.write(json.dumps(header).encode() + b"\n")
    reply.write(payload)
    reply.close()  # flushes
    os._exit(0)  # no interpreter teardown: DuckDB's threads and buffers go with the process


if __name__ == "__main__":
    sys.exit(main())
