"""Tables saved from web pages (.html, .htm), read like CSV: NACC's ITAS report pages, Cabinet summaries.

`read_html_grid` returns the first table that has a name column and a score column (headers as published: หน่วยงาน or
ชื่อหน่วยงาน; คะแนนเฉลี่ย, คะแนน ITA, คะแนนรวม or คะแนน), from its header row down, every cell as text: a navigation or
layout table before it is passed over, and so are rows above its header (a title spanning the table). Cells are
read as a browser shows them without scripts: tags inside a cell are dropped, entities decoded, line breaks and
runs of spaces made one space; a cell spanning columns is followed by blanks, one spanning rows is repeated in each.
Script, style and template contents are not read, nor anything in comments.

The page is decoded by the charset it declares (<meta charset>, http-equiv, an XML declaration), else as any
importer decodes text (UTF-8, else Thai Windows). Reading is bounded like CSV (limits.py: the file's bytes, and
rows, columns and cells), and by time (HTML_SECONDS): the standard library's parser rescans the rest of a page for
each construct left open, which malformed pages can make quadratic, so constructs known to stay open are not
scanned again, and a page that still takes too long is refused.
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputFileError, Problem
from .limits import HTML_SECONDS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from .reading import Grid, _read_bytes, check_file, decode_text

#: Header cells (spaces and underscores removed, case folded) that make a table a results table: one of each.
NAME_HEADERS = frozenset({"หน่วยงาน", "ชื่อหน่วยงาน", "agency", "agencyname"})
SCORE_HEADERS = frozenset({"คะแนนเฉลี่ย", "คะแนนita", "คะแนนรวม", "คะแนน", "score", "itascore", "totalscore"})
#: Rows above the header row that are passed over (titles and notes written as rows of the table).
HEADER_SEARCH_ROWS = 10
#: Tables nested deeper than this are read as text of the cell that holds them.
MAX_TABLE_DEPTH = 32
#: HTML's own limits on colspan and rowspan.
MAX_COLSPAN = 1_000
MAX_ROWSPAN = 65_534
#: Bytes of the start of a page searched for its declared charset.
CHARSET_PRESCAN = 64 * 1024

#: Elements whose contents are not shown as text.
_HIDDEN = frozenset({"script", "style", "template"})
#: Elements that break a line inside a cell: their text is kept apart by a space.
_BREAKS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    | {"pre", "section", "article", "header", "footer", "table", "tr", "td", "th", "caption", "option"}
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})""", re.IGNORECASE)
#: Declared charsets by label (WHATWG's labels): Thai ones read as cp874 (a superset of TIS-620), Western ones as
#: windows-1252. Other labels (UTF-16 without a byte-order mark among them) are not trusted.
_CHARSETS: dict[str, str] = {
    **dict.fromkeys(
        ("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"), "utf-8"
    ),
    **dict.fromkeys(
        ("windows-874", "tis-620", "tis620", "iso-8859-11", "iso8859-11", "iso885911", "dos-874", "cp874"), "cp874"
    ),
    **dict.fromkeys(
        ("windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso88591", "latin1", "l1", "ascii"),
        "cp1252",
    ),
    **dict.fromkeys(("us-ascii", "ansi_x3.4-1968", "iso-ir-100", "cp819", "ibm819", "csisolatin1"), "cp1252"),
}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_html_grid(path: Path) -> Grid:
    """Return a saved page's first table with a name and a score column, from its header row, cells as text."""
    check_file(path)
    text = decode_page(path, _read_bytes(path))
    # A construct left open at the end is rescanned for every '<' after it; a closing '>' ends it (as the end of
    # the file would for a browser, which drops an unfinished tag).
    if "<" in text[text.rfind(">") + 1 :]:
        text += ">"
    parser = _TableParser(path.name, time.monotonic() + HTML_SECONDS)
    try:
        parser.feed(text)
        parser.close()
        parser.close_tables()
    except _Found:
        pass
    except AssertionError as error:  # the standard library's parser asserts on some malformed declarations
        raise InputFileError(path.name, [Problem.labelled("html_unreadable", error=error)]) from None
    if parser.found is None:
        raise InputFileError(path.name, [Problem.labelled("html_no_table", tables=parser.tables)])
    return parser.found


def decode_page(path: Path, data: bytes) -> str:
    """Return a page's text: by its BOM, else its declared charset, else as reading.decode_text (UTF-8, else cp874)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:  # the page is not in the charset it declares (it was converted when saved)
            pass
    return decode_text(path, data)


def declared_charset(data: bytes) -> str | None:
    """Return the codec of the charset a page declares near its start, or None when it declares none trusted."""
    head = data[:CHARSET_PRESCAN]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _CHARSETS.get(match.group(1).decode("ascii").lower()) if match else None


class _Found(Exception):
    """Raised to stop parsing once the results table is read."""


class _Table:
    __slots__ = ("rows", "row", "cell", "span", "down", "carried")

    def __init__(self) -> None:
        self.rows: Grid = []
        self.row: list[object] | None = None
        self.cell: list[str] | None = None  # the text of the open cell, in pieces
        self.span = 1  # the open cell's colspan
        self.down = 1  # its rowspan
        self.carried: dict[int, list] = {}  # column → [rows it still spans, text] of cells spanning rows


class _TableParser(HTMLParser):
    """Collects each table's rows and stops at the first results table (`found`)."""

    def __init__(self, name: str, deadline: float) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.deadline = deadline
        self.open: list[_Table] = []
        self.ignored = 0  # tables open beyond MAX_TABLE_DEPTH
        self.hidden = 0  # open script, style and template elements
        self.cells = 0
        self.tables = 0
        self.found: Grid | None = None
        self._never_closed: dict[str, int] = {}  # a terminator → the longest rest of the page known not to hold it

    # Events ---------------------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a table, row or cell; a line break inside a cell is a space."""
        self._check_time()
        if tag in _HIDDEN:
            self.hidden += 1
        elif self.hidden:
            return
        elif tag == "table":
            if self.ignored or len(self.open) >= MAX_TABLE_DEPTH:
                self.ignored += 1
            else:
                self._space()
                self.open.append(_Table())
        elif not self.open:
            return
        elif self.ignored:
            if tag in _BREAKS:
                self._space()
        elif tag == "tr":
            self._end_row(self.open[-1])
            self.open[-1].row = []
        elif tag in ("td", "th"):
            self._start_cell(self.open[-1], dict(attrs))
        elif tag in ("thead", "tbody", "tfoot"):
            self._end_row(self.open[-1])
        elif tag in _BREAKS:
            self._space()

    def handle_endtag(self, tag: str) -> None:
        """Close a table, row or cell."""
        self._check_time()
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif self.hidden or not self.open:
            return
        elif self.ignored:
            if tag == "table":
                self.ignored -= 1
            if tag in _BREAKS:
                self._space()
        elif tag == "table":
            self._close_table()
            self._space()
        elif tag in ("td", "th"):
            self._end_cell(self.open[-1])
        elif tag in ("tr", "thead", "tbody", "tfoot"):
            self._end_row(self.open[-1])
        elif tag in _BREAKS:
            self._space()

    def handle_data(self, data: str) -> None:
        """Add text to the open cell."""
        self._check_time()
        if self.open and not self.hidden and self.open[-1].cell is not None:
            self.open[-1].cell.append(data)

    def close_tables(self) -> None:
        """Close the tables still open at the end of the page, innermost first."""
        while self.open:
            self._close_table()

    # Tables ---------------------------------------------------------------------------------------------------

    def _space(self) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.append(" ")

    def _start_cell(self, table: _Table, attrs: dict[str, str | None]) -> None:
        self._end_cell(table)
        if table.row is None:
            table.row = []
        table.cell = []
        table.span = _span(attrs.get("colspan"), MAX_COLSPAN)
        table.down = _span(attrs.get("rowspan"), MAX_ROWSPAN, zero=MAX_ROWS)

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None:
            return
        row = table.row
        assert row is not None
        text = " ".join("".join(table.cell).split())
        table.cell = None
        self._carry(table, row, stop=None)
        start = len(row)
        if start + table.span > MAX_COLUMNS:
            raise self._too_many("too_many_columns", len(table.rows) + 1, MAX_COLUMNS, start + table.span)
        self._count(table, table.span)
        row.append(text)
        row.extend([""] * (table.span - 1))
        if table.down > 1:
            for offset in range(table.span):
                table.carried[start + offset] = [table.down, "" if offset else text]  # this row counts down one

    def _carry(self, table: _Table, row: list[object], stop: int | None) -> None:
        """Put the cells spanning down from rows above into row: those at its next position (stop None), or every
        one (stop = the row's end), with blanks before any that stands apart."""
        if stop is None:
            while len(row) in table.carried:
                self._count(table, 1)
                row.append(table.carried[len(row)][1])
            return
        for column in sorted(c for c in table.carried if c >= len(row)):
            self._count(table, column + 1 - len(row))
            row.extend([""] * (column - len(row)))
            row.append(table.carried[column][1])

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        row, table.row = table.row, None
        if row is None:
            return
        self._carry(table, row, stop=len(row))
        for column in list(table.carried):
            table.carried[column][0] -= 1
            if table.carried[column][0] <= 0:
                del table.carried[column]
        if not row:
            return
        if len(table.rows) >= MAX_ROWS:
            raise self._too_many("too_many_rows", len(table.rows) + 1, MAX_ROWS)
        table.rows.append(row)

    def _close_table(self) -> None:
        table = self.open.pop()
        self._end_row(table)
        self.tables += 1
        for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            headers = {"".join(str(cell).split()).replace("_", "").casefold() for cell in row}
            if headers & NAME_HEADERS and headers & SCORE_HEADERS:
                self.found = table.rows[index:]
                raise _Found

    def _count(self, table: _Table, n: int) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            raise self._too_many("too_many_cells", len(table.rows) + 1, MAX_CELLS)

    def _too_many(self, key: str, row: int, limit: int, n: int = 0) -> InputFileError:
        return InputFileError(self.name, [Problem.labelled(key, row=row, n=f"{n:,}", max=f"{limit:,}")])

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise InputFileError(self.name, [Problem.labelled("html_too_slow", seconds=HTML_SECONDS)])

    # The standard library's scanning, kept linear ------------------------------------------------------------
    # Each of these looks for its terminator from position i to the end of the page and returns -1 when there is
    # none; at the end of the page the parser then moves on by a character or two and tries again, rescanning the
    # rest each time. A terminator missing from the rest of the page from some position on is missing from any
    # later position too, so it is looked for once. (The parser keeps the unread rest of the page, and is fed once:
    # positions are counted from its end.)

    def _find(self, terminator: str, start: int) -> int:
        """Return where terminator next occurs at or after start, or -1 (looked for once per rest of the page)."""
        rest = len(self.rawdata) - start
        if rest <= self._never_closed.get(terminator, -1):
            return -1
        position = self.rawdata.find(terminator, start)
        if position < 0:
            self._never_closed[terminator] = max(self._never_closed.get(terminator, -1), rest)
        return position

    def parse_comment(self, i: int, report: int = 1) -> int:
        """Skip a comment, <!-- to -->: -1 when it is not closed."""
        end = self._find("-->", i + 4)
        return -1 if end < 0 else end + 3

    def parse_html_declaration(self, i: int) -> int:
        """Skip a doctype, <![CDATA[…]]>, Word's <![if …]> or any other <!…>: each ends at the next '>' (HTML's
        "bogus comment"; the standard library asserts on an unknown <![keyword[)."""
        if self.rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        end = self._find(">", i + 2)
        return -1 if end < 0 else end + 1

    def parse_bogus_comment(self, i: int, report: int = 1) -> int:
        """Skip </…> or <!…> that is not a tag, to the next '>'."""
        end = self._find(">", i + 2)
        return -1 if end < 0 else end + 1

    def parse_pi(self, i: int) -> int:
        """Skip <?…>."""
        end = self._find(">", i + 2)
        return -1 if end < 0 else end + 1

    def parse_endtag(self, i: int) -> int:
        """Read an end tag, or -1 when no '>' closes it."""
        if self._find(">", i + 1) < 0:
            return -1
        return super().parse_endtag(i)


def _span(value: str | None, most: int, zero: int = 1) -> int:
    """Return a colspan or rowspan as HTML reads it: digits, at least 1 (0 rows: to the table's end), at most most."""
    digits = re.match(r"\s*(\d{1,9})", value or "")
    if not digits:
        return 1
    number = int(digits.group(1))
    return zero if number == 0 else min(number, most)
