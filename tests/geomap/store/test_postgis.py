"""The store contract on PostgreSQL + PostGIS (needs GEOMAP_TEST_POSTGIS_URL; see conftest)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geomap.store import Store, open_store, store_class
from geomap.store.postgis import PostGISStore, normalise_url

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
