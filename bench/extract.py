"""Benchmark of event extraction: articles per second and peak memory on 1,000 generated
reports, beside the geoparse-only cost of the same texts (extraction runs geoparse first, so
the difference is what finding, dating, counting and placing events costs).

The corpus is generated from wire-copy templates in French and English with places drawn from
the gazetteer (Syria's cities and governorates, and towns of other countries), actors,
counts and time expressions; a seeded generator makes it the same every run.

Run: ``.venv/bin/python bench/extract.py`` (``--reports N``; ``--quick`` for 100).
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

import benchlib  # noqa: F401  (first: puts the project on sys.path)
from benchlib import row, rss_mb  # noqa: E402

from gazetteer import Gazetteer  # noqa: E402
from geomap.extract import extract_events  # noqa: E402

FR = [
    "{actor_fr} ont mené {n} raids aériens {when_fr} sur {place}, tuant au moins {k} civils, "
    "selon l'OSDH.",
    "Plus de {big} civils ont fui {place} {when_fr} en raison des combats.",
    "Des combats opposent {actor_fr} aux rebelles près de {place} depuis le 3 novembre.",
    "{actor_fr} se sont emparés de {place} {when_fr}, a indiqué Rami Abdel Rahmane.",
    "Le bilan est de {k} morts à {place} depuis le début de l'offensive le 15 novembre.",
    "A Moscou, le ministère de la Défense a précisé que ses avions avaient frappé {place}.",
    "Des tirs de roquettes ont touché {place} {when_fr}, faisant {k} blessés.",
]
EN = [
    "{actor_en} carried out {n} air strikes on {place} {when_en}, killing at least {k} "
    "civilians, the Syrian Observatory said.",
    "More than {big} people have fled {place} {when_en} because of the fighting.",
    "Clashes between {actor_en} and rebels continued near {place} since November 3.",
    "{actor_en} seized {place} {when_en}, according to the monitor.",
    "At least {k} civilians have been killed in {place} since the offensive began on "
    "November 15.",
    "In Moscow, the defence ministry said its jets had struck {place}.",
    "Rocket fire hit {place} {when_en}, wounding {k} people.",
]
ACTORS_FR = ["Les forces du régime", "Les jihadistes de l'EI", "Les rebelles", "L'aviation russe"]
ACTORS_EN = ["Government forces", "Islamic State fighters", "Rebels", "Russian warplanes"]
WHEN_FR = ["samedi", "dans la nuit", "à l'aube", "vendredi", "depuis minuit", "mardi dernier"]
WHEN_EN = ["on Saturday", "overnight", "at dawn", "on Friday", "since midnight", "last Tuesday"]


def corpus(gz: Gazetteer, n: int, seed: int = 42) -> list[tuple[str, str]]:
    """``n`` reports of 4–8 sentences, two in three French."""
    rng = random.Random(seed)
    syrian = [gz.lookup(name, country="SY")[0].name for name in (
        "Aleppo", "Homs", "Hama", "Idlib", "Deir ez-Zor", "Raqqa", "Palmyra", "Daraa",
        "Latakia", "Douma", "Manbij", "Al-Bab", "Tartus", "Qamishli")]
    others = ["Mosul", "Kirkuk", "Sanaa", "Benghazi", "Gao", "Kidal", "Maiduguri", "Goma",
              "Mogadishu", "Kandahar", "Donetsk", "Mariupol"]
    out = []
    for _ in range(n):
        lang = "fr" if rng.random() < 2 / 3 else "en"
        templates = FR if lang == "fr" else EN
        sents = []
        for _ in range(rng.randint(4, 8)):
            sents.append(rng.choice(templates).format(
                actor_fr=rng.choice(ACTORS_FR), actor_en=rng.choice(ACTORS_EN),
                when_fr=rng.choice(WHEN_FR), when_en=rng.choice(WHEN_EN),
                place=rng.choice(syrian if rng.random() < 0.7 else others),
                n=rng.randint(2, 80), k=rng.randint(2, 300),
                big=f"{rng.randint(1, 30)}{'.' if lang == 'fr' else ','}000"))
        out.append((lang, " ".join(sents)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="100 reports")
    args = parser.parse_args()
    n = 100 if args.quick else args.reports
    gz = Gazetteer.default()
    texts = corpus(gz, n)
    chars = sum(len(t) for _, t in texts)
    published = date(2016, 12, 11)
    print(f"event extraction benchmark: {n} generated reports, {chars / n:.0f} chars on average")
    for lang in ("fr", "en"):  # warm caches: each language's lexicon and patterns, once
        sample = next(t for lg, t in texts if lg == lang)
        extract_events(sample, published=published, lang=lang, gazetteer=gz)
        gz.geoparse(sample, lang=lang)
    _, base_peak = rss_mb()

    t0 = time.perf_counter()
    for lang, text in texts:
        gz.geoparse(text, lang=lang)
    geoparse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for lang, text in texts:
        events += len(extract_events(text, published=published, lang=lang, gazetteer=gz))
    extract_s = time.perf_counter() - t0
    rss, peak = rss_mb()

    row("geoparse only", f"{n / geoparse_s:,.0f} articles/s ({geoparse_s:.2f} s)")
    row("extract_events (geoparse included)", f"{n / extract_s:,.0f} articles/s "
        f"({extract_s:.2f} s)")
    row("extraction cost over geoparse alone", f"{extract_s / geoparse_s:.1f}x")
    row("events extracted", f"{events:,} ({events / n:.1f} per report)")
    row("peak RSS of the process (index mapped)", f"{peak:.0f} MB (after warm-up {base_peak:.0f},"
        f" now {rss:.0f})")


if __name__ == "__main__":
    main()
