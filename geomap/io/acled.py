"""CSV in ACLED's layout: events out with ACLED's column names plus ours, and ACLED files in.

ACLED columns the model has a field for map onto it (``event_id_cnty`` → ``id``,
``latitude``/``longitude`` → ``lat``/``lon``, …); the others (``admin1``, ``inter1``,
``tags`` …) are kept in the event's ``extra`` and written back in their ACLED place, so a file
read and written again keeps every column. ``year`` is derived from ``event_date`` and
checked against it. ``event_date`` is read as ISO or as ACLED's ``11 December 2016`` and
written as ISO.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from geomap.models import Event

from .csvcells import safe_cell, unsafe_cell
from .errors import BadRecordsError, Problem
from .records import EVENT_FIELDS, event_from_properties, flat_event_properties

__all__ = ["ACLED_COLUMNS", "BASE_COLUMNS", "OUR_COLUMNS", "GEOMETRY_COLUMN", "csv_columns",
           "write_acled_csv", "read_acled_csv"]

#: ACLED's export columns, in its order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
#: ACLED columns always written (those with a model field, and the derived year).
BASE_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
)
#: Our columns, after ACLED's (lists and mappings as JSON).
OUR_COLUMNS: tuple[str, ...] = (
    "date_end", "tally", "counts", "lower_bounds", "place_id", "quote", "quote_start",
    "quote_end", "confidence", "status", "controlled_by", "report_id", "sources", "background",
    "claims",
)
#: the point again as WKT, last: GDAL's CSV driver (QGIS, ogr2ogr, pyogrio) reads a column of
#: this name as the geometry without being told which columns hold the coordinates
GEOMETRY_COLUMN = "WKT"
_TO_FIELD = {"event_id_cnty": "id", "latitude": "lat", "longitude": "lon"}
_FROM_FIELD = {v: k for k, v in _TO_FIELD.items()}
_REQUIRED = ("event_date", "event_type", "sub_event_type")
#: cells up to this long are shared between rows when equal (a million-row file repeats its
#: actors, types and regions: one string each, not one per row)
_SHARED_LENGTH = 64


def csv_columns(events: Sequence[Event]) -> list[str]:
    """The header for ``events``: ACLED's columns that apply (in ACLED's order), then ours,
    then any other extra column (sorted)."""
    extras = set().union(*(e.extra for e in events)) if events else set()
    acled = [c for c in ACLED_COLUMNS if c in BASE_COLUMNS or c in extras]
    others = sorted(extras - set(ACLED_COLUMNS) - set(OUR_COLUMNS) - {GEOMETRY_COLUMN})
    return acled + list(OUR_COLUMNS) + others + [GEOMETRY_COLUMN]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def event_row(event: Event) -> dict[str, str]:
    """One CSV row of ``event`` (every value as text, empty for None; no cell a spreadsheet
    would run as a formula), with a ``WKT`` point GDAL and QGIS open without options."""
    props = flat_event_properties(event)
    row = {_FROM_FIELD.get(k, k): _text(v) for k, v in props.items() if k != "extra"}
    row["year"] = str(event.event_date.year)
    row.update(event.extra)
    if event.lat is not None and event.lon is not None:
        row["WKT"] = f"POINT ({event.lon!r} {event.lat!r})"
    return {k: safe_cell(v) for k, v in row.items()}


def write_acled_csv(events: Iterable[Event], out: IO[str]) -> int:
    """Write the events as CSV (header first); returns the number of rows."""
    events = list(events)
    writer = csv.DictWriter(out, fieldnames=csv_columns(events), extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    for event in events:
        writer.writerow(event_row(event))
    return len(events)


def _event(row: dict[str, str], known: set[str], seen: dict[str, str]) -> Event:
    props: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for column, value in row.items():
        name = _TO_FIELD.get(column, column)
        if column in ("year", GEOMETRY_COLUMN):  # both derived from other columns
            continue
        value = unsafe_cell(value)
        if len(value) <= _SHARED_LENGTH:  # actors, types, regions repeat on many rows
            value = seen.setdefault(value, value)
        if name in known:
            props[name] = value
        else:
            extra[column] = value
    props["extra"] = extra
    event = event_from_properties(props)
    year = (row.get("year") or "").strip()
    if year and year != str(event.event_date.year):
        raise ValueError(f"year {year} does not match event_date {event.event_date}")
    return event


def read_acled_csv(source: str | IO[str], *, name: str = "<csv>") -> list[Event]:
    """Events from an ACLED-format CSV (text or a text file), all or nothing.

    Required columns: ``event_date``, ``event_type``, ``sub_event_type``; every other ACLED
    column is optional, and our own columns (those :func:`write_acled_csv` adds) are read
    back too.

    Raises:
        BadRecordsError: listing every bad row with its line number (the header is line 1; a
            row spanning lines is reported at its first line) and what is wrong.
    """
    text = source if isinstance(source, str) else source.read()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BadRecordsError(name, [Problem(1, "empty file: no header")]) from None
    except csv.Error as error:
        raise BadRecordsError(name, [Problem(1, f"bad header: {error}")]) from None
    header = [h.strip() for h in header]
    missing = [c for c in _REQUIRED if c not in header]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if missing or duplicated:
        what = (f"missing column(s) {', '.join(missing)}" if missing
                else f"repeated column(s) {', '.join(duplicated)}")
        raise BadRecordsError(name, [Problem(1, what)])
    known = set(EVENT_FIELDS) - {"extra"}
    seen: dict[str, str] = {}
    events: list[Event] = []
    problems: list[Problem] = []
    line, number = reader.line_num + 1, 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(line, f"unreadable CSV: {error}", number + 1))
            break
        number += 1
        if values:
            try:
                if len(values) != len(header):
                    raise ValueError(f"{len(values)} values for {len(header)} columns")
                events.append(_event(dict(zip(header, values, strict=True)), known, seen))
            except ValueError as error:
                problems.append(Problem(line, str(error), number))
        line = reader.line_num + 1
    if problems:
        raise BadRecordsError(name, problems)
    return events

