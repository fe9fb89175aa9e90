"""What a map shows, in words: its alt text and the longer summary screen readers get,
drafted from its events and zones (the embed, story maps and the publish form)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from .models import ControlZone, Event
from .zones import load_factions

__all__ = ["summarise"]


def summarise(events: Sequence[Event], zones: Sequence[ControlZone], at: date, *,
              total: int | None = None) -> tuple[str, str]:
    """(alt text, longer description) of a map of ``events`` over the ``zones`` of ``at``:
    the events the map draws, or the first of them when ``total`` says how many it draws
    in all."""
    if not events:
        alt = "Map showing no reported events"
    else:
        first = min(e.event_date for e in events)
        last = max(e.date_end or e.event_date for e in events)
        by_type = Counter(e.sub_event_type for e in events)
        places = Counter(e.location for e in events if e.location)
        top = ", ".join(f"{n} {t.lower()}" for t, n in by_type.most_common(4))
        where = ", ".join(p for p, _ in places.most_common(3))
        count = max(total or 0, len(events))
        alt = f"Map of {count} reported events from {first} to {last} in {where}: {top}"
    factions = load_factions()
    held = Counter(factions[z.faction].name if z.faction in factions else z.faction
                   for z in zones)
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
