"""Load and validate an ITA agency-results file (CSV or XLSX) into clean frames; nothing is written here."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import ratings, reference
from . import identity
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
TEXT_FIELDS = frozenset(
    {
        "agency_code",
        "agency_name",
        "agency_name_en",
        "ministry",
        "district",
        "published_rating",
        "source_url",
        "contact_name",
        "contact_phone",
        "contact_email",
    }
)
#: Longest text a cell of these fields may hold (a name, a district, a band, an address).
MAX_TEXT = 300


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


def _map_header(
    header: list[object], problems: ProblemList, warnings: WarningList, year: int | None = None
) -> dict[str, int]:
    """Return field → column index, adding problems for missing or doubled columns (the year's column is not needed
    when the year is given for the whole file, and must not be there then)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _header_key(name)
        if not key:
            continue
        field_name = _header_lookup().get(key)
        if field_name is None:
            warnings.append(f"column {visible(cell_text(name))!r} is not an ITA field and was ignored")
        elif field_name == "ignored":  # a row number (ลำดับ, #): nothing to import
            continue
        elif field_name in found:
            problems.append(
                Problem(f"column appears twice (also column {found[field_name] + 1})", row=1, column=cell_text(name))
            )
        else:
            found[field_name] = index
    if year is not None and "fiscal_year" in found:
        problems.append(
            Problem(
                "the file has a fiscal year column: a year given for the whole file (--year) is for files without one",
                row=1,
                column=cell_text(header[found["fiscal_year"]]),
            )
        )
    for row in columns().itertuples():
        if row.field == "fiscal_year" and year is not None:
            continue
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

    def __init__(
        self,
        header: list[object],
        index: dict[str, int],
        problems: ProblemList,
        warnings: WarningList,
        year: int | None = None,
    ):
        self.header, self.index, self.problems, self.warnings = header, index, problems, warnings
        self.year = year
        self.types = reference.agency_types().set_index("type_code")["type_group"]
        self.unstated_types: list[int] = []  # rows whose type neither a column nor the name gives
        self.unstated_provinces: list[int] = []  # local bodies without a province

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
        from . import names  # PyThaiNLP-backed: loaded when a file is read, not with the package

        record: dict[str, object] = {"row": number, "fiscal_year": None}
        text = {name: self.cell(row, name) for name in self.index}
        for name in TEXT_FIELDS & text.keys():
            text[name] = self.text(number, name, text[name])
            if len(text[name]) > MAX_TEXT:
                self.bad(number, name, text[name][:40] + "…", f"is longer than {MAX_TEXT} characters")
        for name in ("fiscal_year", "agency_name", "score"):
            if name in self.index and text.get(name, "") == "":
                self.bad(number, name, "", "is empty; this column is required")
        if self.year is not None:
            record["fiscal_year"] = self.year
        elif text["fiscal_year"]:
            record["fiscal_year"] = year = parse_year(text["fiscal_year"], CE_YEARS)
            if year is None:
                self.bad(
                    number,
                    "fiscal_year",
                    text["fiscal_year"],
                    "is not a fiscal year: use B.E. 2561–2600 (e.g. 2568) or C.E. 2018–2057",
                )
        record["agency_code"] = text.get("agency_code") or None
        record["name_th"] = names.clean_name(text["agency_name"])
        record["name_en"] = text.get("agency_name_en") or None
        record["ministry"] = text.get("ministry") or None
        record["district"] = text.get("district") or names.district_from_name(record["name_th"])
        record["published_rating"] = text.get("published_rating") or None
        record["source_url"] = text.get("source_url") or None
        for name in ("contact_name", "contact_phone", "contact_email"):
            record[name] = text.get(name) or None
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
        """Read the type and province from their columns, else from the name; a given but unknown one is a problem."""
        from . import names

        given_type = text.get("agency_type", "")
        type_code = reference.match_type(given_type) if given_type else names.type_from_name(record["name_th"])
        if given_type and type_code is None:
            self.bad(number, "agency_type", given_type, "is not a known agency type (allowed: see below)")
        if type_code is None and not given_type:
            type_code = reference.NOT_STATED
            self.unstated_types.append(number)
        record["type_code"] = type_code
        record["type_given"] = bool(given_type)
        province_text = text.get("province", "")
        province = reference.match_province(province_text) if province_text else None
        if province_text and province is None:
            self.bad(number, "province", province_text, "is not a known province (allowed: see below)")
        if not province_text:
            province = names.province_from_name(record["name_th"])
        group = self.types.get(type_code)
        if group in ("local", "provincial") and province is None and not province_text:
            self.unstated_provinces.append(number)
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
    for (year, code), rows in doubled.groupby(["fiscal_year", "agency_code"]):
        listed = ", ".join(str(r) for r in rows["row"])
        named = str(code).startswith(identity.NAMED_PREFIX)  # known by name: say the name, not the made-up code
        problems.append(
            Problem(
                f"appears more than once for FY{int(year) + 543} (rows {listed})"
                + (": these names read as one agency in one province" if named else ""),
                row=int(rows["row"].iloc[0]),
                column="ชื่อหน่วยงาน" if named else "รหัสหน่วยงาน",
                value=rows["name_th"].iloc[0] if named else code,
            )
        )


def _unstated(reader: _RowReader, warnings: WarningList) -> None:
    """Warn, with their rows, about agencies kept with their type or province 'not stated'."""
    for rows, what in ((reader.unstated_types, "the type"), (reader.unstated_provinces, "the province")):
        if rows:
            listed = ", ".join(str(r) for r in rows[:30]) + (f" and {len(rows) - 30} more" if len(rows) > 30 else "")
            warnings.append(
                f"{len(rows)} rows (rows {listed}): neither a column nor the name gives {what}; "
                "kept as 'not stated' (ไม่ระบุ)"
            )


def parse_ita(path: Path | str, year: int | None = None) -> ParsedIta:
    """Return the validated contents of an ITA results file, or raise InputFileError listing every problem.

    year (B.E. or C.E.) is the fiscal year of a file that has no year column (an ITAS report page, a news table)."""
    path = Path(path)
    if year is not None:
        given = parse_year(str(year), CE_YEARS)
        if given is None:
            raise ValueError(f"{year!r} is not a fiscal year: use B.E. 2561–2600 (e.g. 2568) or C.E. 2018–2057")
        year = given
    grid = read_first_grid(path)
    if not any(any(cell_text(c) for c in row) for row in grid):
        raise InputFileError(path.name, [Problem("the file has no header row and no data")])
    problems = ProblemList()
    warnings = WarningList()
    header = list(grid[0])
    index = _map_header(header, problems, warnings, year)
    if problems:
        raise InputFileError(path.name, problems)
    rows = data_rows(grid)
    if not rows:
        raise InputFileError(path.name, [Problem("the file has a header but no data rows", row=2)])
    reader = _RowReader(header, index, problems, warnings, year)
    frame = pd.DataFrame([reader.read(number, row) for number, row in rows])
    if not problems:  # identities need every name, type and province read
        frame = identity.assign_codes(frame, problems)
        _duplicates(frame.dropna(subset=["fiscal_year"]), problems)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        unknown = any("allowed: see below" in p.message for p in problems)
        raise InputFileError(path.name, problems, _hints() if unknown else None)
    _unstated(reader, warnings)
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


def _check_published_bands(frame: pd.DataFrame, warnings: WarningList) -> None:
    """Warn (row, values) where the band a file printed is not the one its year's scheme gives the row."""
    printed = frame["published_rating"].map(ratings.band_from_text)
    differs = printed.notna() & frame["rating"].notna() & (printed != frame["rating"])
    for row in frame[differs].assign(printed=printed[differs]).itertuples():
        warnings.append(
            f"row {row.row}: the file gives the band {row.published_rating!r}, FY{int(row.fiscal_year) + 543}'s scheme "
            f"gives {ratings.band_name(row.rating, 'en')!r} for a total of {row.score:g}; both are kept"
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
    _check_published_bands(frame, warnings)
    latest = frame.sort_values(["fiscal_year", "row"]).drop_duplicates("agency_code", keep="last")
    agencies = latest[
        [
            "agency_code",
            "name_th",
            "name_en",
            "type_code",
            "province_code",
            "district",
            "ministry",
            "iso37001",
            "name_key",
            "contact_name",
            "contact_phone",
            "contact_email",
            "fiscal_year",
        ]
    ].rename(columns={"fiscal_year": "latest_year"})
    results = frame[["fiscal_year", "agency_code", *SCORE_FIELDS, "rating", "passed", "published_rating", "source_url"]]
    return ParsedIta(results.reset_index(drop=True), agencies.reset_index(drop=True), warnings.finished())
