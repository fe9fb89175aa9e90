"""The tables, in SQLAlchemy Core, shared by both engines.

Each engine adds its spatial index: SQLite R*Tree virtual tables kept in step by triggers
(see ``sqlite.py``), PostGIS ``geom`` columns with GiST indexes (``postgis.py``). Geometry
is also kept as GeoJSON text and points as ``lat``/``lon`` columns, so that what is read back
is exactly what was written, whichever the engine.

Bump :data:`SCHEMA_VERSION` on any change to these tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    false,
    text,
)

from .schema_desk import build_desk_tables

__all__ = ["SCHEMA_VERSION", "SHORT_SPAN_DAYS", "Tables", "build_tables", "EVENT_COLUMNS",
           "JSON_COLUMNS", "CELL_INDEX"]

#: the version of the schema below, recorded in the ``schema_version`` table (older versions
#: are brought up to date by ``schema_desk.MIGRATIONS``)
SCHEMA_VERSION = 8

#: events spanning more days than this are ``long_span`` (see ``events`` below)
SHORT_SPAN_DAYS = 31

#: Event fields stored as JSON text
JSON_COLUMNS = ("counts", "lower_bounds", "sources", "extra", "claims")

#: the events table's columns that hold Event fields, in Event order
EVENT_COLUMNS = (
    "event_date", "event_type", "sub_event_type", "date_end", "time_precision", "actor1",
    "actor2", "fatalities", "counts", "lower_bounds", "tally", "place_id", "location", "lat",
    "lon", "geo_precision", "quote", "quote_start", "quote_end", "confidence", "status",
    "source", "notes", "controlled_by", "report_id", "sources", "extra", "background",
    "claims", "origin", "id",
)

#: ix_events_cell: the cell key first (a tile is a range), then what map clusters filter on,
#: add up and list (their kinds, for the legend), so that the common map query (dates,
#: status) never reads the table
CELL_INDEX = ("cell", "tally", "event_date", "date_last", "status", "background", "lon",
              "lat", "sub_event_type")

# an INTEGER PRIMARY KEY in SQLite (the rowid, stable across VACUUM), bigserial elsewhere
_SERIAL = BigInteger().with_variant(Integer(), "sqlite")
_ID = String(64)


@dataclass(frozen=True)
class Tables:
    """The schema's tables."""

    metadata: MetaData
    schema_version: Table
    reports: Table
    events: Table
    event_sources: Table
    audit: Table
    places: Table
    actors: Table
    zones: Table
    story_maps: Table
    story_versions: Table
    merges: Table
    desk_sessions: Table
    changes: Table


def build_tables(*, geometry: Callable[[str], Any] | None = None) -> Tables:
    """The tables; ``geometry(kind)`` ("POINT", "MULTIPOLYGON") makes the spatial columns.

    Without ``geometry`` (SQLite) there are no ``geom`` columns.
    """
    md = MetaData()

    def geom(kind: str) -> list[Column[Any]]:
        return [] if geometry is None else [Column("geom", geometry(kind), nullable=True)]

    schema_version = Table(
        "schema_version", md,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
    )
    reports = Table(
        "reports", md,
        Column("id", _ID, primary_key=True),
        Column("text", Text, nullable=False),
        Column("title", Text),
        Column("url", Text),
        Column("source_name", Text),
        Column("published", Date),
        Column("lang", String(16)),
        Column("checksum", String(128), nullable=False, unique=True),
        Column("ingested_at", DateTime(timezone=True), nullable=False),
    )
    events = Table(
        "events", md,
        Column("pk", _SERIAL, primary_key=True, autoincrement=True),
        Column("id", _ID, nullable=False, unique=True),
        Column("report_id", _ID, ForeignKey("reports.id", ondelete="CASCADE"),
               nullable=False),
        Column("event_date", Date, nullable=False),
        Column("date_end", Date),
        Column("time_precision", SmallInteger, nullable=False),
        Column("event_type", Text, nullable=False),
        Column("sub_event_type", Text, nullable=False),
        Column("actor1", Text),
        Column("actor2", Text),
        Column("fatalities", BigInteger),
        Column("counts", Text, nullable=False),
        Column("lower_bounds", Text, nullable=False),
        Column("tally", Boolean, nullable=False),
        Column("place_id", Text),
        Column("location", Text),
        Column("lat", Double),
        Column("lon", Double),
        Column("geo_precision", SmallInteger, nullable=False),
        Column("quote", Text, nullable=False),
        Column("quote_start", BigInteger),
        Column("quote_end", BigInteger),
        Column("confidence", Double, nullable=False),
        Column("status", String(16), nullable=False),
        Column("source", Text),
        Column("notes", Text),
        Column("controlled_by", Text),
        Column("sources", Text, nullable=False),
        Column("extra", Text, nullable=False, server_default="{}"),
        Column("background", Boolean, nullable=False, server_default=false()),
        Column("claims", Text, nullable=False, server_default="[]"),
        Column("origin", String(16), nullable=False, server_default="report"),
        # derived, for date queries: an event's last day (date_end or event_date), and
        # whether its span exceeds SHORT_SPAN_DAYS. "overlaps [start, end]" becomes two
        # ranges of ix_events_span: short events starting in [start - SHORT_SPAN_DAYS, end],
        # and the few long ones starting <= end, whose date_last the index holds too. (So no
        # index on date_end alone: no query would use it, and each index slows ingest.)
        Column("date_last", Date, nullable=False),
        Column("long_span", Boolean, nullable=False),
        # derived, for maps: the point's Web Mercator cell key (tiles.py), so that a tile is
        # one range of ix_events_cell and its clusters are read from the index alone
        Column("cell", BigInteger),
        # derived, for the API: the event's GeoJSON Feature as the API writes it, its
        # location left out (geomap.io.geojson.feature_template), so that a page of GeoJSON
        # is these joined. Written with every change of the event's fields
        Column("feature", LargeBinary),
        *geom("POINT"),
        Index("ix_events_date", "event_date", "id"),
        Index("ix_events_span", "long_span", "event_date", "date_last"),
        Index("ix_events_type", "event_type", "sub_event_type"),
        Index("ix_events_status", "status"),
        Index("ix_events_place", "place_id", "event_date"),
        Index("ix_events_actor1", "actor1"),
        Index("ix_events_actor2", "actor2"),
        Index("ix_events_report", "report_id"),
        Index("ix_events_origin", "origin", "event_date"),
        Index("ix_events_cell", *CELL_INDEX),
        # the cumulative tolls alone (few): their clusters without reading the others
        Index("ix_events_tally", *(c for c in CELL_INDEX if c != "tally"),
              sqlite_where=text("tally = 1"), postgresql_where=text("tally")),
    )
    event_sources = Table(
        "event_sources", md,
        Column("event_id", _ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Column("report_id", _ID, ForeignKey("reports.id", ondelete="CASCADE"),
               primary_key=True),
        Column("position", Integer, nullable=False),
        Column("added_at", DateTime(timezone=True), nullable=False),
        Index("ix_event_sources_report", "report_id", "position"),
    )
    audit = Table(
        "audit", md,
        Column("pk", _SERIAL, primary_key=True, autoincrement=True),
        Column("event_id", _ID, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("who", Text, nullable=False),
        Column("field", Text, nullable=False),
        Column("old", Text),
        Column("new", Text),
        Index("ix_audit_event", "event_id", "pk"),
    )
    places = Table(
        "places", md,
        Column("id", Text, primary_key=True),
        Column("name", Text, nullable=False),
        Column("kind", String(32), nullable=False),
        Column("lat", Double, nullable=False),
        Column("lon", Double, nullable=False),
        Column("geometry", Text),
        Column("parent_id", Text),
        Column("country_code", String(8)),
        Column("admin1", Text),
        Column("population", BigInteger, nullable=False),
        Column("source", Text, nullable=False),
        Column("names", Text, nullable=False),
        *geom("MULTIPOLYGON"),
        Index("ix_places_parent", "parent_id"),
    )
    actors = Table(
        "actors", md,
        Column("id", Text, primary_key=True),
        Column("name", Text, nullable=False),
        Column("aliases", Text, nullable=False),
        Column("colour", String(32), nullable=False),
        Column("kind", Text, nullable=False),
    )
    zones = Table(
        "zones", md,
        Column("pk", _SERIAL, primary_key=True, autoincrement=True),
        Column("id", _ID, nullable=False, unique=True),
        Column("faction", Text, nullable=False),
        Column("geometry", Text, nullable=False),
        Column("valid_from", Date, nullable=False),
        Column("valid_to", Date),
        Column("source", Text),
        Column("note", Text),
        Column("minlon", Double, nullable=False),
        Column("minlat", Double, nullable=False),
        Column("maxlon", Double, nullable=False),
        Column("maxlat", Double, nullable=False),
        *geom("MULTIPOLYGON"),
        Index("ix_zones_valid", "valid_from", "valid_to"),
        Index("ix_zones_faction", "faction"),
    )
    # an event merged into a stored one, as it was, so that the merge can be undone
    merges = Table(
        "merges", md,
        Column("event_id", _ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Column("report_id", _ID, ForeignKey("reports.id", ondelete="CASCADE"),
               primary_key=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("event", Text, nullable=False),
        Index("ix_merges_report", "report_id"),
    )
    story_maps, story_versions, desk_sessions = build_desk_tables(md)
    # one row: how many write transactions the store has committed (every write bumps it;
    # answers cached by the web app are valid while it stays the same)
    changes = Table(
        "store_changes", md,
        Column("id", SmallInteger, primary_key=True, autoincrement=False),
        Column("counter", BigInteger, nullable=False),
    )
    return Tables(md, schema_version, reports, events, event_sources, audit, places, actors,
                  zones, story_maps, story_versions, merges, desk_sessions, changes)
