"""Shared pieces of the importer fuzz tests (tests/test_fuzz_*.py): the hypothesis settings, a fresh copy of the facts
database per example, the property every import must keep (imported and in range, or refused with InputFileError and
nothing changed), the wild cell strategies and grid builders the per-importer file strategies in tests/fuzz_grids.py
use, and the CSV and XLSX writers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from conftest import file_digest
from hypothesis import HealthCheck, currently_in_test_context, event, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ita_analytics import db
from ita_analytics.ingest import InputFileError, Problem, import_cpi, import_indicator, import_ita
from ita_analytics.ingest.ita_parse import SCORE_FIELDS

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
IMPORTERS = {"ita": import_ita, "cpi": import_cpi, "indicator": import_indicator}

# --- the database side: one fresh copy per example, and the property ------------------------------


@contextlib.contextmanager
def fresh_db(template: Path) -> Iterator[Path]:
    """Yield a private copy of the facts database in its own folder (input files go beside it)."""
    with tempfile.TemporaryDirectory(prefix="ita-fuzz-") as folder:
        path = Path(folder) / "facts.duckdb"
        shutil.copyfile(template, path)
        yield path


def finite(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def check_ita(con) -> None:
    rows = con.execute(f"select fiscal_year, {', '.join(SCORE_FIELDS)} from ita_results").fetchall()
    for year, score, *parts in rows:
        assert 2018 <= year <= 2057
        assert finite(score) and 0 <= score <= 100, score
        assert all(v is None or (finite(v) and 0 <= v <= 100) for v in parts), parts


def check_cpi(con) -> None:
    for year, score, rank, se, sources, low, high in con.execute(
        "select year, score, rank, standard_error, sources, lower_ci, upper_ci from cpi_scores"
    ).fetchall():
        assert year >= 2012
        assert score is None or (finite(score) and 0 <= score <= 100), score
        assert all(v is None or finite(v) for v in (se, low, high)), (se, low, high)
        assert all(v is None or v >= 1 for v in (rank, sources)), (rank, sources)
    for (score,) in con.execute("select score from cpi_source_scores").fetchall():
        assert finite(score) and 0 <= score <= 100, score


def check_indicator(con) -> None:
    for year, value in con.execute("select year, value from external_indicators").fetchall():
        assert 1900 <= year <= 2100
        assert finite(value), value


CHECKS = {"ita": check_ita, "cpi": check_cpi, "indicator": check_indicator}


def outcome(kind: str, path: Path, db_path: Path) -> str:
    """Import path; return 'imported' or 'refused' after checking the property. Anything else propagates."""
    before = file_digest(db_path)
    try:
        IMPORTERS[kind](path, db_path)
    except InputFileError as error:
        assert error.problems and all(isinstance(p, Problem) for p in error.problems)
        assert "nothing was imported" in str(error)  # the message renders, whatever the values
        assert file_digest(db_path) == before, "a refused import changed the database"
        result = "refused"
    else:
        con = db.connect(db_path)
        try:
            CHECKS[kind](con)
        finally:
            con.close()
        result = "imported"
    assert not list(db_path.parent.glob(".*.tmp*")), "a temporary copy was left behind"
    if currently_in_test_context():
        event(f"{kind}: {result}")
    return result


# --- cell strategies ------------------------------------------------------------------------------

SPECIAL = [
    "",
    " ",
    "\t",
    "  \n ",
    "nan",
    "NaN",
    "NAN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e3",
    "1E2",
    str(10**30),
    "-" + str(10**30),
    "9" * 400,
    "0." + "0" * 400 + "1",
    "-5",
    "-0",
    "0",
    "100",
    "100.0000001",
    "1_0",
    "0x10",
    "12.5%",
    "1,200",
    "41,5",
    "1.2.3",
    ".",
    "+",
    "-",
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-1+2",
    "'",
    '"',
    '""',
    ",",
    ";",
    "a,b",
    'say "hi"',
    "line\nbreak",
    "\r\n",
    "\r",
    "\x00",
    "\x1b[31mred",
    "\u202e",
    "\ufeff",
    "\u00a0",
    "๒๕๖๘",
    "ใช่",
    "ไม่ใช่",
    "2568",
    "2567",
    "2024",
    "2568.0",
    "2568.5",
    "1850",
    "3000",
    "0543",
    "B.E. 2568",
    "พ.ศ. 2568",
    "ค.ศ. 2025",
    "None",
    "null",
    "True",
    "#N/A",
    "#DIV/0!",
    "ISO3",
    "ปี",
    "year",
]
LONG = st.builds(
    lambda piece, n: piece * n, st.sampled_from(["ก", "x", "9", '"', ",", "\n", 'ab,"c"\n']), st.integers(1000, 6000)
)
THAI = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=20)
WILD_TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),  # nan, inf, 1e+300, 5e-324 …
    st.text(max_size=20),  # control characters and any other code point
    THAI,
    LONG,
)
WILD_NATIVE = st.one_of(
    WILD_TEXT,
    st.sampled_from(
        [
            float("nan"),
            float("inf"),
            float("-inf"),
            10**30,
            -(10**30),
            10**400,
            2**63,
            -5,
            0,
            1e308,
            5e-324,
            True,
            False,
            None,
            datetime.datetime(2024, 1, 1, 12, 30),
            datetime.date(2568, 1, 1),
            datetime.time(13, 45),
            "x" * 40000,
        ]
    ),
    st.floats(),
    st.integers(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
)


def numeric_text(low: float, high: float, places: int = 2) -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(math.ceil(low), math.floor(high)).map(str), st.floats(low, high).map(lambda x: f"{x:.{places}f}")
    )


def as_native(value: object) -> object:
    """Numbers typed as text become numbers, as a spreadsheet would store them."""
    if isinstance(value, str) and value.strip():
        with contextlib.suppress(ValueError):
            number = float(value)
            if math.isfinite(number):
                return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value


@st.composite
def grid_of(
    draw, header: list[object], valid: dict[str, st.SearchStrategy], fields: list[str | None], native: bool, clean: bool
) -> list[list[object]]:
    """Header plus 1–5 rows (sometimes none): valid cells for each column's field, some wild unless clean."""
    wild = WILD_NATIVE if native else WILD_TEXT
    n_rows = 0 if not clean and draw(st.integers(0, 9)) == 0 else draw(st.integers(1, 5))
    wild_cells = (
        set()
        if clean
        else draw(st.sets(st.tuples(st.integers(0, max(n_rows - 1, 0)), st.integers(0, len(header) - 1)), max_size=4))
    )
    rows = []
    for r in range(n_rows):
        row = []
        for c, field in enumerate(fields):
            strategy = wild if field is None or (r, c) in wild_cells else valid[field]
            value = draw(strategy)
            if native and draw(st.booleans()):
                value = as_native(value)
            row.append(value)
        if not clean and draw(st.integers(0, 19)) == 0:  # ragged rows: short or long
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(wild, max_size=2))
        rows.append(row)
    return [list(header), *rows]


def junk_header(junk: st.SearchStrategy[str], native: bool) -> st.SearchStrategy[object]:
    """Junk header cells; in a workbook they may be numbers, dates, booleans or NaN too."""
    return st.one_of(junk, WILD_NATIVE) if native else junk


def mutate_header(
    draw, header: list[object], fields: list[str | None], junk: st.SearchStrategy[object], clean: bool
) -> tuple[list[object], list[str | None]]:
    """Shuffle; unless clean, also double a column and add junk columns, each sometimes."""
    pairs = list(zip(header, fields))
    if not clean and pairs and draw(st.integers(0, 5)) == 0:
        pairs.append(draw(st.sampled_from(pairs)))
    pairs += [] if clean else [(draw(junk), None) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        pairs = draw(st.permutations(pairs))
    return [h for h, _ in pairs], [f for _, f in pairs]


def unique_keys(
    draw, grid: list[list[object]], fields: list[str | None], field: str, keys: st.SearchStrategy[list[str]]
) -> None:
    """Give each data row its own key in field's columns (a clean file has no doubled rows)."""
    if field in fields:
        chosen = draw(keys)
        for r, row in enumerate(grid[1:]):
            for c, name in enumerate(fields):
                if name == field and c < len(row):
                    row[c] = chosen[r]


JUNK_HEADER = st.one_of(
    st.sampled_from(["note", "", " ", "Unnamed: 7", "=1+1", "@SUM(A1)", "ISO3", "x" * 100]),
    st.sampled_from(["ปี", "year", "Country 2020", "จังหวัด"]),
    st.text(max_size=12),
    THAI,
)

# --- writing files --------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "cp874", "cp874", "utf-16"]


def csv_bytes(grid: list[list[object]], delimiter: str, encoding: str, terminator: str) -> bytes | None:
    """Return the grid as CSV in encoding, or None when the text cannot be encoded so (cp874)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerows(grid)
    try:
        return buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return None


#: openpyxl cannot write an int beyond float range; it is written as this float, then patched in the XML.
_HUGE_MARK = 7.7e300


def xlsx_value(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # openpyxl refuses control characters outright
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e308:
        return _HUGE_MARK if value > 0 else -_HUGE_MARK
    return value


def write_xlsx(path: Path, grid: list[list[object]], junk_sheet: list[list[object]] | None = None) -> None:
    """Save the grid as a workbook (after an optional junk sheet); too-large ints are written as 400 digits."""
    book = openpyxl.Workbook()
    sheet = book.active
    if junk_sheet is not None:
        sheet.title = "Notes"
        for row in junk_sheet:
            sheet.append([xlsx_value(v) for v in row])
        sheet = book.create_sheet("Data")
    for row in grid:
        sheet.append([xlsx_value(v) for v in row])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    mark = b"7.7e+300</v>"  # openpyxl writes _HUGE_MARK so, after any minus sign
    if any(mark in data for data in parts.values()):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in parts.items():
                target.writestr(info, data.replace(mark, b"9" * 400 + b"</v>"))
