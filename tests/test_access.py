"""Access control through AppTest: local single-user mode, and OIDC logins ([auth]) with admins ([access]).

AppTest simulates the login: `at.secrets` stands in for .streamlit/secrets.toml and `at.user` for what
st.user reads after an OIDC round trip (`{"is_logged_in": True, "email": ...}`). The last test clicks the
login button against a real secrets file and sees Streamlit start its OIDC redirect; the whole round trip,
through a real provider and a browser, is tested in tests/test_oidc_login.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from conftest import PROJECT, charts, file_digest, unescaped
from streamlit import config
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import build_mock_config_get_option

from ita_analytics import i18n

pytestmark = pytest.mark.usefixtures("fresh_caches")

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "https://login.example.go.th/.well-known/openid-configuration",
}
ADMIN, VIEWER = "Admin@Example.go.th", "viewer@example.go.th"
SECRETS = {"auth": AUTH, "access": {"admins": [ADMIN, "it@example.go.th"]}}
LOGGED_OUT = {"is_logged_in": False}
VIEWS = sorted(p.stem for p in (PROJECT / "views").glob("*.py"))


def app(
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    view: str | None = None,
    *,
    secrets: dict | None = None,
    user: dict | None = None,
    lang: str = "th",
) -> AppTest:
    """Return an AppTest of app.py on db_path with these secrets and st.user, run (then switched to views/VIEW.py)."""
    monkeypatch.setenv("ITA_DB", str(db_path))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    at.secrets.update(secrets or {})
    if user is not None:
        at.user = user
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    if view is not None:
        at.switch_page(f"views/{view}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def logged_in(email: str, **claims: object) -> dict:
    return {"is_logged_in": True, "email": email, "name": "Somchai", **claims}


def shows_data(at: AppTest) -> bool:
    return bool(at.metric or charts(at) or at.dataframe or at.sidebar.get("selectbox"))


def login_button(at: AppTest):
    return [b for b in at.button if b.key == "auth_login"]


# --- local mode -----------------------------------------------------------------------------------


@pytest.mark.parametrize("secrets", [None, {"other_service": {"token": "x"}}], ids=["no-secrets", "no-auth-section"])
def test_local_mode_opens_every_page_with_no_login_and_full_rights(monkeypatch, tiny_db, secrets):
    at = app(monkeypatch, tiny_db, secrets=secrets)
    assert not login_button(at) and at.metric and not at.sidebar.get("button")
    for view in VIEWS:
        at.switch_page(f"views/{view}.py").run()
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not login_button(at), view
    at.switch_page("views/indicators.py").run()
    assert at.get("file_uploader")
    at.switch_page("views/sql_console.py").run()
    assert at.text_area(key="sql") and not at.dataframe  # opening the console runs nothing; Run does
    at.button(key="console_run").click().run()
    assert at.dataframe[0].value["agencies"].tolist() == [5, 5]


# --- auth mode, not logged in ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("user", [None, LOGGED_OUT], ids=["apptest-default-user", "logged-out"])
def test_login_screen_and_no_data_before_login(monkeypatch, tiny_db, lang, user):
    # AppTest's default st.user has an e-mail but no is_logged_in: an e-mail alone is not a login.
    at = app(monkeypatch, tiny_db, secrets=SECRETS, user=user, lang=lang)
    [button] = login_button(at)
    assert button.label == i18n.t("auth_login_button", lang)
    assert at.title[0].value == i18n.t("auth_login_title", lang)
    assert i18n.t("auth_login_text", lang) in [m.value for m in at.markdown]
    assert not shows_data(at) and not at.info
    assert [w.key for w in at.sidebar.get("radio")] == ["lang"]  # the language switch stays, nothing else


def test_the_language_switch_works_on_the_login_screen(monkeypatch, tiny_db):
    at = app(monkeypatch, tiny_db, secrets=SECRETS, user=LOGGED_OUT)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert login_button(at)[0].label == "Log in" and not shows_data(at)


# --- auth mode, a viewer --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_viewer_sees_the_data_and_who_is_logged_in(monkeypatch, tiny_db, lang):
    at = app(monkeypatch, tiny_db, secrets=SECRETS, user=logged_in(VIEWER), lang=lang)
    assert not login_button(at) and at.metric and charts(at)
    captions = [unescaped(c.value) for c in at.sidebar.caption]
    assert i18n.t("auth_logged_in_as", lang).format(email=VIEWER) in captions
    assert [b.label for b in at.sidebar.button] == [i18n.t("auth_logout", lang)]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("view", ["indicators", "sql_console"])
def test_a_viewer_gets_the_admin_only_message_on_pages_that_write_or_query(monkeypatch, tiny_db, view, lang):
    before = file_digest(tiny_db)
    at = app(monkeypatch, tiny_db, view, secrets=SECRETS, user=logged_in(VIEWER), lang=lang)
    message = unescaped(at.warning[-1].value)
    assert message == i18n.t("auth_admin_only", lang).format(email=VIEWER, admins=f"{ADMIN.lower()}, it@example.go.th")
    assert not at.get("file_uploader") and not at.text_area and not at.dataframe
    assert not [b for b in at.button if b.key in ("indicator_import", "indicator_remove", "console_run")]
    assert at.title  # the page still says where the viewer is
    assert file_digest(tiny_db) == before


def test_with_no_admins_named_nobody_may_write_and_the_message_says_how_to_fix_it(monkeypatch, tiny_db):
    at = app(monkeypatch, tiny_db, "sql_console", secrets={"auth": AUTH}, user=logged_in(ADMIN), lang="en")
    assert not at.text_area
    assert "`[access] admins`" in at.warning[-1].value and ".streamlit/secrets.toml" in at.warning[-1].value


def test_an_unverified_e_mail_is_not_an_admin(monkeypatch, tiny_db):
    at = app(monkeypatch, tiny_db, "sql_console", secrets=SECRETS, user=logged_in(ADMIN, email_verified=False))
    assert not at.text_area and at.warning


def test_logout_returns_to_the_login_screen(monkeypatch, tiny_db):
    at = app(monkeypatch, tiny_db, secrets=SECRETS, user=logged_in(VIEWER))
    at.sidebar.button(key="auth_logout").click().run()
    assert not at.exception and login_button(at) and not shows_data(at)


# --- auth mode, an admin --------------------------------------------------------------------------


@pytest.mark.parametrize("email", [ADMIN, ADMIN.lower(), "ADMIN@EXAMPLE.GO.TH"])
def test_an_admin_may_upload_and_query_whatever_the_case_of_the_address(monkeypatch, tiny_db, email):
    at = app(monkeypatch, tiny_db, "indicators", secrets=SECRETS, user=logged_in(email))
    assert at.get("file_uploader") and not at.warning
    at.switch_page("views/sql_console.py").run()
    at.button(key="console_run").click().run()
    assert not at.exception and at.dataframe[0].value["agencies"].tolist() == [5, 5]
    at.text_area(key="sql").set_value("select 42 as answer")
    at.button(key="console_run").click().run()
    assert at.dataframe[0].value["answer"].tolist() == [42]


# --- settings that cannot be trusted --------------------------------------------------------------


@pytest.mark.parametrize(
    "secrets, key",
    [
        ({"auth": AUTH, "access": {"admins": ADMIN}}, "auth_bad_admins"),  # a string, not a list
        ({"auth": AUTH, "access": {"admins": ["admin"]}}, "auth_bad_admins"),  # not an e-mail address
        ({"auth": AUTH, "access": {"admins": [ADMIN, 7]}}, "auth_bad_admins"),
        ({"auth": AUTH, "access": "everyone"}, "auth_bad_admins"),
        ({"auth": "on"}, "auth_bad_auth_section"),
        ({"access": {"admins": [ADMIN]}}, "auth_access_without_auth"),  # admins named, but no logins
    ],
)
@pytest.mark.parametrize("user", [logged_in(ADMIN), LOGGED_OUT], ids=["admin", "logged-out"])
def test_misconfigured_access_closes_the_app_with_an_error(monkeypatch, tiny_db, secrets, key, user):
    at = app(monkeypatch, tiny_db, secrets=secrets, user=user, lang="en")
    assert at.error[0].value == i18n.t(key, "en").format(file=".streamlit/secrets.toml")
    assert not login_button(at) and not shows_data(at)
    at.switch_page("views/sql_console.py").run()  # a direct link does not get round it either
    assert not at.exception and at.error and not at.text_area and not at.dataframe


def test_a_secrets_file_that_is_not_valid_toml_closes_the_app(monkeypatch, tiny_db, tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback\n', encoding="utf-8")
    read_from = build_mock_config_get_option({"secrets.files": [str(broken)]})
    monkeypatch.setattr(config, "get_option", read_from)  # where Streamlit reads secrets from
    monkeypatch.setattr(st, "get_option", read_from)  # bound at import: where access.py looks for the file
    at = app(monkeypatch, tiny_db, lang="en")
    assert at.error[0].value == i18n.t("auth_bad_secrets_file", "en").format(file=broken)
    assert not login_button(at) and not shows_data(at)


# --- the login button, against a real secrets file --------------------------------------------------

LOGIN_CLICK = """
import json
import sys
from unittest.mock import patch
import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import build_mock_config_get_option

read_from = build_mock_config_get_option({"secrets.files": [sys.argv[1]]})
redirects, enqueue = [], ScriptRunContext.enqueue
def spy(ctx, msg):
    if msg.HasField("auth_redirect"):
        redirects.append(msg.auth_redirect.url)
    return enqueue(ctx, msg)
with patch.object(config, "get_option", read_from), patch.object(st, "get_option", read_from), \\
        patch.object(ScriptRunContext, "enqueue", spy):
    at = AppTest.from_file(sys.argv[2], default_timeout=60).run()
    at.button(key="auth_login").click().run()
print("RESULT", json.dumps([[e.message for e in at.exception], redirects]))
"""


def test_the_login_button_starts_streamlit_s_oidc_redirect(tmp_path, tiny_db):
    # A subprocess: Streamlit keeps a secrets file it parsed for the whole process, and st.login reads that
    # one (not AppTest's at.secrets), so this is the one test that uses a real secrets.toml.
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items())
        + '[access]\nadmins = ["admin@example.go.th"]\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", LOGIN_CLICK, str(secrets), str(PROJECT / "app.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
        env={**os.environ, "ITA_DB": str(tiny_db)},
    )
    assert done.returncode == 0, done.stderr
    [result] = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    errors, redirects = json.loads(result.removeprefix("RESULT "))
    assert errors == [] and len(redirects) == 1 and redirects[0].startswith("/auth/login?provider=")
