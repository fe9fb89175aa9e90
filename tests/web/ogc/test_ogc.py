"""OGC API - Features Part 1: landing, conformance, collections, items, OpenAPI, HTML."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import openapi_spec_validator
import pytest
from flask.testing import FlaskClient

from web.ogc.views import CONFORMANCE

from ..conftest import N_EVENTS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def _json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json(force=True)


def _rels(body: dict[str, Any]) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in body["links"]}


def test_landing_links_the_parts(client: FlaskClient) -> None:
    for path in ("/ogc", "/ogc/"):
        rels = _rels(_json(client, path))
        assert rels["service-desc"] == "http://localhost/ogc/openapi"
        assert rels["conformance"] == "http://localhost/ogc/conformance"
        assert rels["data"] == "http://localhost/ogc/collections"
    assert client.get("/ogc").mimetype == "application/json"


def test_conformance(client: FlaskClient) -> None:
    classes = _json(client, "/ogc/conformance")["conformsTo"]
    assert classes == CONFORMANCE
    assert {c.rsplit("/", 1)[1] for c in classes} == {"core", "geojson", "html", "oas30"}


def test_collections(client: FlaskClient) -> None:
    body = _json(client, "/ogc/collections")
    assert [c["id"] for c in body["collections"]] == ["events", "zones", "places", "areas"]
    for c in body["collections"]:
        items = [link for link in c["links"] if link["rel"] == "items"]
        assert {link["type"] for link in items} == {"application/geo+json", "text/html"}
        assert c["extent"]["spatial"]["bbox"] == [[-180.0, -90.0, 180.0, 90.0]]
    events = _json(client, "/ogc/collections/events")
    assert events["id"] == "events" and events["itemType"] == "feature"
    missing = _json(client, "/ogc/collections/nope", 404)
    assert missing["code"] == "NotFound" and "nope" in missing["description"]
    _json(client, "/ogc/collections/nope/items", 404)
    _json(client, "/ogc/collections/nope/items/x", 404)


def test_items_page_with_next_links_keeping_filters(client: FlaskClient) -> None:
    url = "/ogc/collections/events/items?bbox=30,30,40,40&datetime=2016-12-01/2016-12-31&limit=4"
    response = client.get(url)
    assert response.mimetype == "application/geo+json"
    body = response.get_json(force=True)
    assert body["numberReturned"] == 4 and body["numberMatched"] > 4
    seen = [f["id"] for f in body["features"]]
    while "next" in _rels(body):
        query = parse_qs(urlsplit(_rels(body)["next"]).query)
        assert query["bbox"] == ["30,30,40,40"]
        assert query["datetime"] == ["2016-12-01/2016-12-31"] and query["limit"] == ["4"]
        body = _json(client, _rels(body)["next"].removeprefix("http://localhost"))
        seen += [f["id"] for f in body["features"]]
    assert len(seen) == len(set(seen)) == body["numberMatched"]
    assert _rels(body)["collection"] == "http://localhost/ogc/collections/events"


def test_items_default_and_maximum_limit(client: FlaskClient) -> None:
    body = _json(client, "/ogc/collections/events/items")
    assert body["numberReturned"] == body["numberMatched"] == N_EVENTS
    for bad in ("0", "-1", "10001", str(10**9), "x"):
        error = _json(client, f"/ogc/collections/events/items?limit={bad}", 400)
        assert "limit" in error["description"]


@pytest.mark.parametrize("query", [
    "foo=1", "bbox=1,2,3", "bbox=0,0,10,91", "datetime=soon", "offset=-1", "f=xml",
    "crs=http://www.opengis.net/def/crs/EPSG/0/3857", "limit=5&limit=6", "type=Picnic",
])
def test_bad_item_parameters(client: FlaskClient, query: str) -> None:
    error = _json(client, f"/ogc/collections/events/items?{query}", 400)
    assert error["code"] and error["description"] and error["status"] == 400


def test_one_feature_of_each_collection(client: FlaskClient) -> None:
    event = _json(client, "/ogc/collections/events/items/ev005")
    assert event["id"] == "ev005" and _rels(event)["collection"].endswith("/events")
    zone = _json(client, "/ogc/collections/zones/items/zone-reb")
    assert zone["properties"]["faction"] == "Syrian rebels"
    place = _json(client, "/ogc/collections/places/items/geomap:alep-est")
    assert place["geometry"]["type"] == "Point"
    assert {"text": "شرق حلب", "lang": "ar"} in place["properties"]["names"]
    area = _json(client, "/ogc/collections/areas/items/geomap:alep-est")
    assert area["geometry"]["type"] == "MultiPolygon"
    for path in ("events/items/nope", "zones/items/nope", "places/items/geonames:170063",
                 "areas/items/geonames:170063"):
        _json(client, f"/ogc/collections/{path}", 404)


@pytest.mark.parametrize(("collection", "kind"), [("places", "Point"),
                                                  ("areas", "MultiPolygon")])
def test_one_geometry_type_per_collection(client: FlaskClient, collection: str,
                                          kind: str) -> None:
    """QGIS and GDAL make a layer of each collection: it must not mix points and
    polygons."""
    items = _json(client, f"/ogc/collections/{collection}/items?limit=10000")
    assert items["numberMatched"] > 100
    assert {f["geometry"]["type"] for f in items["features"]} == {kind}


def test_zone_and_place_items(client: FlaskClient) -> None:
    zones = _json(client, "/ogc/collections/zones/items?datetime=2016-12-20")
    assert [f["id"] for f in zones["features"]] == ["zone-gov"]
    zones = _json(client, "/ogc/collections/zones/items?datetime=2016-12-01/..&limit=1")
    assert zones["numberMatched"] == 2 and "next" in _rels(zones)
    places = _json(client, "/ogc/collections/places/items?limit=1000")
    assert places["numberMatched"] > 200
    assert all(f["id"].startswith("geomap:") for f in places["features"])
    aleppo = _json(client, "/ogc/collections/places/items?bbox=37.0,36.1,37.3,36.3&limit=1000")
    assert _json(client, "/ogc/collections/places/items/geomap:palmyra-ancient-site")
    ids = {f["id"] for f in aleppo["features"]}
    assert "geomap:alep-est" in ids and "geomap:palmyra-ancient-site" not in ids
    assert len(ids) < places["numberMatched"]
    districts = _json(client, "/ogc/collections/places/items?kind=district")
    assert {f["id"] for f in districts["features"]} == {"geomap:alep-est", "geomap:alep-ouest"}


@pytest.mark.parametrize("path", [
    "/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/events",
    "/ogc/collections/events/items", "/ogc/collections/events/items/ev001",
    "/ogc/collections/places/items?kind=district", "/ogc/openapi",
])
def test_html_for_browsers_json_on_request(client: FlaskClient, path: str) -> None:
    html = client.get(path, headers=BROWSER)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "<html" in html.get_data(as_text=True)
    sep = "&" if "?" in path else "?"
    assert client.get(f"{path}{sep}f=html").mimetype == "text/html"
    assert client.get(f"{path}{sep}f=json", headers=BROWSER).mimetype != "text/html"


def test_html_escapes_report_text(client: FlaskClient) -> None:
    page = client.get("/ogc/collections/events/items/ev001?f=html").get_data(as_text=True)
    assert "<b>with markup</b>" not in page
    assert "&lt;b&gt;with markup&lt;/b&gt;" in page


def test_openapi_document_is_valid(client: FlaskClient) -> None:
    response = client.get("/ogc/openapi")
    assert response.mimetype == "application/vnd.oai.openapi+json"
    document = response.get_json(force=True)
    assert document["openapi"].startswith("3.0")
    assert document["servers"] == [{"url": "http://localhost/ogc"}]
    assert "/collections/events/items" in document["paths"]
    openapi_spec_validator.validate(document)
