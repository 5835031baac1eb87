"""Widgets whose values live in the URL as codes, so every view is a link that restores it.

Streamlit's bind="query-params" writes option labels into the URL; these keep codes there
(?lang=en&year=2024&type=sao&type=pao) so a link is short, stable and language-independent.
A value in a link that is not offered is ignored, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import streamlit as st

from ita_analytics import scope

S = TypeVar("S", bound=scope.AgencyScope)

_BOUND_KEYS: set[str] = set()  # every widget key kept in the URL, so a language switch can re-read them
#: A whole number as a link writes it: ASCII digits only (int() also takes "²", "๕", " 5" and 4,300 digits).
_WHOLE = re.compile(r"-?[0-9]{1,9}")


def whole_number(text: object) -> int:
    """Return a URL parameter's whole number (ASCII digits, at most nine); raise ValueError for anything else."""
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        raise ValueError(f"not a whole number: {str(text)[:20]!r}")
    return int(text)


def param(key: str, max_chars: int = 100) -> str | None:
    """Return a URL parameter's text, cut to max_chars, or None when the link does not hold it."""
    value = st.query_params.get(key)
    return value[:max_chars] if value else None


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


def url_radio(
    label: str,
    options: Sequence,
    key: str,
    default: object,
    where: object = st.sidebar,
    cast: Callable = str,
    **kwargs: object,
) -> object:
    """Return a radio's value (in the sidebar unless `where` says otherwise), kept in the URL under key."""
    _from_url(key, options, default, multi=False, cast=cast)
    value = where.radio(label, options, key=key, **kwargs)
    _to_url(key, value, default)
    return value


def url_text(label: str, key: str, where: object = st.sidebar, max_chars: int = 100, **kwargs: object) -> str:
    """Return a text input's value (trimmed), kept in the URL under key."""
    if key not in st.session_state:
        st.session_state[key] = param(key, max_chars) or ""
    value = where.text_input(label, key=key, max_chars=max_chars, **kwargs).strip()
    _to_url(key, value, "")
    return value


def url_slider(
    label: str, low: int, high: int, key: str, default: int, where: object = st.sidebar, **kwargs: object
) -> int:
    """Return a whole-number slider's value, kept in the URL under key."""
    _from_url(key, range(low, high + 1), default, multi=False, cast=whole_number)
    value = where.slider(label, low, high, key=key, **kwargs)
    _to_url(key, value, default)
    return value


def url_select(
    label: str,
    options: Sequence,
    key: str,
    default: object,
    where: object = st.sidebar,
    cast: Callable = str,
    always_in_url: bool = False,
    shown: bool = True,
    **kwargs: object,
) -> object:
    """Return a selectbox's value (in the sidebar unless `where` says otherwise), kept in the URL under key.

    always_in_url keeps the value in the URL even when it is the default (for defaults that vary).
    shown=False draws nothing but keeps the value, for the pages that do show the selectbox.
    """
    _from_url(key, options, default, multi=False, cast=cast)
    value = where.selectbox(label, options, key=key, **kwargs) if shown else _kept(key)
    _to_url(key, value, default, always=always_in_url)
    return value


def url_multiselect(
    label: str, options: Sequence, key: str, where: object = st.sidebar, shown: bool = True, **kwargs: object
) -> list:
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


def relabel() -> None:
    """Forget every URL-bound widget's state but the language's, so each is seeded again from the URL.

    Selectbox and radio states hold option labels, which change with the language; the URL keeps codes.
    """
    for key in _BOUND_KEYS - {"lang"}:
        st.session_state.pop(key, None)


def url_scope(
    cls: type[S],
    key: str,
    label: str,
    kind_label: Callable[[str], str],
    lang: str,
    codes: dict[str, list[str]] | None = None,
    where: object = st,
    code_where: object | None = None,
    **kwargs: object,
) -> S:
    """Show a choice of agencies (its kind, then which one), kept in the URL as ?KEY=KIND&KEY_code=CODE.

    codes gives the choices of a kind with no fixed list (ministries: the names in the data); a kind with no
    choices at all is taken as national. kwargs go to the kind's radio.
    """
    kind = url_radio(label, list(cls.KINDS), key, "national", where=where, format_func=kind_label, **kwargs)
    choices = [] if kind == "national" else codes[kind] if codes and kind in codes else scope.codes(kind)
    if not choices:
        st.query_params.pop(f"{key}_code", None)
        return cls()
    code = url_select(
        kind_label(kind),
        choices,
        f"{key}_code",
        choices[0],
        where=code_where or where,
        always_in_url=True,
        format_func=lambda c: cls(kind, c).name(lang),
    )
    return cls(kind, code)


def scope_from_url(cls: type[S], key: str = "scope") -> S:
    """Return the scope the URL names (?KEY=KIND&KEY_code=CODE), or national when it names none or nonsense."""
    try:
        return cls(param(key) or "national", param(f"{key}_code"))
    except ValueError:
        return cls()


def base_url() -> str | None:
    """Return the address the browser reached the app by (scheme and host), for links in exported files."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
