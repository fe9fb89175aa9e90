"""Every export format read back with pyogrio (GDAL) gives the same features and attributes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from shapely.geometry import shape

from geomap.io import FORMATS, MEDIA_TYPES, export_events, export_zones, read_events, read_zones
from geomap.models import ControlZone, Event

SUFFIX = {"geojson": "geojson", "gpkg": "gpkg", "csv": "csv", "kml": "kml", "fgb": "fgb"}
CSV_OPEN = {"X_POSSIBLE_NAMES": "longitude", "Y_POSSIBLE_NAMES": "latitude",
            "KEEP_GEOM_COLUMNS": "NO"}


def _gdal(path: Path, fmt: str, layer: str | None = None) -> Any:
    """The file as GDAL reads it (our readers not involved)."""
    if fmt == "csv":
        return pyogrio.read_dataframe(path, **CSV_OPEN)
    return pyogrio.read_dataframe(path, layer=layer)


def _day(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text not in ("NaT", "") else None


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_read_back_by_gdal(tmp_path: Path, events: list[Event], fmt: str) -> None:
    path = tmp_path / f"events.{SUFFIX[fmt]}"
    assert export_events(events, fmt, path) == len(events)
    frame = _gdal(path, fmt, "events" if fmt != "geojson" else None)
    assert len(frame) == len(events)
    rows = frame.to_dict("records")
    for event, row in zip(events, rows, strict=True):
        assert row["id" if fmt != "csv" else "event_id_cnty"] == event.id
        assert _day(row["event_date"]) == event.event_date.isoformat()
        assert _day(row["date_end"]) == (event.date_end.isoformat() if event.date_end else None)
        counts = row["counts"]
        assert (counts if isinstance(counts, dict) else json.loads(counts)) == event.counts
        assert row["quote"] == event.quote
        assert str(row["background"]).casefold() in (("true", "1") if event.background
                                                     else ("false", "0"))
        claims = row["claims"]
        assert (claims if isinstance(claims, list) else json.loads(claims)) == event.claims
        geom = row["geometry"]
        if event.lat is None:
            assert geom is None or geom.is_empty
        else:
            assert abs(geom.x - event.lon) < 1e-7 and abs(geom.y - event.lat) < 1e-7


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_round_trip_through_every_format(tmp_path: Path, events: list[Event],
                                                fmt: str) -> None:
    path = tmp_path / f"events.{SUFFIX[fmt]}"
    export_events(events, fmt, path)
    assert read_events(path) == events


@pytest.mark.parametrize("fmt", FORMATS)
def test_zones_round_trip_through_every_format(tmp_path: Path, zones: list[ControlZone],
                                               fmt: str) -> None:
    path = tmp_path / f"zones.{SUFFIX[fmt]}"
    assert export_zones(zones, fmt, path) == len(zones)
    if fmt != "csv":
        frame = _gdal(path, fmt, "zones" if fmt != "geojson" else None)
        assert list(frame["faction"]) == [z.faction for z in zones]
        assert [_day(v) for v in frame["valid_from"]] == ["2016-11-15", "2016-11-15"]
    back = read_zones(path)
    for old, new in zip(zones, back, strict=True):
        assert (new.id, new.faction, new.valid_from, new.valid_to, new.source, new.note) == (
            old.id, old.faction, old.valid_from, old.valid_to, old.source, old.note)
        a, b = shape(old.geometry), shape(new.geometry)
        assert a.hausdorff_distance(b) < 1e-7 and a.symmetric_difference(b).area < 1e-12


def test_gpkg_has_typed_fields(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "events.gpkg"
    export_events(events, "gpkg", path)
    info = pyogrio.read_info(path, layer="events")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["event_date"] == "OFTDate" and types["fatalities"] == "OFTInteger64"
    assert types["confidence"] == "OFTReal" and types["tally"] == "OFTInteger"
    assert types["background"] == "OFTInteger" and types["claims"] == "OFTString"
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"


def test_kml_has_names_time_spans_and_escaped_text(tmp_path: Path,
                                                   events: list[Event]) -> None:
    path = tmp_path / "events.kml"
    export_events(events, "kml", path)
    text = path.read_text(encoding="utf-8")
    assert "<name>Displacement, Alep-Est, 2016-12-11</name>" in text
    assert "<begin>2016-11-15" in text and "<end>2016-12-11" in text
    assert "<script>" not in text.split("<description>", 4)[-1].split("</description>")[0]
    assert "&lt;script&gt;" in text


def test_kml_fields_are_typed_and_text_is_not_double_escaped(tmp_path: Path,
                                                            events: list[Event]) -> None:
    """GIS tools read numbers as numbers from our KML (a typed Schema), and a description
    reads "L'armée", not "L&#x27;armée"."""
    import dataclasses

    path = tmp_path / "events.kml"
    events = [dataclasses.replace(events[0], quote="L'armée a dit \"stop\" <b>ici</b>")]
    export_events(events, "kml", path)
    text = path.read_text(encoding="utf-8")
    assert '<SimpleField name="fatalities" type="int"/>' in text
    assert '<SimpleField name="time_precision" type="int"/>' in text
    assert '<SimpleField name="confidence" type="double"/>' in text
    assert "&#x27;" not in text and "&quot;" not in text
    assert "L'armée a dit \"stop\" &lt;b&gt;ici&lt;/b&gt;" in text
    dtypes = dict(zip(*(pyogrio.read_info(path)[k] for k in ("fields", "dtypes")),
                      strict=True))
    assert dtypes["fatalities"] == dtypes["geo_precision"] == "int32"
    assert dtypes["lat"] == dtypes["confidence"] == "float64" and dtypes["tally"] == "bool"
    assert dtypes["begin"].startswith("datetime64")
    (back,) = read_events(path)
    assert back.fatalities == events[0].fatalities and back.quote == events[0].quote


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_file_objects(events: list[Event], fmt: str) -> None:
    binary = io.BytesIO()
    export_events(events, fmt, binary)
    assert binary.getvalue()
    if fmt in ("geojson", "csv"):
        text = io.StringIO()
        export_events(events, fmt, text)
        assert text.getvalue().encode("utf-8") == binary.getvalue()
    assert MEDIA_TYPES[fmt]


def test_unknown_format_and_suffix(tmp_path: Path, events: list[Event]) -> None:
    with pytest.raises(ValueError, match="unknown format 'shp'"):
        export_events(events, "shp", tmp_path / "x.shp")
    with pytest.raises(ValueError, match="unknown format for"):
        read_events(tmp_path / "x.shp")


def test_export_replaces_an_existing_file(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "events.gpkg"
    export_events(events, "gpkg", path)
    export_events(events[:1], "gpkg", path)
    assert len(read_events(path)) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_to_export_gives_a_valid_empty_file(tmp_path: Path, fmt: str) -> None:
    assert export_events([], fmt, tmp_path / f"e.{SUFFIX[fmt]}") == 0
    assert read_events(tmp_path / f"e.{SUFFIX[fmt]}") == []
    assert export_zones([], fmt, tmp_path / f"z.{SUFFIX[fmt]}") == 0
    assert read_zones(tmp_path / f"z.{SUFFIX[fmt]}") == []


def test_zone_csv_cells_are_no_formulas(tmp_path: Path, zones: list[ControlZone]) -> None:
    import csv
    import dataclasses

    hostile = [dataclasses.replace(z, note="=HYPERLINK(\"http://evil.example\")",
                                   source="@SUM(A1)") for z in zones]
    path = tmp_path / "zones.csv"
    export_zones(hostile, "csv", path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["note"].startswith("'=") and r["source"] == "'@SUM(A1)" for r in rows)
    back = read_zones(path)
    assert [(z.note, z.source) for z in back] == [(z.note, z.source) for z in hostile]
