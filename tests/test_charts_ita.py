"""The ITA charts on hand-made frames in Thai and English: mean and pass-rate trends, the rating distribution, the type
distribution and heatmaps, the agency history (a hostile or long name, fitted to lines) and the region bars, with each
trace's values, titles and axes.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest
from chart_frames import (
    FIVE_BANDS,
    HOSTILE,
    TYPES,
    by_province,
    by_region,
    by_type,
    dist,
    history,
    indicators_by_type,
    published,
    quartiles,
    series,
    targets,
    tiles,
    title,
)

from ita_analytics import i18n, thainlp
from ita_analytics.charts import ita, maps, theme


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


def test_pass_rate_trend_has_a_percent_axis_and_the_target_in_force_each_year():
    fig = ita.pass_rate_trend(series(), targets(), "en")
    assert list(fig.data[0].y) == [0.81, 0.92, 0.94]
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 1
    (steps,) = [t for t in fig.data if t.name == "target in force that year"]
    assert steps.line.dash == "dash" and {v for v in steps.y if v is not None} == {1.0}  # FY2023–FY2025: 100%
    early = series().assign(fiscal_year=[2020, 2021, 2022])
    steps = [t for t in ita.pass_rate_trend(early, targets(), "th").data if t.name == "เป้าหมายที่ใช้ในปีนั้น"][0]
    assert [v for v in steps.y if v is not None] == [0.5, 0.5, 0.8, 0.8, 0.8, 0.8]  # a step where it changed
    assert len(ita.pass_rate_trend(series(), None, "en").data) == 1


def test_pass_rate_trend_marks_nacc_s_published_rates_beside_the_computed():
    fig = ita.pass_rate_trend(series(), targets(), "en", published=published())
    (marks,) = [t for t in fig.data if t.name == "published by NACC"]
    assert list(marks.x) == [2023, 2024, 2025] and list(marks.y) == [0.8094, 0.9244, 0.9417]


def test_rating_distribution_shows_each_year_in_its_own_scheme():
    fig = ita.rating_distribution(dist(), "en")
    bars = [t for t in fig.data if t.type == "bar"]
    assert fig.layout.barmode == "stack"
    names = [t.name.replace("<br>", " ") for t in bars]  # names in short lines for the legend's even entries
    assert names[-1] == "AA" and "Pass, excellent" in names and "Passed, band unknown" in names
    assert all(theme.text_width(line) <= ita.RATING_ENTRY_CHARS for t in bars for line in t.name.split("<br>"))
    by_name = dict(zip(names, bars))
    # AA–F bands have no segment in FY2023, the five bands none in FY2022
    assert by_name["AA"].y[1] is None or np.isnan(by_name["AA"].y[1])
    assert np.isnan(float(by_name["Pass, excellent"].y[0])) and by_name["Pass, excellent"].y[1] == 0.4
    totals = np.nansum([np.array(t.y, dtype=float) for t in bars], axis=0)
    assert totals == pytest.approx([1.0, 1.0])
    assert by_name["AA"].marker.color == theme.RATING_COLOURS["AA"]
    assert fig.layout.legend.traceorder == "normal"  # one row flowing under the plot, not a column per scheme
    assert [t.name for t in sorted(bars, key=lambda t: t.legendrank)][:2] == ["AA", "A"]
    (change,) = fig.layout.shapes
    assert change.x0 == change.x1 == 2022.5  # the change of scheme, between FY2022 and FY2023
    th = ita.rating_distribution(dist(), "th")
    assert list(th.layout.xaxis.ticktext) == ["2565", "2566"]
    assert "ผ่านดีเยี่ยม" in [t.name for t in th.data] and "2566" in th.layout.annotations[0].text


def test_rating_distribution_marks_the_published_band_shares():
    published_bands = pd.DataFrame(
        {"fiscal_year": [2023] * 5, "rating": FIVE_BANDS, "share": [0.1, 0.3, 0.4, 0.15, 0.05]}
    )
    fig = ita.rating_distribution(dist(), "en", published=published_bands)
    (marks,) = [t for t in fig.data if t.name == "published by NACC"]
    # at each band's upper edge, counted from the worst band up: urgent 0.05, improve 0.20, pass 0.60 …
    assert sorted(marks.y) == pytest.approx([0.05, 0.2, 0.6, 0.9, 1.0])


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
    assert title(fig).replace("<br>", " ").endswith("&lt;img src=x onerror=alert(1)&gt; &amp; Co")
    hostile_th = history().assign(name_th=HOSTILE)
    assert "<img" not in title(ita.agency_history(hostile_th, "th"))


LONG_NAME = "องค์การบริหารส่วนตำบลหนองบัวใต้ อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา และเทศบาลตำบลที่มีชื่อยาวเป็นพิเศษ"


def test_fit_lines_breaks_at_spaces_then_between_thai_words_and_ends_what_does_not_fit_with_an_ellipsis():
    assert theme.fit_lines("Nong Bua Tai Subdistrict", 20, max_lines=3) == ["Nong Bua Tai", "Subdistrict"]
    assert theme.fit_lines("one two three four", 9) == ["one two", "three…"]
    assert theme.fit_lines("abcdefghijkl", 4, max_lines=2) == ["abcd", "efg…"]
    assert theme.fit_lines("กขกี่ abc", 3, max_lines=1) == ["กข…"]  # a letter goes with its marks, never "กขกี…"
    # no spaces: broken between words, a place name being one ("แม่ทา", not "แม่|ทา", though แม่ fits on line 1)
    assert theme.fit_lines("องค์การบริหารส่วนตำบลแม่ทา", 20) == ["องค์การบริหารส่วนตำบล", "แม่ทา"]
    name = "องค์การบริหารส่วนตำบลหนองบัวใต้อำเภอเมืองนครราชสีมาจังหวัดนครราชสีมา"
    assert theme.fit_lines(name, 40, max_lines=3) == [
        "องค์การบริหารส่วนตำบลหนองบัวใต้อำเภอ",
        "เมืองนครราชสีมาจังหวัดนครราชสีมา",
    ]
    assert theme.fit_lines("มหาวิทยาลัยเทคโนโลยีพระจอมเกล้าพระนครเหนือ", 20) == [
        "มหาวิทยาลัยเทคโนโลยีพระ",
        "จอมเกล้าพระนครเหนือ",
    ]
    # a word wider than a line: between its syllables, never "องค์การบ|ริหาร"
    assert theme.fit_lines("องค์การบริหารส่วนตำบล", 8, max_lines=3) == ["องค์การบริ", "หารส่วนตำ", "บล"]
    # a syllable wider than a line: between letters, a tone or vowel mark staying with its letter
    assert theme.fit_lines("ขขก่ขข", 3) == ["ขขก่", "ขข"]
    # a name of any length is cut to what its shown lines can hold before it is split into words
    assert theme.fit_lines("อบต.บ้านใหม่" * 20_000 + " x", 60) == theme.fit_lines("อบต.บ้านใหม่" * 20, 60)
    assert theme.fit_lines("า" * 100_000, 60)[1] == "า" * 59 + "…"
    for width in (5, 10, 25, 40):
        for line in theme.fit_lines(LONG_NAME.replace(" ", ""), width, max_lines=20):
            assert 0 < theme.text_width(line) <= width and unicodedata.category(line[0]) != "Mn"


def test_agency_history_names_the_agency_in_a_title_a_phone_shows_whole():
    fig = ita.agency_history(history().assign(name_th=LONG_NAME), "th")
    lines = title(fig).split("<br>")
    assert 1 < len(lines) <= 3 and all(theme.text_width(line) <= theme.TITLE_CHARS for line in lines)
    whole = i18n.t("chart_agency_history_title", "th") + ": " + LONG_NAME
    assert "".join(lines).replace(" ", "") == whole.replace(" ", "") or lines[-1].endswith("…")
    assert fig.layout.margin.t == theme.TITLE_TOP_PX + theme.TITLE_LINE_PX * (len(lines) - 1)
    short = ita.agency_history(history().assign(name_th="อบต.หนึ่ง"), "th")
    assert "<br>" not in title(short) and short.layout.margin.t is None


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_chart_title_fits_a_phone_in_even_lines(lang):
    for key, (th, en) in i18n._labels().items():
        if not (key.startswith("chart_") and key.endswith("_title")):
            continue
        text = (th if lang == "th" else en).format(year="2568", metric="อัตราผ่าน", lag=1, x="IIT", y="EIT")
        lines = theme.title_lines(text)
        assert all(theme.text_width(line) <= theme.TITLE_CHARS for line in lines), (key, lines)
        assert " ".join(lines).replace("  ", " ").replace(" ", "") == text.replace(" ", ""), (key, lines)
        for word in thainlp.DOMAIN_WORDS:  # the ITA's own words whole ("ตัวชี้วัด", never "ตัวชี้ / วัด")
            assert text.count(word) == sum(line.count(word) for line in lines), (key, word, lines)
        if len(lines) == 2:  # even: the shorter line at least half the longer
            shorter, longer = sorted(map(theme.text_width, lines))
            assert shorter * 2 >= longer, (key, lines)


def test_a_title_s_escaped_data_is_broken_between_words_never_inside_an_entity():
    lines = theme.title_lines(theme.escape("ผลการประเมินรายปี: <b>R&D</b> " + "องค์การบริหารส่วนตำบลหนองบัวใต้"))
    assert "".join(lines).count("&lt;b&gt;R&amp;D&lt;/b&gt;") == 1
    assert all("&" not in line or ";" in line for line in lines)


def test_region_bars_are_sorted_and_name_central_administration():
    fig = ita.region_bars(by_region(), "pass_rate", "th")
    (bars,) = fig.data
    assert list(bars.x) == sorted(by_region()["pass_rate"])
    assert bars.y[-1].startswith("ส่วนกลาง") and bars.y[0] == "ภาคตะวันตก"
    assert fig.layout.xaxis.tickformat == ".0%"
    en = ita.region_bars(by_region(), "mean_score", "en").data[0]
    assert en.y[-1].startswith("Central administration") and list(en.x) == sorted(by_region()["mean_score"])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_region_bars_start_where_92_9_and_96_8_look_different_and_say_so(lang):
    fig = ita.region_bars(by_region(), "mean_score", lang, target=89)
    low, high = fig.layout.xaxis.range
    assert 0 < low <= 89 - 1 and low % 5 == 0  # a round start below the lowest value and the target
    assert 96.8 < high <= 100 + 5
    # on this axis 92.9 and 96.8 differ by far more than the 4% of its length a 0–100 axis gives them
    assert (96.8 - 92.9) / (high - low) > 0.1
    start = f"{low:g}"
    assert fig.layout.xaxis.title.text == i18n.t("chart_axis_from", lang).format(
        title=i18n.t("metric_mean_score", lang), start=start
    )
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 89 and line.line.dash == "dash"
    assert fig.layout.annotations[0].text == i18n.t("chart_target_pass_rate", lang).format(value="89")


def test_region_pass_rates_with_a_100_percent_target_and_counts_from_zero():
    rates = ita.region_bars(by_region(), "pass_rate", "th", target=1.0)
    low, high = rates.layout.xaxis.range
    assert 0.8 <= low < 0.9 and high > 1.0 and rates.layout.shapes[0].x0 == 1.0
    assert "แกนเริ่มที่ 80%" in rates.layout.xaxis.title.text or "แกนเริ่มที่ 85%" in rates.layout.xaxis.title.text
    counts = ita.region_bars(by_region(), "agencies", "th", target=1.0)
    assert counts.layout.xaxis.range is None and not counts.layout.shapes  # counts start at zero, no target
    assert counts.layout.xaxis.title.text == i18n.t("metric_agencies", "th")
    # values that start near zero keep a zero-based axis
    assert theme.value_range([0.1, 0.5, 0.9], fraction=True) is None
