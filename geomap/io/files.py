"""Export events and zones to any of our formats, to a path or a file object; read them back.

Formats: ``geojson`` (RFC 7946), ``gpkg`` (GeoPackage), ``csv`` (ACLED's columns plus ours;
zones with a ``WKT`` column GDAL picks up), ``kml`` and ``fgb`` (FlatGeobuf).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

import shapely

from geomap.formats import FORMATS, MEDIA_TYPES, format_of
from geomap.models import ControlZone, Event

from .acled import read_acled_csv, write_acled_csv
from .csvcells import safe_cell, unsafe_cell
from .geojson import (
    event_feature,
    read_events_geojson,
    read_zones_geojson,
    write_features,
    zone_feature,
)
from .ogr import DRIVERS, read_events_ogr, read_zones_ogr, write_events_ogr, write_zones_ogr
from .records import ZONE_FIELDS, zone_from_properties, zone_properties

__all__ = ["FORMATS", "MEDIA_TYPES", "format_of", "export_events", "export_zones",
           "read_events", "read_zones"]

Target = str | os.PathLike[str] | IO[bytes] | IO[str]


def _check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


@contextmanager
def _text_out(target: Target) -> Iterator[IO[str]]:
    """A text handle on ``target`` (UTF-8, newlines as written), streamed, not buffered whole."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            yield fh
    elif isinstance(target, io.TextIOBase):
        yield target
    else:
        binary = cast(IO[bytes], target)
        wrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()  # leave the caller's binary file open


def _emit_file(write: Any, items: list[Any], fmt: str, target: Target) -> None:
    """Write with GDAL to a fresh temporary file, then move or copy it to ``target``."""
    with tempfile.TemporaryDirectory(prefix="geomap-export-") as tmp:
        path = Path(tmp) / f"out.{fmt}"  # LIBKML writes a directory unless the name ends .kml
        write(items, path, DRIVERS[fmt])
        if isinstance(target, str | os.PathLike):
            shutil.move(path, target)
        else:
            with path.open("rb") as fh:
                shutil.copyfileobj(fh, target)  # type: ignore[misc]  # a binary IO here


def _remove(target: Target) -> None:
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        if path.is_dir():
            raise ValueError(f"{os.fspath(target)} is a directory")
        path.unlink(missing_ok=True)


def _export(items: list[Any], fmt: str, target: Target, feature: Any, write_csv: Any,
            write_ogr: Any, name: str) -> int:
    """Write ``items`` as ``fmt``: GeoJSON and CSV by hand, the rest through GDAL."""
    fmt = _check(fmt)
    if fmt in ("geojson", "csv"):
        with _text_out(target) as out:
            if fmt == "geojson":
                write_features((feature(x, i) for i, x in enumerate(items, 1)), out, name)
            else:
                write_csv(items, out)
    else:
        _remove(target)
        _emit_file(write_ogr, items, fmt, target)
    return len(items)


def export_events(events: Iterable[Event], fmt: str, target: Target) -> int:
    """Write ``events`` as ``fmt`` to a path or an open file; returns the count.

    A path is replaced; binary formats need a binary file object, text formats take either.

    Raises:
        ValueError: for an unknown format.
    """
    return _export(list(events), fmt, target, event_feature, write_acled_csv,
                   write_events_ogr, "events")


def _write_zones_csv(zones: list[ControlZone], out: IO[str]) -> None:
    from geomap.zones.geometry import to_shape

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*ZONE_FIELDS, "WKT"])
    for zone in zones:
        props = zone_properties(zone)
        wkt = shapely.to_wkt(to_shape(zone.geometry), rounding_precision=-1)
        writer.writerow([safe_cell(str(props[k] or "")) for k in ZONE_FIELDS] + [wkt])


def export_zones(zones: Iterable[ControlZone], fmt: str, target: Target) -> int:
    """Write control zones as ``fmt`` to a path or an open file; returns the count.

    Raises:
        ValueError: for an unknown format or a zone whose geometry is not an area.
    """
    return _export(list(zones), fmt, target, zone_feature, _write_zones_csv,
                   write_zones_ogr, "zones")


def read_events(path: str | os.PathLike[str], fmt: str | None = None) -> list[Event]:
    """Events from a file in any of our formats (by suffix unless ``fmt`` is given).

    Raises:
        BadRecordsError: for GeoJSON and CSV, listing every bad record.
        ValueError: for the GDAL formats, naming the first bad feature.
    """
    fmt = _check(fmt or format_of(path))
    if fmt in ("geojson", "csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:  # "\r\n" inside a field
            text = fh.read()
        reader = read_events_geojson if fmt == "geojson" else read_acled_csv
        return reader(text, name=os.fspath(path))
    return read_events_ogr(Path(path))


def read_zones(path: str | os.PathLike[str], fmt: str | None = None) -> list[ControlZone]:
    """Control zones from a file in any of our formats (by suffix unless ``fmt`` is given).

    Raises:
        BadRecordsError: for GeoJSON, listing every bad feature.
        ValueError: for the other formats, naming the first bad feature.
    """
    fmt = _check(fmt or format_of(path))
    if fmt == "geojson":
        with open(path, encoding="utf-8-sig", newline="") as fh:  # "\r\n" inside a field
            text = fh.read()
        return read_zones_geojson(text, name=os.fspath(path))
    if fmt == "csv":
        from geomap.zones.geometry import to_geojson

        with open(path, encoding="utf-8-sig", newline="") as fh:  # "\r\n" inside a field
            text = fh.read()
        zones = []
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), 1):
            try:
                props = {k: unsafe_cell(v) if isinstance(v, str) else v for k, v in row.items()}
                zones.append(zone_from_properties(props, to_geojson(shapely.from_wkt(
                    row["WKT"]))))
            except (ValueError, shapely.errors.GEOSException) as error:
                raise ValueError(f"{os.fspath(path)}: row {number}: {error}") from None
        return zones
    return read_zones_ogr(Path(path))

