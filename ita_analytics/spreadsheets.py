"""Frames as CSV and XLSX files that Excel opens with Thai intact and never runs a cell as a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

#: A text cell starting with one of these is a formula to Excel (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the frame as CSV in UTF-8 with a BOM (so Excel shows Thai); formula-like text gets a leading '."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: f"'{v}" if _is_formula_like(v) else v)
    # Every text field quoted: pandas leaves a lone carriage return unquoted, which splits the row in Excel.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Return an XLSX with one sheet per frame: bold header, frozen first row, text never stored as a formula."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if _is_formula_like(cell.value):
                    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
                    cell.quotePrefix = True
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in frame.iloc[:200, index - 1])])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    """Return a value openpyxl can store: missing as empty, time zones dropped (Excel has none)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
