"""What every room of the web app shares: the error table, responses, the store and
gazetteer of a request, the answer cache, bearer tokens, the desk's session, vendored
assets, logging."""

from __future__ import annotations

from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Install the shared parts on ``app``."""
    from . import cache, deps, errors, headers, limits, logs, urls, vendor

    urls.init_app(app)
    deps.init_app(app)
    cache.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    logs.init_app(app)
    headers.init_app(app)
    app.register_blueprint(vendor.bp)
