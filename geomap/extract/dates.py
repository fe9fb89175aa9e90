"""Time expressions in a sentence, resolved against the report's publication date.

Explicit dates, weekdays and months go through dateparser (relative to the publication
date, preferring the past); news conventions are rules: the publication day's own weekday
is that day ("dimanche" in Sunday's paper), "la nuit" is the night before, "depuis le 15
novembre" opens a range that ends on the publication day, "en mars dernier" is a month.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from geomap.extract.lexicon import Lexicon, any_of

__all__ = ["TimeRef", "find_times"]


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


@lru_cache(maxsize=4096)
def _dateparser(expression: str, lang: str, published: date) -> date | None:
    import dateparser

    settings = {"RELATIVE_BASE": datetime(published.year, published.month, published.day, 12),
                "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(expression, languages=[lang], settings=settings)
    return parsed.date() if parsed else None


@lru_cache(maxsize=16)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    lex = Lexicon.load(lang)
    time = lex.raw["time"]
    months = any_of(list(time["months"])).pattern
    weekdays = any_of(list(time["weekdays"])).pattern
    last = any_of(time["last"]).pattern
    since = any_of(time["since"]).pattern
    return {
        "day_month": re.compile(
            rf"(?:(?:le|on|the)\s+)?(?:\d{{1,2}}(?:er|st|nd|rd|th)?\s+{months}|{months}\.?\s+"
            rf"\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?", re.IGNORECASE),
        "month_year": re.compile(rf"{months}\s+\d{{4}}", re.IGNORECASE),
        "month_last": re.compile(rf"(?:{last}\s+{months}|{months}\s+{last}|"
                                 rf"(?<=\b(?:in|en)\s){months}(?!\s+\d))", re.IGNORECASE),
        "weekday": re.compile(weekdays, re.IGNORECASE),
        "last": re.compile(last, re.IGNORECASE),
        "night_between": re.compile(rf"nuit\s+(?:de|du)\s+({weekdays})\s+(?:à|au)\s+({weekdays})"
                                    rf"|night\s+(?:of|from)\s+({weekdays})\s+(?:to|into)\s+"
                                    rf"({weekdays})", re.IGNORECASE),
        "night": any_of(time["night"]),
        "today": any_of(time["today"]),
        "yesterday": any_of(time["yesterday"]),
        "week": any_of(time["week"]),
        "since": re.compile(rf"{since}\s*$", re.IGNORECASE),
        "since_any": re.compile(r"(?:depuis|since)\s+(?:le\s+|the\s+)?(?:début|beginning|start|"
                                r"lancement|launch)|(?:offensive|operation)\s+(?:began|started)",
                                re.IGNORECASE),
        "year": re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)"),
        "offensive_start": any_of(lex.raw["time"].get("offensive_start", [])),
    }


def _weekday(word: str, published: date, lang: str) -> date:
    days = {k.casefold(): v for k, v in Lexicon.load(lang).raw["time"]["weekdays"].items()}
    target = days[word.casefold()]
    return published - timedelta(days=(published.weekday() - target) % 7)


def find_times(text: str, start: int, end: int, published: date, lang: str,
               offensive_start: date | None = None) -> list[TimeRef]:
    """Time expressions in ``text[start:end]``, resolved; overlapping ones keep the longest."""
    pats = _patterns(lang)
    found: list[TimeRef] = []

    def since_before(a: int) -> bool:
        # "depuis le 15 novembre", "depuis le début de l'offensive du régime le 15 novembre"
        window = text[max(start, a - 60):a]
        return bool(pats["since"].search(window) or pats["since_any"].search(window))

    for m in pats["night_between"].finditer(text, start, end):
        first, second = [g for g in m.groups() if g]
        d1, d2 = _weekday(first, published, lang), _weekday(second, published, lang)
        if d2 < d1:
            d1 -= timedelta(days=7)
        found.append(TimeRef(m.start(), m.end(), d1, d2, 1, kind="night"))
    for m in pats["day_month"].finditer(text, start, end):
        day = _dateparser(re.sub(r"^(?:le|on|the)\s+", "", m.group(), flags=re.I), lang,
                          published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day, precision=1,
                                 since=since_before(m.start())))
    for m in pats["month_year"].finditer(text, start, end):
        day = _dateparser(m.group(), lang, published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day.replace(day=1), precision=3,
                                 kind="month", since=since_before(m.start())))
    for m in pats["month_last"].finditer(text, start, end):
        month = pats["last"].sub("", m.group()).strip()
        day = _dateparser(month, lang, published)
        if day:
            found.append(TimeRef(m.start(), m.end(), day.replace(day=1), precision=3,
                                 kind="month", since=since_before(m.start())))
    for m in pats["weekday"].finditer(text, start, end):
        day = _weekday(m.group(), published, lang)
        found.append(TimeRef(m.start(), m.end(), day, since=since_before(m.start())))
    for m in pats["night"].finditer(text, start, end):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=1), published,
                             kind="night"))
    for m in pats["today"].finditer(text, start, end):
        found.append(TimeRef(m.start(), m.end(), published,
                             since="minuit" in m.group() or "midnight" in m.group()))
    for m in pats["yesterday"].finditer(text, start, end):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=1)))
    for m in pats["week"].finditer(text, start, end):
        found.append(TimeRef(m.start(), m.end(), published - timedelta(days=7),
                             published - timedelta(days=1), precision=2, kind="week"))
    if offensive_start is not None:
        for m in pats["offensive_start"].finditer(text, start, end):
            found.append(TimeRef(m.start(), m.end(), offensive_start, precision=1,
                                 since=since_before(m.start()) or "depuis" in text[
                                     max(start, m.start() - 30):m.start()], kind="offensive"))
    for m in pats["year"].finditer(text, start, end):
        year = int(m.group())
        if year <= published.year:
            found.append(TimeRef(m.start(), m.end(), date(year, 1, 1), precision=3,
                                 kind="year", since=since_before(m.start())))
    kept: list[TimeRef] = []
    for ref in sorted(found, key=lambda t: -(t.end - t.start)):  # longest expressions win
        if not any(k.start < ref.end and ref.start < k.end for k in kept):
            kept.append(ref)
    return sorted(kept, key=lambda t: t.start)
