"""The desk's sign-in and forms: a signed session cookie, CSRF tokens, the guard of /desk.

- Sign-in takes one of the API's tokens (``GEOMAP_API_TOKENS``); the session keeps the
  token's name (for the audit trail) and an HMAC of the token, so that removing a token
  from the setting ends the sessions opened with it.
- The cookie is Flask's signed session: HttpOnly, SameSite=Lax, and Secure per
  ``GEOMAP_SESSION_COOKIE_SECURE`` (``auto``: when the request came over https).
- Every form carries a per-session token in a hidden field (``csrf_token``), compared in
  constant time; a POST whose ``Origin`` names another site is refused as well.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from .auth import parse_tokens, token_label

__all__ = ["DeskSessionInterface", "csrf_token", "check_csrf", "sign_in", "sign_out",
           "signed_in", "protect", "cookie_secure"]

_CSRF = "csrf"
_WHO = "who"
_KEY = "key"


def cookie_secure(value: str | bool) -> bool | str:
    """The ``SESSION_COOKIE_SECURE`` value of the setting: True, False or ``"auto"``.

    Raises:
        ValueError: a value other than auto, 1/true/yes or 0/false/no.
    """
    if isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text == "auto":
        return "auto"
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"GEOMAP_SESSION_COOKIE_SECURE must be auto, 1 or 0, not {value!r}")


class DeskSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with ``SESSION_COOKIE_SECURE = "auto"`` meaning
    "Secure when this request came over https"."""

    def get_cookie_secure(self, app: Flask) -> bool:
        value = app.config.get("SESSION_COOKIE_SECURE")
        if value == "auto":
            return request.is_secure
        return bool(value)


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    token = session.get(_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[_CSRF] = token
    return token


def check_csrf() -> None:
    """Refuse (400) a form without this session's CSRF token, or sent from another site.

    Raises:
        werkzeug.exceptions.BadRequest: the token is missing or wrong.
        werkzeug.exceptions.Forbidden: the ``Origin`` header names another site.
    """
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.rstrip("/") != request.host_url.rstrip("/"):
        abort(403, "this form was sent from another site")
    expected = session.get(_CSRF)
    sent = request.form.get("csrf_token", "")
    if not isinstance(expected, str) or not expected or not hmac.compare_digest(
            sent.encode("utf-8"), expected.encode("utf-8")):
        abort(400, "the form's security token is missing or out of date: reload the page "
                   "and send it again")


def _key(token: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, token.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def sign_in(token: str) -> str | None:
    """Open a session for ``token`` when it is a configured token; return its name."""
    who = token_label(token, current_app.config.get("API_TOKENS"))
    if who is None:
        return None
    session.clear()  # a new session: no fixation, a new CSRF token
    session.permanent = True
    session[_WHO] = who
    session[_KEY] = _key(token)
    return who


def sign_out() -> None:
    """End the session."""
    session.clear()


def signed_in() -> str | None:
    """The name of whoever is signed in, if their token is still configured."""
    who, key = session.get(_WHO), session.get(_KEY)
    if not isinstance(who, str) or not isinstance(key, str):
        return None
    found = False
    for name, token in parse_tokens(current_app.config.get("API_TOKENS")):
        # every token is hashed and compared, so that timing tells nothing
        if hmac.compare_digest(_key(token), key) and name == who:
            found = True
    return who if found else None


def protect(bp: Blueprint, *, public: tuple[str, ...] = ()) -> None:
    """Guard every view of ``bp``: CSRF on every POST, sign-in except for ``public``
    endpoints; desk pages are never cached or framed."""

    @bp.before_request
    def _guard() -> Any:
        if request.method == "POST":
            check_csrf()
        if request.endpoint in public or signed_in() is not None:
            return None
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("desk.login", next=request.full_path.rstrip("?")))
        abort(401, "sign in first")

    @bp.after_request
    def _headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @bp.context_processor
    def _who() -> dict[str, Any]:
        return {"who": signed_in()}

    @bp.app_template_global("csrf_token")
    def _csrf_token() -> str:
        return csrf_token()
