"""The store contract on SQLite, and what is SQLite's own: WAL, R*Tree, the default file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

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
