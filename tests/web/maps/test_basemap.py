"""geomap's own basemap: TopoJSON read right (shared arcs are borders, coasts are not), tiles
that hold the land, borders and labels of their square and nothing of the open sea, labels
chosen by zoom and population that never overlap and that neighbouring tiles agree on,
names readers know, small gzip tiles that browsers may keep."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from gazetteer import Gazetteer
from web.maps.basemap import LABEL_REACH, TILE_SIZE, Basemap
from web.maps.labels import STYLES, city_floor
from web.maps.mercator import lat_of, lon_of, to_pixels
from web.maps.topojson import Topology

ALEPPO = (37.16, 36.2)
PALMYRA = (38.284, 34.5624)
MID_ATLANTIC = (-35.0, 30.0)


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    return Basemap(Gazetteer.default())


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    x, y = to_pixels(lon, lat, z)
    return int(x // TILE_SIZE), int(y // TILE_SIZE)


def _points(flat: list[int]) -> list[tuple[int, int]]:
    return list(zip(flat[::2], flat[1::2], strict=True))


def test_topojson_arcs_polygons_and_the_mesh_of_shared_arcs() -> None:
    # two unit squares side by side, quantised on a 10 x 10 grid of 0.1 degree steps:
    # arc 0 is the shared edge x=1 (up), arc 1 the left square's other edges, arc 2 the right's
    topology = {
        "type": "Topology", "transform": {"scale": [0.1, 0.1], "translate": [10, 20]},
        "arcs": [[[10, 0], [0, 10]],
                 [[10, 10], [-10, 0], [0, -10], [10, 0]],
                 [[10, 0], [10, 0], [0, 10], [-10, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]]},
            {"type": "Polygon", "arcs": [[2, -1]]}]}}}
    decoded = Topology(topology)
    left, right = decoded.polygons("countries")
    assert left.is_valid and right.is_valid
    assert left.bounds == pytest.approx((10.0, 20.0, 11.0, 21.0))
    assert right.bounds == pytest.approx((11.0, 20.0, 12.0, 21.0))
    assert left.area == pytest.approx(1.0) and right.area == pytest.approx(1.0)
    (border,) = decoded.mesh("countries")  # the coasts belong to one square only
    assert [v for point in border.coords for v in point] == pytest.approx([11, 20, 11, 21])


def test_mercator_round_trip() -> None:
    for lon, lat in (ALEPPO, PALMYRA, (-70.5, -33.4), (179.9, 80.0)):
        x, y = to_pixels(lon, lat, 7)
        assert lon_of(float(x), 7) == pytest.approx(lon)
        assert lat_of(float(y), 7) == pytest.approx(lat)


def test_a_tile_over_syria_holds_land_borders_governorates_and_cities(
        basemap: Basemap) -> None:
    x, y = _tile_of(*ALEPPO, 7)
    tile = basemap.tile(7, x, y)
    assert tile["size"] == TILE_SIZE and tile["land"]
    assert tile["borders"], "Syria's borders with Turkey and Iraq"
    assert tile["admin"], "the governorates' borders from seeds/gazetteer"
    names = {label[2] for label in tile["labels"]}
    assert {"Aleppo", "Damascus", "Homs"} <= names
    # coordinates are the tile's own pixels, a few beyond its edge at most
    for line in tile["borders"] + tile["admin"]:
        for px, py in _points(line):
            assert -LABEL_REACH <= px <= TILE_SIZE + LABEL_REACH
            assert -LABEL_REACH <= py <= TILE_SIZE + LABEL_REACH


def test_the_open_sea_has_no_land_and_no_labels(basemap: Basemap) -> None:
    x, y = _tile_of(*MID_ATLANTIC, 6)
    tile = basemap.tile(6, x, y)
    assert tile["land"] == [] and tile["labels"] == [] and tile["borders"] == []


def test_a_tile_inside_a_country_is_land_all_over(basemap: Basemap) -> None:
    x, y = _tile_of(39.0, 34.8, 10)  # the Syrian desert between Palmyra and the Euphrates
    (polygon,) = basemap.tile(10, x, y)["land"]
    xs, ys = polygon[0][::2], polygon[0][1::2]
    assert min(xs) < 0 and max(xs) > TILE_SIZE and min(ys) < 0 and max(ys) > TILE_SIZE


def test_labels_follow_zoom_and_population(basemap: Basemap) -> None:
    x, y = _tile_of(*ALEPPO, 5)
    wide = {label[2] for label in basemap.tile(5, x, y)["labels"]}
    x, y = _tile_of(*ALEPPO, 9)
    close = {label[2] for label in basemap.tile(9, x, y)["labels"]}
    assert "Syria" in wide and "Aleppo" in wide
    assert "Idlib" not in wide and "Idlib" in close  # a town of 100,000 or so
    assert city_floor(2) is None and city_floor(5) > city_floor(9) > city_floor(12) == 0


def _box(label: list[Any]) -> tuple[float, float, float, float]:
    return STYLES[label[3]].box(label[0], label[1], label[2])


@pytest.mark.parametrize("z", [5, 7, 9, 11, 14])
def test_labels_never_overlap(basemap: Basemap, z: int) -> None:
    x, y = _tile_of(*ALEPPO, z)
    labels = basemap.tile(z, x, y)["labels"]
    assert labels
    boxes = [_box(label) for label in labels]
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_neighbouring_tiles_agree_on_the_labels_they_share(basemap: Basemap) -> None:
    z = 9
    x, y = _tile_of(*ALEPPO, z)
    left, right = basemap.tile(z, x, y), basemap.tile(z, x + 1, y)

    def world(tile: dict[str, Any], tx: int) -> dict[str, tuple[int, int]]:
        return {label[2]: (label[0] + tx * TILE_SIZE, label[1] + y * TILE_SIZE)
                for label in tile["labels"]}

    a, b = world(left, x), world(right, x + 1)
    edge = (x + 1) * TILE_SIZE
    near = {name for name, (px, py) in {**a, **b}.items()
            if abs(px - edge) < LABEL_REACH - 20 and 0 <= py - y * TILE_SIZE < TILE_SIZE}
    assert near, "some place lies near the shared edge"
    for name in near:
        assert a.get(name) == b.get(name), name


def test_labels_are_the_names_readers_know(basemap: Basemap) -> None:
    x, y = _tile_of(*PALMYRA, 9)
    english = {label[2] for label in basemap.tile(9, x, y)["labels"]}
    french = {label[2] for label in basemap.tile(9, x, y, "fr")["labels"]}
    assert "Palmyra" in english and "Tadmur" not in english
    assert "Palmyre" in french


def test_tiles_are_simplified_per_zoom(basemap: Basemap) -> None:
    """A tile's land holds about as many points at every zoom (the coast of a whole sea at
    zoom 4, of a few kilometres at zoom 10): detail grows with the zoom, bytes do not."""
    sizes = {}
    for z in (4, 6, 8, 10):
        x, y = _tile_of(35.9, 35.5, z)  # the Syrian coast near Latakia
        tile = basemap.tile(z, x, y)
        points = sum(len(ring) // 2 for polygon in tile["land"] for ring in polygon)
        sizes[z] = len(gzip.compress(json.dumps(tile).encode()))
        assert 4 <= points < 2500, (z, points)
    assert max(sizes.values()) < 16_000, sizes


def test_the_tile_route(client: FlaskClient, basemap: Basemap) -> None:
    x, y = _tile_of(*ALEPPO, 7)
    version = basemap.version
    response = client.get(f"/maps/basemap/7/{x}/{y}.json?v={version}",
                          headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    body = json.loads(gzip.decompress(response.get_data()))
    assert body["land"] and any(label[2] == "Aleppo" for label in body["labels"])
    plain = client.get(f"/maps/basemap/7/{x}/{y}.json")
    assert "Content-Encoding" not in plain.headers and plain.get_json() == body
    assert "immutable" not in plain.headers["Cache-Control"]


@pytest.mark.parametrize("path, status", [
    ("/maps/basemap/7/999/0.json", 404), ("/maps/basemap/20/0/0.json", 404),
    ("/maps/basemap/7/0/0.json?lang=fr%22", 400),
])
def test_tiles_outside_the_world_are_not_found(client: FlaskClient, path: str,
                                               status: int) -> None:
    assert client.get(path).status_code == status


def test_the_zoom_zero_tile_is_the_whole_world(basemap: Basemap) -> None:
    tile = basemap.tile(0, 0, 0)
    xs = [px for polygon in tile["land"] for ring in polygon for px in ring[::2]]
    assert min(xs) < 10 and max(xs) > 246 and max(xs) <= 256 + 1  # a world 256 pixels wide
    assert len(tile["land"]) > 50  # continents and islands
