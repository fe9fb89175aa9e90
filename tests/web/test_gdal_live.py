"""A real GIS client reads a live server: ``geomap serve`` in a subprocess (an empty store,
so it seeds the demo), then GDAL's OGC API - Features driver (bundled in pyogrio) lists the
collections and reads them, page by page, with the same features as the JSON API."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyogrio
import pytest

from ..live import live_server

pytestmark = pytest.mark.skipif("OAPIF" not in pyogrio.list_drivers(),
                                reason="this GDAL has no OAPIF driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("live") / "geomap.db"
    with live_server(f"sqlite:///{db}") as base:
        yield base


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_serve_seeded_the_demo(server: str) -> None:
    health = get_json(f"{server}/healthz")
    assert health["status"] == "ok" and health["reports"] == 2 and health["events"] >= 10
    assert get_json(f"{server}/api/zones?at=2016-12-11")["features"]


def test_gdal_lists_the_collections(server: str) -> None:
    layers = pyogrio.list_layers(f"OAPIF:{server}/ogc")
    assert [name for name, _ in layers] == ["events", "zones", "places", "areas"]


def test_gdal_reads_the_same_events_as_the_api(server: str) -> None:
    api = get_json(f"{server}/api/events?limit=10000")
    # a page size far below the count makes GDAL follow the next links
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="events", PAGE_SIZE=3)
    assert len(frame) == api["numberMatched"] == len(api["features"])
    assert list(frame["id"]) == [f["id"] for f in api["features"]]
    for feature, point in zip(api["features"], frame.geometry, strict=True):
        assert [point.x, point.y] == feature["geometry"]["coordinates"]
    assert list(frame["event_type"]) == [f["properties"]["event_type"] for f in api["features"]]


def test_gdal_reads_zones_and_places(server: str) -> None:
    zones = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="zones")
    assert len(zones) == get_json(f"{server}/api/zones")["numberMatched"]
    assert set(zones.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    places = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="places")
    assert "geomap:alep-est" in set(places["id"])
    assert set(places.geometry.geom_type) == {"Point"}
    areas = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="areas")
    assert "geomap:alep-est" in set(areas["id"])
    assert set(areas.geometry.geom_type) == {"MultiPolygon"}


def test_gdal_spatial_filter_goes_through_bbox(server: str) -> None:
    api = get_json(f"{server}/api/events?bbox=38,34,39,35&limit=10000")
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer="events", bbox=(38, 34, 39, 35))
    assert sorted(frame["id"]) == sorted(f["id"] for f in api["features"])
    assert 0 < len(frame) < get_json(f"{server}/healthz")["events"]
