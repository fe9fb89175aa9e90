"""Writes: reports in and event review need a valid bearer token; bad bodies say why."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web.core.auth import parse_tokens, token_label

from ..conftest import N_EVENTS, SEED_EN_TEXT, Auth

REPORT = {"text": SEED_EN_TEXT, "published": "2016-12-11", "lang": "en",
          "url": "https://example.org/wire", "title": "Palmyra", "source_name": "wire"}


def _counts(client: FlaskClient) -> dict[str, Any]:
    return client.get("/healthz").get_json()


def test_token_setting() -> None:
    assert parse_tokens("alice:s1, s2 ,,") == [
        ("alice", "s1"), ("token-" + hashlib.sha256(b"s2").hexdigest()[:8], "s2")]
    assert token_label("s1", "alice:s1,bob:s2") == "alice"
    assert token_label("s3", "alice:s1,bob:s2") is None
    assert token_label("s1", "") is None


@pytest.mark.parametrize("headers", [{}, Auth.wrong, {"Authorization": "Basic YTpi"},
                                     {"Authorization": "Bearer"}])
def test_writes_without_a_valid_token_are_401_and_change_nothing(
        client: FlaskClient, headers: dict[str, str]) -> None:
    before = _counts(client)
    response = client.post("/api/reports", json=REPORT, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="geomap"')
    assert response.get_json()["code"] == "Unauthorized"
    response = client.patch("/api/events/ev001", json={"status": "rejected"}, headers=headers)
    assert response.status_code == 401
    assert _counts(client) == before
    assert client.get("/api/events/ev001").get_json()["properties"]["status"] == "extracted"
    assert client.get("/api/events/ev001/audit").get_json()["entries"] == []


def test_no_configured_token_disables_writes(app: Flask) -> None:
    app.config["API_TOKENS"] = ""
    response = app.test_client().post("/api/reports", json=REPORT, headers=Auth.alice)
    assert response.status_code == 401 and "disabled" in response.get_json()["description"]


def test_post_report_extracts_and_stores(client: FlaskClient) -> None:
    response = client.post("/api/reports", json=REPORT, headers=Auth.alice)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json(force=True)
    assert response.mimetype == "application/geo+json"
    assert body["type"] == "FeatureCollection" and body["duplicate"] is False
    assert len(body["features"]) >= 5
    assert {f["properties"]["status"] for f in body["features"]} == {"extracted"}
    assert "geonames:163808" in {f["properties"]["place_id"] for f in body["features"]}
    assert response.headers["Location"] == (f"/api/events?report={body['report_id']}"
                                            "&background=any")
    listed = client.get(response.headers["Location"]).get_json(force=True)
    assert {f["id"] for f in listed["features"]} == {f["id"] for f in body["features"]}
    after = _counts(client)
    assert after["reports"] == 2 and after["events"] == N_EVENTS + len(body["features"])

    again = client.post("/api/reports", json=REPORT, headers=Auth.bare)
    assert again.status_code == 200
    repeat = again.get_json(force=True)
    assert repeat["duplicate"] is True and repeat["report_id"] == body["report_id"]
    assert [f["id"] for f in repeat["features"]] == [f["id"] for f in body["features"]]
    assert _counts(client) == after


@pytest.mark.parametrize(("data", "content_type", "status", "says"), [
    (b'{"text": "x", ', "application/json", 400, "not JSON"),
    (b"[1, 2]", "application/json", 400, "JSON object"),
    ('{"text": "caf\u00e9"}'.encode("latin-1"), "application/json", 400, "UTF-8"),
    (b"text=hello", "application/x-www-form-urlencoded", 415, "JSON"),
    (json.dumps({"published": "2016-12-11"}).encode(), "application/json", 400, "text"),
    (json.dumps({"text": "Shelling.", "published": "11/12/2016"}).encode(),
     "application/json", 400, "published"),
    (json.dumps({"text": "Shelling.", "published": "2016-02-30"}).encode(),
     "application/json", 400, "published"),
    (json.dumps({"text": " ", "published": "2016-12-11"}).encode(), "application/json",
     400, "empty"),
    (json.dumps({"text": 5, "published": "2016-12-11"}).encode(), "application/json",
     400, "string"),
    (json.dumps({"text": "a\u0000b", "published": "2016-12-11"}).encode(),
     "application/json", 400, "NUL"),
    (json.dumps({"text": "x", "published": "2016-12-11", "lang": "French"}).encode(),
     "application/json", 400, "lang"),
    (json.dumps({"text": "x", "published": "2016-12-11", "author": "me"}).encode(),
     "application/json", 400, "unknown"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "nested"),
])
def test_bad_report_bodies(client: FlaskClient, data: bytes, content_type: str, status: int,
                           says: str) -> None:
    before = _counts(client)
    response = client.post("/api/reports", data=data, content_type=content_type,
                           headers=Auth.alice)
    assert response.status_code == status
    body = response.get_json()
    assert body["status"] == status and says in body["description"]
    assert _counts(client) == before


def test_a_50_mb_body_is_413(client: FlaskClient) -> None:
    big = json.dumps({"text": "x" * (50 * 1024 * 1024), "published": "2016-12-11"})
    response = client.post("/api/reports", data=big, content_type="application/json",
                           headers=Auth.alice)
    assert response.status_code == 413
    assert response.get_json()["status"] == 413


def test_review_verify_reject_and_audit(client: FlaskClient) -> None:
    response = client.patch("/api/events/ev001", json={"status": "verified"},
                            headers=Auth.alice)
    assert response.status_code == 200
    assert response.get_json(force=True)["properties"]["status"] == "verified"
    client.patch("/api/events/ev001", json={"status": "rejected"}, headers=Auth.bare)
    entries = client.get("/api/events/ev001/audit").get_json()["entries"]
    assert [(e["who"], e["field"], e["old"], e["new"]) for e in entries] == [
        ("alice", "status", "extracted", "verified"),
        (parse_tokens("bare-secret-token")[0][0], "status", "verified", "rejected")]
    assert all(e["at"].endswith("+00:00") for e in entries)


def test_review_corrections(client: FlaskClient) -> None:
    changes = {"place": "Alep-Ouest", "event_date": "2016-12-09", "date_end": "2016-12-10",
               "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Syrian rebels",
               "actor2": None, "counts": {"displaced": 5}, "fatalities": 3}
    response = client.patch("/api/events/ev000", json=changes, headers=Auth.alice)
    assert response.status_code == 200, response.get_data(as_text=True)
    p = response.get_json(force=True)["properties"]
    assert (p["place_id"], p["location"]) == ("geomap:alep-ouest", "West Aleppo")
    assert (p["event_type"], p["sub_event_type"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert (p["event_date"], p["date_end"], p["fatalities"]) == ("2016-12-09", "2016-12-10", 3)
    assert p["counts"] == {"displaced": 5} and p["actor2"] is None
    fields = {e["field"] for e in client.get("/api/events/ev000/audit").get_json()["entries"]}
    assert {"place_id", "lat", "lon", "event_date", "sub_event_type", "fatalities"} <= fields
    by_id = client.patch("/api/events/ev000", json={"place": "geonames:163808"},
                         headers=Auth.alice).get_json(force=True)
    assert by_id["properties"]["location"] == "Palmyra"  # GeoNames' Tadmur, as readers know it


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"status": "deleted"}, 400, "status"),
    ({"quote": "rewritten"}, 400, "cannot change"),
    ({"id": "other"}, 400, "cannot change"),
    ({}, 400, "nothing to change"),
    ({"event_date": "yesterday"}, 400, "event_date"),
    ({"date_end": "2016-11-01"}, 400, "before"),
    ({"fatalities": -1}, 400, "negative"),
    ({"fatalities": "many"}, 400, "fatalities"),
    ({"counts": {"displaced": "lots"}}, 400, "counts"),
    ({"event_type": "Riots"}, 400, "sub_event_type"),
    ({"sub_event_type": "Picnic"}, 400, "sub_event_type"),
    ({"place": "Xqzzyvvv Nowhere"}, 400, "no place"),
    ({"place": 5}, 400, "place"),
    ({"lat": 95.0}, 400, "latitude"),
])
def test_bad_reviews_change_nothing(client: FlaskClient, body: dict[str, Any], status: int,
                                    says: str) -> None:
    before = client.get("/api/events/ev002").get_json()
    response = client.patch("/api/events/ev002", json=body, headers=Auth.alice)
    assert response.status_code == status, response.get_data(as_text=True)
    assert says in response.get_json()["description"]
    assert client.get("/api/events/ev002").get_json() == before
    assert client.get("/api/events/ev002/audit").get_json()["entries"] == []


def test_review_of_an_unknown_event_is_404(client: FlaskClient) -> None:
    response = client.patch("/api/events/nope", json={"status": "verified"},
                            headers=Auth.alice)
    assert response.status_code == 404
