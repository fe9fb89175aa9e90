"""The scale-out engine: PostgreSQL with PostGIS (extra ``postgis``: GeoAlchemy2, psycopg 3).

Selected by a ``postgresql://``, ``postgresql+psycopg://`` or ``postgis://`` URL; the driver
is always psycopg 3. Points and polygons get ``geom`` columns (``geometry(Point, 4326)``,
``geometry(MultiPolygon, 4326)``) with GiST indexes; the exact values stay in ``lat``/``lon``
and the GeoJSON text, as in SQLite, so both engines give back the same records.
Writers of reports take a transaction-scoped advisory lock, so that two ingests cannot both
insert the same event instead of merging it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    and_,
    create_engine,
    distinct,
    func,
    literal,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..models import Event
from .base import BBox
from .errors import StoreError
from .geometry import dump_geojson, to_multipolygon_ewkt
from .schema import build_tables
from .sql import SQLStore

__all__ = ["PostGISStore", "normalise_url"]

_WRITER_LOCK = 0x67656F6D  # "geom": the advisory lock id of writers


def normalise_url(url: str) -> str:
    """``url`` with the psycopg 3 driver (``postgis://`` and ``postgresql://`` alike).

    Raises:
        StoreError: a malformed URL.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"malformed database URL {url!r}") from error
    if parsed.get_backend_name() not in ("postgresql", "postgis"):
        raise StoreError(f"not a PostgreSQL URL: {url!r}")
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


class PostGISStore(SQLStore):
    """The store in a PostgreSQL database with the PostGIS extension.

    The extension is created on first use when the user may do so; otherwise a superuser
    must ``CREATE EXTENSION postgis`` in the database first.

    Raises:
        StoreError: GeoAlchemy2 or psycopg missing, or a malformed URL.
    """

    _within_exact = True
    _zone_box_exact = True

    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        try:
            import geoalchemy2
            import psycopg  # noqa: F401  (fail here, with a clear message, if missing)
        except ImportError as error:
            raise StoreError("the PostGIS store needs the 'postgis' extra: "
                             "pip install 'geomap[postgis]'") from error
        engine = create_engine(normalise_url(url), pool_size=pool_size, pool_pre_ping=True)

        def geometry(kind: str) -> Any:
            return geoalchemy2.Geometry(kind, srid=4326, spatial_index=True)

        super().__init__(engine, build_tables(geometry=geometry))

    @contextmanager
    def _begin_read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def _lock_writers(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITER_LOCK})

    def _prepare_schema(self, conn: Connection) -> None:
        if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
            return
        with conn.begin_nested():
            try:
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
            except SQLAlchemyError as error:
                raise StoreError(f"{self.url} lacks the PostGIS extension and it cannot be "
                                 f"created here ({error}); run CREATE EXTENSION postgis as a "
                                 "superuser") from error

    def _event_spatial_values(self, event: Event) -> dict[str, Any]:
        if event.lat is None or event.lon is None:
            return {"geom": None}
        return {"geom": f"SRID=4326;POINT({event.lon!r} {event.lat!r})"}

    def _geom_values(self, geom: BaseGeometry | None) -> dict[str, Any]:
        return {"geom": None if geom is None else to_multipolygon_ewkt(geom)}

    def _joined_types(self) -> Any:
        return func.string_agg(distinct(self.tables.events.c.sub_event_type), literal(","))

    def _optimize(self, conn: Connection) -> None:
        for table in ("events", "zones"):  # the planner's statistics (GiST needs no packing)
            conn.execute(text(f"ANALYZE {table}"))

    def _box_condition(self, box: BBox, start: date | None,
                       end: date | None) -> ColumnElement[bool]:
        minlon, minlat, maxlon, maxlat = box
        ev = self.tables.events.c
        envelope = func.ST_MakeEnvelope(minlon, minlat, maxlon, maxlat, 4326)
        # && uses the GiST index (float4 boxes, a superset); the columns are exact
        return and_(ev.geom.op("&&", return_type=Boolean)(envelope),
                    ev.lon.between(minlon, maxlon), ev.lat.between(minlat, maxlat))

    def _within_condition(self, within: Mapping[str, Any], start: date | None,
                          end: date | None) -> ColumnElement[bool]:
        shape = func.ST_SetSRID(func.ST_GeomFromGeoJSON(dump_geojson(within)), 4326)
        return func.ST_Intersects(self.tables.events.c.geom, shape, type_=Boolean)

    def _zone_box_condition(self, box: BBox) -> ColumnElement[bool]:
        envelope = func.ST_MakeEnvelope(*box, 4326)
        return func.ST_Intersects(self.tables.zones.c.geom, envelope, type_=Boolean)

    def _engine_checks(self, conn: Connection) -> list[str]:
        problems: list[str] = []
        if not conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
                            ).first():
            return ["the PostGIS extension is missing"]
        checks = (
            ("event(s) whose geom disagrees with lat/lon",
             "SELECT count(*) FROM events WHERE (geom IS NULL) <> (lat IS NULL OR lon IS NULL)"
             " OR (geom IS NOT NULL AND (ST_X(geom) <> lon OR ST_Y(geom) <> lat))"),
            ("zone(s) with a missing or invalid geom",
             "SELECT count(*) FROM zones WHERE geom IS NULL OR NOT ST_IsValid(geom)"),
            ("place(s) whose geom disagrees with their geometry",
             "SELECT count(*) FROM places WHERE (geom IS NULL) <> (geometry IS NULL)"),
            ("spatial index(es) missing",
             "SELECT 3 - count(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
             "tablename IN ('events', 'zones', 'places') AND indexdef ILIKE '%USING gist%'"),
        )
        for what, sql in checks:
            count = conn.execute(text(sql)).scalar_one()
            if count:
                problems.append(f"{count} {what}")
        return problems
