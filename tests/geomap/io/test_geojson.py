"""GeoJSON: RFC 7946 output (lon/lat, right-hand rule, ids, no crs) and all-or-nothing input."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from pathlib import Path

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LinearRing

from geomap.io import (
    BadRecordsError,
    events_to_geojson,
    read_acled_csv,
    read_events_geojson,
    read_zones_geojson,
    write_acled_csv,
    zones_to_geojson,
)
from geomap.models import EVENT_TYPES, ControlZone, Event


def test_events_are_rfc7946_features_with_every_field(events: list[Event]) -> None:
    text = events_to_geojson(events)
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(text.splitlines()) == len(events) + 2  # one feature a line
    first, *_, last = doc["features"]
    assert first["id"] == "ev-1"
    assert first["geometry"] == {"type": "Point", "coordinates": [37.18481, 36.20329]}
    fields = {f.name for f in dataclasses.fields(Event)}
    assert set(first["properties"]) == fields
    assert first["properties"]["counts"] == {"displaced": 10000}
    assert first["properties"]["quote"] == "plus de 10.000 civils ont fui ces quartiers"
    assert last["geometry"] is None
    assert "« guillemets » شرق حلب" in text  # UTF-8, not \u escapes


def test_zones_follow_the_right_hand_rule(zones: list[ControlZone]) -> None:
    doc = json.loads(zones_to_geojson(zones))
    assert "crs" not in doc and [f["id"] for f in doc["features"]] == ["z-1", "z-2"]
    polygon = doc["features"][0]["geometry"]["coordinates"]
    assert LinearRing(polygon[0]).is_ccw and not LinearRing(polygon[1]).is_ccw
    for part in doc["features"][1]["geometry"]["coordinates"]:
        assert LinearRing(part[0]).is_ccw
    props = doc["features"][0]["properties"]
    assert props == {"id": "z-1", "faction": "rebels", "valid_from": "2016-11-15",
                     "valid_to": "2016-12-11", "source": "Wikipedia; AFP",
                     "note": "Approximate: east"}


def test_gdal_reads_our_geojson(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "events.geojson"
    path.write_text(events_to_geojson(events), encoding="utf-8")
    info = pyogrio.read_info(path)
    assert info["driver"] == "GeoJSON" and info["features"] == len(events)
    assert info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_date"] == "OFTDate" and types["fatalities"] == "OFTInteger"


def test_round_trip(events: list[Event], zones: list[ControlZone]) -> None:
    assert read_events_geojson(events_to_geojson(events)) == events
    back = read_zones_geojson(zones_to_geojson(zones))
    assert [(z.id, z.faction, z.valid_from, z.valid_to, z.source, z.note) for z in back] == [
        (z.id, z.faction, z.valid_from, z.valid_to, z.source, z.note) for z in zones]


def test_foreign_geojson_feature_ids_and_minimal_properties() -> None:
    text = json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
        "properties": {"event_date": "2016-12-11", "event_type": "Battles",
                       "sub_event_type": "Armed clash", "fatalities": "3"}}]})
    [event] = read_events_geojson(text)
    assert (event.id, event.lat, event.lon, event.fatalities) == ("7", 36.2, 37.1, 3)


def test_bad_features_are_all_listed_with_lines_and_nothing_is_kept() -> None:
    good = {"type": "Feature", "geometry": None, "properties": {
        "event_date": "2016-12-11", "event_type": "Battles", "sub_event_type": "Armed clash"}}
    bad_type = json.loads(json.dumps(good))
    bad_type["properties"]["sub_event_type"] = "Air/drone strike"
    bad_point = json.loads(json.dumps(good))
    bad_point["geometry"] = {"type": "Point", "coordinates": [37.1, 136.2]}
    bad_line = json.loads(json.dumps(good))
    bad_line["geometry"] = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    bad_date = json.loads(json.dumps(good))
    bad_date["properties"]["event_date"] = "dimanche"
    text = ('{\n  "type": "FeatureCollection",\n  "name": "x",\n  "features": [\n'
            + ",\n".join(json.dumps(f, indent=1) if i == 0 else json.dumps(f)
                         for i, f in enumerate([good, bad_type, bad_point, bad_line, bad_date]))
            + "\n  ]\n}\n")
    with pytest.raises(BadRecordsError) as caught:
        read_events_geojson(text, name="x.geojson")
    problems = caught.value.problems
    first_bad = 5 + len(json.dumps(good, indent=1).splitlines())
    assert [p.line for p in problems] == [first_bad, first_bad + 1, first_bad + 2,
                                          first_bad + 3]
    assert [p.record for p in problems] == [2, 3, 4, 5]
    assert "not a sub-event type of 'Battles'" in problems[0].message
    assert "latitude" in problems[1].message
    assert "not a LineString" in problems[2].message
    assert "event_date" in problems[3].message and "dimanche" in problems[3].message
    assert str(caught.value).startswith("x.geojson: 4 bad records, nothing imported: line")


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not JSON"),
    ("[1, 2]", "not a GeoJSON object"),
    ('{"type": "FeatureCollection"}', "without a features array"),
])
def test_unreadable_files_are_one_problem(text: str, message: str) -> None:
    with pytest.raises(BadRecordsError, match=message):
        read_events_geojson(text)


def test_zone_overrides_apply_to_every_feature() -> None:
    geometry = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    text = json.dumps({"type": "Feature", "id": "a", "geometry": geometry,
                       "properties": {"faction": "rebels", "valid_from": "2016-01-01"}})
    [z] = read_zones_geojson(text, faction="isis", valid_from=date(2016, 12, 10))
    assert (z.id, z.faction, z.valid_from) == ("a", "isis", date(2016, 12, 10))
    [bare] = read_zones_geojson(json.dumps(geometry), faction="kurdish",
                                valid_from=date(2016, 11, 15))
    assert bare.faction == "kurdish" and bare.id is None


_SUBS = [(main, sub) for main, subs in EVENT_TYPES.items() for sub in subs]


@st.composite
def random_events(draw: st.DrawFn) -> Event:
    main, sub = draw(st.sampled_from(_SUBS))
    start = draw(st.dates(date(1990, 1, 1), date(2030, 12, 31)))
    has_point = draw(st.booleans())
    text = st.text(max_size=40) | st.sampled_from([" ", "\n", "a,\"b\"\r\nc", "0", "null"])
    return Event(
        start, main, sub,
        date_end=draw(st.none() | st.dates(start, date(2031, 1, 1))),
        fatalities=draw(st.none() | st.integers(0, 10**6)),
        counts=draw(st.dictionaries(st.text(min_size=1, max_size=10),
                                    st.integers(0, 10**7), max_size=3)),
        lat=draw(st.floats(-90, 90)) if has_point else None,
        lon=draw(st.floats(-180, 180)) if has_point else None,
        quote=draw(text), notes=draw(st.none() | text.filter(bool)),
        actor1=draw(st.none() | text.filter(bool)),
        confidence=draw(st.floats(0, 1)), id=draw(st.none() | st.text(min_size=1)))


@settings(max_examples=60, deadline=None)
@given(st.lists(random_events(), max_size=4))
def test_property_geojson_and_csv_round_trip(sample: list[Event]) -> None:
    assert read_events_geojson(events_to_geojson(sample)) == sample
    buffer = io.StringIO()
    write_acled_csv(sample, buffer)
    assert read_acled_csv(buffer.getvalue()) == sample


def _template(event: Event) -> bytes:
    """The Feature template the store keeps of ``event``."""
    from geomap.store.features import row_feature
    from geomap.store.schema import EVENT_COLUMNS, JSON_COLUMNS

    row = {name: getattr(event, name) for name in EVENT_COLUMNS}
    return row_feature(row | {name: json.dumps(row[name]) for name in JSON_COLUMNS})


def test_a_page_of_templates_filled_is_each_feature_as_written(events: list[Event]) -> None:
    from geomap.io.geojson import event_feature, join_filled

    located = ["Alep </script>", None, "Idlib\u2028& co", "Alep </script>", "'Azaz'",
               'a,\n  "b",\n  \\', "Ḥalab", None]
    page = [dataclasses.replace(events[i % len(events)], location=loc, id=f"ev-{i}")
            for i, loc in enumerate(located)]
    text = join_filled([_template(e) for e in page], located)
    assert json.loads(b"[" + text + b"]") == [event_feature(e, 1) for e in page]
    for raw in (b"<", b">", b"&", b"'", "\u2028".encode()):  # script-safe, as stored
        assert raw not in text
    assert join_filled([], []) == b""


def test_templates_without_one_hole_each_are_refused(events: list[Event]) -> None:
    from geomap.io.geojson import LOCATION_HOLE, join_filled

    good = _template(events[0])
    none, two = good.replace(LOCATION_HOLE, b'"x"'), good.replace(LOCATION_HOLE, LOCATION_HOLE * 2)
    for templates in ([none], [none, two], [two, none], [good, none]):
        with pytest.raises(ValueError, match="not a feature template"):
            join_filled(templates, ["Aleppo"] * len(templates))
    with pytest.raises(ValueError, match="templates for"):
        join_filled([good], [])
