"""Numbers in French and English news text (10.000, 10 000, 10,000, "plus de 300", "at least
139", "ten") and what they count."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from geomap.extract.lexicon import Lexicon, any_of, body_of

__all__ = ["Quantity", "find_quantities", "parse_number", "number_words"]

_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[.\u00a0\u202f ]|,(?=\d{3}(?!\d)))\d{3})+|\d+(?:[.,]\d+)?)"
    r"(?![\w]*[hH]\d)(\s?%)?")
_WINDOW_WORDS = 8


@dataclass
class Quantity:
    """A number found at ``text[start:end]`` and what it counts (``unit``, or None)."""

    value: int
    start: int
    end: int
    unit: str | None = None
    lower_bound: bool = False
    approximate: bool = False
    civilians: bool = False
    subset: bool = False  # part of a toll: "including 13 soldiers", "five of them children"
    cumulative: bool = False  # a running total: "raising the death toll to 94"
    period: bool = False  # … over a period: "… to 228 since the start of the offensive"
    source: str | None = None  # who gives the figure, when the sentence says
    article: bool = False  # "a"/"un" counting one person ("a journalist was shot dead")
    armed: bool | None = None  # whether the people counted bear arms (None: no people named)


def parse_number(token: str, lang: str) -> float | None:
    """``"10.000"`` → 10000 (fr), ``"10,000"`` → 10000 (en), ``"1,5"`` → 1.5 (fr).

    >>> parse_number("10.000", "fr"), parse_number("10 000", "fr"), parse_number("10,000", "en")
    (10000.0, 10000.0, 10000.0)
    >>> parse_number("1,5", "fr"), parse_number("2.5", "en")
    (1.5, 2.5)
    """
    t = token.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", t) and not (
            lang == "en" and "." in t) and not (lang == "fr" and "," in t):
        return float(re.sub(r"\D", "", t))
    if lang == "fr":
        t = t.replace(",", ".")
    else:
        t = t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


@cache
def number_words(lang: str) -> tuple[dict[str, int], re.Pattern[str] | None]:
    """The lexicon's number words ("two", "deux") with their values, and a regex of them."""
    words = {w.casefold(): v for w, v in
             Lexicon.load(lang).raw.get("numbers", {}).get("words", {}).items()}
    return words, (any_of(list(words)) if words else None)


#: Words that name a count of things, not a number, and stand in no compound ("une
#: centaine", "a dozen").
_APPROXIMATE = frozenset({"centaine", "millier", "douzaine", "vingtaine", "dozen"})
#: Words that multiply what comes before them in a compound ("deux cents", "two hundred").
_SCALES = frozenset({100, 1000})


@cache
def _compounds(lang: str) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    """A regex of numbers written in several words ("forty-one", "soixante-et-onze",
    "quatre-vingt-dix", "two hundred") and the values of their words."""
    words, _ = number_words(lang)
    parts = {w.casefold(): int(v) for w, v in
             Lexicon.load(lang).raw.get("numbers", {}).get("compound_parts", {}).items()}
    values = {w: v for w, v in words.items() if w not in _APPROXIMATE} | parts
    if not values:
        return None, values
    word = "(?:" + "|".join(sorted((re.escape(w) for w in values), key=len, reverse=True)) + ")"
    scale = "(?:" + "|".join(re.escape(w) for w, v in values.items() if v in _SCALES) + ")"
    # "-" joins any two ("forty-one"); "et" only before one or eleven ("vingt et un",
    # "soixante-et-onze"); a space only before a scale, "and" only after one ("two hundred
    # and fifty"): "deux et trois" are two numbers
    joined = (rf"{word}(?:-{word}|(?:-et-|\s+et\s+)(?:un|une|onze)"
              rf"|\s+{scale}(?:\s+and\s+{word})?)+")
    return re.compile(rf"(?<![\w'’-]){joined}(?![\w'’-])", re.IGNORECASE), values


def _compound_value(text: str, values: dict[str, int]) -> int:
    """The value of a number in words: "soixante-et-onze" 71, "quatre-vingt-dix" 90,
    "two hundred and fifty" 250."""
    total = current = 0
    previous = 0
    for w in re.findall(r"[^\W\d_]+", text.casefold()):
        if w in ("et", "and"):
            continue
        v = values[w]
        if v in _SCALES:
            current = max(current, 1) * v
            if v == 1000:
                total, current = total + current, 0
        elif v == 20 and previous == 4 and current % 100 == 4:
            current += 76  # "quatre-vingt": four twenties
        else:
            current += v
        previous = v
    return total + current


@cache
def _one_person(lang: str) -> tuple[re.Pattern[str], ...]:
    """An indefinite article and a word for one person (up to two words between), killed:
    passively after ("a Russian soldier was killed", "un jeune berger a été abattu") or by
    the verb before ("killed a civilian", "a tué un civil"): a toll of one
    (``[numbers] one_person``, ``[counts] person``, ``killed_later``, ``fatalities_before``)."""
    lex = Lexicon.load(lang)
    articles, person = lex.words("numbers", "one_person"), lex.words("counts", "person")
    if not articles or not person:
        return ()
    of = body_of(lex.words("grammar", "of_phrase"))
    killed = body_of(lex.words("counts", "killed_later"))
    killing = body_of(lex.words("counts", "fatalities_before"))
    one = rf"(?P<one>{body_of(articles)})\s+(?:[\w'’-]+\s+){{0,2}}?(?:{body_of(person)})"
    # "a Russian soldier was killed", "un soldat turc tué" (an adjective after the person)
    return (re.compile(rf"(?<![\w'’]){one}(?:\s+[^\W\d]+)?(?:\s+(?:{of})\s+[^,.;:]{{1,40}}?)?"
                       rf"\s+(?:{killed})"
                       rf"(?![\w'’])", re.IGNORECASE),
            re.compile(rf"(?<![\w'’])(?:{killing})\s+{one}(?![\w'’])", re.IGNORECASE))


@cache
def _modifiers(lang: str) -> re.Pattern[str]:
    """"more than", "about"… at the end of a text (what stands between a word and a number)."""
    lex = Lexicon.load(lang)
    body = body_of(lex.words("numbers", "lower_bound") + lex.words("numbers", "approximate"))
    return re.compile(rf"(?:\s*(?<![\w'’])(?:{body}))*\s*$", re.IGNORECASE)


def find_quantities(text: str, start: int, end: int, lex: Lexicon,
                    skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers in ``text[start:end]`` (outside the ``skip`` spans: dates, times) with units;
    a part of a toll ("including 13 soldiers") marked ``subset``, a running total ("raising
    the toll to 94") ``cumulative``, a figure of killed and wounded together no toll."""
    out: list[Quantity] = []
    words, word_re = number_words(lex.lang)
    found: list[tuple[int, int, float, bool]] = []
    for m in _DIGITS.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in skip):
            continue
        value = parse_number(m.group(1), lex.lang)
        if value is not None:
            found.append((m.start(), m.end(), value, bool(m.group(2))))
    compound, values = _compounds(lex.lang)
    if compound is not None:
        for m in compound.finditer(text, start, end):
            if not any(a <= m.start() < b for a, b, *_ in found):
                found.append((m.start(), m.end(), float(_compound_value(m.group(), values)),
                              False))
    if word_re is not None:
        for m in word_re.finditer(text, start, end):
            if not any(a <= m.start() < b for a, b, *_ in found):
                found.append((m.start(), m.end(), float(words[m.group().casefold()]), False))
    articles: set[int] = set()
    for one in _one_person(lex.lang):  # "a journalist was shot dead", "a tué un civil"
        for m in one.finditer(text, start, end):
            a, b = m.span("one")
            if not any(x <= a < y or a <= x < m.end() for x, y, *_ in found):
                found.append((a, b, 1.0, False))
                articles.add(a)
    lower = lex.regex("numbers", "lower_bound")
    approx = lex.regex("numbers", "approximate")
    subset_before = lex.tail("numbers", "subset_before")
    subset_after = lex.head("numbers", "subset_after")
    killed_before = lex.tail("counts", "fatalities_before")
    cumulative = lex.tail("numbers", "cumulative_before")
    combined = lex.regex("numbers", "combined")
    combined_before = lex.tail("numbers", "combined")
    toll = lex.regex("counts", "toll")
    period = lex.regex("numbers", "period_after")
    modifiers = _modifiers(lex.lang)
    for a, b, value, percent in sorted(found):
        before = text[max(start, a - 25):a]
        q = Quantity(int(value), a, b, article=a in articles)
        q.lower_bound = bool(lower.search(before[-15:]))
        q.approximate = bool(approx.search(before[-20:]))
        q.armed = _armed(text, b, end, lex)
        q.unit, q.civilians = ("share_percent", False) if percent else _unit(text, b, end,
                                                                           a, start, lex)
        if q.article:
            q.unit = "fatalities"  # "a displaced man … was killed": the article counts a death
        # what stands before the number once "more than", "about" are set aside
        lead = text[max(start, a - 80):a]
        cut = modifiers.search(lead)
        bare = lead[:cut.start()] if cut else lead
        # "five of them children" is part of a toll; "kills 4 of them" is the toll
        q.subset = bool(subset_before.search(bare) or (
            subset_after.match(text, b, end) and not killed_before.search(bare)))
        q.cumulative = bool(cumulative.search(bare))
        q.period = q.cumulative and bool(period.search(text, b, min(end, b + 80)))
        if q.cumulative and q.unit is None and (toll.search(bare) or toll.search(
                text, b, min(end, b + 80))):
            q.unit = "fatalities"
        if q.unit == "fatalities":
            window = text[b:min(end, b + 60)]
            both = combined.search(window)
            if (both and not re.search(r"\d", window[:both.start()])) or \
                    combined_before.search(bare):
                q.unit = "casualties"  # "20 killed and wounded": both, no toll
        if q.subset and q.unit is None and out and out[-1].unit in ("fatalities", "injured"):
            q.unit = out[-1].unit  # "50 morts, dont 5 enfants": five of the dead
        if q.unit is None and out and _listed_after(text, out[-1], q, lex):
            out[-1].value += q.value  # "kills two women, two children": four
            out[-1].end = q.end
            continue
        out.append(q)
    for q, part in zip(out, out[1:], strict=False):
        if q.unit is None and not q.subset and part.subset and part.unit in (
                "fatalities", "injured"):
            q.unit = part.unit  # "4 people including 2 women were killed": four dead
    if any(q.unit == "fatalities" and not q.article for q in out):
        # a toll of one by an article only where the sentence gives no figure ("executes two
        # persons … on charge of 'killing a person'")
        out = [q for q in out if not (q.article and q.unit == "fatalities")]
    return out


def _listed_after(text: str, prev: Quantity, q: Quantity, lex: Lexicon) -> bool:
    """Whether ``q`` continues a list of the people a toll counts ("two women, two
    children", "3 soldiers and 2 civilians"): a person word after each, a comma or "and"
    between, and nothing told of ``q`` itself."""
    if prev.unit != "fatalities" or prev.subset or q.subset:
        return False
    gap = text[prev.end:q.start]
    people = lex.regex("counts", "people")
    joined = re.fullmatch(rf"\s+(\w+)\s*(?:,|{'|'.join(lex.words('grammar', 'coordination'))})\s*",
                          gap, re.IGNORECASE)
    after = re.match(r"\s+(\w+)", text[q.end:q.end + 30])
    return bool(joined and people.fullmatch(joined.group(1)) and after
                and people.fullmatch(after.group(1)))

def _armed(text: str, after: int, end: int, lex: Lexicon) -> bool | None:
    """Whether the first people the number at ``..after`` counts bear arms ("20 soldiers":
    yes; "129 people", "cinq civils": no); None when it names no people."""
    tail = re.split(r"\d", text[after:end], maxsplit=1)[0]
    window = re.split(r"[,;:.()]", " ".join(tail.split()[:_WINDOW_WORDS]))[0]
    first = lex.regex("counts", "people").search(window)
    if first is None:
        return None
    return bool(lex.regex("counts", "armed").fullmatch(first.group()))


def _unit(text: str, after: int, end: int, before: int, start: int, lex: Lexicon
          ) -> tuple[str | None, bool]:
    """What the number at ``before..after`` counts: a killing verb right before it ("tuer
    plus de 300 membres", "claim the lives of 4 displaced people"); else the first unit word
    in the next few words; else a weaker verb before it ("leaving 12"); else a passive
    killing later in its sentence with no other number between ("17 members of IS,
    including a commander, were killed")."""
    tail = re.split(r"\d", text[after:end], maxsplit=1)[0]  # up to the next number
    window = " ".join(tail.split()[:_WINDOW_WORDS])
    window = re.split(r"[,;:.()]", window)[0] if not re.match(r"\s*%", tail) else window
    # civilians when the first people the number counts are ("53 soldats et un civil": no;
    # "two aid workers": yes)
    first_people = lex.regex("counts", "people").search(window)
    civilian_words = list(lex.regex("counts", "civilians").finditer(window))
    civilians = bool(civilian_words) if first_people is None else any(
        c.start() <= first_people.start() < c.end() for c in civilian_words)
    head = text[max(start, before - 40):before]
    strong = _last(lex.regex("counts", "fatalities_before"), head)
    # "2 killed, 14 wounded": "killed" is the 2's word, not a verb that counts the 14
    owned = strong is not None and _owner_before(head[:_start_of_last(
        lex.regex("counts", "fatalities_before"), head)], lex)
    if strong is not None and not owned and not _has_number(head[strong:], lex):
        return "fatalities", civilians
    first = _units(lex.lang).search(window)
    if first is not None and first.lastgroup:
        return first.lastgroup, civilians
    weak = _last(lex.regex("counts", "toll_before"), head)
    if weak is not None and not _has_number(head[weak:], lex):
        return "fatalities", civilians
    later = lex.regex("counts", "killed_later").search(tail)
    if later is not None and not re.search(r"[;.]", tail[:later.start()]):
        return "fatalities", civilians
    return None, civilians


def _start_of_last(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` starts (0 when none)."""
    start = 0
    for m in pattern.finditer(text):
        start = m.start()
    return start


def _owner_before(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` ends with a number (or "a", "un") and at most two words, one of them
    for people ("2 ", "two people ", "one Turkish soldier ", "un soldat turc "): the
    number a killing word right after it counts."""
    found = _owner_pattern(lex.lang).search(text)
    if found is None:
        return False
    people = bool(lex.regex("counts", "people").search(found.group("words")))
    # an article counts one only with a person ("a massacre of 12" counts twelve)
    return people or (not found.group("words").strip() and found.group("a") is None)


@cache
def _owner_pattern(lang: str) -> re.Pattern[str]:
    """A number, or an article, and up to two words at the end of a text."""
    lex = Lexicon.load(lang)
    numbers = body_of([re.escape(w) for w in number_words(lang)[0]])
    articles = body_of(lex.words("numbers", "one_person"))
    return re.compile(rf"(?:\d[\d,.]*|(?<![\w'’])(?P<a>{articles})|(?<![\w'’])(?:{numbers}))"
                      rf"(?P<words>(?:\s+[\w'’-]+){{0,2}})\s+$", re.IGNORECASE)


_UNITS = ("fatalities", "displaced", "strikes", "tanks", "vehicles", "injured", "share_percent")


@cache
def _units(lang: str) -> re.Pattern[str]:
    """The unit words of the lexicon, one group per unit: the first found names what a
    number counts (at one place, the units in this order)."""
    lex = Lexicon.load(lang)
    parts = [f"(?P<{u}>{body_of(lex.words('counts', u))})" for u in _UNITS]
    return re.compile(rf"(?<![\w])(?:{'|'.join(parts)})(?![\w])", re.IGNORECASE)


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    """Where the last match of ``pattern`` in ``text`` ends, or None."""
    end = None
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _has_number(text: str, lex: Lexicon) -> bool:
    words, word_re = number_words(lex.lang)
    return bool(re.search(r"\d", text) or (word_re is not None and word_re.search(text)))
