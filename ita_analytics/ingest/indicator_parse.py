"""Load and validate a researcher's own indicator file (national-year or province-year); nothing is written here.

The file is wide: a year column, an optional province column, and one column per indicator whose
header is the indicator's name. With a province column every row is a province-year, else a national-year.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import reference
from .errors import InputFileError, Problem, ProblemList
from .reading import cell_text, data_rows, parse_year, read_first_grid
from .text import NUMBER, THOUSANDS, ascii_digits, decimal, is_hidden, visible

YEAR_HEADERS = {"year", "ปี", "fiscalyear", "ปีงบประมาณ", "พศ", "คศ", "ปีพศ", "ปีคศ"}
PROVINCE_HEADERS = {"province", "จังหวัด", "provincecode", "รหัสจังหวัด", "changwat"}
#: Years accepted: C.E. 1900–2100 or B.E. 2443–2643 (the two ranges cannot be confused).
CE_YEARS = range(1900, 2101)
MAX_NAME = 80


@dataclass(frozen=True)
class ParsedIndicators:
    """A validated indicator file: long rows (indicator, level, year, province_code, value)."""

    values: pd.DataFrame
    level: str
    indicators: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)


def parse_value(text: str) -> float | None | str:
    """Return the number (ASCII or Thai digits; -0 is 0), None for blank, or what is wrong as a problem label key
    (Problem.labelled)."""
    if text == "":
        return None
    if text.endswith("%"):
        return "value_percent"
    text = ascii_digits(text)
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    value = decimal(text, NUMBER)
    if value is None:
        return "value_not_number"
    return value if math.isfinite(value) else "value_too_large"


def _columns(header: list[object], problems: ProblemList) -> tuple[int | None, int | None, dict[str, int]]:
    """Return (year column, province column, indicator name → column) and note bad headers (linear in columns).

    Names are stored in Unicode's composed form (NFC), so two spellings of one name are one name; a name holding
    a control or format character (zero-width, joiner, direction override) is refused, as it would show as a
    blank or as a duplicate of another.
    """
    year = province = None
    indicators: dict[str, int] = {}
    folded: set[str] = set()
    for index, raw in enumerate(header):
        name = unicodedata.normalize("NFC", cell_text(raw))
        key = reference.normalise_key(name)
        if not name:
            continue
        if key in YEAR_HEADERS:
            if year is None:
                year = index
            else:
                problems.labelled("year_twice", row=1, column_number=index + 1, value=name, first=year + 1)
        elif key in PROVINCE_HEADERS:
            if province is None:
                province = index
            else:
                problems.labelled("province_twice", row=1, column_number=index + 1, value=name, first=province + 1)
        elif any(map(is_hidden, name)):
            problems.labelled("name_hidden", row=1, column_number=index + 1, value=visible(name), shown=visible(name))
        elif len(name) > MAX_NAME:
            problems.labelled(
                "name_too_long", row=1, column_number=index + 1, value=name[:40] + "…", n=len(name), max=MAX_NAME
            )
        elif name.casefold() in folded:
            problems.labelled("name_twice", row=1, column_number=index + 1, value=name)
        else:
            indicators[name] = index
            folded.add(name.casefold())
    if year is None:
        problems.labelled("no_year_column", row=1)
    if not indicators:
        problems.labelled("no_indicator_column", row=1)
    return year, province, indicators


def _unnamed_values(header: list[object], rows: list[tuple[int, list[object]]], problems: ProblemList) -> None:
    named = [bool(cell_text(h)) for h in header]
    for number, row in rows:
        for index, cell in enumerate(row):
            if not (index < len(named) and named[index]) and cell_text(cell):
                problems.labelled("unnamed_column", row=number, column_number=index + 1, value=cell_text(cell))
                return  # once is enough to explain it


def parse_indicators(path: Path | str) -> ParsedIndicators:
    """Return the validated contents of an indicator file, or raise InputFileError listing every problem."""
    path = Path(path)
    grid = read_first_grid(path)
    rows = data_rows(grid)
    if not grid or not any(cell_text(c) for c in grid[0]):
        raise InputFileError(path.name, [Problem.labelled("header_first", row=1)])
    header = list(grid[0])
    problems = ProblemList()
    year_col, province_col, indicators = _columns(header, problems)
    if problems:
        raise InputFileError(path.name, problems)
    if not rows:
        raise InputFileError(path.name, [Problem.labelled("no_data_rows", row=2)])
    _unnamed_values(header, rows, problems)
    level = "national" if province_col is None else "province"
    year_name = cell_text(header[year_col])
    province_name = cell_text(header[province_col]) if province_col is not None else ""
    records, seen, filled = [], {}, set()

    def cell(row: list[object], index: int) -> str:
        return cell_text(row[index]) if index < len(row) else ""

    for number, row in rows:
        year_text = cell(row, year_col)
        year = parse_year(year_text, CE_YEARS)
        if year is None:
            problems.labelled(
                "not_a_year" if year_text else "year_empty", row=number, column=year_name, value=year_text
            )
        province = None
        if province_col is not None:
            province_text = cell(row, province_col)
            province = reference.match_province(province_text) if province_text else None
            if province is None:
                problems.labelled(
                    "unknown_province" if province_text else "province_empty",
                    row=number,
                    column=province_name,
                    value=province_text,
                )
        key = (year, province)
        if year is not None and (province_col is None or province is not None):
            if key in seen:
                problems.labelled(
                    "repeated_year_province" if province else "repeated_year",
                    row=number,
                    column=year_name,
                    value=year_text,
                    first=seen[key],
                )
            seen.setdefault(key, number)
        for name, index in indicators.items():
            text = cell(row, index)
            value = parse_value(text)
            if text:
                filled.add(name)
            if isinstance(value, str):
                problems.labelled(value, row=number, column=name, value=text)
            elif value is not None:
                records.append(
                    {"indicator": name, "level": level, "year": year, "province_code": province, "value": value}
                )
    values = pd.DataFrame(records, columns=["indicator", "level", "year", "province_code", "value"])
    for name in (n for n in indicators if n not in filled):
        problems.labelled("no_values", row=1, column=name)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise InputFileError(path.name, problems)
    values["year"] = values["year"].astype(int)
    values["province_code"] = values["province_code"].astype(object)
    return ParsedIndicators(values, level, tuple(indicators))
