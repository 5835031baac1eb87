"""All six pages through Streamlit's AppTest: languages, warnings, widgets, numbers against the library, robustness.

AppTest runs app.py (language, sidebar filters, st.navigation) and then the chosen page, against the fixture
databases. Charts are checked through the figure JSON Streamlit would send to the browser, tables through the
frames st.dataframe gets, metrics through their text; expected values always come from the library
(ita_analytics.aggregate / analysis) on the same database, never from the page's own code.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import charts, open_view, unescaped
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from ita_analytics import aggregate, analysis, db, i18n, reference
from ita_analytics.filters import Filters

APP = Path(__file__).resolve().parents[1] / "app.py"
LANGS = ("th", "en")
LATEST, PREVIOUS = 2025, 2024  # the last two fiscal years in both the demo and the tiny database

#: page name → script; names double as test ids and screenshot names in test_browser.py.
PAGES = {
    "overview": "views/overview.py",
    "types": "views/agency_types.py",
    "regions": "views/regions.py",
    "ita_cpi": "views/ita_cpi.py",
    "agency": "views/agency_profile.py",
    "data": "views/data_sources.py",
}
#: A demo agency and a tiny-fixture agency, so the agency page has something to show.
DEMO_AGENCY, TINY_AGENCY = "SAO-00012", "A003"

ITA_COLUMNS = (
    "fiscal_year",
    "results",
    "synthetic_results",
    "with_tools",
    "with_indicators",
    "published_agencies",
    "published_mean",
    "published_pass_rate",
)
PERCENT_COLUMNS = ("with_tools", "with_indicators", "published_pass_rate")


pytestmark = pytest.mark.usefixtures("fresh_caches")


# --- helpers ------------------------------------------------------------------------------------


def run_app(
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    page: str = "overview",
    query: dict[str, str | list[str]] | None = None,
) -> AppTest:
    """Run app.py once (sidebar, navigation), then the page, as a browser opening ?query on that page would."""
    monkeypatch.setenv("ITA_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query or {})
    at.run()
    if page != "overview":  # the default page is what the first run showed
        at.switch_page(PAGES[page]).run()
    assert_no_exception(at)
    return at


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, "\n\n".join(f"{e.message}\n" + "\n".join(e.stack_trace) for e in at.exception)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert_no_exception(at)
    return at


def decoded(value: object) -> object:
    """Return a figure array as plain lists: Plotly writes numeric arrays as base64 ("bdata")."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    return value


def figure(at: AppTest, key: str) -> dict:
    """Return the figure JSON of the plotly chart shown with this key."""
    shown = charts(at)
    assert key in shown, f"no chart {key!r}; charts shown: {sorted(shown)}"
    return shown[key]


def chart_title(fig: dict) -> str:
    title = fig["layout"].get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def chart_keys(at: AppTest) -> list[str]:
    return list(charts(at))


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """Return label → (value, delta) of every metric shown."""
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def ranking(at: AppTest, lang: str) -> pd.DataFrame:
    """Return the ranking table (the one with profile links; st.dataframe's key does not reach AppTest)."""
    frames = [frame.value for frame in at.dataframe if i18n.t("profile", lang) in frame.value.columns]
    assert len(frames) == 1, f"ranking shown {len(frames)} times"
    return frames[0].reset_index(drop=True)


def url(at: AppTest, key: str) -> list[str]:
    """Return the values of ?key= in the app's address (AppTest keeps one text or a list per key)."""
    value = at.query_params.get(key)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def synthetic_warnings(at: AppTest, lang: str) -> list[str]:
    return [w.value for w in at.warning if w.value == i18n.t("synthetic_badge", lang)]


def texts(at: AppTest) -> list[str]:
    """Return the words a reader sees in the main area: headings, metric labels, captions, alerts, options, charts."""
    main = at.main
    shown = [
        e.value for kind in ("title", "subheader", "caption", "info", "warning", "markdown") for e in main.get(kind)
    ]
    shown += [m.label for m in main.get("metric")]
    shown += [str(o) for kind in ("radio", "selectbox") for w in main.get(kind) for o in w.options]
    for fig in charts(main).values():
        shown.append(chart_title(fig))
        axes = [v for k, v in fig["layout"].items() if k.startswith("xaxis")]
        shown += [str(tick) for axis in axes for tick in axis.get("ticktext") or []]
        shown += [str(x) for trace in fig["data"] if trace.get("type") == "heatmap" for x in trace.get("x", [])]
    return shown


def library(db_path: Path, name: str, *args: object, **kwargs: object) -> pd.DataFrame:
    """Return ita_analytics.aggregate.<name> on the database, read-only."""
    with db.connect(db_path) as con:
        return getattr(aggregate, name)(con, *args, **kwargs)


def library_kpis(db_path: Path, year: int, filters: Filters = Filters()) -> analysis.YearKpis:
    with db.connect(db_path) as con:
        return analysis.year_kpis(
            aggregate.national_series(con, filters), aggregate.cpi_series(con), db.query(con, "targets"), year
        )


def expected_title(page: str, lang: str, year: int = LATEST) -> str:
    year_text = i18n.year_label(year, lang)
    return {
        "overview": f"{i18n.t('overview_title', lang)} {year_text}",
        "types": f"{i18n.t('types_title', lang)} {year_text}",
        "regions": f"{i18n.t('regions_title', lang)} {year_text}",
        "ita_cpi": i18n.t("ita_cpi_title", lang),
        "agency": i18n.t("agency_title", lang),
        "data": i18n.t("coverage_title", lang),
    }[page]


def agency_query(page: str, code: str) -> dict[str, str]:
    return {"agency": code} if page == "agency" else {}


# --- every page, both languages -----------------------------------------------------------------

EXPECTED_CHARTS = {
    "overview": ["overview_mean", "overview_pass_rate", "overview_ratings", "overview_cpi"],
    "types": ["types_distribution", "types_by_year", "types_indicators"],
    "regions": ["regions_map", "regions_bars"],
    "ita_cpi": ["ita_cpi_aligned", "ita_cpi_asean", "ita_cpi_sources", "ita_cpi_contributions"],
    "agency": ["agency_history"],
    "data": [],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_each_language_with_demo_data(monkeypatch, demo_db, page, lang):
    query = {**agency_query(page, DEMO_AGENCY), **({"lang": "en"} if lang == "en" else {})}
    at = run_app(monkeypatch, demo_db, page, query)
    assert at.radio(key="lang").value == lang
    assert [t.value for t in at.title] == [expected_title(page, lang)]
    assert not at.error
    assert len(synthetic_warnings(at, lang)) == 1, [w.value for w in at.warning]
    if page == "agency":  # one agency in every year: the sidebar offers no filter that would not change it
        assert not at.sidebar.selectbox and not at.sidebar.multiselect
        return
    # the sidebar's year choice is B.E. in Thai, C.E. in English, latest first
    year_box = at.selectbox(key="year")
    assert year_box.value == LATEST
    assert year_box.options[0] == i18n.year_label(LATEST, lang)
    assert year_box.options == [i18n.year_label(y, lang) for y in range(LATEST, 2018, -1)]
    # and the page itself shows the year in the reader's era, never the other one
    shown = texts(at)
    assert any(i18n.year_label(LATEST, lang) in text for text in shown), shown
    if lang == "en":
        assert not [text for text in shown if "2568" in text or "2567" in text]
    else:
        headings = [t.value for t in at.title] + [s.value for s in at.subheader] + [m.label for m in at.metric]
        assert not [text for text in headings if "2025" in text or "2024" in text]
    # every chart is there, titled in the page's language
    assert chart_keys(at) == EXPECTED_CHARTS[page]
    for key in chart_keys(at):
        assert chart_title(figure(at, key)), f"chart {key} has no title"
    assert "lang" not in at.query_params if lang == "th" else at.query_params["lang"] == "en"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_real_data_has_no_synthetic_warning(monkeypatch, tiny_db, page):
    at = run_app(monkeypatch, tiny_db, page, agency_query(page, TINY_AGENCY))
    assert [t.value for t in at.title] == [expected_title(page, "th")]
    assert not synthetic_warnings(at, "th") and not at.error
    assert not [w.value for w in at.warning if "สังเคราะห์" in w.value or "SYNTHETIC" in w.value]
    if page == "types":  # FY2568 of the fixture has no indicator scores: said instead of an empty heatmap
        assert chart_keys(at) == ["types_distribution", "types_by_year"]
        assert [i.value for i in at.info] == [i18n.t("no_indicator_scores", "th")]
    else:
        assert chart_keys(at) == EXPECTED_CHARTS[page]
    if page != "agency":  # the agency page shows no sidebar filter
        assert at.selectbox(key="year").options == ["2568", "2567"]
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title(page, "en")]
    assert not synthetic_warnings(at, "en")
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_without_ita_results(monkeypatch, facts_db, page):
    """Shipped facts only (CPI, targets, no ITA): no exception, no synthetic warning, a reason where empty."""
    at = run_app(monkeypatch, facts_db, page)
    assert not at.error and not synthetic_warnings(at, "th")
    if page in ("overview", "types", "regions"):
        assert [i.value for i in at.info] == [i18n.t("no_results", "th")]
        assert not chart_keys(at)
    if page == "data":  # the coverage table is there, empty
        assert at.dataframe[0].value.empty
    if page == "ita_cpi":
        assert i18n.t("no_overlap", "th") in [i.value for i in at.info]
        assert "ita_cpi_aligned" not in chart_keys(at) and "ita_cpi_asean" in chart_keys(at)


def test_language_switch_keeps_the_page_and_the_url(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "types")
    assert "lang" not in at.query_params
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("types", "en")]
    assert at.query_params["lang"] == "en"
    assert at.radio(key="lang").options == ["ไทย", "English"]
    at.radio(key="lang").set_value("th")
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("types", "th")]
    assert "lang" not in at.query_params  # the default leaves no parameter


# --- the numbers shown equal the library's ------------------------------------------------------


def assert_overview_shows(at: AppTest, k: analysis.YearKpis, lang: str) -> None:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    shown = metrics(at)
    assert shown[t("kpi_mean")][0] == f"{k.mean_score:.2f}"
    assert shown[t("kpi_pass_rate")][0] == f"{k.pass_rate:.1%}"
    assert shown[t("kpi_agencies")][0] == f"{k.agencies:,}"
    if k.mean_change is not None:
        assert shown[t("kpi_mean")][1] == f"{k.mean_change:+.2f} {t('kpi_points')}"
    assert shown[f"{t('kpi_cpi')} {i18n.year_label(k.cpi_year, lang)}"][0] == f"{k.cpi_score:.0f}"
    assert shown[f"{t('kpi_cpi_rank')} ({t('kpi_of')} {k.cpi_countries})"][0] == f"{k.cpi_rank}"
    narrative = " ".join(i.value for i in at.info)
    assert f"{k.mean_score:.2f}" in narrative and f"{k.agencies:,}" in narrative


@pytest.mark.parametrize("lang", LANGS)
def test_overview_metrics_equal_the_library(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "overview", {"lang": lang})
    assert_overview_shows(at, library_kpis(demo_db, LATEST), lang)


def test_overview_tiny_numbers_by_hand(monkeypatch, tiny_db):
    """FY2568: scores 96, 84.99, 85, 60, 100 → mean 85.198, 3 of 5 at or above 85; FY2567 mean 84.2."""
    at = run_app(monkeypatch, tiny_db)
    assert_overview_shows(at, library_kpis(tiny_db, LATEST), "th")
    shown = metrics(at)
    assert shown["คะแนนเฉลี่ย"] == ("85.20", "+1.00 คะแนน")
    assert shown["อัตราผ่าน (≥85)"][0] == "60.0%"
    assert shown["หน่วยงานที่รับการประเมิน"][0] == "5"
    assert "85.20" in at.info[0].value and "ปีงบประมาณ 2568" in at.info[0].value


def test_a_chart_s_data_is_drawn_only_while_its_expander_is_open(monkeypatch, tiny_db):
    """A closed data expander sends no table (the browser would build a grid nobody sees on every change);
    opening it shows that chart's rows with a CSV download, closing it takes them away again."""
    at = run_app(monkeypatch, tiny_db)
    closed = len(at.dataframe)
    assert not [b.key for b in at.get("download_button") if b.key.endswith("_csv")]
    at.session_state["overview_mean_data"] = True  # what a click on the expander's heading sets
    rerun(at)
    assert len(at.dataframe) == closed + 1
    assert [b.key for b in at.get("download_button") if b.key.endswith("_csv")] == ["overview_mean_csv"]
    shown = next(f.value for f in at.dataframe if "คะแนนเฉลี่ย" in f.value.columns)  # headings in Thai
    expected = library(tiny_db, "national_series")
    assert shown["ปีงบประมาณ"].tolist() == [i18n.year_label(y, "th") for y in expected["fiscal_year"]]  # B.E.
    assert np.allclose(shown["คะแนนเฉลี่ย"], expected["mean_score"])
    assert shown["อัตราผ่าน (≥85)"].tolist() == [f"{v:.1%}" for v in expected["pass_rate"]]
    at.session_state["overview_mean_data"] = False
    rerun(at)
    assert len(at.dataframe) == closed


CHART_VIEWS = [
    "overview",
    "agency_types",
    "regions",
    "ita_cpi",
    "agency_profile",
    "correlations",
    "inflation",
    "oversight",
    "briefing",
]
CODE = re.compile(r"[a-z0-9_]+")  # a column name as the library writes it (mean_score, iso3, i10)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("view", CHART_VIEWS)
def test_every_chart_s_data_opens_with_headings_and_years_as_the_page_shows_them(monkeypatch, demo_db, view, lang):
    query = {"agency": DEMO_AGENCY, **({"lang": "en"} if lang == "en" else {})}
    at = open_view(monkeypatch, demo_db, view, query)
    charts = chart_keys(at)
    assert charts
    for key in charts:
        at.session_state[f"{key}_data"] = True
    rerun(at)
    assert {b.key for b in at.get("download_button")} >= {
        f"{key}_{kind}" for key in charts for kind in ("csv", "png", "svg")
    }
    tables = [e.dataframe[0].value for e in at.expander if e.label == i18n.t("show_data", lang)]
    assert len(tables) == len(charts)
    years = [i18n.t(f"column_{c}", lang) for c in ("fiscal_year", "year", "cpi_year")]
    named = [i18n.t(f"column_{c}", lang) for c in ("metric", "indicator", "region", "type_group")]
    places = [i18n.t(f"column_{c}", lang) for c in ("type_code", "province_code")]
    type_codes = set(reference.agency_types()["type_code"])
    for table in tables:  # every heading is a word in the page's language, never the library's column name
        headings = list(table.columns)
        assert not [h for h in headings if CODE.fullmatch(h)], headings
        for heading in set(named) & set(headings):  # and tools, indicators and regions are named, not coded
            codes = table[heading][
                table[heading].isin(
                    [
                        "iit",
                        "eit",
                        "oit",
                        *(f"i{n}" for n in range(1, 11)),
                        "north",
                        "northeast",
                        "central",
                        "east",
                        "west",
                        "south",
                        "provincial",
                        "local",
                        "AP",
                    ]
                )
            ]
            assert codes.empty, (heading, codes.tolist())
        for heading in set(places) & set(headings):  # types and provinces by name, in the page's language
            assert not table[heading].isin(type_codes).any() and not table[heading].str.fullmatch(r"\d+").any()
        assert not set(headings) & {i18n.t(f"column_name_{other}", lang) for other in ("th", "en")}  # one name
        if lang == "en":
            assert not [h for h in headings if re.search("[\u0e00-\u0e7f]", h)], headings
        for heading in set(years) & set(headings):  # B.E. on the Thai page, C.E. on the English one
            shown = table[heading].replace("–", np.nan).dropna().astype(int)
            assert shown.between(2543, 2643).all() if lang == "th" else shown.between(2000, 2100).all(), heading


def test_a_chart_s_data_names_types_and_provinces_once_in_the_page_s_language():
    from dashboard import components

    types = pd.DataFrame(
        {"type_code": ["sao"], "name_th": ["องค์การบริหารส่วนตำบล"], "name_en": [None], "mean_score": [80.5]}
    )
    shown, _ = components.table_view(types, "en", headings="chart")
    assert list(shown.columns) == [i18n.t("column_type_code", "en"), i18n.t("column_mean_score", "en")]
    assert shown.iloc[0, 0] == "องค์การบริหารส่วนตำบล"  # no English name: the Thai one
    agencies = pd.DataFrame(
        {
            "agency_code": ["A1"],
            "name_th": ["อบต.ก"],
            "name_en": ["SAO A"],
            "type_code": ["sao"],
            "province_code": ["50"],
        }
    )
    shown, _ = components.table_view(agencies, "en", headings="chart")
    assert shown.iloc[0].tolist() == ["A1", "SAO A", components.type_names("en")["sao"], "Chiang Mai"]
    assert list(shown.columns)[1] == i18n.t("column_name", "en")
    named = agencies.assign(name="x")  # a frame with its own name column keeps both names
    assert len(components.table_view(named, "th", headings="chart")[0].columns) == 6


def test_chart_data_headings_exist_in_both_languages_and_differ_within_a_table():
    labels = [key for key in i18n._labels() if key.startswith("column_")]
    assert len(labels) > 50
    for key in labels:
        assert i18n.t(key, "th") and i18n.t(key, "en")
        assert re.search("[\u0e00-\u0e7f]", i18n.t(key, "th")), key  # the Thai heading is Thai


def test_sidebar_type_filter_changes_the_overview_to_the_library_s_filtered_numbers(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    everyone = metrics(at)["คะแนนเฉลี่ย"][0]
    at.multiselect(key="type").set_value(["sao"])
    rerun(at)
    k = library_kpis(demo_db, LATEST, Filters(types=["sao"]))
    assert_overview_shows(at, k, "th")
    assert metrics(at)["คะแนนเฉลี่ย"][0] != everyone
    assert at.caption[0].value == i18n.t("scope_filtered", "th")
    assert i18n.t("scope_filtered_agencies", "th") in at.info[0].value
    assert url(at, "type") == ["sao"]


def test_sidebar_filters_on_tiny_data(monkeypatch, tiny_db):
    """SAOs A002 and A003 in FY2568: 84.99 and 85 → mean 84.995, one of two passes."""
    at = run_app(monkeypatch, tiny_db, query={"type": "sao"})
    assert at.multiselect(key="type").value == ["sao"]
    k = library_kpis(tiny_db, LATEST, Filters(types=["sao"]))
    assert (k.agencies, k.pass_rate) == (2, 0.5)
    assert_overview_shows(at, k, "th")
    # a region with none of the five agencies: no results, said so
    at.multiselect(key="type").set_value([])
    at.multiselect(key="region").set_value(["east"])
    rerun(at)
    assert [i.value for i in at.info] == [i18n.t("no_results", "th")] and not at.metric


def test_fiscal_year_changes_the_overview(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db)
    at.selectbox(key="year").set_value(PREVIOUS)
    rerun(at)
    assert [t.value for t in at.title] == [expected_title("overview", "th", PREVIOUS)]
    assert_overview_shows(at, library_kpis(demo_db, PREVIOUS), "th")
    assert at.query_params["year"] == str(PREVIOUS)


def test_sidebar_choices_narrow_each_other(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, query={"type": "department", "province": "50"})
    assert at.multiselect(key="type").value == ["department"]
    at.multiselect(key="group").set_value(["local"])
    at.multiselect(key="region").set_value(["south"])
    rerun(at)
    types = at.multiselect(key="type")
    assert "องค์การบริหารส่วนตำบล" in types.options and "ส่วนราชการระดับกรม" not in types.options
    assert types.value == []  # a type outside the chosen group is dropped, and so is it from the URL
    provinces = at.multiselect(key="province")
    assert "สงขลา" in provinces.options and "เชียงใหม่" not in provinces.options
    assert provinces.value == []
    assert "type" not in at.query_params and "province" not in at.query_params
    assert url(at, "group") == ["local"]


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
    assert i18n.t("ranking_count", "th").format(shown=500, total=len(ranked)) in [c.value for c in at.caption]


def test_ranking_links_open_the_agency_profile(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "types", {"lang": "en"})
    shown = ranking(at, "en")
    assert shown["Agency code"].tolist() == ["A005", "A001", "A003", "A002", "A004"]
    assert shown["Profile"].tolist() == [f"./agency?agency={c}&lang=en" for c in shown["Agency code"]]
    assert shown["Score"].tolist() == [100, 96, 85, 84.99, 60]


# --- page widgets -------------------------------------------------------------------------------


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
    assert set(shown["Type"]) == {"Subdistrict admin. organisation (SAO)", "Provincial admin. organisation (PAO)"}
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
    assert i18n.t("ranking_count", "th").format(shown=1, total=1) in [c.value for c in at.caption]
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
        assert (scale["cmin"], scale["cmax"]) == pytest.approx((by_province[column].min(), by_province[column].max()))
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


def aligned_pairs(at: AppTest) -> list[list[str]]:
    return figure(at, "ita_cpi_aligned")["data"][0]["customdata"]


def library_aligned(db_path: Path, lag: int) -> pd.DataFrame:
    with db.connect(db_path) as con:
        return analysis.align_ita_cpi(aggregate.national_series(con), aggregate.cpi_series(con), lag)


@pytest.mark.parametrize("lag", [1, 2])
def test_ita_cpi_lag_changes_the_aligned_pairs(monkeypatch, demo_db, lag):
    at = run_app(monkeypatch, demo_db, "ita_cpi")
    assert aligned_pairs(at)[0] == ["2562", "2562"]
    at.radio(key="lag").set_value(lag)
    rerun(at)
    aligned = library_aligned(demo_db, lag)
    expected = [
        [i18n.year_label(f, "th"), i18n.year_label(c, "th")]
        for f, c in zip(aligned["fiscal_year"], aligned["cpi_year"])
    ]
    assert aligned_pairs(at) == expected
    assert expected[0] == ["2562", str(2562 + lag)] and len(expected) == 7 - lag
    assert i18n.t("few_points", "th").format(n=len(aligned)) in [c.value for c in at.caption]
    assert at.query_params["lag"] == str(lag)


def test_ita_cpi_view_changes_the_chart(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "ita_cpi", {"lang": "en"})
    panels = figure(at, "ita_cpi_aligned")
    assert "yaxis3" in panels["layout"]  # three stacked panels
    at.radio(key="view").set_value("indexed")
    rerun(at)
    indexed = figure(at, "ita_cpi_aligned")
    assert "yaxis3" not in indexed["layout"]
    assert chart_title(indexed) != chart_title(panels)
    aligned = library_aligned(demo_db, 0)
    assert decoded(indexed["data"][0]["y"]) == pytest.approx(aligned["ita_mean_index"].tolist())
    assert decoded(indexed["data"][0]["y"])[0] == pytest.approx(100)
    assert at.query_params["view"] == "indexed"


def test_ita_cpi_what_if(monkeypatch, demo_db):
    cpi = library(demo_db, "cpi_series")
    latest = cpi[cpi["year"] == cpi["year"].max()].iloc[0]
    score, sources = float(latest["score"]), int(latest["sources"])
    label = i18n.t("whatif_result", "en").format(year=int(latest["year"]))
    at = run_app(monkeypatch, demo_db, "ita_cpi", {"lang": "en"})
    assert metrics(at)[label] == (f"{score + 5 / sources:.2f}", f"{5 / sources:+.2f}")
    for k in (12, -20):
        at.slider(key="whatif_k").set_value(k)
        rerun(at)
        assert metrics(at)[label] == (f"{score + k / sources:.2f}", f"{k / sources:+.2f}")
        assert any(f"{k}/{sources} = {k / sources:+.2f}" in c.value for c in at.caption)
    source = at.selectbox(key="whatif_source").options[-1]
    at.selectbox(key="whatif_source").set_value(source)
    rerun(at)
    assert any(f"if {source} rises by -20 points" in c.value for c in at.caption)


def test_agency_search_finds_by_thai_name_and_shows_history(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency")
    # the page says the sidebar's filters do not act on it, then how to search
    assert [c.value for c in at.caption] == [i18n.t("agency_years_note", "th"), i18n.t("agency_hint", "th")]
    at.text_input(key="find").input("อบต.สอง")
    rerun(at)
    assert at.selectbox(key="agency").value == TINY_AGENCY
    assert at.selectbox(key="agency").options[0] == "อบต.สอง (A003)"
    assert unescaped(at.subheader[0].value) == "อบต.สอง"
    shown = metrics(at)
    assert shown["คะแนนรวม 2568"] == ("85.00", "+15.00")
    assert shown["ระดับ"][0] == library(tiny_db, "agency_history", TINY_AGENCY)["rating"].iloc[-1]
    history = figure(at, "agency_history")
    assert decoded(history["data"][0]["y"]) == pytest.approx([70, 85])
    assert history["data"][0]["customdata"] == ["2567", "2568"]
    assert at.query_params["find"] == "อบต.สอง"


def test_agency_pick_among_matches(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"find": "อบต", "lang": "en"})
    picker = at.selectbox(key="agency")
    codes = library(tiny_db, "search_agencies", "อบต", 20)["agency_code"].tolist()
    assert {"A002", "A003"} <= set(codes)
    assert len(picker.options) == len(codes)
    other = next(c for c in ("A002", "A003") if c != picker.value)
    at.selectbox(key="agency").set_value(other)
    rerun(at)
    history = library(tiny_db, "agency_history", other)
    assert metrics(at)["Score 2025"][0] == f"{history['score'].iloc[-1]:.2f}"
    assert unescaped(at.subheader[0].value) == history["name_th"].iloc[-1]  # no English name: Thai shown


def test_agency_search_without_match(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"find": "zzzzzzzz"})
    assert [i.value for i in at.info] == [i18n.t("no_match", "th").format(query="zzzzzzzz")]
    assert not chart_keys(at) and not at.metric


def test_agency_link_opens_the_agency(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "agency", {"agency": DEMO_AGENCY, "lang": "en"})
    history = library(demo_db, "agency_history", DEMO_AGENCY)
    latest = history.iloc[-1]
    shown = metrics(at)
    assert shown[f"Score {LATEST}"][0] == f"{latest['score']:.2f}"
    assert shown["Percentile within its type"][0] == f"{latest['percentile_in_type']:.0f}"
    assert len(decoded(figure(at, "agency_history")["data"][0]["y"])) == len(history)
    peers = library(demo_db, "agency_peers", DEMO_AGENCY, LATEST, 10)
    assert len(at.dataframe[-1].value) == len(peers) > 0


def test_agency_link_survives_a_rerun(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "agency", {"agency": DEMO_AGENCY})
    assert url(at, "agency") == [DEMO_AGENCY]  # the address bar still names the agency
    score = metrics(at)[f"{i18n.t('kpi_score', 'th')} 2568"]
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert metrics(at)[f"Score {LATEST}"] == score
    assert url(at, "agency") == [DEMO_AGENCY]
    # a new search replaces the linked agency by its best match
    at.text_input(key="find").input("อบต")
    rerun(at)
    assert at.selectbox(key="agency").value != DEMO_AGENCY
    assert url(at, "agency") == [at.selectbox(key="agency").value]


def test_data_download_scope_changes_the_row_count(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data", {"lang": "en"})
    captions = lambda: [c.value for c in at.caption]  # noqa: E731
    this_year = library(tiny_db, "export_results", Filters(years=[LATEST]))
    everything = library(tiny_db, "export_results", Filters())
    assert (len(this_year), len(everything)) == (5, 10)
    assert i18n.t("download_count", "en").format(n=5) in captions()
    assert at.radio(key="download").options == ["Fiscal year 2025", "All years"]
    at.radio(key="download").set_value("all")
    rerun(at)
    assert i18n.t("download_count", "en").format(n=10) in captions()
    assert i18n.t("download_count", "en").format(n=5) not in captions()
    assert url(at, "download") == ["all"]
    assert {b.key for b in at.download_button} >= {"ita_results_all_csv", "ita_results_all_xlsx"}


def test_data_download_counts_the_demo_year(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "data", {"lang": "en", "year": "2024"})
    rows = len(library(demo_db, "export_results", Filters(years=[PREVIOUS])))
    assert i18n.t("download_count", "en").format(n=rows) in [c.value for c in at.caption]
    assert "Fiscal year 2024" in at.radio(key="download").options


def test_data_download_follows_the_sidebar_filters(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data", {"type": "sao", "download": "all"})
    assert i18n.t("download_count", "th").format(n=4) in [c.value for c in at.caption]  # 2 SAOs × 2 years


def expected_ita_table(db_path: Path, lang: str) -> pd.DataFrame:
    """The library's ita_coverage as the page should show it: translated headings, B.E./C.E. years, percents."""
    with db.connect(db_path) as con:
        frame = db.query(con, "ita_coverage")
    assert tuple(frame.columns) == ITA_COLUMNS
    frame["fiscal_year"] = [i18n.year_label(y, lang) for y in frame["fiscal_year"]]
    for column in PERCENT_COLUMNS:
        frame[column] = [f"{v:.1%}" if pd.notna(v) else "–" for v in frame[column]]
    for column in frame.select_dtypes("number").columns:  # numbers with gaps are shown as text, gaps "–"
        values = frame[column].astype("float64")
        frame[column] = values.map(lambda v: "–" if pd.isna(v) else f"{v:,.0f}") if values.isna().any() else values
    frame.columns = [i18n.t(c, lang) for c in frame.columns]
    return frame


@pytest.mark.parametrize("lang", LANGS)
def test_data_coverage_table_equals_the_library(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "data", {"lang": lang})
    shown = at.dataframe[0].value.reset_index(drop=True)
    assert shown[i18n.t("fiscal_year", lang)].tolist() == [i18n.year_label(y, lang) for y in range(2019, 2026)]
    assert_frame_equal(shown, expected_ita_table(demo_db, lang), check_dtype=False, check_exact=False)
    captions = [c.value for c in at.caption]
    assert any("CC BY-ND 4.0" in c and "Transparency International" in c for c in captions)


def test_data_page_tiny_counts(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "data")
    shown = at.dataframe[0].value
    assert shown[i18n.t("fiscal_year", "th")].tolist() == ["2567", "2568"]
    assert shown[i18n.t("results", "th")].tolist() == [5, 5]
    assert shown[i18n.t("synthetic_results", "th")].tolist() == [0, 0]


# --- URL: every page widget is written to the address and read back from it ---------------------

EIU = "Economist Intelligence Unit Country Ratings"
URL_WIDGETS = [  # page, widget kind, key, value, value in the URL
    ("overview", "selectbox", "year", PREVIOUS, "2024"),
    ("overview", "multiselect", "type", ["sao", "pao"], ["sao", "pao"]),
    ("overview", "multiselect", "group", ["local"], ["local"]),
    ("overview", "multiselect", "region", ["north"], ["north"]),
    ("overview", "multiselect", "province", ["50"], ["50"]),
    ("types", "multiselect", "focus", ["sao"], ["sao"]),
    ("types", "radio", "metric", "pass_rate", "pass_rate"),
    ("types", "text_input", "q", "A00", "A00"),
    ("regions", "radio", "map_metric", "pass_rate", "pass_rate"),
    ("regions", "selectbox", "drill", "90", "90"),  # Songkhla
    ("ita_cpi", "radio", "lag", 2, "2"),
    ("ita_cpi", "radio", "view", "indexed", "indexed"),
    ("ita_cpi", "selectbox", "whatif_source", EIU, EIU),
    ("ita_cpi", "slider", "whatif_k", 12, "12"),
    ("agency", "text_input", "find", "อบต", "อบต"),
    ("data", "radio", "download", "all", "all"),
]


def _widget_id(param: object) -> str:
    values = getattr(param, "values", param)
    return f"{values[0]}-{values[2]}"


@pytest.mark.parametrize(("page", "kind", "key", "value", "in_url"), URL_WIDGETS, ids=map(_widget_id, URL_WIDGETS))
def test_widget_is_kept_in_the_url(monkeypatch, tiny_db, page, kind, key, value, in_url):
    at = run_app(monkeypatch, tiny_db, page, {"agency": TINY_AGENCY} if page == "agency" and key != "find" else {})
    assert key not in at.query_params, "a default must leave no parameter"
    getattr(at, kind)(key=key).set_value(value)
    rerun(at)
    assert url(at, key) == (in_url if isinstance(in_url, list) else [in_url])
    shown = [t.value for t in at.title]
    again = run_app(monkeypatch, tiny_db, page, dict(at.query_params))  # a new session opening that address
    assert getattr(again, kind)(key=key).value == value
    assert [t.value for t in again.title] == shown


#: The shared sidebar filters each page shows: only those that change it.
AGENCY_FILTERS = ["group", "type", "region", "province"]
SIDEBAR_FILTERS = {
    **{
        view: ["year", *AGENCY_FILTERS]
        for view in ("overview", "agency_types", "regions", "ita_cpi", "correlations", "data_sources")
    },
    "inflation": AGENCY_FILTERS,  # every year at once
    "oversight": ["year"],
    "briefing": ["year"],  # each scoped on the page itself
    "agency_profile": [],
    "indicators": [],
    "sql_console": [],
}


@pytest.mark.parametrize("view", SIDEBAR_FILTERS)
def test_each_page_shows_only_the_sidebar_filters_that_change_it(monkeypatch, demo_db, view):
    at = open_view(monkeypatch, demo_db, view, {"agency": DEMO_AGENCY} if view == "agency_profile" else None)
    assert_no_exception(at)
    shown = [w.key for kind in ("selectbox", "multiselect") for w in at.sidebar.get(kind)]
    assert sorted(shown) == sorted(SIDEBAR_FILTERS[view])


def test_filters_outlive_a_page_that_does_not_show_them(monkeypatch, tiny_db):
    chosen = {"year": "2024", "type": ["sao"], "region": ["north"], "province": ["50"]}
    at = run_app(monkeypatch, tiny_db, "overview", chosen)
    at.switch_page(PAGES["agency"]).run()
    assert_no_exception(at)
    assert not at.sidebar.get("multiselect") and not at.sidebar.get("selectbox")
    assert {key: url(at, key) for key in chosen} == {k: v if isinstance(v, list) else [v] for k, v in chosen.items()}
    at.radio(key="lang").set_value("en")  # a language switch re-reads every filter from the address
    rerun(at)
    at.switch_page(PAGES["overview"]).run()
    assert_no_exception(at)
    assert at.selectbox(key="year").value == PREVIOUS
    assert [at.multiselect(key=k).value for k in ("type", "region", "province")] == [["sao"], ["north"], ["50"]]
    assert [t.value for t in at.title] == [expected_title("overview", "en", PREVIOUS)]


# --- robustness ---------------------------------------------------------------------------------

HOSTILE = {
    "lang": "xx",
    "year": "abc",
    "type": ["<script>alert(1)</script>", "sao'--"],
    "group": "nope",
    "region": "mars",
    "province": ["99", "../../etc"],
    "agency": "../../etc/passwd",
    "focus": "<b>x</b>",
    "metric": "drop table",
    "map_metric": "agencies; --",
    "drill": "zz",
    "lag": "9",
    "view": "javascript:1",
    "whatif_source": "<img src=x>",
    "download": "everything",
    "q": "<script>",
    "find": "'; drop table x; --",
}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_fall_back(monkeypatch, tiny_db, page):
    at = run_app(monkeypatch, tiny_db, page, HOSTILE)
    assert at.radio(key="lang").value == "th"
    assert at.session_state["year"] == LATEST  # kept, though not shown, on the agency page
    assert [t.value for t in at.title] == [expected_title(page, "th")]
    for key in ("type", "group", "region", "province"):
        assert at.session_state[key] == []
    if page != "agency":
        assert at.selectbox(key="year").value == LATEST and at.multiselect(key="type").value == []
    for key in ("lang", "year", "type", "group", "region", "province"):  # dropped from the address too
        assert key not in at.query_params, key
    assert not at.error
    for element in [*at.main.get("markdown"), *at.info, *at.caption, *at.subheader]:
        assert not re.search(r"(?<!\\)<(script|img|b>)", element.value), element.value
    if page == "types":
        assert at.radio(key="metric").value == "mean_score" and at.multiselect(key="focus").value == []
    if page == "regions":
        assert at.radio(key="map_metric").value == "mean_score" and at.selectbox(key="drill").value != "zz"
    if page == "ita_cpi":
        assert (at.radio(key="lag").value, at.radio(key="view").value) == (0, "panels")
        assert at.selectbox(key="whatif_source").value != HOSTILE["whatif_source"]
    if page == "data":
        assert at.radio(key="download").value == "year"
    if page == "agency":  # the text search and the link are both just text to look up
        assert at.text_input(key="find").value == HOSTILE["find"]


def test_unknown_agency_link_falls_back_to_the_search(monkeypatch, tiny_db):
    at = run_app(monkeypatch, tiny_db, "agency", {"agency": "A999"})
    # the page says the sidebar's filters do not act on it, then how to search
    assert [c.value for c in at.caption] == [i18n.t("agency_years_note", "th"), i18n.t("agency_hint", "th")]
    assert not at.metric and not chart_keys(at) and not at.error


MARKUP = re.compile(r"(?<!\\)\]\(|(?<!\\)<img")  # "](" or "<img" not escaped: Markdown would draw them


@pytest.mark.parametrize("key", ["agency", "find", "q"])
def test_url_text_cannot_become_a_link(monkeypatch, tiny_db, key):
    page = "types" if key == "q" else "agency"
    at = run_app(monkeypatch, tiny_db, page, {key: "[click me](https://evil.example) <img src=x>"})
    shown = [
        e.value for kind in ("title", "subheader", "caption", "info", "markdown", "warning") for e in at.main.get(kind)
    ]
    assert shown and not [text for text in shown if MARKUP.search(text)], shown
    if key == "find":
        assert at.info  # the search is echoed, escaped


@pytest.mark.parametrize("page", PAGES)
def test_missing_database_is_explained_on_every_page(monkeypatch, tmp_path, page):
    missing = tmp_path / "nowhere" / "ita.duckdb"
    at = run_app(monkeypatch, missing, page, agency_query(page, TINY_AGENCY))
    assert [e.value for e in at.error] == [i18n.t("no_database", "th")]
    assert not at.title and not at.dataframe and not at.warning and not chart_keys(at)
    assert [w.key for w in at.sidebar.get("radio")] == ["lang"] and not at.sidebar.get("multiselect")
    assert not missing.exists(), "showing the page must not create a database"
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert [e.value for e in at.error] == [i18n.t("no_database", "en")]


@pytest.mark.parametrize("page", PAGES)
def test_outdated_database_is_explained_on_every_page(monkeypatch, facts_db, page):
    with duckdb.connect(str(facts_db)) as con:
        con.execute("update meta set value = '0' where key = 'schema_version'")
    at = run_app(monkeypatch, facts_db, page)
    assert len(at.error) == 1 and "init --force" in at.error[0].value
    assert not at.title and not chart_keys(at)
