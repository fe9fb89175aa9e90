"""Absolute links, never from a Host header nobody vouched for.

Links that leave the page (OGC API's, the API's ``next``/``prev``, the embed code a
newsroom pastes) are absolute. They are built from ``PUBLIC_URL`` (``GEOMAP_PUBLIC_URL``)
when it is set; otherwise from the request's Host, which Flask checks against
``TRUSTED_HOSTS`` (``GEOMAP_TRUSTED_HOSTS``: any other Host is a 400 before a view runs).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for

__all__ = ["init_app", "public_root", "public_url", "external_url", "public_origins",
           "parse_public_url", "parse_hosts"]


def parse_public_url(value: str | None) -> str | None:
    """``GEOMAP_PUBLIC_URL`` without its trailing slash, or None when unset.

    Raises:
        ValueError: not an http(s) URL of a host (with an optional path), or one with a
            query or fragment.
    """
    if not value or not value.strip():
        return None
    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise ValueError(f"GEOMAP_PUBLIC_URL must be an http(s) address such as "
                         f"https://maps.example.org, not {value!r}")
    return text


def parse_hosts(value: str | list[str] | tuple[str, ...] | None,
                public: str | None) -> list[str] | None:
    """Flask's ``TRUSTED_HOSTS`` from the setting (comma-separated names) and the public
    URL's host; None (any host) when the setting holds ``*``."""
    names = value.split(",") if isinstance(value, str) else list(value or [])
    hosts = [n.strip().lower() for n in names if n.strip()]
    if "*" in hosts:
        return None
    if public is not None:
        hosts.append(urlsplit(public).hostname or "")
    return list(dict.fromkeys(h for h in hosts if h))


def init_app(app: Flask) -> None:
    """Check ``PUBLIC_URL`` and turn ``TRUSTED_HOSTS`` into the list Flask checks."""
    public = parse_public_url(app.config.get("PUBLIC_URL"))
    app.config["PUBLIC_URL"] = public
    app.config["TRUSTED_HOSTS"] = parse_hosts(app.config.get("TRUSTED_HOSTS"), public)


def public_root() -> str:
    """Where the app's root is reached, without a trailing slash."""
    public: str | None = current_app.config.get("PUBLIC_URL")
    return public or request.url_root.rstrip("/")


def public_url(path: str) -> str:
    """The absolute address of ``path`` (a path of the app, such as ``/ogc``)."""
    return public_root() + path


def external_url(endpoint: str, **values: object) -> str:
    """``url_for(endpoint, **values)`` as an absolute address."""
    path = url_for(endpoint, **values)  # type: ignore[arg-type]
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root):]
    return public_url(path)


def public_origins() -> set[str]:
    """The origins this app is reached at: its public URL's and this request's."""
    origins = {request.host_url.rstrip("/")}
    public: str | None = current_app.config.get("PUBLIC_URL")
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins
