"""From drafts to events: fold what the report tells twice into one event, then build the
Event records with their types, dates, counts, claims, actors, place, quote, confidence, and
whether they are background (history told as context)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from geomap.extract.drafts import Draft, draft_dates
from geomap.extract.lexicon import ActorEntry, Lexicon
from geomap.models import Event

__all__ = ["merge_drafts", "build_event", "is_background"]


def _sub_type(draft: Draft, lex: Lexicon) -> tuple[str, str]:
    spec = lex.kind_spec(draft.kind)
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
    if a.actor1 and b.actor1 and a.actor1.id != b.actor1.id and not (
            _unnamed(a.actor1) or _unnamed(b.actor1)):
        return False  # "gunmen" and "a Dogon militia" may be the same attackers
    if a.actor2 and b.actor2 and a.actor2.id != b.actor2.id and not (
            _unnamed(a.actor2) or _unnamed(b.actor2)):
        return False  # the regime's men killed and ISIS's men killed: two events
    if a.background != b.background:
        return False
    da, db = draft_dates(a, published), draft_dates(b, published)
    if da[3] != db[3]:  # a toll is not a single event
        return False
    return not da[4] or not db[4] or (da[0], da[1]) == (db[0], db[1]) or (
        da[1] is not None and da[0] <= db[0] <= da[1]) or (
        db[1] is not None and db[0] <= da[0] <= db[1])


def _unnamed(actor: ActorEntry) -> bool:
    """An actor the report did not name (an unidentified armed group)."""
    return actor.role == "uag"


def _fold(into: Draft, other: Draft) -> None:
    if into.time is None and other.time is not None:
        into.time = other.time
    mine = {q.unit: q for q in into.quantities if not q.subset}
    for q in other.quantities:
        if q.subset:
            continue
        if q.unit not in mine:
            into.quantities.append(q)
            mine[q.unit] = q
        elif q.unit == "fatalities" and q.value != mine[q.unit].value:
            into.rivals.append(q)  # another telling, another figure: a claim
    into.rivals += other.rivals
    if into.actor1 is None or (_unnamed(into.actor1) and other.actor1 is not None):
        into.actor1 = other.actor1
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
    for d in _protests_met_with_force(drafts, lex):
        previous = next((o for o in reversed(out) if o.kind == d.kind), None)
        if d.continuation and previous is not None and not d.quantities and \
                previous.sentence.index == d.sentence.index - 1:
            if d.place is not None and previous.place is not None and \
                    d.place.place.id != previous.place.place.id:
                previous.also.append(f"to {d.place.place.name}")
            continue
        same = next((o for o in out if _compatible(o, d, published, lex)), None)
        if same is not None:
            _fold(same, d)
        else:
            out.append(d)
    return out


def _protests_met_with_force(drafts: list[Draft], lex: Lexicon) -> list[Draft]:
    """A protest and violence told in the same sentence at the same place are one event:
    ACLED's excessive force against protesters when a state's forces did it (the forces
    actor2, the toll the protest's), else a riot (the protesters' violence)."""
    out: list[Draft] = []
    for d in drafts:
        forces = d.actor1 is not None and d.actor1.kind == "state"
        protest = next((p for p in out if p.kind in ("protest", "protest_force", "riot")
                        and p.sentence.index == d.sentence.index
                        and (p.place is None or d.place is None
                             or p.place.place.id == d.place.place.id)), None) \
            if lex.violent(d.kind) and d.kind != "riot" else None
        if protest is None:
            out.append(d)
            continue
        if not forces:  # the protesters' own violence: a riot
            protest.kind = "riot"
            protest.quantities += d.quantities
            protest.actor2 = protest.actor2 or d.actor2
            continue
        protest.kind = "protest_force"
        protest.quantities += d.quantities
        if protest.actor1 == d.actor1:
            protest.actor1 = None  # the forces did not protest
        protest.actor2 = protest.actor2 or d.actor1
        protest.place = protest.place or d.place
        protest.time = protest.time or d.time
    return out


def is_background(draft: Draft, published: date, lex: Lexicon, pluperfect: bool) -> bool:
    """History told as context: an event the report dates more than a few days (the
    lexicon's ``background_after_days``) before its publication, or one told in the
    pluperfect with no recent date ("L'EI avait pris le contrôle de Palmyre", "who had been
    fleeing") — unless it is reported speech ("said it had recaptured the town")."""
    day, end, _, tally, dated = draft_dates(draft, published)
    if tally:
        return False
    limit = published - timedelta(days=int(lex.rules.get("background_after_days", 10)))
    old = dated and (end or day) < limit
    return old or (pluperfect and not dated)


def _figures(draft: Draft) -> tuple[int | None, dict[str, int], list[str],
                                    list[dict[str, Any]]]:
    """(fatalities, other counts, units given as lower bounds, claims). Parts of a toll
    ("five of them children") are no toll; a running total counts only when nothing else
    does; when claimants differ, every claim is kept and the lowest figure is the toll."""
    counts: dict[str, int] = {}
    lower: list[str] = []
    deaths = [q for q in draft.quantities if q.unit == "fatalities" and not q.subset
              and not q.period]
    own = [q for q in deaths if not q.cumulative] or deaths
    tellings = own + [q for q in draft.rivals if not q.subset]
    for q in draft.quantities:
        if q.unit is None or q.unit == "fatalities" or q.subset:
            continue
        if q.unit == "casualties":
            counts["killed_or_injured"] = max(counts.get("killed_or_injured", 0), q.value)
            continue
        counts[q.unit] = max(counts.get(q.unit, 0), q.value)
        if q.lower_bound:
            lower.append(q.unit)
    fatalities: int | None = None
    claims: list[dict[str, Any]] = []
    if tellings:
        lowest = min(tellings, key=lambda q: q.value)
        fatalities = lowest.value
        if lowest.lower_bound:
            lower.append("fatalities")
        if len({q.value for q in tellings}) > 1:
            seen: set[tuple[int, str | None]] = set()
            for q in tellings:
                key = (q.value, q.source)
                if key not in seen:
                    seen.add(key)
                    claims.append({"field": "fatalities", "value": q.value,
                                   "lower_bound": q.lower_bound, "source": q.source})
    return fatalities, counts, sorted(set(lower)), claims


def _notes(draft: Draft, fatalities: int | None, counts: dict[str, int], lower: list[str],
           claims: list[dict[str, Any]]) -> str:
    parts = []
    labels = {"strikes": "strikes", "tanks": "tanks destroyed", "vehicles": "vehicles destroyed",
              "displaced": "displaced", "injured": "injured", "share_percent": "% held",
              "killed_or_injured": "killed or injured"}
    if fatalities is not None:
        who = "civilians " if draft.civilians else ""
        parts.append(f"{'more than ' if 'fatalities' in lower else ''}{fatalities} {who}killed")
    for unit, value in counts.items():
        sep = "" if unit == "share_percent" else " "
        prefix = "more than " if unit in lower else ""
        parts.append(f"{prefix}{value}{sep}{labels.get(unit, unit)}")
    if claims:
        parts.append("claims: " + ", ".join(
            f"{c['value']}{'+' if c['lower_bound'] else ''} ({c['source'] or 'unattributed'})"
            for c in claims))
    parts += draft.also
    if draft.place is not None and draft.place.unresolved:
        parts.append(f"{draft.place.unresolved} is not in the gazetteer: placed at "
                     f"{draft.place.place.name}")
    elif draft.place is None and draft.unplaced:
        parts.append(f"{draft.unplaced} is not in the gazetteer: not placed")
    if draft.sources:
        parts.append("source: " + ", ".join(draft.sources))
    return "; ".join(parts)


def build_event(draft: Draft, text: str, published: date, lex: Lexicon,
                received: Callable[[int], int] | None = None) -> Event | None:
    """The Event of a draft, or None when it names no place at all. An event whose only
    place is one the gazetteer lacks has no coordinates: it waits for a reviewer to place
    it, and says why in its notes. ``received`` maps an offset of ``text`` to the report as
    received (when entities were decoded)."""
    if draft.place is None and draft.unplaced is None:
        return None
    event_type, sub = _sub_type(draft, lex)
    day, end, precision, tally, dated = draft_dates(draft, published)
    fatalities, counts, lower, claims = _figures(draft)
    actor1 = draft.actor1
    spec = lex.kind_spec(draft.kind)
    actor_name = actor1.name if actor1 else None
    if draft.kind == "dislodged":  # the dislodged are the second party; the taker the first
        default = next((a for a in lex.actors if a.role == spec.get("default_role")
                        and not a.is_source and a.by_country), None)
        taker = draft.taker or default
        actor_name = taker.name if taker else None
        actor2 = actor1.name if actor1 else None
    else:
        actor2 = draft.actor2.name if draft.actor2 else None
    if actor2 == actor_name:
        actor2 = None  # two drafts of one event folded: one party, named twice
    if actor2 is None and draft.civilians and event_type != "Battles":
        actor2 = "Civilians"
    via = draft.place.via if draft.place is not None else "unplaced"
    if via == "report" and draft.toll_only and fatalities is not None:
        tally = True  # a toll told for a whole country: a tally, no single event
    place = draft.place.place if draft.place is not None else None
    background = is_background(draft, published, lex, draft.pluperfect)
    confidence = 0.45 + 0.15 * dated + 0.15 * (via in ("name", "spelling")) + \
        0.1 * bool(draft.quantities) + 0.1 * (actor1 is not None) - 0.1 * draft.in_quote - \
        0.15 * (via in ("report", "unplaced"))
    if background:
        confidence = min(confidence, float(lex.rules.get("background_confidence", 0.3)))
    sent = draft.sentence
    start, stop = sent.start, sent.end
    if received is not None:
        start, stop = received(start), received(stop)
    return Event(
        event_date=day, date_end=end if end and end != day else None,
        time_precision=precision, event_type=event_type, sub_event_type=sub,
        actor1=actor_name, actor2=actor2, fatalities=fatalities, counts=counts,
        lower_bounds=lower, tally=tally, place_id=place.id if place else None,
        location=place.name if place else draft.unplaced,
        lat=place.lat if place else None, lon=place.lon if place else None,
        geo_precision=draft.place.precision if draft.place is not None else 3,
        quote=sent.text, quote_start=start, quote_end=stop,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        source=", ".join(draft.sources) or None,
        notes=_notes(draft, fatalities, counts, lower, claims) or None,
        background=background, claims=claims,
    )
