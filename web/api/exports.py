"""Downloads: ``/export/events.<fmt>`` and ``/export/zones.<fmt>`` in every format of
``geomap.io`` (GeoJSON, GeoPackage, CSV, KML, FlatGeobuf), with the API's filters."""

from __future__ import annotations

import io

from flask import Blueprint, Response, request

from geomap.io import FORMATS, MEDIA_TYPES, export_events, export_zones
from geomap.query import select_events, select_zones

from ..core.deps import get_gazetteer, get_store
from ..core.errors import ApiError
from ..core.responses import allow_any_origin

__all__ = ["bp", "MAX_EXPORT"]

bp = Blueprint("exports", __name__)
bp.after_request(allow_any_origin)

#: The most events one download holds (narrow the filters, or page with limit/offset).
MAX_EXPORT = 1_000_000


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ApiError(f"no export format {fmt[:20]!r}; formats: {', '.join(FORMATS)}", 404)
    return fmt


def _download(data: bytes, fmt: str, stem: str) -> Response:
    response = Response(data, mimetype=MEDIA_TYPES[fmt].split(";")[0])
    if fmt == "csv":
        response.headers["Content-Type"] = MEDIA_TYPES[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/export/events.<fmt>")
def events(fmt: str) -> Response:
    """Every event matching the filters (bbox, datetime, type, actor, place, status …)."""
    fmt = _format(fmt)
    found = select_events(get_store(), get_gazetteer(), request.args, max_limit=MAX_EXPORT)
    buffer = io.BytesIO()
    export_events(found.events, fmt, buffer)
    return _download(buffer.getvalue(), fmt, "geomap-events")


@bp.get("/export/zones.<fmt>")
def zones(fmt: str) -> Response:
    """Control zones valid on ``at`` (all without it), optionally within a bbox."""
    fmt = _format(fmt)
    buffer = io.BytesIO()
    export_zones(select_zones(get_store(), request.args), fmt, buffer)
    return _download(buffer.getvalue(), fmt, "geomap-zones")
