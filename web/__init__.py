"""The Flask application: a thin adapter over the domain, in rooms that match its templates.

- ``web.core``: the error table, responses, the store and gazetteer of a request, bearer
  tokens, the desk's session, vendored assets, logging;
- ``web.api``: the GeoJSON API, its writes, the downloads;
- ``web.ogc``: OGC API - Features;
- ``web.maps``: the explorer, the embed, published story maps;
- ``web.desk``: the newsroom desk.

>>> from web import create_app
>>> app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:///:memory:"})  # doctest: +SKIP
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask

from geomap.config import setting

__all__ = ["create_app"]

#: Request bodies larger than this are refused with 413 (reports are text, not archives).
MAX_CONTENT_LENGTH = 5 * 1024 * 1024
#: The settings the app reads, as Flask config keys (``GEOMAP_`` + key is the setting).
APP_SETTINGS = ("DATABASE_URL", "API_TOKENS", "SECRET_KEY", "SESSION_COOKIE_SECURE",
                "TILE_URL", "TILE_ATTRIBUTION", "LOG_LEVEL", "AUTH_FAILURES", "AUTH_WINDOW",
                "PUBLIC_URL", "TRUSTED_HOSTS", "EMBED_ORIGINS", "MAX_REPORT_CHARS",
                "REPORT_EXTRACTIONS", "PNG_RENDERS")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure an instance of the application.

    Settings come from ``GEOMAP_*`` environment variables (``geomap.config``), then from
    ``config`` (tests pass their own database and tokens here).
    """
    from web import api, core, desk, maps, ogc
    from web.core.session import DeskSessionInterface, cookie_secure

    app = Flask(__name__)
    app.config.from_mapping({key: setting(f"GEOMAP_{key}") for key in APP_SETTINGS})
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH, JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12))
    if config:
        app.config.update(config)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or secrets.token_hex(32)
    app.config["SESSION_COOKIE_SECURE"] = cookie_secure(app.config["SESSION_COOKIE_SECURE"])
    app.session_interface = DeskSessionInterface()
    core.init_app(app)
    for room in (api, ogc, maps, desk):
        for blueprint in room.BLUEPRINTS:
            app.register_blueprint(blueprint)
    return app
