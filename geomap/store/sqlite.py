"""The default engine: one SQLite file, in WAL mode, with R*Tree indexes.

- Every connection runs with ``journal_mode=WAL`` (readers never block the writer),
  ``foreign_keys=ON``, ``synchronous=NORMAL`` (a crash of the process loses nothing
  committed; a power cut may lose the last transactions but never corrupts the file), a
  32 MB page cache and a 30-second busy timeout.
- pysqlite's own transaction handling is switched off and the store emits BEGIN itself:
  ``BEGIN IMMEDIATE`` for writes, so that two writers queue for the lock instead of failing
  when the second tries to upgrade a read.
- ``event_rtree`` indexes each located event as (lon, lat, first day, last day) — a 3-D box
  whose day axis is the Julian day number of ``[event_date, date_end or event_date]`` — so a
  bbox-and-dates query is one R*Tree search. ``zone_rtree`` indexes zones' bounding boxes.
  Triggers keep both in step with their tables inside the same transaction. The R*Tree
  stores 32-bit floats rounded outwards, so it narrows the search and the exact test is made
  on the ``lat``/``lon`` columns (and, for polygons, with shapely).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Double,
    Integer,
    MetaData,
    Table,
    and_,
    create_engine,
    event,
    func,
    select,
    true,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from .base import BBox, EventQuery
from .errors import StoreError
from .geometry import parse_polygon
from .schema import build_tables
from .sql import SQLStore

__all__ = ["SQLiteStore", "julian_day"]

_RTREE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS event_rtree USING rtree("
    "id, minlon, maxlon, minlat, maxlat, d0, d1)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS zone_rtree USING rtree("
    "id, minlon, maxlon, minlat, maxlat)",
    """CREATE TRIGGER IF NOT EXISTS events_rtree_insert AFTER INSERT ON events
       WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
         INSERT INTO event_rtree VALUES (new.pk, new.lon, new.lon, new.lat, new.lat,
           julianday(new.event_date), julianday(coalesce(new.date_end, new.event_date)));
       END""",
    """CREATE TRIGGER IF NOT EXISTS events_rtree_update
       AFTER UPDATE OF lat, lon, event_date, date_end ON events BEGIN
         DELETE FROM event_rtree WHERE id = old.pk;
         INSERT INTO event_rtree SELECT new.pk, new.lon, new.lon, new.lat, new.lat,
           julianday(new.event_date), julianday(coalesce(new.date_end, new.event_date))
           WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
       END""",
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


EVENT_RTREE = _rtree_table("event_rtree", "minlon", "maxlon", "minlat", "maxlat", "d0", "d1")
ZONE_RTREE = _rtree_table("zone_rtree", "minlon", "maxlon", "minlat", "maxlat")


#: EventQuery fields that ix_events_cell covers
_COVERED = {"start", "end", "status", "tile"}

#: degrees added around a query box before searching an R*Tree: its 32-bit floats are rounded
#: outwards, except that values below float32's range (|x| < 1e-38) flush to zero
_SLACK = 1e-6


def _widened(box: BBox) -> BBox:
    minlon, minlat, maxlon, maxlat = box
    return (minlon - _SLACK, minlat - _SLACK, maxlon + _SLACK, maxlat + _SLACK)


def julian_day(day: date) -> float:
    """SQLite's ``julianday()`` of ``day`` at midnight (exact in the R*Tree's 32-bit floats)."""
    return day.toordinal() + 1721424.5


class SQLiteStore(SQLStore):
    """The store in an SQLite file (``sqlite:///relative/path.db``, ``sqlite:////abs.db``).

    ``create_dirs`` makes the file's directory when it is missing (otherwise that is an
    error, to catch typing mistakes in the path). ``cache_mb`` is each connection's page
    cache (SQLite's default, 2 MB, makes a large ingest wait on the disk); ``timeout`` how
    long a writer waits for another to commit.

    Raises:
        StoreError: a malformed URL, or a missing directory.
    """

    _within_exact = False
    _zone_box_exact = False

    def __init__(self, url: str, *, create_dirs: bool = False, timeout: float = 30.0,
                 cache_mb: int = 32) -> None:
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
        engine = create_engine(parsed, connect_args={"timeout": timeout})
        event.listen(engine, "connect", functools.partial(_on_connect, cache_mb=cache_mb))
        event.listen(engine, "begin", _on_begin)
        super().__init__(engine, build_tables())

    @contextmanager
    def _begin_write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(geomap_write=True)
            with conn.begin():
                yield conn

    def _create_extras(self, conn: Connection) -> None:
        for ddl in _RTREE_DDL:
            conn.exec_driver_sql(ddl)

    def _box_condition(self, box: BBox, start: date | None,
                       end: date | None) -> ColumnElement[bool]:
        minlon, minlat, maxlon, maxlat = box
        lo_lon, lo_lat, hi_lon, hi_lat = _widened(box)
        ev, rt = self.tables.events.c, EVENT_RTREE.c
        sub = select(rt.id).where(rt.maxlon >= lo_lon, rt.minlon <= hi_lon,
                                  rt.maxlat >= lo_lat, rt.minlat <= hi_lat)
        if start is not None:
            sub = sub.where(rt.d1 >= julian_day(start))
        if end is not None:
            sub = sub.where(rt.d0 <= julian_day(end))
        return and_(ev.pk.in_(sub), ev.lon.between(minlon, maxlon),
                    ev.lat.between(minlat, maxlat))

    def _hinted(self, stmt: Any, q: EventQuery) -> Any:
        # SQLite's planner, without statistics, takes "status IN (…)" for selective and
        # reads the whole table through ix_events_status; when status, dates and a tile are
        # all a map query asks, ix_events_cell covers it (index only)
        asks = {f.name for f in dataclasses.fields(q) if getattr(q, f.name) not in (None, 0)}
        if asks <= _COVERED:
            return stmt.with_hint(self.tables.events, "INDEXED BY ix_events_cell", "sqlite")
        return stmt

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


def _on_connect(dbapi_connection: Any, _record: Any, *, cache_mb: int) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size={-1024 * int(cache_mb)}")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("geomap_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
