"""The feature collections OGC API - Features serves: events, zones, places, areas.

Each :class:`Collection` describes itself (title, extent, the query parameters it takes
beyond bbox/datetime/limit/offset, as queryables) and answers pages of items and single
items as GeoJSON features: events and zones as ``geomap.query`` selects them, places from
the gazetteer's curated overlay and the users' places. One geometry type per collection, as
QGIS and GDAL expect of a layer: ``places`` are points (each place's representative point),
``areas`` are multipolygons (the outlines of the places that have one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shapely.geometry import box, shape

from gazetteer import Place
from geomap.errors import NotFound
from geomap.filters import parse_bbox, parse_datetime, parse_limit, parse_offset
from geomap.io.geojson import event_feature, zone_feature
from geomap.models import STATUSES, SUB_EVENT_TYPES
from geomap.query import DEFAULTS, select_events, select_zones
from geomap.zones import to_geojson

from ..core.deps import get_gazetteer, get_store

__all__ = ["Collection", "COLLECTIONS", "Page", "DEFAULT_LIMIT", "MAX_LIMIT",
           "place_feature"]

#: Page size when a client gives no limit, and the largest one allowed (a bigger one: 400).
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
WORLD = [-180.0, -90.0, 180.0, 90.0]


@dataclass(frozen=True)
class Page:
    """One page of items: the features, how many match, where the page starts, its size."""

    features: list[dict[str, Any]]
    matched: int
    offset: int
    limit: int
    resolved: dict[str, Any] = field(default_factory=dict)  # what names were taken to mean


@dataclass(frozen=True)
class Collection:
    """A feature collection: what it holds, and functions that fetch its items."""

    id: str
    title: str
    description: str
    queryables: Mapping[str, dict[str, Any]]  # query parameter → its JSON Schema
    items: Callable[[Mapping[str, Any]], Page]
    item: Callable[[str], dict[str, Any]]
    temporal: bool = True

    @property
    def filters(self) -> tuple[str, ...]:
        """The query parameters the collection takes beyond bbox, datetime and paging."""
        return tuple(self.queryables)


def _paging(args: Mapping[str, Any]) -> tuple[int, int]:
    return (parse_limit(args.get("limit"), default=DEFAULT_LIMIT, maximum=MAX_LIMIT),
            parse_offset(args.get("offset")))


# -- events --------------------------------------------------------------------------------

def _event_items(args: Mapping[str, Any]) -> Page:
    found = select_events(get_store(), get_gazetteer(), args, default_limit=DEFAULT_LIMIT,
                          max_limit=MAX_LIMIT)
    assert found.limit is not None
    return Page([event_feature(e, i) for i, e in enumerate(found.events, found.offset + 1)],
                found.matched, found.offset, found.limit, found.resolved.to_dict())


def _event_item(fid: str) -> dict[str, Any]:
    return event_feature(get_store().get_event(fid), 1)


_TEXT = {"type": "string", "maxLength": 2000}
_EVENT_QUERYABLES: dict[str, dict[str, Any]] = {
    "type": {"description": "Event types or sub-event types (ACLED's), comma-separated.",
             "type": "string", "enum": sorted({*SUB_EVENT_TYPES.values(), *SUB_EVENT_TYPES})},
    "actor": {**_TEXT, "description": "Actors, comma-separated, by any of their names "
              "(ISIS, EI, Daech, Islamic State), on either side."},
    "place": {**_TEXT, "description": "A place id or a name in any language: the events in "
              "it. A name that matches no place is refused (400) with suggestions."},
    "status": {"description": "Review statuses, comma-separated; without it, "
               f"{' and '.join(DEFAULTS['status'])} events (rejected ones only when asked).",
               "type": "string", "enum": list(STATUSES)},
    "background": {"description": "History a report tells as context (an older capture, "
                   "a past offensive): false leaves it out (the default), true selects only "
                   "it, any both.", "type": "string", "enum": ["false", "true", "any"]},
    "report": {**_TEXT, "description": "Report ids, comma-separated."},
}


# -- zones ---------------------------------------------------------------------------------

def _zone_items(args: Mapping[str, Any]) -> Page:
    limit, offset = _paging(args)
    zones = select_zones(get_store(), args)
    page = zones[offset:offset + limit]
    return Page([zone_feature(z, i) for i, z in enumerate(page, offset + 1)], len(zones),
                offset, limit)


def _zone_item(fid: str) -> dict[str, Any]:
    for i, zone in enumerate(get_store().query_zones(), 1):
        if zone.id == fid:
            return zone_feature(zone, i)
    raise NotFound(f"no zone with id {fid!r}")


# -- places and areas ----------------------------------------------------------------------

_PLACE_QUERYABLES: dict[str, dict[str, Any]] = {
    "kind": {**_TEXT, "description": "Kind of place (district, neighbourhood, admin1, …)."}}

@lru_cache(maxsize=4096)
def _outline(place: Place) -> dict[str, Any]:
    assert place.geometry is not None
    return to_geojson(shape(place.geometry))  # right-hand rule, as RFC 7946 asks


def place_feature(place: Place, *, outline: bool = False) -> dict[str, Any]:
    """A place as a GeoJSON Feature: its point, or with ``outline`` its outline as a
    MultiPolygon."""
    geometry = (_multi(_outline(place)) if outline
                else {"type": "Point", "coordinates": [place.lon, place.lat]})
    props = place.to_dict()
    props["names"] = [{"text": text, "lang": lang} for text, lang in place.names]
    return {"type": "Feature", "id": place.id, "geometry": geometry, "properties": props}


def _multi(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def _all_places(*, outlined: bool = False) -> list[Place]:
    places = get_gazetteer().overlay_places() + get_store().list_places()
    return [p for p in places if p.geometry is not None] if outlined else places


def _items(args: Mapping[str, Any], *, outlined: bool) -> Page:
    limit, offset = _paging(args)
    if args.get("datetime") is not None:
        parse_datetime(args["datetime"])  # checked; places have no time, so it filters nothing
    places = _all_places(outlined=outlined)
    kind = (args.get("kind") or "").strip()
    if kind:
        places = [p for p in places if p.kind == kind]
    if args.get("bbox"):
        boxes = _boxes(parse_bbox(args["bbox"], crs=args.get("bbox-crs")))
        places = [p for p in places
                  if any(b.intersects(_shape(p, outline=outlined)) for b in boxes)]
    page = places[offset:offset + limit]
    return Page([place_feature(p, outline=outlined) for p in page], len(places), offset, limit)


def _place_items(args: Mapping[str, Any]) -> Page:
    return _items(args, outlined=False)


def _area_items(args: Mapping[str, Any]) -> Page:
    return _items(args, outlined=True)


def _boxes(bbox: tuple[float, float, float, float]) -> list[Any]:
    """The bbox as shapely boxes (two when it crosses the antimeridian)."""
    minlon, minlat, maxlon, maxlat = bbox
    if minlon <= maxlon:
        return [box(minlon, minlat, maxlon, maxlat)]
    return [box(minlon, minlat, 180.0, maxlat), box(-180.0, minlat, maxlon, maxlat)]


def _shape(place: Place, *, outline: bool) -> Any:
    if outline and place.geometry is not None:
        return shape(place.geometry)
    return shape({"type": "Point", "coordinates": [place.lon, place.lat]})


def _place_item(fid: str) -> dict[str, Any]:
    for place in _all_places():
        if place.id == fid:
            return place_feature(place)
    raise NotFound(f"no place with id {fid!r}")


def _area_item(fid: str) -> dict[str, Any]:
    for place in _all_places(outlined=True):
        if place.id == fid:
            return place_feature(place, outline=True)
    raise NotFound(f"no area with id {fid!r} (a place without an outline is in places)")


COLLECTIONS: dict[str, Collection] = {c.id: c for c in (
    Collection("events", "Events",
               "Events extracted from news reports (ACLED-style coding), one point each, "
               "with the sentence each came from.",
               _EVENT_QUERYABLES, _event_items, _event_item),
    Collection("zones", "Control zones",
               "Who controlled which area, from valid_from to valid_to (exclusive); "
               "datetime selects the zones valid then.",
               {"faction": {**_TEXT, "description": "Factions, comma-separated."}},
               _zone_items, _zone_item),
    Collection("places", "Curated places",
               "The gazetteer's curated overlay and the places users added: Aleppo's "
               "districts and neighbourhoods, Syria's governorates, sites, world regions, "
               "with their names in several languages; one point each (outlines are in "
               "areas).",
               _PLACE_QUERYABLES, _place_items, _place_item, temporal=False),
    Collection("areas", "Curated areas",
               "The outlines of the curated places that have one (districts, "
               "neighbourhoods, governorates, sites, world regions), as multipolygons.",
               _PLACE_QUERYABLES, _area_items, _area_item, temporal=False),
)}
