"""Published story maps, pinned: ``/maps/<slug>`` (a page), ``/embed/<slug>`` (the embed),
and what they draw, all read from the version's snapshot (``?version=N`` picks a version,
the latest otherwise): rows, popups, the PNG and a GeoJSON download of exactly what the map
shows. No sign-in: these are public."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup

from geomap.errors import NotFound
from geomap.filters import parse_int
from geomap.io.geojson import write_features
from geomap.snapshots import snapshot_events, snapshot_zones
from geomap.stories import SLUG_PATTERN, StoryMap

from ..core.cache import cached
from ..core.deps import get_store
from ..core.headers import embeddable
from ..core.responses import GEOJSON, JSON, allow_any_origin, compressed, dumps
from .render import EventLayer, extent, legend_context, page_map, zones_collection
from .views import embed_height

__all__ = ["bp", "load_story", "story_map"]

bp = Blueprint("stories", __name__)
bp.after_request(allow_any_origin)

_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()  # by the version's digest
_PNG_LOCK = threading.Lock()


def load_story(slug: str) -> StoryMap:
    """The version of story ``slug`` that ``?version=`` names (the latest without it).

    Raises:
        NotFound: an unknown story or version.
        InvalidQuery: a malformed version.
    """
    if not SLUG_PATTERN.fullmatch(slug):
        raise NotFound(f"no story map {slug!r}")
    raw = request.args.get("version")
    version = None if raw in (None, "") else parse_int("version", raw, minimum=1,
                                                         maximum=10**9)
    return get_store().get_story(slug, version=version)


def _cached(response: Response) -> Response:
    """A named version never changes; the latest may, with a republication."""
    pinned = request.args.get("version") not in (None, "")
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if pinned
                                         else "public, max-age=60")
    return response


def _version_args(story: StoryMap) -> dict[str, Any]:
    return {"version": story.version}


def story_map(story: StoryMap, *, collapsed: bool) -> dict[str, Markup]:
    """The story's map: its view, its layers, its snapshot's rows, zones and popups."""
    snapshot = story.snapshot
    sources = sorted({(f["properties"].get("source") or "").split(",")[0].strip()
                      for f in snapshot.get("events", [])} - {""})
    layer = EventLayer(
        data_url=url_for("stories.events_json", slug=story.slug), params=_version_args(story),
        zones=zones_collection(snapshot.get("zones", [])), zones_url=None,
        event_url=url_for("stories.event_json", slug=story.slug, event_id="__id__",
                          **_version_args(story)),
        collapsed=collapsed, fit=not story.view, layers=story.layers)
    bounds = None
    if not story.view:  # opens on what it shows
        rows = snapshot.get("rows", {"rows": []})["rows"]
        bounds = extent([(r[2], r[1]) for r in rows
                         if ("tallies" if r[5] else "events") in story.layers],
                        snapshot.get("zones", []) if "zones" in story.layers else [])
    return page_map(layer, view=story.view or None, bounds=bounds, sources=sources)


def _as_of(story: StoryMap) -> date:
    return story.as_of or date.today()


def _legend(story: StoryMap) -> dict[str, Any]:
    """The legend of what the story shows: the factions of its zones (when they show), the
    kinds of its events."""
    snapshot = story.snapshot
    zones = snapshot.get("zones", []) if "zones" in story.layers else []
    rows = snapshot.get("rows", {"types": [], "rows": []})
    drawn = [r for r in rows["rows"] if ("tallies" if r[5] else "events") in story.layers]
    return legend_context(zones, [rows["types"][r[3]] for r in drawn],
                          tallies=any(r[5] for r in drawn))


def _page_context(story: StoryMap) -> dict[str, Any]:
    versions: dict[str, Any] = {"version": story.version}
    return {"story": story, "title": story.title, "alt": story.alt_text,
            "at": _as_of(story).isoformat(),
            "png_url": url_for("stories.png", slug=story.slug, **versions),
            "geojson_url": url_for("stories.geojson", slug=story.slug, **versions),
            **_legend(story)}


@bp.get("/maps/<slug>")
@cached
def page(slug: str) -> Response:
    """The story map on a page of its own: title, description, the map, downloads."""
    story = load_story(slug)
    html = render_template("maps/story.html", map=story_map(story, collapsed=False),
                           paragraphs=[p for p in story.description.split("\n\n") if p.strip()],
                           **_page_context(story))
    return _cached(Response(html, mimetype="text/html"))


@bp.get("/embed/<slug>")
@embeddable
@cached
def embed(slug: str) -> Response:
    """The pinned embed: what the story showed when it was published."""
    story = load_story(slug)
    summary = story.snapshot.get("summary", "")
    html = render_template("maps/embed.html", map=story_map(story, collapsed=True),
                           summary=" ".join(filter(None, [story.description, summary])),
                           height=embed_height(), **_page_context(story))
    return _cached(Response(html, mimetype="text/html"))


@bp.get("/embed/<slug>/events.json")
@cached
def events_json(slug: str) -> Response:
    """The story's events as compact rows (what its map draws)."""
    story = load_story(slug)
    rows = story.snapshot.get("rows", {"types": [], "rows": []})
    return _cached(compressed(Response(dumps(rows), mimetype=JSON)))


@bp.get("/embed/<slug>/events/<event_id>.json")
@cached
def event_json(slug: str, event_id: str) -> Response:
    """One event of the story for its popup, as it was when the story was published."""
    story = load_story(slug)
    feature = next((f for f in story.snapshot.get("events", []) if f.get("id") == event_id),
                   None)
    if feature is None:
        raise NotFound(f"story map {slug!r} shows no event {event_id!r}")
    feature = {**feature, "properties": dict(feature["properties"])}
    report = story.snapshot.get("reports", {}).get(feature["properties"].get("report_id"))
    if report is not None:
        feature["properties"]["report"] = report
    return _cached(Response(dumps(feature), mimetype=GEOJSON))


@bp.get("/embed/<slug>.geojson")
@cached
def geojson(slug: str) -> Response:
    """Exactly what the map shows, as GeoJSON: its events, and its zones if they show."""
    import io

    story = load_story(slug)
    features = list(story.snapshot.get("events", []))
    if "zones" in story.layers:
        features += story.snapshot.get("zones", [])
    out = io.StringIO()
    write_features(features, out, f"{story.slug}-v{story.version}")
    response = Response(out.getvalue(), mimetype=GEOJSON)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{story.slug}-v{story.version}.geojson"')
    return _cached(response)


@bp.get("/embed/<slug>.png")
@cached
def png(slug: str) -> Response:
    """The story's map as a static image for print and social cards: every event and zone
    it shows, over geomap's own basemap."""
    from . import png as images

    story = load_story(slug)
    key = story.digest()
    with _PNG_LOCK:
        data = _PNG_CACHE.get(key)
    if data is None:
        events = [e for e in snapshot_events(story.snapshot)
                  if ("tallies" if e.tally else "events") in story.layers]
        zones = snapshot_zones(story.snapshot) if "zones" in story.layers else []
        data = images.draw(events, zones, title=story.title[:120], at=_as_of(story))
        with _PNG_LOCK:
            _PNG_CACHE[key] = data
            while len(_PNG_CACHE) > 32:
                _PNG_CACHE.popitem(last=False)
    return _cached(Response(data, mimetype="image/png"))
