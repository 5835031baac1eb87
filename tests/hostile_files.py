"""Hostile input files, made by the tests themselves (nothing large is committed): workbooks written by hand with
zipfile (a cell at XFD1048576, a zip bomb, parts that evade the scan), a sparse gigabyte of NUL bytes, a junk CSV of
four million bad cells, an indicator file of 20,000 columns, and a runner that measures a command's peak memory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import PROJECT

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET = "ข้อมูล"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def write_xlsx(path: Path, sheet_data: str | bytes, dimension: str | None = None) -> Path:
    """Write a minimal workbook by hand: one sheet (named SHEET) whose <sheetData> is sheet_data."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
    ).encode()
    body = sheet_data.encode() if isinstance(sheet_data, str) else sheet_data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=SHEET))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", head + body + b"</sheetData></worksheet>")
    return path


def far_cell_xlsx(path: Path, ref: str = "XFD1048576") -> Path:
    """An indicator-looking workbook (1–2 KB) whose one value lies at ref: calamine would lay it out from A1."""
    row = int("".join(c for c in ref if c.isdigit()))
    header = f'<row r="1">{text_cell("A1", "ปี")}{text_cell("B1", "ดัชนี")}</row>'
    return write_xlsx(path, f'{header}<row r="{row}">{number_cell(ref, 1)}</row>')


def zip_bomb_xlsx(path: Path, rows: int = 1_000_000, columns: int = 16) -> Path:
    """A dense zip bomb: a few hundred KB that unpack to ~240 MB of cells without references (position by order)."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return write_xlsx(path, row * rows)


def evasive_xlsx(path: Path, width: int = 5_000, depth: int = 150_000) -> Path:
    """A workbook the XML scan passes (no reference beyond A150000) that calamine still lays out as width × depth
    cells (a first row of `width` cells without references): only the child's memory limit stops it."""
    first = b"<row>" + b"<c><v>1</v></c>" * width + b"</row>"
    last = f'<row r="{depth}">{number_cell(f"A{depth}", 1)}</row>'.encode()
    return write_xlsx(path, first + last)


def repeated_ods(path: Path, rows: int, columns: int) -> Path:
    """An OpenDocument spreadsheet of a few hundred bytes whose one cell is repeated over rows × columns: nothing
    to scan (no references), so only calamine, in the child, finds out how large it is."""
    cell = (
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{SHEET}">'
        f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def many_entries_xlsx(path: Path, entries: int) -> Path:
    """A valid small workbook with `entries` extra empty parts."""
    write_xlsx(path, f'<row r="1">{text_cell("A1", "ปี")}</row>')
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(entries):
            archive.writestr(f"junk/{n}.txt", b"")
    return path


def sparse_nul_file(path: Path, size: int = 1 << 30) -> Path:
    """A file of `size` NUL bytes that takes no disk space (truncate makes it sparse)."""
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def junk_indicator_csv(path: Path, rows: int = 4_000, columns: int = 1_000) -> Path:
    """8 MB: a valid indicator header, then rows of 'x' in every column, 4 million problems."""
    header = "ปี," + ",".join(f"i{n}" for n in range(1, columns))
    path.write_text(header + "\n" + (",".join(["x"] * columns) + "\n") * rows, encoding="utf-8")
    return path


def wide_indicator_csv(path: Path, columns: int = 20_000) -> Path:
    """A year column and `columns` - 1 indicators (204 KB at 20,000), two rows of values."""
    header = "ปี," + ",".join(f"i{n}" for n in range(1, columns))
    values = ",".join(["1"] * (columns - 1))
    path.write_text(f"{header}\n2567,{values}\n2568,{values}\n", encoding="utf-8")
    return path


#: Runs a command and prints its exit code and the peak resident KB of it and every process it waited for. A small
#: process in between: a child's ru_maxrss starts from its parent's size at fork, so pytest's own would be counted.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run_measured(args: list[str], timeout: float = 300) -> tuple[int, float, str]:
    """Run `python -m ita_analytics ARGS`; return (exit code, peak resident MB of it and of the workbook reader it
    starts, stderr). The timeout only guards against a hang: nothing here asserts how long a run takes."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "ita_analytics", *args]
    process = subprocess.Popen(
        command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"python -m ita_analytics {' '.join(args)} still running after {timeout} s") from None
    code, peak_kb = out.split()
    return int(code), int(peak_kb) / 1024, err
