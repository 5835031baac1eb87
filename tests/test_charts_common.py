"""Rules every chart follows, on hand-made frames and on the demo database: the theme and the page's language in each
builder, no mutation of its input, empty frames accepted, the template and palettes, the escaped source note, complete
chart labels, and every chart built from real frames (with agency counts, and the explorer's scatter).
"""

from __future__ import annotations

import copy
import csv

import plotly.graph_objects as go
import pytest
from chart_frames import (
    BUILDERS,
    INPUTS,
    THAI,
    by_province,
    by_region,
    published,
    series,
    shown_text,
    tiles,
    title,
)
from conftest import PROJECT
from pandas.testing import assert_frame_equal

from ita_analytics import aggregate, analysis, db, i18n, ratings
from ita_analytics.charts import cpi, ita, maps, theme
from ita_analytics.filters import Filters


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
    assert set(theme.RATING_COLOURS) == {*ratings.all_bands(), "passed_unbanded"}  # both schemes
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


# ---------------------------------------------------------------- real frames from the demo database
def test_every_chart_builds_from_the_demo_database(demo_db):
    con = db.connect(demo_db)
    year = Filters(years=(2025,))
    national, thailand = aggregate.national_series(con), aggregate.cpi_series(con)
    contributions = analysis.cpi_source_contributions(aggregate.cpi_sources(con))
    provinces = aggregate.by_province(con, year)
    figures = [
        ita.mean_trend(national, db.query(con, "ita_published"), "th"),
        ita.pass_rate_trend(national, db.query(con, "targets"), "th"),
        ita.rating_distribution(aggregate.rating_distribution(con), "th"),
        ita.type_distribution(aggregate.score_quartiles_by_type(con, year), "th", selected=["sao"]),
        ita.type_year_heatmap(aggregate.by_agency_type(con), "mean_score", "th"),
        ita.indicator_type_heatmap(aggregate.tool_indicator_by_type(con, year), "th"),
        ita.agency_history(aggregate.agency_history(con, "CRT-00002"), "th"),
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
    assert (
        len(figures[2].data) == 12
        and len(  # AA–F and the five bands
            figures[11].data[0].y
        )
        + len(figures[11].data[1].y)
        == 11
    )
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
