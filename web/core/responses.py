"""Building answers: JSON bodies, GeoJSON FeatureCollections with paging links, formats,
compression.

Features come from ``geomap.io.geojson`` (one writer of GeoJSON for the whole project); this
module only wraps them in collections with ``numberMatched``/``numberReturned`` and
``next``/``prev`` links that keep every filter of the request. All JSON the app sends, in a
body or inside a page's ``<script>``, is written by :func:`dumps`.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

from geomap.errors import InvalidQuery
from geomap.jsontext import compact_json, script_safe

from .urls import public_url

__all__ = ["GEOJSON", "JSON", "HTML", "dumps", "json_response", "page_links",
           "feature_collection", "wants_html", "feature_collection_response", "script_safe",
           "allow_any_origin", "compressed"]

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"


def dumps(value: Any) -> str:
    """Compact JSON (``geomap.jsontext``), safe inside a page's ``<script>`` as well: no
    tag, entity or line separator can break out."""
    return (compact_json(value).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def json_response(value: Any, status: int = 200, media_type: str = JSON,
                  headers: Mapping[str, str] | None = None) -> Response:
    """``value`` as a JSON response of ``media_type``."""
    response = Response(dumps(value), status=status, mimetype=media_type,
                        headers=dict(headers or {}))
    return response


def _url(path: str, args: Mapping[str, Any]) -> str:
    query = urlencode({k: v for k, v in args.items() if v is not None})
    return public_url(path) + (f"?{query}" if query else "")


def page_links(args: Mapping[str, Any], *, offset: int, limit: int | None, returned: int,
               matched: int, media_type: str = GEOJSON,
               path: str | None = None) -> list[dict[str, str]]:
    """``self``, and ``next``/``prev`` where there are such pages, keeping ``args``."""
    path = path or request.path
    keep = {k: v for k, v in args.items() if k not in ("offset", "limit")}
    if limit is not None:
        keep["limit"] = str(limit)
    here = keep | ({"offset": str(offset)} if offset else {})
    links = [{"href": _url(path, here), "rel": "self", "type": media_type,
              "title": "this page"}]
    if limit is not None and offset + returned < matched:
        links.append({"href": _url(path, keep | {"offset": str(offset + limit)}),
                      "rel": "next", "type": media_type, "title": "next page"})
    if limit is not None and offset > 0:
        back = max(0, offset - limit)
        links.append({"href": _url(path, keep | ({"offset": str(back)} if back else {})),
                      "rel": "prev", "type": media_type, "title": "previous page"})
    return links


def feature_collection(features: Iterable[Mapping[str, Any]], *, matched: int,
                       links: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: no ``crs``) with OGC paging members."""
    items = list(features)
    return {"type": "FeatureCollection", "features": items, "numberMatched": matched,
            "numberReturned": len(items), "timeStamp": now_iso(), "links": links, **extra}


def feature_collection_response(features: bytes, *, returned: int, matched: int,
                                links: list[dict[str, str]], **extra: Any) -> Response:
    """A FeatureCollection page of events as a GeoJSON response, from their Features as
    the members of a JSON array (``geomap.query.select_features``: script-safe already),
    ``returned`` of them; ``extra`` members go into the collection (what the filters'
    names were taken to mean)."""
    head = feature_collection([], matched=matched, links=links, **extra)
    head["numberReturned"] = returned
    del head["features"]
    body = b"".join((dumps(head)[:-1].encode(), b',"features":[', features, b"]}"))
    return Response(body, mimetype=GEOJSON)


def allow_any_origin(response: Response) -> Response:
    """Public reads may be fetched from any web page (CORS); writes stay same-origin."""
    if request.method in ("GET", "HEAD"):
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def now_iso() -> str:
    """The current UTC time, RFC 3339, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wants_html() -> bool:
    """Whether this request asks for HTML: ``f=html``, or a browser's ``Accept``.

    Raises:
        InvalidQuery: for an ``f`` other than json, html or geojson.
    """
    f = request.args.get("f")
    if f is not None:
        if f not in ("json", "html", "geojson"):
            raise InvalidQuery(f"f must be json or html, not {f[:40]!r}")
        return f == "html"
    best = request.accept_mimetypes.best_match([JSON, GEOJSON, HTML])
    return best == HTML and request.accept_mimetypes[HTML] > request.accept_mimetypes[JSON]


def compressed(response: Response) -> Response:
    """gzip a large body for clients that take it (the rows of 100,000 events: 5 MB → 1)."""
    data = response.get_data()
    if len(data) > 32_768 and "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(data, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    return response
