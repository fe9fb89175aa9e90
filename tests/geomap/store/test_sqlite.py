"""The store contract on SQLite, and what is SQLite's own: WAL, R*Tree, the default file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from geomap.models import Event
from geomap.store import EventQuery, Store, StoreError, open_store, store_class
from geomap.store.sqlite import SQLiteStore

from .contract import StoreContract, ev, report


class TestSQLiteStore(StoreContract):
    @pytest.fixture(autouse=True)
    def _database(self, tmp_path: Path) -> None:
        self.url = f"sqlite:///{tmp_path / 'geomap.db'}"

    def make_store(self) -> Store:
        return open_store(self.url)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> SQLiteStore:
    store = open_store(f"sqlite:///{tmp_path / 'geomap.db'}")
    assert isinstance(store, SQLiteStore)
    return store


def test_wal_mode_and_foreign_keys(sqlite_store: SQLiteStore) -> None:
    sqlite_store.init()
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_rtree_follows_the_events(sqlite_store: SQLiteStore) -> None:
    result = sqlite_store.add_report(report(), [ev(place_id="a"), ev(place_id="b", lat=None,
                                                                      lon=None)])
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM event_rtree").scalar() == 1
    sqlite_store.update_event(result.event_ids[1], {"lat": 1.0, "lon": 2.0}, who="t")
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM event_rtree").scalar() == 2


def test_integrity_check_finds_an_rtree_out_of_step(sqlite_store: SQLiteStore) -> None:
    sqlite_store.add_report(report(), [ev()])
    with sqlite_store.engine.begin() as conn:
        conn.execute(text("DELETE FROM event_rtree"))
    problems = sqlite_store.integrity_check()
    assert any("event_rtree holds 0 entries for 1 rows" in p for p in problems)


def test_bbox_and_dates_use_the_rtree(sqlite_store: SQLiteStore) -> None:
    """The query plan searches the R*Tree (so it does not scan the events)."""
    sqlite_store.init()
    ev_t = sqlite_store.tables.events
    q = EventQuery(bbox=(37, 36, 38, 37), start=ev().event_date, end=ev().event_date)
    sql = select(ev_t.c.id).where(*sqlite_store._conditions(q)).compile(
        sqlite_store.engine, compile_kwargs={"literal_binds": True})
    with sqlite_store.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "event_rtree VIRTUAL TABLE INDEX" in plan


def test_open_store_picks_the_engine_by_scheme(tmp_path: Path) -> None:
    assert store_class("sqlite:///x.db") is SQLiteStore
    with pytest.raises(StoreError, match="no store for 'mysql'"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")


def test_default_store_is_var_geomap_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEOMAP_DATABASE_URL", raising=False)
    with open_store() as store:
        assert store.count_events() == 0
    assert (tmp_path / "var" / "geomap.db").is_file()
    monkeypatch.setenv("GEOMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    with open_store() as store:
        store.init()
    assert (tmp_path / "other.db").is_file()


def test_a_locked_database_is_a_store_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'geomap.db'}"
    holder = open_store(url)
    holder.init()
    assert isinstance(holder, SQLiteStore)
    waiting = SQLiteStore(url, timeout=0.05)
    with holder.engine.connect() as conn:
        conn.execution_options(geomap_write=True)
        with conn.begin():
            with pytest.raises(StoreError, match="locked"):
                waiting.add_report(report(), [ev()])
    assert waiting.count_reports() == 0


def _schema_objects(store: SQLiteStore) -> set[str]:
    with store.engine.connect() as conn:
        return {name for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}


def test_a_bulk_report_indexes_its_events_at_its_end(sqlite_store: SQLiteStore,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A report of BULK_ROWS new events or more fills the R*Tree and builds the edge
    indexes after its rows: the store answers as if they had been indexed row by row."""
    import random
    from datetime import timedelta

    from geomap.store import sqlite as engine

    from .contract import in_bbox, overlaps
    from .strategies import DAY0

    monkeypatch.setattr(engine, "BULK_ROWS", 100)
    rng = random.Random(5)

    def some(n: int) -> list[Event]:
        return [ev(DAY0 + timedelta(days=rng.randrange(60)), place_id=None,
                   lon=rng.uniform(35.0, 43.0), lat=rng.uniform(32.0, 38.0))
                for _ in range(n)] + [ev(place_id=None, lat=None, lon=None)]

    sqlite_store.add_report(report("stored"), some(150))  # in bulk: the edges built anew
    objects = _schema_objects(sqlite_store)
    assert {"events_rtree_insert", "ix_events_near_lon", "ix_events_near_lat"} <= objects
    sqlite_store.add_report(report("fewer than stored"), some(120))  # the edges kept
    sqlite_store.add_report(report("one by one"), some(20))
    assert _schema_objects(sqlite_store) == objects
    assert sqlite_store.integrity_check() == []
    everything, _ = sqlite_store.query_events(EventQuery())
    assert len(everything) == 293
    for _ in range(20):
        lon, lat = rng.uniform(35.0, 41.0), rng.uniform(32.0, 36.0)
        box = (lon, lat, lon + 2.0, lat + 2.0)
        start = DAY0 + timedelta(days=rng.randrange(40))
        q = EventQuery(bbox=box, start=start, end=start + timedelta(days=10), limit=7)
        found, matched = sqlite_store.query_events(q)
        expected = sorted((e for e in everything if e.lon is not None and e.lat is not None
                           and in_bbox(e.lon, e.lat, box) and overlaps(e, q.start, q.end)),
                          key=lambda e: (e.event_date, e.id))
        assert matched == len(expected) and found == expected[:7]


def test_a_failed_bulk_report_leaves_the_indexes_as_they_were(
        sqlite_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.store import sqlite as engine

    monkeypatch.setattr(engine, "BULK_ROWS", 10)
    sqlite_store.add_report(report("stored"), [ev(place_id=None, lon=37.0 + i / 100)
                                               for i in range(12)])
    objects = _schema_objects(sqlite_store)

    def fail(done: int, total: int) -> None:
        if done > total // 2:  # while the rows are written
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        sqlite_store.add_report(report("bulk"), [ev(place_id=None, lon=38.0 + i / 100)
                                                 for i in range(30)], progress=fail)
    assert _schema_objects(sqlite_store) == objects
    assert sqlite_store.count_events() == 12 and sqlite_store.integrity_check() == []
    sqlite_store.add_report(report("after"), [ev(place_id=None, lon=39.5)])
    assert sqlite_store.query_events(EventQuery(bbox=(39.4, 36.0, 39.6, 36.4)))[1] == 1
