"""Benchmark of the gazetteer: build, cold start, memory, lookups, geoparsing, vs geotext.

What it measures, in one run (figures are printed, nothing is asserted):

1. index build: the name index compiled from scratch into a temporary cache directory (in a
   child process, so its memory does not weigh on the rest), with its size on disk;
2. cold start: a new Python process that imports ``gazetteer``, opens the cached default
   index and answers one lookup ("Aleppo"), from process start to the answer (median of 5
   runs; bare ``python -c pass`` and ``import numpy`` as reference) -- target under 1 s;
3. resident memory: RSS of that process after load and one geoparse -- target under 400 MB --
   and of a process that geoparses the whole generated corpus;
4. lookups per second on ~2,000 names sampled from the index (cities of every size,
   countries, admin regions), exact names and misspelled ones (one letter dropped: rapidfuzz);
5. geoparse throughput (articles/s, kchar/s) on a corpus of synthetic wire paragraphs this
   script generates from templates (English and French, seeded: the same corpus every run),
   with the share of the inserted place names found and resolved near the intended place;
6. the same texts through ``geotext`` (the plain PyPI peer), as a speed ratio; and on the
   GeoVirus dev set (``../shared/bench-data/geovirus.jsonl``, skipped when missing) mention
   precision/recall of both, plus our acc@161 km.

Run: ``make bench`` (runs every ``bench/*.py``), or ``.venv/bin/python bench/gazetteer.py``
from the project root; ``--quick`` for a smoke run (smaller corpus, 2 cold-start runs),
``--skip-build`` to leave out the 20-second index build.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's directory comes first on sys.path, and this file is called
# gazetteer.py: it would shadow the package it measures. Put the project root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path
                                   if Path(p or ".").resolve() not in (_HERE, _HERE.parent))]
sys.modules.pop("gazetteer", None)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import string  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterable, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from gazetteer import Gazetteer, Mention  # noqa: E402
from gazetteer.geo import haversine_km  # noqa: E402

ROOT = _HERE.parent
GEOVIRUS = ROOT.parent / "shared" / "bench-data" / "geovirus.jsonl"
SEED = 42
TARGET_COLD_START_S = 1.0
TARGET_RSS_MB = 400.0
ACC_KM = 161.0

SAMPLE_TEXT = ("Officials in Homs, Syria said on Monday that shelling had hit eastern Aleppo, "
               "while talks continued in Geneva and Moscow.")

# ---- small helpers ---------------------------------------------------------------------------

_RSS_SNIPPET = '''
def _mem():
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                    out[key] = int(value.split()[0]) / 1024.0
    except OSError:
        import resource
        out["VmHWM"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out["VmRSS"] = out["VmHWM"]
    return out
'''


def memory_mb() -> dict[str, float]:
    """This process's VmRSS, VmHWM (peak), RssAnon and RssFile in MB (Linux /proc)."""
    namespace: dict[str, Any] = {}
    exec(_RSS_SNIPPET, namespace)
    result: dict[str, float] = namespace["_mem"]()
    return result


def run_child(code: str, *args: str, first_line: bool = False) -> tuple[float, float, str]:
    """Run ``python -c code args`` in the project root.

    Returns (seconds until the child's first output line, seconds until it exited, the
    rest of its standard output). Raises RuntimeError when the child fails.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    head = proc.stdout.readline() if first_line else ""
    t_first = time.perf_counter() - t0
    rest, err = proc.communicate()
    t_exit = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child process failed ({proc.returncode}):\n{err}")
    return t_first, t_exit, head + rest


def last_json(output: str) -> dict[str, Any]:
    """The JSON object on the last non-empty line of a child's output."""
    line = [ln for ln in output.splitlines() if ln.strip()][-1]
    data: dict[str, Any] = json.loads(line)
    return data


def dir_size_mb(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 1e6


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def show(label: str, value: str) -> None:
    print(f"  {label:<50} {value}", flush=True)


def pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


# ---- 1. index build --------------------------------------------------------------------------

_BUILD_CHILD = _RSS_SNIPPET + '''
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import gazetteer.build as build
from gazetteer.core import default_overlay_dir
t_import = time.perf_counter() - t0
steps = {}

def timed(name, fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            steps[name] = steps.get(name, 0.0) + time.perf_counter() - t
    return wrapper

build.collect_records = timed("collect_records", build.collect_records)
build.compile_index = timed("compile_index", build.compile_index)
t1 = time.perf_counter()
directory = build.cached_index_dir(default_overlay_dir(), Path(sys.argv[1]))
total = time.perf_counter() - t1
print(json.dumps({"import": t_import, "total": total, "steps": steps, "dir": str(directory),
                  "mem": _mem()}))
'''


def bench_build(results: dict[str, Any]) -> None:
    section("1. index build (from scratch, temporary cache dir, child process)")
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        _, wall, out = run_child(_BUILD_CHILD, tmp)
        data = last_json(out)
        size = dir_size_mb(Path(data["dir"]))
    results["build_s"] = data["total"]
    results["index_mb"] = size
    show("build time (cached_index_dir)", f"{data['total']:.1f} s")
    for step, seconds in data["steps"].items():
        show(f"  of which {step}", f"{seconds:.1f} s")
    show("child process wall time (incl. imports, cleanup)", f"{wall:.1f} s")
    show("index size on disk", f"{size:.1f} MB")
    show("peak RSS of the build process", f"{data['mem'].get('VmHWM', 0.0):.0f} MB")


# ---- 2 and 3. cold start and memory ----------------------------------------------------------

_COLD_CHILD = _RSS_SNIPPET + '''
import time
t0 = time.perf_counter()
import json, sys
from gazetteer import Gazetteer
t1 = time.perf_counter()
gz = Gazetteer.default()
t2 = time.perf_counter()
answer = gz.lookup("Aleppo", limit=1)
t3 = time.perf_counter()
print("ANSWER", answer[0].id if answer else None, flush=True)
mem_load = _mem()
mentions = gz.geoparse(sys.argv[1])
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "open": t2 - t1, "lookup": t3 - t2, "geoparse": t4 - t3,
                  "mentions": len(mentions), "answer": answer[0].id if answer else None,
                  "mem_load": mem_load, "mem": _mem()}))
'''

_CORPUS_CHILD = _RSS_SNIPPET + '''
import json, sys, time
from gazetteer import Gazetteer
with open(sys.argv[1], encoding="utf-8") as fh:
    texts = json.load(fh)
gz = Gazetteer.default()
t = time.perf_counter()
n = sum(len(gz.geoparse(text)) for text in texts)
print(json.dumps({"articles": len(texts), "mentions": n, "seconds": time.perf_counter() - t,
                  "mem": _mem()}))
'''


def bench_cold_start(results: dict[str, Any], runs: int) -> None:
    section(f"2. cold start (new process, index cached, median of {runs})")
    bare = statistics.median(run_child("pass")[1] for _ in range(runs))
    numpy_only = statistics.median(run_child("import numpy")[1] for _ in range(runs))
    firsts: list[float] = []
    children: list[dict[str, Any]] = []
    for _ in range(runs):
        first, _, out = run_child(_COLD_CHILD, SAMPLE_TEXT, first_line=True)
        firsts.append(first)
        children.append(last_json(out))
    cold = statistics.median(firsts)

    def med(key: str) -> float:
        return statistics.median(c[key] for c in children)

    results["cold_start_s"] = cold
    results["python_pass_s"] = bare
    show("process start -> first answer (lookup Aleppo)",
         f"{cold * 1000:.0f} ms  (target < {TARGET_COLD_START_S * 1000:.0f} ms; "
         f"runs: {', '.join(f'{f * 1000:.0f}' for f in firsts)})")
    show("  answer", str(children[0]["answer"]))
    show("  inside the child: import gazetteer", f"{med('import') * 1000:.0f} ms")
    show("  inside the child: Gazetteer.default()", f"{med('open') * 1000:.0f} ms")
    show("  inside the child: first lookup", f"{med('lookup') * 1000:.0f} ms")
    show("  then a first geoparse (one sentence)",
         f"{med('geoparse') * 1000:.0f} ms, {children[0]['mentions']} mentions")
    show("reference: python -c pass", f"{bare * 1000:.0f} ms")
    show("reference: python -c 'import numpy'", f"{numpy_only * 1000:.0f} ms")

    section("3. resident memory")
    mem_load = children[0]["mem_load"]
    mem = children[0]["mem"]
    results["rss_load_mb"] = mem["VmRSS"]
    show("RSS after load + one lookup",
         f"{mem_load['VmRSS']:.0f} MB (anon {mem_load.get('RssAnon', 0):.0f}, "
         f"file-backed {mem_load.get('RssFile', 0):.0f})")
    show("RSS after load + one geoparse",
         f"{mem['VmRSS']:.0f} MB (anon {mem.get('RssAnon', 0):.0f}, file-backed "
         f"{mem.get('RssFile', 0):.0f}; target < {TARGET_RSS_MB:.0f} MB)")


def bench_corpus_memory(results: dict[str, Any], texts: Sequence[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        path = Path(tmp) / "corpus.json"
        path.write_text(json.dumps(list(texts)), encoding="utf-8")
        _, _, out = run_child(_CORPUS_CHILD, str(path))
    data = last_json(out)
    mem = data["mem"]
    results["rss_corpus_mb"] = mem["VmRSS"]
    show(f"RSS after geoparsing {data['articles']} articles",
         f"{mem['VmRSS']:.0f} MB (peak {mem.get('VmHWM', 0):.0f}, anon "
         f"{mem.get('RssAnon', 0):.0f}, file-backed {mem.get('RssFile', 0):.0f})")
    show("  (that process: first pass, cold caches)",
         f"{data['articles'] / data['seconds']:.0f} articles/s")


# ---- sampling the index ----------------------------------------------------------------------


@dataclass
class Pools:
    """Rows of the index by kind and size, for sampling names."""

    cities: dict[str, list[int]]  # bucket → rows
    countries: list[int]
    admin1: list[int]
    country_of: dict[str, int]  # country code → country row

    @classmethod
    def of(cls, gz: Gazetteer) -> Pools:
        ix = gz.index
        kind = np.asarray(ix.kind)
        pop = np.asarray(ix.population)
        codes = ix.kind_codes
        city = kind == codes["city"]
        buckets = {
            "1M+": city & (pop >= 1_000_000),
            "100k-1M": city & (pop >= 100_000) & (pop < 1_000_000),
            "15k-100k": city & (pop >= 15_000) & (pop < 100_000),
            "<15k": city & (pop < 15_000),
        }
        cities = {name: np.flatnonzero(mask).tolist() for name, mask in buckets.items()}
        countries = [r for r in np.flatnonzero(kind == codes["country"]).tolist()
                     if _usable(main_name(gz, r))]
        admin1 = [r for r in np.flatnonzero(kind == codes["admin1"]).tolist()
                  if _usable(main_name(gz, r))]
        country_of = {ix.cc_of(r) or "": r for r in countries}
        return cls(cities, countries, admin1, country_of)

    def city(self, rng: random.Random, gz: Gazetteer) -> int:
        """A city, drawn from the population buckets with weights (big cities more often)."""
        while True:
            bucket = rng.choices(list(self.cities), weights=(3, 3, 2.5, 1.5))[0]
            row = rng.choice(self.cities[bucket])
            if _usable(main_name(gz, row)):
                return row


def _usable(name: str) -> bool:
    """Latin-script names a wire story could print (no stray scripts or digits)."""
    return (len(name) >= 3 and name[0].isupper() and not any(ch.isdigit() for ch in name)
            and all(ch.isalpha() or ch in " -'." for ch in name)
            and all(ord(ch) < 0x250 for ch in name))


def main_name(gz: Gazetteer, row: int) -> str:
    return gz.index.names[int(gz.index.name_start[row])]


def name_in(gz: Gazetteer, row: int, lang: str) -> str:
    """The place's name in ``lang`` when the index has a usable one, else its main name."""
    ix = gz.index
    for n in ix.name_rows(row):
        if ix.name_lang_of(n) == lang:
            text = ix.names[n]
            if _usable(text):
                return text
    return main_name(gz, row)


# ---- 4. lookups ------------------------------------------------------------------------------


def misspell(name: str, rng: random.Random) -> str:
    """Drop one letter (not the first)."""
    i = rng.randrange(1, len(name))
    return name[:i] + name[i + 1:]


def sample_lookup_names(gz: Gazetteer, pools: Pools, n_exact: int, n_missp: int
                        ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    rng = random.Random(SEED)
    exact: list[tuple[str, int]] = []
    for _ in range(n_exact):
        roll = rng.random()
        if roll < 0.1:
            row = rng.choice(pools.countries)
        elif roll < 0.25:
            row = rng.choice(pools.admin1)
        else:
            row = pools.city(rng, gz)
        exact.append((main_name(gz, row), row))
    # misspellings only ever reach the fuzzy list: countries, regions, cities of 15k+
    fuzzy_rows = pools.cities["1M+"] + pools.cities["100k-1M"] + pools.cities["15k-100k"]
    missp: list[tuple[str, int]] = []
    while len(missp) < n_missp:
        roll = rng.random()
        pool = pools.countries if roll < 0.2 else pools.admin1 if roll < 0.35 else fuzzy_rows
        row = rng.choice(pool)
        name = main_name(gz, row)
        if len(name) >= 6 and _usable(name):
            missp.append((misspell(name, rng), row))
    return exact, missp


def time_lookups(gz: Gazetteer, names: Sequence[tuple[str, int]]
                 ) -> tuple[float, list[float], int, int]:
    """(total seconds, per-call seconds, lookups with any result, with the row in the top 10)."""
    per_call: list[float] = []
    any_hit = top10 = 0
    ids = gz.index.ids
    for name, row in names:
        t = time.perf_counter()
        found = gz.lookup(name, limit=10)
        per_call.append(time.perf_counter() - t)
        any_hit += bool(found)
        top10 += any(p.id == ids[row] for p in found)
    return sum(per_call), per_call, any_hit, top10


def bench_lookups(gz: Gazetteer, pools: Pools, results: dict[str, Any], n_exact: int,
                  n_missp: int) -> None:
    exact, missp = sample_lookup_names(gz, pools, n_exact, n_missp)
    section(f"4. lookups ({len(exact) + len(missp)} names sampled with Random({SEED}): "
            f"{len(exact)} exact, {len(missp)} misspelled)")
    t = time.perf_counter()
    gz.lookup("Aleppoo")  # the first fuzzy lookup reads the fuzzy key list
    show("first misspelled lookup (loads the fuzzy keys)",
         f"{(time.perf_counter() - t) * 1000:.0f} ms")
    for label, names in (("exact", exact), ("misspelled", missp)):
        total, per_call, any_hit, top10 = time_lookups(gz, names)
        rate = len(names) / total
        results[f"lookups_{label}_per_s"] = rate
        per_call.sort()
        p50 = per_call[len(per_call) // 2] * 1000
        p99 = per_call[min(len(per_call) - 1, int(len(per_call) * 0.99))] * 1000
        show(f"{label} names", f"{rate:,.0f} lookups/s (p50 {p50:.2f} ms, p99 {p99:.2f} ms)")
        show("  with a result / intended place in the top 10",
             f"{pct(any_hit, len(names))} / {pct(top10, len(names))}")


# ---- 5. the generated corpus -----------------------------------------------------------------

EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
PEOPLE = ("Ibrahim Abou al-Leith", "Rami Abdel Rahmane", "Sarah Johnson", "Ahmed al-Hassan",
          "Maria Lopez", "John Carter", "Fatima Zahra Benali", "Chen Wei", "Olga Petrova",
          "David Lee", "Jordan Smith", "Florence Martin", "Victoria Adams", "Kevin Durban",
          "Yezid Sayigh", "Omar Haddad", "Jean-Pierre Moreau", "Aisha Mohammed", "Paul Sydney",
          "Lina Khoury", "Charles Lincoln", "Nadia Salem", "Pierre Dubois", "Grace Kim")
EN_ORGS = ("World Health Organization", "Red Cross", "United Nations",
           "Syrian Observatory for Human Rights", "Carnegie Middle East Center",
           "Doctors Without Borders", "International Monetary Fund", "Human Rights Watch",
           "Amnesty International", "interior ministry", "World Food Programme",
           "Norwegian Refugee Council")
FR_ORGS = ("l'Organisation mondiale de la santé", "la Croix-Rouge", "les Nations unies",
           "l'Observatoire syrien des droits de l'Homme", "le Centre Carnegie Moyen-Orient",
           "Médecins sans frontières", "le Fonds monétaire international",
           "Human Rights Watch", "Amnesty International", "le ministère de l'Intérieur",
           "le Programme alimentaire mondial")
EN_SOURCES = ("Officials", "Local authorities", "Health workers", "Police", "Residents",
              "Rescue workers", "Military sources", "Hospital staff")
FR_SOURCES = ("Des responsables", "Les autorités locales", "Des secouristes", "La police",
              "Des habitants", "Des sources militaires", "Des médecins")
AGENCIES = ("Reuters", "AP", "AFP")

EN_TEMPLATES = (
    "{source} in {city}, {country} said on {day} that {number} people had been killed in "
    "clashes near {city2}.",
    "{person}, a spokesman for the {org}, told reporters in {city} that aid convoys had "
    "reached {region}.",
    "The {org} said fighting had displaced more than {number} families from villages around "
    "{city} since {day}.",
    "Delegations from {country} and {country2} will meet in {city2} next week, the {org} said.",
    "Shelling hit the outskirts of {city} in {region} overnight, according to {person} of the "
    "{org}.",
    "Heavy rain closed the road between {city} and {city2}, {source_low} said.",
    "Prices rose sharply in {country} last month, {person} said in a statement from {city}.",
    "{person} arrived in {city2} on {day} for talks on the crisis in {country2}.",
    "Schools in {city} reopened on {day} after {number} days, {source_low} told the {org}.",
    "\"We have seen nothing like this since the war,\" said {person}, who fled {city} with "
    "her children.",
)
FR_TEMPLATES = (
    "{source} à {city} ({country}) ont affirmé {day} que {number} personnes avaient été tuées "
    "près {de_city2}.",
    "{person}, porte-parole {de_org}, a indiqué depuis {city} que les convois humanitaires "
    "étaient arrivés dans la région {de_region}.",
    "Selon {org}, les combats ont déplacé plus de {number} familles des villages autour "
    "{de_city} depuis {day}.",
    "Des délégations {de_country} et {de_country2} se retrouveront à {city2} la semaine "
    "prochaine, a annoncé {org}.",
    "Des bombardements ont visé la périphérie {de_city} dans la nuit, selon {person}.",
    "Les prix ont fortement augmenté le mois dernier, a déclaré {person} lors d'une "
    "conférence de presse à {city}.",
    "{person} est arrivé {day} à {city2} pour des discussions sur la crise.",
    "Les écoles {de_city} ont rouvert {day} après {number} jours, selon {org}.",
)

_VOWELS = frozenset("AEIOUYÀÂÉÈÊÎÔÛaeiouyàâéèêîôû")
_FR_ARTICLES = {"l'": "de l'", "la ": "de la ", "le ": "du ", "les ": "des "}


@dataclass
class Article:
    text: str
    lang: str
    places: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, row


class CorpusWriter:
    """Fills the templates, remembering where each inserted place name landed."""

    def __init__(self, gz: Gazetteer, pools: Pools, seed: int = SEED):
        self.gz = gz
        self.pools = pools
        self.rng = random.Random(seed)

    def _place_slots(self, lang: str) -> dict[str, tuple[str, int]]:
        rng, gz, pools = self.rng, self.gz, self.pools
        city, city2 = pools.city(rng, gz), pools.city(rng, gz)
        cc = gz.index.cc_of(city) or ""
        country = pools.country_of.get(cc) or rng.choice(pools.countries)
        rows = {"city": city, "city2": city2, "country": country,
                "country2": rng.choice(pools.countries), "region": rng.choice(pools.admin1)}
        return {slot: (name_in(gz, row, lang), row) for slot, row in rows.items()}

    def _word_slots(self, lang: str, day: str) -> dict[str, str]:
        rng = self.rng
        source = rng.choice(EN_SOURCES if lang == "en" else FR_SOURCES)
        return {"day": day, "number": str(rng.randint(2, 400)), "source": source,
                "source_low": source[0].lower() + source[1:], "person": rng.choice(PEOPLE),
                "org": rng.choice(EN_ORGS if lang == "en" else FR_ORGS)}

    def article(self, lang: str) -> Article:
        rng = self.rng
        day_i = rng.randrange(7)
        day = (EN_DAYS if lang == "en" else FR_DAYS)[day_i]
        month = (EN_MONTHS if lang == "en" else FR_MONTHS)[rng.randrange(12)]
        templates = EN_TEMPLATES if lang == "en" else FR_TEMPLATES
        art = Article("", lang)
        parts: list[str] = []
        size = 0

        def put(text: str, row: int | None = None) -> None:
            nonlocal size
            if row is not None:
                art.places.append((size, size + len(text), row))
            parts.append(text)
            size += len(text)

        dateline, row = self._place_slots(lang)["city"]
        put(dateline, row)
        date = (f", {month} {rng.randint(1, 28)}" if lang == "en"
                else f", {rng.randint(1, 28)} {month}")
        put(f"{date} ({rng.choice(AGENCIES)}) - ")
        for k, template in enumerate(rng.sample(templates, rng.randint(4, 6))):
            if k:
                put(" ")
            places = self._place_slots(lang)
            words = self._word_slots(lang, day)
            self._fill(template, places, words, put)
        art.text = "".join(parts)
        return art

    @staticmethod
    def _fill(template: str, places: dict[str, tuple[str, int]], words: dict[str, str],
              put: Callable[..., None]) -> None:
        sentence_start = True
        for literal, slot, _, _ in string.Formatter().parse(template):
            if literal:
                put(literal)
                sentence_start = False
            if slot is None:
                continue
            key = slot[3:] if slot.startswith("de_") else slot
            if key in places:
                name, row = places[key]
                if slot.startswith("de_"):
                    put("d'" if name[0] in _VOWELS else "de ")
                put(name, row)
            else:
                text = words[key]
                if slot.startswith("de_"):
                    text = _french_de(text)
                if sentence_start:
                    text = text[0].upper() + text[1:]
                put(text)
            sentence_start = False


def _french_de(phrase: str) -> str:
    """"de" before a French noun phrase: de l'…, du …, des …, d'Amnesty, de Human …"""
    for article, replacement in _FR_ARTICLES.items():
        if phrase.startswith(article):
            return replacement + phrase[len(article):]
    return ("d'" if phrase[0] in _VOWELS else "de ") + phrase


def make_corpus(gz: Gazetteer, pools: Pools, n_en: int, n_fr: int) -> list[Article]:
    writer = CorpusWriter(gz, pools)
    return [writer.article("en") for _ in range(n_en)] + [writer.article("fr")
                                                          for _ in range(n_fr)]


def overlapping(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The mention overlapping ``[start, end)`` the most, or None."""
    best, best_overlap = None, 0
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def timed_geoparse(gz: Gazetteer, texts: Iterable[str]) -> tuple[float, list[list[Mention]]]:
    out: list[list[Mention]] = []
    t = time.perf_counter()
    for text in texts:
        out.append(gz.geoparse(text))
    return time.perf_counter() - t, out


def bench_geoparse(gz: Gazetteer, corpus: Sequence[Article], results: dict[str, Any]) -> None:
    n_en = sum(a.lang == "en" for a in corpus)
    section(f"5. geoparse throughput (generated corpus: {n_en} English + {len(corpus) - n_en} "
            f"French wire paragraphs, seed {SEED})")
    chars = sum(len(a.text) for a in corpus)
    show("average article length",
         f"{chars / len(corpus):.0f} chars, {sum(len(a.places) for a in corpus) / len(corpus):.1f}"
         " inserted place names")
    timed_geoparse(gz, (a.text for a in corpus[:20]))  # warm-up: page faults, place cache
    parsed: list[list[Mention]] = []
    ordered: list[Article] = []
    seconds = 0.0
    for lang in ("en", "fr"):
        subset = [a for a in corpus if a.lang == lang]
        if not subset:
            continue
        spent, mentions = timed_geoparse(gz, (a.text for a in subset))
        seconds += spent
        parsed += mentions
        ordered += subset
        sub_chars = sum(len(a.text) for a in subset)
        show(f"{lang}: {len(subset)} articles in {spent:.2f} s",
             f"{len(subset) / spent:,.0f} articles/s, {sub_chars / spent / 1000:,.0f} kchar/s")
    results["geoparse_s"] = seconds
    results["geoparse_art_s"] = len(corpus) / seconds
    results["geoparse_kchar_s"] = chars / seconds / 1000
    show(f"all: {len(corpus)} articles in {seconds:.2f} s",
         f"{len(corpus) / seconds:,.0f} articles/s, {chars / seconds / 1000:,.0f} kchar/s")

    inserted = found = near = 0
    spurious: Counter[str] = Counter()
    ix = gz.index
    for art, mentions in zip(ordered, parsed, strict=True):
        for start, end, row in art.places:
            inserted += 1
            m = overlapping(mentions, start, end)
            if m is None:
                continue
            found += 1
            lat, lon = float(ix.lat[row]), float(ix.lon[row])
            near += (m.place.id == ix.ids[row]
                     or haversine_km(lat, lon, m.place.lat, m.place.lon) <= ACC_KM)
        spurious.update(m.text for m in mentions
                        if not any(m.start < e and s < m.end for s, e, _ in art.places))
    results["synthetic_found"] = found / inserted
    results["synthetic_near"] = near / inserted
    show("inserted place names found (span overlap)", f"{pct(found, inserted)} of {inserted}")
    show(f"  resolved within {ACC_KM:.0f} km of the intended place",
         f"{pct(near, inserted)} of all inserted")
    n_spurious = sum(spurious.values())
    show("mentions outside inserted names (people, orgs …)",
         f"{n_spurious} ({n_spurious / len(corpus):.2f} per article)")
    if spurious:
        show("  most frequent", ", ".join(f"{t} ({n})" for t, n in spurious.most_common(6)))


# ---- 6. geotext ------------------------------------------------------------------------------


def bench_geotext(gz: Gazetteer, corpus: Sequence[Article], results: dict[str, Any]) -> None:
    section("6. geotext (plain PyPI peer: regex + dict over cities15000, no disambiguation)")
    t = time.perf_counter()
    try:
        from geotext import GeoText
    except ImportError:
        show("geotext", "not installed (pip install geotext): skipped")
        return
    GeoText("Paris")
    show("import + first call (loads its tables)", f"{(time.perf_counter() - t) * 1000:.0f} ms")
    texts = [a.text for a in corpus]
    t = time.perf_counter()
    n_mentions = 0
    for text in texts:
        g = GeoText(text)
        n_mentions += len(g.cities) + len(g.countries)
    seconds = time.perf_counter() - t
    rate = len(texts) / seconds
    results["geotext_art_s"] = rate
    show("same generated corpus", f"{rate:,.0f} articles/s ({n_mentions} mentions)")
    show("speed ratio geotext / ours", f"{rate / results['geoparse_art_s']:.1f}x")

    if not GEOVIRUS.exists():
        show("GeoVirus", f"{GEOVIRUS} missing: accuracy comparison skipped")
        return
    articles = [json.loads(line) for line in GEOVIRUS.read_text("utf-8").splitlines() if line]
    gold_total = sum(len(a["toponyms"]) for a in articles)
    print(f"\n  GeoVirus dev set: {len(articles)} articles, {gold_total} gold toponyms, "
          f"{sum(len(a['text']) for a in articles) / len(articles):.0f} chars on average")
    seconds, parsed = timed_geoparse(gz, (a["text"] for a in articles))
    t = time.perf_counter()
    geo = [GeoText(a["text"]) for a in articles]
    gt_seconds = time.perf_counter() - t

    ours_found = ours_near = ours_correct = ours_total = 0
    gt_found = gt_correct = gt_total = 0
    for art, mentions, g in zip(articles, parsed, geo, strict=True):
        gold = art["toponyms"]
        names = {t["name"] for t in gold}
        gt_mentions = g.cities + g.countries
        gt_total += len(gt_mentions)
        gt_correct += sum(m in names for m in gt_mentions)
        gt_found += sum(t["name"] in set(gt_mentions) for t in gold)
        ours_total += len(mentions)
        ours_correct += sum(any(m.start < t["end"] and t["start"] < m.end for t in gold)
                            for m in mentions)
        for t in gold:
            m = overlapping(mentions, t["start"], t["end"])
            if m is not None:
                ours_found += 1
                ours_near += haversine_km(t["lat"], t["lon"], m.place.lat,
                                          m.place.lon) <= ACC_KM
    results.update(
        gv_ours_p=ours_correct / max(ours_total, 1), gv_ours_r=ours_found / gold_total,
        gv_gt_p=gt_correct / max(gt_total, 1), gv_gt_r=gt_found / gold_total,
        gv_acc_all=ours_near / gold_total, gv_acc_found=ours_near / max(ours_found, 1),
        gv_ours_art_s=len(articles) / seconds, gv_gt_art_s=len(articles) / gt_seconds)
    show("ours: mention precision / recall",
         f"{results['gv_ours_p']:.3f} / {results['gv_ours_r']:.3f} ({ours_total} mentions)")
    show("geotext: mention precision / recall",
         f"{results['gv_gt_p']:.3f} / {results['gv_gt_r']:.3f} ({gt_total} mentions)")
    show(f"ours: acc@{ACC_KM:.0f} over all gold / over found",
         f"{results['gv_acc_all']:.3f} / {results['gv_acc_found']:.3f}")
    show("speed on GeoVirus: ours / geotext",
         f"{results['gv_ours_art_s']:,.0f} / {results['gv_gt_art_s']:,.0f} articles/s")


# ---- summary ---------------------------------------------------------------------------------


def summary(results: dict[str, Any]) -> None:
    section("summary")
    rows: list[tuple[str, str, str]] = []

    def add(label: str, key: str, fmt: str, note: str = "") -> None:
        if key in results:
            rows.append((label, fmt.format(results[key]), note))

    add("index build", "build_s", "{:.1f} s")
    add("index size on disk", "index_mb", "{:.0f} MB")
    add("cold start to first answer", "cold_start_s", "{:.2f} s",
        f"target < {TARGET_COLD_START_S:.0f} s; python -c pass "
        f"{results.get('python_pass_s', 0):.2f} s")
    add("RSS after load + one geoparse", "rss_load_mb", "{:.0f} MB",
        f"target < {TARGET_RSS_MB:.0f} MB")
    add("RSS after geoparsing the corpus", "rss_corpus_mb", "{:.0f} MB")
    add("lookups/s, exact names", "lookups_exact_per_s", "{:,.0f}")
    add("lookups/s, misspelled names", "lookups_misspelled_per_s", "{:,.0f}", "rapidfuzz")
    add("geoparse, generated corpus", "geoparse_art_s", "{:,.0f} articles/s",
        f"{results.get('geoparse_kchar_s', 0):,.0f} kchar/s")
    add("geotext, same corpus", "geotext_art_s", "{:,.0f} articles/s",
        f"{results.get('geotext_art_s', 0) / results.get('geoparse_art_s', 1):.1f}x ours")
    add("synthetic names found / near intended", "synthetic_found", "{:.1%}",
        f"{results.get('synthetic_near', 0):.1%} within {ACC_KM:.0f} km")
    add("GeoVirus mention P/R, ours", "gv_ours_p", "{:.3f}",
        f"/ {results.get('gv_ours_r', 0):.3f}")
    add("GeoVirus mention P/R, geotext", "gv_gt_p", "{:.3f}", f"/ {results.get('gv_gt_r', 0):.3f}")
    add(f"GeoVirus acc@{ACC_KM:.0f}, all gold", "gv_acc_all", "{:.3f}",
        f"{results.get('gv_acc_found', 0):.3f} over found")
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>{vwidth}}  {note}".rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: smaller corpus and samples, 2 cold-start runs")
    parser.add_argument("--skip-build", action="store_true",
                        help="leave out the from-scratch index build")
    args = parser.parse_args(argv)
    runs, n_en, n_fr, n_exact, n_missp = ((2, 150, 30, 300, 100) if args.quick
                                          else (5, 1000, 200, 1500, 500))
    started = time.perf_counter()
    results: dict[str, Any] = {}
    print(f"geomap gazetteer benchmark ({'quick' if args.quick else 'full'}), "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    t = time.perf_counter()
    gz = Gazetteer.default()
    show("default index (opened, or built if missing)",
         f"{gz.index.directory} in {time.perf_counter() - t:.2f} s; "
         f"{len(gz.index):,} places, {gz.index.meta['names']:,} names")
    if not args.skip_build:
        bench_build(results)
    bench_cold_start(results, runs)
    pools = Pools.of(gz)
    corpus = make_corpus(gz, pools, n_en, n_fr)
    bench_corpus_memory(results, [a.text for a in corpus])
    bench_lookups(gz, pools, results, n_exact, n_missp)
    bench_geoparse(gz, corpus, results)
    bench_geotext(gz, corpus, results)
    summary(results)
    print(f"\n(benchmark ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
