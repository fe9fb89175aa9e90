"""From drafts to events: fold what the report tells twice into one event, then build the
Event records with their types, dates, counts, actors, place, quote and confidence."""

from __future__ import annotations

from datetime import date

from geomap.extract.drafts import Draft, draft_dates
from geomap.extract.lexicon import Lexicon
from geomap.models import Event

__all__ = ["merge_drafts", "build_event"]

_TERRITORIAL = ("takeover", "control_share", "dislodged", "withdrawal")


def _sub_type(draft: Draft, lex: Lexicon) -> tuple[str, str]:
    spec = lex.kinds[draft.kind if draft.kind in lex.kinds else "attack_civilians"]
    sub = spec["sub_event_type"]
    if "state_sub_event_type" in spec and draft.actor1 is not None \
            and draft.actor1.kind == "state":
        sub = spec["state_sub_event_type"]
    return spec["event_type"], sub


def _compatible(a: Draft, b: Draft, published: date, lex: Lexicon) -> bool:
    """Whether two drafts tell the same event: same type and place, no conflicting actor,
    dates equal or one of them undated."""
    if _sub_type(a, lex) != _sub_type(b, lex):
        return False
    if a.place is None or b.place is None or a.place.place.id != b.place.place.id:
        return False
    if a.actor1 and b.actor1 and a.actor1.id != b.actor1.id:
        return False
    da, db = draft_dates(a, published), draft_dates(b, published)
    if da[3] != db[3]:  # a toll is not a single event
        return False
    return not da[4] or not db[4] or (da[0], da[1]) == (db[0], db[1]) or (
        da[1] is not None and da[0] <= db[0] <= da[1]) or (
        db[1] is not None and db[0] <= da[0] <= db[1])


def _fold(into: Draft, other: Draft, published: date) -> None:
    if into.time is None and other.time is not None:
        into.time = other.time
    units = {q.unit for q in into.quantities}
    into.quantities += [q for q in other.quantities if q.unit not in units]
    into.actor1 = into.actor1 or other.actor1
    into.actor2 = into.actor2 or other.actor2
    into.sources = list(dict.fromkeys(into.sources + other.sources))
    into.civilians = into.civilians or other.civilians
    if into.place is not None and other.place is not None and \
            other.place.precision < into.place.precision:
        into.place = other.place


def merge_drafts(drafts: list[Draft], published: date, lex: Lexicon) -> list[Draft]:
    """One draft per event: repeats folded into the first telling; a pronoun-led sentence
    that only continues the previous event ("Ils se sont réfugiés…") folded as its
    destination."""
    out: list[Draft] = []
    for d in drafts:
        previous = next((o for o in reversed(out) if o.kind == d.kind), None)
        if d.continuation and previous is not None and not d.quantities and \
                previous.sentence.index == d.sentence.index - 1:
            if d.place is not None and previous.place is not None and \
                    d.place.place.id != previous.place.place.id:
                previous.also.append(f"to {d.place.place.name}")
            continue
        same = next((o for o in out if _compatible(o, d, published, lex)), None)
        if same is not None:
            _fold(same, d, published)
        else:
            out.append(d)
    return out


def _counts(draft: Draft) -> tuple[int | None, dict[str, int], list[str]]:
    fatalities: int | None = None
    counts: dict[str, int] = {}
    lower: list[str] = []
    for q in draft.quantities:
        if q.unit is None:
            continue
        if q.unit == "fatalities":
            fatalities = q.value if fatalities is None else min(fatalities, q.value)
        else:
            counts[q.unit] = max(counts.get(q.unit, 0), q.value)
        if q.lower_bound:
            lower.append(q.unit)
    return fatalities, counts, sorted(set(lower))


def _notes(draft: Draft, fatalities: int | None, counts: dict[str, int], lower: list[str],
           lang: str) -> str:
    parts = []
    labels = {"strikes": "strikes", "tanks": "tanks destroyed", "vehicles": "vehicles destroyed",
              "displaced": "displaced", "injured": "injured", "share_percent": "% held"}
    if fatalities is not None:
        who = "civilians " if draft.civilians else ""
        parts.append(f"{'more than ' if 'fatalities' in lower else ''}{fatalities} {who}killed")
    for unit, value in counts.items():
        sep = "" if unit == "share_percent" else " "
        prefix = "more than " if unit in lower else ""
        parts.append(f"{prefix}{value}{sep}{labels.get(unit, unit)}")
    parts += draft.also
    if draft.sources:
        parts.append("source: " + ", ".join(draft.sources))
    return "; ".join(parts)


def build_event(draft: Draft, text: str, published: date, lex: Lexicon) -> Event | None:
    """The Event of a draft, or None when it has no place to put it."""
    if draft.place is None:
        return None
    event_type, sub = _sub_type(draft, lex)
    day, end, precision, tally, dated = draft_dates(draft, published)
    fatalities, counts, lower = _counts(draft)
    actor1 = draft.actor1
    spec = lex.kinds.get(draft.kind, {})
    actor_name = actor1.name if actor1 else None
    if draft.kind == "dislodged":  # the dislodged are the second party; the taker the first
        actor_name = next((a.name for a in lex.actors if a.id == spec.get("default_actor")),
                          None)
        actor2 = actor1.name if actor1 else None
    else:
        actor2 = draft.actor2.name if draft.actor2 else None
    if actor2 is None and draft.civilians and event_type != "Battles":
        actor2 = "Civilians"
    place = draft.place.place
    confidence = 0.45 + 0.15 * dated + 0.15 * (draft.place.via == "name") + \
        0.1 * bool(draft.quantities) + 0.1 * (actor1 is not None) - 0.1 * draft.in_quote
    sent = draft.sentence
    return Event(
        event_date=day, date_end=end if end and end != day else None,
        time_precision=precision, event_type=event_type, sub_event_type=sub,
        actor1=actor_name, actor2=actor2, fatalities=fatalities, counts=counts,
        lower_bounds=lower, tally=tally, place_id=place.id, location=place.name,
        lat=place.lat, lon=place.lon, geo_precision=draft.place.precision,
        quote=sent.text, quote_start=sent.start, quote_end=sent.end,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        source=", ".join(draft.sources) or None,
        notes=_notes(draft, fatalities, counts, lower, lex.lang) or None,
    )
