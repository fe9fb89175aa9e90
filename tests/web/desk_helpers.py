"""Helpers of the desk tests: signing in through the form, reading a page's CSRF token, and a
picture of everything a form could change (to show that a refused one changed nothing)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from geomap.store import EventQuery, open_store

ALICE = "alice-secret-token"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, path: str = "/desk/login") -> str:
    """The CSRF token of the form on ``path`` (made for this client's session)."""
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, token: str = ALICE) -> str:
    """Sign in through the form; return the session's CSRF token."""
    response = client.post("/desk/login", data={"csrf_token": csrf(client), "token": token})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return csrf(client, "/desk")


def state(app: Flask) -> dict[str, Any]:
    """Everything a desk form can change: reports, events, their audit, story maps."""
    with open_store(app.config["DATABASE_URL"]) as store:
        events, _ = store.query_events(EventQuery())
        return {
            "reports": store.count_reports(),
            "events": {e.id: (e.status, e.place_id, e.actor1, e.fatalities) for e in events},
            "audit": sum(len(store.audit_trail(e.id)) for e in events if e.id),
            "stories": [(s.slug, s.version) for s in store.list_stories()],
        }


def signed_in(client: FlaskClient) -> bool:
    """Whether the client's session opens the queue."""
    return client.get("/desk").status_code == 200
