"""Every chart's data through AppTest (helpers in tests/app_support.py): a closed "show data" expander sends no table,
an open one shows that chart's rows with CSV, PNG and SVG downloads, headed in the page's language rather than the
library's column names, with tools, indicators, regions, types and provinces named rather than coded and years in the
reader's era.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from app_support import (
    DEMO_AGENCY,
    chart_keys,
    library,
    rerun,
    run_app,
)
from conftest import open_view

from ita_analytics import i18n, reference

pytestmark = pytest.mark.usefixtures("fresh_caches")

# --- a chart's data, as the page shows it ------------------------------------------------------


def test_a_chart_s_data_is_drawn_only_while_its_expander_is_open(monkeypatch, tiny_db):
    """A closed data expander sends no table (the browser would build a grid nobody sees on every change);
    opening it shows that chart's rows with a CSV download, closing it takes them away again."""
    at = run_app(monkeypatch, tiny_db)
    closed = len(at.dataframe)
    assert not [b.key for b in at.get("download_button") if b.key.endswith("_csv")]
    at.session_state["overview_mean_data"] = True  # what a click on the expander's heading sets
    rerun(at)
    assert len(at.dataframe) == closed + 1
    assert [b.key for b in at.get("download_button") if b.key.endswith("_csv")] == ["overview_mean_csv"]
    shown = next(f.value for f in at.dataframe if "คะแนนเฉลี่ย" in f.value.columns)  # headings in Thai
    expected = library(tiny_db, "national_series")
    assert shown["ปีงบประมาณ"].tolist() == [i18n.year_label(y, "th") for y in expected["fiscal_year"]]  # B.E.
    assert np.allclose(shown["คะแนนเฉลี่ย"], expected["mean_score"])
    assert shown["อัตราผ่าน (≥85)"].tolist() == [f"{v:.1%}" for v in expected["pass_rate"]]
    at.session_state["overview_mean_data"] = False
    rerun(at)
    assert len(at.dataframe) == closed


CHART_VIEWS = [
    "overview",
    "agency_types",
    "regions",
    "ita_cpi",
    "agency_profile",
    "correlations",
    "inflation",
    "oversight",
    "briefing",
]
CODE = re.compile(r"[a-z0-9_]+")  # a column name as the library writes it (mean_score, iso3, i10)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("view", CHART_VIEWS)
def test_every_chart_s_data_opens_with_headings_and_years_as_the_page_shows_them(monkeypatch, demo_db, view, lang):
    query = {"agency": DEMO_AGENCY, **({"lang": "en"} if lang == "en" else {})}
    at = open_view(monkeypatch, demo_db, view, query)
    charts = chart_keys(at)
    assert charts
    for key in charts:
        at.session_state[f"{key}_data"] = True
    rerun(at)
    assert {b.key for b in at.get("download_button")} >= {
        f"{key}_{kind}" for key in charts for kind in ("csv", "png", "svg")
    }
    tables = [e.dataframe[0].value for e in at.expander if e.label == i18n.t("show_data", lang)]
    assert len(tables) == len(charts)
    years = [i18n.t(f"column_{c}", lang) for c in ("fiscal_year", "year", "cpi_year")]
    named = [i18n.t(f"column_{c}", lang) for c in ("metric", "indicator", "region", "type_group")]
    places = [i18n.t(f"column_{c}", lang) for c in ("type_code", "province_code")]
    type_codes = set(reference.agency_types()["type_code"])
    for table in tables:  # every heading is a word in the page's language, never the library's column name
        headings = list(table.columns)
        assert not [h for h in headings if CODE.fullmatch(h)], headings
        for heading in set(named) & set(headings):  # and tools, indicators and regions are named, not coded
            codes = table[heading][
                table[heading].isin(
                    [
                        "iit",
                        "eit",
                        "oit",
                        *(f"i{n}" for n in range(1, 11)),
                        "north",
                        "northeast",
                        "central",
                        "east",
                        "west",
                        "south",
                        "provincial",
                        "local",
                        "AP",
                    ]
                )
            ]
            assert codes.empty, (heading, codes.tolist())
        for heading in set(places) & set(headings):  # types and provinces by name, in the page's language
            assert not table[heading].isin(type_codes).any() and not table[heading].str.fullmatch(r"\d+").any()
        assert not set(headings) & {i18n.t(f"column_name_{other}", lang) for other in ("th", "en")}  # one name
        if lang == "en":
            assert not [h for h in headings if re.search("[\u0e00-\u0e7f]", h)], headings
        for heading in set(years) & set(headings):  # B.E. on the Thai page, C.E. on the English one
            shown = table[heading].replace("–", np.nan).dropna().astype(int)
            assert shown.between(2543, 2643).all() if lang == "th" else shown.between(2000, 2100).all(), heading


def test_a_chart_s_data_names_types_and_provinces_once_in_the_page_s_language():
    from dashboard import components

    types = pd.DataFrame(
        {"type_code": ["sao"], "name_th": ["องค์การบริหารส่วนตำบล"], "name_en": [None], "mean_score": [80.5]}
    )
    shown, _ = components.table_view(types, "en", headings="chart")
    assert list(shown.columns) == [i18n.t("column_type_code", "en"), i18n.t("column_mean_score", "en")]
    assert shown.iloc[0, 0] == "องค์การบริหารส่วนตำบล"  # no English name: the Thai one
    agencies = pd.DataFrame(
        {
            "agency_code": ["A1"],
            "name_th": ["อบต.ก"],
            "name_en": ["SAO A"],
            "type_code": ["sao"],
            "province_code": ["50"],
        }
    )
    shown, _ = components.table_view(agencies, "en", headings="chart")
    assert shown.iloc[0].tolist() == ["A1", "SAO A", components.type_names("en")["sao"], "Chiang Mai"]
    assert list(shown.columns)[1] == i18n.t("column_name", "en")
    named = agencies.assign(name="x")  # a frame with its own name column keeps both names
    assert len(components.table_view(named, "th", headings="chart")[0].columns) == 6


def test_chart_data_headings_exist_in_both_languages_and_differ_within_a_table():
    labels = [key for key in i18n._labels() if key.startswith("column_")]
    assert len(labels) > 50
    for key in labels:
        assert i18n.t(key, "th") and i18n.t(key, "en")
        assert re.search("[\u0e00-\u0e7f]", i18n.t(key, "th")), key  # the Thai heading is Thai
