"""The default engine: one SQLite file, in WAL mode, with R*Tree indexes.

- Every connection runs with ``journal_mode=WAL`` (readers never block the writer),
  ``foreign_keys=ON``, ``synchronous=NORMAL`` (a crash of the process loses nothing
  committed; a power cut may lose the last transactions but never corrupts the file), a
  32 MB page cache and a 30-second busy timeout.
- pysqlite's own transaction handling is switched off and the store emits BEGIN itself:
  ``BEGIN IMMEDIATE`` for writes, so that two writers queue for the lock instead of failing
  when the second tries to upgrade a read.
- ``event_rtree`` indexes each located event as (lon, lat, first day, last day, kind) — a
  4-D box whose day axis is the Julian day number of ``[event_date, date_end or event_date]``
  and whose kind says its status and whether it is background (exact in the R*Tree's 32-bit
  floats, as small whole numbers are) — so a bbox-dates-status query is one R*Tree search,
  and its count and the first days of its page are read from the R*Tree alone (see
  :meth:`SQLiteStore._page_rows`). ``zone_rtree`` indexes zones' bounding boxes.
  Triggers keep both in step with their tables inside the same transaction. The R*Tree
  stores 32-bit floats rounded outwards, so it narrows the search and the exact test is
  made on the ``lat``/``lon`` columns (and, for polygons, with shapely) unless the rounded
  box lies inside the query's.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import operator
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Double,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..models import STATUSES
from .base import BBox, EventQuery
from .errors import StoreError
from .geometry import parse_polygon, split_bbox
from .schema import build_tables
from .sql import SQLStore
from .tiles import LEVEL, Tile, space_time_keys, tile_range

__all__ = ["SQLiteStore", "julian_day"]

#: an event's kind as the R*Tree's fourth axis holds it: its status's index in STATUSES,
#: plus len(STATUSES) for history told as background (see kind_codes)
_KIND_CODE = ("(CASE {0}.status " + " ".join(f"WHEN '{s}' THEN {i}"
                                              for i, s in enumerate(STATUSES))
              + f" ELSE {len(STATUSES)} END + {len(STATUSES) + 1} * {{0}}.background)")
_EVENT_BOX = ("{0}.pk, {0}.lon, {0}.lon, {0}.lat, {0}.lat, julianday({0}.event_date), "
              "julianday(coalesce({0}.date_end, {0}.event_date)), "
              + _KIND_CODE.format("{0}") + ", " + _KIND_CODE.format("{0}"))

_EVENT_RTREE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_rtree USING rtree("
    "id, minlon, maxlon, minlat, maxlat, d0, d1, s0, s1)",
    f"""CREATE TRIGGER IF NOT EXISTS events_rtree_insert AFTER INSERT ON events
       WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
         INSERT INTO event_rtree VALUES ({_EVENT_BOX.format("new")});
       END""",
    f"""CREATE TRIGGER IF NOT EXISTS events_rtree_update
       AFTER UPDATE OF lat, lon, event_date, date_end, status, background ON events BEGIN
         DELETE FROM event_rtree WHERE id = old.pk;
         INSERT INTO event_rtree SELECT {_EVENT_BOX.format("new")}
           WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
       END""",
)
#: the events' R*Tree built again (schema 6's had no axis for their kind)
_EVENT_RTREE_REBUILD = (
    "DROP TRIGGER IF EXISTS events_rtree_insert", "DROP TRIGGER IF EXISTS events_rtree_update",
    "DROP TABLE IF EXISTS event_rtree", *_EVENT_RTREE_DDL,
    f"INSERT INTO event_rtree SELECT {_EVENT_BOX.format('events')} FROM events "
    "WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY cell",
)
#: … and packed: its entries inserted in the order of a key that interleaves the bits of
#: longitude, latitude and day (neighbours in space and time together). SQLite's R*Tree
#: grown in any other order (events in random places and days, or in date order) makes
#: boxes that overlap: a box-and-year search over a million events took 60-160 ms, 1.5 ms
#: packed (measured here, on 2 cores)
_EVENT_RTREE_PACK = (
    "CREATE TEMP TABLE geomap_pack (pk INTEGER PRIMARY KEY, k INTEGER NOT NULL)",
    *_EVENT_RTREE_REBUILD[:-1],
    f"INSERT INTO event_rtree SELECT {_EVENT_BOX.format('events')} FROM events "
    "JOIN temp.geomap_pack USING (pk) ORDER BY geomap_pack.k",
    "DROP TABLE temp.geomap_pack",
)

#: the events' points by longitude and by latitude, for the few near a box's edges (see
#: SQLiteStore._page_rows). On ``lon + 0.0``, an expression only that query writes, so that
#: the planner never takes a box's wide range of longitudes to these instead of the R*Tree
_NEAR_EDGE_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_events_near_lon ON events (lon + 0.0)",
    "CREATE INDEX IF NOT EXISTS ix_events_near_lat ON events (lat + 0.0)",
)

_NEAR_EDGE_INDEXES = ("ix_events_near_lon", "ix_events_near_lat")
#: a report of this many new events or more is written in bulk (SQLiteStore._bulk_insert)
BULK_ROWS = 10_000

_RTREE_DDL = (
    *_EVENT_RTREE_DDL,
    *_NEAR_EDGE_DDL,
    "CREATE VIRTUAL TABLE IF NOT EXISTS zone_rtree USING rtree("
    "id, minlon, maxlon, minlat, maxlat)",
    """CREATE TRIGGER IF NOT EXISTS events_rtree_delete AFTER DELETE ON events BEGIN
         DELETE FROM event_rtree WHERE id = old.pk;
       END""",
    """CREATE TRIGGER IF NOT EXISTS zones_rtree_insert AFTER INSERT ON zones BEGIN
         INSERT INTO zone_rtree VALUES (new.pk, new.minlon, new.maxlon, new.minlat, new.maxlat);
       END""",
    """CREATE TRIGGER IF NOT EXISTS zones_rtree_update
       AFTER UPDATE OF minlon, minlat, maxlon, maxlat ON zones BEGIN
         UPDATE zone_rtree SET minlon = new.minlon, maxlon = new.maxlon,
           minlat = new.minlat, maxlat = new.maxlat WHERE id = new.pk;
       END""",
    """CREATE TRIGGER IF NOT EXISTS zones_rtree_delete AFTER DELETE ON zones BEGIN
         DELETE FROM zone_rtree WHERE id = old.pk;
       END""",
)



def _rtree_table(name: str, *columns: str) -> Table:
    """The R*Tree virtual table as SQLAlchemy sees it (created by _RTREE_DDL, not by it)."""
    return Table(name, MetaData(), Column("id", Integer),
                 *(Column(c, Double) for c in columns))


EVENT_RTREE = _rtree_table("event_rtree", "minlon", "maxlon", "minlat", "maxlat", "d0", "d1",
                           "s0", "s1")
ZONE_RTREE = _rtree_table("zone_rtree", "minlon", "maxlon", "minlat", "maxlat")


#: the store's change counter (SQLStore.change_counter)
_COUNTER = "SELECT counter FROM store_changes WHERE id = 1"
#: no day: every event of the R*Tree is on or before it
_NO_EDGE = 1e12
#: EventQuery filters the events' R*Tree does not hold
_NOT_IN_RTREE = ("event_types", "sub_event_types", "actors", "place_ids", "report_ids",
                 "origins", "tally",
                 "within", "tile")
#: EventQuery fields that ix_events_cell covers
_COVERED = {"start", "end", "status", "background", "tile", "tally"}

#: the day of a (key, day) pair; the (event_date, id) of a row of (key, event_date, id, …)
_DAY, _DATE_AND_ID = operator.itemgetter(1), operator.itemgetter(1, 2)

#: degrees added around a query box before searching an R*Tree: its 32-bit floats are rounded
#: outwards, except that values below float32's range (|x| < 1e-38) flush to zero
_SLACK = 1e-6


@functools.cache
def _without_date_and_id(columns: int) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """(pk, *columns) of a row of (pk, event_date, id, *columns), in C."""
    return operator.itemgetter(0, *range(3, 3 + columns)) if columns else (
        lambda row: (row[0],))


def _widened(box: BBox) -> BBox:
    minlon, minlat, maxlon, maxlat = box
    return (minlon - _SLACK, minlat - _SLACK, maxlon + _SLACK, maxlat + _SLACK)


def _near(x: float) -> float:
    """How far the R*Tree's rounding may have moved a coordinate ``x`` (SQLite scales it by
    1 -/+ 2^-23 before rounding it to a 32-bit float: within 2^-22 of ``x``), twice over."""
    return abs(x) * 2.0**-21 + 1e-12


def _near_edges(lo_lon: float, lo_lat: float, hi_lon: float, hi_lat: float, w: float,
                s: float, e: float, n: float) -> dict[str, float]:
    """The coordinates of the points the R*Tree may have put in the strips along a box's
    edges (``lo``/``hi``: the widened box, ``w s e n``: the box): the points within
    rounding of each strip."""
    strips = {"west": (lo_lon, w + _SLACK), "east": (e - _SLACK, hi_lon),
              "south": (lo_lat, s + _SLACK), "north": (n - _SLACK, hi_lat)}
    out = {}
    for side, (low, high) in strips.items():
        out[f"{side}_lo"], out[f"{side}_hi"] = low - _near(low), high + _near(high)
    return out


def _json_values(name: str) -> Any:
    """``SELECT value FROM json_each(:name)``: a list given as one parameter (a JSON
    array), so that a statement compiled once takes lists of any length."""
    return select(literal_column("value")).select_from(func.json_each(bindparam(name)))


def _asks(q: EventQuery) -> set[str]:
    """The filters ``q`` sets (paging aside)."""
    return {f.name for f in dataclasses.fields(q)
            if f.name not in ("limit", "offset") and getattr(q, f.name) is not None}


def kind_codes(statuses: Sequence[str] | None, background: bool | None) -> list[int] | None:
    """The kinds (the R*Tree's fourth axis) of events of these statuses and background
    (None: any), or None when every kind matches."""
    if statuses is None and background is None:
        return None
    sides = (False, True) if background is None else (background,)
    return sorted(STATUSES.index(s) + (len(STATUSES) + 1) * b
                  for s in (statuses or STATUSES) for b in sides)


def _rtree_only(q: EventQuery) -> BBox | None:
    """The box of a query the events' R*Tree answers by itself: a box (on one side of the
    antimeridian), dates and statuses, nothing else; None for any other query."""
    if q.bbox is None or any(getattr(q, name) is not None for name in _NOT_IN_RTREE):
        return None
    boxes = split_bbox(cast(BBox, q.bbox))
    return boxes[0] if len(boxes) == 1 else None


def julian_day(day: date) -> float:
    """SQLite's ``julianday()`` of ``day`` at midnight (exact in the R*Tree's 32-bit floats)."""
    return day.toordinal() + 1721424.5


class SQLiteStore(SQLStore):
    """The store in an SQLite file (``sqlite:///relative/path.db``, ``sqlite:////abs.db``).

    ``create_dirs`` makes the file's directory when it is missing (otherwise that is an
    error, to catch typing mistakes in the path). ``cache_mb`` is each connection's page
    cache (SQLite's default, 2 MB, makes a large ingest wait on the disk); ``mmap_mb`` how
    much of the file reads map into memory rather than copy (pages shared by every
    connection and process; a page of 500 events over a million was read 15-20% faster);
    ``timeout`` how long a writer waits for another to commit.

    Raises:
        StoreError: a malformed URL, or a missing directory.
    """

    _within_exact = False
    _zone_box_exact = False

    def __init__(self, url: str, *, create_dirs: bool = False, timeout: float = 30.0,
                 cache_mb: int = 32, mmap_mb: int = 4096) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as error:
            raise StoreError(f"malformed database URL {url!r}") from error
        if parsed.get_backend_name() != "sqlite":
            raise StoreError(f"not an SQLite URL: {url!r}")
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            folder = Path(db).expanduser().parent
            if create_dirs:
                folder.mkdir(parents=True, exist_ok=True)
            elif not folder.is_dir():
                raise StoreError(f"cannot open {url}: directory {folder} does not exist")
        # the connection used last goes out first: a server's threads share a few warm
        # connections (their pages mapped, their caches full) rather than all of them
        engine = create_engine(parsed, connect_args={"timeout": timeout}, pool_use_lifo=True)
        event.listen(engine, "connect", functools.partial(_on_connect, cache_mb=cache_mb,
                                                          mmap_mb=mmap_mb))
        event.listen(engine, "begin", _on_begin)
        super().__init__(engine, build_tables())

    @contextmanager
    def _begin_write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(geomap_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _bulk_insert(self, conn: Connection, rows: int) -> Iterator[None]:
        """A report of :data:`BULK_ROWS` new events or more leaves the events' R*Tree and
        edge indexes to its end: its rows go into the R*Tree in one statement, in the order
        of their cells, not one by one by the trigger in the file's order, and the two
        indexes of ix_events_near_* are built anew (one sort, not a row at a time in random
        places) when the report's rows are as many as the stored ones. Inserting 200,000
        events: 20.2 -> 12.7 s; ``geomap import`` of 1,000,000 ACLED rows 286.5 -> 244.0 s
        (one run each, back to back, same machine). All in the report's transaction: a
        failure rolls the trigger and indexes back with the rows."""
        if rows < BULK_ROWS:
            yield
            return
        (before, stored), = conn.exec_driver_sql(
            "SELECT coalesce(max(pk), 0), count(*) FROM events").all()
        edges = rows >= stored
        conn.exec_driver_sql("DROP TRIGGER events_rtree_insert")
        for name in _NEAR_EDGE_INDEXES if edges else ():
            conn.exec_driver_sql(f"DROP INDEX {name}")
        yield
        conn.exec_driver_sql(
            f"INSERT INTO event_rtree SELECT {_EVENT_BOX.format('events')} FROM events "
            "WHERE pk > ? AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY cell", (before,))
        conn.exec_driver_sql(_EVENT_RTREE_DDL[1])  # the trigger again
        for ddl in _NEAR_EDGE_DDL if edges else ():
            conn.exec_driver_sql(ddl)

    def _read_counter(self, conn: Connection) -> int:
        """Read through the driver (an eighth of SQLAlchemy's cost), once a transaction is
        begun: without one, each statement would read a snapshot of its own."""
        if not conn.in_transaction():
            conn.begin()  # BEGIN (_on_begin); rolled back when the connection is closed
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection
        (counter,), = raw.execute(_COUNTER).fetchall()
        return int(counter)

    def _create_extras(self, conn: Connection) -> None:
        for ddl in _RTREE_DDL:
            conn.exec_driver_sql(ddl)

    def _migrate_extras(self, conn: Connection, version: int) -> None:
        if version == 6:  # the events' R*Tree gains its axis of kinds
            for ddl in _EVENT_RTREE_REBUILD:
                conn.exec_driver_sql(ddl)
        if version == 7:  # points near a box's edges are found by index
            for ddl in _NEAR_EDGE_DDL:
                conn.exec_driver_sql(ddl)

    def _page_rows(self, conn: Connection, q: EventQuery, columns: Sequence[Any] = (), *,
                   count: bool = True) -> tuple[list[Sequence[Any]], int]:
        """A box, dates and statuses are all the R*Tree needs. It counts the matches by
        itself: those whose rounded box lies inside the query's (every test made in the
        R*Tree's own search), and those along its edges (thin strips) whose row passes
        the exact test; the few points of those strips are found through the indexes of
        longitudes and latitudes (the R*Tree took as long to search four thin strips as
        the whole box). Then the page's keys are read (see :meth:`_page_keys`), then its
        rows. Statements go to the driver as compiled once per shape of query
        (SQLAlchemy's own round costs a fifth)."""
        box = _rtree_only(q)
        if box is None:
            return super()._page_rows(conn, q, columns, count=count)
        codes = kind_codes(q.status, q.background)
        listed = codes is not None and len(codes) != codes[-1] - codes[0] + 1
        sql = self._rtree_page_sql(q.start is not None, q.end is not None,
                                   codes is not None, listed, tuple(columns))
        minlon, minlat, maxlon, maxlat = box
        lo_lon, lo_lat, hi_lon, hi_lat = _widened(box)
        params: dict[str, Any] = {
            "lo_lon": lo_lon, "lo_lat": lo_lat, "hi_lon": hi_lon, "hi_lat": hi_lat,
            "w": minlon, "s": minlat, "e": maxlon, "n": maxlat,
            # the rounded box well inside the query's (by the slack: tiny values flush to 0)
            "in_w": minlon + _SLACK, "in_s": minlat + _SLACK, "in_e": maxlon - _SLACK,
            "in_n": maxlat - _SLACK}
        if q.start is not None:
            params["d_start"] = julian_day(q.start)
        if q.end is not None:
            params["d_end"] = julian_day(q.end)
        if codes is not None:
            params.update(s_lo=codes[0], s_hi=codes[-1], codes=json.dumps(codes))
        counter = self._read_counter(conn)  # and the statements after read its snapshot
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection

        def run(name: str, **more: Any) -> list[Any]:
            text, names, fixed = sql[name]
            values = fixed | params | more
            return list(raw.execute(text, [values[n] for n in names]).fetchall())

        # the edges' candidates, kept when their row is inside: (key, day)
        inside = run("edges", **_near_edges(lo_lon, lo_lat, hi_lon, hi_lat, minlon, minlat,
                                            maxlon, maxlat))
        total = self._counts.get(counter, q)
        if total is None:
            total = run("count")[0][0] + len(inside)
            self._counts.put(counter, q, total)
        if q.limit == 0 or total <= q.offset:
            return [], total
        if q.start is not None:
            first = julian_day(q.start)
        else:  # the first day of any match
            first = min([d for (d,) in run("first_day")] + [d for _, d in inside])
        keys, skip = self._page_keys(run, q, total, inside, first)
        rows = run("rows", keys=json.dumps(keys))
        rows.sort(key=_DATE_AND_ID)
        stop = None if q.limit is None else skip + q.limit
        return list(map(_without_date_and_id(len(columns)), rows[skip:stop])), total

    @staticmethod
    def _page_keys(run: Callable[..., list[Any]], q: EventQuery, total: int,
                   inside: list[Any], first: float) -> tuple[list[int], int]:
        """The keys of the events the page ``q`` asks for is among, of its ``total``
        matches (``inside``: those along the box's edges, as (key, day); ``first``: the
        first day asked for, or of any match), and how many of those events come before
        the page. The matches' days are read from the R*Tree alone, up to a day that should
        be past the page (its share of the days asked for, and a seventh more; then twice
        as far until it is), and sorted: the page lies in the days from its first event's
        to its last's, which are all that is read of the table."""
        need = total if q.limit is None else min(total, q.offset + q.limit)
        span = (_NO_EDGE if need == total else 8.0 if q.end is None
                else max(8.0, (julian_day(q.end) - first + 1) * need / total * 1.15))
        while True:
            until = first + span if span < 200_000 else _NO_EDGE
            days = run("days", until=until) + [(k, d) for k, d in inside if d <= until]
            if len(days) >= need or until == _NO_EDGE:
                break
            span *= 2
        days.sort(key=_DAY)
        low, high = days[q.offset][1], days[need - 1][1]
        before = bisect.bisect_left(days, low, key=_DAY)
        return [k for k, d in days[before:] if d <= high], q.offset - before

    @functools.cache  # noqa: B019 (a handful of shapes, for the store's life)
    def _rtree_page_sql(self, start: bool, end: bool, status: bool, listed: bool,
                        columns: tuple[Any, ...]
                        ) -> dict[str, tuple[str, list[str], dict[str, Any]]]:
        """The statements of :meth:`_page_rows` for one shape of query, compiled for the
        driver: each its text, the names of its parameters in order, and the values of
        those SQLAlchemy fixed itself."""
        events = self.tables.events
        ev, rt = events.c, EVENT_RTREE.c
        p = bindparam
        kinds = []  # dates and statuses
        if start:
            kinds.append(rt.d1 >= p("d_start"))
        if end:
            kinds.append(rt.d0 <= p("d_end"))
        if status:
            kinds += [rt.s1 >= p("s_lo"), rt.s0 <= p("s_hi")]
            if listed:
                kinds.append(rt.s0.in_(_json_values("codes")))
        search = [rt.maxlon >= p("lo_lon"), rt.minlon <= p("hi_lon"),
                  rt.maxlat >= p("lo_lat"), rt.minlat <= p("hi_lat"), *kinds]
        # inside the box (which implies the search's box: fewer tests for the R*Tree)
        inner = [rt.minlon >= p("in_w"), rt.maxlon <= p("in_e"), rt.minlat >= p("in_s"),
                 rt.maxlat <= p("in_n"), *kinds]
        strips = {"west": rt.minlon < p("in_w"), "east": rt.maxlon > p("in_e"),
                  "south": rt.minlat < p("in_s"), "north": rt.maxlat > p("in_n")}
        located = [ev.lon.between(p("w"), p("e")), ev.lat.between(p("s"), p("n"))]
        near = [literal_column(f"{axis} + 0.0").between(p(f"{side}_lo"), p(f"{side}_hi"))
                for axis, side in (("lon", "west"), ("lon", "east"), ("lat", "south"),
                                   ("lat", "north"))]
        statements: dict[str, Any] = {"edges": select(ev.pk, rt.d0).join_from(
            EVENT_RTREE, events, rt.id == ev.pk).where(
            rt.id.in_(union_all(*(select(ev.pk).where(n) for n in near))), *search,
            or_(*strips.values()), *located)}
        statements["count"] = select(func.count()).select_from(EVENT_RTREE).where(*inner)
        statements["first_day"] = select(rt.d0).where(*inner).order_by(rt.d0).limit(1)
        statements["days"] = select(rt.id, rt.d0).where(*inner, rt.d0 <= p("until"))
        statements["rows"] = select(ev.pk, ev.event_date, ev.id, *columns).where(
            ev.pk.in_(_json_values("keys")))
        out = {}
        for name, stmt in statements.items():
            compiled = stmt.compile(dialect=self.engine.dialect)
            fixed = {name: b.value for name, b in compiled.binds.items() if not b.required}
            out[name] = (compiled.string, list(compiled.positiontup or ()), fixed)
        return out

    def optimize(self) -> None:
        """Then the file is written again (``VACUUM``, outside any transaction): every
        table and index in order and full, so that a page of the API touches fewer pages
        of memory (server CPU per page of 500 over a million events 8.6 -> 7.5 ms, in
        paired runs here; 11 s more for a million events)."""
        super().optimize()
        with self._guard(), self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None  # an open connection
            try:
                raw.execute("VACUUM")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log written back
            except sqlite3.Error as error:
                raise StoreError(f"the database refused to vacuum: {error}") from error

    def _optimize(self, conn: Connection) -> None:
        ev = self.tables.events.c
        rows = conn.execute(select(ev.pk, ev.lon, ev.lat, ev.event_date).where(
            ev.lat.is_not(None), ev.lon.is_not(None))).all()
        keys = space_time_keys([r[1] for r in rows], [r[2] for r in rows],
                               [r[3].toordinal() for r in rows])
        create, *rebuild, fill, drop = _EVENT_RTREE_PACK
        conn.exec_driver_sql(create)
        conn.exec_driver_sql("INSERT INTO temp.geomap_pack VALUES (?, ?)",
                             [(r[0], k) for r, k in zip(rows, keys, strict=True)])
        for ddl in [*rebuild, fill, drop]:
            conn.exec_driver_sql(ddl)
        # the planner's statistics, of every row (1.3 s for a million events: sampled ones,
        # PRAGMA analysis_limit, took a status shared by all events for a rare one)
        conn.exec_driver_sql("PRAGMA analysis_limit=0")
        conn.exec_driver_sql("ANALYZE")

    def _rtree_search(self, box: BBox, start: date | None,
                      end: date | None) -> list[ColumnElement[bool]]:
        """The R*Tree's conditions for events in ``box`` (widened by its rounding), on
        some day in ``start``..``end``."""
        lo_lon, lo_lat, hi_lon, hi_lat = _widened(box)
        rt = EVENT_RTREE.c
        conds = [rt.maxlon >= lo_lon, rt.minlon <= hi_lon, rt.maxlat >= lo_lat,
                 rt.minlat <= hi_lat]
        if start is not None:
            conds.append(rt.d1 >= julian_day(start))
        if end is not None:
            conds.append(rt.d0 <= julian_day(end))
        return conds

    def _box_condition(self, box: BBox, start: date | None,
                       end: date | None) -> ColumnElement[bool]:
        minlon, minlat, maxlon, maxlat = box
        ev, rt = self.tables.events.c, EVENT_RTREE.c
        sub = select(rt.id).where(*self._rtree_search(box, start, end))
        return and_(ev.pk.in_(sub), ev.lon.between(minlon, maxlon),
                    ev.lat.between(minlat, maxlat))

    def _cell_groups(self, conn: Connection, q: EventQuery, level: int,
                     tally: bool | None = None) -> list[tuple[Any, ...]]:
        """Cells of a data tile without a sort: one aggregate per cell over its range of
        ix_events_cell, the cells' queries in one statement (SQLite groups by an expression
        through a sort of every row: 1.4 s for a million events where this takes a third).
        Cumulative tolls, few, are grouped apart through their own index."""
        asks = _asks(q)
        depth = level - q.tile[0] if q.tile is not None else None
        if (tally is not None or q.tally is not None or depth is None or not 0 <= depth <= 4
                or not asks <= _COVERED):
            return super()._cell_groups(conn, q, level, tally)
        shift = 2 * (LEVEL - level)
        first = tile_range(cast(Tile, q.tile))[0] >> shift
        where: list[str] = ["tally = 0"]
        values: list[Any] = []
        if q.status is not None:
            where.append(f"status IN ({', '.join('?' * len(q.status))})")
            values += list(q.status)
        if q.background is not None:
            where.append("background = ?")
            values.append(int(q.background))
        if q.start is not None:
            where.append("date_last >= ?")
            values.append(q.start.isoformat())
        if q.end is not None:
            where.append("event_date <= ?")
            values.append(q.end.isoformat())
        one = ("SELECT ?, count(*), avg(lon), avg(lat), min(lon), min(lat), max(lon), "
               "max(lat), min(pk), group_concat(DISTINCT sub_event_type) "
               "FROM events INDEXED BY ix_events_cell "
               f"WHERE cell >= ? AND cell < ? AND {' AND '.join(where)}")
        cells = range(first, first + 4 ** depth)
        params: list[Any] = []
        for k in cells:
            params += [k, k << shift, (k + 1) << shift, *values]
        rows = conn.exec_driver_sql(" UNION ALL ".join([one] * len(cells)),
                                    tuple(params)).all()
        groups = [(k, False, *rest) for k, *rest in rows if rest[0]]
        groups += super()._cell_groups(conn, q, level, tally=True)
        return sorted(groups, key=lambda g: (g[0], g[1]))

    def _map_rows(self, conn: Connection, stmt: Any, q: EventQuery, *,
                  tallies: bool = False) -> list[Sequence[Any]]:
        # SQLite's planner, without statistics, takes "status IN (…)" for selective and
        # reads the whole table through ix_events_status; when status, dates and a tile are
        # all a map query asks, ix_events_cell (ix_events_tally for the tolls) covers it.
        # SQLAlchemy writes no index hint for SQLite: the compiled text gets it
        asks = _asks(q)
        if not asks <= _COVERED:
            return super()._map_rows(conn, stmt, q, tallies=tallies)
        compiled = stmt.compile(dialect=conn.dialect,
                                compile_kwargs={"render_postcompile": True})
        index = "ix_events_tally" if tallies else "ix_events_cell"
        sql = compiled.string.replace("FROM events", f"FROM events INDEXED BY {index}", 1)
        params = compiled.construct_params()
        return list(conn.exec_driver_sql(sql, tuple(params[name] for name in
                                                    compiled.positiontup or ())).all())

    def _within_condition(self, within: Mapping[str, Any], start: date | None,
                          end: date | None) -> ColumnElement[bool]:
        minlon, minlat, maxlon, maxlat = parse_polygon(within).bounds
        return self._box_condition((minlon, minlat, maxlon, maxlat), start, end)

    def _zone_box_condition(self, box: BBox) -> ColumnElement[bool]:
        minlon, minlat, maxlon, maxlat = _widened(box)
        z, rt = self.tables.zones.c, ZONE_RTREE.c
        return z.pk.in_(select(rt.id).where(rt.maxlon >= minlon, rt.minlon <= maxlon,
                                            rt.maxlat >= minlat, rt.minlat <= maxlat))

    def _engine_checks(self, conn: Connection) -> list[str]:
        problems = [f"integrity_check: {line}" for (line,)
                    in conn.exec_driver_sql("PRAGMA integrity_check") if line != "ok"]
        problems += [f"foreign key: {table} row {rowid} points to a missing {parent} row"
                     for table, rowid, parent, _ in conn.exec_driver_sql(
                         "PRAGMA foreign_key_check")]
        t = self.tables
        for rtree, table, where in (
                (EVENT_RTREE, t.events, t.events.c.lat.is_not(None) & t.events.c.lon.is_not(None)),
                (ZONE_RTREE, t.zones, true())):
            verdict = conn.exec_driver_sql(f"SELECT rtreecheck('{rtree.name}')").scalar()
            if verdict != "ok":
                problems.append(f"{rtree.name}: {verdict}")
            indexed = conn.execute(select(func.count()).select_from(rtree)).scalar_one()
            rows = conn.execute(select(func.count()).select_from(table).where(where)
                                ).scalar_one()
            if indexed != rows:
                problems.append(f"{rtree.name} holds {indexed} entries for {rows} rows of "
                                f"{table.name}")
        return problems


def _on_connect(dbapi_connection: Any, _record: Any, *, cache_mb: int, mmap_mb: int) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size={-1024 * int(cache_mb)}")
        cursor.execute(f"PRAGMA mmap_size={1024 * 1024 * int(mmap_mb)}")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("geomap_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
