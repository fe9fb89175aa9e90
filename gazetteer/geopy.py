"""A geopy geocoder backed by the offline gazetteer: no network, same interface.

>>> from gazetteer.geopy import OfflineGeocoder
>>> geocoder = OfflineGeocoder()                       # doctest: +SKIP
>>> geocoder.geocode("Alep-Est").raw["id"]             # doctest: +SKIP
'geomap:alep-est'
"""

from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.core import Gazetteer
from gazetteer.place import Place

__all__ = ["OfflineGeocoder"]


def _location(gazetteer: Gazetteer, place: Place) -> Location:
    parts = [place.name]
    parts += [p.name for p in gazetteer.ancestors(place) if p.kind != "continent"]
    raw: dict[str, Any] = place.to_dict()
    return Location(", ".join(dict.fromkeys(parts)), Point(place.lat, place.lon), raw)


class OfflineGeocoder(Geocoder):  # type: ignore[misc]  # geopy ships no type hints
    """geopy's ``Geocoder`` interface over :class:`~gazetteer.Gazetteer`.

    ``geocode(query, exactly_one=True, country_codes=None, limit=None, language=None)``
    returns :class:`geopy.location.Location` objects whose ``raw`` is the place record;
    ``reverse((lat, lon))`` returns the smallest curated area holding the point (a point
    in East Aleppo gives Alep-Est), else the nearest populated place.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()

    def geocode(self, query: str, *, exactly_one: bool = True,
                country_codes: str | list[str] | None = None, limit: int | None = None,
                language: str | None = None, timeout: Any = None
                ) -> Location | list[Location] | None:
        """Places named ``query``; ``None`` when there is none."""
        codes: list[str | None] = ([country_codes] if isinstance(country_codes, str)
                                   else list(country_codes or []))
        want = 1 if exactly_one else (limit or 10)
        places: list[Place] = []
        for code in codes or [None]:
            places += self.gazetteer.lookup(str(query), country=code, lang=language,
                                            limit=want)
        if not places:
            return None
        locations = [_location(self.gazetteer, p) for p in places[:want]]
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, *, exactly_one: bool = True, language: str | None = None,
                timeout: Any = None) -> Location | list[Location] | None:
        """The place at a ``(lat, lon)`` point (a geopy ``Point`` or a "lat, lon" string).

        Raises:
            ValueError: on coordinates out of range.
        """
        point = Point(query)
        place = self.gazetteer.reverse(point.latitude, point.longitude)
        if place is None:
            return None
        location = _location(self.gazetteer, place)
        return location if exactly_one else [location]
