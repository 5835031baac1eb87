"""Faults: imports killed at any moment, readers during imports, a running app seeing new data, a broken file."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, PROJECT, file_digest, open_view

from ita_analytics import db, i18n
from ita_analytics.ingest import import_ita

HEADER = "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม"


def big_file(tmp_path: Path, score: int, rows: int = 40000, name: str = "big.csv") -> Path:
    """A one-year file (FY2568) in which every agency scores `score`: a reader can tell old from new."""
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "".join(f"2568,K{i},x,อบต.,ลำพูน,{score}\n" for i in range(rows)), encoding="utf-8")
    return path


def run_import(file: Path, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        # into the fixture's own dataset, whose FY2568 it replaces
        [sys.executable, "-m", "ita_analytics", "import-ita", str(file), "--dataset", "tiny_ita", "--db", str(db_path)],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_an_import_killed_at_any_moment_leaves_the_database_as_it_was(tmp_path, tiny_db):
    file = big_file(tmp_path, 90)
    trial = tmp_path / "trial.duckdb"
    shutil.copyfile(tiny_db, trial)
    start = time.monotonic()
    assert run_import(file, trial).wait() == 0
    duration = time.monotonic() - start  # how long a whole import takes here, so kills spread over its run
    original = tmp_path / "original.duckdb"
    shutil.copyfile(tiny_db, original)
    before = file_digest(tiny_db)
    killed_mid_run = 0
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95):
        child = run_import(file, tiny_db)
        time.sleep(duration * fraction)
        child.send_signal(signal.SIGKILL)
        child.wait()
        with db.connect(tiny_db) as con:  # it opens, whatever happened
            new_rows = con.execute("select count(*) from ita_results where fiscal_year = 2025").fetchone()[0]
        if file_digest(tiny_db) == before:
            killed_mid_run += 1
        else:  # the kill came after the swap: then the new year must be there whole, never in part
            assert new_rows == 40000, f"killed at {fraction:.0%} of the run: {new_rows} rows"
            shutil.copyfile(original, tiny_db)
    assert killed_mid_run >= 3, f"only {killed_mid_run} kills landed before the swap"
    # the next write sweeps the dead writers' copies away
    import_ita(FIXTURES / "tiny_ita.csv", tiny_db)
    assert not list(tiny_db.parent.glob(".*.tmp*"))


def test_readers_see_the_old_or_the_new_data_never_a_mix(tmp_path, tiny_db):
    files = [big_file(tmp_path, score, rows=20000, name=f"s{score}.csv") for score in (70, 95)]
    import_ita(files[0], tiny_db, dataset="tiny_ita")
    whole = {(20000, 70.0, 70.0), (20000, 95.0, 95.0)}
    seen: list[tuple] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with db.connect(tiny_db) as con:
                    seen.append(
                        con.execute(
                            "select count(*), min(score), max(score) from ita_results where fiscal_year = 2025"
                        ).fetchone()
                    )
            except BaseException as error:  # noqa: BLE001 - collected and reported by the test
                errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for turn in range(4):  # four imports, each replacing the year, while the readers read
            assert run_import(files[(turn + 1) % 2], tiny_db).wait() == 0
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert not errors, errors[:3]
    assert len(seen) > 20 and set(seen) <= whole, set(seen) - whole
    assert set(seen) == whole  # both versions were read while the imports ran


def test_the_running_app_shows_an_import_without_a_restart(monkeypatch, tmp_path, tiny_db):
    at = open_view(monkeypatch, tiny_db, "overview")
    agencies = i18n.t("kpi_agencies", "th")
    assert {m.label: m.value for m in at.metric}[agencies] == "5"
    import_ita(big_file(tmp_path, 90, rows=50), tiny_db, dataset="tiny_ita")  # replaces FY2568 with 50 agencies
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[agencies] == "50"


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, b"\x00" * 4096])
def test_a_corrupt_database_is_explained_with_the_rebuild_command(monkeypatch, tmp_path, content):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(content)
    at = open_view(monkeypatch, broken, "overview")
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "init --force" in message and str(broken) in message
    done = subprocess.run(
        [sys.executable, "-m", "ita_analytics", "info", "--db", str(broken)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "init --force" in done.stderr


def test_a_database_that_is_not_ours_is_explained(monkeypatch, tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t (x int)")
    at = open_view(monkeypatch, other, "overview")
    assert not at.exception and "init --force" in " ".join(e.value for e in at.error)


def test_a_failing_write_reports_its_own_error_and_changes_nothing(tiny_db):
    import pandas as pd

    before = file_digest(tiny_db)
    with (
        pytest.raises(duckdb.ConstraintException, match="CHECK constraint"),
        db.atomic_write(tiny_db) as con,
        db.registered(con, staged=pd.DataFrame({"a": [1]})),
    ):
        con.execute("insert into provinces select 'x', 'y', 'z', 'nowhere' from staged")
    assert file_digest(tiny_db) == before and not list(tiny_db.parent.glob(".*.tmp*"))
