"""The GeoJSON API (``/api``, ``/healthz``), its writes, and the downloads (``/export``).

Every answer is JSON (or a file); every bad parameter is a 400 saying which and why, from
the one error table (``web.core.errors``).
"""

from __future__ import annotations

from . import exports, views, writes

__all__ = ["BLUEPRINTS"]

BLUEPRINTS = (views.bp, writes.bp, exports.bp)
