"""Each event's GeoJSON Feature, kept in ``events.feature`` beside its fields.

The API's page of 500 events was mostly the writing of its GeoJSON: a record per row, a dict
per feature, orjson over the whole. The store writes each event's Feature once, when the
event is written (:func:`geomap.io.geojson.feature_template`: as the API writes it, its
location left out, since readers are shown the gazetteer's name for it), so that a page is
the templates read, filled and joined. Every write of an event's fields writes its feature;
a change to what a Feature holds (a new field) needs a migration that writes them all again
(:func:`fill_features`); the store's integrity check finds any that is not its event's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, MetaData, Table, bindparam, select, update

from ..io.geojson import feature_template
from .schema import EVENT_COLUMNS

__all__ = ["event_record", "row_feature", "fill_features", "stale_features"]

_FLOATS = ("lat", "lon", "confidence")  # float columns: an int written is a float read
_BATCH = 20_000


def event_record(values: Sequence[Any]) -> dict[str, Any]:
    """An event's record (``Store.query_records``) from its :data:`EVENT_COLUMNS` values,
    as written or as read back: dates as ISO text, ``tally`` and ``background`` bools,
    floats as a float column gives them back, JSON fields as their text."""
    record = dict(zip(EVENT_COLUMNS, values, strict=True))
    record["tally"] = bool(record["tally"])
    record["background"] = bool(record["background"])
    for name in ("event_date", "date_end"):
        if record[name] is not None and not isinstance(record[name], str):
            record[name] = record[name].isoformat()
    for name in _FLOATS:
        if record[name] is not None:
            record[name] = float(record[name])
    return record


def row_feature(row: Mapping[str, Any]) -> bytes:
    """The ``feature`` of an events row (its other columns as written)."""
    return feature_template(event_record([row[name] for name in EVENT_COLUMNS]))


def _batches(conn: Connection, events: Table) -> Iterator[list[Any]]:
    """Every event's row as (pk, *EVENT_COLUMNS, feature), in batches by pk."""
    ev = events.c
    last = -1
    while True:
        rows = conn.execute(select(ev.pk, *(ev[name] for name in EVENT_COLUMNS), ev.feature)
                            .where(ev.pk > last).order_by(ev.pk).limit(_BATCH)).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1][0]


def fill_features(conn: Connection, md: MetaData) -> None:
    """Write every event's ``feature`` (a migration's step), in batches."""
    events = md.tables["events"]
    stmt = update(events).where(events.c.pk == bindparam("key")).values(
        feature=bindparam("value"))
    for rows in _batches(conn, events):
        conn.execute(stmt, [{"key": r[0], "value": feature_template(event_record(r[1:-1]))}
                            for r in rows])


def stale_features(conn: Connection, events: Table) -> int:
    """How many events' ``feature`` is not what their fields make (or is missing)."""
    return sum(1 for rows in _batches(conn, events) for r in rows
               if r[-1] is None or bytes(r[-1]) != feature_template(event_record(r[1:-1])))
