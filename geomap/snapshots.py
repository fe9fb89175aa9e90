"""What a story map shows, frozen: its events and zones selected once at publish time and
kept in the version as GeoJSON features, compact map rows and the reports' credits.

Everything a published map serves (its rows, popups, PNG, GeoJSON, alt text) is read back
from that snapshot, never from the live store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from gazetteer import Gazetteer

from .io.geojson import event_feature, zone_feature
from .io.records import event_from_properties, zone_from_properties
from .io.rows import compact_rows
from .models import ControlZone, Event
from .query import select_events
from .store import NotFound, Store
from .stories import FILTER_NAMES, StoryMap

__all__ = ["MAX_STORY_EVENTS", "DEFAULT_STATUS", "clean_filters", "story_events",
           "report_credit", "find_story", "make_snapshot", "snapshot_events",
           "snapshot_zones", "view_for"]

#: A story map holds at most this many events (a story shows a place and a time, not all).
MAX_STORY_EVENTS = 20_000
#: The publish form asks for verified events unless the editor asks for more.
DEFAULT_STATUS = "verified"


def clean_filters(args: Mapping[str, Any]) -> dict[str, str]:
    """The story filters among ``args``, stripped, empty ones dropped."""
    out = {}
    for name in FILTER_NAMES:
        value = args.get(name)
        if isinstance(value, str) and value.strip():
            out[name] = value.strip()
    return out


def story_events(store: Store, gazetteer: Gazetteer, filters: Mapping[str, str]
                 ) -> tuple[list[Event], int]:
    """The located events the filters select, and how many match in all (more than
    :data:`MAX_STORY_EVENTS` means the list is cut).

    Raises:
        geomap.errors.InvalidQuery: a filter that does not parse.
    """
    found = select_events(store, gazetteer, filters, default_limit=MAX_STORY_EVENTS + 1,
                          max_limit=MAX_STORY_EVENTS + 1)
    located = [e for e in found.events if e.lat is not None and e.lon is not None]
    return located[:MAX_STORY_EVENTS], found.matched


def report_credit(store: Store, report_id: str | None) -> dict[str, Any] | None:
    """Title (its headline when it has none), source, link and date of a report, for a
    popup's credit (None: no report)."""
    if not report_id:
        return None
    try:
        r = store.get_report(report_id)
    except NotFound:
        return None
    return {"title": r.headline(), "url": r.url, "source_name": r.source_name,
            "published": r.published.isoformat() if r.published else None}


def find_story(store: Store, slug: str) -> StoryMap | None:
    """The latest version of story ``slug``, or None when there is none."""
    try:
        return store.get_story(slug)
    except (NotFound, ValueError):
        return None


def make_snapshot(store: Store, events: Sequence[Event], zones: Sequence[ControlZone], *,
                  summary: str = "") -> dict[str, Any]:
    """The snapshot a story version keeps: event and zone features, the compact rows its map
    draws, title, source and link of each report the events came from, and the ``summary``
    screen readers get (drafted from the same data)."""
    reports = {rid: credit for rid in dict.fromkeys(e.report_id for e in events if e.report_id)
               if (credit := report_credit(store, rid)) is not None}
    return {"events": [event_feature(e, i) for i, e in enumerate(events, 1)],
            "zones": [zone_feature(z, i) for i, z in enumerate(zones, 1)],
            "rows": compact_rows(events), "reports": reports, "summary": summary}


def snapshot_events(snapshot: Mapping[str, Any]) -> list[Event]:
    """The events of a snapshot, as Event records (for the PNG and the summary)."""
    out = []
    for f in snapshot.get("events", []):
        lon, lat = f["geometry"]["coordinates"][:2]
        out.append(event_from_properties(f["properties"], lat=lat, lon=lon))
    return out


def snapshot_zones(snapshot: Mapping[str, Any]) -> list[ControlZone]:
    """The control zones of a snapshot."""
    return [zone_from_properties(f["properties"], f["geometry"])
            for f in snapshot.get("zones", [])]


def view_for(events: Sequence[Event], zones: Sequence[ControlZone], *,
             width: int = 640, height: int = 420) -> dict[str, float]:
    """A centre and zoom that show every event (else every zone) in a map of that size."""
    points = [(e.lon, e.lat) for e in events if e.lat is not None and e.lon is not None]
    if not points and zones:
        from shapely.geometry import shape

        for z in zones:
            minx, miny, maxx, maxy = shape(z.geometry).bounds
            points += [(minx, miny), (maxx, maxy)]
    if not points:
        return {"lat": 30.0, "lon": 20.0, "zoom": 3}
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span_x = max(max(xs) - min(xs), 0.002) * 1.2
    span_y = max(max(ys) - min(ys), 0.002) * 1.2
    centre_y = (max(ys) + min(ys)) / 2
    span_y /= max(math.cos(math.radians(centre_y)), 0.2)  # Mercator stretches latitude
    zoom = min(math.log2(width * 360 / (256 * span_x)), math.log2(height * 360 / (256 * span_y)))
    return {"lat": round(centre_y, 5), "lon": round((max(xs) + min(xs)) / 2, 5),
            "zoom": max(2, min(15, math.floor(zoom)))}
