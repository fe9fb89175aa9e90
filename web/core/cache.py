"""Answers from a cache while nothing changed: the store counts its writes
(``Store.change_counter``), and a read that depends only on the store, the request and the
code is tagged with that count (``ETag``). A client that sends the tag back
(``If-None-Match``) gets ``304 Not Modified``; any other client gets the body this process
kept, without the view running again. Every write bumps the counter, so nothing cached
outlives a change, in any worker process.

The tag covers the request's URL (host, path and query: pages link to themselves), the
tile server's settings, ``Accept`` (OGC API answers HTML or
JSON by it), whether gzip is accepted, the counter, and a fingerprint of the code and
data the app runs (``app_token``: a deployment never answers 304 with yesterday's page).
A page kept is given again with a new nonce on its inline scripts (``headers.csp_nonce``):
each answer's policy names its own.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from flask import Flask, Response, current_app, g, make_response, request

from .deps import get_store
from .headers import csp_nonce

__all__ = ["cached", "init_app", "ResponseCache", "Kept", "CACHE_BYTES", "app_token"]

#: The bodies one process keeps, in bytes (least recently used go first).
CACHE_BYTES = 64 * 1024 * 1024
#: Bodies larger than this are tagged but not kept.
_LARGEST = 8 * 1024 * 1024
_ROOT = Path(__file__).resolve().parents[2]
_WATCHED = ("web", "geomap", "gazetteer", "seeds")

F = TypeVar("F", bound=Callable[..., Any])


class Kept(NamedTuple):
    """An answer kept: its status, headers and body, and the nonce its inline scripts
    carried (a page's; None for data)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    nonce: str | None


class ResponseCache:
    """Recent answers by tag, within ``limit`` bytes of body."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[str, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Kept | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: str, status: int, headers: list[tuple[str, str]], body: bytes,
            nonce: str | None = None) -> None:
        if len(body) > _LARGEST:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._items[key] = Kept(status, headers, body, nonce)
            self.size += len(body)
            while self.size > self.limit and self._items:
                _, gone = self._items.popitem(last=False)
                self.size -= len(gone.body)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def app_token(root: Path = _ROOT) -> str:
    """A fingerprint of the code, templates, scripts and seed data being served (their
    files' names, sizes and modification times)."""
    digest = hashlib.sha1()
    for folder in _WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                              .encode())
    return digest.hexdigest()[:12]


def init_app(app: Flask) -> None:
    """The app's answer cache and the fingerprint of what it serves."""
    app.extensions["geomap.cache"] = ResponseCache()
    app.extensions["geomap.cache_token"] = app_token()


def _tag(counter: int) -> str:
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    # the settings pages show (the tile server), as they are now
    shown = repr(sorted((k, str(v)) for k, v in current_app.config.items()
                        if k.startswith("TILE_")))
    what = "\n".join([current_app.extensions["geomap.cache_token"], shown, request.url,
                      request.headers.get("Accept", ""), "gzip" if gzip else ""])
    return f'W/"{counter}-{hashlib.sha1(what.encode()).hexdigest()[:20]}"'


def cached(view: F) -> F:
    """A read view answered from the cache while the store is unchanged (see the module).

    Its answer must depend on nothing but the store, the URL and ``Accept``; an error is
    never cached. Unless the view says otherwise, clients are told to check again before
    reusing an answer (``Cache-Control: public, no-cache``).
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        counter = get_store().change_counter()  # first: what is read after is as new
        tag = _tag(counter)
        cache: ResponseCache = current_app.extensions["geomap.cache"]
        hit = cache.get(tag)
        if request.if_none_match.contains_weak(tag.removeprefix("W/").strip('"')):
            response = Response(status=304)
            kept = dict(hit.headers) if hit is not None else {}
            response.headers["Cache-Control"] = kept.get("Cache-Control", "public, no-cache")
            if "Vary" in kept:
                response.headers["Vary"] = kept["Vary"]
            response.headers["ETag"] = tag
            return response
        if hit is not None:
            body = hit.body
            if hit.nonce:  # a page: its inline scripts get this answer's own nonce
                body = body.replace(hit.nonce.encode(), csp_nonce().encode())
            return Response(body, status=hit.status, headers=hit.headers)
        response = make_response(view(*args, **kwargs))
        response.headers.setdefault("Cache-Control", "public, no-cache")
        response.headers["ETag"] = tag
        if response.status_code == 200 and not response.is_streamed:
            cache.put(tag, 200, list(response.headers.items()), response.get_data(),
                      g.get("geomap_nonce"))
        return response

    return wrapper  # type: ignore[return-value]
