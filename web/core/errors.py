"""The one table from failures to answers, as datasette's ``handle_exception`` does: views
raise, they never translate.

- Domain exceptions (``geomap.errors``) carry no HTTP status: :data:`STATUSES` gives one.
- :class:`ApiError` is a request the web layer refuses for its own reasons (a body that is
  not JSON, an unknown download format), with its status.
- The answer's form follows the request: JSON ``{"code", "description", "status"}`` (OGC
  API exception codes; ``suggestions`` for an unknown place) for the API, OGC API, exports
  and every ``.json`` path; the desk's error page under ``/desk``; the maps' error page
  (the message, and links to the places meant) elsewhere. Never a stack trace: 500s are
  logged with theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from geomap.errors import (
    InvalidData,
    InvalidQuery,
    NotFound,
    SchemaVersionError,
    StoreError,
    TooLarge,
    UnknownPlace,
    place_label,
)

from .responses import json_response

__all__ = ["init_app", "ApiError", "Unauthorized", "Busy", "STATUSES", "CODES", "status_of",
           "message_of"]

LOG = logging.getLogger("web.errors")


class ApiError(Exception):
    """A request the web layer refuses: ``status``, a message saying what is wrong, and
    headers the answer must carry."""

    def __init__(self, message: str, status: int = 400,
                 headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = dict(headers or {})


class Unauthorized(ApiError):
    """401, with the ``WWW-Authenticate`` challenge RFC 6750 asks for."""

    def __init__(self, message: str, error: str | None = None):
        challenge = 'Bearer realm="geomap"' + (f', error="{error}"' if error else "")
        super().__init__(message, 401, {"WWW-Authenticate": challenge})


class Busy(ApiError):
    """503: the server is doing as much of this as it allows at once; ``Retry-After`` says
    when to ask again."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, 503, {"Retry-After": str(retry_after)})


#: Domain exceptions → HTTP status; the first class that matches wins.
STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404),
    (TooLarge, 413),
    (InvalidQuery, 400),  # UnknownPlace among them
    (InvalidData, 400),
    (SchemaVersionError, 503),
    (StoreError, 503),
)
#: The ``code`` of a JSON error by status (OGC API - Features exception codes).
CODES = {400: "InvalidParameterValue", 401: "Unauthorized", 403: "Forbidden",
         404: "NotFound", 405: "MethodNotAllowed", 409: "Conflict", 413: "PayloadTooLarge",
         415: "UnsupportedMediaType", 429: "TooManyRequests", 500: "InternalServerError",
         503: "ServiceUnavailable"}
_JSON_PREFIXES = ("/api/", "/ogc", "/export/", "/healthz")


def status_of(error: Exception) -> int | None:
    """The HTTP status of a failure the table knows, else None."""
    if isinstance(error, ApiError):
        return error.status
    if isinstance(error, HTTPException):
        return error.code or 500
    return next((status for kind, status in STATUSES if isinstance(error, kind)), None)


def message_of(error: Exception) -> str:
    """What to tell people about ``error``."""
    if isinstance(error, HTTPException):
        return error.description or error.name
    return str(error)


def _wants_json() -> bool:
    path = request.path
    return (path.startswith(_JSON_PREFIXES) or path.endswith((".json", ".geojson"))
            or (request.endpoint or "").endswith("_json"))


def _answer(error: Exception, status: int, headers: Mapping[str, str]) -> Any:
    message = message_of(error)
    g.geomap_error = message  # for the request log
    name = error.name if isinstance(error, HTTPException) else None
    code = CODES.get(status) or (name or "Error").replace(" ", "")
    suggestions = error.suggestions if isinstance(error, UnknownPlace) else []
    if _wants_json():
        body: dict[str, Any] = {"code": code, "description": message, "status": status}
        if suggestions:
            body["suggestions"] = [{"id": p.id, "name": p.name, "kind": p.kind,
                                    "country_code": p.country_code} for p in suggestions]
        return json_response(body, status, headers=headers)
    page = {"code": status, "name": name or code, "description": message}
    if request_ctx.url_adapter is None:  # the Host was refused: a page could link nowhere
        return Response(f"{status} {page['name']}: {message}\n", status,
                        headers=dict(headers), mimetype="text/plain")
    if request.path.startswith("/desk"):
        html = render_template("desk/error.html", error=page)
    else:
        links = [(place_label(p), _with_place(error, p.id)) for p in suggestions]
        html = render_template("maps/error.html", error=page, suggestions=links)
    return Response(html, status, headers=dict(headers), mimetype="text/html")


def _with_place(error: Exception, place_id: str) -> str:
    """This page again, with the unknown place's parameter set to ``place_id``."""
    from urllib.parse import urlencode

    parameter = error.parameter if isinstance(error, UnknownPlace) else "place"
    args = {k: v for k, v in request.args.items() if k != parameter}
    return request.path + "?" + urlencode({**args, parameter: place_id})


def init_app(app: Flask) -> None:
    """Register the table's handlers."""

    @app.errorhandler(Exception)
    def handle(error: Exception) -> Any:
        status = status_of(error)
        if status is None or status >= 500 and not isinstance(error, StoreError | ApiError):
            LOG.exception("unhandled error on %s %s", request.method, request.path)
            return _answer(RuntimeError("internal error; the server log has the details"),
                           500, {})
        if status >= 500 and not isinstance(error, Busy):
            LOG.error("%s %s: %s", request.method, request.path, error)
        headers: dict[str, str] = {}
        if isinstance(error, ApiError):
            headers = error.headers
        elif isinstance(error, HTTPException):
            if error.response is not None:
                return error.response
            headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return _answer(error, status, headers)
