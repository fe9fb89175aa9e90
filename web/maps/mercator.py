"""Web Mercator as Leaflet draws it: lon/lat to pixels of a world ``256 · 2^zoom`` pixels
wide, and back; the basemap's tiles and the PNG share it."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["MAX_LAT", "world_size", "to_pixels", "lon_of", "lat_of", "zoom_for"]

#: Web Mercator's edge: the latitude at which the square world ends.
MAX_LAT = 85.0511287798


def world_size(zoom: float) -> float:
    """The world's width (and height) in pixels at ``zoom``."""
    return 256.0 * 2.0 ** zoom


def to_pixels(lon: npt.ArrayLike, lat: npt.ArrayLike, zoom: float
              ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """World pixel coordinates (x east, y south from the north-west corner)."""
    size = world_size(zoom)
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.radians(np.clip(np.asarray(lat, dtype=np.float64), -MAX_LAT, MAX_LAT))
    x = (lon_a + 180.0) / 360.0 * size
    y = (1.0 - np.log(np.tan(lat_a) + 1.0 / np.cos(lat_a)) / math.pi) / 2.0 * size
    return x, y


def lon_of(x: float, zoom: float) -> float:
    """The longitude at world pixel ``x``."""
    return x / world_size(zoom) * 360.0 - 180.0


def lat_of(y: float, zoom: float) -> float:
    """The latitude at world pixel ``y``."""
    n = math.pi * (1.0 - 2.0 * y / world_size(zoom))
    return math.degrees(math.atan(math.sinh(n)))


def zoom_for(west: float, south: float, east: float, north: float, width: float,
             height: float) -> float:
    """The (fractional) zoom at which the box fills ``width`` × ``height`` pixels."""
    x0, y0 = to_pixels(west, north, 0)
    x1, y1 = to_pixels(east, south, 0)
    span_x, span_y = max(float(x1 - x0), 1e-9), max(float(y1 - y0), 1e-9)
    return math.log2(min(width / span_x, height / span_y))
