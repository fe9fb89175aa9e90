"""Every GeoJSON answer keeps RFC 7946: [lon, lat] in range, exteriors counter-clockwise
and holes clockwise, no ``crs`` member, an id on every feature."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

GEOJSON_URLS = [
    "/api/events?limit=1000", "/api/zones", "/api/zones?at=2016-12-11",
    "/ogc/collections/events/items?limit=1000", "/ogc/collections/zones/items",
    "/ogc/collections/places/items?limit=1000", "/ogc/collections/areas/items?limit=1000",
    "/export/events.geojson",
    "/export/zones.geojson",
]


def _signed_area(ring: list[list[float]]) -> float:
    """Twice the signed area (shoelace): > 0 for a counter-clockwise ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:],
                                                                      strict=False))


def _check_position(position: list[float]) -> None:
    assert 2 <= len(position) <= 3 and all(isinstance(v, int | float) for v in position)
    lon, lat = position[:2]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def _check_polygon(rings: list[list[list[float]]]) -> None:
    for i, ring in enumerate(rings):
        assert len(ring) >= 4 and ring[0] == ring[-1]
        for position in ring:
            _check_position(position)
        area = _signed_area(ring)
        assert area > 0 if i == 0 else area < 0, "exterior CCW, holes CW"


def check_geometry(geometry: dict[str, Any] | None) -> None:
    if geometry is None:
        return
    assert "crs" not in geometry
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        _check_position(coords)
    elif kind == "Polygon":
        _check_polygon(coords)
    elif kind == "MultiPolygon":
        for polygon in coords:
            _check_polygon(polygon)
    else:
        raise AssertionError(f"unexpected geometry {kind}")


def check_feature_collection(body: dict[str, Any]) -> None:
    assert body["type"] == "FeatureCollection" and "crs" not in body
    assert body["features"]
    for feature in body["features"]:
        assert feature["type"] == "Feature" and "crs" not in feature
        assert isinstance(feature["id"], str | int) and feature["id"] != ""
        check_geometry(feature["geometry"])
        props = feature["properties"]
        if feature["geometry"] and feature["geometry"]["type"] == "Point" and "lat" in props \
                and props.get("lat") is not None:
            assert feature["geometry"]["coordinates"][:2] == [props["lon"], props["lat"]]


@pytest.mark.parametrize("url", GEOJSON_URLS)
def test_geojson_answers_follow_rfc7946(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    check_feature_collection(response.get_json(force=True))


def test_the_check_catches_a_clockwise_exterior() -> None:
    clockwise = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    with pytest.raises(AssertionError):
        check_geometry({"type": "Polygon", "coordinates": [clockwise]})
    with pytest.raises(AssertionError):
        check_geometry({"type": "Point", "coordinates": [36.2, 137.1]})  # [lat, lon]
