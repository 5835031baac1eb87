"""Read CSV and XLSX files into grids of cells, detecting the text encoding without asking."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import python_calamine

from .errors import InputFileError, Problem

Grid = list[list[object]]
#: A plain decimal number as people type it (no exponent: "1e3" in a score column is a typo, not 1000).
DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
BUDDHIST_ERA_OFFSET = 543
#: Encodings tried in order: UTF-8 (a BOM is dropped), then Thai Windows (a superset of TIS-620).
ENCODINGS = ("utf-8-sig", "cp874")
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_text(path: Path, data: bytes) -> str:
    """Return the file's text, decoded as UTF-8 or, failing that, as Thai Windows (cp874 / TIS-620)."""
    furthest = 0  # report where the encoding that read furthest broke: that is the bad byte
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            furthest = max(furthest, error.start)
    line = data[:furthest].count(b"\n") + 1
    byte = data[furthest : furthest + 1]
    raise InputFileError(path.name, [Problem.labelled("undecodable", row=line, byte=f"0x{byte.hex()}")])


def read_csv_grid(path: Path) -> Grid:
    """Return the rows of a CSV file; the delimiter (comma, semicolon or tab) is detected."""
    text = decode_text(path, path.read_bytes())
    sample = "\n".join(text.splitlines()[:20])
    # The most frequent candidate wins; Excel's Thai and European exports use ';' (as TI's CSVs do).
    delimiter = max(",;\t", key=sample.count)
    rows: Grid = []
    try:
        rows.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:  # a cell over csv's size limit: almost always a quote that is never closed
        raise InputFileError(path.name, [Problem.labelled("csv_unreadable", row=len(rows) + 1, error=error)]) from error
    return rows


def read_xlsx_sheets(path: Path) -> dict[str, Grid]:
    """Return every sheet of a workbook as rows of cells (calamine reads Strict OOXML too)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in workbook.sheet_names
        }
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise InputFileError(path.name, [Problem.labelled("xlsx_unreadable", error=error)]) from error


def is_spreadsheet(path: Path) -> bool:
    """Return whether the file name says it is a spreadsheet rather than CSV."""
    return path.suffix.lower() in XLSX_SUFFIXES


def read_first_grid(path: Path) -> Grid:
    """Return the rows of a CSV file, or of a workbook's first sheet."""
    if not path.is_file():
        raise InputFileError(path.name, [Problem.labelled("file_not_found", path=path)])
    if path.stat().st_size == 0:
        raise InputFileError(path.name, [Problem.labelled("file_empty")])
    if is_spreadsheet(path):
        sheets = read_xlsx_sheets(path)
        return next(iter(sheets.values()), [])
    return read_csv_grid(path)


def cell_text(value: object) -> str:
    """Return a cell as trimmed text; whole floats lose their '.0' (Excel stores 2567 as 2567.0)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def data_rows(grid: Grid) -> list[tuple[int, list[object]]]:
    """Return (spreadsheet row number, cells) of every non-blank row after the header."""
    return [(number, row) for number, row in enumerate(grid[1:], start=2) if any(cell_text(c) for c in row)]


@contextlib.contextmanager
def staged_file(name: str, data: bytes) -> Iterator[Path]:
    """Yield a temporary file holding data under the base of name, so importers' errors name the user's file."""
    with tempfile.TemporaryDirectory(prefix="ita-upload-") as folder:
        path = Path(folder) / (Path(name).name or "upload")
        path.write_bytes(data)
        yield path


def parse_year(text: str, ce_years: range) -> int | None:
    """Return a year written in B.E. or C.E. as C.E., or None when it is not a whole year in ce_years.

    The B.E. range is ce_years + 543; the two must not overlap, so a year is never ambiguous.
    """
    if not DECIMAL.match(text):
        return None
    number = float(text)
    if not math.isfinite(number) or not number.is_integer():  # hundreds of digits read as infinity
        return None
    year = int(number)
    if year - BUDDHIST_ERA_OFFSET in ce_years:
        return year - BUDDHIST_ERA_OFFSET
    return year if year in ce_years else None
