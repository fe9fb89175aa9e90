"""Filters as people write them (``bbox=37,36,38,37``, ``datetime=2016-11-15/..``,
``type=Battles``, ``status=verified``): the parsers the command line, the API, OGC API -
Features, the exports and the maps share.

Each parser takes the raw text of one parameter and returns a typed value or raises
:class:`~geomap.store.InvalidQuery` saying what is wrong; :mod:`geomap.query` turns a whole
set of filters into a selection of events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from geomap.models import EVENT_TYPES, STATUSES, SUB_EVENT_TYPES
from geomap.store import BBox, InvalidQuery
from geomap.store.base import check_bbox
from geomap.store.tiles import Tile, check_tile
from geomap.store.validate import FIRST_DAY, LAST_DAY

__all__ = [
    "EVENT_FILTERS", "MAX_OFFSET", "Args", "parse_bbox", "parse_datetime", "parse_day",
    "parse_int", "parse_limit", "parse_offset", "parse_types", "parse_statuses", "parse_list",
    "parse_background", "BACKGROUND",
    "parse_lang", "parse_tile", "filter_args", "CRS84",
]

#: The only CRS we serve and accept for ``bbox-crs`` (OGC's WGS 84 lon/lat).
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#: Parameters ``geomap.query.select_events`` reads (everything else is the caller's).
EVENT_FILTERS = ("bbox", "bbox-crs", "datetime", "from", "to", "type", "actor", "place",
                 "status", "background", "report", "limit", "offset")
#: ``background=`` values: history told as context (``Event.background``) only, none of it,
#: or both.
BACKGROUND = {"true": True, "false": False, "any": None}
#: The largest offset accepted (beyond it a page is always empty anyway).
MAX_OFFSET = 10**9
_MAX_TEXT = 2000  # longest parameter value we parse at all

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSTANT = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?",
    re.ASCII)


#: Request arguments: ``request.args`` (a MultiDict) or a plain dict of strings.
Args = Mapping[str, Any]


def _bad(message: str) -> InvalidQuery:
    return InvalidQuery(message)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _bad(f"{name} must be text")
    if len(value) > _MAX_TEXT:
        raise _bad(f"{name} is longer than {_MAX_TEXT} characters")
    return value.strip()


def parse_bbox(value: str, *, crs: str | None = None) -> BBox:
    """``minlon,minlat,maxlon,maxlat`` (or six numbers with heights, which are ignored).

    >>> parse_bbox("36.5,35,38.5,37")
    (36.5, 35.0, 38.5, 37.0)
    """
    text = _text("bbox", value)
    if crs is not None and _text("bbox-crs", crs) not in (CRS84, "CRS84", "EPSG:4326"):
        raise _bad(f"bbox-crs {crs!r} is not supported; use {CRS84}")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 6:
        parts = [parts[0], parts[1], parts[3], parts[4]]
    if len(parts) != 4:
        raise _bad(f"bbox must be four numbers minlon,minlat,maxlon,maxlat; got {len(parts)} "
                   f"value(s) in {text!r}")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise _bad(f"bbox must be four numbers minlon,minlat,maxlon,maxlat, not {text!r}") \
            from None
    return check_bbox(numbers)


def parse_day(name: str, value: str) -> date:
    """A calendar day ``YYYY-MM-DD``."""
    text = _text(name, value)
    if not _DAY.fullmatch(text):
        raise _bad(f"{name} must be a date YYYY-MM-DD, not {text!r}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _bad(f"{name} {text!r} is not a valid date") from None
    return _within_calendar(name, day)


def _within_calendar(name: str, day: date) -> date:
    """``day``, if it lies within the days any record may carry (1900-2100)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _bad(f"{name} {day.isoformat()} is outside {FIRST_DAY.year}-{LAST_DAY.year}")
    return day


def _instant(text: str) -> date:
    match = _INSTANT.fullmatch(text)
    if not match:
        raise _bad(f"datetime {text!r} is not an RFC 3339 date or date-time "
                   f"(2016-12-11 or 2016-12-11T08:00:00Z)")
    day, hour, minute, second, zone = match.groups()
    try:
        parsed = date.fromisoformat(day)
        if hour is not None:
            datetime.fromisoformat(f"{day}T{hour}:{minute}:{second}"
                                   f"{'+00:00' if zone in ('Z', 'z') else zone}")
    except ValueError:
        raise _bad(f"datetime {text!r} is not a valid date or time") from None
    return _within_calendar("datetime", parsed)


def parse_datetime(value: str) -> tuple[date | None, date | None]:
    """An RFC 3339 instant or an interval ``start/end`` with ``..`` (or nothing) for an
    open end, as the days (start, end) it covers; events are dated by day, so a date-time
    stands for its calendar day as written.

    >>> parse_datetime("2016-12-01/..")
    (datetime.date(2016, 12, 1), None)
    """
    text = _text("datetime", value)
    if "/" not in text:
        day = _instant(text)
        return day, day
    head, sep, tail = text.partition("/")
    if "/" in tail:
        raise _bad(f"datetime {text!r} has more than one '/'")
    start = None if head in ("", "..") else _instant(head)
    end = None if tail in ("", "..") else _instant(tail)
    if start and end and end < start:
        raise _bad(f"datetime interval {text!r} ends before it starts")
    return start, end


def parse_lang(name: str, value: str) -> str:
    """A language as ISO 639-1 (or 639-3) writes it: ``fr``, ``en``, ``ara``."""
    text = _text(name, value)
    if not re.fullmatch(r"[a-z]{2,3}", text):
        raise _bad(f"{name} must be an ISO 639-1 code such as fr or en, not {text!r}")
    return text


def parse_int(name: str, value: str, *, minimum: int, maximum: int) -> int:
    """A whole number in ``[minimum, maximum]``."""
    text = _text(name, value)
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", text):
        raise _bad(f"{name} must be a whole number, not {text!r}")
    number = int(text)
    if not minimum <= number <= maximum:
        raise _bad(f"{name} must be between {minimum} and {maximum}, not {number}")
    return number


def parse_tile(name: str, value: str) -> Tile:
    """A Web Mercator tile as maps name it, ``z/x/y`` (``7/78/50``)."""
    text = _text(name, value)
    if not re.fullmatch(r"[0-9]{1,2}/[0-9]{1,8}/[0-9]{1,8}", text):
        raise _bad(f"{name} must be a tile z/x/y such as 7/78/50, not {text[:40]!r}")
    z, x, y = (int(v) for v in text.split("/"))
    return check_tile(z, x, y)


def parse_limit(value: str | None, *, default: int, maximum: int) -> int:
    """The page size: ``default`` when absent, else 1 to ``maximum``."""
    if value is None:
        return default
    return parse_int("limit", value, minimum=1, maximum=maximum)


def parse_offset(value: str | None) -> int:
    """How many matching items to skip (0 when absent)."""
    if value is None:
        return 0
    return parse_int("offset", value, minimum=0, maximum=MAX_OFFSET)


def parse_list(name: str, value: str | None) -> tuple[str, ...] | None:
    """Comma-separated values, stripped, empty ones dropped (None when absent or empty)."""
    if value is None:
        return None
    items = tuple(dict.fromkeys(v.strip() for v in _text(name, value).split(",") if v.strip()))
    if any("\x00" in v for v in items):
        raise _bad(f"{name} holds a NUL character")
    return items or None


_TYPES = {t.casefold(): t for t in EVENT_TYPES}
_SUB_TYPES = {t.casefold(): t for t in SUB_EVENT_TYPES}


def parse_types(value: str | None) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Event types and sub-event types (ACLED's names, any case), comma-separated; an event
    matches when its type or its sub-event type is among them."""
    items = parse_list("type", value)
    if items is None:
        return None, None
    types: list[str] = []
    subs: list[str] = []
    for item in items:
        key = item.casefold()
        if key in _TYPES:
            types.append(_TYPES[key])
        elif key in _SUB_TYPES:
            subs.append(_SUB_TYPES[key])
        else:
            raise _bad(f"unknown event type {item!r}; types are {', '.join(EVENT_TYPES)} "
                       f"or one of their sub-event types")
    if types and subs:  # either kind matches: a main type stands for all its sub-types
        subs = list(dict.fromkeys([*subs, *(s for t in types for s in EVENT_TYPES[t])]))
        types = []
    return tuple(types) or None, tuple(subs) or None


def parse_statuses(value: str | None) -> tuple[str, ...] | None:
    """Review statuses, comma-separated."""
    items = parse_list("status", value)
    bad = [s for s in items or () if s not in STATUSES]
    if bad:
        raise _bad(f"status must be among {', '.join(STATUSES)}, not {', '.join(bad)}")
    return items


def parse_background(value: str | None) -> bool | None:
    """``background=true`` (history only), ``false`` (none: the default) or ``any``."""
    text = _text("background", value).lower()
    if text not in BACKGROUND:
        raise _bad(f"background must be {', '.join(BACKGROUND)}, not {text[:40]!r}")
    return BACKGROUND[text]


def filter_args(args: Args, names: Iterable[str]) -> dict[str, str]:
    """The given arguments among ``names`` (for links that keep a query's filters)."""
    return {n: str(args[n]) for n in names if args.get(n) is not None}

