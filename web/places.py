"""Place search as you type: a name in any language, whole or begun.

Whole names come from the gazetteer's hash index (``Alep``, ``Aleppo``, ``حلب``); begun names
("Ale", "حل") from ``Gazetteer.complete`` (binary search over the sorted names of places that
are not villages, ranked by the gazetteer's prior); near misses from its fuzzy lookup. A few
milliseconds a keystroke, no new index.
"""

from __future__ import annotations

from typing import Any

from gazetteer import Gazetteer, normalize_name
from gazetteer.index import Posting

__all__ = ["search_places"]


def _record(gazetteer: Gazetteer, posting: Posting) -> dict[str, Any]:
    place = gazetteer.index.place(posting.row)
    record = place.to_dict()
    record["matched"] = gazetteer.index.names[posting.name]
    if place.geometry is not None:
        from shapely.geometry import shape

        record["bbox"] = [round(v, 6) for v in shape(place.geometry).bounds]
    return record


def search_places(gazetteer: Gazetteer, query: str, *, limit: int = 10,
                  lang: str | None = None) -> list[dict[str, Any]]:
    """Places named ``query`` first, then places with a name beginning with it, then near
    misses; each as ``Place.to_dict()`` plus ``matched`` (the name that matched) and
    ``bbox`` for places with an outline."""
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
    return [_record(gazetteer, p) for _, _, p in best]
