"""Reading any input file is bounded (ita_analytics/ingest/limits.py): a workbook's zip and sheets are checked before
calamine lays them out, the parsing happens in a child process with a memory and a time limit, a CSV file is read up
to its byte, row, column and cell caps, and a junk file keeps 200 problems and a count. Each case the attacker found
is refused with a problem naming the file and the limit, the database byte-identical; the hostile files are made here
(tests/hostile_files.py). Peak memory and exit codes of the same files through the command line: test_cli_hostile.py.
"""

from __future__ import annotations

import csv
import random
import string

import pytest
import python_calamine
from conftest import CPI_REFERENCE, import_refused
from hostile_files import (
    SHEET,
    evasive_xlsx,
    far_cell_xlsx,
    many_entries_xlsx,
    number_cell,
    repeated_ods,
    sparse_nul_file,
    text_cell,
    wide_indicator_csv,
    write_xlsx,
    zip_bomb_xlsx,
)

from ita_analytics.ingest import InputFileError, import_cpi, import_indicator, import_ita, limits
from ita_analytics.ingest.errors import ProblemList
from ita_analytics.ingest.indicator_parse import parse_indicators
from ita_analytics.ingest.reading import read_csv_grid, read_first_grid
from ita_analytics.ingest.workbook import read_workbook
from ita_analytics.ingest.workbook_child import column_number

IMPORTERS = {"ita": import_ita, "cpi": import_cpi, "indicator": import_indicator}


def letters(number: int) -> str:
    """Return a column's letters from its number (1 = A, 16384 = XFD)."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


def refused(kind: str, path, db_path) -> str:
    return import_refused(IMPORTERS[kind], path, db_path)


def test_column_letters_and_numbers_agree():
    for number in (1, 26, 27, 52, 702, 703, 1000, 1001, 16384):
        assert column_number(letters(number)) == number
    assert letters(16384) == "XFD" and letters(1001) == "ALM"


# --- workbooks: the sheet's extent, checked before calamine lays it out ---------------------------


@pytest.mark.parametrize("ref", ["XFD1048576", "CV1048576", "A200001"])
@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_cell_far_down_is_refused_naming_the_file_sheet_and_limit(kind, ref, tmp_path, facts_db):
    # One value at XFD1048576 made calamine ask for 512 GiB (the process aborted); at CV1048576, 4.2 GB and 15 s.
    message = refused(kind, far_cell_xlsx(tmp_path / "far.xlsx", ref), facts_db)
    row = int(ref.lstrip(string.ascii_uppercase))
    assert message.startswith("far.xlsx: 1 problem(s)")
    assert f"sheet '{SHEET}' has cells down to row {row:,}; at most 200,000 rows are read" in message


def test_a_cell_far_right_and_a_sheet_of_too_many_cells_are_refused(tmp_path, facts_db):
    wide = write_xlsx(tmp_path / "wide.xlsx", f'<row r="1">{text_cell("A1", "ปี")}{number_cell("ALM1", 1)}</row>')
    assert "has cells out to column 1,001; at most 1,000 columns are read" in refused("indicator", wide, facts_db)
    corner = f"{letters(600)}10000"  # within both caps, but 10,000 × 600 = 6 million cells from A1
    big = write_xlsx(tmp_path / "big.xlsx", f'<row r="10000">{number_cell(corner, 1)}</row>')
    assert "spans 6,000,000 cells (rows × columns from A1); at most 5,000,000 cells" in refused("cpi", big, facts_db)


def test_a_declared_dimension_and_formatted_empty_cells_far_away_do_not_count(tmp_path, facts_db):
    """Excel declares formatted cells in <dimension> and writes them out; calamine lays out only cells that hold
    something, so neither is refused: the file imports as its values say."""
    rows = (
        f'<row r="1">{text_cell("A1", "ปี")}{text_cell("B1", "ดัชนี")}</row>'
        f'<row r="2">{number_cell("A2", 2567)}{number_cell("B2", 1.5)}</row>'
        f'<row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>'
    )
    path = write_xlsx(tmp_path / "formatted.xlsx", rows, dimension="A1:XFD1048576")
    summary = import_indicator(path, facts_db)
    assert summary.indicators == ("ดัชนี",) and summary.rows == 1


# --- workbooks: the zip ---------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, facts_db):
    # The attacker's 6 MB dense workbook cost 2.3 GB and 29 s; this one unpacks 1 MB into 240 MB of cells.
    bomb = zip_bomb_xlsx(tmp_path / "bomb.xlsx")
    message = refused("ita", bomb, facts_db)
    assert "xl/worksheets/sheet1.xml unpacks to" in message and "(at most 100); it looks like a zip bomb" in message


def test_a_workbook_unpacking_past_the_byte_cap_is_refused(tmp_path, facts_db, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 1 << 20)  # 1 MB, so a 2 MB workbook shows the rule
    noise = random.Random(1)
    cells = "".join(
        f'<row r="{r}">{text_cell(f"A{r}", "".join(noise.choices(string.ascii_letters, k=200)))}</row>'
        for r in range(1, 10_001)
    )
    message = refused("cpi", write_xlsx(tmp_path / "large.xlsx", cells), facts_db)
    assert "the workbook unpacks to more than 1 MB; it is not read" in message


def test_a_workbook_of_too_many_parts_is_refused(tmp_path, facts_db):
    path = many_entries_xlsx(tmp_path / "parts.xlsx", limits.MAX_ZIP_ENTRIES)
    assert "holds 5,005 parts; at most 5,000 are read" in refused("indicator", path, facts_db)


# --- workbooks: the child process -----------------------------------------------------------------


def test_a_workbook_that_evades_the_scan_is_stopped_by_the_child_s_memory_limit(tmp_path, facts_db):
    """A first row of 5,000 cells without references and a cell at A150000: the scan sees one column, calamine
    lays out 750 million cells (24 GB). The child dies at its memory limit; the caller gets a problem."""
    message = refused("indicator", evasive_xlsx(tmp_path / "evasive.xlsx"), facts_db)
    assert "evasive.xlsx: the workbook is too large or malformed to read within 2048 MB / 60 s" in message


def test_a_workbook_that_fills_the_child_s_memory_is_stopped_there(tmp_path):
    """An ODS cell repeated over 4,000 × 2,000 cells (no references to scan): calamine fills memory as it lays them
    out, up to the child's limit (256 MB here, to keep the test light), and the caller gets a problem."""
    path = repeated_ods(tmp_path / "repeated.ods", rows=4_000, columns=2_000)
    with pytest.raises(InputFileError) as caught:
        read_workbook(path, memory_bytes=256 << 20)
    assert "repeated.ods: the workbook is too large or malformed to read within 256 MB / 60 s" in str(caught.value)
    small = repeated_ods(tmp_path / "small.ods", rows=3, columns=2)
    assert read_workbook(small, memory_bytes=256 << 20) == {SHEET: [[1.0, 1.0]] * 3}


def test_a_child_past_its_time_limit_is_stopped(tmp_path):
    path = far_cell_xlsx(tmp_path / "slow.xlsx", "B2")
    with pytest.raises(InputFileError) as caught:
        read_workbook(path, seconds=0.000_001)  # the deadline passes before the child has started
    assert "too large or malformed to read within 2048 MB / 0 s" in str(caught.value)


def test_sheets_too_large_to_send_back_are_refused(tmp_path):
    rows = "".join(f'<row r="{r}">{text_cell(f"A{r}", "ก" * 100)}</row>' for r in range(1, 20_001))
    path = write_xlsx(tmp_path / "heavy.xlsx", rows)
    assert len(read_workbook(path)[SHEET]) == 20_000
    with pytest.raises(InputFileError) as caught:
        read_workbook(path, max_grid_bytes=1 << 20)
    assert "the workbook's cells come to more than 1 MB" in str(caught.value)


@pytest.mark.skipif(not CPI_REFERENCE.is_dir(), reason=f"TI's files are not in {CPI_REFERENCE}")
@pytest.mark.parametrize("name", ["CPI2017.xlsx", "CPI2023_GlobalResultsTrends.xlsx", "CPI2025_Results.xlsx"])
def test_the_child_returns_exactly_what_calamine_reads(name):
    path = CPI_REFERENCE / name
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    direct = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    assert read_workbook(path) == direct
    first = next(iter(direct))
    assert read_workbook(path, first_only=True) == {first: direct[first]}
    assert read_first_grid(path) == direct[first]


# --- CSV: bytes, rows, columns, cells, fields -----------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_gigabyte_of_nul_bytes_is_refused_before_it_is_read(kind, suffix, tmp_path, facts_db):
    # Sparse: no gigabyte is written. It cost 6.3 GB and 12–22 s to refuse before.
    path = sparse_nul_file(tmp_path / f"nul{suffix}")
    assert "is 1024.0 MB; files over 50 MB are not read" in refused(kind, path, facts_db)


def test_a_csv_file_stops_at_the_row_column_and_cell_caps(tmp_path, facts_db):
    rows = tmp_path / "rows.csv"
    rows.write_text("ปี,x\n" + "2567,1\n" * limits.MAX_ROWS, encoding="utf-8")
    assert "row 200001: the file has more than 200,000 rows; at most 200,000 rows are read" in refused(
        "indicator", rows, facts_db
    )
    columns = tmp_path / "columns.csv"
    columns.write_text("ปี,x\n2567,1\n2568," + ",".join(["1"] * 1_000) + "\n", encoding="utf-8")
    assert "row 3: has 1,001 columns; at most 1,000 columns are read" in refused("ita", columns, facts_db)
    cells = tmp_path / "cells.csv"
    cells.write_text(("1," * 899 + "1\n") * 6_000, encoding="utf-8")  # 900 columns × 6,000 rows
    assert "the file has more than 5,000,000 cells" in refused("cpi", cells, facts_db)


def test_an_indicator_file_of_20000_columns_is_refused_at_its_header(tmp_path, facts_db):
    # Its quadratic header check took 16–20 s (200,000 columns: past 20 minutes) before Import was pressed.
    message = refused("indicator", wide_indicator_csv(tmp_path / "wide.csv"), facts_db)
    assert "wide.csv: row 1: has 20,000 columns; at most 1,000 columns are read" in message


def test_an_indicator_file_at_the_column_cap_is_read_and_its_names_checked(tmp_path, facts_db):
    path = wide_indicator_csv(tmp_path / "wide.csv", columns=limits.MAX_COLUMNS)
    assert len(parse_indicators(path).indicators) == limits.MAX_COLUMNS - 1
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(path.read_text(encoding="utf-8").replace(",i999", ",I1", 1), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        parse_indicators(doubled)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(1, "column 1000", "I1")]


def test_a_field_over_the_csv_limit_is_refused_even_if_the_limit_was_raised(tmp_path, facts_db):
    path = tmp_path / "unclosed.csv"
    path.write_text('ปี,x\n2567,"' + "x" * 200_000 + "\n", encoding="utf-8")
    previous = csv.field_size_limit(1 << 30)  # another library in the process raised it
    try:
        message = refused("indicator", path, facts_db)
    finally:
        csv.field_size_limit(previous)
    assert "field larger than field limit (131072)" in message


def test_a_csv_file_growing_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "grows.csv"
    path.write_text("ปี,x\n2567,1\n", encoding="utf-8")
    monkeypatch.setattr("ita_analytics.ingest.reading.MAX_FILE_BYTES", 10)  # the cap the read itself keeps
    with pytest.raises(InputFileError) as caught:
        read_csv_grid(path)
    assert "files over 0 MB are not read" in str(caught.value)


# --- problems: the first 200 in full, then a count ------------------------------------------------


def test_a_problem_list_keeps_its_first_items_and_counts_the_rest():
    problems = ProblemList(limit=3)
    for row in range(10):
        problems.labelled("value_not_number", row=row, column="x", value="a")
    problems.labelled("value_not_number", row=9, column="x", value="a")
    assert len(problems) == 3 and problems.dropped == 8 and problems.total == 11
    error = InputFileError("junk.csv", problems)
    assert (len(error.problems), error.more, error.count) == (3, 8, 11)
    assert str(error).startswith("junk.csv: 11 problem(s)") and str(error).endswith("… and 8 more")
    same_row = ProblemList()
    for _ in range(3):  # a timeseries row is read once per year: its problem is listed once
        same_row.labelled("value_not_number", row=2, column="x", value="a")
    assert len(same_row) == 1 and same_row.total == 1


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_junk_file_reports_200_problems_and_how_many_more(kind, tmp_path, facts_db):
    headers = {
        "ita": "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม",
        "cpi": "Country;ISO3;CPI score 2024;Rank 2024",
        "indicator": "ปี,a,b,c,d,e",
    }
    delimiter = ";" if kind == "cpi" else ","
    path = tmp_path / "junk.csv"
    path.write_text(headers[kind] + "\n" + (delimiter.join(["x"] * 6) + "\n") * 5_000, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        IMPORTERS[kind](path, facts_db)
    error = caught.value
    assert len(error.problems) == 200 and error.count > 5_000
    assert f"\n  … and {error.count - 200} more" in str(error)  # the ITA importer's hints follow it
