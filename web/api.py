"""The public read API: events as GeoJSON, control zones, place search, health.

Every answer is JSON; every bad parameter is a 400 saying which and why (``web.params``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from flask import Blueprint, Response, request

from geomap.io.geojson import event_feature, zone_feature
from geomap.models import Event
from geomap.store import NotFound, StoreError

from .deps import get_gazetteer, get_store
from .errors import ApiError
from .params import EVENT_FILTERS, event_query, filter_args, parse_bbox, parse_day, parse_int
from .places import search_places
from .responses import (
    GEOJSON,
    allow_any_origin,
    feature_collection,
    feature_collection_response,
    json_response,
    page_links,
)

__all__ = ["bp", "DEFAULT_LIMIT", "MAX_LIMIT", "EventPage", "query_page"]

bp = Blueprint("api", __name__)
bp.after_request(allow_any_origin)

#: Page size of /api/events when no limit is given, and the largest one allowed.
DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000


class EventPage(NamedTuple):
    """A page of events: the events, how many match, its links, the number of the first."""

    events: list[Event]
    matched: int
    links: list[dict[str, str]]
    first: int


def query_page(args: Any, *, default_limit: int, max_limit: int) -> EventPage:
    """The page of events the request's filters and paging ask for."""
    store = get_store()
    q = event_query(args, get_gazetteer(), default_limit=default_limit, max_limit=max_limit,
                    extra_places=_store_places() if args.get("place") else ())
    events, matched = store.query_events(q)
    links = page_links(filter_args(args, EVENT_FILTERS), offset=q.offset, limit=q.limit,
                       returned=len(events), matched=matched)
    return EventPage(events, matched, links, q.offset + 1)


def _store_places() -> list[Any]:
    return get_store().list_places()


def _get_event(event_id: str) -> Any:
    try:
        return get_store().get_event(event_id)
    except NotFound:
        raise ApiError(f"no event with id {event_id!r}", 404) from None


@bp.get("/api/events")
def events() -> Response:
    """Events matching bbox, datetime, type, actor, place, status; a page of them."""
    events, matched, links, first = query_page(request.args, default_limit=DEFAULT_LIMIT,
                                               max_limit=MAX_LIMIT)
    return feature_collection_response(events, first=first, matched=matched, links=links)


@bp.get("/api/events/<event_id>")
def event(event_id: str) -> Response:
    """One event as a GeoJSON Feature."""
    return json_response(event_feature(_get_event(event_id), 1), media_type=GEOJSON)


@bp.get("/api/events/<event_id>/audit")
def audit(event_id: str) -> Response:
    """Every change made to an event: who, when, which field, from what to what."""
    _get_event(event_id)
    entries = [{"at": a.at.isoformat(), "who": a.who, "field": a.field, "old": a.old,
                "new": a.new} for a in get_store().audit_trail(event_id)]
    return json_response({"event_id": event_id, "entries": entries})


@bp.get("/api/zones")
def zones() -> Response:
    """Control zones valid on ``at`` (all zones without it), optionally in a bbox."""
    at = parse_day("at", request.args["at"]) if "at" in request.args else None
    bbox = parse_bbox(request.args["bbox"]) if "bbox" in request.args else None
    factions = [f.strip() for f in request.args.get("faction", "").split(",") if f.strip()]
    found = get_store().query_zones(at=at, bbox=bbox, factions=factions or None)
    features = [zone_feature(z, i) for i, z in enumerate(found, 1)]
    links = [{"href": request.url, "rel": "self", "type": GEOJSON}]
    return json_response(feature_collection(features, matched=len(features), links=links),
                         media_type=GEOJSON)


@bp.get("/api/places")
def places() -> Response:
    """Places whose name (in any language) is or begins with ``q``: search as you type."""
    q = request.args.get("q", "")
    if len(q) > 200:
        raise ApiError("q is longer than 200 characters", 400)
    limit = parse_int("limit", request.args.get("limit", "10"), minimum=1, maximum=50)
    found = search_places(get_gazetteer(), q, limit=limit)
    return json_response({"query": q, "places": found})


@bp.get("/healthz")
def healthz() -> Response:
    """200 when the store answers (with how many events and reports it holds), else 503."""
    try:
        store = get_store()
        counts = {"events": store.count_events(), "reports": store.count_reports()}
    except StoreError as error:
        return json_response({"status": "unavailable", "description": str(error)}, 503)
    return json_response({"status": "ok", **counts})
