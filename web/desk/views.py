"""The newsroom desk: sign-in, the review queue with bulk verify/reject, and report intake
(paste text or upload .txt/.html). Review is in ``web.desk.review``, publishing in
``web.desk.publish``.

Every change goes through the same functions as the API (``geomap.intake``,
``geomap.pipeline``) and so through the audit trail, with the signed-in token's name as who.
Forms post, then redirect (POST-redirect-GET); changes set values, so a form sent twice
changes nothing more.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from geomap.filters import parse_int
from geomap.intake import report_from
from geomap.io.article import Article, read_article
from geomap.pipeline import record_report, set_statuses
from geomap.query import select_events
from geomap.store import AddResult

from ..core.auth import parse_tokens
from ..core.bounds import extract_events
from ..core.deps import get_gazetteer, get_store, max_report_chars, polygon_of
from ..core.logs import wrote
from ..core.session import protect, sign_in, sign_out, signed_in
from .forms import FormError, attempt, safe_next

__all__ = ["bp", "QUEUE_PAGE", "current_editor"]

bp = Blueprint("desk", __name__, url_prefix="/desk")
protect(bp, public=("desk.login",))

#: Reports per page of the queue.
QUEUE_PAGE = 25
_MAX_BULK = 2000


def current_editor() -> str:
    """The signed-in editor's name (the guard lets no view run without one)."""
    who = signed_in()
    if who is None:  # pragma: no cover - the guard sends these to the sign-in page
        abort(401, "sign in first")
    return who


# -- sign-in -----------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with an editor token (one of ``GEOMAP_API_TOKENS``)."""
    target = safe_next(request.values.get("next"), url_for("desk.queue"))
    error, status = None, 200
    if request.method == "POST":
        who = sign_in(request.form.get("token", "").strip())
        if who is not None:
            wrote("signed in")
            flash(f"Signed in as {who}.", "ok")
            return redirect(target, 303)
        error, status = "That token is not one of the editor tokens.", 401
    enabled = bool(parse_tokens(current_app.config.get("API_TOKENS")))
    return render_template("desk/login.html", error=error, next=target,
                           enabled=enabled), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a POST with the form's CSRF token, so no other site can sign you out)."""
    sign_out()
    wrote("signed out")
    flash("Signed out.", "ok")
    return redirect(url_for("desk.login"), 303)


# -- the queue ---------------------------------------------------------------------------------

@bp.get("")
def queue() -> str:
    """Reports with events still to review (all reports with ``?show=all``), newest first,
    with counts; their unreviewed events with checkboxes for bulk verify/reject."""
    store = get_store()
    show_all = request.args.get("show") == "all"
    page = parse_int("page", request.args.get("page", "1"), minimum=1, maximum=100_000)
    summaries, total = store.report_summaries(status=None if show_all else "extracted",
                                              limit=QUEUE_PAGE, offset=(page - 1) * QUEUE_PAGE)
    ids = [s.id for s in summaries]
    events_by_report: dict[str, list[Any]] = {rid: [] for rid in ids}
    if ids:
        found = select_events(store, get_gazetteer(), {
            "report": ",".join(ids), "status": "extracted", "limit": str(_MAX_BULK)},
            max_limit=_MAX_BULK)
        for event in found.events:
            for rid in event.sources:
                if rid in events_by_report:
                    events_by_report[rid].append(event)
    return render_template("desk/queue.html", summaries=summaries, total=total, page=page,
                           pages=max(1, -(-total // QUEUE_PAGE)), show_all=show_all,
                           events_by_report=events_by_report, stories=store.list_stories())


@bp.post("/bulk")
def bulk() -> ResponseReturnValue:
    """Verify or reject the checked events (each through the audit trail)."""
    action = request.form.get("action")
    status = {"verify": "verified", "reject": "rejected"}.get(action or "")
    back = safe_next(request.form.get("back"), url_for("desk.queue"))
    if status is None:
        flash("Choose verify or reject.", "error")
        return redirect(back, 303)
    ids = list(dict.fromkeys(request.form.getlist("event")))[:_MAX_BULK]
    done = set_statuses(get_store(), ids, status, who=current_editor(),
                        polygon_of=polygon_of())
    note = f"{done.changed} event(s) {status}"
    if done.unchanged:
        note += f", {done.unchanged} already were"
    if done.missing:
        note += f", {done.missing} not found"
    wrote(note)
    flash(note + "." if ids else "No event was checked.", "ok" if ids else "error")
    return redirect(back, 303)


# -- intake ------------------------------------------------------------------------------------

_FIELDS = ("published", "source_name", "url", "title", "lang")


def _intake_page(values: dict[str, str], text: str, error: str | None = None,
                 status: int = 200) -> tuple[str, int]:
    from geomap.extract.lexicon import LANGS

    return render_template("desk/intake.html", values=values, text=text, error=error,
                           langs=LANGS), status


@bp.get("/new")
def intake_form() -> tuple[str, int]:
    """The form: paste a report or upload a file, with its date, source, URL, language."""
    return _intake_page({k: "" for k in _FIELDS}, "")


def _article(text: str, upload: FileStorage | None) -> Article:
    has_file = upload is not None and bool(upload.filename)
    if has_file and text.strip():
        raise FormError("paste the text or upload a file, not both")
    if upload is not None and has_file:
        return read_article(upload.filename or "", upload.read())
    if not text.strip():
        raise FormError("paste the report's text or upload a .txt or .html file")
    return Article(text.replace("\r\n", "\n").replace("\r", "\n"))


def _store_report(values: dict[str, str], text: str, upload: FileStorage | None) -> AddResult:
    """Store a report as ``POST /api/reports`` does: its events extracted, duplicates found
    by checksum."""
    from geomap.extract import detect_report_language

    article = _article(text, upload)
    if values["url"] and not values["url"].startswith(("http://", "https://")):
        raise FormError("the URL must start with http:// or https://")
    body: dict[str, Any] = {
        "text": article.text,
        "published": values["published"] or (article.published.isoformat()
                                              if article.published else None),
        "title": values["title"] or article.title, "url": values["url"] or article.url,
        "source_name": values["source_name"] or article.source_name,
        "lang": values["lang"] or None}
    report = report_from({k: v for k, v in body.items() if v is not None},
                         max_chars=max_report_chars())
    if report.lang is None:
        report = dataclasses.replace(report, lang=detect_report_language(report.text))
    assert report.published is not None
    events = extract_events(report.text, published=report.published, lang=report.lang)
    return record_report(get_store(), report, events)


@bp.post("/new")
def intake() -> Any:
    """Store a report, then show its review page (the form again, with why, if refused)."""
    values = {k: request.form.get(k, "").strip() for k in _FIELDS}
    text = request.form.get("text", "")
    result, error = attempt(lambda: _store_report(values, text, request.files.get("file")))
    if result is None:
        return _intake_page(values, text, error, 400)
    if result.duplicate:
        flash("This report was already in the store (the same text): here it is.", "ok")
    else:
        flash(f"Report stored: {len(set(result.event_ids))} event(s) extracted.", "ok")
    wrote(f"report {result.report_id}: " + ("already stored" if result.duplicate
                                            else f"{len(set(result.event_ids))} event(s)"))
    return redirect(url_for("desk_review.review_page", report_id=result.report_id), 303)
