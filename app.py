"""Entry point: page config, navigation and the shared sidebar."""
import streamlit as st

import ui
from ita_analytics import i18n

st.set_page_config(page_title="ITA × CPI", page_icon="📊", layout="wide")
lang = ui.language()
# A fixed url_path keeps a page the same page when its title changes language.
pages = [st.Page("pages/data_coverage.py", title=i18n.t("page_data", lang), url_path="data", default=True)]
st.navigation(pages).run()
