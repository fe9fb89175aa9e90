"""The store: reports, events, control zones, places and actors, in SQLite or PostGIS.

>>> from geomap.store import open_store, EventQuery          # doctest: +SKIP
>>> with open_store("sqlite:///var/geomap.db") as store:       # doctest: +SKIP
...     events, total = store.query_events(EventQuery(bbox=(37.1, 36.1, 37.3, 36.3)))

Engines are found by the URL's scheme in :data:`STORES` (a plain dict: add an entry, as a
class or a ``"module:Class"`` path, to plug in another engine). The engine modules are
imported only when used, so the PostGIS extra is needed only for PostGIS URLs.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from ..config import setting
from .base import AddResult, AuditEntry, BBox, EventQuery, Extent, Store
from .desk import DeskSession
from .errors import InvalidData, InvalidQuery, NotFound, SchemaVersionError, StoreError

__all__ = [
    "STORES", "open_store", "store_class", "default_url", "Store", "EventQuery", "AddResult",
    "AuditEntry", "BBox", "Extent", "StoreError", "NotFound", "InvalidQuery", "InvalidData",
    "SchemaVersionError", "DeskSession",
]

#: URL scheme (the part before ``+driver``) → engine class, or its ``"module:Class"`` path
STORES: dict[str, str | type[Store]] = {
    "sqlite": "geomap.store.sqlite:SQLiteStore",
    "postgresql": "geomap.store.postgis:PostGISStore",
    "postgis": "geomap.store.postgis:PostGISStore",
}


def default_url() -> str:
    """``GEOMAP_DATABASE_URL`` from the environment, or its default."""
    url = setting("GEOMAP_DATABASE_URL")
    if not url:
        raise StoreError("GEOMAP_DATABASE_URL is empty")
    return url


def store_class(url: str) -> type[Store]:
    """The engine class for ``url``, by its scheme.

    Raises:
        StoreError: no engine for that scheme.
    """
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower() if ":" in url else ""
    target = STORES.get(scheme)
    if target is None:
        raise StoreError(f"no store for {scheme or url!r} URLs; known schemes: "
                         f"{', '.join(sorted(STORES))}")
    if isinstance(target, str):
        module_name, _, class_name = target.partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        if not (isinstance(cls, type) and issubclass(cls, Store)):
            raise StoreError(f"{target} is not a Store")
        return cls
    return target


def open_store(url: str | None = None, **options: Any) -> Store:
    """The store at ``url`` (None: ``GEOMAP_DATABASE_URL`` or the default ``var/geomap.db``,
    whose directory is created when missing). Nothing is read or created until first use.

    Raises:
        StoreError: an unknown scheme, a malformed URL or a missing engine dependency.
    """
    if url is None:
        url = default_url()
        if "GEOMAP_DATABASE_URL" not in os.environ:  # the built-in default: var/geomap.db
            options.setdefault("create_dirs", True)
    return store_class(url)(url, **options)
