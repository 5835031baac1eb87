"""The dashboard's app layer: caching, URL state, the sidebar, shared page pieces, access and the chart element.

Pages (views/) present; the library (ita_analytics) computes. Everything here may import streamlit; nothing
in ita_analytics may.
"""
