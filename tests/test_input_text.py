"""What a file's text means, decided correctly: the encoding per file (a UTF-8 file with a cp874 row is refused
naming the row, never stored as เธชเธฒเธก), numbers in ASCII or Thai digits only (not full-width, Arabic-Indic, `5_0`,
`nan`), -0 stored as 0, control characters taken out of stored text with a warning, and indicator names that are
composed (NFC) and visible, with one year column.
"""

from __future__ import annotations

import math
import subprocess
import sys

import duckdb
import openpyxl
import pytest
from conftest import PROJECT, import_refused

from ita_analytics.ingest import import_cpi, import_indicator, import_ita

ITA_HEADER = "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,สังกัด,คะแนนรวม,IIT"
NON_THAI_DIGITS = ["８８", "٨٨", "۸۸", "८८", "๘8\u0668", "²"]  # full-width, Arabic-Indic (two), Devanagari, mixed …


def rows(db_path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# --- encodings: decided per file ------------------------------------------------------------------


def test_a_utf8_file_with_one_cp874_row_is_refused_naming_the_row(tmp_path, facts_db):
    # Decoded whole as cp874 before, it imported (exit 0) with สาม stored as เธชเธฒเธก.
    data = (
        f"{ITA_HEADER}\n2568,S1,อบต.หนึ่ง,อบต.,เชียงใหม่,,90,\n".encode()
        + "2568,S3,อบต.สาม,อบต.,เชียงใหม่,,80,\n".encode("cp874")
        + "2568,S4,อบต.สี่,อบต.,เชียงใหม่,,70,\n".encode()
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    message = import_refused(import_ita, path, facts_db)
    assert "mixed.csv: row 3: the file mixes encodings: row 1 is UTF-8 but 1 row(s) are not (rows 3)" in message


def test_the_rows_named_are_capped(tmp_path, facts_db):
    data = "ปี,ดัชนี\n".encode() + b"".join(f"{2500 + n},๑ สาม\n".encode("cp874") for n in range(30))
    message = import_refused(import_indicator, _bytes(tmp_path, data), facts_db)
    named = ", ".join(str(n) for n in range(2, 22))
    assert f"row 1 is UTF-8 but 30 row(s) are not (rows {named} …)" in message


def _bytes(tmp_path, data: bytes):
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    return path


def test_a_byte_order_mark_says_utf8_so_cp874_rows_after_it_are_refused(tmp_path, facts_db):
    data = b"\xef\xbb\xbf" + b"year,x\n" + "2567,สาม\n".encode("cp874")
    assert "row 1 is UTF-8 but 1 row(s) are not (rows 2)" in import_refused(
        import_indicator, _bytes(tmp_path, data), facts_db
    )


def test_a_file_all_in_thai_windows_encoding_imports(tmp_path, facts_db):
    text = f"{ITA_HEADER}\n2568,S3,อบต.สาม,อบต.,เชียงใหม่,กระทรวงมหาดไทย,80,\n"
    import_ita(write(tmp_path / "cp874.csv", text, "cp874"), facts_db)
    assert rows(facts_db, "select name_th, ministry from agencies where agency_code = 'S3'") == [
        ("อบต.สาม", "กระทรวงมหาดไทย")
    ]


def test_a_pure_ascii_file_imports(tmp_path, facts_db):
    text = "fiscal_year,agency_code,agency_name,agency_type,province,score\n2025,S1,SAO One,SAO,Chiang Mai,90\n"
    assert import_ita(write(tmp_path / "ascii.csv", text), facts_db).rows == 1


# --- numbers: ASCII or Thai digits, nothing else --------------------------------------------------


def test_thai_digits_are_read_as_numbers_everywhere(tmp_path, facts_db):
    import_ita(write(tmp_path / "ita.csv", f"{ITA_HEADER}\n๒๕๖๘,S1,อบต.หนึ่ง,อบต.,เชียงใหม่,,๘๘.๕,๙๐\n"), facts_db)
    assert rows(facts_db, "select fiscal_year, score, iit from ita_results") == [(2025, 88.5, 90.0)]
    import_indicator(write(tmp_path / "ind.csv", 'ปี,ดัชนี\n๒๕๖๗,"๑,๒๕๐"\n'), facts_db)
    assert rows(facts_db, "select year, value from external_indicators") == [(2024, 1250.0)]
    import_cpi(write(tmp_path / "cpi.csv", "Country;ISO3;CPI score 2024\nThailand;THA;๓๔\n"), facts_db)
    assert rows(facts_db, "select score from cpi_scores where iso3 = 'THA' and year = 2024") == [(34.0,)]


@pytest.mark.parametrize("digits", NON_THAI_DIGITS)
def test_other_scripts_digits_are_not_numbers(digits, tmp_path, facts_db):
    ita = write(tmp_path / "ita.csv", f"{ITA_HEADER}\n2568,S1,อบต.หนึ่ง,อบต.,เชียงใหม่,,{digits},\n")
    assert f"row 2, คะแนนรวม: {digits} is not a number" in import_refused(import_ita, ita, facts_db)
    year = write(tmp_path / "year.csv", f"{ITA_HEADER}\n25{digits},S1,อบต.หนึ่ง,อบต.,เชียงใหม่,,88,\n")
    assert "is not a fiscal year" in import_refused(import_ita, year, facts_db)
    indicator = write(tmp_path / "ind.csv", f"ปี,ดัชนี\n2567,{digits}\n")
    assert f"row 2, ดัชนี: {digits} is not a number" in import_refused(import_indicator, indicator, facts_db)
    cpi = write(tmp_path / "cpi.csv", f"Country;ISO3;CPI score 2024\nThailand;THA;{digits}\n")
    assert f"row 2, CPI score 2024: {digits} is not a number" in import_refused(import_cpi, cpi, facts_db)


@pytest.mark.parametrize("value", ["5_0", "1_000", "nan", "inf", "-Infinity", "0x10", " 5 5"])
def test_the_cpi_importer_reads_no_underscores_nan_or_infinity(value, tmp_path, facts_db):
    # float() takes "5_0" as 50: the CPI importer stored it.
    cpi = write(tmp_path / "cpi.csv", f"Country;ISO3;CPI score 2024\nThailand;THA;{value}\n")
    assert f"row 2, CPI score 2024: {value.strip()} is not a number" in import_refused(import_cpi, cpi, facts_db)


def test_minus_zero_is_stored_as_zero(tmp_path, facts_db):
    import_ita(write(tmp_path / "ita.csv", f"{ITA_HEADER}\n2568,S1,อบต.หนึ่ง,อบต.,เชียงใหม่,,-0,-0.0\n"), facts_db)
    import_indicator(write(tmp_path / "ind.csv", "ปี,ดัชนี\n2567,-0\n2568,-0.0e3\n"), facts_db)
    cpi = tmp_path / "cpi.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Country", "ISO3", "Year", "CPI score", "Standard error"])
    book.active.append(["Thailand", "THA", 2024, 34, -0.0])  # a native -0.0 cell
    book.active.append(["Laos", "LAO", 2024, "33", "-0"])
    book.save(cpi)
    import_cpi(cpi, facts_db)
    stored = [
        *rows(facts_db, "select score, iit from ita_results")[0],
        *(v for (v,) in rows(facts_db, "select value from external_indicators")),
        *(
            v
            for (v,) in rows(
                facts_db, "select standard_error from cpi_scores where iso3 in ('THA', 'LAO') and year = 2024"
            )
        ),
    ]
    assert stored == [0.0] * 6
    assert all(math.copysign(1, v) == 1 for v in stored), stored


# --- control characters never reach the database --------------------------------------------------


def test_control_characters_leave_ita_text_with_a_warning_and_the_followup_file_is_written(tmp_path, facts_db):
    # ทด\x01สอบ imported, then the follow-up XLSX failed with openpyxl's IllegalCharacterError.
    text = (
        f"{ITA_HEADER}\n"
        "2568,S\x021,ทด\x01สอบ,อบต.,เชียงใหม่,กระทรวง\x1b[31mมหาดไทย,70,\n"
        '2568,S2,"อบต.\nสอง\u202e",อบต.,เชียงใหม่,,80,\n'
    )
    summary = import_ita(write(tmp_path / "ctrl.csv", text), facts_db)
    assert rows(facts_db, "select agency_code, name_th, ministry from agencies order by agency_code") == [
        ("S1", "ทดสอบ", "กระทรวง[31mมหาดไทย"),
        ("S2", "อบต. สอง", None),
    ]
    assert "row 2, ชื่อหน่วยงาน: 'ทด<U+0001>สอบ' holds control characters; stored as 'ทดสอบ'" in summary.warnings
    assert "row 2, รหัสหน่วยงาน: 'S<U+0002>1' holds control characters; stored as 'S1'" in summary.warnings
    assert "row 3, ชื่อหน่วยงาน: 'อบต.<U+000A>สอง<U+202E>' holds control characters; stored as 'อบต. สอง'" in (
        summary.warnings
    )
    out = tmp_path / "followup.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "ita_analytics", "followup", "--year", "2568", "--unit", "province:50"]
        + ["--out", str(out), "--db", str(facts_db)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    cells = {c.value for sheet in openpyxl.load_workbook(out) for row in sheet.iter_rows() for c in row}
    assert "ทดสอบ" in cells


def test_control_characters_leave_cpi_text_with_a_warning(tmp_path, facts_db):
    cpi = write(tmp_path / "cpi.csv", "Country;ISO3;Region;CPI score 2024\nThai\x00land;THA;A\x7fP;34\n")
    summary = import_cpi(cpi, facts_db)
    assert rows(facts_db, "select country, region from cpi_scores where iso3 = 'THA' and year = 2024") == [
        ("Thailand", "AP")
    ]
    assert "row 2, Country: 'Thai<U+0000>land' holds control characters; stored as 'Thailand'" in summary.warnings


def test_the_command_line_prints_the_warnings_escaped(tmp_path, facts_db):
    path = write(tmp_path / "ctrl.csv", f"{ITA_HEADER}\n2568,S1,ทด\x1b[2Jสอบ,อบต.,เชียงใหม่,,70,\n")
    done = subprocess.run(
        [sys.executable, "-m", "ita_analytics", "import-ita", str(path), "--db", str(facts_db)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "warning: ctrl.csv: row 2, ชื่อหน่วยงาน: 'ทด<U+001B>[2Jสอบ' holds control characters" in done.stderr
    assert "\x1b" not in done.stderr


# --- indicator names: composed, visible, one year column ------------------------------------------


@pytest.mark.parametrize(
    "name, shown",
    [("\u200b", "<U+200B>"), ("GDP\u200d", "GDP<U+200D>"), ("\u202eGDP", "<U+202E>GDP"), ("ดัชนี\x07", "ดัชนี<U+0007>")],
)
def test_invisible_characters_in_an_indicator_name_are_refused_naming_the_column(name, shown, tmp_path, facts_db):
    path = write(tmp_path / "names.csv", f"ปี,GDP,{name}\n2567,1,2\n")
    message = import_refused(import_indicator, path, facts_db)
    assert f"row 1, column 3: {shown} holds invisible control or format characters ({shown})" in message


def test_indicator_names_are_composed_so_two_spellings_are_one_name(tmp_path, facts_db):
    path = write(tmp_path / "names.csv", "ปี,Cafe\u0301,Café\n2567,1,2\n")
    assert "row 1, column 3: Café names an indicator twice" in import_refused(import_indicator, path, facts_db)
    summary = import_indicator(write(tmp_path / "one.csv", "ปี,Cafe\u0301\n2567,1\n"), facts_db)
    assert summary.indicators == ("Café",)
    assert rows(facts_db, "select distinct indicator from external_indicators") == [("Café",)]


@pytest.mark.parametrize(
    "header, message",
    [
        ("ปี,ดัชนี,year", "row 1, column 3: year is a second year column (the first is column 1); keep one"),
        (
            "ปี,จังหวัด,ดัชนี,province",
            "row 1, column 4: province is a second province column (the first is column 2); keep one",
        ),
    ],
)
def test_a_second_year_or_province_column_is_refused(header, message, tmp_path, facts_db):
    # It was imported as an indicator named "year".
    values = "2567,เชียงใหม่,1,เชียงใหม่" if "จังหวัด" in header else "2567,1,2568"
    path = write(tmp_path / "years.csv", f"{header}\n{values}\n")
    assert message in import_refused(import_indicator, path, facts_db)
