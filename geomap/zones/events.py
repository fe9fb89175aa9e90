"""Verified territorial-change events turned into control zones.

"Non-state actor overtakes territory" and "Government regains territory" (ACLED sub-event
types) move control of the event place's polygon to the event's actor from the event date on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from shapely.geometry.base import BaseGeometry

from geomap.models import ControlZone, Event

from .factions import faction_for_actor
from .geometry import polygonal, to_geojson, to_shape, validate_zone_geometry

__all__ = ["TERRITORIAL_SUB_TYPES", "apply_territorial_events"]

TERRITORIAL_SUB_TYPES = ("Non-state actor overtakes territory", "Government regains territory")

#: Overlaps smaller than this share of the event polygon are shared edges, not overlaps.
_OVERLAP_TOLERANCE = 1e-6

PolygonOf = Callable[[str], Mapping[str, Any] | None]


def _faction(event: Event, faction_of: Callable[[str | None], str | None]) -> str | None:
    faction = faction_of(event.actor1)
    if faction is None and event.sub_event_type == "Government regains territory":
        return "government" if event.actor1 is None else event.actor1
    if faction is None:
        return event.actor1 or None
    return faction


def _minus(geom: BaseGeometry, area: BaseGeometry) -> dict[str, Any] | None:
    rest = polygonal(geom.difference(area))
    if rest is None or rest.area <= _OVERLAP_TOLERANCE * geom.area:
        return None
    return to_geojson(rest)


def apply_territorial_events(
        zones: Sequence[ControlZone], events: Iterable[Event], polygon_of: PolygonOf, *,
        faction_of: Callable[[str | None], str | None] = faction_for_actor,
) -> list[ControlZone]:
    """The zones after applying the verified territorial-change events, in date order.

    For each such event with a polygon (``polygon_of(place_id)``) and a faction (``actor1``
    through ``faction_of``; "Government regains territory" without actor1 means the
    government): every other faction's zone valid on the event date that overlaps the polygon
    is closed on that date and continued without the polygon (shapely difference); a zone
    starting on that date loses the polygon; a new zone for the faction covers the polygon
    from that date until the next recorded zone over it starts (open-ended if none).
    Events without a place polygon or a faction are skipped. The input is not modified.
    """
    out = [dataclasses.replace(z, geometry=dict(z.geometry)) for z in zones]
    todo = [e for e in events if e.status == "verified"
            and e.sub_event_type in TERRITORIAL_SUB_TYPES and e.place_id]
    for event in sorted(todo, key=lambda e: (e.event_date, e.id or "")):
        raw = polygon_of(event.place_id or "")
        faction = _faction(event, faction_of)
        if raw is None or faction is None:
            continue
        geometry = validate_zone_geometry(raw)
        area, day = to_shape(geometry), event.event_date
        label = event.location or event.place_id
        what = f"{event.sub_event_type}: {label} (event {event.id or '?'})"
        next_out: list[ControlZone] = []
        until = None
        for zone in out:
            geom = to_shape(zone.geometry)
            overlaps = (geom.intersects(area)
                        and geom.intersection(area).area > _OVERLAP_TOLERANCE * area.area)
            if overlaps and zone.valid_from > day:  # a later recorded state ends the new zone
                until = zone.valid_from if until is None else min(until, zone.valid_from)
            ended = zone.valid_to is not None and zone.valid_to <= day
            if not overlaps or ended or zone.valid_from > day or zone.faction == faction:
                next_out.append(zone)
                continue
            rest = _minus(geom, area)
            if zone.valid_from < day:
                next_out.append(dataclasses.replace(zone, valid_to=day))
            if rest is not None:
                split = zone.valid_from < day
                next_out.append(dataclasses.replace(
                    zone, geometry=rest, valid_from=day,
                    id=f"{zone.id}@{day.isoformat()}" if split and zone.id else zone.id,
                    note="; ".join(filter(None, [zone.note, f"less {label} from {day}"]))))
        next_out.append(ControlZone(
            faction=faction, geometry=geometry, valid_from=day, valid_to=until,
            source=event.source or (f"report {event.report_id}" if event.report_id else None),
            note=what, id=f"event-{event.id}" if event.id else None))
        out = next_out
    return out
