"""A static image of a map (zones and events, legend, credits) drawn with geopandas and
matplotlib, without tiles: for print and social cards."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

from geomap.models import ControlZone, Event

from .render import EVENT_STYLES, Bounds, faction_styles

__all__ = ["render_png"]


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
