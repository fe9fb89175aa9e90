"""Maps people look at: the explorer (``/``), the newsroom embed (``/embed``), its static
image (``/embed.png``), the page that gives the embed code, and the compact event rows the
maps draw from (``/maps/events.json``)."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, url_for
from markupsafe import Markup, escape

from geomap.io.geojson import zone_feature
from geomap.models import EVENT_TYPES, ControlZone, Event
from geomap.store import EventQuery
from geomap.store.errors import NotFound
from web.deps import get_gazetteer, get_store
from web.mapping import (
    EVENT_STYLES,
    GLYPH_LABELS,
    EventLayer,
    build_map,
    compact_rows,
    js_json,
    map_parts,
)
from web.params import event_query, parse_bbox, parse_day

__all__ = ["bp", "FILTERS", "RESIZE_SCRIPT", "factions", "legend_context", "summarise",
           "compressed"]

bp = Blueprint("maps", __name__)
#: Query parameters the maps pass on to their data.
FILTERS = ("from", "to", "type", "actor", "place", "bbox", "status")
_MAX_ROWS = 250_000
_ZONES_DIR = Path(__file__).resolve().parent.parent / "seeds" / "zones"


@cache
def factions() -> dict[str, dict[str, str]]:
    """Faction id → display name and colour (``seeds/zones/factions.toml``)."""
    path = _ZONES_DIR / "factions.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {k: {"name": v.get("name", k), "colour": v.get("colour", "#777777")}
            for k, v in data.items()}


def _filters() -> dict[str, str]:
    return {k: request.args[k] for k in FILTERS if request.args.get(k)}


def _query(filters: dict[str, str]) -> EventQuery:
    args = dict(filters)
    if "status" not in args:  # maps show what was not rejected
        args["status"] = "extracted,verified"
    return event_query(args, get_gazetteer(), default_limit=None, max_limit=_MAX_ROWS)


def _as_of(filters: dict[str, str]) -> date:
    """The day the zones show: ``at``, else ``to``, else the last day of the events shown
    (a map of 2016's events shows 2016's front lines), else today."""
    if request.args.get("at"):
        return parse_day("at", request.args["at"])
    if filters.get("to"):
        return parse_day("to", filters["to"])
    query = _query(filters)
    _, total = get_store().query_events(_with_limit(query, 0))
    if total:
        last, _ = get_store().query_events(replace(query, limit=1, offset=total - 1))
        return last[0].date_end or last[0].event_date
    return date.today()


def _zones(at: date) -> list[ControlZone]:
    return get_store().zones_valid_at(at)


def _zones_fc(zones: list[ControlZone]) -> dict[str, Any]:
    return {"type": "FeatureCollection",
            "features": [zone_feature(z, n) for n, z in enumerate(zones)]}


def _bounds(filters: dict[str, str], zones: list[ControlZone]
            ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """What the map opens on: the bbox asked for, the place asked for, else the zones."""
    if filters.get("bbox"):
        w, s, e, n = parse_bbox(filters["bbox"])
        return (s, w), (n, e)
    if filters.get("place"):
        places = get_gazetteer().lookup(filters["place"], limit=1)
        if places:
            p = places[0]
            pad = 0.05 if p.kind in ("district", "neighbourhood", "site") else 0.3
            return (p.lat - pad, p.lon - pad), (p.lat + pad, p.lon + pad)
    if zones:
        from shapely.geometry import shape

        xs, ys = [], []
        for z in zones:
            minx, miny, maxx, maxy = shape(z.geometry).bounds
            xs += [minx, maxx]
            ys += [miny, maxy]
        return (min(ys), min(xs)), (max(ys), max(xs))
    return None


def _map(filters: dict[str, str], at: date, zones: list[ControlZone], *, zoom: int | None,
         collapsed: bool) -> dict[str, Markup]:
    asked = zoom is not None or bool(filters.get("bbox") or filters.get("place"))
    layer = EventLayer(data_url=url_for("maps.events_json"), params=filters,
                       zones=_zones_fc(zones), factions=factions(),
                       zones_url=url_for("maps.zones_json"),
                       event_url=url_for("maps.event_detail", event_id="__id__"),
                       collapsed=collapsed, fit=not asked)
    bounds = None if zoom is not None else _bounds(filters, zones)
    m = build_map(center=(30.0, 20.0) if bounds is None else (0.0, 0.0), zoom=zoom or 3,
                  tile_url=current_app.config["TILE_URL"],
                  tile_attribution=current_app.config["TILE_ATTRIBUTION"],
                  sources=_sources(filters), layer=layer, bounds=bounds)
    if zoom is not None and bounds is None and filters.get("place"):
        places = get_gazetteer().lookup(filters["place"], limit=1)
        if places:
            m.location = [places[0].lat, places[0].lon]
    return map_parts(m)


def _sources(filters: dict[str, str]) -> list[str]:
    events, _ = get_store().query_events(_with_limit(_query(filters), 200))
    return sorted({e.source.split(",")[0].strip() for e in events if e.source})


def _with_limit(q: EventQuery, limit: int) -> EventQuery:
    return replace(q, limit=limit, offset=0)


def legend_context() -> dict[str, Any]:
    """What ``maps/_legend.html`` needs: factions, glyphs and their colours."""
    glyphs = list(dict.fromkeys(s["glyph"] for s in EVENT_STYLES.values()))
    colours = {}
    for style in EVENT_STYLES.values():
        colours.setdefault(style["glyph"], style["colour"])
    return {"factions": factions(), "glyphs": [(g, GLYPH_LABELS[g]) for g in glyphs],
            "glyph_colours": colours}


@bp.get("/")
def explorer() -> str:
    """The explorer: filters, a date control for the zones, the map."""
    filters = _filters()
    at = _as_of(filters)
    zones = _zones(at)
    time_range = tuple(d.toordinal() - _EPOCH for d in _time_range(filters, at))
    has_ogc = "ogc.landing" in current_app.view_functions
    return render_template(
        "maps/explorer.html", map=_map(filters, at, zones, zoom=None, collapsed=True),
        filters=filters, at=at.isoformat(), event_types=EVENT_TYPES, actors=_actor_names(),
        time_range=time_range, time_value=at.toordinal() - _EPOCH,
        places_url=url_for("api.places") if "api.places" in current_app.view_functions
        else "/api/places",
        embed_page=url_for("maps.embed_snippet", **filters, at=at.isoformat()),
        export_url="/export/events.geojson?" + urlencode(filters), has_ogc=has_ogc,
        **legend_context())


_EPOCH = date(1970, 1, 1).toordinal()  # the slider counts days since 1970, as JS dates do


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


def _actor_names() -> list[str]:
    from geomap.extract.lexicon import Lexicon

    return sorted({a.name for a in Lexicon.load("en").actors if not a.is_source})


def summarise(events: list[Event], zones: list[ControlZone], at: date) -> tuple[str, str]:
    """(alt text, longer description) of what a map shows, from its data."""
    if not events:
        alt = "Map showing no reported events"
    else:
        first = min(e.event_date for e in events)
        last = max(e.date_end or e.event_date for e in events)
        by_type = Counter(e.sub_event_type for e in events)
        places = Counter(e.location for e in events if e.location)
        top = ", ".join(f"{n} {t.lower()}" for t, n in by_type.most_common(4))
        where = ", ".join(p for p, _ in places.most_common(3))
        alt = (f"Map of {len(events)} reported events from {first} to {last} in {where}: "
               f"{top}")
    held = Counter(factions().get(z.faction, {}).get("name", z.faction) for z in zones)
    zone_text = ("; areas of control on " + at.isoformat() + ": " + ", ".join(held)
                 if held else "")
    deaths = sum(e.fatalities or 0 for e in events if not e.tally)
    tolls = [e for e in events if e.tally and e.fatalities]
    detail = alt + zone_text + "."
    if deaths:
        detail += f" At least {deaths} deaths reported in single events."
    for e in tolls[:3]:
        detail += (f" Cumulative toll: {e.fatalities} killed in {e.location} from "
                   f"{e.event_date} to {e.date_end}.")
    return alt + ".", detail


@bp.get("/embed")
def embed() -> str:
    """The embeddable map: no chrome, a legend, attribution, alt text and a summary."""
    filters = _filters()
    at = _as_of(filters)
    zones = _zones(at)
    zoom = None
    if request.args.get("zoom"):
        from web.params import parse_int

        zoom = parse_int("zoom", request.args["zoom"], minimum=1, maximum=18)
    events, _ = get_store().query_events(_with_limit(_query(filters), 2000))
    alt, summary = summarise(events, zones, at)
    title = request.args.get("title", "")[:200]
    return render_template("maps/embed.html", map=_map(filters, at, zones, zoom=zoom,
                                                          collapsed=True),
                           title=title or "Reported events", alt=alt, summary=summary,
                           at=at.isoformat(), height=embed_height(),
                           png_url=url_for("maps.embed_png", **request.args),
                           **legend_context())


@bp.get("/embed/snippet")
def embed_snippet() -> str:
    """How to embed the map: the iframe code with its resize script, the PNG, alt text."""
    args = {k: v for k, v in request.args.items() if v}
    embed_url = url_for("maps.embed", _external=True, **args)
    title = args.get("title", "Reported events")
    filters = _filters()
    at = _as_of(filters)
    events, _ = get_store().query_events(_with_limit(_query(filters), 2000))
    alt, _ = summarise(events, _zones(at), at)
    iframe = (f'<iframe src="{escape(embed_url)}" title="{escape(title)}" '
              f'aria-label="{escape(alt)}" width="100%" height="{embed_height() or 480}" '
              f'loading="lazy" '
              f'style="border:0;width:100%;max-width:100%"></iframe>')
    snippet = iframe + "\n<script>" + RESIZE_SCRIPT + "</script>"
    return render_template("maps/snippet.html", snippet=snippet, alt=alt,
                           embed_url=embed_url, png_url=url_for("maps.embed_png", **args),
                           preview=Markup(iframe), resize_script=Markup(RESIZE_SCRIPT))


def embed_height() -> int | None:
    """The embed's ``height`` parameter (pixels), which it asks its host for; without it the
    embed asks for a height that follows its width."""
    from web.params import parse_int

    raw = request.args.get("height")
    return parse_int("height", raw, minimum=200, maximum=2000) if raw else None


#: The host page's half of the resize handshake (the embed posts its height).
RESIZE_SCRIPT = ("window.addEventListener('message',function(e){var d=e.data;"
                 "if(!d||!d['geomap-height'])return;"
                 "document.querySelectorAll('iframe').forEach(function(f){"
                 "if(f.contentWindow===e.source){f.style.height=d['geomap-height']+'px';}});});")


@bp.get("/embed.png")
def embed_png() -> Response:
    """The map as a static image for print and social cards (no tiles)."""
    from web.static_map import render_png

    filters = _filters()
    at = _as_of(filters)
    events, _ = get_store().query_events(_with_limit(_query(filters), 20_000))
    zones = _zones(at)
    png = render_png(events, zones, factions(), title=request.args.get("title", "")[:120]
                     or "Reported events", at=at, bounds=_bounds(filters, zones))
    return Response(png, mimetype="image/png",
                    headers={"Cache-Control": "public, max-age=300"})


@bp.get("/maps/events.json")
def events_json() -> Response:
    """Every matching event as a compact row ``[id, lon, lat, type, fatalities, tally,
    date]`` (type: an index into ``types``): a tenth of the bytes of GeoJSON."""
    body = js_json(compact_rows(get_store().event_points(_query(_filters()))))
    return compressed(Response(body, mimetype="application/json"))


def compressed(response: Response) -> Response:
    """gzip a large body for clients that take it (the rows of 100,000 events: 5 MB → 1)."""
    data = response.get_data()
    if len(data) > 32_768 and "gzip" in request.headers.get("Accept-Encoding", ""):
        import gzip

        response.set_data(gzip.compress(data, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
    return response


@bp.get("/maps/zones.json")
def zones_json() -> Response:
    """The zones of control on ``at`` as GeoJSON (what the date control loads)."""
    at = parse_day("at", request.args.get("at") or date.today().isoformat())
    return Response(js_json(_zones_fc(_zones(at))), mimetype="application/geo+json")


@bp.get("/maps/events/<event_id>.json")
def event_detail(event_id: str) -> Response:
    """One event for its popup: the GeoJSON feature, with its report's title, source and
    link (the API's event record does not carry the report)."""
    from geomap.io.geojson import event_feature
    from web.errors import ApiError

    store = get_store()
    try:
        event = store.get_event(event_id)
    except NotFound:
        raise ApiError(f"no event {event_id!r}", 404) from None
    feature = event_feature(event, 0)
    try:
        report = store.get_report(event.report_id) if event.report_id else None
    except NotFound:
        report = None
    if report is not None:
        feature["properties"]["report"] = {
            "title": report.title, "url": report.url, "source_name": report.source_name,
            "published": report.published.isoformat() if report.published else None}
    return Response(js_json(feature), mimetype="application/geo+json")
