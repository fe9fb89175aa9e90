"""The desk's tables (story maps and their versions, the editors' sessions) and the
migrations between schema versions (all of them, not only the desk's), shared by both
engines.

A story version keeps its settings and its snapshot as JSON text: what it shows is read back
byte for byte, whatever happens to the events and zones it was made from.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    insert,
    inspect,
    select,
    text,
    update,
)

from .tiles import cell_key

__all__ = ["build_desk_tables", "MIGRATIONS"]


def build_desk_tables(md: MetaData) -> tuple[Table, Table, Table]:
    """``story_maps`` (one row a slug), ``story_versions`` (one row a version) and
    ``desk_sessions`` (one row a signed-in editor's session)."""
    story_maps = Table(
        "story_maps", md,
        Column("slug", String(80), primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("created_by", Text, nullable=False),
        Column("latest_version", Integer, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Index("ix_story_maps_updated", "updated_at"),
    )
    story_versions = Table(
        "story_versions", md,
        Column("slug", String(80), ForeignKey("story_maps.slug", ondelete="CASCADE"),
               primary_key=True),
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("published_at", DateTime(timezone=True), nullable=False),
        Column("published_by", Text, nullable=False),
        Column("title", Text, nullable=False),
        Column("description", Text, nullable=False),
        Column("alt_text", Text, nullable=False),
        Column("filters", Text, nullable=False),
        Column("as_of", Date),
        Column("view", Text, nullable=False),
        Column("layers", Text, nullable=False),
        Column("snapshot", Text, nullable=False),
        Column("digest", String(64), nullable=False),
    )
    desk_sessions = Table(
        "desk_sessions", md,
        Column("id", String(64), primary_key=True),
        Column("who", Text, nullable=False),
        Column("key", String(64), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Index("ix_desk_sessions_expires", "expires_at"),
        Index("ix_desk_sessions_key", "key"),
    )
    return story_maps, story_versions, desk_sessions


def _add_story_tables(conn: Connection, md: MetaData) -> None:
    """1 → 2: the story map tables."""
    for name in ("story_maps", "story_versions"):
        md.tables[name].create(conn, checkfirst=True)


def _add_event_extra(conn: Connection, md: MetaData) -> None:
    """2 → 3: events keep their source's other columns (``extra``, JSON)."""
    if "extra" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'"))


def _add_event_background_and_claims(conn: Connection, md: MetaData) -> None:
    """3 → 4: events say whether they are background, and keep each claimant's figure."""
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    if "background" not in have:
        conn.execute(text("ALTER TABLE events ADD COLUMN background BOOLEAN NOT NULL "
                          "DEFAULT FALSE"))
    if "claims" not in have:
        conn.execute(text("ALTER TABLE events ADD COLUMN claims TEXT NOT NULL DEFAULT '[]'"))


def _add_origin_and_merges(conn: Connection, md: MetaData) -> None:
    """4 → 5: events say where they came from (a report's text or an imported dataset), and
    the events merged into others are kept as they were, so a merge can be undone."""
    if "origin" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN origin VARCHAR(16) NOT NULL "
                          "DEFAULT 'report'"))
    for index in md.tables["events"].indexes:
        if index.name == "ix_events_origin":
            index.create(conn, checkfirst=True)
    md.tables["merges"].create(conn, checkfirst=True)


def _add_desk_sessions(conn: Connection, md: MetaData) -> None:
    """5 → 6: the editors' sessions, kept server-side so that signing out ends them."""
    md.tables["desk_sessions"].create(conn, checkfirst=True)


def _add_cells_and_changes(conn: Connection, md: MetaData) -> None:
    """6 → 7: events keep their point's cell key (``events.cell``, indexed with what map
    clusters read), and the store counts its writes (``store_changes``)."""
    events = md.tables["events"]
    if "cell" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN cell BIGINT"))
    ev = events.c
    rows = conn.execute(select(ev.pk, ev.lon, ev.lat).where(
        ev.lat.is_not(None), ev.lon.is_not(None))).all()
    stmt = update(events).where(ev.pk == bindparam("key")).values(cell=bindparam("value"))
    for start in range(0, len(rows), 20_000):
        conn.execute(stmt, [{"key": pk, "value": cell_key(lon, lat)}
                            for pk, lon, lat in rows[start:start + 20_000]])
    for index in events.indexes:
        if index.name in ("ix_events_cell", "ix_events_tally"):
            index.create(conn, checkfirst=True)
    md.tables["store_changes"].create(conn, checkfirst=True)
    changes = md.tables["store_changes"]
    if conn.execute(select(changes.c.id)).first() is None:
        conn.execute(insert(changes).values(id=1, counter=0))


def _add_event_features(conn: Connection, md: MetaData) -> None:
    """7 → 8: events keep their GeoJSON Feature (``events.feature``, see features.py)."""
    from .features import fill_features  # it reads schema.py, which reads this module

    if "feature" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        blob = LargeBinary().compile(dialect=conn.dialect)
        conn.execute(text(f"ALTER TABLE events ADD COLUMN feature {blob}"))
    fill_features(conn, md)


#: schema version → the step that brings a database from it to the next version
MIGRATIONS: dict[int, Callable[[Connection, MetaData], None]] = {
    1: _add_story_tables, 2: _add_event_extra, 3: _add_event_background_and_claims,
    4: _add_origin_and_merges, 5: _add_desk_sessions, 6: _add_cells_and_changes,
    7: _add_event_features}
