"""OGC API - Features Part 1 under ``/ogc``: landing page, conformance, collections, items.

JSON (GeoJSON for features) by default; HTML when a browser asks (``Accept: text/html``) or
with ``f=html``. Paging links keep every filter. Query parameters the API does not define
are refused with 400, as Part 1 requires.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request

from geomap.errors import InvalidQuery, NotFound
from geomap.filters import CRS84, filter_args

from ..core.cache import cached
from ..core.responses import (
    GEOJSON,
    HTML,
    JSON,
    allow_any_origin,
    feature_collection,
    json_response,
    page_links,
)
from ..core.responses import wants_html as _wants_html
from ..core.urls import public_url
from .collections import COLLECTIONS, MAX_LIMIT, WORLD, Collection
from .openapi import OPENAPI_MEDIA_TYPE, openapi_document

__all__ = ["bp", "CONFORMANCE"]

bp = Blueprint("ogc", __name__)
bp.after_request(allow_any_origin)

_CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
_QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
CONFORMANCE = [_CONF + name for name in ("core", "geojson", "html", "oas30")]
_ITEM_PARAMS = ("bbox", "bbox-crs", "datetime", "limit", "offset", "crs", "f")


def _root() -> str:
    return public_url("/ogc")


def _link(href: str, rel: str, media_type: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _self_links(path: str, media_type: str = JSON) -> list[dict[str, str]]:
    href = _root() + path
    return [_link(href, "self", media_type, "this document"),
            _link(href + "?f=html", "alternate", HTML, "this document as HTML")]


def _answer(body: dict[str, Any], template: str, media_type: str = JSON,
            **context: Any) -> Response | str:
    if _wants_html():
        return render_template(f"ogc/{template}", body=body, root=_root(), **context)
    return json_response(body, media_type=media_type)


def _collection(collection_id: str) -> Collection:
    found = COLLECTIONS.get(collection_id)
    if found is None:
        raise NotFound(f"no collection {collection_id[:80]!r}; collections: "
                       f"{', '.join(COLLECTIONS)}")
    return found


def _describe(c: Collection) -> dict[str, Any]:
    base = f"{_root()}/collections/{c.id}"
    extent: dict[str, Any] = {"spatial": {"bbox": [WORLD], "crs": CRS84}}
    if c.temporal:
        extent["temporal"] = {"interval": [[None, None]],
                              "trs": "http://www.opengis.net/def/uri/ISO-8601/0/Gregorian"}
    return {
        "id": c.id, "title": c.title, "description": c.description, "itemType": "feature",
        "crs": [CRS84], "storageCrs": CRS84, "extent": extent,
        "links": [
            _link(base, "self", JSON, "this collection"),
            _link(base + "?f=html", "alternate", HTML, "this collection as HTML"),
            _link(base + "/items", "items", GEOJSON, f"{c.title} as GeoJSON"),
            _link(base + "/items?f=html", "items", HTML, f"{c.title} as HTML"),
            _link(base + "/queryables", _QUERYABLES_REL, "application/schema+json",
                  f"what {c.title.lower()} can be filtered by"),
        ],
    }


@bp.get("/ogc")
@bp.get("/ogc/")
@cached
def landing() -> Response | str:
    """The landing page: links to the API document, conformance and collections."""
    root = _root()
    body = {
        "title": "geomap", "description": "Reported events, control zones and curated "
        "places, as OGC API - Features.",
        "links": [
            *_self_links("/"),
            _link(f"{root}/openapi", "service-desc", OPENAPI_MEDIA_TYPE,
                  "the API definition (OpenAPI 3.0)"),
            _link(f"{root}/openapi?f=html", "service-doc", HTML, "the API documentation"),
            _link(f"{root}/conformance", "conformance", JSON, "conformance classes"),
            _link(f"{root}/conformance",
                  "http://www.opengis.net/def/rel/ogc/1.0/conformance", JSON,
                  "conformance classes"),
            _link(f"{root}/collections", "data", JSON, "the feature collections"),
            _link(f"{root}/collections", "http://www.opengis.net/def/rel/ogc/1.0/data",
                  JSON, "the feature collections"),
        ],
    }
    return _answer(body, "landing.html")


@bp.get("/ogc/conformance")
@cached
def conformance() -> Response | str:
    """The conformance classes implemented."""
    return _answer({"conformsTo": CONFORMANCE, "links": _self_links("/conformance")},
                   "conformance.html")


@bp.get("/ogc/openapi")
@cached
def openapi() -> Response | str:
    """The OpenAPI 3.0 document (JSON), or a page listing its operations."""
    document = openapi_document(_root())
    if _wants_html():
        return render_template("ogc/openapi.html", body=document, root=_root())
    return json_response(document, media_type=OPENAPI_MEDIA_TYPE)


@bp.get("/ogc/collections")
@cached
def collections() -> Response | str:
    """Every collection with its extent and links."""
    body = {"links": _self_links("/collections"),
            "collections": [_describe(c) for c in COLLECTIONS.values()]}
    return _answer(body, "collections.html")


@bp.get("/ogc/collections/<collection_id>")
@cached
def collection(collection_id: str) -> Response | str:
    """One collection's description."""
    return _answer(_describe(_collection(collection_id)), "collection.html")


def _check_params(c: Collection) -> None:
    unknown = sorted(set(request.args) - set(_ITEM_PARAMS) - set(c.filters))
    if unknown:
        raise InvalidQuery(f"unknown query parameter(s) {', '.join(unknown)[:200]}; "
                           f"{c.id} takes {', '.join((*_ITEM_PARAMS, *c.filters))}")
    repeated = [k for k in request.args if len(request.args.getlist(k)) > 1]
    if repeated:
        raise InvalidQuery(f"query parameter(s) given twice: {', '.join(repeated)[:200]}")
    crs = request.args.get("crs")
    if crs is not None and crs not in (CRS84, "CRS84"):
        raise InvalidQuery(f"crs {crs[:80]!r} is not served; features are in {CRS84}")


@bp.get("/ogc/collections/<collection_id>/items")
@cached
def items(collection_id: str) -> Response | str:
    """A page of a collection's features, filtered by bbox, datetime and the collection's
    own parameters; ``next``/``prev`` links keep them."""
    c = _collection(collection_id)
    _check_params(c)
    html = _wants_html()
    page = c.items(request.args)
    keep = filter_args(request.args, (*_ITEM_PARAMS, *c.filters))
    keep.pop("f", None)
    links = page_links(keep, offset=page.offset, limit=page.limit,
                       returned=len(page.features), matched=page.matched)
    links += [_link(f"{public_url(request.path)}?f=html", "alternate", HTML, "this page as HTML"),
              _link(f"{_root()}/collections/{c.id}", "collection", JSON, c.title)]
    body = feature_collection(page.features, matched=page.matched, links=links,
                              **({"resolved": page.resolved} if page.resolved else {}))
    if html:
        return render_template("ogc/items.html", body=body, root=_root(), collection=c,
                               max_limit=MAX_LIMIT)
    return json_response(body, media_type=GEOJSON)


@bp.get("/ogc/collections/<collection_id>/queryables")
@cached
def queryables(collection_id: str) -> Response:
    """What the collection's items can be filtered by, as a JSON Schema (OGC API -
    Features Part 3): its own query parameters, each with what it takes and its default."""
    c = _collection(collection_id)
    here = f"{_root()}/collections/{c.id}/queryables"
    body = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": here,
            "type": "object", "title": c.title, "properties": dict(c.queryables)}
    return json_response(body, media_type="application/schema+json")


@bp.get("/ogc/collections/<collection_id>/items/<path:feature_id>")
@cached
def item(collection_id: str, feature_id: str) -> Response | str:
    """One feature, with links to itself and its collection."""
    c = _collection(collection_id)
    feature = dict(c.item(feature_id))
    here = f"{_root()}/collections/{c.id}/items/{quote(feature_id, safe=':')}"
    feature["links"] = [_link(here, "self", GEOJSON, "this feature"),
                        _link(here + "?f=html", "alternate", HTML, "this feature as HTML"),
                        _link(f"{_root()}/collections/{c.id}", "collection", JSON, c.title)]
    if _wants_html():
        return render_template("ogc/item.html", body=feature, root=_root(), collection=c)
    return json_response(feature, media_type=GEOJSON)
