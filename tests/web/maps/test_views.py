"""The maps' pages: names readers know in popups, a report without a title called by its
first sentence, the embed's alt text counting what the map draws, and the embed page
staying small (its basemap comes by URL, in tiles)."""

from __future__ import annotations

from flask.testing import FlaskClient

from ..desk_helpers import sign_in


def test_a_popup_names_the_place_as_readers_know_it(client: FlaskClient) -> None:
    # ev002 is stored at GeoNames' "Tadmur"
    props = client.get("/maps/events/ev002.json").get_json()["properties"]
    assert props["location"] == "Palmyra"
    assert props["report"]["title"] == "Test report one."  # no title: its first sentence


def test_the_desk_calls_an_untitled_report_by_its_first_sentence(client: FlaskClient) -> None:
    sign_in(client)
    page = client.get("/desk/reports/rep1").get_data(as_text=True)
    assert '<h1 id="report-title">Test report one.</h1>' in page
    assert "Untitled" not in page
    queue = client.get("/desk?show=all").get_data(as_text=True)
    assert ">Test report one.</a></h2>" in queue


def test_the_embed_page_stays_small(client: FlaskClient) -> None:
    html = client.get("/embed?title=Aleppo").get_data()
    assert len(html) < 300_000
    assert b"/maps/basemap/{z}/{x}/{y}.json" in html and b"world-atlas" not in html
