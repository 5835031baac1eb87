"""The agency types and regions pages through AppTest (helpers in tests/app_support.py): the types page's ranking,
heatmaps and distribution equal the library's and follow its metric, focus and search widgets; the regions page's map
and bars follow the chosen metric, its drill-down lists a province's agencies, and agencies without a province are said
in a caption.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from app_support import (
    DEMO_AGENCY,
    LATEST,
    chart_title,
    decoded,
    figure,
    library,
    ranking,
    rerun,
    run_app,
    url,
)
from streamlit.testing.v1 import AppTest

from ita_analytics import i18n
from ita_analytics.charts import maps
from ita_analytics.filters import Filters

pytestmark = pytest.mark.usefixtures("fresh_caches")

# --- agency types -----------------------------------------------------------------------------


def test_types_ranking_equals_the_library(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types")
    shown = ranking(at, "th")
    ranked = library(demo_db, "ranked_agencies", LATEST, Filters(), n=1_000_000)
    first = shown.iloc[0]
    assert first[i18n.t("agency_code", "th")] == ranked["agency_code"].iloc[0]
    assert first[i18n.t("rank", "th")] == ranked["rank"].iloc[0] == 1
    assert first[i18n.t("score", "th")] == pytest.approx(ranked["score"].iloc[0])
    assert first[i18n.t("name", "th")] == ranked["name_th"].iloc[0]
    assert shown[i18n.t("agency_code", "th")].tolist() == ranked["agency_code"].head(len(shown)).tolist()
    count = i18n.t("ranking_count", "th").format(shown=500, total=len(ranked), dataset="demo")
    assert count in [c.value for c in at.caption]  # ranked within the dataset, and the caption says which


def test_ranking_links_open_the_agency_profile(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "types", {"lang": "en"})
    shown = ranking(at, "en")
    assert shown["Agency code"].tolist() == ["A005", "A001", "A003", "A002", "A004"]
    assert shown["Profile"].tolist() == [f"./agency?agency={c}&lang=en" for c in shown["Agency code"]]
    assert shown["Score"].tolist() == [100, 96, 85, 84.99, 60]


def heatmap_values(at: AppTest, key: str) -> np.ndarray:
    trace = figure(at, key)["data"][0]
    assert trace["type"] == "heatmap"
    return np.array(decoded(trace["z"]), dtype=float)


def expected_type_year(db_path: Path, metric: str, filters: Filters = Filters()) -> np.ndarray:
    by_type = library(db_path, "by_agency_type", filters)
    codes = list(dict.fromkeys(by_type["type_code"]))
    pivot = by_type.pivot_table(index="type_code", columns="fiscal_year", values=metric, aggfunc="first")
    return pivot.reindex(index=codes, columns=sorted(by_type["fiscal_year"].unique())).to_numpy(dtype=float)


def test_types_metric_changes_the_heatmap(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types")
    means = heatmap_values(at, "types_by_year")
    np.testing.assert_allclose(means, expected_type_year(demo_db, "mean_score"), equal_nan=True)
    at.radio(key="metric").set_value("pass_rate")
    rerun(at)
    rates = heatmap_values(at, "types_by_year")
    np.testing.assert_allclose(rates, expected_type_year(demo_db, "pass_rate"), equal_nan=True)
    assert np.nanmax(rates) <= 1 < np.nanmin(means)
    assert i18n.t("metric_pass_rate", "th") in chart_title(figure(at, "types_by_year"))
    assert at.query_params["metric"] == "pass_rate"


def test_types_focus_narrows_heatmaps_and_ranking(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types", {"lang": "en"})
    rows_before = len(figure(at, "types_by_year")["data"][0]["y"])
    at.multiselect(key="focus").set_value(["sao", "pao"])
    rerun(at)
    focus = Filters(types=["sao", "pao"])
    assert len(figure(at, "types_by_year")["data"][0]["y"]) == 2 < rows_before
    np.testing.assert_allclose(
        heatmap_values(at, "types_by_year"), expected_type_year(demo_db, "mean_score", focus), equal_nan=True
    )
    assert len(figure(at, "types_indicators")["data"][0]["y"]) == 2
    shown = ranking(at, "en")
    ranked = library(demo_db, "ranked_agencies", LATEST, focus, n=1_000_000)
    assert set(shown["Type"]) == {"SAO", "PAO"}  # the types' short names
    assert shown["Agency code"].iloc[0] == ranked["agency_code"].iloc[0]
    assert url(at, "focus") == ["sao", "pao"]
    # the distribution keeps every type but highlights the focus
    boxes = [trace for trace in figure(at, "types_distribution")["data"] if trace["type"] == "box"]
    assert len(boxes) == rows_before
    widths = {trace["customdata"][0][0]: trace["line"]["width"] for trace in boxes}
    assert widths["sao"] > widths["department"]


def test_types_search_filters_the_ranking(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types")
    at.text_input(key="q").input(DEMO_AGENCY.lower())  # any case
    rerun(at)
    shown = ranking(at, "th")
    assert shown[i18n.t("agency_code", "th")].tolist() == [DEMO_AGENCY]
    assert i18n.t("ranking_count", "th").format(shown=1, total=1, dataset="demo") in [c.value for c in at.caption]
    assert at.query_params["q"] == DEMO_AGENCY.lower()


def test_types_distribution_marks_carry_type_codes(monkeypatch, tiny_db):
    """Clicking a median marker focuses that type: the marker's customdata[0] must be the type code."""
    at = run_app(monkeypatch, tiny_db, "types")
    markers = [trace for trace in figure(at, "types_distribution")["data"] if trace["type"] == "scatter"]
    assert len(markers) == 1
    codes = [row[0] for row in markers[0]["customdata"]]
    assert sorted(codes) == sorted(library(tiny_db, "score_quartiles_by_type", Filters(years=[LATEST]))["type_code"])
    assert set(codes) == {"department", "sao", "town_municipality", "province"}
    assert len(at.multiselect(key="focus").options) == len(codes)  # the same types can be focused by hand


# --- regions ----------------------------------------------------------------------------------


def map_values(at: AppTest) -> list[float]:
    """Return the metric values the map colours provinces by (the tile map's first trace)."""
    trace = figure(at, "regions_map")["data"][0]
    return [row[1] for row in trace["customdata"]]


@pytest.mark.parametrize("metric", ["pass_rate", "agencies"])
def test_regions_map_metric_changes_the_map_colours(monkeypatch, demo_db, metric):
    at = run_app(monkeypatch, demo_db, "regions")
    by_province = library(demo_db, "by_province", Filters(years=[LATEST]))
    by_region = library(demo_db, "by_region", Filters(years=[LATEST]))

    def assert_coloured_by(column: str) -> None:
        assert sorted(map_values(at)) == pytest.approx(sorted(by_province[column].dropna()))
        scale = figure(at, "regions_map")["data"][-1]["marker"]  # the colour bar's range
        # the scale spans the provinces large enough to compare (maps.scale_range)
        assert (scale["cmin"], scale["cmax"]) == pytest.approx(maps.scale_range(by_province, column))
        bars = figure(at, "regions_bars")["data"][0]
        assert sorted(decoded(bars["x"])) == pytest.approx(sorted(by_region[column]))

    def tile_colours() -> list[str]:
        return figure(at, "regions_map")["data"][0]["marker"]["color"]

    assert_coloured_by("mean_score")
    before, colours_before = map_values(at), tile_colours()
    at.radio(key="map_metric").set_value(metric)
    rerun(at)
    assert_coloured_by(metric)
    assert map_values(at) != before and tile_colours() != colours_before
    assert i18n.t(f"metric_{metric}", "th") in chart_title(figure(at, "regions_map"))
    assert url(at, "map_metric") == [metric]


@pytest.mark.parametrize(("metric", "target"), [("mean_score", 89.0), ("pass_rate", 1.0), ("agencies", None)])
def test_region_bars_are_read_against_the_target_in_force(monkeypatch, demo_db, metric, target):
    at = run_app(monkeypatch, demo_db, "regions", {"map_metric": metric})
    fig = figure(at, "regions_bars")
    lines = [s for s in fig["layout"].get("shapes", []) if s.get("line", {}).get("dash") == "dash"]
    if target is None:  # a count has no target, and its axis starts at zero
        assert not lines
        return
    assert [s["x0"] for s in lines] == pytest.approx([target])  # FY2025: a mean of 89, every agency passing
    low, high = fig["layout"]["xaxis"]["range"]
    assert low > 0 and high >= target  # the axis starts where the regions' differences show, and holds the target


def test_regions_drill_down_lists_the_province(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "regions", {"lang": "en"})
    drill = at.selectbox(key="drill")
    assert drill.options == sorted(drill.options)  # alphabetical in the page's language
    at.selectbox(key="drill").set_value("50")  # Chiang Mai
    rerun(at)
    shown = ranking(at, "en")
    ranked = library(demo_db, "ranked_agencies", LATEST, Filters(provinces=["50"]), n=1_000_000)
    assert len(shown) == min(len(ranked), 500) > 0
    assert set(shown["Province"]) == {"Chiang Mai"}
    assert shown["Agency code"].tolist() == ranked["agency_code"].head(500).tolist()
    assert at.query_params["drill"] == "50"


def test_regions_tiny_data_mentions_central_administration(monkeypatch, tiny_db):
    """A001 (a department) has no province: it is not on the map but is said in a caption."""
    at = run_app(monkeypatch, tiny_db, "regions")
    note = i18n.t("central_admin_note", "th").format(n=1, mean=96.0, rate=1.0)
    assert note in [c.value for c in at.caption]
    assert sorted(map_values(at)) == pytest.approx([80.0, 84.99, 85.0])  # Songkhla, Chiang Mai, Lamphun
