"""Read a workbook's sheets in a child process that limits its own memory; `workbook.py` starts and watches it.

Run as `python -I workbook_child.py REQUEST` (REQUEST is JSON: path, first_only and the limits), it sets RLIMIT_AS
and RLIMIT_CPU on itself, checks a zip workbook (.xlsx, .xlsm, .ods, .xlsb) before calamine sees it, reads the
sheets with calamine, and writes one pickle to stdout: {"sheets": {name: rows}} or {"problem": (label key, params)}.
If calamine still asks for more memory than the limit (an .xls or .xlsb cannot be scanned cheaply) the child dies or
raises MemoryError, and the parent reports it; the parent never crashes.

The checks, in order:
- the zip: entries, their total uncompressed size, and each entry's compression ratio (a zip bomb);
- each worksheet's XML, streamed in 1 MiB blocks: the furthest row and column a cell refers to (`r="XFD1048576"`)
  and the rows × columns that makes. Only cells that hold something count: calamine allocates its grid from them,
  not from the sheet's declared `<dimension>` nor from formatted empty cells, which Excel writes out to the end
  of the sheet in real files (so neither is a reason to refuse);
- after calamine has read a sheet (sparsely) and before it lays it out as rows from A1: its extent again.

Only the standard library and python_calamine are imported: the child starts in a few tens of milliseconds.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
import zipfile

BLOCK = 1 << 20
OVERLAP = 4096  # bytes of one block kept before the next, so a cell reference split between them is still seen
#: Column letters of cell references beyond column Z (a literal prefix keeps the search fast); within A–Z, a
#: reference beyond the furthest column seen so far (_BEYOND[n]: a letter after the nth), found in one pass.
_COLUMNS = re.compile(rb' r="([A-Z]{2,})[0-9]')
_BEYOND = [re.compile(b' r="[%c-Z][0-9]' % (65 + n)) for n in range(26)]
#: Row numbers of <row r="N">, and of cells at row 100,000 or beyond (two patterns: one with an alternation is
#: twice as slow).
_ROWS = re.compile(rb' r="([0-9]+)"')
_FAR_ROWS = re.compile(rb' r="[A-Z]+([0-9]{6,})')
#: The same, for cells that hold a value, an inline string or a formula: the precise pass.
_FILLED = rb'"[^>]*(?<!/)>\s*<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s>/]'
_FILLED_CELL = re.compile(rb' r="([A-Z]+)([0-9]+)' + _FILLED)
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


class Refusal(Exception):
    """The workbook is beyond a limit: the label key (problem_<key>) and its values."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key, self.params = key, params


def column_number(letters: bytes | str) -> int:
    """Return a column's number from its letters (A = 1, Z = 26, AA = 27, XFD = 16384)."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return worksheet part → the sheet's name, as far as workbook.xml says (parts it does not name are missing)."""
    try:
        book = archive.open("xl/workbook.xml").read(BLOCK).decode("utf-8", "replace")
        rels = archive.open("xl/_rels/workbook.xml.rels").read(BLOCK).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return {}
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = re.search(r'\bId="([^"]+)"', tag), re.search(r'\bTarget="([^"]+)"', tag)
        if rid and target:
            path = target.group(1).lstrip("/")
            targets[rid.group(1)] = path if path.startswith("xl/") else f"xl/{path}"
    names = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name, rid = re.search(r'\bname="([^"]*)"', tag), re.search(r'\bid="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)].lower()] = name.group(1)
    return names


def _blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], limits: dict):
    """Yield an entry's uncompressed bytes in blocks, each with the end of the one before; count them in budget."""
    tail = b""
    with archive.open(info) as stream:
        while block := stream.read(BLOCK):
            budget[0] += len(block)
            if budget[0] > limits["max_uncompressed_bytes"]:
                raise Refusal("zip_too_large", mb=limits["max_uncompressed_bytes"] >> 20)
            yield tail + block
            tail = block[-OVERLAP:]


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], limits: dict) -> tuple[int, int]:
    """Return (furthest row, furthest column) a cell refers to; a second, precise pass counts only filled cells."""
    rows = columns = 0
    letters: set[bytes] = set()
    for block in _blocks(archive, info, budget, limits):
        letters.update(_COLUMNS.findall(block))
        while not letters and columns < 26 and (beyond := _BEYOND[columns].search(block)):
            columns = beyond.group()[4] - 64  # the letter's number
        rows = max([rows, *map(int, _ROWS.findall(block)), *map(int, _FAR_ROWS.findall(block))])
    columns = max([columns, *map(column_number, letters)])
    if rows <= limits["max_rows"] and columns <= limits["max_columns"] and rows * columns <= limits["max_cells"]:
        return rows, columns
    rows = columns = 0  # formatted empty rows and cells reach further than calamine reads: count only filled cells
    for block in _blocks(archive, info, budget, limits):
        for column, row in set(_FILLED_CELL.findall(block)):
            rows, columns = max(rows, int(row)), max(columns, column_number(column))
    return rows, columns


def check_extent(sheet: str, rows: int, columns: int, limits: dict) -> None:
    """Raise Refusal when a sheet of rows × columns (counted from A1) is beyond a limit."""
    if rows > limits["max_rows"]:
        raise Refusal("sheet_too_many_rows", sheet=sheet, n=rows, max=limits["max_rows"])
    if columns > limits["max_columns"]:
        raise Refusal("sheet_too_many_columns", sheet=sheet, n=columns, max=limits["max_columns"])
    if rows * columns > limits["max_cells"]:
        raise Refusal("sheet_too_many_cells", sheet=sheet, n=rows * columns, max=limits["max_cells"])


def check_zip(path: str, limits: dict) -> None:
    """Raise Refusal when a zip workbook's entries, their sizes or a sheet's extent are beyond a limit."""
    if not zipfile.is_zipfile(path):
        return  # .xls (or not a workbook at all: calamine says so)
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > limits["max_zip_entries"]:
            raise Refusal("zip_entries", n=len(entries), max=limits["max_zip_entries"])
        if sum(e.file_size for e in entries) > limits["max_uncompressed_bytes"]:
            raise Refusal("zip_too_large", mb=limits["max_uncompressed_bytes"] >> 20)
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > limits["ratio_floor_bytes"] and ratio > limits["max_zip_ratio"]:
                raise Refusal("zip_ratio", entry=entry.filename, n=round(ratio), max=limits["max_zip_ratio"])
        names = _sheet_names(archive)
        budget = [0]
        for entry in entries:
            if _WORKSHEET.fullmatch(entry.filename):
                rows, columns = _extent(archive, entry, budget, limits)
                check_extent(names.get(entry.filename.lower(), entry.filename), rows, columns, limits)


def read_sheets(path: str, first_only: bool, limits: dict) -> dict[str, list[list[object]]]:
    """Return the workbook's sheets (only the first when first_only) as rows of cells, after every check."""
    import python_calamine

    try:
        check_zip(path, limits)
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        names = workbook.sheet_names[:1] if first_only else workbook.sheet_names
        sheets = {}
        for name in names:
            sheet = workbook.get_sheet_by_name(name)
            end = sheet.end  # the last cell, 0-based; None for an empty sheet
            if end is not None:
                check_extent(name, end[0] + 1, end[1] + 1, limits)
            sheets[name] = sheet.to_python(skip_empty_area=False)
        return sheets
    except (Refusal, MemoryError):
        raise
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise Refusal("xlsx_unreadable", error=str(error)[:300]) from error


def _limit_self(limits: dict) -> None:
    import resource

    memory = limits["memory_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = int(limits["seconds"]) + 1  # a backstop: the parent kills the child at its own deadline
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def main(argv: list[str] | None = None) -> int:
    """Read the workbook the request names and write the pickled result to stdout; 0 when a result was written."""
    request = json.loads((argv if argv is not None else sys.argv[1:])[0])
    limits = request["limits"]
    _limit_self(limits)
    try:
        result: dict = {"sheets": read_sheets(request["path"], request["first_only"], limits)}
    except Refusal as refusal:
        result = {"problem": (refusal.key, refusal.params)}
    except MemoryError:
        return 3  # the parent says the workbook is too large to read within the limits
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return 3
    if len(data) > limits["max_grid_bytes"]:
        data = pickle.dumps({"problem": ("grid_too_large", {"mb": limits["max_grid_bytes"] >> 20})})
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
