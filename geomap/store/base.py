"""The store's contract: what every engine (SQLite, PostGIS) offers, and its value objects.

Engines subclass :class:`Store`; ``tests/geomap/store`` holds one contract test class that
runs against each of them. Ids are strings, assigned by the store (``uuid4`` hex) unless the
record brings its own, and never change once written. Every write is one transaction: when
it raises, nothing of it was kept.
"""

from __future__ import annotations

import math
import uuid
from abc import abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from gazetteer import Place

from ..models import (
    EVENT_TYPES,
    ORIGINS,
    STATUSES,
    SUB_EVENT_TYPES,
    Actor,
    ControlZone,
    Event,
    Report,
)
from .desk import DeskStore
from .errors import InvalidData, InvalidQuery
from .geometry import parse_polygon
from .tiles import Tile, check_tile

__all__ = ["AddResult", "AuditEntry", "EventCell", "EventPoint", "Extent", "EventQuery",
           "StoredFeature", "Store", "BBox", "check_bbox", "new_id", "utcnow", "Progress"]

#: (min lon, min lat, max lon, max lat), WGS 84. min lon > max lon crosses the antimeridian.
BBox = tuple[float, float, float, float]


def new_id() -> str:
    """A new record id (uuid4 hex)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


#: ``progress(done, total)``: how far a long write has got, in events.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add_report` did.

    ``event_ids`` has one id per event given, in order: the new event's id, or the id of the
    stored event it was merged into. For a ``duplicate`` report (same checksum as a stored
    one) nothing was written and ``event_ids`` lists the stored report's events. ``merged``
    holds the distinct ids of events stored before this report that it was merged into.
    """

    report_id: str
    event_ids: list[str]
    duplicate: bool = False
    merged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AuditEntry:
    """One changed field of one event: who changed it, when, from what to what.

    ``old`` and ``new`` are JSON values (dates as ISO strings). Merging a duplicate event
    records entries too, with ``who`` = ``"merge:<report id>"``.
    """

    event_id: str
    at: datetime
    who: str
    field: str
    old: Any
    new: Any


def _as_tuple(name: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    try:
        items = tuple(value)
    except TypeError as error:
        raise InvalidQuery(f"{name} must be a list of strings, not {value!r}") from error
    if not all(isinstance(v, str) for v in items):
        raise InvalidQuery(f"{name} must be a list of strings, not {value!r}")
    return items


def _as_date(name: str, value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise InvalidQuery(f"{name} must be a date YYYY-MM-DD, not {value!r}") from error
    raise InvalidQuery(f"{name} must be a date, not {value!r}")


def check_bbox(bbox: Any) -> BBox:
    """``bbox`` as four floats, or InvalidQuery naming what is wrong with it."""
    try:
        minlon, minlat, maxlon, maxlat = (float(v) for v in bbox)
    except (TypeError, ValueError) as error:
        raise InvalidQuery(f"bbox must be four numbers (minlon, minlat, maxlon, maxlat), "
                           f"not {bbox!r}") from error
    if not all(math.isfinite(v) for v in (minlon, minlat, maxlon, maxlat)):
        raise InvalidQuery(f"bbox {bbox!r} is not finite")
    if not (-180.0 <= minlon <= 180.0 and -180.0 <= maxlon <= 180.0):
        raise InvalidQuery(f"bbox longitudes {minlon!r}, {maxlon!r} are outside [-180, 180]")
    if not (-90.0 <= minlat <= 90.0 and -90.0 <= maxlat <= 90.0):
        raise InvalidQuery(f"bbox latitudes {minlat!r}, {maxlat!r} are outside [-90, 90]")
    if minlat > maxlat:
        raise InvalidQuery(f"bbox min latitude {minlat!r} is above max latitude {maxlat!r}")
    return (minlon, minlat, maxlon, maxlat)


@dataclass(frozen=True, kw_only=True)
class EventQuery:
    """Which events to fetch; every filter given must hold (None: no filter).

    - ``bbox``: (min lon, min lat, max lon, max lat), edges included; events without
      coordinates never match a spatial filter.
    - ``start``/``end``: an event matches when its span ``[event_date, date_end or
      event_date]`` overlaps ``[start, end]`` (so a tally over a month matches a day in it).
    - ``event_types``, ``sub_event_types``, ``status``: any of the values given.
    - ``actors``: actor1 or actor2 is one of these; ``place_ids``: exact ids (expand a place
      to what lies inside it with the gazetteer first); ``report_ids``: events told by any
      of these reports (merged duplicates included).
    - ``within``: a GeoJSON Polygon or MultiPolygon; the event's point intersects it.
    - ``background``: True only history told as context, False none of it (None: both).
    - ``origins``: where the events came from (``Event.origin``: report, import).
    - ``tile``: a Web Mercator tile (z, x, y); the event's point lies in it (see
      ``geomap.store.tiles``: a tile holds its west and north edges, not its east and south).
    - ``tally``: True only cumulative tolls, False none of them (None: both).
    - ``limit`` (None: all), ``offset``: a page of the results ordered by (event_date, id).

    Lists (or a single string) become tuples, ISO date strings dates; ``bbox`` is then a
    tuple of four floats.

    Raises:
        InvalidQuery: on a malformed or contradictory parameter.
    """

    bbox: Sequence[float] | None = None
    start: date | None = None
    end: date | None = None
    event_types: Sequence[str] | None = None
    sub_event_types: Sequence[str] | None = None
    actors: Sequence[str] | None = None
    place_ids: Sequence[str] | None = None
    report_ids: Sequence[str] | None = None
    status: Sequence[str] | None = None
    within: Mapping[str, Any] | None = None
    background: bool | None = None
    origins: Sequence[str] | None = None
    tile: tuple[int, int, int] | None = None
    tally: bool | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("event_types", "sub_event_types", "actors", "place_ids", "report_ids",
                     "status", "origins"):
            put(self, name, _as_tuple(name, getattr(self, name)))
        put(self, "start", _as_date("start", self.start))
        put(self, "end", _as_date("end", self.end))
        if self.bbox is not None:
            put(self, "bbox", check_bbox(self.bbox))
        if self.tile is not None:
            try:
                put(self, "tile", check_tile(*self.tile))
            except TypeError as error:
                raise InvalidQuery(f"a tile is (z, x, y), not {self.tile!r}") from error
        if self.start and self.end and self.end < self.start:
            raise InvalidQuery(f"end {self.end} is before start {self.start}")
        unknown = set(self.event_types or ()) - set(EVENT_TYPES)
        unknown |= set(self.sub_event_types or ()) - set(SUB_EVENT_TYPES)
        if unknown:
            raise InvalidQuery(f"unknown event type(s) {sorted(unknown)}")
        if set(self.status or ()) - set(STATUSES):
            raise InvalidQuery(f"status must be among {STATUSES}, not {self.status!r}")
        if set(self.origins or ()) - set(ORIGINS):
            raise InvalidQuery(f"origins must be among {ORIGINS}, not {self.origins!r}")
        for name in ("limit", "offset"):
            value = getattr(self, name)
            if value is None and name == "limit":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidQuery(f"{name} must be a whole number >= 0, not {value!r}")
        if self.within is not None:
            try:
                parse_polygon(self.within)
            except InvalidData as error:
                raise InvalidQuery(f"within: {error}") from error


class EventPoint(NamedTuple):
    """What a map draws of an event, without the rest of its record."""

    id: str
    lon: float
    lat: float
    sub_event_type: str
    fatalities: int | None
    tally: bool
    event_date: date


class Extent(NamedTuple):
    """Where and when some events lie: their first and last day (``date_end`` or
    ``event_date``), the box around those of them that are located (None when none is),
    and how many are located (what a map draws)."""

    first: date
    last: date
    bbox: BBox | None
    located: int = 0


class StoredFeature(NamedTuple):
    """An event's GeoJSON Feature as the API writes it, but for its location: ``template``
    (:func:`geomap.io.geojson.feature_template`: UTF-8 JSON, script-safe, a NUL byte where
    the location's value goes), and the event's ``place_id`` and ``location``, which a
    reader fills it from (:func:`geomap.io.geojson.fill_location`)."""

    template: bytes
    place_id: str | None
    location: str | None


class EventCell(NamedTuple):
    """The located events of one map cluster: those in ``cell`` (a tile) with this
    ``tally``, how many (``size``), their mean point and their extent, the sub-event types
    among them (sorted); ``point`` is the event itself when there is only one."""

    cell: Tile
    tally: bool
    size: int
    lon: float
    lat: float
    west: float
    south: float
    east: float
    north: float
    point: EventPoint | None
    sub_event_types: tuple[str, ...] = ()


class Store(DeskStore):
    """The store: reports, events, places, actors and control zones (and, from
    :class:`~geomap.store.desk.DeskStore`, report summaries and story maps).

    Use it as a context manager or call :meth:`close`. The schema is created (or checked) on
    first use; :meth:`init` does it explicitly.
    """

    #: the database URL, password hidden
    url: str

    def __init__(self, url: str, **options: Any) -> None:
        """Engines are built from their URL and keyword options (see ``open_store``)."""
        self.url = url

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def init(self) -> int:
        """Create the schema if the database is empty, else check its version; return it.

        Raises:
            SchemaVersionError: the database holds another schema version, or tables that
                are not ours.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the connections."""

    # -- reports and events ----------------------------------------------------------------

    @abstractmethod
    def add_report(self, report: Report, events: Sequence[Event], *,
                   progress: Progress | None = None,
                   same_as: Mapping[int, str] | None = None) -> AddResult:
        """Store a report and its events in one transaction.

        ``progress(done, total)`` is called as the events are merged and written (a large
        import shows a progress bar with it).

        A report whose checksum is stored already adds nothing (``duplicate=True``). An event
        equal to a stored one on (place_id, event_type, sub_event_type, actor1, actor2, tally)
        with event_date within one day (a tally: the same span) is merged into it: its
        ``sources`` gain this report and, where both give a figure, the lowest is kept
        (ACLED's rule). Events without a place_id are never merged. An event whose id is
        stored already is that event told again (a file imported twice, a newer export of the
        same source): the stored one takes its values unless a reviewer verified or rejected
        it, and gains this report as a source (audit ``who`` = ``"revise:<report id>"``).
        ``same_as`` maps positions in ``events`` to stored event ids the caller found they
        tell (the same incident coded elsewhere, see ``geomap.crossmerge``): those merge too.
        Every merge into a stored event keeps the events as this report told them, so that
        :meth:`unmerge` can undo it.

        Raises:
            InvalidData: a record is invalid (nothing is written).
            StoreError: the database refused the write (nothing is written).
        """

    @abstractmethod
    def merges_into(self, event_id: str) -> list[tuple[str, list[Event]]]:
        """The reports merged into this event, oldest first, each with the events as that
        report told them (what :meth:`unmerge` would store again)."""

    @abstractmethod
    def unmerge(self, event_id: str, report_id: str, *, who: str) -> list[Event]:
        """Undo the merge of a report's events into a stored event, in one transaction: the
        stored event takes back the fields that merge changed (those nobody changed since)
        and loses the report as a source; the report's events are stored again on their
        own, with new ids. Audited as ``"unmerge:<report id> by <who>"``.

        Raises:
            NotFound: the report was not merged into that event.
            InvalidData: ``who`` is empty.
        """

    @abstractmethod
    def get_report(self, report_id: str) -> Report:
        """The report with this id.

        Raises:
            NotFound: no such report.
        """

    @abstractmethod
    def get_event(self, event_id: str) -> Event:
        """The event with this id.

        Raises:
            NotFound: no such event.
        """

    @abstractmethod
    def query_events(self, q: EventQuery, *, count: bool = True) -> tuple[list[Event], int]:
        """A page of the events matching ``q`` in (event_date, id) order, and how many match
        (with ``count=False`` they are not counted: the number is then only the end of the
        page, ``offset`` + its length)."""

    @abstractmethod
    def query_records(self, q: EventQuery) -> tuple[list[dict[str, Any]], int]:
        """What ``query_events`` gives, as the stored records rather than Events: each
        event's fields by name (in the Event's order), dates as ISO text, ``tally`` and
        ``background`` bools, and its JSON fields (``counts``, ``lower_bounds``,
        ``sources``, ``extra``, ``claims``) as their JSON text, not parsed. For writers of
        JSON: a page of 500 in a few milliseconds."""

    def query_features(self, q: EventQuery) -> tuple[list[StoredFeature], int]:
        """What ``query_records`` gives, as each event's Feature kept by the store (an
        engine without them makes them from the records): for the API's pages of GeoJSON,
        which are these filled and joined."""
        from ..io.geojson import feature_template

        records, total = self.query_records(q)
        return [StoredFeature(feature_template(r), r["place_id"], r["location"])
                for r in records], total

    @abstractmethod
    def event_points(self, q: EventQuery) -> list[EventPoint]:
        """The located events matching ``q`` as map points, in (event_date, id) order: what
        ``query_events`` finds, minus unlocated events, at a fraction of the cost."""

    @abstractmethod
    def event_extent(self, q: EventQuery) -> Extent | None:
        """The span and box of all the events matching ``q`` (its limit and offset
        ignored); None when none matches."""

    @abstractmethod
    def event_cells(self, q: EventQuery, level: int) -> list[EventCell]:
        """The located events matching ``q`` (its limit and offset ignored) grouped by the
        tiles of zoom ``level`` they lie in, and by ``tally``: what a map draws as clusters.
        Ordered by cell key, then tally.

        Raises:
            InvalidQuery: a level outside 0-24.
        """

    @abstractmethod
    def change_counter(self) -> int:
        """How many write transactions the store has committed: every write (of events,
        reports, zones, places, actors, stories; even one that finds nothing to change, such
        as a report stored already) adds one, in its own transaction; the desk's sessions,
        which no read of the records shows, do not. What was read from the store is still
        true while this number stays the same."""

    @abstractmethod
    def event_span(self, q: EventQuery) -> tuple[date, date] | None:
        """The first day and the last (``date_end`` or ``event_date``) of all the events
        matching ``q`` (its limit and offset ignored); None when none matches."""

    @abstractmethod
    def count_events(self) -> int:
        """How many events are stored."""

    @abstractmethod
    def count_reports(self) -> int:
        """How many reports are stored."""

    @abstractmethod
    def actor_names(self) -> list[str]:
        """Every distinct actor1 and actor2 of the stored events, sorted."""

    @abstractmethod
    def update_event(self, event_id: str, changes: Mapping[str, Any], *, who: str) -> Event:
        """Change fields of an event, recording one audit entry per field that changed.

        ``changes`` maps Event field names (not ``id``, ``report_id`` or ``sources``) to new
        values; dates may be given as ISO strings. Returns the event as stored.

        Raises:
            NotFound: no such event.
            InvalidData: an unknown field, or the changed event would be invalid (nothing
                is written).
        """

    @abstractmethod
    def audit_trail(self, event_id: str) -> list[AuditEntry]:
        """Every recorded change of an event, oldest first (empty for an unknown id)."""

    # -- control zones ---------------------------------------------------------------------

    @abstractmethod
    def add_zones(self, zones: Iterable[ControlZone], *,
                  replace: Iterable[str] = ()) -> list[str]:
        """Store control zones (after deleting the zones ``replace`` names), in one transaction.

        Returns the zones' ids in order. Geometry must be a valid polygon in lon/lat range.

        Raises:
            InvalidData: an invalid zone (nothing is written).
        """

    @abstractmethod
    def query_zones(self, *, at: date | None = None, start: date | None = None,
                    end: date | None = None, factions: Iterable[str] | None = None,
                    bbox: BBox | None = None) -> list[ControlZone]:
        """Zones valid on day ``at``, or at some time in ``[start, end]``, of any of
        ``factions``, intersecting ``bbox``; ordered by (faction, valid_from, id).

        Raises:
            InvalidQuery: a malformed parameter.
        """

    def zones_valid_at(self, day: date) -> list[ControlZone]:
        """The zones of control on ``day`` (valid_from <= day < valid_to)."""
        return self.query_zones(at=day)

    @abstractmethod
    def delete_zones(self, ids: Iterable[str]) -> int:
        """Delete these zones in one transaction; return how many there were."""

    # -- places and actors -----------------------------------------------------------------

    @abstractmethod
    def add_place(self, place: Place) -> str:
        """Store (or replace) a place added by a user; return its id."""

    @abstractmethod
    def get_place(self, place_id: str) -> Place:
        """The user-added place with this id.

        Raises:
            NotFound: no such place in the store (the gazetteer may still know it).
        """

    @abstractmethod
    def list_places(self) -> list[Place]:
        """Every user-added place, by id."""

    @abstractmethod
    def put_actor(self, actor: Actor) -> str:
        """Store (or replace) an actor; return its id."""

    @abstractmethod
    def get_actor(self, actor_id: str) -> Actor:
        """The actor with this id.

        Raises:
            NotFound: no such actor.
        """

    @abstractmethod
    def list_actors(self) -> list[Actor]:
        """Every actor, by id."""

    # -- health ----------------------------------------------------------------------------

    @abstractmethod
    def optimize(self) -> None:
        """Make the store fast again after a bulk write (``geomap import`` calls it): pack
        the spatial indexes and refresh the statistics the database plans queries with.
        Changes no record."""

    @abstractmethod
    def integrity_check(self) -> list[str]:
        """Problems found in the database, one line each (empty: all is well)."""
