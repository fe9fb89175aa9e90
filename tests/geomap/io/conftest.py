"""Sample events and zones for the import/export tests: every field used, awkward text."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.models import ControlZone, Event


@pytest.fixture()
def events() -> list[Event]:
    return [
        Event(date(2016, 12, 11), "Strategic developments", "Displacement",
              counts={"displaced": 10000}, lower_bounds=["displaced"],
              place_id="geomap:alep-est", location="Alep-Est", lat=36.20329, lon=37.18481,
              geo_precision=2, quote="plus de 10.000 civils ont fui ces quartiers",
              quote_start=120, quote_end=163, confidence=0.9, status="verified",
              source="OSDH; AFP", actor1="civilians", report_id="r1", sources=["r1", "r2"],
              controlled_by="rebels", id="ev-1"),
        Event(date(2016, 11, 15), "Violence against civilians", "Attack",
              date_end=date(2016, 12, 11), time_precision=2, fatalities=413, tally=True,
              place_id="geomap:alep-est", location="Alep-Est", lat=36.20329, lon=37.18481,
              quote="413 civils tués à Alep-Est depuis le début de l'offensive",
              notes='toll "so far", cumulative;\nsecond line', id="ev-2"),
        Event(date(2016, 12, 10), "Explosions/Remote violence", "Air/drone strike",
              actor1="Russian air force", actor2="Islamic State", fatalities=300,
              counts={"strikes": 64, "tanks": 11, "vehicles": 31},
              lower_bounds=["fatalities"], place_id="geonames:163808", location="Palmyre",
              lat=34.5624, lon=38.28402, quote="64 raids … plus de 300 membres de l'EI",
              claims=[{"field": "fatalities", "value": 300, "lower_bound": True,
                       "source": "ministère russe de la Défense"},
                      {"field": "fatalities", "value": 50, "lower_bound": False,
                       "source": None}],
              id="ev-3"),
        Event(date(2016, 12, 11), "Strategic developments", "Other",
              quote="<script>alert('x')</script> & « guillemets » شرق حلب", background=True,
              confidence=0.3, id="ev-4"),
    ]


@pytest.fixture()
def zones() -> list[ControlZone]:
    ring_cw = [[37.1, 36.1], [37.1, 36.2], [37.2, 36.2], [37.2, 36.1], [37.1, 36.1]]
    hole = [[37.12, 36.12], [37.15, 36.12], [37.15, 36.15], [37.12, 36.15], [37.12, 36.12]]
    return [
        ControlZone("rebels", {"type": "Polygon", "coordinates": [ring_cw, hole]},
                    date(2016, 11, 15), date(2016, 12, 11), "Wikipedia; AFP",
                    "Approximate: east", "z-1"),
        ControlZone("government", {"type": "MultiPolygon", "coordinates": [
            [[[37.0, 36.1], [37.05, 36.1], [37.05, 36.2], [37.0, 36.2], [37.0, 36.1]]],
            [[[37.3, 36.1], [37.35, 36.1], [37.35, 36.2], [37.3, 36.1]]]]},
            date(2016, 11, 15), None, None, "Approximate: west", "z-2"),
    ]
