"""What requests share: the store (one per app, opened lazily) and the gazetteer."""

from __future__ import annotations

import functools
import threading
from typing import Any

from flask import Flask, current_app

from gazetteer import Gazetteer
from geomap.config import max_report_chars as report_limit
from geomap.pipeline import PolygonOf
from geomap.places import place_polygon
from geomap.store import Store, open_store

__all__ = ["init_app", "get_store", "get_gazetteer", "polygon_of", "max_report_chars"]

_LOCK = threading.Lock()


def init_app(app: Flask) -> None:
    """No store yet: the first request that needs one opens it. The report size limit is
    checked now (``MAX_REPORT_CHARS``; a ValueError for a bad one)."""
    app.extensions["geomap.store"] = None
    app.config["MAX_REPORT_CHARS"] = report_limit(app.config.get("MAX_REPORT_CHARS"))


def get_store() -> Store:
    """The application's store (SQLAlchemy engines are thread-safe and pool connections)."""
    app = current_app
    store = app.extensions.get("geomap.store")
    if store is None:
        with _LOCK:
            store = app.extensions.get("geomap.store")
            if store is None:
                store = open_store(app.config["DATABASE_URL"])
                store.init()
                app.extensions["geomap.store"] = store
    return store


def max_report_chars() -> int:
    """The longest report the API and the desk take (``GEOMAP_MAX_REPORT_CHARS``)."""
    chars: int = current_app.config["MAX_REPORT_CHARS"]
    return chars


def get_gazetteer() -> Gazetteer:
    """The default gazetteer (compiled index, memory-mapped once per process)."""
    return Gazetteer.default()


def polygon_of() -> PolygonOf:
    """The outline of a place by id (gazetteer or user-added), for redrawing zones."""
    outline: Any = functools.partial(place_polygon, get_gazetteer(), get_store())
    return outline
