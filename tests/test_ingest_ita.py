"""The ITA importer: every accepted spelling and encoding, every bad-input class, and atomicity."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import FIXTURES, file_digest, import_refused

from ita_analytics import db
from ita_analytics.ingest import import_ita
from ita_analytics.template import write_template

HEADER_TH = "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม"
HEADER_EN = "Fiscal_Year , AGENCY_CODE,agency_name,agency_type,province,score"


def write(tmp_path: Path, text: str, name: str = "ita.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(db_path: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def import_fails(path: Path, db_path: Path) -> str:
    """Import, expecting failure; return the message (the database is proven byte-identical)."""
    return import_refused(import_ita, path, db_path)


# --- what is accepted -------------------------------------------------------------------------


def test_thai_headers_be_years_and_leading_zeros(tmp_path, facts_db):
    path = write(tmp_path, f"{HEADER_TH}\n2568,00123,อบต.ทดสอบ,อบต.,จ.เชียงใหม่,88.5\n")
    summary = import_ita(path, facts_db)
    assert summary.years == (2025,) and summary.rows == 1
    # FY2025 rates in five bands that need every tool: 88.5 without them is passed, its band unknown (NULL)
    assert rows(facts_db, "select fiscal_year, agency_code, score, rating, passed, synthetic from ita_results") == [
        (2025, "00123", 88.5, None, True, False)
    ]
    assert rows(facts_db, "select type_code, province_code from agencies") == [("sao", "50")]


def test_english_headers_any_case_and_spacing_with_ce_years(tmp_path, facts_db):
    path = write(
        tmp_path,
        f"{HEADER_EN}\n2022,X1,Dept,Department-level agency,,95\n"
        "2022,X2,Town,ทม.,Chiang Mai,84.99\n2022,X3,City,city_municipality,50,60\n"
        "2024,X1,Dept,Department-level agency,,95\n2024,X2,Town,ทม.,Chiang Mai,84.99\n"
        "2024,X3,City,city_municipality,50,60\n",
    )
    import_ita(path, facts_db)
    # FY2022 in AA–F on the total alone; FY2024 in five bands (a total of 95 without its tools: band unknown)
    assert rows(facts_db, "select fiscal_year, agency_code, rating, passed from ita_results order by 1, 2") == [
        (2022, "X1", "AA", True),
        (2022, "X2", "B", False),
        (2022, "X3", "D", False),
        (2024, "X1", None, True),
        (2024, "X2", "improve", False),
        (2024, "X3", "urgent", False),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874", "tis-620"])
def test_thai_encodings_are_detected(tmp_path, facts_db, encoding):
    path = write(tmp_path, f"{HEADER_TH}\n2568,1,เทศบาลตำบลทดสอบ,ทต.,ลำพูน,90\n", encoding=encoding)
    import_ita(path, facts_db)
    assert rows(facts_db, "select name_th from agencies") == [("เทศบาลตำบลทดสอบ",)]


def test_semicolon_delimited_csv(tmp_path, facts_db):
    path = write(tmp_path, HEADER_TH.replace(",", ";") + "\n2568;1;ทดสอบ;อบจ.;Nan;70\n")
    import_ita(path, facts_db)
    assert rows(facts_db, "select province_code from agencies") == [("55",)]


def test_optional_columns_tools_indicators_ministry_iso(tmp_path, facts_db):
    import_ita(FIXTURES / "tiny_ita.csv", facts_db)
    assert rows(
        facts_db, "select iit, eit, oit, i1, i2, i3 from ita_results where agency_code = 'A001' and fiscal_year = 2024"
    ) == [(88.0, 92.0, 90.0, 80.0, None, 100.0)]
    assert rows(facts_db, "select ministry, iso37001, province_code from agencies where agency_code = 'A001'") == [
        ("กระทรวงการคลัง", True, None)
    ]


def test_template_round_trip_as_xlsx(tmp_path, facts_db):
    template = write_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["ผลการประเมิน", "ประเภทหน่วยงาน", "จังหวัด", "คำอธิบาย"]
    assert (
        book["จังหวัด"].max_row == 78 and book["ประเภทหน่วยงาน"].max_row == 19
    )  # the 17 types, "not stated" and a header
    sheet = book["ผลการประเมิน"]
    header = [c.value for c in sheet[1]]
    values = {
        "ปีงบประมาณ": 2568,
        "รหัสหน่วยงาน": "007",
        "ชื่อหน่วยงาน": "อบต.แม่ริม",
        "ประเภทหน่วยงาน": "อบต.",
        "จังหวัด": "เชียงใหม่",
        "คะแนนรวม": 91.25,
        "ตัวชี้วัดที่ 3": 99,
        "ISO 37001": "ไม่ใช่",
    }
    sheet.append([values.get(h) for h in header])
    book.save(template)
    import_ita(template, facts_db)
    assert rows(facts_db, "select agency_code, score, i3 from ita_results") == [("007", 91.25, 99.0)]
    assert rows(facts_db, "select iso37001 from agencies") == [(False,)]


def test_each_year_in_file_replaces_that_year_of_its_dataset_only(tmp_path, tiny_db):
    path = write(tmp_path, f"{HEADER_TH}\n2568,B1,ใหม่,อบต.,ตาก,77\n")
    import_ita(path, tiny_db, dataset="tiny_ita")  # the fixture's own dataset
    assert rows(tiny_db, "select fiscal_year, count(*) from ita_results group by 1 order by 1") == [
        (2024, 5),
        (2025, 1),
    ]
    assert rows(tiny_db, "select score from ita_results where fiscal_year = 2024 and agency_code = 'A003'") == [(70.0,)]


def test_reimporting_the_same_file_changes_no_data(tiny_db):
    query = "select * exclude (import_id) from ita_results order by all"
    before = rows(tiny_db, query), rows(tiny_db, "select * from agencies order by all")
    import_ita(FIXTURES / "tiny_ita.csv", tiny_db)
    assert (rows(tiny_db, query), rows(tiny_db, "select * from agencies order by all")) == before
    assert rows(tiny_db, "select count(*), count(distinct sha256) from imports where kind = 'ita'") == [(2, 1)]


def test_older_file_does_not_overwrite_newer_agency_names(tmp_path, tiny_db):
    path = write(tmp_path, f"{HEADER_TH}\n2566,A002,ชื่อเก่า,อบต.,เชียงใหม่,60\n")
    import_ita(path, tiny_db)
    assert rows(tiny_db, "select name_th from agencies where agency_code = 'A002'") == [("อบต.หนึ่ง",)]


def test_import_replaces_synthetic_year_and_records_lineage(tmp_path, demo_db):
    local = tmp_path / "demo.duckdb"
    local.write_bytes(demo_db.read_bytes())
    path = write(tmp_path, f"{HEADER_TH}\n2568,R1,จริง,อบต.,ตาก,77\n")
    summary = import_ita(path, local)
    # a dataset of its own beside the demo, which stays whole
    assert rows(
        local,
        "select dataset, count(*), bool_or(synthetic) from ita_results where fiscal_year = 2025 group by 1 order by 1",
    ) == [("demo", 8317, True), ("ita", 1, False)]
    assert rows(
        local,
        "select kind, dataset, file_name, sha256, rows from imports where import_id = $i",
        {"i": summary.import_id},
    ) == [("ita", "ita", "ita.csv", summary.sha256, 1)]


# --- what is refused, and the database is left byte-identical ----------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,104.5\n", "row 2, คะแนนรวม: 104.5 is outside 0–100"),
        (f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,-1\n", "row 2, คะแนนรวม: -1 is outside 0–100"),
        (f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,สิบ\n", "row 2, คะแนนรวม: สิบ is not a number"),
        (f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,nan\n", "row 2, คะแนนรวม: nan is not a number"),
        (f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,\n", "row 2, คะแนนรวม: is empty; this column is required"),
        (f"{HEADER_TH},IIT\n2568,1,x,อบต.,ลำพูน,90,1e3\n", "row 2, IIT: 1e3 is not a number"),
        (f"{HEADER_TH}\n2590x,1,x,อบต.,ลำพูน,90\n", "row 2, ปีงบประมาณ: 2590x is not a fiscal year"),
        (f"{HEADER_TH}\n1999,1,x,อบต.,ลำพูน,90\n", "row 2, ปีงบประมาณ: 1999 is not a fiscal year"),
        (f"{HEADER_TH}\n2568,1,x,หมู่บ้าน,ลำพูน,90\n", "row 2, ประเภทหน่วยงาน: หมู่บ้าน is not a known agency type"),
        (f"{HEADER_TH}\n2568,1,x,อบต.,Atlantis,90\n", "row 2, จังหวัด: Atlantis is not a known province"),
        (f"{HEADER_TH}\n2568,1,,อบต.,ลำพูน,90\n", "row 2, ชื่อหน่วยงาน: is empty; this column is required"),
        (f"{HEADER_TH},ISO 37001\n2568,1,x,อบต.,ลำพูน,90,บางที\n", "row 2, ISO 37001: บางที is not a yes/no value"),
        (
            f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,90\n2568,2,y,อบต.,ลำพูน,91\n2568,1,x,อบต.,ลำพูน,92\n",
            "row 2, รหัสหน่วยงาน: 1 appears more than once for FY2568 (rows 2, 4)",
        ),
    ],
)
def test_bad_cells_are_named_by_row_column_and_value(tmp_path, tiny_db, text, expected):
    message = import_fails(write(tmp_path, text), tiny_db)
    assert f"ita.csv: {expected}" in message
    assert "nothing was imported" in message


def test_every_problem_is_reported_at_once_with_allowed_values(tmp_path, tiny_db):
    text = f"{HEADER_TH}\n2568,1,x,อบต.,ลำพูน,101\n2568,2,x,xyz,ลำพูน,90\n2568,3,x,อบต.,Gotham,abc\n"
    message = import_fails(write(tmp_path, text), tiny_db)
    assert "4 problem(s)" in message
    assert message.index("row 2") < message.index("row 3") < message.index("row 4")
    assert "Allowed agency types: หน่วยงานของรัฐสภา (parliament); หน่วยงานของศาล (court)" in message
    assert "Allowed provinces" in message and "เชียงใหม่" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\n1,x,อบต.,ลำพูน,90\n",
            "row 1, ปีงบประมาณ: required column is missing",
        ),
        ("year_of_plenty,code,name,kind,where,points\n1,2,3,4,5,6\n", "required column is missing"),
        (f"{HEADER_TH},score\n2568,1,x,อบต.,ลำพูน,90,91\n", "row 1, score: column appears twice (also column 6)"),
    ],
)
def test_wrong_or_missing_headers(tmp_path, tiny_db, text, expected):
    assert expected in import_fails(write(tmp_path, text), tiny_db)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "the file is empty"),
        (b"\n\n \n", "the file has no header row and no data"),
        (f"{HEADER_TH}\n".encode(), "row 2: the file has a header but no data rows"),
        (f"{HEADER_TH}\n,,,,,\n".encode(), "the file has a header but no data rows"),
        (
            HEADER_TH.encode() + b"\n2568,1,\xff\xfe,x,y,90\n",
            "row 2: byte 0xff cannot be read as UTF-8 or as Thai Windows",
        ),
    ],
)
def test_empty_and_undecodable_files(tmp_path, tiny_db, content, expected):
    path = tmp_path / "ita.csv"
    path.write_bytes(content)
    assert expected in import_fails(path, tiny_db)


def test_truncated_xlsx(tmp_path, tiny_db):
    whole = write_template(tmp_path / "whole.xlsx").read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(whole[: len(whole) // 2])
    assert "broken.xlsx: cannot be read as a spreadsheet" in import_fails(broken, tiny_db)


def test_missing_file(tmp_path, tiny_db):
    assert "file not found" in import_fails(tmp_path / "nowhere.csv", tiny_db)


def test_failure_midway_leaves_database_byte_identical(tmp_path, tiny_db, monkeypatch):
    real_execute = db.execute

    def failing(con, name, **params):
        real_execute(con, name, **params)
        if name == "ita_upsert_agencies":  # the year's rows are already deleted at this point
            raise RuntimeError("disk full")

    monkeypatch.setattr(db, "execute", failing)
    before = file_digest(tiny_db)
    with pytest.raises(RuntimeError, match="disk full"):
        import_ita(write(tmp_path, f"{HEADER_TH}\n2568,Z,x,อบต.,ลำพูน,90\n"), tiny_db)
    assert file_digest(tiny_db) == before
    assert not list(tiny_db.parent.glob(".*.tmp*"))


def test_killed_import_leaves_database_byte_identical(tmp_path, tiny_db):
    import signal
    import subprocess
    import sys
    import time

    before = file_digest(tiny_db)
    big = write(tmp_path, HEADER_TH + "\n" + "".join(f"2568,K{i},x,อบต.,ลำพูน,{i % 100}\n" for i in range(60000)))
    child = subprocess.Popen([sys.executable, "-m", "ita_analytics", "import-ita", str(big), "--db", str(tiny_db)])
    deadline = time.monotonic() + 60
    while not list(tiny_db.parent.glob(".*.tmp")) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # wait until the import is writing its copy
    assert child.poll() is None, "the import finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert file_digest(tiny_db) == before
    assert rows(tiny_db, "select count(*) from ita_results") == [(10,)]


def test_export_of_a_demo_year_imports_back_identically(tmp_path, demo_db, facts_db):
    from ita_analytics.aggregate import export_results
    from ita_analytics.filters import Filters

    with duckdb.connect(str(demo_db), read_only=True) as con:
        exported = export_results(con, Filters(years=[2024]))
    path = tmp_path / "fy2567.csv"
    exported.to_csv(path, index=False, encoding="utf-8-sig")
    summary = import_ita(path, facts_db)
    assert summary.rows == 8325 and summary.years == (2024,) and summary.coverage == ((2024, 8325, 8325, True),)
    query = (
        "select r.* exclude (import_id, synthetic, dataset), a.name_th, a.type_code, a.province_code "
        "from ita_results r join agencies a using (agency_code) where fiscal_year = 2024 order by agency_code"
    )
    assert rows(facts_db, query) == rows(demo_db, query)


def test_an_fy2024_file_with_the_eit_in_two_parts(tmp_path, facts_db):
    header = f"{HEADER_TH},IIT,EIT ส่วนที่ 1,EIT ส่วนที่ 2,OIT"
    path = write(
        tmp_path,
        f"{header}\n"
        "2566,BKK,กรุงเทพมหานคร,อปท. รูปแบบพิเศษ,กรุงเทพมหานคร,88.98,82.44,79.40,82.24,100\n"  # Bangkok, FY2023
        "2567,A1,กรมหนึ่ง,กรมหรือเทียบเท่า,,96,96,97,95,96\n"
        "2567,A2,กรมสอง,กรมหรือเทียบเท่า,,90,90,90,90,90\n",
    )
    summary = import_ita(path, facts_db)
    assert summary.warnings == ()  # every total is its tools' weighted sum under its year's weights
    got = rows(
        facts_db, "select agency_code, eit, eit1, eit2, rating from ita_results order by fiscal_year, agency_code"
    )
    assert got == [
        ("BKK", 80.82, 79.40, 82.24, "pass"),  # EIT = the mean of its parts; EIT part 1 under 85: ผ่าน
        ("A1", 96.0, 97.0, 95.0, "excellent"),
        ("A2", 90.0, 90.0, 90.0, "good"),
    ]


def test_a_total_that_is_not_its_tools_weighted_sum_is_warned_about_with_its_row(tmp_path, facts_db):
    header = f"{HEADER_EN},iit,eit,oit,eit1,eit2"
    path = write(
        tmp_path,
        f"{header}\n"
        "2565,A1,Dept,department,,90,90,90,90,,\n"  # FY2022: 0.3·90 + 0.3·90 + 0.4·90 = 90: fine
        "2565,A2,Dept 2,department,,80,90,90,90,,\n"  # 80 against 90: warned
        "2568,A3,Dept 3,department,,90.04,90,,90,90,90\n"  # within 0.05 of 90 (rounding): fine
        "2568,A4,Dept 4,department,,92,90,,90,90,90\n",  # FY2025's weights give 90: warned
    )
    summary = import_ita(path, facts_db)
    assert len(summary.warnings) == 2
    first, second = summary.warnings
    assert first.startswith("row 3: the total 80 differs") and "FY2565" in first and "= 90.00" in first
    assert "IIT 90 × 0.3, EIT 90 × 0.3, OIT 90 × 0.4" in first
    assert second.startswith("row 5: the total 92") and "EIT1 90 × 0.15, EIT2 90 × 0.15" in second
    assert rows(facts_db, "select score from ita_results where agency_code = 'A2'") == [(80.0,)]  # stored as given
