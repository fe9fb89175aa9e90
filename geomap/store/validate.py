"""Checks on records before they are written: types as annotated, then the models' own rules.

The models validate values on construction, but dataclasses can be changed afterwards and
do not check types; the store re-checks everything it writes so that a bad record raises
:class:`InvalidData` before the transaction begins, and reads give back what was written.
Strings may not hold NUL characters (PostgreSQL refuses them; SQLite would keep them) nor
unpaired surrogates (no encoding can write them), so both engines refuse them alike. Every
path in (API, desk, import, ingest) meets the same edges: dates within :data:`FIRST_DAY` ..
:data:`LAST_DAY`, figures within 32 bits, texts within :data:`TEXT_LIMITS`, report links
over http(s) only.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from gazetteer import Place

from ..models import Actor, ControlZone, Event, Report
from .errors import InvalidData
from .geometry import parse_polygon

__all__ = ["check_event", "check_report", "check_zone", "check_place", "check_actor",
           "check_changes", "UPDATABLE_FIELDS"]

R = TypeVar("R")

#: the days any record may carry: news of the 20th and 21st centuries (a year 1 or 9999 is a
#: typing slip or an attack, and date arithmetic overflows near the ends of the calendar)
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
#: the largest figure (fatalities, counts): 32 bits, which every engine and tool holds
MAX_FIGURE = 2**31 - 1
#: the largest whole number of any other field (populations, offsets): SQL's BIGINT
MAX_INTEGER = 2**63 - 1
#: characters a field may hold, per record type (a sentence, a name, a link …)
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "Event": {"actor1": 500, "actor2": 500, "location": 500, "place_id": 200,
              "quote": 5_000, "notes": 20_000, "source": 2_000, "controlled_by": 200},
    "Report": {"title": 1_000, "url": 2_000, "source_name": 500, "lang": 16},
}
_SURROGATE = re.compile("[\ud800-\udfff]")
_WEB_LINK = re.compile(r"https?://[^\s]+", re.IGNORECASE)

#: Event fields that update_event may change (the store manages the others).
UPDATABLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Event)) - {
    "id", "report_id", "sources"}

Checker = Callable[[Any], bool]
_CHECKERS: dict[type, dict[str, tuple[Any, Checker]]] = {}


def _checker(hint: Any) -> Checker:
    """A function telling whether a value is of the annotated type (the forms models use)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        parts = [_checker(arg) for arg in typing.get_args(hint)]
        return lambda v: any(part(v) for part in parts)
    if hint is type(None):
        return lambda v: v is None
    if hint is Any:
        return lambda v: True
    if hint is bool:
        return lambda v: isinstance(v, bool)
    if hint is int:
        return lambda v: (isinstance(v, int) and not isinstance(v, bool)
                          and -MAX_INTEGER <= v <= MAX_INTEGER)
    if hint is float:
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool)
    if hint is str:
        return lambda v: isinstance(v, str) and "\x00" not in v and not _SURROGATE.search(v)
    if hint is date:
        return lambda v: isinstance(v, date) and not isinstance(v, datetime)
    if hint is datetime:
        return lambda v: isinstance(v, datetime)
    args = typing.get_args(hint)
    if origin is dict:
        key, value = _checker(args[0]), _checker(args[1])
        return lambda v: isinstance(v, dict) and all(key(k) and value(x) for k, x in v.items())
    if origin is list:
        item = _checker(args[0])
        return lambda v: isinstance(v, list) and all(map(item, v))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(args[0])
        return lambda v: isinstance(v, tuple) and all(map(item, v))
    if origin is tuple:  # a fixed shape: a place's (text, lang) name
        fields = [_checker(arg) for arg in args]
        return lambda v: isinstance(v, tuple) and len(v) == len(fields) and all(
            check(x) for check, x in zip(fields, v, strict=True))
    if isinstance(hint, type):
        return lambda v: isinstance(v, hint)
    raise TypeError(f"no check for annotation {hint!r}")  # a model grew a new kind of field


def _checkers(cls: type) -> dict[str, tuple[Any, Checker]]:
    if cls not in _CHECKERS:
        _CHECKERS[cls] = {name: (hint, _checker(hint))
                          for name, hint in typing.get_type_hints(cls).items()}
    return _CHECKERS[cls]


def _type_problem(cls: type, name: str, value: Any, what: str) -> InvalidData | None:
    hint, fits = _checkers(cls)[name]
    if fits(value):
        return None
    nul = (" (it contains a NUL character)" if isinstance(value, str) and "\x00" in value
           else " (it contains an unpaired surrogate)" if isinstance(value, str)
           and _SURROGATE.search(value) else " (out of range)" if isinstance(value, int)
           and not isinstance(value, bool) else "")
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return InvalidData(f"{what}: {name} = {shown} is not of type "
                       f"{str(hint).replace('typing.', '')}{nul}")


def _check(record: R, cls: type[R], what: str, *, copy: bool = True) -> R:
    """Check the types of ``record``'s fields, then rebuild it to run its own validation
    (or, without ``copy``, run that validation on ``record`` itself)."""
    if not isinstance(record, cls):
        raise InvalidData(f"{what} must be a {cls.__name__}, not {type(record).__name__}")
    for name, (_, fits) in _checkers(cls).items():
        if not fits(getattr(record, name)):
            problem = _type_problem(cls, name, getattr(record, name), what)
            if problem is not None:
                raise problem
    _check_edges(record, what)
    try:
        if not copy:
            record.__post_init__()  # type: ignore[attr-defined]  # R: one of the models
            return record
        return dataclasses.replace(record)  # type: ignore[type-var]  # R: a dataclass
    except ValueError as error:
        raise InvalidData(f"{what}: {error}") from error


def _check_edges(record: Any, what: str) -> None:
    """Dates, figures and text lengths within the limits every path in shares."""
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, date) and not isinstance(value, datetime) \
                and not FIRST_DAY <= value <= LAST_DAY:
            raise InvalidData(f"{what}: {field.name} {value.isoformat()} is outside "
                              f"{FIRST_DAY.year}-{LAST_DAY.year}")
    limits = TEXT_LIMITS.get(type(record).__name__, {})
    for name, limit in limits.items():
        value = getattr(record, name)
        if isinstance(value, str) and len(value) > limit:
            raise InvalidData(f"{what}: {name} is {len(value):,} characters long "
                              f"(at most {limit:,})")
    if isinstance(record, Event):
        figures = {"fatalities": record.fatalities, **{f"counts[{k!r}]": v
                                                        for k, v in record.counts.items()}}
        for name, value in figures.items():
            if isinstance(value, int) and value > MAX_FIGURE:
                raise InvalidData(f"{what}: {name} = {value} is more than {MAX_FIGURE:,}")
    if isinstance(record, Report) and record.url is not None \
            and not _WEB_LINK.fullmatch(record.url.strip()):
        raise InvalidData(f"{what}: url must be an http(s) link, not {record.url[:80]!r}")


def check_event(event: Event, *, what: str = "event", copy: bool = True) -> Event:
    """``event``, checked: a fresh copy, or ``event`` itself without ``copy`` (for a caller
    that copies it anyway and holds a million of them).

    Raises:
        InvalidData: a field of the wrong type or an invalid value.
    """
    return _check(event, Event, what, copy=copy)


def check_report(report: Report) -> Report:
    """``report``, checked (a fresh copy); its text must not be blank.

    Raises:
        InvalidData: a field of the wrong type, or no text.
    """
    checked = _check(report, Report, "report")
    if not checked.text.strip():
        raise InvalidData("report: the text is empty")
    return checked


def check_zone(zone: ControlZone, *, what: str = "zone") -> ControlZone:
    """``zone``, checked, including its polygon (see :func:`parse_polygon`).

    Raises:
        InvalidData: a field of the wrong type or an invalid polygon.
    """
    checked = _check(zone, ControlZone, what)
    try:
        parse_polygon(checked.geometry)
    except InvalidData as error:
        raise InvalidData(f"{what}: {error}") from error
    return checked


def check_place(place: Place) -> Place:
    """``place``, checked, including its polygon when it has one.

    Raises:
        InvalidData: a field of the wrong type or an invalid polygon.
    """
    checked = _check(place, Place, "place")
    if checked.geometry is not None:
        try:
            parse_polygon(checked.geometry)
        except InvalidData as error:
            raise InvalidData(f"place {checked.id}: {error}") from error
    return checked


def check_actor(actor: Actor) -> Actor:
    """``actor``, checked.

    Raises:
        InvalidData: a field of the wrong type.
    """
    return _check(actor, Actor, "actor")


def check_changes(changes: Mapping[str, Any], *, what: str = "update") -> dict[str, Any]:
    """``changes`` for :meth:`Store.update_event`, type-checked, ISO date strings made dates.

    Raises:
        InvalidData: a field that cannot be changed, or a value of the wrong type.
    """
    if not isinstance(changes, Mapping):
        raise InvalidData(f"changes must be a mapping, not {type(changes).__name__}")
    bad = sorted(str(k) for k in set(changes) - UPDATABLE_FIELDS)
    if bad:
        raise InvalidData(f"cannot change {bad}; changeable fields: {sorted(UPDATABLE_FIELDS)}")
    out = dict(changes)
    for name, value in out.items():
        if name in ("event_date", "date_end") and isinstance(value, str):
            try:
                out[name] = value = date.fromisoformat(value)
            except ValueError as error:
                raise InvalidData(f"{what}: {name} must be a date YYYY-MM-DD, "
                                  f"not {value!r}") from error
        problem = _type_problem(Event, name, value, what)
        if problem is not None:
            raise problem
    return out
