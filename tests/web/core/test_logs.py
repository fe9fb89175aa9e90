"""The server's log: every write with who and what, every refused request with why."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web import create_app

from ..conftest import Auth
from ..desk_helpers import sign_in


def _lines(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger]


def test_writes_say_who_and_what(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="web")
    client.patch("/api/events/ev001", json={"status": "verified"}, headers=Auth.alice)
    token = sign_in(client)
    client.post("/desk/bulk", data={"csrf_token": token, "action": "reject",
                                    "event": ["ev002", "ev003"]})
    lines = _lines(caplog, "web.writes")
    assert "alice PATCH /api/events/ev001 200: event ev001: status" in lines
    assert "alice POST /desk/bulk 303: 2 event(s) rejected" in lines
    assert "alice POST /desk/login 303: signed in" in lines
    assert not any("GET" in line for line in lines)


def test_refused_requests_say_why(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="web")
    client.get("/api/events?place=Xanadu")
    client.patch("/api/events/ev001", json={"status": "verified"})
    records = [r for r in caplog.records if r.name == "web.requests"]
    assert [r.levelname for r in records] == ["WARNING", "WARNING"]
    assert records[0].getMessage() == (
        "GET /api/events?place=Xanadu 400: no place matches 'Xanadu'")
    assert records[1].getMessage().startswith("PATCH /api/events/ev001 401: this needs")
    assert _lines(caplog, "web.writes") == []


def test_the_level_is_a_setting(app: Flask, db_url: str) -> None:
    assert app.logger.level == logging.INFO
    quiet = create_app({"DATABASE_URL": db_url, "LOG_LEVEL": "warning"})
    assert quiet.logger.level == logging.WARNING
    with pytest.raises(ValueError, match="GEOMAP_LOG_LEVEL"):
        create_app({"DATABASE_URL": db_url, "LOG_LEVEL": "chatty"})
