"""Who held what when: zones valid on a day, the faction holding a point, change between days.

Pure functions over lists of :class:`~geomap.models.ControlZone` (the store persists them).
A zone is valid on ``day`` when ``valid_from <= day`` and ``valid_to`` is None or after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypedDict

from shapely import STRtree
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geomap.models import ControlZone, Event

from .geometry import area_km2, to_shape

__all__ = [
    "FactionChange", "ZoneMap", "zones_at", "zone_of", "assign_control", "factions_at",
    "zones_change", "share_retaken", "zones_near",
]


def zones_at(zones: Iterable[ControlZone], day: date) -> list[ControlZone]:
    """The zones valid on ``day`` (``valid_from <= day < valid_to``, or still open)."""
    return [z for z in zones
            if z.valid_from <= day and (z.valid_to is None or day < z.valid_to)]


def zones_near(zones: Sequence[ControlZone], events: Iterable[Event], *,
               grow: float = 0.5) -> list[ControlZone]:
    """The zones a map of ``events`` shows: those that meet the box around the located
    events grown by ``grow`` of its size on each side (at least half a degree), so that a
    map of Ukraine's events draws no Syrian front line; all of them when no event is
    located."""
    from shapely.geometry import box

    points = [(e.lon, e.lat) for e in events if e.lat is not None and e.lon is not None]
    if not points:
        return list(zones)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad_x = max((max(xs) - min(xs)) * grow, 0.5)
    pad_y = max((max(ys) - min(ys)) * grow, 0.5)
    area = box(min(xs) - pad_x, min(ys) - pad_y, max(xs) + pad_x, max(ys) + pad_y)
    return [z for z in zones if to_shape(z.geometry).intersects(area)]


class ZoneMap:
    """Zones with their shapes built once and indexed, for many point look-ups."""

    def __init__(self, zones: Sequence[ControlZone]) -> None:
        self.zones = list(zones)
        self._shapes = [to_shape(z.geometry) for z in self.zones]
        self._areas = [s.area for s in self._shapes]
        self._tree = STRtree(self._shapes)

    def faction_at(self, lat: float, lon: float, day: date) -> str | None:
        """The faction holding (lat, lon) on ``day``; the smallest zone wins on overlap."""
        point = Point(lon, lat)
        best: tuple[float, str] | None = None
        for i in self._tree.query(point, predicate="intersects"):
            zone = self.zones[i]
            if zone.valid_from <= day and (zone.valid_to is None or day < zone.valid_to):
                if best is None or self._areas[i] < best[0]:
                    best = (self._areas[i], zone.faction)
        return None if best is None else best[1]


def zone_of(zones: Sequence[ControlZone], lat: float, lon: float, day: date) -> str | None:
    """The faction holding the point on ``day`` (smallest zone wins on overlap), or None."""
    return ZoneMap(zones_at(zones, day)).faction_at(lat, lon, day)


def assign_control(zones: Sequence[ControlZone], events: Iterable[Event]) -> int:
    """Set ``controlled_by`` on events with coordinates, from their ``event_date``.

    Returns the number of events a zone was found for (the others get None).
    """
    zmap = ZoneMap(zones)
    found = 0
    for event in events:
        if event.lat is None or event.lon is None:
            continue
        event.controlled_by = zmap.faction_at(event.lat, event.lon, event.event_date)
        found += event.controlled_by is not None
    return found


def factions_at(zones: Iterable[ControlZone], day: date) -> dict[str, BaseGeometry]:
    """The area each faction held on ``day`` (the union of its zones)."""
    shapes: dict[str, list[BaseGeometry]] = {}
    for zone in zones_at(zones, day):
        shapes.setdefault(zone.faction, []).append(to_shape(zone.geometry))
    return {f: unary_union(s) for f, s in shapes.items()}


class FactionChange(TypedDict):
    """Area one faction held on two days and what changed hands, in km²."""

    area_d1_km2: float
    area_d2_km2: float
    gained_km2: float
    lost_km2: float
    gained_from: dict[str, float]
    lost_to: dict[str, float]


def zones_change(zones: Sequence[ControlZone], d1: date, d2: date) -> dict[str, FactionChange]:
    """Per faction: area held on ``d1`` and ``d2``, gained and lost between them (km²).

    ``gained_from``/``lost_to`` break the gains and losses down by the faction that held the
    area on the other day (area no faction held is left out of them). Areas are geodesic
    (see :mod:`geomap.zones.geometry`).
    """
    at1, at2 = factions_at(zones, d1), factions_at(zones, d2)
    empty = Polygon()
    out: dict[str, FactionChange] = {}
    for faction in sorted(at1.keys() | at2.keys()):
        g1, g2 = at1.get(faction, empty), at2.get(faction, empty)
        gained, lost = g2.difference(g1), g1.difference(g2)
        out[faction] = FactionChange(
            area_d1_km2=area_km2(g1), area_d2_km2=area_km2(g2),
            gained_km2=area_km2(gained), lost_km2=area_km2(lost),
            gained_from={o: a for o, g in at1.items() if o != faction
                         if (a := area_km2(gained.intersection(g))) > 0},
            lost_to={o: a for o, g in at2.items() if o != faction
                     if (a := area_km2(lost.intersection(g))) > 0},
        )
    return out


def share_retaken(zones: Sequence[ControlZone], faction_lost: str, faction_gained: str,
                  d1: date, d2: date) -> float:
    """The share (0–1) of the area ``faction_lost`` held on ``d1`` that ``faction_gained``
    held on ``d2`` ("the government holds 85 % of rebel-held East Aleppo").

    Raises:
        ValueError: when ``faction_lost`` held no area on ``d1``.
    """
    at1, at2 = factions_at(zones, d1), factions_at(zones, d2)
    before = at1.get(faction_lost)
    total = area_km2(before) if before is not None else 0.0
    if before is None or total == 0.0:
        raise ValueError(f"{faction_lost!r} held no area on {d1}")
    after = at2.get(faction_gained)
    if after is None:
        return 0.0
    return area_km2(before.intersection(after)) / total
