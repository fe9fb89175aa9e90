"""Where extraction, control zones and the store meet: recording a report's events with who
held their place that day, and reviewing an event (a verified change of territory redraws
the zones from its date on)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from geomap.crossmerge import find_incidents
from geomap.models import Event, Report
from geomap.store import AddResult, NotFound, Store
from geomap.store.base import Progress
from geomap.store.validate import check_changes
from geomap.zones import apply_territorial_events, assign_control

__all__ = ["record_report", "review_event", "set_statuses", "StatusOutcome", "TERRITORIAL"]

#: Sub-event types that change who holds a place.
TERRITORIAL = frozenset({"Non-state actor overtakes territory", "Government regains territory"})

PolygonOf = Callable[[str], "Mapping[str, Any] | None"]


def _control(store: Store, events: Sequence[Event]) -> None:
    """Set ``controlled_by`` on the located events from the zones of their dates."""
    located = [e for e in events if e.lat is not None and e.lon is not None]
    if not located:
        return
    zones = store.query_zones(start=min(e.event_date for e in located),
                              end=max(e.event_date for e in located))
    assign_control(zones, located)


def record_report(store: Store, report: Report, events: Sequence[Event], *,
                  progress: Progress | None = None) -> AddResult:
    """Store ``report`` with ``events`` (one transaction), each event told which faction
    held its place on its date, and merged with a stored event of the other origin that
    codes the same incident (:mod:`geomap.crossmerge`: an imported ACLED row and the event a
    report tells are kept once, with both sources); ``progress`` as
    :meth:`Store.add_report` takes it."""
    _control(store, events)
    return store.add_report(report, events, progress=progress,
                            same_as=find_incidents(store, events))


def review_event(store: Store, event_id: str, changes: Mapping[str, Any], *, who: str,
                 polygon_of: PolygonOf) -> Event:
    """Apply a reviewer's changes (verify, reject, correct) through the audit trail.

    When the place or date moves, who held the place is looked up again. When the result is
    a verified change of territory, the control zones are redrawn from its date on: the
    place's polygon (``polygon_of(place_id)``) passes to the event's actor.

    Raises:
        geomap.store.NotFound, geomap.store.InvalidData: as ``Store.update_event``.
    """
    before = store.get_event(event_id)
    changes = dict(changes)
    moved = any(k in changes for k in ("lat", "lon", "event_date", "place_id"))
    if moved:
        try:
            probe = dataclasses.replace(before, **check_changes(changes, what=event_id))
        except (TypeError, ValueError):
            probe = None  # update_event says what is wrong with the changes
        if probe is not None:
            _control(store, [probe])
            if probe.controlled_by != before.controlled_by:
                changes["controlled_by"] = probe.controlled_by
    after = store.update_event(event_id, changes, who=who)
    newly_verified = after.status == "verified" and (before.status != "verified" or moved)
    if newly_verified and after.sub_event_type in TERRITORIAL and after.place_id:
        zones = store.query_zones()
        redrawn = apply_territorial_events(zones, [after], polygon_of)
        if _changed(zones, redrawn):
            store.add_zones(redrawn, replace=[z.id for z in zones if z.id])
    return after


class StatusOutcome(NamedTuple):
    """What :func:`set_statuses` did: events changed, already so, not found."""

    changed: int
    unchanged: int
    missing: int


def set_statuses(store: Store, event_ids: Iterable[str], status: str, *, who: str,
                 polygon_of: PolygonOf) -> StatusOutcome:
    """Give each event ``status`` (verify or reject in bulk), each through
    :func:`review_event`; events that already have it, or do not exist, are counted."""
    changed = unchanged = missing = 0
    for event_id in event_ids:
        try:
            if store.get_event(event_id).status == status:
                unchanged += 1
                continue
            review_event(store, event_id, {"status": status}, who=who, polygon_of=polygon_of)
            changed += 1
        except NotFound:
            missing += 1
    return StatusOutcome(changed, unchanged, missing)


def _changed(old: Sequence[Any], new: Sequence[Any]) -> bool:
    def key(z: Any) -> tuple[Any, ...]:
        return (z.faction, z.valid_from, z.valid_to, repr(z.geometry))

    return sorted(map(key, old)) != sorted(map(key, new))
