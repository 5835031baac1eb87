"""Briefing pack: choose year, scope and language, read the slides here, download an editable PowerPoint deck."""

import functools
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import cache, components, sidebar, url_state
from ita_analytics import briefing, i18n
from ita_analytics.charts.briefing import briefing_figure
from ita_analytics.deck import write_deck

lang, version, year, filters = sidebar.page_context()
t = functools.partial(i18n.t, lang=lang)
st.title(t("briefing_page_title"))
st.caption(t("briefing_page_intro"))
if not year:
    st.info(t("no_results"))
    st.stop()

columns = st.columns([3, 1])
with columns[0]:
    scope = url_state.url_scope(
        briefing.Scope, "scope", t("briefing_scope"), lambda k: t(f"briefing_scope_{k}"), lang, horizontal=True
    )
deck_lang = url_state.url_radio(
    t("briefing_language"),
    ["th", "en"],
    "deck_lang",
    lang,
    where=columns[1],
    format_func=lambda code: {"th": "ไทย", "en": "English"}[code],
)
st.caption(t("briefing_year_note").format(year=i18n.year_label(year, lang)))
try:
    pack = cache.data(
        version, briefing.build_briefing, year, scope, deck_lang, base_url=url_state.base_url(), dataset=filters.dataset
    )
except ValueError as error:  # no results for this scope and year
    st.info(components.md_escape(str(error)))
    st.stop()
components.synthetic_badge(pack.synthetic, lang)
components.coverage_note(version, year, filters.dataset, lang)

name = f"ita_briefing_{year + 543 if deck_lang == 'th' else year}_{scope.text.replace(':', '-')}_{deck_lang}.pptx"
row = st.container(horizontal=True)
row.download_button(
    t("briefing_download"),
    lambda: write_deck(pack),
    file_name=name,
    type="primary",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key="briefing_pptx",
    icon=":material/slideshow:",
)
present = {
    "present": "1",
    "year": str(year),
    "scope": scope.kind,
    **({"scope_code": scope.code} if scope.code else {}),
    **({"lang": "en"} if deck_lang == "en" else {}),
}
row.link_button(t("briefing_present"), f"./?{urlencode(present)}", icon=":material/co_present:")
st.caption(t("briefing_slides").format(n=len(pack.slides)))

for number, slide in enumerate(pack.slides, start=1):
    with st.expander(f"{number}. {slide.title}", expanded=number <= 3):  # through the first chart
        for point in slide.points:
            st.markdown(f"- {components.md_escape(point)}")
        if slide.chart is not None:
            frame = pd.DataFrame({"category": slide.chart.categories, **dict(slide.chart.series)})
            components.show_chart(
                cache.shared(briefing_figure, slide.chart, slide.title),
                frame,
                f"briefing_{slide.key}",
                lang,
                slide.source,
                t("alt_briefing").format(title=slide.title),
            )
        else:
            st.caption(components.md_escape(slide.source, links=True))
        st.markdown(f"**{t('briefing_notes')}:** {components.md_escape(slide.notes)}")
