"""Every CSV and XLSX the app offers describes itself: each page is opened (every chart's data shown, the SQL console
run) and every download it offers is made as a click would make it, then read back. Each carries the `synthetic` column
the README promises, saying True on the synthetic demo wherever agencies are behind the figures and False on a real
import; the explorer's names its metrics, their units and the lag."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from app_support import DEMO_AGENCY, TINY_AGENCY, assert_no_exception, chart_keys
from conftest import open_view
from streamlit.elements.widgets.button import ButtonMixin

from ita_analytics import i18n

pytestmark = pytest.mark.usefixtures("fresh_caches")

#: page → the link it is opened with: the explorer at province level against the CPI with a lag, so it offers the
#: years its statistics use besides its chart's data; oversight for a province, so it has peers.
PAGES = {
    "overview": {},
    "agency_types": {},
    "regions": {},
    "ita_cpi": {},
    "agency_profile": {"agency": "{agency}"},
    "correlations": {"unit": "province", "xlag": "1"},
    "inflation": {},
    "oversight": {"unit": "province:50"},
    "briefing": {},
    "data_sources": {},
    "indicators": {},
    "sql_console": {},
}
#: Example files to fill in (the indicator importer's format) hold no data: no synthetic column, which the importer
#: would take for an indicator.
TEMPLATES = ("indicator_national_example.csv", "indicator_province_example.csv")
#: Charts of TI's CPI alone: real data whatever the dataset, so their files say synthetic = False.
CPI_ONLY = (
    "overview_cpi.csv",
    "ita_cpi_asean.csv",
    "ita_cpi_sources.csv",
    "ita_cpi_contributions.csv",
    "briefing_cpi_sources.csv",
)


@pytest.fixture
def offered(monkeypatch) -> dict[str, object]:
    """Record every download a page offers: file name → its data (bytes, or the callable a click would call)."""
    files: dict[str, object] = {}
    original = ButtonMixin.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        files[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", recording)
    monkeypatch.setattr(st, "download_button", lambda *a, **k: recording(st._main, *a, **k))
    return files


def open_everything(monkeypatch, db_path: Path, page: str, agency: str, lang: str = "en"):
    query = {k: v.format(agency=agency) for k, v in PAGES[page].items()}
    at = open_view(monkeypatch, db_path, page, {**query, **({"lang": "en"} if lang == "en" else {})})
    assert_no_exception(at)
    for key in chart_keys(at):
        at.session_state[f"{key}_data"] = True
    at.run()
    if page == "sql_console":
        at.button(key="console_run").click().run()
    assert_no_exception(at)
    return at


def sheets(name: str, data: object) -> dict[str, pd.DataFrame]:
    """Return the file as a click makes it, read back: one frame per sheet (one for a CSV)."""
    raw = data() if callable(data) else data
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    if name.endswith(".csv"):
        return {"csv": pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")}
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    frames = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        frames[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame()
    return frames


def data_files(files: dict[str, object]) -> dict[str, object]:
    return {n: d for n, d in files.items() if n.endswith((".csv", ".xlsx"))}


@pytest.mark.parametrize("page", PAGES)
def test_every_download_of_the_demo_carries_the_synthetic_column(monkeypatch, demo_db, offered, page):
    open_everything(monkeypatch, demo_db, page, DEMO_AGENCY)
    files = data_files(offered)
    if page != "indicators":
        assert files, f"{page} offered no CSV or XLSX"
    for name, data in files.items():
        for sheet, frame in sheets(name, data).items():
            if name in TEMPLATES:
                assert "synthetic" not in frame.columns, name
                continue
            if name.startswith("followup_") and "synthetic" not in frame.columns:
                # ita_analytics/followup.py (another change) owns the follow-up workbook: its summary says it
                continue
            assert "synthetic" in frame.columns, (name, sheet, list(frame.columns))
            assert frame["synthetic"].astype(str).isin(["True", "False", "true", "false", "1", "0"]).all(), name
            said = set(frame["synthetic"].astype(str).str.lower())
            assert said == ({"false"} if name in CPI_ONLY else {"true"}), (name, said)
    if page == "oversight":
        (followup,) = [d for n, d in files.items() if n.startswith("followup_")]
        summary = next(iter(sheets("followup.xlsx", followup).values()))
        assert i18n.t("briefing_synthetic", "en") in summary.to_string()


@pytest.mark.parametrize("page", ["overview", "regions", "correlations", "data_sources"])
def test_downloads_of_a_real_import_say_they_are_not_synthetic(monkeypatch, tiny_db, offered, page):
    open_everything(monkeypatch, tiny_db, page, TINY_AGENCY, lang="th")
    files = data_files(offered)
    assert files
    for name, data in files.items():
        for frame in sheets(name, data).values():
            assert set(frame["synthetic"].astype(str).str.lower()) == {"false"}, name


def test_the_explorer_s_files_name_their_metrics_units_and_lag(monkeypatch, demo_db, offered):
    open_everything(monkeypatch, demo_db, "correlations", DEMO_AGENCY)
    files = data_files(offered)
    chart = sheets("explore_scatter.csv", files["explore_scatter.csv"])["csv"]
    assert list(chart.columns) == [
        "unit",
        "fiscal_year",
        "x_fiscal_year",
        "x_metric",
        "x_unit",
        "x",
        "y_metric",
        "y_unit",
        "y",
        "x_lag",
        "synthetic",
    ]
    assert (chart["fiscal_year"] - chart["x_fiscal_year"] == 1).all() and set(chart["x_lag"]) == {1}
    assert set(chart["x_metric"]) == {"mean_score"} and set(chart["y_metric"]) == {"cpi_score"}
    assert set(chart["x_unit"]) == {i18n.t("stats_unit_points", "en")} and len(chart) == chart["unit"].nunique() * 6
    for name in ("explore_years.csv", "explore_years.xlsx"):  # the years the statistics use, with how many units
        years = next(iter(sheets(name, files[name]).values()))
        assert len(years) == 6 and set(years["units_averaged"]) == {77} and "x_metric" in years.columns
