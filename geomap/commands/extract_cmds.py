"""``geomap extract``: the events of a report, as a GeoJSON FeatureCollection."""

from __future__ import annotations

from datetime import date

import click

from ..cli import fail, read_text_arg
from .options import DAY, LANG

__all__ = ["COMMANDS", "extract"]


@click.command()
@click.argument("file")
@click.option("--published", type=DAY,
              help="The report's publication date (relative dates count from it). Required.")
@click.option("--lang", type=LANG, help="Language of the text (fr, en); detected when omitted.")
def extract(file: str, published: date | None, lang: str | None) -> None:
    """Events of FILE (or - for stdin) as GeoJSON (RFC 7946) on standard output."""
    if published is None:
        fail("--published YYYY-MM-DD is required (relative dates count from it)")
    text = read_text_arg(file)
    from ..extract import extract_events
    from ..io.geojson import events_to_geojson

    click.echo(events_to_geojson(extract_events(text, published=published, lang=lang)), nl=False)


COMMANDS = [extract]
