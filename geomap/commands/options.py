"""What the commands share: ``--database`` (declared once), the formats as a
``click.Choice``, dates and languages parsed by ``geomap.filters`` (so the command line
and the web take the same values and say the same things about bad ones).

Bad values are click usage errors; ``geomap.cli.main`` prints every one as one line on
stderr and exits 2, as the README promises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from ..filters import parse_day, parse_lang
from ..formats import FORMATS
from ..store.errors import InvalidQuery

__all__ = ["DATABASE", "DAY", "LANG", "format_option", "iso"]

F = TypeVar("F", bound=Callable[..., Any])

#: The store to work on.
DATABASE = click.option("--database", metavar="URL",
                        help="Store URL (default: $GEOMAP_DATABASE_URL or "
                             "sqlite:///var/geomap.db).")


class _Parsed(click.ParamType[Any, Any]):
    """A value parsed by one of ``geomap.filters``' parsers."""

    def __init__(self, name: str, parse: Callable[[str, str], Any]):
        self.name = name
        self._parse = parse

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        label = (param.opts[0] if param is not None and param.opts and
                 param.param_type_name == "option" else
                 param.human_readable_name if param is not None else self.name)
        try:
            return self._parse(label, value)
        except InvalidQuery as error:
            raise click.UsageError(str(error), ctx) from None


#: A day ``YYYY-MM-DD`` (``filters.parse_day``), given to the command as a ``date``.
DAY: click.ParamType[Any, Any] = _Parsed("YYYY-MM-DD", parse_day)
#: A language code (``filters.parse_lang``).
LANG: click.ParamType[Any, Any] = _Parsed("LANG", parse_lang)


def format_option(help_text: str) -> Callable[[F], F]:
    """``--format``/``-f``, one of the formats geomap reads and writes (any case)."""
    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
                        help=help_text)


def iso(day: date | None) -> str | None:
    """A day as filters take it (None stays None)."""
    return None if day is None else day.isoformat()
