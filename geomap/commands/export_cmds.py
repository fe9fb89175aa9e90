"""``geomap export``: events (or control zones) from the store to a GIS file.

Exit codes: 0 done, 1 the store failed, 2 bad arguments.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from ..cli import fail

__all__ = ["COMMANDS", "export", "query_arguments"]

_FORMATS = ("geojson", "gpkg", "csv", "kml", "fgb")


def query_arguments(args: dict[str, str | None]) -> dict[str, str]:
    """The command's filters as ``geomap.filters`` reads them (absent ones left out)."""
    return {k: v for k, v in args.items() if v is not None}


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
    from gazetteer import Gazetteer

    from ..filters import event_query
    from ..io import export_events, export_zones, format_of
    from ..store import InvalidQuery, StoreError, open_store

    if not output:
        fail("give the file to write with -o PATH (or -o - for standard output)")
    if fmt is not None and fmt.lower() not in _FORMATS:
        fail(f"--format must be one of {', '.join(_FORMATS)}, not {fmt!r}")
    if fmt is None:
        try:
            fmt = format_of(output)
        except ValueError as error:
            fail(f"{error} (or give --format)")
    if zones and any(v is not None for v in (types, actor, place, status)):
        fail("--type, --actor, --place and --status do not apply to --zones")
    args = query_arguments({"from": start, "to": end, "type": types, "actor": actor,
                            "place": place, "bbox": bbox, "status": status})
    try:
        query = event_query(args, Gazetteer.default() if place else None,
                            default_limit=None, max_limit=10**9)
        with open_store(database) as store:
            if zones:
                items: list[Any] = store.query_zones(start=query.start, end=query.end,
                                                     bbox=query.bbox)
            else:
                items, _ = store.query_events(query)
    except InvalidQuery as error:
        fail(f"{_option(str(error))}")
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


def _option(message: str) -> str:
    """A filter's message in the command's words: ``from`` → ``--from``."""
    return re.sub(r"^(from|to|type|actor|place|bbox|status)\b", r"--\1", message)


COMMANDS = [export]
