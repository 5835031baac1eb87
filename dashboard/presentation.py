"""Presentation mode (?present=1): no sidebar or controls, large type, one briefing slide per screen."""

from __future__ import annotations

import streamlit as st

from ita_analytics import briefing, i18n
from ita_analytics.charts.briefing import briefing_figure

from . import cache, components, live_chart, url_state

# Streamlit has no switch for hiding its chrome; these are its own test ids, stable across releases. The slide fits
# the window (a 1366 × 768 laptop or a 720-px projector): the main column is a flex column as tall as the viewport,
# and the chart (or the chart and the slide's points side by side, as on the deck) takes what the title, the
# counter and the source line leave, so the legend and the source line are never below the fold.
STYLE = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {font-size: 1.9rem; line-height: 1.45;}
[data-testid="stMain"] h1 {font-size: 2.8rem; padding-bottom: 0.25rem;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] {font-size: 1.1rem;}
.block-container {padding-top: 1.5rem; max-width: 100%;}
[data-testid="stMainBlockContainer"] {height: 100dvh; box-sizing: border-box; padding-bottom: 1rem;
    display: flex; flex-direction: column;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 0; min-height: 0;}
[data-testid="stLayoutWrapper"]:has(> .st-key-present_body) {flex: 1 1 0; min-height: 16rem;}
.st-key-present_body {align-items: stretch;}
.st-key-present_body > [data-testid="stLayoutWrapper"] {display: flex; flex-direction: column; min-width: 0;}
.st-key-present_body > [data-testid="stLayoutWrapper"]:has(> .st-key-present_chart_box) {flex: 3 1 0;}
.st-key-present_body > [data-testid="stLayoutWrapper"]:has(> .st-key-present_points) {flex: 2 1 0;}
.st-key-present_chart_box {flex: 1 1 0; min-height: 0;}
.st-key-present_points [data-testid="stMarkdownContainer"] li {font-size: 1.6rem;}
.st-key-present_chart {flex: 1 1 0; min-height: 16rem; position: relative;}
.st-key-present_chart > * {position: absolute; inset: 0;}
.st-key-present_chart [data-testid="stBidiComponentRegular"] {height: 100%;}
.st-key-present_loader {display: none;}
</style>"""


def _step(delta: int, count: int) -> None:
    st.session_state["slide"] = min(max(st.session_state["slide"] + delta, 1), count)


def show(version: tuple[str, int], year: int, lang: str, dataset: str | None = None) -> None:
    """Show the briefing of the URL's year, scope and dataset one slide at a time, with next and previous."""
    st.markdown(STYLE, unsafe_allow_html=True)
    t = lambda key: i18n.t(key, lang)  # noqa: E731 — a one-line local alias, as on the pages
    if not year:
        st.info(t("no_results"))
        return
    try:
        pack = cache.data(
            version,
            briefing.build_briefing,
            year,
            url_state.scope_from_url(briefing.Scope),
            lang,
            base_url=url_state.base_url(),
            dataset=dataset,
        )
    except ValueError as error:
        st.info(components.md_escape(str(error)))
        return
    count = len(pack.slides)
    if "slide" not in st.session_state:
        try:
            asked = url_state.whole_number(st.query_params.get("slide", "1"))
        except ValueError:
            asked = 1
        st.session_state["slide"] = min(max(asked, 1), count)
    number = st.session_state["slide"]
    st.query_params["slide"] = str(number)
    slide = pack.slides[number - 1]
    nav = st.container(horizontal=True, vertical_alignment="center")
    nav.button(
        t("present_previous"),
        key="present_previous",
        on_click=_step,
        args=(-1, count),
        disabled=number == 1,
        icon=":material/arrow_back:",
    )
    nav.markdown(f"**{number} / {count}**")
    nav.button(
        t("present_next"),
        key="present_next",
        on_click=_step,
        args=(1, count),
        disabled=number == count,
        icon=":material/arrow_forward:",
        type="primary",
    )
    nav.link_button(t("present_exit"), "./briefing" + ("?lang=en" if lang == "en" else ""), icon=":material/close:")
    if pack.synthetic:
        st.warning(t("briefing_synthetic"), icon=":material/science:")
    st.title(slide.title)
    if slide.chart is None:
        _points(slide.points)
        live_chart.preload("present_loader")  # plotly.js loads now, so a chart on the next slide draws with it
    elif slide.points:  # the chart and its points side by side, as on the deck
        body = st.container(horizontal=True, key="present_body", gap="large")
        with body.container(key="present_chart_box"):
            _chart(slide)
        with body.container(key="present_points"):
            _points(slide.points)
    else:
        _chart(slide)
    st.caption(components.md_escape(slide.source, links=True))


def _points(points: list[str]) -> None:
    for point in points:
        st.markdown(f"- {components.md_escape(point)}")


def _chart(slide: briefing.Slide) -> None:
    """Draw the slide's chart as tall as the space the slide leaves it (the figure sizes itself to its element)."""
    live_chart.show(
        cache.shared(briefing_figure, slide.chart, "", None, large=True),
        "present_chart",
        slide.title,
        {"displayModeBar": False, "responsive": True},
        fill=True,
    )
