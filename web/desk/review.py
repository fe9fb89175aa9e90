"""Reviewing one report: its text with places, triggers and event sentences marked, its events
beside a small map, and per event verify, reject or correct (type, dates, actors, counts,
fatalities, place — found by name in any language or by clicking the map).

A correction sends only the fields the editor changed on the form (so it never undoes what
someone else changed meanwhile), through ``geomap.intake.review_changes`` and
``geomap.pipeline.review_event`` like ``PATCH /api/events/<id>``, into the audit trail.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from geomap.errors import InvalidQuery, NotFound
from geomap.extract.triggers import triggers
from geomap.filters import parse_day
from geomap.intake import review_changes
from geomap.io.rows import compact_rows
from geomap.models import EVENT_TYPES, Event
from geomap.pipeline import review_event
from geomap.query import select_events, select_points

from ..core.bodies import parse_json
from ..core.deps import get_gazetteer, get_store, polygon_of
from ..core.logs import wrote
from ..core.responses import JSON, dumps
from ..core.session import protect
from ..maps.render import EVENT_STYLES, EventLayer, page_map, zones_collection
from .forms import FormError, attempt, safe_next
from .highlight import event_spans, highlight, mention_spans, trigger_spans
from .views import current_editor

__all__ = ["bp", "form_values", "changes_from_form", "parse_counts"]

bp = Blueprint("desk_review", __name__, url_prefix="/desk")
protect(bp)

#: The form's fields, in order (``place`` is a place id chosen by search or on the map).
FORM_FIELDS = ("sub_event_type", "event_date", "date_end", "time_precision", "actor1",
               "actor2", "fatalities", "counts", "place", "geo_precision")
#: What each precision means, as the form offers them (ACLED's codebook).
TIME_PRECISIONS = {1: "the day", 2: "a range of days or a week", 3: "a month or vaguer"}
GEO_PRECISIONS = {1: "the place itself", 2: "part of it or near it",
                  3: "only a wider region"}
_ACTIONS = {"verify": "verified", "reject": "rejected", "reopen": "extracted", "save": None}
_ALL_STATUSES = "extracted,verified,rejected"
_COUNT = re.compile(r"\s*([a-z_]{1,40})\s*[=:]\s*([0-9]{1,12})\s*", re.IGNORECASE)


def parse_counts(text: str) -> dict[str, int]:
    """``displaced=10000, strikes=3`` as a dict.

    >>> parse_counts("displaced = 10000, strikes: 3")
    {'displaced': 10000, 'strikes': 3}

    Raises:
        FormError: a part that is not ``name=number``.
    """
    out: dict[str, int] = {}
    for part in filter(str.strip, text.split(",")):
        match = _COUNT.fullmatch(part)
        if not match:
            raise FormError(f"counts are name=number pairs, not {part.strip()!r}")
        out[match.group(1).lower()] = int(match.group(2))
    return out


def form_values(event: Event) -> dict[str, str]:
    """The form's fields for ``event``, as the form shows them."""
    return {"sub_event_type": event.sub_event_type, "event_date": event.event_date.isoformat(),
            "date_end": event.date_end.isoformat() if event.date_end else "",
            "actor1": event.actor1 or "", "actor2": event.actor2 or "",
            "fatalities": "" if event.fatalities is None else str(event.fatalities),
            "counts": ", ".join(f"{k}={v}" for k, v in event.counts.items()),
            "place": event.place_id or "", "time_precision": str(event.time_precision),
            "geo_precision": str(event.geo_precision)}


def _field_value(name: str, text: str) -> Any:
    text = text.strip()
    if name in ("event_date", "date_end"):
        if not text:
            if name == "event_date":
                raise FormError("the event needs a date")
            return None
        return parse_day(name.replace("_", " "), text).isoformat()
    if name == "fatalities":
        if not text:
            return None
        if not text.isdigit():
            raise FormError("fatalities must be a whole number (or empty: none given)")
        return int(text)
    if name == "counts":
        return parse_counts(text)
    if name in ("time_precision", "geo_precision"):
        if text not in ("1", "2", "3"):
            raise FormError(f"{name.replace('_', ' ')} is 1, 2 or 3, not {text[:20]!r}")
        return int(text)
    return text or None


def changes_from_form(form: Any) -> dict[str, Any]:
    """A PATCH body from an event's form: the fields that differ from what the form showed
    (``was``), and the status its button sets.

    Raises:
        FormError, InvalidQuery: a value that does not parse, or an unknown action.
    """
    was = parse_json(form.get("was") or "{}", "the form's previous values")
    if not isinstance(was, dict):
        was = {}
    body: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name not in form:
            continue
        sent = form.get(name, "")
        if sent.strip() != str(was.get(name, "")).strip():
            body[name] = _field_value(name, sent)
    if "place" in body and body["place"] is None:
        del body["place"]  # a place can be changed, not removed
    action = form.get("action", "save")
    if action not in _ACTIONS:
        raise FormError(f"unknown action {action!r}")
    if _ACTIONS[action] is not None:
        body["status"] = _ACTIONS[action]
    return body


def _edit(event_id: str, form: Any) -> tuple[dict[str, Any], Event | None]:
    """Apply an event's form: (the body it sent, the event as changed; None: no change)."""
    store = get_store()
    current = store.get_event(event_id)
    body = changes_from_form(form)
    if not body:
        return body, None
    changes = review_changes(store, get_gazetteer(), body, current.event_type)
    return body, review_event(store, event_id, changes, who=current_editor(),
                              polygon_of=polygon_of())


@bp.post("/events/<event_id>")
def edit(event_id: str) -> ResponseReturnValue:
    """Verify, reject, reopen or correct an event; back to its report's page."""
    back = safe_next(request.form.get("back"), url_for("desk.queue"))
    done, error = attempt(lambda: _edit(event_id, request.form))
    if done is None:
        flash(f"Event not changed: {error}", "error")
    elif done[1] is None:
        flash("Nothing was changed.", "ok")
    else:
        body, updated = done
        changed = [k for k in body if k != "status"]
        what = f"{updated.status}" + (f"; changed {', '.join(changed)}" if changed else "")
        wrote(f"event {event_id}: {what}")
        flash(f"Event {updated.sub_event_type} in {updated.location}: {what}.", "ok")
    return redirect(back + f"#event-{event_id}", 303)


@bp.get("/reports/<report_id>")
def review_page(report_id: str) -> str:
    """The review view of one report."""
    store = get_store()
    report = store.get_report(report_id)
    # every event of the report, history told as background too: the editor sees all
    events = select_events(store, get_gazetteer(), {
        "report": report_id, "status": _ALL_STATUSES, "background": "any"},
        default_limit=2000, max_limit=2000).events
    numbered = list(enumerate(events, 1))
    own = [(n, e) for n, e in numbered if e.report_id == report_id]
    mentions = get_gazetteer().geoparse(report.text, lang=report.lang)
    text = highlight(report.text, mention_spans(mentions) + event_spans(own)
                     + trigger_spans(triggers(report.text, report.lang), own))
    layer = EventLayer(
        data_url=url_for("desk_review.events_json"),
        params={"report": report_id, "status": _ALL_STATUSES, "background": "any"},
        zones=zones_collection(store.zones_valid_at(report.published or date.today())),
        event_url=url_for("maps.event_detail", event_id="__id__"), collapsed=True, fit=True)
    audits = {e.id: store.audit_trail(e.id) for _, e in numbered if e.id}
    safe_url = report.url if report.url and report.url.startswith(("http://", "https://")) \
        else None
    return render_template(
        "desk/review.html", report=report, report_url=safe_url, text=text,
        numbered=numbered, own={n for n, _ in own}, audits=audits,
        values={e.id: form_values(e) for _, e in numbered},
        was={e.id: json.dumps(form_values(e), ensure_ascii=False) for _, e in numbered},
        map=page_map(layer), event_types=EVENT_TYPES, styles=EVENT_STYLES,
        time_precisions=TIME_PRECISIONS, geo_precisions=GEO_PRECISIONS,
        mentions=len(mentions), back=url_for("desk_review.review_page", report_id=report_id),
        publish_url=url_for("desk_publish.form", report=report_id, status="verified"))


@bp.get("/events.json")
def events_json() -> Response:
    """Compact rows of the events the filters select (the desk's maps ask for every
    status they show)."""
    points = select_points(get_store(), get_gazetteer(), request.args, max_limit=50_000)
    return Response(dumps(compact_rows(points)), mimetype=JSON)


@bp.get("/reverse")
def reverse_json() -> Response:
    """The place at a point clicked on the map (the smallest curated area holding it, else
    the nearest populated place), for choosing an event's place."""
    try:
        lat, lon = float(request.args["lat"]), float(request.args["lon"])
        place = get_gazetteer().reverse(lat, lon)
    except (KeyError, ValueError):
        raise InvalidQuery("give lat and lon in range") from None
    if place is None:
        raise NotFound("no place near that point")
    return Response(dumps(place.to_dict()), mimetype=JSON)
