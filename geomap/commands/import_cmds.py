"""``geomap import``: events from an ACLED-format CSV, GeoJSON or another GIS file into the
store, all or nothing.

Exit codes: 0 imported (or already there), 1 the store failed, 2 a bad file: every bad record
is listed on stderr with its line, and nothing is imported.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import click

from ..cli import fail
from .options import DATABASE, format_option

__all__ = ["COMMANDS", "import_events"]


@click.command("import")
@click.argument("file")
@format_option("The file's format (default: from its suffix).")
@click.option("--source-name", help="Who the events come from (default: the file's name).")
@DATABASE
def import_events(file: str, fmt: str | None, source_name: str | None,
                  database: str | None) -> None:
    """Import the events of FILE into the store in one transaction.

    The file counts as one report: importing it again adds nothing, and its events merge
    with the same events told by other reports.
    """
    from ..io import BadRecordsError, read_events
    from ..models import Report
    from ..pipeline import record_report
    from ..store import StoreError, open_store

    path = Path(file)
    try:
        data = path.read_bytes()
        events = read_events(path, fmt)
    except BadRecordsError as error:
        for problem in error.problems:
            click.echo(f"geomap: error: {path.name}: {problem}", err=True)
        fail(f"{path.name}: {len(error.problems)} bad record(s), nothing imported")
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    except ValueError as error:
        fail(f"{path.name}: {error}")
    digest = hashlib.sha256(data).hexdigest()
    report = Report(text=f"Imported from {path.name} (sha256 {digest}).",
                    published=date.today(), title=path.name,
                    source_name=source_name or path.name)
    try:
        with open_store(database) as store:
            result = record_report(store, report, events)
    except StoreError as error:
        fail(f"{path.name}: not imported: {error}", 1)
    if result.duplicate:
        click.echo(f"geomap: {path.name} was imported before; nothing added", err=True)
    else:
        click.echo(f"geomap: {len(events)} event(s) imported from {path.name} "
                   f"({len(result.merged)} merged with stored ones)", err=True)


COMMANDS = [import_events]
