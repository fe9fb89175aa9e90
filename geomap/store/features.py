"""Each event's GeoJSON Feature, kept in ``events.feature`` beside its fields.

The API's page of 500 events was mostly the writing of its GeoJSON: a record per row, a dict
per feature, orjson over the whole. The store writes each event's Feature once, when the
event is written (:func:`geomap.io.geojson.feature_template`: as the API writes it, its
location left out, since readers are shown the gazetteer's name for it), so that a page is
the templates read, filled and joined. Every write of an event's fields writes its feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, MetaData, bindparam, select, update

from ..io.geojson import feature_template
from .schema import EVENT_COLUMNS

__all__ = ["event_record", "row_feature", "fill_features"]

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


def fill_features(conn: Connection, md: MetaData) -> None:
    """Write every event's ``feature`` (a migration's step), in batches."""
    events = md.tables["events"]
    ev = events.c
    stmt = update(events).where(ev.pk == bindparam("key")).values(
        feature=bindparam("value"))
    last = -1
    while True:
        rows = conn.execute(select(ev.pk, *(ev[name] for name in EVENT_COLUMNS)).where(
            ev.pk > last).order_by(ev.pk).limit(_BATCH)).all()
        if not rows:
            return
        conn.execute(stmt, [{"key": r[0], "value": feature_template(event_record(r[1:]))}
                            for r in rows])
        last = rows[-1][0]
