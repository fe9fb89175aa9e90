"""Import and export: events and control zones to and from GIS formats.

``export_events(events, fmt, target)`` / ``export_zones(zones, fmt, target)`` write
``geojson`` (RFC 7946), ``gpkg``, ``csv`` (ACLED's columns plus ours), ``kml`` or ``fgb`` to a
path or a file object. Imports (``read_acled_csv``, ``read_events_geojson``,
``read_zones_geojson``) are all or nothing: they return every record or raise
:class:`BadRecordsError` listing every bad one with its line.
"""

from __future__ import annotations

from .acled import ACLED_COLUMNS, read_acled_csv, write_acled_csv
from .errors import BadRecordsError, Problem
from .files import (
    FORMATS,
    MEDIA_TYPES,
    export_events,
    export_zones,
    format_of,
    read_events,
    read_zones,
)
from .geojson import events_to_geojson, read_events_geojson, read_zones_geojson, zones_to_geojson

__all__ = [
    "FORMATS", "MEDIA_TYPES", "ACLED_COLUMNS", "BadRecordsError", "Problem", "export_events",
    "export_zones", "format_of", "read_events", "read_zones", "read_acled_csv",
    "write_acled_csv", "read_events_geojson", "read_zones_geojson", "events_to_geojson",
    "zones_to_geojson",
]
