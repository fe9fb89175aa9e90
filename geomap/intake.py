"""What the API and the desk accept from people: a report from a JSON-like body, and review
changes (verify, reject, correct) from a PATCH-like body. Both say what is wrong with
:class:`~geomap.errors.InvalidData` (an unknown place: ``UnknownPlace``) and write nothing.
"""

from __future__ import annotations

from typing import Any

from gazetteer import Gazetteer

from .config import max_report_chars
from .errors import InvalidData, InvalidQuery, TooLarge
from .filters import parse_day, parse_lang
from .models import STATUSES, SUB_EVENT_TYPES, Report
from .places import find_place, precision_of
from .store import Store

__all__ = ["EDITABLE", "report_from", "review_changes"]

#: What a review may change, besides ``place`` (an id or a name, which sets the location).
EDITABLE = frozenset({
    "status", "event_date", "date_end", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "fatalities", "counts", "lower_bounds", "tally", "place_id",
    "location", "lat", "lon", "geo_precision", "notes", "confidence"})
_OPTIONAL_TEXT = ("url", "title", "source_name")


def _text_field(body: dict[str, Any], name: str, *, required: bool = False,
                limit: int = 2000) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidData(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise InvalidData(f"{name} must be a string")
    if "\x00" in value:
        raise InvalidData(f"{name} holds a NUL character")
    if len(value) > limit:
        raise InvalidData(f"{name} is longer than {limit} characters")
    return value


def report_from(body: dict[str, Any], *, max_chars: int | None = None) -> Report:
    """A report from ``{"text", "published", "lang"?, "url"?, "title"?, "source_name"?}``,
    its text at most ``max_chars`` characters (default: ``GEOMAP_MAX_REPORT_CHARS``).

    Raises:
        InvalidData: an unknown field, a missing or malformed value.
        TooLarge: a text longer than that.
    """
    unknown = sorted(set(body) - {"text", "published", "lang", *_OPTIONAL_TEXT})
    if unknown:
        raise InvalidData(f"unknown field(s) {unknown}; a report has text, published, lang, "
                          f"url, title, source_name")
    limit = max_report_chars(max_chars)
    text = body.get("text")
    if isinstance(text, str) and len(text) > limit:
        raise TooLarge(f"the report is {len(text):,} characters long; at most {limit:,} are "
                       f"taken (GEOMAP_MAX_REPORT_CHARS)")
    text = _text_field(body, "text", required=True, limit=limit) or ""
    if not text.strip():
        raise InvalidData("text is empty")
    published = _text_field(body, "published", required=True, limit=40) or ""
    lang = _text_field(body, "lang", limit=3)
    try:
        day = parse_day("published", published)
        lang = None if lang is None else parse_lang("lang", lang)
    except InvalidQuery as error:
        raise InvalidData(str(error)) from None
    return Report(text=text, published=day, lang=lang, url=_text_field(body, "url"),
                  title=_text_field(body, "title"),
                  source_name=_text_field(body, "source_name"))


def _place_id(store: Store, gazetteer: Gazetteer, value: Any) -> str:
    """The id of a place that exists (the gazetteer's or a user's), by the one place rule.

    Raises:
        InvalidData: not an id.
        UnknownPlace: no place has that id.
    """
    if not isinstance(value, str) or ":" not in value:
        raise InvalidData("place_id must be a place id such as geonames:170063 (a name goes "
                          "in place)")
    return find_place(gazetteer, store, value, parameter="place_id").id


def review_changes(store: Store, gazetteer: Gazetteer, body: dict[str, Any],
                   current_type: str) -> dict[str, Any]:
    """Event field changes from a review body: ``place`` resolved by the one place rule
    (gazetteer, then the users' places), event type and sub-event type made consistent.

    Raises:
        InvalidData: a field that cannot be changed, or a value that cannot be.
        UnknownPlace: ``place`` or ``place_id`` names no place.
    """
    unknown = sorted(set(body) - EDITABLE - {"place"})
    if unknown:
        raise InvalidData(f"cannot change {unknown}; changeable: "
                          f"{', '.join(sorted(EDITABLE | {'place'}))}")
    if not body:
        raise InvalidData("nothing to change: send the fields to change")
    changes = {k: v for k, v in body.items() if k != "place"}
    if "place" in body:
        if "place_id" in body:
            raise InvalidData("give place or place_id, not both")
        if not isinstance(body["place"], str):
            raise InvalidData("place must be a place id or a name")
        place = find_place(gazetteer, store, body["place"])
        # a district for a village the gazetteer lacks is "near" (2), a province only a
        # region (3); a precision the reviewer gives wins
        changes = {"place_id": place.id, "location": place.display_name(), "lat": place.lat,
                   "lon": place.lon, "geo_precision": precision_of(place)} | changes
    if body.get("place_id") is not None:
        changes["place_id"] = _place_id(store, gazetteer, changes["place_id"])
    if "status" in changes and changes["status"] not in STATUSES:
        raise InvalidData(f"status must be one of {', '.join(STATUSES)}")
    sub = changes.get("sub_event_type")
    if isinstance(sub, str) and "event_type" not in changes:
        if sub not in SUB_EVENT_TYPES:
            raise InvalidData(f"unknown sub_event_type {sub!r}")
        changes["event_type"] = SUB_EVENT_TYPES[sub]
    elif "event_type" in changes and "sub_event_type" not in changes \
            and changes["event_type"] != current_type:
        raise InvalidData("changing event_type needs a sub_event_type of it too")
    return changes
