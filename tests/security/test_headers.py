"""Defect 5 of issue #14: no page had a Content-Security-Policy, public pages lacked
``nosniff`` and a Referrer-Policy. Every page now has a policy whose nonce is on each of its
inline scripts (and on nothing else), desk pages cannot be framed, embeds only by the
origins a setting allows. (tests/browser/test_csp.py checks that Chromium reports no
violation on any page.)"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.desk_helpers import sign_in
from web import create_app

PUBLIC = ["/", "/embed", "/embed/snippet", "/ogc?f=html", "/ogc/collections/events/items?f=html",
          "/?place=Xanadu", "/no-such-page"]
DESK = ["/desk/login", "/desk", "/desk/new", "/desk/reports/rep1", "/desk/publish"]
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _policy(response: object) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in header.split("; ")}


def _check_page(response: object) -> dict[str, str]:
    policy = _policy(response)
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    scripts = policy["script-src"].split()
    assert scripts[0] == "'self'" and all(s.startswith("'nonce-") for s in scripts[1:])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    nonces = {s[len("'nonce-"):-1] for s in scripts[1:]}
    for attributes in _SCRIPT.findall(response.get_data(as_text=True)):  # type: ignore
        if "src=" not in attributes:
            found = re.search(r'nonce="([^"]+)"', attributes)
            assert found and found.group(1) in nonces, attributes
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # type: ignore
    assert response.headers["Referrer-Policy"]  # type: ignore[attr-defined]
    return policy


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_a_policy_and_are_framed_only_here(client: FlaskClient,
                                                            path: str) -> None:
    response = client.get(path)
    assert response.mimetype == "text/html"
    policy = _check_page(response)
    if path == "/embed":  # any page may frame it, a file: or about:blank one included
        assert "frame-ancestors" not in policy and "X-Frame-Options" not in response.headers
    else:
        assert policy["frame-ancestors"] == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_each_answer_has_a_nonce_of_its_own(client: FlaskClient) -> None:
    first, second = (_policy(client.get("/embed"))["script-src"] for _ in range(2))
    assert first != second


@pytest.mark.parametrize("path", DESK)
def test_desk_pages_cannot_be_framed(client: FlaskClient, path: str) -> None:
    sign_in(client)
    response = client.get(path)
    assert response.status_code == 200, path
    assert _check_page(response)["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_embeds_are_framed_by_the_origins_allowed(db_url: str, app: Flask) -> None:
    strict = create_app({"TESTING": True, "DATABASE_URL": db_url,
                         "EMBED_ORIGINS": "https://news.example.org, https://www.example.com/"})
    client = strict.test_client()
    embed = _policy(client.get("/embed"))
    assert embed["frame-ancestors"] == ("'self' https://news.example.org "
                                        "https://www.example.com")
    assert "X-Frame-Options" not in client.get("/embed").headers
    assert _policy(client.get("/"))["frame-ancestors"] == "'self'"
    with pytest.raises(ValueError):
        create_app({"DATABASE_URL": db_url, "EMBED_ORIGINS": "news.example.org; script-src *"})


def test_reads_and_files_are_not_sniffed(client: FlaskClient) -> None:
    for path in ("/api/events?limit=1", "/healthz", "/export/events.csv", "/static/geomap.js",
                 "/vendor/leaflet/dist/leaflet.js", "/maps/events.json"):
        with client.get(path) as response:
            assert response.status_code == 200, path
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
            assert response.headers["Referrer-Policy"], path


def test_the_tile_server_is_the_only_other_image_origin(db_url: str) -> None:
    tiles = create_app({"TESTING": True, "DATABASE_URL": db_url,
                        "TILE_URL": "https://{s}.tiles.example.net/{z}/{x}/{y}.png"})
    policy = _policy(tiles.test_client().get("/embed"))
    assert policy["img-src"] == "'self' data: blob: https://*.tiles.example.net"
    assert policy["connect-src"] == "'self'" and policy["default-src"] == "'self'"
