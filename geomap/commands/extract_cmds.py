"""``geomap extract``: the events of a report, as a GeoJSON FeatureCollection."""

from __future__ import annotations

import click

from ..cli import fail, parse_date_option, read_text_arg

__all__ = ["COMMANDS", "extract"]


@click.command()
@click.argument("file")
@click.option("--published", metavar="YYYY-MM-DD",
              help="The report's publication date (relative dates count from it). Required.")
@click.option("--lang", help="Language of the text (fr, en); detected when omitted.")
def extract(file: str, published: str | None, lang: str | None) -> None:
    """Events of FILE (or - for stdin) as GeoJSON (RFC 7946) on standard output."""
    if published is None:
        fail("--published YYYY-MM-DD is required (relative dates count from it)")
    day = parse_date_option(published, "--published")
    text = read_text_arg(file)
    from ..extract import extract_events
    from ..io.geojson import events_to_geojson

    click.echo(events_to_geojson(extract_events(text, published=day, lang=lang)), nl=False)


COMMANDS = [extract]
