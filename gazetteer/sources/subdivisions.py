"""First-level regions' names in French, from ISO 3166-2 and its translations (pycountry).

GeoNames' regions come here with English or local names only ("Florida", "Bavaria"): a
French text's "en Floride", "en Californie", "la Colombie-Britannique" found no region, or
found Georgia the country for "en Géorgie". pycountry ships ISO 3166-2 with the Debian
iso-codes translations; a subdivision is matched to a region by its code in the United
States (GeoNames' admin-1 codes there are the postal codes ISO uses) and elsewhere by a name
both give, and only when one region of the country bears it. ISO's names are local
("Bayern", "Lappi") and sometimes inverted ("Dagestan, Respublika", "Madrid, Comunidad de");
GeoNames' are English or ASCII ("Bavaria", "Lapland", "Baden-Wuerttemberg", "Dagestan"): so
an ISO name also matches through its English translation, with its umlauts written as
GeoNames writes them, and by the part before the comma of an inverted name.
"""

from __future__ import annotations

from collections.abc import Sequence

import pycountry

from gazetteer.normalize import normalize_name
from gazetteer.records import Record
from gazetteer.sources.countries import iso_translators

__all__ = ["add_translated_names", "LANGS"]

#: The languages whose names are added: the project reads English (GeoNames' own) and French.
LANGS = ("fr",)


def add_translated_names(regions: Sequence[Record], langs: Sequence[str] = LANGS) -> int:
    """Tag each first-level region of ``regions`` with its ISO 3166-2 name's translations;
    the number of names added."""
    translators = iso_translators("iso3166-2", langs)
    english = iso_translators("iso3166-2", ("en",)).get("en")
    by_country: dict[str, list[Record]] = {}
    for rec in regions:
        if rec.kind == "admin1" and rec.country_code:
            by_country.setdefault(rec.country_code, []).append(rec)
    added = 0
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        names = [sub.name, english.gettext(sub.name)] if english else [sub.name]
        region = _region_of(sub.code, names, by_country.get(sub.country_code, []))
        if region is None:
            continue
        for lang, tr in translators.items():
            name = tr.gettext(sub.name)
            # (an inverted name, "Madrid, Communauté de", is no name a text writes)
            if name != sub.name and "[" not in name and "," not in name:
                region.add_names([name], lang)
                added += 1
    return added


#: German vowels as GeoNames' ASCII names write them ("Baden-Wuerttemberg", "Kuetahya").
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _variants(name: str) -> set[str]:
    """The names an ISO entry gives: "Catalunya [Cataluña]" is two; "Dagestan, Respublika"
    is also "Dagestan"; "Baden-Württemberg" is also "Baden-Wuerttemberg"."""
    out: set[str] = set()
    for part in name.replace("[", "|").split("|"):
        part = part.strip(" ]")
        out.update(normalize_name(p) for p in (part, part.split(",")[0], part.translate(_UMLAUTS)))
    out.discard("")
    return out


def _region_of(code: str, names: Sequence[str], regions: list[Record]) -> Record | None:
    """The one region of ``regions`` that ISO subdivision ``code`` (called ``names``: its
    ISO name, its English one) is."""
    if code.startswith("US-"):
        found = [r for r in regions if r.admin1 == f"US.{code[3:]}"]
    else:
        wanted = set().union(*map(_variants, names))
        found = [r for r in regions if wanted & {normalize_name(n) for n, _ in
                                                 [(r.name, None), *r.names]}]
    return found[0] if len(found) == 1 else None
