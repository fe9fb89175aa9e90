"""Compact event rows and clusters: what a map loads, a tenth of the bytes of GeoJSON.

``{"types": [...], "rows": [[id, lon, lat, type index, fatalities (-1: none given), tally
(0/1), date], ...]}``, located events only: ``static/geomap.js`` draws them, story map
snapshots keep them. A data tile of clusters adds ``"clusters": [[lon, lat, count, tally
(0/1), west, south, east, north, "z/x/y" of its cell, [type indexes]], ...]`` and gives the
events that are alone in their cell as rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from geomap.store.base import EventCell

__all__ = ["MapRow", "compact_rows", "compact_clusters"]


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


def compact_rows(items: Iterable[MapRow], index: dict[str, int] | None = None
                 ) -> dict[str, Any]:
    """The compact rows of the located ``items``, types as indexes into ``types`` (``index``:
    the types numbered already, added to)."""
    index = {} if index is None else index
    rows = [[p.id, round(p.lon, 5), round(p.lat, 5),
             index.setdefault(p.sub_event_type, len(index)),
             p.fatalities if p.fatalities is not None else -1, 1 if p.tally else 0,
             p.event_date.isoformat()] for p in items if p.lat is not None and p.lon is not None]
    return {"types": list(index), "rows": rows}


def compact_clusters(cells: Iterable[EventCell]) -> dict[str, Any]:
    """The clusters of a data tile, and its cells' lone events as compact rows."""
    index: dict[str, int] = {}
    points = []
    clusters = []
    for c in cells:
        if c.point is not None:
            points.append(c.point)
        else:
            z, x, y = c.cell
            clusters.append([round(c.lon, 5), round(c.lat, 5), c.size, 1 if c.tally else 0,
                             round(c.west, 5), round(c.south, 5), round(c.east, 5),
                             round(c.north, 5), f"{z}/{x}/{y}",
                             [index.setdefault(t, len(index)) for t in c.sub_event_types]])
    return {**compact_rows(points, index), "clusters": clusters}
