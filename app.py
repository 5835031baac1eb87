"""Entry point: page config, navigation and the shared sidebar (language and filters)."""

import streamlit as st

from dashboard import access, cache, presentation, sidebar
from ita_analytics import i18n

st.set_page_config(page_title="ITA × CPI", page_icon="📊", layout="wide")
lang = sidebar.language()
access.require_login(lang)  # in an organisation's deployment nothing below runs before a login
version = cache.database_version(lang, quiet=True)  # each page says why when there is none
present = st.query_params.get("present") == "1"
# Which shared sidebar filters act on each page: the fiscal year, and the agencies (type group and type, region
# and province). A page is shown only the filters that change it; the others keep their values for later pages.
BOTH, YEAR, AGENCIES, NONE = {"year", "agencies"}, {"year"}, {"agencies"}, set()
# Pages live in views/, not pages/: Streamlit treats a pages/ folder beside the entry script as a legacy
# multipage app until st.navigation has run once, so a shared deep link opened on a fresh server would
# skip this script (no sidebar, no filters). Fixed url_paths keep each link stable across languages.
pages = {
    st.Page("views/overview.py", title=i18n.t("page_overview", lang), url_path="overview", default=True): BOTH,
    st.Page("views/agency_types.py", title=i18n.t("page_types", lang), url_path="types"): BOTH,
    st.Page("views/regions.py", title=i18n.t("page_regions", lang), url_path="regions"): BOTH,
    st.Page("views/ita_cpi.py", title=i18n.t("page_ita_cpi", lang), url_path="ita-cpi"): BOTH,
    st.Page("views/correlations.py", title=i18n.t("page_explore", lang), url_path="correlations"): BOTH,
    st.Page("views/indicators.py", title=i18n.t("page_indicators", lang), url_path="indicators"): NONE,
    st.Page("views/inflation.py", title=i18n.t("page_inflation", lang), url_path="inflation"): AGENCIES,
    st.Page("views/agency_profile.py", title=i18n.t("page_agency", lang), url_path="agency"): NONE,
    st.Page("views/oversight.py", title=i18n.t("page_oversight", lang), url_path="oversight"): YEAR,
    st.Page("views/briefing.py", title=i18n.t("page_briefing", lang), url_path="briefing"): YEAR,
    st.Page("views/sql_console.py", title=i18n.t("page_console", lang), url_path="sql"): NONE,
    st.Page("views/data_sources.py", title=i18n.t("page_data", lang), url_path="data"): BOTH,
}
navigation = st.navigation(list(pages), position="hidden" if present else "sidebar")
if version is not None:
    acting = next(used for page, used in pages.items() if page.url_path == navigation.url_path)
    st.session_state["filters"] = sidebar.filters(
        version, lang, year="year" in acting, agencies="agencies" in acting, dataset_shown=bool(acting)
    )
if present and version is not None:  # ?present=1 on any page: the briefing, one slide per screen
    year, chosen = st.session_state["filters"]
    presentation.show(version, year, lang, chosen.dataset)
else:
    navigation.run()
