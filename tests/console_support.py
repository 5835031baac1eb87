"""Helpers for the SQL console's tests (tests/test_console*.py): every file under a folder with its digest, the paths
no console message may show, running run_query in a fresh process to read its peak memory, and a stand-in worker."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

from ita_analytics import console


def tree(folder: Path) -> dict[str, str]:
    """Return relative path → sha256 (or "-> target" for a link) of everything under folder, links not followed."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def private_paths(db_path: Path) -> list[str]:
    """Return the paths a console message or result must not show: the database's, its folder's, the working
    directory and the home folder."""
    db_path = Path(db_path)
    paths = {str(db_path.absolute()), str(db_path.resolve()), str(db_path.parent.resolve()), os.getcwd()}
    paths.add(str(Path.home()))
    return sorted(p for p in paths if len(p) > 1)


def shows_no_private_path(text: str, db_path: Path) -> bool:
    return not [p for p in private_paths(db_path) if p in text]


def refused(sql: str, db_path: Path, **kwargs) -> console.QueryRefused:
    """Return the QueryRefused run_query raises for sql (fails if it returns a frame or raises anything else)."""
    with pytest.raises(console.QueryRefused) as caught:
        console.run_query(sql, db=db_path, **kwargs)
    return caught.value


#: Runs run_query in a fresh process and prints what it raised and the peak resident memory of the worker
#: (its waited-for children) and of itself (the process standing in for the server).
_MEASURE = """
import json, resource, sys
from ita_analytics import console
try:
    console.run_query(sys.argv[1], db=sys.argv[2], timeout_s=float(sys.argv[3]))
    key = None
except console.QueryRefused as refused:
    key = refused.key
console._WORKERS.close()
own = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0].split()[1]
print(json.dumps({"key": key, "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
                  "server_mb": int(own) // 1024}))
"""


def peak_memory(sql: str, db_path: Path, timeout_s: float = 10) -> dict:
    """Return {"key": the refusal's key or None, "worker_mb": peak, "server_mb": peak} of run_query(sql)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sql, str(db_path), str(timeout_s)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
