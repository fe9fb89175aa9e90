"""Control-zone geometry: validation and safe repair, GeoJSON conversion, geodesic areas.

Areas are measured with :meth:`pyproj.Geod.geometry_area_perimeter` on the WGS 84 ellipsoid
rather than in a projection: the geodesic area is what an equal-area projection approximates,
it needs no choice of centre or standard parallels, and it stays exact for zones anywhere on
Earth (an Albers or LAEA centred on Aleppo would distort a zone in Yemen). Set operations
(union, difference) run in lon/lat with shapely; at the scale of towns and front lines the
difference between straight lon/lat edges and geodesic edges is far below the precision of the
zones themselves (a test checks that a centred LAEA projection agrees to 0.1 %).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeAlias

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

__all__ = [
    "REPAIR_AREA_TOLERANCE", "area_km2", "polygonal", "repair_reason", "to_geojson", "to_shape",
    "validate_zone_geometry",
]

#: A repair may change the drawn area by at most this share (1 %), else it is refused.
REPAIR_AREA_TOLERANCE = 0.01

Area: TypeAlias = Polygon | MultiPolygon


@lru_cache(maxsize=1)
def _geod() -> Geod:
    return Geod(ellps="WGS84")


def to_shape(geometry: Mapping[str, Any]) -> BaseGeometry:
    """A shapely geometry from a GeoJSON-like mapping (lon/lat order)."""
    return shape(geometry)


def polygonal(geom: BaseGeometry) -> Area | None:
    """The polygonal part of ``geom`` (dropping lines and points), or None if it has none."""
    if isinstance(geom, Polygon):
        return None if geom.is_empty else geom
    if isinstance(geom, MultiPolygon):
        parts = [p for p in geom.geoms if not p.is_empty]
    else:
        parts = [p for p in getattr(geom, "geoms", ()) if isinstance(p, Polygon | MultiPolygon)]
        parts = [q for p in parts for q in getattr(p, "geoms", [p]) if not q.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _oriented(geom: Area) -> Area:
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946 right-hand rule)."""
    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON Polygon/MultiPolygon mapping, right-hand rule, 2D, lists not tuples.

    Raises:
        ValueError: when ``geom`` has no polygonal part.
    """
    area = polygonal(shapely.force_2d(geom))
    if area is None:
        raise ValueError(f"not an area: {geom.geom_type}")
    out = mapping(_oriented(area))
    return {"type": out["type"], "coordinates": _lists(out["coordinates"])}


def area_km2(geom: BaseGeometry | Mapping[str, Any]) -> float:
    """Geodesic area on the WGS 84 ellipsoid, in km² (0 for a geometry with no area)."""
    if isinstance(geom, Mapping):
        geom = to_shape(geom)
    area = polygonal(geom)
    if area is None:
        return 0.0
    geod = _geod()
    parts = area.geoms if isinstance(area, MultiPolygon) else [area]
    return sum(abs(geod.geometry_area_perimeter(orient(p, 1.0))[0]) for p in parts) / 1e6


def _positions(coordinates: Any) -> Iterable[Any]:
    if isinstance(coordinates, list | tuple) and coordinates and not isinstance(
            coordinates[0], list | tuple):
        yield coordinates
    elif isinstance(coordinates, list | tuple):
        for item in coordinates:
            yield from _positions(item)


def _check_positions(coordinates: Any) -> None:
    for pos in _positions(coordinates):
        if len(pos) < 2 or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                   for v in pos):
            raise ValueError(f"position {pos!r} is not [lon, lat]")
        lon, lat = float(pos[0]), float(pos[1])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError(f"position {list(pos)!r} is not finite")
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise ValueError(f"position {list(pos)!r} is outside lon/lat range "
                             "(GeoJSON is [lon, lat] in WGS 84: swapped or projected?)")


def repair_reason(geometry: Mapping[str, Any]) -> str | None:
    """Why :func:`validate_zone_geometry` repairs this (valid) geometry, or None if it keeps
    it as drawn (re-orienting rings does not count)."""
    geom = to_shape(geometry)
    return None if geom.is_valid else shapely.is_valid_reason(geom)


def validate_zone_geometry(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """A control zone's geometry, checked and repaired where that is safe.

    Repairs: wrong winding (re-oriented to RFC 7946: exterior counter-clockwise), 3D
    positions (flattened), unclosed rings (closed), self-intersections, touching or
    overlapping rings (shapely ``make_valid``, structure method) as long as the repaired area
    stays within :data:`REPAIR_AREA_TOLERANCE` of the area as drawn.

    Raises:
        ValueError: for anything but a Polygon/MultiPolygon (a point, a line), malformed or
            out-of-range coordinates, an empty or zero-area polygon, or a repair that would
            change the area or leave no polygon. The message says which.
    """
    if not isinstance(geometry, Mapping):
        raise ValueError(f"geometry is not a GeoJSON object: {type(geometry).__name__}")
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"a control zone is a Polygon or MultiPolygon, not a {kind}")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise ValueError(f"empty {kind}: no coordinates")
    _check_positions(coordinates)
    try:
        geom = shapely.force_2d(to_shape(geometry))
    except (ValueError, TypeError, IndexError, shapely.errors.GEOSException) as error:
        raise ValueError(f"malformed {kind} coordinates: {error}") from error
    if geom.is_empty:
        raise ValueError(f"empty {kind}")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        repaired = polygonal(shapely.make_valid(geom, method="structure",
                                                keep_collapsed=False))
        if repaired is None and geom.area == 0.0:
            raise ValueError(f"empty {kind}: it encloses no area ({reason})")
        if repaired is None:
            raise ValueError(f"invalid {kind} ({reason}) and repair leaves no polygon")
        drawn = geom.area
        if drawn == 0.0:
            raise ValueError(f"invalid {kind} ({reason}): its drawn area is zero, so a repair "
                             "would be guesswork; refused (fix the outline)")
        change = abs(repaired.area - drawn) / drawn
        if change > REPAIR_AREA_TOLERANCE:
            raise ValueError(f"invalid {kind} ({reason}): repair would change its area by "
                             f"{change:.0%}, refused (fix the outline)")
        geom = repaired
    if geom.area == 0.0:
        raise ValueError(f"empty {kind}: it encloses no area")
    return to_geojson(geom)
