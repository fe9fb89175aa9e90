"""Ingests generated reports into a store, forever or until killed (by test_kill9.py).

Usage: python kill9_worker.py URL FIRST COUNT. Report ``i`` has ``5 + i % 20`` events and
its title says so ("i:k"), so that the test can check every stored report is whole.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from geomap.models import Event, Report
from geomap.store import open_store


def events_of(i: int) -> list[Event]:
    """Report ``i``'s events: distinct places (no merging), long quotes (long transactions)."""
    return [Event(event_date=date(2016, 1, 1) + timedelta(days=i % 1000),
                  event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                  place_id=f"p{i}-{j}", lat=33 + (i * 7 + j) % 400 / 100,
                  lon=36 + (i * 13 + j) % 500 / 100, fatalities=j, counts={"strikes": i % 9},
                  quote=f"Strike {j} of report {i}. " * 20)
            for j in range(5 + i % 20)]


def main(url: str, first: int, count: int) -> None:
    store = open_store(url)
    store.init()
    for i in range(first, first + count):
        k = 5 + i % 20
        report = Report(text=f"Report {i} with {k} events.\n" + "Filler text. " * 100,
                        title=f"{i}:{k}", published=date(2016, 12, 11))
        store.add_report(report, events_of(i))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
