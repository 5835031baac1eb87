"""Load and validate an ITA agency-results file (CSV or XLSX) into clean frames; nothing is written here."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import ratings, reference
from .errors import InputFileError, Problem, ProblemList, WarningList
from .reading import cell_text, data_rows, parse_year, read_first_grid
from .text import decimal, has_controls, visible, without_controls

FLAGS = {
    "ใช่": True,
    "yes": True,
    "true": True,
    "1": True,
    "y": True,
    "ไม่ใช่": False,
    "no": False,
    "false": False,
    "0": False,
    "n": False,
}
CE_YEARS = range(2018, 2058)  # B.E. 2561–2600
SCORE_FIELDS = ["score", "iit", "eit", "eit1", "eit2", "oit", *[f"i{n}" for n in range(1, 11)]]
#: Fields stored as text: control characters are taken out of them (with a warning), never stored.
TEXT_FIELDS = frozenset({"agency_code", "agency_name", "agency_name_en", "ministry"})


@dataclass(frozen=True)
class ParsedIta:
    """A validated ITA file: one row per agency-year, and the agencies' latest attributes."""

    results: pd.DataFrame
    agencies: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


@functools.cache
def columns() -> pd.DataFrame:
    """Return the import columns (data/ita_import_columns.csv): field, headers, required, kind."""
    return reference.read_fact("ita_import_columns").fillna({"aliases": ""})


def _header_key(text: object) -> str:
    return re.sub(r"[\s_]+", "", cell_text(text)).casefold()


@functools.cache
def _header_lookup() -> dict[str, str]:
    lookup = {}
    for row in columns().itertuples():
        for name in [row.field, row.header_th, row.header_en, *filter(None, row.aliases.split("|"))]:
            lookup[_header_key(name)] = row.field
    return lookup


def _map_header(header: list[object], problems: ProblemList, warnings: WarningList) -> dict[str, int]:
    """Return field → column index, adding problems for missing or doubled columns."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _header_key(name)
        if not key:
            continue
        field_name = _header_lookup().get(key)
        if field_name is None:
            warnings.append(f"column {visible(cell_text(name))!r} is not an ITA field and was ignored")
        elif field_name in found:
            problems.append(
                Problem(f"column appears twice (also column {found[field_name] + 1})", row=1, column=cell_text(name))
            )
        else:
            found[field_name] = index
    for row in columns().itertuples():
        if row.required in ("yes", "conditional") and row.field not in found:
            problems.append(
                Problem(
                    f"required column is missing (Thai header {row.header_th!r}, English {row.header_en!r})",
                    row=1,
                    column=row.header_th,
                )
            )
    return found


def _score(text: str) -> float | None | str:
    """Return the number, None for blank, or an error message."""
    if text == "":
        return None
    value = decimal(text)  # ASCII or Thai digits; -0 is 0
    if value is None:
        return "is not a number"
    return value if 0 <= value <= 100 else "is outside 0–100"


class _RowReader:
    """Turns one data row into a record, adding a Problem for every bad cell."""

    def __init__(self, header: list[object], index: dict[str, int], problems: ProblemList, warnings: WarningList):
        self.header, self.index, self.problems, self.warnings = header, index, problems, warnings
        self.types = reference.agency_types().set_index("type_code")["type_group"]

    def cell(self, row: list[object], name: str) -> str:
        i = self.index.get(name)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    def bad(self, number: int, name: str, value: object, message: str) -> None:
        if self.problems.full:  # past MAX_PROBLEMS only the count is kept: build nothing
            self.problems.count_one()
            return
        self.problems.append(Problem(message, row=number, column=cell_text(self.header[self.index[name]]), value=value))

    def text(self, number: int, name: str, value: str) -> str:
        """Return a text field without control characters, warning (row, column, value) when any were taken out."""
        if not has_controls(value):
            return value
        cleaned = without_controls(value)
        if self.warnings.full:
            self.warnings.count_one()
        else:
            column = cell_text(self.header[self.index[name]])
            self.warnings.append(
                f"row {number}, {column}: {visible(value)!r} holds control characters; stored as {cleaned!r}"
            )
        return cleaned

    def read(self, number: int, row: list[object]) -> dict[str, object]:
        record: dict[str, object] = {"row": number, "fiscal_year": None}
        text = {name: self.cell(row, name) for name in self.index}
        for name in TEXT_FIELDS & text.keys():
            text[name] = self.text(number, name, text[name])
        for name in ("fiscal_year", "agency_code", "agency_name", "agency_type", "score"):
            if text.get(name, "") == "":
                self.bad(number, name, "", "is empty; this column is required")
        if text["fiscal_year"]:
            record["fiscal_year"] = year = parse_year(text["fiscal_year"], CE_YEARS)
            if year is None:
                self.bad(
                    number,
                    "fiscal_year",
                    text["fiscal_year"],
                    "is not a fiscal year: use B.E. 2561–2600 (e.g. 2568) or C.E. 2018–2057",
                )
        record["agency_code"] = text["agency_code"]
        record["name_th"] = text["agency_name"]
        record["name_en"] = text.get("agency_name_en") or None
        record["ministry"] = text.get("ministry") or None
        self._type_and_province(number, text, record)
        for name in SCORE_FIELDS:
            if name in text:
                value = _score(text[name])
                if isinstance(value, str):
                    self.bad(number, name, text[name], value)
                record[name] = None if isinstance(value, str) else value
        self._flag(number, text, record)
        return record

    def _type_and_province(self, number: int, text: dict[str, str], record: dict[str, object]) -> None:
        type_code = reference.match_type(text["agency_type"]) if text["agency_type"] else None
        if text["agency_type"] and type_code is None:
            self.bad(number, "agency_type", text["agency_type"], "is not a known agency type (allowed: see below)")
        record["type_code"] = type_code
        province_text = text.get("province", "")
        province = reference.match_province(province_text) if province_text else None
        if province_text and province is None:
            self.bad(number, "province", province_text, "is not a known province (allowed: see below)")
        group = self.types.get(type_code)
        if group in ("local", "provincial") and not province_text:
            self.bad(number, "province", "", f"is empty; it is required for {type_code} agencies")
        record["province_code"] = None if group == "central" else province
        record["central_with_province"] = group == "central" and province is not None

    def _flag(self, number: int, text: dict[str, str], record: dict[str, object]) -> None:
        raw = text.get("iso37001", "")
        record["iso37001"] = FLAGS.get(raw.casefold()) if raw else None
        if raw and raw.casefold() not in FLAGS:
            self.bad(number, "iso37001", raw, "is not a yes/no value: use ใช่/ไม่ใช่, yes/no, true/false or 1/0")


def _hints() -> list[str]:
    types = reference.read_fact("agency_types")
    allowed_types = "; ".join(f"{r.name_th} ({r.type_code})" for r in types.itertuples())
    provinces = ", ".join(reference.provinces()["name_th"])
    return [
        f"Allowed agency types: {allowed_types}; or the abbreviations อบต., ทต., ทม., ทน., อบจ.",
        f"Allowed provinces (Thai or English name, or the 2-digit code): {provinces}",
    ]


def _duplicates(frame: pd.DataFrame, problems: ProblemList) -> None:
    doubled = frame[frame.duplicated(["fiscal_year", "agency_code"], keep=False)]
    for (year, code), rows in doubled.groupby(["fiscal_year", "agency_code"])["row"]:
        listed = ", ".join(str(r) for r in rows)
        problems.append(
            Problem(
                f"appears more than once for FY{int(year) + 543} (rows {listed})",
                row=int(rows.iloc[0]),
                column="รหัสหน่วยงาน",
                value=code,
            )
        )


def parse_ita(path: Path | str) -> ParsedIta:
    """Return the validated contents of an ITA results file, or raise InputFileError listing every problem."""
    path = Path(path)
    grid = read_first_grid(path)
    if not any(any(cell_text(c) for c in row) for row in grid):
        raise InputFileError(path.name, [Problem("the file has no header row and no data")])
    problems = ProblemList()
    warnings = WarningList()
    header = list(grid[0])
    index = _map_header(header, problems, warnings)
    if problems:
        raise InputFileError(path.name, problems)
    rows = data_rows(grid)
    if not rows:
        raise InputFileError(path.name, [Problem("the file has a header but no data rows", row=2)])
    reader = _RowReader(header, index, problems, warnings)
    frame = pd.DataFrame([reader.read(number, row) for number, row in rows])
    _duplicates(frame.dropna(subset=["fiscal_year"]), problems)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        unknown = any("allowed: see below" in p.message for p in problems)
        raise InputFileError(path.name, problems, _hints() if unknown else None)
    return _finish(frame, warnings)


def _check_totals(frame: pd.DataFrame, warnings: WarningList) -> None:
    """Warn (row, values) where a row's total is not its tools' weighted sum under its year's weights."""
    expected = ratings.expected_total(frame)
    off = (expected - frame["score"]).abs() > ratings.TOTAL_TOLERANCE
    for row in frame[off].assign(expected=expected[off]).itertuples():
        framework = ratings.framework_for(int(row.fiscal_year))
        tools = ", ".join(f"{tool.upper()} {getattr(row, tool):g} × {weight:g}" for tool, weight in framework.weights)
        warnings.append(
            f"row {row.row}: the total {row.score:g} differs from its tools under FY{int(row.fiscal_year) + 543}'s "
            f"weights ({tools} = {row.expected:.2f}); the total is stored as given"
        )


def _finish(frame: pd.DataFrame, warnings: WarningList) -> ParsedIta:
    """Return the parsed file's results and agencies, with derived rating and pass flag."""
    moved = int(frame.pop("central_with_province").sum())
    if moved:
        warnings.append(f"{moved} central agencies had a province; central agencies are stored without one")
    frame["fiscal_year"] = frame["fiscal_year"].astype(int)
    for name in SCORE_FIELDS:
        frame[name] = pd.to_numeric(frame.get(name), errors="coerce") if name in frame else float("nan")
    # From FY2023 the EIT has two parts; a file that gives only the parts gets the EIT as their mean.
    only_parts = frame["eit"].isna() & frame["eit1"].notna() & frame["eit2"].notna()
    frame.loc[only_parts, "eit"] = ((frame["eit1"] + frame["eit2"]) / 2).round(2)
    _check_totals(frame, warnings)
    frame["rating"] = ratings.rating(frame)
    frame["passed"] = ratings.passed(frame["score"])
    latest = frame.sort_values(["fiscal_year", "row"]).drop_duplicates("agency_code", keep="last")
    agencies = latest[
        ["agency_code", "name_th", "name_en", "type_code", "province_code", "ministry", "iso37001", "fiscal_year"]
    ].rename(columns={"fiscal_year": "latest_year"})
    results = frame[["fiscal_year", "agency_code", *SCORE_FIELDS, "rating", "passed"]]
    return ParsedIta(results.reset_index(drop=True), agencies.reset_index(drop=True), warnings.finished())
