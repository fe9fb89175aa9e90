"""The store in SQLAlchemy Core: everything both engines share.

Engines (``sqlite.py``, ``postgis.py``) subclass :class:`SQLStore` and fill in how to begin a
write, the spatial conditions and the extra schema objects. Reports and events live here;
zones, places and actors in :mod:`geomap.store.sql_zones`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import shapely
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    and_,
    bindparam,
    distinct,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    type_coerce,
    union,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..models import STATUSES, Event, Report
from .base import (
    AddResult,
    AuditEntry,
    BBox,
    EventCell,
    EventPoint,
    EventQuery,
    Extent,
    Progress,
    StoredFeature,
    new_id,
    utcnow,
)
from .counts import MatchCounts
from .errors import InvalidData, NotFound, SchemaVersionError, StoreError
from .features import event_record, row_feature, stale_features
from .geometry import parse_polygon, split_bbox
from .merge import MERGE_WINDOW, MergeIndex, merge_events, revise_event, same_event
from .schema import EVENT_COLUMNS, JSON_COLUMNS, SCHEMA_VERSION, SHORT_SPAN_DAYS, Tables
from .schema_desk import MIGRATIONS
from .sql_desk import DeskMixin
from .sql_zones import ZonesPlacesActors
from .tiles import LEVEL, Tile, cell_key, cell_tile, check_tile, tile_range
from .validate import check_changes, check_event, check_report

__all__ = ["SQLStore"]

_PROGRESS_EVERY = 10_000  # events between two progress calls while merging
_INSERT_BATCH = 20_000  # events per INSERT while writing a report's new events
_PAGE_FETCH = 5000  # ids per "WHERE pk IN (...)" when fetching a filtered page
_FEATURE_FIELDS = operator.itemgetter(1, 2, 3)  # of a row (pk, feature, place_id, location)
#: a StoredFeature of its fields' tuple, in C (StoredFeature._make is Python)
_stored_feature = functools.partial(tuple.__new__, StoredFeature)


def _aware(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _utc(value: datetime) -> datetime:
    """``value`` in UTC (a naive datetime is taken to be UTC already)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _shift(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def _derived(event: Event) -> dict[str, Any]:
    """The events table's derived columns (see schema.py)."""
    last = event.date_end or event.event_date
    return {"date_last": last,
            "long_span": (last - event.event_date).days > SHORT_SPAN_DAYS}


def _located(event: Event) -> dict[str, Any]:
    """The events table's derived column of an event's point (see schema.py)."""
    return {"cell": cell_key(event.lon, event.lat)}


def _group_cells(rows: Sequence[Any], shift: int) -> list[tuple[Any, ...]]:
    """What the cluster query's GROUP BY gives, from rows of (cell, tally, pk, sub-event
    type, lon, lat) already filtered in Python (the engines whose polygon test is not
    exact)."""
    groups: dict[tuple[int, bool], list[Any]] = {}
    for cell, tally, pk, sub, lon, lat in rows:
        groups.setdefault((cell >> shift, bool(tally)), []).append((pk, lon, lat, sub))
    out = []
    for (k, tally), members in sorted(groups.items()):
        lons, lats = [m[1] for m in members], [m[2] for m in members]
        out.append((k, tally, len(members), sum(lons) / len(lons), sum(lats) / len(lats),
                    min(lons), min(lats), max(lons), max(lats), min(m[0] for m in members),
                    ",".join(sorted({m[3] for m in members}))))
    return out


def _event_json(event: Event) -> dict[str, Any]:
    """An event as JSON values (dates as ISO strings), to be kept and read back."""
    return {f.name: _jsonable(getattr(event, f.name)) for f in dataclasses.fields(Event)}


def _event_from_json(data: Mapping[str, Any]) -> Event:
    values = dict(data)
    for name in ("event_date", "date_end"):
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    return Event(**values)


def _field_from_json(name: str, text: str | None) -> Any:
    """An event field's value from its JSON in the audit trail."""
    value = None if text is None else json.loads(text)
    if name in ("event_date", "date_end") and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class SQLStore(DeskMixin, ZonesPlacesActors):
    """The shared implementation. Attributes ``engine`` and ``tables`` are public, for tools
    (benchmarks, migrations) that need the database itself."""

    #: whether ``_within_condition`` is exact (PostGIS) or only narrows down (SQLite)
    _within_exact = False

    def __init__(self, engine: Engine, tables: Tables) -> None:
        self.engine = engine
        self.tables = tables
        self.url = engine.url.render_as_string(hide_password=True)
        self._ready = False
        self._ready_lock = threading.Lock()
        ev, es = tables.events.c, tables.event_sources.c
        self._event_cols = [ev[name] for name in EVENT_COLUMNS]
        # statements add_report runs for every report or event, built once
        self._by_checksum = select(tables.reports.c.id).where(
            tables.reports.c.checksum == bindparam("checksum"))
        self._report_event_ids = select(es.event_id).where(
            es.report_id == bindparam("report_id")).order_by(es.position)
        self._same_place_and_type = select(*self._event_cols).where(
            ev.place_id == bindparam("place_id"), ev.event_type == bindparam("event_type"),
            ev.sub_event_type == bindparam("sub_event_type"),
            ev.event_date.between(bindparam("first"), bindparam("last"))).order_by(
            ev.event_date, ev.id)
        # a record's columns as stored: dates as the text SQLite keeps (no date objects)
        self._record_columns = [
            type_coerce(ev[name], String) if name in ("event_date", "date_end") else ev[name]
            for name in EVENT_COLUMNS]
        counter = tables.changes.c.counter
        self._bump = update(tables.changes).where(tables.changes.c.id == 1).values(
            counter=counter + 1)
        self._counter = select(counter).where(tables.changes.c.id == 1)
        self._counts = MatchCounts()

    # -- engine hooks ----------------------------------------------------------------------

    @contextmanager
    def _begin_write(self) -> Iterator[Connection]:
        """A connection in a write transaction (committed on leaving, rolled back on error)."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _begin_read(self) -> Iterator[Connection]:
        """A connection for a consistent read (rolled back on leaving)."""
        with self.engine.connect() as conn:
            yield conn

    def _lock_writers(self, conn: Connection) -> None:
        """Serialise writers (merging needs it); SQLite's BEGIN IMMEDIATE does already."""

    def _prepare_schema(self, conn: Connection) -> None:
        """Before the tables are created (e.g. the PostGIS extension)."""

    def _create_extras(self, conn: Connection) -> None:
        """After the tables are created (e.g. R*Tree tables and their triggers)."""

    def _migrate_extras(self, conn: Connection, version: int) -> None:
        """The engine's own part of the migration from ``version`` to the next."""

    @contextmanager
    def _bulk_insert(self, conn: Connection, rows: int) -> Iterator[None]:
        """Around the insert of a report's ``rows`` new events, in its transaction: an
        engine may leave index work to the end of a large one (SQLite)."""
        yield

    def _event_spatial_values(self, event: Event) -> dict[str, Any]:
        """Extra column values for an event's point (PostGIS: ``geom``)."""
        return {}

    def _box_condition(self, box: BBox, start: date | None,
                       end: date | None) -> ColumnElement[bool]:
        """Events inside ``box`` (which does not cross the antimeridian), exactly."""
        raise NotImplementedError

    def _within_condition(self, within: Mapping[str, Any], start: date | None,
                          end: date | None) -> ColumnElement[bool]:
        """Events in the polygon, exactly if ``_within_exact``, else a superset."""
        raise NotImplementedError

    def _engine_checks(self, conn: Connection) -> list[str]:
        """The engine's own integrity checks."""
        return []

    # -- plumbing --------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn database errors into StoreError (the transaction is rolled back by then)."""
        try:
            yield
        except (SQLAlchemyError, OverflowError) as error:
            orig = error.orig if isinstance(error, DBAPIError) else error
            reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
            raise StoreError(f"the database refused the operation: {reason}") from error

    @contextmanager
    def _write(self, *, counted: bool = True) -> Iterator[Connection]:
        """A write transaction; ``counted`` unless it changes nothing a read of the store's
        records shows (the desk's sessions)."""
        self._ensure_ready()
        with self._guard(), self._begin_write() as conn:
            self._lock_writers(conn)
            if counted:
                conn.execute(self._bump)  # rolled back with the write if it fails
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self._ensure_ready()
        with self._guard(), self._begin_read() as conn:
            yield conn

    def _ensure_ready(self) -> None:
        if not self._ready:
            with self._ready_lock:
                if not self._ready:
                    self.init()

    def _stored_version(self, conn: Connection) -> int | None:
        names = set(inspect(conn).get_table_names())
        if "schema_version" not in names:
            ours = names & set(self.tables.metadata.tables)
            if ours:
                raise SchemaVersionError(
                    f"{self.url} holds tables {sorted(ours)} but no schema_version table: "
                    "it was not made by geomap's store")
            return None
        sv = self.tables.schema_version
        version = conn.execute(select(func.max(sv.c.version))).scalar_one_or_none()
        if version is None:
            raise SchemaVersionError(f"{self.url} has an empty schema_version table")
        return int(version)

    def init(self) -> int:
        with self._guard():
            with self._begin_read() as conn:
                version = self._stored_version(conn)
            if version is None or (version < SCHEMA_VERSION and version in MIGRATIONS):
                with self._begin_write() as conn:
                    self._lock_writers(conn)
                    version = self._stored_version(conn)  # another process may have won
                    if version is None:
                        self._prepare_schema(conn)
                        self.tables.metadata.create_all(conn)
                        self._create_extras(conn)
                        conn.execute(insert(self.tables.schema_version).values(
                            version=SCHEMA_VERSION, applied_at=utcnow()))
                        conn.execute(insert(self.tables.changes).values(id=1, counter=0))
                        version = SCHEMA_VERSION
                    version = self._migrate(conn, version)
        if version != SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.url} has schema version {version}; this geomap reads version "
                f"{SCHEMA_VERSION}")
        self._ready = True
        return version

    def _migrate(self, conn: Connection, version: int) -> int:
        """Bring the schema from ``version`` up to date, step by step (in the caller's
        transaction: all steps or none)."""
        while version < SCHEMA_VERSION and version in MIGRATIONS:
            MIGRATIONS[version](conn, self.tables.metadata)
            self._migrate_extras(conn, version)
            version += 1
            conn.execute(insert(self.tables.schema_version).values(
                version=version, applied_at=utcnow()))
        return version

    def close(self) -> None:
        self.engine.dispose()

    # -- rows ------------------------------------------------------------------------------

    def _event_row(self, event: Event) -> dict[str, Any]:
        row = {name: getattr(event, name) for name in EVENT_COLUMNS}
        for name in JSON_COLUMNS:
            row[name] = json.dumps(row[name], ensure_ascii=False)
        for name in ("lat", "lon", "confidence"):  # -0.0 as 0.0, which SQLite reads back,
            if row[name] is not None:  # so that the Feature kept says what a record says
                row[name] += 0.0
        row.update(self._event_spatial_values(event))
        row.update(_derived(event))
        row.update(_located(event))
        row["feature"] = row_feature(row)
        return row

    @staticmethod
    def _event_from_row(row: RowMapping) -> Event:
        kw = {name: row[name] for name in EVENT_COLUMNS}
        for name in JSON_COLUMNS:
            kw[name] = json.loads(kw[name])
        kw["tally"] = bool(kw["tally"])
        kw["background"] = bool(kw["background"])
        return Event(**kw)

    def _load_event(self, conn: Connection, event_id: str) -> Event:
        row = conn.execute(select(*self._event_cols).where(
            self.tables.events.c.id == event_id)).mappings().first()
        if row is None:
            raise NotFound(f"no event with id {event_id!r}")
        return self._event_from_row(row)

    def _events_by_id(self, conn: Connection, ids: Sequence[str]) -> dict[str, Event]:
        """The stored events among ``ids``, by id."""
        ev = self.tables.events.c
        found: dict[str, Event] = {}
        for i in range(0, len(ids), _PAGE_FETCH):
            for row in conn.execute(select(*self._event_cols).where(
                    ev.id.in_(ids[i:i + _PAGE_FETCH]))).mappings():
                found[row["id"]] = self._event_from_row(row)
        return found

    def _events_by_pk(self, conn: Connection, pks: Sequence[int]) -> list[Event]:
        ev = self.tables.events.c
        found: dict[int, Event] = {}
        for i in range(0, len(pks), _PAGE_FETCH):
            chunk = pks[i:i + _PAGE_FETCH]
            for row in conn.execute(select(ev.pk, *self._event_cols).where(
                    ev.pk.in_(chunk))).mappings():
                found[row["pk"]] = self._event_from_row(row)
        return [found[pk] for pk in pks]

    # -- reports and events ----------------------------------------------------------------

    def add_report(self, report: Report, events: Sequence[Event], *,
                   progress: Progress | None = None,
                   same_as: Mapping[int, str] | None = None) -> AddResult:
        report = check_report(report)
        if isinstance(events, str | bytes | Event):
            raise InvalidData("events must be a list of Event")
        # not copied here: a new event is copied below, with its id, report and sources
        checked = [check_event(e, what=f"event {i}", copy=False) for i, e in enumerate(events)]
        ids = [e.id for e in checked if e.id is not None]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1} if len(ids) < 1000
                           else {i for i, n in Counter(ids).items() if n > 1})
            raise InvalidData(f"event id(s) {', '.join(twice[:5])} given twice in one report")
        now = utcnow()
        t = self.tables
        with self._write() as conn:
            existing = conn.execute(self._by_checksum, {"checksum": report.checksum}
                                    ).scalar_one_or_none()
            if existing is not None:
                stored_ids = conn.execute(self._report_event_ids, {"report_id": existing}
                                          ).scalars().all()
                return AddResult(existing, list(stored_ids), duplicate=True)
            rid = report.id or new_id()
            conn.execute(insert(t.reports), {
                "id": rid, "text": report.text, "title": report.title, "url": report.url,
                "source_name": report.source_name, "published": report.published,
                "lang": report.lang, "checksum": report.checksum,
                "ingested_at": _utc(report.ingested_at or now)})
            pending = MergeIndex()  # this report's new events, inserted at the end
            event_ids: list[str] = []
            merged: list[str] = []
            links: dict[str, int] = {}
            known = self._events_by_id(conn, [e.id for e in checked if e.id is not None])
            told_as = self._events_by_id(conn, sorted(set((same_as or {}).values())))
            kept: dict[str, list[Event]] = {}  # stored id → this report's events merged in
            total = len(checked)
            for position, event in enumerate(checked):
                if progress is not None and position % _PROGRESS_EVERY == 0:
                    progress(position // 2, total)  # merging is the first half of the work
                mine = pending.find(event)
                eid: str | None
                if event.id is not None and event.id in known:  # the same event again
                    target = known[event.id]
                    known[event.id] = revise_event(target, event, rid)
                    self._write_changes(conn, target, known[event.id], who=f"revise:{rid}",
                                        at=now)
                    eid = event.id
                    if eid not in merged:
                        merged.append(eid)
                elif mine is not None:  # told twice in this report
                    pending[mine] = merge_events(pending[mine], event, rid)
                    eid = pending[mine].id
                elif (found := self._find_same(conn, event) or told_as.get(
                        (same_as or {}).get(position, ""))) is not None and found.id:
                    stored_id = found.id
                    into = self._load_event(conn, stored_id) if stored_id in kept \
                        else found  # merged into already: as it stands now
                    self._write_changes(conn, into, merge_events(into, event, rid),
                                        who=f"merge:{rid}", at=now)
                    eid = stored_id
                    kept.setdefault(stored_id, []).append(event)
                    if into.report_id != rid and stored_id not in merged:
                        merged.append(stored_id)
                else:
                    eid = event.id or new_id()
                    sources = [rid, *(s for s in event.sources if s != rid)]
                    pending.add(dataclasses.replace(event, id=eid, report_id=rid,
                                                    sources=sources))
                assert eid is not None  # stored and pending events all have ids
                links.setdefault(eid, position)
                event_ids.append(eid)
            with self._bulk_insert(conn, len(pending)):
                for start in range(0, len(pending), _INSERT_BATCH):
                    batch = pending.events[start:start + _INSERT_BATCH]
                    conn.execute(insert(t.events), [self._event_row(e) for e in batch])
                    if progress is not None:
                        written = start + len(batch)
                        progress(total // 2 + written * (total - total // 2) // len(pending),
                                 total)
            if links:
                conn.execute(insert(t.event_sources), [
                    {"event_id": eid, "report_id": rid, "position": position, "added_at": now}
                    for eid, position in links.items()])
            if kept:  # each merge, undoable: the events as this report told them
                conn.execute(insert(t.merges), [
                    {"event_id": eid, "report_id": rid, "at": now,
                     "event": json.dumps([_event_json(e) for e in told], ensure_ascii=False)}
                    for eid, told in kept.items()])
            return AddResult(rid, event_ids, duplicate=False, merged=merged)

    def merges_into(self, event_id: str) -> list[tuple[str, list[Event]]]:
        m = self.tables.merges.c
        with self._read() as conn:
            rows = conn.execute(select(m.report_id, m.event).where(m.event_id == event_id)
                                .order_by(m.at, m.report_id)).all()
        return [(rid, [_event_from_json(e) for e in json.loads(text)]) for rid, text in rows]

    def unmerge(self, event_id: str, report_id: str, *, who: str) -> list[Event]:
        if not isinstance(who, str) or not who.strip():
            raise InvalidData("who must name whoever undoes the merge")
        t = self.tables
        m, a, es = t.merges.c, t.audit.c, t.event_sources.c
        now = utcnow()
        with self._write() as conn:
            told = conn.execute(select(m.event).where(m.event_id == event_id,
                                                      m.report_id == report_id)
                                ).scalar_one_or_none()
            if told is None:
                raise NotFound(f"report {report_id!r} was not merged into event {event_id!r}")
            stored = self._load_event(conn, event_id)
            back: dict[str, Any] = {}
            for name, old, new in conn.execute(select(a.field, a.old, a.new).where(
                    a.event_id == event_id, a.who == f"merge:{report_id}").order_by(a.pk)):
                if name not in back and json.dumps(_jsonable(getattr(stored, name)),
                                                   ensure_ascii=False) == new:
                    back[name] = _field_from_json(name, old)  # unless changed since
            sources = [s for s in back.get("sources", stored.sources) if s != report_id]
            restored = dataclasses.replace(stored, **{**back, "sources": sources})
            self._write_changes(conn, stored, restored,
                                who=f"unmerge:{report_id} by {who.strip()}", at=now)
            conn.execute(t.event_sources.delete().where(es.event_id == event_id,
                                                        es.report_id == report_id))
            conn.execute(t.merges.delete().where(m.event_id == event_id,
                                                 m.report_id == report_id))
            again = [dataclasses.replace(e, id=new_id(), report_id=report_id,
                                         sources=[report_id])
                     for e in map(_event_from_json, json.loads(told))]
            conn.execute(insert(t.events), [self._event_row(e) for e in again])
            conn.execute(insert(t.event_sources), [
                {"event_id": e.id, "report_id": report_id, "position": i, "added_at": now}
                for i, e in enumerate(again)])
        return again

    def _find_same(self, conn: Connection, event: Event) -> Event | None:
        """The stored event ``event`` duplicates (the nearest in date), if any."""
        if event.place_id is None:
            return None
        rows = conn.execute(self._same_place_and_type, {
            "place_id": event.place_id, "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "first": _shift(event.event_date, -MERGE_WINDOW),
            "last": _shift(event.event_date, MERGE_WINDOW)}).mappings().all()
        candidates = [c for c in map(self._event_from_row, rows) if same_event(c, event)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: abs(c.event_date - event.event_date))

    def _write_changes(self, conn: Connection, old: Event, new: Event, *, who: str,
                       at: datetime) -> list[str]:
        """Write the fields where ``new`` differs from ``old``, with one audit row each."""
        changed = [name for name in EVENT_COLUMNS if getattr(old, name) != getattr(new, name)]
        if not changed:
            return []
        row = self._event_row(new)
        values = {name: row[name] for name in changed}
        values["feature"] = row["feature"]
        if "lat" in changed or "lon" in changed:
            values.update(self._event_spatial_values(new))
            values.update(_located(new))
        if "event_date" in changed or "date_end" in changed:
            values.update(_derived(new))
        t = self.tables
        conn.execute(update(t.events).where(t.events.c.id == old.id).values(values))
        conn.execute(insert(t.audit), [
            {"event_id": old.id, "at": at, "who": who, "field": name,
             "old": json.dumps(_jsonable(getattr(old, name)), ensure_ascii=False),
             "new": json.dumps(_jsonable(getattr(new, name)), ensure_ascii=False)}
            for name in changed])
        return changed

    def get_report(self, report_id: str) -> Report:
        r = self.tables.reports.c
        with self._read() as conn:
            row = conn.execute(select(
                r.id, r.text, r.title, r.url, r.source_name, r.published, r.lang, r.checksum,
                r.ingested_at).where(r.id == report_id)).mappings().first()
        if row is None:
            raise NotFound(f"no report with id {report_id!r}")
        kw = dict(row)
        kw["ingested_at"] = _aware(kw["ingested_at"])
        return Report(**kw)

    def get_event(self, event_id: str) -> Event:
        with self._read() as conn:
            return self._load_event(conn, event_id)

    def count_events(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(
                self.tables.events)).scalar_one())

    def count_reports(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(
                self.tables.reports)).scalar_one())

    def actor_names(self) -> list[str]:
        ev = self.tables.events.c
        both = union(select(ev.actor1.label("name")).where(ev.actor1.is_not(None)),
                     select(ev.actor2.label("name")).where(ev.actor2.is_not(None))).subquery()
        with self._read() as conn:
            return sorted(conn.execute(select(both.c.name)).scalars().all())

    def _conditions(self, q: EventQuery) -> list[ColumnElement[bool]]:
        ev = self.tables.events.c
        conds: list[ColumnElement[bool]] = []
        spatial = q.bbox is not None or q.within is not None or q.tile is not None
        if q.start is not None and not spatial:
            # two index ranges on (long_span, event_date); see schema.py
            ends = [] if q.end is None else [ev.event_date <= q.end]
            conds.append(or_(
                and_(ev.long_span.is_(False),
                     ev.event_date >= _shift(q.start, -timedelta(days=SHORT_SPAN_DAYS)),
                     ev.date_last >= q.start, *ends),
                and_(ev.long_span.is_(True), ev.date_last >= q.start, *ends)))
        else:  # the R*Tree / GiST index narrows down; these are the exact tests
            if q.start is not None:
                conds.append(ev.date_last >= q.start)
            if q.end is not None:
                conds.append(ev.event_date <= q.end)
        if q.event_types is not None:
            conds.append(ev.event_type.in_(q.event_types))
        if q.sub_event_types is not None:
            conds.append(ev.sub_event_type.in_(q.sub_event_types))
        if q.status is not None:
            conds.append(ev.status.in_(q.status))
        if q.background is not None:
            conds.append(ev.background.is_(q.background))
        if q.origins is not None:
            conds.append(ev.origin.in_(q.origins))
        if q.actors is not None:
            conds.append(or_(ev.actor1.in_(q.actors), ev.actor2.in_(q.actors)))
        if q.place_ids is not None:
            conds.append(ev.place_id.in_(q.place_ids))
        if q.report_ids is not None:
            es = self.tables.event_sources.c
            conds.append(ev.id.in_(select(es.event_id).where(es.report_id.in_(q.report_ids))))
        if q.bbox is not None:
            bbox = cast(BBox, q.bbox)  # made a 4-tuple by EventQuery
            parts = [self._box_condition(box, q.start, q.end) for box in split_bbox(bbox)]
            conds.append(parts[0] if len(parts) == 1 else or_(*parts))
        if q.within is not None:
            conds.append(self._within_condition(q.within, q.start, q.end))
        if q.tile is not None:
            low, high = tile_range(cast(Tile, q.tile))
            conds += [ev.cell >= low, ev.cell < high]
        if q.tally is not None:  # "= 1" (SQLite), "= true": as ix_events_tally says it
            conds.append(ev.tally == q.tally)
        return conds

    def query_events(self, q: EventQuery, *, count: bool = True) -> tuple[list[Event], int]:
        if not isinstance(q, EventQuery):
            raise TypeError(f"query_events takes an EventQuery, not {type(q).__name__}")
        with self._read() as conn:
            rows, total = self._page_rows(conn, q, count=count)
            return self._events_by_pk(conn, [r[0] for r in rows]), total

    def query_records(self, q: EventQuery) -> tuple[list[dict[str, Any]], int]:
        if not isinstance(q, EventQuery):
            raise TypeError(f"query_records takes an EventQuery, not {type(q).__name__}")
        with self._read() as conn:
            rows, total = self._page_rows(conn, q, self._record_columns)
        return [event_record(row[1:]) for row in rows], total

    def query_features(self, q: EventQuery) -> tuple[list[StoredFeature], int]:
        if not isinstance(q, EventQuery):
            raise TypeError(f"query_features takes an EventQuery, not {type(q).__name__}")
        ev = self.tables.events.c
        with self._read() as conn:
            rows, total = self._page_rows(conn, q, (ev.feature, ev.place_id, ev.location))
        # the rows (pk, feature, place, location) as StoredFeatures, in C: a page of 500 in
        # 0.02 ms instead of 0.3
        return list(map(_stored_feature, map(_FEATURE_FIELDS, rows))), total

    def _page_rows(self, conn: Connection, q: EventQuery, columns: Sequence[Any] = (), *,
                   count: bool = True) -> tuple[list[Sequence[Any]], int]:
        """The page ``q`` asks for, in (event_date, id) order, as rows of (pk, *columns),
        and how many events match in all (unless ``count`` is false: the page's end)."""
        ev = self.tables.events.c
        conds = self._conditions(q)
        stop = None if q.limit is None else q.offset + q.limit
        if q.within is not None and not self._within_exact:
            pks = [r.pk for r in self._rows_within(conn, q.within, conds, ev.pk)]
            total = len(pks)
            pks = pks[q.offset:stop]
        else:
            # the page's keys first (sorting narrow rows), then the page's rows
            stmt = select(ev.pk).where(*conds).order_by(ev.event_date, ev.id).offset(q.offset)
            if q.limit is not None:
                stmt = stmt.limit(q.limit)
            pks = list(conn.execute(stmt).scalars().all())
            if not count or (q.limit is None or len(pks) < q.limit) and (pks or q.offset == 0):
                total = q.offset + len(pks)
            else:
                total = self._matched(conn, q, lambda: int(conn.execute(select(
                    func.count()).select_from(self.tables.events).where(*conds)).scalar_one()))
        if not columns:
            return [(pk,) for pk in pks], total
        found: dict[int, Sequence[Any]] = {}
        for i in range(0, len(pks), _PAGE_FETCH):
            for row in conn.execute(select(ev.pk, *columns).where(
                    ev.pk.in_(pks[i:i + _PAGE_FETCH]))).all():
                found[row[0]] = row
        return [found[pk] for pk in pks], total

    def event_points(self, q: EventQuery) -> list[EventPoint]:
        ev = self.tables.events.c
        cols = (ev.id, ev.lon, ev.lat, ev.sub_event_type, ev.fatalities, ev.tally,
                ev.event_date)
        with self._read() as conn:
            conds = [*self._conditions(q), ev.lat.is_not(None)]
            if q.within is not None and not self._within_exact:
                rows = self._rows_within(conn, q.within, conds, *cols)
                rows = rows[q.offset:None if q.limit is None else q.offset + q.limit]
            else:
                stmt = select(*cols).where(*conds).order_by(ev.event_date, ev.id)
                stmt = stmt.offset(q.offset)
                if q.limit is not None:
                    stmt = stmt.limit(q.limit)
                rows = list(conn.execute(stmt).all())
        return [EventPoint(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]

    def event_extent(self, q: EventQuery) -> Extent | None:
        ev = self.tables.events.c
        with self._read() as conn:
            conds = self._conditions(q)
            if q.within is not None and not self._within_exact:
                rows = self._rows_within(conn, q.within, conds, ev.event_date, ev.date_last)
                if not rows:
                    return None
                return Extent(min(r[0] for r in rows), max(r[1] for r in rows),
                              (min(r.lon for r in rows), min(r.lat for r in rows),
                               max(r.lon for r in rows), max(r.lat for r in rows)), len(rows))
            (first, last, w, s, e, n, located), = self._map_rows(conn, select(
                func.min(ev.event_date), func.max(ev.date_last), func.min(ev.lon),
                func.min(ev.lat), func.max(ev.lon), func.max(ev.lat),
                func.count(ev.lon)).where(*conds), q)
        if first is None:
            return None
        first, last = (date.fromisoformat(d) if isinstance(d, str) else d for d in (first, last))
        return Extent(first, last, None if w is None else (w, s, e, n), int(located))

    def _joined_types(self) -> Any:
        """The aggregate of a group's distinct sub-event types, joined by commas (which no
        type name holds)."""
        return func.group_concat(distinct(self.tables.events.c.sub_event_type))

    def _map_rows(self, conn: Connection, stmt: Any, q: EventQuery, *,
                  tallies: bool = False) -> list[Sequence[Any]]:
        """The rows of ``stmt``, a map's query over the events (the cumulative tolls only,
        with ``tallies``), read the engine's best way (SQLite: through ix_events_cell or
        ix_events_tally, which cover what it reads when it filters on nothing else). Dates
        may come back as ISO text."""
        return list(conn.execute(stmt).all())

    def event_cells(self, q: EventQuery, level: int) -> list[EventCell]:
        check_tile(level, 0, 0)
        shift = 2 * (LEVEL - level)
        with self._read() as conn:
            groups = self._cell_groups(conn, q, level)
            singles = [g[9] for g in groups if g[2] == 1]
            points = self._points_by_pk(conn, singles)
        return [EventCell(cell_tile(k << shift, level), bool(tally), int(n), lon, lat, w, s,
                          e, north, points.get(pk) if n == 1 else None,
                          tuple(sorted(set(types.split(","))) if types else ()))
                for k, tally, n, lon, lat, w, s, e, north, pk, types in groups]

    def _cell_groups(self, conn: Connection, q: EventQuery, level: int,
                     tally: bool | None = None) -> list[tuple[Any, ...]]:
        """The located events matching ``q`` (of this ``tally`` when given) grouped by cell
        of ``level`` and tally: rows of (cell prefix, tally, count, mean lon, mean lat, min
        lon, min lat, max lon, max lat, smallest pk, their sub-event types joined by
        commas), ordered by prefix and tally."""
        ev = self.tables.events.c
        shift = 2 * (LEVEL - level)
        # a literal: GROUP BY must repeat the select's expression, not a second parameter
        key = (ev.cell.op(">>", return_type=ev.cell.type)(literal_column(str(int(shift))))
               if shift else ev.cell)
        if tally is not None:
            q = dataclasses.replace(q, tally=tally)
        conds = [*self._conditions(q), ev.cell.is_not(None)]
        if q.within is not None and not self._within_exact:
            rows = self._rows_within(conn, q.within, conds, ev.cell, ev.tally, ev.pk,
                                     ev.sub_event_type)
            return _group_cells(rows, shift)
        stmt = select(key.label("k"), ev.tally, func.count(), func.avg(ev.lon),
                      func.avg(ev.lat), func.min(ev.lon), func.min(ev.lat), func.max(ev.lon),
                      func.max(ev.lat), func.min(ev.pk), self._joined_types()).where(
            *conds).group_by(key, ev.tally).order_by(key, ev.tally)
        return [tuple(r) for r in self._map_rows(conn, stmt, q, tallies=bool(q.tally))]

    def _points_by_pk(self, conn: Connection, pks: Sequence[int]) -> dict[int, EventPoint]:
        ev = self.tables.events.c
        out: dict[int, EventPoint] = {}
        for i in range(0, len(pks), _PAGE_FETCH):
            for r in conn.execute(select(ev.pk, ev.id, ev.lon, ev.lat, ev.sub_event_type,
                                         ev.fatalities, ev.tally, ev.event_date).where(
                    ev.pk.in_(pks[i:i + _PAGE_FETCH]))):
                out[r[0]] = EventPoint(r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7])
        return out

    def change_counter(self) -> int:
        with self._read() as conn:
            return self._read_counter(conn)

    def _read_counter(self, conn: Connection) -> int:
        """The change counter as ``conn``'s read transaction sees it (begun by this read
        when it is not yet)."""
        return int(conn.execute(self._counter).scalar_one())

    def _matched(self, conn: Connection, q: EventQuery, count: Callable[[], int]) -> int:
        """How many events ``q`` matches in all: ``count()``, or what it gave at this state
        of the store (:class:`~geomap.store.counts.MatchCounts`: the counter read first, in
        the same read transaction)."""
        counter = self._read_counter(conn)
        total = self._counts.get(counter, q)
        if total is None:
            total = count()
            self._counts.put(counter, q, total)
        return total

    def event_span(self, q: EventQuery) -> tuple[date, date] | None:
        ev = self.tables.events.c
        with self._read() as conn:
            conds = self._conditions(q)
            if q.within is not None and not self._within_exact:
                rows = self._rows_within(conn, q.within, conds, ev.event_date, ev.date_last)
                return (min(r[0] for r in rows), max(r[1] for r in rows)) if rows else None
            first, last = conn.execute(select(func.min(ev.event_date), func.max(ev.date_last))
                                       .where(*conds)).one()
        return None if first is None else (first, last)

    def _rows_within(self, conn: Connection, within: Mapping[str, Any],
                     conds: Sequence[ColumnElement[bool]], *cols: Any) -> list[Any]:
        """``cols`` of the events matching ``conds`` whose point lies in ``within``, in
        (event_date, id) order: the exact polygon test the engine's index only narrows."""
        ev = self.tables.events.c
        rows = conn.execute(select(*cols, ev.lon, ev.lat).where(*conds).order_by(
            ev.event_date, ev.id)).all()
        if not rows:
            return []
        shape = parse_polygon(within)
        shapely.prepare(shape)
        keep = shapely.intersects_xy(shape, [r.lon for r in rows], [r.lat for r in rows])
        return [r for r, k in zip(rows, keep, strict=True) if k]

    def update_event(self, event_id: str, changes: Mapping[str, Any], *, who: str) -> Event:
        if not isinstance(who, str) or not who.strip():
            raise InvalidData("who must name whoever makes the change")
        values = check_changes(changes, what=f"event {event_id}")
        with self._write() as conn:
            old = self._load_event(conn, event_id)
            try:
                new = dataclasses.replace(old, **values)
            except ValueError as error:
                raise InvalidData(f"event {event_id}: {error}") from error
            new = check_event(new, what=f"event {event_id}", copy=False)  # the same edges
            self._write_changes(conn, old, new, who=who.strip(), at=utcnow())
        return new

    def audit_trail(self, event_id: str) -> list[AuditEntry]:
        a = self.tables.audit.c
        with self._read() as conn:
            rows = conn.execute(select(a.event_id, a.at, a.who, a.field, a.old, a.new).where(
                a.event_id == event_id).order_by(a.pk)).all()
        return [AuditEntry(r.event_id, _aware(r.at), r.who, r.field,
                           None if r.old is None else json.loads(r.old),
                           None if r.new is None else json.loads(r.new)) for r in rows]

    # -- health ----------------------------------------------------------------------------

    def optimize(self) -> None:
        with self._write() as conn:
            self._optimize(conn)

    def _optimize(self, conn: Connection) -> None:
        """The engine's own way to :meth:`optimize`."""

    def integrity_check(self) -> list[str]:
        problems: list[str] = []
        with self._guard(), self._begin_read() as conn:
            try:
                version = self._stored_version(conn)
            except SchemaVersionError as error:
                return [str(error)]
            if version != SCHEMA_VERSION:
                return [f"schema version {version}, expected {SCHEMA_VERSION}"]
            problems += self._engine_checks(conn)
            t = self.tables
            ev, es = t.events.c, t.event_sources.c
            unlinked = conn.execute(select(func.count()).select_from(t.events).where(
                ~select(es.event_id).where(es.event_id == ev.id,
                                           es.report_id == ev.report_id).exists())).scalar_one()
            if unlinked:
                problems.append(f"{unlinked} event(s) not linked to their own report")
            bad_last = conn.execute(select(func.count()).select_from(t.events).where(
                or_(ev.date_last != func.coalesce(ev.date_end, ev.event_date),
                    ev.date_last < ev.event_date))).scalar_one()
            if bad_last:
                problems.append(f"{bad_last} event(s) whose date_last is wrong")
            bad_status = conn.execute(select(func.count()).select_from(t.events).where(
                ev.status.not_in(STATUSES))).scalar_one()
            if bad_status:
                problems.append(f"{bad_status} event(s) with an unknown status")
            stale = stale_features(conn, t.events)
            if stale:
                problems.append(f"{stale} event(s) whose GeoJSON Feature is not their own")
            no_event = conn.execute(select(func.count()).select_from(t.event_sources).where(
                ~select(ev.id).where(ev.id == es.event_id).exists())).scalar_one()
            if no_event:
                problems.append(f"{no_event} event_sources row(s) without their event")
        return problems

    def _ids(self, ids: Iterable[str]) -> list[str]:
        if isinstance(ids, str):
            return [ids]
        out = list(ids)
        if not all(isinstance(i, str) for i in out):
            raise InvalidData(f"ids must be strings, not {out!r}")
        return out
