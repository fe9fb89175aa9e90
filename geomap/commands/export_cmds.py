"""``geomap export``: events (or control zones) from the store to a GIS file.

Exit codes: 0 done, 1 the store failed, 2 bad arguments.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from ..cli import fail
from .zones_cmds import parse_date_option

if TYPE_CHECKING:
    from gazetteer import Gazetteer

__all__ = ["COMMANDS", "export", "query_arguments"]

_FORMATS = ("geojson", "gpkg", "csv", "kml", "fgb")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _types(value: str | None) -> dict[str, Any]:
    from ..models import EVENT_TYPES, SUB_EVENT_TYPES

    types = {t.casefold(): t for t in EVENT_TYPES}
    subs = {s.casefold(): s for s in SUB_EVENT_TYPES}
    main: list[str] = []
    sub: list[str] = []
    for item in _split(value):
        if item.casefold() in types:
            main.append(types[item.casefold()])
        elif item.casefold() in subs:
            sub.append(subs[item.casefold()])
        else:
            fail(f"--type {item!r} is neither an event type ({', '.join(EVENT_TYPES)}) nor "
                 "a sub-event type")
    return {"event_types": tuple(main) or None, "sub_event_types": tuple(sub) or None}


def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        fail(f"--bbox must be minlon,minlat,maxlon,maxlat, not {value!r}")
    return minlon, minlat, maxlon, maxlat


def _place(gazetteer: Gazetteer, value: str) -> dict[str, Any]:
    """Filter arguments for "in this place": inside its polygon when it has one, else the
    place and every place under it."""
    place = gazetteer.get(value.strip()) if ":" in value else None
    if place is None:
        found = gazetteer.lookup(value.strip(), limit=1)
        if not found:
            fail(f"--place: no place named {value!r}")
        place = found[0]
    if place.geometry is not None:
        return {"within": place.geometry}
    return {"place_ids": (place.id, *gazetteer.children_ids(place.id))}


def query_arguments(*, start: date | None, end: date | None, types: str | None,
                    actor: str | None, place: str | None, bbox: str | None,
                    status: str | None, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """EventQuery keyword arguments from the command's filters (exit 2 on a bad one)."""
    if start and end and end < start:
        fail(f"--to {end} is before --from {start}")
    kw: dict[str, Any] = {"start": start, "end": end, **_types(types),
                          "actors": tuple(_split(actor)) or None,
                          "status": tuple(_split(status)) or None}
    if bbox is not None:
        kw["bbox"] = _bbox(bbox)
    if place is not None:
        if gazetteer is None:
            from gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        kw.update(_place(gazetteer, place))
    return kw


@click.command("export")
@click.option("--format", "-f", "fmt", metavar="|".join(_FORMATS),
              help="Output format (default: from the output file's suffix).")
@click.option("--output", "-o", "output", metavar="PATH",
              help="File to write (replaced), or - for standard output. Required.")
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Events on or after this day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Events on or before this day.")
@click.option("--type", "types", metavar="T[,T…]",
              help="Event types or sub-event types (ACLED names).")
@click.option("--actor", metavar="A[,A…]", help="Actor 1 or actor 2 is one of these.")
@click.option("--place", metavar="NAME_OR_ID",
              help="Events in this place (a name in any language, or an id).")
@click.option("--bbox", metavar="MINLON,MINLAT,MAXLON,MAXLAT", help="Events in this box.")
@click.option("--status", metavar="S[,S…]", help="extracted, verified, rejected.")
@click.option("--zones", "zones", is_flag=True,
              help="Export the control zones valid at some time in --from..--to instead.")
@click.option("--database", metavar="URL",
              help="Store URL (default: $GEOMAP_DATABASE_URL or sqlite:///var/geomap.db).")
def export(fmt: str | None, output: str | None, start: str | None, end: str | None,
           types: str | None, actor: str | None, place: str | None, bbox: str | None,
           status: str | None, zones: bool, database: str | None) -> None:
    """Export events from the store to GeoJSON, GeoPackage, CSV, KML or FlatGeobuf."""
    from ..io import export_events, export_zones, format_of
    from ..store import EventQuery, InvalidQuery, StoreError, open_store

    if not output:
        fail("give the file to write with -o PATH (or -o - for standard output)")
    if fmt is not None and fmt.lower() not in _FORMATS:
        fail(f"--format must be one of {', '.join(_FORMATS)}, not {fmt!r}")
    if fmt is None:
        try:
            fmt = format_of(output)
        except ValueError as error:
            fail(f"{error} (or give --format)")
    d1 = None if start is None else parse_date_option(start, "--from")
    d2 = None if end is None else parse_date_option(end, "--to")
    if zones and any(v is not None for v in (types, actor, place, status)):
        fail("--type, --actor, --place and --status do not apply to --zones")
    kw = query_arguments(start=d1, end=d2, types=types, actor=actor, place=place, bbox=bbox,
                         status=status)
    try:
        with open_store(database) as store:
            if zones:
                items: list[Any] = store.query_zones(start=d1, end=d2, bbox=kw.get("bbox"))
            else:
                items, _ = store.query_events(EventQuery(**kw))
    except InvalidQuery as error:
        fail(str(error))
    except StoreError as error:
        fail(str(error), 1)
    fmt = fmt.lower()
    target: Any = output
    if output == "-":
        target = sys.stdout if fmt in ("geojson", "csv") else sys.stdout.buffer
    try:
        count = (export_zones if zones else export_events)(items, fmt, target)
    except ValueError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}", 1)
    what = "zone" if zones else "event"
    click.echo(f"geomap: {count} {what}{'s' if count != 1 else ''} written to {output} "
               f"({fmt})", err=True)


COMMANDS = [export]
