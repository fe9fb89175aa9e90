"""The desk's part of the store contract (report summaries, story maps, editors' sessions, the
schema migration),
inherited by :class:`~tests.geomap.store.contract.StoreContract` so that it runs per engine."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text

from geomap.io.geojson import features_json, fill_location
from geomap.models import Event, Report
from geomap.store import DeskSession, EventQuery, InvalidData, InvalidQuery, NotFound, Store
from geomap.store.schema import SCHEMA_VERSION
from geomap.store.sql import SQLStore
from geomap.stories import StoryMap

DAY = date(2016, 12, 11)


def _event(place: str, status: str = "extracted") -> Event:
    return Event(event_date=DAY, event_type="Battles", sub_event_type="Armed clash",
                 place_id=place, lat=36.2, lon=37.16, status=status)


def _story(**kw: Any) -> StoryMap:
    base: dict[str, Any] = {
        "slug": "aleppo-december", "title": "Aleppo, 11 December 2016",
        "description": "Verified events.", "filters": {"status": "verified", "to": "2016-12-11"},
        "as_of": DAY, "view": {"lat": 36.2, "lon": 37.15, "zoom": 12},
        "layers": ("zones", "events"), "alt_text": "Map of 2 events.",
        "snapshot": {"events": [{"id": "e1", "name": "Alep-Est ﺣﻠﺐ"}], "zones": []}}
    base.update(kw)
    return StoryMap(**base)


def _session(sid: str, *, key: str = "k1", who: str = "alice",
             hours: float = 12) -> DeskSession:
    now = datetime.now(UTC)
    return DeskSession(id=sid, who=who, key=key, created_at=now,
                       expires_at=now + timedelta(hours=hours))


class DeskContract:
    """Report summaries and story maps; subclasses provide the ``store`` fixture."""

    def make_store(self) -> Store:  # provided by the engine's class
        raise NotImplementedError

    # -- report summaries ------------------------------------------------------------------

    def test_report_summaries_newest_first_with_counts(self, store: Store) -> None:
        first = store.add_report(Report(text="First report text.", published=DAY,
                                        title="One"), [_event("a"), _event("b", "verified")])
        time.sleep(0.01)
        second = store.add_report(Report(text="Second  report\ntext " + "x" * 300,
                                         published=DAY), [_event("c", "rejected")])
        time.sleep(0.01)
        store.add_report(Report(text="Third, no events.", published=DAY), [])
        page, total = store.report_summaries()
        assert total == 3 and [s.excerpt[:5] for s in page] == ["Third", "Secon", "First"]
        by_id = {s.id: s for s in page}
        assert by_id[first.report_id].counts == {"extracted": 1, "verified": 1}
        assert by_id[first.report_id].title == "One"
        assert by_id[second.report_id].counts == {"rejected": 1}
        assert by_id[second.report_id].excerpt.startswith("Second report text xxx")
        queue, n = store.report_summaries(status="extracted")
        assert n == 1 and [s.id for s in queue] == [first.report_id]
        paged, n = store.report_summaries(limit=1, offset=1)
        assert n == 3 and [s.id for s in paged] == [second.report_id]
        with pytest.raises(InvalidQuery):
            store.report_summaries(status="pending")

    def test_a_merged_event_counts_for_each_report(self, store: Store) -> None:
        store.add_report(Report(text="One.", published=DAY), [_event("same")])
        store.add_report(Report(text="Two.", published=DAY), [_event("same")])
        page, _ = store.report_summaries()
        assert [s.counts for s in page] == [{"extracted": 1}, {"extracted": 1}]

    # -- story maps ------------------------------------------------------------------------

    def test_publish_then_get_is_the_identity(self, store: Store) -> None:
        published = store.publish_story(_story(), who="alice")
        assert published.version == 1 and published.published_by == "alice"
        assert published.published_at is not None
        got = store.get_story("aleppo-december")
        assert got == published
        assert got.settings() == _story().settings() and got.snapshot == _story().snapshot

    def test_republishing_makes_versions(self, store: Store) -> None:
        store.publish_story(_story(), who="alice")
        changed = _story(snapshot={"events": [], "zones": []}, title="Corrected")
        v2 = store.publish_story(changed, who="bob")
        assert v2.version == 2 and store.get_story("aleppo-december").title == "Corrected"
        assert store.get_story("aleppo-december", version=1).snapshot == _story().snapshot
        assert [(i.version, i.published_by) for i in store.story_versions("aleppo-december")] \
            == [(1, "alice"), (2, "bob")]
        assert [(i.slug, i.version) for i in store.list_stories()] == [("aleppo-december", 2)]

    def test_the_same_story_twice_adds_no_version(self, store: Store) -> None:
        one = store.publish_story(_story(), who="alice")
        again = store.publish_story(_story(), who="bob")
        assert again == one and len(store.story_versions("aleppo-december")) == 1

    def test_stories_are_listed_most_recent_first(self, store: Store) -> None:
        store.publish_story(_story(slug="older"), who="a")
        time.sleep(0.01)
        store.publish_story(_story(slug="newer"), who="a")
        time.sleep(0.01)
        store.publish_story(_story(slug="older", title="Updated"), who="a")
        assert [i.slug for i in store.list_stories()] == ["older", "newer"]

    def test_unknown_stories_and_versions_are_not_found(self, store: Store) -> None:
        with pytest.raises(NotFound):
            store.get_story("nothing-here")
        store.publish_story(_story(), who="alice")
        with pytest.raises(NotFound):
            store.get_story("aleppo-december", version=2)
        assert store.story_versions("nothing-here") == []

    def test_an_invalid_publication_writes_nothing(self, store: Store) -> None:
        with pytest.raises(InvalidData):
            store.publish_story(_story(), who=" ")
        with pytest.raises(InvalidData):
            store.publish_story(_story(snapshot={"x": float("nan")}), who="alice")
        assert store.list_stories() == []

    @pytest.mark.parametrize("bad", [{"slug": "Not A Slug"}, {"slug": "snippet"},
                                     {"slug": "a--b"}, {"title": " "},
                                     {"layers": ("satellite",)}, {"filters": {"x": "1"}},
                                     {"view": {"lat": 100, "lon": 0, "zoom": 3}}])
    def test_invalid_story_maps_are_refused(self, bad: dict[str, Any]) -> None:
        with pytest.raises(ValueError):
            _story(**bad)

    def test_a_story_does_not_move_when_its_events_do(self, store: Store) -> None:
        result = store.add_report(Report(text="Pinned.", published=DAY), [_event("p")])
        event = store.get_event(result.event_ids[0])
        snapshot = {"events": [{"id": event.id, "lat": event.lat}]}
        store.publish_story(_story(snapshot=snapshot), who="alice")
        assert event.id is not None
        store.update_event(event.id, {"lat": 35.0, "status": "rejected"}, who="bob")
        store.add_report(Report(text="Later.", published=DAY), [_event("q")])
        assert store.get_story("aleppo-december").snapshot == snapshot

    # -- schema ----------------------------------------------------------------------------

    def test_a_version_1_database_is_migrated(self, store: Store) -> None:
        assert isinstance(store, SQLStore)
        store.add_report(Report(text="Kept across the migration.", published=DAY),
                         [_event("m")])
        t = store.tables
        with store.engine.begin() as conn:  # what a version-1 database looked like
            t.desk_sessions.drop(conn)
            t.story_versions.drop(conn)
            t.story_maps.drop(conn)
            if conn.dialect.name == "sqlite":  # the R*Tree of version 6 is built again
                for trigger in ("events_rtree_insert", "events_rtree_update"):
                    conn.execute(text(f"DROP TRIGGER {trigger}"))
                for index in ("ix_events_near_lon", "ix_events_near_lat"):  # version 8's
                    conn.execute(text(f"DROP INDEX {index}"))
            t.merges.drop(conn)
            t.changes.drop(conn)
            for index in ("ix_events_origin", "ix_events_cell", "ix_events_tally"):
                conn.execute(text(f"DROP INDEX {index}"))
            for column in ("extra", "background", "claims", "origin", "cell", "feature"):
                conn.execute(text(f"ALTER TABLE events DROP COLUMN {column}"))
            conn.execute(delete(t.schema_version))
            conn.execute(insert(t.schema_version).values(version=1, applied_at=datetime.now(UTC)))
        with self.make_store() as old:
            assert old.init() == SCHEMA_VERSION
            assert old.count_reports() == 1
            (kept,), _ = old.query_events(EventQuery())
            assert (kept.extra, kept.background, kept.claims, kept.origin) == (
                {}, False, [], "report")
            # the event has its cell: it is counted in the map's clusters
            (cell,) = old.event_cells(EventQuery(), 8)
            assert cell.size == 1 and cell.point is not None and cell.point.id == kept.id
            counted = old.change_counter()
            assert old.publish_story(_story(), who="alice").version == 1
            assert old.change_counter() == counted + 1
            old.open_session(_session("s1"))
            assert old.find_session("s1") is not None
            assert old.integrity_check() == []
            # the event has its Feature: the API's pages are written from it
            (feature,), _ = old.query_features(EventQuery())
            (record,), _ = old.query_records(EventQuery())
            assert json.loads(fill_location(feature.template, feature.location)) == json.loads(
                features_json([record]))[0]
        with store.engine.connect() as conn:
            versions = conn.execute(select(t.schema_version.c.version)).scalars().all()
        assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))

    # -- sessions --------------------------------------------------------------------------

    def test_a_session_is_found_until_it_ends(self, store: Store) -> None:
        store.open_session(_session("s1"))
        store.open_session(_session("s2", who="bob", key="k2"))
        found = store.find_session("s1")
        assert found is not None and (found.who, found.key) == ("alice", "k1")
        assert found.expires_at > datetime.now(UTC) + timedelta(hours=11)
        assert store.end_sessions(ids=["s1"]) == 1
        assert store.find_session("s1") is None
        assert store.find_session("s2") is not None
        assert store.end_sessions(ids=["s1"]) == 0

    def test_sessions_leave_the_change_counter_alone(self, store: Store) -> None:
        """A sign-in changes nothing a map or the API shows: their cached answers stand."""
        counted = store.change_counter()
        store.open_session(_session("s1"))
        store.end_sessions(ids=["s1"])
        assert store.change_counter() == counted
        store.publish_story(_story(), who="alice")
        assert store.change_counter() == counted + 1

    def test_an_expired_session_is_not_found_and_is_forgotten(self, store: Store) -> None:
        store.open_session(_session("old", hours=-1))
        assert store.find_session("old") is None
        store.open_session(_session("new"))  # opening one forgets the expired
        assert store.end_sessions(ids=["old"]) == 0

    def test_sessions_end_by_token(self, store: Store) -> None:
        for sid, key in (("a", "k1"), ("b", "k1"), ("c", "k2"), ("d", "k3")):
            store.open_session(_session(sid, key=key))
        assert store.end_sessions(keys=["k1"]) == 2
        assert store.end_sessions(keys_except=["k2"]) == 1  # k3's: its token was removed
        assert [store.find_session(s) is not None for s in "abcd"] == [False, False, True,
                                                                       False]
        assert store.end_sessions() == 0  # nothing named, nothing ended

    @pytest.mark.parametrize("change", [{"id": ""}, {"who": " "}, {"key": "k" * 65},
                                        {"expires_at": datetime(2030, 1, 1)}])
    def test_an_invalid_session_is_refused(self, store: Store, change: dict[str, Any]) -> None:
        with pytest.raises(InvalidData):
            store.open_session(dataclasses.replace(_session("s"), **change))
        with pytest.raises(InvalidData):
            store.open_session(_session("s"))
            store.open_session(_session("s"))
        assert store.find_session("x" * 1000) is None
