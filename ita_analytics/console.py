"""The SQL console's engine: one read-only SELECT, run in a worker process of its own with limits on time, memory
and result size; every failure is a QueryRefused whose text the page shows in the reader's language.

The worker (`console_worker.py`) parses the query with DuckDB and refuses anything but one SELECT (or an EXPLAIN
of one) and any function, view or file name that writes, reads files or shows settings and paths; it runs in a
private folder with DuckDB's memory limit, no file access but a store's own folder, and its configuration locked.
This process only starts it, feeds it the request, and watches: it kills the worker at the time limit or when its
resident memory passes MEMORY_MB, and reads at most a capped number of bytes back. See docs/schema.md.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from . import config, i18n
from .console_worker import IDLE_S
from .db import CATALOG, is_store, path_literal

WORKER = Path(__file__).with_name("console_worker.py")
#: The longest SQL text the console reads.
MAX_SQL_CHARS = 20_000
#: The largest result, in MB, as pandas holds it (and as Arrow sends it).
MAX_RESULT_MB = 20
#: The worker's resident memory in MB: the server kills it beyond this.
MEMORY_MB = 1024
#: DuckDB's own memory limit in the worker, and what it may spill to the worker's private folder.
DUCKDB_MEMORY_MB, SPILL_MB = 512, 1024
#: Address space the worker may add to what it holds when the request comes (DuckDB reserves more than it uses).
ADDRESS_SPACE_MB = 4096
#: DuckDB's threads per query, and queries running at once (a further one waits for a free slot).
THREADS, MAX_RUNNING = 2, 2
#: Time a worker may take to start (load duckdb, pyarrow and pandas) before it counts as failed.
START_TIMEOUT_S = 60
POLL_S = 0.02
#: Numbers that look like B.E. years (2500 is 1957, 2650 is 2107): an empty result of a query holding one says that
#: years are stored in C.E.
BE_YEARS = range(2500, 2651)
_DIGITS = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_STDERR_CAP = 64 * 1024
_log = logging.getLogger(__name__)


class QueryRefused(ValueError):
    """Raised when the console will not run a query, or the query failed or passed a limit.

    `key` names the label console_<key> in data/labels/console.csv and `params` fill it in: `text(lang)` says why
    in the reader's language, and str() is the English text (command line, logs).
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Return why the query was refused, in lang."""
        return i18n.t(f"console_{self.key}", lang).format(**self.params)

    def __reduce__(self) -> tuple:
        return _refused, (self.key, self.params)


def _refused(key: str, params: dict) -> QueryRefused:
    return QueryRefused(key, **params)


def run_query(sql: str, *, db: Path | str | None = None, timeout_s: float = 10, max_rows: int = 10_000) -> pd.DataFrame:
    """Return the result of one read-only SELECT on the database, at most max_rows rows.

    The frame's attrs["truncated"] says whether rows were cut; when the result holds nothing (no rows, or one row
    of zeros and nulls: a count of 0) and the query holds numbers that look like B.E. years (be_years), they are in
    attrs["be_years"]: the database stores years in C.E. Raises QueryRefused for anything but a single
    SELECT (or EXPLAIN of one), for functions that read files or show settings and paths, for a query running
    longer than timeout_s, needing more than MEMORY_MB of memory or returning more than MAX_RESULT_MB, and for
    SQL errors, each with a message a researcher can act on and no path of the server in it.
    """
    path = Path(db) if db else config.default_db_path()
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused("too_long", n=MAX_SQL_CHARS)
    if not path.exists():
        raise QueryRefused("missing")
    if not _WORKERS.slots.acquire(timeout=timeout_s):
        raise QueryRefused("busy")
    folder, worker = None, None
    try:
        folder = Path(tempfile.mkdtemp(prefix="ita-console-"))
        request = _request(sql, path, folder, timeout_s, max_rows)
        worker = _WORKERS.take()
        header, payload = _exchange(worker, request, timeout_s, _hidden(path, folder))
        frame = _frame(header, payload, max_rows)
        if _nothing(frame) and (years := be_years(sql)):
            frame.attrs["be_years"] = years
        return frame
    except QueryRefused:
        raise
    except Exception as error:  # a refusal too, never a traceback on the page: the log keeps the details
        _log.exception("the SQL console failed")
        raise QueryRefused("crashed", code=type(error).__name__) from error
    finally:
        if worker is not None:
            _stop(worker)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        _WORKERS.slots.release()
        _WORKERS.keep_spare()


def _nothing(frame: pd.DataFrame) -> bool:
    """Return whether a result holds nothing: no rows, or one row of zeros and nulls (count(*) = 0, avg null)."""
    if frame.empty:
        return True
    if len(frame) > 1:
        return False
    return all(
        value is None or pd.isna(value) or (isinstance(value, (int, float)) and value == 0)
        for value in frame.iloc[0].tolist()
    )


def be_years(sql: str) -> list[int]:
    """Return the numbers from BE_YEARS that a query's constants hold (2568, '2568', '2568-10-01'), each once, in
    order: years written in B.E. where the database holds C.E. (B.E. − 543). Comments and names are not read."""
    try:
        tokens = duckdb.tokenize(sql)
    except Exception:  # not SQL the tokenizer reads: nothing to say
        return []
    found: list[int] = []
    ends = [start for start, _ in tokens[1:]] + [len(sql)]
    for (start, kind), end in zip(tokens, ends):
        text = sql[start:end].strip()
        if kind == duckdb.token_type.numeric_const:
            numbers = [text]
        elif kind == duckdb.token_type.string_const:
            numbers = _DIGITS.findall(text)
        else:
            continue
        for number in numbers:
            try:
                value = float(number)
            except ValueError:
                continue
            if value.is_integer() and int(value) in BE_YEARS and int(value) not in found:
                found.append(int(value))
    return found


def warm_up() -> None:
    """Start a spare worker if none is waiting, so the next query does not wait for one to load its modules."""
    _WORKERS.keep_spare()


def _request(sql: str, path: Path, folder: Path, timeout_s: float, max_rows: int) -> dict:
    """Return the worker's request; the database is linked into folder/data, the paths DuckDB shows are those."""
    data, work = folder / "data", folder / "work"
    data.mkdir()
    work.mkdir()
    if is_store(path):
        # As db.connect defines a store: its tables become views over its files, one published version throughout.
        versions = path.resolve()
        link = data / "store"
        link.symlink_to(versions, target_is_directory=True)
        setup = [f"attach ':memory:' as {CATALOG}", f"use {CATALOG}"]
        setup += [
            f'create view "{file.stem}" as select * from read_parquet({path_literal(link / file.name)})'
            for file in sorted(versions.glob("*.parquet"))
        ]
        setup.append(config.SCHEMA_VIEWS_FILE.read_text(encoding="utf-8"))
        allowed = [f"{link}/"]
    else:
        link = data / "ita.duckdb"
        link.symlink_to(path.resolve())
        wal = path.resolve().with_name(path.resolve().name + ".wal")
        if wal.exists():
            (data / "ita.duckdb.wal").symlink_to(wal)
        setup = [f"attach {path_literal(link)} as {CATALOG} (read_only)", f"use {CATALOG}"]
        allowed = []
    return {
        "sql": sql,
        "setup": setup,
        "allowed_directories": allowed,
        "work_dir": str(work),
        "schema_version": config.SCHEMA_VERSION,
        "timeout_s": timeout_s,
        "max_rows": max_rows,
        "max_bytes": MAX_RESULT_MB * 1_000_000,
        "threads": THREADS,
        "memory_mb": MEMORY_MB,
        "duckdb_memory_mb": DUCKDB_MEMORY_MB,
        "spill_mb": SPILL_MB,
        "address_space_mb": ADDRESS_SPACE_MB,
    }


def _hidden(path: Path, folder: Path) -> list[tuple[str, str]]:
    """Return (text, stand-in) for every path a message must not show, longest first."""
    pairs = {
        str(folder / "data" / "ita.duckdb"): "<database>",
        str(folder / "data" / "store"): "<database>",
        str(folder): "<temp>",
        str(path.absolute()): "<database>",
        str(path.resolve()): "<database>",
        str(path.absolute().parent): "<database folder>",
        str(path.resolve().parent): "<database folder>",
        os.getcwd(): "<working directory>",
    }
    with contextlib.suppress(RuntimeError, KeyError):
        pairs[str(Path.home())] = "~"
    return sorted(((p, s) for p, s in pairs.items() if p.startswith("/") and len(p) > 1), key=lambda ps: -len(ps[0]))


def _scrubbed(value: object, hidden: list[tuple[str, str]]) -> object:
    if not isinstance(value, str):
        return value
    for text, stand_in in hidden:
        value = value.replace(text, stand_in)
    return value


def _exchange(
    worker: subprocess.Popen, request: dict, timeout_s: float, hidden: list[tuple[str, str]]
) -> tuple[dict, bytes]:
    """Send the request; return the reply's header and payload, or raise QueryRefused at a limit."""
    try:
        worker.stdin.write(json.dumps(request).encode() + b"\n")
        worker.stdin.close()
    except OSError as error:
        raise QueryRefused("crashed", code=worker.poll()) from error
    out, err = bytearray(), bytearray()
    reply_cap = 2 * MAX_RESULT_MB * 1_000_000 + 1_000_000
    started, deadline = False, time.monotonic() + START_TIMEOUT_S
    with selectors.DefaultSelector() as pipes:  # not select.select: a busy server's descriptors pass 1024
        pipes.register(worker.stdout, selectors.EVENT_READ, out)
        pipes.register(worker.stderr, selectors.EVENT_READ, err)
        while pipes.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryRefused("timeout", seconds=timeout_s) if started else QueryRefused("crashed", code="start")
            for key, _ in pipes.select(min(POLL_S, left)):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    pipes.unregister(key.fileobj)
                elif key.data is err:
                    err += chunk[: max(0, _STDERR_CAP - len(err))]
                else:
                    out += chunk
            if not started and len(out) >= 2:
                if out[:2] != b"R\n":
                    raise QueryRefused("crashed", code="reply")
                del out[:2]
                started, deadline = True, time.monotonic() + timeout_s
            if len(out) > reply_cap:
                raise QueryRefused("too_large", mb=MAX_RESULT_MB)
            if _resident_mb(worker.pid) > MEMORY_MB:
                raise QueryRefused("memory", mb=MEMORY_MB)
    try:
        code = worker.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None  # the reply is whole; run_query ends the worker
    end = out.find(b"\n")
    try:
        header = json.loads(out[:end]) if end >= 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict):
        if err:
            _log.warning(
                "console worker ended with %s: %s", code, _scrubbed(err[-2000:].decode(errors="replace"), hidden)
            )
        if code == -9:  # killed, and not by us: the kernel's OOM killer
            raise QueryRefused("memory", mb=MEMORY_MB)
        if code == -24:  # SIGXCPU: the CPU-time backstop
            raise QueryRefused("timeout", seconds=timeout_s)
        raise QueryRefused("crashed", code=code)
    if not header.get("ok"):
        raise _refusal(header, hidden)
    return header, bytes(out[end + 1 :])


def _refusal(header: dict, hidden: list[tuple[str, str]]) -> QueryRefused:
    """Return the worker's refusal as a QueryRefused, its texts stripped of the server's paths."""
    key, params = header.get("key"), header.get("params")
    if not isinstance(key, str) or not i18n.has_label(f"console_{key}") or not isinstance(params, dict):
        return QueryRefused("crashed", code="reply")
    params = {str(name): _scrubbed(value, hidden) for name, value in params.items()}
    try:
        return QueryRefused(key, **params)
    except (KeyError, IndexError, ValueError):
        return QueryRefused("crashed", code="reply")


def _frame(header: dict, payload: bytes, max_rows: int) -> pd.DataFrame:
    try:
        table = pa.ipc.open_stream(payload).read_all()
    except (pa.ArrowException, ValueError) as error:
        raise QueryRefused("crashed", code="reply") from error
    if table.num_rows > max_rows or table.nbytes > MAX_RESULT_MB * 1_000_000:
        raise QueryRefused("too_large", mb=MAX_RESULT_MB)
    frame = _to_pandas(table)
    if frame.memory_usage(deep=True, index=True).sum() > MAX_RESULT_MB * 1_000_000:
        raise QueryRefused("too_large", mb=MAX_RESULT_MB)
    frame.attrs["truncated"] = bool(header.get("truncated"))
    return frame


_CONVERTER: list[duckdb.DuckDBPyConnection] = []
_CONVERTER_LOCK = threading.Lock()


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Return the Arrow table as DuckDB's .df() gives it (the worker measured it this way)."""
    with _CONVERTER_LOCK:
        if not _CONVERTER:
            _CONVERTER.append(duckdb.connect(":memory:", config={"threads": 1, "python_enable_replacements": False}))
        cursor = _CONVERTER[0].cursor()
    try:
        return cursor.from_arrow(table).df()
    finally:
        cursor.close()


def _resident_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return 0


def _worker_environment() -> dict[str, str]:
    """Return the worker's environment: none of the server's variables (tokens, paths), one thread per library."""
    env = {
        "PATH": os.defpath,
        "HOME": tempfile.gettempdir(),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if "TZ" in os.environ:
        env["TZ"] = os.environ["TZ"]
    return env


def _spawn() -> subprocess.Popen:
    try:
        return subprocess.Popen(
            [sys.executable, "-I", str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tempfile.gettempdir(),
            env=_worker_environment(),
            close_fds=True,
        )
    except OSError as error:
        raise QueryRefused("crashed", code=type(error).__name__) from error


def _stop(worker: subprocess.Popen) -> None:
    """End a worker (it may have ended already) and reap it, closing its pipes."""
    if worker.poll() is None:
        worker.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        worker.wait(timeout=5)
    for pipe in (worker.stdin, worker.stdout, worker.stderr):
        with contextlib.suppress(OSError):
            pipe.close()


class _Workers:
    """The slots for queries running at once, and one spare worker with its modules already loaded."""

    def __init__(self) -> None:
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)
        self._lock = threading.Lock()
        self._spare: subprocess.Popen | None = None
        self._born = 0.0

    def _fresh(self) -> bool:
        young = time.monotonic() - self._born < IDLE_S - 60  # it leaves by itself after IDLE_S
        return self._spare is not None and self._spare.poll() is None and young

    def take(self) -> subprocess.Popen:
        """Return the spare worker if one is waiting, else a new one."""
        with self._lock:
            spare, fresh, self._spare = self._spare, self._fresh(), None
        if spare is not None and fresh:
            return spare
        if spare is not None:
            _stop(spare)
        return _spawn()

    def keep_spare(self) -> None:
        """Start a spare worker unless one is waiting."""
        with self._lock:
            if self._fresh():
                return
            old, self._spare, self._born = self._spare, None, time.monotonic()
            with contextlib.suppress(QueryRefused):
                self._spare = _spawn()
        if old is not None:
            _stop(old)

    def close(self) -> None:
        """Let the spare worker go (it exits when its request pipe closes)."""
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            _stop(spare)


_WORKERS = _Workers()
atexit.register(_WORKERS.close)
