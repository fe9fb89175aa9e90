"""The static image (``/embed.png``, a story's PNG): its frame holds every event and zone
shown, padded; its legend lists only what lies in the frame; it is drawn over geomap's own
basemap (land and sea where they are)."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from flask.testing import FlaskClient

from gazetteer import Gazetteer
from geomap.models import ControlZone, Event
from web.maps.basemap import Basemap
from web.maps.mercator import to_pixels
from web.maps.png import COLOURS, PAD, frame_of, map_figure, render_png

AT = date(2016, 12, 11)


def _event(lon: float, lat: float, sub: str = "Armed clash", **kw: object) -> Event:
    main = {"Armed clash": "Battles", "Air/drone strike": "Explosions/Remote violence"}[sub]
    return Event(event_date=AT, event_type=main, sub_event_type=sub, lat=lat, lon=lon,
                 **kw)  # type: ignore[arg-type]


def _square(lon: float, lat: float, size: float) -> dict[str, object]:
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat],
                                                [lon + size, lat + size], [lon, lat + size],
                                                [lon, lat]]]}


#: Idlib in the west, Deir ez-Zor in the east, Palmyra in the south: the events the PNG
#: once cut off; zones in Aleppo, and one in the north-east far from every event.
EVENTS = [_event(36.63393, 35.93062), _event(40.14084, 35.33588, "Air/drone strike"),
          _event(38.28402, 34.5624, "Air/drone strike", fatalities=300)]
ALEPPO_ZONES = [ControlZone("government", _square(37.10, 36.15, 0.05), AT),
                ControlZone("rebels", _square(37.16, 36.15, 0.08), AT)]
FAR_ZONE = ControlZone("kurdish", _square(41.8, 36.9, 0.3), AT)


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    return Basemap(Gazetteer.default())


def _inside(fig: object, lon: float, lat: float) -> bool:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    x, y = to_pixels(lon, lat, fig.map_zoom)  # type: ignore[attr-defined]
    (x0, x1), (y1, y0) = ax.get_xlim(), ax.get_ylim()  # y grows southwards: inverted
    return bool(x0 <= x <= x1 and y0 <= y <= y1)


def test_the_frame_holds_every_event_and_zone_padded() -> None:
    (south, west), (north, east) = frame_of(EVENTS, ALEPPO_ZONES)
    assert west < 36.63393 - 0.9 * PAD * (40.14084 - 36.63393)
    assert east > 40.14084 and south < 34.5624 and north > 36.23
    fig = map_figure(EVENTS, ALEPPO_ZONES, title="t", at=AT)
    for e in EVENTS:
        assert _inside(fig, e.lon, e.lat), e
    for lon, lat in ((37.10, 36.15), (37.24, 36.23)):
        assert _inside(fig, lon, lat)


def test_one_event_gets_a_few_streets_around_it() -> None:
    (south, west), (north, east) = frame_of([EVENTS[0]], [])
    assert 0.019 < east - west < 0.05 and 0.019 < north - south < 0.05


def test_an_asked_area_grows_to_hold_every_event() -> None:
    aleppo = ((36.1, 37.0), (36.3, 37.3))
    (south, west), (north, east) = frame_of(EVENTS, [], bounds=aleppo)
    assert west < 36.64 and east > 40.14 and south < 34.57


def _legend(fig: object) -> list[str]:
    (legend,) = fig.legends  # type: ignore[attr-defined]
    return [" ".join(t.get_text().split()) for t in legend.get_texts()]


def test_the_legend_lists_what_is_in_the_frame() -> None:
    aleppo = [_event(37.17, 36.2, "Air/drone strike")]
    fig = map_figure(aleppo, [*ALEPPO_ZONES, FAR_ZONE], title="t", at=AT,
                     bounds=((36.1, 37.0), (36.3, 37.3)))
    names = _legend(fig)
    assert "Air/drone strike" in names and "Armed clash" not in names
    assert "Syrian government" in names and "Rebels" in names
    assert not any("Kurdish" in n for n in names)  # its zone lies outside the frame


def _pixels(png: bytes) -> np.ndarray:
    from matplotlib.image import imread

    image = imread(io.BytesIO(png))
    return np.rint(image[:, :, :3] * 255).astype(int)


def _share(image: np.ndarray, colour: str) -> float:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(image - rgb).max(axis=2) <= 2).mean())


def test_the_image_draws_land_and_sea_where_they_are(basemap: Basemap) -> None:
    coast = [_event(35.78, 35.52), _event(37.16, 36.2)]  # Latakia to Aleppo
    image = _pixels(render_png(coast, [], title="Coast", at=AT, basemap=basemap))
    assert _share(image, COLOURS["land"]) > 0.3
    assert _share(image, COLOURS["sea"]) > 0.05  # the Mediterranean west of Latakia
    bare = _pixels(render_png(coast, [], title="Coast", at=AT))
    assert _share(bare, COLOURS["land"]) < 0.01


def test_the_images_events_are_all_drawn(basemap: Basemap) -> None:
    image = _pixels(render_png(EVENTS, ALEPPO_ZONES, title="t", at=AT, basemap=basemap))
    width = image.shape[1]
    clash = _share(image[:, : width // 3], "#e08214")  # Idlib, in the west
    strike = _share(image[:, 2 * width // 3:], "#b2182b")  # Deir ez-Zor, in the east
    assert clash > 0 and strike > 0


def test_the_embed_png(client: FlaskClient) -> None:
    response = client.get("/embed.png?title=Aleppo")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = _pixels(response.get_data())
    assert image.shape[0] > 400 and _share(image, COLOURS["land"]) > 0.1
