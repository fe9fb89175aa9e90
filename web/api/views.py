"""The public read API: events as GeoJSON, control zones, place search, health."""

from __future__ import annotations

from flask import Blueprint, Response, request

from geomap.errors import InvalidQuery, StoreError
from geomap.filters import EVENT_FILTERS, filter_args, parse_int
from geomap.io.geojson import event_feature, zone_feature
from geomap.places import search_places
from geomap.query import select_features, select_zones

from ..core.cache import cached
from ..core.deps import get_gazetteer, get_store
from ..core.responses import (
    GEOJSON,
    allow_any_origin,
    feature_collection,
    feature_collection_response,
    json_response,
    page_links,
)
from ..core.urls import public_url

__all__ = ["bp", "DEFAULT_LIMIT", "MAX_LIMIT"]

bp = Blueprint("api", __name__)
bp.after_request(allow_any_origin)

#: Page size of /api/events when no limit is given, and the largest one allowed.
DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000


@bp.get("/api/events")
@cached
def events() -> Response:
    """Events matching bbox, datetime, type, actor, place, status; a page of them, with
    what the place and actor names were taken to mean (``resolved``)."""
    found = select_features(get_store(), get_gazetteer(), request.args,
                            default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    links = page_links(filter_args(request.args, EVENT_FILTERS), offset=found.offset,
                       limit=found.limit, returned=found.returned, matched=found.matched)
    resolved = found.resolved.to_dict()
    return feature_collection_response(found.features, returned=found.returned,
                                       matched=found.matched, links=links,
                                       **({"resolved": resolved} if resolved else {}))


@bp.get("/api/events/<event_id>")
@cached
def event(event_id: str) -> Response:
    """One event as a GeoJSON Feature."""
    return json_response(event_feature(get_store().get_event(event_id), 1), media_type=GEOJSON)


@bp.get("/api/events/<event_id>/audit")
@cached
def audit(event_id: str) -> Response:
    """Every change made to an event: who, when, which field, from what to what."""
    store = get_store()
    store.get_event(event_id)  # 404 for an unknown event
    entries = [{"at": a.at.isoformat(), "who": a.who, "field": a.field, "old": a.old,
                "new": a.new} for a in store.audit_trail(event_id)]
    return json_response({"event_id": event_id, "entries": entries})


@bp.get("/api/zones")
@cached
def zones() -> Response:
    """Control zones valid on ``at`` (all zones without it), optionally in a bbox, of some
    factions."""
    found = select_zones(get_store(), request.args)
    features = [zone_feature(z, i) for i, z in enumerate(found, 1)]
    links = [{"href": public_url(request.full_path.rstrip("?")), "rel": "self",
              "type": GEOJSON}]
    return json_response(feature_collection(features, matched=len(features), links=links),
                         media_type=GEOJSON)


@bp.get("/api/places")
@cached
def places() -> Response:
    """Places whose name (in any language) is or begins with ``q``: search as you type."""
    q = request.args.get("q", "")
    if len(q) > 200:
        raise InvalidQuery("q is longer than 200 characters")
    limit = parse_int("limit", request.args.get("limit", "10"), minimum=1, maximum=50)
    return json_response({"query": q, "places": search_places(get_gazetteer(), q,
                                                              limit=limit)})


@bp.get("/healthz")
def healthz() -> Response:
    """200 when the store answers (with how many events and reports it holds), else 503
    saying why: the one answer here that is about the store's failure, not a refusal."""
    try:
        store = get_store()
        counts = {"events": store.count_events(), "reports": store.count_reports()}
    except StoreError as error:
        return json_response({"status": "unavailable", "description": str(error)}, 503)
    return json_response({"status": "ok", **counts})
