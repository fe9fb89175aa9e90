"""The store's control zones, user-added places and actors, in SQLAlchemy Core.

A mixin of :class:`geomap.store.sql.SQLStore`, which supplies the transactions and the
engine's spatial hooks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import box as shapely_box
from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Connection, delete, insert, or_, select

from gazetteer import Place

from ..models import Actor, ControlZone
from .base import BBox, Store, check_bbox, new_id
from .errors import InvalidData, InvalidQuery, NotFound
from .geometry import dump_geojson, load_geojson, parse_polygon, split_bbox
from .schema import Tables
from .validate import check_actor, check_place, check_zone

__all__ = ["ZonesPlacesActors"]


def _day(name: str, value: Any) -> date | None:
    if value is None or (isinstance(value, date) and type(value) is date):
        return value
    raise InvalidQuery(f"{name} must be a date, not {value!r}")


class ZonesPlacesActors(Store):
    """Zones, places and actors on top of the SQL plumbing of ``SQLStore``."""

    tables: Tables
    #: whether ``_zone_box_condition`` is exact (PostGIS) or only narrows down (SQLite)
    _zone_box_exact = False

    if TYPE_CHECKING:  # supplied by SQLStore
        def _write(self, *, counted: bool = True) -> AbstractContextManager[Connection]: ...
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _ids(self, ids: Iterable[str]) -> list[str]: ...

    def _geom_values(self, geom: BaseGeometry | None) -> dict[str, Any]:
        """Extra column values for a polygon (PostGIS: ``geom``)."""
        return {}

    def _zone_box_condition(self, box: BBox) -> ColumnElement[bool]:
        """Zones meeting ``box`` (not crossing the antimeridian): exact or a superset."""
        raise NotImplementedError

    # -- zones -----------------------------------------------------------------------------

    def add_zones(self, zones: Iterable[ControlZone], *,
                  replace: Iterable[str] = ()) -> list[str]:
        checked = [check_zone(z, what=f"zone {i}") for i, z in enumerate(zones)]
        replace_ids = self._ids(replace)
        rows: list[dict[str, Any]] = []
        for zone in checked:
            geom = parse_polygon(zone.geometry)
            minlon, minlat, maxlon, maxlat = geom.bounds
            rows.append({
                "id": zone.id or new_id(), "faction": zone.faction,
                "geometry": dump_geojson(zone.geometry), "valid_from": zone.valid_from,
                "valid_to": zone.valid_to, "source": zone.source, "note": zone.note,
                "minlon": minlon, "minlat": minlat, "maxlon": maxlon, "maxlat": maxlat,
                **self._geom_values(geom)})
        z = self.tables.zones
        with self._write() as conn:
            if replace_ids:
                conn.execute(delete(z).where(z.c.id.in_(replace_ids)))
            if rows:
                conn.execute(insert(z), rows)
        return [row["id"] for row in rows]

    @staticmethod
    def _zone_from_row(row: Any) -> ControlZone:
        return ControlZone(faction=row.faction, geometry=load_geojson(row.geometry),
                           valid_from=row.valid_from, valid_to=row.valid_to,
                           source=row.source, note=row.note, id=row.id)

    def query_zones(self, *, at: date | None = None, start: date | None = None,
                    end: date | None = None, factions: Iterable[str] | None = None,
                    bbox: BBox | None = None) -> list[ControlZone]:
        z = self.tables.zones.c
        conds: list[ColumnElement[bool]] = []
        at, start, end = _day("at", at), _day("start", start), _day("end", end)
        if at is not None:
            conds += [z.valid_from <= at, or_(z.valid_to.is_(None), z.valid_to > at)]
        if start is not None:
            conds.append(or_(z.valid_to.is_(None), z.valid_to > start))
        if end is not None:
            conds.append(z.valid_from <= end)
        if start is not None and end is not None and end < start:
            raise InvalidQuery(f"end {end} is before start {start}")
        if factions is not None:
            if isinstance(factions, str):
                factions = [factions]
            conds.append(z.faction.in_(list(factions)))
        boxes = split_bbox(check_bbox(bbox)) if bbox is not None else []
        if boxes:
            parts = [self._zone_box_condition(b) for b in boxes]
            conds.append(parts[0] if len(parts) == 1 else or_(*parts))
        with self._read() as conn:
            rows = conn.execute(select(
                z.id, z.faction, z.geometry, z.valid_from, z.valid_to, z.source, z.note).where(
                *conds).order_by(z.faction, z.valid_from, z.id)).all()
        zones = [self._zone_from_row(r) for r in rows]
        if boxes and not self._zone_box_exact:
            shapes = [shapely_box(b[0], b[1], b[2], b[3]) for b in boxes]
            zones = [zone for zone in zones
                     if any(shapely.intersects(parse_polygon(zone.geometry), s) for s in shapes)]
        return zones

    def delete_zones(self, ids: Iterable[str]) -> int:
        wanted = self._ids(ids)
        if not wanted:
            return 0
        z = self.tables.zones
        with self._write() as conn:
            return int(conn.execute(delete(z).where(z.c.id.in_(wanted))).rowcount)

    # -- places ----------------------------------------------------------------------------

    def add_place(self, place: Place) -> str:
        place = check_place(place)
        geom = parse_polygon(place.geometry) if place.geometry is not None else None
        p = self.tables.places
        row = {
            "id": place.id, "name": place.name, "kind": place.kind, "lat": place.lat,
            "lon": place.lon, "parent_id": place.parent_id,
            "geometry": None if place.geometry is None else dump_geojson(place.geometry),
            "country_code": place.country_code, "admin1": place.admin1,
            "population": place.population, "source": place.source,
            "names": json.dumps([[text, lang] for text, lang in place.names], ensure_ascii=False),
            **(self._geom_values(geom) if geom is not None else {}),
        }
        with self._write() as conn:
            conn.execute(delete(p).where(p.c.id == place.id))
            conn.execute(insert(p).values(row))
        return place.id

    def _places(self, place_id: str | None) -> list[Place]:
        p = self.tables.places.c
        stmt = select(p.id, p.name, p.kind, p.lat, p.lon, p.geometry, p.parent_id,
                      p.country_code, p.admin1, p.population, p.source, p.names).order_by(p.id)
        if place_id is not None:
            stmt = stmt.where(p.id == place_id)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [Place(id=r.id, name=r.name, kind=r.kind, lat=r.lat, lon=r.lon,
                      country_code=r.country_code, admin1=r.admin1, population=r.population,
                      parent_id=r.parent_id, source=r.source,
                      names=tuple((text, lang) for text, lang in json.loads(r.names)),
                      geometry=None if r.geometry is None else load_geojson(r.geometry))
                for r in rows]

    def get_place(self, place_id: str) -> Place:
        found = self._places(place_id)
        if not found:
            raise NotFound(f"no place with id {place_id!r} in the store")
        return found[0]

    def list_places(self) -> list[Place]:
        return self._places(None)

    # -- actors ----------------------------------------------------------------------------

    def put_actor(self, actor: Actor) -> str:
        actor = check_actor(actor)
        if not actor.id.strip():
            raise InvalidData("an actor needs an id")
        a = self.tables.actors
        with self._write() as conn:
            conn.execute(delete(a).where(a.c.id == actor.id))
            conn.execute(insert(a).values(
                id=actor.id, name=actor.name, colour=actor.colour, kind=actor.kind,
                aliases=json.dumps(actor.aliases, ensure_ascii=False)))
        return actor.id

    def _actors(self, actor_id: str | None) -> list[Actor]:
        a = self.tables.actors.c
        stmt = select(a.id, a.name, a.aliases, a.colour, a.kind).order_by(a.id)
        if actor_id is not None:
            stmt = stmt.where(a.id == actor_id)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [Actor(id=r.id, name=r.name, aliases=json.loads(r.aliases), colour=r.colour,
                      kind=r.kind) for r in rows]

    def get_actor(self, actor_id: str) -> Actor:
        found = self._actors(actor_id)
        if not found:
            raise NotFound(f"no actor with id {actor_id!r}")
        return found[0]

    def list_actors(self) -> list[Actor]:
        return self._actors(None)
