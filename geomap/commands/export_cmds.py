"""``geomap export``: events (or control zones) from the store to a GIS file, selected by
the same rules as the API (``geomap.query``: rejected events only with ``--status``).

Exit codes: 0 done, 1 the store failed, 2 bad arguments (an unknown place among them).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

import click

from ..cli import fail
from ..errors import InvalidQuery, UnknownPlace
from .options import DATABASE, DAY, format_option, iso

__all__ = ["COMMANDS", "export"]


@click.command("export")
@format_option("Output format (default: from the output file's suffix).")
@click.option("--output", "-o", "output", metavar="PATH",
              help="File to write (replaced), or - for standard output. Required.")
@click.option("--from", "start", type=DAY, help="Events on or after this day.")
@click.option("--to", "end", type=DAY, help="Events on or before this day.")
@click.option("--type", "types", metavar="T[,T…]",
              help="Event types or sub-event types (ACLED names).")
@click.option("--actor", metavar="A[,A…]",
              help="Actor 1 or actor 2 is one of these, by any of its names (ISIS, EI, Daech).")
@click.option("--place", metavar="NAME_OR_ID",
              help="Events in this place (a name in any language, or an id).")
@click.option("--bbox", metavar="MINLON,MINLAT,MAXLON,MAXLAT", help="Events in this box.")
@click.option("--status", metavar="S[,S…]",
              help="Review statuses: extracted, verified, rejected (default: extracted and "
                   "verified; rejected events only when asked).")
@click.option("--background", type=click.Choice(["false", "true", "any"]),
              help="History told as context in reports: false (left out, the default), "
                   "true (only it) or any.")
@click.option("--zones", "zones", is_flag=True,
              help="Export the control zones valid at some time in --from..--to instead.")
@DATABASE
def export(fmt: str | None, output: str | None, start: date | None, end: date | None,
           types: str | None, actor: str | None, place: str | None, bbox: str | None,
           status: str | None, background: str | None, zones: bool,
           database: str | None) -> None:
    """Export events from the store to GeoJSON, GeoPackage, CSV, KML or FlatGeobuf."""
    from gazetteer import Gazetteer

    from ..formats import format_of
    from ..io import export_events, export_zones
    from ..query import select_events, select_zones
    from ..store import StoreError, open_store

    if not output:
        fail("give the file to write with -o PATH (or -o - for standard output)")
    if fmt is None:
        try:
            fmt = format_of(output)
        except ValueError as error:
            fail(f"{error} (or give --format)")
    fmt = fmt.lower()
    if zones and any(v is not None for v in (types, actor, place, status, background)):
        fail("--type, --actor, --place, --status and --background do not apply to --zones")
    filters = {k: v for k, v in {"from": iso(start), "to": iso(end), "type": types,
                                 "actor": actor, "place": place, "bbox": bbox,
                                 "status": status, "background": background}.items()
               if v is not None}
    resolved = ""
    try:
        with open_store(database) as store:
            if zones:
                items: list[Any] = select_zones(store, filters)
            else:
                # the gazetteer resolves --place and names places as readers know them
                found = select_events(store, Gazetteer.default(), filters)
                items, resolved = found.events, found.resolved.describe()
    except InvalidQuery as error:
        fail(_option(error))
    except StoreError as error:
        fail(str(error), 1)
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
               f"({fmt})" + (f"; {resolved}" if resolved else ""), err=True)


def _option(error: InvalidQuery) -> str:
    """A filter's message in the command's words: ``from`` → ``--from``."""
    if isinstance(error, UnknownPlace):
        return f"--{error.parameter}: {error}"
    return re.sub(r"^(from|to|type|actor|place|bbox|status|background)\b", r"--\1", str(error))


COMMANDS = [export]
