"""Read a workbook's sheets in a child process with a memory and a time limit (`workbook_child.py` does the reading).

calamine lays a sheet out densely: a single cell at XFD1048576 asks for 512 GiB, and an .xls or .xlsb cannot be
checked before it is parsed. So the parsing happens in a fresh `python -I` that limits its own address space (it
calls setrlimit at start; no preexec_fn, which is unsafe in the multi-threaded Streamlit server) and is killed at a
deadline; the sheets come back pickled over a pipe, read up to a byte cap. A child that dies, overruns or sends too
much becomes a labelled problem, never a crash of the caller.
"""

from __future__ import annotations

import json
import os
import pickle
import selectors
import subprocess
import sys
import time
from pathlib import Path

from . import limits
from .errors import InputFileError, Problem

CHILD = Path(__file__).with_name("workbook_child.py")


class _Overrun(Exception):
    """The child took too long or sent more than the cap."""


def _request(path: Path, first_only: bool, memory_bytes: int, seconds: float, max_grid_bytes: int) -> str:
    return json.dumps(
        {
            "path": str(path),
            "first_only": first_only,
            "limits": {
                "max_rows": limits.MAX_ROWS,
                "max_columns": limits.MAX_COLUMNS,
                "max_cells": limits.MAX_CELLS,
                "max_zip_entries": limits.MAX_ZIP_ENTRIES,
                "max_uncompressed_bytes": limits.MAX_UNCOMPRESSED_BYTES,
                "max_zip_ratio": limits.MAX_ZIP_RATIO,
                "ratio_floor_bytes": limits.RATIO_FLOOR_BYTES,
                "memory_bytes": memory_bytes,
                "seconds": seconds,
                "max_grid_bytes": max_grid_bytes,
            },
        }
    )


def _collect(process: subprocess.Popen, deadline: float, cap: int) -> bytes:
    """Return what the child writes until it closes stdout; _Overrun past the deadline or the cap."""
    chunks, size = [], 0
    fd = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Overrun("time")
            if not selector.select(remaining):
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > cap:
                raise _Overrun("grid")
            chunks.append(chunk)


def read_workbook(
    path: Path,
    *,
    first_only: bool = False,
    memory_bytes: int = limits.WORKBOOK_MEMORY_BYTES,
    seconds: float = limits.WORKBOOK_SECONDS,
    max_grid_bytes: int = limits.MAX_GRID_BYTES,
) -> dict[str, list[list[object]]]:
    """Return the workbook's sheets (only the first when first_only) as rows of cells, read in a bounded child.

    Raises InputFileError when the workbook is beyond a limit, unreadable, or the child fails.
    """
    too_large = Problem.labelled("workbook_too_large", mb=memory_bytes >> 20, seconds=round(seconds))
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", str(CHILD), _request(path, first_only, memory_bytes, seconds, max_grid_bytes)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
    except OSError as error:  # no interpreter to start (an embedded Python), too many processes …
        raise InputFileError(path.name, [Problem.labelled("xlsx_unreadable", error=error)]) from error
    deadline = time.monotonic() + seconds
    try:
        data = _collect(process, deadline, max_grid_bytes + (1 << 16))
        process.wait(timeout=max(0.1, deadline - time.monotonic()))
    except _Overrun as overrun:
        grid = Problem.labelled("grid_too_large", mb=max_grid_bytes >> 20)
        raise InputFileError(path.name, [grid if overrun.args == ("grid",) else too_large]) from None
    except subprocess.TimeoutExpired:
        raise InputFileError(path.name, [too_large]) from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
    if process.returncode != 0 or not data:
        raise InputFileError(path.name, [too_large])
    try:
        result = pickle.loads(data)  # written by our own child process, never by the file
    except Exception:  # a truncated pickle: the child died while writing
        raise InputFileError(path.name, [too_large]) from None
    if "problem" in result:
        key, params = result["problem"]
        shown = {name: f"{value:,}" if isinstance(value, int) else value for name, value in params.items()}
        raise InputFileError(path.name, [Problem.labelled(key, **shown)])
    return result["sheets"]
