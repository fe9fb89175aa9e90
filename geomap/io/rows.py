"""Compact event rows: what a map loads, a tenth of the bytes of GeoJSON.

``{"types": [...], "rows": [[id, lon, lat, type index, fatalities (-1: none given), tally
(0/1), date], ...]}``, located events only: ``static/geomap.js`` draws them, story map
snapshots keep them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

__all__ = ["MapRow", "compact_rows"]


class MapRow(Protocol):
    """What a compact row is made of (an Event or a store EventPoint)."""

    @property
    def id(self) -> str | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def sub_event_type(self) -> str: ...
    @property
    def fatalities(self) -> int | None: ...
    @property
    def tally(self) -> bool: ...
    @property
    def event_date(self) -> date: ...


def compact_rows(items: Iterable[MapRow]) -> dict[str, Any]:
    """The compact rows of the located ``items``, types as indexes into ``types``."""
    index: dict[str, int] = {}
    rows = [[p.id, round(p.lon, 5), round(p.lat, 5),
             index.setdefault(p.sub_event_type, len(index)),
             p.fatalities if p.fatalities is not None else -1, 1 if p.tally else 0,
             p.event_date.isoformat()] for p in items if p.lat is not None and p.lon is not None]
    return {"types": list(index), "rows": rows}
