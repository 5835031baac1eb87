"""Import Transparency International CPI results (TI's xlsx workbooks or CSV exports) into the database."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import db, reference
from .errors import InputFileError, Problem, ProblemList, WarningList
from .reading import Grid, cell_text, read_grids, sha256_of
from .text import NUMBER, ascii_digits, decimal, has_controls, visible, without_controls

SCORE_COLUMNS = (
    "year",
    "iso3",
    "country",
    "region",
    "score",
    "rank",
    "standard_error",
    "sources",
    "lower_ci",
    "upper_ci",
)
SOURCE_COLUMNS = ("year", "iso3", "source", "score")
FIRST_YEAR = 2012  # before 2012 TI scored 0–10; those scores are not comparable
HEADER_SCAN_ROWS = 10
MAX_WHOLE = 10_000  # ranks and source counts: ~180 countries, ~13 sources; larger is a typo, not a rank
MIN_COUNTRIES_FOR_YEAR = 100  # fewer means an extract (one region, a hand-made file), not the index
ASIA_PACIFIC = "AP"
_LAYOUT_PRIORITY = {"historical": 3, "timeseries": 2, "single_year": 1}
# Folded header text with any four-digit year taken out → field. SQL column names come only from here.
_FIELDS = {
    "iso3": "iso3",
    "year": "year",
    "country": "country",
    "country / territory": "country",
    "country/territory": "country",
    "region": "region",
    "cpi score": "score",
    "rank": "rank",
    "standard error": "standard_error",
    "sources": "sources",
    "number of sources": "sources",
    "lower ci": "lower_ci",
    "upper ci": "upper_ci",
}
_NUMERIC = ("score", "rank", "standard_error", "sources", "lower_ci", "upper_ci")
_TEXT = ("country", "region")  # stored as text: control characters are taken out (with a warning)
_WHOLE = ("rank", "sources")
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DTYPES = {
    "year": "int64",
    "score": "Float64",
    "rank": "Int64",
    "standard_error": "Float64",
    "sources": "Int64",
    "lower_ci": "Float64",
    "upper_ci": "Float64",
}


@dataclass(frozen=True)
class ParsedCpi:
    """What a CPI file holds, validated, before anything is written."""

    scores: pd.DataFrame  # SCORE_COLUMNS, one row per (year, iso3)
    source_scores: pd.DataFrame  # SOURCE_COLUMNS
    has_source_columns: bool
    layout: str
    sheet: str | None
    skipped_rows: int  # rows without ISO3: notes and totals such as 2017's "GLOBAL AVARAGE"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CpiImportSummary:
    """What one CPI import wrote."""

    file_name: str
    sha256: str
    sheet: str | None
    layout: str
    rows: int
    years: tuple[int, ...]
    sources: int
    import_id: int
    skipped_rows: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Column:
    index: int
    header: str  # as written in the file, for messages
    field: str  # a SCORE_COLUMNS name, "year" or "source"
    year: int | None
    source: str | None = None


@dataclass(frozen=True)
class _Table:
    sheet: str | None
    grid: Grid
    header_row: int  # 0-based index into grid
    columns: tuple[_Column, ...]
    layout: str | None
    years: tuple[int, ...]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _cell(row: list[object], index: int) -> object:
    return row[index] if index < len(row) else None


def _classify(index: int, header: str, sources: dict[str, str]) -> _Column | None:
    text = _fold(header)
    match = _YEAR_IN_HEADER.search(text)
    field = _FIELDS.get(" ".join(_YEAR_IN_HEADER.sub(" ", text).split()))
    if field:
        return _Column(index, header, field, int(match.group(1)) if match else None)
    source = sources.get(reference.normalise_key(header))
    return _Column(index, header, "source", None, source) if source else None


def _layout(columns: tuple[_Column, ...]) -> tuple[str | None, tuple[int, ...]]:
    yearless = {c.field for c in columns if c.year is None}
    years = tuple(sorted({c.year for c in columns if c.field == "score" and c.year is not None}))
    if {"year", "score"} <= yearless:
        return "historical", ()
    if years:
        return ("timeseries" if len(years) > 1 else "single_year"), years
    return None, ()


def _find_table(sheet: str | None, grid: Grid, sources: dict[str, str]) -> _Table | None:
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        headers = [cell_text(c) for c in row]
        if "iso3" in map(_fold, headers):
            columns = tuple(c for i, h in enumerate(headers) if (c := _classify(i, h, sources)))
            return _Table(sheet, grid, r, columns, *_layout(columns))
    return None


def _no_table_problem(grids: dict[str | None, Grid], tables: list[_Table]) -> Problem:
    where = "the file" if None in grids else "sheet(s) " + ", ".join(repr(s) for s in grids)
    if tables:
        found = "; ".join(f"{t.sheet or 'the file'} row {t.header_row + 1}" for t in tables)
        return Problem(
            f"found an ISO3 header ({found}) but no score column: expected 'Year' with "
            "'CPI score' (historical), or 'CPI score YYYY' for one or more years"
        )
    return Problem(
        f"no header row with an 'ISO3' cell in the first {HEADER_SCAN_ROWS} rows of {where}; "
        "expected TI's CPI columns: Country / Territory, ISO3, Region and 'CPI score' with Year, "
        "or 'CPI score YYYY'. TI's files before 2013 (such as CPI2012.xlsx) have no ISO3 "
        "column: take 2012 from a later file's 'CPI Historical' sheet"
    )


def _choose_table(path: Path, grids: dict[str | None, Grid]) -> _Table:
    sources = reference.cpi_source_lookup()
    tables = [t for name, grid in grids.items() if (t := _find_table(name, grid, sources))]
    usable = [t for t in tables if t.layout]
    if not usable:
        raise InputFileError(path.name, [_no_table_problem(grids, tables)])
    # The long historical sheet has every year, ranks and sources; among the others, more years win.
    return max(usable, key=lambda t: (_LAYOUT_PRIORITY[t.layout], len(t.years), len(t.grid)))


def _check_header(table: _Table, problems: ProblemList) -> None:
    row, seen = table.header_row + 1, {}
    for c in table.columns:
        key = (c.field, c.year, c.source)
        if key in seen:
            problems.append(Problem(f"duplicate column (same meaning as {seen[key]!r})", row, c.header))
        seen.setdefault(key, c.header)
        if c.field == "score" and c.year is not None and (message := _year_problem(c.year)):
            problems.append(Problem(message, row, c.header, c.year))
    if any("country" not in cols for _, cols in _slots(table)):  # "Country 2020" serves 2020 only
        problems.append(
            Problem("no country column (looked for 'Country' or 'Country / Territory' without a year)", row)
        )


def _year_problem(year: float) -> str | None:
    last = datetime.date.today().year + 1
    if float(year).is_integer() and FIRST_YEAR <= year <= last:
        return None
    return f"year must be a whole number {FIRST_YEAR}–{last}: CPI before {FIRST_YEAR} used a 0–10 scale"


def _to_float(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        try:
            value = float(raw) + 0.0  # -0.0 is stored as 0.0
        except OverflowError:
            return None
        return value if math.isfinite(value) else None
    text = ascii_digits(cell_text(raw))
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", text):
        text = text.replace(",", ".")  # TI's 2022/2023 CSVs were exported with a decimal comma
    value = decimal(text, NUMBER)  # not float(text): it takes "5_0", "nan" and every script's digits
    return value if value is not None and math.isfinite(value) else None


def _number(row: list[object], rownum: int, col: _Column, field: str, problems: ProblemList) -> float | int | None:
    text = cell_text(_cell(row, col.index))
    if not text:
        return None
    value = _to_float(_cell(row, col.index))
    if value is None:
        message = "is not a number"
    elif field in ("score", "source") and not 0 <= value <= 100:
        message = "must be between 0 and 100"
    elif field in _WHOLE and (value < 1 or not value.is_integer()):
        message = "must be a whole number of 1 or more"
    elif field in _WHOLE and value > MAX_WHOLE:
        message = f"must be at most {MAX_WHOLE}"
    elif field == "standard_error" and value < 0:
        message = "must not be negative"
    elif field == "year" and _year_problem(value):
        message = _year_problem(value)
    else:
        return int(value) if field in (*_WHOLE, "year") else value
    problems.append(Problem(message, rownum, col.header, text))
    return None


def _slots(table: _Table) -> list[tuple[int | None, dict[str, _Column]]]:
    # Which column holds each field, per year; year None means "read it from the Year column".
    yearless = {c.field: c for c in table.columns if c.year is None and c.field != "source"}
    if table.layout == "historical":
        return [(None, yearless)]
    if table.layout == "single_year":
        year = table.years[0]
        own = {c.field: c for c in table.columns if c.year == year}
        return [(year, {f: c for f, c in yearless.items() if f != "year"} | own)]
    shared = {f: c for f, c in yearless.items() if f in ("iso3", "country", "region")}
    return [(y, shared | {c.field: c for c in table.columns if c.year == y}) for y in table.years]


def _read_record(
    row: list[object], rownum: int, year: int | None, cols: dict[str, _Column], problems: ProblemList
) -> dict | None:
    values = {f: _number(row, rownum, c, f, problems) for f, c in cols.items() if f in _NUMERIC}
    if not cell_text(_cell(row, cols["score"].index)):
        if any(cell_text(_cell(row, cols[f].index)) for f in _NUMERIC if f in cols):
            problems.append(Problem("score is missing but other values are given", rownum, cols["score"].header))
        return None  # a blank score block means "not scored that year"
    if year is None:
        year = _number(row, rownum, cols["year"], "year", problems)
        if not cell_text(_cell(row, cols["year"].index)):
            problems.append(Problem("year is missing", rownum, cols["year"].header, ""))
    iso3 = cell_text(_cell(row, cols["iso3"].index))
    if not re.fullmatch(r"[A-Za-z]{3}", iso3):
        problems.append(Problem("ISO3 must be three letters", rownum, cols["iso3"].header, iso3))
        return None
    country = cell_text(_cell(row, cols["country"].index))
    if not country:
        problems.append(Problem("country name is missing", rownum, cols["country"].header, ""))
    region = cell_text(_cell(row, cols["region"].index)) if "region" in cols else ""
    record = {"year": year, "iso3": iso3.upper(), "country": country, "region": region or None}
    return record | values if year is not None else None


def _clean_text(row: list[object], rownum: int, columns: list[_Column], warnings: WarningList) -> None:
    """Take control characters out of the row's country and region cells, in place, with a warning for each."""
    for col in columns:
        text = cell_text(_cell(row, col.index))
        if has_controls(text):
            row[col.index] = cleaned = without_controls(text)
            if warnings.full:
                warnings.count_one()
            else:
                warnings.append(
                    f"row {rownum}, {col.header}: {visible(text)!r} holds control characters; stored as {cleaned!r}"
                )


def _parse_rows(table: _Table, problems: ProblemList, warnings: WarningList) -> tuple[list[dict], list[dict], int]:
    slots = _slots(table)
    iso3_col = slots[0][1]["iso3"]
    source_cols = [c for c in table.columns if c.field == "source"] if table.layout != "timeseries" else []
    text_cols = [c for c in table.columns if c.field in _TEXT]
    scores, sources, seen, skipped = [], [], {}, 0
    for r in range(table.header_row + 1, len(table.grid)):
        row, rownum = table.grid[r], r + 1
        if not cell_text(_cell(row, iso3_col.index)):
            skipped += any(cell_text(c) for c in row)
            continue
        _clean_text(row, rownum, text_cols, warnings)
        for year, cols in slots:
            record = _read_record(row, rownum, year, cols, problems)
            if record is None:
                continue
            key = (record["year"], record["iso3"])
            if key in seen:
                problems.append(
                    Problem(
                        f"{key[1]} {key[0]} appears twice (first on row {seen[key]})", rownum, iso3_col.header, key[1]
                    )
                )
                continue
            seen[key] = rownum
            scores.append(record)
            key_of = {"year": key[0], "iso3": key[1]}
            # A blank source cell means TI did not use that source for this country and year.
            sources += [
                {**key_of, "source": c.source, "score": v}
                for c in source_cols
                if (v := _number(row, rownum, c, "source", problems)) is not None
            ]
    return scores, sources, skipped


def _assemble(table: _Table, scores: list[dict], sources: list[dict], skipped: int, warnings: WarningList) -> ParsedCpi:
    frame = pd.DataFrame(scores, columns=SCORE_COLUMNS).astype(_DTYPES)
    source_frame = pd.DataFrame(sources, columns=SOURCE_COLUMNS).astype({"year": "int64", "score": "Float64"})
    has_sources = table.layout != "timeseries" and any(c.field == "source" for c in table.columns)
    return ParsedCpi(frame, source_frame, has_sources, table.layout, table.sheet, skipped, tuple(warnings.finished()))


def parse_cpi(file: Path | str) -> ParsedCpi:
    """Read and validate a TI CPI file (xlsx or CSV) without touching the database."""
    path = Path(file)
    table = _choose_table(path, read_grids(path))
    problems, warnings = ProblemList(), WarningList()
    _check_header(table, problems)
    scores, sources, skipped = ([], [], 0) if problems else _parse_rows(table, problems, warnings)
    if not scores and not problems:
        problems.append(Problem(f"no data rows below the header on row {table.header_row + 1}"))
    if problems:  # a bad ISO3 in a timeseries row would otherwise be reported once per year
        raise InputFileError(path.name, list(dict.fromkeys(problems)), more=problems.dropped)
    return _assemble(table, scores, sources, skipped, warnings)


def _year_stats(parsed: ParsedCpi) -> pd.DataFrame:
    """Return countries and means of each year the file covers as a global index does."""
    scores = parsed.scores
    stats = scores.groupby("year")["score"].agg(countries="count", global_mean="mean")
    stats["asia_pacific_mean"] = scores[scores["region"] == ASIA_PACIFIC].groupby("year")["score"].mean()
    stats = stats[stats["countries"] >= MIN_COUNTRIES_FOR_YEAR].round(2).reset_index()
    return stats.astype({"year": "int64", "countries": "int64"})


def import_cpi(file: Path | str, db_path: Path | str | None = None) -> CpiImportSummary:
    """Validate a TI CPI file and upsert it into cpi_scores, cpi_source_scores and cpi_years atomically."""
    path = Path(file)
    parsed = parse_cpi(path)
    sha = sha256_of(path)
    with db.atomic_write(db_path) as con:
        import_id = db.record_import(con, "cpi", path.name, sha, len(parsed.scores), synthetic=False)
        with db.registered(
            con, staged_cpi=parsed.scores, staged_cpi_sources=parsed.source_scores, staged_cpi_years=_year_stats(parsed)
        ):
            db.execute(con, "cpi_upsert_scores", import_id=import_id)
            if parsed.has_source_columns:
                db.execute(con, "cpi_delete_source_scores")
                db.execute(con, "cpi_insert_source_scores")
            db.execute(con, "cpi_upsert_years")
    written = len(parsed.source_scores) if parsed.has_source_columns else 0
    years = tuple(sorted(parsed.scores["year"].unique().tolist()))
    return CpiImportSummary(
        path.name,
        sha,
        parsed.sheet,
        parsed.layout,
        len(parsed.scores),
        years,
        written,
        import_id,
        parsed.skipped_rows,
        parsed.warnings,
    )
