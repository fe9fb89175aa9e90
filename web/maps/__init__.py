"""Maps people look at: the explorer (``/``), the newsroom embed and its code, its static
image, the rows the maps draw, the basemap's tiles, and published story maps (``/maps/<slug>``,
``/embed/<slug>``). Page maps are built in one place, :mod:`web.maps.render`."""

from __future__ import annotations

from . import stories, tiles, views

__all__ = ["BLUEPRINTS"]

BLUEPRINTS = (views.bp, stories.bp, tiles.bp)
