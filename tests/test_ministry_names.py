"""Ministries (สังกัด) in the page's language: the data names them in Thai, data/ministries.csv gives their English
names, so English pages (the oversight page's choice of ministry, its rank sentence and peers table, the follow-up
list) and the English follow-up XLSX show them in English; Thai ones as the data wrote them."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from conftest import open_view

from dashboard import components
from ita_analytics import db, i18n, reference
from ita_analytics.followup import write_followup
from ita_analytics.oversight import Unit, build_oversight

MINISTRIES = reference.read_fact("ministries")
ENGLISH = dict(zip(MINISTRIES["name_th"], MINISTRIES["name_en"]))
FINANCE = "กระทรวงการคลัง"


def test_every_ministry_has_its_english_name_however_spaced():
    for thai, english in ENGLISH.items():
        assert reference.ministry_name(thai, "en") == english
        assert reference.ministry_name(thai.replace(" ", ""), "en") == english  # as a file may write it
        assert reference.ministry_name(f" {thai}.", "en") == english
        assert reference.ministry_name(thai, "th") == thai
    assert reference.ministry_name("กระทรวงที่ไม่มีในรายการ", "en") == "กระทรวงที่ไม่มีในรายการ"  # kept, not lost
    assert reference.ministry_name(None, "en") is None
    assert Unit("ministry", FINANCE).name("en") == "Ministry of Finance"
    assert Unit("ministry", FINANCE).name("th") == FINANCE


def test_tables_on_english_pages_name_ministries_in_english():
    frame = pd.DataFrame({"agency_code": ["A", "B", "C"], "ministry": [FINANCE, None, "กระทรวงใหม่"]})
    shown = components.names_in_language(frame, "en")["ministry"].tolist()
    assert shown[0] == "Ministry of Finance" and pd.isna(shown[1]) and shown[2] == "กระทรวงใหม่"
    assert components.names_in_language(frame, "th")["ministry"].tolist()[0] == FINANCE


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_followup_file_names_ministries_in_its_language(demo_db, lang):
    with db.connect(demo_db) as con:
        view = build_oversight(con, 2025, Unit())
    book = openpyxl.load_workbook(io.BytesIO(write_followup(view, lang=lang)))
    rows = list(book[i18n.t("followup_sheet_agencies", lang)].iter_rows(values_only=True))
    header = next(r for r in rows if i18n.t("followup_col_ministry", lang) in r)
    column = header.index(i18n.t("followup_col_ministry", lang))
    written = {r[column] for r in rows[rows.index(header) + 1 :] if r[column]}
    held = set(view.followup["ministry"].dropna())
    assert len(held) > 3
    assert written == ({ENGLISH[m] for m in held} if lang == "en" else held)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_oversight_page_names_ministries_in_its_language(monkeypatch, demo_db, lang):
    query = {"unit": "ministry", "unit_code": FINANCE, **({"lang": "en"} if lang == "en" else {})}
    at = open_view(monkeypatch, demo_db, "oversight", query)
    assert not at.exception
    choice = at.selectbox(key="unit_code")
    assert choice.value == FINANCE and at.query_params["unit_code"] == FINANCE  # the URL keeps the data's name
    names = ENGLISH.values() if lang == "en" else ENGLISH.keys()
    assert set(choice.options) <= set(names) and len(choice.options) == len(ENGLISH)
    assert choice.options == sorted(choice.options)  # in the order of the page's language
    cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
    assert set(names) & cells and not (set(ENGLISH.keys() if lang == "en" else ENGLISH.values()) & cells)
    mine = "Ministry of Finance" if lang == "en" else FINANCE
    assert any(mine in m.value.replace("\\", "") for m in at.markdown)  # the rank sentence
