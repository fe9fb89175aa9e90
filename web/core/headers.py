"""Security headers on every answer: a Content-Security-Policy on every page, ``nosniff``,
a Referrer-Policy, and who may frame what.

- Scripts run only from this server (``script-src 'self'``) or inline with this answer's
  nonce: the templates write ``nonce="{{ csp_nonce() }}"`` on their own inline scripts,
  and :func:`with_nonce` adds it to the ones Folium writes. A script injected through data
  has no nonce, so it never runs, whatever else fails. No plugins (``object-src 'none'``),
  no ``<base>`` (``base-uri 'none'``), forms post here only, fetches go here only, images
  come from here and from the tile server (``GEOMAP_TILE_URL``).
- Framing: desk pages never (``frame-ancestors 'none'``, ``X-Frame-Options: DENY``);
  embeds (views marked :func:`embeddable`) by this site and the origins of
  ``GEOMAP_EMBED_ORIGINS`` (default any, as newsrooms need); every other page by this
  site only.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

__all__ = ["init_app", "csp_nonce", "with_nonce", "embeddable", "content_security_policy",
           "embed_ancestors"]

F = TypeVar("F", bound=Callable[..., Any])
_BARE_SCRIPT = re.compile(r"<script(?=[\s>])(?![^>]*\bsrc=)(?![^>]*\bnonce=)", re.IGNORECASE)
_ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9.-]+(:[0-9]{1,5})?", re.IGNORECASE)


def csp_nonce() -> str:
    """This answer's nonce for inline scripts (made on first use)."""
    nonce: str | None = g.get("geomap_nonce")
    if nonce is None:
        nonce = g.geomap_nonce = secrets.token_urlsafe(18)
    return nonce


def with_nonce(html: str) -> Markup:
    """Folium's markup (never data) with this answer's nonce on each inline script."""
    return Markup(_BARE_SCRIPT.sub(f'<script nonce="{csp_nonce()}"', html))


def embeddable(view: F) -> F:
    """Mark a view whose page other sites may frame (the origins of
    ``GEOMAP_EMBED_ORIGINS``)."""
    view._geomap_embeddable = True  # type: ignore[attr-defined]
    return view


def embed_ancestors(setting: str | None) -> str:
    """``frame-ancestors`` of the embeds from ``GEOMAP_EMBED_ORIGINS``.

    Raises:
        ValueError: an entry that is not ``*`` or an http(s) origin.
    """
    entries = [e for e in re.split(r"[\s,]+", setting or "") if e]
    if not entries or entries == ["*"]:
        return "*"
    bad = [e for e in entries if not _ORIGIN.fullmatch(e.rstrip("/")) or e in ("*", "'self'")]
    if bad:
        raise ValueError(f"GEOMAP_EMBED_ORIGINS takes * or origins such as "
                         f"https://news.example.org, not {bad[0]!r}")
    return " ".join(["'self'", *(e.rstrip("/") for e in entries)])


def _tile_origin(template: str) -> str:
    parts = urlsplit(template.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('SUBDOMAIN', '*')}"


def content_security_policy(*, nonce: str | None, ancestors: str, tiles: str) -> str:
    """The policy of a page (``ancestors`` ``*``: any page may frame it)."""
    scripts = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "object-src 'none'",
        "base-uri 'none'", "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {tiles}".rstrip(), "font-src 'self'",
        "connect-src 'self'", "frame-src 'self'", "form-action 'self'",
        *([] if ancestors == "*" else [f"frame-ancestors {ancestors}"])])


def _frameable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "_geomap_embeddable", False))


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype != "text/html":
        return response
    desk = request.path.startswith("/desk")
    if desk:
        ancestors = "'none'"
        response.headers["X-Frame-Options"] = "DENY"
    elif _frameable() and response.status_code < 400:
        # "*" leaves the directive out: CSP's * matches no file: or about:blank host page,
        # where an editor tries the embed code first
        ancestors = current_app.extensions["geomap.embed_ancestors"]
    else:
        ancestors = "'self'"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers["Content-Security-Policy"] = content_security_policy(
        nonce=g.get("geomap_nonce"), ancestors=ancestors,
        tiles=current_app.extensions["geomap.tile_origin"])
    return response


def init_app(app: Flask) -> None:
    """The headers on every answer; ``csp_nonce()`` in every template."""
    app.extensions["geomap.embed_ancestors"] = embed_ancestors(app.config.get("EMBED_ORIGINS"))
    app.extensions["geomap.tile_origin"] = _tile_origin(str(app.config.get("TILE_URL") or ""))
    app.after_request(_headers)
    app.add_template_global(csp_nonce, "csp_nonce")
