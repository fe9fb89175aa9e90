"""A static image of a map (zones and events, legend, credits) drawn with geopandas and
matplotlib, without tiles: for print and social cards.

Drawing is expensive (seconds of CPU, most of it holding the interpreter's lock), so it is
bounded (``web.core.bounds``): :func:`rendering` lets at most ``GEOMAP_PNG_RENDERS``
requests of a process select and draw at once, and refuses the others at once with 503 and
``Retry-After``; the drawing itself runs in as many worker processes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from geomap.models import ControlZone, Event

from ..core.bounds import Bound
from .render import EVENT_STYLES, Bounds, faction_styles

__all__ = ["render_png", "rendering", "draw", "DRAWINGS", "RETRY_AFTER"]

#: What a refused request is told to wait, in seconds (a drawing takes one or two).
RETRY_AFTER = 5


def _warm_drawing() -> None:
    """Load the drawing libraries in a new worker."""
    import geopandas  # noqa: F401
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
    """:func:`render_png` of these, drawn by a worker process within a slot of
    :func:`rendering`.

    Raises:
        Busy: 503 when every slot is taken, or the drawing found no worker alive.
    """
    return DRAWINGS.run(render_png, list(events), list(zones), **options)


def render_png(events: Sequence[Event], zones: Sequence[ControlZone], *, title: str, at: date,
               bounds: Bounds | None = None, size: tuple[float, float] = (8.0, 6.0),
               dpi: int = 120) -> bytes:
    """PNG bytes of the zones on ``at`` and the events, with a legend and credits;
    ``bounds`` ((south, west), (north, east)) frames it, else the data does."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from shapely.geometry import Point, shape

    factions: Mapping[str, Mapping[str, str]] = faction_styles()
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    handles = []
    try:
        if zones:
            frame = gpd.GeoDataFrame(
                {"faction": [z.faction for z in zones]},
                geometry=[shape(z.geometry) for z in zones], crs="EPSG:4326")
            for faction, part in frame.groupby("faction"):
                colour = factions.get(str(faction), {}).get("colour", "#777777")
                part.plot(ax=ax, color=colour, alpha=0.35, edgecolor=colour, linewidth=1)
                handles.append(Patch(facecolor=colour, alpha=0.5, edgecolor=colour,
                                     label=factions.get(str(faction), {}).get("name", faction)))
        placed = [e for e in events if e.lat is not None and e.lon is not None]
        if placed:
            points = gpd.GeoDataFrame(
                {"type": [e.sub_event_type for e in placed],
                 "size": [30 + min(200, (e.fatalities or 0)) for e in placed],
                 "tally": [e.tally for e in placed]},
                geometry=[Point(e.lon, e.lat) for e in placed], crs="EPSG:4326")
            for sub, part in points.groupby("type"):
                colour = EVENT_STYLES.get(str(sub), {}).get("colour", "#555555")
                single = part[~part["tally"]]
                tolls = part[part["tally"]]
                if len(single):
                    single.plot(ax=ax, color=colour, markersize=single["size"].to_numpy(),
                                edgecolor="white", linewidth=0.8, zorder=3)
                if len(tolls):
                    tolls.plot(ax=ax, color="none", markersize=tolls["size"].to_numpy(),
                               marker="s", edgecolor=colour, linewidth=1.5, zorder=3)
                handles.append(Line2D([], [], marker="o", linestyle="", color=colour,
                                      markeredgecolor="white", markersize=8, label=str(sub)))
        if bounds is not None:
            (south, west), (north, east) = bounds
            pad_x, pad_y = (east - west) * 0.05 or 0.01, (north - south) * 0.05 or 0.01
            ax.set_xlim(west - pad_x, east + pad_x)
            ax.set_ylim(south - pad_y, north + pad_y)
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
        if handles:
            ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9,
                      title=f"Control as of {at.isoformat()}", title_fontsize=7)
        fig.text(0.01, 0.01, "Places: GeoNames (CC BY 4.0). Zones approximate. geomap",
                 fontsize=6, color="#555555")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(fig)
