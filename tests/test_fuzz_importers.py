"""Property-based tests: the ITA, CPI and indicator importers fed wild files never fail unhandled.

Every input either imports (and what is stored is finite and in range) or is refused with the importer's
own InputFileError, the database byte-identical and no temporary copy left beside it. Any other exception
is a bug. Half the generated files are clean (valid headers and cells, distinct keys) so that the import
path is exercised too; each structured test also asserts it saw both outcomes. Runs are derandomized (CI sees
the same examples each time); each example gets its own copy of the session's facts database (conftest's
`_facts_template`), since hypothesis reuses a test's fixtures across examples.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import math
import shutil
import string
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from conftest import file_digest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ita_analytics import db, reference
from ita_analytics.ingest import InputFileError, Problem, import_cpi, import_indicator, import_ita
from ita_analytics.ingest.ita_parse import SCORE_FIELDS
from ita_analytics.ingest.ita_parse import columns as ita_columns

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

# --- ITA ------------------------------------------------------------------------------------------

_TYPES = reference.agency_types()
TYPE_NAMES = sorted({*_TYPES["name_th"], *_TYPES["name_en"], *_TYPES["type_code"], "อบต.", "ทต.", "ทม.", "ทน.", "อบจ."})
PROVINCE_NAMES = ["เชียงใหม่", "จ.เชียงใหม่", "Chiang Mai", "50", "สงขลา", "Songkhla", "90", "กรุงเทพมหานคร", ""]
ITA_VALID = {
    "fiscal_year": st.sampled_from(["2567", "2568", "2024", " 2566 ", "2568.0", "๒๕๖๘", "2561", "2057"]),
    "agency_code": st.text(alphabet="AB0123456789", min_size=1, max_size=5),
    "agency_name": st.one_of(st.sampled_from(["กรมทดสอบ", "Dept", "อบต.หนึ่ง"]), THAI.filter(str.strip)),
    "agency_name_en": st.sampled_from(["", "Test Dept", '=HYPERLINK("x")']),
    "agency_type": st.sampled_from(TYPE_NAMES),
    "province": st.sampled_from(PROVINCE_NAMES),
    "ministry": st.sampled_from(["", "กระทรวงการคลัง", 'Ministry, of "Finance"']),
    "iso37001": st.sampled_from(["", "ใช่", "ไม่ใช่", "no", "TRUE", "1", "y"]),
    **{name: st.one_of(numeric_text(0, 100), st.just("")) for name in SCORE_FIELDS if name != "score"},
    "score": numeric_text(0, 100),
}


def _spellings(row) -> list[str]:
    names = [row.header_th, row.header_en, row.field, *filter(None, row.aliases.split("|"))]
    return [*names, f"  {row.header_en.upper()} ", row.header_en.replace("_", " ")]


@st.composite
def ita_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    table = ita_columns()
    required = [r for r in table.itertuples() if r.required in ("yes", "conditional")]
    optional = [r for r in table.itertuples() if r.required not in ("yes", "conditional")]
    chosen = required + draw(st.lists(st.sampled_from(optional), unique_by=lambda r: r.field, max_size=6))
    if not clean and draw(st.integers(0, 9)) == 0:
        chosen.remove(draw(st.sampled_from(required)))
    header = [draw(st.sampled_from(_spellings(r))) for r in chosen]
    header, fields = mutate_header(draw, header, [r.field for r in chosen], junk_header(JUNK_HEADER, native), clean)
    valid = ITA_VALID | {"province": st.sampled_from([p for p in PROVINCE_NAMES if p])} if clean else ITA_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:
        unique_keys(
            draw, grid, fields, "agency_code", st.lists(ITA_VALID["agency_code"], min_size=5, max_size=5, unique=True)
        )
    return grid


# --- CPI ------------------------------------------------------------------------------------------

SOURCE_NAMES = sorted(set(reference.cpi_source_lookup().values()))[:6]
CPI_YEARS = list(range(2012, 2028))
#: Mostly years TI scored on today's 0–100 scale; sometimes one before 2012 or in the future.
CPI_HEADER_YEARS = st.one_of(
    st.sampled_from(CPI_YEARS),
    st.sampled_from(CPI_YEARS),
    st.sampled_from(CPI_YEARS),
    st.sampled_from([2010, 2011, 2030, 9999]),
)
CPI_VALID = {
    "iso3": st.one_of(
        st.sampled_from(["THA", "atl", "VNM", "LAO", "SGP", "MYS", "KHM", "MMR"]),
        st.text(alphabet=string.ascii_letters, min_size=3, max_size=3),
    ),
    "country": st.sampled_from(["Thailand", "Atlantis", "Viet Nam", "ไทย", "Côte d'Ivoire", "Korea, South"]),
    "region": st.sampled_from(["AP", "ECA", "", "WE/EU"]),
    "year": st.one_of(st.sampled_from(CPI_YEARS).map(str), st.sampled_from(["2024.0", "2019", "2011"])),
    "score": st.one_of(numeric_text(0, 100), numeric_text(0, 100), st.sampled_from(["41,5", ""])),
    "rank": st.one_of(
        st.integers(1, 200).map(str),
        st.integers(1, 200).map(str),
        st.just(""),
        st.sampled_from([str(2**31), str(2**63), "1e30"]),
    ),
    "standard_error": st.one_of(numeric_text(0, 5, 3), st.just("1,09")),
    "sources": st.integers(1, 13).map(str),
    "lower_ci": numeric_text(0, 100, 3),
    "upper_ci": numeric_text(0, 100, 3),
    "source": st.one_of(numeric_text(0, 100), st.just("")),
}
CPI_JUNK_HEADER = st.one_of(
    JUNK_HEADER,
    st.sampled_from(
        [
            "Country 2020",
            "ISO3 2023",
            "Year 2024",
            "CPI score 2011",
            "CPI score 9999",
            "Region 2024",
            "ISO3",
            "CPI score",
            "Rank 2023",
            "CPI score 2024 2025",
            "cpi score ๒๐๒๔",
        ]
    ),
)
_EXTRA = {
    "Rank": "rank",
    "Standard error": "standard_error",
    "Number of sources": "sources",
    "Lower CI": "lower_ci",
    "Upper CI": "upper_ci",
}


@st.composite
def cpi_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    layout = draw(st.sampled_from(["timeseries", "historical", "single_year"]))
    header = ["Country / Territory", "ISO3", "Region"]
    fields: list[str | None] = ["country", "iso3", "region"]
    extras = draw(st.lists(st.sampled_from(sorted(_EXTRA)), unique=True, max_size=5))
    if layout == "historical":
        header += ["Year", "CPI score"]
        fields += ["year", "score"]
    if layout in ("historical", "single_year"):
        header += extras
        fields += [_EXTRA[e] for e in extras]
        sources = draw(st.lists(st.sampled_from(SOURCE_NAMES), unique=True, max_size=3))
        header += sources
        fields += ["source"] * len(sources)
    years = draw(
        st.lists(st.sampled_from(CPI_YEARS) if clean else CPI_HEADER_YEARS, min_size=1, max_size=3, unique=True)
    )
    if layout == "single_year":
        header.insert(3, draw(st.sampled_from([f"CPI {years[0]} score", f"CPI score {years[0]}"])))
        fields.insert(3, "score")
    elif layout == "timeseries":
        for year in years:
            header += [f"CPI score {year}", *(f"{e} {year}" for e in extras)]
            fields += ["score", *(_EXTRA[e] for e in extras)]
    if not clean and draw(st.integers(0, 9)) == 0:  # lose Country, ISO3 or Region, or give it a year
        at = draw(st.integers(0, 2))
        if draw(st.booleans()):
            del header[at], fields[at]
        else:
            header[at] = f"{header[at]} {draw(st.sampled_from(years))}"
    header, fields = mutate_header(draw, header, fields, junk_header(CPI_JUNK_HEADER, native), clean)
    valid = (CPI_VALID | {"score": numeric_text(0, 100), "rank": st.integers(1, 200).map(str)}) if clean else CPI_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:
        unique_keys(draw, grid, fields, "iso3", st.permutations(["THA", "atl", "VNM", "LAO", "SGP", "MYS"]))
    preamble = draw(st.lists(st.lists(WILD_TEXT, max_size=3), max_size=3))
    if not clean and draw(st.integers(0, 9)) == 0:
        preamble += [[]] * 9  # the header below the rows scanned for it
    return preamble + grid


# --- indicators -----------------------------------------------------------------------------------

IND_VALID = {
    "year": st.one_of(
        st.sampled_from(["2567", "2568", "2024", "2025", "1999", "2100.0", "๒๕๖๘", " 2443 "]),
        st.integers(1900, 2100).map(str),
        st.integers(2443, 2643).map(str),
    ),
    "province": st.sampled_from([p for p in PROVINCE_NAMES if p] + ["Bangkok", "10"]),
    "value": st.one_of(
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(["1,200", "1,234,567.5", "", "-0.5", "1e300", ".5"]),
    ),
}
_NAMES = st.sampled_from(
    ["ดัชนีเสรีภาพสื่อ", "GDP per capita", "x", "รายได้ (บาท)", "=1+1", "@SUM(A1)", "a,b", "line\nbreak", 'say "hi"']
)
INDICATOR_NAMES = st.one_of(
    _NAMES,
    _NAMES,
    _NAMES,
    _NAMES,
    st.text(min_size=1, max_size=20),
    THAI,
    st.sampled_from(["X", "ปี", "year", "จังหวัด", "ก" * 80, "ก" * 81, " ", "x" * 5000]),
)


@st.composite
def indicator_grid(draw, native: bool = False) -> list[list[object]]:
    clean = draw(st.booleans())  # half the files have only valid cells and headers, so some import
    header = [draw(st.sampled_from(["ปี", "year", "Year", "ปีงบประมาณ", "พ.ศ.", "ค.ศ.", "fiscal year"]))]
    fields: list[str | None] = ["year"]
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["จังหวัด", "province", "Province", "รหัสจังหวัด", "changwat"])))
        fields.append("province")
    names = draw(
        st.lists(_NAMES if clean else INDICATOR_NAMES, min_size=1, max_size=3, unique_by=lambda n: n.strip().casefold())
    )
    header += names
    fields += ["value"] * len(names)
    header, fields = mutate_header(draw, header, fields, junk_header(JUNK_HEADER, native), clean)
    valid = IND_VALID | {"value": IND_VALID["value"].filter(bool)} if clean else IND_VALID
    grid = draw(grid_of(header, valid, fields, native, clean))
    if clean:  # distinct years, B.E. or C.E.
        start, be = draw(st.integers(1900, 2095)), draw(st.booleans())
        unique_keys(draw, grid, fields, "year", st.just([str(start + r + 543 * be) for r in range(5)]))
    return grid


GRIDS = {"ita": ita_grid, "cpi": cpi_grid, "indicator": indicator_grid}

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


# --- 1. structured but wild CSV -------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_wild_csv_imports_or_is_refused_cleanly(kind: str, _facts_template: Path) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(
        grid=GRIDS[kind](),
        delimiter=st.sampled_from([",", ",", ";", "\t"]),
        encoding=st.sampled_from(ENCODINGS),
        terminator=st.sampled_from(["\r\n", "\n"]),
    )
    def run(grid, delimiter, encoding, terminator):
        data = csv_bytes(grid, delimiter, encoding, terminator)
        if data is None:  # not encodable as cp874: write it as UTF-8 instead
            encoding, data = "utf-8", csv_bytes(grid, delimiter, "utf-8", terminator)
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"{kind}.csv"
            path.write_bytes(data)
            result = outcome(kind, path, db_path)
        if encoding == "utf-16":
            assert result == "refused", "a UTF-16 file should be refused (it decodes as neither UTF-8 nor cp874)"
        seen.add(result)

    run()
    assert seen == {"imported", "refused"}, f"the strategy never reached one outcome: {seen}"


# --- 2. XLSX with native cell types ---------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_wild_xlsx_imports_or_is_refused_cleanly(kind: str, _facts_template: Path) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(
        grid=GRIDS[kind](native=True),
        junk_sheet=st.one_of(st.none(), st.lists(st.lists(WILD_NATIVE, max_size=4), max_size=3)),
    )
    def run(grid, junk_sheet):
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"{kind}.xlsx"
            write_xlsx(path, grid, junk_sheet)
            seen.add(outcome(kind, path, db_path))

    run()
    assert seen == {"imported", "refused"}, f"the strategy never reached one outcome: {seen}"


# --- 3. binary junk, truncated and corrupted workbooks ---------------------------------------------


def _valid_workbook() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(
        [
            "ปีงบประมาณ",
            "รหัสหน่วยงาน",
            "ชื่อหน่วยงาน",
            "ประเภทหน่วยงาน",
            "จังหวัด",
            "คะแนนรวม",
            "ISO3",
            "CPI score 2024",
            "Country",
        ]
    )
    book.active.append([2568, "A1", "กรมทดสอบ", "ส่วนราชการระดับกรม", "", 88.5, "THA", 34, "Thailand"])
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _valid_workbook()
JUNK_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),
    st.integers(0, len(WORKBOOK) - 1).map(lambda n: WORKBOOK[:n]),
    st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)).map(
        lambda at: WORKBOOK[: at[0]] + bytes([at[1]]) + WORKBOOK[at[0] + 1 :]
    ),
)


def test_binary_junk_is_refused_cleanly(_facts_template: Path) -> None:
    @settings(FUZZ, max_examples=100)
    @given(
        kind=st.sampled_from(sorted(IMPORTERS)),
        data=JUNK_BYTES,
        suffix=st.sampled_from([".csv", ".xlsx", ".xlsx", ".xls", ".ods", ".txt", ""]),
    )
    def run(kind, data, suffix):
        with fresh_db(_facts_template) as db_path:
            path = db_path.parent / f"upload{suffix}"
            path.write_bytes(data)
            outcome(kind, path, db_path)

    run()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_zero_byte_and_missing_files_are_refused(kind: str, suffix: str, facts_db: Path) -> None:
    empty = facts_db.parent / f"empty{suffix}"
    empty.write_bytes(b"")
    assert outcome(kind, empty, facts_db) == "refused"
    assert outcome(kind, facts_db.parent / f"missing{suffix}", facts_db) == "refused"


# --- regressions the fuzzing found ----------------------------------------------------------------


def refusal(kind: str, path: Path, db_path: Path) -> InputFileError:
    before = file_digest(db_path)
    with pytest.raises(InputFileError) as caught:
        IMPORTERS[kind](path, db_path)
    assert file_digest(db_path) == before
    assert not list(db_path.parent.glob(".*.tmp*"))
    return caught.value


@pytest.mark.parametrize(
    "kind, text, column",
    [
        (
            "ita",
            "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\n"
            f"{'9' * 400},A1,กรมทดสอบ,ส่วนราชการระดับกรม,,88\n",
            "ปีงบประมาณ",
        ),
        ("indicator", f"ปี,x\n{'9' * 400},1\n", "ปี"),
    ],
)
def test_a_year_too_long_for_a_float_is_refused(kind, text, column, facts_db):
    # float("999…9") is inf and int(inf) raised OverflowError out of parse_year.
    path = facts_db.parent / "long_year.csv"
    path.write_text(text, encoding="utf-8")
    problem = refusal(kind, path, facts_db).problems[0]
    assert (problem.row, problem.column, problem.value) == (2, column, "9" * 400)
    assert "year" in problem.message


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_cell_over_the_csv_size_limit_is_refused(kind, facts_db):
    # An unclosed quote swallows the rest of the file into one cell; csv raised _csv.Error past 128 KiB.
    path = facts_db.parent / "unclosed.csv"
    path.write_text('ปี,ISO3,x\n2567,THA,1\n2568,"' + "x" * 200_000 + "\n", encoding="utf-8")
    problem = refusal(kind, path, facts_db).problems[0]
    assert problem.row == 3 and "quote" in problem.message and "field limit" in problem.message


def test_an_ita_row_with_only_its_first_cells_is_refused(facts_db):
    # Every row missing the fiscal year left the frame without that column: KeyError in _duplicates.
    path = facts_db.parent / "short.csv"
    path.write_text("รหัสหน่วยงาน,ปีงบประมาณ,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\nA1\n", encoding="utf-8")
    found = {(p.row, p.column) for p in refusal("ita", path, facts_db).problems}
    assert {(2, "ปีงบประมาณ"), (2, "คะแนนรวม")} <= found


@pytest.mark.parametrize("value", [str(10**30), str(2**40), "2147483648"])
@pytest.mark.parametrize("column", ["Rank 2024", "Number of sources 2024"])
def test_a_cpi_rank_or_source_count_too_large_to_store_is_refused(column, value, facts_db):
    # 10**30 overflowed pandas' Int64 and 2**40 DuckDB's integer column (an aborted transaction).
    path = facts_db.parent / "cpi.csv"
    path.write_text(f"Country;ISO3;CPI score 2024;{column}\nThailand;THA;34;{value}\n", encoding="utf-8")
    problem = refusal("cpi", path, facts_db).problems[0]
    assert (problem.row, problem.column, problem.value) == (2, column, value)
    assert "at most" in problem.message


@pytest.mark.parametrize(
    "header", ["Country 2020;ISO3;Year;CPI score", "Country 2023;ISO3;CPI score 2024;CPI score 2023"]
)
def test_a_cpi_country_column_only_for_another_year_is_refused(header, facts_db):
    # A country column with a year serves that year only; the other years' rows had none: KeyError.
    path = facts_db.parent / "cpi.csv"
    path.write_text(f"{header}\nThailand;THA;2020;34\n", encoding="utf-8")
    problem = refusal("cpi", path, facts_db).problems[0]
    assert problem.row == 1 and "no country column" in problem.message
