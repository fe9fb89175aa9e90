"""Downloads in every format, with the API's filters, readable by GDAL."""

from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest
from flask.testing import FlaskClient

from geomap.io import read_events

from ..conftest import N_EVENTS

FORMATS = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
           "csv": "text/csv", "kml": "application/vnd.google-earth.kml+xml",
           "fgb": "application/flatgeobuf"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_event_downloads(client: FlaskClient, tmp_path: Path, fmt: str) -> None:
    response = client.get(f"/export/events.{fmt}?bbox=36,34,39,37&datetime=2016-12-01/..")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == FORMATS[fmt]
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="geomap-events.{fmt}"'
    expected = client.get("/api/events?bbox=36,34,39,37&datetime=2016-12-01/..").get_json(
        force=True)
    assert 0 < expected["numberMatched"] < N_EVENTS
    assert len(expected["features"]) == expected["numberMatched"]
    path = tmp_path / f"events.{fmt}"
    path.write_bytes(response.data)
    if fmt != "csv":  # GDAL reads the file as it is, with one feature per event
        assert len(pyogrio.read_dataframe(path)) == expected["numberMatched"]
    got = {e.id: e for e in read_events(path)}
    want = {f["id"]: f["properties"] | {"lon": f["geometry"]["coordinates"][0],
                                         "lat": f["geometry"]["coordinates"][1]}
            for f in expected["features"]}
    assert set(got) == set(want)  # the same events: which rows, not only how many
    for event_id, p in want.items():
        e = got[event_id]
        assert (e.event_date.isoformat(), e.sub_event_type, e.actor1, e.fatalities, e.quote,
                e.status) == (p["event_date"], p["sub_event_type"], p["actor1"],
                              p["fatalities"], p["quote"], p["status"])
        assert (round(e.lat, 5), round(e.lon, 5)) == (round(p["lat"], 5), round(p["lon"], 5))


def test_zone_downloads(client: FlaskClient, tmp_path: Path) -> None:
    response = client.get("/export/zones.gpkg?at=2016-12-20")
    path = tmp_path / "zones.gpkg"
    path.write_bytes(response.data)
    assert len(pyogrio.read_dataframe(path)) == 1


@pytest.mark.parametrize(("url", "status"), [
    ("/export/events.shp", 404), ("/export/events.csv?bbox=1,2,3", 400),
    ("/export/events.csv?limit=-1", 400), ("/export/zones.kml?at=never", 400),
    ("/export/events.geojson?place=Xqzzyvvv+Nowhere", 400),
])
def test_bad_downloads(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.get_json()["status"] == status
