"""Write ``seeds/gazetteer/world_regions.geojson``: named world regions that news uses.

GeoNames (cities, countries, continents, admin-1 units) has no place for "Middle East",
"Sahel", "Horn of Africa", "Donbas" and the like; ``seeds/src/world_regions.toml`` holds a
reviewable table of them and this script writes a GeoJSON FeatureCollection of Point features
(kind ``region``).

Left out on purpose, because another source already has them as places: the seven continents
(GeoNames), real admin-1 units (Gaza Strip and West Bank in Palestine, Crimea, Tibet, Xinjiang,
Indian Kashmir, the two Punjabs, Balochistan, the Red Sea governorates ...: their extra names
are in ``aliases.toml``), and countries.

Each point is either the area-weighted mean of the member countries' centroids (``countryinfo``
``latlng`` weighted by ``area``) when a row lists members, or a hand-placed approximate centre
(after the Wikipedia article's coordinates where it has them) otherwise.

Run: ``.venv/bin/python tools/make_world_regions.py [--seeds DIR]`` (or ``make seeds``)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import countryinfo
from seedtool import parse_args, read_toml, write

LANGS = ("en", "fr", "es", "de", "ar")
SOURCE_MEMBERS = (
    "geomap curated: geographic centre of the member countries "
    "(area-weighted mean of countryinfo centroids: {members})"
)
SOURCE_HAND = (
    "geomap curated: approximate centre from the Wikipedia article's coordinates or the "
    "region's geographic centre; hand-placed"
)


@dataclass(frozen=True)
class Region:
    """One row of the table: a region, its point (or its member countries) and its names."""

    slug: str
    names: dict[str, list[str]]
    point: tuple[float, float] | None = None  # (lat, lon) when hand-placed
    members: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes when computed
    country_code: str | None = None  # when the region lies in one country
    note: str = field(default="", compare=False)


def read_regions(table: dict[str, Any]) -> tuple[Region, ...]:
    """The rows of ``seeds/src/world_regions.toml``, in their order.

    Raises:
        ValueError: on an unknown key.
    """
    known = {"slug", "point", "members", "country_code", "note", *LANGS}
    regions = []
    for row in table["region"]:
        if set(row) - known:
            raise ValueError(f"{row.get('slug')}: unknown keys {sorted(set(row) - known)}")
        point = row.get("point")
        regions.append(Region(
            slug=row["slug"], names={lang: list(row.get(lang, [])) for lang in LANGS},
            point=(float(point[0]), float(point[1])) if point is not None else None,
            members=tuple(row.get("members", ())), country_code=row.get("country_code"),
            note=row.get("note", "")))
    return tuple(regions)


def country_table() -> dict[str, tuple[float, float, float]]:
    """ISO alpha-2 → (lat, lon, area km²) from countryinfo (the first record that has all)."""
    table: dict[str, tuple[float, float, float]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        area = info.get("area")
        if code and latlng and len(latlng) == 2 and area and code not in table:
            table[code] = (float(latlng[0]), float(latlng[1]), float(area))
    return table


def centre(members: tuple[str, ...], table: dict[str, tuple[float, float, float]]) -> tuple[
    float, float
]:
    """Area-weighted mean of the members' centroids.

    Raises:
        KeyError: when countryinfo lacks a member.
    """
    rows = [table[code] for code in members]
    total = sum(area for _, _, area in rows)
    lat = sum(la * area for la, _, area in rows) / total
    lon = sum(lo * area for _, lo, area in rows) / total
    return lat, lon


def feature(region: Region, table: dict[str, tuple[float, float, float]]) -> dict[str, object]:
    """The GeoJSON feature of one row."""
    if region.point is not None:
        lat, lon = region.point
        source = SOURCE_HAND
    else:
        lat, lon = centre(region.members, table)
        source = SOURCE_MEMBERS.format(members=" ".join(region.members))
    lat, lon = round(lat, 4), round(lon, 4)
    rid = f"geomap:region-{region.slug}"
    return {
        "type": "Feature",
        "id": rid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": rid,
            "name": region.names["en"][0],
            "names": {lang: region.names[lang] for lang in LANGS},
            "kind": "region",
            "country_code": region.country_code,
            "admin1": None,
            "parent_id": None,
            "point": [lat, lon],
            "population": 0,
            "source": source,
        },
    }


def check(regions: tuple[Region, ...]) -> None:
    """Fail loudly on a malformed row.

    Raises:
        ValueError: on a duplicate slug, a missing language, an empty name or a point (or
            member list) that is missing or doubled.
    """
    seen: set[str] = set()
    for region in regions:
        if region.slug in seen:
            raise ValueError(f"duplicate slug {region.slug!r}")
        seen.add(region.slug)
        if set(region.names) != set(LANGS):
            raise ValueError(f"{region.slug}: names must have exactly {LANGS}")
        for lang, names in region.names.items():
            if not names or any(not s.strip() or s != s.strip() for s in names):
                raise ValueError(f"{region.slug}: bad {lang} names {names!r}")
            if len(set(names)) != len(names):
                raise ValueError(f"{region.slug}: duplicate {lang} names {names!r}")
        if (region.point is None) == (not region.members):
            raise ValueError(f"{region.slug}: give either a point or members, not both/neither")
        if region.point is not None:
            lat, lon = region.point
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"{region.slug}: point {region.point} out of range")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the file and print a summary."""
    out = parse_args(__doc__, argv).seeds / "gazetteer" / "world_regions.geojson"
    regions = read_regions(read_toml("world_regions"))
    check(regions)
    table = country_table()
    missing = sorted({c for r in regions for c in r.members if c not in table})
    if missing:
        raise SystemExit(f"countryinfo lacks member countries {missing}")
    features = [feature(region, table) for region in regions]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    write(out, '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n")
    for f in features:
        props = f["properties"]
        assert isinstance(props, dict)
        print(f"{props['id']:40} {props['point']}")
    print(f"wrote {len(features)} regions to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
