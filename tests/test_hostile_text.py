"""Imported text is shown as text: a hostile agency name never becomes a link, an image or HTML."""
from __future__ import annotations

import re

from conftest import open_view
from ita_analytics.ingest import import_ita

HOSTILE = "[ชนะ](http://evil.example) <img src=x onerror=alert(1)> **ตัวหนา**"


def test_hostile_agency_name_is_escaped_on_the_profile(tmp_path, facts_db, monkeypatch):
    csv = tmp_path / "hostile.csv"
    csv.write_text("ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม\n"
                   f'2568,H1,"{HOSTILE}",อบต.,ลำพูน,90\n', encoding="utf-8")
    import_ita(csv, facts_db)
    at = open_view(monkeypatch, facts_db, "agency_profile", {"agency": "H1"})
    assert not at.exception
    shown = [h.value for h in at.subheader]
    assert any(r"\[ชนะ\]\(http\://evil\.example\)" in h for h in shown), shown
    assert not any(re.search(r"(?<!\\)<img|(?<!\\)\]\(", h) for h in shown)  # only escaped forms remain
    # a search for the text itself is echoed escaped too
    at.text_input(key="find").set_value("[x](http://evil.example)").run()
    assert not at.exception
    assert at.info and not any(re.search(r"(?<!\\)\]\(", i.value) for i in at.info)
