"""Reviewing one report: its text with places, triggers and event sentences marked, its events
beside a small map, and per event verify, reject or correct (type, dates, actors, counts,
fatalities, place — found by name in any language or by clicking the map).

A correction sends only the fields the editor changed on the form (so it never undoes what
someone else changed meanwhile), through ``web.intake.review_changes`` and
``geomap.pipeline.review_event`` like ``PATCH /api/events/<id>``, into the audit trail.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from geomap.io.geojson import zone_feature
from geomap.models import EVENT_TYPES, Event
from geomap.pipeline import review_event as review
from geomap.store import EventQuery, NotFound

from .deps import get_gazetteer, get_store
from .desk import current_editor, safe_next
from .errors import ApiError
from .highlight import event_spans, find_triggers, highlight, mention_spans, trigger_spans
from .intake import place_polygon, review_changes
from .mapping import EventLayer, build_map, compact_rows, js_json, map_parts
from .maps import factions
from .params import event_query
from .session import protect

__all__ = ["bp", "form_values", "changes_from_form", "parse_counts"]

bp = Blueprint("desk_review", __name__, url_prefix="/desk")
protect(bp)

#: The form's fields, in order (``place`` is a place id chosen by search or on the map).
FORM_FIELDS = ("sub_event_type", "event_date", "date_end", "actor1", "actor2", "fatalities",
               "counts", "place")
_ACTIONS = {"verify": "verified", "reject": "rejected", "reopen": "extracted", "save": None}
_COUNT = re.compile(r"\s*([a-z_]{1,40})\s*[=:]\s*([0-9]{1,12})\s*", re.IGNORECASE)


def parse_counts(text: str) -> dict[str, int]:
    """``displaced=10000, strikes=3`` as a dict.

    >>> parse_counts("displaced = 10000, strikes: 3")
    {'displaced': 10000, 'strikes': 3}

    Raises:
        ValueError: a part that is not ``name=number``.
    """
    out: dict[str, int] = {}
    for part in filter(str.strip, text.split(",")):
        match = _COUNT.fullmatch(part)
        if not match:
            raise ValueError(f"counts are name=number pairs, not {part.strip()!r}")
        out[match.group(1).lower()] = int(match.group(2))
    return out


def form_values(event: Event) -> dict[str, str]:
    """The form's fields for ``event``, as the form shows them."""
    return {"sub_event_type": event.sub_event_type, "event_date": event.event_date.isoformat(),
            "date_end": event.date_end.isoformat() if event.date_end else "",
            "actor1": event.actor1 or "", "actor2": event.actor2 or "",
            "fatalities": "" if event.fatalities is None else str(event.fatalities),
            "counts": ", ".join(f"{k}={v}" for k, v in event.counts.items()),
            "place": event.place_id or ""}


def _field_value(name: str, text: str) -> Any:
    text = text.strip()
    if name in ("event_date", "date_end"):
        if not text:
            if name == "event_date":
                raise ValueError("the event needs a date")
            return None
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"{name.replace('_', ' ')} must be a date YYYY-MM-DD") from None
    if name == "fatalities":
        if not text:
            return None
        if not text.isdigit():
            raise ValueError("fatalities must be a whole number (or empty: none given)")
        return int(text)
    if name == "counts":
        return parse_counts(text)
    return text or None


def changes_from_form(form: Any) -> dict[str, Any]:
    """A PATCH body from an event's form: the fields that differ from what the form showed
    (``was``), and the status its button sets.

    Raises:
        ValueError: a value that does not parse, or an unknown action.
    """
    try:
        was = json.loads(form.get("was", "{}"))
    except json.JSONDecodeError:
        was = {}
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
        raise ValueError(f"unknown action {action!r}")
    if _ACTIONS[action] is not None:
        body["status"] = _ACTIONS[action]
    return body


@bp.post("/events/<event_id>")
def edit(event_id: str) -> ResponseReturnValue:
    """Verify, reject, reopen or correct an event; back to its report's page."""
    store = get_store()
    back = safe_next(request.form.get("back"), url_for("desk.queue"))
    try:
        current = store.get_event(event_id)
    except NotFound:
        flash(f"No event {event_id}.", "error")
        return redirect(back, 303)
    try:
        body = changes_from_form(request.form)
        if not body:
            flash("Nothing was changed.", "ok")
            return redirect(back + f"#event-{event_id}", 303)
        changes = review_changes(body, current.event_type)
        updated = review(store, event_id, changes, who=current_editor(),
                         polygon_of=place_polygon)
    except ValueError as error:  # InvalidData is a ValueError too
        flash(f"Event not changed: {error}", "error")
    except ApiError as error:
        flash(f"Event not changed: {error.message}", "error")
    else:
        done = [k for k in body if k != "status"]
        what = f"{updated.status}" + (f"; changed {', '.join(done)}" if done else "")
        flash(f"Event {updated.sub_event_type} in {updated.location}: {what}.", "ok")
    return redirect(back + f"#event-{event_id}", 303)


@bp.get("/reports/<report_id>")
def review_page(report_id: str) -> str:
    """The review view of one report."""
    from .mapping import EVENT_STYLES

    store = get_store()
    try:
        report = store.get_report(report_id)
    except NotFound:
        abort(404, f"No report {report_id}.")
    events, _ = store.query_events(EventQuery(report_ids=[report_id], limit=2000))
    numbered = list(enumerate(events, 1))
    own = [(n, e) for n, e in numbered if e.report_id == report_id]
    lang = report.lang
    mentions = get_gazetteer().geoparse(report.text, lang=lang)
    text = highlight(report.text, mention_spans(mentions) + event_spans(own)
                     + trigger_spans(find_triggers(report.text, lang), own))
    day = report.published or date.today()
    zones = store.zones_valid_at(day)
    layer = EventLayer(
        data_url=url_for("desk_review.events_json"),
        params={"report": report_id, "status": "extracted,verified,rejected"},
        zones={"type": "FeatureCollection",
               "features": [zone_feature(z, i) for i, z in enumerate(zones)]},
        factions=factions(), event_url=url_for("maps.event_detail", event_id="__id__"),
        collapsed=True, fit=True)
    m = build_map(center=(30.0, 20.0), zoom=3, tile_url=current_app.config["TILE_URL"],
                  tile_attribution=current_app.config["TILE_ATTRIBUTION"], sources=[],
                  layer=layer)
    audits = {e.id: store.audit_trail(e.id) for _, e in numbered if e.id}
    safe_url = report.url if report.url and report.url.startswith(("http://", "https://")) \
        else None
    return render_template(
        "desk/review.html", report=report, report_url=safe_url, text=text,
        numbered=numbered, own={n for n, _ in own}, audits=audits,
        values={e.id: form_values(e) for _, e in numbered},
        was={e.id: json.dumps(form_values(e), ensure_ascii=False) for _, e in numbered},
        map=map_parts(m), event_types=EVENT_TYPES, styles=EVENT_STYLES,
        mentions=len(mentions), back=url_for("desk_review.review_page", report_id=report_id),
        publish_url=url_for("desk_publish.form", report=report_id, status="verified"))


@bp.get("/events.json")
def events_json() -> Response:
    """Compact rows of the events the filters select, any status (the desk's maps)."""
    store = get_store()
    args = request.args.to_dict()
    extra = store.list_places() if ":" in args.get("place", "") else []
    q = event_query(args, get_gazetteer(), default_limit=None, max_limit=50_000,
                    extra_places=extra)
    return Response(js_json(compact_rows(store.event_points(q))), mimetype="application/json")


@bp.get("/reverse")
def reverse() -> Response:
    """The place at a point clicked on the map (the smallest curated area holding it, else
    the nearest populated place), for choosing an event's place."""
    try:
        lat, lon = float(request.args["lat"]), float(request.args["lon"])
        place = get_gazetteer().reverse(lat, lon)
    except (KeyError, ValueError):
        raise ApiError("give lat and lon in range", 400) from None
    if place is None:
        raise ApiError("no place near that point", 404)
    return Response(js_json(place.to_dict()), mimetype="application/json")
