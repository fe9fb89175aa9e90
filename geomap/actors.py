"""Actors by any of their names: the aliases of ``seeds/lexicons/actors.toml`` (EI = Daech =
ISIS = Islamic State), matched whatever the case and accents.

>>> sorted(match_actors(["daech"], stored=["Islamic State", "Syrian rebels"])["daech"])
['Islamic State']
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .config import seeds_dir

__all__ = ["fold", "actor_names", "match_actors", "known_actors"]


def fold(name: str) -> str:
    """A name as names are compared: case, accents and spacing ignored.

    >>> fold("  État   islamique ")
    'etat islamique'
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def _lexicon_path() -> Path:
    return seeds_dir() / "lexicons" / "actors.toml"


@lru_cache(maxsize=4)
def _aliases(path: Path) -> dict[str, frozenset[str]]:
    """Every folded name or alias (any language) → the names of the actors it stands for."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, set[str]] = {}
    for entry in data.get("actor", ()):
        names = [entry["name"], *(a for per_lang in entry.get("aliases", {}).values()
                                  for a in per_lang)]
        for name in names:
            out.setdefault(fold(name), set()).add(entry["name"])
    return {k: frozenset(v) for k, v in out.items()}


def known_actors() -> list[str]:
    """The names of the lexicon's actors (not its sources), sorted."""
    return sorted({a for actors in _aliases(_lexicon_path()).values() for a in actors})


def actor_names(name: str) -> frozenset[str]:
    """The names of the lexicon's actors that ``name`` is a name of (empty: none)."""
    return _aliases(_lexicon_path()).get(fold(name), frozenset())


def match_actors(asked: Sequence[str], *, stored: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each name asked, the actor names it matches: the lexicon's actors it is a name of,
    and every ``stored`` name (events' actor1/actor2) that is, after folding, the asked
    name or any name of those actors. Empty for a name that matches nothing."""
    aliases = _aliases(_lexicon_path())
    names_of: dict[str, set[str]] = {}
    for name, actors in aliases.items():
        for actor in actors:
            names_of.setdefault(actor, set()).add(name)
    by_key: dict[str, set[str]] = {}
    for name in stored:
        if name:
            by_key.setdefault(fold(name), set()).add(name)
    out: dict[str, tuple[str, ...]] = {}
    for text in asked:
        actors = aliases.get(fold(text), frozenset())
        keys = {fold(text), *(k for a in actors for k in names_of[a])}
        found = set(actors).union(*(by_key.get(k, set()) for k in keys))
        out[text] = tuple(sorted(found))
    return out
