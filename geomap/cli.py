"""The ``geomap`` command line."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from datetime import date
from typing import NoReturn

import click

from gazetteer import Gazetteer

__all__ = ["main", "cli", "fail", "read_text_arg", "parse_date_option"]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"geomap: error: {message}", err=True)
    sys.exit(code)


def parse_date_option(value: str, option: str) -> date:
    """A YYYY-MM-DD date, or exit 2 with one line saying what is wrong."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as error:
            fail(f"{option} {value!r} is not a valid date ({error})")
    fail(f"{option} must be a date YYYY-MM-DD, not {value!r}")


def read_text_arg(path: str) -> str:
    """The text of FILE, or of standard input for ``-``; exit 2 when it cannot be read."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror or error}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(f"{path} is not UTF-8 text (byte {error.start})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Map reported events: gazetteer, extraction, store, maps and exports."""


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate.")
@click.option("--country", help="Only places in this country (ISO 3166-1 alpha-2).")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100))
def geocode(name: str, as_json: bool, country: str | None, limit: int) -> None:
    """Resolve NAME to places, most likely first (exit 1 when nothing matches)."""
    places = Gazetteer.default().lookup(name, country=country, limit=limit)
    if not places:
        if not as_json:
            click.echo(f"geomap: no place named {name!r}", err=True)
        sys.exit(1)
    for place in places:
        if as_json:
            click.echo(json.dumps(place.to_dict(), ensure_ascii=False))
        else:
            cc = place.country_code or "--"
            click.echo(f"{place.name}\t{place.kind}\t{cc}\t{place.lat:.5f}\t{place.lon:.5f}\t"
                       f"{place.id}")


@cli.command()
@click.argument("file")
@click.option("--lang", help="Language of the text (ISO 639-1); detected when omitted.")
def geoparse(file: str, lang: str | None) -> None:
    """Place mentions in FILE (or - for stdin), one JSON object a line."""
    text = read_text_arg(file)
    for mention in Gazetteer.default().geoparse(text, lang=lang):
        click.echo(json.dumps(mention.to_dict(lang), ensure_ascii=False))


def _register_commands() -> None:
    from geomap import commands

    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"geomap.commands.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point of the ``geomap`` console script."""
    cli(prog_name="geomap")


if __name__ == "__main__":
    main()
