"""The store contract: one test class that every engine's test class inherits.

A subclass provides ``make_store()``, a new store on the test's own (initially empty)
database; calling it twice gives two stores on the same database.
"""

from __future__ import annotations

import dataclasses
import json
import random
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update

from gazetteer import Place
from gazetteer.place import Name
from geomap.io.geojson import event_feature, features_json, fill_locations
from geomap.jsontext import script_safe
from geomap.models import EVENT_TYPES, Actor, ControlZone, Event, Report
from geomap.store import (
    EventQuery,
    InvalidData,
    InvalidQuery,
    NotFound,
    SchemaVersionError,
    Store,
    StoreError,
)
from geomap.store.schema import SCHEMA_VERSION
from geomap.store.sql import SQLStore
from geomap.store.tiles import tile_of

from .contract_desk import DeskContract
from .strategies import DAY0, bboxes, events, lonlats

# The store fixture lives across a test's examples (each example adds its own report and
# looks only at it), and the same test runs once per engine class: both are intended.
FIXTURE_OK = settings(deadline=None, max_examples=40,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow,
                                             HealthCheck.differing_executors])


def assert_features_as_written(store: Store, q: EventQuery | None = None) -> None:
    """The store's Features of the events ``q`` selects (all of them without it), filled
    with their locations, are what ``features_json`` writes of their records."""
    q = q or EventQuery()
    stored, matched = store.query_features(q)
    records, counted = store.query_records(q)
    assert matched == counted and len(stored) == len(records)
    filled = fill_locations([s.template for s in stored], [s.location for s in stored])
    assert b"[" + b",".join(filled) + b"]" == script_safe(features_json(records))


def ev(day: date = DAY0, **kw: Any) -> Event:
    """A located clash in Aleppo on ``day``, with overrides."""
    base: dict[str, Any] = {"event_type": "Battles", "sub_event_type": "Armed clash",
                            "place_id": "geonames:170063", "lat": 36.2, "lon": 37.16,
                            "actor1": "Syrian government forces", "actor2": "Rebels",
                            "event_date": day}
    base.update(kw)
    return Event(**base)


def report(label: str = "") -> Report:
    """A report with a text of its own."""
    return Report(text=f"Report {label} {uuid.uuid4().hex}", published=DAY0, lang="en")


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    """A GeoJSON square with its south-west corner at (lon, lat)."""
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat],
                                                [lon + size, lat + size], [lon, lat + size],
                                                [lon, lat]]]}


def snapshot(store: Store) -> dict[str, Any]:
    """Every table's rows, to compare a store before and after a failed write (the count of
    write transactions aside: a write that finds nothing to do still counts)."""
    assert isinstance(store, SQLStore)
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for name, table in store.tables.metadata.tables.items():
            if name == "store_changes":
                continue
            cols = [c for c in table.c if c.name != "geom"]
            out[name] = sorted(map(tuple, conn.execute(select(*cols)).all()), key=repr)
    return out


def in_bbox(lon: float, lat: float, bbox: tuple[float, float, float, float]) -> bool:
    minlon, minlat, maxlon, maxlat = bbox
    if not minlat <= lat <= maxlat:
        return False
    if minlon <= maxlon:
        return minlon <= lon <= maxlon
    return lon >= minlon or lon <= maxlon


def overlaps(e: Event, start: date | None, end: date | None) -> bool:
    last = e.date_end or e.event_date
    return (start is None or last >= start) and (end is None or e.event_date <= end)


class StoreContract(DeskContract, ABC):
    """What every engine must do (the desk's part in ``contract_desk.py``); subclasses name
    the engine."""

    @abstractmethod
    def make_store(self) -> Store:
        """A new store on this test's database."""

    @pytest.fixture
    def store(self) -> Iterator[Store]:
        s = self.make_store()
        yield s
        s.close()

    def add(self, store: Store, *evs: Event, label: str = "") -> list[Event]:
        result = store.add_report(report(label), list(evs))
        return [store.get_event(i) for i in result.event_ids]

    # -- schema ----------------------------------------------------------------------------

    def test_init_creates_then_checks_the_schema(self, store: Store) -> None:
        assert store.init() == SCHEMA_VERSION
        assert store.init() == SCHEMA_VERSION
        with self.make_store() as other:
            assert other.init() == SCHEMA_VERSION
        assert store.integrity_check() == []

    def test_schema_is_created_on_first_use(self, store: Store) -> None:
        assert store.count_events() == 0
        assert store.query_events(EventQuery()) == ([], 0)

    def test_another_schema_version_is_refused(self, store: Store) -> None:
        assert isinstance(store, SQLStore)
        store.init()
        sv = store.tables.schema_version
        with store.engine.begin() as conn:
            conn.execute(update(sv).values(version=SCHEMA_VERSION + 98))
        with self.make_store() as other:
            with pytest.raises(SchemaVersionError, match="schema version"):
                other.init()
            with pytest.raises(SchemaVersionError):
                other.count_events()
            assert "schema version" in other.integrity_check()[0]

    def test_tables_not_ours_are_refused(self, store: Store) -> None:
        assert isinstance(store, SQLStore)
        with store.engine.begin() as conn:
            conn.execute(text("CREATE TABLE events (x INTEGER)"))
        with pytest.raises(SchemaVersionError, match="not made by geomap"):
            store.init()

    # -- reports and events ----------------------------------------------------------------

    @FIXTURE_OK
    @given(evs=st.lists(events(), min_size=1, max_size=4))
    def test_add_then_get_is_the_identity(self, store: Store, evs: list[Event]) -> None:
        # unique places, so that no generated event merges into another
        evs = [e if e.place_id is None else dataclasses.replace(e, place_id=uuid.uuid4().hex)
               for e in evs]
        rep = report()
        result = store.add_report(rep, evs)
        assert not result.duplicate and result.merged == []
        assert len(result.event_ids) == len(set(result.event_ids)) == len(evs)
        for given_event, event_id in zip(evs, result.event_ids, strict=True):
            expected = dataclasses.replace(given_event, id=event_id,
                                           report_id=result.report_id,
                                           sources=[result.report_id])
            assert store.get_event(event_id) == expected
        got = store.get_report(result.report_id)
        assert got.ingested_at is not None and got.ingested_at.tzinfo is not None
        assert got == dataclasses.replace(rep, id=result.report_id, ingested_at=got.ingested_at)

    @FIXTURE_OK
    @given(evs=st.lists(events(), min_size=1, max_size=4))
    def test_records_are_the_events_as_stored(self, store: Store, evs: list[Event]) -> None:
        """The fast way to a page of GeoJSON writes what the Events would have."""
        result = store.add_report(report(), evs)
        q = EventQuery(report_ids=[result.report_id], limit=3, offset=1)
        page, matched = store.query_events(q)
        records, counted = store.query_records(q)
        assert counted == matched and len(records) == len(page)
        assert json.loads(features_json(records, 2)) == json.loads(
            json.dumps([event_feature(e, n) for n, e in enumerate(page, 2)]))

    @FIXTURE_OK
    @given(evs=st.lists(events(), min_size=1, max_size=4))
    def test_features_are_the_records_as_the_api_writes_them(self, store: Store,
                                                             evs: list[Event]) -> None:
        """The Features the store keeps, filled with their locations, are byte for byte
        what the API wrote from the records (script-safe)."""
        result = store.add_report(report(), evs)
        assert_features_as_written(store, EventQuery(report_ids=[result.report_id]))

    def test_features_of_events_at_zero(self, store: Store) -> None:
        """-0.0 is stored as 0.0 (SQLite reads it back so): the kept Feature says 0.0."""
        result = store.add_report(report(), [ev(lat=-0.0, lon=-24.5, confidence=-0.0),
                                             ev(lat=0.0, lon=-0.0, place_id=None)])
        assert_features_as_written(store, EventQuery(report_ids=[result.report_id]))
        assert b"-0.0" not in b"".join(s.template for s in store.query_features(
            EventQuery(report_ids=[result.report_id]))[0])

    def test_features_follow_every_write(self, store: Store) -> None:
        """Updated, merged, revised, unmerged: the kept Feature is always the event's."""
        a = store.add_report(report("a"), [ev(fatalities=12, source="AFP", id="one"),
                                           ev(DAY0 + timedelta(days=40), id="two")])
        assert_features_as_written(store)
        store.update_event("one", {"location": "Alep <est>", "lat": 36.25, "lon": 37.125,
                                   "counts": {"displaced": 3000}, "status": "verified"},
                           who="editor")
        assert_features_as_written(store)
        b = store.add_report(report("b"), [ev(DAY0 + timedelta(days=1), fatalities=9,
                                              source="Reuters", quote="nine")])
        assert b.merged == ["one"] and store.get_event("one").fatalities == 9
        assert_features_as_written(store)
        store.add_report(report("c"), [ev(DAY0 + timedelta(days=40), id="two",
                                          notes="revised", fatalities=4)])
        assert store.get_event("two").notes == "revised"
        assert_features_as_written(store)
        (again,) = store.unmerge("one", b.report_id, who="editor")
        assert store.get_event("one").fatalities == 12 and again.id is not None
        assert_features_as_written(store)
        features, matched = store.query_features(EventQuery())
        assert matched == 3 and len(features) == 3
        assert a.report_id and store.integrity_check() == []

    def test_a_feature_out_of_step_is_found(self, store: Store) -> None:
        """A field changed behind the store's back (its Feature not written again) is an
        integrity problem."""
        assert isinstance(store, SQLStore)
        store.add_report(report(), [ev(id="one"), ev(DAY0 + timedelta(days=3), id="two")])
        assert store.integrity_check() == []
        ev_table = store.tables.events
        with store.engine.begin() as conn:
            conn.execute(update(ev_table).where(ev_table.c.id == "two").values(
                quote="Changed by hand."))
        assert store.integrity_check() == ["1 event(s) whose GeoJSON Feature is not their own"]

    def test_records_keep_their_own_ids(self, store: Store) -> None:
        rep = dataclasses.replace(report(), id="report-1", title="T", url="https://x.example/1",
                                  source_name="AFP")
        result = store.add_report(rep, [ev(id="event-1")])
        assert result.report_id == "report-1" and result.event_ids == ["event-1"]
        assert store.get_report("report-1").source_name == "AFP"
        # ids are unique: the same id again is the same event, revised (not a second one)
        again = store.add_report(report(), [ev(id="event-1", place_id="elsewhere")])
        assert again.event_ids == ["event-1"] and store.count_events() == 1
        assert store.get_event("event-1").place_id == "elsewhere"

    def test_unknown_ids_raise_not_found(self, store: Store) -> None:
        for getter in (store.get_event, store.get_report, store.get_place, store.get_actor):
            with pytest.raises(NotFound):
                getter("nope")
        with pytest.raises(NotFound):
            store.update_event("nope", {"status": "verified"}, who="desk")
        assert store.audit_trail("nope") == []

    def test_same_checksum_adds_nothing(self, store: Store) -> None:
        text_ = "Shelling on East Aleppo killed 5 people.\n"
        first = store.add_report(Report(text=text_), [ev(fatalities=5), ev(place_id="p2")])
        before = snapshot(store)
        again = store.add_report(Report(text="  Shelling on East Aleppo   killed 5 people. "),
                                 [ev(fatalities=9), ev(place_id="p3")])
        assert again.duplicate and again.report_id == first.report_id
        assert again.event_ids == first.event_ids and again.merged == []
        assert snapshot(store) == before

    def test_the_same_event_from_two_reports_is_merged(self, store: Store) -> None:
        a = store.add_report(report("a"), [ev(fatalities=12, source="AFP",
                                              lower_bounds=["fatalities"])])
        b = store.add_report(report("b"), [ev(DAY0 + timedelta(days=1), fatalities=9,
                                              source="Reuters")])
        assert b.event_ids == a.event_ids and b.merged == a.event_ids
        merged = store.get_event(a.event_ids[0])
        assert merged.sources == [a.report_id, b.report_id]
        assert merged.fatalities == 9 and merged.lower_bounds == []  # ACLED: lowest figure
        assert merged.source == "AFP; Reuters" and merged.event_date == DAY0
        assert store.count_events() == 1
        assert store.query_events(EventQuery(report_ids=[b.report_id]))[1] == 1
        trail = store.audit_trail(a.event_ids[0])
        assert {t.field for t in trail} == {"fatalities", "lower_bounds", "sources", "source"}
        assert {t.who for t in trail} == {f"merge:{b.report_id}"}

    def test_an_event_id_told_again_is_revised_not_added(self, store: Store) -> None:
        """A newer export of the same source tells the same rows (ACLED revises figures):
        they update the stored events, except what a reviewer decided."""
        rows = [ev(fatalities=3, place_id=None, id="SYR1"),
                ev(fatalities=5, place_id=None, id="SYR2", actor1="Islamic State")]
        first = store.add_report(report("may"), rows)
        store.update_event("SYR2", {"status": "verified", "fatalities": 6}, who="editor")
        revised = [ev(fatalities=7, place_id=None, id="SYR1", notes="revised"),
                   ev(fatalities=1, place_id=None, id="SYR2", actor1="Islamic State"),
                   ev(fatalities=2, place_id=None, id="SYR3")]
        second = store.add_report(report("june"), revised)
        assert second.event_ids == ["SYR1", "SYR2", "SYR3"]
        assert second.merged == ["SYR1", "SYR2"] and store.count_events() == 3
        one, two = store.get_event("SYR1"), store.get_event("SYR2")
        assert (one.fatalities, one.notes) == (7, "revised")
        assert one.report_id == first.report_id
        assert one.sources == [first.report_id, second.report_id]
        assert (two.fatalities, two.status) == (6, "verified")  # the reviewer's figure stays
        assert two.sources == [first.report_id, second.report_id]
        assert {t.who for t in store.audit_trail("SYR1")} == {f"revise:{second.report_id}"}

    def test_progress_of_a_long_write(self, store: Store) -> None:
        calls: list[tuple[int, int]] = []
        events = [ev(DAY0 + timedelta(days=3 * i)) for i in range(5)]
        store.add_report(report(), events, progress=lambda done, total: calls.append(
            (done, total)))
        assert calls[-1] == (5, 5) and all(t == 5 for _, t in calls)
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)

    def test_background_is_a_filter(self, store: Store) -> None:
        store.add_report(report(), [ev(id="now"), ev(DAY0 - timedelta(days=600), id="then",
                                                     background=True)])

        def ids(**kw: Any) -> set[str | None]:
            return {e.id for e in store.query_events(EventQuery(**kw))[0]}
        assert ids(background=False) == {"now"} and ids(background=True) == {"then"}
        assert ids() == {"now", "then"}
        assert {p.id for p in store.event_points(EventQuery(background=False))} == {"now"}

    def test_an_id_twice_in_one_report_is_refused(self, store: Store) -> None:
        with pytest.raises(InvalidData, match="SYR9 given twice"):
            store.add_report(report(), [ev(id="SYR9"), ev(DAY0 + timedelta(days=9),
                                                          id="SYR9")])
        assert store.count_events() == 0

    def test_a_merge_can_be_undone(self, store: Store) -> None:
        """The merge is in the audit trail and reversible: the stored event takes back what
        the merge changed, the other report's event stands on its own again."""
        a = store.add_report(report("a"), [ev(fatalities=12, source="AFP")])
        told = ev(DAY0 + timedelta(days=1), fatalities=9, source="Reuters", quote="nine")
        b = store.add_report(report("b"), [told])
        (eid,) = a.event_ids
        assert b.event_ids == [eid]
        ((rid, events),) = store.merges_into(eid)
        assert rid == b.report_id and [(e.fatalities, e.quote) for e in events] == [(9, "nine")]
        store.update_event(eid, {"notes": "checked by phone"}, who="editor")  # kept
        (again,) = store.unmerge(eid, b.report_id, who="editor")
        kept = store.get_event(eid)
        assert (kept.fatalities, kept.source, kept.sources) == (12, "AFP", [a.report_id])
        assert kept.notes == "checked by phone"
        assert (again.fatalities, again.quote, again.sources) == (9, "nine", [b.report_id])
        assert store.get_event(again.id).event_date == DAY0 + timedelta(days=1)
        assert store.count_events() == 2 and store.merges_into(eid) == []
        assert store.query_events(EventQuery(report_ids=[b.report_id]))[0][0].id == again.id
        assert any(t.who == f"unmerge:{b.report_id} by editor"
                   for t in store.audit_trail(eid))
        with pytest.raises(NotFound):
            store.unmerge(eid, b.report_id, who="editor")

    def test_merging_as_the_caller_found(self, store: Store) -> None:
        """``same_as``: the caller found the stored event a new one tells (the same incident
        coded elsewhere, with other names)."""
        imported = store.add_report(report("acled"), [
            ev(place_id=None, actor1="Military Forces of Syria (2000-)", fatalities=4,
               id="SYR1")])
        told = ev(fatalities=6, source="SOHR")
        result = store.add_report(report("text"), [told], same_as={0: "SYR1"})
        assert result.event_ids == ["SYR1"] and result.merged == ["SYR1"]
        merged = store.get_event("SYR1")
        assert merged.sources == [imported.report_id, result.report_id]
        assert merged.fatalities == 4 and store.count_events() == 1
        (again,) = store.unmerge("SYR1", result.report_id, who="desk")
        assert again.fatalities == 6 and store.count_events() == 2

    def test_merging_keeps_a_figure_only_one_report_gives(self, store: Store) -> None:
        a = store.add_report(report("a"), [ev(counts={"displaced": 500})])
        store.add_report(report("b"), [ev(fatalities=4, counts={"displaced": 800, "tanks": 2},
                                          lower_bounds=["displaced"])])
        merged = store.get_event(a.event_ids[0])
        assert merged.fatalities == 4 and merged.counts == {"displaced": 500, "tanks": 2}
        assert merged.lower_bounds == []

    @pytest.mark.parametrize("change", [
        {"event_date": DAY0 + timedelta(days=2)}, {"actor2": "Kurdish forces"},
        {"actor1": None}, {"place_id": "geomap:alep-ouest"}, {"place_id": None},
        {"sub_event_type": "Government regains territory"}, {"tally": True},
    ])
    def test_different_events_are_not_merged(self, store: Store, change: dict[str, Any]) -> None:
        first = store.add_report(report("a"), [ev()])
        second = store.add_report(report("b"), [ev(**change)])
        assert second.event_ids != first.event_ids and second.merged == []
        assert store.count_events() == 2

    def test_tallies_merge_only_over_the_same_span(self, store: Store) -> None:
        tally: dict[str, Any] = {"tally": True, "event_type": "Violence against civilians",
                 "sub_event_type": "Attack", "date_end": DAY0 + timedelta(days=30)}
        a = store.add_report(report("a"), [ev(fatalities=300, **tally)])
        b = store.add_report(report("b"), [ev(fatalities=280, **tally)])
        c = store.add_report(report("c"), [ev(fatalities=310, **{
            **tally, "date_end": DAY0 + timedelta(days=31)})])
        assert b.merged == a.event_ids and c.merged == []
        assert store.get_event(a.event_ids[0]).fatalities == 280

    def test_concurrent_reports_of_one_event_merge(self, store: Store) -> None:
        store.init()
        errors: list[BaseException] = []

        def add(i: int) -> None:
            try:
                store.add_report(report(str(i)), [ev(fatalities=10 + i)])
            except BaseException as error:  # noqa: BLE001 (re-raised in the main thread)
                errors.append(error)

        threads = [threading.Thread(target=add, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        (only,), total = store.query_events(EventQuery())
        assert total == 1 and len(only.sources) == 6 and only.fatalities == 10

    def test_a_failed_add_leaves_the_store_unchanged(self, store: Store) -> None:
        self.add(store, ev(), label="before")
        before = snapshot(store)
        bad = ev(place_id="b")
        bad.status = "bogus"  # dataclasses do not re-validate on assignment; the store does
        rep = report("failing")
        with pytest.raises(InvalidData, match="event 2"):
            store.add_report(rep, [ev(place_id="x"), ev(place_id="y"), bad])
        assert snapshot(store) == before
        # the database itself refuses the third event (an integer beyond 64 bits), after
        # the report and two events were written in the transaction: all are rolled back
        with pytest.raises(StoreError):
            store.add_report(rep, [ev(place_id="x"), ev(place_id="y"),
                                   ev(place_id="z", fatalities=2**70)])
        assert snapshot(store) == before
        result = store.add_report(rep, [ev(place_id="x")])  # not taken for a duplicate
        assert not result.duplicate

    @pytest.mark.parametrize("bad", [
        "not an event", {"fatalities": "3"}, {"lat": float("nan")}, {"quote": "nul\x00"},
        {"counts": {"x": -1}}, {"event_date": "2016-12-11"},
        {"event_date": datetime(2016, 12, 11, 5)}, {"lower_bounds": ("fatalities",)},
        {"tally": 1}, {"sources": [1]},
    ], ids=repr)
    def test_invalid_events_are_refused(self, store: Store, bad: Any) -> None:
        event: Any = bad
        if isinstance(bad, dict):
            event = ev()
            for name, value in bad.items():  # dataclasses do not re-validate on assignment
                setattr(event, name, value)
        with pytest.raises(InvalidData):
            store.add_report(report(), [event])
        assert store.count_reports() == 0

    # -- queries ---------------------------------------------------------------------------

    @FIXTURE_OK
    @given(points=st.lists(lonlats, min_size=1, max_size=12), bbox=bboxes(),
           edge=st.booleans())
    def test_bbox_returns_exactly_the_points_inside(
            self, store: Store, points: list[tuple[float, float]],
            bbox: tuple[float, float, float, float], edge: bool) -> None:
        if edge:  # points on the bbox's edges count as inside
            points = [*points, (bbox[0], bbox[1]), (bbox[2], bbox[3])]
        evs = [ev(lon=lon, lat=lat, place_id=None) for lon, lat in points]
        evs.append(ev(lat=None, lon=None, place_id=None))  # never in a bbox
        result = store.add_report(report(), evs)
        found, total = store.query_events(EventQuery(bbox=bbox, report_ids=[result.report_id]))
        expected = {i for i, e in zip(result.event_ids, evs, strict=True)
                    if e.lon is not None and e.lat is not None and in_bbox(e.lon, e.lat, bbox)}
        assert {e.id for e in found} == expected, (points, bbox)
        assert total == len(expected), (points, bbox, total, found)

    @FIXTURE_OK
    @given(points=st.lists(lonlats, min_size=1, max_size=8), bbox=bboxes(), data=st.data())
    def test_box_dates_and_status_pages_match_a_plain_scan(
            self, store: Store, points: list[tuple[float, float]],
            bbox: tuple[float, float, float, float], data: st.DataObject) -> None:
        """What the SQLite engine answers from its R*Tree alone (count, first days of the
        page), against every stored event filtered in Python: points on and next to the
        box's edges, spans, statuses, pages."""
        near = [(bbox[0], bbox[1]), (bbox[2], bbox[3]), (bbox[0] - 1e-9, bbox[1]),
                (min(180.0, bbox[2] + 1e-9), bbox[3]), (bbox[0], max(-90.0, bbox[1] - 1e-9))]
        days = st.dates(date(2016, 11, 1), date(2016, 12, 31))
        evs = [ev(data.draw(days), lon=lon, lat=lat, place_id=None,
                  date_end=data.draw(st.none() | st.just(date(2017, 1, 5))),
                  status=data.draw(st.sampled_from(("extracted", "verified", "rejected"))))
               for lon, lat in points + data.draw(st.lists(st.sampled_from(near)))]
        self.add(store, *evs)
        start, end = sorted((data.draw(days), data.draw(days)))
        status = data.draw(st.none() | st.sets(st.sampled_from(
            ("extracted", "verified", "rejected")), min_size=1).map(sorted))
        limit, offset = data.draw(st.none() | st.integers(0, 4)), data.draw(st.integers(0, 4))
        q = EventQuery(bbox=bbox, start=data.draw(st.none() | st.just(start)),
                       end=data.draw(st.none() | st.just(end)), status=status, limit=limit,
                       offset=offset)
        everything, _ = store.query_events(EventQuery())
        expected = sorted((e for e in everything if e.lat is not None and e.lon is not None
                           and in_bbox(e.lon, e.lat, bbox) and overlaps(e, q.start, q.end)
                           and (status is None or e.status in status)),
                          key=lambda e: (e.event_date, e.id or ""))
        page, total = store.query_events(q)
        assert total == len(expected)
        assert page == expected[offset:None if limit is None else offset + limit]

    def test_pages_of_a_box_over_many_days(self, store: Store) -> None:
        """Pages of a box and dates, before, through and after a few days when most events
        happened (the SQLite engine guesses from an even spread how far a page reaches,
        and looks further when it falls short), with and without dates."""
        rng = random.Random(11)
        days = [DAY0 + timedelta(days=rng.choice((rng.randrange(0, 90), 80, 81, 81)))
                for _ in range(240)]
        self.add(store, *(ev(d, place_id=None, lon=rng.uniform(36.0, 38.0),
                             lat=rng.uniform(34.0, 36.0)) for d in days))
        everything, _ = store.query_events(EventQuery())
        bbox = (36.5, 34.5, 37.5, 35.5)
        for start, end in ((DAY0, DAY0 + timedelta(days=89)), (DAY0 + timedelta(days=10), None),
                           (None, DAY0 + timedelta(days=85)), (None, None)):
            expected = sorted((e for e in everything if e.lat is not None and e.lon is not None
                               and in_bbox(e.lon, e.lat, bbox) and overlaps(e, start, end)),
                              key=lambda e: (e.event_date, e.id or ""))
            assert len(expected) > 40
            for limit, offset in ((20, 0), (20, 30), (5, len(expected) - 3), (None, 7)):
                q = EventQuery(bbox=bbox, start=start, end=end, limit=limit, offset=offset)
                stop = None if limit is None else offset + limit
                assert store.query_events(q) == (expected[offset:stop], len(expected))

    def test_bbox_across_the_antimeridian(self, store: Store) -> None:
        east, west, middle = self.add(store, ev(lon=179.5, lat=0.0, place_id=None),
                                      ev(lon=-179.5, lat=0.0, place_id=None),
                                      ev(lon=0.0, lat=0.0, place_id=None))
        found, _ = store.query_events(EventQuery(bbox=(179.0, -1.0, -179.0, 1.0)))
        assert {e.id for e in found} == {east.id, west.id}

    def test_dates_overlap_for_ranges_and_tallies(self, store: Store) -> None:
        day = self.add(store, ev(date(2016, 12, 11), place_id="a"))[0]
        week = self.add(store, ev(date(2016, 12, 1), date_end=date(2016, 12, 7), place_id="b",
                                  time_precision=2))[0]
        tally = self.add(store, ev(date(2016, 11, 15), date_end=date(2016, 12, 11), tally=True,
                                   place_id="c", fatalities=400))[0]

        def ids(**kw: Any) -> set[str | None]:
            return {e.id for e in store.query_events(EventQuery(**kw))[0]}

        assert ids(start=date(2016, 12, 5), end=date(2016, 12, 5)) == {week.id, tally.id}
        assert ids(start=date(2016, 12, 11), end=date(2016, 12, 11)) == {day.id, tally.id}
        assert ids(start=date(2016, 12, 8), end=date(2016, 12, 10)) == {tally.id}
        assert ids(start=date(2016, 12, 12)) == set()
        assert ids(end=date(2016, 11, 30)) == {tally.id}
        assert ids(start=date(2016, 12, 7), end=date(2016, 12, 7),
                   bbox=(37, 36, 38, 37)) == {week.id, tally.id}

    @FIXTURE_OK
    @given(evs=st.lists(events(dates=st.dates(date(2016, 1, 1), date(2016, 12, 31))),
                        min_size=1, max_size=8),
           start=st.none() | st.dates(date(2015, 12, 1), date(2017, 6, 30)),
           days=st.integers(0, 200), with_end=st.booleans(), whole_world=st.booleans())
    def test_date_filter_is_interval_overlap(self, store: Store, evs: list[Event],
                                             start: date | None, days: int, with_end: bool,
                                             whole_world: bool) -> None:
        evs = [dataclasses.replace(e, place_id=None) for e in evs]
        end = (start or date(2016, 6, 1)) + timedelta(days=days) if with_end else None
        result = store.add_report(report(), evs)
        bbox = (-180.0, -90.0, 180.0, 90.0) if whole_world else None
        found, total = store.query_events(EventQuery(start=start, end=end, bbox=bbox,
                                                     report_ids=[result.report_id]))
        expected = {i for i, e in zip(result.event_ids, evs, strict=True)
                    if overlaps(e, start, end) and (not whole_world or e.lat is not None)}
        assert {e.id for e in found} == expected and total == len(expected)

    def test_filters(self, store: Store) -> None:
        strike = self.add(store, ev(event_type="Explosions/Remote violence",
                                    sub_event_type="Air/drone strike", actor1="Russian forces",
                                    actor2=None, place_id="geomap:alep-est"))[0]
        clash = self.add(store, ev(place_id="geomap:sheikh-maqsoud", status="verified"))[0]
        flight = self.add(store, ev(event_type="Strategic developments",
                                    sub_event_type="Displacement", actor1="Civilians",
                                    actor2="Rebels", place_id="geomap:alep-ouest",
                                    status="rejected"))[0]

        def ids(**kw: Any) -> set[str | None]:
            return {e.id for e in store.query_events(EventQuery(**kw))[0]}

        assert ids(event_types=["Battles"]) == {clash.id}
        assert ids(event_types=["Battles", "Strategic developments"]) == {clash.id, flight.id}
        assert ids(sub_event_types="Air/drone strike") == {strike.id}
        assert ids(actors=["Rebels"]) == {clash.id, flight.id}  # actor1 or actor2
        assert ids(actors=["Russian forces"]) == {strike.id}
        assert ids(status=["verified", "extracted"]) == {strike.id, clash.id}
        assert ids(status="rejected") == {flight.id}
        assert ids(place_ids=["geomap:alep-est", "geomap:alep-ouest"]) == {strike.id, flight.id}
        assert ids(place_ids=[]) == set()
        assert ids(report_ids=[strike.report_id]) == {strike.id}
        assert ids(actors=["Rebels"], status="verified") == {clash.id}

    def test_paging_is_stable(self, store: Store) -> None:
        evs = [ev(DAY0 + timedelta(days=i % 4), place_id=f"p{i}") for i in range(23)]
        store.add_report(report(), evs)
        everything, total = store.query_events(EventQuery())
        assert total == 23
        assert [(e.event_date, e.id) for e in everything] == sorted(
            (e.event_date, e.id) for e in everything)
        pages = []
        for offset in range(0, 30, 5):
            page, page_total = store.query_events(EventQuery(limit=5, offset=offset))
            assert page_total == 23
            pages += page
        assert pages == everything
        assert store.query_events(EventQuery(limit=0)) == ([], 23)
        assert store.query_events(EventQuery(limit=5, offset=40)) == ([], 23)

    def test_within_a_polygon(self, store: Store) -> None:
        zone = square(37.0, 36.0, 0.5)
        inside, edge, outside, nowhere = self.add(
            store, ev(lon=37.2, lat=36.2, place_id=None), ev(lon=37.5, lat=36.25, place_id=None),
            ev(lon=37.6, lat=36.2, place_id=None), ev(lon=None, lat=None, place_id=None))
        found, total = store.query_events(EventQuery(within=zone))
        assert {e.id for e in found} == {inside.id, edge.id} and total == 2
        page, total = store.query_events(EventQuery(within=zone, limit=1, offset=1))
        assert total == 2 and len(page) == 1
        ring = {"type": "Polygon", "coordinates": [
            zone["coordinates"][0], [[37.1, 36.1], [37.1, 36.3], [37.3, 36.3], [37.3, 36.1],
                                     [37.1, 36.1]]]}
        found, _ = store.query_events(EventQuery(within=ring))  # the hole leaves out `inside`
        assert {e.id for e in found} == {edge.id}
        found, _ = store.query_events(EventQuery(within=zone, bbox=(37.4, 36.0, 38, 37)))
        assert {e.id for e in found} == {edge.id}

    def test_event_span_runs_from_the_first_day_to_the_last_end(self, store: Store) -> None:
        assert store.event_span(EventQuery()) is None
        zone = square(37.0, 36.0, 0.5)
        self.add(store, ev(date(2016, 12, 3), lon=37.2, lat=36.2, place_id="a"),
                 ev(date(2016, 11, 15), date_end=date(2016, 12, 11), tally=True,
                    lon=37.6, lat=36.2, place_id="b"),
                 ev(date(2016, 12, 5), lon=37.3, lat=36.3, place_id="c"))
        everything = (date(2016, 11, 15), date(2016, 12, 11))
        assert store.event_span(EventQuery(limit=1)) == everything
        assert store.event_span(EventQuery(within=zone)) == (date(2016, 12, 3),
                                                              date(2016, 12, 5))
        assert store.event_span(EventQuery(start=date(2017, 1, 1))) is None

    # -- updates ---------------------------------------------------------------------------

    def test_event_points_are_the_located_matches(self, store: Store) -> None:
        evs = [ev(date(2016, 12, d), lon=37.0 + d / 100, lat=36.2, place_id=f"p{d}",
                  fatalities=d if d % 2 else None, tally=d == 3) for d in range(1, 8)]
        self.add(store, *evs, ev(date(2016, 12, 4), lat=None, lon=None, place_id=None))
        query = EventQuery(start=date(2016, 12, 2), end=date(2016, 12, 6))
        events, _ = store.query_events(query)
        points = store.event_points(query)
        located = [e for e in events if e.lat is not None]
        assert [p.id for p in points] == [e.id for e in located] and len(located) == 5
        for p, e in zip(points, located, strict=True):
            assert (p.lon, p.lat, p.sub_event_type, p.fatalities, p.tally, p.event_date) == (
                e.lon, e.lat, e.sub_event_type, e.fatalities, e.tally, e.event_date)
        square = {"type": "Polygon", "coordinates": [[[37.015, 36.0], [37.045, 36.0],
                                                      [37.045, 36.4], [37.015, 36.4],
                                                      [37.015, 36.0]]]}
        inside = store.event_points(EventQuery(within=square, limit=2))
        assert [p.event_date.day for p in inside] == [2, 3]

    # -- map clusters ----------------------------------------------------------------------

    @FIXTURE_OK
    @given(points=st.lists(lonlats, min_size=1, max_size=10), level=st.integers(0, 24),
           data=st.data())
    def test_clusters_hold_exactly_the_events_of_their_cells(
            self, store: Store, points: list[tuple[float, float]], level: int,
            data: st.DataObject) -> None:
        points = points + points[:2]  # events at one spot
        evs = [ev(lon=lon, lat=lat, place_id=None, tally=data.draw(st.booleans()),
                  status=data.draw(st.sampled_from(("extracted", "verified", "rejected"))),
                  sub_event_type=data.draw(st.sampled_from(EVENT_TYPES["Battles"])))
               for lon, lat in points]
        evs.append(ev(lon=None, lat=None, place_id=None))  # never on a map
        result = store.add_report(report(), evs)
        q = EventQuery(report_ids=[result.report_id], status=("extracted", "verified"))
        cells = store.event_cells(q, level)
        located = store.event_points(q)
        assert sum(c.size for c in cells) == len(located)
        assert len({(c.cell, c.tally) for c in cells}) == len(cells)
        for c in cells:
            members = [p for p in store.event_points(dataclasses.replace(q, tile=c.cell))
                       if p.tally == c.tally]
            assert len(members) == c.size > 0 and c.cell.z == level
            assert all(tile_of(p.lon, p.lat, level) == c.cell for p in members)
            lons, lats = [p.lon for p in members], [p.lat for p in members]
            assert (c.west, c.south, c.east, c.north) == (min(lons), min(lats), max(lons),
                                                          max(lats))
            assert c.lon == pytest.approx(sum(lons) / len(lons), abs=1e-9)
            assert c.lat == pytest.approx(sum(lats) / len(lats), abs=1e-9)
            assert c.point == (members[0] if c.size == 1 else None)
            assert c.sub_event_types == tuple(sorted({p.sub_event_type for p in members}))

    def test_clusters_follow_every_filter(self, store: Store) -> None:
        aleppo = [ev(date(2016, 12, d), lon=37.1 + d / 1000, lat=36.2, place_id=f"a{d}",
                     tally=d == 9) for d in range(1, 10)]
        palmyra = [ev(date(2016, 11, d), lon=38.27, lat=34.55, place_id=f"p{d}",
                      sub_event_type="Air/drone strike",
                      event_type="Explosions/Remote violence") for d in range(1, 4)]
        self.add(store, *aleppo, *palmyra)
        zone = square(37.0, 36.0, 0.5)
        for q in (EventQuery(), EventQuery(start=date(2016, 12, 3), end=date(2016, 12, 6)),
                  EventQuery(sub_event_types=["Air/drone strike"]), EventQuery(within=zone),
                  EventQuery(bbox=(37.0, 36.0, 37.104, 37.0)),
                  EventQuery(tile=tuple(tile_of(37.1, 36.2, 6)))):
            cells = store.event_cells(q, 6)
            points = store.event_points(q)
            assert sum(c.size for c in cells) == len(points), q
            assert {p.id for c in cells if c.point for p in [c.point]} <= {p.id for p in points}
        (tally,) = [c for c in store.event_cells(EventQuery(within=zone), 6) if c.tally]
        assert tally.size == 1 and tally.point is not None
        assert tally.point.event_date == date(2016, 12, 9)
        by_zoom = {z: len(store.event_cells(EventQuery(), z)) for z in (4, 10, 20)}
        # zoom 4: one cell (and its tally); 10: Aleppo, Palmyra, the tally; 20: every spot
        assert by_zoom == {4: 2, 10: 3, 20: 10}
        with pytest.raises(InvalidQuery):
            store.event_cells(EventQuery(), 25)

    def test_a_tile_holds_its_west_and_north_edges(self, store: Store) -> None:
        inside, west, east = self.add(store, ev(lon=0.5, lat=-0.5, place_id=None),
                                      ev(lon=0.0, lat=-0.5, place_id=None),
                                      ev(lon=45.0, lat=-0.5, place_id=None))
        tile = tile_of(0.5, -0.5, 3)
        assert tile == (3, 4, 4)
        found = store.event_points(EventQuery(tile=tile))
        assert {p.id for p in found} == {inside.id, west.id}
        assert store.query_events(EventQuery(tile=(3, 5, 4)))[0] == [east]

    def test_extent_of_the_events(self, store: Store) -> None:
        assert store.event_extent(EventQuery()) is None
        self.add(store, ev(date(2016, 12, 3), lon=37.2, lat=36.2, place_id="a"),
                 ev(date(2016, 11, 15), date_end=date(2016, 12, 11), tally=True,
                    lon=37.6, lat=36.1, place_id="b"),
                 ev(date(2016, 12, 20), lon=None, lat=None, place_id="c"))
        extent = store.event_extent(EventQuery())
        assert extent == (date(2016, 11, 15), date(2016, 12, 20), (37.2, 36.1, 37.6, 36.2), 2)
        assert store.event_extent(EventQuery(within=square(37.0, 36.0, 0.5))) == (
            date(2016, 12, 3), date(2016, 12, 3), (37.2, 36.2, 37.2, 36.2), 1)
        assert store.event_extent(EventQuery(start=date(2016, 12, 15))) == (
            date(2016, 12, 20), date(2016, 12, 20), None, 0)
        assert store.event_extent(EventQuery(start=date(2017, 1, 1))) is None

    def test_optimize_changes_no_answer(self, store: Store) -> None:
        rng = random.Random(3)
        self.add(store, *(ev(DAY0 + timedelta(days=rng.randrange(-300, 300)), place_id=None,
                             lon=rng.uniform(35.0, 43.0), lat=rng.uniform(32.0, 38.0),
                             status=rng.choice(("extracted", "verified", "rejected")),
                             tally=i % 17 == 0) for i in range(300)))
        queries = [EventQuery(bbox=(36.0, 33.0, 39.0, 36.5), start=DAY0, limit=20, offset=3),
                   EventQuery(bbox=(36.0, 33.0, 39.0, 36.5), status=["rejected"]),
                   EventQuery(start=DAY0 - timedelta(days=30), end=DAY0),
                   EventQuery(tile=tile_of(37.0, 34.0, 5), status=["verified"])]
        before = [store.query_events(q) for q in queries]
        cells = store.event_cells(EventQuery(), 8)
        store.optimize()
        assert [store.query_events(q) for q in queries] == before
        assert store.event_cells(EventQuery(), 8) == cells
        assert store.integrity_check() == []

    #: queries whose pages of one are counted (a box alone, with dates and statuses, with a
    #: type; no box), and their second pages
    _COUNTED = [EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), limit=1),
                EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), start=DAY0,
                           end=DAY0 + timedelta(days=10), status=("extracted", "verified"),
                           background=False, limit=1),
                EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), event_types=("Battles",), limit=1),
                EventQuery(status=("extracted", "verified"), limit=1)]

    def assert_counts_fresh(self, store: Store) -> None:
        """Every page of _COUNTED, asked twice of ``store`` (which remembers its counts),
        says as many matches as a store that never counted, and as it lists."""
        fresh = self.make_store()
        try:
            for q in self._COUNTED:
                listed = len(fresh.query_events(dataclasses.replace(q, limit=None))[0])
                for page in (q, dataclasses.replace(q, offset=1), q):
                    assert store.query_features(page)[1] == listed, page
                    assert store.query_records(page)[1] == listed, page
                    assert fresh.query_events(page)[1] == listed, page
        finally:
            fresh.close()

    def test_counts_follow_every_write(self, store: Store) -> None:
        """A page's count of all matches is remembered while the store is unchanged: after
        an insert, a merge, its undoing, updates (out of the box, rejected), an import
        that revises and adds, and an optimisation, every count is a fresh one."""
        first = self.add(store, ev(lon=37.1, lat=36.1), ev(DAY0 + timedelta(days=3),
                                                            lon=37.2, lat=36.2, place_id=None),
                         ev(DAY0 + timedelta(days=30), lon=37.3, lat=36.3, place_id=None,
                            event_type="Protests", sub_event_type="Peaceful protest"))
        self.assert_counts_fresh(store)
        merged = store.add_report(report("b"), [ev(DAY0 + timedelta(days=1), lon=37.1,
                                                   lat=36.1),
                                                ev(lon=37.4, lat=36.4, place_id=None)])
        assert merged.merged == [first[0].id]
        self.assert_counts_fresh(store)
        assert first[0].id is not None and first[1].id is not None
        store.unmerge(first[0].id, merged.report_id, who="editor")
        self.assert_counts_fresh(store)
        store.update_event(first[1].id, {"lon": 38.5}, who="editor")  # out of the box
        self.assert_counts_fresh(store)
        store.update_event(first[2].id, {"status": "rejected"}, who="editor")
        self.assert_counts_fresh(store)
        rows = [ev(DAY0 + timedelta(days=i % 12), lon=37.0 + i / 100, lat=36.0 + i / 100,
                   place_id=None, id=f"ACLED{i}") for i in range(40)]
        store.add_report(report("import"), rows)
        self.assert_counts_fresh(store)
        store.add_report(report("again"), [dataclasses.replace(r, lon=r.lon + 1)
                                           for r in rows[:25]] + [ev(place_id=None, id="new")])
        self.assert_counts_fresh(store)
        store.optimize()
        self.assert_counts_fresh(store)

    def test_counts_are_of_the_state_the_change_counter_names(self, store: Store) -> None:
        """What shows that counts are remembered, and by what: a change made behind the
        store's back (the counter left as it was) is not counted; once the counter moves,
        it is."""
        assert isinstance(store, SQLStore)
        self.add(store, *(ev(DAY0 + timedelta(days=i), lon=37.1, lat=36.1, place_id=None,
                             status="rejected" if i else "extracted") for i in range(5)))
        asked = [self._COUNTED[1], self._COUNTED[3]]  # those of the statuses not rejected
        for q in asked:
            assert store.query_features(q)[1] == 1
        events, changes = store.tables.events, store.tables.changes
        with store.engine.begin() as conn:  # not through the store: no count of the change
            conn.execute(update(events).values(status="verified"))
        for q in asked:
            assert store.query_features(q)[1] == 1
            assert store.query_features(dataclasses.replace(q, offset=3))[1] == 1
        with store.engine.begin() as conn:
            conn.execute(update(changes).values(counter=changes.c.counter + 1))
        for q in asked:
            assert store.query_features(q)[1] == 5

    def test_every_write_counts(self, store: Store) -> None:
        counted = store.change_counter()
        stored = self.add(store, ev())[0]
        assert stored.id is not None
        assert store.change_counter() == counted + 1
        store.update_event(stored.id, {"status": "verified"}, who="desk")
        zone = ControlZone(faction="rebels", geometry=square(37.0, 36.0, 0.5),
                           valid_from=DAY0)
        (zone_id,) = store.add_zones([zone])
        store.delete_zones([zone_id])
        store.put_actor(Actor(id="sdf", name="SDF"))
        assert store.change_counter() == counted + 5
        with pytest.raises(InvalidData):
            store.update_event(stored.id, {"status": "bogus"}, who="desk")
        store.query_events(EventQuery())
        store.event_cells(EventQuery(), 5)
        assert store.change_counter() == counted + 5  # neither a refusal nor a read counts

    def test_update_event_writes_and_audits(self, store: Store) -> None:
        stored = self.add(store, ev(fatalities=3))[0]
        assert stored.id is not None
        changed = store.update_event(stored.id, {"status": "verified", "fatalities": 4,
                                                 "location": stored.location}, who="desk:amina")
        assert changed == dataclasses.replace(stored, status="verified", fatalities=4)
        assert store.get_event(stored.id) == changed
        trail = store.audit_trail(stored.id)
        assert [(t.field, t.old, t.new, t.who) for t in trail] == [
            ("fatalities", 3, 4, "desk:amina"), ("status", "extracted", "verified", "desk:amina")]
        store.update_event(stored.id, {"event_date": "2016-12-10"}, who="desk:amina")
        assert store.get_event(stored.id).event_date == date(2016, 12, 10)
        last = store.audit_trail(stored.id)[-1]
        assert (last.field, last.old, last.new) == ("event_date", "2016-12-11", "2016-12-10")

    def test_update_moves_the_event_in_spatial_queries(self, store: Store) -> None:
        stored = self.add(store, ev(lon=37.16, lat=36.2))[0]
        assert stored.id is not None
        aleppo, palmyra = (37.0, 36.0, 37.5, 36.5), (38.0, 34.3, 38.5, 34.8)
        store.update_event(stored.id, {"lon": 38.27, "lat": 34.55}, who="desk")
        assert store.query_events(EventQuery(bbox=aleppo))[1] == 0
        assert store.query_events(EventQuery(bbox=palmyra))[1] == 1
        store.update_event(stored.id, {"lon": None, "lat": None}, who="desk")
        assert store.query_events(EventQuery(bbox=palmyra))[1] == 0
        store.update_event(stored.id, {"lon": 37.2, "lat": 36.2,
                                       "date_end": DAY0 + timedelta(days=9)}, who="desk")
        q = EventQuery(bbox=aleppo, start=DAY0 + timedelta(days=5), end=DAY0 + timedelta(days=5))
        assert store.query_events(q)[1] == 1
        assert store.integrity_check() == []

    @pytest.mark.parametrize("changes", [
        {"status": "bogus"}, {"date_end": DAY0 - timedelta(days=1)}, {"fatalities": "3"},
        {"id": "other"}, {"sources": []}, {"colour": "red"}, {"lat": 91.0, "lon": 0.0},
        {"lat": 10.0}, {"event_date": "yesterday"}, {"sub_event_type": "Peaceful protest"},
        {"status": "verified", "confidence": 2.0},
    ])
    def test_an_invalid_update_changes_nothing(self, store: Store,
                                               changes: dict[str, Any]) -> None:
        stored = self.add(store, ev(lat=None, lon=None))[0]
        assert stored.id is not None
        before = snapshot(store)
        with pytest.raises(InvalidData):
            store.update_event(stored.id, changes, who="desk")
        assert snapshot(store) == before

    def test_update_needs_someone(self, store: Store) -> None:
        stored = self.add(store, ev())[0]
        assert stored.id is not None
        with pytest.raises(InvalidData):
            store.update_event(stored.id, {"status": "verified"}, who=" ")

    # -- zones, places, actors -------------------------------------------------------------

    def test_zones_valid_at(self, store: Store) -> None:
        rebels = ControlZone("Rebels", square(37.1, 36.1, 0.2), date(2016, 7, 1),
                             date(2016, 11, 28), source="demo", note="East Aleppo")
        later = ControlZone("Rebels", square(37.15, 36.15, 0.1), date(2016, 11, 28),
                            date(2016, 12, 22))
        regime = ControlZone("Government", square(37.0, 36.1, 0.1), date(2016, 1, 1))
        ids = store.add_zones([rebels, later, regime])
        assert len(set(ids)) == 3
        assert store.zones_valid_at(date(2016, 11, 27)) == [
            dataclasses.replace(regime, id=ids[2]), dataclasses.replace(rebels, id=ids[0])]
        assert [z.id for z in store.zones_valid_at(date(2016, 11, 28))] == [ids[2], ids[1]]
        assert [z.id for z in store.zones_valid_at(date(2016, 12, 22))] == [ids[2]]
        assert store.zones_valid_at(date(2015, 1, 1)) == []
        assert {z.id for z in store.query_zones(start=date(2016, 11, 1),
                                                end=date(2016, 11, 30))} == set(ids)
        assert [z.id for z in store.query_zones(factions=["Rebels"], at=date(2016, 12, 1))] == [
            ids[1]]
        assert {z.id for z in store.query_zones(bbox=(37.05, 36.0, 37.12, 36.12))} == {
            ids[0], ids[2]}
        assert store.query_zones(bbox=(37.3, 36.5, 37.4, 36.6)) == []

    def test_zones_delete_and_replace(self, store: Store) -> None:
        a, b = store.add_zones([ControlZone("EI", square(38.2, 34.5, 0.1), date(2016, 12, 10)),
                                ControlZone("EI", square(38.3, 34.5, 0.1), date(2016, 12, 10))])
        (c,) = store.add_zones([ControlZone("Government", square(38.2, 34.5, 0.1),
                                            date(2016, 12, 11))], replace=[a])
        assert {z.id for z in store.query_zones()} == {b, c}
        assert store.delete_zones([b, "nope"]) == 1
        assert [z.id for z in store.query_zones()] == [c]

    def test_an_invalid_zone_adds_none(self, store: Store) -> None:
        bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
        good = ControlZone("Rebels", square(37.1, 36.1, 0.2), date(2016, 7, 1))
        for bad in (bowtie, square(179.9, 0, 1), {"type": "Polygon", "coordinates": []}):
            with pytest.raises(InvalidData):
                store.add_zones([good, ControlZone("Rebels", bad, date(2016, 7, 1))])
        assert store.query_zones() == []

    def test_places_and_actors_round_trip(self, store: Store) -> None:
        place = Place(id="user:citadel", name="Citadel of Aleppo", kind="site", lat=36.1993,
                      lon=37.1628, country_code="SY", parent_id="geonames:170063",
                      source="desk", names=(Name("قلعة حلب", "ar"), Name("Citadelle d'Alep", "fr")),
                      geometry=square(37.16, 36.198, 0.004))
        assert store.add_place(place) == "user:citadel"
        got = store.get_place("user:citadel")
        assert got == place and got.geometry == place.geometry
        moved = dataclasses.replace(place, lat=36.2, geometry=None)
        store.add_place(moved)
        assert store.get_place("user:citadel").geometry is None
        assert store.list_places() == [moved]
        for names in ((("Alep\x00", "fr"),), (("Alep",),), (("Alep", 7),)):  # bad names
            with pytest.raises(InvalidData):
                store.add_place(dataclasses.replace(place, id="user:bad", names=names))
        assert store.list_places() == [moved]
        actor = Actor(id="ei", name="Islamic State",
                      aliases={"fr": ["EI", "Daech"], "en": ["ISIS"]}, colour="#000000")
        store.put_actor(actor)
        assert store.get_actor("ei") == actor and store.list_actors() == [actor]

    def test_actor_names_are_the_distinct_actors_of_the_events(self, store: Store) -> None:
        assert store.actor_names() == []
        self.add(store, ev(actor1="Islamic State", actor2=None),
                 ev(place_id="b", actor1="Rebels", actor2="Islamic State"),
                 ev(place_id="c", actor1="rebels", actor2=None))
        assert store.actor_names() == ["Islamic State", "Rebels", "rebels"]

    def test_integrity_check_after_a_day_of_work(self, store: Store) -> None:
        for i in range(5):
            self.add(store, ev(place_id=f"p{i}"), ev(place_id="shared", fatalities=i),
                     label=str(i))
        store.add_zones([ControlZone("Rebels", square(37.1, 36.1, 0.2), date(2016, 7, 1))])
        assert store.count_events() == 6 and store.count_reports() == 5
        assert store.integrity_check() == []
