"""Imports keep what the database's owner set up: its mode and group, a symbolic link, other databases' copies."""

from __future__ import annotations

import os
import shutil
import stat

from conftest import FIXTURES

from ita_analytics import db
from ita_analytics.ingest import import_ita


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_import_keeps_the_database_s_mode_and_group(tiny_db):
    for mode in (0o644, 0o640):
        os.chmod(tiny_db, mode)
        os.chown(tiny_db, -1, 1)  # a group other than ours (the tests run as root, as make test does)
        import_ita(FIXTURES / "tiny_ita.csv", tiny_db)
        assert _mode(tiny_db) == mode
        assert os.stat(tiny_db).st_gid == 1


def test_an_import_through_a_symbolic_link_writes_the_link_s_target(tiny_db, tmp_path):
    link = tmp_path / "published.duckdb"
    link.symlink_to(tiny_db)
    before = os.stat(tiny_db).st_ino
    import_ita(FIXTURES / "tiny_ita.csv", link)
    assert link.is_symlink() and link.resolve() == tiny_db.resolve()
    assert os.stat(tiny_db).st_ino != before  # the target was swapped for the new file
    with db.connect(link) as con:
        assert con.execute("select count(*) from imports where kind = 'ita'").fetchone()[0] == 2


def test_the_clean_up_removes_only_this_database_s_dead_copies(tiny_db):
    folder = tiny_db.parent
    name = tiny_db.name
    own = [
        folder / f".{name}.writing-abcd1234.tmp",
        folder / f".{name}.abcd1234.tmp",
        folder / f".{name}.writing-abcd1234.tmp.wal",
    ]
    others = [
        folder / f".{name}.staging.writing-abcd1234.tmp",
        folder / f".{name}.staging.abcd1234.tmp",
        folder / f".{name}x.abcd1234.tmp",
    ]
    for path in own + others:
        path.write_bytes(b"a dead writer's copy")
    import_ita(FIXTURES / "tiny_ita.csv", tiny_db)
    assert not any(path.exists() for path in own)
    assert all(path.exists() for path in others)


def test_a_write_to_one_database_leaves_another_s_import_in_progress_alone(tiny_db):
    staging = tiny_db.with_name(tiny_db.name + ".staging")
    shutil.copyfile(tiny_db, staging)
    with db.atomic_write(staging) as con:  # the other import, mid-way
        con.execute("update ita_results set score = 99")
        import_ita(FIXTURES / "tiny_ita.csv", tiny_db)  # this database's import runs its clean-up meanwhile
    with db.connect(staging) as con:
        assert con.execute("select min(score) from ita_results").fetchone()[0] == 99
