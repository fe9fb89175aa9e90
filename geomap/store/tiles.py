"""Web Mercator tiles and the cell key of a point: what map clusters are grouped by.

A point's cell key interleaves the bits of its tile column and row at :data:`LEVEL` (a
Z-order, or Morton, code): every tile ``(z, x, y)`` is then one range of keys, and the
cells of a finer level inside it are the keys shifted right. The store keeps each event's
key in ``events.cell`` under a B-tree, so "the events in this tile, grouped by cells of
that size" is one index range read in order, on SQLite and PostGIS alike.

Tiles are numbered as Leaflet's and OpenStreetMap's: ``x`` from the antimeridian
eastwards, ``y`` from the north; latitudes beyond Web Mercator's ±85.0511° lie on its
top or bottom row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import numpy as np

from .errors import InvalidQuery

__all__ = ["LEVEL", "MAX_LAT", "Tile", "cell_key", "check_tile", "tile_of", "tile_range",
           "tile_bounds", "cell_tile", "space_time_keys"]

#: The finest level a cell key holds (cells of about 2.4 m at the equator).
LEVEL = 24
#: Web Mercator's northern and southern limit.
MAX_LAT = 85.05112877980659
_SIDE = 1 << LEVEL


class Tile(NamedTuple):
    """A Web Mercator tile: zoom level ``z``, column ``x``, row ``y``."""

    z: int
    x: int
    y: int


def _spread(v: int) -> int:
    """The bits of ``v`` (24 of them) moved to the even positions of a 48-bit number."""
    v = (v | (v << 16)) & 0x0000FFFF0000FFFF
    v = (v | (v << 8)) & 0x00FF00FF00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v << 2)) & 0x3333333333333333
    return (v | (v << 1)) & 0x5555555555555555


def _gather(v: int) -> int:
    """The inverse of :func:`_spread`: the even bits of ``v`` packed together."""
    v &= 0x5555555555555555
    v = (v | (v >> 1)) & 0x3333333333333333
    v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v >> 4)) & 0x00FF00FF00FF00FF
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFF
    return (v | (v >> 16)) & 0x00000000FFFFFFFF


def _column_row(lon: float, lat: float) -> tuple[int, int]:
    """The column and row at :data:`LEVEL` of a point."""
    x = int(math.floor((lon + 180.0) / 360.0 * _SIDE))
    s = math.sin(math.radians(min(MAX_LAT, max(-MAX_LAT, lat))))
    y = int(math.floor((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * _SIDE))
    return min(_SIDE - 1, max(0, x)), min(_SIDE - 1, max(0, y))


def cell_key(lon: float | None, lat: float | None) -> int | None:
    """The cell key of a point (None without one): its tile column and row at
    :data:`LEVEL`, bits interleaved."""
    if lon is None or lat is None:
        return None
    x, y = _column_row(lon, lat)
    return _spread(x) | (_spread(y) << 1)


def tile_of(lon: float, lat: float, z: int) -> Tile:
    """The tile of zoom ``z`` a point lies in."""
    x, y = _column_row(lon, lat)
    shift = LEVEL - z
    return Tile(z, x >> shift, y >> shift)


def check_tile(z: int, x: int, y: int) -> Tile:
    """``(z, x, y)`` as a Tile, or InvalidQuery saying what is wrong with it."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (z, x, y)):
        raise InvalidQuery(f"a tile is three whole numbers z/x/y, not {z!r}/{x!r}/{y!r}")
    if not 0 <= z <= LEVEL:
        raise InvalidQuery(f"tile zoom must be within 0-{LEVEL}, not {z}")
    if not (0 <= x < 1 << z and 0 <= y < 1 << z):
        raise InvalidQuery(f"tile {z}/{x}/{y} does not exist: x and y are within "
                           f"0-{(1 << z) - 1} at zoom {z}")
    return Tile(z, x, y)


def tile_range(tile: Tile) -> tuple[int, int]:
    """The cell keys of the points in ``tile``: ``low <= key < high``."""
    z, x, y = tile
    prefix = _spread(x) | (_spread(y) << 1)
    shift = 2 * (LEVEL - z)
    return prefix << shift, (prefix + 1) << shift


def cell_tile(key: int, z: int) -> Tile:
    """The tile of zoom ``z`` holding the point whose cell key is ``key``."""
    prefix = key >> (2 * (LEVEL - z))
    return Tile(z, _gather(prefix), _gather(prefix >> 1))


def tile_bounds(tile: Tile) -> tuple[float, float, float, float]:
    """(west, south, east, north) of ``tile`` in degrees."""
    z, x, y = tile
    n = 1 << z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360.0 - 180.0, lat(y + 1), (x + 1) / n * 360.0 - 180.0, lat(y)


_FIRST, _LAST = date(1900, 1, 1).toordinal(), date(2100, 12, 31).toordinal()


def _spread3(v: np.ndarray) -> np.ndarray:
    """The 21 low bits of each value moved to every third bit of a 63-bit number."""
    v = v.astype(np.uint64) & np.uint64(0x1FFFFF)
    for shift, mask in ((32, 0x1F00000000FFFF), (16, 0x1F0000FF0000FF),
                        (8, 0x100F00F00F00F00F), (4, 0x10C30C30C30C30C3),
                        (2, 0x1249249249249249)):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def space_time_keys(lons: Sequence[float], lats: Sequence[float],
                    days: Sequence[int]) -> list[int]:
    """A key per point in space and time (``days``: ``date.toordinal()``) that keeps
    neighbours together: the bits of its longitude, latitude and day (over 1900-2100), each
    scaled to 21 bits, interleaved. The order an R*Tree is packed in."""
    def scaled(values: Sequence[float] | Sequence[int], low: float, high: float
               ) -> np.ndarray:
        a = (np.asarray(values, dtype=float) - low) / (high - low) * ((1 << 21) - 1)
        return np.clip(a, 0, (1 << 21) - 1)

    keys = (_spread3(scaled(lons, -180.0, 180.0))
            | (_spread3(scaled(lats, -90.0, 90.0)) << np.uint64(1))
            | (_spread3(scaled(days, _FIRST, _LAST)) << np.uint64(2)))
    return [int(k) for k in keys]
