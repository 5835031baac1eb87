"""A small OpenID Connect provider on 127.0.0.1 for the login tests: what Entra ID or Keycloak is to a deployment.

It speaks the authorization-code flow as Streamlit's st.login (Authlib) uses it: a discovery document, a sign-in
page with one e-mail field (no passwords: whoever the form names signs in), a token endpoint that checks the
client's credentials (HTTP Basic), the code (once, within a minute), its redirect_uri and the PKCE verifier, an
RS256-signed ID token carrying the login's nonce, the signing key as a JWKS, and RP-initiated logout. Whatever a
real provider would refuse it answers with 400 or 401 and notes in `refused`, so a failed login says why.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from joserfc import jwt  # what Authlib itself verifies ID tokens with
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

CODE_SECONDS = 60
TOKEN_SECONDS = 300


class OIDCProvider:
    """The provider, run on a free loopback port as a context manager; `issuer` is its base URL."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.redirect_uri: str | None = None  # registered once the app's port is known
        self.unverified: set[str] = set()  # addresses whose ID token says email_verified = false
        self.signed_in: list[str] = []  # e-mails whose codes the app exchanged for tokens
        self.signed_out: list[str] = []  # e-mails named by the id_token_hint of a logout
        self.refused: list[str] = []
        self._key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"}, private=True
        )
        self._logins: dict[str, dict] = {}  # sign-in form id → the checked authorization request
        self._codes: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.provider = self
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> OIDCProvider:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def metadata(self) -> dict:
        """Return the discovery document (/.well-known/openid-configuration)."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],  # Streamlit then always sends a PKCE challenge
        }

    def jwks(self) -> dict:
        """Return the public signing key as a JSON Web Key Set."""
        return {"keys": [self._key.as_dict(private=False)]}

    def sign_in_form(self, query: dict) -> str:
        """Check an authorization request and return the sign-in page for it."""
        if query.get("client_id") != self.client_id or query.get("redirect_uri") != self.redirect_uri:
            raise Refused(400, "unknown client or redirect_uri")  # never redirect to an unregistered address
        if (
            query.get("response_type") != "code"
            or "openid" not in query.get("scope", "").split()
            or not query.get("state")
            or not query.get("nonce")
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
        ):
            raise Refused(400, f"not an OIDC code request with state, nonce and S256 PKCE: {sorted(query)}")
        login = secrets.token_urlsafe(16)
        with self._lock:
            self._logins[login] = {k: query[k] for k in ("state", "nonce", "code_challenge")}
        return (
            f'<!doctype html><title>Sign in</title><form method="post" action="/authorize">'
            f'<input type="hidden" name="login" value="{html.escape(login)}">'
            f'<label>E-mail <input name="email" type="email" required></label>'
            f'<button type="submit">Sign in</button></form>'
        )

    def sign_in(self, form: dict) -> str:
        """Sign in the e-mail the form names; return the redirect back to the app with a code and the state."""
        with self._lock:
            login = self._logins.pop(form.get("login", ""), None)
        if login is None or "@" not in form.get("email", ""):
            raise Refused(400, "unknown sign-in form or no e-mail")
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {**login, "email": form["email"], "expires": time.time() + CODE_SECONDS}
        return f"{self.redirect_uri}?{urlencode({'code': code, 'state': login['state']})}"

    def token(self, authorization: str, form: dict) -> dict:
        """Exchange a code for an access token and a signed ID token, checking the client and PKCE."""
        if authorization != "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode():
            raise Refused(401, "client authentication failed")
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # a code is good for one exchange
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or form.get("redirect_uri") != self.redirect_uri
            or challenge != grant["code_challenge"]
        ):
            raise Refused(400, "invalid_grant: unknown, used or expired code, other redirect_uri or PKCE verifier")
        now, email = int(time.time()), grant["email"]
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": hashlib.sha256(email.lower().encode()).hexdigest(),
            "email": email,
            "email_verified": email not in self.unverified,
            "name": email.split("@")[0],
            "nonce": grant["nonce"],
            "iat": now,
            "exp": now + TOKEN_SECONDS,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": self._key.kid}, claims, self._key)
        self.signed_in.append(email)
        return {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "scope": "openid email profile",
            "id_token": id_token,
        }

    def logout(self, query: dict) -> str:
        """End the session the ID token hint names; return the redirect to the registered address."""
        if query.get("post_logout_redirect_uri") != self.redirect_uri or query.get("client_id") != self.client_id:
            raise Refused(400, "unknown client or post_logout_redirect_uri")
        try:
            claims = jwt.decode(query.get("id_token_hint", ""), self._key, algorithms=["RS256"]).claims
        except (JoseError, ValueError) as bad:
            raise Refused(400, f"id_token_hint not ours: {bad}") from None
        if claims.get("aud") != self.client_id:
            raise Refused(400, "id_token_hint was issued to another client")
        self.signed_out.append(claims["email"])
        return query["post_logout_redirect_uri"]


class Refused(Exception):
    """A request a real provider would refuse: the HTTP status and why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        """Serve discovery, the key set, the sign-in page and logout."""
        provider: OIDCProvider = self.server.provider
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        routes = {
            "/.well-known/openid-configuration": lambda: self._json(provider.metadata()),
            "/jwks": lambda: self._json(provider.jwks()),
            "/authorize": lambda: self._send(200, provider.sign_in_form(query), "text/html; charset=utf-8"),
            "/logout": lambda: self._redirect(provider.logout(query)),
        }
        self._answer(routes.get(parts.path))

    def do_POST(self) -> None:  # noqa: N802
        """Take the sign-in form and the app's code exchange."""
        provider: OIDCProvider = self.server.provider
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = dict(parse_qsl(body))
        routes = {
            "/authorize": lambda: self._redirect(provider.sign_in(form)),
            "/token": lambda: self._json(provider.token(self.headers.get("Authorization", ""), form)),
        }
        self._answer(routes.get(urlsplit(self.path).path))

    def _answer(self, route) -> None:
        try:
            if route is None:
                raise Refused(404, f"no such endpoint: {self.command} {self.path}")
            route()
        except Refused as refused:
            self.server.provider.refused.append(f"{self.command} {urlsplit(self.path).path}: {refused}")
            self._send(refused.status, json.dumps({"error": str(refused)}), "application/json")

    def _json(self, body: dict) -> None:
        self._send(200, json.dumps(body), "application/json")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # refusals are kept in provider.refused; the rest would only be noise in pytest's output
