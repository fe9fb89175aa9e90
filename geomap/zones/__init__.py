"""Control zones over time: who held which area on a day, and how that changed.

Pure functions over lists of :class:`~geomap.models.ControlZone`; the store persists the zones
and these work on what it returns. The demo zones live in ``seeds/zones/``
(:func:`demo_zones`), the factions' names and colours in ``seeds/zones/factions.toml``.
"""

from __future__ import annotations

from pathlib import Path

from geomap.models import ControlZone

from .control import (
    FactionChange,
    ZoneMap,
    assign_control,
    factions_at,
    share_retaken,
    zone_of,
    zones_at,
    zones_change,
    zones_near,
)
from .events import TERRITORIAL_SUB_TYPES, apply_territorial_events
from .factions import Faction, faction_for_actor, load_factions, zones_dir
from .geometry import REPAIR_AREA_TOLERANCE, area_km2, to_geojson, validate_zone_geometry

__all__ = [
    "FactionChange", "ZoneMap", "Faction", "TERRITORIAL_SUB_TYPES", "REPAIR_AREA_TOLERANCE",
    "zones_at", "zone_of", "zones_near", "assign_control", "factions_at", "zones_change",
    "share_retaken", "apply_territorial_events", "validate_zone_geometry", "area_km2", "to_geojson",
    "load_factions", "faction_for_actor", "zones_dir", "demo_zones",
]


def demo_zones(directory: Path | None = None) -> list[ControlZone]:
    """The demo zones: every ``*.geojson`` in ``seeds/zones/`` (or ``directory``), file order.

    Raises:
        geomap.io.BadRecordsError: when a file holds a bad feature.
    """
    from geomap.io.geojson import read_zones_geojson

    directory = directory or zones_dir()
    zones: list[ControlZone] = []
    for path in sorted(directory.glob("*.geojson")):
        zones.extend(read_zones_geojson(path.read_text(encoding="utf-8"), name=path.name))
    return zones
