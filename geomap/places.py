"""Places by name or id: one rule for every filter, correction and search.

A place is named by an id (``geonames:170063``, ``geomap:alep-est``, or a user-added
place's id) or by one of its names in any language, matched exactly after folding (case,
accents, hyphens, articles): ``Alep``, ``Aleppo``, ``حلب``. The gazetteer answers first, then
the places users added to the store, so a user-added place resolves the same way
everywhere. A name that matches nothing is an :class:`~geomap.errors.UnknownPlace` with
suggestions (names that begin like it, then near misses): never a silent guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from gazetteer import Gazetteer, Place, normalize_name
from gazetteer.index import Posting

from .errors import InvalidQuery, NotFound, UnknownPlace
from .models import Event
from .store import Store

__all__ = ["find_place", "search_places", "suggest_places", "place_polygon", "precision_of",
           "known_names", "known_record_names", "known_locations"]

#: ACLED's geo_precision an event gets from the kind of place it is put at: 1 the place
#: itself (a town, a neighbourhood, a site), 2 part of a wider area or near a place (a
#: district, a second-level region: an event in a village the gazetteer lacks), 3 only a
#: region (a province, a country or wider).
PRECISION_BY_KIND = {"city": 1, "neighbourhood": 1, "site": 1, "district": 2, "admin2": 2,
                     "admin1": 3, "country": 3, "region": 3, "continent": 3}

_MAX_NAME = 2000


def _store_place(store: Store, text: str) -> Place | None:
    """A user-added place with this id, or with this name (folded) in any language."""
    if ":" in text:
        try:
            return store.get_place(text)
        except NotFound:
            pass
    key = normalize_name(text)
    for place in store.list_places():
        if any(normalize_name(n) == key for n in (place.name, *(text for text, _ in place.names))):
            return place
    return None


def precision_of(place: Place) -> int:
    """The geo_precision of an event put at ``place`` (see :data:`PRECISION_BY_KIND`)."""
    return PRECISION_BY_KIND.get(place.kind, 1)


def find_place(gazetteer: Gazetteer, store: Store | None, value: str, *,
               parameter: str = "place") -> Place:
    """The place an id or a name in any language stands for.

    Raises:
        InvalidQuery: an empty or over-long value.
        UnknownPlace: no place has that id or name (with suggestions).
    """
    if not isinstance(value, str):
        raise InvalidQuery(f"{parameter} must be text")
    text = value.strip()
    if not text:
        raise InvalidQuery(f"{parameter} is empty")
    if len(text) > _MAX_NAME:
        raise InvalidQuery(f"{parameter} is longer than {_MAX_NAME} characters")
    found = gazetteer.get(text) if ":" in text else None
    if found is None:
        places = gazetteer.lookup(text, limit=1, fuzzy=False)
        found = places[0] if places else None
    if found is None and store is not None:
        found = _store_place(store, text)
    if found is None:
        raise UnknownPlace(text, suggest_places(gazetteer, text), parameter=parameter)
    return found


def suggest_places(gazetteer: Gazetteer, text: str, *, limit: int = 5) -> list[Place]:
    """Places with a name that begins like ``text`` or comes near it."""
    return [gazetteer.index.place(p.row) for p in _ranked(gazetteer, text, limit=limit)]


def _ranked(gazetteer: Gazetteer, query: str, *, limit: int,
            lang: str | None = None) -> list[Posting]:
    """The best places for ``query``: named so, then names that begin with it, then near
    misses."""
    key = normalize_name(query.strip()[:200])
    if not key:
        return []
    ranked: dict[int, tuple[int, float, Posting]] = {}

    def add(scored: list[tuple[Posting, float]], tier: int) -> None:
        for p, score in scored:
            best = ranked.get(p.row)
            if best is None or (tier, -score) < (best[0], -best[1]):
                ranked[p.row] = (tier, score, p)

    add([(c.posting, c.score) for c in gazetteer.candidates(query, lang=lang, limit=limit,
                                                             fuzzy=False)], 0)
    if len(ranked) < limit and len(key) >= 2:
        add([(c.posting, c.score) for c in gazetteer.complete(query, lang=lang,
                                                              limit=limit * 4)], 1)
    if len(ranked) < limit and len(key) >= 4:
        add([(c.posting, c.score) for c in gazetteer.candidates(query, lang=lang,
                                                                 limit=limit)], 2)
    best = sorted(ranked.values(), key=lambda t: (t[0], -t[1]))[:limit]
    return [p for _, _, p in best]


def search_places(gazetteer: Gazetteer, query: str, *, limit: int = 10,
                  lang: str | None = None) -> list[dict[str, Any]]:
    """Search as you type: places named ``query`` first, then places with a name beginning
    with it, then near misses; each as ``Place.to_dict()`` plus ``matched`` (the name that
    matched) and ``bbox`` for places with an outline.

    Whole names come from the gazetteer's hash index, begun names from
    ``Gazetteer.complete`` (binary search over the sorted names of places that are not
    villages), near misses from its fuzzy lookup: a few milliseconds a keystroke.
    """
    out = []
    for posting in _ranked(gazetteer, query, limit=limit, lang=lang):
        place = gazetteer.index.place(posting.row)
        record = place.to_dict()
        record["matched"] = gazetteer.index.names[posting.name]
        if place.geometry is not None:
            from shapely.geometry import shape

            record["bbox"] = [round(v, 6) for v in shape(place.geometry).bounds]
        out.append(record)
    return out


def place_polygon(gazetteer: Gazetteer, store: Store, place_id: str) -> dict[str, Any] | None:
    """The outline of a place (gazetteer or user-added), for redrawing control zones."""
    place = gazetteer.get(place_id)
    if place is None:
        try:
            place = store.get_place(place_id)
        except NotFound:
            return None
    return place.geometry


def known_names(gazetteer: Gazetteer, events: Sequence[Event], *, lang: str = "en"
                ) -> list[Event]:
    """``events`` with the names readers of ``lang`` know as their location
    (:meth:`gazetteer.Place.display_name`: Palmyra, not GeoNames' Tadmur) where the location
    is the gazetteer place's own name, or none; a location someone wrote ("outskirts of
    Palmyra", an import's own spelling) stays as it is."""
    shown: dict[str, tuple[str, str] | None] = {}
    out = []
    for event in events:
        name = _known_name(gazetteer, shown, event.place_id, event.location, lang)
        out.append(event if name is None else dataclasses.replace(event, location=name))
    return out


def known_record_names(gazetteer: Gazetteer, records: list[dict[str, Any]], *,
                       lang: str = "en") -> list[dict[str, Any]]:
    """The store's records (``Store.query_records``) located as :func:`known_names`
    locates events (changed in place)."""
    for record, name in zip(records, known_locations(
            gazetteer, [(r["place_id"], r["location"]) for r in records], lang=lang),
            strict=True):
        record["location"] = name
    return records


def known_locations(gazetteer: Gazetteer, located: Sequence[tuple[str | None, str | None]],
                    *, lang: str = "en") -> list[str | None]:
    """The location :func:`known_names` shows of each (place id, location) pair."""
    shown: dict[str, tuple[str, str] | None] = {}
    out = []
    for place_id, location in located:
        name = _known_name(gazetteer, shown, place_id, location, lang) if place_id else None
        out.append(location if name is None else name)
    return out


def _known_name(gazetteer: Gazetteer, shown: dict[str, tuple[str, str] | None],
                place_id: str | None, location: str | None, lang: str) -> str | None:
    """The location readers know for an event at ``place_id`` told as at ``location``,
    None to keep it; ``shown`` remembers the places looked up."""
    if not place_id:
        return None
    if place_id not in shown:
        place = gazetteer.get(place_id)
        shown[place_id] = None if place is None else (place.name, place.display_name(lang))
    names = shown[place_id]
    if names is None or location not in (None, "", names[0]) or location == names[1]:
        return None
    return names[1]
