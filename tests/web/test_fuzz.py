"""Property tests: whatever the query parameters hold, the answer is below 500 and JSON;
and schemathesis, bounded, walks the OGC API from its own OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.store import open_store
from web import create_app

from ..live import database_url
from .conftest import TOKENS, fill

PARAMS = ("bbox", "datetime", "limit", "offset", "type", "actor", "place", "status", "from",
          "to", "bbox-crs", "report", "f")
URLS = ("/api/events", "/ogc/collections/events/items", "/ogc/collections/zones/items",
        "/ogc/collections/places/items", "/export/events.geojson", "/api/zones",
        "/api/places")

# any text but lone surrogates (which no URL can carry), NUL and controls included
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NUMBERISH = st.one_of(
    TEXT, st.integers().map(str), st.floats().map(str),
    st.lists(st.floats(allow_nan=True, allow_infinity=True).map(str), max_size=7).map(",".join),
    st.sampled_from(["2016-12-11", "2016-12-01/..", "../..", "1,2,3", "0,0,10,91", "-1",
                     "1000000000", "Battles", "Aleppo", "حلب", "verified"]))


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = database_url(tmp_path_factory, "fuzz")
    with open_store(url) as store:
        store.init()
        fill(store)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "API_TOKENS": TOKENS})
    yield app
    if app.extensions.get("geomap.store") is not None:
        app.extensions["geomap.store"].close()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=st.sampled_from(URLS),
       args=st.dictionaries(st.sampled_from(PARAMS + ("q", "at", "faction", "kind", "zz")),
                            NUMBERISH, max_size=4))
def test_any_query_is_answered_below_500_in_json(fuzz_app: Flask, url: str,
                                                 args: dict[str, str]) -> None:
    response = fuzz_app.test_client().get(url, query_string=args)
    assert response.status_code < 500, (url, args, response.get_data(as_text=True))
    body = response.get_json(force=True)
    if response.status_code >= 400:
        assert body["status"] == response.status_code and body["description"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8")),
                      st.dictionaries(st.sampled_from(["text", "published", "lang", "url",
                                                       "status", "place", "fatalities"]),
                                      st.one_of(TEXT, st.integers(), st.none()),
                                      max_size=4).map(lambda d: json.dumps(d).encode())))
def test_any_write_body_is_answered_below_500(fuzz_app: Flask, body: bytes) -> None:
    client = fuzz_app.test_client()
    headers = {"Authorization": "Bearer alice-secret-token"}
    for response in (client.post("/api/reports", data=body, headers=headers,
                                 content_type="application/json"),
                     client.patch("/api/events/ev010", data=body, headers=headers,
                                  content_type="application/json")):
        assert response.status_code < 500, response.get_data(as_text=True)
        answer = response.get_json(force=True)
        if response.status_code >= 400:
            assert answer["status"] == response.status_code and answer["description"]


# The edges of issue #14: numbers past every integer type, days at the ends of the calendar,
# lone surrogates, deep nesting, long texts, hostile links.
EXTREME_NUMBERS = st.sampled_from(["2147483648", "9223372036854775808", "-9223372036854775809",
                                   "1" * 25, "9" * 5000, "1e400", "-0", "NaN", "Infinity",
                                   "0.000000000000000000001"])
EXTREME_TEXT = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "yesterday",
                     "javascript:alert(1)", "data:text/html,x", "geonames:999999999999",
                     "Aleppo", "=HYPERLINK(\"x\")", "x" * 100_000]),
    TEXT)
RAW_TEXT = st.one_of(EXTREME_TEXT.map(json.dumps), st.sampled_from(['"\\ud800"',
                                                                    '"a\\udfffb"']))
FIELDS = ("text", "published", "lang", "url", "title", "source_name", "status", "place",
          "place_id", "event_date", "date_end", "fatalities", "counts", "actor1", "actor2",
          "location", "lat", "lon", "confidence", "time_precision", "notes", "lower_bounds")
LEAF = st.one_of(EXTREME_NUMBERS, RAW_TEXT, st.integers().map(str), st.just("null"))
RAW_VALUE = st.recursive(LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]"),
    st.dictionaries(st.sampled_from(["displaced", "fatalities", "x"]), inner, max_size=2)
    .map(lambda d: "{" + ",".join(f'"{k}":{v}' for k, v in d.items()) + "}")), max_leaves=6)
DEEP = st.integers(min_value=30, max_value=3000).map(lambda n: "[" * n + "]" * n)
RAW_BODY = st.dictionaries(st.sampled_from(FIELDS), st.one_of(RAW_VALUE, DEEP), max_size=5).map(
    lambda d: "{" + ",".join(f'"{k}":{v}' for k, v in d.items()) + "}")


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.too_slow])
@given(body=RAW_BODY)
def test_any_extreme_write_body_is_answered_below_500(fuzz_app: Flask, body: str) -> None:
    client = fuzz_app.test_client()
    headers = {"Authorization": "Bearer alice-secret-token"}
    data = body.encode("utf-8", "surrogatepass")
    for response in (client.post("/api/reports", data=data, headers=headers,
                                 content_type="application/json"),
                     client.patch("/api/events/ev010", data=data, headers=headers,
                                  content_type="application/json")):
        assert response.status_code < 500, (body[:300], response.get_data(as_text=True))
        answer = response.get_json(force=True)
        if response.status_code >= 400:
            assert answer["status"] == response.status_code and answer["description"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.too_slow])
@given(form=st.dictionaries(
    st.sampled_from(["text", "published", "url", "title", "source_name", "lang",
                     "sub_event_type", "event_date", "date_end", "actor1", "actor2",
                     "fatalities", "counts", "place", "was", "action", "back"]),
    st.one_of(EXTREME_TEXT, EXTREME_NUMBERS, RAW_BODY, DEEP), max_size=6),
    version=st.one_of(EXTREME_NUMBERS, EXTREME_TEXT))
def test_any_desk_form_is_answered_below_500(fuzz_app: Flask, form: dict[str, str],
                                             version: str) -> None:
    from .desk_helpers import sign_in

    client = fuzz_app.test_client()
    token = sign_in(client)
    for path in ("/desk/new", "/desk/events/ev011", "/desk/publish"):
        response = client.post(path, data={**form, "csrf_token": token})
        assert response.status_code < 500, (path, form, response.get_data(as_text=True)[:300])
    for path in ("/desk/maps/x", "/maps/x", "/embed/x"):
        response = client.get(path, query_string={"version": version})
        assert response.status_code < 500, (path, version)


def test_ogc_api_against_its_openapi_document(fuzz_app: Flask) -> None:
    """Each operation of /ogc/openapi, with generated parameters (bounded: 20 cases each)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    schema = schemathesis.openapi.from_wsgi("/ogc/openapi", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {o.label for o in operations}  # (schemathesis skips /openapi itself)
    assert {f"GET /collections/{c}/items" for c in ("events", "zones", "places", "areas")
            } <= labels

    for operation in operations:
        @settings(max_examples=20, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            case.call_and_validate(checks=checks)

        call()
