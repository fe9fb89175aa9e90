"""The build-time form of a place: what every source yields before the index is compiled."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Record", "keep_alternate_name"]

_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


@dataclass
class Record:
    """One place from a source, with every name it is known by."""

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
    names: list[tuple[str, str | None]] = field(default_factory=list)
    geometry: dict[str, Any] | None = None
    direction: str | None = None
    capital: bool = False  # a country's capital

    def add_names(self, names: list[str], lang: str | None = None) -> None:
        """Add names (already filtered) in ``lang``. A name may be tagged with several
        languages; an untagged copy of a name already held adds nothing, and tagging a
        name held untagged tags it in place."""
        for name in names:
            name = name.strip()
            if not name:
                continue
            held = [k for k, (n, _) in enumerate(self.names) if n == name]
            if lang is None:
                if not held:
                    self.names.append((name, None))
                continue
            if any(self.names[k][1] == lang for k in held):
                continue
            untagged = next((k for k in held if self.names[k][1] is None), None)
            if untagged is not None:
                self.names[untagged] = (name, lang)
            else:
                self.names.append((name, lang))

    def put_first(self, pairs: list[tuple[str, str | None]]) -> None:
        """Move these (name, language) pairs ahead of the others, in this order: the
        curated aliases come before GeoNames' alternates, so the first name of a language
        is the press name."""
        wanted = [p for p in pairs if p in self.names]
        rest = [p for p in self.names if p not in wanted]
        self.names = list(dict.fromkeys(wanted)) + rest


def keep_alternate_name(name: str) -> bool:
    """Whether an alternate name from GeoNames is a name at all.

    Airport and other codes (PMS, ALP, MOW), empty strings and overlong strings are not:
    matched against news text they would find places in every acronym. Nor are Latin-script
    names without a capital letter: GeoNames' romanisations of other scripts ("we" for Huế,
    "hlb", "mo si ke"), which would match common words.
    """
    name = name.strip()
    if not 1 < len(name) <= 80 or _CODE.match(name):
        return False
    latin = name.isascii() or any("LATIN" in unicodedata.name(ch, "") for ch in name[:3])
    return not latin or any(ch.isupper() for ch in name)
