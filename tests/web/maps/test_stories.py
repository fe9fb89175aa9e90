"""Publishing story maps through the desk, and the published maps: pinned to their snapshot
(new reports and later corrections change nothing until a republication), with versions, a
PNG, a GeoJSON download of exactly what they show, and escaped text everywhere."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap.models import Event, Report
from geomap.store import open_store

from ..desk_helpers import sign_in, state

VERIFIED_LOCATED = [f"ev{i:03d}" for i in range(0, 39, 5)]  # ev039 has no coordinates


def _publish(client: FlaskClient, token: str, **fields: Any) -> Any:
    data = {"csrf_token": token, "action": "publish", "title": "Aleppo in December",
            "description": "What was verified.", "layers": ["zones", "events", "tallies"],
            **fields}
    return client.post("/desk/publish", data=data)


def _rows(client: FlaskClient, slug: str, query: str = "") -> list[str]:
    response = client.get(f"/embed/{slug}/events.json{query}")
    assert response.status_code == 200
    return sorted(r[0] for r in response.get_json()["rows"])


@pytest.fixture
def published(client: FlaskClient) -> str:
    token = sign_in(client)
    response = _publish(client, token, slug="aleppo-december", to="2016-12-31")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/desk/maps/aleppo-december"
    return token


def test_a_published_map_shows_the_verified_events(client: FlaskClient, published: str) -> None:
    assert _rows(client, "aleppo-december") == VERIFIED_LOCATED
    page = client.get("/desk/maps/aleppo-december").get_data(as_text=True)
    assert "version 1 of 1" in page and "Map of 8 reported events" in page
    snippet = page[page.index('id="desk-snippet"'):]
    assert "&lt;iframe src=&#34;http://localhost/embed/aleppo-december&#34;" in snippet
    assert "geomap-height" in snippet  # the resize script
    for path in ("/maps/aleppo-december", "/embed/aleppo-december"):
        html = client.get(path).get_data(as_text=True)
        assert "Aleppo in December" in html and "/embed/aleppo-december/events.json" in html
        assert '"version":1' in html
    embed = client.get("/embed/aleppo-december").get_data(as_text=True)
    assert 'aria-label="Map of 8 reported events' in embed


def test_the_published_map_is_pinned(app: Flask, client: FlaskClient, published: str) -> None:
    before = {path: client.get(path).get_data() for path in (
        "/embed/aleppo-december/events.json", "/embed/aleppo-december.geojson",
        "/embed/aleppo-december/events/ev005.json")}
    with open_store(app.config["DATABASE_URL"]) as store:
        store.add_report(Report(text="A later report.", published=date(2016, 12, 20)), [
            Event(event_date=date(2016, 12, 20), event_type="Battles",
                  sub_event_type="Armed clash", place_id="geomap:alep-est", lat=36.2,
                  lon=37.18, status="verified", id="later")])
        store.update_event("ev005", {"lat": 36.0, "actor1": "Corrected"}, who="bob")
        store.update_event("ev010", {"status": "rejected"}, who="bob")
    for path, body in before.items():
        assert client.get(path).get_data() == body, path
    assert client.get("/embed/aleppo-december/events/later.json").status_code == 404
    # republishing makes version 2 with today's data; version 1 stays as it was
    response = client.post("/desk/publish", data={
        "csrf_token": published, "action": "publish", "republish": "aleppo-december",
        "slug": "aleppo-december", "title": "Aleppo in December", "to": "2016-12-31"})
    assert response.status_code == 303
    now = _rows(client, "aleppo-december")
    assert "later" in now and "ev010" not in now
    assert _rows(client, "aleppo-december", "?version=1") == VERIFIED_LOCATED
    moved = client.get("/embed/aleppo-december/events/ev005.json").get_json()
    assert moved["properties"]["actor1"] == "Corrected"
    old = client.get("/embed/aleppo-december/events/ev005.json?version=1").get_json()
    assert old["properties"]["actor1"] != "Corrected"
    assert old["properties"]["report"]["published"] == "2016-12-11"


def test_publishing_the_same_twice_makes_one_version(app: Flask, client: FlaskClient,
                                                     published: str) -> None:
    after = state(app)
    form = {"republish": "aleppo-december", "slug": "aleppo-december", "to": "2016-12-31",
            "alt": "", "description": "What was verified."}
    response = _publish(client, published, **form)
    assert response.status_code == 303 and state(app)["stories"] == after["stories"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no new version" in page


def test_a_slug_in_use_is_not_overwritten(app: Flask, client: FlaskClient,
                                          published: str) -> None:
    before = state(app)
    response = _publish(client, published, slug="aleppo-december", title="Something else")
    assert response.status_code == 400 and "exists already" in response.get_data(as_text=True)
    assert state(app) == before


@pytest.mark.parametrize("fields, message", [
    ({"slug": "Bad Slug!"}, "lower-case"), ({"slug": "snippet"}, "reserved"),
    ({"title": ""}, "title"), ({"lat": "36", "lon": "", "zoom": "9"}, "view"),
    ({"type": "Picnic"}, "unknown event type"), ({"at": "yesterday"}, "as-of"),
])
def test_bad_settings_publish_nothing(app: Flask, client: FlaskClient,
                                      fields: dict[str, str], message: str) -> None:
    token = sign_in(client)
    before = state(app)
    response = _publish(client, token, **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert state(app) == before


def test_the_form_drafts_alt_text_and_keeps_the_editors(client: FlaskClient) -> None:
    token = sign_in(client)
    page = client.get("/desk/publish?report=rep1").get_data(as_text=True)
    assert "Map of 8 reported events from 2016-12-01" in page
    edited = client.post("/desk/publish", data={
        "csrf_token": token, "action": "preview", "report": "rep1", "alt": "My own words.",
        "alt_draft": "Map of 8 reported events"}).get_data(as_text=True)
    assert "My own words.</textarea>" in edited
    redrafted = client.post("/desk/publish", data={
        "csrf_token": token, "action": "preview", "type": "Air/drone strike",
        "status": "extracted,verified"}).get_data(as_text=True)
    assert "Map of 10 reported events" in redrafted


def test_view_layers_and_as_of_are_kept(client: FlaskClient) -> None:
    token = sign_in(client)
    _publish(client, token, slug="no-zones", lat="36.2", lon="37.15", zoom="12",
             layers=["events"], at="2016-12-20")
    html = client.get("/embed/no-zones").get_data(as_text=True)
    assert '"layers":["events"]' in html and "[36.2, 37.15]" in html
    assert "Control as of <span class=\"geomap-asof\">2016-12-20</span>" in html
    body = client.get("/embed/no-zones.geojson").get_json()
    assert {f["geometry"]["type"] for f in body["features"]} == {"Point"}  # zones hidden


def test_downloads(client: FlaskClient, published: str, tmp_path: Any) -> None:
    import pyogrio

    response = client.get("/embed/aleppo-december.geojson?version=1")
    assert response.mimetype == "application/geo+json"
    assert "immutable" in response.headers["Cache-Control"]
    assert 'filename="aleppo-december-v1.geojson"' in response.headers["Content-Disposition"]
    body = response.get_json()
    kinds = [f["geometry"]["type"] for f in body["features"]]
    # as of the 31st (the "to" filter) only the government's zone holds; the rebels' ended
    assert kinds.count("Point") == 8 and kinds.count("Polygon") == 1
    path = tmp_path / "story.geojson"
    path.write_bytes(response.get_data())
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(body["features"])
    png = client.get("/embed/aleppo-december.png")
    assert png.status_code == 200 and png.get_data()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.headers["Cache-Control"] == "public, max-age=60"


def test_unknown_maps_and_versions_are_404(client: FlaskClient, published: str) -> None:
    for path in ("/maps/nothing-here", "/embed/nothing-here", "/embed/nothing-here.png",
                 "/embed/aleppo-december?version=2", "/embed/aleppo-december/events/x.json",
                 "/embed/Not_A_Slug", "/desk/maps/nothing-here"):
        assert client.get(path).status_code == 404, path
    assert client.get("/embed/aleppo-december?version=x").status_code == 400
    assert client.get("/embed/snippet").status_code == 200  # still the old embed code page


def test_published_text_is_escaped(client: FlaskClient) -> None:
    token = sign_in(client)
    hostile = "<script>alert(1)</script>"
    response = _publish(client, token, slug="hostile", title=f"T {hostile}",
                        description=f"D {hostile}", alt=f"A {hostile}\" onload=\"x")
    assert response.status_code == 303
    for path in ("/maps/hostile", "/embed/hostile", "/desk/maps/hostile"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and '" onload="x' not in html, path
    rows = json.loads(client.get("/embed/hostile/events.json").get_data(as_text=True))
    assert len(rows["rows"]) == 8
