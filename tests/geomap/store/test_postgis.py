"""The store contract on PostgreSQL + PostGIS (needs GEOMAP_TEST_POSTGIS_URL; see conftest)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert, text

from geomap.store import EventQuery, Store, open_store, store_class
from geomap.store.postgis import PostGISStore, normalise_url
from geomap.store.tiles import tile_of

from .contract import StoreContract, ev, report


@pytest.mark.postgis
class TestPostGISStore(StoreContract):
    @pytest.fixture(autouse=True)
    def _database(self, postgis_schema_url: str) -> None:
        self.url = postgis_schema_url

    def make_store(self) -> Store:
        return open_store(self.url)

    def test_geometry_columns_and_gist_indexes(self, store: Store) -> None:
        assert isinstance(store, PostGISStore)
        store.add_report(report(), [ev()])
        with store.engine.connect() as conn:
            kinds: dict[str, str] = dict(conn.execute(text(
                "SELECT f_table_name || '.' || f_geometry_column, type || ':' || srid "
                "FROM geometry_columns WHERE f_table_schema = current_schema()")).all())
            gist = conn.execute(text(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexdef ILIKE '%USING gist (geom)%'")).scalar_one()
            x, y = conn.execute(text("SELECT ST_X(geom), ST_Y(geom) FROM events")).one()
        assert kinds == {"events.geom": "POINT:4326", "zones.geom": "MULTIPOLYGON:4326",
                         "places.geom": "MULTIPOLYGON:4326"}
        assert gist == 3 and (x, y) == (37.16, 36.2)


def test_urls_select_psycopg3() -> None:
    assert store_class("postgresql://u@h/db") is PostGISStore
    assert store_class("postgis://u@h/db") is PostGISStore
    assert normalise_url("postgis://u:pw@h:5433/db") == "postgresql+psycopg://u:pw@h:5433/db"
    assert normalise_url("postgresql+psycopg2://h/db").startswith("postgresql+psycopg://")


@contextmanager
def _statements(store: PostGISStore) -> Iterator[list[tuple[str, Any]]]:
    """The SQL the store sends, with its parameters, while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _plan(store: PostGISStore, statement: str, parameters: Any) -> str:
    with store.engine.connect() as conn:
        cursor = conn.connection.cursor()
        cursor.execute("EXPLAIN " + statement, parameters)
        return "\n".join(r[0] for r in cursor.fetchall())


@pytest.mark.postgis
def test_the_api_and_the_maps_read_through_their_indexes(postgis_schema_url: str) -> None:
    """20,000 events over Syria's decade, the statistics taken (Store.optimize): the
    planner, free to choose, reads a box-and-year page through the GiST index and a data
    tile's clusters through ix_events_cell, as it would over a million."""
    rng = random.Random(5)
    store = open_store(postgis_schema_url)
    assert isinstance(store, PostGISStore)
    store.init()
    rid = store.add_report(report(), []).report_id
    rows = [store._event_row(dataclasses.replace(  # noqa: SLF001 - a bulk load, as a bench does
        ev(date(2011, 1, 1) + timedelta(days=rng.randrange(3650)), place_id=None,
           lon=rng.uniform(35.7, 42.4), lat=rng.uniform(32.3, 37.3)),
        id=f"g{i}", report_id=rid, sources=[rid])) for i in range(20_000)]
    with store.engine.begin() as conn:
        conn.execute(insert(store.tables.events), rows)
    store.optimize()
    page = EventQuery(bbox=(36.5, 35.5, 38.5, 37.0), start=date(2016, 1, 1),
                      end=date(2016, 12, 31), status=("extracted", "verified"), limit=500)
    with _statements(store) as seen:
        records, matched = store.query_records(page)
    assert 0 < len(records) <= 500 and matched > 100
    plans = [_plan(store, sql, params) for sql, params in seen if "ORDER BY" in sql
             or "count(*)" in sql]
    assert plans and all("idx_events_geom" in plan for plan in plans), plans
    assert not any("Seq Scan on events" in plan for plan in plans), plans
    tile = tile_of(37.16, 36.2, 8)  # one of some 24 data tiles over Syria, cells of 12
    with _statements(store) as seen:
        cells = store.event_cells(dataclasses.replace(page, bbox=None, start=None, end=None,
                                                      limit=None, tile=tile), 12)
    assert sum(c.size for c in cells) == sum(
        1 for r in rows if tile_of(r["lon"], r["lat"], 8) == tile) > 100
    (grouping,) = [_plan(store, sql, params) for sql, params in seen if "GROUP BY" in sql]
    assert "ix_events_cell" in grouping, grouping
    store.close()
