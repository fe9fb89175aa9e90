"""The one error table: each domain exception has its status, and the answer takes the
form of the door it came through (JSON with OGC codes, the desk's page, the maps' page)."""

from __future__ import annotations

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient

from geomap import errors as domain
from web.core.errors import ApiError, Unauthorized, status_of


@pytest.mark.parametrize(("error", "status"), [
    (domain.NotFound("x"), 404), (domain.InvalidQuery("x"), 400),
    (domain.UnknownPlace("x"), 400), (domain.InvalidData("x"), 400),
    (domain.SchemaVersionError("x"), 503), (domain.StoreError("x"), 503),
    (ApiError("x", 415), 415), (Unauthorized("x"), 401), (KeyError("x"), None),
])
def test_every_domain_error_has_its_status(error: Exception, status: int | None) -> None:
    assert status_of(error) == status


def _raising(app: Flask, error: Exception) -> None:
    def view(**_: str) -> None:
        raise error

    for rule in ("/api/boom", "/ogc/boom", "/desk/boom", "/maps/boom", "/maps/boom.json"):
        app.add_url_rule(rule, rule.replace("/", "_").replace(".", "_"), view)


def test_the_answer_takes_the_form_of_its_door(app: Flask, client: FlaskClient) -> None:
    _raising(app, domain.NotFound("no thing 'x'"))
    for path in ("/api/boom", "/ogc/boom", "/maps/boom.json"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json() == {
            "code": "NotFound", "description": "no thing 'x'", "status": 404}
    desk = client.get("/desk/boom")
    assert desk.status_code == 404 and desk.mimetype == "text/html"
    assert "Back to the queue" in desk.get_data(as_text=True)
    page = client.get("/maps/boom")
    assert page.status_code == 404 and "Back to the map" in page.get_data(as_text=True)
    assert "no thing &#39;x&#39;" in page.get_data(as_text=True)


def test_a_failure_is_a_500_without_its_trace(app: Flask, client: FlaskClient,
                                               caplog: pytest.LogCaptureFixture) -> None:
    _raising(app, ZeroDivisionError("secret detail"))
    response = client.get("/api/boom")
    assert response.status_code == 500 and "secret" not in response.get_data(as_text=True)
    assert response.get_json()["code"] == "InternalServerError"
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)


def test_http_errors_keep_their_headers(app: Flask, client: FlaskClient) -> None:
    app.add_url_rule("/api/gone", "gone", lambda: abort(410))
    assert client.get("/api/gone").get_json()["code"] == "Gone"
    response = client.post("/api/events")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["code"] == "MethodNotAllowed"
