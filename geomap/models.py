"""The domain's records: reports, events, control zones, actors.

Coordinates are named ``lat``/``lon``; only the GeoJSON writers put them in [lon, lat] order.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = [
    "EVENT_TYPES", "STATUSES", "CLAIM_KEYS", "Report", "Event", "ControlZone", "Actor",
    "report_checksum", "validate_claim", "validate_lat_lon", "headline_of",
]

#: ACLED's event types and sub-event types, plus our Displacement under Strategic developments.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction", "Non-violent transfer of territory",
                               "Other", "Displacement"),
}
SUB_EVENT_TYPES = {sub: main for main, subs in EVENT_TYPES.items() for sub in subs}
STATUSES = ("extracted", "verified", "rejected")
#: Where an event came from: extracted from a report's text, or imported from a coded
#: dataset (an ACLED or UCDP file, another geomap's export). The same incident told both ways
#: is kept once (see ``geomap.crossmerge``).
ORIGINS = ("report", "import")


def validate_lat_lon(lat: float | None, lon: float | None) -> None:
    """Raise ValueError unless both are None or both are finite and in range."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise ValueError("latitude and longitude go together")
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise ValueError(f"latitude {lat!r} is outside [-90, 90]")
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise ValueError(f"longitude {lon!r} is outside [-180, 180]")


#: The keys of a claim, one claimant's figure for an event.
CLAIM_KEYS = ("field", "value", "lower_bound", "source")


def validate_claim(claim: Any) -> None:
    """Raise ValueError unless ``claim`` is ``{"field": str, "value": int >= 0,
    "lower_bound": bool, "source": str | None}``."""
    if not isinstance(claim, dict) or set(claim) != set(CLAIM_KEYS):
        raise ValueError(f"a claim has the keys {CLAIM_KEYS}, not {claim!r}")
    if not isinstance(claim["field"], str) or not claim["field"]:
        raise ValueError(f"claim field {claim['field']!r} is not a name")
    value = claim["value"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"claim value {value!r} is not a whole number >= 0")
    if not isinstance(claim["lower_bound"], bool):
        raise ValueError(f"claim lower_bound {claim['lower_bound']!r} is not true or false")
    if claim["source"] is not None and not isinstance(claim["source"], str):
        raise ValueError(f"claim source {claim['source']!r} is not text")


def report_checksum(text: str) -> str:
    """A digest of a report's text, blind to whitespace and Unicode form (for de-duplication)."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    # a lone surrogate is refused when the report is stored, not here, where it would crash
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()


_SENTENCE_END = re.compile(r"[.!?…»\"”](?=\s+[A-ZÀ-ÖØ-Þ«\"“(\[]|\s*$)")


def headline_of(text: str, limit: int = 120) -> str:
    """What to call a text that has no title: its headline (a first line short enough and
    without a full stop), else its first sentence, cut at a word before ``limit``
    characters with an ellipsis."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    first = " ".join(lines[0].split())
    if len(first) <= limit and not first.endswith((".", ",", ";", ":")) and len(lines) > 1:
        return first
    end = _SENTENCE_END.search(first)
    sentence = first[:end.end()] if end else first
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return cut + "…"


@dataclass
class Report:
    """A news report as received."""

    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    source_name: str | None = None
    lang: str | None = None
    id: str | None = None
    checksum: str = ""
    ingested_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.checksum:
            self.checksum = report_checksum(self.text)

    def headline(self) -> str:
        """Its title, else its headline or first sentence (:func:`headline_of`)."""
        return self.title or headline_of(self.text)


@dataclass
class Event:
    """An event coded from a report, ACLED-style, with the sentence it came from.

    ``time_precision``: 1 a day, 2 a range of days or a week, 3 a month or vaguer.
    ``geo_precision``: 1 the place itself, 2 part of it or near it, 3 only a wider region.
    ``extra`` keeps a source's columns the model has no field for (ACLED's ``admin1``,
    ``inter1``, ``tags`` …), so that an import exports again unchanged.
    ``fatalities`` is None when the report gives none; ``counts`` holds the other figures
    (displaced, strikes, tanks, vehicles …) and ``lower_bounds`` names the counts given as
    "more than"/"at least". ``tally`` marks a cumulative toll over ``event_date``..``date_end``.
    ``background`` marks history the report tells as context (an older capture, victims who
    "had been fleeing"): kept, but off maps and exports unless asked for. ``claims`` keeps
    each claimant's figure for the event, ``{"field", "value", "lower_bound", "source"}``
    (the ministry's 300 beside the monitor's 50); ``fatalities`` stays the lowest credible one.

    Raises:
        ValueError: on an unknown type or status, a date range that ends before it starts,
            a negative count, or coordinates out of range.
    """

    event_date: date
    event_type: str
    sub_event_type: str
    date_end: date | None = None
    time_precision: int = 1
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    lower_bounds: list[str] = field(default_factory=list)
    tally: bool = False
    place_id: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    quote: str = ""
    quote_start: int | None = None
    quote_end: int | None = None
    confidence: float = 0.5
    status: str = "extracted"
    source: str | None = None
    notes: str | None = None
    controlled_by: str | None = None
    report_id: str | None = None
    sources: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    background: bool = False
    claims: list[dict[str, Any]] = field(default_factory=list)
    origin: str = "report"
    id: str | None = None

    def __post_init__(self) -> None:
        if SUB_EVENT_TYPES.get(self.sub_event_type) != self.event_type:
            raise ValueError(f"{self.sub_event_type!r} is not a sub-event type of "
                             f"{self.event_type!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {STATUSES}")
        if self.origin not in ORIGINS:
            raise ValueError(f"origin {self.origin!r} is not one of {ORIGINS}")
        if self.date_end is not None and self.date_end < self.event_date:
            raise ValueError(f"date range ends ({self.date_end}) before it starts "
                             f"({self.event_date})")
        if self.time_precision not in (1, 2, 3) or self.geo_precision not in (1, 2, 3):
            raise ValueError("time_precision and geo_precision are 1, 2 or 3")
        if self.fatalities is not None and self.fatalities < 0:
            raise ValueError(f"fatalities {self.fatalities!r} is negative")
        if any(v < 0 for v in self.counts.values()):
            raise ValueError(f"negative count in {self.counts!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence!r} is outside [0, 1]")
        for claim in self.claims:
            validate_claim(claim)
        validate_lat_lon(self.lat, self.lon)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (dates as ISO strings)."""
        out = asdict(self)
        for key in ("event_date", "date_end"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


@dataclass
class ControlZone:
    """Who held an area from ``valid_from`` to ``valid_to`` (exclusive; None: still).

    ``geometry`` is a GeoJSON-like Polygon or MultiPolygon mapping, lon/lat order.
    """

    faction: str
    geometry: dict[str, Any]
    valid_from: date
    valid_to: date | None = None
    source: str | None = None
    note: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if not self.faction.strip():
            raise ValueError("a control zone needs a faction")
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is not after valid_from "
                             f"{self.valid_from}")
        if self.geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"a control zone is a polygon, not {self.geometry.get('type')!r}")


@dataclass
class Actor:
    """A party to events, with its names per language and its map colour."""

    id: str
    name: str
    aliases: dict[str, list[str]] = field(default_factory=dict)
    colour: str = "#777777"
    kind: str = "armed group"
