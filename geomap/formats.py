"""The GIS formats geomap reads and writes: their names, media types and file suffixes
(light on purpose: the command line builds its options from them without loading GDAL)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FORMATS", "MEDIA_TYPES", "format_of"]

FORMATS = ("geojson", "gpkg", "csv", "kml", "fgb")
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv; charset=utf-8",
    "kml": "application/vnd.google-earth.kml+xml",
    "fgb": "application/flatgeobuf",
}
_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv",
             ".kml": "kml", ".fgb": "fgb"}


def format_of(path: str | os.PathLike[str]) -> str:
    """Our format name from a file name's suffix.

    Raises:
        ValueError: for a suffix we do not write.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(f"unknown format for {os.fspath(path)!r}; expected one of "
                         f"{', '.join(sorted(_SUFFIXES))}")
    return _SUFFIXES[suffix]
