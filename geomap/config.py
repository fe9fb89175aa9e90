"""Settings: every one listed once, with its default and what it does.

Values come from the environment (``GEOMAP_<NAME>``) or, for the web app, from Flask's
config; nothing reads them at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Setting", "SETTINGS", "setting"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("GEOMAP_DATABASE_URL", "sqlite:///var/geomap.db",
            "the store: an SQLite file (default) or postgresql://… for PostGIS"),
    Setting("GEOMAP_CACHE_DIR", "~/.cache/geomap", "where the compiled gazetteer index is cached"),
    Setting("GEOMAP_SEEDS_DIR", "seeds/ of the checkout", "where the curated data is read from"),
    Setting("GEOMAP_API_TOKENS", "", "comma-separated bearer tokens allowed to write "
            "(POST /api/reports, PATCH /api/events/<id>) and to sign in to the desk"),
    Setting("GEOMAP_SECRET_KEY", "random per process",
            "key that signs the desk's session cookies; set it to keep sessions across restarts"),
    Setting("GEOMAP_SESSION_COOKIE_SECURE", "auto",
            "send the desk's session cookie only over https: auto (when the request came "
            "over https), 1 (always: behind a proxy that ends TLS) or 0"),
    Setting("GEOMAP_FOCUS", "",
            "comma-separated ISO country codes (e.g. SY) that reports are about: evidence "
            "extraction gives the gazetteer for short texts that name no country"),
    Setting("GEOMAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "the map tiles' URL template (the only outside request the maps make)"),
    Setting("GEOMAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors",
            "the attribution shown for the tiles"),
)


def setting(name: str) -> str:
    """The value of a setting from the environment, or its default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(name, s.default)
    raise KeyError(f"unknown setting {name!r}")
