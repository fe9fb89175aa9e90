"""Story maps: a published map pinned to what it showed when it was published.

A story map is a slug with versions. Each version keeps its settings (title, description,
filters, the as-of day of its zones, the view, the visible layers, the alt text) and a
``snapshot`` of exactly what it draws (events and zones, as JSON), so that a story from 2016
does not change under its readers when reports arrive or events are corrected later. Only a
new version (republishing) changes what ``/embed/<slug>`` shows.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .jsontext import compact_json

__all__ = ["LAYERS", "SLUG_PATTERN", "RESERVED_SLUGS", "StoryMap", "StoryInfo", "check_slug",
           "slugify"]

#: The layers a story map can show (the first three show unless the editor hides them).
LAYERS = ("zones", "events", "tallies", "heat")
#: Lower-case letters, digits and single hyphens; 2 to 80 characters.
SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,79}")
#: Slugs taken by other pages under /maps/ and /embed/.
RESERVED_SLUGS = frozenset({"snippet", "events", "zones", "new", "static"})
#: Filters a story may keep (the maps' filters, and ``report`` for one report's events).
FILTER_NAMES = ("from", "to", "type", "actor", "place", "bbox", "status", "report")

_MAX = {"title": 200, "description": 5000, "alt_text": 1000}


def check_slug(slug: Any) -> str:
    """``slug`` when it is a valid story slug.

    >>> check_slug("aleppo-december-2016")
    'aleppo-december-2016'

    Raises:
        ValueError: saying what a slug may hold.
    """
    if not isinstance(slug, str) or not SLUG_PATTERN.fullmatch(slug):
        raise ValueError(f"slug {slug!r} must be 2 to 80 lower-case letters, digits and "
                         "single hyphens, starting and ending with a letter or digit")
    if slug in RESERVED_SLUGS:
        raise ValueError(f"slug {slug!r} is reserved")
    return slug


def slugify(title: str) -> str:
    """A slug drafted from a title (ASCII letters and digits, hyphens between words).

    >>> slugify("Alep : l'offensive du 11 décembre")
    'alep-l-offensive-du-11-decembre'
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug if len(slug) >= 2 and slug not in RESERVED_SLUGS else "map-" + (slug or "x")


@dataclass(frozen=True, kw_only=True)
class StoryMap:
    """One version of a story map.

    ``view`` is ``{"lat", "lon", "zoom"}``; ``snapshot`` any JSON object (the web layer
    keeps event and zone features and the compact rows its maps draw). ``version``,
    ``published_at`` and ``published_by`` are set by the store.

    Raises:
        ValueError: on a bad slug, an empty or over-long title, an unknown layer or filter,
            a view out of range, or a snapshot that is not a JSON object.
    """

    slug: str
    title: str
    description: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    as_of: date | None = None
    view: dict[str, float] = field(default_factory=dict)
    layers: tuple[str, ...] = ("zones", "events", "tallies")
    alt_text: str = ""
    snapshot: dict[str, Any] = field(default_factory=dict)
    version: int | None = None
    published_at: datetime | None = None
    published_by: str | None = None

    def __post_init__(self) -> None:
        check_slug(self.slug)
        for name, limit in _MAX.items():
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > limit or "\x00" in value:
                raise ValueError(f"{name} must be text of at most {limit} characters")
        if not self.title.strip():
            raise ValueError("a story map needs a title")
        bad = [k for k, v in self.filters.items()
               if k not in FILTER_NAMES or not isinstance(v, str)]
        if bad:
            raise ValueError(f"unknown filter(s) {bad}; filters are {', '.join(FILTER_NAMES)}")
        object.__setattr__(self, "layers", tuple(dict.fromkeys(self.layers)))
        if set(self.layers) - set(LAYERS):
            raise ValueError(f"layers must be among {LAYERS}, not {self.layers!r}")
        if self.view:
            _check_view(self.view)
        if not isinstance(self.snapshot, dict):
            raise ValueError("snapshot must be a JSON object")

    def settings(self) -> dict[str, Any]:
        """Everything the editor chose, JSON-ready (not the snapshot, not the version)."""
        return {"slug": self.slug, "title": self.title, "description": self.description,
                "filters": dict(sorted(self.filters.items())),
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "view": dict(sorted(self.view.items())), "layers": list(self.layers),
                "alt_text": self.alt_text}

    def digest(self) -> str:
        """A digest of the settings and the snapshot: equal for versions that show the same."""
        text = compact_json([self.settings(), self.snapshot], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_view(view: dict[str, Any]) -> None:
    if set(view) != {"lat", "lon", "zoom"}:
        raise ValueError(f"view must have lat, lon and zoom, not {sorted(view)}")
    lat, lon, zoom = view["lat"], view["lon"], view["zoom"]
    numbers = (lat, lon, zoom)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
               for v in numbers):
        raise ValueError(f"view values must be numbers, not {view!r}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        raise ValueError(f"view {view!r} is out of range (lat ±90, lon ±180, zoom 0–19)")


@dataclass(frozen=True)
class StoryInfo:
    """A version of a story map without its snapshot (for lists)."""

    slug: str
    version: int
    title: str
    published_at: datetime
    published_by: str
