"""Defect 7 of issue #14: the absolute links of /ogc, /api/events and the embed code followed
the request's Host (``evil.example``). They now come from ``GEOMAP_PUBLIC_URL``, or from a
Host among ``GEOMAP_TRUSTED_HOSTS``; any other Host is refused."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask

from tests.web.desk_helpers import sign_in
from web import create_app

EVIL = {"Host": "evil.example"}
PAGES = ["/ogc", "/ogc/collections", "/ogc/collections/events/items?limit=2",
         "/ogc/collections/events/items/ev001", "/ogc/openapi", "/api/events?limit=2",
         "/api/zones", "/embed/snippet", "/"]


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>\\]+", html.unescape(text.replace("\\/", "/")))


@pytest.mark.parametrize("path", PAGES)
def test_an_untrusted_host_is_refused(app: Flask, path: str) -> None:
    response = app.test_client().get(path, headers=EVIL)
    assert response.status_code == 400
    assert not [u for u in _links(response.get_data(as_text=True)) if "evil" in u]


@pytest.mark.parametrize("path", PAGES)
def test_links_come_from_the_public_url_whatever_the_host(db_url: str, app: Flask,
                                                          path: str) -> None:
    public = create_app({"TESTING": True, "DATABASE_URL": db_url,
                         "PUBLIC_URL": "https://maps.example.org/geo/",
                         "TRUSTED_HOSTS": "*"})
    response = public.test_client().get(path, headers=EVIL)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    assert "evil.example" not in text
    ours = [u for u in _links(text) if "example" in u]
    if path.startswith(("/ogc", "/api/events", "/embed/snippet")):
        assert ours, "the page has absolute links"
    assert all(u.startswith("https://maps.example.org/geo/") for u in ours), ours


def test_the_desk_embed_code_uses_the_public_url(db_url: str) -> None:
    public = create_app({"TESTING": True, "DATABASE_URL": db_url,
                         "PUBLIC_URL": "https://maps.example.org",
                         "API_TOKENS": "alice:alice-secret-token"})
    client = public.test_client()
    token = sign_in(client)
    published = client.post("/desk/publish", data={
        "csrf_token": token, "title": "Aleppo", "action": "publish", "status": "verified"})
    assert published.status_code == 303, published.get_data(as_text=True)[:500]
    page = client.get(published.headers["Location"])
    links = [u for u in _links(page.get_data(as_text=True)) if "/embed/" in u]
    assert links and all(u.startswith("https://maps.example.org/embed/") for u in links)
    # a form from the public origin is the app's own
    again = client.post("/desk/logout", data={"csrf_token": token},
                        headers={"Origin": "https://maps.example.org"})
    assert again.status_code == 303


def test_a_public_url_must_be_a_web_address(db_url: str) -> None:
    for bad in ("maps.example.org", "javascript:alert(1)", "https://x.example/?a=1"):
        with pytest.raises(ValueError):
            create_app({"DATABASE_URL": db_url, "PUBLIC_URL": bad})
