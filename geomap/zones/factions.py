"""Factions of the control-zone maps (``seeds/zones/factions.toml``) and actor-to-faction names."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geomap.actors import fold
from geomap.config import seeds_dir

__all__ = ["Faction", "zones_dir", "load_factions", "faction_for_actor"]


@dataclass(frozen=True)
class Faction:
    """A faction id with its display names, map colour and the actor names that stand for it."""

    id: str
    name: str
    colour: str
    name_fr: str | None = None
    actors: tuple[str, ...] = ()


def zones_dir() -> Path:
    """The demo zones and factions: ``zones/`` of the seeds folder."""
    return seeds_dir() / "zones"


def load_factions(path: Path | None = None) -> dict[str, Faction]:
    """The factions by id, in file order (``factions.toml`` of the zones folder by default).

    Raises:
        ValueError: when an entry lacks a name or colour.
    """
    return _load(path or zones_dir() / "factions.toml")


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Faction]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, Faction] = {}
    for fid, entry in data.items():
        if not isinstance(entry, dict) or "name" not in entry or "colour" not in entry:
            raise ValueError(f"{path}: faction {fid!r} needs a name and a colour")
        out[fid] = Faction(fid, entry["name"], entry["colour"], entry.get("name_fr"),
                           tuple(entry.get("actors", ())))
    return out


@lru_cache(maxsize=4)
def _actor_index(path: Path) -> dict[str, str]:
    index: dict[str, str] = {}
    for faction in load_factions(path).values():
        index[fold(faction.id)] = faction.id
        for actor in faction.actors:
            index.setdefault(fold(actor), faction.id)
    return index


def faction_for_actor(actor: str | None, *, path: Path | None = None) -> str | None:
    """The faction id an actor name stands for (case and accents ignored), else None."""
    if not actor or not actor.strip():
        return None
    return _actor_index(path or zones_dir() / "factions.toml").get(fold(actor))
