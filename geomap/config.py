"""Settings: every one listed once, with its real default and, apart, what it does.

Values come from the environment (``GEOMAP_<NAME>``) or, for the web app, from Flask's
config; nothing reads them at import time. A default of None means "unset": the help says
what happens then (``GEOMAP_SECRET_KEY``: a random key per process).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Setting", "SETTINGS", "setting", "seeds_dir", "max_report_chars", "CHECKOUT_SEEDS"]

#: The ``seeds/`` folder of this checkout (the default of ``GEOMAP_SEEDS_DIR``).
CHECKOUT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Setting:
    """One setting: its variable, the value it takes when unset (None: none), its help."""

    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("GEOMAP_DATABASE_URL", "sqlite:///var/geomap.db",
            "the store: an SQLite file (default) or postgresql://… for PostGIS"),
    Setting("GEOMAP_CACHE_DIR", "~/.cache/geomap", "where the compiled gazetteer index is cached"),
    Setting("GEOMAP_SEEDS_DIR", str(CHECKOUT_SEEDS),
            "where the curated data is read from (default: seeds/ of the checkout)"),
    Setting("GEOMAP_API_TOKENS", "", "comma-separated bearer tokens allowed to write "
            "(POST /api/reports, PATCH /api/events/<id>) and to sign in to the desk"),
    Setting("GEOMAP_SECRET_KEY", None,
            "key that signs the desk's session cookies; unset, a random key per process "
            "(set it to keep sessions across restarts)"),
    Setting("GEOMAP_SESSION_COOKIE_SECURE", "auto",
            "send the desk's session cookie only over https: auto (when the request came "
            "over https), 1 (always: behind a proxy that ends TLS) or 0"),
    Setting("GEOMAP_FOCUS", "",
            "comma-separated ISO country codes (e.g. SY) that reports are about: evidence "
            "extraction gives the gazetteer for short texts that name no country"),
    Setting("GEOMAP_TILE_URL", None,
            "an outside tile server's URL template (https://…/{z}/{x}/{y}.png) drawn "
            "instead of geomap's own basemap, the only outside request the maps then make; "
            "unset, geomap serves its basemap itself and the maps request nothing outside"),
    Setting("GEOMAP_TILE_ATTRIBUTION", None,
            "the credit GEOMAP_TILE_URL's tiles require (© OpenStreetMap contributors for "
            "OpenStreetMap's)"),
    Setting("GEOMAP_LOG_LEVEL", "INFO",
            "what the server logs: INFO (every write with who and what, every refused "
            "request), WARNING (refused requests and failures), ERROR, or DEBUG"),
    Setting("GEOMAP_AUTH_FAILURES", "10",
            "failed desk sign-ins and bearer tokens allowed per client address and per token "
            "within GEOMAP_AUTH_WINDOW; past them, 429 with Retry-After (0: no limit)"),
    Setting("GEOMAP_AUTH_WINDOW", "300",
            "the window, in seconds, over which failed sign-ins and tokens are counted"),
    Setting("GEOMAP_PUBLIC_URL", None,
            "the address people reach the app at (https://maps.example.org): absolute links "
            "(OGC API, API paging, the embed code) are built from it; unset, from the "
            "request's Host, which must be one of GEOMAP_TRUSTED_HOSTS"),
    Setting("GEOMAP_TRUSTED_HOSTS", "localhost,127.0.0.1",
            "comma-separated host names the app answers for (any other Host: 400); the host "
            "of GEOMAP_PUBLIC_URL is added; * answers any (links then follow the Host unless "
            "GEOMAP_PUBLIC_URL is set)"),
    Setting("GEOMAP_EMBED_ORIGINS", "*",
            "the origins allowed to frame the embeds (frame-ancestors), space- or "
            "comma-separated: * any site, or e.g. https://news.example.org"),
    Setting("GEOMAP_MAX_REPORT_CHARS", "50000",
            "the longest report accepted, in characters, through the API, the desk and "
            "geomap ingest (a long wire story is 10,000)"),
    Setting("GEOMAP_REPORT_EXTRACTIONS", "1",
            "how many reports each process extracts events from at once (POST /api/reports, "
            "the desk's intake); one more gets 503 with Retry-After"),
    Setting("GEOMAP_PNG_RENDERS", "1",
            "how many static images (/embed.png, /embed/<slug>.png) each process draws at "
            "once; a request past them gets 503 with Retry-After"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | None:
    """The value of a setting from the environment, or its default.

    Raises:
        KeyError: for a name that is not a setting.
    """
    if name not in _BY_NAME:
        raise KeyError(f"unknown setting {name!r}")
    return os.environ.get(name, _BY_NAME[name].default)


def max_report_chars(value: str | int | None = None) -> int:
    """The longest report accepted, in characters: ``value``, else
    ``GEOMAP_MAX_REPORT_CHARS``.

    Raises:
        ValueError: not a whole number above 0.
    """
    raw = setting("GEOMAP_MAX_REPORT_CHARS") if value is None else value
    try:
        chars = int(str(raw).replace("_", "").replace(",", ""))
    except ValueError:
        chars = 0
    if chars <= 0:
        raise ValueError(f"GEOMAP_MAX_REPORT_CHARS must be a whole number above 0, "
                         f"not {raw!r}")
    return chars


def seeds_dir() -> Path:
    """The folder of the curated data (``GEOMAP_SEEDS_DIR``, else ``seeds/`` of the checkout)."""
    return Path(setting("GEOMAP_SEEDS_DIR") or CHECKOUT_SEEDS)
