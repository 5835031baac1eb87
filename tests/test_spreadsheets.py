"""Downloads open in Excel with Thai intact and never run a cell as a formula (CSV/XLSX injection)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from ita_analytics.spreadsheets import csv_bytes, workbook_bytes

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
FRAME = pd.DataFrame(
    {
        "name": ["กรมทดสอบ", *HOSTILE],
        "score": [85.5, -1.0, 2, 3, 4, 5, 6],
        "when": pd.Timestamp("2025-01-02 03:04", tz="UTC"),
    }
)


def test_csv_keeps_thai_and_numbers_and_defuses_formulas():
    data = csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    names = [r[0] for r in rows[1:]]
    assert names[0] == "กรมทดสอบ"
    assert names[1:] == [f"'{v}" for v in HOSTILE]
    assert [r[1] for r in rows[1:3]] == ["85.5", "-1.0"]  # a negative number stays a number


def test_xlsx_stores_formula_like_text_as_text():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"ข้อมูล": FRAME})))
    sheet = book["ข้อมูล"]
    assert [c.value for c in sheet[1]] == ["name", "score", "when"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FRAME))]
    assert cells[0].value == "กรมทดสอบ"
    for cell, text in zip(cells[1:], HOSTILE):
        assert cell.data_type == "s" and cell.value == text
    assert sheet.cell(row=3, column=2).value == -1.0 and sheet.cell(row=3, column=2).data_type == "n"
    assert sheet.cell(row=2, column=3).value.isoformat() == "2025-01-02T03:04:00"  # Excel has no time zones


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA])
def test_missing_values_are_empty_cells(value):
    frame = pd.DataFrame({"a": pd.Series([value, "x"], dtype=object)})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"s": frame})))["s"]
    assert sheet["A2"].value is None and sheet["A3"].value == "x"


ODD_TYPES_SQL = """
select [1, 2] as a_list, {'k': 'v', 'n': 1} as a_struct, map(['x'], [1]) as a_map, '\\x00\\xff'::blob as a_blob,
       uuid() as a_uuid, '101'::bit as a_bit, 'ทด' || chr(1) || 'สอบ' as a_control, chr(0) as a_nul,
       timestamp '294000-01-01 00:00:00' as far_future, 'infinity'::timestamp as endless,
       date '0005-03-04' as ancient, interval 3 day as a_gap, 170141183460469231731687303715884105727::hugeint as huge,
       18446744073709551615::ubigint as unsigned, 'nan'::double as not_a_number, 'inf'::double as infinite,
       12.5::decimal(9, 2) as money, time '12:34:56' as clock, true as yes,
       1 as "=HYPERLINK(""http://evil"",""x"")", 2 as "@SUM(A1)"
"""


@pytest.fixture
def odd_frame() -> pd.DataFrame:
    """What the SQL console hands the download buttons for every kind of DuckDB value."""
    import duckdb

    return duckdb.connect().sql(ODD_TYPES_SQL).df()


def test_every_duckdb_type_downloads_as_xlsx(odd_frame):
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"result": odd_frame})))["result"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2])))
    assert row["a_list"] == "[1, 2]" and '"k": "v"' in row["a_struct"] and row["a_blob"] == "\\x00ff"
    assert row["a_control"] == "ทด\\x01สอบ" and row["a_nul"] == "\\x00"  # visible, and valid XML
    assert row["far_future"].startswith("294000-01-01") and row["ancient"] == "0005-03-04T00:00:00"  # not Excel's
    assert row["unsigned"] == "18446744073709551615"  # beyond a double's exact integers: kept exact as text
    assert row["not_a_number"] is None and row["infinite"] == "inf" and row["yes"] is True
    # a header is data too: it is stored as text, never as a formula
    hostile = [c for c in sheet[1] if str(c.value).startswith(("=", "@"))]
    assert len(hostile) == 2 and all(c.data_type == "s" for c in hostile)


def test_every_duckdb_type_downloads_as_csv_with_the_header_neutralised(odd_frame):
    rows = list(csv.reader(io.StringIO(csv_bytes(odd_frame).decode("utf-8-sig"), newline="")))
    header, values = rows[0], dict(zip(rows[0], rows[1]))
    assert '\'=HYPERLINK("http://evil","x")' in header and "'@SUM(A1)" in header
    assert values["a_control"] == "ทด\\x01สอบ" and values["a_list"] == "[1, 2]"
    assert values["unsigned"] == "18446744073709551615"


def test_sheet_titles_excel_refuses_are_mended():
    frames = {"a/b:c": pd.DataFrame({"x": [1]}), "A/B:C": pd.DataFrame({"x": [2]}), "x" * 40: pd.DataFrame()}
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames)))
    assert book.sheetnames == ["a_b_c", "A_B_C_2", "x" * 31]
