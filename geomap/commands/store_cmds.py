"""``geomap db init|check|optimize`` and ``geomap ingest``: the store from the command line.

The store is ``GEOMAP_DATABASE_URL`` (default ``sqlite:///var/geomap.db``) unless
``--database`` names another. Exit codes: 0 done, 1 something failed (a report, the
database), 2 bad arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import click

from ..cli import fail
from .options import DATABASE, DAY, LANG

if TYPE_CHECKING:
    from ..store import Store
    from ..store.ingest import IngestOutcome

__all__ = ["COMMANDS", "db", "ingest"]


@contextmanager
def _opened(url: str | None) -> Iterator[Store]:
    """The store at ``url`` (exit 2 for a bad URL), closed after use; a store failure
    inside exits 1 with one line."""
    from ..store import StoreError, open_store

    try:
        store = open_store(url)
    except StoreError as error:
        fail(str(error), 2)
    try:
        yield store
    except StoreError as error:
        fail(str(error), 1)
    finally:
        store.close()


def _must_exist(url: str | None) -> None:
    """Checking a store must not create it: an SQLite file that is not there is an error."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from ..config import setting

    raw = url or setting("GEOMAP_DATABASE_URL")
    if not raw:
        return
    target = make_url(raw)
    if target.get_backend_name() == "sqlite" and target.database not in (None, "", ":memory:"):
        if not Path(target.database).exists():
            fail(f"no database at {target.database} (geomap db init creates one)", 1)


@click.group()
def db() -> None:
    """The store's database: create its schema, check its health, optimise it."""


@db.command("init")
@DATABASE
def db_init(database: str | None) -> None:
    """Create the schema (or check that an existing one is this version's)."""
    with _opened(database) as store:
        version = store.init()
    click.echo(f"{store.url}: schema version {version}")


@db.command("check")
@DATABASE
def db_check(database: str | None) -> None:
    """Check the database's integrity; print each problem, exit 1 if there is any."""
    _must_exist(database)
    with _opened(database) as store:
        problems = store.integrity_check()
    for problem in problems:
        click.echo(f"geomap: problem: {problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{store.url}: ok")


@db.command("optimize")
@DATABASE
def db_optimize(database: str | None) -> None:
    """Pack the spatial indexes and refresh the query planner's statistics (after a bulk
    write; ``geomap import`` of 10,000 events or more does it by itself)."""
    _must_exist(database)
    with _opened(database) as store:
        store.optimize()
    click.echo(f"{store.url}: optimised")


@db.command("merges")
@click.argument("event_id")
@DATABASE
def db_merges(event_id: str, database: str | None) -> None:
    """The reports merged into EVENT_ID and what each told (to undo one: db unmerge)."""
    _must_exist(database)
    with _opened(database) as store:
        merges = store.merges_into(event_id)
    for report_id, events in merges:
        for event in events:
            click.echo(f"{report_id}\t{event.event_date}\t{event.sub_event_type}\t"
                       f"{event.location or event.place_id or '?'}\t"
                       f"{'' if event.fatalities is None else event.fatalities}\t"
                       f"{event.origin}")


@db.command("unmerge")
@click.argument("event_id")
@click.argument("report_id")
@click.option("--who", default="cli", show_default=True, help="Named in the audit trail.")
@DATABASE
def db_unmerge(event_id: str, report_id: str, who: str, database: str | None) -> None:
    """Undo the merge of REPORT_ID's events into EVENT_ID: both stand on their own again."""
    from ..store import NotFound

    _must_exist(database)
    with _opened(database) as store:
        try:
            again = store.unmerge(event_id, report_id, who=who)
        except NotFound as error:
            fail(str(error), 1)
    click.echo(f"{event_id}: {report_id} taken out; its events stored again as "
               f"{', '.join(e.id or '?' for e in again)}")


@click.command()
@click.argument("files", nargs=-1, metavar="FILE...")
@click.option("--published", type=DAY,
              help="The reports' publication date (required; relative dates hang on it).")
@click.option("--lang", type=LANG,
              help="Language of the reports (ISO 639-1); detected when omitted.")
@click.option("--source-name", help="Who published them (AFP, Reuters …).")
@DATABASE
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="A progress bar on stderr.")
def ingest(files: tuple[str, ...], published: date | None, lang: str | None,
           source_name: str | None, database: str | None, progress: bool) -> None:
    """Extract the events of each FILE and store them, one transaction per report.

    A report that fails is named on stderr and leaves nothing written; the others go on.
    The exit code is then 2 when a file was bad input (missing, unreadable, not UTF-8 text,
    too big), else 1 (an extraction or store failure).
    """
    if not files:
        fail("ingest needs at least one FILE")
    if published is None:
        fail("--published YYYY-MM-DD is required (the date the reports were published)")
    try:
        from ..extract import extract_events
    except ImportError as error:
        fail(f"event extraction is unavailable: {error}", 1)
    from tqdm import tqdm

    from ..store.ingest import ingest_files

    def report_error(path: str, message: str) -> None:
        tqdm.write(f"geomap: error: {path}: {message}", file=sys.stderr)

    with _opened(database) as store:
        outcomes = ingest_files(store, files, published=published, lang=lang,
                                source_name=source_name, extractor=extract_events,
                                progress=progress, on_error=report_error)
    click.echo(summarise(outcomes))
    if any(o.bad_input for o in outcomes):
        sys.exit(2)
    if any(o.error is not None for o in outcomes):
        sys.exit(1)


def summarise(outcomes: list[IngestOutcome]) -> str:
    """One line: what the ingest did."""
    done = [o.result for o in outcomes if o.result is not None]
    new = [r for r in done if not r.duplicate]
    events = {e for r in new for e in r.event_ids}
    merged = {e for r in new for e in r.merged}
    failed = len(outcomes) - len(done)
    return (f"ingested {len(new)} report(s) of {len(outcomes)}: {len(events - merged)} new "
            f"event(s), {len(merged)} merged into stored ones; "
            f"{len(done) - len(new)} already stored; {failed} failed")


COMMANDS = [db, ingest]
