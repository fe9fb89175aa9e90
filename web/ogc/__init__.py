"""OGC API - Features Part 1 under ``/ogc``: landing page, conformance, the OpenAPI
document, collections (events, zones, places), their items and queryables."""

from __future__ import annotations

from . import views

__all__ = ["BLUEPRINTS"]

BLUEPRINTS = (views.bp,)
