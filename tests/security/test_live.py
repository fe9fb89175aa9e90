"""The ten inputs of issue #14 that answered 500, sent over HTTP to a live ``geomap serve``
(waitress, as in production): every one is a 4xx now, and the server keeps answering."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.live import database_url, live_server

TOKEN = "alice-live-token"
RELATIVE = "Yesterday an air strike hit Aleppo, killing 5 people."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # the server seeds the demo into the empty store
    with live_server(database_url(tmp_path_factory, "live"),
                     extra_env={"GEOMAP_API_TOKENS": f"alice:{TOKEN}"}) as base:
        yield base


class Browser:
    """A keep-alive client with a cookie jar of one cookie (the desk's session)."""

    def __init__(self, base: str):
        self.netloc = urlsplit(base).netloc
        self.cookie = ""

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.netloc, timeout=60)
        sent = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        conn.close()
        return response.status, text

    def api(self, method: str, path: str, raw: str) -> int:
        return self.send(method, path, raw.encode("utf-8", "surrogatepass"), {
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})[0]

    def form(self, path: str, fields: dict[str, str]) -> int:
        from urllib.parse import urlencode

        _, page = self.send("GET", "/desk/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, page[:300]
        body = urlencode({**fields, "csrf_token": token.group(1)}).encode()
        return self.send("POST", path, body,
                         {"Content-Type": "application/x-www-form-urlencoded"})[0]


def test_the_ten_inputs_are_client_errors_on_a_live_server(server: str) -> None:
    client = Browser(server)
    _, events = client.send("GET", "/api/events?limit=1")
    event = json.loads(events)["features"][0]["id"]
    codes = {
        "/?at=0001-01-01": client.send("GET", "/?at=0001-01-01")[0],
        "/?to=0001-01-31": client.send("GET", "/?to=0001-01-31")[0],
        "a lone surrogate in a report": client.api(
            "POST", "/api/reports", '{"text": "x \\ud800 y", "published": "2016-12-11"}'),
        "a lone surrogate in actor1": client.api(
            "PATCH", f"/api/events/{event}", '{"actor1": "\\ud800"}'),
        "a 5,000-digit integer": client.api(
            "PATCH", f"/api/events/{event}", '{"fatalities": ' + "9" * 5000 + "}"),
        "deep nesting": client.api(
            "PATCH", f"/api/events/{event}", '{"counts": ' + "[" * 50_000 + "]" * 50_000 + "}"),
        "published 0001-01-01, relative date": client.api(
            "POST", "/api/reports", json.dumps({"text": RELATIVE, "published": "0001-01-01"})),
        "fatalities 2^63": client.api(
            "PATCH", f"/api/events/{event}", '{"fatalities": 9223372036854775808}'),
    }
    assert client.form("/desk/login", {"token": TOKEN}) == 303
    codes["/desk/new published 0001-01-01"] = client.form(
        "/desk/new", {"text": RELATIVE, "published": "0001-01-01"})
    codes["desk fatalities of 25 digits"] = client.form(
        f"/desk/events/{event}", {"was": "{}", "fatalities": "9" * 25, "back": "/desk"})
    assert codes["desk fatalities of 25 digits"] == 303  # refused on the form, as a message
    assert "Event not changed" in client.send("GET", "/desk")[1]
    codes["/desk/maps/<slug>?version=10^20"] = client.send(
        "GET", "/desk/maps/x?version=99999999999999999999")[0]
    assert {k: v for k, v in codes.items() if not 400 <= v < 500 and v != 303} == {}
    assert client.send("GET", "/healthz")[0] == 200
