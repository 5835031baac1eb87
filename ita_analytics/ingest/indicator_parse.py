"""Load and validate a researcher's own indicator file (national-year or province-year); nothing is written here.

The file is wide: a year column, an optional province column, and one column per indicator whose
header is the indicator's name. With a province column every row is a province-year, else a national-year.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import reference
from .errors import InputFileError, Problem
from .reading import cell_text, data_rows, parse_year, read_first_grid

YEAR_HEADERS = {"year", "ปี", "fiscalyear", "ปีงบประมาณ", "พศ", "คศ", "ปีพศ", "ปีคศ"}
PROVINCE_HEADERS = {"province", "จังหวัด", "provincecode", "รหัสจังหวัด", "changwat"}
#: Years accepted: C.E. 1900–2100 or B.E. 2443–2643 (the two ranges cannot be confused).
CE_YEARS = range(1900, 2101)
MAX_NAME = 80
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class ParsedIndicators:
    """A validated indicator file: long rows (indicator, level, year, province_code, value)."""

    values: pd.DataFrame
    level: str
    indicators: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)


def parse_value(text: str) -> float | None | str:
    """Return the number, None for blank, or an error message."""
    if text == "":
        return None
    if text.endswith("%"):
        return "has a % sign: write the number alone (12.5) and say the unit in the column header"
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    if not NUMBER.match(text):
        return "is not a number"
    value = float(text)
    return value if math.isfinite(value) else "is too large to store"


def _columns(header: list[object], problems: list[Problem]) -> tuple[int | None, int | None, dict[str, int]]:
    """Return (year column, province column, indicator name → column) and note bad headers."""
    year = province = None
    indicators: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = cell_text(raw)
        key = reference.normalise_key(name)
        if not name:
            continue
        if key in YEAR_HEADERS and year is None:
            year = index
        elif key in PROVINCE_HEADERS and province is None:
            province = index
        elif len(name) > MAX_NAME:
            problems.append(Problem(f"is too long for an indicator name ({len(name)} characters; at most "
                                    f"{MAX_NAME})", row=1, column=f"column {index + 1}", value=name[:40] + "…"))
        elif name.casefold() in {n.casefold() for n in indicators}:
            problems.append(Problem("names an indicator twice", row=1, column=f"column {index + 1}", value=name))
        else:
            indicators[name] = index
    if year is None:
        problems.append(Problem("no year column: name one 'ปี' or 'year' (B.E. or C.E. years)", row=1))
    if not indicators:
        problems.append(Problem("no indicator column: besides the year (and province) column, each column "
                                "is one indicator, named by its header", row=1))
    return year, province, indicators


def _unnamed_values(header: list[object], rows: list[tuple[int, list[object]]], problems: list[Problem]) -> None:
    for number, row in rows:
        for index, cell in enumerate(row):
            named = index < len(header) and cell_text(header[index])
            if not named and cell_text(cell):
                problems.append(Problem("is in a column without a header; name the column (the indicator)",
                                        row=number, column=f"column {index + 1}", value=cell_text(cell)))
                return  # once is enough to explain it


def parse_indicators(path: Path | str) -> ParsedIndicators:
    """Return the validated contents of an indicator file, or raise InputFileError listing every problem."""
    path = Path(path)
    grid = read_first_grid(path)
    rows = data_rows(grid)
    if not grid or not any(cell_text(c) for c in grid[0]):
        raise InputFileError(path.name, [Problem("the first row must be the header: ปี/year, "
                                                 "optionally จังหวัด/province, then one column per indicator",
                                                 row=1)])
    header = list(grid[0])
    problems: list[Problem] = []
    year_col, province_col, indicators = _columns(header, problems)
    if problems:
        raise InputFileError(path.name, problems)
    if not rows:
        raise InputFileError(path.name, [Problem("the file has a header but no data rows", row=2)])
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
            problems.append(Problem("is empty; every row needs its year" if not year_text else
                                    "is not a year: use B.E. (e.g. 2568) or C.E. (e.g. 2025)",
                                    row=number, column=year_name, value=year_text))
        province = None
        if province_col is not None:
            province_text = cell(row, province_col)
            province = reference.match_province(province_text) if province_text else None
            if province is None:
                problems.append(Problem("is empty; the file has a province column, so every row needs one"
                                        if not province_text else
                                        "is not a known province (Thai or English name, or the 2-digit code)",
                                        row=number, column=province_name, value=province_text))
        key = (year, province)
        if year is not None and (province_col is None or province is not None):
            if key in seen:
                what = "this year and province" if province else "this year"
                problems.append(Problem(f"appears more than once for {what} (first in row {seen[key]})",
                                        row=number, column=year_name, value=year_text))
            seen.setdefault(key, number)
        for name, index in indicators.items():
            value = parse_value(cell(row, index))
            filled.update([name] if cell(row, index) else [])
            if isinstance(value, str):
                problems.append(Problem(value, row=number, column=name, value=cell(row, index)))
            elif value is not None:
                records.append({"indicator": name, "level": level, "year": year, "province_code": province,
                                "value": value})
    values = pd.DataFrame(records, columns=["indicator", "level", "year", "province_code", "value"])
    for name in (n for n in indicators if n not in filled):
        problems.append(Problem("has no values", row=1, column=name))
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise InputFileError(path.name, problems)
    values["year"] = values["year"].astype(int)
    values["province_code"] = values["province_code"].astype(object)
    return ParsedIndicators(values, level, tuple(indicators))
