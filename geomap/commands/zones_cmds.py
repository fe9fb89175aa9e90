"""``geomap zones import|change``: control zones from GeoJSON into the store, and how they moved.

Exit codes: 0 done, 1 the store failed, 2 bad arguments or a refused file (nothing written).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from ..cli import fail, read_text_arg
from .options import DATABASE, DAY

if TYPE_CHECKING:
    from ..models import ControlZone

__all__ = ["COMMANDS", "zones"]

@click.group()
def zones() -> None:
    """Control zones: who held which area, from when to when."""


@zones.command("import")
@click.argument("file")
@click.option("--faction", help="Faction of every feature (government, rebels, kurdish, isis "
                                "…); without it each feature carries its own.")
@click.option("--valid-from", "valid_from", type=DAY,
              help="First day of control (needed with --faction).")
@click.option("--valid-to", "valid_to", type=DAY,
              help="First day no longer held (exclusive); omit while it still holds.")
@click.option("--source", help="Where the outline comes from (for every feature).")
@DATABASE
def import_zones(file: str, faction: str | None, valid_from: date | None, valid_to: date | None,
                 source: str | None, database: str | None) -> None:
    """Import control zones from a GeoJSON FILE (or - for stdin), all or nothing.

    Invalid outlines are repaired where that is safe (self-intersections, wrong winding) and
    refused where not (points, lines, empty or out-of-range polygons); one refused feature
    means nothing is written.
    """
    from ..io import BadRecordsError, Problem
    from ..io.geojson import read_zones_geojson

    start, end = valid_from, valid_to
    if faction is not None and not faction.strip():
        fail("--faction is empty")
    if faction is not None and start is None:
        fail("--faction needs --valid-from (the first day of control)")
    if start and end and end <= start:
        fail(f"--valid-to {end} is not after --valid-from {start}")
    text = read_text_arg(file)
    repaired: list[Problem] = []
    try:
        found = read_zones_geojson(text, name=file, faction=faction, valid_from=start,
                                   valid_to=end, source=source, repaired=repaired)
    except BadRecordsError as error:
        fail(str(error))
    if not found:
        fail(f"{file}: no features, nothing imported")
    ids = _store_zones(found, database)
    for note in repaired:
        click.echo(f"geomap: {file}: {note}", err=True)
    click.echo(f"imported {len(ids)} zone{'s' if len(ids) != 1 else ''} from {file}: "
               f"{', '.join(ids)}")


def _store_zones(found: list[ControlZone], database: str | None) -> list[str]:
    from ..store import InvalidData, StoreError, open_store

    try:
        with open_store(database) as store:
            return list(store.add_zones(found))
    except InvalidData as error:
        fail(f"refused by the store, nothing imported: {error}")
    except StoreError as error:
        fail(str(error), 1)


@zones.command("change")
@click.argument("d1", metavar="FROM", type=DAY)
@click.argument("d2", metavar="TO", type=DAY)
@click.option("--demo", is_flag=True, help="Use the demo zones of seeds/zones/, not the store.")
@click.option("--retaken", nargs=2, metavar="LOST GAINED",
              help="Also print the share of LOST's area on FROM that GAINED held on TO.")
@DATABASE
def change(d1: date, d2: date, demo: bool, retaken: tuple[str, str] | None,
           database: str | None) -> None:
    """Area each faction held on FROM and TO, gained and lost between them (km²)."""
    from ..zones import demo_zones, share_retaken, zones_change

    if demo:
        found = demo_zones()
    else:
        from ..store import StoreError, open_store

        try:
            with open_store(database) as store:
                found = store.query_zones(start=min(d1, d2), end=max(d1, d2))
        except StoreError as error:
            fail(str(error), 1)
    table = zones_change(found, d1, d2)
    click.echo(f"faction\t{d1} km2\t{d2} km2\tgained km2\tlost km2")
    for faction, row in table.items():
        click.echo(f"{faction}\t{row['area_d1_km2']:.2f}\t{row['area_d2_km2']:.2f}\t"
                   f"{row['gained_km2']:.2f}\t{row['lost_km2']:.2f}")
    if retaken:
        lost, gained = retaken
        try:
            share = share_retaken(found, lost, gained, d1, d2)
        except ValueError as error:
            fail(str(error))
        click.echo(f"{gained} held {share:.1%} of the area {lost} held on {d1}, on {d2}")


COMMANDS = [zones]
