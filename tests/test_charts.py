"""Chart library: each builder's traces, values, titles and axes in Thai and English, on hand-made frames."""

from __future__ import annotations

import copy
import csv
import json
import re
import unicodedata

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go
import pytest
from conftest import PROJECT
from pandas.testing import assert_frame_equal

from ita_analytics import aggregate, analysis, db, i18n
from ita_analytics.charts import cpi, ita, maps, theme
from ita_analytics.filters import Filters
from ita_analytics.ratings import RATING_ORDER

THAI = re.compile(r"[\u0E00-\u0E7F]")
HOSTILE = "<img src=x onerror=alert(1)>"


# ---------------------------------------------------------------- hand-made frames, in the queries' shapes
def series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fiscal_year": [2023, 2024, 2025],
            "agencies": [100, 100, 100],
            "mean_score": [90.19, 93.05, 93.82],
            "median_score": [91.0, 94.0, 95.0],
            "passed": [81, 92, 94],
            "pass_rate": [0.81, 0.92, 0.94],
            "synthetic": [False] * 3,
        }
    )


def published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fiscal_year": [2021, 2023, 2024, 2025],
            "agencies": [None, 8323, 8325, 8317],
            "respondents": [None] * 4,
            "mean_score": [np.nan, 90.19, 93.05, 93.82],
            "passed": [None, 6737, None, 7832],
            "pass_rate": [np.nan, 0.8094, 0.9244, 0.9417],
            "source_url": ["u"] * 4,
            "note": [None] * 4,
        }
    )


def dist() -> pd.DataFrame:
    counts = {2024: [10, 50, 20, 10, 5, 3, 2], 2025: [40, 45, 10, 5, 0, 0, 0]}
    rows = [(year, band, n, n / sum(c)) for year, c in counts.items() for band, n in zip(RATING_ORDER, c)]
    return pd.DataFrame(rows, columns=["fiscal_year", "rating", "agencies", "share"])


TYPES = [
    ("department", "ส่วนราชการระดับกรม", "Department-level agency"),
    ("pao", "องค์การบริหารส่วนจังหวัด (อบจ.)", "Provincial administrative organisation"),
    ("sao", "องค์การบริหารส่วนตำบล (อบต.)", "Subdistrict administrative organisation"),
]


def quartiles() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (2025, code, th, en, 10 * (i + 1), 70.0 + i, 90.0 + i, 94.0 + i, 97.0 + i, 99.0, 93.0 + i)
            for i, (code, th, en) in enumerate(TYPES)
        ],
        columns=[
            "fiscal_year",
            "type_code",
            "name_th",
            "name_en",
            "agencies",
            "min_score",
            "q1",
            "median_score",
            "q3",
            "max_score",
            "mean_score",
        ],
    )


def by_type() -> pd.DataFrame:
    rows = [
        (year, code, th, en, "local", 10, 80.0 + i + (year - 2024) * 5, 81.0, 0.5 + 0.1 * i + (year - 2024) * 0.2)
        for year in (2024, 2025)
        for i, (code, th, en) in enumerate(TYPES)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "fiscal_year",
            "type_code",
            "name_th",
            "name_en",
            "type_group",
            "agencies",
            "mean_score",
            "median_score",
            "pass_rate",
        ],
    )


METRICS = ["iit", "eit", "oit", *[f"i{n}" for n in range(1, 11)]]


def indicators_by_type() -> pd.DataFrame:
    # Long format in the query's order (alphabetical metric names), values = 50 + type × 10 + metric position.
    rows = [
        (2025, code, th, en, m, 50.0 + 10 * i + METRICS.index(m), 10)
        for i, (code, th, en) in enumerate(TYPES[:2])
        for m in sorted(METRICS)
    ]
    return pd.DataFrame(
        rows, columns=["fiscal_year", "type_code", "name_th", "name_en", "metric", "mean_score", "agencies"]
    )


def history(name_en: object = "Sample agency") -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "fiscal_year": [2023, 2024, 2025],
            "agency_code": ["A1"] * 3,
            "name_th": ["หน่วยงานตัวอย่าง"] * 3,
            "name_en": [name_en] * 3,
            "type_code": ["sao"] * 3,
            "province_code": ["10"] * 3,
            "region": ["central"] * 3,
            "ministry": [None] * 3,
            "score": [80.0, 86.0, 90.0],
            "iit": [82.0, 88.0, 91.0],
            "eit": [79.0, 85.0, 89.0],
            "oit": [78.0, 84.0, 92.0],
            "rating": ["B", "A", "A"],
            "passed": [False, True, True],
            "synthetic": [False] * 3,
            "percentile_in_type": [40.0, 60.0, 70.0],
            "peers_type": [9] * 3,
            "percentile_in_province": [50.0] * 3,
            "peers_province": [5] * 3,
        }
    )
    for n in range(1, 11):
        frame[f"i{n}"] = 85.0
    return frame


def by_region() -> pd.DataFrame:
    regions = ["central", "central_admin", "east", "north", "northeast", "south", "west"]
    return pd.DataFrame(
        {
            "fiscal_year": [2025] * 7,
            "region": regions,
            "agencies": range(10, 17),
            "mean_score": [93.6, 96.8, 93.1, 94.1, 94.0, 92.9, 93.2],
            "median_score": [95.0] * 7,
            "pass_rate": [0.93, 0.99, 0.91, 0.94, 0.95, 0.92, 0.90],
        }
    )


def cpi_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2022, 2023, 2024, 2025],
            "iso3": ["THA"] * 4,
            "country": ["Thailand"] * 4,
            "region": ["AP"] * 4,
            "score": [36.0, 35.0, 34.0, 33.0],
            "rank": [101, 108, 107, 116],
            "countries": [180, 180, 180, 182],
            "standard_error": [1.0] * 4,
            "sources": [9] * 4,
            "lower_ci": [34.2, np.nan, 32.9, 31.4],
            "upper_ci": [37.8, np.nan, 35.1, 34.6],
        }
    )


def targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["cpi_rank", "cpi_score", "cpi_score", "ita_pass_rate"],
            "year": [2023, 2022, 2027, 2022],
            "value": [53.0, 50.0, 57.0, 0.8],
            "comparison": ["at_most", "at_least", "at_least", "at_least"],
            "note": ["rank", "CPI 50 by 2022", "CPI 57 by 2027", "80%"],
            "note_th": ["อันดับ", "CPI 50 ภายใน 2565", "CPI 57 ภายใน 2570", "80%"],
            "source": ["plan"] * 4,
            "source_url": [None] * 4,
        }
    )


def aligned(lag: int = 1) -> pd.DataFrame:
    return analysis.align_ita_cpi(series(), cpi_frame(), lag=lag)


def comparison() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2025] * 4,
            "iso3": ["SGP", "MYS", "THA", "MMR"],
            "country": ["Singapore", "Malaysia", "Thailand", "Myanmar"],
            "score": [84.0, 52.0, 33.0, 16.0],
            "rank": [3, 54, 116, 169],
            "countries": [182] * 4,
            "lower_ci": [np.nan, np.nan, 31.4, np.nan],
            "upper_ci": [np.nan, np.nan, 34.6, np.nan],
            "previous_score": [84.0, 50.0, 34.0, np.nan],
            "change": [0.0, 2.0, -1.0, np.nan],
            "previous_rank": [3, 57, 107, None],
        }
    )


def contrib() -> pd.DataFrame:
    sources = pd.DataFrame(
        {
            "year": [2024, 2024, 2025, 2025, 2025],
            "iso3": ["THA"] * 5,
            "source": [
                "IMD World Competitiveness Yearbook",
                "PERC Asia Risk Guide",
                "IMD World Competitiveness Yearbook",
                "PERC Asia Risk Guide",
                "Varieties of Democracy Project",
            ],
            "score": [35.98, 41.29, 26.09, 44.79, 29.95],
            "sources_that_year": [2, 2, 3, 3, 3],
        }
    )
    return analysis.cpi_source_contributions(sources)


def by_province() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fiscal_year": [2025] * 3,
            "province_code": ["10", "11", "50"],
            "name_th": ["กรุงเทพมหานคร", "สมุทรปราการ", "เชียงใหม่"],
            "name_en": ["Bangkok", "Samut Prakan", "Chiang Mai"],
            "region": ["central", "central", "north"],
            "agencies": [1, 60, 211],
            "mean_score": [85.0, 95.0, 90.0],
            "median_score": [85.0, 95.0, 90.0],
            "pass_rate": [0.5, 0.9, 0.7],
        }
    )


def tiles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province_code": ["10", "11", "50", "74"],
            "name_en": ["Bangkok", "Samut Prakan", "Chiang Mai", "Samut Sakhon"],
            "row": [8, 8, 1, 9],
            "col": [3, 4, 2, 3],
        }
    )


def _square(x: float, y: float) -> list[list[float]]:
    return [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]


def geojson(key: str = "code", values: tuple = (10, "11")) -> dict:
    """Two provinces: Bangkok a square, Samut Prakan a MultiPolygon of two squares."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {key: values[0]},
                "geometry": {"type": "Polygon", "coordinates": [_square(100, 13)]},
            },
            {
                "type": "Feature",
                "properties": {key: values[1]},
                "geometry": {"type": "MultiPolygon", "coordinates": [[_square(101, 13)], [_square(103, 13)]]},
            },
        ],
    }


# Every builder with its inputs, so the shared rules (template, language, no mutation) are checked on all.
BUILDERS = {
    "mean_trend": lambda lang, **k: ita.mean_trend(k.get("a", series()), k.get("b", published()), lang),
    "pass_rate_trend": lambda lang, **k: ita.pass_rate_trend(k.get("a", series()), 0.8, lang),
    "rating_distribution": lambda lang, **k: ita.rating_distribution(k.get("a", dist()), lang),
    "type_distribution": lambda lang, **k: ita.type_distribution(k.get("a", quartiles()), lang, selected=["pao"]),
    "type_year_heatmap": lambda lang, **k: ita.type_year_heatmap(k.get("a", by_type()), "pass_rate", lang),
    "indicator_type_heatmap": lambda lang, **k: ita.indicator_type_heatmap(k.get("a", indicators_by_type()), lang),
    "agency_history": lambda lang, **k: ita.agency_history(k.get("a", history()), lang),
    "region_bars": lambda lang, **k: ita.region_bars(k.get("a", by_region()), "mean_score", lang),
    "cpi_trend": lambda lang, **k: cpi.cpi_trend(k.get("a", cpi_frame()), lang, k.get("b", targets())),
    "ita_cpi_indexed": lambda lang, **k: cpi.ita_cpi_indexed(k.get("a", aligned()), lang, 1),
    "ita_cpi_small_multiples": lambda lang, **k: cpi.ita_cpi_small_multiples(k.get("a", aligned()), lang),
    "asean_comparison": lambda lang, **k: cpi.asean_comparison(k.get("a", comparison()), lang),
    "cpi_sources_heatmap": lambda lang, **k: cpi.cpi_sources_heatmap(k.get("a", contrib()), lang),
    "cpi_source_contributions_bars": lambda lang, **k: cpi.cpi_source_contributions_bars(
        k.get("a", contrib()), 2025, lang
    ),
    "province_tile_map": lambda lang, **k: maps.province_tile_map(
        k.get("a", by_province()), k.get("b", tiles()), "mean_score", lang
    ),
    "province_choropleth": lambda lang, **k: maps.province_choropleth(
        k.get("a", by_province()), geojson(), "mean_score", lang, "code"
    ),
}
INPUTS = {
    "mean_trend": (series, published),
    "pass_rate_trend": (series,),
    "rating_distribution": (dist,),
    "type_distribution": (quartiles,),
    "type_year_heatmap": (by_type,),
    "indicator_type_heatmap": (indicators_by_type,),
    "agency_history": (history,),
    "region_bars": (by_region,),
    "cpi_trend": (cpi_frame, targets),
    "ita_cpi_indexed": (aligned,),
    "ita_cpi_small_multiples": (aligned,),
    "asean_comparison": (comparison,),
    "cpi_sources_heatmap": (contrib,),
    "cpi_source_contributions_bars": (contrib,),
    "province_tile_map": (by_province, tiles),
    "province_choropleth": (by_province,),
}


def title(fig: go.Figure) -> str:
    return fig.layout.title.text


def shown_text(fig: go.Figure) -> str:
    """Return the figure as JSON without its template: everything it says, and its data."""
    plain = fig.to_plotly_json()
    plain["layout"].pop("template", None)
    return json.dumps(plain, ensure_ascii=False, default=str)


# ---------------------------------------------------------------- rules every chart follows
@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_uses_the_theme_and_speaks_the_language(name):
    th, en = BUILDERS[name]("th"), BUILDERS[name]("en")
    for fig in (th, en):
        assert isinstance(fig, go.Figure)
        assert fig.layout.template.layout.font.family == theme.FONT_FAMILY
        assert fig.layout.template.layout.hoverlabel.font.family == theme.FONT_FAMILY
        assert fig.layout.template.layout.title.x == 0
        assert fig.layout.template.layout.legend.orientation == "h"
    assert THAI.search(title(th)) and not THAI.search(title(en)) and title(th) != title(en)
    # Hand-made frames carry English names, so an English chart holds no Thai at all.
    assert not THAI.search(shown_text(en)), name


@pytest.mark.parametrize("name", BUILDERS)
def test_no_chart_mutates_its_input(name):
    frames = [make() for make in INPUTS[name]]
    before = [f.copy(deep=True) for f in frames]
    BUILDERS[name]("th", **dict(zip("ab", frames)))
    for frame, kept in zip(frames, before):
        assert_frame_equal(frame, kept)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_accepts_empty_frames(name):
    frames = {key: make().iloc[0:0] for key, make in zip("ab", INPUTS[name])}
    if name == "province_tile_map":
        frames["b"] = tiles()
    fig = BUILDERS[name]("en", **frames)
    assert title(fig)


def test_template_is_registered_with_the_palettes():
    import plotly.io as pio

    template = pio.templates[theme.TEMPLATE]
    assert list(template.layout.colorway) == list(theme.PALETTE)
    assert theme.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert list(theme.RATING_COLOURS) == list(RATING_ORDER)
    assert template.layout.plot_bgcolor == "white"


def test_source_note_is_a_small_escaped_line_at_the_bottom_left():
    fig = ita.mean_trend(series(), published(), "en", source="Source: NACC <b>x</b>")
    note = [a for a in fig.layout.annotations if a.name == "source_note"]
    assert len(note) == 1
    assert note[0].text == "Source: NACC &lt;b&gt;x&lt;/b&gt;"
    assert (note[0].xref, note[0].yref, note[0].x, note[0].y, note[0].xanchor) == ("paper", "paper", 0, 0, "left")
    assert note[0].yshift < 0
    assert not [a for a in ita.mean_trend(series(), published(), "en").layout.annotations if a.name == "source_note"]


def test_chart_labels_are_complete_and_do_not_collide():
    with open(PROJECT / "data" / "labels" / "charts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(PROJECT / "data" / "labels" / "app.csv", encoding="utf-8", newline="") as f:
        app_keys = {row["key"] for row in csv.DictReader(f)}
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)) and not set(keys) & app_keys
    for row in rows:
        assert row["th"].strip() and row["en"].strip(), row["key"]
        assert not THAI.search(row["en"]), row["key"]
    assert i18n.t("country_THA", "th") == "ไทย" and i18n.t("indicator_i3", "en") == "Use of authority"
    assert {f"country_{c}" for c in aggregate.ASEAN} <= set(keys)


# ---------------------------------------------------------------- ITA charts
def test_mean_trend_draws_the_series_and_the_published_means_apart():
    fig = ita.mean_trend(series(), published(), "en")
    line, nacc = fig.data
    assert line.mode == "lines+markers" and list(line.y) == [90.19, 93.05, 93.82]
    assert list(nacc.x) == [2023, 2024, 2025] and list(nacc.y) == [90.19, 93.05, 93.82]  # 2021's mean is unknown
    assert nacc.mode == "markers" and nacc.name == "published by NACC" and nacc.marker.symbol != line.marker.symbol
    assert list(fig.layout.xaxis.tickvals) == [2023, 2024, 2025]
    assert list(fig.layout.xaxis.ticktext) == ["2023", "2024", "2025"]
    th = ita.mean_trend(series(), published(), "th")
    assert list(th.layout.xaxis.ticktext) == ["2566", "2567", "2568"]
    assert th.data[1].name == "เผยแพร่โดย ป.ป.ช." and "2568" in th.data[0].customdata[-1][0]


def test_synthetic_series_say_so_in_the_legend():
    fig = ita.mean_trend(series().assign(synthetic=True), published(), "en")
    assert "synthetic" in fig.data[0].name


def test_pass_rate_trend_has_a_percent_axis_and_the_target_line():
    fig = ita.pass_rate_trend(series(), 0.8, "en")
    assert list(fig.data[0].y) == [0.81, 0.92, 0.94]
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 1
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == 0.8 and line.line.dash == "dash"
    assert [a.text for a in fig.layout.annotations] == ["target 80%"]
    assert ita.pass_rate_trend(series(), 0.8, "th").layout.annotations[0].text == "เป้าหมาย 80%"
    assert not ita.pass_rate_trend(series(), None, "en").layout.shapes


def test_rating_distribution_stacks_shares_to_one_in_band_order():
    fig = ita.rating_distribution(dist(), "en")
    assert [t.name for t in fig.data] == list(RATING_ORDER) and fig.layout.barmode == "stack"
    assert all(t.type == "bar" for t in fig.data)
    totals = np.sum([np.array(t.y, dtype=float) for t in fig.data], axis=0)
    assert totals == pytest.approx([1.0, 1.0])
    assert fig.data[0].customdata[1][1] == 40  # AA agencies in 2025
    assert fig.data[0].marker.color == theme.RATING_COLOURS["AA"]
    assert list(ita.rating_distribution(dist(), "th").layout.xaxis.ticktext) == ["2567", "2568"]


def test_type_distribution_boxes_carry_type_codes_and_highlight_the_selection():
    fig = ita.type_distribution(quartiles(), "en", selected=["pao"])
    boxes = [t for t in fig.data if t.type == "box"]
    assert len(boxes) == 3 and [b.name for b in boxes] == [en for _, _, en in TYPES]
    assert boxes[1].q1 == (91.0,) and boxes[1].median == (95.0,) and boxes[1].q3 == (98.0,)
    assert boxes[1].lowerfence == (71.0,) and boxes[1].upperfence == (99.0,) and boxes[1].mean == (94.0,)
    assert [b.customdata[0][0] for b in boxes] == ["department", "pao", "sao"]
    assert boxes[1].fillcolor == theme.HIGHLIGHT and boxes[0].fillcolor != theme.HIGHLIGHT
    (clicks,) = [t for t in fig.data if t.type == "scatter"]
    assert [c[0] for c in clicks.customdata] == ["department", "pao", "sao"]
    assert "2025" in title(fig) and "2568" in title(ita.type_distribution(quartiles(), "th"))
    assert ita.type_distribution(quartiles(), "th").data[0].name == "ส่วนราชการระดับกรม"


def test_type_year_heatmap_rows_in_input_order_and_percent_cells():
    fig = ita.type_year_heatmap(by_type(), "pass_rate", "en")
    (heat,) = fig.data
    assert heat.type == "heatmap" and list(heat.y) == [en for _, _, en in TYPES] and list(heat.x) == ["2024", "2025"]
    np.testing.assert_allclose(np.array(heat.z, dtype=float), [[0.5, 0.7], [0.6, 0.8], [0.7, 0.9]])
    assert heat.texttemplate == "%{z:.1%}"
    mean = ita.type_year_heatmap(by_type(), "mean_score", "th").data[0]
    assert list(mean.x) == ["2567", "2568"] and mean.texttemplate == "%{z:.1f}" and mean.z[0][1] == 85.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: ita.type_year_heatmap(by_type(), "score", "en"),
        lambda: ita.region_bars(by_region(), "rank", "en"),
        lambda: maps.province_tile_map(by_province(), tiles(), "rank", "en"),
    ],
)
def test_a_bad_metric_is_refused_naming_the_allowed_ones(call):
    with pytest.raises(ValueError, match="mean_score.*pass_rate"):
        call()


def test_indicator_heatmap_has_tools_then_indicators_in_order():
    fig = ita.indicator_type_heatmap(indicators_by_type(), "th")
    (heat,) = fig.data
    assert list(heat.x[:3]) == ["IIT", "EIT", "OIT"]
    assert heat.x[3] == "1. การปฏิบัติหน้าที่" and heat.x[12] == "10. การป้องกันการทุจริต"
    assert np.array(heat.z).tolist() == [[50.0 + 10 * i + j for j in range(13)] for i in range(2)]
    assert list(heat.y) == ["ส่วนราชการระดับกรม", "องค์การบริหารส่วนจังหวัด (อบจ.)"]
    assert heat.texttemplate == "%{z:.1f}"
    assert "Use of authority" in ita.indicator_type_heatmap(indicators_by_type(), "en").data[0].x[5]


def test_agency_history_draws_total_and_dashed_tools_with_the_pass_mark():
    fig = ita.agency_history(history(), "en")
    assert [t.name for t in fig.data][0] == "Total score" and len(fig.data) == 4
    assert list(fig.data[0].y) == [80.0, 86.0, 90.0] and list(fig.data[3].y) == [78.0, 84.0, 92.0]
    assert fig.data[0].line.dash == "solid" and {t.line.dash for t in fig.data[1:]} == {"dash"}
    assert [s.y0 for s in fig.layout.shapes] == [85.0]
    assert title(fig).endswith("Sample agency")
    assert title(ita.agency_history(history(), "th")).endswith("หน่วยงานตัวอย่าง")
    assert title(ita.agency_history(history(name_en=None), "en")).endswith("หน่วยงานตัวอย่าง")


def test_agency_history_escapes_a_hostile_name():
    fig = ita.agency_history(history(name_en=f"{HOSTILE} & Co"), "en")
    assert "<img" not in title(fig)
    assert title(fig).endswith("&lt;img src=x onerror=alert(1)&gt; &amp; Co")
    hostile_th = history().assign(name_th=HOSTILE)
    assert "<img" not in title(ita.agency_history(hostile_th, "th"))


LONG_NAME = "องค์การบริหารส่วนตำบลหนองบัวใต้ อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา และเทศบาลตำบลที่มีชื่อยาวเป็นพิเศษ"


def test_fit_lines_breaks_at_spaces_then_before_a_thai_syllable_and_ends_what_does_not_fit_with_an_ellipsis():
    assert theme.fit_lines("Nong Bua Tai Subdistrict", 20, max_lines=3) == ["Nong Bua Tai", "Subdistrict"]
    assert theme.fit_lines("one two three four", 9) == ["one two", "three…"]
    assert theme.fit_lines("abcdefghijkl", 4, max_lines=2) == ["abcd", "efg…"]
    assert theme.fit_lines("กขกี่ abc", 3, max_lines=1) == ["กข…"]  # a letter goes with its marks, never "กขกี…"
    # no spaces: broken before a leading vowel (here แ) near the line's end, not inside the syllable before it
    assert theme.fit_lines("องค์การบริหารส่วนตำบลแม่ทา", 20) == ["องค์การบริหารส่วนตำบล", "แม่ทา"]
    # no leading vowel near: between letters, and a tone or vowel mark stays with its letter
    assert theme.fit_lines("กกกกกกกกก่ขขขข", 9) == ["กกกกกกกกก่", "ขขขข"]
    for width in (10, 25, 40):
        for line in theme.fit_lines(LONG_NAME.replace(" ", ""), width, max_lines=20):
            assert 0 < theme.text_width(line) <= width and unicodedata.category(line[0]) != "Mn"


def test_agency_history_puts_a_long_name_on_lines_of_its_own_under_the_heading():
    fig = ita.agency_history(history().assign(name_th=LONG_NAME), "th")
    heading, *lines = title(fig).split("<br>")
    assert heading == i18n.t("chart_agency_history_title", "th") + ":" and 1 < len(lines) <= 2
    assert all(theme.text_width(line) <= ita.NAME_LINE_CHARS for line in lines)
    assert " ".join(lines) == LONG_NAME or " ".join(lines).endswith("…")
    assert fig.layout.margin.t == ita.TITLE_TOP_PX + ita.TITLE_LINE_PX * len(lines)
    short = ita.agency_history(history(), "th")
    assert "<br>" not in title(short) and short.layout.margin.t is None


def test_region_bars_are_sorted_and_name_central_administration():
    fig = ita.region_bars(by_region(), "pass_rate", "th")
    (bars,) = fig.data
    assert list(bars.x) == sorted(by_region()["pass_rate"])
    assert bars.y[-1].startswith("ส่วนกลาง") and bars.y[0] == "ภาคตะวันตก"
    assert fig.layout.xaxis.tickformat == ".0%"
    en = ita.region_bars(by_region(), "mean_score", "en").data[0]
    assert en.y[-1].startswith("Central administration") and list(en.x) == sorted(by_region()["mean_score"])


# ---------------------------------------------------------------- CPI charts
def test_cpi_trend_has_a_band_broken_where_the_ci_is_missing_and_targets():
    fig = cpi.cpi_trend(cpi_frame(), "en", targets())
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 2 and sum(bool(b.showlegend) for b in bands) == 1
    assert list(bands[1].x) == [2024, 2025, 2025, 2024] and list(bands[1].y) == [35.1, 34.6, 31.4, 32.9]
    (score,) = [t for t in fig.data if t.name == "CPI score"]
    assert list(score.y) == [36.0, 35.0, 34.0, 33.0]
    (goal,) = [t for t in fig.data if t.name == "target"]
    assert list(goal.x) == [2022, 2027] and list(goal.y) == [50.0, 57.0] and goal.mode == "markers"
    th = cpi.cpi_trend(cpi_frame(), "th", targets())
    assert "2570" in th.layout.xaxis.ticktext and "CPI 57 ภายใน 2570" in th.data[-1].customdata[1][1]
    assert len(cpi.cpi_trend(cpi_frame(), "en").data) == 3


def test_indexed_chart_is_one_axis_with_the_year_pairing_in_hover():
    fig = cpi.ita_cpi_indexed(aligned(lag=1), "th", lag=1)
    assert len(fig.data) == 3 and "yaxis2" not in fig.layout.to_plotly_json()
    frame = aligned(lag=1)
    assert list(fig.data[0].y) == pytest.approx(list(frame["ita_mean_index"]))
    assert list(fig.data[2].y) == pytest.approx(list(frame["cpi_score_index"])) and fig.data[2].y[0] == 100
    assert fig.data[2].customdata[0][:2] == ["2566", "2567"]  # FY2023 beside CPI 2024
    assert "customdata[1]" in fig.data[2].hovertemplate and "+ 1" in title(fig)
    assert list(cpi.ita_cpi_indexed(aligned(lag=1), "en", lag=1).data[2].customdata[0][:2]) == ["2023", "2024"]


def test_small_multiples_are_three_panels_with_their_own_ranges():
    fig = cpi.ita_cpi_small_multiples(aligned(lag=0), "en")
    layout = fig.layout.to_plotly_json()
    assert {"yaxis", "yaxis2", "yaxis3"} <= set(layout) and "yaxis4" not in layout
    assert not any(layout[a].get("matches") for a in ("yaxis", "yaxis2", "yaxis3"))
    assert layout["yaxis2"]["tickformat"] == ".0%"
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.yaxis for t in lines] == ["y", "y2", "y3"]
    assert list(lines[1].y) == [0.81, 0.92, 0.94]
    assert any(t.fill == "toself" and t.yaxis == "y3" for t in fig.data)


def test_asean_dot_plot_sorted_with_thailand_highlighted():
    fig = cpi.asean_comparison(comparison(), "th")
    others, thailand = fig.data
    assert list(others.y) == ["สิงคโปร์", "มาเลเซีย", "เมียนมา"] and list(thailand.y) == ["ไทย"]
    assert list(fig.layout.yaxis.categoryarray) == ["สิงคโปร์", "มาเลเซีย", "ไทย", "เมียนมา"]
    assert thailand.marker.color == theme.HIGHLIGHT != others.marker.color
    assert thailand.error_x.array[0] == pytest.approx(1.6) and thailand.error_x.arrayminus[0] == pytest.approx(1.6)
    assert others.error_x.array[0] is None
    assert "2568" in title(fig) and "2025" in title(cpi.asean_comparison(comparison(), "en"))


def test_sources_heatmap_and_contribution_bars():
    heat = cpi.cpi_sources_heatmap(contrib(), "th").data[0]
    assert list(heat.x) == ["2567", "2568"] and list(heat.y) == ["IMD", "PERC", "VDEM"]
    assert heat.z[0] == pytest.approx([35.98, 26.09]) and np.isnan(heat.z[2][0])
    fig = cpi.cpi_source_contributions_bars(contrib(), 2025, "en")
    (bars,) = fig.data
    assert list(bars.y) == ["IMD", "PERC"]  # V-Dem is new in 2025: no change to explain
    assert list(bars.x) == pytest.approx([(26.09 - 35.98) / 3, (44.79 - 41.29) / 3])
    # centred at 0 and symmetric: the largest fall gets the scale's red end, a rise the blue side
    fall, rise = (plotly.colors.unlabel_rgb(c) for c in bars.marker.color)
    assert fall == pytest.approx(plotly.colors.unlabel_rgb(theme.DIVERGING[0]))
    assert rise[2] > rise[0] and fall[0] > fall[2]
    assert list(bars.text) == ["-3.30", "+1.17"]


def test_a_contribution_too_small_to_show_is_labelled_zero_not_minus_zero():
    tiny = contrib().assign(contribution=lambda c: c["contribution"].mask(c["source"].str.startswith("PERC"), -0.001))
    fig = cpi.cpi_source_contributions_bars(tiny, 2025, "en")
    assert list(fig.data[0].text) == ["-3.30", "+0.00"]


# ---------------------------------------------------------------- maps
def test_tile_map_colours_provinces_and_greys_those_without_agencies():
    fig = maps.province_tile_map(by_province(), tiles(), "mean_score", "en")
    filled, empty, colourbar = fig.data
    assert filled.marker.symbol == "square" and list(filled.x) == [3, 4, 2] and list(filled.y) == [-8, -8, -1]
    assert list(filled.text) == ["Ban", "SP", "CM"] and list(empty.text) == ["SS"]
    assert empty.marker.color == theme.NO_DATA and "no agencies" in empty.hovertemplate
    assert colourbar.marker.showscale and (colourbar.marker.cmin, colourbar.marker.cmax) == (85.0, 95.0)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.xaxis.visible is False
    th = maps.province_tile_map(by_province(), tiles(), "mean_score", "th")
    # Four Thai letters, more where two provinces of the grid would share them; never ending on เ แ โ ใ ไ.
    assert list(th.data[0].text) == ["กรุงเท", "สมุทรป", "เชียง"] and list(th.data[1].text) == ["สมุทรส"]
    assert "ไม่มีหน่วยงาน" in th.data[1].hovertemplate


def test_short_names_are_unique_for_all_provinces():
    from ita_analytics import reference

    provinces = reference.provinces()
    for lang in ("th", "en"):
        names = maps.short_names(list(provinces["name_th"]), list(provinces["name_en"]), lang)
        assert len(set(names)) == 77 and max(map(theme.text_width, names)) <= 7


def test_choropleth_fills_each_province_by_value_without_network():
    fig = maps.province_choropleth(by_province(), geojson(), "mean_score", "en", "code")
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
    fig = maps.province_choropleth(by_province(), geojson(key, values), "pass_rate", "th", key)
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


# ---------------------------------------------------------------- real frames from the demo database
def test_every_chart_builds_from_the_demo_database(demo_db):
    con = db.connect(demo_db)
    year = Filters(years=(2025,))
    national, thailand = aggregate.national_series(con), aggregate.cpi_series(con)
    contributions = analysis.cpi_source_contributions(aggregate.cpi_sources(con))
    provinces = aggregate.by_province(con, year)
    figures = [
        ita.mean_trend(national, db.query(con, "ita_published"), "th"),
        ita.pass_rate_trend(national, 0.8, "th"),
        ita.rating_distribution(aggregate.rating_distribution(con), "th"),
        ita.type_distribution(aggregate.score_quartiles_by_type(con, year), "th", selected=["sao"]),
        ita.type_year_heatmap(aggregate.by_agency_type(con), "mean_score", "th"),
        ita.indicator_type_heatmap(aggregate.tool_indicator_by_type(con, year), "th"),
        ita.agency_history(aggregate.agency_history(con, "JUS-00018"), "th"),
        ita.region_bars(aggregate.by_region(con, year), "median_score", "th"),
        cpi.cpi_trend(thailand, "th", db.query(con, "targets")),
        cpi.ita_cpi_indexed(analysis.align_ita_cpi(national, thailand, 1), "th", 1),
        cpi.ita_cpi_small_multiples(analysis.align_ita_cpi(national, thailand, 0), "th"),
        cpi.asean_comparison(aggregate.asean_comparison(con, 2025), "th"),
        cpi.cpi_sources_heatmap(contributions, "th"),
        cpi.cpi_source_contributions_bars(contributions, 2025, "th"),
        maps.province_tile_map(provinces, tiles(), "pass_rate", "th"),
    ]
    con.close()
    for fig in figures:
        assert THAI.search(title(fig)) and fig.data
    assert len(figures[2].data) == 7 and len(figures[11].data[0].y) + len(figures[11].data[1].y) == 11
    assert copy.deepcopy(figures[0]).to_json()


def test_maps_and_region_bars_can_show_agency_counts():
    fig = maps.province_tile_map(by_province(), tiles(), "agencies", "en")
    assert tuple(fig.data[-1].marker.color) == (1.0, 211.0)  # the colour bar spans the agency counts
    first, _, last = fig.data[0].marker.color
    assert first != last  # 1 agency and 211 agencies get different colours
    bars = ita.region_bars(by_region(), "agencies", "en")
    assert list(bars.data[0].x) == sorted(by_region()["agencies"].tolist())


def test_explorer_scatter_labels_few_points_and_fits_a_line():
    import pandas as pd

    from ita_analytics.charts.explore import scatter_with_fit

    points = pd.DataFrame(
        {
            "unit": ["TH"] * 4,
            "fiscal_year": [2022, 2023, 2024, 2025],
            "x": [1.0, 2.0, 3.0, 4.0],
            "y": [2.0, 4.0, 6.0, 8.0],
        }
    )
    fig = scatter_with_fit(points, "ITA <b>", "CPI", "th")
    assert list(fig.data[0].text) == ["2565", "2566", "2567", "2568"]
    assert list(fig.data[1].y) == pytest.approx([2.0, 8.0])  # y = 2x exactly
    assert "&lt;b&gt;" in fig.layout.xaxis.title.text
    many = pd.concat([points] * 10, ignore_index=True)
    assert scatter_with_fit(many, "x", "y", "en").data[0].text is None
