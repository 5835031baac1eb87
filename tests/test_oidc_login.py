"""A real OIDC login round trip: Debian's Chromium, `streamlit run` with a secrets file, and a provider on loopback.

tests/test_access.py simulates the logged-in user with AppTest; here nothing is simulated. The secrets file
points [auth] at tests/oidc_provider.py, a small OpenID Connect provider on 127.0.0.1. The browser clicks the
app's login button, signs in on the provider's page, Streamlit's /oauth2callback exchanges the code (client
secret, PKCE) and checks the RS256 ID token and its nonce, and the app shows who is logged in. A viewer gets
the admin-only message on the SQL console, an admin (named in another case) gets the console, an address the
provider has not verified does not, and logging out (through the provider's end-session endpoint) brings back
the login screen. A link opened before the login leads on to its page after it, and never off the app.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator

import pytest
from browser_support import is_loopback, loopback_context, streamlit_server
from oidc_provider import OIDCProvider
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ita_analytics import i18n

TIMEOUT_MS = 45_000  # as tests/browser_app_support.py: a 2-core machine, cold caches and Chromium's start
expect.set_options(timeout=TIMEOUT_MS)

CLIENT_ID, CLIENT_SECRET = "ita-dashboard", secrets.token_urlsafe(24)
ADMIN, OTHER_ADMIN, VIEWER = "Admin@Example.go.th", "it@example.go.th", "viewer@example.go.th"
LANG = "th"  # the app's default, and the language after the callback's redirect to "/"
DATA = (
    '[data-testid="stMain"] :is([data-testid="stMetric"], .ita-chart, '
    '[data-testid="stDataFrame"])'
)  # anything drawn from the database


@pytest.fixture(scope="module")
def provider() -> Iterator[OIDCProvider]:
    """The OIDC provider on a free loopback port, with the app registered as its one client."""
    with OIDCProvider(CLIENT_ID, CLIENT_SECRET) as running:
        yield running


@pytest.fixture(scope="module")
def server(demo_db, provider, tmp_path_factory) -> Iterator[str]:
    """The app on the demo database, its secrets file pointing [auth] at the provider."""
    auth = {
        "redirect_uri": "http://127.0.0.1:{port}/oauth2callback",  # Streamlit fills in its own port
        "cookie_secret": secrets.token_urlsafe(32),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "server_metadata_url": f"{provider.issuer}/.well-known/openid-configuration",
    }
    path = tmp_path_factory.mktemp("oidc") / "secrets.toml"
    path.write_text(
        "[auth]\n"
        + "".join(f"{k} = {json.dumps(v)}\n" for k, v in auth.items())
        + f"[access]\nadmins = {json.dumps([ADMIN, OTHER_ADMIN])}\n",
        encoding="utf-8",
    )
    with streamlit_server(demo_db, extra_args=("--secrets.files", str(path))) as base_url:
        provider.redirect_uri = f"{base_url}/oauth2callback"  # the client's registration at the provider
        yield base_url


@pytest.fixture
def context(browser: Browser, provider: OIDCProvider) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies) that may only reach loopback; the provider must refuse nothing."""
    blocked: list[str] = []
    requested: list[str] = []
    context = loopback_context(browser, blocked, TIMEOUT_MS)
    # A route sees only the first request of a redirect chain; the login is all redirects, so check each hop too.
    context.on("request", lambda request: requested.append(request.url))
    refused_before = len(provider.refused)
    yield context
    context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"
    assert all(is_loopback(url) for url in requested), sorted({u for u in requested if not is_loopback(u)})
    assert provider.refused[refused_before:] == []


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page in a fresh context: logged out, as a viewer who has never used the app."""
    return context.new_page()


# --- helpers ------------------------------------------------------------------------------------


def sidebar(page: Page):
    """Return the app's sidebar."""
    return page.locator('[data-testid="stSidebar"]')


def keyed(page: Page, key: str):
    """Return the button of the widget with this key (Streamlit marks its container with st-key-KEY)."""
    return page.locator(f".st-key-{key}").get_by_role("button")


def as_shown(email: str) -> str:
    """Return the viewer's address as the page writes it: an invisible word joiner before the "@" keeps Markdown
    from making it a mailto: link (components.md_escape)."""
    return email.replace("@", "\u2060@")


def logged_in_as(page: Page, email: str):
    """Return the sidebar's "logged in as EMAIL" caption."""
    return sidebar(page).get_by_text(i18n.t("auth_logged_in_as", LANG).format(email=as_shown(email)), exact=True)


def wait_until_done(page: Page) -> None:
    """Wait for the script run to finish; fail on an exception."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def expect_login_screen(page: Page) -> None:
    """The login screen is drawn, and nothing of the dashboard: no data, filters or logged-in user."""
    expect(page.get_by_role("heading", level=1, name=i18n.t("auth_login_title", LANG), exact=True)).to_be_visible()
    expect(page.get_by_text(i18n.t("auth_login_text", LANG), exact=True)).to_be_visible()
    expect(keyed(page, "auth_login")).to_have_text(re.compile(re.escape(i18n.t("auth_login_button", LANG))))
    wait_until_done(page)
    expect(page.locator(DATA)).to_have_count(0)
    expect(sidebar(page).locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]')).to_have_count(0)
    expect(page.locator(".st-key-auth_logout")).to_have_count(0)


def log_in(page: Page, server: str, provider: OIDCProvider, email: str) -> None:
    """Open the app, click its login button, sign in as email on the provider's page, and return to the app."""
    page.goto(server)
    expect_login_screen(page)
    keyed(page, "auth_login").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/authorize\?"))
    page.get_by_label("E-mail").fill(email)
    with page.expect_navigation(url=f"{server}/") as landed:
        page.get_by_role("button", name="Sign in").click()
    # The provider sends the browser to the app's callback with a code, and Streamlit, once it has exchanged the
    # code and checked the ID token, sends it on to the app without the code in the address.
    assert hops(landed.value.request) == [f"{provider.issuer}/authorize", f"{server}/oauth2callback", f"{server}/"]
    assert provider.signed_in[-1] == email  # the exchange at /token, by the app's server
    expect(logged_in_as(page, email)).to_be_visible()


def open_console(page: Page, server: str) -> None:
    """Open the SQL console by its address (a full reload: the login must live in the cookie, not the session)."""
    page.goto(f"{server}/sql")
    expect(page.get_by_role("heading", level=1, name=i18n.t("console_title", LANG), exact=True)).to_be_visible()


def hops(request) -> list[str]:
    """Return the addresses (without query) a navigation went through, first to last."""
    chain = []
    while request is not None:
        chain.insert(0, request.url.split("?")[0])
        request = request.redirected_from
    return chain


def admin_only(page: Page):
    """Return the text of the admin-only warning (without its icon), if the page shows one."""
    alert = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
    return alert.filter(has_text=i18n.t("auth_admin_only", LANG)[:40])


# --- the round trip -----------------------------------------------------------------------------


def test_the_login_screen_hides_the_data_until_the_provider_has_logged_the_viewer_in(server, provider, page):
    """Before the login nothing is drawn (log_in checks that); after it, the overview's data and a logout button."""
    log_in(page, server, provider, VIEWER)
    chart = page.locator('[data-testid="stMain"] .ita-chart .main-svg').first
    expect(chart).to_be_visible()
    expect(page.locator('[data-testid="stMain"] [data-testid="stMetric"]').first).to_be_visible()
    expect(keyed(page, "auth_logout")).to_have_text(re.compile(re.escape(i18n.t("auth_logout", LANG))))
    wait_until_done(page)
    expect(keyed(page, "auth_login")).to_have_count(0)


def test_a_viewer_gets_the_admin_only_message_on_the_sql_console(server, provider, page):
    """The message names the viewer and the admins, and the console's text area and result are not drawn."""
    log_in(page, server, provider, VIEWER)
    open_console(page, server)
    message = i18n.t("auth_admin_only", LANG).format(email=as_shown(VIEWER), admins=f"{ADMIN.lower()}, {OTHER_ADMIN}")
    expect(admin_only(page)).to_have_text(message)
    wait_until_done(page)
    # the administrators' addresses are links to write to; the viewer's own address is not a link anywhere
    links = admin_only(page).get_by_role("link")
    expect(links).to_have_count(2)
    hrefs = [links.nth(i).get_attribute("href") for i in range(2)]
    assert hrefs == [f"mailto:{ADMIN.lower()}", f"mailto:{OTHER_ADMIN}"]
    expect(page.locator(f'a[href*="{VIEWER}"]')).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator(DATA)).to_have_count(0)
    expect(logged_in_as(page, VIEWER)).to_be_visible()


def test_an_admin_named_in_another_case_gets_the_sql_console(server, provider, page):
    """[access] lists Admin@Example.go.th; the provider says admin@example.go.th: the same administrator."""
    log_in(page, server, provider, ADMIN.lower())
    open_console(page, server)
    expect(page.get_by_label(i18n.t("console_sql", LANG))).to_be_visible()
    wait_until_done(page)
    page.get_by_role("button", name=i18n.t("console_run", LANG)).click()  # opening the console runs nothing
    expect(page.locator('[data-testid="stMain"] [data-testid="stDataFrame"] canvas').first).to_be_visible()
    wait_until_done(page)
    expect(admin_only(page)).to_have_count(0)


def test_an_admin_address_the_provider_has_not_verified_does_not_get_the_console(server, provider, page):
    """email_verified = false in the signed ID token reaches st.user, and an unverified address is no admin."""
    provider.unverified.add(ADMIN)  # the ID token says email_verified = false
    try:
        log_in(page, server, provider, ADMIN)
        open_console(page, server)
        expect(admin_only(page)).to_be_visible()
        wait_until_done(page)
        expect(page.locator("textarea")).to_have_count(0)
    finally:
        provider.unverified.discard(ADMIN)


def test_logging_out_ends_the_session_at_the_provider_and_returns_to_the_login_screen(server, provider, page):
    """The logout goes through the provider and back; the login cookies are gone, so a reload stays logged out."""
    log_in(page, server, provider, VIEWER)
    with page.expect_navigation(url=f"{server}/") as landed:
        keyed(page, "auth_logout").click()
    # Streamlit clears its cookies, sends the browser to the provider's end_session_endpoint, and the provider
    # sends it back through the registered callback address to the app.
    assert hops(landed.value.request) == [
        f"{server}/auth/logout",
        f"{provider.issuer}/logout",
        f"{server}/oauth2callback",
        f"{server}/",
    ]
    assert provider.signed_out[-1] == VIEWER
    expect_login_screen(page)
    assert not [c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    page.reload()  # the login is gone from the browser, not just from this session
    expect_login_screen(page)


def sign_in_from_the_login_screen(page: Page, provider: OIDCProvider, email: str) -> None:
    """Click the login button of the screen already open, and sign in as email on the provider's page."""
    keyed(page, "auth_login").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/authorize\?"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Sign in").click()


def test_a_link_opened_before_the_login_leads_on_to_its_page_after_it(server, provider, page):
    """Streamlit's login comes back to "/"; the app goes on to the address opened, with its filters and language."""
    link = f"{server}/regions?lang=en&year=2024"
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name=i18n.t("auth_login_title", "en"), exact=True)).to_be_visible()
    wait_until_done(page)
    sign_in_from_the_login_screen(page, provider, VIEWER)
    expect(page).to_have_url(link)
    expect(
        page.get_by_role("heading", level=1, name=f"{i18n.t('regions_title', 'en')} 2024", exact=True)
    ).to_be_visible()
    wait_until_done(page)
    page.reload()  # the address is used once: a reload stays where it is
    expect(page).to_have_url(link)
    wait_until_done(page)


def test_the_login_does_not_lead_off_the_app_whatever_address_it_remembered(server, provider, page):
    """A path beginning "//" names another server to a browser. The server refuses such a link, and were one
    remembered all the same, the app stays on its own pages after the login (the context fails on any request
    beyond loopback)."""
    assert page.goto(f"{server}//elsewhere.example/types").status == 400
    page.goto(server)
    expect_login_screen(page)
    page.wait_for_function("() => sessionStorage.getItem('ita.returnTo') !== null")  # the screen's own address
    page.evaluate("() => sessionStorage.setItem('ita.returnTo', '//elsewhere.example/types')")
    sign_in_from_the_login_screen(page, provider, VIEWER)
    expect(logged_in_as(page, VIEWER)).to_be_visible()
    wait_until_done(page)
    page.wait_for_function("() => sessionStorage.getItem('ita.returnTo') === null")  # read, and not followed
    assert page.url == f"{server}/"
