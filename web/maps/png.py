"""A static image of a map for print and social cards, drawn with matplotlib in Web
Mercator over geomap's own basemap (the frames the embed's tiles are cut from): the frame
holds every event and zone shown, padded, and the legend lists what lies in it.

Drawing takes seconds of CPU, most of it holding the interpreter's lock, so it is bounded
(``web.core.bounds``): :func:`rendering` lets at most ``GEOMAP_PNG_RENDERS`` requests of a
process select and draw at once, and refuses the others at once with 503 and
``Retry-After``; :func:`draw` draws in as many worker processes, each with its own
basemap."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import numpy as np

from geomap.models import ControlZone, Event

from ..core.bounds import Bound
from .basemap import ATTRIBUTION, Basemap
from .labels import STYLES
from .mercator import MAX_LAT, lat_of, lon_of, to_pixels, zoom_for
from .render import EVENT_STYLES, Bounds, faction_styles

__all__ = ["render_png", "map_figure", "frame_of", "PAD", "rendering", "draw", "DRAWINGS",
           "RETRY_AFTER"]

#: Room around what the image shows, as a share of its extent.
PAD = 0.08
#: The smallest extent (degrees) an image shows: a few streets around one event.
MIN_SPAN = 0.02
#: Light, print-friendly colours (static/basemap.css's light scheme).
COLOURS = {"sea": "#dde6ed", "land": "#f7f6f2", "coast": "#a7b6c2", "border": "#8a8580",
           "admin": "#c4bcb1", "district": "#d3ccc2", "label": "#3b3f44", "muted": "#7a7f86"}
_TITLE_BAND = 0.08  # of the figure's height
_LEGEND_PANEL = 0.26  # of the figure's width, right of the map


def frame_of(events: Sequence[Event], zones: Sequence[ControlZone], *,
             bounds: Bounds | None = None) -> Bounds:
    """The extent an image shows: ``bounds`` when asked, grown to hold every located event;
    else every located event and zone; padded by :data:`PAD` (at least :data:`MIN_SPAN`)."""
    from shapely.geometry import shape

    xs = [e.lon for e in events if e.lat is not None and e.lon is not None]
    ys = [e.lat for e in events if e.lat is not None and e.lon is not None]
    if bounds is not None:
        (south, west), (north, east) = bounds
        xs += [west, east]
        ys += [south, north]
    else:
        for z in zones:
            minx, miny, maxx, maxy = shape(z.geometry).bounds
            xs += [minx, maxx]
            ys += [miny, maxy]
    if not xs:
        return (-60.0, -180.0), (75.0, 180.0)
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    pad_x = max((east - west) * PAD, (MIN_SPAN - (east - west)) / 2, 0)
    pad_y = max((north - south) * PAD, (MIN_SPAN - (north - south)) / 2, 0)
    return ((max(south - pad_y, -MAX_LAT), max(west - pad_x, -180.0)),
            (min(north + pad_y, MAX_LAT), min(east + pad_x, 180.0)))


def _rings(geometry: Any) -> list[np.ndarray]:
    from shapely.geometry.polygon import orient

    out = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "Polygon" and not part.is_empty:
            part = orient(part, 1.0)  # holes against the shell: matplotlib fills non-zero
            out += [np.asarray(r.coords)[:, :2] for r in (part.exterior, *part.interiors)]
    return out


def _path(rings: list[np.ndarray]) -> Any:
    from matplotlib.path import Path

    vertices, codes = [], []
    for ring in rings:
        if len(ring) < 3:
            continue
        vertices.append(ring)
        codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY]
    if not vertices:
        return None
    return Path(np.concatenate(vertices), codes)


def _lines(geometries: Sequence[Any]) -> list[np.ndarray]:
    out = []
    for g in geometries:
        for part in getattr(g, "geoms", [g]):
            if part.geom_type == "LineString" and len(part.coords) > 1:
                out.append(np.asarray(part.coords)[:, :2])
    return out


#: What a refused request is told to wait, in seconds (a drawing takes one or two).
RETRY_AFTER = 5


def _warm_drawing() -> None:
    """Load the drawing libraries in a new worker."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401


#: The process's drawing slots (``GEOMAP_PNG_RENDERS``) and their worker processes.
DRAWINGS = Bound("image(s) being drawn", "PNG_RENDERS", retry_after=RETRY_AFTER,
                 warm=_warm_drawing)


def rendering() -> AbstractContextManager[None]:
    """Hold one of the process's drawing slots for the selection and the drawing.

    Raises:
        Busy: 503 with ``Retry-After`` when every slot is taken.
    """
    return DRAWINGS.hold()


def draw(events: Sequence[Event], zones: Sequence[ControlZone], **options: Any) -> bytes:
    """:func:`render_png` of these over the default gazetteer's basemap, drawn by a worker
    process within a slot of :func:`rendering`.

    Raises:
        Busy: 503 when every slot is taken, or the drawing found no worker alive.
    """
    return DRAWINGS.run(_render_over_basemap, list(events), list(zones), **options)


def _render_over_basemap(events: Sequence[Event], zones: Sequence[ControlZone],
                         **options: Any) -> bytes:
    """(In a worker) :func:`render_png` over the basemap of the default gazetteer, read
    once per worker."""
    from gazetteer import Gazetteer

    from .basemap import basemap_for

    return render_png(events, zones, basemap=basemap_for(Gazetteer.default()), **options)


def render_png(events: Sequence[Event], zones: Sequence[ControlZone], *, title: str, at: date,
               basemap: Basemap | None = None, bounds: Bounds | None = None,
               size: tuple[float, float] = (8.0, 6.0), dpi: int = 120, lang: str = "en"
               ) -> bytes:
    """PNG bytes of :func:`map_figure`."""
    fig = map_figure(events, zones, title=title, at=at, basemap=basemap, bounds=bounds,
                     size=size, dpi=dpi, lang=lang)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def map_figure(events: Sequence[Event], zones: Sequence[ControlZone], *, title: str, at: date,
               basemap: Basemap | None = None, bounds: Bounds | None = None,
               size: tuple[float, float] = (8.0, 6.0), dpi: int = 120, lang: str = "en"
               ) -> Any:
    """A matplotlib Figure of the ``zones`` on ``at`` and the ``events`` over the basemap,
    framed by :func:`frame_of` (``bounds``: the area asked for), with a legend of what is
    in the frame and the credits. Its map is the first axes, in world pixels of Web
    Mercator at the zoom the frame needs (``map_zoom`` on the figure)."""
    import matplotlib.patheffects as effects
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, PathPatch, Rectangle
    from shapely import box, intersects, transform
    from shapely.geometry import shape

    width, height = size[0] * dpi * (1 - _LEGEND_PANEL), size[1] * dpi * (1 - _TITLE_BAND)
    (south, west), (north, east) = frame_of(events, zones, bounds=bounds)
    zoom = max(0, min(18, math.floor(zoom_for(west, south, east, north, width, height))))
    # the frame grown to the image's shape, in world pixels at ``zoom``
    (x0, x1), (y0, y1) = to_pixels([west, east], [north, south], zoom)
    scale = min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = width / scale / 2, height / scale / 2
    x0, x1, y0, y1 = cx - half_w, cx + half_w, cy - half_h, cy + half_h
    frame_box = box(lon_of(x0, zoom), lat_of(y1, zoom), lon_of(x1, zoom), lat_of(y0, zoom))

    def pixels(coords: np.ndarray) -> np.ndarray:
        x, y = to_pixels(coords[:, 0], coords[:, 1], zoom)
        return np.column_stack([x, y])

    fig = Figure(figsize=size, dpi=dpi)
    fig.map_zoom = zoom
    ax = fig.add_axes((0, 0, 1 - _LEGEND_PANEL, 1 - _TITLE_BAND))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)
    ax.set_axis_off()
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=COLOURS["sea"], zorder=0))
    point = 72.0 / dpi  # one pixel, in points
    labels = []
    if basemap is not None:
        base = basemap.frame(x0, y0, x1, y1, zoom, lang=lang)
        land = _path([r for g in base.land for r in _rings(g)])
        if land is not None:
            ax.add_patch(PathPatch(land, facecolor=COLOURS["land"], edgecolor=COLOURS["coast"],
                                   linewidth=0.8 * point, zorder=1))
        for kind, lines, width_px in (("district", base.districts, 0.7),
                                      ("admin", base.admin, 0.9),
                                      ("border", base.borders, 1.2)):
            if lines:
                ax.add_collection(LineCollection(_lines(lines), colors=COLOURS[kind],
                                                 linewidths=width_px * point, zorder=2))
        labels = base.labels

    factions: Mapping[str, Mapping[str, str]] = faction_styles()
    shown_factions: dict[str, str] = {}
    for z in zones:
        geometry = shape(z.geometry)
        if not intersects(geometry, frame_box):
            continue
        colour = factions.get(z.faction, {}).get("colour", "#777777")
        path = _path(_rings(transform(geometry, pixels)))
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor=colour, alpha=0.28, edgecolor="none",
                                   zorder=3))
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=colour,
                                   linewidth=1.5 * point, zorder=3))
        shown_factions.setdefault(z.faction, colour)
    order = {fid: n for n, fid in enumerate(factions)}
    handles: list[Any] = [
        Patch(facecolor=colour, alpha=0.45, edgecolor=colour,
              label=textwrap.fill(factions.get(fid, {}).get("name", fid), 26))
        for fid, colour in sorted(shown_factions.items(),
                                  key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]

    halo = [effects.withStroke(linewidth=3 * point, foreground="white")]
    for label in labels:
        style = STYLES[label.style]
        text = label.text.upper() if style.caps else label.text
        x, y = label.x, label.y
        if not style.centred:
            ax.plot([x], [y], marker="o", markersize=(5 if style.bold else 4) * point,
                    color=COLOURS["label"], zorder=4)
            x += 6 / scale
        ax.text(x, y, text, fontsize=style.size * point, zorder=4,
                ha="center" if style.centred else "left", va="center",
                color=COLOURS["muted"] if style.centred else COLOURS["label"],
                fontweight="bold" if style.bold else "normal",
                fontstyle="italic" if style.italic else "normal", path_effects=halo,
                clip_on=True)

    placed = [e for e in events if e.lat is not None and e.lon is not None]
    if placed:
        px, py = to_pixels([e.lon for e in placed], [e.lat for e in placed], zoom)
        inside = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
        by_type: dict[str, list[int]] = {}
        for i, e in enumerate(placed):
            if inside[i]:
                by_type.setdefault(e.sub_event_type, []).append(i)
        kinds = {sub: n for n, sub in enumerate(EVENT_STYLES)}
        if by_type:
            handles.append(Line2D([], [], linestyle="", label="Events"))
        for sub in sorted(by_type, key=lambda t: (kinds.get(t, len(kinds)), t)):
            members = by_type[sub]
            colour = EVENT_STYLES.get(sub, {}).get("colour", "#555555")
            sizes = np.array([30 + min(200, placed[i].fatalities or 0) for i in members])
            tally = np.array([placed[i].tally for i in members])
            xs, ys = px[members], py[members]
            if (~tally).any():
                ax.scatter(xs[~tally], ys[~tally], s=sizes[~tally], color=colour,
                           edgecolors="white", linewidths=0.8, zorder=5)
            if tally.any():
                ax.scatter(xs[tally], ys[tally], s=sizes[tally], marker="s",
                           facecolors="none", edgecolors=colour, linewidths=1.5, zorder=5)
            handles.append(Line2D([], [], marker="s" if tally.all() else "o", linestyle="",
                                  color=colour, markeredgecolor="white", markersize=8,
                                  label=textwrap.fill(sub, 26)))
    fig.text(0.012, 1 - _TITLE_BAND / 2, title, fontsize=13, fontweight="bold",
             va="center", ha="left")
    if handles:  # beside the map, covering none of it
        legend = fig.legend(handles=handles, loc="upper left", fontsize=7.5, frameon=False,
                            bbox_to_anchor=(1 - _LEGEND_PANEL + 0.01, 1 - _TITLE_BAND - 0.01),
                            title=f"Control as of {at.isoformat()}" if shown_factions
                            else None, title_fontsize=7.5, alignment="left")
        for text in legend.get_texts():
            if text.get_text() == "Events":
                text.set_fontweight("bold")
    ax.text(0.995, 0.005, f"{ATTRIBUTION} · Places: GeoNames (CC BY 4.0) · "
            "Zones approximate · geomap", transform=ax.transAxes, fontsize=6,
            color="#444444", ha="right", va="bottom", zorder=6,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5})
    return fig
