"""A first-level region's point is the centre of its area, not of its towns."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.geo import haversine_km
from gazetteer.sources.areas import MIN_CELLS, area_centres

#: A square country, 10° a side on the equator, split by its towns into a western and an
#: eastern region; the western region's towns all lie in its southern corner.
SQUARE = {"type": "Polygon",
          "coordinates": [[[0, -5], [10, -5], [10, 5], [0, 5], [0, -5]]]}
TOWNS = [("XX", -4.0, 1.0, "XX.W"), ("XX", -4.5, 2.0, "XX.W"), ("XX", -3.5, 1.5, "XX.W"),
         ("XX", 0.0, 8.0, "XX.E"), ("XX", 3.0, 7.0, "XX.E"), ("XX", -3.0, 9.0, "XX.E")]


def test_a_region_is_at_the_centre_of_the_land_nearer_its_towns() -> None:
    centres = area_centres(TOWNS, {"XX": SQUARE})
    west_lat, west_lon = centres["XX.W"]
    # its towns' middle is at 4° S; the land nearer them than the east's towns reaches north
    assert west_lat > -2.5
    assert 0 < west_lon < 5 < centres["XX.E"][1] < 10


def test_a_country_without_an_outline_places_no_region() -> None:
    assert area_centres(TOWNS, {"XX": None}) == {}
    assert area_centres(TOWNS, {}) == {}


def test_a_region_too_small_for_the_grid_keeps_its_towns_point() -> None:
    """A town amid a larger region's towns gets a sliver of cells: fewer than the grid can
    place a region by."""
    towns = [*TOWNS, ("XX", -4.1, 1.4, "XX.TINY")]
    centres = area_centres(towns, {"XX": SQUARE})
    assert "XX.TINY" not in centres
    assert MIN_CELLS > 1


@pytest.mark.parametrize("name, lat, lon", [
    ("Ontario", 49.25, -84.5),      # its towns keep to the south, by the lakes
    ("Queensland", -22.5, 144.5),   # its coast, and the Torres Strait islands
    ("Scotland", 56.5, -4.2),       # Shetland pulls its towns' extent north
    ("England", 52.5, -1.5),        # the Scilly Isles pull it west
    ("Texas", 31.3, -99.3),
])
def test_regions_of_the_world_are_where_atlases_put_them(gz: Gazetteer, name: str, lat: float,
                                                         lon: float) -> None:
    place = gz.lookup(name)[0]
    assert place.kind == "admin1"
    assert haversine_km(place.lat, place.lon, lat, lon) < 100, (place.lat, place.lon)


def test_a_small_state_stays_on_its_own_land(gz: Gazetteer) -> None:
    place = gz.lookup("Rhode Island")[0]
    assert haversine_km(place.lat, place.lon, 41.7, -71.5) < 40
