"""Time expressions in a sentence, resolved against the report's publication date.

Rules read the lexicon's month and weekday names: an explicit day ("15 novembre", "November
15, 2016"), a month ("mai 2005", "last March"), a weekday; news conventions: the
publication day's own weekday is that day ("dimanche" in Sunday's paper), "la nuit" is the
night before, "depuis le 15 novembre" opens a range that ends on the publication day, "en
mars dernier" is a month. A date without its year is the latest such date not after the
publication (reports tell the past).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from geomap.extract.lexicon import Lexicon, any_of, body_of, literal_prefix

__all__ = ["TimeRef", "TimeScan", "find_times"]


@dataclass
class TimeRef:
    """A time expression at ``text[start:end]``: ``day`` (to ``end_day`` for a range),
    ``precision`` as ACLED's time precision, and ``since`` when it opens a range that runs
    to the publication date."""

    start: int
    end: int
    day: date
    end_day: date | None = None
    precision: int = 1
    since: bool = False
    kind: str = "day"


@lru_cache(maxsize=16)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    lex = Lexicon.load(lang)
    time = lex.raw["time"]
    months = body_of(list(time["months"]))
    weekdays = body_of(list(time["weekdays"]))
    last = body_of(time["last"])
    prefix = body_of(time.get("day_prefix", []))
    ordinal = body_of(time.get("ordinal_suffix", []))
    prep = body_of(time.get("month_prep", []))
    nights = [p.replace("{d}", f"({weekdays})") for p in time.get("night_between", [])]
    return {
        "day_month": re.compile(
            rf"(?<!\w)(?:(?:{prefix})\s+)?(?:(?P<d1>\d{{1,2}})(?:{ordinal})?\s+(?P<m1>{months})"
            rf"|(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}})(?:{ordinal})?)(?:,?\s+(?P<y>\d{{4}}))?"
            rf"(?!\w)", re.IGNORECASE),
        "month_year": re.compile(rf"(?<!\w)(?P<m>{months})\s+(?P<y>\d{{4}})(?!\w)",
                                 re.IGNORECASE),
        "month_last": re.compile(rf"(?<!\w)(?:(?:{last})\s+(?P<m1>{months})|(?P<m2>{months})\s+"
                                 rf"(?:{last})|(?:{prep})\s+(?P<m3>{months})(?!\s+\d))(?!\w)",
                                 re.IGNORECASE),
        "weekday": any_of(list(time["weekdays"])),
        "night_between": re.compile("|".join(nights) or r"(?!x)x", re.IGNORECASE),
        "night": any_of(time["night"]),
        "today": any_of(time["today"]),
        "since_today": any_of(time.get("since_today", [])),
        "yesterday": any_of(time["yesterday"]),
        "week": any_of(time["week"]),
        "last_month": any_of(time.get("last_month", [])),
        "since": re.compile(rf"(?<!\w)(?:{body_of(time['since'])})\s*$", re.IGNORECASE),
        "since_any": re.compile(rf"(?<!\w)(?:{body_of(time.get('since_start', []))})",
                                re.IGNORECASE),
        "year": re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)"),
        "offensive_start": any_of(time.get("offensive_start", [])),
    }


@lru_cache(maxsize=16)
def _names(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    time = Lexicon.load(lang).raw["time"]
    return ({k.casefold(): v for k, v in time["months"].items()},
            {k.casefold(): v for k, v in time["weekdays"].items()})


@lru_cache(maxsize=16)
def _anchors(lang: str) -> dict[str, tuple[str, ...]]:
    """For the time patterns made of the lexicon's phrases, the words one of which a text
    must hold for the pattern to match (patterns with no sure word are left out)."""
    time = Lexicon.load(lang).raw["time"]
    out: dict[str, tuple[str, ...]] = {}
    for name in ("night", "today", "yesterday", "week", "last_month", "offensive_start"):
        anchors = [literal_prefix(p) for p in time.get(name, [])]
        if anchors and all(a is not None for a in anchors):
            out[name] = tuple(a for a in anchors if a)
    return out


def _weekday(word: str, published: date, lang: str) -> date:
    target = _names(lang)[1][word.casefold()]
    return published - timedelta(days=(published.weekday() - target) % 7)


def _month_day(month: int, day: int | None, year: str | None, published: date) -> date | None:
    """The date of ``day``/``month`` (the first of the month when ``day`` is None): in
    ``year`` when given, else the latest one not after the publication."""
    try:
        if year:
            return date(int(year), month, day or 1)
        candidate = date(published.year, month, min(day or 1, monthrange(published.year,
                                                                         month)[1]))
        if candidate > published:
            candidate = date(published.year - 1, month, day or 1)
        return candidate
    except ValueError:  # "31 février"
        return None


_SCANNED = ("night_between", "day_month", "month_year", "month_last", "weekday", "night",
            "today", "yesterday", "last_month", "week", "offensive_start", "year")


class TimeScan:
    """The matches of every time pattern over a whole report, found once; each sentence
    takes its share (``finditer(name, start, end)``)."""

    def __init__(self, text: str, end: int, lang: str):
        pats = _patterns(lang)
        folded = text[:end].casefold()
        months, weekdays = _names(lang)
        has_month = any(m in folded for m in months)
        has_weekday = any(d in folded for d in weekdays)
        skip = {name for name, anchors in _anchors(lang).items()
                if not any(a in folded for a in anchors)}
        if not has_month:  # no month named: no date of a month
            skip |= {"day_month", "month_year", "month_last"}
        if not has_weekday:
            skip |= {"night_between", "weekday"}
        if "19" not in folded and "20" not in folded:
            skip.add("year")
        self._found = {name: [] if name in skip else list(pats[name].finditer(text, 0, end))
                       for name in _SCANNED}
        self._starts = {name: [m.start() for m in found] for name, found in self._found.items()}

    def finditer(self, name: str, start: int, end: int) -> list[re.Match[str]]:
        found, starts = self._found[name], self._starts[name]
        return [m for m in found[bisect_left(starts, start):bisect_left(starts, end)]
                if m.end() <= end]


def find_times(text: str, start: int, end: int, published: date, lang: str,
               offensive_start: date | None = None, scan: TimeScan | None = None
               ) -> list[TimeRef]:
    """Time expressions in ``text[start:end]``, resolved; overlapping ones keep the longest.
    ``scan`` is the report's :class:`TimeScan`, when already made."""
    pats = _patterns(lang)

    def matches(name: str) -> Iterable[re.Match[str]]:
        if scan is not None:
            return scan.finditer(name, start, end)
        return pats[name].finditer(text, start, end)

    months = _names(lang)[0]
    found: list[TimeRef] = []

    def since_before(a: int) -> bool:
        # "depuis le 15 novembre", "depuis le début de l'offensive du régime le 15 novembre"
        window = text[max(start, a - 60):a]
        return bool(pats["since"].search(window) or pats["since_any"].search(window))

    for m in matches("night_between"):
        first, second = [g for g in m.groups() if g]
        d1, d2 = _weekday(first, published, lang), _weekday(second, published, lang)
        if d2 < d1:
            d1 -= timedelta(days=7)
        found.append(TimeRef(m.start(), m.end(), d1, d2, 1, kind="night"))
    for m in matches("day_month"):
        month = months[(m.group("m1") or m.group("m2")).casefold().rstrip(".")]
        day = _month_day(month, int(m.group("d1") or m.group("d2")), m.group("y"), published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day, precision=1,
                                 since=since_before(m.start())))
    for m in matches("month_year"):
        day = _month_day(months[m.group("m").casefold()], None, m.group("y"), published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day, precision=3, kind="month",
                                 since=since_before(m.start())))
    for m in matches("month_last"):
        name = m.group("m1") or m.group("m2") or m.group("m3")
        day = _month_day(months[name.casefold()], None, None, published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day, precision=3, kind="month",
                                 since=since_before(m.start())))
    for m in matches("weekday"):
        day = _weekday(m.group(), published, lang)
        found.append(TimeRef(m.start(), m.end(), day, since=since_before(m.start())))
    for m in matches("night"):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=1), published,
                             kind="night"))
    since_today = pats["since_today"]
    for m in matches("today"):
        found.append(TimeRef(m.start(), m.end(), published,
                             since=bool(since_today.fullmatch(m.group()))))
    for m in matches("yesterday"):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=1)))
    for m in matches("last_month"):
        first = (published.replace(day=1) - timedelta(days=1)).replace(day=1)
        found.append(TimeRef(m.start(), m.end(), first, precision=3, kind="month"))
    for m in matches("week"):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=7),
                             published - timedelta(days=1), precision=2, kind="week"))
    if offensive_start is not None:
        for m in matches("offensive_start"):
            found.append(TimeRef(m.start(), m.end(), offensive_start, precision=1,
                                 since=since_before(m.start()) or bool(pats["since"].search(
                                     text, max(start, m.start() - 30), m.start())),
                                 kind="offensive"))
    for m in matches("year"):
        year = int(m.group())
        if year <= published.year:
            found.append(TimeRef(m.start(), m.end(), date(year, 1, 1), precision=3,
                                 kind="year", since=since_before(m.start())))
    kept: list[TimeRef] = []
    for ref in sorted(found, key=lambda t: -(t.end - t.start)):  # longest expressions win
        if not any(k.start < ref.end and ref.start < k.end for k in kept):
            kept.append(ref)
    return sorted(kept, key=lambda t: t.start)
