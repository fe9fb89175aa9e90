"""The three feature collections OGC API - Features serves: events, zones, places.

Each :class:`Collection` describes itself (title, extent, the query parameters it takes
beyond bbox/datetime/limit/offset) and answers pages of items and single items as GeoJSON
features, from the store or, for places, from the gazetteer's curated overlay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shapely.geometry import box, shape

from gazetteer import Place
from geomap.io.geojson import event_feature, zone_feature
from geomap.store import NotFound
from geomap.zones import to_geojson

from .deps import get_gazetteer, get_store
from .errors import ApiError
from .params import event_query, parse_bbox, parse_datetime, parse_limit, parse_offset

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


@dataclass(frozen=True)
class Collection:
    """A feature collection: what it holds, and functions that fetch its items."""

    id: str
    title: str
    description: str
    filters: tuple[str, ...]
    items: Callable[[Mapping[str, Any]], Page]
    item: Callable[[str], dict[str, Any]]
    temporal: bool = True


def _paging(args: Mapping[str, Any]) -> tuple[int, int]:
    return (parse_limit(args.get("limit"), default=DEFAULT_LIMIT, maximum=MAX_LIMIT),
            parse_offset(args.get("offset")))


# -- events --------------------------------------------------------------------------------

def _event_items(args: Mapping[str, Any]) -> Page:
    store = get_store()
    q = event_query(args, get_gazetteer(), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT,
                    extra_places=store.list_places() if args.get("place") else ())
    events, matched = store.query_events(q)
    assert q.limit is not None
    return Page([event_feature(e, i) for i, e in enumerate(events, q.offset + 1)], matched,
                q.offset, q.limit)


def _event_item(fid: str) -> dict[str, Any]:
    try:
        return event_feature(get_store().get_event(fid), 1)
    except NotFound:
        raise ApiError(f"no event with id {fid!r}", 404) from None


# -- zones ---------------------------------------------------------------------------------

def _zone_items(args: Mapping[str, Any]) -> Page:
    limit, offset = _paging(args)
    bbox = parse_bbox(args["bbox"], crs=args.get("bbox-crs")) if args.get("bbox") else None
    kw: dict[str, Any] = {}
    if args.get("datetime") is not None:
        start, end = parse_datetime(args["datetime"])
        if start is not None and start == end:
            kw["at"] = start
        else:
            kw["start"], kw["end"] = start, end
    factions = [f.strip() for f in (args.get("faction") or "").split(",") if f.strip()]
    zones = get_store().query_zones(bbox=bbox, factions=factions or None, **kw)
    page = zones[offset:offset + limit]
    return Page([zone_feature(z, i) for i, z in enumerate(page, offset + 1)], len(zones),
                offset, limit)


def _zone_item(fid: str) -> dict[str, Any]:
    for i, zone in enumerate(get_store().query_zones(), 1):
        if zone.id == fid:
            return zone_feature(zone, i)
    raise ApiError(f"no zone with id {fid!r}", 404)


# -- places --------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _outline(place: Place) -> dict[str, Any]:
    assert place.geometry is not None
    return to_geojson(shape(place.geometry))  # right-hand rule, as RFC 7946 asks


def place_feature(place: Place) -> dict[str, Any]:
    """A place as a GeoJSON Feature: its outline where it has one, else its point."""
    geometry = (_outline(place) if place.geometry is not None
                else {"type": "Point", "coordinates": [place.lon, place.lat]})
    props = place.to_dict()
    props["names"] = [{"text": n.text, "lang": n.lang} for n in place.names]
    return {"type": "Feature", "id": place.id, "geometry": geometry, "properties": props}


def _all_places() -> list[Place]:
    return get_gazetteer().overlay_places() + get_store().list_places()


def _place_items(args: Mapping[str, Any]) -> Page:
    limit, offset = _paging(args)
    if args.get("datetime") is not None:
        parse_datetime(args["datetime"])  # checked; places have no time, so it filters nothing
    places = _all_places()
    kind = (args.get("kind") or "").strip()
    if kind:
        places = [p for p in places if p.kind == kind]
    if args.get("bbox"):
        boxes = _boxes(parse_bbox(args["bbox"], crs=args.get("bbox-crs")))
        places = [p for p in places if any(b.intersects(_shape(p)) for b in boxes)]
    page = places[offset:offset + limit]
    return Page([place_feature(p) for p in page], len(places), offset, limit)


def _boxes(bbox: tuple[float, float, float, float]) -> list[Any]:
    """The bbox as shapely boxes (two when it crosses the antimeridian)."""
    minlon, minlat, maxlon, maxlat = bbox
    if minlon <= maxlon:
        return [box(minlon, minlat, maxlon, maxlat)]
    return [box(minlon, minlat, 180.0, maxlat), box(-180.0, minlat, maxlon, maxlat)]


def _shape(place: Place) -> Any:
    return shape(place.geometry or {"type": "Point", "coordinates": [place.lon, place.lat]})


def _place_item(fid: str) -> dict[str, Any]:
    for place in _all_places():
        if place.id == fid:
            return place_feature(place)
    raise ApiError(f"no place with id {fid!r}", 404)


COLLECTIONS: dict[str, Collection] = {c.id: c for c in (
    Collection("events", "Events",
               "Events extracted from news reports (ACLED-style coding), one point each, "
               "with the sentence each came from.",
               ("type", "actor", "place", "status", "report"), _event_items, _event_item),
    Collection("zones", "Control zones",
               "Who controlled which area, from valid_from to valid_to (exclusive); "
               "datetime selects the zones valid then.",
               ("faction",), _zone_items, _zone_item),
    Collection("places", "Curated places",
               "The gazetteer's curated overlay: Aleppo's districts and neighbourhoods, "
               "Syria's governorates, sites, world regions, with their names in several "
               "languages.",
               ("kind",), _place_items, _place_item, temporal=False),
)}
