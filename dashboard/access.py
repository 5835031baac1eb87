"""Who may see the dashboard and who may change its data: local single-user mode, or OIDC logins with admins.

Without `.streamlit/secrets.toml` (or with one that has no `[auth]` section) the app runs in local
single-user mode: no login, and whoever runs it may upload, import and use the SQL console.

An organisation's deployment turns logins on with Streamlit's own `[auth]` section (used by st.login)
and names its administrators in an `[access]` section of the same file:

    [auth]
    redirect_uri = "https://ita.example.go.th/oauth2callback"
    cookie_secret = "a long random string"
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://login.example.go.th/.well-known/openid-configuration"

    [access]
    admins = ["analyst@example.go.th", "it-team@example.go.th"]   # compared without regard to case

Every viewer must then log in; only the listed e-mail addresses may upload and import indicators or
use the SQL console. No `[access]` section (or an empty list) means nobody may: a read-only deployment.
Settings that cannot be trusted (a secrets file that is not valid TOML, `admins` that is not a list of
e-mail addresses, `[access]` without `[auth]`) close the app with an error naming the file instead of
falling back to open access.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from ita_analytics import i18n

from . import components

DEFAULT_SECRETS_FILE = ".streamlit/secrets.toml"
# Streamlit's login always comes back to the app's root. So the login screen remembers the address the viewer
# opened (a shared link: its page, filters and language) for this tab, and the first page loaded after the login
# forgets it, going on to it if that page is the root the login came back to (not one the viewer has moved on
# to). Only to this server: an address like "//elsewhere.example" must not take a viewer off the app.
# A JS-only v2 component: it draws nothing.
RETURN_TO_JS = """
const KEY = "ita.returnTo";
export default function ({ data }) {
  const here = location.pathname + location.search;
  if (data.step === "remember") {
    sessionStorage.setItem(KEY, here);
    return;
  }
  const wanted = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (!wanted || location.search || !location.pathname.endsWith("/")) return;
  const target = new URL(wanted, location.origin);
  if (target.origin === location.origin && target.pathname + target.search !== here) location.replace(target.href);
}
"""


class AccessSettingsError(Exception):
    """The access settings cannot be trusted; `key` names the label that says why."""

    def __init__(self, key: str, file: str) -> None:
        super().__init__(key)
        self.key, self.file = key, file


def _secrets_file() -> str:
    """Return the secrets file Streamlit reads (the first configured one that exists), to name it in errors."""
    existing = [path for path in st.get_option("secrets.files") if Path(path).exists()]
    return existing[0] if existing else DEFAULT_SECRETS_FILE


def _sections() -> tuple[Mapping | None, Mapping | None]:
    """Return the [auth] and [access] sections (None when absent); raise AccessSettingsError when unusable."""
    try:
        auth, access = st.secrets.get("auth"), st.secrets.get("access")
    except FileNotFoundError:
        # Streamlit raises the same error for "no secrets file" and "a file that is not valid TOML";
        # only the first is local mode: a broken file may well hold an [auth] section.
        if any(Path(path).exists() for path in st.get_option("secrets.files")):
            raise AccessSettingsError("auth_bad_secrets_file", _secrets_file()) from None
        return None, None
    if auth is not None and not isinstance(auth, Mapping):
        raise AccessSettingsError("auth_bad_auth_section", _secrets_file())
    if access is not None and auth is None:  # admins named but logins off would leave the app open
        raise AccessSettingsError("auth_access_without_auth", _secrets_file())
    return auth, access


def auth_configured() -> bool:
    """Return whether viewers must log in: secrets have an [auth] section, or cannot be read (fail closed)."""
    try:
        return _sections()[0] is not None
    except AccessSettingsError:
        return True


def admins() -> set[str]:
    """Return the lower-cased admin e-mails of [access] admins; raise AccessSettingsError when malformed."""
    access = _sections()[1]
    if access is None:
        return set()
    listed = access.get("admins", []) if isinstance(access, Mapping) else None
    if not isinstance(listed, list) or not all(isinstance(e, str) and "@" in e for e in listed):
        raise AccessSettingsError("auth_bad_admins", _secrets_file())
    return {e.strip().lower() for e in listed}


def _logged_in() -> bool:
    # st.user has no is_logged_in before Streamlit sees [auth]; an e-mail alone is not a login.
    return st.user.get("is_logged_in") is True


def _email() -> str:
    return str(st.user.get("email") or "")


def is_admin() -> bool:
    """Return whether this viewer may change data: always in local mode; in auth mode a logged-in admin."""
    try:
        if _sections()[0] is None:
            return True
        # A provider that says the address is unverified must not let someone claim an admin's e-mail.
        verified = st.user.get("email_verified") is not False
        return _logged_in() and verified and _email().lower() in admins()
    except AccessSettingsError:
        return False


def require_login(lang: str) -> None:
    """In auth mode show the login screen and stop unless logged in; then show who is logged in, in the sidebar.

    Call before anything reads data. Unusable settings stop the app with an error naming the file.
    """
    try:
        auth = _sections()[0]
        admins()  # validated here too, so a malformed list closes every page, not just the admin ones
    except AccessSettingsError as problem:
        st.error(i18n.t(problem.key, lang).format(file=problem.file), icon=":material/lock:")
        st.stop()
    if auth is None:
        return
    if not _logged_in():
        st.title(i18n.t("auth_login_title", lang))
        st.write(i18n.t("auth_login_text", lang))
        st.button(
            i18n.t("auth_login_button", lang),
            key="auth_login",
            type="primary",
            on_click=st.login,
            icon=":material/login:",
        )
        _return_to()(data={"step": "remember"}, key="auth_return_to")
        st.stop()
    with st.sidebar:  # on every run, so the sidebar does not shift when it goes; it acts once per page load
        _return_to()(data={"step": "return"}, key="auth_return_to")
    st.sidebar.caption(i18n.t("auth_logged_in_as", lang).format(email=components.md_escape(_email())))
    st.sidebar.button(i18n.t("auth_logout", lang), key="auth_logout", on_click=st.logout, icon=":material/logout:")


@functools.cache
def _return_to():
    return st.components.v2.component("ita_return_to", js=RETURN_TO_JS)


def require_admin(lang: str) -> None:
    """Stop the page with a message naming who may use it unless this viewer is an admin (never in local mode)."""
    if is_admin():
        return
    try:
        named = sorted(admins())
    except AccessSettingsError:
        named = []  # require_login has already said what is wrong
    if named:
        # The administrators' addresses stay mailto: links, to write to; the viewer's own is just text.
        admin_links = ", ".join(components.md_escape(e, links=True) for e in named)
        st.warning(
            i18n.t("auth_admin_only", lang).format(email=components.md_escape(_email()), admins=admin_links),
            icon=":material/lock:",
        )
    else:
        st.warning(i18n.t("auth_no_admins", lang).format(file=_secrets_file()), icon=":material/lock:")
    st.stop()
