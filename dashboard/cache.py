"""Every st.cache_* of the app: the database connection, library results, shared figures and tables."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ita_analytics import config, db, explore, geo, i18n

Version = tuple[str, int]  # (database path, mtime): a new file after an import is a new version


@st.cache_resource(show_spinner=False)
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    # version (the file's mtime) makes a fresh connection after an import swapped the file in.
    return db.connect(path)


def database_version(lang: str, quiet: bool = False) -> Version | None:
    """Return (path, mtime) of a usable database, or None (after saying why on the page unless quiet)."""
    path = Path(config.default_db_path())
    if not path.exists():
        if not quiet:
            st.error(i18n.t("no_database", lang))
        return None
    version = (str(path), path.stat().st_mtime_ns)
    try:
        _connection(*version)
    except db.DatabaseOutdatedError as error:
        if not quiet:
            st.error(str(error))
        return None
    return version


def _qualified(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


@st.cache_data(show_spinner=False, max_entries=512)
def _data(version: Version, name: str, _function: Callable[..., object], *args: object, **kwargs: object) -> object:
    # name stands for _function in the cache key (a leading underscore keeps Streamlit from hashing the function).
    with db.cursor(_connection(*version)) as cursor:
        return _function(cursor, *args, **kwargs)


def data(version: Version, function: Callable[..., object], *args: object, **kwargs: object) -> object:
    """Return the library's function(connection, *args, **kwargs), cached per database version and arguments."""
    return _data(version, _qualified(function), function, *args, **kwargs)


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
    return _shared(_qualified(make), make, *args, **kwargs)


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
