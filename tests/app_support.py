"""Helpers for the AppTest tests of the pages (tests/test_app_*.py): AppTest runs app.py (language, sidebar filters,
st.navigation) and then the chosen page against the fixture databases; charts are read through the figure JSON Streamlit
would send to the browser, tables through the frames st.dataframe gets, metrics through their text, and expected values
always come from the library (ita_analytics.aggregate / analysis) on the same database, never from the page's own code.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from ita_analytics import aggregate, analysis, db, i18n
from ita_analytics.filters import Filters

APP = Path(__file__).resolve().parents[1] / "app.py"
LANGS = ("th", "en")
LATEST, PREVIOUS = 2025, 2024  # the last two fiscal years in both the demo and the tiny database

#: page name → script; names double as test ids and screenshot names in test_browser_pages.py.
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
