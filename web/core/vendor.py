"""Front-end packages served by geomap itself (installed from npm into node_modules by
``make``): maps and embeds load no script, stylesheet or font from a third party.

Only the files the pages use are served, as :data:`MANIFEST` lists them: a path is
normalised first, and anything else of a package (its ``package.json``, its sources) is a
404, however the path is spelled.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

__all__ = ["bp", "NODE_MODULES", "MANIFEST", "asset_url", "served_path"]

bp = Blueprint("vendor", __name__)
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: Every vendored file a page loads, as ``package/path``: the scripts and stylesheets the
#: maps name, and the images Leaflet's stylesheet and default icon refer to.
MANIFEST = frozenset({
    "leaflet/dist/leaflet.js",
    "leaflet/dist/leaflet.css",
    "leaflet/dist/images/layers.png",
    "leaflet/dist/images/layers-2x.png",
    "leaflet/dist/images/marker-icon.png",
    "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png",
    "leaflet.heat/dist/leaflet-heat.js",
    "supercluster/dist/supercluster.min.js",
})


def asset_url(package: str, path: str) -> str:
    """The URL of a vendored file, e.g. ``asset_url("leaflet", "dist/leaflet.js")``.

    Raises:
        ValueError: a file the manifest does not list (it would not be served).
    """
    if f"{package}/{path}" not in MANIFEST:
        raise ValueError(f"{package}/{path} is not in web.core.vendor.MANIFEST")
    return f"/vendor/{package}/{path}"


def served_path(package: str, path: str) -> str | None:
    """``package/path``, normalised, when the manifest lists it; else None."""
    if "\\" in path or "\x00" in path:
        return None
    normal = posixpath.normpath(f"{package}/{path}")
    if normal.startswith(("/", "..")) or normal not in MANIFEST:
        return None
    return normal


@bp.get("/vendor/<package>/<path:path>")
def vendored(package: str, path: str) -> Response:
    """One file of the manifest, cached by the browser for a day."""
    normal = served_path(package, path)
    if normal is None:
        abort(404)
    response = send_from_directory(NODE_MODULES, normal, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
