"""Hand-made frames for the chart tests (tests/test_charts_*.py), in the shapes the library's queries return, and every
chart builder with its inputs (BUILDERS, INPUTS) so the rules all charts follow can be checked on each.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ita_analytics import analysis
from ita_analytics.charts import cpi, ita, maps

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


AA_F = ["AA", "A", "B", "C", "D", "E", "F"]
FIVE_BANDS = ["excellent", "good", "pass", "improve", "urgent"]


def dist() -> pd.DataFrame:
    """FY2022 in AA–F, FY2023 in the five bands (with 5 passed agencies without every tool): as aggregate returns."""
    counts = {
        2022: ("aa_f", AA_F, [10, 50, 20, 10, 5, 3, 2]),
        2023: ("five_band", [*FIVE_BANDS, "passed_unbanded"], [40, 40, 10, 5, 0, 5]),
    }
    rows = [
        (year, scheme, band, n, n / sum(c)) for year, (scheme, bands, c) in counts.items() for band, n in zip(bands, c)
    ]
    return pd.DataFrame(rows, columns=["fiscal_year", "scheme", "rating", "agencies", "share"])


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
    """Targets as the targets query returns them: years in force, status, notes and source."""
    return pd.DataFrame(
        {
            "metric": [
                "cpi_rank",
                "cpi_score",
                "cpi_score",
                "ita_pass_rate",
                "ita_pass_rate",
                "ita_pass_rate",
                "ita_pass_rate",
                "ita_mean",
            ],
            "first_year": [2023, 2018, 2023, 2018, 2020, 2023, 2023, 2023],
            "last_year": [2023, 2022, 2027, 2022, 2020, 2023, 2027, 2027],
            "value": [53.0, 50.0, 57.0, 0.8, 0.5, 0.84, 1.0, 89.0],
            "comparison": [
                "at_most",
                "at_least",
                "at_least",
                "at_least",
                "at_least",
                "at_least",
                "at_least",
                "at_least",
            ],
            "status": ["adopted", "adopted", "one_source", "adopted", "adopted", "superseded", "adopted", "adopted"],
            "note": ["rank", "CPI 50 by 2022", "CPI 57 by 2027", "80%", "50%", "84%", "100%", "89"],
            "note_th": ["อันดับ", "CPI 50 ภายใน 2565", "CPI 57 ภายใน 2570", "80%", "50%", "84%", "100%", "89"],
            "source": ["plan"] * 8,
            "source_th": ["แผน"] * 8,
            "source_url": [None] * 8,
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
    "pass_rate_trend": lambda lang, **k: ita.pass_rate_trend(k.get("a", series()), targets(), lang),
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
