"""Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright (no
browser download). Without it the tests skip, unless GEOMAP_REQUIRE_BROWSER=1 (CI), where
they fail."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("GEOMAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GEOMAP_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
        pytest.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def wait_until(page: Any, expression: str, timeout: float = 30_000) -> None:
    """Wait until the page's JavaScript ``expression`` is true, polling it from outside.

    Playwright's ``wait_for_function`` compiles its predicate with ``eval`` inside the page,
    which our Content-Security-Policy forbids (no ``'unsafe-eval'``); ``evaluate`` runs
    through the DevTools protocol, which the policy does not govern.
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(f"() => Boolean({expression})"):
                return
        except Error as error:  # a page still navigating has no context to ask yet
            if "context" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:g} s: {expression}")
        page.wait_for_timeout(50)


class PageWatch:
    """A page with its script errors, dialogs and outside requests recorded; tile requests
    are answered with nothing (there is no network here) and counted."""

    def __init__(self, page: Any, base: str):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text)
                if msg.type == "error" and "tile" not in msg.text.lower()
                and "Failed to load resource" not in msg.text else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            if r.request.url.startswith(base):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def settle(self) -> None:
        """Wait until the page has nothing left to load and has painted twice: every image's
        onerror and every script the page was given has had its chance to run."""
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() =>"
                           " requestAnimationFrame(() => r(true))))")

    def assert_quiet(self) -> None:
        """No dialog opened and no script error so far (after :meth:`settle`)."""
        self.settle()
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


@pytest.fixture()
def watch(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pages: list[PageWatch] = []

    def open_page(base: str) -> PageWatch:
        page = PageWatch(context.new_page(), base)
        pages.append(page)
        return page

    yield open_page
    # a dialog that opens late, after the test's own checks, still fails it
    late = [d for p in pages for d in p.dialogs]
    context.close()
    assert late == [], f"dialogs opened during the test: {late}"
