"""The Flask application: explorer and embed maps, the GeoJSON API, OGC API - Features,
exports and the newsroom desk.

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
from web.session import DeskSessionInterface, cookie_secure

__all__ = ["create_app"]

#: Request bodies larger than this are refused with 413 (reports are text, not archives).
MAX_CONTENT_LENGTH = 5 * 1024 * 1024


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure an instance of the application.

    Settings come from ``GEOMAP_*`` environment variables (see ``geomap.config``), then from
    ``config`` (tests pass their own database and tokens here).
    """
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=setting("GEOMAP_DATABASE_URL"),
        API_TOKENS=setting("GEOMAP_API_TOKENS"),
        SECRET_KEY=setting("GEOMAP_SECRET_KEY") if setting(
            "GEOMAP_SECRET_KEY") != "random per process" else secrets.token_hex(32),
        TILE_URL=setting("GEOMAP_TILE_URL"),
        TILE_ATTRIBUTION=setting("GEOMAP_TILE_ATTRIBUTION"),
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookie_secure(setting("GEOMAP_SESSION_COOKIE_SECURE")),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    if config:
        app.config.update(config)
    app.session_interface = DeskSessionInterface()

    from web import deps, errors, vendor

    deps.init_app(app)
    errors.init_app(app)
    app.register_blueprint(vendor.bp)
    for module in _BLUEPRINTS:
        blueprint = __import__(f"web.{module}", fromlist=["bp"]).bp
        app.register_blueprint(blueprint)
    return app


#: Blueprint modules of web/, registered in this order.
_BLUEPRINTS: tuple[str, ...] = ("api", "intake", "ogc", "exports", "maps", "stories", "desk",
                                 "desk_review", "desk_publish")
