"""Open the database, run named queries, and write through an atomic copy-and-swap."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from . import config

#: The name the database file is attached under by `connect`.
CATALOG = "ita"


class DatabaseMissingError(FileNotFoundError):
    """Raised when the database file does not exist yet."""


class StoreReadOnlyError(RuntimeError):
    """Raised when a write is aimed at a Parquet store, which only `export-parquet` publishes."""


class DatabaseOutdatedError(RuntimeError):
    """Raised when the database was built by another schema version of this project."""


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Return a read-only connection to the database, after checking its schema version.

    path (default: the ITA_DB setting) is a DuckDB file, or a Parquet store: a folder written by
    `export-parquet`, one TABLE.parquet per table. A file is attached to a private in-memory database
    rather than opened directly: DuckDB hands a second `connect` to an already open file the same cached
    instance, so after an import swapped a new file in, a process holding any old connection would go on
    reading the old data. A store's tables become views over its files, read when queried.
    """
    path = Path(path) if path else config.default_db_path()
    if not path.exists():
        raise DatabaseMissingError(
            f"{path}: database not found; build it with `python -m ita_analytics init --db {path}`"
        )
    con = duckdb.connect(":memory:")
    try:
        if is_store(path):
            _define_store(con, path)
        else:
            con.execute(f"attach $path as {CATALOG} (read_only)", {"path": str(path)})  # names from code: CATALOG
            con.execute(f"use {CATALOG}")  # names from code: CATALOG
        _check_version(con, path)
    except (duckdb.Error, DatabaseOutdatedError) as error:
        con.close()
        if isinstance(error, DatabaseOutdatedError):
            raise
        raise DatabaseOutdatedError(
            f"{path}: cannot be opened as a database ({error}); rebuild it with "
            f"`python -m ita_analytics init --force --db {path}`"
        ) from error
    return con


def is_store(path: Path | str) -> bool:
    """Return whether path is a Parquet store (a folder published by `export-parquet`), not a DuckDB file."""
    return Path(path).is_dir()


def path_literal(path: Path) -> str:
    """Return path as a quoted SQL string literal, for statements that take no bound parameters (DDL, COPY)."""
    return "'" + str(path).replace("'", "''") + "'"


def _define_store(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    folder = path.resolve()  # the link resolved once: this connection reads one published version throughout
    con.execute(f"attach ':memory:' as {CATALOG}")  # names from code: CATALOG
    con.execute(f"use {CATALOG}")  # names from code: CATALOG
    for file in sorted(folder.glob("*.parquet")):
        # DDL takes no bound parameters; the name is a table of ours and the path is quoted as a literal.
        con.execute(f'create view "{file.stem}" as select * from read_parquet({path_literal(file)})')
    con.execute(config.SCHEMA_VIEWS_FILE.read_text(encoding="utf-8"))


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Return a new cursor of a `connect` connection (for another thread), reading the same database."""
    new = con.cursor()
    new.execute(f"use {CATALOG}")  # names from code: CATALOG
    return new


def _check_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        found = con.execute("select value from meta where key = 'schema_version'").fetchone()
    except duckdb.Error:
        found = None
    if found is None or found[0] != config.SCHEMA_VERSION:
        raise DatabaseOutdatedError(
            f"{path}: built for schema version {found[0] if found else 'unknown'}, this code needs "
            f"{config.SCHEMA_VERSION}; rebuild with `python -m ita_analytics init --force --db {path}` "
            "and import your files again"
        )


@functools.cache
def _sql(name: str) -> str:
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {config.QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Return the result of the named query in queries/NAME.sql, with bound parameters."""
    return con.execute(_sql(name), params or None).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
    """Run the named statement in queries/NAME.sql with bound parameters."""
    con.execute(_sql(name), params or None)


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: pd.DataFrame) -> Iterator[None]:
    """Make DataFrames visible to SQL under the given names for the duration of the block."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    except BaseException:
        # In an aborted transaction unregister fails too; its error would hide the one that matters.
        for name in frames:
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
        raise
    for name in frames:
        con.unregister(name)


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    # One writer at a time: a second import waits rather than racing for the swap.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


#: Marks a writer's copy (".ita.duckdb.writing-abc123xy.tmp"), so the clean-up knows its own database's copies.
_COPY_MARK = "writing-"


def _stale_copies(path: Path) -> list[Path]:
    # Only this database's copies: "ita.duckdb.staging" is another database, and its copies are its own.
    # The second form is the copies' name before they were marked (mkstemp's eight characters, no dot).
    own = re.compile(rf"\.{re.escape(path.name)}\.(?:{_COPY_MARK}[a-z0-9_]+|[a-z0-9_]{{8}})\.tmp(?:\.wal)?")
    return [p for p in path.parent.iterdir() if own.fullmatch(p.name)]


def _keep_mode_and_group(copy: Path, path: Path) -> None:
    # mkstemp makes the copy 0600: an app running as another user could no longer read the database after an
    # import. The copy takes the replaced file's permissions and group (the group where this user may set it).
    if not path.exists():
        return
    old = path.stat()
    os.chmod(copy, stat.S_IMODE(old.st_mode))
    with contextlib.suppress(PermissionError):
        os.chown(copy, -1, old.st_gid)


@contextlib.contextmanager
def atomic_write(path: Path | str | None = None, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a copy of the database and swap the copy in if the block succeeds.

    Readers never see a half-written file, and an error or a kill leaves the original untouched:
    the work happens in a temporary file beside it that is renamed over it only at the end.
    With create=True a new database is built instead of copying an existing one.
    """
    path = Path(path) if path else config.default_db_path()
    # Through a symbolic link the swap replaces the file the link points at, and the link stays a link.
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_store(path):
        raise StoreReadOnlyError(
            f"{path}: a Parquet store is read-only; import into the DuckDB file and publish "
            f"it again with `python -m ita_analytics export-parquet --db FILE {path}`"
        )
    if not create and not path.exists():
        raise DatabaseMissingError(f"{path}: database not found; run `python -m ita_analytics init` first")
    with _writer_lock(path):
        # Holding the lock, any copy left beside the database is a dead writer's (killed mid-import): drop it.
        for stale in _stale_copies(path):
            stale.unlink(missing_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{_COPY_MARK}", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if create:
                tmp.unlink()
            else:
                shutil.copyfile(path, tmp)
            con = duckdb.connect(str(tmp))
            try:
                if not create:
                    _check_version(con, path)
                con.execute("begin transaction")
                yield con
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            _keep_mode_and_group(tmp, path)
            os.replace(tmp, path)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)


def record_import(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file_name: str,
    sha256: str | None,
    rows: int,
    synthetic: bool,
    note: str | None = None,
    dataset: str | None = None,
) -> int:
    """Add a lineage row to `imports` (note: where the data comes from; dataset: the ITA dataset it went into) and
    return its import_id."""
    import_id = con.execute("select coalesce(max(import_id), 0) + 1 from imports").fetchone()[0]
    con.execute(
        "insert into imports values ($id, $kind, $file, $sha, $rows, $at, $synthetic, $note, $dataset)",
        {
            "id": import_id,
            "kind": kind,
            "file": file_name,
            "sha": sha256,
            "rows": rows,
            "at": datetime.now(UTC),
            "synthetic": synthetic,
            "note": note,
            "dataset": dataset,
        },
    )
    return import_id
