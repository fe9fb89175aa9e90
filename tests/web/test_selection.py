"""Every door selects events alike (``geomap.query``): the API, OGC API, the downloads, the
maps and embeds, the desk. Rejected events stay out unless asked for, actors are found by
any of their names, a user-added place resolves everywhere, and a place that names nothing
is said so, in the door's own form, never answered with nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gazetteer import Place
from geomap.store import open_store

from .conftest import N_EVENTS
from .desk_helpers import sign_in

ISLAMIC_STATE = {f"ev{i:03d}" for i in range(N_EVENTS) if i % 4 in (1, 2)}  # actor1 or 2


def _api_ids(client: FlaskClient, query: str) -> set[str]:
    response = client.get(f"/api/events?limit=1000&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {f["id"] for f in response.get_json(force=True)["features"]}


def _ogc_ids(client: FlaskClient, query: str) -> set[str]:
    response = client.get(f"/ogc/collections/events/items?limit=1000&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {f["id"] for f in response.get_json(force=True)["features"]}


def _csv_count(client: FlaskClient, query: str) -> int:
    response = client.get(f"/export/events.csv?{query}")
    assert response.status_code == 200
    return len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True)))))


def _row_ids(client: FlaskClient, query: str) -> set[str]:
    response = client.get(f"/maps/events.json?{query}")
    assert response.status_code == 200
    return {row[0] for row in response.get_json()["rows"]}


def _reject(app: Flask, *event_ids: str) -> None:
    with open_store(app.config["DATABASE_URL"]) as store:
        for event_id in event_ids:
            store.update_event(event_id, {"status": "rejected"}, who="test")


def test_rejected_events_are_out_unless_asked(app: Flask, client: FlaskClient) -> None:
    _reject(app, "ev001", "ev002")
    for ids in (_api_ids(client, ""), _ogc_ids(client, ""), _row_ids(client, "")):
        assert not ids & {"ev001", "ev002"} and "ev003" in ids
    assert _csv_count(client, "") == N_EVENTS - 2
    for ids in (_api_ids(client, "status=rejected"), _ogc_ids(client, "status=rejected"),
                _row_ids(client, "status=rejected")):
        assert ids == {"ev001", "ev002"}
    assert _csv_count(client, "status=extracted,verified,rejected") == N_EVENTS
    embed = client.get("/embed").get_data(as_text=True)
    # what the map draws: neither the rejected two nor the last one, which has no place
    assert f"Map of {N_EVENTS - 3} reported events" in embed


def test_the_ogc_collection_documents_status_as_a_queryable(client: FlaskClient) -> None:
    response = client.get("/ogc/collections/events/queryables")
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    body = response.get_json(force=True)
    status = body["properties"]["status"]
    assert status["enum"] == ["extracted", "verified", "rejected"]
    assert "rejected ones only when asked" in status["description"]
    links = client.get("/ogc/collections/events").get_json()["links"]
    assert any(link["rel"].endswith("/queryables") and link["href"].endswith(
        "/collections/events/queryables") for link in links)
    document = client.get("/ogc/openapi").get_json(force=True)
    assert "/collections/events/queryables" in document["paths"]
    assert "rejected" in document["components"]["parameters"]["status"]["description"]


@pytest.mark.parametrize("name", ["ISIS", "EI", "Daech", "islamic state", "ÉTAT ISLAMIQUE"])
def test_actors_by_any_of_their_names(client: FlaskClient, name: str) -> None:
    body = client.get(f"/api/events?limit=1000&actor={name}").get_json(force=True)
    assert {f["id"] for f in body["features"]} == ISLAMIC_STATE
    assert body["resolved"]["actors"] == {name: ["Islamic State"]}
    assert _ogc_ids(client, f"actor={name}") == ISLAMIC_STATE
    assert _row_ids(client, f"actor={name}") == ISLAMIC_STATE - {"ev039"}  # unlocated
    assert _csv_count(client, f"actor={name}") == len(ISLAMIC_STATE)
    explorer = client.get(f"/?actor={name}").get_data(as_text=True)
    assert f"Showing actor {name}: Islamic State" in explorer.replace("&#39;", "'")


def test_a_users_place_resolves_through_every_door(app: Flask, client: FlaskClient) -> None:
    with open_store(app.config["DATABASE_URL"]) as store:
        store.add_place(Place(id="user:paris-centre", name="Paris Centre", kind="district",
                              lat=48.8566, lon=2.3522, country_code="FR", source="desk",
                              geometry={"type": "Polygon", "coordinates": [[
                                  [2.2, 48.8], [2.5, 48.8], [2.5, 48.9], [2.2, 48.9],
                                  [2.2, 48.8]]]}))
    paris = {f"ev{i:03d}" for i in range(4, N_EVENTS - 1, 5)}
    for value in ("user:paris-centre", "Paris Centre", "paris centre"):
        assert _api_ids(client, f"place={value}") == paris
        assert _ogc_ids(client, f"place={value}") == paris
        assert _row_ids(client, f"place={value}") == paris
        assert _csv_count(client, f"place={value}") == len(paris)
        assert client.get(f"/?place={value}").status_code == 200
        assert client.get(f"/desk/events.json?place={value}").status_code == 302  # sign-in


def test_an_unknown_place_is_a_400_with_suggestions(client: FlaskClient) -> None:
    for url in ("/api/events?place=Atlantide", "/ogc/collections/events/items?place=Atlantide",
                "/export/events.csv?place=Atlantide", "/maps/events.json?place=Atlantide"):
        response = client.get(url)
        assert response.status_code == 400 and response.is_json, url
        body: dict[str, Any] = response.get_json()
        assert body["description"].startswith("no place matches 'Atlantide'"), url
        assert "geonames:3370352" in [s["id"] for s in body["suggestions"]]  # Atlantis, ZA
    assert "suggestions" not in client.get("/api/events?place=Xanadu").get_json()


@pytest.mark.parametrize("page", ["/", "/embed", "/embed/snippet", "/embed.png"])
def test_the_maps_say_so_on_a_page(client: FlaskClient, page: str) -> None:
    response = client.get(f"{page}?place=Atlantide&from=2016-12-01")
    assert response.status_code == 400 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "no place matches &#39;Atlantide&#39;" in html and "{" not in html.split("<body>")[1]
    assert f'href="{page}?from=2016-12-01&amp;place=geonames%3A3370352"' in html


def test_the_desk_says_so_in_its_forms(client: FlaskClient) -> None:
    token = sign_in(client)
    response = client.post("/desk/publish", data={
        "csrf_token": token, "action": "publish", "title": "Nowhere", "place": "Atlantide"})
    assert response.status_code == 400
    assert "no place matches &#39;Atlantide&#39;; did you mean" in response.get_data(
        as_text=True)
    page = client.get("/desk/publish?place=Xanadu")
    assert page.status_code == 400 and "no place matches &#39;Xanadu&#39;" in page.get_data(
        as_text=True)
