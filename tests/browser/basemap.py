"""Waiting for geomap's own basemap in a page (its canvas tiles fetched, drawn, faded in)."""

from __future__ import annotations

from typing import Any

from .conftest import wait_until


def basemap_drawn(page: Any) -> None:
    """Wait until every basemap tile in view has been fetched, drawn and faded in."""
    wait_until(page, """(() => {
        const tiles = [...document.querySelectorAll('.geomap-basemap canvas.leaflet-tile')];
        return tiles.length > 0 && tiles.every(t => t.classList.contains('leaflet-tile-loaded')
                                               && getComputedStyle(t).opacity === '1');
    })()""", timeout=20_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() =>"
                  " requestAnimationFrame(() => r(true))))")
