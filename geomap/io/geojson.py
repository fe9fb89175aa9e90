"""GeoJSON (RFC 7946) for events and zones, written by hand with ``json`` for exact control.

This is the one place where named ``lat``/``lon`` become a ``[lon, lat]`` position (and
back). Output: a FeatureCollection in WGS 84 with no ``crs`` member, one feature a line,
each with an ``id``; polygons follow the right-hand rule (exteriors counter-clockwise).
Readers are all or nothing: every bad feature is listed with its line, then nothing is kept.
"""

from __future__ import annotations

import io
import itertools
import json
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any

import orjson
from shapely.geometry import Point

from geomap.jsontext import compact_json, script_safe
from geomap.models import ControlZone, Event
from geomap.zones.geometry import repair_reason, to_geojson, to_shape, validate_zone_geometry

from .errors import BadRecordsError, Problem
from .records import (
    JSON_FIELDS,
    event_from_properties,
    event_properties,
    zone_from_properties,
    zone_properties,
)

__all__ = [
    "event_feature", "features_json", "feature_template", "fill_location",
    "fill_locations", "join_filled", "LOCATION_HOLE",
    "event_points", "zone_feature", "write_features",
    "events_to_geojson", "zones_to_geojson", "iter_features", "read_events_geojson",
    "read_zones_geojson",
]


def event_feature(event: Event, number: int) -> dict[str, Any]:
    """A GeoJSON Feature of ``event``; ``id`` is the event id, else ``number``."""
    geometry = None
    if event.lat is not None and event.lon is not None:
        geometry = {"type": "Point", "coordinates": [event.lon, event.lat]}
    return {"type": "Feature", "id": event.id if event.id is not None else str(number),
            "geometry": geometry, "properties": event_properties(event)}


def _record_feature(r: Mapping[str, Any], n: int, json_fields: Sequence[str]
                    ) -> dict[str, Any]:
    """The Feature of a store's record, ready for orjson (its JSON fields as fragments)."""
    properties = dict(r)  # the Event's fields, in its order
    for name in json_fields:
        properties[name] = orjson.Fragment(r[name])
    lat, lon = r["lat"], r["lon"]
    return {"type": "Feature", "id": r["id"] if r["id"] is not None else str(n),
            "geometry": None if lat is None or lon is None else {
                "type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def features_json(records: Iterable[Mapping[str, Any]], first: int = 1) -> bytes:
    """The events' Features (as :func:`event_feature` writes them) as one JSON array, from
    the store's records (``Store.query_records``): their JSON fields go in as stored, the
    rest is written by orjson, without an Event or a dict per field in between. ``first``
    numbers an event without an id."""
    json_fields = sorted(JSON_FIELDS)
    return orjson.dumps([_record_feature(r, n, json_fields)
                         for n, r in enumerate(records, first)])


_SORTED_JSON_FIELDS = sorted(JSON_FIELDS)
#: where a feature template's location goes (no JSON text holds a raw NUL: it is escaped)
LOCATION_HOLE = b"\x00"


def feature_template(record: Mapping[str, Any]) -> bytes:
    """An event's Feature as :func:`features_json` writes it from its record (which has an
    id), made :func:`~geomap.jsontext.script_safe`, with its location's value left out: a
    NUL byte (:data:`LOCATION_HOLE`) where :func:`fill_location` puts it. What the store
    keeps of each event, so that a page of GeoJSON is its templates filled and joined."""
    feature = _record_feature({**record, "location": orjson.Fragment(LOCATION_HOLE)}, 1,
                              _SORTED_JSON_FIELDS)
    data = orjson.dumps(feature)
    return script_safe(data) if _UNSAFE.search(data) else data


def fill_location(template: bytes, location: str | None) -> bytes:
    """The Feature of a :func:`feature_template`, located at ``location``."""
    return join_filled([template], [location])


def fill_locations(templates: Sequence[bytes], locations: Sequence[str | None]
                   ) -> list[bytes]:
    """:func:`fill_location` of each template with its location."""
    return [join_filled([t], [loc]) for t, loc in zip(templates, locations, strict=True)]


def join_filled(templates: Sequence[bytes], locations: Sequence[str | None]) -> bytes:
    """The Features of the templates, each filled with its location, joined by commas
    (the members of a JSON array), in one copy; no Python work per Feature (each template
    cut at its hole by ``map``; the distinct locations written by one call of orjson,
    :func:`_json_values`): about 0.5 ms for a page of 500 of the API, as one call of orjson
    a location took.

    Raises:
        ValueError: a template without exactly one place for its location.
    """
    if len(templates) != len(locations):
        raise ValueError(f"{len(templates)} templates for {len(locations)} locations")
    if not templates:
        return b""
    heads, holes, tails = zip(*map(bytes.partition, templates,
                                   itertools.repeat(LOCATION_HOLE)), strict=True)
    if not all(holes) or any(map(operator.contains, tails, itertools.repeat(LOCATION_HOLE))):
        raise ValueError("not a feature template: it has no place, or two, for its location")
    commas = itertools.chain(itertools.repeat(b",", len(templates) - 1), (b"",))
    return b"".join(itertools.chain.from_iterable(zip(
        heads, _json_values(locations), tails, commas, strict=True)))


def _json_values(values: Sequence[str | None]) -> list[bytes]:
    """Each value's JSON text as orjson writes it, made script-safe. One call of orjson
    for all: the distinct values written one a line (indented), then cut at the line
    ends, which no JSON string holds raw."""
    distinct = list(dict.fromkeys(values))
    lines = orjson.dumps(distinct, option=orjson.OPT_INDENT_2)  # [\n  v1,\n  v2\n]
    written = lines[len(b"[\n  "):-len(b"\n]")].split(b",\n  ")
    if len(written) != len(distinct):  # cannot be: a string's newline is escaped
        raise ValueError("a value written over more than one line")
    if _UNSAFE.search(lines):
        written = [script_safe(w) for w in written]
    return list(map(dict(zip(distinct, written, strict=True)).__getitem__, values))


#: what script_safe escapes (U+2028 and U+2029 are E2 80 A8/A9 in UTF-8)
_UNSAFE = re.compile(rb"[<>&']|\xe2\x80[\xa8\xa9]")


def event_points(events: Sequence[Event]) -> list[Any]:
    """A shapely Point per event (x = lon, y = lat), None for an event without coordinates."""
    return [None if e.lat is None or e.lon is None else Point(e.lon, e.lat) for e in events]


def zone_feature(zone: ControlZone, number: int) -> dict[str, Any]:
    """A GeoJSON Feature of ``zone`` (re-oriented to the right-hand rule)."""
    return {"type": "Feature", "id": zone.id if zone.id is not None else str(number),
            "geometry": to_geojson(to_shape(zone.geometry)),
            "properties": zone_properties(zone)}


def write_features(features: Iterable[Mapping[str, Any]], out: IO[str],
                   name: str | None = None) -> int:
    """Write a FeatureCollection, one feature a line; returns the number of features."""
    head = {"type": "FeatureCollection"} | ({"name": name} if name else {})
    out.write(compact_json(head)[:-1] + ',"features":[')
    count = 0
    for feature in features:
        out.write(("," if count else "") + "\n" + compact_json(feature))
        count += 1
    out.write("\n]}\n")
    return count


def _collection(features: Iterable[Mapping[str, Any]], name: str) -> str:
    buffer = io.StringIO()
    write_features(features, buffer, name)
    return buffer.getvalue()


def events_to_geojson(events: Iterable[Event]) -> str:
    """The events as GeoJSON text."""
    return _collection((event_feature(e, i) for i, e in enumerate(events, 1)), "events")


def zones_to_geojson(zones: Iterable[ControlZone]) -> str:
    """The zones as GeoJSON text."""
    return _collection((zone_feature(z, i) for i, z in enumerate(zones, 1)), "zones")


# -- reading -------------------------------------------------------------------------------------

def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def iter_features(text: str) -> Iterator[tuple[int, Any]]:
    """Each feature of a GeoJSON text with the line it starts on.

    A FeatureCollection yields its features, a Feature or a bare geometry itself.

    Raises:
        ValueError: when the text is not JSON, or not a GeoJSON object.
    """
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:  # "[[[[…" thousands deep: no GeoJSON is nested like that
        raise ValueError("not GeoJSON: arrays or objects nested too deep") from None
    if not isinstance(whole, dict):
        raise ValueError("not a GeoJSON object")
    if whole.get("type") != "FeatureCollection":
        yield _line(text, _skip(text, 0)), whole
        return
    if not isinstance(whole.get("features"), list):
        raise ValueError("FeatureCollection without a features array")
    # walk the top-level members to find where each feature starts (for line numbers)
    i = _skip(text, _skip(text, 0) + 1)
    while i < len(text) and text[i] != "}":
        key, i = decoder.raw_decode(text, i)
        i = _skip(text, _skip(text, i) + 1)  # past the colon
        if key != "features":
            _, i = decoder.raw_decode(text, i)
        else:
            i = _skip(text, i + 1)
            while text[i] != "]":
                start = i
                feature, i = decoder.raw_decode(text, i)
                yield _line(text, start), feature
                i = _skip(text, i)
                i = _skip(text, i + 1) if text[i] == "," else i
            i += 1
        i = _skip(text, i)
        i = _skip(text, i + 1) if text[i] == "," else i


def _features(text: str, name: str) -> list[tuple[int, Any]]:
    try:
        return list(iter_features(text))
    except ValueError as error:
        raise BadRecordsError(name, [Problem(None, str(error))]) from None


def _lat_lon(geometry: Any) -> tuple[float | None, float | None]:
    if geometry is None:
        return None, None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise ValueError(f"an event is a Point (or null geometry), not a {kind}")
    position = geometry.get("coordinates")
    if (not isinstance(position, list) or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in position[:2])):
        raise ValueError(f"Point coordinates {position!r} are not [lon, lat]")
    return float(position[1]), float(position[0])


def read_events_geojson(text: str, *, name: str = "<geojson>") -> list[Event]:
    """Events from GeoJSON whose feature properties are Event fields (as we export them).

    The Point geometry gives ``lat``/``lon``; the feature ``id`` stands in for an absent
    ``id`` property (our own files carry both).

    Raises:
        BadRecordsError: listing every bad feature (line, position, what is wrong).
    """
    events: list[Event] = []
    problems: list[Problem] = []
    for number, (line, feature) in enumerate(_features(text, name), 1):
        try:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise ValueError("not a GeoJSON Feature")
            props = dict(feature.get("properties") or {})
            if "id" not in props and feature.get("id") is not None:
                props["id"] = str(feature["id"])
            lat, lon = _lat_lon(feature.get("geometry"))
            events.append(event_from_properties(props, lat=lat, lon=lon))
        except ValueError as error:
            problems.append(Problem(line, str(error), number))
    if problems:
        raise BadRecordsError(name, problems)
    return events


def read_zones_geojson(text: str, *, name: str = "<geojson>", faction: str | None = None,
                       valid_from: date | None = None, valid_to: date | None = None,
                       source: str | None = None,
                       repaired: list[Problem] | None = None) -> list[ControlZone]:
    """Control zones from GeoJSON: a FeatureCollection, a Feature or a bare geometry.

    ``faction``, ``valid_from``, ``valid_to`` and ``source``, when given, apply to every
    feature (a file of one faction); otherwise each feature's properties must carry
    ``faction`` and ``valid_from`` (``valid_to``, ``source``, ``note``, ``id`` optional).
    Geometry is checked by :func:`~geomap.zones.validate_zone_geometry`: repaired where that
    is safe, refused where not; ``repaired``, when given, receives a note per repaired
    feature.

    Raises:
        BadRecordsError: listing every refused feature; no zone is returned then.
    """
    overrides: dict[str, Any] = {
        k: v for k, v in (("faction", faction), ("valid_from", valid_from),
                          ("valid_to", valid_to), ("source", source)) if v is not None}
    zones: list[ControlZone] = []
    problems: list[Problem] = []
    for number, (line, item) in enumerate(_features(text, name), 1):
        try:
            if not isinstance(item, dict):
                raise ValueError("not a GeoJSON object")
            if item.get("type") == "Feature":
                props, geometry = dict(item.get("properties") or {}), item.get("geometry")
                if "id" not in props and item.get("id") is not None:
                    props["id"] = str(item["id"])
            else:
                props, geometry = {}, item
            if geometry is None:
                raise ValueError("feature has no geometry")
            props |= overrides
            zones.append(zone_from_properties(props, validate_zone_geometry(geometry)))
            reason = repair_reason(geometry)
            if reason and repaired is not None:
                repaired.append(Problem(line, f"repaired: {reason}", number))
        except ValueError as error:
            problems.append(Problem(line, str(error), number))
    if problems:
        raise BadRecordsError(name, problems)
    return zones

