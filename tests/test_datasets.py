"""Real published ITA tables come in as they are: no codes, names as NACC prints them, partial years kept apart as
datasets beside the calibrated demo, which no import changes."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT, import_refused

from ita_analytics import aggregate, datasets, db
from ita_analytics.filters import Filters
from ita_analytics.ingest import InputFileError, import_ita
from ita_analytics.ingest.identity import NAMED_PREFIX

#: An ITAS report page of Chiang Mai as a table: # / หน่วยงาน / อำเภอ / จังหวัด / คะแนนเฉลี่ย, no year column.
ITAS_PAGE = """#,หน่วยงาน,อำเภอ,จังหวัด,คะแนนเฉลี่ย
1,องค์การบริหารส่วนตำบลบ้านใหม่,เมืองเชียงใหม่,เชียงใหม่,98.50
2,เทศบาลตำบลหนองหอย,เมืองเชียงใหม่,เชียงใหม่,97.25
3,อบต.ป่าแดด,เมืองเชียงใหม่,เชียงใหม่,๙๕.๐๐
4,ทต. สันผีเสื้อ,เมืองเชียงใหม่,เชียงใหม่,84.10
"""
#: A news item a year later: a few named agencies, abbreviated differently, with the band and the source.
NEWS = """ปีงบประมาณ,ชื่อหน่วยงาน,คะแนน ITA,ระดับ,ที่มา
2565,อบต.บ้านใหม่ จ.เชียงใหม่,96.10,AA,https://example.go.th/news/1
2565,เทศบาลตำบล หนองหอย จังหวัดเชียงใหม่,93.00,A,https://example.go.th/news/1
2565,กรมบัญชีกลาง,94.50,A,https://example.go.th/news/1
2565,สวนสัตว์ตัวอย่าง,80.00,,https://example.go.th/news/1
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(db_path: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def demo_digest(db_path: Path) -> str:
    """The demo dataset's rows, hashed: they must never change with an import."""
    rows_ = rows(db_path, "select * from ita_results where dataset = 'demo' order by fiscal_year, agency_code")
    return hashlib.sha256(repr(rows_).encode()).hexdigest()


def test_an_itas_page_without_codes_or_year_imports_as_a_partial_dataset(demo_copy, tmp_path):
    before = demo_digest(demo_copy)
    summary = import_ita(write(tmp_path, "chiang_mai_2564.csv", ITAS_PAGE), demo_copy, year=2021)
    assert summary.dataset == "chiang_mai_2564" and summary.years == (2021,) and summary.rows == 4
    assert summary.coverage == ((2021, 4, 8300, False),)  # 4 of 8,300 NACC assessed: partial
    held = rows(
        demo_copy,
        "select a.agency_code, a.type_code, a.province_code, a.district, r.score from ita_results r "
        "join agencies a using (agency_code) where r.dataset = 'chiang_mai_2564' order by r.score desc",
    )
    assert [r[1:] for r in held] == [
        ("sao", "50", "เมืองเชียงใหม่", 98.5),
        ("subdistrict_municipality", "50", "เมืองเชียงใหม่", 97.25),
        ("sao", "50", "เมืองเชียงใหม่", 95.0),  # Thai digits read as a number
        ("subdistrict_municipality", "50", "เมืองเชียงใหม่", 84.1),
    ]
    assert all(code.startswith(NAMED_PREFIX) for code, *_ in held)
    assert demo_digest(demo_copy) == before  # the demo is whole beside it
    with db.connect(demo_copy) as con:
        assert datasets.default_dataset(con) == "chiang_mai_2564"  # the newest real dataset
        assert aggregate.national_series(con, Filters(dataset="demo"))["agencies"].sum() == 58170
        assert aggregate.national_series(con)["agencies"].tolist() == [4]  # never the demo's 8,300 mixed in


def test_the_same_agency_in_another_year_and_file_is_the_same_agency(demo_copy, tmp_path):
    import_ita(write(tmp_path, "itas.csv", ITAS_PAGE), demo_copy, year=2021, dataset="cm")
    summary = import_ita(write(tmp_path, "news.csv", NEWS), demo_copy, dataset="cm")
    assert summary.years == (2022,)
    history = rows(
        demo_copy,
        "select r.fiscal_year, r.score from ita_results r join agencies a using (agency_code) "
        "where a.name_key like '%บ้านใหม่%' order by 1",
    )
    assert history == [(2021, 98.5), (2022, 96.1)]  # spelt out in one file, abbreviated with จ. in the other
    municipality = rows(
        demo_copy,
        "select count(distinct agency_code) from ita_results where agency_code in "
        "(select agency_code from agencies where name_key like '%หนองหอย%')",
    )
    assert municipality == [(1,)]  # "เทศบาลตำบล หนองหอย จังหวัดเชียงใหม่" is "เทศบาลตำบลหนองหอย"
    with db.connect(demo_copy) as con:
        years = datasets.coverage(con, "cm")
    assert years["fiscal_year"].tolist() == [2021, 2022] and not years["census"].any()


#: The same report saved from the browser: a page with navigation, a title row, the table, Thai-Windows encoded.
ITAS_HTML = """<html><head><meta charset="windows-874"><title>ITAS</title></head><body>
<table><tr><td><a href="/">หน้าหลัก</a></td><td>รายงาน</td></tr></table>
<table class="report">
<tr><th colspan="5">ผลการประเมินรายหน่วยงานภายในจังหวัด เชียงใหม่ ปีงบประมาณ พ.ศ. 2564</th></tr>
<tr><th>#</th><th>หน่วยงาน</th><th>อำเภอ</th><th>จังหวัด</th><th>คะแนนเฉลี่ย</th></tr>
<tr><td>1</td><td>องค์การบริหารส่วนตำบล<br>บ้านใหม่</td><td>เมืองเชียงใหม่</td><td rowspan="2">เชียงใหม่</td><td>98.50</td></tr>
<tr><td>2</td><td>เทศบาลตำบลหนองหอย&nbsp;</td><td>เมืองเชียงใหม่</td><td>97.25</td></tr>
<tr><td>3</td><td>อบต.ป่าแดด</td><td>เมืองเชียงใหม่</td><td>เชียงใหม่</td><td>95.00</td></tr>
</table><script>document.write("<table><tr><td>x</td></tr></table>")</script></body></html>
"""


def test_an_itas_page_saved_from_the_browser_imports_and_joins_the_same_agencies_later(demo_copy, tmp_path):
    page = tmp_path / "itas_cm_2564.html"
    page.write_bytes(ITAS_HTML.encode("cp874"))
    summary = import_ita(page, demo_copy, year=2564, dataset="cm")
    assert summary.years == (2021,) and summary.rows == 3
    held = rows(
        demo_copy,
        "select a.type_code, a.province_code, a.district, r.score from ita_results r "
        "join agencies a using (agency_code) where r.dataset = 'cm' order by r.score desc",
    )
    assert held == [
        ("sao", "50", "เมืองเชียงใหม่", 98.5),  # the name's line break read as a space, the spanned province repeated
        ("subdistrict_municipality", "50", "เมืองเชียงใหม่", 97.25),
        ("sao", "50", "เมืองเชียงใหม่", 95.0),
    ]
    import_ita(write(tmp_path, "news.csv", NEWS), demo_copy, dataset="cm")
    history = rows(
        demo_copy,
        "select r.fiscal_year, r.score from ita_results r join agencies a using (agency_code) "
        "where r.dataset = 'cm' and a.name_key like '%บ้านใหม่%' order by 1",
    )
    assert history == [(2021, 98.5), (2022, 96.1)]


def test_a_web_page_with_a_bad_score_is_refused_naming_the_file_row_column_and_value(demo_copy, tmp_path):
    page = write(tmp_path, "bad.html", ITAS_HTML.replace("97.25", "9725").replace("windows-874", "utf-8"))
    error = import_refused(functools.partial(import_ita, year=2021, dataset="cm"), page, demo_copy)
    # rows are counted from the table's header row (row 1), as in a CSV file: the second agency is row 3
    assert "bad.html" in error and "row 3" in error and "9725" in error and "คะแนนเฉลี่ย" in error


def test_a_code_given_later_for_an_agency_known_by_name_joins_them(demo_copy, tmp_path):
    import_ita(write(tmp_path, "itas.csv", ITAS_PAGE), demo_copy, year=2021, dataset="cm")
    coded = write(
        tmp_path,
        "coded.csv",
        "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,จังหวัด,คะแนนรวม\n2566,5001001,อบต.บ้านใหม่,เชียงใหม่,97\n",
    )
    import_ita(coded, demo_copy, dataset="coded")
    assert rows(
        demo_copy,
        "select dataset, fiscal_year, agency_code from ita_results where agency_code = '5001001' order by 2",
    ) == [("cm", 2021, "5001001"), ("coded", 2023, "5001001")]
    assert not rows(demo_copy, "select * from agencies where name_key like '%บ้านใหม่%' and agency_code like 'N-%'")
    # and a later file without the code finds the coded agency by its name
    import_ita(
        write(tmp_path, "later.csv", "ปี,หน่วยงาน,จังหวัด,คะแนน\n2567,องค์การบริหารส่วนตำบลบ้านใหม่,เชียงใหม่,99\n"),
        demo_copy,
        dataset="later",
    )
    assert rows(demo_copy, "select agency_code from ita_results where dataset = 'later'") == [("5001001",)]


def test_types_read_from_names_and_not_stated_kept_with_a_warning(demo_copy, tmp_path):
    summary = import_ita(write(tmp_path, "news.csv", NEWS), demo_copy)
    got = dict(
        rows(
            demo_copy,
            "select a.name_th, a.type_code from agencies a join ita_results r using (agency_code) "
            "where r.dataset = 'news'",
        )
    )
    assert got["กรมบัญชีกลาง"] == "department" and got["สวนสัตว์ตัวอย่าง"] == "not_stated"
    assert any("rows 5" in w and "type" in w for w in summary.warnings)
    with db.connect(demo_copy) as con:  # such agencies count in totals and are their own group by type
        by_type = aggregate.by_agency_type(con, Filters(dataset="news"))
    assert "not_stated" in set(by_type["type_code"]) and by_type["agencies"].sum() == 4


def test_a_local_body_without_a_province_is_kept_as_not_stated(demo_copy, tmp_path):
    summary = import_ita(write(tmp_path, "t.csv", "ปี,หน่วยงาน,คะแนน\n2565,อบต.ไร้จังหวัด,90\n"), demo_copy)
    assert any("province" in w for w in summary.warnings)
    assert rows(
        demo_copy,
        "select a.province_code, f.region from ita_facts f join agencies a using (agency_code) where f.dataset = 't'",
    ) == [(None, "not_stated")]


def test_the_printed_band_and_source_are_stored_and_a_difference_warned(demo_copy, tmp_path):
    summary = import_ita(write(tmp_path, "news.csv", NEWS), demo_copy)
    stored = rows(
        demo_copy, "select published_rating, rating, source_url from ita_results where dataset = 'news' and score = 93"
    )
    assert stored == [("A", "A", "https://example.go.th/news/1")]
    assert not [w for w in summary.warnings if "band" in w]  # every printed band agrees with FY2565's rule


@pytest.mark.parametrize(
    "text, fragment",
    [
        # a row without a code whose name two codes share: which agency is it?
        (
            "ปี,รหัสหน่วยงาน,หน่วยงาน,จังหวัด,คะแนน\n2565,1,อบต.บ้านใหม่,เชียงใหม่,90\n"
            "2566,2,องค์การบริหารส่วนตำบลบ้านใหม่,เชียงใหม่,91\n2567,,อบต. บ้านใหม่,เชียงใหม่,92\n",
            "is given the codes 1, 2 in rows 2, 3, 4",
        ),
        # one agency twice in a year, written two ways
        (
            "ปี,หน่วยงาน,จังหวัด,คะแนน\n2565,อบต.บ้านใหม่,เชียงใหม่,90\n2565,อบต. บ้าน\u200bใหม่,เชียงใหม่,91\n",
            "appears more than once for FY2565 (rows 2, 3)",
        ),
        ("ปี,หน่วยงาน,ประเภทหน่วยงาน,คะแนน\n2565,ศาลตัวอย่าง,ศาลและองค์กรอิสระรวมกัน,90\n", "not a known agency type"),
        ("ปี,หน่วยงาน,จังหวัด,คะแนน\n2565,อบต.หนึ่ง,แอตแลนติส,90\n", "not a known province"),
        ("ปี,หน่วยงาน,คะแนน\n2565,,90\n", "is empty"),
    ],
)
def test_collisions_and_unknowns_are_reported_with_their_rows_and_nothing_is_written(
    facts_db, tmp_path, text, fragment
):
    message = import_refused(import_ita, write(tmp_path, "bad.csv", text), facts_db)
    assert fragment in message


def test_a_year_column_and_a_year_for_the_file_are_not_both_given(facts_db, tmp_path):
    path = write(tmp_path, "news.csv", NEWS)
    message = import_refused(lambda p, d: import_ita(p, d, year=2022), path, facts_db)
    assert "--year" in message


@pytest.mark.parametrize("year", [2017, 2560, 2601, 2058, -1, 0])
def test_a_year_for_the_file_outside_the_ita_s_years_is_refused_before_reading(facts_db, tmp_path, year):
    path = write(tmp_path, "itas.csv", ITAS_PAGE)
    with pytest.raises(ValueError, match=f"{year} is not a fiscal year"):
        import_ita(path, facts_db, year=year)


@pytest.mark.parametrize("name", ["demo", "", "a b", "../x", "x" * 65, "-x"])
def test_a_dataset_name_is_checked_and_the_demo_never_written(demo_copy, tmp_path, name):
    with pytest.raises(ValueError, match="dataset"):
        import_ita(write(tmp_path, "news.csv", NEWS), demo_copy, dataset=name)


def test_reimporting_replaces_the_dataset_s_year_only(demo_copy, tmp_path):
    import_ita(write(tmp_path, "a.csv", ITAS_PAGE), demo_copy, year=2021, dataset="cm")
    import_ita(write(tmp_path, "b.csv", NEWS), demo_copy, dataset="cm")
    import_ita(write(tmp_path, "c.csv", "ปี,หน่วยงาน,จังหวัด,คะแนน\n2564,อบต.ป่าแดด,เชียงใหม่,70\n"), demo_copy, dataset="cm")
    assert rows(
        demo_copy, "select fiscal_year, count(*) from ita_results where dataset = 'cm' group by 1 order by 1"
    ) == [(2021, 1), (2022, 4)]
    assert rows(demo_copy, "select count(*) from ita_results where dataset = 'demo' and fiscal_year = 2021") == [
        (8300,)
    ]


def test_census_declared_or_reached(demo_copy, tmp_path):
    summary = import_ita(write(tmp_path, "a.csv", ITAS_PAGE), demo_copy, year=2021, census=True)
    assert summary.coverage == ((2021, 4, 8300, True),)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_analytics", *args], capture_output=True, text=True, cwd=PROJECT, timeout=120
    )


def test_the_command_line_lists_and_removes_datasets(demo_copy, tmp_path):
    itas = write(tmp_path, "itas.csv", ITAS_PAGE)
    done = cli("import-ita", str(itas), "--year", "2564", "--dataset", "cm", "--db", str(demo_copy))
    assert done.returncode == 0, done.stderr
    assert "into dataset 'cm'" in done.stdout and "4 agencies of 8,300 NACC published (<0.1%), partial" in done.stdout
    listed = cli("datasets", "--db", str(demo_copy))
    assert listed.stdout.index("cm (real)") < listed.stdout.index("demo (synthetic)")
    info = json.loads(cli("info", "--json", "--db", str(demo_copy)).stdout)
    cm = next(d for d in info["datasets"] if d["name"] == "cm")
    assert cm == {
        "name": "cm",
        "synthetic": False,
        "agencies": 4,
        "agency_years": 4,
        "years": [
            {"fiscal_year": 2021, "agencies": 4, "published_agencies": 8300, "coverage": 0.0005, "census": False}
        ],
    }
    assert cli("remove-dataset", "demo", "--db", str(demo_copy)).returncode == 1
    assert cli("remove-dataset", "nope", "--db", str(demo_copy)).returncode == 1
    removed = cli("remove-dataset", "cm", "--db", str(demo_copy))
    assert removed.returncode == 0 and "4 results" in removed.stdout
    assert rows(demo_copy, "select count(*) from agencies where not synthetic") == [(0,)]  # its agencies went too
    assert cli("import-ita", str(itas), "--db", str(demo_copy)).returncode == 1  # no year: a clear refusal


def test_every_page_query_reads_one_dataset(demo_copy, tmp_path):
    import_ita(write(tmp_path, "itas.csv", ITAS_PAGE), demo_copy, year=2021, dataset="cm")
    with db.connect(demo_copy) as con:
        for name in ("national_series", "by_agency_type", "by_region", "by_province", "rating_distribution"):
            demo = getattr(aggregate, name)(con, Filters(dataset="demo"))
            real = getattr(aggregate, name)(con, Filters(dataset="cm"))
            assert real["agencies"].sum() == 4 and demo["agencies"].sum() > 50_000, name
    with pytest.raises(ValueError, match="dataset"):
        Filters(dataset="'; drop table x; --")


def test_an_invalid_file_changes_no_dataset(demo_copy, tmp_path):
    import_ita(write(tmp_path, "itas.csv", ITAS_PAGE), demo_copy, year=2021, dataset="cm")
    bad = write(tmp_path, "bad.csv", "ปี,หน่วยงาน,จังหวัด,คะแนน\n2565,อบต.หนึ่ง,เชียงใหม่,101\n")
    with pytest.raises(InputFileError):
        import_ita(bad, demo_copy, dataset="cm")
    assert rows(demo_copy, "select count(*) from ita_results where dataset = 'cm'") == [(4,)]
