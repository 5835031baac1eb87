"""Imported text is shown as text: a hostile agency name never becomes a link, an image or HTML."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from ita_analytics.ingest import import_ita

APP = Path(__file__).resolve().parents[1] / "app.py"
HOSTILE = "[ชนะ](http://evil.example) <img src=x onerror=alert(1)> **ตัวหนา**"


def test_hostile_agency_name_is_escaped_on_the_profile(tmp_path, facts_db, monkeypatch):
    csv = tmp_path / "hostile.csv"
    csv.write_text("ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\n"
                   f'2568,H1,"{HOSTILE}",อบต.,ลำพูน,90\n', encoding="utf-8")
    import_ita(csv, facts_db)
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(facts_db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["agency"] = "H1"
    at.run()
    at.switch_page("views/agency_profile.py").run()
    assert not at.exception
    shown = [h.value for h in at.subheader]
    assert any(r"\[ชนะ\]\(http\://evil\.example\)" in h for h in shown), shown
    assert not any(re.search(r"(?<!\\)<img|(?<!\\)\]\(", h) for h in shown)  # only escaped forms remain
    # a search for the text itself is echoed escaped too
    at.text_input(key="find").set_value("[x](http://evil.example)").run()
    assert not at.exception
    assert at.info and not any(re.search(r"(?<!\\)\]\(", i.value) for i in at.info)
