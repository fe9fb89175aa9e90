"""Defects 1 and 9 of issue #14: inputs that answered 500, and values one path in refused
while another stored them. Each is now a 4xx that says why, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.desk_helpers import sign_in, state

RELATIVE = "Yesterday an air strike hit Aleppo, killing 5 people."


def _json(client: FlaskClient, method: str, path: str, body: str) -> Any:
    return client.open(path, method=method, data=body, headers=Auth.alice,
                       content_type="application/json")


#: (what, method, path, raw JSON body, the word the refusal must hold)
API_CASES = [
    ("a lone surrogate in a report's text", "POST", "/api/reports",
     '{"text": "Shelling \\ud800 hit Aleppo.", "published": "2016-12-11"}', "surrogate"),
    ("a lone surrogate in a PATCHed actor1", "PATCH", "/api/events/ev001",
     '{"actor1": "\\udfff"}', "surrogate"),
    ("a 5,000-digit integer", "PATCH", "/api/events/ev001",
     '{"fatalities": ' + "9" * 5000 + "}", "digits"),
    ("a 5,000-digit integer in a report", "POST", "/api/reports",
     '{"text": "x", "published": "2016-12-11", "n": -' + "1" * 5000 + "}", "digits"),
    ("JSON nested 100,000 deep", "PATCH", "/api/events/ev001",
     '{"counts": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    ("JSON nested 900 deep (under Python's limit)", "PATCH", "/api/events/ev001",
     '{"counts": ' + '{"a": ' * 900 + "1" + "}" * 900 + "}", "nested"),
    ("published 0001-01-01 with a relative date", "POST", "/api/reports",
     '{"text": "' + RELATIVE + '", "published": "0001-01-01"}', "1900"),
    ("fatalities 2^63", "PATCH", "/api/events/ev001", '{"fatalities": 9223372036854775808}',
     "fatalities"),
    ("fatalities 2^31", "PATCH", "/api/events/ev001", '{"fatalities": 2147483648}',
     "2,147,483,647"),
    ("a javascript: report URL", "POST", "/api/reports",
     '{"text": "' + RELATIVE + '", "published": "2016-12-11", "url": "javascript:alert(1)"}',
     "http"),
    ("a data: report URL", "POST", "/api/reports",
     '{"text": "' + RELATIVE + '", "published": "2016-12-11", '
     '"url": "data:text/html,<script>alert(1)</script>"}', "http"),
    ("a PATCHed place_id that does not exist", "PATCH", "/api/events/ev001",
     '{"place_id": "geonames:999999999999"}', "no place"),
    ("a PATCHed place_id that is a name", "PATCH", "/api/events/ev001",
     '{"place_id": "Aleppo"}', "place id"),
    ("a 1 MB location", "PATCH", "/api/events/ev001", '{"location": "' + "x" * 1_000_000 + '"}',
     "location"),
]


@pytest.mark.parametrize("what, method, path, body, said", API_CASES,
                         ids=[c[0] for c in API_CASES])
def test_the_api_refuses_extremes_with_400_and_writes_nothing(
        app: Flask, client: FlaskClient, what: str, method: str, path: str, body: str,
        said: str) -> None:
    before = state(app)
    response = _json(client, method, path, body)
    assert response.status_code == 400, (what, response.get_data(as_text=True)[:300])
    answer = response.get_json()
    assert said in answer["description"], answer
    assert state(app) == before


def test_a_place_id_that_exists_is_kept(client: FlaskClient) -> None:
    response = _json(client, "PATCH", "/api/events/ev001", '{"place_id": "geonames:170063"}')
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["properties"]["place_id"] == "geonames:170063"


@pytest.mark.parametrize("path", ["/?at=0001-01-01", "/?to=0001-01-31", "/?from=9999-12-31",
                                  "/embed?at=0001-01-01", "/embed.png?to=0001-01-31",
                                  "/maps/zones.json?at=0001-01-01",
                                  "/api/events?datetime=0001-01-01/0001-01-31",
                                  "/maps/x?version=99999999999999999999",
                                  "/embed/x?version=99999999999999999999"])
def test_days_and_versions_out_of_range_are_client_errors(client: FlaskClient,
                                                          path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404), (path, response.status_code)


def test_the_desk_refuses_extremes_on_its_forms(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    before = state(app)
    intake = client.post("/desk/new", data={"csrf_token": token, "text": RELATIVE,
                                            "published": "0001-01-01"})
    assert intake.status_code == 400 and "1900" in intake.get_data(as_text=True)
    hostile_url = client.post("/desk/new", data={"csrf_token": token, "text": RELATIVE,
                                                 "published": "2016-12-11",
                                                 "url": "javascript:alert(1)"})
    assert hostile_url.status_code == 400
    story = client.get("/desk/maps/x?version=99999999999999999999")
    assert story.status_code == 400, story.status_code
    for fields in ({"fatalities": "9" * 25}, {"fatalities": "9" * 5000},
                   {"counts": "displaced=" + "9" * 12}, {"actor1": "x" * 10_000}):
        edit = client.post("/desk/events/ev002", data={
            "csrf_token": token, "was": "{}", "back": "/desk", **fields})
        assert edit.status_code == 303, (fields, edit.status_code)
        assert "Event not changed" in client.get("/desk").get_data(as_text=True), fields
    for was in ("[" * 100_000 + "]" * 100_000, "9" * 5000, '{"a": ' * 900 + "1" + "}" * 900):
        edit = client.post("/desk/events/ev002", data={
            "csrf_token": token, "was": was, "fatalities": "3"})
        assert edit.status_code == 400, edit.status_code
    assert state(app) == before
