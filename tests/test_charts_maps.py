"""The province maps on hand-made frames: the tile map's colours and short names, and the GeoJSON choropleth (drawn
without network, matched on codes or names, a province without data greyed, an unmatched property refused), and the tile
grid read from data/province_tiles.csv.
"""

from __future__ import annotations

import plotly.colors
import pytest
from chart_frames import (
    by_province,
    geojson,
    tiles,
)
from conftest import PROJECT

from ita_analytics.charts import maps, theme


# ---------------------------------------------------------------- maps
def test_tile_map_colours_provinces_and_greys_those_without_agencies():
    fig = maps.province_tile_map(by_province(), tiles(), "mean_score", "en")
    filled, empty, colourbar = fig.data
    assert filled.marker.symbol == "square" and list(filled.x) == [3, 4, 2] and list(filled.y) == [-8, -8, -1]
    # Bangkok holds one agency here: its tile says so, and it does not set the colour scale.
    assert list(filled.text) == ["BKK<br>n=1", "SPK", "CMI"] and list(empty.text) == ["SKN"]
    assert empty.marker.color == theme.NO_DATA and "no agencies" in empty.hovertemplate
    assert colourbar.marker.showscale and (colourbar.marker.cmin, colourbar.marker.cmax) == (90.0, 95.0)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.xaxis.visible is False
    th = maps.province_tile_map(by_province(), tiles(), "mean_score", "th", min_agencies=1)
    # The standard abbreviations, the full name in the hover.
    assert list(th.data[0].text) == ["กทม", "สป", "ชม"] and list(th.data[1].text) == ["สค"]
    assert th.data[0].customdata[2][0] == "เชียงใหม่" and "customdata[0]" in th.data[0].hovertemplate
    assert "ไม่มีหน่วยงาน" in th.data[1].hovertemplate


def test_tile_labels_are_the_standard_abbreviations_unique_for_all_provinces():
    """Not stubs of names (นครพ, นครส, Phic, Phit): the abbreviations Thai documents use, one per province."""
    from ita_analytics import reference

    provinces = reference.provinces()
    codes = list(provinces["province_code"])
    for lang, column in (("th", "name_th"), ("en", "name_en")):
        names = maps.short_names(codes, list(provinces[column]), lang)
        assert len(set(names)) == 77 and max(map(theme.text_width, names)) <= 3
    shown = dict(zip(codes, maps.short_names(codes, list(provinces["name_th"]), "th")))
    assert [shown[c] for c in ("10", "50", "80", "48", "60", "73")] == ["กทม", "ชม", "นศ", "นพ", "นว", "นฐ"]
    english = dict(zip(codes, maps.short_names(codes, list(provinces["name_en"]), "en")))
    assert [english[c] for c in ("10", "50", "65", "66")] == ["BKK", "CMI", "PLK", "PCK"]
    assert maps.short_names(["99"], ["ไม่มีในแฟ้ม"], "th") == ["ไม่มีในแฟ้ม"]  # no abbreviation: the name


def test_a_province_of_one_agency_neither_sets_the_colour_scale_nor_hides_its_count():
    """Bangkok of one agency at 100% would be the darkest tile and squeeze the other provinces into the pale end."""
    frame = by_province().assign(pass_rate=[1.0, 0.9, 0.7])
    fig = maps.province_tile_map(frame, tiles(), "pass_rate", "th")
    filled, colourbar = fig.data[0], fig.data[-1]
    assert (colourbar.marker.cmin, colourbar.marker.cmax) == (0.7, 0.9)  # the provinces of 60 and 211 agencies
    bangkok, samut_prakan = filled.marker.color[:2]
    assert bangkok.startswith("rgba(") and bangkok.endswith(f", {maps.FEW_OPACITY})")  # pale, clipped to the top
    assert bangkok.removeprefix("rgba(").rsplit(",", 1)[0] == samut_prakan.removeprefix("rgb(").removesuffix(")")
    assert filled.text[0] == "กทม<br>1 แห่ง" and "ไม่ใช้กำหนดช่วงสี" in filled.customdata[0][3]
    assert filled.customdata[1][3] == ""  # a province of 60 agencies carries no note
    assert maps.scale_range(frame, "pass_rate") == (0.7, 0.9)
    assert maps.scale_range(frame, "pass_rate", minimum=1) == (0.7, 1.0)
    assert maps.scale_range(frame.assign(agencies=[1, 2, 3]), "pass_rate") == (0.7, 1.0)  # all small: all of them
    assert maps.scale_range(frame, "agencies") == (1.0, 211.0)  # counts are never left out of their own scale
    shapes = maps.province_choropleth(frame, geojson(), "pass_rate", "en", "code").data
    assert shapes[0].fillcolor.endswith(f", {maps.FEW_OPACITY})") and "fewer than 5 agencies" in shapes[0].text
    assert "fewer than" not in shapes[1].text and (shapes[-1].marker.cmin, shapes[-1].marker.cmax) == (0.7, 0.9)


def test_choropleth_fills_each_province_by_value_without_network():
    fig = maps.province_choropleth(by_province(), geojson(), "mean_score", "en", "code", min_agencies=1)
    shapes = [t for t in fig.data if t.fill == "toself"]
    assert len(shapes) == 2 and all(t.type == "scatter" for t in fig.data)
    bangkok, samut_prakan = shapes
    # Bangkok (85) is the lowest value, Samut Prakan (95) the highest: the two ends of the scale.
    low, high = plotly.colors.sample_colorscale(theme.SEQUENTIAL, [0.0, 1.0])
    assert (bangkok.fillcolor, samut_prakan.fillcolor) == (low, high)
    assert list(samut_prakan.x).count(None) == 2 and len(samut_prakan.x) == 12  # a MultiPolygon: two rings
    assert "Samut Prakan" in samut_prakan.text and fig.layout.yaxis.scaleanchor == "x"
    assert fig.data[-1].marker.showscale
    for trace_type in ("choropleth", "choroplethmap", "choroplethmapbox", "scattergeo"):
        assert trace_type not in {t.type for t in fig.data}


@pytest.mark.parametrize(
    "key, values", [("code", ("10", "11")), ("code", (10.0, 11)), ("name", ("Bangkok", "สมุทรปราการ"))]
)
def test_choropleth_matches_codes_or_names(key, values):
    fig = maps.province_choropleth(by_province(), geojson(key, values), "pass_rate", "th", key, min_agencies=1)
    colours = [t.fillcolor for t in fig.data if t.fill == "toself"]
    assert colours == plotly.colors.sample_colorscale(theme.SEQUENTIAL, [0.0, 1.0])
    assert "กรุงเทพมหานคร" in fig.data[0].text and "50.0%" in fig.data[0].text


def test_choropleth_greys_a_province_without_data_and_refuses_an_unmatched_property():
    fig = maps.province_choropleth(by_province().iloc[1:], geojson(), "mean_score", "en", "code")
    assert fig.data[0].fillcolor == theme.NO_DATA and "no agencies" in fig.data[0].text
    with pytest.raises(ValueError, match=r"'PROV_CODE'.*None"):
        maps.province_choropleth(by_province(), geojson(), "mean_score", "en", "PROV_CODE")
    with pytest.raises(ValueError, match=r"'code'.*'Atlantis'"):
        maps.province_choropleth(by_province(), geojson(values=("Atlantis", "Lemuria")), "mean_score", "en", "code")


def test_load_tiles_reads_codes_as_text_when_the_file_exists():
    if not (PROJECT / "data" / "province_tiles.csv").exists():
        pytest.skip("data/province_tiles.csv is not there yet")
    tiles_frame = maps.load_tiles()
    assert list(tiles_frame.columns[:4]) == ["province_code", "name_en", "row", "col"]
    assert tiles_frame["province_code"].str.fullmatch(r"\d{2}").all() and len(tiles_frame) == 77
