"""Regressions the importer fuzzing found (tests/test_fuzz_importers.py), each now refused with InputFileError naming
the row, column and value, the database unchanged: a year too long for a float, a CSV cell over the field size limit, an
ITA row with only its first cells, a CPI rank or source count too large to store, and a CPI country column only for
another year.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import file_digest
from fuzz_support import IMPORTERS

from ita_analytics.ingest import InputFileError

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
