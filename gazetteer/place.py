"""Value objects of the gazetteer: a Place, one of its names, and a Mention of it in text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["KINDS", "WIDE_KINDS", "LARGE_KINDS", "Name", "Place", "Mention"]

#: Kinds of place, from the widest to the narrowest.
KINDS = ("continent", "region", "country", "admin1", "admin2", "city", "district",
         "neighbourhood", "site")
#: Kinds too wide to tie two places together or to be qualified by a region.
WIDE_KINDS = frozenset({"country", "continent"})
#: Kinds of large areas rather than localities: a name of one is a place in any text, and
#: two of them being near says nothing of one locality.
LARGE_KINDS = frozenset({"continent", "region", "country", "admin1"})


def _showable(text: str) -> bool:
    """A name fit to show: not an abbreviation or an acronym ("Pa.", "U.S.", "UAE")."""
    letters = [ch for ch in text if ch.isalpha()]
    return not text.endswith(".") and not (len(letters) <= 5 and text.isupper())


class Name(NamedTuple):
    """A name of a place, with its language where the source says (ISO 639-1, or None).

    :attr:`Place.names` holds plain ``(text, lang)`` pairs, which a Name is too: a cached
    place keeps tens of names, and the cyclic garbage collector stops watching a plain
    tuple of strings but never a named one."""

    text: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the gazetteer.

    ``lat``/``lon`` is its representative point (WGS 84); ``geometry`` an optional polygon as
    a GeoJSON-like mapping in lon/lat order, for the curated areas that have one; ``names``
    its names as ``(text, lang)`` pairs (see :class:`Name`).

    Raises:
        ValueError: on an unknown kind or a coordinate out of range.
    """

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str | None = None
    admin1: str | None = None
    population: int = 0
    parent_id: str | None = None
    source: str = "geonames"
    names: tuple[tuple[str, str | None], ...] = ()
    geometry: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown place kind {self.kind!r}; expected one of {KINDS}")
        if not -90.0 <= self.lat <= 90.0:
            raise ValueError(f"latitude {self.lat!r} of {self.id!r} is outside [-90, 90]")
        if not -180.0 <= self.lon <= 180.0:
            raise ValueError(f"longitude {self.lon!r} of {self.id!r} is outside [-180, 180]")

    def names_in(self, lang: str) -> list[str]:
        """The names this place has in ``lang``."""
        return [text for text, tag in self.names if tag == lang]

    def display_name(self, lang: str | None = None) -> str:
        """The name readers of ``lang`` (English by default) know: the source's own name
        when it is tagged with that language, else the first name tagged with it (the
        press name the curated aliases put first, a country's translation: "Palmyra" in
        English and "Palmyre" in French for GeoNames' "Tadmur", "Alep" for "Aleppo"), else
        the English one, else the source's own name. Abbreviations ("Pa.") and acronyms
        ("U.S.") are names for matching, not for showing."""
        lang = lang or "en"
        shown = [text for text, tag in self.names
                 if tag == lang and _showable(text) and not text[0].islower()]
        if not shown:
            return self.display_name("en") if lang != "en" else self.name
        return self.name if self.name in shown else shown[0]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready mapping (without the polygon); ``display_name`` in ``lang``."""
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "lat": self.lat,
            "lon": self.lon, "country_code": self.country_code, "admin1": self.admin1,
            "population": self.population, "parent_id": self.parent_id, "source": self.source,
            "display_name": self.display_name(lang),
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text: ``text[start:end]`` resolved to ``place``.

    ``score`` is the resolver's confidence in (0, 1]; ``candidates`` the other places the
    name could have meant, best first, with their scores (the alternatives it beat).
    """

    start: int
    end: int
    text: str
    place: Place
    score: float
    matched: str = ""
    candidates: Sequence[tuple[Place, float]] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad mention span {self.start!r}..{self.end!r}")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON-lines record of ``geomap geoparse`` (``display_name`` in ``lang``)."""
        p = self.place
        return {
            "start": self.start, "end": self.end, "text": self.text, "place_id": p.id,
            "name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
            "kind": p.kind, "score": round(self.score, 3), "display_name": p.display_name(lang),
        }
