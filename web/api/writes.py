"""Writes: reports in (``POST /api/reports``) and event review (``PATCH /api/events/<id>``).

Both need a bearer token (``web.core.auth``). Bodies are UTF-8 JSON objects; anything else
is a 400 (or 413 past the size limit) that says what is wrong, and nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, Response

from geomap.intake import report_from, review_changes
from geomap.io.geojson import event_feature
from geomap.pipeline import record_report, review_event

from ..core.auth import current_who, require_token
from ..core.bodies import json_body
from ..core.bounds import extract_events
from ..core.deps import get_gazetteer, get_store, max_report_chars, polygon_of
from ..core.logs import wrote
from ..core.responses import GEOJSON, json_response

__all__ = ["bp"]

bp = Blueprint("writes", __name__)


@bp.post("/api/reports")
@require_token
def add_report() -> Response:
    """Extract the events of a report and store them as ``extracted``.

    201 with the events as a FeatureCollection (plus ``report_id``); 200 with the stored
    events when the same text was sent before.
    """
    report = report_from(json_body(), max_chars=max_report_chars())
    assert report.published is not None
    # a few at a time, in worker processes: extraction takes seconds of CPU
    events = extract_events(report.text, published=report.published, lang=report.lang)
    store = get_store()
    result = record_report(store, report, events)
    stored = [store.get_event(eid) for eid in dict.fromkeys(result.event_ids)]
    wrote(f"report {result.report_id}: " + ("already stored" if result.duplicate
                                            else f"{len(stored)} event(s)"))
    body = {"type": "FeatureCollection", "report_id": result.report_id,
            "duplicate": result.duplicate, "merged": result.merged,
            "features": [event_feature(e, i) for i, e in enumerate(stored, 1)]}
    # every event the report gave, history told as background included (it is flagged)
    headers = {"Location": f"/api/events?report={result.report_id}&background=any"}
    return json_response(body, 200 if result.duplicate else 201, GEOJSON, headers)


@bp.patch("/api/events/<event_id>")
@require_token
def patch_event(event_id: str) -> Response:
    """Verify, reject or correct an event; every changed field goes to the audit trail."""
    body = json_body()
    store = get_store()
    changes = review_changes(store, get_gazetteer(), body,
                             store.get_event(event_id).event_type)
    updated = review_event(store, event_id, changes, who=current_who(),
                           polygon_of=polygon_of())
    wrote(f"event {event_id}: {', '.join(sorted(changes))}")
    return json_response(event_feature(updated, 1), media_type=GEOJSON)
