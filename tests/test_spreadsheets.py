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
