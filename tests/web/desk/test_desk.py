"""The desk through Flask's test client: sign-in and sign-out, CSRF on every form, intake,
the queue with bulk review, and the review page's corrections (audited, idempotent)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap.store import open_store

from ...conftest import SEED_FR
from ..desk_helpers import ALICE, csrf, sign_in, signed_in, state

SEED_TEXT = SEED_FR.read_text(encoding="utf-8")


def _store(app: Flask) -> Any:
    return open_store(app.config["DATABASE_URL"])


# -- sign-in -----------------------------------------------------------------------------------

def test_desk_pages_need_a_sign_in(client: FlaskClient) -> None:
    for path in ("/desk", "/desk/new", "/desk/reports/rep1", "/desk/publish",
                 "/desk/events.json?report=rep1"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/desk/login?next=")
    assert client.get("/desk/login").status_code == 200
    assert client.get("/").status_code == 200  # public pages need none


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_it(client: FlaskClient) -> None:
    token = csrf(client)
    response = client.post("/desk/login", data={"csrf_token": token, "token": ALICE,
                                                "next": "/desk/new"})
    assert response.status_code == 303 and response.headers["Location"] == "/desk/new"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert ALICE not in cookie
    page = client.get("/desk").get_data(as_text=True)
    assert "alice" in page
    desk = client.get("/desk").headers
    assert desk["X-Frame-Options"] == "DENY" and desk["Cache-Control"] == "no-store"
    response = client.post("/desk/logout", data={"csrf_token": csrf(client, "/desk")})
    assert response.status_code == 303 and not signed_in(client)


def test_the_cookie_is_secure_over_https(app: Flask) -> None:
    client = app.test_client()
    token = csrf(client)
    response = client.post("/desk/login", data={"csrf_token": token, "token": ALICE},
                           base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    app.config["SESSION_COOKIE_SECURE"] = True
    other = app.test_client()
    assert "Secure" in other.get("/desk/login").headers["Set-Cookie"]


@pytest.mark.parametrize("token", ["wrong", "", "alice", "alice:alice-secret-token"])
def test_a_wrong_token_does_not_sign_in(client: FlaskClient, token: str) -> None:
    response = client.post("/desk/login", data={"csrf_token": csrf(client), "token": token})
    assert response.status_code == 401 and not signed_in(client)


def test_next_never_leads_off_the_desk(client: FlaskClient) -> None:
    for target in ("https://evil.example/", "//evil.example/desk", "/api/events"):
        response = client.post("/desk/login", data={"csrf_token": csrf(client),
                                                    "token": ALICE, "next": target})
        assert response.headers["Location"] == "/desk", target


def test_removing_a_token_ends_its_sessions(app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    app.config["API_TOKENS"] = "bob:another-token"
    assert not signed_in(client)


# -- CSRF and sessions on every form -----------------------------------------------------------

FORMS: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "login": ("/desk/login", lambda: {"token": ALICE}),
    "logout": ("/desk/logout", dict),
    "intake": ("/desk/new", lambda: {"text": SEED_TEXT, "published": "2016-12-11"}),
    "bulk": ("/desk/bulk", lambda: {"action": "reject", "event": ["ev001", "ev002"]}),
    "edit": ("/desk/events/ev001", lambda: {"action": "verify", "actor1": "Changed",
                                            "was": "{}", "back": "/desk"}),
    "publish": ("/desk/publish", lambda: {"action": "publish", "title": "A map",
                                          "slug": "a-map", "status": "extracted,verified"}),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("token", ["missing", "wrong", "other session"])
def test_a_form_without_its_csrf_token_changes_nothing(app: Flask, form: str,
                                                       token: str) -> None:
    client = app.test_client()
    sign_in(client)
    path, data = FORMS[form]
    body = data()
    if token == "wrong":
        body["csrf_token"] = "x" * 43
    elif token == "other session":
        body["csrf_token"] = csrf(app.test_client())
    before = state(app)
    response = client.post(path, data=body)
    assert response.status_code == 400
    assert state(app) == before and signed_in(client)


@pytest.mark.parametrize("form", sorted(set(FORMS) - {"login"}))
def test_a_form_without_a_session_changes_nothing(app: Flask, form: str) -> None:
    client = app.test_client()
    token = csrf(client)  # a session with a CSRF token, but nobody signed in
    path, data = FORMS[form]
    before = state(app)
    response = client.post(path, data={**data(), "csrf_token": token})
    assert response.status_code == 401
    assert state(app) == before and not signed_in(client)


def test_a_form_from_another_site_changes_nothing(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    before = state(app)
    response = client.post("/desk/bulk", data={"csrf_token": token, "action": "reject",
                                               "event": "ev001"},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and state(app) == before


# -- intake ------------------------------------------------------------------------------------

def test_pasting_a_report_stores_it_and_opens_its_review(app: Flask,
                                                         client: FlaskClient) -> None:
    token = sign_in(client)
    response = client.post("/desk/new", data={
        "csrf_token": token, "text": SEED_TEXT.replace("\n", "\r\n"),
        "published": "2016-12-11", "source_name": "AFP", "url": "https://www.afp.com/x"})
    assert response.status_code == 303
    report_id = response.headers["Location"].rsplit("/", 1)[1]
    with _store(app) as store:
        report = store.get_report(report_id)
        assert report.lang == "fr" and report.source_name == "AFP"  # detected
        assert "\r" not in report.text
        summaries, _ = store.report_summaries()
        assert summaries[0].id == report_id and summaries[0].counts["extracted"] >= 8
    again = client.post("/desk/new", data={"csrf_token": token, "text": SEED_TEXT,
                                           "published": "2016-12-11"})
    assert again.headers["Location"] == response.headers["Location"]  # found by checksum
    assert state(app)["reports"] == 2
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "already in the store" in page


def test_uploading_html_takes_its_article_text(app: Flask, client: FlaskClient) -> None:
    import io

    token = sign_in(client)
    html = ("<html><head><title>Palmyre reprise</title>"
            "<meta property='og:site_name' content='AFP'>"
            "<meta name='date' content='2016-12-11'></head><body>"
            "<nav>Accueil Monde Sport</nav><article><h1>Palmyre reprise</h1>"
            f"<p>{SEED_TEXT.splitlines()[0]}</p><p>{SEED_TEXT.splitlines()[2]}</p>"
            "<script>alert(1)</script></article><footer>Contactez-nous</footer>"
            "</body></html>").encode()
    response = client.post("/desk/new", data={
        "csrf_token": token, "file": (io.BytesIO(html), "story.html")},
        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    with _store(app) as store:
        report = store.get_report(response.headers["Location"].rsplit("/", 1)[1])
    assert report.title == "Palmyre reprise" and report.source_name == "AFP"
    assert str(report.published) == "2016-12-11"
    assert "Palmyre" in report.text and "alert" not in report.text
    assert "Accueil" not in report.text and "Contactez" not in report.text


@pytest.mark.parametrize("data, message", [
    ({"text": "", "published": "2016-12-11"}, "paste"),
    ({"text": "Des frappes sur Alep.", "published": ""}, "published"),
    ({"text": "Des frappes sur Alep.", "published": "2016-13-40"}, "published"),
    ({"text": "Des frappes sur Alep.", "published": "2016-12-11",
      "url": "javascript:alert(1)"}, "URL"),
])
def test_a_bad_report_is_refused_with_its_text_kept(app: Flask, client: FlaskClient,
                                                    data: dict[str, str], message: str) -> None:
    token = sign_in(client)
    before = state(app)
    response = client.post("/desk/new", data={"csrf_token": token, **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert data["text"] in response.get_data(as_text=True) and state(app) == before


def test_an_upload_of_another_kind_is_refused(app: Flask, client: FlaskClient) -> None:
    import io

    token = sign_in(client)
    response = client.post("/desk/new", data={
        "csrf_token": token, "published": "2016-12-11",
        "file": (io.BytesIO(b"%PDF-1.4"), "story.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 400 and ".txt or .html" in response.get_data(as_text=True)


# -- the queue and bulk review -----------------------------------------------------------------

def test_the_queue_lists_what_is_left_newest_first(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    client.post("/desk/new", data={"csrf_token": token, "text": SEED_TEXT,
                                   "published": "2016-12-11", "title": "Newest report"})
    page = client.get("/desk").get_data(as_text=True)
    assert page.index("Newest report") < page.index("Test report one")
    assert 'value="ev001"' in page and 'value="ev000"' not in page  # ev000 is verified
    assert "32 extracted" in page and "8 verified" in page


def test_bulk_review_is_audited_and_idempotent(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    form = {"csrf_token": token, "action": "verify", "event": ["ev001", "ev002", "ev000"]}
    response = client.post("/desk/bulk", data=form)
    assert response.status_code == 303
    after = state(app)
    assert after["events"]["ev001"][0] == after["events"]["ev002"][0] == "verified"
    assert client.post("/desk/bulk", data=form).status_code == 303
    assert state(app) == after  # sent twice: nothing more
    with _store(app) as store:
        trail = store.audit_trail("ev001")
    assert [(a.who, a.field, a.new) for a in trail] == [("alice", "status", "verified")]


# -- review and corrections --------------------------------------------------------------------

def _edit(client: FlaskClient, token: str, event_id: str, **fields: Any) -> Any:
    page = client.get("/desk/reports/rep1").get_data(as_text=True)
    marker = f'action="/desk/events/{event_id}"'
    start = page.index(marker)
    was = page[page.index('name="was" value="', start) + 18:]
    was = was[:was.index('"')].replace("&#34;", '"').replace("&amp;", "&")
    return client.post(f"/desk/events/{event_id}", data={
        "csrf_token": token, "back": "/desk/reports/rep1", "was": was,
        **json.loads(was), **fields})


def test_corrections_are_audited_with_who(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    response = _edit(client, token, "ev001", action="verify", actor1="Islamic State",
                     fatalities="12", counts="displaced=300", place="geomap:alep-est",
                     date_end="2016-12-04")
    assert response.status_code == 303
    assert response.headers["Location"] == "/desk/reports/rep1#event-ev001"
    with _store(app) as store:
        event = store.get_event("ev001")
        trail = store.audit_trail("ev001")
    assert (event.status, event.actor1, event.fatalities) == ("verified", "Islamic State", 12)
    assert event.counts == {"displaced": 300} and str(event.date_end) == "2016-12-04"
    assert (event.place_id, event.location) == ("geomap:alep-est", "East Aleppo")
    assert {a.who for a in trail} == {"alice"}
    assert {"status", "actor1", "fatalities", "counts", "place_id", "date_end"} <= {
        a.field for a in trail}


@pytest.mark.parametrize(("place", "fields", "expected"), [
    ("geomap:alep-est", {}, 2),            # a district for a village: near it, not 1
    ("geonames:163808", {}, 1),            # a town: the place itself
    ("geonames:163843", {}, 3),            # a country: only a wider region
    ("geomap:alep-est", {"geo_precision": "3"}, 3),  # what the reviewer says wins
])
def test_the_place_chosen_sets_its_precision(app: Flask, client: FlaskClient, place: str,
                                             fields: dict[str, str], expected: int) -> None:
    token = sign_in(client)
    response = _edit(client, token, "ev004", place=place, **fields)
    assert response.status_code == 303
    with _store(app) as store:
        event = store.get_event("ev004")
    assert (event.place_id, event.geo_precision) == (place, expected)


def test_time_and_place_precision_are_corrections(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    page = client.get("/desk/reports/rep1").get_data(as_text=True)
    assert 'name="time_precision"' in page and 'name="geo_precision"' in page
    _edit(client, token, "ev006", time_precision="3", geo_precision="2")
    with _store(app) as store:
        event = store.get_event("ev006")
        trail = {a.field for a in store.audit_trail("ev006")}
    assert (event.time_precision, event.geo_precision) == (3, 2)
    assert {"time_precision", "geo_precision"} <= trail
    before = state(app)
    bad = _edit(client, token, "ev006", time_precision="7")
    assert bad.status_code == 303 and state(app) == before
    assert "time precision is 1, 2 or 3" in client.get(bad.headers["Location"]).get_data(
        as_text=True)


def test_a_correction_sent_twice_changes_nothing_more(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    page = client.get("/desk/reports/rep1").get_data(as_text=True)
    assert page.count('class="desk-edit"') == 40
    first = _edit(client, token, "ev003", action="reject", fatalities="")
    after = state(app)
    form = {"csrf_token": token, "back": "/desk/reports/rep1", "action": "reject",
            "fatalities": "", "was": json.dumps({"fatalities": "3"})}
    assert first.status_code == 303
    assert client.post("/desk/events/ev003", data=form).status_code == 303  # the same again
    assert state(app) == after and after["events"]["ev003"][0] == "rejected"
    assert after["events"]["ev003"][3] is None


def test_a_stale_form_keeps_what_others_changed(app: Flask, client: FlaskClient) -> None:
    token = sign_in(client)
    stale_was = json.dumps({"actor1": "Syrian rebels", "fatalities": "2"})
    with _store(app) as store:
        store.update_event("ev002", {"actor1": "Someone else"}, who="bob")
    client.post("/desk/events/ev002", data={
        "csrf_token": token, "was": stale_was, "actor1": "Syrian rebels", "fatalities": "5",
        "action": "save", "back": "/desk"})
    with _store(app) as store:
        event = store.get_event("ev002")
    assert event.actor1 == "Someone else" and event.fatalities == 5


@pytest.mark.parametrize("fields, message", [
    ({"date_end": "2016-11-01"}, "before it starts"),
    ({"fatalities": "many"}, "whole number"),
    ({"counts": "displaced"}, "name=number"),
    ({"place": "no such place anywhere"}, "no place"),
    ({"action": "delete"}, "unknown action"),
])
def test_a_bad_correction_changes_nothing(app: Flask, client: FlaskClient,
                                          fields: dict[str, str], message: str) -> None:
    token = sign_in(client)
    before = state(app)
    response = _edit(client, token, "ev001", **fields)
    assert response.status_code == 303 and state(app) == before
    assert message in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_review_page_marks_places_triggers_and_sentences(app: Flask,
                                                             client: FlaskClient) -> None:
    token = sign_in(client)
    response = client.post("/desk/new", data={"csrf_token": token, "text": SEED_TEXT,
                                              "published": "2016-12-11"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<mark class="desk-place" title="Place: East Aleppo (district, SY)' in page
    assert 'Candidates it beat' in page
    assert '<mark class="desk-trigger" title="Trigger:' in page
    assert '<mark class="desk-quote" title="Event ' in page
    assert page.count("<mark") == page.count("</mark>")
    rows = client.get("/desk/events.json?report=" + response.headers["Location"].rsplit(
        "/", 1)[1] + "&status=extracted,verified,rejected&background=any").get_json()["rows"]
    assert len(rows) == page.count('class="desk-edit"')


def test_reverse_geocoding_a_click(client: FlaskClient) -> None:
    sign_in(client)
    place = client.get("/desk/reverse?lat=36.205&lon=37.11").get_json()
    assert place["id"] == "geomap:alep-ouest"
    assert client.get("/desk/reverse?lat=500&lon=0").status_code == 400


HOSTILE = "<script>alert('x')</script><img src=x onerror=\"alert('img')\">"


def test_a_hostile_report_is_shown_as_text(app: Flask, client: FlaskClient) -> None:
    from datetime import date

    from sqlalchemy import update

    from geomap.models import Event, Report

    with _store(app) as store:
        result = store.add_report(
            Report(text=f"Frappes sur Alep. {HOSTILE}", published=date(2016, 12, 11),
                   title=HOSTILE, url="https://x.example/", source_name=HOSTILE, lang="fr"),
            [Event(event_date=date(2016, 12, 11), event_type="Explosions/Remote violence",
                   sub_event_type="Air/drone strike", actor1=HOSTILE, location=HOSTILE,
                   place_id="geonames:170063", lat=36.2, lon=37.16, quote=HOSTILE,
                   quote_start=0, quote_end=20)])
        # the store refuses such a link now; a row written before that rule must still be
        # shown harmlessly
        with store.engine.begin() as conn:
            conn.execute(update(store.tables.reports).values(url="javascript:alert('url')"))
    sign_in(client)
    for path in (f"/desk/reports/{result.report_id}", "/desk?show=all"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert" in page and 'href="javascript:' not in page, path
