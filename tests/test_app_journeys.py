"""What each user came for, on the first screen: who is behind on the overview, the CPI's distance to its target in
words (AppTest on the demo database, both languages)."""

from __future__ import annotations

import pytest
from app_support import LATEST, library, run_app

from ita_analytics import analysis, i18n
from ita_analytics.filters import Filters

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_overview_says_who_is_behind_the_target_in_force(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, query={"lang": "en"} if lang == "en" else {})
    year = Filters(dataset="demo", years=[LATEST])
    for unit, name, column in (
        ("type_code", "by_agency_type", "lagging_type"),
        ("region", "by_region", "lagging_region"),
    ):
        expected = analysis.lagging_units(library(demo_db, name, year), unit, 1.0)  # FY2025: 100% in force
        tables = [f.value for f in at.dataframe if i18n.t(column, lang) in f.value.columns]
        assert len(tables) == 1, column
        shown = tables[0]
        assert len(shown) == len(expected) == 3
        # what to act on first: the unit and the agencies it still needs to pass
        assert list(shown.columns[:3]) == [
            i18n.t(column, lang),
            i18n.t("still_to_pass", lang),
            i18n.t("pass_rate", lang),
        ]
        assert shown[i18n.t("still_to_pass", lang)].tolist() == expected["gap"].tolist()
        assert shown[i18n.t("agencies", lang)].tolist() == expected["agencies"].tolist()
        links = shown[i18n.t("link", lang)].tolist()
        key = "type" if unit == "type_code" else "region"
        assert all(f"{key}={u}" in link and f"year={LATEST}" in link for link, u in zip(links, expected["unit"]))
    heading = i18n.t("lagging_heading", lang).format(target="100%")
    assert any(heading in m.value for m in at.markdown)


def test_lagging_units_leave_out_small_units_and_order_by_agencies_still_to_pass():
    import pandas as pd

    by_type = pd.DataFrame(
        {"type_code": ["a", "b", "c", "d"], "agencies": [100, 2, 50, 10], "pass_rate": [0.9, 0.0, 0.5, 1.0]}
    )
    got = analysis.lagging_units(by_type, "type_code", 1.0)
    assert got["unit"].tolist() == ["c", "a"]  # b has 2 agencies (left out), d has met the target
    assert got["gap"].tolist() == [25, 10]
    assert analysis.lagging_units(by_type, "type_code", None).empty


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_cpi_target_is_a_sentence_not_an_unlabelled_star(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, query={"lang": "en"} if lang == "en" else {})
    sentence = at.info[0].value
    if lang == "en":
        assert "CPI 2025: 33; the 2027 target is 57: 24 points to go" in sentence
    else:
        assert "CPI ปี 2568: 33 คะแนน เป้าหมายปี 2570 คือ 57 คะแนน: อีก 24 คะแนน" in sentence
