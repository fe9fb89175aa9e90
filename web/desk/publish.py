"""Publishing a story map: the form (filters, as-of day, view, layers, title, description,
alt text drafted from the map's content), its preview, and the page of a published map with
its embed code, PNG and GeoJSON. Publishing freezes what the map shows
(``geomap.snapshots``); republishing makes a new version."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from geomap.filters import parse_day, parse_int
from geomap.models import EVENT_TYPES
from geomap.query import as_of_day
from geomap.snapshots import (
    DEFAULT_STATUS,
    MAX_STORY_EVENTS,
    clean_filters,
    find_story,
    make_snapshot,
    story_events,
    view_for,
)
from geomap.stories import LAYERS, StoryMap, check_slug, slugify
from geomap.summary import summarise
from geomap.zones import zones_near

from ..core.deps import get_gazetteer, get_store
from ..core.logs import wrote
from ..core.session import protect
from ..core.urls import external_url
from ..maps.render import RESIZE_SCRIPT, EventLayer, iframe, page_map, snippet, zones_collection
from .forms import FormError, attempt
from .views import current_editor

__all__ = ["bp", "embed_snippet"]

bp = Blueprint("desk_publish", __name__, url_prefix="/desk")
protect(bp)

_TEXT = ("slug", "title", "description", "at", "lat", "lon", "zoom", "alt", "alt_draft",
         "republish")
_DEFAULT_LAYERS = ("zones", "events", "tallies")


def _values(args: Any) -> dict[str, Any]:
    values: dict[str, Any] = {k: (args.get(k) or "").strip() for k in _TEXT}
    values["filters"] = clean_filters(args)
    values["filters"].setdefault("status", DEFAULT_STATUS)
    layers = args.getlist("layers") if hasattr(args, "getlist") else []
    values["layers"] = tuple(x for x in LAYERS if x in layers) or _DEFAULT_LAYERS
    return values


def _from_story(story: StoryMap) -> dict[str, Any]:
    view = story.view or {}
    return {"slug": story.slug, "title": story.title, "description": story.description,
            "at": story.as_of.isoformat() if story.as_of else "",
            "lat": str(view.get("lat", "")), "lon": str(view.get("lon", "")),
            "zoom": str(view.get("zoom", "")), "alt": story.alt_text, "alt_draft": "",
            "republish": story.slug, "filters": dict(story.filters), "layers": story.layers}


def _view(values: dict[str, Any]) -> dict[str, float] | None:
    given = [values[k] for k in ("lat", "lon", "zoom")]
    if not any(given):
        return None
    try:
        lat, lon, zoom = float(given[0]), float(given[1]), float(given[2])
    except ValueError:
        raise FormError("the view needs a latitude, a longitude and a zoom (or none of "
                        "them, to fit the events)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        raise FormError("the view is out of range (latitude ±90, longitude ±180, zoom 0–19)")
    return {"lat": round(lat, 5), "lon": round(lon, 5), "zoom": int(zoom)}


def _prepare(values: dict[str, Any]) -> dict[str, Any]:
    """What the form shows: the events and zones the settings select, the view, the alt text
    drafted from them (kept as the editor wrote it once they have edited it)."""
    store, gazetteer = get_store(), get_gazetteer()
    events, total = story_events(store, gazetteer, values["filters"])
    at = parse_day("as-of day", values["at"]) if values["at"] else None
    day = as_of_day(store, gazetteer, values["filters"], at=at)
    zones = zones_near(store.zones_valid_at(day), events)
    draft, summary = summarise(events, zones, day)
    if not values["alt"] or values["alt"] == values["alt_draft"]:
        values["alt"] = draft
    values["alt_draft"] = draft
    # no view asked for: the map opens fitted to its events and zones, at any size
    return {"events": events, "total": total, "zones": zones, "day": day,
            "view": _view(values), "summary": summary}


def _form_page(values: dict[str, Any], error: str | None = None, status: int = 200
               ) -> tuple[str, int]:
    preview, problem = attempt(lambda: _prepare(values))
    if error is None and problem is not None:
        error, status = problem, 400
    map_html = None
    if preview is not None:
        layer = EventLayer(
            data_url=url_for("desk_review.events_json"), params=values["filters"],
            zones=zones_collection(preview["zones"]),
            event_url=url_for("maps.event_detail", event_id="__id__"),
            collapsed=True, layers=values["layers"], fit=preview["view"] is None)
        map_html = page_map(layer, view=preview["view"] or view_for(preview["events"],
                                                                     preview["zones"]))
    existing = find_story(get_store(), values["slug"]) if values["slug"] else None
    return render_template("desk/publish.html", v=values, error=error, preview=preview,
                           map=map_html, layers=LAYERS, event_types=EVENT_TYPES,
                           existing=existing, max_events=MAX_STORY_EVENTS), status


@bp.get("/publish")
def form() -> tuple[str, int]:
    """The publish form for the filters in the URL, or for republishing ``?story=<slug>``."""
    if request.args.get("story"):
        return _form_page(_from_story(get_store().get_story(request.args["story"])))
    return _form_page(_values(request.args))


def _publish(values: dict[str, Any]) -> tuple[StoryMap, int, int]:
    """Publish the form's settings: (the version stored, the version before, events)."""
    prepared = _prepare(values)
    if not values["title"]:
        raise FormError("give the map a title")
    slug = values["slug"] = values["slug"] or slugify(values["title"])
    check_slug(slug)
    existing = find_story(get_store(), slug)
    if existing is not None and values["republish"] != slug:
        raise FormError(f"a map {slug!r} exists already: choose another slug, or "
                        "republish it from its page")
    if prepared["total"] > MAX_STORY_EVENTS:
        raise FormError(f"{prepared['total']} events match: a story map holds at most "
                        f"{MAX_STORY_EVENTS}; narrow the filters")
    story = StoryMap(
        slug=slug, title=values["title"], description=values["description"],
        filters=values["filters"], as_of=prepared["day"], view=prepared["view"] or {},
        layers=values["layers"], alt_text=values["alt"],
        snapshot=make_snapshot(get_store(), prepared["events"], prepared["zones"],
                               summary=prepared["summary"]))
    before = (existing.version or 0) if existing is not None else 0
    stored = get_store().publish_story(story, who=current_editor())
    return stored, before, len(prepared["events"])


@bp.post("/publish")
def publish() -> Any:
    """Preview the settings (``action=preview``) or publish them as a new version."""
    values = _values(request.form)
    if request.form.get("action") != "publish":
        return _form_page(values)
    done, error = attempt(lambda: _publish(values))
    if done is None:
        return _form_page(values, error, 400)
    stored, before, count = done
    if stored.version == before:
        flash(f"Nothing changed since version {before}: no new version.", "ok")
    else:
        wrote(f"story map {stored.slug} version {stored.version} ({count} events)")
        flash(f"Published {stored.slug}, version {stored.version} ({count} events).", "ok")
    return redirect(url_for("desk_publish.story_page", slug=stored.slug), 303)


def embed_snippet(story: StoryMap, *, pinned: bool = False) -> str:
    """The HTML a newsroom pastes: the iframe and the script that sets its height."""
    args: dict[str, Any] = {"version": story.version} if pinned else {}
    src = external_url("stories.embed", slug=story.slug, **args)
    return snippet(iframe(src, title=story.title, label=story.alt_text))


@bp.get("/maps/<slug>")
def story_page(slug: str) -> str:
    """A published map: its embed code (following republications, or pinned to this
    version), links to the page, PNG and GeoJSON, its alt text and its versions."""
    store = get_store()
    raw = request.args.get("version", "")
    version = parse_int("version", raw, minimum=1, maximum=10**9) if raw else None
    story = store.get_story(slug, version=version)
    return render_template(
        "desk/story.html", story=story, versions=store.story_versions(slug),
        snippet=embed_snippet(story), pinned_snippet=embed_snippet(story, pinned=True),
        preview=Markup(embed_snippet(story, pinned=True).split("\n")[0]),
        resize_script=Markup(RESIZE_SCRIPT), events=len(story.snapshot.get("events", [])),
        zones=len(story.snapshot.get("zones", [])))


@bp.app_template_filter("story_filters")
def story_filters(filters: dict[str, str]) -> str:
    """Filters as text for people: ``from 2016-12-01 · status verified``."""
    return " · ".join(f"{k} {v}" for k, v in sorted(filters.items())) or "none"
