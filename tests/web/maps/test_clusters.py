"""The explorer's and the embed's events: clusters per data tile, counted by the store, that
hold exactly the events ``events.json`` gives for their cell, with every filter of the page;
pages that carry a URL and the events' bounds, never the events."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from geomap.query import cluster_levels
from geomap.store.tiles import tile_of

from ..conftest import N_EVENTS


def _clusters(client: FlaskClient, zoom: int, query: str = "") -> list[dict[str, Any]]:
    """The data tiles of a map at ``zoom`` that hold any of the sample events."""
    level, _ = cluster_levels(zoom)
    tiles = {tile_of(r[1], r[2], level)[1:] for r in _rows(client, "status=rejected,"
                                                                     "extracted,verified")}
    out = []
    for x, y in sorted(tiles):
        response = client.get(f"/maps/clusters/{zoom}/{x}/{y}.json?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        out.append(response.get_json())
    return out


def _rows_and_types(client: FlaskClient, query: str) -> list[tuple[list[Any], str]]:
    data = client.get(f"/maps/events.json?{query}").get_json()
    return [(r, data["types"][r[3]]) for r in data["rows"]]


def _rows(client: FlaskClient, query: str) -> list[list[Any]]:
    response = client.get(f"/maps/events.json?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    rows: list[list[Any]] = response.get_json()["rows"]
    return rows


@pytest.mark.parametrize("query", ["", "actor=Daech", "type=Battles", "to=2016-12-10",
                                   "place=Alep", "status=verified"])
@pytest.mark.parametrize("zoom", [3, 9, 15])
def test_clusters_hold_what_the_rows_hold(client: FlaskClient, query: str, zoom: int) -> None:
    every = {r[0] for r in _rows(client, query)}
    seen: set[str] = set()
    for tile in _clusters(client, zoom, query):
        for c in tile["clusters"]:  # [lon, lat, count, tally, w, s, e, n, "z/x/y", types]
            kinds = _rows_and_types(client, f"{query}&tile={c[8]}")
            inside = [(r, t) for r, t in kinds if r[5] == c[3]]
            assert len(inside) == c[2] > 1
            assert sorted(tile["types"][t] for t in c[9]) == sorted({t for _, t in inside})
            inside = [r for r, _ in inside]
            assert c[4] <= c[0] <= c[6] and c[5] <= c[1] <= c[7]
            seen |= {r[0] for r in inside}
        for row in tile["rows"]:  # alone in its cell: the row a map draws
            assert row[0] not in seen and tile["types"][row[3]]
            seen.add(row[0])
    assert seen == every and len(every) > 0


def test_a_cluster_lists_its_first_events(client: FlaskClient) -> None:
    cluster = max((c for t in _clusters(client, 3) for c in t["clusters"]),
                  key=lambda c: c[2])
    assert cluster[2] > 3 and len(_rows(client, f"tile={cluster[8]}&limit=3")) == 3


def test_clusters_split_as_the_map_zooms_in(client: FlaskClient) -> None:
    def drawn(zoom: int) -> int:
        return sum(len(t["clusters"]) + len(t["rows"]) for t in _clusters(client, zoom))

    assert drawn(3) < drawn(9) < drawn(18)
    located = N_EVENTS - 1
    assert sum(c[2] for t in _clusters(client, 18) for c in t["clusters"]) + sum(
        len(t["rows"]) for t in _clusters(client, 18)) == located


@pytest.mark.parametrize("url", ["/maps/clusters/23/0/0.json", "/maps/clusters/7/32/0.json",
                                 "/maps/clusters/3/0/0.json?to=never",
                                 "/maps/events.json?tile=3/9"])
def test_bad_tiles_are_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["code"] == "InvalidParameterValue"


@pytest.mark.parametrize("page", ["/", "/embed"])
def test_pages_carry_a_url_and_the_bounds_not_the_events(client: FlaskClient,
                                                         page: str) -> None:
    html = client.get(page).get_data(as_text=True)
    assert '"clustersUrl":"/maps/clusters"' in html and "supercluster" not in html
    assert "ev001" not in html  # no event travels with the page
    corners = re.search(r"fitBounds\(\s*\[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]",
                        html)
    assert corners is not None
    bounds = tuple(map(float, corners.groups()))
    rows = _rows(client, "")  # the events (Paris included), which hold the zones here
    lats, lons = [r[2] for r in rows], [r[1] for r in rows]
    assert bounds == pytest.approx((min(lats), min(lons), max(lats), max(lons)), abs=1e-5)
    assert len(html) < 30_000
