"""The basemap's tiles: ``/maps/basemap/{z}/{x}/{y}.json`` (:mod:`web.maps.basemap`),
gzip-compressed, remembered by the server and, under a URL that names the data's version
(``?v=``), by browsers for a year."""

from __future__ import annotations

import gzip

from flask import Blueprint, Response, request

from geomap.filters import parse_lang

from ..core.deps import get_gazetteer
from ..core.responses import JSON
from .basemap import basemap_for

__all__ = ["bp", "tile_url"]

bp = Blueprint("basemap", __name__)


def tile_url(lang: str = "en") -> str:
    """The tiles' URL template for Leaflet, with the data's version (and the labels'
    language when it is not English)."""
    version = basemap_for(get_gazetteer()).version
    return f"/maps/basemap/{{z}}/{{x}}/{{y}}.json?v={version}" + (
        f"&lang={lang}" if lang != "en" else "")


@bp.get("/maps/basemap/<int:z>/<int:x>/<int:y>.json")
def tile(z: int, x: int, y: int) -> Response:
    """One tile: land, borders and labels in the tile's own pixels."""
    basemap = basemap_for(get_gazetteer())
    lang = parse_lang("lang", request.args["lang"]) if request.args.get("lang") else "en"
    data = basemap.tile_gzip(z, x, y, lang)
    response = Response(mimetype=JSON)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(data)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(gzip.decompress(data))
    response.headers["Vary"] = "Accept-Encoding"
    pinned = request.args.get("v") == basemap.version
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if pinned
                                         else "public, max-age=3600")
    return response
