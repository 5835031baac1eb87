"""No input makes an import command end other than with 0, 1 or 2, and none costs more than a few hundred MB: each
hostile file the attacker reproduced (and some odd ones) goes through `python -m ita_analytics` in a subprocess,
whose exit code and peak memory (with the workbook reader it starts) are checked. Before: exit 134 and 512 GiB asked
for a cell at XFD1048576, 4.2 GB for one at CV1048576, 6.3 GB for a gigabyte of NUL bytes, 2.6 GB for an 8 MB junk
CSV, 2.3 GB for a 6 MB zip bomb. The subprocess timeout only guards against a hang; no test here times anything.
"""

from __future__ import annotations

import os

import pytest
from conftest import file_digest
from hostile_files import (
    evasive_xlsx,
    far_cell_xlsx,
    junk_indicator_csv,
    run_measured,
    sparse_nul_file,
    wide_indicator_csv,
    zip_bomb_xlsx,
)

COMMANDS = ["import-ita", "import-cpi", "import-indicator"]
#: The command line imports pandas and DuckDB (about 155 MB here); a hostile file may add little to that.
PEAK_MB = 450

HOSTILE = {
    "far_cell.xlsx": (far_cell_xlsx, "has cells down to row 1,048,576; at most 200,000 rows are read"),
    "cv_cell.xlsx": (lambda p: far_cell_xlsx(p, "CV1048576"), "has cells down to row 1,048,576"),
    "zip_bomb.xlsx": (zip_bomb_xlsx, "it looks like a zip bomb and is not read"),
    "evasive.xlsx": (evasive_xlsx, "too large or malformed to read within 2048 MB / 60 s"),
    "nul.csv": (sparse_nul_file, "the file is 1024.0 MB; files over 50 MB are not read"),
    "junk.csv": (junk_indicator_csv, "problem(s); nothing was imported"),
    "wide.csv": (wide_indicator_csv, "row 1: has 20,000 columns; at most 1,000 columns are read"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (make, _) in HOSTILE.items():
        make(folder / name)
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", COMMANDS)
def test_each_hostile_file_ends_with_exit_1_a_message_and_bounded_memory(command, name, hostile_dir, facts_db):
    before = file_digest(facts_db)
    code, peak_mb, stderr = run_measured([command, str(hostile_dir / name), "--db", str(facts_db)])
    assert code == 1, stderr[-2000:]
    assert stderr.startswith(f"{name}: ") and "Traceback" not in stderr, stderr[-2000:]
    if command == "import-indicator" or name != "junk.csv":  # the junk's header suits the indicator importer
        assert HOSTILE[name][1] in stderr, stderr[:2000]
    assert peak_mb < PEAK_MB, f"{command} {name}: {peak_mb:.0f} MB"
    assert file_digest(facts_db) == before


def test_a_junk_file_lists_200_problems_and_counts_the_rest(hostile_dir, facts_db):
    code, peak_mb, stderr = run_measured(["import-indicator", str(hostile_dir / "junk.csv"), "--db", str(facts_db)])
    assert code == 1 and stderr.startswith("junk.csv: 4000000 problem(s); nothing was imported")
    assert stderr.count("\n  junk.csv: row ") == 200 and stderr.rstrip().endswith("… and 3999800 more")
    assert peak_mb < PEAK_MB


def _odd_files(folder):
    loop = folder / "loop.csv"
    loop.symlink_to(loop)
    (folder / "folder.csv").mkdir()
    os.mkfifo(folder / "fifo.csv")
    (folder / "utf16.csv").write_text("ปี,ดัชนี\n2567,1\n", encoding="utf-16")
    (folder / "junk.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000))
    (folder / "junk.ods").write_bytes(b"PK\x03\x04" + os.urandom(4000))
    (folder / "mixed.csv").write_bytes("ปี,ดัชนี\n2567,1\n".encode() + "2568,สาม\n".encode("cp874"))
    return {
        "loop.csv": "file not found",
        "folder.csv": "file not found",
        "fifo.csv": "file not found",
        "x" * 300 + ".csv": "the file cannot be read (File name too long)",
        "utf16.csv": "cannot be read as UTF-8 or as Thai Windows",
        "junk.xls": "cannot be read as a spreadsheet",
        "junk.ods": "cannot be read as a spreadsheet",
        "mixed.csv": "the file mixes encodings: row 1 is UTF-8 but 1 row(s) are not (rows 3)",
    }


def test_odd_files_end_with_exit_1_and_a_message(tmp_path, facts_db):
    for name, expected in _odd_files(tmp_path).items():
        code, _, stderr = run_measured(["import-indicator", str(tmp_path / name), "--db", str(facts_db)], timeout=120)
        assert code == 1, (name, stderr[-2000:])
        assert expected in stderr and "Traceback" not in stderr, (name, stderr[-2000:])


def test_a_usage_error_is_exit_2(facts_db):
    code, _, stderr = run_measured(["import-indicator"])
    assert code == 2 and "usage:" in stderr
