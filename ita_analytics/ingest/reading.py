"""Read CSV and XLSX files (and tables saved from web pages, html_table.py) into grids of cells, bounded (limits.py),
detecting the text encoding without asking."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputFileError, Problem
from .limits import CSV_FIELD_BYTES, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_ROWS_NAMED, MB
from .text import decimal
from .workbook import read_workbook

Grid = list[list[object]]
BUDDHIST_ERA_OFFSET = 543
UTF8_BOM = b"\xef\xbb\xbf"
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
HTML_SUFFIXES = {".html", ".htm"}
DELIMITER_SAMPLE = 64 * 1024  # characters the delimiter is guessed from


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_size(name: str, size: int) -> None:
    """Raise InputFileError when a file of size bytes is empty or over MAX_FILE_BYTES (before reading it)."""
    if size == 0:
        raise InputFileError(name, [Problem.labelled("file_empty")])
    if size > MAX_FILE_BYTES:
        raise InputFileError(
            name, [Problem.labelled("file_too_large", mb=round(size / MB, 1), max=MAX_FILE_BYTES // MB)]
        )


def check_file(path: Path) -> None:
    """Raise InputFileError when path is not a readable file of an acceptable size."""
    try:
        if not path.is_file():
            raise InputFileError(path.name, [Problem.labelled("file_not_found", path=path)])
        size = path.stat().st_size
    except OSError as error:  # a name too long, a loop of links …
        raise InputFileError(path.name, [Problem.labelled("file_unreadable", error=error.strerror or error)]) from None
    check_size(path.name, size)


def _read_bytes(path: Path) -> bytes:
    """Return the file's bytes, never more than MAX_FILE_BYTES (the file may grow after check_file)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputFileError(path.name, [Problem.labelled("file_unreadable", error=error.strerror or error)]) from None
    check_size(path.name, len(data))
    return data


def decode_text(path: Path, data: bytes) -> str:
    """Return the file's text: UTF-8 (with or without BOM) or, when no line is UTF-8, Thai Windows (cp874).

    The encoding is decided for the whole file: a file whose lines are partly UTF-8 and partly something else was
    pasted together from two sources, and is refused naming the rows that are not UTF-8 (decoding it all as cp874
    would silently store UTF-8 Thai as เธชเธฒเธก).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8, other = [1] if data.startswith(UTF8_BOM) else [], []
    lines = data.removeprefix(UTF8_BOM).split(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
                utf8.append(number)
            except UnicodeDecodeError:
                other.append(number)
    for number in other:  # a byte that is neither UTF-8 nor cp874 is named first: it is what to mend
        try:
            lines[number - 1].decode("cp874")
        except UnicodeDecodeError as error:
            byte = lines[number - 1][error.start : error.start + 1]
            raise InputFileError(
                path.name, [Problem.labelled("undecodable", row=number, byte=f"0x{byte.hex()}")]
            ) from None
    if utf8:
        named = ", ".join(map(str, other[:MAX_ROWS_NAMED])) + (" …" if len(other) > MAX_ROWS_NAMED else "")
        problem = Problem.labelled("mixed_encoding", row=other[0], rows=named, n=len(other), first=utf8[0])
        raise InputFileError(path.name, [problem])
    return data.decode("cp874")


def read_csv_grid(path: Path) -> Grid:
    """Return the rows of a CSV file; the delimiter (comma, semicolon or tab) is detected.

    At most MAX_FILE_BYTES are read, and the rows stop at MAX_ROWS, MAX_COLUMNS and MAX_CELLS: beyond them the
    file is refused. A field over CSV_FIELD_BYTES (an unclosed quote, almost always) is refused too.
    """
    text = decode_text(path, _read_bytes(path))
    sample = "\n".join(text[:DELIMITER_SAMPLE].splitlines()[:20])
    # The most frequent candidate wins; Excel's Thai and European exports use ';' (as TI's CSVs do).
    delimiter = max(",;\t", key=sample.count)
    # csv's limit is process-wide: if another library raised it, the fields are measured here instead.
    raised = csv.field_size_limit() > CSV_FIELD_BYTES
    rows: Grid = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if raised and row and max(map(len, row)) > CSV_FIELD_BYTES:
                raise csv.Error(f"field larger than field limit ({CSV_FIELD_BYTES})")
            cells += len(row)
            if len(rows) >= MAX_ROWS:
                raise _too_many(path, "too_many_rows", len(rows) + 1, MAX_ROWS)
            if len(row) > MAX_COLUMNS:
                raise _too_many(path, "too_many_columns", len(rows) + 1, MAX_COLUMNS, len(row))
            if cells > MAX_CELLS:
                raise _too_many(path, "too_many_cells", len(rows) + 1, MAX_CELLS)
            rows.append(row)
    except csv.Error as error:  # a cell over csv's size limit: almost always a quote that is never closed
        raise InputFileError(path.name, [Problem.labelled("csv_unreadable", row=len(rows) + 1, error=error)]) from error
    return rows


def _too_many(path: Path, key: str, row: int, limit: int, n: int | None = None) -> InputFileError:
    return InputFileError(path.name, [Problem.labelled(key, row=row, n=f"{n or 0:,}", max=f"{limit:,}")])


def is_spreadsheet(path: Path) -> bool:
    """Return whether the file name says it is a spreadsheet rather than CSV."""
    return path.suffix.lower() in XLSX_SUFFIXES


def read_grids(path: Path, first_only: bool = False) -> dict[str | None, Grid]:
    """Return a workbook's sheets by name, or a CSV file's or a web page's results table's rows under None; every
    read is bounded (limits.py)."""
    check_file(path)
    if is_spreadsheet(path):
        return dict(read_workbook(path, first_only=first_only))
    if path.suffix.lower() in HTML_SUFFIXES:
        from .html_table import read_html_grid  # it reads through this module's checks

        return {None: read_html_grid(path)}
    return {None: read_csv_grid(path)}


def read_first_grid(path: Path) -> Grid:
    """Return the rows of a CSV file, of a workbook's first sheet, or of a saved web page's results table."""
    return next(iter(read_grids(path, first_only=True).values()), [])


def cell_text(value: object) -> str:
    """Return a cell as trimmed text; whole floats lose their '.0' (Excel stores 2567 as 2567.0)."""
    if type(value) is str:  # most cells: the fast path
        return value.strip()
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
    """Return a year written in B.E. or C.E. (ASCII or Thai digits) as C.E., or None when it is not a whole year
    in ce_years.

    The B.E. range is ce_years + 543; the two must not overlap, so a year is never ambiguous.
    """
    number = decimal(text)
    if number is None or not math.isfinite(number) or not number.is_integer():  # 400 digits read as infinity
        return None
    year = int(number)
    if year - BUDDHIST_ERA_OFFSET in ce_years:
        return year - BUDDHIST_ERA_OFFSET
    return year if year in ce_years else None
