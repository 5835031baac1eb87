"""The briefing: scopes and years, the deck read back with python-pptx against the library, the CLI, the page."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest
from conftest import PROJECT, charts, open_view
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import PP_PLACEHOLDER

from ita_analytics import aggregate, analysis, db, i18n, narrative
from ita_analytics.briefing import ChartData, Scope, build_briefing, dashboard_link, parse_scope, parse_year
from ita_analytics.charts.briefing import briefing_figure
from ita_analytics.deck import FONT, PLOT_BOX, write_deck
from ita_analytics.filters import Filters

YEAR = 2025
SCOPES = [Scope(), Scope("type", "sao"), Scope("region", "north"), Scope("province", "50")]
KEYS = ["title", "key_figures", "trend", "ratings", "types", "regions", "weakest", "ita_cpi", "cpi_sources", "sources"]
CHART_TYPES = {
    "trend": XL_CHART_TYPE.LINE_MARKERS,
    "ratings": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "types": XL_CHART_TYPE.BAR_CLUSTERED,
    "regions": XL_CHART_TYPE.BAR_CLUSTERED,
    "weakest": XL_CHART_TYPE.BAR_CLUSTERED,
    "ita_cpi": XL_CHART_TYPE.LINE_MARKERS,
    "cpi_sources": XL_CHART_TYPE.BAR_CLUSTERED,
}
THAI = re.compile(r"[\u0E00-\u0E7F]")


# --- scope and year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("national", Scope()),
        ("type:sao", Scope("type", "sao")),
        ("region:north", Scope("region", "north")),
        ("province:50", Scope("province", "50")),
        ("province:เชียงใหม่", Scope("province", "50")),
        ("province:Chiang Mai", Scope("province", "50")),
        (" national ", Scope()),
    ],
)
def test_scopes_are_read(text, expected):
    assert parse_scope(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("type:xyz", "type:xyz is unknown"),
        ("region:", "region:None is unknown"),
        ("city:1", "must be national"),
        ("national:x", "national takes no code"),
        ("province:Atlantis", "province:Atlantis is unknown"),
    ],
)
def test_bad_scopes_say_what_is_allowed(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_scope(text)


@pytest.mark.parametrize("text, year", [("2568", 2025), ("2025", 2025), (2562, 2019)])
def test_years_in_either_era(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["25x8", "1999", "", "2568.5"])
def test_bad_years(text):
    with pytest.raises(ValueError, match="not a fiscal year"):
        parse_year(text)


def test_a_year_without_results_is_refused_with_what_is_held(demo_db):
    with db.connect(demo_db) as con, pytest.raises(ValueError, match=r"no ITA results for fiscal year 2573.*2562"):
        build_briefing(con, 2030)


def test_dashboard_link_names_year_scope_and_language(monkeypatch):
    monkeypatch.setenv("ITA_DASHBOARD_URL", "https://ita.example.go.th/")
    assert dashboard_link(2025, Scope("province", "50"), "en") == (
        "https://ita.example.go.th/?year=2025&province=50&lang=en"
    )
    assert dashboard_link(2025, Scope(), "th", "http://x:1") == "http://x:1/?year=2025"


# --- the deck, read back -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(demo_db):
    """(scope text, lang) → (the briefing, the deck opened with python-pptx)."""
    made = {}
    with db.connect(demo_db) as con:
        for scope in SCOPES:
            for lang in ("th", "en"):
                briefing = build_briefing(con, YEAR, scope, lang)
                made[scope.text, lang] = briefing, Presentation(io.BytesIO(write_deck(briefing)))
    return made


def chart_of(slide):
    drawn = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(drawn) <= 1
    return drawn[0] if drawn else None


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def series_values(chart) -> dict[str, list[float]]:
    return {
        series.name: [None if v is None else round(v, 6) for v in series.values] for series in chart.plots[0].series
    }


def categories(chart) -> list[str]:
    return list(chart.plots[0].categories)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.text)
def test_deck_slides_titles_charts_notes_sources_and_links(decks, scope, lang):
    briefing, deck = decks[scope.text, lang]
    assert len(deck.slides) == 10 and [s.key for s in briefing.slides] == KEYS
    for slide, content in zip(deck.slides, briefing.slides):
        texts = texts_of(slide)
        assert texts[0] == content.title
        chart = chart_of(slide)
        assert (chart.chart_type if chart else None) == CHART_TYPES.get(content.key), content.key
        assert slide.notes_slide.notes_text_frame.text == content.notes and content.notes
        assert content.source in texts and content.source  # a source line on every slide
        links = [
            run.hyperlink.address
            for shape in slide.shapes
            if shape.has_text_frame
            for p in shape.text_frame.paragraphs
            for run in p.runs
            if run.hyperlink.address
        ]
        assert links == [briefing.link]
        assert i18n.t("synthetic_short", lang) in texts  # the demo data says it is synthetic on every slide
        if lang == "th":
            assert THAI.search(content.title), content.title
        else:
            assert not THAI.search(" ".join(texts)), texts
    assert f"year={YEAR}" in briefing.link and all(f"{k}={v}" in briefing.link for k, v in scope.url_params().items())


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.text)
def test_deck_numbers_equal_the_library(demo_db, decks, scope):
    briefing, deck = decks[scope.text, "th"]
    slides = dict(zip(KEYS, deck.slides))
    filters = scope.filters()
    with db.connect(demo_db) as con:
        series = aggregate.national_series(con, filters)
        ratings = aggregate.rating_distribution(con, filters)
        types = aggregate.by_agency_type(con, filters)
        regions = aggregate.by_region(con, filters)
        provinces = aggregate.by_province(con, Filters(regions=["north"]))
        indicators = aggregate.tool_indicator_means(con, filters)
        cpi = aggregate.cpi_series(con)
        sources = aggregate.cpi_sources(con)
        targets = db.query(con, "targets")
    trend = series_values(chart_of(slides["trend"]))
    assert list(trend.values())[0] == [round(100 * v, 2) for v in series["pass_rate"]]
    in_force = {2019: 80.0, 2020: 50.0, 2021: 80.0, 2022: 80.0, 2023: 100.0, 2024: 100.0, 2025: 100.0}
    assert list(trend.values())[1] == [in_force[y] for y in series["fiscal_year"]]  # the target each year
    assert categories(chart_of(slides["trend"])) == [str(y + 543) for y in series["fiscal_year"]]
    now = ratings[ratings["fiscal_year"] == YEAR].set_index("rating")["agencies"]
    assert list(series_values(chart_of(slides["ratings"])).values())[0] == [  # FY2025: the five bands
        float(now.get(r, 0)) for r in ("excellent", "good", "pass", "improve", "urgent")
    ]
    assert categories(chart_of(slides["ratings"]))[0] == "ผ่านดีเยี่ยม"
    type_rates = sorted(round(100 * v, 2) for v in types[types["fiscal_year"] == YEAR]["pass_rate"])
    assert list(series_values(chart_of(slides["types"])).values())[0] == type_rates
    region_frame = provinces if scope.kind in ("region", "province") else regions
    region_rates = sorted(round(100 * v, 2) for v in region_frame[region_frame["fiscal_year"] == YEAR]["pass_rate"])
    assert list(series_values(chart_of(slides["regions"])).values())[0] == region_rates
    if scope.kind == "province":  # the province is marked among its region's provinces
        assert "เชียงใหม่" in categories(chart_of(slides["regions"]))
    means = indicators[(indicators["fiscal_year"] == YEAR) & indicators["metric"].str.fullmatch(r"i\d+")]
    assert sorted(list(series_values(chart_of(slides["weakest"])).values())[0]) == sorted(
        round(v, 2) for v in means["mean_score"]
    )
    aligned = analysis.align_ita_cpi(series, cpi)
    ita_cpi = list(series_values(chart_of(slides["ita_cpi"])).values())
    assert ita_cpi[0] == [round(v, 2) for v in aligned["ita_mean"]]  # embedded as the slide shows it
    assert ita_cpi[1] == aligned["cpi_score"].tolist()
    latest = sources[sources["year"] == YEAR]
    assert sorted(list(series_values(chart_of(slides["cpi_sources"])).values())[0]) == sorted(latest["score"].tolist())
    k = analysis.year_kpis(series, cpi, targets, YEAR)
    key_text = "\n".join(texts_of(slides["key_figures"]))
    assert f"{k.mean_score:.2f}" in key_text and f"{k.pass_rate:.1%}" in key_text and f"{k.agencies:,}" in key_text
    words = (
        i18n.t("scope_agencies_th", "th")
        if scope.kind == "national"
        else i18n.t("briefing_scope_agencies", "th").format(scope=scope.name("th"))
    )
    assert narrative.ita_sentence(k, words, "th") in slides["key_figures"].notes_slide.notes_text_frame.text


def test_thai_runs_carry_a_thai_capable_complex_script_font(decks):
    _, deck = decks["national", "th"]
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    cs = run.font._rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}cs")
                    assert cs is not None and cs.get("typeface") == FONT, run.text
        chart = chart_of(slide)
        if chart is not None:
            assert f'<a:cs typeface="{FONT}"/>' in chart._chartSpace.xml


def test_a_filtered_scope_changes_the_numbers(decks):
    national = series_values(chart_of(decks["national", "th"][1].slides[2]))
    sao = series_values(chart_of(decks["type:sao", "th"][1].slides[2]))
    assert list(national.values())[0] != list(sao.values())[0]


# --- titles, rounding, fitted axes -----------------------------------------------------------------


def places(value: float) -> int:
    """Return the decimals a number is written with (its shortest repr: 66.73 → 2, 66.7300277141823 → 13)."""
    return max(0, -Decimal(repr(float(value))).as_tuple().exponent)


def test_every_slide_title_is_the_title_placeholder(decks):
    """PowerPoint's outline, accessibility checker and Reuse Slides read a slide's title from its placeholder."""
    for (scope, lang), (briefing, deck) in decks.items():
        for slide, content in zip(deck.slides, briefing.slides):
            title = slide.shapes.title
            assert title is not None and title.is_placeholder, (scope, lang, content.key)
            assert title.placeholder_format.type == PP_PLACEHOLDER.TITLE
            assert title.text_frame.text == content.title and slide.shapes[0] == title


def test_no_chart_value_has_more_than_four_decimals(decks):
    for (scope, lang), (_, deck) in decks.items():
        for slide in deck.slides:
            chart = chart_of(slide)
            if chart is None:
                continue
            shown = [v for series in chart.plots[0].series for v in series.values if v is not None]
            book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
            embedded = [c.value for row in book.active.iter_rows() for c in row if type(c.value) in (int, float)]
            assert shown and embedded, (scope, lang)
            assert max(places(v) for v in shown + embedded) <= 4, (scope, lang, shown)


def test_chart_values_are_rounded_as_the_slide_shows_them():
    assert ChartData("line", ["a"], [("s", [66.7300277141823, None])]).series == [("s", [66.73, None])]
    assert ChartData("bar", ["a"], [("s", [0.123456789])], "0.0%").series == [("s", [0.1235])]  # a share: 4


def test_high_values_get_a_fitted_axis_said_on_the_slide_and_the_target_line(decks):
    briefing, deck = decks["national", "en"]
    slides = dict(zip(KEYS, deck.slides))
    for key in ("types", "regions", "weakest"):  # FY2025's pass rates and indicator means: 83–100
        chart = chart_of(slides[key])
        values = [v for series in chart.plots[0].series for v in series.values if v is not None]
        axis = chart.value_axis
        low = axis.minimum_scale
        assert 50 <= low <= min(values) - 2 and low % 5 == 0 and axis.maximum_scale == 100, key
        said = f"{low:g}"
        assert f"axis from {said}, not 0" in axis.axis_title.text_frame.text
        assert i18n.t("journey_axis_break", "en").format(low=said) in slides[key].notes_slide.notes_text_frame.text
    for key in ("types", "regions"):  # pass rates: the target in force in FY2025 is 100%
        [line] = [shape for shape in slides[key].shapes if shape.name == "Target line"]
        [frame] = [shape for shape in slides[key].shapes if shape.has_chart]
        low = chart_of(slides[key]).value_axis.minimum_scale
        x, _, w, _ = PLOT_BOX
        assert (
            line.begin_x
            == line.end_x
            == pytest.approx(frame.left + frame.width * (x + w * (100 - low) / (100 - low)), abs=2)
        )
        assert i18n.t("journey_target_line", "en").format(value="100%", year="2025") in texts_of(slides[key])
        assert "<c:manualLayout>" in chart_of(slides[key])._chartSpace.xml  # the plot where the line assumes it
    assert not [shape for shape in slides["weakest"].shapes if shape.name == "Target line"]  # none for indicators
    for key in ("trend", "ita_cpi", "cpi_sources"):  # values far apart (11–94, 33–94, 26–45): the whole 0–100
        axis = chart_of(slides[key]).value_axis
        assert (axis.minimum_scale, axis.maximum_scale) == (0, 100), key


def test_the_page_and_presentation_figures_show_the_slides_range_and_target(decks):
    briefing, _ = decks["national", "en"]
    content = dict(zip(KEYS, briefing.slides))
    types = content["types"].chart
    for large in (False, True):
        fig = briefing_figure(types, "types", large=large)
        low, high = fig.layout.xaxis.range
        assert low == types.value_min and 100 < high <= 101
        [line] = [shape for shape in fig.layout.shapes if shape.type == "line"]
        assert line.x0 == line.x1 == 100 and line.line.dash == "dash"
        assert types.target_label in [a.text for a in fig.layout.annotations]
    assert briefing_figure(types, "types", large=True).layout.height is None  # as tall as the slide leaves it
    assert tuple(briefing_figure(content["trend"].chart, "trend").layout.yaxis.range) == (0, 105)


# --- command line --------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita_analytics", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def test_cli_writes_the_deck(demo_db, tmp_path):
    out = tmp_path / "brief.pptx"
    done = cli(
        "briefing",
        "--year",
        "2568",
        "--scope",
        "province:50",
        "--lang",
        "en",
        "--out",
        str(out),
        "--db",
        str(demo_db),
        "--url",
        "https://ita.example.go.th",
    )
    assert done.returncode == 0, done.stderr
    assert "10 slides, fiscal year 2568 (2025), scope province:50" in done.stdout
    deck = Presentation(out)
    assert texts_of(deck.slides[0])[0] == "Integrity and Transparency Assessment (ITA): fiscal year 2025 briefing"
    assert "Chiang Mai" in "\n".join(texts_of(deck.slides[0]))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--year", "2573"], "no ITA results for fiscal year 2573"),
        (["--year", "25x8"], "not a fiscal year"),
        (["--year", "2568", "--scope", "type:nope"], "type:nope is unknown"),
    ],
)
def test_cli_bad_input_exits_1_and_writes_nothing(demo_db, tmp_path, args, message):
    out = tmp_path / "brief.pptx"
    done = cli("briefing", *args, "--out", str(out), "--db", str(demo_db))
    assert done.returncode == 1 and message in done.stderr
    assert not out.exists()


def test_cli_usage_errors_exit_2(demo_db, tmp_path):
    assert cli("briefing", "--year", "2568", "--db", str(demo_db)).returncode == 2  # no --out
    assert cli("briefing", "--year", "2568", "--lang", "fr", "--out", str(tmp_path / "x.pptx")).returncode == 2


# --- the page and the presentation mode ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_briefing_page_shows_the_slides_and_offers_the_deck(monkeypatch, demo_db, lang):
    at = open_view(monkeypatch, demo_db, "briefing", {"lang": "en"} if lang == "en" else {})
    assert not at.exception
    assert [t.value for t in at.title] == [i18n.t("briefing_page_title", lang)]
    with db.connect(demo_db) as con:
        expected = build_briefing(con, YEAR, Scope(), lang)
    assert [e.label for e in at.expander if e.label[0].isdigit()] == [
        f"{n}. {s.title}" for n, s in enumerate(expected.slides, start=1)
    ]
    assert i18n.t("synthetic_badge", lang) in [w.value for w in at.warning]
    downloads = {d.proto.label for d in at.get("download_button")}
    assert i18n.t("briefing_download", lang) in downloads


def test_briefing_page_scope_is_kept_in_the_url_and_changes_the_slides(monkeypatch, demo_db):
    at = open_view(monkeypatch, demo_db, "briefing")
    at.radio(key="scope").set_value("province").run()
    at.selectbox(key="scope_code").set_value("50").run()
    assert not at.exception
    assert at.query_params["scope"] == "province" and at.query_params["scope_code"] == "50"
    points = [m.value for m in at.markdown if "เชียงใหม่" in m.value]
    assert points, "the title slide names the province"
    again = open_view(monkeypatch, demo_db, "briefing", {"scope": "province", "scope_code": "50"})
    assert again.radio(key="scope").value == "province" and again.selectbox(key="scope_code").value == "50"


def test_briefing_page_deck_language_is_its_own_choice(monkeypatch, demo_db):
    at = open_view(monkeypatch, demo_db, "briefing", {"deck_lang": "en"})
    assert at.radio(key="deck_lang").value == "en"
    assert at.expander[0].label.startswith("1. Integrity and Transparency Assessment")
    assert [t.value for t in at.title] == [i18n.t("briefing_page_title", "th")]  # the page stays Thai


def present(monkeypatch, db_path, query: dict):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(db_path))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    at.query_params.update({"present": "1", **query})
    return at.run()


def test_presentation_mode_steps_through_the_slides(monkeypatch, demo_db):
    at = present(monkeypatch, demo_db, {"scope": "region", "scope_code": "north"})
    with db.connect(demo_db) as con:
        slides = build_briefing(con, YEAR, Scope("region", "north"), "th").slides
    assert not at.exception
    assert [t.value for t in at.title] == [slides[0].title]
    assert at.button(key="present_previous").disabled
    for number in (2, 3):
        at.button(key="present_next").click().run()
        assert [t.value for t in at.title] == [slides[number - 1].title]
        assert at.query_params["slide"] == str(number)
    assert list(charts(at)) == ["present_chart"]
    at.button(key="present_previous").click().run()
    assert [t.value for t in at.title] == [slides[1].title]


@pytest.mark.parametrize(
    "slide, shown",
    [("10", 10), ("99", 10), ("0", 1), ("abc", 1), ("-3", 1), ("²", 1), ("๓", 1), ("٣", 1), (" 3", 1), ("9" * 5000, 1)],
)
def test_presentation_mode_slide_from_the_url(monkeypatch, demo_db, slide, shown):
    at = present(monkeypatch, demo_db, {"slide": slide})
    with db.connect(demo_db) as con:
        slides = build_briefing(con, YEAR, Scope(), "th").slides
    assert not at.exception
    assert [t.value for t in at.title] == [slides[shown - 1].title]
    assert at.button(key="present_next").disabled == (shown == 10)


def test_presentation_mode_with_a_bad_scope_falls_back_to_national(monkeypatch, demo_db):
    at = present(monkeypatch, demo_db, {"scope": "province", "scope_code": "<script>"})
    assert not at.exception
    assert "ทั้งประเทศ" in [m.value.lstrip("- ") for m in at.markdown]
