"""Front-end packages served by geomap itself (installed from npm into node_modules by
``make``): maps and embeds load no script, stylesheet or font from a third party."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

__all__ = ["bp", "NODE_MODULES", "PACKAGES", "asset_url"]

bp = Blueprint("vendor", __name__)
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: npm packages whose files may be served, and the files the maps use.
PACKAGES = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images"),
    "leaflet.heat": ("dist/leaflet-heat.js",),
    "supercluster": ("dist/supercluster.min.js",),
    "kdbush": (),
}


def asset_url(package: str, path: str) -> str:
    """The URL of a vendored file, e.g. ``asset_url("leaflet", "dist/leaflet.js")``."""
    return f"/vendor/{package}/{path}"


@bp.get("/vendor/<package>/<path:path>")
def vendored(package: str, path: str) -> Response:
    """One file of a whitelisted package, cached by the browser for a day."""
    allowed = PACKAGES.get(package)
    if allowed is None or not any(path == a or path.startswith(a + "/") for a in allowed):
        abort(404)
    response = send_from_directory(NODE_MODULES / package, path, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
