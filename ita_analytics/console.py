"""The SQL console's engine: one read-only SELECT, sandboxed, with a time limit and a row cap."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd

from . import config
from .db import DatabaseOutdatedError, connect, is_store

#: The sandbox: no files or network, no extensions, and no way to change that from the query.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
REFUSED_STATEMENTS = {
    "COPY": "COPY is not allowed: download the result with the button under the table instead",
    "ATTACH": "ATTACH is not allowed: the console reads only this project's database",
    "DETACH": "DETACH is not allowed",
    "LOAD": "INSTALL and LOAD are not allowed: extensions are switched off in the console",
    "SET": "SET, RESET and USE are not allowed: the console's settings are locked",
    "PRAGMA": "PRAGMA is not allowed; to see a table's columns use DESCRIBE table_name",
}


class QueryRefused(ValueError):
    """Raised when the console will not run a query, or the query failed; the message says why."""


def _check(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise QueryRefused(f"the SQL could not be read: {error}") from error
    if len(statements) != 1:
        raise QueryRefused(f"send one query at a time (this text holds {len(statements)} statements)")
    kind = statements[0].type.name
    if kind in REFUSED_STATEMENTS:
        raise QueryRefused(REFUSED_STATEMENTS[kind])
    if kind not in ("SELECT", "EXPLAIN"):
        raise QueryRefused(f"{kind} is not allowed: the console is read-only and runs SELECT queries only")


def _sandbox(path: Path) -> duckdb.DuckDBPyConnection:
    """Return a read-only connection (the file attached to an in-memory database), then locked down."""
    try:
        con = connect(path)
    except DatabaseOutdatedError as error:
        raise QueryRefused(str(error)) from error
    try:
        if is_store(path):  # a store's tables are views that read its files when queried: allow that folder only
            con.execute("set allowed_directories = $folders", {"folders": [f"{path.resolve()}/"]})
        for name, value in SANDBOX.items():  # lock_configuration last: it freezes everything above
            con.execute(f"set {name} = {str(value).lower()}")  # names from code: the SANDBOX constant
    except duckdb.Error:
        con.close()
        raise
    return con


def run_query(sql: str, *, db: Path | str | None = None, timeout_s: float = 10, max_rows: int = 10_000) -> pd.DataFrame:
    """Return the result of one read-only SELECT on the database, at most max_rows rows.

    The frame's attrs["truncated"] says whether rows were cut. Raises QueryRefused for anything but a
    single SELECT, for file or network access, for a query running longer than timeout_s, and for SQL
    errors, each with a message a researcher can act on.
    """
    path = Path(db) if db else config.default_db_path()
    if not path.exists():
        raise QueryRefused(f"{path}: the database has not been built yet")
    con = _sandbox(path)
    try:
        _check(con, sql)
        return _run_with_limit(con, sql, timeout_s, max_rows)
    finally:
        con.close()


def _run_with_limit(con: duckdb.DuckDBPyConnection, sql: str, timeout_s: float, max_rows: int) -> pd.DataFrame:
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["frame"] = con.sql(sql).limit(max_rows + 1).df()
        except Exception as error:  # noqa: BLE001 — reported to the caller below, in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        con.interrupt()
        worker.join(5)
        raise QueryRefused(f"the query ran longer than {timeout_s:g} s and was stopped; narrow it or aggregate")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, duckdb.PermissionException):
            raise QueryRefused("reading or writing files and the network is not allowed in the console") from error
        raise QueryRefused(f"the query failed: {str(error).splitlines()[0]}") from error
    frame = outcome["frame"]
    truncated = len(frame) > max_rows
    frame = frame.head(max_rows).copy()
    frame.attrs["truncated"] = truncated
    return frame
