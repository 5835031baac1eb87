"""The app's only cached wrappers around the library, and the URL-bound sidebar filters."""
from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import streamlit as st

from ita_analytics import aggregate, analysis, briefing, config, db, explore, geo, i18n, oversight, reference, scope
from ita_analytics.filters import GROUPS, Filters

S = TypeVar("S", bound=scope.AgencyScope)

#: The library calls pages may make through `data()`: an allow-list, so a page never runs anything else.
DATA_FUNCTIONS: dict[str, Callable[..., object]] = {
    "national_series": aggregate.national_series,
    "rating_distribution": aggregate.rating_distribution,
    "by_agency_type": aggregate.by_agency_type,
    "by_region": aggregate.by_region,
    "by_province": aggregate.by_province,
    "tool_indicator_means": aggregate.tool_indicator_means,
    "tool_indicator_by_type": aggregate.tool_indicator_by_type,
    "score_quartiles_by_type": aggregate.score_quartiles_by_type,
    "ranked_agencies": aggregate.ranked_agencies,
    "agency_history": aggregate.agency_history,
    "agency_peers": aggregate.agency_peers,
    "search_agencies": aggregate.search_agencies,
    "export_results": aggregate.export_results,
    "cpi_series": aggregate.cpi_series,
    "cpi_sources": aggregate.cpi_sources,
    "asean_comparison": aggregate.asean_comparison,
    "explore_catalogue": explore.catalogue,
    "explore_pairs": explore.unit_pairs,
    "explore_national_metrics": explore.national_metrics,
    "indicator_structure": explore.year_indicator_structure,
    "inflation_by_year": aggregate.inflation_by_year,
    "score_histogram": aggregate.score_histogram,
    "briefing": briefing.build_briefing,
    "oversight": oversight.build_oversight,
    "ministries": oversight.ministries,
}
NAMED_QUERIES = ("ita_coverage", "cpi_coverage", "ita_published", "targets", "imports", "external_indicator_list")


@st.cache_resource(show_spinner=False)
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    # version (the file's mtime) makes a fresh connection after an import swapped the file in.
    return db.connect(path)


def database_version(quiet: bool = False) -> tuple[str, int] | None:
    """Return (path, mtime) of a usable database, or None (after saying why on the page unless quiet)."""
    path = Path(config.default_db_path())
    if not path.exists():
        if not quiet:
            st.error(i18n.t("no_database", current_language()))
        return None
    version = (str(path), path.stat().st_mtime_ns)
    try:
        _connection(*version)
    except db.DatabaseOutdatedError as error:
        if not quiet:
            st.error(str(error))
        return None
    return version


def page_context() -> tuple[str, tuple[str, int], int, Filters]:
    """Return (language, database version, fiscal year, filters) for a page, or stop it with the reason."""
    lang = current_language()
    version = database_version()
    if version is None:
        st.stop()
    year, filters = st.session_state.get("filters", (0, Filters()))
    return lang, version, year, filters


@st.cache_data(show_spinner=False, max_entries=512)
def data(version: tuple[str, int], name: str, *args: object, **kwargs: object) -> object:
    """Return the library's `name`(connection, *args, **kwargs), cached per database version and arguments."""
    with db.cursor(_connection(*version)) as cursor:
        if name in NAMED_QUERIES:
            return db.query(cursor, name)
        return DATA_FUNCTIONS[name](cursor, *args, **kwargs)


def _frame_key(frame: pd.DataFrame) -> bytes:
    # Pickled bytes hash twenty times faster than Streamlit's own DataFrame hashing on the small frames
    # pages draw from; equal frames give equal bytes, so a result is still made once per content.
    return pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)


# 256 entries: a few per page and filter combination; bounded so a long-running server keeps within its memory.
@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: _frame_key})
def _shared(name: str, _make: Callable[..., object], *args: object, **kwargs: object) -> object:
    return _make(*args, **kwargs)


def shared(make: Callable[..., object], *args: object, **kwargs: object) -> object:
    """Return make(*args, **kwargs) (a figure or a table's display frame), made once per distinct arguments.

    Building plotly figures (their validators) and formatting tables was most of a warm page run.
    cache_resource hands every session the object itself rather than an unpickled copy (which for a
    figure would run the validators again), so what comes from here is never changed afterwards:
    pages and components only show and export it.
    """
    return _shared(f"{make.__module__}.{make.__qualname__}", make, *args, **kwargs)


def current_language() -> str:
    """Return the language chosen in the sidebar ('th' unless the user picked English)."""
    return st.session_state.get("lang") or i18n.DEFAULT_LANGUAGE


# --- URL-bound widgets ------------------------------------------------------------------------
# Streamlit's bind="query-params" writes option labels into the URL; these keep codes there
# (?lang=en&year=2024&type=sao&type=pao) so a link is short, stable and language-independent.

_BOUND_KEYS: set[str] = set()  # every widget key kept in the URL, so a language switch can re-read them


def _from_url(key: str, options: Sequence, default: object, multi: bool, cast: Callable = str) -> None:
    """Seed the widget's state from the URL on first run, and drop values no longer offered."""
    _BOUND_KEYS.add(key)
    if key not in st.session_state:
        raw = st.query_params.get_all(key)
        values = []
        for text in raw:
            try:
                value = cast(text)
            except ValueError:
                continue
            if value in options and value not in values:
                values.append(value)
        st.session_state[key] = values if multi else (values[0] if values else default)
    elif multi:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def _to_url(key: str, value: object, default: object, always: bool = False) -> None:
    if value in (None, [], "") or (value == default and not always):
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)


def url_radio(label: str, options: Sequence, key: str, default: object, where: object = st.sidebar,
              cast: Callable = str, **kwargs: object) -> object:
    """Return a radio's value (in the sidebar unless `where` says otherwise), kept in the URL under key."""
    _from_url(key, options, default, multi=False, cast=cast)
    value = where.radio(label, options, key=key, **kwargs)
    _to_url(key, value, default)
    return value


def url_text(label: str, key: str, where: object = st.sidebar, max_chars: int = 100, **kwargs: object) -> str:
    """Return a text input's value (trimmed), kept in the URL under key."""
    if key not in st.session_state:
        st.session_state[key] = (st.query_params.get(key) or "")[:max_chars]
    value = where.text_input(label, key=key, max_chars=max_chars, **kwargs).strip()
    _to_url(key, value, "")
    return value


def url_slider(label: str, low: int, high: int, key: str, default: int, where: object = st.sidebar,
               **kwargs: object) -> int:
    """Return a whole-number slider's value, kept in the URL under key."""
    _from_url(key, range(low, high + 1), default, multi=False, cast=int)
    value = where.slider(label, low, high, key=key, **kwargs)
    _to_url(key, value, default)
    return value


def url_select(label: str, options: Sequence, key: str, default: object, where: object = st.sidebar,
               cast: Callable = str, always_in_url: bool = False, shown: bool = True, **kwargs: object) -> object:
    """Return a selectbox's value (in the sidebar unless `where` says otherwise), kept in the URL under key.

    always_in_url keeps the value in the URL even when it is the default (for defaults that vary).
    shown=False draws nothing but keeps the value, for the pages that do show the selectbox.
    """
    _from_url(key, options, default, multi=False, cast=cast)
    value = where.selectbox(label, options, key=key, **kwargs) if shown else _kept(key)
    _to_url(key, value, default, always=always_in_url)
    return value


def url_multiselect(label: str, options: Sequence, key: str, where: object = st.sidebar, shown: bool = True,
                    **kwargs: object) -> list:
    """Return a multiselect's values (empty = all; sidebar unless `where` says otherwise), kept in the URL.

    shown=False draws nothing but keeps the values, for the pages that do show the multiselect.
    """
    _from_url(key, options, [], multi=True)
    values = where.multiselect(label, options, key=key, **kwargs) if shown else _kept(key)
    _to_url(key, values, [])
    return values


def _kept(key: str) -> object:
    # Streamlit forgets a widget's state at the end of a run that did not draw it; set through the Session State
    # API, the value outlives the run, so a page without the widget does not reset it for the pages with it.
    st.session_state[key] = st.session_state[key]
    return st.session_state[key]


def _relabel() -> None:
    # Selectbox and radio states hold option labels, which change with the language; forget them so
    # every URL-bound widget is seeded again from the URL, where its value is kept as a code.
    for key in _BOUND_KEYS - {"lang"}:
        st.session_state.pop(key, None)


def language() -> str:
    """Show the language switch in the sidebar and return 'th' or 'en'."""
    return url_radio("ภาษา / Language", i18n.LANGUAGES, "lang", i18n.DEFAULT_LANGUAGE, horizontal=True,
                     format_func=lambda code: {"th": "ไทย", "en": "English"}[code], on_change=_relabel)


def sidebar_filters(version: tuple[str, int], lang: str, year: bool = True,
                    agencies: bool = True) -> tuple[int, Filters]:
    """Show the shared filters a page uses (the fiscal year; type group and type, region and province); return
    (year, filters). Filters the page does not use are not drawn, but keep their values for the pages that do."""
    years = data(version, "national_series")["fiscal_year"].tolist()[::-1]
    if not years:
        return 0, Filters()
    chosen_year = url_select(i18n.t("fiscal_year", lang), years, "year", years[0], cast=int, shown=year,
                             format_func=lambda y: i18n.year_label(y, lang))
    types = reference.agency_types()
    everything = {"placeholder": i18n.t("all", lang), "shown": agencies}
    groups = url_multiselect(i18n.t("type_group", lang), list(GROUPS), "group",
                             format_func=lambda g: i18n.t(f"group_{g}", lang), **everything)
    offered = types[types["type_group"].isin(groups)] if groups else types
    names = dict(zip(types["type_code"], types["short_en" if lang == "en" else "short_th"]))
    chosen_types = url_multiselect(i18n.t("agency_type", lang), offered["type_code"].tolist(), "type",
                                   format_func=names.get, **everything)
    regions = url_multiselect(i18n.t("region", lang), [*reference.REGIONS, reference.CENTRAL_ADMIN], "region",
                              format_func=lambda r: i18n.t(f"region_{r}", lang), **everything)
    provinces = reference.provinces()
    in_regions = provinces[provinces["region"].isin(regions)] if regions else provinces
    province_names = dict(zip(provinces["province_code"], provinces["name_en" if lang == "en" else "name_th"]))
    chosen_provinces = url_multiselect(i18n.t("province", lang), in_regions["province_code"].tolist(),
                                       "province", format_func=province_names.get, **everything)
    return chosen_year, Filters(types=chosen_types, groups=groups, regions=regions, provinces=chosen_provinces)


@st.cache_data(show_spinner=False)
def _geojson(path: str, mtime: int) -> dict:
    return geo.load_geojson(path)


def province_geojson() -> dict | None:
    """Return the configured province GeoJSON, or None (saying why on the page when it cannot be used)."""
    path = config.geojson_path()
    if path is None:
        return None
    try:
        return _geojson(str(path), path.stat().st_mtime_ns if path.exists() else 0)
    except ValueError as error:
        st.error(str(error))
        return None


@st.cache_data(show_spinner=False, max_entries=128)
def correlations(points: pd.DataFrame) -> dict:
    """Return explore.summary of the explorer's pairs, cached (the bootstrap is the costly part)."""
    return explore.summary(points)


def cpi_extent(version: tuple[str, int]) -> tuple[int, int]:
    """Return the first and last CPI year held for Thailand."""
    cpi = data(version, "cpi_series")
    return int(cpi["year"].min()), int(cpi["year"].max())


def kpis(version: tuple[str, int], year: int, filters: Filters) -> analysis.YearKpis:
    """Return the headline numbers of a fiscal year for the filtered agencies."""
    return analysis.year_kpis(data(version, "national_series", filters), data(version, "cpi_series"),
                              data(version, "targets"), year)


def is_filtered(filters: Filters) -> bool:
    """Return whether any agency filter is set."""
    return any(value is not None for key, value in vars(filters).items() if key != "years")


def url_scope(cls: type[S], key: str, label: str, kind_label: Callable[[str], str], lang: str,
              codes: dict[str, list[str]] | None = None, where: object = st, code_where: object | None = None,
              **kwargs: object) -> S:
    """Show a choice of agencies (its kind, then which one), kept in the URL as ?KEY=KIND&KEY_code=CODE.

    codes gives the choices of a kind with no fixed list (ministries: the names in the data); a kind with no
    choices at all is taken as national. kwargs go to the kind's radio.
    """
    kind = url_radio(label, list(cls.KINDS), key, "national", where=where, format_func=kind_label, **kwargs)
    choices = [] if kind == "national" else codes[kind] if codes and kind in codes else scope.codes(kind)
    if not choices:
        st.query_params.pop(f"{key}_code", None)
        return cls()
    code = url_select(kind_label(kind), choices, f"{key}_code", choices[0], where=code_where or where,
                      always_in_url=True, format_func=lambda c: cls(kind, c).name(lang))
    return cls(kind, code)


def briefing_scope(lang: str, where: object = st) -> briefing.Scope:
    """Show the briefing's scope choice (kind, then which one), kept in the URL as ?scope=KIND&scope_code=CODE."""
    return url_scope(briefing.Scope, "scope", i18n.t("briefing_scope", lang),
                     lambda k: i18n.t(f"briefing_scope_{k}", lang), lang, where=where, horizontal=True)


def scope_from_url() -> briefing.Scope:
    """Return the briefing scope the URL names (?scope=KIND&scope_code=CODE), or national when it names none."""
    try:
        return briefing.Scope(st.query_params.get("scope", "national"), st.query_params.get("scope_code"))
    except ValueError:
        return briefing.Scope()


def base_url() -> str | None:
    """Return the address the browser reached the app by (scheme and host), for links in exported files."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
