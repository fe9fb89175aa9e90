"""The geopy adapter is a real geopy Geocoder."""

from __future__ import annotations

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from gazetteer import Gazetteer
from gazetteer.geopy import OfflineGeocoder


def test_is_a_geopy_geocoder(gz: Gazetteer) -> None:
    geocoder = OfflineGeocoder(gz)
    assert isinstance(geocoder, Geocoder)


def test_geocode(gz: Gazetteer) -> None:
    geocoder = OfflineGeocoder(gz)
    location = geocoder.geocode("Alep-Est")
    assert isinstance(location, Location)
    assert location.raw["id"] == "geomap:alep-est"
    assert "Aleppo" in location.address and "Syria" in location.address
    assert 36.1 < location.latitude < 36.3 and 37.0 < location.longitude < 37.3
    several = geocoder.geocode("Paris", exactly_one=False, limit=3)
    assert isinstance(several, list) and len(several) == 3
    assert geocoder.geocode("Paris", country_codes="US").raw["country_code"] == "US"
    assert geocoder.geocode("Qqqzzzxxx") is None


def test_reverse(gz: Gazetteer) -> None:
    geocoder = OfflineGeocoder(gz)
    assert geocoder.reverse((36.2, 37.185)).raw["id"] == "geomap:alep-est"
    assert geocoder.reverse("36.205, 37.12").raw["id"] == "geomap:alep-ouest"
    assert geocoder.reverse((34.5505, 38.2683)).raw["id"] == "geomap:palmyra-ancient-site"
    nearest = geocoder.reverse((34.5625, 38.2845))  # modern Tadmur, outside the site
    assert nearest.raw["id"] == "geonames:163808"
