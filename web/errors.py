"""One table from failures to HTTP answers: JSON with a message for API and OGC paths
(never a stack trace), plain pages elsewhere."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

__all__ = ["init_app", "ApiError"]

_JSON_PREFIXES = ("/api", "/ogc", "/export", "/healthz")


class ApiError(Exception):
    """A request the API refuses: ``status`` and a message saying what is wrong."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def _wants_json() -> bool:
    return request.path.startswith(_JSON_PREFIXES)


def _json_error(status: int, message: str, title: str) -> Response:
    response = jsonify({"code": title, "description": message, "status": status})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return _json_error(error.status, error.message,
                           {400: "InvalidParameterValue", 401: "Unauthorized",
                            404: "NotFound", 409: "Conflict", 413: "PayloadTooLarge",
                            415: "UnsupportedMediaType"}.get(error.status, "Error"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        if not _wants_json():
            return error
        return _json_error(error.code or 500, error.description or error.name,
                           error.name.replace(" ", ""))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response | tuple[str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        if _wants_json():
            return _json_error(500, "internal error; the server log has the details",
                               "InternalServerError")
        return "Internal error", 500
