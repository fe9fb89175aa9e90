"""Which events and control zones a set of filters selects: the one rule behind the API,
OGC API - Features, the exports, the maps and embeds, story maps, the desk and
``geomap export``. Nothing else builds an event query.

Filters are a mapping of strings as people write them (``request.args``, a command's
options): ``bbox`` (and ``bbox-crs``), ``datetime`` or ``from``/``to``, ``type``, ``actor``,
``place``, ``status``, ``report``, ``limit``, ``offset``. The rules:

- **defaults**: what every selection leaves out unless its filters ask for it
  (:data:`DEFAULTS`: rejected events, history told as background; one entry per rule);
- **place**: an id or a name in any language, the gazetteer's places then the ones users
  added (:func:`geomap.places.find_place`); a place with an outline selects everything
  inside it, one without selects itself and the places under it; a name that matches no
  place is an :class:`~geomap.errors.UnknownPlace`, never an empty answer;
- **actor**: any name of an actor (``ISIS``, ``EI``, ``Daech``, ``islamic state``), case and
  accents ignored, on actor1 or actor2 (:func:`geomap.actors.match_actors`).

Every selection says what the names were taken to mean (:class:`Resolved`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gazetteer import Gazetteer, Place

from .actors import match_actors
from .errors import InvalidQuery, place_label
from .filters import (
    Args,
    parse_background,
    parse_bbox,
    parse_datetime,
    parse_day,
    parse_limit,
    parse_list,
    parse_offset,
    parse_statuses,
    parse_types,
)
from .io.geojson import join_filled
from .models import ControlZone, Event
from .places import find_place, known_locations, known_names, known_record_names
from .store import EventQuery, Store
from .store.base import EventCell, EventPoint, Extent
from .store.tiles import LEVEL, Tile, check_tile

__all__ = ["DEFAULTS", "Resolved", "Selection", "Records", "Features", "select_events",
           "select_records", "select_features",
           "select_points", "select_clusters", "cluster_levels", "select_extent",
           "select_for_matching", "as_of_day", "select_zones", "MAX_PLACE_IDS", "CELL_ZOOMS",
           "TILE_ZOOMS", "TOLLS_APART"]

#: What every selection leaves out unless its filters ask for it: EventQuery field → value
#: used when the filter is not given.
DEFAULTS: dict[str, Any] = {
    "status": ("extracted", "verified"),  # rejected events only with status=…
    "background": False,  # history told as context only with background=true or any
}
#: A place expands to at most this many ids (SQLite allows 32,766 bound values).
MAX_PLACE_IDS = 20_000
#: A map at zoom z clusters its events in the tiles of zoom z + CELL_ZOOMS (cells of 64
#: pixels, about supercluster's radius of 50) …
CELL_ZOOMS = 2
#: … and loads them a data tile of zoom z - TILE_ZOOMS at a time (16 × 16 cells, four
#: screen tiles square: a screen of the map needs a handful).
TILE_ZOOMS = 2
#: A data tile with at most this many cumulative tolls gives each its own marker.
TOLLS_APART = 200


@dataclass(frozen=True)
class Resolved:
    """What the names in the filters were taken to mean: the place, and for each actor
    asked the actor names it matched."""

    place: Place | None = None
    actors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"place": {...}, "actors": {"ISIS": ["Islamic State"]}}``."""
        out: dict[str, Any] = {}
        if self.place is not None:
            p = self.place
            out["place"] = {"id": p.id, "name": p.name, "kind": p.kind,
                            "country_code": p.country_code}
        if self.actors:
            out["actors"] = {asked: list(names) for asked, names in self.actors.items()}
        return out

    def describe(self) -> str:
        """One line for people: ``place Aleppo (city, SY); actor ISIS: Islamic State``."""
        parts = [f"place {place_label(self.place)}"] if self.place is not None else []
        parts += [f"actor {asked}: {', '.join(names) or 'no match'}"
                  for asked, names in self.actors.items()]
        return "; ".join(parts)


@dataclass(frozen=True)
class Selection:
    """A page of the selected events, how many match in all, and what the names meant."""

    events: list[Event]
    matched: int
    offset: int
    limit: int | None
    resolved: Resolved


@dataclass(frozen=True)
class Records:
    """A page of the selected events as the store's records (``Store.query_records``: the
    fields of each, JSON fields as their JSON text), how many match, what names meant."""

    records: list[dict[str, Any]]
    matched: int
    offset: int
    limit: int | None
    resolved: Resolved


@dataclass(frozen=True)
class Features:
    """A page of the selected events as GeoJSON Features (``Store.query_features``
    filled: UTF-8 JSON text, safe in a ``<script>``, the members of a JSON array joined by
    commas), how many there are, how many match, what names meant."""

    features: bytes
    returned: int
    matched: int
    offset: int
    limit: int | None
    resolved: Resolved


def _event_query(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                 default_limit: int | None, max_limit: int) -> tuple[EventQuery, Resolved]:
    """The store query for ``filters``, and what their names were taken to mean.

    Raises:
        InvalidQuery: a filter that does not parse (UnknownPlace for a place).
    """
    kw: dict[str, Any] = {}
    bbox, crs, when = filters.get("bbox"), filters.get("bbox-crs"), filters.get("datetime")
    start, end = filters.get("from"), filters.get("to")
    if bbox is not None:
        kw["bbox"] = parse_bbox(bbox, crs=crs)
    elif crs is not None:
        raise InvalidQuery("bbox-crs without a bbox")
    if when is not None:
        if start is not None or end is not None:
            raise InvalidQuery("give datetime or from/to, not both")
        kw["start"], kw["end"] = parse_datetime(when)
    else:
        kw["start"] = parse_day("from", start) if start is not None else None
        kw["end"] = parse_day("to", end) if end is not None else None
        if kw["start"] and kw["end"] and kw["end"] < kw["start"]:
            raise InvalidQuery(f"to {kw['end']} is before from {kw['start']}")
    kw["event_types"], kw["sub_event_types"] = parse_types(filters.get("type"))
    kw["status"] = parse_statuses(filters.get("status"))
    if filters.get("background") is not None:
        kw["background"] = parse_background(filters.get("background"))
    kw["report_ids"] = parse_list("report", filters.get("report"))
    actors: dict[str, tuple[str, ...]] = {}
    asked = parse_list("actor", filters.get("actor"))
    if asked:
        actors = match_actors(asked, stored=store.actor_names())
        kw["actors"] = tuple(sorted({n for names in actors.values() for n in names}))
    place = None
    if filters.get("place") is not None:
        if gazetteer is None:
            raise InvalidQuery("place is not a filter here")
        place = find_place(gazetteer, store, filters["place"])
        if place.geometry is not None:  # everything inside its outline
            kw["within"] = place.geometry
        else:  # the place and the places under it
            ids = [place.id, *gazetteer.children_ids(place.id)]
            kw["place_ids"] = tuple(ids[:MAX_PLACE_IDS])
    for name, value in DEFAULTS.items():
        if filters.get(name) in (None, ""):  # not asked for: the default holds
            kw[name] = value
    limit = filters.get("limit")
    kw["limit"] = (None if limit is None and default_limit is None
                   else parse_limit(limit, default=default_limit or max_limit,
                                    maximum=max_limit))
    kw["offset"] = parse_offset(filters.get("offset"))
    return EventQuery(**kw), Resolved(place, actors)


def select_events(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                  default_limit: int | None = None, max_limit: int = 10**9,
                  count: bool = True) -> Selection:
    """The page of events ``filters`` select, in (event_date, id) order, each located by
    the name readers know (:func:`geomap.places.known_names`, in English).

    ``default_limit`` is the page size when the filters give no ``limit`` (None: all);
    a ``limit`` above ``max_limit`` is refused. ``gazetteer`` may be None where ``place``
    is not a filter. With ``count=False`` the matches are not counted (``matched`` is the
    page's end): a page that only shows the first events.

    Raises:
        InvalidQuery: a filter that does not parse (UnknownPlace for a place).
    """
    q, resolved = _event_query(store, gazetteer, filters, default_limit=default_limit,
                               max_limit=max_limit)
    events, matched = store.query_events(q, count=count)
    if gazetteer is not None:
        events = known_names(gazetteer, events)
    return Selection(events, matched, q.offset, q.limit, resolved)


def select_records(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                   default_limit: int | None = None, max_limit: int = 10**9) -> Records:
    """The page :func:`select_events` selects, as records (located by the names readers
    know, as its events are): what a writer of JSON needs without Events (the API's pages
    of GeoJSON).

    Raises:
        InvalidQuery: a filter that does not parse (UnknownPlace for a place).
    """
    q, resolved = _event_query(store, gazetteer, filters, default_limit=default_limit,
                               max_limit=max_limit)
    records, matched = store.query_records(q)
    if gazetteer is not None:
        records = known_record_names(gazetteer, records)
    return Records(records, matched, q.offset, q.limit, resolved)


def select_features(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                    default_limit: int | None = None, max_limit: int = 10**9) -> Features:
    """The page :func:`select_records` selects, as the GeoJSON Features
    :func:`geomap.io.geojson.features_json` writes of those records, from the ones the
    store keeps (the API's pages of GeoJSON).

    Raises:
        InvalidQuery: a filter that does not parse (UnknownPlace for a place).
    """
    q, resolved = _event_query(store, gazetteer, filters, default_limit=default_limit,
                               max_limit=max_limit)
    stored, matched = store.query_features(q)
    locations = ([s.location for s in stored] if gazetteer is None else
                 known_locations(gazetteer, [(s.place_id, s.location) for s in stored]))
    features = join_filled([s.template for s in stored], locations)
    return Features(features, len(stored), matched, q.offset, q.limit, resolved)


def select_points(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                  tile: Tile | None = None, max_limit: int = 10**9) -> list[EventPoint]:
    """What a map draws of the located events ``filters`` select (see select_events), those
    in ``tile`` only when given (the events of one cluster: its cell is a tile)."""
    q, _ = _event_query(store, gazetteer, filters, default_limit=None, max_limit=max_limit)
    if tile is not None:
        q = dataclasses.replace(q, tile=tile)
    return store.event_points(q)


def cluster_levels(zoom: int) -> tuple[int, int]:
    """(zoom of its data tiles, zoom of its cells) for a map at ``zoom``.

    Raises:
        InvalidQuery: a zoom beyond what cell keys hold.
    """
    if not 0 <= zoom <= LEVEL - CELL_ZOOMS:
        raise InvalidQuery(f"zoom must be within 0-{LEVEL - CELL_ZOOMS}, not {zoom}")
    return max(0, zoom - TILE_ZOOMS), zoom + CELL_ZOOMS


def select_clusters(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
                    zoom: int, x: int, y: int) -> list[EventCell]:
    """The clusters a map at ``zoom`` draws in its data tile ``x``/``y`` (see
    :func:`cluster_levels`): the located events ``filters`` select there, grouped by cell
    and tally, a cluster's count being exactly the events ``select_points`` gives for its
    cell. Cumulative tolls, when there are at most :data:`TOLLS_APART` in the tile, are
    grouped only with tolls at the very same spot (a map shows each toll's figure). Limit
    and offset are ignored.

    Raises:
        InvalidQuery: a filter that does not parse, a tile that does not exist.
    """
    level, cells = cluster_levels(zoom)
    q = dataclasses.replace(_whole(store, gazetteer, filters), tile=check_tile(level, x, y))
    found = store.event_cells(q, cells)
    tolls = sum(c.size for c in found if c.tally)
    if any(c.tally and c.size > 1 for c in found) and tolls <= TOLLS_APART:
        # cumulative tolls stand apart (each its figure): cells of a spot each
        found = [c for c in found if not c.tally] + store.event_cells(
            dataclasses.replace(q, tally=True), LEVEL)
    return found


def _whole(store: Store, gazetteer: Gazetteer | None, filters: Args) -> EventQuery:
    """The query of every event ``filters`` select (their limit and offset ignored)."""
    q, _ = _event_query(store, gazetteer, {k: v for k, v in filters.items()
                                           if k not in ("limit", "offset")},
                        default_limit=None, max_limit=1)
    return q


def select_extent(store: Store, gazetteer: Gazetteer | None, filters: Args) -> Extent | None:
    """When and where the events ``filters`` select lie (what a map opens on); None when
    none is selected.

    Raises:
        InvalidQuery: a filter that does not parse.
    """
    return store.event_extent(_whole(store, gazetteer, filters))


def as_of_day(store: Store, gazetteer: Gazetteer | None, filters: Args, *,
              at: date | None = None, extent: Extent | None = None) -> date:
    """The day a map's control zones show: ``at`` when given, else the ``to`` filter,
    else the last day of the events the filters select (a map of 2016's events shows
    2016's front lines; ``extent``, their :func:`select_extent`, when the caller has it),
    else today.

    Raises:
        InvalidQuery: a filter that does not parse.
    """
    if at is not None:
        return at
    if filters.get("to"):
        return parse_day("to", filters["to"])
    if extent is not None:
        return extent.last
    span = store.event_span(_whole(store, gazetteer, filters))
    return span[1] if span is not None else date.today()


def select_zones(store: Store, filters: Args) -> list[ControlZone]:
    """The control zones ``filters`` select: valid on ``at`` (or at some time in
    ``datetime``, or in ``from``..``to``), of the ``faction`` list, meeting ``bbox``.

    Raises:
        InvalidQuery: a filter that does not parse.
    """
    kw: dict[str, Any] = {}
    if filters.get("bbox") is not None:
        kw["bbox"] = parse_bbox(filters["bbox"], crs=filters.get("bbox-crs"))
    if filters.get("at") is not None:
        kw["at"] = parse_day("at", filters["at"])
    elif filters.get("datetime") is not None:
        start, end = parse_datetime(filters["datetime"])
        if start is not None and start == end:
            kw["at"] = start
        else:
            kw["start"], kw["end"] = start, end
    else:
        if filters.get("from") is not None:
            kw["start"] = parse_day("from", filters["from"])
        if filters.get("to") is not None:
            kw["end"] = parse_day("to", filters["to"])
    kw["factions"] = parse_list("faction", filters.get("faction"))
    return store.query_zones(**kw)


def select_for_matching(store: Store, *, bbox: tuple[float, float, float, float],
                        start: date, end: date, event_types: Sequence[str],
                        origins: Sequence[str]) -> list[Event]:
    """Every stored event of these origins and types in the box and days, whatever its
    status or background: the candidates a new event may code the same incident as
    (:mod:`geomap.crossmerge`), not a list anyone reads, so no default applies."""
    events, _ = store.query_events(EventQuery(bbox=bbox, start=start, end=end,
                                              event_types=tuple(event_types),
                                              origins=tuple(origins)))
    return events
