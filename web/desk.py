"""The newsroom desk: sign-in, the review queue with bulk verify/reject, and report intake
(paste text or upload .txt/.html). Review is in ``desk_review``, publishing in
``desk_publish``.

Every change goes through the same functions as the API (``web.intake``,
``geomap.pipeline``) and so through the audit trail, with the signed-in token's name as who.
Forms post, then redirect (POST-redirect-GET); changes set values, so a form sent twice
changes nothing more.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from geomap.io.article import Article, read_article
from geomap.pipeline import record_report
from geomap.pipeline import review_event as review
from geomap.store import EventQuery, InvalidData, NotFound

from .deps import get_store
from .errors import ApiError
from .intake import place_polygon, report_from
from .params import parse_int
from .session import protect, sign_in, sign_out, signed_in

__all__ = ["bp", "QUEUE_PAGE", "safe_next", "current_editor"]

bp = Blueprint("desk", __name__, url_prefix="/desk")
protect(bp, public=("desk.login",))

#: Reports per page of the queue.
QUEUE_PAGE = 25
_MAX_BULK = 2000


def current_editor() -> str:
    """The signed-in editor's name (the guard lets no view run without one)."""
    who = signed_in()
    if who is None:  # pragma: no cover - the guard sends these to the sign-in page
        raise ApiError("sign in first", 401)
    return who


def safe_next(value: str | None, default: str) -> str:
    """``value`` when it is a path of the desk (never another site), else ``default``."""
    if value and value.startswith("/desk") and not value.startswith("//") \
            and "\\" not in value and "\n" not in value and "\r" not in value:
        return value
    return default


# -- sign-in -----------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with an editor token (one of ``GEOMAP_API_TOKENS``)."""
    target = safe_next(request.values.get("next"), url_for("desk.queue"))
    error, status = None, 200
    if request.method == "POST":
        who = sign_in(request.form.get("token", "").strip())
        if who is not None:
            flash(f"Signed in as {who}.", "ok")
            return redirect(target, 303)
        error, status = "That token is not one of the editor tokens.", 401
    from flask import current_app

    from .auth import parse_tokens

    enabled = bool(parse_tokens(current_app.config.get("API_TOKENS")))
    return render_template("desk/login.html", error=error, next=target,
                           enabled=enabled), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a POST with the form's CSRF token, so no other site can sign you out)."""
    sign_out()
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
        events, _ = store.query_events(EventQuery(report_ids=ids, status="extracted",
                                                  limit=_MAX_BULK))
        for event in events:
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
    store, who = get_store(), current_editor()
    changed = unchanged = missing = 0
    for event_id in ids:
        try:
            if store.get_event(event_id).status == status:
                unchanged += 1
                continue
            review(store, event_id, {"status": status}, who=who, polygon_of=place_polygon)
            changed += 1
        except NotFound:
            missing += 1
    note = f"{changed} event(s) {status}"
    if unchanged:
        note += f", {unchanged} already were"
    if missing:
        note += f", {missing} not found"
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
        raise ValueError("paste the text or upload a file, not both")
    if has_file:
        assert upload is not None
        return read_article(upload.filename or "", upload.read())
    if not text.strip():
        raise ValueError("paste the report's text or upload a .txt or .html file")
    return Article(text.replace("\r\n", "\n").replace("\r", "\n"))


@bp.post("/new")
def intake() -> Any:
    """Store a report as ``POST /api/reports`` does (its events extracted, duplicates found
    by checksum), then show its review page."""
    from geomap.extract import detect_report_language, extract_events

    values = {k: request.form.get(k, "").strip() for k in _FIELDS}
    text = request.form.get("text", "")
    try:
        article = _article(text, request.files.get("file"))
    except ValueError as error:
        return _intake_page(values, text, str(error), 400)
    if values["url"] and not values["url"].startswith(("http://", "https://")):
        return _intake_page(values, text, "the URL must start with http:// or https://", 400)
    body: dict[str, Any] = {
        "text": article.text,
        "published": values["published"] or (article.published.isoformat()
                                              if article.published else None),
        "title": values["title"] or article.title, "url": values["url"] or article.url,
        "source_name": values["source_name"] or article.source_name,
        "lang": values["lang"] or None}
    try:
        report = report_from({k: v for k, v in body.items() if v is not None})
    except ApiError as error:
        return _intake_page(values, text, error.message, 400)
    if report.lang is None:
        report = dataclasses.replace(report, lang=detect_report_language(report.text))
    assert report.published is not None
    events = extract_events(report.text, published=report.published, lang=report.lang)
    try:
        result = record_report(get_store(), report, events)
    except InvalidData as error:
        return _intake_page(values, text, str(error), 400)
    if result.duplicate:
        flash("This report was already in the store (the same text): here it is.", "ok")
    else:
        flash(f"Report stored: {len(set(result.event_ids))} event(s) extracted.", "ok")
    return redirect(url_for("desk_review.review_page", report_id=result.report_id), 303)
