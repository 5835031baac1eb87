"""The oversight view on a hand-built portfolio: the figures, the follow-up list, the missing, the what-if, the file."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from conftest import PROJECT, open_view, unescaped

from dashboard import components
from ita_analytics import db, i18n
from ita_analytics.followup import write_followup
from ita_analytics.ingest import import_ita
from ita_analytics.oversight import Unit, build_oversight, indicator_share, parse_unit

HEADER = (
    "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,สังกัด,คะแนนรวม,IIT,EIT,OIT,"
    + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11))
    + ",ISO 37001"
)


def row(year, code, name, kind, province, score, tools=("", "", ""), indicators=("",) * 10, iso=""):
    return ",".join(
        str(v) for v in (year, code, name, kind, province, "กระทรวงมหาดไทย", score, *tools, *indicators, iso)
    )


#: Chiang Mai's SAOs in FY2567 and FY2568, built so every figure can be worked out by hand:
#: FY2568: S1 90 (pass), S2 84 (gap 1; passed last year: fell below), S3 80 (gap 5), S4 70 (gap 15), S5 95;
#: S6 was assessed in FY2567 only (missing); a Lamphun SAO L1 (pass) and a Songkhla one K1 are the peers.
LOW = ("60", "70", "80", "90", "90", "90", "90", "90", "90", "90")
ROWS = [
    row(2567, "S1", "อบต.หนึ่ง", "อบต.", "เชียงใหม่", 88),
    row(2567, "S2", "อบต.สอง", "อบต.", "เชียงใหม่", 86),
    row(2567, "S3", "อบต.สาม", "อบต.", "เชียงใหม่", 82),
    row(2567, "S4", "อบต.สี่", "อบต.", "เชียงใหม่", 70),
    row(2567, "S6", "อบต.หก", "อบต.", "เชียงใหม่", 91),
    row(2568, "S1", "อบต.หนึ่ง", "อบต.", "เชียงใหม่", 90, ("90", "90", "90"), ("90",) * 10, "ใช่"),
    row(
        2568,
        "S2",
        "อบต.สอง",
        "อบต.",
        "เชียงใหม่",
        84,
        ("80", "85", "86"),
        ("84", "50", "90", "90", "90", "90", "90", "90", "90", "90"),
        "ไม่ใช่",
    ),
    row(2568, "S3", "อบต.สาม", "อบต.", "เชียงใหม่", 80, ("82", "79", "79.5"), LOW, "ไม่ใช่"),
    row(2568, "S4", "อบต.สี่", "อบต.", "เชียงใหม่", 70, ("70", "60", "78"), LOW, ""),
    row(2568, "S5", "อบต.ห้า", "อบต.", "เชียงใหม่", 95, ("95", "95", "95"), ("95",) * 10, "ใช่"),
    row(2568, "L1", "อบต.ลำพูน", "อบต.", "ลำพูน", 99, ("99", "99", "99"), ("99",) * 10, ""),
    row(2568, "K1", "อบต.สงขลา", "อบต.", "สงขลา", 60, ("60", "60", "60"), ("60",) * 10, ""),
]


@pytest.fixture
def portfolio_db(facts_db, tmp_path):
    path = tmp_path / "portfolio.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    import_ita(path, facts_db)
    return facts_db


@pytest.fixture
def chiang_mai(portfolio_db):
    with db.connect(portfolio_db) as con:
        return build_oversight(con, 2025, Unit("province", "50"))


def test_portfolio_against_the_target(chiang_mai):
    p = chiang_mai.portfolio
    assert (p.agencies, p.passed, p.below, p.fell_below, p.missing) == (5, 2, 3, 1, 1)
    assert p.pass_rate == pytest.approx(0.4) and p.mean_score == pytest.approx(83.8)
    # FY2025's target in force: every agency at 85 or more (100%), so every agency below 85 must pass
    assert p.target_rate == 1.0 and p.more_needed == max(0, math.ceil(1.0 * 5) - 2) == p.below == 3


def test_followup_list_closest_first_with_what_to_fix(chiang_mai):
    followup = chiang_mai.followup
    assert followup["agency_code"].tolist() == ["S2", "S3", "S4"]  # exactly the agencies below 85, by gap
    assert followup["gap"].tolist() == [1.0, 5.0, 15.0]
    assert followup["weakest_tool"].tolist() == ["iit", "eit", "eit"]
    assert followup["weakest_indicator"].tolist() == ["i2", "i1", "i1"]
    assert followup["previous_score"].tolist() == [86.0, 82.0, 70.0]
    assert followup["change"].tolist() == [-2.0, -2.0, 0.0]
    assert followup["fell_below"].tolist() == [True, False, False]


def test_missing_agencies_are_listed_apart(chiang_mai):
    # FY2024 rates in five bands, which need every tool: 91 without them is passed, its band unknown
    missing = chiang_mai.missing
    assert missing[["agency_code", "previous_score"]].values.tolist() == [["S6", 91.0]]
    assert missing["previous_rating"].isna().all()


def test_what_if_counts_agencies_lifted_by_one_indicator(chiang_mai):
    what_if = chiang_mai.what_if.set_index("indicator")
    # SAO medians of FY2568 over all seven SAOs (Chiang Mai, Lamphun, Songkhla): i1 84, i2 70 (50 60 70 70 90 95 99).
    # S2 (84): i2 50 → 70 adds 20 × 0.06 = 1.2 → 85.2 passes; S3 (80) and S4 (70) cannot gain 5 or 15 points
    # from one indicator; S2's i1 is already at the median.
    assert what_if.loc["i2", "agencies_helped"] == 1 and what_if.loc["i2", "raise_mean"] == pytest.approx(1.2)
    assert what_if.loc["i1", "agencies_helped"] == 0
    assert what_if["agencies_helped"].sum() == 1
    assert what_if["agencies_helped"].iloc[0] == what_if["agencies_helped"].max()
    assert indicator_share()["i2"] == pytest.approx(0.06) and indicator_share()["i9"] == pytest.approx(0.2)
    assert sum(indicator_share().values()) == pytest.approx(1.0)


def test_peers_and_rank(chiang_mai):
    peers = chiang_mai.peers.set_index("unit")
    # Lamphun's one agency at 99 passes (100%), but one agency is too few to compare: it does not top the ranking.
    # Chiang Mai's five are enough, so it ranks first among the ranked; the small ones follow, unranked.
    assert peers.loc["50", "rank_pass_rate"] == 1 and bool(peers.loc["50", "ranked"])
    assert peers.loc["51", "pass_rate"] == 1.0 and not peers.loc["51", "ranked"]
    assert peers.loc["90", "pass_rate"] == 0.0 and len(peers) == 3
    assert chiang_mai.peers["unit"].tolist()[0] == "50"  # the ranked first


def test_a_unit_of_one_agency_never_tops_a_ranking():
    import pandas as pd

    from ita_analytics.oversight import rank_peers

    peers = pd.DataFrame(
        {
            "unit": ["10", "50", "51", "90"],
            "agencies": [1, 211, 40, 4],
            "passed": [1, 190, 30, 4],
            "pass_rate": [1.0, 190 / 211, 0.75, 1.0],
            "mean_score": [99.0, 92.0, 88.0, 97.0],
        }
    )
    ranked = rank_peers(peers)
    assert ranked["unit"].tolist() == ["50", "51", "10", "90"]
    assert ranked["ranked"].tolist() == [True, True, False, False]
    assert ranked["rank_pass_rate"].tolist()[:2] == [1, 2] and min(ranked["rank_pass_rate"][2:]) > 2
    assert ranked["rank_mean"].tolist()[:2] == [1, 2]
    everyone = rank_peers(peers, min_agencies=1)  # the setting: with no minimum, Bangkok's one agency is first
    assert everyone["unit"].tolist()[0] == "10" and everyone["ranked"].all()


def test_iso_adopters_against_the_rest(chiang_mai):
    iso = chiang_mai.iso.set_index("iso37001")
    assert iso.loc[True, "agencies"] == 2 and iso.loc[True, "mean_score"] == pytest.approx(92.5)
    assert iso.loc[False, "agencies"] == 2 and iso.loc[False, "pass_rate"] == 0.0  # S4 has no flag: left out


@pytest.mark.parametrize(
    "text, unit",
    [
        ("national", Unit()),
        ("province:เชียงใหม่", Unit("province", "50")),
        ("region:north", Unit("region", "north")),
        ("type:sao", Unit("type", "sao")),
        ("ministry:กระทรวงมหาดไทย", Unit("ministry", "กระทรวงมหาดไทย")),
    ],
)
def test_units_are_read(text, unit):
    assert parse_unit(text) == unit


@pytest.mark.parametrize(
    "text, message",
    [
        ("province:Atlantis", "province:Atlantis is unknown"),
        ("ministry:", "ministry needs its name"),
        ("city:1", "must be national"),
        ("type:xyz", "type:xyz is unknown"),
    ],
)
def test_bad_units(text, message):
    with pytest.raises(ValueError, match=message):
        parse_unit(text)


def test_a_unit_without_agencies_that_year_is_refused(portfolio_db):
    with db.connect(portfolio_db) as con, pytest.raises(ValueError, match="no agencies assessed"):
        build_oversight(con, 2025, Unit("ministry", "กระทรวงที่ไม่มี"))


# --- the follow-up file --------------------------------------------------------------------------------


def sheets(path) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in book}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_followup_file_equals_the_library(chiang_mai, tmp_path, lang):
    path = tmp_path / "followup.xlsx"
    write_followup(chiang_mai, path, lang)
    book = sheets(path)
    summary, agencies, missing = book.values()
    assert list(book) == [  # the summary first: the sheet a reader opens, saying what the figures describe
        i18n.t(k, lang) for k in ("followup_sheet_summary", "followup_sheet_agencies", "followup_sheet_missing")
    ]
    assert summary[1][0] == i18n.t("dataset", lang) and "portfolio" in summary[1][1]  # the dataset, named
    assert agencies[0][0] == i18n.t("followup_col_agency_code", lang)
    assert [r[0] for r in agencies[1:]] == chiang_mai.followup["agency_code"].tolist()
    score = agencies[0].index(i18n.t("followup_col_score", lang))
    assert [r[score] for r in agencies[1:]] == chiang_mai.followup["score"].tolist()
    assert [r[0] for r in missing[1:]] == ["S6"]
    values = {r[0]: r[1] for r in summary[1:]}
    assert values[i18n.t("followup_more_needed", lang)] == 3
    assert values[i18n.t("followup_agencies", lang)] == 5
    if lang == "th":
        assert agencies[1][1] == "อบต.สอง" and agencies[0][1] == "ชื่อหน่วยงาน"


def test_followup_file_never_runs_a_name_as_a_formula(facts_db, tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(
        "\n".join([HEADER, row(2568, "E1", '=HYPERLINK("http://evil")', "อบต.", "เชียงใหม่", 50)]) + "\n",
        encoding="utf-8",
    )
    import_ita(path, facts_db)
    with db.connect(facts_db) as con:
        view = build_oversight(con, 2025, Unit("province", "50"))
    out = tmp_path / "f.xlsx"
    write_followup(view, out)
    cell = openpyxl.load_workbook(out)[i18n.t("followup_sheet_agencies", "th")]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_analytics", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def test_cli_writes_the_followup_file(portfolio_db, tmp_path):
    out = tmp_path / "followup.xlsx"
    done = cli("followup", "--year", "2568", "--unit", "province:50", "--out", str(out), "--db", str(portfolio_db))
    assert done.returncode == 0, done.stderr
    assert "3 agencies below 85 and 1 missing of 5 assessed" in done.stdout and "3 more must pass" in done.stdout
    assert [r[0] for r in list(sheets(out).values())[1][1:]] == ["S2", "S3", "S4"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--year", "2568", "--unit", "province:Atlantis"], 1, "province:Atlantis is unknown"),
        (["--year", "2590"], 1, "no agencies assessed"),
        (["--year", "abc"], 1, "not a fiscal year"),
    ],
)
def test_cli_bad_input(portfolio_db, tmp_path, args, code, message):
    out = tmp_path / "f.xlsx"
    done = cli("followup", *args, "--out", str(out), "--db", str(portfolio_db))
    assert done.returncode == code and message in done.stderr and not out.exists()


# --- the page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_shows_the_portfolio_list_and_rank(monkeypatch, portfolio_db, lang):
    query = {"unit": "province", "unit_code": "50", **({"lang": "en"} if lang == "en" else {})}
    at = open_view(monkeypatch, portfolio_db, "oversight", query)
    assert not at.exception
    assert [t.value for t in at.title] == [f"{i18n.t('oversight_title', lang)} {i18n.year_label(2025, lang)}"]
    # the sidebar's year acts here, its other filters do not: the page says so
    assert i18n.t("oversight_year_note", lang).format(year=i18n.year_label(2025, lang)) in [c.value for c in at.caption]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("kpi_agencies", lang)] == "5" and metrics[i18n.t("kpi_pass_rate", lang)] == "40.0%"
    assert i18n.t("oversight_more_needed", lang).format(n="3", target="100", agencies="5", passed="2") in [
        w.value for w in at.warning
    ]
    followup = next(f.value for f in at.dataframe if i18n.t("gap", lang) in f.value.columns)
    assert followup[i18n.t("agency_code", lang)].tolist() == ["S2", "S3", "S4"]
    # what a provincial office acts on comes first; the province and ministry, the same on every row, are left out
    assert list(followup.columns[:4]) == [i18n.t(c, lang) for c in ("name", "score", "gap", "weakest_indicator")]
    assert i18n.t("province_code", lang) not in followup.columns and i18n.t("ministry", lang) not in followup.columns
    # first of the one province with enough agencies to rank; the two of one agency each are listed, unranked
    rank = i18n.t("oversight_rank", lang).format(name=Unit("province", "50").name(lang), rank=1, of=1, rank_mean=1)
    assert rank in [unescaped(m.value) for m in at.markdown]
    assert i18n.t("peers_ranked_note", lang).format(k=1, min=5, m=2) in [c.value for c in at.caption]
    table = next(f for f in at.dataframe if i18n.t("rank_pass_rate", lang) in f.value.columns)
    peers = table.value
    assert peers[i18n.t("rank_pass_rate", lang)].tolist() == ["1", "–", "–"]
    # the chosen province's own row (the first) tinted among its peers, and no other row
    styles = table.proto.arrow_data.styler.styles
    assert components.HIGHLIGHT_CSS in styles
    assert all(f"row0_col{c}" in styles for c in range(len(peers.columns))) and "row1" not in styles
    assert "row2" not in styles
    assert (
        i18n.t("few_agencies_one", lang).format(name=Unit("province", "51").name(lang), n=1)
        in peers.iloc[:, 0].tolist()
    )
    assert i18n.t("oversight_download", lang) in [d.proto.label for d in at.get("download_button")]
    assert at.query_params["unit"] == "province" and at.query_params["unit_code"] == "50"


def test_page_unit_choice_is_kept_in_the_url(monkeypatch, portfolio_db):
    at = open_view(monkeypatch, portfolio_db, "oversight")
    at.radio(key="unit").set_value("ministry").run()
    assert not at.exception and at.selectbox(key="unit_code").value == "กระทรวงมหาดไทย"
    assert at.query_params["unit"] == "ministry"
    assert {m.label: m.value for m in at.metric}[i18n.t("kpi_agencies", "th")] == "7"


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "<b>x</b>"},
        {"unit": "province", "unit_code": "99"},
        {"unit": "ministry", "unit_code": "=cmd|' /C calc'!A0"},
    ],
)
def test_page_hostile_urls_fall_back(monkeypatch, portfolio_db, query):
    at = open_view(monkeypatch, portfolio_db, "oversight", query)
    assert not at.exception and at.title


def test_the_followup_file_is_a_work_list_to_circulate(facts_db, tmp_path):
    contact = "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม,ผู้ประสานงาน,โทรศัพท์,อีเมล"
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    import_ita(path, facts_db, dataset="cm")
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        f"{contact}\n2568,S2,อบต.สอง,อบต.,เชียงใหม่,84,นายสอง,053-000000,s2@example.go.th\n", encoding="utf-8"
    )
    import_ita(contacts, facts_db, dataset="contacts")
    with db.connect(facts_db) as con:
        view = build_oversight(con, 2025, Unit("province", "50"), dataset="cm")
    for lang in ("th", "en"):
        out = tmp_path / f"followup_{lang}.xlsx"
        write_followup(view, out, lang)
        book = openpyxl.load_workbook(out)
        summary, agencies = book.worksheets[0], book.worksheets[1]
        assert summary.title == i18n.t("followup_sheet_summary", lang)  # the summary first
        assert all(sheet.auto_filter.ref for sheet in book.worksheets)  # filter buttons on every header
        header = [c.value for c in agencies[1]]
        for key in ("status", "owner", "due_date", "follow_up_note", "contact_name", "contact_email"):
            assert i18n.t(f"followup_col_{key}", lang) in header
        rows = {r[0]: dict(zip(header, r)) for r in agencies.iter_rows(min_row=2, values_only=True)}
        assert rows["S2"][i18n.t("followup_col_contact_email", lang)] == "s2@example.go.th"  # known from a file
        assert rows["S3"][i18n.t("followup_col_contact_email", lang)] is None
        assert rows["S2"][i18n.t("followup_col_status", lang)] in (None, "")  # to fill in
        items = {r[0]: r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
        assert i18n.t("followup_peer_rank", lang) in items and i18n.t("followup_what_if", lang) in items
        # Lamphun's one agency no longer tops the ranking (config.min_agencies): Chiang Mai's five rank first
        assert items[i18n.t("followup_peer_rank", lang)].startswith(("อันดับ 1 จาก", "1 of"))


def test_what_if_bars_count_whole_agencies_largest_on_top():
    from ita_analytics.charts.oversight import what_if_bars

    frame = pd.DataFrame(
        {"indicator": ["i1", "i2", "i3", "i9"], "agencies_helped": [0, 4, 1, 2], "weight": [0.1, 0.2, 0.3, 0.4]}
    )
    fig = what_if_bars(frame, "en")
    bars = fig.data[0]
    assert list(bars.x) == [0, 1, 2, 4] and bars.y[-1] == i18n.t("indicator_i2", "en")  # the largest on top
    assert fig.layout.xaxis.tickformat == ",d" and fig.layout.xaxis.dtick == 1  # 0, 1, 2 … never 0.5
    many = what_if_bars(frame.assign(agencies_helped=[0, 40, 10, 20]), "en")
    assert many.layout.xaxis.dtick is None and many.layout.xaxis.tickformat == ",d"


def test_the_chosen_unit_heads_its_peers_table_then_every_unit_in_rank_order(monkeypatch, demo_db):
    at = open_view(monkeypatch, demo_db, "oversight", {"unit": "province", "unit_code": "50", "lang": "en"})
    assert not at.exception
    table = next(f for f in at.dataframe if i18n.t("rank_pass_rate", "en") in f.value.columns)
    shown = table.value
    with db.connect(demo_db) as con:
        peers = build_oversight(con, 2025, Unit("province", "50")).peers
    mine = peers[peers["unit"] == "50"].iloc[0]
    assert mine["rank_pass_rate"] > 1  # not first on its own merits: first because it is the reader's
    assert shown.iloc[0, 0] == "Chiang Mai" and shown[i18n.t("rank_pass_rate", "en")].iloc[0] == str(
        mine["rank_pass_rate"]
    )
    rest = shown[i18n.t("rank_pass_rate", "en")].iloc[1:]
    assert rest.iloc[0] == "1" and len(shown) == len(peers)
    assert "row0_col0" in table.proto.arrow_data.styler.styles and "row1_" not in table.proto.arrow_data.styler.styles
