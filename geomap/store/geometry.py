"""Polygons in and out of the store: GeoJSON mappings checked with shapely.

GeoJSON is stored as given (as JSON text), so it comes back equal; shapely is used to check
it and, in the SQLite engine, for the exact spatial tests that an R*Tree only narrows down.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

import shapely
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from ..jsontext import compact_json
from .errors import InvalidData

__all__ = ["parse_polygon", "to_multipolygon_ewkt", "dump_geojson", "load_geojson", "split_bbox"]


def parse_polygon(geojson: Mapping[str, Any]) -> Polygon | MultiPolygon:
    """A valid, non-empty Polygon or MultiPolygon in lon/lat range, from a GeoJSON mapping.

    Raises:
        InvalidData: anything else (the message says what).
    """
    if not isinstance(geojson, Mapping):
        raise InvalidData(f"a polygon must be a GeoJSON mapping, not {type(geojson).__name__}")
    kind = geojson.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise InvalidData(f"expected a GeoJSON Polygon or MultiPolygon, not {kind!r}")
    try:
        geom = shape(geojson)
    except (ShapelyError, GEOSException, ValueError, TypeError, KeyError, IndexError,
            AttributeError) as error:
        raise InvalidData(f"malformed {kind}: {error}") from error
    if geom.is_empty:
        raise InvalidData(f"the {kind} is empty")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0):
        raise InvalidData(f"the {kind} reaches outside lon [-180, 180], lat [-90, 90]: "
                          f"bounds {geom.bounds}")
    if not geom.is_valid:
        raise InvalidData(f"invalid {kind}: {shapely.is_valid_reason(geom)} "
                          "(repair it first, e.g. with shapely.make_valid)")
    return cast(Polygon | MultiPolygon, geom)


def to_multipolygon_ewkt(geom: BaseGeometry) -> str:
    """EWKT of ``geom`` as a MultiPolygon in EPSG:4326, at full precision (for PostGIS)."""
    if isinstance(geom, Polygon):
        geom = MultiPolygon([geom])
    return "SRID=4326;" + str(shapely.to_wkt(geom, rounding_precision=-1))


def dump_geojson(geojson: Mapping[str, Any]) -> str:
    """The JSON text stored for a geometry."""
    return compact_json(geojson)


def load_geojson(text: str) -> dict[str, Any]:
    """A geometry as stored (plain JSON: lists, not tuples)."""
    return cast(dict[str, Any], json.loads(text))


def split_bbox(bbox: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """``bbox`` (min lon, min lat, max lon, max lat) as one box, or as two when it crosses
    the antimeridian (min lon > max lon)."""
    minlon, minlat, maxlon, maxlat = bbox
    if minlon <= maxlon:
        return [bbox]
    return [(minlon, minlat, 180.0, maxlat), (-180.0, minlat, maxlon, maxlat)]
