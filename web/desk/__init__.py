"""The newsroom desk (``/desk``): sign-in, the review queue, report intake, reviewing a
report, publishing story maps. A thin layer of forms over the domain's own functions
(``geomap.intake``, ``geomap.pipeline``, ``geomap.query``), so every change takes the
API's path into the audit trail."""

from __future__ import annotations

from . import publish, review, views

__all__ = ["BLUEPRINTS"]

BLUEPRINTS = (views.bp, review.bp, publish.bp)
