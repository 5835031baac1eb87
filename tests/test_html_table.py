"""Tables saved from web pages (ita_analytics/ingest/html_table.py), read like CSV through reading.read_first_grid:
the results table of an ITAS report page, decoded by its charset, bounded like CSV, and hostile markup refused or
read in bounded time."""

from __future__ import annotations

import pytest
from hostile_files import sparse_nul_file

from ita_analytics import i18n
from ita_analytics.ingest import InputFileError, html_table, limits
from ita_analytics.ingest.reading import read_first_grid, read_grids

HEADER = ["#", "หน่วยงาน", "อำเภอ", "จังหวัด", "คะแนนเฉลี่ย"]

# Shaped like NACC's ITAS page "ผลการประเมินรายหน่วยงานภายในจังหวัด" saved from a browser: a title, a navigation
# table first, a script holding a table of its own, then the results with a title row over the header.
ITAS_PAGE = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title>ผลการประเมินรายหน่วยงานภายในจังหวัด | ITAS</title>
<script>var fake = "<table><tr><th>หน่วยงาน</th><th>คะแนน</th></tr><tr><td>x</td><td>1</td></tr></table>";</script>
<style>table td { padding: 2px } /* <td>หน่วยงาน</td> */</style>
</head><body>
<table class="menu"><tr><td><a href="/">หน้าหลัก</a></td><td><a href="/report">รายงาน</a></td></tr></table>
<h2>ผลการประเมินรายหน่วยงานภายในจังหวัด</h2>
<table class="table table-striped" id="result">
  <thead>
    <tr><th colspan="5">จังหวัดเชียงใหม่ ปีงบประมาณ พ.ศ. ๒๕๖๗</th></tr>
    <tr><th>#</th><th> หน่วยงาน </th><th>อำเภอ</th><th>จังหวัด</th><th>คะแนน<br>เฉลี่ย</th></tr>
  </thead>
  <tbody>
    <tr><td>1</td><td><a href="/agency/1"><span>องค์การบริหารส่วนตำบล</span>บ้านใหม่</a></td>
        <td>เมืองเชียงใหม่</td><td>เชียงใหม่</td><td><b>98.50</b></td></tr>
    <tr><td>2</td><td>เทศบาลตำบล&nbsp;&amp;&nbsp;แม่ทา <!-- เดิม: ทต.แม่ทา --></td><td rowspan="2">แม่ออน</td>
        <td>เชียงใหม่</td><td>97.25</td></tr>
    <tr><td>3</td><td>อบต.&lt;ทดสอบ&gt; &#3617;&#x0E35;</td><td>เชียงใหม่</td><td>๙๖.๐๐</td></tr>
    <tr><td>4<td>อบต.ออนใต้<td>สันกำแพง<td>เชียงใหม่<td>95
  </tbody>
</table>
<table><tr><td>หน่วยงาน</td><td>คะแนน</td></tr><tr><td>later</td><td>0</td></tr></table>
</body></html>
"""

ITAS_ROWS = [
    HEADER[:4] + ["คะแนน เฉลี่ย"],
    ["1", "องค์การบริหารส่วนตำบลบ้านใหม่", "เมืองเชียงใหม่", "เชียงใหม่", "98.50"],
    ["2", "เทศบาลตำบล & แม่ทา", "แม่ออน", "เชียงใหม่", "97.25"],
    ["3", "อบต.<ทดสอบ> มี", "แม่ออน", "เชียงใหม่", "๙๖.๐๐"],  # the district spans both rows: repeated
    ["4", "อบต.ออนใต้", "สันกำแพง", "เชียงใหม่", "95"],  # cells and rows left unclosed
]


def page(tmp_path, text: str, name: str = "itas.html", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def table(*rows: list[str], head: list[str] = HEADER) -> str:
    cells = lambda tag, row: "".join(f"<{tag}>{cell}</{tag}>" for cell in row)  # noqa: E731
    return f"<table><tr>{cells('th', head)}</tr>" + "".join(f"<tr>{cells('td', r)}</tr>" for r in rows) + "</table>"


def refused(path) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_first_grid(path)
    assert caught.value.file_name == path.name
    return caught.value


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_an_itas_report_page_gives_its_results_table_header_first(tmp_path, suffix):
    path = page(tmp_path, ITAS_PAGE, f"itas{suffix}")
    assert read_first_grid(path) == ITAS_ROWS
    assert read_grids(path) == {None: ITAS_ROWS}


@pytest.mark.parametrize(
    "name, score",
    [
        ("หน่วยงาน", "คะแนนเฉลี่ย"),
        ("ชื่อหน่วยงาน", "คะแนน ITA"),
        ("ชื่อ หน่วยงาน", "คะแนนรวม"),
        ("หน่วยงาน", "คะแนน"),
        ("agency_name", "Score"),
    ],
)
def test_the_results_table_is_known_by_a_name_and_a_score_header_as_published(tmp_path, name, score):
    named_only = table(["อบต.บ้านใหม่", "เชียงใหม่"], head=[name, "จังหวัด"])
    results = table(["อบต.บ้านใหม่", "91.5"], head=[name, score])
    assert read_first_grid(page(tmp_path, named_only + results)) == [[name, score], ["อบต.บ้านใหม่", "91.5"]]


def test_a_page_without_such_a_table_is_refused_saying_what_was_looked_for(tmp_path):
    path = page(tmp_path, "<h1>ITAS</h1>" + table(["1", "2"], head=["หน่วยงาน", "อำเภอ"]) + "<table></table>")
    error = refused(path)
    (problem,) = error.problems
    assert problem.key == "html_no_table" and dict(problem.params) == {"tables": 2}
    assert "no table with a name column (หน่วยงาน or ชื่อหน่วยงาน) and a score column" in str(error)
    assert "ไม่พบตารางที่มีคอลัมน์ชื่อหน่วยงาน" in problem.text("th") and "2 ตาราง" in problem.text("th")
    assert "0 table(s)" in str(refused(page(tmp_path, "<p>หน่วยงาน คะแนน</p>", "none.html")))


def test_cells_are_text_as_a_browser_shows_it(tmp_path):
    cell = "<td>  <div>อบต.<b>บ้าน</b><i>ใหม่</i></div><p>อ.เมือง</p>\n\t<br/>จ.&#3648;&#x0E0A;ียงใหม่ </td>"
    text = f"<table><tr><th>หน่วยงาน</th><th>คะแนน</th></tr><tr>{cell}<td>9&#8203;0</td></tr></table>"
    assert read_first_grid(page(tmp_path, text))[1] == ["อบต.บ้านใหม่ อ.เมือง จ.เชียงใหม่", "9\u200b0"]


def test_spans_leave_blanks_across_and_repeat_down_and_rows_keep_their_length(tmp_path):
    text = (
        "<table><tr><th>หน่วยงาน</th><th colspan=2>คะแนน</th></tr>"
        "<tr><td rowspan=3>ทต.แม่ทา</td><td>90</td><td>A</td></tr>"
        "<tr><td>91</td></tr>"
        "<tr><td colspan=0>92</td><td>B</td><td>extra</td></tr>"
        "<tr><td rowspan=x>อบต.ออนใต้</td></tr></table>"
    )
    assert read_first_grid(page(tmp_path, text)) == [
        ["หน่วยงาน", "คะแนน", ""],
        ["ทต.แม่ทา", "90", "A"],
        ["ทต.แม่ทา", "91"],
        ["ทต.แม่ทา", "92", "B", "extra"],
        ["อบต.ออนใต้"],
    ]


# --- encodings ----------------------------------------------------------------------------------------------

WINDOWS_874 = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874"></head><body>'


@pytest.mark.parametrize(
    "head",
    [
        WINDOWS_874,
        "<meta charset='TIS-620'>",
        '<?xml version="1.0" encoding="iso-8859-11"?><html>',
        "",  # undeclared: read as any text file is (UTF-8, else Thai Windows)
    ],
)
def test_a_thai_windows_page_is_decoded_by_its_declared_charset(tmp_path, head):
    text = head + table(["องค์การบริหารส่วนตำบลบ้านใหม่", "เชียงใหม่", "เชียงใหม่", "เมือง", "95.5"])
    assert read_first_grid(page(tmp_path, text, encoding="cp874"))[1][0] == "องค์การบริหารส่วนตำบลบ้านใหม่"


def test_a_page_not_in_the_charset_it_declares_is_read_as_utf8(tmp_path):
    # saved by a browser that converted it to UTF-8 and kept the old declaration
    text = WINDOWS_874 + table(["อบต.บ้านใหม่", "x", "x", "x", "1"])
    assert read_first_grid(page(tmp_path, text))[1][0] == "อบต.บ้านใหม่"
    assert read_first_grid(page(tmp_path, "\ufeff" + text, "bom.html"))[1][0] == "อบต.บ้านใหม่"
    assert read_first_grid(page(tmp_path, "\ufeff" + text, "utf16.html", "utf-16"))[1][0] == "อบต.บ้านใหม่"


def test_declared_charsets_are_read_from_meta_and_http_equiv_and_only_trusted_ones_kept():
    assert html_table.declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert html_table.declared_charset(WINDOWS_874.encode()) == "cp874"
    assert html_table.declared_charset(b"<META CHARSET=iso-8859-1>") == "cp1252"
    assert html_table.declared_charset(b"<meta charset=rot13>") is None  # a codec, but not a page's charset
    assert html_table.declared_charset(b"<meta charset=utf-16>") is None  # impossible in an ASCII-readable page
    assert html_table.declared_charset(b"<p>charset=cp874</p>") is None


# --- limits -------------------------------------------------------------------------------------------------


def test_a_page_beyond_the_byte_limit_is_refused_before_it_is_read(tmp_path):
    path = sparse_nul_file(tmp_path / "huge.html", limits.MAX_FILE_BYTES + 1)
    assert "is 50.0 MB; files over 50 MB are not read" in str(refused(path))


def test_rows_columns_and_cells_stop_at_the_csv_limits(tmp_path, monkeypatch):
    wide = "<table><tr><th>หน่วยงาน</th><th>คะแนน</th><td colspan=999></td></tr></table>"
    assert "row 1: has 1,001 columns; at most 1,000 columns are read" in str(refused(page(tmp_path, wide)))
    # a cell spanning 1,000 columns is 1,000 cells: 5,001 such rows (110 kB) pass the 5 million cells
    spread = "<table>" + "<tr><td colspan=1000>x" * 5_001 + "</table>"
    assert "the file has more than 5,000,000 cells" in str(refused(page(tmp_path, spread, "spread.html")))
    # so is a cell spanning every row below it
    down = "<table><tr><td colspan=1000 rowspan=65534>x" + "<tr>" * 6_000 + "</table>"
    assert "the file has more than 5,000,000 cells" in str(refused(page(tmp_path, down, "down.html")))
    monkeypatch.setattr(html_table, "MAX_ROWS", 3)
    rows = table(["a", "1"], ["b", "2"], ["c", "3"], head=["หน่วยงาน", "คะแนน"])
    assert "row 4: the file has more than 3 rows" in str(refused(page(tmp_path, rows, "rows.html")))


def test_a_page_that_takes_too_long_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(html_table, "HTML_SECONDS", -1)
    error = refused(page(tmp_path, ITAS_PAGE))
    assert "the page is too large or malformed to read within -1 s" in str(error)
    assert error.problems[0].text("th") == i18n.t("problem_html_too_slow", "th").format(seconds=-1)


# --- hostile markup -----------------------------------------------------------------------------------------

RESULTS = table(["อบต.บ้านใหม่", "x", "x", "x", "90"])


@pytest.mark.parametrize(
    "before",
    [
        "<div>" * 10_000,  # 10,000 nested tags, never closed
        "<table><tr><td>" * 10_000 + "</td></tr></table>" * 10_000,  # those past 32 deep are read as text
        "<span><b><i>" * 5_000 + "</i></b></span>" * 5_000,
        "<p>unclosed <b>bold <i>italic <td>stray cell <tr>stray row",
        "<script>document.write('<table><tr><th>หน่วยงาน<th>คะแนน<tr><td>fake<td>1</table>')</script>",
        "<style>td::after { content: '<table>' }</style><template>" + table(["fake", "1"]) + "</template>",
        "<!-- " + table(["fake", "1"]) + " -->",
        "<![CDATA[ x ]]><![if !supportLists]><![endif]><![foo[ <!doctype x> <?php echo 1 ?>",
        "&#99999999; &#0; &bogus; &",
    ],
)
def test_hostile_markup_before_the_table_is_read_past(tmp_path, before):
    grid = read_first_grid(page(tmp_path, "<html><body>" + before + RESULTS))
    assert grid[-1] == ["อบต.บ้านใหม่", "x", "x", "x", "90"] and grid[0] == HEADER


def test_an_assertion_inside_the_standard_library_s_parser_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    def lied(self, i):
        raise AssertionError("unexpected call to parse_starttag")

    monkeypatch.setattr(html_table._TableParser, "parse_starttag", lied)
    error = refused(page(tmp_path, ITAS_PAGE))
    assert "cannot be read as a web page (unexpected call to parse_starttag)" in str(error)


def test_a_table_nested_past_32_deep_is_text_of_the_cell_that_holds_it(tmp_path):
    error = refused(page(tmp_path, "<table><tr><td>" * 10_000 + RESULTS))
    assert dict(error.problems[0].params) == {"tables": html_table.MAX_TABLE_DEPTH}


@pytest.mark.parametrize(
    "junk",
    [
        "<a" * 100_000,  # Python 3.11's parser rescans the rest of the page for each: 22 s before
        "</" * 300_000,  # 31 s
        "<?" * 300_000,
        "<!--x>" * 50_000,  # 22 s
        "<![CDATA[x>" * 100_000,  # 20 s
        "<a b='" * 50_000,  # minutes
        "<!doctype" * 100_000,
    ],
)
def test_constructs_left_open_cost_linear_time(tmp_path, junk):
    for text in (junk, table(["x"], head=["หน่วยงาน"]) + junk, junk + RESULTS):
        try:
            read_first_grid(page(tmp_path, text))
        except InputFileError as error:  # junk before the table may swallow it: then no table, never too slow
            assert error.problems[0].key == "html_no_table"
