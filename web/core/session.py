"""The desk's sign-in and forms: server-side sessions, CSRF tokens, the guard of /desk.

- Sign-in takes one of the API's tokens (``GEOMAP_API_TOKENS``), and is limited like a
  bearer token (:mod:`web.core.limits`: 429 after too many failures).
- A session lives in the store (``desk_sessions``: who, an HMAC of the token, when it
  expires); the cookie carries only a random secret whose digest names it. Every request
  looks it up, so signing out ends it everywhere at once (a copied cookie stops working),
  and so does removing its token from the setting (the session is ended on its next use,
  and every session of a removed token at the next sign-in).
- The cookie is Flask's signed session: HttpOnly, SameSite=Lax, and Secure per
  ``GEOMAP_SESSION_COOKIE_SECURE`` (``auto``: when the request came over https).
- Every form carries a per-session token in a hidden field (``csrf_token``), compared in
  constant time; a POST whose ``Origin`` names another site is refused as well.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from geomap.store import DeskSession

from .auth import parse_tokens, token_label, token_name
from .deps import get_store
from .limits import check_allowed, failed
from .urls import public_origins

__all__ = ["DeskSessionInterface", "csrf_token", "check_csrf", "sign_in", "sign_out",
           "signed_in", "protect", "cookie_secure"]

_CSRF = "csrf"
_SESSION = "sid"


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
    if origin and origin != "null" and origin.rstrip("/") not in public_origins():
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


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def sign_in(token: str) -> str | None:
    """Open a session for ``token`` when it is a configured token; return its name.

    Raises:
        TooManyAttempts: 429 when this address or this token has failed too often.
    """
    if not token:
        return None
    check_allowed("desk sign-in", token_name(token))
    setting = current_app.config.get("API_TOKENS")
    who = token_label(token, setting)
    if who is None:
        failed("desk sign-in", token_name(token))
        return None
    store = get_store()
    store.end_sessions(keys_except=[_key(t) for _, t in parse_tokens(setting)])
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    store.open_session(DeskSession(
        id=_digest(secret), who=who, key=_key(token), created_at=now,
        expires_at=now + current_app.permanent_session_lifetime))
    session.clear()  # a new session: no fixation, a new CSRF token
    session.permanent = True
    session[_SESSION] = secret
    g.pop("geomap_desk", None)
    return who


def sign_out() -> None:
    """End the session, in the store (wherever its cookie has been copied) and here."""
    secret = session.get(_SESSION)
    if isinstance(secret, str) and secret:
        get_store().end_sessions(ids=[_digest(secret)])
    session.clear()
    g.pop("geomap_desk", None)


def signed_in() -> str | None:
    """The name of whoever is signed in: their session is in the store, unexpired, and
    their token is still configured (else the session ends here)."""
    if "geomap_desk" not in g:
        g.geomap_desk = _signed_in()
    who: str | None = g.geomap_desk
    return who


def _signed_in() -> str | None:
    secret = session.get(_SESSION)
    if not isinstance(secret, str) or not secret:
        return None
    store = get_store()
    found = store.find_session(_digest(secret))
    if found is None:
        return None
    ok = False
    for name, token in parse_tokens(current_app.config.get("API_TOKENS")):
        # every token is hashed and compared, so that timing tells nothing
        if hmac.compare_digest(_key(token), found.key) and name == found.who:
            ok = True
    if not ok:
        store.end_sessions(ids=[found.id])
        return None
    return found.who


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
