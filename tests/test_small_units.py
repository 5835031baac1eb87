"""Small numbers shown as small (issue 23): a unit of few agencies carries its count wherever its pass rate shows (the
briefing's slides, region bars, the types heatmap), and the minimum is a setting; maps and peer rankings are tested
beside their code (test_charts_maps.py, test_oversight.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_frames import by_region

from ita_analytics import config, db, i18n, narrative
from ita_analytics.briefing import Scope, build_briefing
from ita_analytics.charts import ita


def test_the_minimum_is_a_setting(monkeypatch):
    assert config.min_agencies() == config.MIN_AGENCIES == 5
    monkeypatch.setenv("ITA_MIN_AGENCIES", "12")
    assert config.min_agencies() == 12
    for bad in ("0", "-3", "๕", "many", ""):
        monkeypatch.setenv("ITA_MIN_AGENCIES", bad)
        assert config.min_agencies() == (1 if bad == "0" else 5), bad


def test_a_small_unit_s_name_carries_its_count():
    assert narrative.few_agencies("Bangkok", 1, "en") == "Bangkok (1 agency)"
    assert narrative.few_agencies("Courts", 3, "en") == "Courts (3 agencies)"
    assert narrative.few_agencies("ศาล", 3, "th") == "ศาล (3 แห่ง)"
    assert narrative.few_agencies("Chiang Mai", 211, "en") == "Chiang Mai"
    assert narrative.few_agencies("Courts", 3, "en", minimum=3) == "Courts"
    assert narrative.few_agencies("Nowhere", None, "en") == "Nowhere"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_briefing_labels_the_pass_rates_of_small_types_and_provinces(demo_db, lang):
    """The demo's FY2025: one prosecution agency, two special local bodies (BMA, Pattaya); Bangkok one agency."""
    with db.connect(demo_db) as con:
        national = build_briefing(con, 2025, lang=lang)
        bangkok = build_briefing(con, 2025, Scope("province", "10"), lang=lang)
    types = next(s for s in national.slides if s.key == "types")
    prosecutor = i18n.t("few_agencies_one", lang).format(name=short("prosecutor", lang), n=1)
    special = i18n.t("few_agencies_many", lang).format(name=short("special_local", lang), n=2)
    assert {prosecutor, special} <= set(types.chart.categories)
    assert short("sao", lang) in types.chart.categories  # thousands of agencies: the name alone
    provinces = next(s for s in bangkok.slides if s.key == "regions")
    name = i18n.t("few_agencies_one", lang).format(name="กรุงเทพมหานคร" if lang == "th" else "Bangkok", n=1)
    assert name in provinces.chart.categories
    assert provinces.chart.highlight == provinces.chart.categories.index(name)  # still marked as the one chosen


def short(code: str, lang: str) -> str:
    from ita_analytics import reference

    return str(reference.agency_types().set_index("type_code").loc[code, "short_en" if lang == "en" else "short_th"])


def test_region_bars_and_the_types_heatmap_say_how_few():
    few = by_region().assign(agencies=[3, 10, 11, 12, 13, 14, 15])
    bars = ita.region_bars(few, "pass_rate", "en")
    assert f"{i18n.t('region_central', 'en')} (3 agencies)" in list(bars.data[0].y)
    assert i18n.t("region_east", "en") in list(bars.data[0].y)  # 11 agencies: the name alone
    assert not any("agencies)" in y for y in ita.region_bars(few, "agencies", "en").data[0].y)  # counts are the bars
    by_type = pd.DataFrame(
        {
            "fiscal_year": [2024, 2025, 2024, 2025],
            "type_code": ["special_local", "special_local", "sao", "sao"],
            "name_th": ["อปท. รูปแบบพิเศษ"] * 2 + ["อบต."] * 2,
            "name_en": ["Special local"] * 2 + ["SAO"] * 2,
            "agencies": [2, 2, 5000, 5100],
            "mean_score": [90.0, 95.0, 80.0, 85.0],
            "pass_rate": [0.5, 1.0, 0.4, 0.6],
        }
    )
    heatmap = ita.type_year_heatmap(by_type, "pass_rate", "en")
    assert list(heatmap.data[0].y) == ["Special local (2 agencies)", "SAO"]
