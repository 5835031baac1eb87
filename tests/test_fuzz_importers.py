"""Property-based tests: the ITA, CPI and indicator importers fed wild files never fail unhandled. Every input either
imports (and what is stored is finite and in range) or is refused with the importer's own InputFileError, the database
byte-identical and no temporary copy left beside it. Any other exception is a bug. Structured but wild CSV, XLSX with
native cell types, binary junk and truncated or corrupted workbooks, empty and missing files; each structured test also
asserts it saw both outcomes. Runs are derandomized (CI sees the same examples each time); each example gets its own
copy of the session's facts database (conftest's `_facts_template`), since hypothesis reuses a test's fixtures across
examples. The strategies are in tests/fuzz_grids.py and tests/fuzz_support.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from fuzz_grids import GRIDS
from fuzz_support import ENCODINGS, FUZZ, IMPORTERS, WILD_NATIVE, csv_bytes, fresh_db, outcome, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

# --- 1. structured but wild CSV -------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_wild_csv_imports_or_is_refused_cleanly(kind: str, _facts_template: Path) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(
        grid=GRIDS[kind](),
        delimiter=st.sampled_from([",", ",", ";", "\t"]),
        encoding=st.sampled_from(ENCODINGS),
        terminator=st.sampled_from(["\r\n", "\n"]),
    )
    def run(grid, delimiter, encoding, terminator):
        data = csv_bytes(grid, delimiter, encoding, terminator)
        if data is None:  # not encodable as cp874: write it as UTF-8 instead
            encoding, data = "utf-8", csv_bytes(grid, delimiter, "utf-8", terminator)
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"{kind}.csv"
            path.write_bytes(data)
            result = outcome(kind, path, db_path)
        if encoding == "utf-16":
            assert result == "refused", "a UTF-16 file should be refused (it decodes as neither UTF-8 nor cp874)"
        seen.add(result)

    run()
    assert seen == {"imported", "refused"}, f"the strategy never reached one outcome: {seen}"


# --- 2. XLSX with native cell types ---------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_wild_xlsx_imports_or_is_refused_cleanly(kind: str, _facts_template: Path) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(
        grid=GRIDS[kind](native=True),
        junk_sheet=st.one_of(st.none(), st.lists(st.lists(WILD_NATIVE, max_size=4), max_size=3)),
    )
    def run(grid, junk_sheet):
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"{kind}.xlsx"
            write_xlsx(path, grid, junk_sheet)
            seen.add(outcome(kind, path, db_path))

    run()
    assert seen == {"imported", "refused"}, f"the strategy never reached one outcome: {seen}"


# --- 3. binary junk, truncated and corrupted workbooks ---------------------------------------------


def _valid_workbook() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(
        [
            "ปีงบประมาณ",
            "รหัสหน่วยงาน",
            "ชื่อหน่วยงาน",
            "ประเภทหน่วยงาน",
            "จังหวัด",
            "คะแนนรวม",
            "ISO3",
            "CPI score 2024",
            "Country",
        ]
    )
    book.active.append([2568, "A1", "กรมทดสอบ", "ส่วนราชการระดับกรม", "", 88.5, "THA", 34, "Thailand"])
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _valid_workbook()
JUNK_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),
    st.integers(0, len(WORKBOOK) - 1).map(lambda n: WORKBOOK[:n]),
    st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)).map(
        lambda at: WORKBOOK[: at[0]] + bytes([at[1]]) + WORKBOOK[at[0] + 1 :]
    ),
)


def test_binary_junk_is_refused_cleanly(_facts_template: Path) -> None:
    @settings(FUZZ, max_examples=100)
    @given(
        kind=st.sampled_from(sorted(IMPORTERS)),
        data=JUNK_BYTES,
        suffix=st.sampled_from([".csv", ".xlsx", ".xlsx", ".xls", ".ods", ".txt", ""]),
    )
    def run(kind, data, suffix):
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"upload{suffix}"
            path.write_bytes(data)
            outcome(kind, path, db_path)

    run()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_zero_byte_and_missing_files_are_refused(kind: str, suffix: str, facts_db: Path) -> None:
    empty = facts_db.parent / f"empty{suffix}"
    empty.write_bytes(b"")
    assert outcome(kind, empty, facts_db) == "refused"
    assert outcome(kind, facts_db.parent / f"missing{suffix}", facts_db) == "refused"
