"""Checks on records before they are written: types as annotated, then the models' own rules.

The models validate values on construction, but dataclasses can be changed afterwards and
do not check types; the store re-checks everything it writes so that a bad record raises
:class:`InvalidData` before the transaction begins, and reads give back what was written.
Strings may not hold NUL characters (PostgreSQL refuses them; SQLite would keep them), so
both engines refuse them alike.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from gazetteer import Place
from gazetteer.place import Name

from ..models import Actor, ControlZone, Event, Report
from .errors import InvalidData
from .geometry import parse_polygon

__all__ = ["check_event", "check_report", "check_zone", "check_place", "check_actor",
           "check_changes", "UPDATABLE_FIELDS"]

R = TypeVar("R")

#: Event fields that update_event may change (the store manages the others).
UPDATABLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Event)) - {
    "id", "report_id", "sources"}

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, {"Name": Name, "Any": Any})
    return _HINTS[cls]


def _fits(hint: Any, value: Any) -> bool:
    """Whether ``value`` is of the annotated type (the few forms the models use)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(arg, value) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is Any:
        return True
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str) and "\x00" not in value
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if hint is datetime:
        return isinstance(value, datetime)
    args = typing.get_args(hint)
    if origin is dict:
        return isinstance(value, dict) and all(
            _fits(args[0], k) and _fits(args[1], v) for k, v in value.items())
    if origin is list:
        return isinstance(value, list) and all(_fits(args[0], v) for v in value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return isinstance(value, tuple) and all(_fits(args[0], v) for v in value)
    if isinstance(hint, type):
        return isinstance(value, hint)
    raise TypeError(f"no check for annotation {hint!r}")  # a model grew a new kind of field


def _type_problem(cls: type, name: str, value: Any, what: str) -> InvalidData | None:
    hint = _hints(cls)[name]
    if _fits(hint, value):
        return None
    nul = " (it contains a NUL character)" if isinstance(value, str) and "\x00" in value else ""
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return InvalidData(f"{what}: {name} = {shown} is not of type "
                       f"{str(hint).replace('typing.', '')}{nul}")


def _check(record: R, cls: type[R], what: str) -> R:
    """Check the types of ``record``'s fields, then rebuild it to run its own validation."""
    if not isinstance(record, cls):
        raise InvalidData(f"{what} must be a {cls.__name__}, not {type(record).__name__}")
    for name in _hints(cls):
        problem = _type_problem(cls, name, getattr(record, name), what)
        if problem is not None:
            raise problem
    try:
        return dataclasses.replace(record)  # type: ignore[type-var]
    except ValueError as error:
        raise InvalidData(f"{what}: {error}") from error


def check_event(event: Event, *, what: str = "event") -> Event:
    """``event``, checked (a fresh copy).

    Raises:
        InvalidData: a field of the wrong type or an invalid value.
    """
    return _check(event, Event, what)


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
