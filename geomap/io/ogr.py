"""GeoPackage, FlatGeobuf and KML through pyogrio (GDAL), with typed fields.

Geometry comes from the GeoJSON features of :mod:`geomap.io.geojson` (the one place that
orders coordinates), attributes from :mod:`geomap.io.records`: dates as Date fields (DateTime
in FlatGeobuf, which has no Date), whole numbers as nullable integers, ``tally`` as a boolean,
lists and mappings as JSON text. KML (LIBKML driver) declares a typed ``Schema`` (int, double,
bool; dates as ISO text, as KML has no date type) and gets a ``name`` and
``description`` per placemark (HTML-escaped: report text is untrusted and KML balloons render
HTML) and a ``TimeSpan`` for Google Earth's time slider; GDAL names a placemark without an
id ``events.<n>``, and that is the id it reads back.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio import list_layers, read_dataframe
from pyogrio.errors import DataSourceError
from pyogrio.raw import write
from shapely.geometry import shape

from geomap.models import ControlZone, Event

from .geojson import event_points, zone_feature
from .records import (
    BOOL_FIELDS,
    DATE_FIELDS,
    EVENT_FIELDS,
    FLOAT_FIELDS,
    INT_FIELDS,
    ZONE_FIELDS,
    event_from_properties,
    flat_event_properties,
    is_missing,
    zone_from_properties,
    zone_properties,
)

__all__ = ["DRIVERS", "write_events_ogr", "write_zones_ogr", "read_events_ogr",
           "read_zones_ogr"]

#: Our format names → GDAL drivers.
DRIVERS = {"gpkg": "GPKG", "fgb": "FlatGeobuf", "kml": "LIBKML"}
_LAYER_OPTIONS: dict[str, dict[str, str]] = {"FlatGeobuf": {"SPATIAL_INDEX": "NO"}}
_INT32 = (-(2**31), 2**31 - 1)
_KML_FIELDS = {"Name", "description", "begin", "end", "timestamp", "altitudeMode",
               "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"}


def _column(name: str, values: Sequence[Any], driver: str) -> tuple[np.ndarray, Any]:
    """A typed numpy column and its null mask (None when the type carries nulls itself)."""
    missing = np.array([is_missing(v) for v in values], dtype=bool)
    if name in DATE_FIELDS and driver != "LIBKML":
        data = np.array([v if v else "NaT" for v in values], dtype="datetime64[D]")
        return data, None
    if name in INT_FIELDS:
        ints = [0 if m else int(v) for v, m in zip(values, missing, strict=True)]
        # KML's SimpleField knows "int" (32 bits); GDAL writes a 64-bit field as "string"
        narrow = driver == "LIBKML" and all(_INT32[0] <= i <= _INT32[1] for i in ints)
        return np.array(ints, dtype=np.int32 if narrow else np.int64), missing
    if name in FLOAT_FIELDS:
        return np.array([np.nan if m else float(v) for v, m in zip(values, missing,
                                                                   strict=True)]), None
    if name in BOOL_FIELDS:
        return np.array([bool(v) for v in values], dtype=bool), None
    return np.array([None if v is None else str(v) for v in values], dtype=object), None


def _write(path: Path, driver: str, layer: str, shapes: Sequence[Any],
           rows: list[dict[str, Any]], fields: Sequence[str], geometry_type: str,
           kml: list[dict[str, Any]] | None) -> None:
    columns = list(fields)
    records = rows
    if driver == "LIBKML" and kml is not None:
        columns = ["Name", "description", "begin", "end", *columns]
        records = [k | r for k, r in zip(kml, rows, strict=True)]
    data, masks = [], []
    for name in columns:
        values = [r.get(name) for r in records]
        if name in ("begin", "end"):
            column = np.array([v or "NaT" for v in values], dtype="datetime64[D]")
            mask = None
        else:
            column, mask = _column(name, values, driver)
        data.append(column)
        masks.append(mask)
    geometry = shapely.to_wkb(np.array(shapes, dtype=object))  # None stays None
    write(str(path), geometry, data, columns, field_mask=masks, layer=layer, driver=driver,
          geometry_type=geometry_type, crs="EPSG:4326",
          promote_to_multi=geometry_type == "MultiPolygon",
          layer_options=_LAYER_OPTIONS.get(driver))


def _kml_text(text: str | None) -> str | None:
    """Report text for a KML description: balloons render HTML, so markup is escaped;
    quotes need no escape there (GDAL wraps the description in CDATA)."""
    return html.escape(text, quote=False) if text else None


def write_events_ogr(events: Iterable[Event], path: str | Path, driver: str) -> int:
    """Write events to a new ``driver`` file (layer ``events``); returns the count."""
    events = list(events)
    rows = [flat_event_properties(e) for e in events]
    kml = [{"Name": f"{e.sub_event_type}, {e.location or e.place_id or '?'}, {e.event_date}",
            "description": _kml_text(e.quote),
            "begin": e.event_date.isoformat(),
            "end": (e.date_end or e.event_date).isoformat()} for e in events]
    _write(Path(path), driver, "events", event_points(events), rows, EVENT_FIELDS, "Point",
           kml)
    return len(events)


def write_zones_ogr(zones: Iterable[ControlZone], path: str | Path, driver: str) -> int:
    """Write control zones to a new ``driver`` file (layer ``zones``); returns the count."""
    zones = list(zones)
    shapes = [shape(zone_feature(z, i)["geometry"]) for i, z in enumerate(zones, 1)]
    rows = [zone_properties(z) for z in zones]
    kml = [{"Name": z.faction, "description": _kml_text(z.note),
            "begin": z.valid_from.isoformat(),
            "end": z.valid_to.isoformat() if z.valid_to else None} for z in zones]
    _write(Path(path), driver, "zones", shapes, rows, ZONE_FIELDS, "MultiPolygon", kml)
    return len(zones)


def _layer(path: str | Path, wanted: str) -> str:
    """The layer to read: ``wanted`` (ours are named ``events`` and ``zones``), else the
    file's only layer.

    Raises:
        ValueError: the file has several layers and none is ``wanted``, or none at all.
    """
    try:
        names = [str(name) for name, _ in list_layers(str(path))]
    except DataSourceError as error:
        reason = str(error).split(";")[0].replace(str(path), Path(path).name)
        raise ValueError(f"not a file GDAL can read ({reason})") from None
    if wanted in names or len(names) == 1:
        return wanted if wanted in names else names[0]
    listed = ", ".join(names) or "none"
    raise ValueError(f"no layer {wanted!r} (its layers: {listed})")


def _rows(path: str | Path, layer: str) -> list[tuple[dict[str, Any], Any]]:
    """Each feature's attributes and geometry in WGS 84 longitude/latitude.

    Raises:
        ValueError: no such layer (see :func:`_layer`), or a layer with geometry but no
            coordinate reference system (its coordinates could be metres or degrees).
    """
    frame = read_dataframe(str(path), layer=_layer(path, layer))
    if frame.geometry.notna().any():
        if frame.crs is None:
            raise ValueError("the layer has no coordinate reference system; set one (e.g. "
                             "ogr2ogr -a_srs EPSG:4326) and import again")
        if not frame.crs.equals("EPSG:4326"):
            frame = frame.to_crs("EPSG:4326")  # pyproj: metres of EPSG:3857 become degrees
    geometry = list(frame.geometry)
    table = frame.drop(columns="geometry").astype(object)
    rows = []
    for record, geom in zip(table.to_dict("records"), geometry, strict=True):
        props = {k: v for k, v in record.items() if k not in _KML_FIELDS}
        rows.append((props, geom))
    return rows


def read_events_ogr(path: str | Path) -> list[Event]:
    """Events back from a file :func:`write_events_ogr` wrote (layer ``events``).

    Raises:
        ValueError: naming the first bad feature.
    """
    events = []
    for number, (props, geom) in enumerate(_rows(path, "events"), 1):
        try:
            point = None if geom is None or geom.is_empty else geom
            events.append(event_from_properties(
                props, lat=None if point is None else point.y,
                lon=None if point is None else point.x))
        except ValueError as error:
            raise ValueError(f"{path}: feature {number}: {error}") from None
    return events


def read_zones_ogr(path: str | Path) -> list[ControlZone]:
    """Control zones back from a file :func:`write_zones_ogr` wrote (layer ``zones``).

    Raises:
        ValueError: naming the first bad feature.
    """
    from geomap.zones.geometry import to_geojson

    zones = []
    for number, (props, geom) in enumerate(_rows(path, "zones"), 1):
        try:
            zones.append(zone_from_properties(props, to_geojson(geom)))
        except ValueError as error:
            raise ValueError(f"{path}: feature {number}: {error}") from None
    return zones
