"""Bearer tokens for writes: ``Authorization: Bearer <token>`` against ``GEOMAP_API_TOKENS``.

The setting is a comma-separated list; an entry ``name:token`` names whoever holds the token
(the name goes into the audit trail), a bare ``token`` is named ``token-<digest>`` (never the
token itself). Tokens are compared in constant time, each against every configured one.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request

from .errors import Unauthorized
from .limits import check_allowed, failed

__all__ = ["parse_tokens", "token_label", "token_name", "require_token", "current_who"]

F = TypeVar("F", bound=Callable[..., Any])


def parse_tokens(setting: str | Iterable[str] | None) -> list[tuple[str, str]]:
    """(name, token) pairs from the setting's text (or an already split list)."""
    if not setting:
        return []
    entries = setting.split(",") if isinstance(setting, str) else list(setting)
    out: list[tuple[str, str]] = []
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        name, sep, token = entry.partition(":")
        if not sep or not name.strip() or not token.strip():
            token = entry
            name = token_name(entry)
        out.append((name.strip(), token.strip()))
    return out


def token_name(token: str) -> str:
    """What a token is called when it has no name of its own: ``token-`` and a digest
    (never the token itself)."""
    return "token-" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]


def token_label(token: str, setting: str | Iterable[str] | None) -> str | None:
    """The name of ``token`` when it is one of the configured tokens, else None."""
    given = token.encode("utf-8")
    found: str | None = None
    for name, known in parse_tokens(setting):
        # compare with every token, so that timing tells nothing about which matched
        if hmac.compare_digest(given, known.encode("utf-8")) and found is None:
            found = name
    return found


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_token(view: F) -> F:
    """Let the view run only with a valid bearer token; its name is in ``current_who()``.

    Raises:
        Unauthorized: without a token, with an unknown one, or when no token is configured.
        TooManyAttempts: 429 when this address or this token has failed too often
            (:mod:`web.core.limits`).
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        setting = current_app.config.get("API_TOKENS")
        if not parse_tokens(setting):
            raise Unauthorized("writes are disabled: no API token is configured "
                               "(GEOMAP_API_TOKENS)")
        token = _bearer()
        if token is None:
            raise Unauthorized("this needs a bearer token (Authorization: Bearer <token>)")
        check_allowed("bearer token", token_name(token))
        who = token_label(token, setting)
        if who is None:
            failed("bearer token", token_name(token))
            raise Unauthorized("the bearer token is not valid", "invalid_token")
        g.geomap_who = who
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def current_who() -> str:
    """The name of the token the current request was authorised with."""
    who: str = g.geomap_who
    return who
