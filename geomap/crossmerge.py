"""The same incident coded twice: an event extracted from a report and a row imported from a
coded dataset (ACLED, UCDP, another geomap's export).

The store merges what two reports tell alike (same place id, type, actors, a day apart). An
imported row names its place and actors in its own words ("Military Forces of Syria
(2000-)", a location without a gazetteer id), so a looser rule finds it, after ACLED's
practice of one event per date, location, type and actor pair:

- one event came from a report's text and the other from an import (``Event.origin``);
- neither is a tally, both are located, their event types are the same family (ACLED's
  ``event_type``), their days at most one apart;
- they lie within the distance their places' precision allows (:data:`RADIUS_KM`, by the
  coarser of the two ``geo_precision``);
- their first actors do not contradict each other: both known to the actor lexicon (an
  ACLED qualifier such as "(Syria)" or "(2000-)" aside) and different is a contradiction,
  an actor the lexicon does not know is none.

Among several candidates the nearest in space, then in time, is taken. The merge itself is
the store's (``Store.add_report(..., same_as=...)``), in the audit trail and reversible
(``Store.unmerge``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta

from .actors import actor_names
from .models import Event
from .query import select_for_matching
from .store import Store

__all__ = ["RADIUS_KM", "WINDOW", "same_incident", "find_incidents"]

#: How far apart two codings of one incident may be, by the coarser geo_precision: 1 the
#: place itself (a town's extent and two gazetteers' points for it), 2 near it or part of a
#: district, 3 only a region.
RADIUS_KM = {1: 10.0, 2: 25.0, 3: 100.0}
#: How many days apart their dates may be (a report tells yesterday's strike).
WINDOW = timedelta(days=1)
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")  # ACLED's "(Syria)", "(2000-)"
_KM_PER_DEGREE = 111.2


def _km(a: Event, b: Event) -> float:
    """Great-circle distance between two located events, in km."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _actors(name: str | None) -> frozenset[str]:
    """The lexicon's actors a name stands for, ACLED's trailing qualifiers aside."""
    if not name:
        return frozenset()
    while True:
        known = actor_names(name)
        stripped = _QUALIFIER.sub("", name)
        if known or stripped == name:
            return known
        name = stripped


def _actors_agree(a: Event, b: Event) -> bool:
    mine, theirs = _actors(a.actor1), _actors(b.actor1)
    return not mine or not theirs or bool(mine & theirs)


def same_incident(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` code the same incident from a report and from an import (see
    the module docstring)."""
    if a.origin == b.origin or a.tally or b.tally or a.event_type != b.event_type:
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    if abs(a.event_date - b.event_date) > WINDOW:
        return False
    radius = RADIUS_KM[max(a.geo_precision, b.geo_precision)]
    return _km(a, b) <= radius and _actors_agree(a, b)


def _best(event: Event, candidates: Iterable[Event]) -> Event | None:
    fits = [c for c in candidates if c.id is not None and same_incident(event, c)]
    if not fits:
        return None
    return min(fits, key=lambda c: (_km(event, c), abs(c.event_date - event.event_date),
                                    c.id or ""))


def _box(events: Sequence[Event]) -> tuple[float, float, float, float]:
    """A box around the events, widened by the largest merge radius."""
    pad = RADIUS_KM[3] / _KM_PER_DEGREE
    lats = [e.lat for e in events if e.lat is not None]
    lons = [e.lon for e in events if e.lon is not None]
    widen = pad / max(0.1, math.cos(math.radians(max(abs(min(lats)), abs(max(lats))))))
    return (max(-180.0, min(lons) - widen), max(-90.0, min(lats) - pad),
            min(180.0, max(lons) + widen), min(90.0, max(lats) + pad))


def find_incidents(store: Store, events: Sequence[Event]) -> dict[int, str]:
    """For each of ``events`` (positions in it) that codes an incident a stored event of the
    other origin codes too, that event's id — what ``Store.add_report(same_as=…)`` takes.

    One query fetches the stored events of the other origin in the box and the days the new
    events span (the text's events are few: importing a million rows looks among them, not
    the other way round); no stored event is given to two new ones.
    """
    located = [(i, e) for i, e in enumerate(events)
               if e.lat is not None and e.lon is not None and not e.tally]
    if not located:
        return {}
    found: dict[int, str] = {}
    taken: set[str] = set()
    for origin in {e.origin for _, e in located}:
        mine = [(i, e) for i, e in located if e.origin == origin]
        other = "import" if origin == "report" else "report"
        first = min(e.event_date for _, e in mine) - WINDOW
        last = max(e.event_date for _, e in mine) + WINDOW
        stored = select_for_matching(store, bbox=_box([e for _, e in mine]), start=first,
                                     end=last,
                                     event_types=sorted({e.event_type for _, e in mine}),
                                     origins=(other,))
        cells: dict[tuple[int, int], list[Event]] = {}
        for candidate in stored:
            cells.setdefault(_cell(candidate), []).append(candidate)
        for i, event in mine:
            near = [c for cell in _around(event) for c in cells.get(cell, ())
                    if c.id not in taken]
            best = _best(event, near)
            if best is not None and best.id is not None:
                found[i] = best.id
                taken.add(best.id)
    return found


_CELL = RADIUS_KM[3] / _KM_PER_DEGREE  # a grid of cells as wide as the largest radius


def _cell(event: Event) -> tuple[int, int]:
    assert event.lat is not None and event.lon is not None
    return (math.floor(event.lat / _CELL), math.floor(event.lon / _CELL))


def _around(event: Event) -> list[tuple[int, int]]:
    """The cells within the largest radius of ``event`` (longitude cells shrink toward the
    poles, so more of them are looked at there)."""
    assert event.lat is not None
    row, col = _cell(event)
    span = 1 + int(1 / max(0.05, math.cos(math.radians(min(89.0, abs(event.lat))))))
    return [(r, c) for r in (row - 1, row, row + 1) for c in range(col - span, col + span + 1)]
