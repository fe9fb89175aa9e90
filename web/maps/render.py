"""Page maps, built in one place: Folium maps of events and control zones with every script
served by geomap itself, the embed's iframe code, the legend.

The page never inlines one marker per event: :class:`EventLayer` hands the browser the URL
of the clusters of the events in view, computed by the store per data tile, which
``static/geomap.js`` fetches as the map moves (a story map's few thousand frozen events:
the URL of their compact rows, clustered in the browser with supercluster). Zones (a few
polygons) travel inline with the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import folium
from flask import current_app
from folium.elements import JSCSSMixin
from folium.map import FitBounds
from folium.template import Template
from markupsafe import Markup, escape

from geomap.io.geojson import zone_feature
from geomap.models import ControlZone
from geomap.zones import load_factions

from ..core.headers import with_nonce
from ..core.responses import dumps
from ..core.vendor import asset_url
from .basemap import ATTRIBUTION
from .tiles import tile_url

__all__ = ["EVENT_STYLES", "GLYPH_LABELS", "GeomapMap", "BasemapLayer", "EventLayer", "page_map",
           "zones_collection", "faction_styles", "legend_context", "iframe", "snippet",
           "RESIZE_SCRIPT", "Bounds", "WORLD_VIEW", "FIT_PADDING", "FIT_MAX_ZOOM", "extent"]

#: Glyph (a CSS class of static/geomap.css) and colour per ACLED sub-event type.
EVENT_STYLES: dict[str, dict[str, str]] = {
    "Air/drone strike": {"glyph": "strike", "colour": "#b2182b"},
    "Shelling/artillery/missile attack": {"glyph": "shelling", "colour": "#d6604d"},
    "Suicide bomb": {"glyph": "bomb", "colour": "#67001f"},
    "Remote explosive/landmine/IED": {"glyph": "bomb", "colour": "#8e0152"},
    "Chemical weapon": {"glyph": "bomb", "colour": "#4d9221"},
    "Grenade": {"glyph": "bomb", "colour": "#c51b7d"},
    "Armed clash": {"glyph": "clash", "colour": "#e08214"},
    "Government regains territory": {"glyph": "territory", "colour": "#2166ac"},
    "Non-state actor overtakes territory": {"glyph": "territory", "colour": "#542788"},
    "Non-violent transfer of territory": {"glyph": "territory", "colour": "#8073ac"},
    "Displacement": {"glyph": "displacement", "colour": "#1b7837"},
    "Attack": {"glyph": "casualty", "colour": "#40004b"},
    "Abduction/forced disappearance": {"glyph": "casualty", "colour": "#762a83"},
    "Sexual violence": {"glyph": "casualty", "colour": "#762a83"},
    "Peaceful protest": {"glyph": "protest", "colour": "#35978f"},
    "Protest with intervention": {"glyph": "protest", "colour": "#01665e"},
    "Excessive force against protesters": {"glyph": "protest", "colour": "#003c30"},
    "Violent demonstration": {"glyph": "protest", "colour": "#bf812d"},
    "Mob violence": {"glyph": "protest", "colour": "#8c510a"},
}
GLYPH_LABELS = {"strike": "air/drone strike", "shelling": "shelling, artillery, missiles",
                "bomb": "bombing", "clash": "armed clash", "territory": "territory changes hands",
                "displacement": "displacement", "casualty": "attack on civilians",
                "protest": "protest, riot", "other": "other"}
#: ((south, west), (north, east))
Bounds = tuple[tuple[float, float], tuple[float, float]]
#: Where a map opens when nothing says otherwise.
WORLD_VIEW = {"lat": 30.0, "lon": 20.0, "zoom": 3}
#: A map fitted to its events and zones keeps this margin (pixels) and zooms in no further
#: (``static/geomap.js`` fits alike once the events are loaded).
FIT_PADDING = (24, 24)
FIT_MAX_ZOOM = 12
#: The host page's half of the resize handshake (the embed posts its height).
RESIZE_SCRIPT = ("window.addEventListener('message',function(e){var d=e.data;"
                 "if(!d||!d['geomap-height'])return;"
                 "document.querySelectorAll('iframe').forEach(function(f){"
                 "if(f.contentWindow===e.source){f.style.height=d['geomap-height']+'px';}});});")


def faction_styles() -> dict[str, dict[str, str]]:
    """Faction id → display name and colour (``geomap.zones.load_factions``)."""
    return {f.id: {"name": f.name, "colour": f.colour} for f in load_factions().values()}


def zones_collection(zones: Sequence[ControlZone] | Sequence[dict[str, Any]]
                     ) -> dict[str, Any]:
    """The zones (records, or features already) as a FeatureCollection for the page."""
    features = [z if isinstance(z, dict) else zone_feature(z, n) for n, z in enumerate(zones)]
    return {"type": "FeatureCollection", "features": features}


class GeomapMap(folium.Map):
    """A folium Map that loads Leaflet from geomap's own vendored copy, nothing else."""

    default_js = [("leaflet", asset_url("leaflet", "dist/leaflet.js"))]
    default_css = [("leaflet_css", asset_url("leaflet", "dist/leaflet.css"))]


class BasemapLayer(JSCSSMixin, folium.MacroElement):  # type: ignore[misc]
    """geomap's own basemap (``static/basemap.js`` drawing :mod:`web.maps.tiles`' tiles),
    under the zones and events."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.geomapBasemap({{ this.url_json }}, {{ this.options_json }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    default_js = [("geomap_basemap", "/static/basemap.js")]
    default_css = [("geomap_basemap_css", "/static/basemap.css")]

    def __init__(self, url: str, *, attribution: str):
        super().__init__()
        self._name = "GeomapBasemap"
        self.url_json = dumps(url)
        self.options_json = dumps({"attribution": attribution})


class EventLayer(JSCSSMixin, folium.MacroElement):  # type: ignore[misc]
    """The events, zones inline, and a layer control for zones, events, tallies and the heat
    map. With ``clusters_url`` the browser asks the server for the clusters of what is in
    view (``{clusters_url}/{zoom}/{x}/{y}.json``, see ``geomap.query.cluster_levels``) and
    the events of a cluster from ``data_url`` (``tile=``); without it, it loads all the
    compact rows of ``data_url`` and clusters them itself. With ``fit`` the map opens on
    all of its events and zones once they are loaded (rows only: a page of clusters is
    given its bounds by the server)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new GeomapLayer({{ this._parent.get_name() }},
            {{ this.options_json }});
        {{ this.get_name() }}.load();
        window.geomapLayer = {{ this.get_name() }};
        {% endmacro %}
    """)
    default_js = [
        ("leaflet_heat", asset_url("leaflet.heat", "dist/leaflet-heat.js")),
        ("geomap_js", "/static/geomap.js"),
    ]
    default_css = [("geomap_css", "/static/geomap.css")]

    def __init__(self, *, data_url: str, params: Mapping[str, Any], zones: dict[str, Any],
                 event_url: str, zones_url: str | None = None, clusters_url: str | None = None,
                 collapsed: bool = False, fit: bool = False,
                 layers: Sequence[str] | None = None):
        super().__init__()
        self._name = "GeomapEvents"
        if clusters_url is None:  # the browser clusters the rows itself
            self.default_js = [("supercluster", asset_url("supercluster",
                                                          "dist/supercluster.min.js")),
                               *type(self).default_js]
        self.options_json = dumps({
            "dataUrl": data_url, "clustersUrl": clusters_url, "params": dict(params),
            "zones": zones, "factions": faction_styles(), "zonesUrl": zones_url,
            "eventUrl": event_url, "styles": EVENT_STYLES, "collapsed": collapsed,
            "fit": fit, "layers": None if layers is None else list(layers),
        })


def attribution(tile_attribution: str, sources: Sequence[str]) -> str:
    """Leaflet's attribution (HTML): the tiles', GeoNames', and the reports' sources, all
    escaped (source names come from report input)."""
    parts = [escape(tile_attribution)] if tile_attribution else []
    parts.append(Markup("Places: GeoNames (CC BY 4.0)"))
    names = [s if len(s) <= 40 else s[:39] + "…" for s in sorted(set(sources))]
    if names:
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        parts.append(Markup("Reports: ") + escape(", ".join(names[:3]) + more))
    return str(Markup(" | ").join(parts))


def page_map(layer: EventLayer, *, view: Mapping[str, float] | None = None,
             bounds: Bounds | None = None, sources: Sequence[str] = ()) -> dict[str, Markup]:
    """The map of a page, as its <head> links, its <div> and its <script>: geomap's own
    basemap, or the tiles of ``TILE_URL`` when that is set (then the only outside
    request), and the event layer, opening on ``bounds`` when given, else on ``view``
    (lat, lon, zoom), else on the world."""
    view = view or WORLD_VIEW
    # 2D transforms: without a GPU, Leaflet's 3D ones make every marker slow to paint
    m = GeomapMap(location=[view["lat"], view["lon"]], zoom_start=int(view["zoom"]),
                  tiles=None, control_scale=True, prefer_canvas=True, disable_3d=True)
    if bounds is not None:  # before the basemap, which would load the first view's tiles
        fit = FitBounds([list(bounds[0]), list(bounds[1])], padding=FIT_PADDING,
                        max_zoom=FIT_MAX_ZOOM)
        fit.options["animate"] = False  # an animated zoom keeps the first zoom's tiles coming
        m.add_child(fit)
    if current_app.config.get("TILE_URL"):
        folium.TileLayer(tiles=current_app.config["TILE_URL"],
                         attr=attribution(current_app.config.get("TILE_ATTRIBUTION") or "",
                                          sources),
                         name="Map", max_zoom=19).add_to(m)
    else:
        BasemapLayer(tile_url(), attribution=attribution(ATTRIBUTION, sources)).add_to(m)
    layer.add_to(m)
    root = m.get_root()
    root.render()
    return {"header": with_nonce(root.header.render()), "html": Markup(root.html.render()),
            "script": Markup(root.script.render())}


def iframe(src: str, *, title: str, label: str, height: int | None = None) -> Markup:
    """The iframe a newsroom pastes (title and alt text as its label), every value escaped."""
    return Markup('<iframe src="{}" title="{}" aria-label="{}" width="100%" height="{}" '
                  'loading="lazy" style="border:0;width:100%;max-width:100%"></iframe>'
                  ).format(src, title, label, height or 480)


def snippet(frame: Markup) -> str:
    """The embed code: the iframe and the script that lets the embed set its height."""
    return str(frame) + "\n<script>" + RESIZE_SCRIPT + "</script>"


def extent(points: Iterable[tuple[float, float]],
           zones: Sequence[ControlZone] | Sequence[dict[str, Any]] = ()) -> Bounds | None:
    """The box around ``points`` (lat, lon) and ``zones`` (records or features), or None."""
    from shapely.geometry import shape

    lats, lons = [], []
    for lat, lon in points:
        lats.append(lat)
        lons.append(lon)
    for z in zones:
        minx, miny, maxx, maxy = shape(z.geometry if isinstance(z, ControlZone)
                                       else z["geometry"]).bounds
        lats += [miny, maxy]
        lons += [minx, maxx]
    if not lats:
        return None
    return (min(lats), min(lons)), (max(lats), max(lons))


def legend_context(zones: Sequence[ControlZone] | Sequence[dict[str, Any]] = (),
                   sub_types: Iterable[str] = (), *, tallies: bool = False
                   ) -> dict[str, Any]:
    """What ``maps/_legend.html`` needs: every faction and glyph with its colour, those of
    the ``zones`` and event ``sub_types`` the map shows marked ``shown`` (the others stay
    hidden until ``static/geomap.js`` finds them in what it loads), and whether a
    cumulative toll is among them."""
    present = {z.faction if isinstance(z, ControlZone) else z["properties"]["faction"]
               for z in zones}
    factions = {fid: {**style, "shown": fid in present}
                for fid, style in faction_styles().items()}
    for fid in sorted(present - set(factions)):
        factions[fid] = {"name": fid, "colour": "#666666", "shown": True}
    glyphs_shown = {EVENT_STYLES.get(t, {}).get("glyph", "other") for t in sub_types}
    colours: dict[str, str] = {"other": "#555555"}
    for style in EVENT_STYLES.values():
        colours.setdefault(style["glyph"], style["colour"])
    glyphs = [{"glyph": g, "label": label, "colour": colours[g], "shown": g in glyphs_shown}
              for g, label in GLYPH_LABELS.items()]
    return {"factions": factions, "glyphs": glyphs, "tallies_shown": tallies}
