"""The ``geomap`` command line."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from typing import Any, NoReturn

import click

from gazetteer import Gazetteer

__all__ = ["main", "cli", "fail", "read_text_arg"]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"geomap: error: {message}", err=True)
    sys.exit(code)


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


class _OneLineErrors(click.Group):
    """A group whose usage errors (a bad option, a missing argument, a value its type
    refuses) are one line on stderr with exit code 2, like every other bad input."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:  # "geomap" alone: its help
            click.echo(error.format_message())
            sys.exit(0)
        except click.ClickException as error:
            fail(error.format_message(), error.exit_code)
        except click.Abort:
            fail("aborted", 1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
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
