"""The OpenAPI 3.0 document of the OGC API - Features service (``/ogc/openapi``).

Built from :data:`~web.ogc.collections.COLLECTIONS`, one path per collection as pygeoapi
does, so that clients (GDAL, QGIS, schemathesis) see each collection's own parameters (its
queryables) and the page size limits.
"""

from __future__ import annotations

from typing import Any

from .collections import COLLECTIONS, DEFAULT_LIMIT, MAX_LIMIT, Collection

__all__ = ["openapi_document", "OPENAPI_MEDIA_TYPE"]

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"

_REF = "#/components/"


def _param(name: str, description: str, schema: dict[str, Any], *,
           explode: bool | None = None, style: str | None = None) -> dict[str, Any]:
    p = {"name": name, "in": "query", "required": False, "description": description,
         "schema": schema}
    if style is not None:
        p["style"] = style
    if explode is not None:
        p["explode"] = explode
    return p


_PARAMS: dict[str, dict[str, Any]] = {
    "f": _param("f", "Response format (default: JSON, or HTML for a browser).",
                {"type": "string", "enum": ["json", "html"]}),
    "bbox": _param("bbox", "minlon,minlat,maxlon,maxlat in WGS 84 (CRS84); six numbers "
                   "with heights are accepted, heights ignored.",
                   {"type": "array", "minItems": 4, "maxItems": 6,
                    "items": {"type": "number"}}, style="form", explode=False),
    "bbox-crs": _param("bbox-crs", "The CRS of bbox: only CRS84.",
                       {"type": "string", "format": "uri",
                        "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}),
    "crs": _param("crs", "The CRS of the answer: only CRS84.",
                  {"type": "string", "format": "uri",
                   "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}),
    "datetime": _param("datetime", "An RFC 3339 date or date-time, or an interval "
                       "start/end with .. for an open end (events are dated by day).",
                       {"type": "string"}),
    "limit": _param("limit", f"Items per page (default {DEFAULT_LIMIT}).",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                     "default": DEFAULT_LIMIT}),
    "offset": _param("offset", "Items to skip.",
                     {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0}),
    **{name: _param(name, schema["description"],
                    {k: v for k, v in schema.items() if k != "description"})
       for c in COLLECTIONS.values() for name, schema in c.queryables.items()},
}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"{_REF}{kind}/{name}"}


def _json_ok(description: str, schema: dict[str, Any], media: str = "application/json",
             html: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {media: {"schema": schema}}
    if html:
        content["text/html"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


def _errors(*codes: int) -> dict[str, Any]:
    names = {400: "InvalidParameter", 404: "NotFound", 500: "ServerError"}
    return {str(c): _ref("responses", names[c]) for c in codes}


def _collection_paths(c: Collection) -> dict[str, Any]:
    params = [_ref("parameters", n) for n in ("bbox", "bbox-crs", "datetime", "limit",
                                              "offset", "crs", *c.filters, "f")]
    return {
        f"/collections/{c.id}": {"get": {
            "summary": f"About {c.title.lower()}", "operationId": f"describe_{c.id}",
            "tags": [c.id], "parameters": [_ref("parameters", "f")],
            "responses": {"200": _json_ok(c.title, {"type": "object"}), **_errors(400, 500)}}},
        f"/collections/{c.id}/items": {"get": {
            "summary": f"{c.title}: a page of features", "operationId": f"get_{c.id}",
            "description": c.description, "tags": [c.id], "parameters": params,
            "responses": {"200": _json_ok("A page of features",
                                          _ref("schemas", "FeatureCollection"),
                                          "application/geo+json"), **_errors(400, 500)}}},
        f"/collections/{c.id}/queryables": {"get": {
            "summary": f"{c.title}: what items can be filtered by",
            "operationId": f"get_{c.id}_queryables", "tags": [c.id],
            "parameters": [_ref("parameters", "f")],
            "responses": {"200": _json_ok("The queryables, as a JSON Schema",
                                          {"type": "object"}, "application/schema+json"),
                          **_errors(400, 500)}}},
        f"/collections/{c.id}/items/{{featureId}}": {"get": {
            "summary": f"{c.title}: one feature", "operationId": f"get_{c.id}_feature",
            "tags": [c.id],
            "parameters": [_ref("parameters", "featureId"), _ref("parameters", "f")],
            "responses": {"200": _json_ok("A feature", _ref("schemas", "Feature"),
                                          "application/geo+json"),
                          **_errors(400, 404, 500)}}},
    }


def _schemas() -> dict[str, Any]:
    link = {"type": "object", "required": ["href"], "properties": {
        "href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"},
        "title": {"type": "string"}}}
    return {
        "link": link,
        "exception": {"type": "object", "required": ["code"], "properties": {
            "code": {"type": "string"}, "description": {"type": "string"},
            "status": {"type": "integer"}}},
        "Feature": {"type": "object", "required": ["type", "geometry", "properties"],
                    "properties": {"type": {"type": "string", "enum": ["Feature"]},
                                   "id": {"type": "string"},
                                   "geometry": {"type": "object", "nullable": True},
                                   "properties": {"type": "object", "nullable": True},
                                   "links": {"type": "array", "items": _ref("schemas",
                                                                            "link")}}},
        "FeatureCollection": {"type": "object", "required": ["type", "features"],
                              "properties": {
                                  "type": {"type": "string", "enum": ["FeatureCollection"]},
                                  "features": {"type": "array",
                                               "items": _ref("schemas", "Feature")},
                                  "links": {"type": "array", "items": _ref("schemas", "link")},
                                  "numberMatched": {"type": "integer", "minimum": 0},
                                  "numberReturned": {"type": "integer", "minimum": 0},
                                  "timeStamp": {"type": "string", "format": "date-time"}}},
    }


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {
        "application/json": {"schema": _ref("schemas", "exception")}}}


def openapi_document(base_url: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document for the service rooted at ``base_url`` (``…/ogc``)."""
    plain = {"parameters": [_ref("parameters", "f")]}
    paths: dict[str, Any] = {
        "/": {"get": {"summary": "Landing page", "operationId": "getLandingPage",
                      "tags": ["server"], **plain,
                      "responses": {"200": _json_ok("Links to the API's parts",
                                                    {"type": "object"}), **_errors(400, 500)}}},
        "/openapi": {"get": {"summary": "This document", "operationId": "getOpenapi",
                             "tags": ["server"], **plain, "responses": {
                                 "200": _json_ok("The OpenAPI document", {"type": "object"},
                                                 "application/vnd.oai.openapi+json"),
                                 **_errors(400, 500)}}},
        "/conformance": {"get": {"summary": "Conformance classes",
                                 "operationId": "getConformanceDeclaration",
                                 "tags": ["server"], **plain,
                                 "responses": {"200": _json_ok(
                                     "The conformance classes implemented",
                                     {"type": "object"}), **_errors(400, 500)}}},
        "/collections": {"get": {"summary": "Feature collections",
                                 "operationId": "getCollections", "tags": ["server"],
                                 **plain, "responses": {
                                     "200": _json_ok("The collections", {"type": "object"}),
                                     **_errors(400, 500)}}},
    }
    for c in COLLECTIONS.values():
        paths.update(_collection_paths(c))
    parameters = dict(_PARAMS)
    parameters["featureId"] = {"name": "featureId", "in": "path", "required": True,
                               "description": "The feature's id.",
                               "schema": {"type": "string"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "geomap OGC API - Features",
                 "description": "Reported events, control zones, curated places and their areas.",
                 "version": "1.0.0", "license": {"name": "MIT"}},
        "servers": [{"url": base_url}],
        "tags": [{"name": "server"}, *({"name": c} for c in COLLECTIONS)],
        "paths": paths,
        "components": {
            "parameters": parameters,
            "schemas": _schemas(),
            "responses": {"InvalidParameter": _error_response("A malformed parameter"),
                          "NotFound": _error_response("No such feature or collection"),
                          "ServerError": _error_response("A server error")},
        },
    }
