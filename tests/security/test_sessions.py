"""Defect 4 of issue #14: after signing out, a copied session cookie kept working for up to
12 hours (GET /desk 200, POST /desk/bulk 303). Sessions now live in the store; the cookie
names one by a random secret, and signing out or removing the token ends it for every copy
of the cookie."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from geomap.store import open_store
from tests.web.desk_helpers import sign_in, state


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _bulk(client: FlaskClient, token: str) -> int:
    return client.post("/desk/bulk", data={"csrf_token": token, "action": "verify",
                                           "event": ["ev001"]}).status_code


def test_signing_out_ends_every_copy_of_the_session(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    thief = _copy(app, client)
    assert thief.get("/desk").status_code == 200  # the copy works while the session lives
    assert client.post("/desk/logout", data={"csrf_token": token}).status_code == 303
    before = state(app)
    assert thief.get("/desk").status_code == 302
    assert _bulk(thief, token) == 401
    assert state(app) == before


def test_removing_a_token_ends_its_sessions_in_the_store(app: Flask,
                                                         client: FlaskClient) -> None:
    token = sign_in(client)
    thief = _copy(app, client)
    app.config["API_TOKENS"] = "bare-secret-token"
    assert _bulk(thief, token) == 401
    app.config["API_TOKENS"] = "alice:alice-secret-token"  # put back: the session stays over
    assert client.get("/desk").status_code == 302


def test_the_store_keeps_a_digest_never_the_cookie_secret(app: Flask,
                                                         client: FlaskClient) -> None:
    sign_in(client)
    with client.session_transaction() as cookie:
        secret = cookie["sid"]
        assert set(cookie) <= {"sid", "csrf", "_permanent", "_flashes"}
    with open_store(app.config["DATABASE_URL"]) as store:
        found = store.find_session(hashlib.sha256(secret.encode()).hexdigest())
        assert found is not None and found.who == "alice"
        assert store.find_session(secret) is None
        assert timedelta(hours=11) < found.expires_at - datetime.now(UTC) <= timedelta(hours=12)
        sessions = store.tables.desk_sessions  # type: ignore[attr-defined]
        with store.engine.begin() as conn:  # type: ignore[attr-defined]
            assert secret not in str(conn.execute(select(sessions)).all())
            conn.execute(update(sessions).values(expires_at=datetime.now(UTC)
                                                 - timedelta(seconds=1)))
    assert client.get("/desk").status_code == 302  # expired in the store: signed out


def test_a_new_sign_in_is_a_new_session(app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    old = _copy(app, client)
    sign_in(client)
    assert client.get("/desk").status_code == 200
    assert old.get("/desk").status_code == 200  # two sessions: each ends on its own
    token = sign_in(old)
    assert old.post("/desk/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/desk").status_code == 200
