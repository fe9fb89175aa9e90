"""Merging the same event told by several reports, after ACLED's practice.

ACLED codes one event per actors, type, location and day, lists every source that reported
it, and when sources disagree on fatalities keeps the lowest figure. Two events are the
same here when they share place, type, sub-event type and actors, both are tallies or both
are not, and their dates are at most one day apart (a tally: the very same span).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from ..models import Event

__all__ = ["MERGE_WINDOW", "same_event", "merge_events"]

#: how far apart two reports' dates for the same event may be
MERGE_WINDOW = timedelta(days=1)


def same_event(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` tell the same event (see the module docstring)."""
    if a.place_id is None or b.place_id is None:
        return False
    key_a = (a.place_id, a.event_type, a.sub_event_type, a.actor1, a.actor2, a.tally)
    key_b = (b.place_id, b.event_type, b.sub_event_type, b.actor1, b.actor2, b.tally)
    if key_a != key_b:
        return False
    if a.tally:
        return (a.event_date, a.date_end) == (b.event_date, b.date_end)
    return abs(a.event_date - b.event_date) <= MERGE_WINDOW


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
