"""Frames as CSV and XLSX files that Excel opens with Thai intact and never runs a cell as a formula.

Whatever a frame holds (the SQL console returns lists, structs, maps, blobs, UUIDs, huge integers and
timestamps beyond Excel's calendar) becomes something both formats can store: numbers and dates Excel can
show stay numbers and dates, everything else becomes text. Headers are neutralised like cells, and control
characters, which XML (so XLSX) cannot hold, are written as visible escapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import re

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

#: A text cell starting with one of these is a formula to Excel (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML 1.0 cannot hold (openpyxl refuses them): C0 controls but tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: Integers beyond 2**53 lose digits in Excel's doubles: such a number is kept exact as text.
_EXACT_INTEGER = 2**53
#: Excel's calendar: dates outside it cannot be stored as dates.
_EXCEL_DATES = (dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59))
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else "\\ufffd", text)


def _text(value: object) -> str:
    """Return a value that has no cell type of its own as readable text (JSON for nested values)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _plain(value: object) -> object:
    """Return value as None, bool, int, float, Decimal, date, time, datetime (naive, Excel's range) or str."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | str | decimal.Decimal):
        return value
    if isinstance(value, int):
        return value if abs(value) < _EXACT_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, pd.Timestamp):  # pandas holds years a datetime cannot (294000, say)
        value = value.tz_localize(None) if value.tzinfo else value
        value = value.to_pydatetime() if 1 <= value.year <= 9999 else value.isoformat()
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None) if value.tzinfo else value  # Excel has no time zones
        return naive if _EXCEL_DATES[0] <= naive <= _EXCEL_DATES[1] else naive.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value
    return _text(value)


def _safe_text(value: object) -> object:
    """Return a plain value with its text made safe: control characters escaped."""
    value = _plain(value)
    return _escape_controls(value) if isinstance(value, str) else value


def _defused(value: object) -> object:
    """Return a safe value for CSV: formula-like text gets a leading apostrophe, as Excel itself writes it."""
    value = _safe_text(value)
    return f"'{value}" if _is_formula_like(value) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the frame as CSV in UTF-8 with a BOM (so Excel shows Thai); formula-like text gets a leading '."""
    safe = pd.DataFrame(index=frame.index)
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
            safe[position] = values  # written by pandas as it is: CSV is text, so nothing is lost
        elif isinstance(values.dtype, pd.DatetimeTZDtype):
            safe[position] = values.dt.tz_localize(None)
        else:
            safe[position] = values.map(_defused).astype(object)
    safe.columns = [_defused(str(c)) for c in frame.columns]
    # Every text field quoted: a lone carriage return left unquoted splits the row in Excel.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE.sub("_", _escape_controls(str(title))).strip("'")[:31] or "data"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(name.casefold())
    return name


def _append(sheet, values: list[object]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if _is_formula_like(cell.value):
            cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
            cell.quotePrefix = True


def workbook_bytes(sheets: dict[str, pd.DataFrame], autofilter: bool = False) -> bytes:
    """Return an XLSX with one sheet per frame: bold header, frozen first row, text never stored as a formula;
    autofilter puts Excel's filter buttons on every header (a work list to sort and filter)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for title, frame in sheets.items():
        sheet = book.create_sheet(_sheet_title(title, taken))
        _append(sheet, [_safe_text(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for row in frame.itertuples(index=False, name=None):
            _append(sheet, [_safe_text(v) for v in row])
        for index in range(1, frame.shape[1] + 1):
            shown = [sheet.cell(row=r, column=index).value for r in range(1, min(sheet.max_row, 201) + 1)]
            width = max(len(str(v)) for v in shown if v is not None) if any(v is not None for v in shown) else 8
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
        if autofilter and frame.shape[1]:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
