"""Tests for the CPI importer: TI's own files read in place, and small hand-made good and bad inputs."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from conftest import CPI_REFERENCE, file_digest

from ita_analytics.ingest.cpi import import_cpi, parse_cpi
from ita_analytics.ingest.errors import InputFileError

REFERENCE = Path(os.environ.get("ITA_CPI_REFERENCE") or CPI_REFERENCE)
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"TI's CPI reference files are not at {REFERENCE} (set ITA_CPI_REFERENCE)"
)
# Thailand's latest year in each ti-cpi CSV: (year, score, rank), as published by TI.
CSV_LATEST = {
    "CPI2022_GlobalResultsTrends.csv": (2022, 36, 101),
    "CPI2023_GlobalResultsTrends.csv": (2023, 35, 108),
    "CPI2024_GlobalResultsTrends.csv": (2024, 34, 107),
}
HEADER = "Country / Territory;ISO3;Region;CPI score 2024;Rank 2024"


@pytest.fixture
def db_path(facts_db: Path) -> Path:
    """A fresh database from build_database(demo=False): schema and shipped facts (conftest)."""
    return facts_db


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def tha(db: Path, year: int, columns: str = "score, rank") -> tuple:
    return rows(db, f"select {columns} from cpi_scores where iso3 = 'THA' and year = ?", [year])[0]


def write(tmp_path: Path, text: str, name: str = "cpi.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(db: Path) -> dict[str, list[tuple]]:
    columns = "year, iso3, country, region, score, rank, standard_error, sources, lower_ci, upper_ci"
    return {
        "scores": rows(db, f"select {columns} from cpi_scores order by year, iso3"),
        "sources": rows(db, "select * from cpi_source_scores order by year, iso3, source"),
        "years": rows(db, "select * from cpi_years order by year"),
    }


# --- TI's real files -------------------------------------------------------------------------------


@needs_reference
def test_2025_results_reads_the_historical_sheet(db_path: Path) -> None:
    summary = import_cpi(REFERENCE / "CPI2025_Results.xlsx", db_path)
    assert (summary.layout, summary.sheet) == ("historical", "CPI Historical")
    assert summary.years == tuple(range(2012, 2026))
    assert summary.rows == 2494  # README: 176+177+175+168+176+180×8+182 countries
    assert tha(db_path, 2025) == (33, 116)
    assert tha(db_path, 2012) == (37, 88)
    assert rows(db_path, "select countries, global_mean, asia_pacific_mean from cpi_years where year = 2025") == [
        (182, 42.47, 44.84)
    ]
    sources = dict(rows(db_path, "select source, score from cpi_source_scores where iso3 = 'THA' and year = 2025"))
    assert len(sources) == 9
    assert sources["PERC Asia Risk Guide"] == pytest.approx(44.79, abs=0.005)
    assert tha(db_path, 2025, "import_id") == (summary.import_id,)


@needs_reference
def test_2023_workbook_uses_the_internal_historical_sheet(db_path: Path) -> None:
    summary = import_cpi(REFERENCE / "CPI2023_GlobalResultsTrends.xlsx", db_path)
    assert (summary.layout, summary.sheet) == ("historical", "CPI Historical (internal)")
    assert tha(db_path, 2023) == (35, 108)
    assert tha(db_path, 2025) == (33, 116)  # shipped row for a year the file lacks is kept


@needs_reference
def test_2025_and_2023_files_agree_for_thailand() -> None:
    def thailand(name: str) -> dict[int, float]:
        scores = parse_cpi(REFERENCE / name).scores
        return dict(scores.loc[(scores["iso3"] == "THA") & (scores["year"] <= 2023), ["year", "score"]].values)

    newer, older = thailand("CPI2025_Results.xlsx"), thailand("CPI2023_GlobalResultsTrends.xlsx")
    assert sorted(newer) == list(range(2012, 2024))
    assert newer == older


@needs_reference
@pytest.mark.parametrize("name", sorted(CSV_LATEST))
def test_ti_cpi_csv_is_a_timeseries_that_keeps_shipped_columns(db_path: Path, name: str) -> None:
    before_sources = rows(db_path, "select count(*) from cpi_source_scores")
    summary = import_cpi(REFERENCE / "ti-cpi_csv" / name, db_path)
    year, score, rank = CSV_LATEST[name]
    assert (summary.layout, summary.sheet, summary.sources) == ("timeseries", None, 0)
    assert summary.years == tuple(range(2012, year + 1))
    assert tha(db_path, year) == (score, rank)
    assert tha(db_path, 2019, "lower_ci, upper_ci") == (31.985, 40.015)  # not in the CSV: kept
    assert tha(db_path, 2014, "rank") == (85,)  # the CSV has no rank before 2017: kept
    assert rows(db_path, "select count(*) from cpi_source_scores") == before_sources


@needs_reference
def test_decimal_comma_csv_reads_standard_errors_as_numbers() -> None:
    comma = parse_cpi(REFERENCE / "ti-cpi_csv/CPI2022_GlobalResultsTrends.csv").scores
    dot = parse_cpi(REFERENCE / "ti-cpi_csv/CPI2024_GlobalResultsTrends.csv").scores

    def pick(frame: pd.DataFrame) -> float:
        return frame.loc[(frame["iso3"] == "THA") & (frame["year"] == 2022), "standard_error"].item()

    # The CSV holds "1,09": TI's 1.092 rounded to two decimals by the Excel export.
    assert pick(comma) == pytest.approx(1.09, abs=1e-9)
    assert pick(comma) == pytest.approx(1.092, abs=0.005)
    assert pick(comma) == pick(dot)


@needs_reference
def test_cpi2017_workbook(db_path: Path) -> None:
    summary = import_cpi(REFERENCE / "CPI2017.xlsx", db_path)
    assert (summary.layout, summary.sheet) == ("timeseries", "CPI historical data 2012-2017")
    assert tha(db_path, 2017, "score, standard_error, sources") == (37, 2.03, 9)
    assert tha(db_path, 2017, "rank") == (96,)  # that sheet has no rank: the shipped one stays


@needs_reference
def test_cpi2012_without_iso3_is_refused_clearly(db_path: Path) -> None:
    before = file_digest(db_path)
    with pytest.raises(InputFileError) as caught:
        import_cpi(REFERENCE / "CPI2012.xlsx", db_path)
    assert "ISO3" in str(caught.value) and "'CPI 2012'" in str(caught.value)
    assert file_digest(db_path) == before


@needs_reference
def test_reimport_is_idempotent(db_path: Path) -> None:
    first = import_cpi(REFERENCE / "CPI2025_Results.xlsx", db_path)
    before = snapshot(db_path)
    second = import_cpi(REFERENCE / "CPI2025_Results.xlsx", db_path)
    assert snapshot(db_path) == before
    assert second.import_id == first.import_id + 1
    assert rows(db_path, "select count(*) from imports where kind = 'cpi'") == [(2,)]
    assert rows(db_path, "select distinct import_id from cpi_scores where year = 2025") == [(second.import_id,)]


# --- hand-made files -------------------------------------------------------------------------------


def test_upsert_semantics_by_hand(db_path: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Country / Territory;ISO3;Region;CPI score 2024;Rank 2024;CPI score 2023\n"
        "Thailand;THA;AP;40;90;41,5\n"
        "Atlantis;atl;AP;50;;55\n",
    )
    summary = import_cpi(path, db_path)
    assert (summary.layout, summary.rows, summary.years, summary.sources) == ("timeseries", 4, (2023, 2024), 0)
    # Columns in the file overwrite; columns it lacks keep the shipped values.
    assert tha(db_path, 2024, "score, rank, standard_error, sources, lower_ci, import_id") == (
        40,
        90,
        0.649,
        9,
        32.935,
        summary.import_id,
    )
    assert tha(db_path, 2023, "score, rank, standard_error") == (41.5, 108, 0.883)  # no Rank 2023 column
    assert rows(
        db_path, "select year, score, rank, standard_error from cpi_scores where iso3 = 'ATL' order by year"
    ) == [(2023, 55, None, None), (2024, 50, None, None)]
    assert tha(db_path, 2022, "score, import_id") == (36, 1)  # untouched year, shipped import
    # Two countries are no global index: the year statistics stay as shipped.
    assert rows(db_path, "select countries from cpi_years where year = 2024") == [(180,)]
    assert rows(db_path, "select count(*) from cpi_source_scores where iso3 = 'THA' and year = 2024") == [(9,)]
    assert rows(
        db_path, "select kind, file_name, rows, synthetic from imports where import_id = ?", [summary.import_id]
    ) == [("cpi", "cpi.csv", 4, False)]


def test_single_year_workbook_replaces_that_years_sources(db_path: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "CPI2025"
    sheet.append(["Corruption Perceptions Index 2025: Global scores"])
    sheet.append([])
    sheet.append([])
    sheet.append(
        [
            "Country / Territory",
            "ISO3",
            "Region",
            "CPI 2025 score",
            "Rank ",
            "Standard error 2025",
            " number of  sources",
            "Lower CI ",
            "Upper CI",
            "PERC Asia Risk Guide",
            "World Bank CPIA",
            "Some New Index",
        ]
    )
    sheet.append(["Thailand", "THA", "AP", 40, 100, 1.5, 2, 37.5, 42.5, 50.25, 0, 99])
    sheet.append(["Atlantis", "ATL", "AP", 60, 20, 2.0, 3, 57, 63, None, ""])
    sheet.append([])
    sheet.append(["GLOBAL AVERAGE", None, None, 43.1])
    path = tmp_path / "single.xlsx"
    book.save(path)

    summary = import_cpi(path, db_path)
    assert (summary.layout, summary.sheet, summary.rows, summary.sources) == ("single_year", "CPI2025", 2, 2)
    assert summary.skipped_rows == 1
    assert tha(db_path, 2025, "score, rank, standard_error, sources, lower_ci, upper_ci") == (
        40,
        100,
        1.5,
        2,
        37.5,
        42.5,
    )
    thailand = rows(
        db_path, "select source, score from cpi_source_scores where iso3 = 'THA' and year = 2025 order by source"
    )
    assert thailand == [("PERC Asia Risk Guide", 50.25), ("World Bank CPIA", 0.0)]  # 0 is a real score
    assert rows(db_path, "select count(*) from cpi_source_scores where iso3 = 'THA' and year = 2024") == [(9,)]


BAD_CSV = {
    "score above 100": (f"{HEADER}\nThailand;THA;AP;104;107\n", 2, "CPI score 2024", "104", "between 0 and 100"),
    "score not a number": (f"{HEADER}\nThailand;THA;AP;abc;107\n", 2, "CPI score 2024", "abc", "not a number"),
    "ISO3 two letters": (f"{HEADER}\nThailand;TH;AP;34;107\n", 2, "ISO3", "TH", "three letters"),
    "duplicate country": (
        f"{HEADER}\nThailand;THA;AP;34;107\nThailand;THA;AP;35;108\n",
        3,
        "ISO3",
        "THA",
        "first on row 2",
    ),
    "rank not whole": (f"{HEADER}\nThailand;THA;AP;34;107,5\n", 2, "Rank 2024", "107,5", "whole number"),
    "rank zero": (f"{HEADER}\nThailand;THA;AP;34;0\n", 2, "Rank 2024", "0", "whole number"),
    "year before 2012": ("Country;ISO3;CPI score 2011\nThailand;THA;34\n", 1, "CPI score 2011", 2011, "0–10"),
    "historical year": ("Country;ISO3;Year;CPI score\nThailand;THA;2009;34\n", 2, "Year", "2009", "0–10"),
    "source above 100": (
        "Country;ISO3;CPI score 2024;PERC Asia Risk Guide\nThailand;THA;34;101\n",
        2,
        "PERC Asia Risk Guide",
        "101",
        "between 0 and 100",
    ),
    "header only": (f"{HEADER}\n", None, None, None, "no data rows below the header on row 1"),
    "empty file": ("", None, None, None, "the file is empty"),
    "no ISO3 header": ("Country;Code;CPI score 2024\nThailand;THA;34\n", None, None, None, "'ISO3'"),
    "no score column": ("Country;ISO3;Region\nThailand;THA;AP\n", None, None, None, "found an ISO3 header"),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_bad_csv_is_refused_and_changes_nothing(db_path: Path, tmp_path: Path, case: str) -> None:
    text, row, column, value, message = BAD_CSV[case]
    path = write(tmp_path, text)
    before = file_digest(db_path)
    with pytest.raises(InputFileError) as caught:
        import_cpi(path, db_path)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (row, column, value)
    assert message in problem.message
    assert "nothing was imported" in str(caught.value)
    assert file_digest(db_path) == before


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nThailand;THA;AP;104;107\nViet Nam;VN;AP;40;88\nLaos;LAO;AP;x;-1\n")
    with pytest.raises(InputFileError) as caught:
        parse_cpi(path)
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (2, "CPI score 2024", "104"),
        (3, "ISO3", "VN"),
        (4, "CPI score 2024", "x"),
        (4, "Rank 2024", "-1"),
    }


def test_truncated_xlsx_is_refused(db_path: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    openpyxl.Workbook().save(whole)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[:2000])
    before = file_digest(db_path)
    with pytest.raises(InputFileError, match="cannot be read as a spreadsheet"):
        import_cpi(cut, db_path)
    assert file_digest(db_path) == before


def test_undecodable_csv_is_refused(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"Country;ISO3;CPI score 2024\n\xff\xfe\xdb\xdc;THA;34\n")
    before = file_digest(db_path)
    with pytest.raises(InputFileError) as caught:
        import_cpi(path, db_path)
    assert caught.value.problems[0].row == 2
    assert "cp874" in str(caught.value)
    assert file_digest(db_path) == before


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="file not found"):
        parse_cpi(tmp_path / "nope.csv")


@needs_reference
def test_timeseries_never_lowers_a_years_country_count(db_path: Path) -> None:
    import_cpi(REFERENCE / "ti-cpi_csv/CPI2024_GlobalResultsTrends.csv", db_path)
    years = {year: rest for year, *rest in rows(db_path, "select * from cpi_years")}
    # The 2024 timeseries has 175 countries for 2012 (Puerto Rico, scored then, is dropped): keep TI's 176.
    assert years[2012] == [176, 43.27, 42.64]
    assert years[2024] == [180, 42.66, 44.48]  # complete year: counted and averaged from the file
