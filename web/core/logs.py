"""The server's log, through :mod:`logging` (logger ``web`` and its children): every write
with who made it and what it did, and every request that was refused or failed.

The level is the ``LOG_LEVEL`` setting (``GEOMAP_LOG_LEVEL``, default INFO); where the lines
go is the logging configuration's business (Flask's default: standard error).

- ``web.writes``, INFO: ``alice POST /desk/bulk 303: 3 event(s) verified``;
- ``web.requests``, WARNING for a refused request (4xx, with the reason, and a 503 with
  ``Retry-After``: too busy for now), ERROR for a failure (5xx; ``web.errors`` logs its
  traceback).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request

__all__ = ["init_app", "wrote", "WRITES", "REQUESTS"]

WRITES = logging.getLogger("web.writes")
REQUESTS = logging.getLogger("web.requests")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def wrote(what: str) -> None:
    """Say what this request wrote (one line, for the log of writes)."""
    g.geomap_wrote = what


def _who() -> str:
    who = g.get("geomap_who")  # a bearer token's name (web.core.auth)
    if who is None and request.blueprint and request.blueprint.startswith("desk"):
        from .session import signed_in

        who = signed_in()
    return who or "anonymous"


def _log(response: Response) -> Response:
    status = response.status_code
    where = request.full_path.rstrip("?")
    if status >= 400:
        reason = g.get("geomap_error") or response.status
        # a 503 with Retry-After is a refusal (too busy), not a failure
        failed = status >= 500 and "Retry-After" not in response.headers
        REQUESTS.log(logging.ERROR if failed else logging.WARNING,
                     "%s %s %d: %s", request.method, where, status, reason)
    elif request.method not in _READS:
        WRITES.info("%s %s %s %d: %s", _who(), request.method, request.path, status,
                    g.get("geomap_wrote") or "nothing written")
    return response


def init_app(app: Flask) -> None:
    """Log every request's errors and every write at the app's ``LOG_LEVEL``."""
    level = str(app.config.get("LOG_LEVEL") or "INFO").upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"GEOMAP_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, "
                         f"not {level!r}")
    app.logger.setLevel(level)  # the "web" logger: web.writes and web.requests propagate to it
    app.after_request(_log)
