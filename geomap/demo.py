"""The demo data: the seed reports of 11 December 2016 and the demo control zones.

``seed_demo(store)`` is idempotent: a report already stored (same text) is skipped by the
store's de-duplication, and zones are imported only into a store that holds none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import seeds_dir
from .store import Store
from .store.ingest import ingest_files

__all__ = ["DemoOutcome", "PUBLISHED", "seed_demo", "reports_dir", "store_is_empty"]

#: The day the seed reports were published (both are wire copy of Sunday 11 December 2016).
PUBLISHED = date(2016, 12, 11)


@dataclass(frozen=True)
class DemoOutcome:
    """What :func:`seed_demo` added: reports, events and zones (0 when already there)."""

    reports: int
    events: int
    zones: int
    errors: tuple[str, ...] = ()


def reports_dir() -> Path:
    """The demo reports: ``reports/`` of the seeds folder."""
    return seeds_dir() / "reports"


def store_is_empty(store: Store) -> bool:
    """Whether the store holds no report, event or zone."""
    return (store.count_reports() == 0 and store.count_events() == 0
            and not store.query_zones())


def _source_name(path: Path) -> str:
    # 000_… is the AFP seed article (French); the others are English wire copy of the day
    return "AFP" if path.name.startswith("000_") else "wire"


def seed_demo(store: Store, *, directory: Path | None = None,
              zones_directory: Path | None = None) -> DemoOutcome:
    """Ingest the seed reports and import the demo zones; return what was added.

    Raises:
        geomap.io.BadRecordsError: a demo zone file holds a bad feature (nothing imported).
    """
    from .zones import demo_zones

    # zones first: each event recorded learns who held its place that day from them
    added_zones = 0
    if not store.query_zones():
        added_zones = len(store.add_zones(demo_zones(zones_directory)))
    reports = sorted((directory or reports_dir()).glob("*.txt"))
    added_reports = added_events = 0
    errors: list[str] = []
    for path in reports:
        for outcome in ingest_files(store, [path], published=PUBLISHED,
                                    source_name=_source_name(path)):
            if outcome.error is not None:
                errors.append(f"{path.name}: {outcome.error}")
            elif outcome.result is not None and not outcome.result.duplicate:
                added_reports += 1
                added_events += len(set(outcome.result.event_ids)
                                    - set(outcome.result.merged))
    return DemoOutcome(added_reports, added_events, added_zones, tuple(errors))
