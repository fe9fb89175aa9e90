"""Writes: reports in (``POST /api/reports``) and event review (``PATCH /api/events/<id>``).

Both need a bearer token (``web.auth``). Bodies are UTF-8 JSON objects; anything else is a
400 (or 413 past the size limit) that says what is wrong, and nothing is written.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from flask import Blueprint, Response

from gazetteer import Place
from geomap.io.geojson import event_feature
from geomap.models import STATUSES, SUB_EVENT_TYPES, Report
from geomap.pipeline import record_report
from geomap.pipeline import review_event as review
from geomap.store import InvalidData, NotFound

from .auth import Unauthorized, current_who, require_token
from .deps import get_gazetteer, get_store
from .errors import ApiError
from .params import resolve_place
from .responses import GEOJSON, json_response

__all__ = ["bp", "MAX_TEXT", "EDITABLE"]

bp = Blueprint("intake", __name__)

#: The longest report text accepted, in characters (a long wire story is 10,000).
MAX_TEXT = 200_000
#: What PATCH may change, besides ``place`` (an id or a name, which sets the location).
EDITABLE = frozenset({
    "status", "event_date", "date_end", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "fatalities", "counts", "lower_bounds", "tally", "place_id",
    "location", "lat", "lon", "geo_precision", "notes", "confidence"})
_OPTIONAL_TEXT = ("url", "title", "source_name")


@bp.app_errorhandler(Unauthorized)
def unauthorized(error: Unauthorized) -> Response:
    """401 with its ``WWW-Authenticate`` challenge."""
    return json_response({"code": "Unauthorized", "description": error.message,
                          "status": 401}, 401, headers=error.headers)


def json_body() -> dict[str, Any]:
    """The request's body as a JSON object.

    Raises:
        ApiError: 415 for another content type, 400 for bytes that are not UTF-8 or JSON
            or a value that is not an object (413 comes from Flask's size limit).
    """
    from flask import request

    if request.mimetype not in ("application/json", "application/merge-patch+json"):
        raise ApiError(f"send JSON (Content-Type: application/json), not "
                       f"{request.mimetype or 'no content type'}", 415)
    data = request.get_data(cache=False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(f"the body is not UTF-8 (byte {error.start})", 400) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ApiError(f"the body is not JSON: {error.msg} at line {error.lineno} "
                       f"column {error.colno}", 400) from None
    except RecursionError:
        raise ApiError("the body is nested too deeply", 400) from None
    if not isinstance(value, dict):
        raise ApiError(f"the body must be a JSON object, not {type(value).__name__}", 400)
    return value


def _text_field(body: dict[str, Any], name: str, *, required: bool = False,
                limit: int = 2000) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(f"{name} is required", 400)
        return None
    if not isinstance(value, str):
        raise ApiError(f"{name} must be a string", 400)
    if "\x00" in value:
        raise ApiError(f"{name} holds a NUL character", 400)
    if len(value) > limit:
        raise ApiError(f"{name} is longer than {limit} characters", 400)
    return value


def report_from(body: dict[str, Any]) -> Report:
    unknown = sorted(set(body) - {"text", "published", "lang", *_OPTIONAL_TEXT})
    if unknown:
        raise ApiError(f"unknown field(s) {unknown}; a report has text, published, lang, "
                       f"url, title, source_name", 400)
    text = _text_field(body, "text", required=True, limit=MAX_TEXT)
    assert text is not None
    if not text.strip():
        raise ApiError("text is empty", 400)
    published = _text_field(body, "published", required=True, limit=40) or ""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
        raise ApiError(f"published must be a date YYYY-MM-DD, not {published!r}", 400)
    try:
        day = date.fromisoformat(published)
    except ValueError:
        raise ApiError(f"published {published!r} is not a valid date", 400) from None
    lang = _text_field(body, "lang", limit=3)
    if lang is not None and not re.fullmatch(r"[a-z]{2,3}", lang):
        raise ApiError(f"lang must be an ISO 639-1 code such as fr or en, not {lang!r}", 400)
    return Report(text=text, published=day, lang=lang, url=_text_field(body, "url"),
                  title=_text_field(body, "title"),
                  source_name=_text_field(body, "source_name"))


@bp.post("/api/reports")
@require_token
def add_report() -> Response:
    """Extract the events of a report and store them as ``extracted``.

    201 with the events as a FeatureCollection (plus ``report_id``); 200 with the stored
    events when the same text was sent before.
    """
    from geomap.extract import extract_events

    report = report_from(json_body())
    assert report.published is not None
    events = extract_events(report.text, published=report.published, lang=report.lang)
    store = get_store()
    try:
        result = record_report(store, report, events)
    except InvalidData as error:
        raise ApiError(str(error), 400) from None
    stored = [store.get_event(eid) for eid in dict.fromkeys(result.event_ids)]
    body = {"type": "FeatureCollection", "report_id": result.report_id,
            "duplicate": result.duplicate, "merged": result.merged,
            "features": [event_feature(e, i) for i, e in enumerate(stored, 1)]}
    headers = {"Location": f"/api/events?report={result.report_id}"}
    return json_response(body, 200 if result.duplicate else 201, GEOJSON, headers)


def _place_changes(value: Any) -> dict[str, Any]:
    if not isinstance(value, str):
        raise ApiError("place must be a place id or a name", 400)
    store = get_store()
    extra: list[Place] = store.list_places() if ":" in value else []
    place = resolve_place(get_gazetteer(), value, extra)
    return {"place_id": place.id, "location": place.name, "lat": place.lat,
            "lon": place.lon, "geo_precision": 1}


def review_changes(body: dict[str, Any], current_type: str) -> dict[str, Any]:
    """Event field changes from a PATCH body (``place`` resolved, types made consistent).

    Raises:
        ApiError: on a field that cannot be changed or a value that cannot be.
    """
    unknown = sorted(set(body) - EDITABLE - {"place"})
    if unknown:
        raise ApiError(f"cannot change {unknown}; changeable: "
                       f"{', '.join(sorted(EDITABLE | {'place'}))}", 400)
    if not body:
        raise ApiError("nothing to change: send the fields to change", 400)
    changes = {k: v for k, v in body.items() if k != "place"}
    if "place" in body:
        if "place_id" in body:
            raise ApiError("give place or place_id, not both", 400)
        changes = _place_changes(body["place"]) | changes
    if "status" in changes and changes["status"] not in STATUSES:
        raise ApiError(f"status must be one of {', '.join(STATUSES)}", 400)
    sub = changes.get("sub_event_type")
    if isinstance(sub, str) and "event_type" not in changes:
        if sub not in SUB_EVENT_TYPES:
            raise ApiError(f"unknown sub_event_type {sub!r}", 400)
        changes["event_type"] = SUB_EVENT_TYPES[sub]
    elif "event_type" in changes and "sub_event_type" not in changes \
            and changes["event_type"] != current_type:
        raise ApiError("changing event_type needs a sub_event_type of it too", 400)
    return changes


def place_polygon(place_id: str) -> dict[str, Any] | None:
    """The outline of a place (gazetteer or user-added), for redrawing control zones."""
    place = get_gazetteer().get(place_id)
    if place is None:
        try:
            place = get_store().get_place(place_id)
        except NotFound:
            return None
    return place.geometry


@bp.patch("/api/events/<event_id>")
@require_token
def review_event(event_id: str) -> Response:
    """Verify, reject or correct an event; every changed field goes to the audit trail."""
    body = json_body()
    store = get_store()
    try:
        current = store.get_event(event_id)
        changes = review_changes(body, current.event_type)
        updated = review(store, event_id, changes, who=current_who(),
                         polygon_of=place_polygon)
    except NotFound:
        raise ApiError(f"no event with id {event_id!r}", 404) from None
    except InvalidData as error:
        raise ApiError(str(error), 400) from None
    return json_response(event_feature(updated, 1), media_type=GEOJSON)
