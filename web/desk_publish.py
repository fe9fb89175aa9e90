"""Publishing a story map: the form (filters, as-of day, view, layers, title, description,
alt text drafted from the map's content), its preview, and the page of a published map with
its embed code, PNG and GeoJSON. Publishing freezes what the map shows (``story_data``);
republishing makes a new version."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from geomap.io.geojson import zone_feature
from geomap.models import EVENT_TYPES
from geomap.store import InvalidData, NotFound
from geomap.stories import LAYERS, StoryMap, check_slug, slugify

from .deps import get_store
from .desk import current_editor
from .errors import ApiError
from .mapping import EventLayer, build_map, map_parts
from .maps import RESIZE_SCRIPT, factions, summarise
from .session import protect
from .story_data import (
    DEFAULT_STATUS,
    MAX_STORY_EVENTS,
    as_of_day,
    clean_filters,
    make_snapshot,
    story_events,
    view_for,
)

__all__ = ["bp", "embed_snippet"]

bp = Blueprint("desk_publish", __name__, url_prefix="/desk")
protect(bp)

_TEXT = ("slug", "title", "description", "at", "lat", "lon", "zoom", "alt", "alt_draft",
         "republish")
_DEFAULT_LAYERS = ("zones", "events", "tallies")


class FormError(ValueError):
    """A publish form value that cannot be used, said for the editor."""


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
    store = get_store()
    try:
        events, total = story_events(store, values["filters"])
        at = date.fromisoformat(values["at"]) if values["at"] else None
    except ApiError as error:
        raise FormError(error.message) from None
    except ValueError:
        raise FormError("the as-of day must be a date YYYY-MM-DD") from None
    day = as_of_day(values["filters"], events, at)
    zones = store.zones_valid_at(day)
    draft, summary = summarise(events, zones, day)
    if not values["alt"] or values["alt"] == values["alt_draft"]:
        values["alt"] = draft
    values["alt_draft"] = draft
    view = _view(values) or view_for(events, zones)
    return {"events": events, "total": total, "zones": zones, "day": day, "view": view,
            "summary": summary}


def _form_page(values: dict[str, Any], error: str | None = None, status: int = 200
               ) -> tuple[str, int]:
    preview = None
    try:
        preview = _prepare(values)
    except FormError as problem:
        if error is None:
            error, status = str(problem), 400
    map_html = None
    if preview is not None:
        layer = EventLayer(
            data_url=url_for("desk_review.events_json"), params=values["filters"],
            zones={"type": "FeatureCollection",
                   "features": [zone_feature(z, i) for i, z in enumerate(preview["zones"])]},
            factions=factions(), event_url=url_for("maps.event_detail", event_id="__id__"),
            collapsed=True, layers=values["layers"])
        view = preview["view"]
        map_html = map_parts(build_map(
            center=(view["lat"], view["lon"]), zoom=int(view["zoom"]),
            tile_url=current_app.config["TILE_URL"],
            tile_attribution=current_app.config["TILE_ATTRIBUTION"], sources=[], layer=layer))
    existing = None
    if values["slug"]:
        try:
            existing = get_store().get_story(values["slug"])
        except (NotFound, InvalidData):
            existing = None
    return render_template("desk/publish.html", v=values, error=error, preview=preview,
                           map=map_html, layers=LAYERS, event_types=EVENT_TYPES,
                           existing=existing, max_events=MAX_STORY_EVENTS), status


@bp.get("/publish")
def form() -> tuple[str, int]:
    """The publish form for the filters in the URL, or for republishing ``?story=<slug>``."""
    if request.args.get("story"):
        try:
            story = get_store().get_story(request.args["story"])
        except NotFound:
            abort(404, f"No story map {request.args['story']}.")
        return _form_page(_from_story(story))
    return _form_page(_values(request.args))


@bp.post("/publish")
def publish() -> Any:
    """Preview the settings (``action=preview``) or publish them as a new version."""
    values = _values(request.form)
    if request.form.get("action") != "publish":
        return _form_page(values)
    try:
        prepared = _prepare(values)
        if not values["title"]:
            raise FormError("give the map a title")
        slug = values["slug"] = values["slug"] or slugify(values["title"])
        check_slug(slug)
        try:
            existing = get_store().get_story(slug)
        except NotFound:
            existing = None
        if existing is not None and values["republish"] != slug:
            raise FormError(f"a map {slug!r} exists already: choose another slug, or "
                            "republish it from its page")
        if prepared["total"] > MAX_STORY_EVENTS:
            raise FormError(f"{prepared['total']} events match: a story map holds at most "
                            f"{MAX_STORY_EVENTS}; narrow the filters")
        story = StoryMap(
            slug=slug, title=values["title"], description=values["description"],
            filters=values["filters"], as_of=prepared["day"], view=prepared["view"],
            layers=values["layers"], alt_text=values["alt"],
            snapshot=make_snapshot(get_store(), prepared["events"], prepared["zones"],
                                   summary=prepared["summary"]))
        before = existing.version if existing is not None else 0
        stored = get_store().publish_story(story, who=current_editor())
    except (FormError, ValueError) as error:
        return _form_page(values, str(error), 400)
    if stored.version == before:
        flash(f"Nothing changed since version {before}: no new version.", "ok")
    else:
        flash(f"Published {stored.slug}, version {stored.version} "
              f"({len(prepared['events'])} events).", "ok")
    return redirect(url_for("desk_publish.story_page", slug=stored.slug), 303)


def embed_snippet(story: StoryMap, *, pinned: bool = False) -> str:
    """The HTML a newsroom pastes: the iframe (title and alt text as its label) and the
    script that lets the embed set the iframe's height."""
    args: dict[str, Any] = {"version": story.version} if pinned else {}
    src = url_for("stories.embed", slug=story.slug, _external=True, **args)
    iframe = Markup('<iframe src="{}" title="{}" aria-label="{}" width="100%" height="480" '
                    'loading="lazy" style="border:0;width:100%;max-width:100%"></iframe>'
                    ).format(src, story.title, story.alt_text)
    return str(iframe) + "\n<script>" + RESIZE_SCRIPT + "</script>"


@bp.get("/maps/<slug>")
def story_page(slug: str) -> str:
    """A published map: its embed code (following republications, or pinned to this
    version), links to the page, PNG and GeoJSON, its alt text and its versions."""
    store = get_store()
    raw = request.args.get("version", "")
    try:
        story = store.get_story(slug, version=int(raw) if raw.isdigit() else None)
    except NotFound:
        abort(404, f"No story map {slug}.")
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
