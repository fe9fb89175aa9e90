"""Folium maps of events and control zones, with every script served by geomap itself.

The page never inlines one marker per event: :class:`EventLayer` hands the browser a URL of
compact event rows, which ``static/geomap.js`` clusters with supercluster and draws a few
hundred at a time. Zones (a few polygons) travel inline with the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

import folium
from folium.elements import JSCSSMixin
from folium.template import Template
from markupsafe import Markup, escape

from web.vendor import asset_url

__all__ = ["EVENT_STYLES", "GeomapMap", "EventLayer", "build_map", "map_parts", "js_json",
           "compact_rows"]

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


def js_json(value: Any) -> str:
    """JSON safe to put inside a <script>: no tag, entity or line-separator can break out."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class GeomapMap(folium.Map):
    """A folium Map that loads Leaflet from geomap's own vendored copy, nothing else."""

    default_js = [("leaflet", asset_url("leaflet", "dist/leaflet.js"))]
    default_css = [("leaflet_css", asset_url("leaflet", "dist/leaflet.css"))]


class EventLayer(JSCSSMixin, folium.MacroElement):  # type: ignore[misc]
    """Events from ``data_url`` (compact rows), clustered in the browser; zones inline;
    a layer control for zones, events, tallies and the heat map. With ``fit`` the map
    opens on all of its events and zones once they are loaded."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new GeomapLayer({{ this._parent.get_name() }},
            {{ this.options_json }});
        {{ this.get_name() }}.load();
        window.geomapLayer = {{ this.get_name() }};
        {% endmacro %}
    """)
    default_js = [
        ("supercluster", asset_url("supercluster", "dist/supercluster.min.js")),
        ("leaflet_heat", asset_url("leaflet.heat", "dist/leaflet-heat.js")),
        ("geomap_js", "/static/geomap.js"),
    ]
    default_css = [("geomap_css", "/static/geomap.css")]

    def __init__(self, *, data_url: str, params: Mapping[str, str], zones: dict[str, Any],
                 factions: Mapping[str, Mapping[str, str]], event_url: str,
                 zones_url: str | None = None, collapsed: bool = False, fit: bool = False,
                 layers: Sequence[str] | None = None):
        super().__init__()
        self._name = "GeomapEvents"
        self.options_json = js_json({
            "dataUrl": data_url, "params": dict(params), "zones": zones,
            "factions": factions, "zonesUrl": zones_url, "eventUrl": event_url,
            "styles": EVENT_STYLES, "collapsed": collapsed, "fit": fit,
            "layers": None if layers is None else list(layers),
        })


class MapRow(Protocol):
    """What a compact row is made of (an Event or a store EventPoint)."""

    @property
    def id(self) -> str | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def sub_event_type(self) -> str: ...
    @property
    def fatalities(self) -> int | None: ...
    @property
    def tally(self) -> bool: ...
    @property
    def event_date(self) -> date: ...


def compact_rows(items: Iterable[MapRow]) -> dict[str, Any]:
    """What ``GeomapLayer`` loads: ``{"types": [...], "rows": [[id, lon, lat, type index,
    fatalities (-1: none given), tally (0/1), date], ...]}``, located items only."""
    index: dict[str, int] = {}
    rows = [[p.id, round(p.lon, 5), round(p.lat, 5),
             index.setdefault(p.sub_event_type, len(index)),
             p.fatalities if p.fatalities is not None else -1, 1 if p.tally else 0,
             p.event_date.isoformat()] for p in items if p.lat is not None and p.lon is not None]
    return {"types": list(index), "rows": rows}


def attribution(tile_attribution: str, sources: Sequence[str]) -> str:
    """Leaflet's attribution (HTML): the tiles', GeoNames', and the reports' sources, all
    escaped (source names come from report input)."""
    parts = [escape(tile_attribution), Markup("Places: GeoNames (CC BY 4.0)")]
    names = [s if len(s) <= 40 else s[:39] + "…" for s in sorted(set(sources))]
    if names:
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        parts.append(Markup("Reports: ") + escape(", ".join(names[:3]) + more))
    return str(Markup(" | ").join(parts))


def build_map(*, center: tuple[float, float], zoom: int, tile_url: str, tile_attribution: str,
              sources: Sequence[str], layer: EventLayer,
              bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
              ) -> GeomapMap:
    """The map: configurable tiles (the only outside request), the event layer."""
    # 2D transforms: without a GPU, Leaflet's 3D ones make every marker slow to paint
    m = GeomapMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True,
                  prefer_canvas=True, disable_3d=True)
    folium.TileLayer(tiles=tile_url, attr=attribution(tile_attribution, sources),
                     name="Map", max_zoom=19).add_to(m)
    layer.add_to(m)
    if bounds is not None:
        m.fit_bounds([list(bounds[0]), list(bounds[1])], max_zoom=14)
    return m


def map_parts(m: folium.Map) -> dict[str, Markup]:
    """The map's <head> links, its <div> and its <script>, to place in a page template."""
    root = m.get_root()
    root.render()
    return {"header": Markup(root.header.render()), "html": Markup(root.html.render()),
            "script": Markup(root.script.render())}
