"""Merging the same event told by several reports, after ACLED's practice.

ACLED codes one event per actors, type, location and day, lists every source that reported
it, and when sources disagree on fatalities keeps the lowest figure. Two events are the
same here when they share place, type, sub-event type and actors, both are tallies or both
are not, and their dates are at most one day apart (a tally: the very same span).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ..models import Event

__all__ = ["MERGE_WINDOW", "MergeIndex", "same_event", "merge_events", "revise_event",
           "REVIEWED"]

#: Statuses a person gave: a re-imported row does not overwrite what a reviewer decided.
REVIEWED = frozenset({"verified", "rejected"})

#: how far apart two reports' dates for the same event may be
MERGE_WINDOW = timedelta(days=1)


def same_event(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` tell the same event (see the module docstring)."""
    if a.place_id is None or b.place_id is None or _key(a) != _key(b):
        return False
    if a.tally:
        return (a.event_date, a.date_end) == (b.event_date, b.date_end)
    return abs(a.event_date - b.event_date) <= MERGE_WINDOW


def _key(event: Event) -> tuple[object, ...]:
    return (event.place_id, event.event_type, event.sub_event_type, event.actor1,
            event.actor2, event.tally)


class MergeIndex:
    """Events by what :func:`same_event` compares, so that finding the one a new event
    duplicates costs a few dictionary lookups, not a pass over every event (a report of a
    million rows merges in linear time)."""

    def __init__(self) -> None:
        self._slots: dict[tuple[object, ...], list[int]] = {}
        self._events: list[Event] = []

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, position: int) -> Event:
        return self._events[position]

    def __setitem__(self, position: int, event: Event) -> None:
        """Replace the event at ``position`` by its merged self (same key and dates)."""
        self._events[position] = event

    @property
    def events(self) -> list[Event]:
        return self._events

    @staticmethod
    def _slot(event: Event, day: object) -> tuple[object, ...]:
        return (*_key(event), day, event.date_end if event.tally else None)

    def add(self, event: Event) -> int:
        """Index ``event``; returns its position."""
        position = len(self._events)
        self._events.append(event)
        if event.place_id is not None:
            self._slots.setdefault(self._slot(event, event.event_date), []).append(position)
        return position

    def find(self, event: Event) -> int | None:
        """The position of the indexed event ``event`` duplicates (the nearest in date, the
        first added on a tie), or None."""
        if event.place_id is None:
            return None
        days = [event.event_date] if event.tally else [
            _shift(event.event_date, delta) for delta in (timedelta(0), -MERGE_WINDOW,
                                                          MERGE_WINDOW)]
        for day in days:
            found = self._slots.get(self._slot(event, day))
            if found:
                return found[0]
        return None


def _shift(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return day


def _lowest(a: int | None, a_lb: bool, b: int | None, b_lb: bool) -> tuple[int | None, bool]:
    """The figure to keep and whether it is a lower bound ("at least …")."""
    if b is None:
        return a, a_lb
    if a is None or b < a:
        return b, b_lb
    if a == b:
        return a, a_lb and b_lb
    return a, a_lb


def merge_events(stored: Event, new: Event, report_id: str) -> Event:
    """``stored`` with what ``new`` (from report ``report_id``) adds to it.

    ``sources`` gains the report; fatalities and each count keep the lowest figure given
    (a figure only one of them gives is taken); ``source`` names (ACLED's "source" column)
    are joined with "; "; ``claims`` gains the claims it lacks; the event is background only
    while every report tells it as background. Every other field stays as stored.
    """
    bounds = set(stored.lower_bounds)
    new_bounds = set(new.lower_bounds)
    fatalities, lb = _lowest(stored.fatalities, "fatalities" in bounds,
                             new.fatalities, "fatalities" in new_bounds)
    keep_bounds = {"fatalities"} if lb else set()
    counts = dict(stored.counts)
    for key in sorted(set(stored.counts) | set(new.counts)):
        value, key_lb = _lowest(stored.counts.get(key), key in bounds,
                                new.counts.get(key), key in new_bounds)
        if value is not None:
            counts[key] = value
        if key_lb:
            keep_bounds.add(key)
    lower_bounds = [b for b in stored.lower_bounds if b in keep_bounds]
    lower_bounds += sorted(keep_bounds - set(lower_bounds))
    sources = list(stored.sources)
    if report_id not in sources:
        sources.append(report_id)
    source = stored.source
    if new.source:
        names = [s.strip() for s in (source or "").split(";") if s.strip()]
        if new.source.strip() not in names:
            source = "; ".join([*names, new.source.strip()])
    extra = {**new.extra, **stored.extra}  # the first report's value of a column wins
    claims = list(stored.claims) + [c for c in new.claims if c not in stored.claims]
    return dataclasses.replace(stored, fatalities=fatalities, counts=counts,
                               lower_bounds=lower_bounds, sources=sources, source=source,
                               extra=extra, claims=claims,
                               background=stored.background and new.background)


def revise_event(stored: Event, new: Event, report_id: str) -> Event:
    """``stored`` as ``new`` (the same id, from report ``report_id``) tells it now.

    An event id names one event: a file imported again, or a newer export of the same source
    (ACLED revises its rows), tells the same events with the values as they stand now. Those
    values replace the stored ones, except on an event a reviewer verified or rejected, which
    keeps its fields; either way ``sources`` gains the report.
    """
    sources = list(stored.sources)
    if report_id not in sources:
        sources.append(report_id)
    if stored.status in REVIEWED:
        return dataclasses.replace(stored, sources=sources)
    return dataclasses.replace(new, id=stored.id, report_id=stored.report_id, sources=sources,
                               extra={**stored.extra, **new.extra})
