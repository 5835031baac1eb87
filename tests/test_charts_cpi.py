"""The CPI charts on hand-made frames in Thai and English: the CPI trend with its confidence band and targets, ITA
against CPI (indexed, small multiples), the ASEAN dot plot, and the sources heatmap with each source's contribution to a
year's change.
"""

from __future__ import annotations

import numpy as np
import plotly.colors
import pytest
from chart_frames import (
    aligned,
    comparison,
    contrib,
    cpi_frame,
    targets,
    title,
)

from ita_analytics.charts import cpi, theme


# ---------------------------------------------------------------- CPI charts
def test_cpi_trend_has_a_band_broken_where_the_ci_is_missing_and_targets():
    fig = cpi.cpi_trend(cpi_frame(), "en", targets())
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 2 and sum(bool(b.showlegend) for b in bands) == 1
    assert list(bands[1].x) == [2024, 2025, 2025, 2024] and list(bands[1].y) == [35.1, 34.6, 31.4, 32.9]
    (score,) = [t for t in fig.data if t.name == "CPI score"]
    assert list(score.y) == [36.0, 35.0, 34.0, 33.0]
    (goal,) = [t for t in fig.data if t.name == "target"]
    assert list(goal.x) == [2022, 2027] and list(goal.y) == [50.0, 57.0] and goal.mode == "markers+text"
    assert list(goal.text) == ["Target 2022: 50", "Target 2027: 57"]  # each star named where it stands
    assert goal.customdata[1][2] == "plan"
    th = cpi.cpi_trend(cpi_frame(), "th", targets())
    assert "2570" in th.layout.xaxis.ticktext and "CPI 57 ภายใน 2570" in th.data[-1].customdata[1][1]
    assert th.data[-1].text[1] == "เป้าหมาย 2570: 57" and th.data[-1].customdata[1][2] == "แผน"  # the source in Thai
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


def test_indexed_series_an_order_of_magnitude_apart_get_a_panel_each():
    frame = aligned(lag=0)
    assert not cpi.indexed_panels(frame)  # comparable spreads share one axis
    spread = frame.assign(ita_pass_rate_index=[100.0, 400.0, 800.0], cpi_score_index=[100.0, 99.0, 101.0])
    assert cpi.indexed_panels(spread)
    fig = cpi.ita_cpi_indexed(spread, "en", lag=0)
    layout = fig.layout.to_plotly_json()
    assert {"yaxis", "yaxis2", "yaxis3"} <= set(layout) and not layout["showlegend"]
    assert [t.yaxis for t in fig.data] == ["y", "y2", "y3"]
    assert list(fig.data[2].y) == [100.0, 99.0, 101.0]  # the CPI on its own range, not flattened
    assert sum(s.get("y0") == 100 for s in layout["shapes"]) == 3  # the base line in every panel


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
