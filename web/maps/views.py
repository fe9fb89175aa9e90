"""Maps people look at: the explorer (``/``), the newsroom embed (``/embed``), its static
image (``/embed.png``), the page that gives the embed code, and what the maps load: the
clusters of a data tile (``/maps/clusters/{zoom}/{x}/{y}.json``), compact event rows
(``/maps/events.json``, a cluster's with ``tile``), zones, one event for a popup. Every
answer comes from the cache while the store is unchanged (``web.core.cache``).

Each view parses the request, asks ``geomap.query`` which events and zones (the filters'
rules are the API's: rejected events only when asked), and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from markupsafe import Markup

from geomap.actors import known_actors
from geomap.filters import parse_bbox, parse_day, parse_int, parse_tile
from geomap.io.geojson import event_feature
from geomap.io.rows import compact_clusters, compact_rows
from geomap.models import EVENT_TYPES, ControlZone, Event
from geomap.places import find_place, known_names
from geomap.query import (
    Selection,
    as_of_day,
    select_clusters,
    select_events,
    select_extent,
    select_points,
)
from geomap.snapshots import report_credit
from geomap.store import Extent
from geomap.summary import summarise
from geomap.zones import zones_near

from ..core.cache import cached
from ..core.deps import get_gazetteer, get_store
from ..core.headers import embeddable
from ..core.responses import GEOJSON, JSON, compressed, dumps
from ..core.urls import external_url
from . import render
from .render import Bounds, EventLayer, zones_collection

__all__ = ["bp", "FILTERS", "embed_height"]

bp = Blueprint("maps", __name__)
#: Query parameters the maps pass on to their data.
FILTERS = ("from", "to", "type", "actor", "place", "bbox", "status")
_MAX_ROWS = 250_000
_SUMMARY_EVENTS = 2000
_EPOCH = date(1970, 1, 1).toordinal()  # the slider counts days since 1970, as JS dates do


def _filters() -> dict[str, str]:
    return {k: request.args[k] for k in FILTERS if request.args.get(k)}


def _extent(filters: dict[str, str]) -> Extent | None:
    """When and where the selected events lie, and how many are located (once per
    request)."""
    memo = g.setdefault("geomap_extents", {})
    key = tuple(sorted(filters.items()))
    if key not in memo:
        memo[key] = select_extent(get_store(), get_gazetteer(), filters)
    result: Extent | None = memo[key]
    return result


def _as_of(filters: dict[str, str]) -> date:
    at = request.args.get("at")
    day = parse_day("at", at) if at else None
    return as_of_day(get_store(), get_gazetteer(), filters, at=day,
                     extent=None if day or filters.get("to") else _extent(filters))


def _events(filters: dict[str, str], limit: int) -> list[Event]:
    return _first(filters, limit).events


class Shown(NamedTuple):
    """What a map draws: its located events (the first :data:`_SUMMARY_EVENTS`), and how
    many it draws in all."""

    events: list[Event]
    total: int


def _located(events: list[Event]) -> list[Event]:
    return [e for e in events if e.lat is not None and e.lon is not None]


def _shown(filters: dict[str, str]) -> Shown:
    """The located events the filters select, as the map draws them (summaries, alt text
    and legends count these); beyond the first few thousand, only their number (the
    store counts it with their extent)."""
    selection = _first(filters, _SUMMARY_EVENTS)
    events = _located(selection.events)
    total = len(events)
    if len(selection.events) == _SUMMARY_EVENTS:
        extent = _extent(filters)
        total = extent.located if extent is not None else total
    return Shown(events, total)


def _legend(zones: list[ControlZone], events: list[Event]) -> dict[str, Any]:
    return render.legend_context(zones, {e.sub_event_type for e in events},
                                 tallies=any(e.tally for e in events))


def _first(filters: dict[str, str], limit: int = 200) -> Selection:
    """The first events the filters select (whose sources the map credits), not counted."""
    return select_events(get_store(), get_gazetteer(), filters, default_limit=limit,
                         max_limit=limit, count=False)


def _bounds(filters: dict[str, str], zones: list[ControlZone], events: bool = False
            ) -> Bounds | None:
    """What the map opens on: the bbox asked for, the place asked for, else its zones (and
    with ``events`` every event the filters select, all of them: the store's extent)."""
    if filters.get("bbox"):
        w, s, e, n = parse_bbox(filters["bbox"])
        return (s, w), (n, e)
    if filters.get("place"):
        p = find_place(get_gazetteer(), get_store(), filters["place"])
        pad = 0.05 if p.kind in ("district", "neighbourhood", "site") else 0.3
        return (p.lat - pad, p.lon - pad), (p.lat + pad, p.lon + pad)
    extent = _extent(filters) if events else None
    corners = [] if extent is None or extent.bbox is None else [
        (extent.bbox[1], extent.bbox[0]), (extent.bbox[3], extent.bbox[2])]
    return render.extent(corners, zones)


def _map(filters: dict[str, str], zones: list[ControlZone], events: list[Event], *,
         zoom: int | None) -> dict[str, Markup]:
    """The page's map; ``events`` are the first events it shows (their sources are
    credited); it opens on every selected event and the zones unless a zoom, bbox or
    place is asked. The events come by data tile, as clusters (``clusters_json``)."""
    tiles = url_for("maps.clusters_json", zoom=0, x=0, y=0).removesuffix("/0/0/0.json")
    layer = EventLayer(data_url=url_for("maps.events_json"), clusters_url=tiles,
                       params=filters, zones=zones_collection(zones),
                       zones_url=url_for("maps.zones_json"),
                       event_url=url_for("maps.event_detail", event_id="__id__"),
                       collapsed=True)
    view = None
    if zoom is not None:
        view = {**render.WORLD_VIEW, "zoom": zoom}
        if filters.get("place") and not filters.get("bbox"):
            p = find_place(get_gazetteer(), get_store(), filters["place"])
            view = {"lat": p.lat, "lon": p.lon, "zoom": zoom}
    sources = sorted({e.source.split(",")[0].strip() for e in events if e.source})
    return render.page_map(layer, view=view, bounds=None if zoom is not None else
                           _bounds(filters, zones, events=True), sources=sources)


@bp.get("/")
@cached
def explorer() -> str:
    """The explorer: filters, a date control for the zones, the map."""
    filters = _filters()
    at = _as_of(filters)
    zones = get_store().zones_valid_at(at)
    time_range = tuple(d.toordinal() - _EPOCH for d in _time_range(filters, at))
    has_ogc = "ogc.landing" in current_app.view_functions
    shown = _first(filters)
    return render_template(
        "maps/explorer.html", map=_map(filters, zones, shown.events, zoom=None),
        filters=filters, resolved=shown.resolved.describe(),
        at=at.isoformat(), event_types=EVENT_TYPES, actors=known_actors(),
        time_range=time_range, time_value=at.toordinal() - _EPOCH,
        places_url=url_for("api.places") if "api.places" in current_app.view_functions
        else "/api/places",
        embed_page=url_for("maps.embed_snippet", **filters, at=at.isoformat()),
        export_url="/export/events.geojson?" + urlencode(filters), has_ogc=has_ogc,
        **_legend(zones, _located(shown.events)))


def _time_range(filters: dict[str, str], at: date) -> tuple[date, date]:
    """The span the date control covers: from the ``from`` filter, else from the first
    zone of control or a month before ``at``, to ``at`` or the ``to`` filter."""
    if filters.get("from"):
        start = parse_day("from", filters["from"])
    else:
        zones = get_store().query_zones()
        start = min([at.replace(day=1) if at.day > 1 else at,
                     *(z.valid_from for z in zones if z.valid_from <= at)])
        start = max(start, date.fromordinal(at.toordinal() - 366))
    return min(start, at), at


def embed_height() -> int | None:
    """The embed's ``height`` parameter (pixels), which it asks its host for; without it the
    embed asks for a height that follows its width."""
    raw = request.args.get("height")
    return parse_int("height", raw, minimum=200, maximum=2000) if raw else None


@bp.get("/embed")
@embeddable
@cached
def embed() -> str:
    """The embeddable map: no chrome, a legend, attribution, alt text and a summary, all of
    what the map shows."""
    filters = _filters()
    at = _as_of(filters)
    raw = request.args.get("zoom")
    zoom = parse_int("zoom", raw, minimum=1, maximum=18) if raw else None
    shown = _shown(filters)
    zones = zones_near(get_store().zones_valid_at(at), shown.events)
    alt, summary = summarise(shown.events, zones, at, total=shown.total)
    title = request.args.get("title", "")[:200]
    return render_template("maps/embed.html", map=_map(filters, zones, shown.events, zoom=zoom),
                           title=title or "Reported events", alt=alt, summary=summary,
                           at=at.isoformat(), height=embed_height(),
                           png_url=url_for("maps.embed_png", **request.args),
                           **_legend(zones, shown.events))


@bp.get("/embed/snippet")
@cached
def embed_snippet() -> str:
    """How to embed the map: the iframe code with its resize script, the PNG, alt text."""
    args = {k: v for k, v in request.args.items() if v}
    embed_url = external_url("maps.embed", **args)
    filters = _filters()
    at = _as_of(filters)
    shown = _shown(filters)
    zones = zones_near(get_store().zones_valid_at(at), shown.events)
    alt, _ = summarise(shown.events, zones, at, total=shown.total)
    frame = render.iframe(embed_url, title=args.get("title", "Reported events"), label=alt,
                   height=embed_height())
    return render_template("maps/snippet.html", snippet=render.snippet(frame), alt=alt,
                           embed_url=embed_url, png_url=url_for("maps.embed_png", **args),
                           preview=frame, resize_script=Markup(render.RESIZE_SCRIPT))


@bp.get("/embed.png")
@cached
def embed_png() -> Response:
    """The map as a static image for print and social cards, over geomap's own basemap:
    every event and zone it shows in the frame (the area asked for with ``bbox`` or
    ``place``, grown to hold every event)."""
    from . import png as images

    with images.rendering():  # the selection and the drawing, a few at a time
        filters = _filters()
        at = _as_of(filters)
        events = _located(_events(filters, 20_000))
        zones = zones_near(get_store().zones_valid_at(at), events)
        asked = _bounds(filters, []) if filters.get("bbox") or filters.get("place") else None
        png = images.draw(events, zones,
                          title=request.args.get("title", "")[:120] or "Reported events",
                          at=at, bounds=asked)
    return Response(png, mimetype="image/png")


@bp.get("/maps/events.json")
@cached
def events_json() -> Response:
    """Every matching event as a compact row ``[id, lon, lat, type, fatalities, tally,
    date]`` (type: an index into ``types``): a tenth of the bytes of GeoJSON. ``tile``
    (``z/x/y``) keeps those in that tile (a cluster's cell), ``limit`` the first few."""
    raw = request.args.get("tile")
    filters = {**_filters(), **({"limit": request.args["limit"]}
                                if request.args.get("limit") else {})}
    points = select_points(get_store(), get_gazetteer(), filters, max_limit=_MAX_ROWS,
                           tile=parse_tile("tile", raw) if raw else None)
    return compressed(Response(dumps(compact_rows(points)), mimetype=JSON))


@bp.get("/maps/clusters/<int:zoom>/<int:x>/<int:y>.json")
@cached
def clusters_json(zoom: int, x: int, y: int) -> Response:
    """What a map at ``zoom`` draws in data tile ``x``/``y`` (a tile of zoom ``zoom - 2``,
    see ``geomap.query.cluster_levels``): clusters of the matching events per cell of 64
    pixels, with their count, mean point and extent, and the events alone in their cell
    as compact rows."""
    cells = select_clusters(get_store(), get_gazetteer(), _filters(), zoom=zoom, x=x, y=y)
    return compressed(Response(dumps(compact_clusters(cells)), mimetype=JSON))


@bp.get("/maps/zones.json")
@cached
def zones_json() -> Response:
    """The zones of control on ``at`` as GeoJSON (what the date control loads)."""
    at = parse_day("at", request.args.get("at") or date.today().isoformat())
    return Response(dumps(zones_collection(get_store().zones_valid_at(at))), mimetype=GEOJSON)


@bp.get("/maps/events/<event_id>.json")
@cached
def event_detail(event_id: str) -> Response:
    """One event for its popup: the GeoJSON feature, with its report's title, source and
    link (the API's event record does not carry the report)."""
    store = get_store()
    event = known_names(get_gazetteer(), [store.get_event(event_id)])[0]
    feature = event_feature(event, 0)
    credit = report_credit(store, event.report_id)
    if credit is not None:
        feature["properties"]["report"] = credit
    return Response(dumps(feature), mimetype=GEOJSON)
