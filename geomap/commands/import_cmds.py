"""``geomap import``: events from an ACLED-format CSV, GeoJSON or another GIS file into the
store, all or nothing.

Exit codes: 0 imported (or already there), 1 the store failed, 2 a bad file: every bad record
is listed on stderr with its line, and nothing is imported.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from tqdm import tqdm

from ..cli import fail
from .options import DATABASE, format_option

__all__ = ["COMMANDS", "import_events"]


#: An import of this many events or more leaves the store optimised (Store.optimize).
OPTIMIZE_AFTER = 10_000


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
        if len(error.problems) == 1:  # one line says it all
            fail(f"{path.name}: {error.problems[0]}; nothing imported")
        for problem in error.problems:
            click.echo(f"geomap: error: {path.name}: {problem}", err=True)
        fail(f"{path.name}: {len(error.problems)} bad record(s), nothing imported")
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    except ValueError as error:
        fail(f"{path.name}: {error}")
    if not events:
        fail(f"{path.name}: no events in it (a header and no rows?); nothing imported")
    for event in events:  # coded data, not text: merged with the same incident a report tells
        event.origin = "import"  # (in place: a million fresh events are not copied)
    digest = hashlib.sha256(data).hexdigest()
    report = Report(text=f"Imported from {path.name} (sha256 {digest}).",
                    published=date.today(), title=path.name,
                    source_name=source_name or path.name)
    try:
        with open_store(database, **_bulk_options(database, len(events))) as store:
            with _bar(len(events)) as bar:
                result = record_report(store, report, events, progress=bar)
            if not result.duplicate and len(events) >= OPTIMIZE_AFTER:
                store.optimize()  # a bulk write: the spatial indexes packed again
    except StoreError as error:
        fail(f"{path.name}: not imported: {error}", 1)
    if result.duplicate:
        click.echo(f"geomap: {path.name} was imported before; nothing added", err=True)
    else:
        click.echo(f"geomap: {len(events)} event(s) imported from {path.name} "
                   f"({len(result.merged)} merged with stored ones)", err=True)


@contextmanager
def _bar(total: int) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for an import of ``total`` events (none for a small file or
    when stderr is not a terminal)."""
    bar = tqdm(total=total, desc="import", unit="event", file=sys.stderr, dynamic_ncols=True,
               disable=None if total >= 10_000 else True)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    try:
        yield update
        bar.update(total - bar.n)
    finally:
        bar.close()


COMMANDS = [import_events]


#: The page cache of an SQLite store written a bulk import (MB): one transaction writes every
#: row and a dozen indexes, and a cache too small for them spills to the disk before the
#: commit (1,000,000 ACLED rows: 306.8 s with the default 32 MB, 289.5 s with 256; 244.0 s
#: since the R*Tree of a bulk report is filled after its rows, SQLiteStore._bulk_insert).
BULK_CACHE_MB = 256


def _bulk_options(database: str | None, rows: int) -> dict[str, int]:
    """The store options of an import of ``rows`` rows: a larger page cache for a large one
    into SQLite."""
    from ..store import default_url, store_class
    from ..store.sqlite import SQLiteStore

    url = database or default_url()
    if rows >= OPTIMIZE_AFTER and issubclass(store_class(url), SQLiteStore):
        return {"cache_mb": BULK_CACHE_MB}
    return {}
