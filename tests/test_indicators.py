"""Researchers' own indicators: the importer's accepted and bad inputs, lineage, the explorer, the CLI and the page."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import PROJECT, file_digest, import_refused, open_view

from dashboard import components
from ita_analytics import db, explore, i18n
from ita_analytics.filters import Filters
from ita_analytics.ingest import import_indicator, remove_indicator

NATIONAL = "ปี,ดัชนีเสรีภาพสื่อ\n2567,41.5\n2568,44\n"
PROVINCE = 'ปี,จังหวัด,รายได้เฉลี่ย\n2024,เชียงใหม่,"1,200"\n2024,Songkhla,900.5\n2568,90,950\n2568,51,700\n'


def write(tmp_path: Path, text: str, name: str = "indicator.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def stored(db_path: Path) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select indicator, level, year, province_code, value from external_indicators "
            "order by indicator, year, province_code"
        ).fetchall()


def import_fails(path: Path, db_path: Path) -> str:
    """Import, expecting failure; return the message (the database is proven byte-identical)."""
    return import_refused(import_indicator, path, db_path)


# --- what is accepted -------------------------------------------------------------------------


def test_national_series_with_be_years(tmp_path, facts_db):
    summary = import_indicator(write(tmp_path, NATIONAL), facts_db, source="RSF")
    assert (summary.level, summary.indicators, summary.years, summary.rows) == (
        "national",
        ("ดัชนีเสรีภาพสื่อ",),
        (2024, 2025),
        2,
    )
    assert stored(facts_db) == [
        ("ดัชนีเสรีภาพสื่อ", "national", 2024, None, 41.5),
        ("ดัชนีเสรีภาพสื่อ", "national", 2025, None, 44.0),
    ]


def test_province_series_by_thai_english_name_and_code_with_thousands_commas(tmp_path, facts_db):
    summary = import_indicator(write(tmp_path, PROVINCE), facts_db)
    assert summary.level == "province" and summary.rows == 4
    assert stored(facts_db) == [
        ("รายได้เฉลี่ย", "province", 2024, "50", 1200.0),
        ("รายได้เฉลี่ย", "province", 2024, "90", 900.5),
        ("รายได้เฉลี่ย", "province", 2025, "51", 700.0),
        ("รายได้เฉลี่ย", "province", 2025, "90", 950.0),
    ]


def test_several_indicators_english_headers_blanks_and_cp874(tmp_path, facts_db):
    text = "Year,Province,Poverty rate,Doctors per 10k\n2023,Chiang Mai,9.5,\n2023,กรุงเทพมหานคร,1.2,30\n"
    summary = import_indicator(write(tmp_path, text.replace("Chiang Mai", "เชียงใหม่"), encoding="cp874"), facts_db)
    assert summary.indicators == ("Poverty rate", "Doctors per 10k") and summary.rows == 3
    assert [r[0] for r in stored(facts_db)] == ["Doctors per 10k", "Poverty rate", "Poverty rate"]


def test_xlsx_with_numbers_stored_as_numbers(tmp_path, facts_db):
    book = openpyxl.Workbook()
    for row in [["year", "GDP growth"], [2019, 2.1], [2020.0, -6.1], [2021, 1.5e0]]:
        book.active.append(row)
    path = tmp_path / "gdp.xlsx"
    book.save(path)
    import_indicator(path, facts_db)
    assert [(r[2], r[4]) for r in stored(facts_db)] == [(2019, 2.1), (2020, -6.1), (2021, 1.5)]


def test_reimport_replaces_the_indicator_and_keeps_others(tmp_path, facts_db):
    import_indicator(write(tmp_path, NATIONAL), facts_db)
    import_indicator(write(tmp_path, PROVINCE, "income.csv"), facts_db)
    again = import_indicator(write(tmp_path, "year,ดัชนีเสรีภาพสื่อ\n2020,30\n", "fix.csv"), facts_db)
    assert again.replaced == ("ดัชนีเสรีภาพสื่อ",)
    rows = stored(facts_db)
    assert [r for r in rows if r[0] == "ดัชนีเสรีภาพสื่อ"] == [("ดัชนีเสรีภาพสื่อ", "national", 2020, None, 30.0)]
    assert len([r for r in rows if r[0] == "รายได้เฉลี่ย"]) == 4


def test_lineage_names_the_file_its_digest_and_source(tmp_path, facts_db):
    path = write(tmp_path, NATIONAL, "rsf.csv")
    summary = import_indicator(path, facts_db, source="Reporters Without Borders, 2025 index")
    with db.connect(facts_db) as con:
        listing = db.query(con, "external_indicator_list").iloc[0]
        imports = db.query(con, "imports").iloc[0]
    assert (listing["file_name"], listing["source"], listing["sha256"]) == (
        "rsf.csv",
        "Reporters Without Borders, 2025 index",
        file_digest(path),
    )
    assert (listing["first_year"], listing["last_year"], listing["values"]) == (2024, 2025, 2)
    assert (imports["kind"], imports["import_id"], imports["rows"]) == ("indicator", summary.import_id, 2)


def test_remove_indicator(tmp_path, facts_db):
    import_indicator(write(tmp_path, NATIONAL), facts_db)
    assert remove_indicator("ดัชนีเสรีภาพสื่อ", facts_db) == 2
    assert stored(facts_db) == []
    before = file_digest(facts_db)
    with pytest.raises(KeyError, match="no imported indicator"):
        remove_indicator("ดัชนีเสรีภาพสื่อ", facts_db)
    assert file_digest(facts_db) == before


# --- bad input: every problem named by row, column and value; nothing written -----------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ปี,x\n25x8,1\n", ["row 2, ปี: 25x8 is not a year"]),
        ("ปี,x\n1850,1\n", ["row 2, ปี: 1850 is not a year"]),
        ("ปี,x\n,1\n", ["row 2, ปี: is empty; every row needs its year"]),
        ("ปี,x\n2567,abc\n2568,12.5%\n", ["row 2, x: abc is not a number", "row 3, x: 12.5% has a % sign"]),
        ("ปี,x\n2567,1e999\n", ["row 2, x: 1e999 is too large to store"]),
        ("ปี,x\n2567,nan\n2568,inf\n", ["row 2, x: nan is not a number", "row 3, x: inf is not a number"]),
        ("ปี,x\n2567,1\n2024,2\n", ["row 3, ปี: 2024 appears more than once for this year (first in row 2)"]),
        (
            "ปี,จังหวัด,x\n2567,เชียงใหม่,1\n2567,Chiang Mai,2\n",
            ["row 3, ปี: 2567 appears more than once for this year and province (first in row 2)"],
        ),
        (
            "ปี,จังหวัด,x\n2567,Atlantis,1\n2567,,2\n",
            ["row 2, จังหวัด: Atlantis is not a known province", "row 3, จังหวัด: is empty"],
        ),
        ("value,x\n1,2\n", ["row 1: no year column"]),
        ("ปี\n2567\n", ["row 1: no indicator column"]),
        ("ปี,x,X\n2567,1,2\n", ["row 1, column 3: X names an indicator twice"]),
        (f"ปี,{'ก' * 81}\n2567,1\n", ["is too long for an indicator name (81 characters"]),
        ("ปี,x,\n2567,1,5\n", ["row 2, column 3: 5 is in a column without a header"]),
        ("ปี,x,y\n2567,1,\n", ["row 1, y: has no values"]),
        ("ปี,x\n", ["row 2: the file has a header but no data rows"]),
        (",,\n2567,1,2\n", ["row 1: the first row must be the header"]),
    ],
)
def test_bad_files_are_refused_with_row_column_and_value(tmp_path, facts_db, text, expected):
    import_indicator(write(tmp_path, NATIONAL, "earlier.csv"), facts_db)  # something stored must survive
    message = import_fails(write(tmp_path, text, "bad.csv"), facts_db)
    assert message.startswith("bad.csv: ") and "nothing was imported" in message
    for part in expected:
        assert part in message, message
    assert len(stored(facts_db)) == 2


def test_every_problem_is_reported_at_once(tmp_path, facts_db):
    message = import_fails(write(tmp_path, "ปี,จังหวัด,x\n2567,Atlantis,abc\nxx,เชียงใหม่,1\n"), facts_db)
    assert "3 problem(s)" in message


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00\x00binary\x81\x8d junk", "cannot be read as UTF-8 or as Thai Windows"),
    ],
)
def test_empty_and_binary_files(tmp_path, facts_db, data, expected):
    path = tmp_path / "junk.csv"
    path.write_bytes(data)
    assert expected in import_fails(path, facts_db)


def test_a_broken_xlsx_is_refused(tmp_path, facts_db):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "cannot be read as a spreadsheet" in import_fails(path, facts_db)


# --- the correlation explorer offers them at once ----------------------------------------------


def test_explorer_catalogue_offers_levels_to_the_units_that_can_use_them(tmp_path, tiny_db):
    import_indicator(write(tmp_path, NATIONAL), tiny_db)
    import_indicator(write(tmp_path, PROVINCE, "income.csv"), tiny_db)
    with db.connect(tiny_db) as con:
        for unit in explore.UNITS:
            offered = [m for m in explore.catalogue(con, unit) if m.startswith(explore.EXTERNAL)]
            expected = ["ext:ดัชนีเสรีภาพสื่อ", "ext:รายได้เฉลี่ย"] if unit in ("province", "agency") else ["ext:ดัชนีเสรีภาพสื่อ"]
            assert sorted(offered) == expected, unit
        assert "ext:ดัชนีเสรีภาพสื่อ" in explore.national_metrics(con)
        assert "ext:รายได้เฉลี่ย" not in explore.national_metrics(con)


def test_explorer_pairs_join_national_by_year_and_province_by_province(tmp_path, tiny_db):
    import_indicator(write(tmp_path, NATIONAL), tiny_db)
    import_indicator(write(tmp_path, PROVINCE, "income.csv"), tiny_db)
    with db.connect(tiny_db) as con:
        national = explore.unit_pairs(con, "national", Filters(), "ext:ดัชนีเสรีภาพสื่อ", "mean_score")
        assert national["fiscal_year"].tolist() == [2024, 2025] and national["x"].tolist() == [41.5, 44.0]
        assert national["y"].tolist() == pytest.approx([84.2, 85.198])
        lagged = explore.unit_pairs(con, "national", Filters(), "ext:ดัชนีเสรีภาพสื่อ", "mean_score", lag=1)
        assert lagged[["fiscal_year", "x"]].values.tolist() == [[2025, 41.5]]
        province = explore.unit_pairs(con, "province", Filters(), "ext:รายได้เฉลี่ย", "mean_score")
        assert province.values.tolist() == [
            ["50", 2024, 1200.0, 80.0],
            ["51", 2025, 700.0, 85.0],
            ["90", 2024, 900.5, 90.5],
            ["90", 2025, 950.0, 80.0],
        ]
        agency = explore.unit_pairs(con, "agency", Filters(), "ext:รายได้เฉลี่ย", "mean_score")
        # each agency gets its province's value; the central department (no province) has none
        assert agency.values.tolist() == [
            ["A002", 2024, 1200.0, 80.0],
            ["A003", 2025, 700.0, 85.0],
            ["A004", 2024, 900.5, 86.0],
            ["A004", 2025, 950.0, 60.0],
            ["A005", 2024, 900.5, 95.0],
            ["A005", 2025, 950.0, 100.0],
        ]
        with pytest.raises(ValueError, match="not in the catalogue"):
            explore.unit_pairs(con, "region", Filters(), "ext:รายได้เฉลี่ย", "mean_score")


# --- command line ------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_analytics", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def test_cli_imports_reports_and_removes(tmp_path, facts_db):
    path = write(tmp_path, NATIONAL)
    done = cli("import-indicator", str(path), "--db", str(facts_db), "--source", "RSF")
    assert done.returncode == 0, done.stderr
    assert "imported 2 national-year values of 1 indicator(s) for 2567–2568 (2024–2025)" in done.stdout
    again = cli("import-indicator", str(path), "--db", str(facts_db))
    assert "replaced the earlier import of 'ดัชนีเสรีภาพสื่อ'" in again.stdout
    removed = cli("remove-indicator", "ดัชนีเสรีภาพสื่อ", "--db", str(facts_db))
    assert removed.returncode == 0 and "2 values" in removed.stdout
    missing = cli("remove-indicator", "ดัชนีเสรีภาพสื่อ", "--db", str(facts_db))
    assert missing.returncode == 1 and "no imported indicator" in missing.stderr


def test_cli_bad_file_exits_1_and_changes_nothing(tmp_path, facts_db):
    before = file_digest(facts_db)
    done = cli("import-indicator", str(write(tmp_path, "ปี,x\n2567,abc\n", "bad.csv")), "--db", str(facts_db))
    assert done.returncode == 1 and "bad.csv: row 2, x: abc is not a number" in done.stderr
    assert file_digest(facts_db) == before
    assert cli("import-indicator", "--db", str(facts_db)).returncode == 2  # no file: usage error


# --- the page ----------------------------------------------------------------------------------


def unescaped(text: str) -> str:
    """Return Markdown text as read: the page escapes names and file names so they never become markup."""
    return re.sub(r"\\(.)", r"\1", text)


def upload(at, text: str, name: str = "indicator.csv"):
    """Choose a file in the page's uploader and rerun."""
    at.file_uploader[0].set_value((name, text.encode("utf-8"), "text/csv"))
    return at.run()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_previews_imports_and_the_explorer_offers_it(monkeypatch, tiny_db, lang):
    query = {"lang": "en"} if lang == "en" else {}
    at = open_view(monkeypatch, tiny_db, "indicators", query)
    assert [t.value for t in at.title] == [i18n.t("indicators_title", lang)]
    assert [i.value for i in at.info] == [i18n.t("indicators_none", lang)]
    at = upload(at, PROVINCE, "income.csv")
    assert not at.exception and not at.error
    preview = unescaped(at.info[0].value)
    assert "income.csv" in preview and "รายได้เฉลี่ย" in preview and i18n.t("indicator_level_province", lang) in preview
    at.text_input(key="indicator_source").set_value("NESDC")
    at.button(key="indicator_import").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith(i18n.t("indicators_done", lang).split("{")[0])
    assert "./correlations?x=ext%3A" in at.success[0].value and "unit=province" in at.success[0].value
    listing = at.dataframe[-1].value
    assert listing[i18n.t("indicator", lang)].tolist() == ["รายได้เฉลี่ย"]
    assert listing[i18n.t("source", lang)].tolist() == ["NESDC"]
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value  # emptied for the next file
    assert stored(tiny_db)[0] == ("รายได้เฉลี่ย", "province", 2024, "50", 1200.0)
    # the explorer offers it at once, by the link's parameters
    explorer = at.switch_page("views/correlations.py")
    explorer.query_params.update({"x": "ext:รายได้เฉลี่ย", "unit": "province"})
    explorer.run()
    assert not explorer.exception
    assert explorer.selectbox(key="x").value == "ext:รายได้เฉลี่ย"
    suffix = i18n.t("imported_metric", lang)
    assert f"รายได้เฉลี่ย ({suffix})" in explorer.selectbox(key="x").options
    summary = next(f.value for f in explorer.dataframe if i18n.t("n_used", lang) in f.value.columns)
    # four province-years pair with the CPI, but the CPI is national: its two years are the n
    assert summary[i18n.t("n_used", lang)].tolist()[0] == 2


def test_page_lists_every_problem_and_offers_no_import(monkeypatch, tiny_db):
    before = file_digest(tiny_db)
    at = upload(open_view(monkeypatch, tiny_db, "indicators"), "ปี,จังหวัด,x\n25x8,Atlantis,abc\n", "bad.csv")
    assert not at.exception
    assert unescaped(at.error[0].value).startswith("bad.csv: ") and "3" in at.error[0].value
    problems = at.dataframe[-1].value
    assert problems[i18n.t("cell_value", "th")].tolist() == ["25x8", "Atlantis", "abc"]
    assert problems[i18n.t("column", "th")].tolist() == ["ปี", "จังหวัด", "x"]
    assert not [b for b in at.button if b.key == "indicator_import"]
    assert file_digest(tiny_db) == before


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_says_each_problem_in_the_reader_s_language(monkeypatch, tmp_path, tiny_db, lang):
    """The problems a page lists are in the page's language, headerless columns included; the English text
    (the command line's) is the same words as the English page."""
    text = "ปี,x,,y\n2568,12%,5,\n"
    at = upload(open_view(monkeypatch, tiny_db, "indicators", {"lang": lang}), text, "bad.csv")
    assert not at.exception
    problems = at.dataframe[-1].value
    said = dict(zip(problems[i18n.t("column", lang)], problems[i18n.t("problem", lang)]))
    assert said == {
        "x": i18n.t("problem_value_percent", lang),
        i18n.t("problem_column_number", lang).format(n=3): i18n.t("problem_unnamed_column", lang),
        "y": i18n.t("problem_no_values", lang),
    }
    assert "คอลัมน์ที่ 3" in said if lang == "th" else "column 3" in said
    english = import_fails(write(tmp_path, text), tiny_db)
    for key in ("problem_value_percent", "problem_unnamed_column", "problem_no_values"):
        assert i18n.t(key, "en") in english


def test_every_problem_label_has_the_same_placeholders_in_thai_and_english():
    keys = [k for k in i18n._labels() if k.startswith("problem_")]
    assert len(keys) >= 20
    fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)  # noqa: E731
    for key in keys:
        assert fields(i18n.t(key, "th")) == fields(i18n.t(key, "en")), key


def test_page_removes_an_indicator(monkeypatch, tmp_path, tiny_db):
    import_indicator(write(tmp_path, NATIONAL), tiny_db)
    at = open_view(monkeypatch, tiny_db, "indicators")
    at.selectbox(key="indicator_remove_name").set_value("ดัชนีเสรีภาพสื่อ")
    at.button(key="indicator_remove").click()
    at.run()
    assert not at.exception and stored(tiny_db) == []
    assert "ดัชนีเสรีภาพสื่อ" in at.success[0].value
    assert [i.value for i in at.info] == [i18n.t("indicators_none", "th")]


def test_hostile_indicator_names_are_shown_literally(monkeypatch, tmp_path, tiny_db):
    name = "<script>alert(1)</script> **bold** [x](http://evil)"
    import_indicator(write(tmp_path, f'ปี,"{name}"\n2567,1\n2568,2\n'), tiny_db)
    at = open_view(monkeypatch, tiny_db, "correlations", {"x": f"ext:{name}"})
    assert not at.exception
    assert at.selectbox(key="x").value == f"ext:{name}"
    # the chart's source line names the indicator, escaped so Markdown shows it as typed
    assert any(components.md_escape(name) in c.value for c in at.caption), [c.value for c in at.caption]
    assert not [c.value for c in at.caption if "**bold**" in c.value]


def test_a_new_connection_sees_an_import_while_an_old_one_is_still_open(tmp_path, facts_db):
    """The running app keeps its connection; after an import, the next one it opens must see the new file."""
    old = db.connect(facts_db)
    try:
        import_indicator(write(tmp_path, NATIONAL), facts_db)
        with db.connect(facts_db) as new:
            assert db.query(new, "external_indicator_list")["indicator"].tolist() == ["ดัชนีเสรีภาพสื่อ"]
        assert db.query(old, "external_indicator_list").empty  # the old one reads the file it opened
    finally:
        old.close()
