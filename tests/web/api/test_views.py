"""The public read API: /api/events (filters, paging), one event, zones, places, health."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from geomap.io.geojson import features_json
from geomap.jsontext import script_safe
from geomap.query import select_records
from web.api.views import DEFAULT_LIMIT, MAX_LIMIT
from web.core.deps import get_gazetteer, get_store

from ..conftest import N_EVENTS


def _get(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json or response.mimetype == "application/geo+json"
    return response.get_json(force=True)


def _ids(body: dict[str, Any]) -> list[str]:
    return [f["id"] for f in body["features"]]


def test_events_is_a_feature_collection(client: FlaskClient) -> None:
    response = client.get("/api/events")
    assert response.mimetype == "application/geo+json"
    body = response.get_json(force=True)
    assert body["type"] == "FeatureCollection" and "crs" not in body
    assert body["numberMatched"] == body["numberReturned"] == N_EVENTS
    first = body["features"][0]
    assert first["id"] == "ev000" and first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert (lon, lat) == (first["properties"]["lon"], first["properties"]["lat"])
    assert first["properties"]["quote"] == "Sentence 0 <b>with markup</b>."


def test_paging_links_keep_every_filter(client: FlaskClient) -> None:
    url = "/api/events?bbox=30,30,40,40&datetime=2016-12-01/..&type=Battles,Air/drone+strike" \
          "&limit=3"
    seen: list[str] = []
    body = _get(client, url)
    matched = body["numberMatched"]
    assert matched > 6
    pages = 0
    while True:
        pages += 1
        seen += _ids(body)
        for link in body["links"]:
            query = parse_qs(urlsplit(link["href"]).query)
            assert query["bbox"] == ["30,30,40,40"] and query["datetime"] == ["2016-12-01/.."]
            assert query["type"] == ["Battles,Air/drone strike"]
            assert query["limit"] == ["3"]
        nxt = [link for link in body["links"] if link["rel"] == "next"]
        if not nxt:
            break
        assert pages > 1 or not any(link["rel"] == "prev" for link in body["links"])
        body = _get(client, nxt[0]["href"].removeprefix("http://localhost"))
        assert any(link["rel"] == "prev" for link in body["links"])
    assert len(seen) == len(set(seen)) == matched
    assert pages == -(-matched // 3)
    every = _get(client, "/api/events?limit=1000")["features"]
    expected = {f["id"] for f in every if f["geometry"]
                and (f["properties"]["event_type"] == "Battles"
                     or f["properties"]["sub_event_type"] == "Air/drone strike")
                and f["properties"]["event_date"] >= "2016-12-01"
                and 30 <= f["geometry"]["coordinates"][0] <= 40}
    assert set(seen) == expected


@pytest.mark.parametrize(("query", "check"), [
    ("datetime=2016-12-05", lambda p: p["event_date"] == "2016-12-05"),
    ("datetime=../2016-12-03", lambda p: p["event_date"] <= "2016-12-03"),
    ("type=Strategic+developments", lambda p: p["sub_event_type"] == "Displacement"),
    ("actor=Islamic+State", lambda p: "Islamic State" in (p["actor1"], p["actor2"])),
    ("status=verified", lambda p: p["status"] == "verified"),
    ("report=rep1", lambda p: p["report_id"] == "rep1"),
])
def test_filters(client: FlaskClient, query: str, check: Any) -> None:
    body = _get(client, f"/api/events?{query}")
    assert body["features"] and all(check(f["properties"]) for f in body["features"])
    assert body["numberMatched"] == len(body["features"])


def test_bbox_excludes_the_rest(client: FlaskClient) -> None:
    body = _get(client, "/api/events?bbox=2,48,3,49")
    assert {f["properties"]["location"] for f in body["features"]} == {"Paris"}


@pytest.mark.parametrize("name", ["Alep", "Aleppo", "حلب", "geonames:170063"])
def test_place_any_language_takes_in_its_districts(client: FlaskClient, name: str) -> None:
    body = _get(client, f"/api/events?place={name}")
    assert {f["properties"]["place_id"] for f in body["features"]} == {
        "geomap:alep-est", "geomap:alep-ouest"}


def test_place_with_an_outline(client: FlaskClient) -> None:
    body = _get(client, "/api/events?place=Alep-Est")
    assert {f["properties"]["place_id"] for f in body["features"]} == {"geomap:alep-est"}


def test_one_event_and_unknown_ones(client: FlaskClient) -> None:
    feature = _get(client, "/api/events/ev003")
    assert feature["type"] == "Feature" and feature["id"] == "ev003"
    assert feature["properties"]["counts"] == {"displaced": 300}
    error = _get(client, "/api/events/nope", 404)
    assert error["status"] == 404 and "nope" in error["description"]
    assert _get(client, "/api/events/ev003/audit") == {"event_id": "ev003", "entries": []}
    _get(client, "/api/events/nope/audit", 404)


def test_zones_at_a_date(client: FlaskClient) -> None:
    assert set(_ids(_get(client, "/api/zones?at=2016-12-11"))) == {"zone-gov", "zone-reb"}
    assert _ids(_get(client, "/api/zones?at=2016-12-14")) == ["zone-gov"]
    assert len(_ids(_get(client, "/api/zones"))) == 2
    assert _ids(_get(client, "/api/zones?at=2016-12-11&faction=Syrian+rebels")) == ["zone-reb"]
    assert "at" in _get(client, "/api/zones?at=tomorrow", 400)["description"]


@pytest.mark.parametrize("q", ["Alep", "Aleppo", "حلب", "aleppo", "Alepp", "Ale", "حل"])
def test_place_search_as_you_type(client: FlaskClient, q: str) -> None:
    body = _get(client, f"/api/places?q={q}&limit=5")
    assert body["query"] == q
    assert "geonames:170063" in [p["id"] for p in body["places"]]


def test_place_search_details(client: FlaskClient) -> None:
    places = _get(client, "/api/places?q=Alep-Est")["places"]
    assert places[0]["id"] == "geomap:alep-est" and places[0]["matched"] == "Alep-Est"
    minlon, minlat, maxlon, maxlat = places[0]["bbox"]
    assert minlon < places[0]["lon"] < maxlon and minlat < places[0]["lat"] < maxlat
    assert _get(client, "/api/places?q=")["places"] == []
    assert _get(client, "/api/places")["places"] == []
    _get(client, "/api/places?q=Alep&limit=0", 400)
    _get(client, f"/api/places?q={'x' * 300}", 400)


def test_healthz(client: FlaskClient) -> None:
    assert _get(client, "/healthz") == {"status": "ok", "events": N_EVENTS, "reports": 1}


@pytest.mark.parametrize("url", [
    "/api/events?bbox=%FF%FE", "/api/events?limit=%00", "/api/events?datetime=%C3%28",
    "/api/events?type=%E2%80", "/ogc/collections/events/items?bbox=%FF",
    "/api/events?offset=99999999999999999999", "/api/events?place=%00",
])
def test_raw_bad_bytes_in_queries_are_400(client: FlaskClient, url: str) -> None:
    body = _get(client, url, 400)
    assert body["status"] == 400 and body["description"]


def test_public_reads_allow_any_origin(client: FlaskClient) -> None:
    for url in ("/api/events?limit=1", "/ogc/collections", "/export/events.csv",
                "/api/events?bbox=1,2,3"):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"
    response = client.post("/api/reports", json={})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("query", ["", "limit=7&offset=3",
                                   "bbox=30,30,45,40&datetime=2016-12-01/2016-12-31"])
def test_pages_are_the_records_as_written(app: Flask, client: FlaskClient,
                                          query: str) -> None:
    """A page's Features are byte for byte those written from the store's records, located
    by the names readers know (Palmyra, not GeoNames' Tadmur): the Features the store keeps
    change nothing of what the API answers."""
    body = client.get(f"/api/events?{query}").get_data()
    with app.test_request_context(f"/api/events?{query}"):
        found = select_records(get_store(), get_gazetteer(), request.args,
                               default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    assert found.records
    assert body.endswith(b',"features":' + script_safe(features_json(found.records)) + b"}")
    if not query:
        assert {r["location"] for r in found.records} >= {"Palmyra", "Paris"}
