"""Every page of the app in Chromium, from a live server, under its Content-Security-Policy:
no violation is reported (the scripts Folium writes carry the page's nonce, everything else
is served by geomap), while a script without the nonce is refused (the policy holds).
Issue #14, defect 5."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from ..live import database_url, live_server

TOKEN = "alice-csp-token"
#: Collects the page's CSP violations (in every frame) before any of its scripts runs.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
                    " " + (e.sample || ""));
});
"""
PUBLIC = ["/", "/?place=Xanadu", "/?at=0001-01-01", "/embed", "/embed?title=Aleppo&zoom=9",
          "/embed/snippet", "/maps/{slug}", "/embed/{slug}", "/embed/{slug}?version=1",
          "/ogc?f=html", "/ogc/collections?f=html", "/ogc/collections/events?f=html",
          "/ogc/collections/events/items?f=html&limit=5", "/ogc/collections/zones/items?f=html",
          "/ogc/collections/events/items/{event}?f=html", "/ogc/openapi?f=html",
          "/ogc/conformance?f=html", "/no-such-page"]
DESK = ["/desk/login", "/desk", "/desk?show=all", "/desk/new", "/desk/reports/{report}",
        "/desk/publish", "/desk/maps/{slug}", "/desk/maps/no-such-map"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # the server seeds the demo into the empty store
    with live_server(database_url(tmp_path_factory, "csp"),
                     extra_env={"GEOMAP_API_TOKENS": f"alice:{TOKEN}"}) as base:
        yield base


def _violations(page: Any) -> list[str]:
    found: list[str] = []
    for frame in page.frames:
        found += frame.evaluate("() => window.__csp || ['no listener in ' + location.href]")
    return found


def _open(watch: Any, base: str, path: str) -> tuple[Any, list[str]]:
    page = watch(base)
    page.page.add_init_script(LISTEN)
    page.page.goto(base + path)
    page.settle()
    return page, _violations(page.page)


def _names(base: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{base}/api/events?limit=1", timeout=30) as response:
        event = json.load(response)["features"][0]
    return {"event": event["id"], "report": event["properties"]["report_id"]}


def test_every_page_keeps_its_policy(server: str, watch: Any) -> None:
    names = _names(server)
    desk = watch(server)
    desk.page.add_init_script(LISTEN)
    desk.page.goto(f"{server}/desk/login")
    desk.page.fill("input[name=token]", TOKEN)
    desk.page.click("button[type=submit]")
    desk.page.wait_for_selector(".desk-who")
    desk.page.goto(f"{server}/desk/publish?status=extracted,verified")
    desk.page.fill("input[name=title]", "CSP check")
    desk.page.click("button[value=publish]")
    desk.page.wait_for_selector(".desk-msg")
    names["slug"] = desk.page.url.rstrip("/").rsplit("/", 1)[-1]
    assert names["slug"] == "csp-check", desk.page.url

    problems: dict[str, list[str]] = {}
    for path in PUBLIC:
        page, found = _open(watch, server, path.format(**names))
        if found or page.errors:
            problems[path] = found + page.errors
    for path in DESK:
        desk.errors.clear()
        desk.page.goto(server + path.format(**names))
        desk.settle()
        found = _violations(desk.page)
        if found or desk.errors:
            problems[path] = found + desk.errors
    assert problems == {}


def test_a_script_without_the_nonce_does_not_run(server: str, watch: Any) -> None:
    page, found = _open(watch, server, "/embed")
    assert found == []
    page.page.evaluate("""() => {
        var s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.head.appendChild(s);
    }""")
    page.settle()
    assert page.page.evaluate("() => window.__ran === undefined")
    assert any(v.startswith("script-src") for v in _violations(page.page))
