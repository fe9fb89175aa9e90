"""Finding the spans of a text that name places: candidate n-grams checked against the index
in one vectorised search, then filtered for common words, people and organisations."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from gazetteer.index import (
    MATCH_EXACT,
    NAME_ABBREVIATION,
    NAME_ALL_CAPS,
    NAME_CAPITALS,
    ROW_CURATED,
    NameIndex,
    Posting,
    key_hash,
)
from gazetteer.lexicon import Lexicon
from gazetteer.memo import keep, remembered
from gazetteer.normalize import (
    ARTICLES,
    SHORT_FORMS,
    fold_inner_word,
    normalize_name,
    strip_article,
    translit_key,
)
from gazetteer.place import LARGE_KINDS
from gazetteer.resolve import unrelated_alternate
from gazetteer.text import Token, joins

__all__ = ["Span", "find_spans", "MAX_TOKENS"]

MAX_TOKENS = 7
_MAX_TRANSLIT_TOKENS = 4


@dataclass(slots=True)
class Span:
    """Tokens ``i``..``j`` (exclusive) of the text, the key they fold to, the places it names."""

    i: int
    j: int
    start: int
    end: int
    key: str
    postings: list[Posting]


def _acronym_dot(tokens: Sequence[Token], k: int) -> bool:
    return tokens[k].sep == "." and len(tokens[k].text) == 1 and len(tokens[k - 1].text) == 1


def _abbreviation_dot(tokens: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` follows an abbreviation's dot inside one name ("St. Louis",
    "Mt. Pleasant", "W.Va.", "N.Dak.")."""
    prev, sep = tokens[k - 1], tokens[k].sep
    if not (prev.capitalized and tokens[k].capitalized and len(prev.text) <= 3):
        return False
    return sep == "." or (sep == ". " and prev.low in _SHORT_WORDS)


_SHORT_WORDS = frozenset(SHORT_FORMS.values())
#: The separators that tie two words into one ("al-Khair", "India-Pakistan").
HYPHENS = ("-", "‐")
_SAINTS = frozenset(("st", "ste", "saint", "sainte"))


def _may_name_romanised_places(tokens: Sequence[Token],
                               by_start: dict[int, list[tuple[int, str]]], index: NameIndex,
                               lex: Lexicon, lang: str | None, focus: Collection[str]) -> bool:
    """Whether a text may name places by romanised Arabic names: the caller's focus, a
    nationality or a name it holds points to a country whose names are romanised (a place
    found so is kept only with such support anyway)."""
    romanised = lex.translit_countries
    if not romanised:
        return False
    if romanised.intersection(focus):
        return True
    if any(_names_romanised_place(index, key, romanised)
           for found in by_start.values() for _, key in found):
        return True
    return not lex.romanised_demonyms(lang).isdisjoint([tok.low for tok in tokens])


def _names_romanised_place(index: NameIndex, key: str, romanised: frozenset[str]) -> bool:
    """Whether a key names a place in a country of romanised names (remembered)."""
    memo = index.remembered_table("names_romanised_place")
    found = memo.get(key)
    if found is None:
        found = keep(memo, key, any(index.cc_of(row) in romanised for row in index.rows(key)),
                     _REMEMBERED)
    return bool(found)


#: How many keys the geoparser remembers per table before it starts afresh.
_REMEMBERED = 100_000


def _may_be_romanised(tokens: Sequence[Token], i: int, j: int, lex: Lexicon,
                      lang: str | None, plain: dict[int, bool]) -> bool:
    """Whether an n-gram may be a romanised Arabic name: no common word of the text's
    language ("Dimes", "Kids", "An Albany") and no nationality ("Egyptian") in it; an
    article is one when a hyphen ties it to the name ("Al-Mansoura"). ``plain`` remembers,
    for one text, which tokens are neither (n-grams share their words)."""
    glued = j > i + 1 and tokens[i].low in ARTICLES and tokens[i + 1].sep in HYPHENS
    for k in range(i, j):
        tok = tokens[k]
        if tok.low in ARTICLES and (k > i or glued):
            continue
        ok = plain.get(k)
        if ok is None:
            ok = plain[k] = not (lex.is_common(tok.text, lang)
                                 or lex.demonym_country(tok.text, lang))
        if not ok:
            return False
    return True


def _is_name_word(tok: Token) -> bool:
    return tok.capitalized or tok.arabic


def _candidates(text: str, tokens: Sequence[Token], lex: Lexicon) -> list[tuple[int, int, str]]:
    """Every n-gram that could be a name: it starts and ends on a capitalised word (or a
    direction: "eastern Aleppo") and holds only names and connectors between.

    Keys are built from each token's folded form, as :func:`normalize_name` folds the whole
    span (a test holds the two equal).
    """
    inner_ok = lex.inner_ok
    starts = lex.lowercase_starts
    out = []
    n = len(tokens)
    for i in [k for k, t in enumerate(tokens) if t.capitalized or t.arabic or t.low in starts]:
        tok = tokens[i]
        article = tok.low in ARTICLES
        key = _Key(_fold_word(tok.text))
        for j in range(i + 1, min(i + MAX_TOKENS, n) + 1):
            last = tokens[j - 1]
            if j > i + 1:
                join = joins(last.sep)
                if join is None:
                    if _acronym_dot(tokens, j - 1):
                        join = ""
                    elif _abbreviation_dot(tokens, j - 1):
                        join = " "
                    else:
                        break
                hyphenated = last.sep in HYPHENS or (j < n and tokens[j].sep in HYPHENS)
                possessive = last.text == "s" and join == ""  # "People's Republic"
                named = last.capitalized or last.arabic
                # a name may end on a landform ("the Barada valley") or, in French, on a
                # direction ("la Ghouta orientale")
                landform = last.low in lex.feature_words or last.low in lex.direction_adjectives
                if not named and last.low not in inner_ok and not landform \
                        and not (hyphenated and last.text.isalpha()) and not possessive:
                    break
                key.add(_fold_word(last.text), join)
            elif not (last.capitalized or last.arabic):
                continue
            if j > i + 1 and not named and not landform:
                continue  # a name ends on a name, or on a landform: "the Barada valley"
            text_key = key.text()
            if len(text_key) >= 2:
                out.append((i, j, text_key))
                if article and j > i + 1:
                    out.append((i, j, strip_article(text_key)))
    return out


class _Key:
    """The key of a growing n-gram, built word by word as :func:`_join_key` builds it."""

    __slots__ = ("words", "last")

    def __init__(self, part: str):
        self.words: list[str] = []  # the words before the last, in their inner form
        self.last = ""
        self.add(part, "")

    def add(self, part: str, join: str) -> None:
        if join == "" and (self.words or self.last):
            self.last += part
        elif part and " " not in part:  # one word (a token's fold nearly always is)
            if self.last:
                self.words.append(fold_inner_word(self.last, 0, 2))
            self.last = part
        elif part:
            pieces = part.split(" ")
            if self.last:
                self.words.append(fold_inner_word(self.last, 0, 2))
            self.words.extend(fold_inner_word(w, 0, 2) for w in pieces[:-1])
            self.last = pieces[-1]

    def text(self) -> str:
        return " ".join((*self.words, self.last)) if self.words else self.last


@remembered(65536)
def _fold_word(word: str) -> str:
    """:func:`normalize_name` of one word, remembered: news repeats its words."""
    return normalize_name(word)


def _join_key(parts: Sequence[str], glue: Sequence[str]) -> str:
    """The key of an n-gram from its tokens' folded forms and the separators' glue, with the
    Arabic article folded as :func:`normalize_name` folds it."""
    words: list[str] = []
    for part, join in zip(parts, glue, strict=True):
        if join == "" and words:
            words[-1] += part
        elif part:
            words.extend(part.split(" "))
    count = len(words)
    return " ".join(fold_inner_word(w, k, count) for k, w in enumerate(words))


def find_spans(text: str, tokens: Sequence[Token], index: NameIndex, lex: Lexicon,
               lang: str | None, focus: Collection[str] = ()) -> list[Span]:
    """Non-overlapping spans naming places, longest first from the left.

    A word that the text also uses as the surname in a person's full name ("Bruce Ivins")
    is a person wherever it stands alone ("Ivins said") -- unless it names a major place
    (a country, a region, a city of 100,000), which one person's name cannot delete.
    """
    cands = _candidates(text, tokens, lex)
    found = index.has_keys([key_hash(k) for _, _, k in cands])
    by_start: dict[int, list[tuple[int, str]]] = {}
    for (i, j, key), ok in zip(cands, found, strict=True):
        if ok:
            by_start.setdefault(i, []).append((j, key))
    # romanisations of Arabic names meet under a looser key ("Edlib", "Shaddadi"); a name
    # found as written also keeps the places its other spellings name ("Mansoura": Egypt's
    # city as written, Syria's Al Manşūrah as romanised), for the context to choose. The
    # index is asked in one search, before the text's own test: most n-grams have no such key
    plain: dict[int, bool] = {}
    loose = [(i, j, alias) for i, j, key in cands
             if j - i <= _MAX_TRANSLIT_TOKENS and _may_be_romanised(tokens, i, j, lex, lang, plain)
             and (alias := translit_key(key))]
    loose = [entry for entry, ok in zip(loose, index.has_keys([key_hash(k) for *_, k in loose]),
                                        strict=True) if ok]
    if loose and not _may_name_romanised_places(tokens, by_start, index, lex, lang, focus):
        loose = []
    also: dict[tuple[int, int], str] = {}
    for i, j, key in loose:
        if all(jj != j for jj, _ in by_start.get(i, ())):
            by_start.setdefault(i, []).append((j, key))
        else:
            also[i, j] = key
    scan = _Scan(text, tokens, index, lex, lang, _title_case_lines(tokens))
    spans: list[Span] = []
    inside: list[Span] = []  # names that open a longer name ("the Dublin Veterans Project")
    people: set[str] = set()
    i = 0
    n = len(tokens)
    while i < n:
        chosen = None
        # longest first; for one length, the key as written before its article-less variant
        for j, key in sorted(by_start.get(i, ()), key=lambda jk: -jk[0]):
            named = _named_postings(index, key, lex)
            postings, reason = _admissible(scan, i, j, list(named))
            if reason == "person" and not _major(index, named, lex):
                people.add(key)
            if postings and reason in _INSIDE_A_NAME:
                inside.append(Span(i, j, tokens[i].start, tokens[j - 1].end, key, postings))
                continue
            if postings and (i, j) in also:
                rows = {p.row for p in postings}
                postings = postings + [p for p in _named_postings(index, also[i, j], lex)
                                       if p.row not in rows]
            if postings:
                end = tokens[j - 1].end
                if scan.dot_after(j) and (len(tokens[j - 1].text) == 1 or any(
                        index.name_flags[p.name] & NAME_ABBREVIATION for p in postings)):
                    end += 1  # an abbreviation keeps its dot: "Pa.", "N.S.W."
                chosen = Span(i, j, tokens[i].start, end, key, postings)
                break
        if chosen is None:
            i += 1
            continue
        spans.append(chosen)
        i = chosen.j
    return _with_names_inside_names(spans, inside, people)


_INSIDE_A_NAME = frozenset({"opens a name"})

#: The longest title that a full stop abbreviates ("Gen.", "Capt.", "Prof."): after a longer
#: one ("Judge.") the full stop ends a sentence.
_TITLE_ABBREVIATION = 4


def _with_names_inside_names(spans: list[Span], inside: Sequence[Span], people: set[str]
                             ) -> list[Span]:
    """One sense per discourse, the other way round: a name the text uses as a place is
    that place too where it opens the name of something there ("Dublin" in "the Dublin
    Veterans Project", "Henry County" in "the Henry County Courthouse")."""
    places = {s.key for s in spans} - people
    taken = {k for s in spans for k in range(s.i, s.j)}
    for span in inside:
        if span.key in places and taken.isdisjoint(range(span.i, span.j)):
            spans.append(span)
            taken.update(range(span.i, span.j))
    spans.sort(key=lambda s: s.i)
    return [s for s in spans if s.key not in people]


def _named_postings(index: NameIndex, key: str, lex: Lexicon) -> tuple[Posting, ...]:
    """The places a key names, less the towns it names only through an untagged alternate
    name unlike their own ("Passover" for Mountain City) unless they are very big;
    remembered per key: this needs no context."""
    memo = index.remembered_table("named_postings")
    found: tuple[Posting, ...] | None = memo.get(key)
    if found is None:
        cut = lex.threshold("unrelated_untagged_name")
        found = keep(memo, key, tuple(p for p in index.postings(key)
                                      if index.kind_of(p.row) != "city" or _named(index, p)
                                      or int(index.population[p.row]) >= cut
                                      or not unrelated_alternate(index, p)), _REMEMBERED)
    return found


@dataclass(slots=True)
class _Scan:
    """What the filters of one text share."""

    text: str
    tokens: Sequence[Token]
    index: NameIndex
    lex: Lexicon
    lang: str | None
    title_lines: set[int]
    _places: dict[str, bool] = field(default_factory=dict)

    def major_place_word(self, tok: Token) -> bool:
        """Whether a single word names a major place (a country, a region, a big city)."""
        key = _fold_word(tok.text)
        known = self._places.get(key)
        if known is None:
            postings = self.index.postings(key)
            known = self._places[key] = bool(postings) and _important(
                self.index, postings, self.lex.threshold("spoken_name"))
        return known

    def dot_after(self, j: int) -> bool:
        """Whether a full stop follows token ``j - 1`` right away."""
        end = self.tokens[j - 1].end
        return self.text[end:end + 1] == "."


def _title_case_lines(tokens: Sequence[Token]) -> set[int]:
    """Tokens on lines written in Title Case (headlines), where capitals say little."""
    out: set[int] = set()
    start = 0
    for k in range(1, len(tokens) + 1):
        if k == len(tokens) or "\n" in tokens[k].sep:
            words = [t for t in tokens[start:k] if t.text.isalpha() and len(t.text) > 3]
            share = sum(t.capitalized for t in words) / len(words) if words else 0.0
            headline = k == len(tokens) or not tokens[k].sep.lstrip(" \t").startswith(".")
            if len(words) >= 4 and share >= (0.75 if headline else 0.9):
                out.update(range(start, k))
            start = k
    return out


def _important(index: NameIndex, postings: Sequence[Posting], min_population: int) -> bool:
    for p in postings:
        kind = index.kind_of(p.row)
        if kind in LARGE_KINDS or (kind != "city" and index.row_flags[p.row] & ROW_CURATED):
            return True
        if int(index.population[p.row]) >= min_population:
            return True
    return False


def _major(index: NameIndex, postings: Sequence[Posting], lex: Lexicon) -> bool:
    """Whether a name means a country, a first-level region or a city of a million people,
    which a person bearing the name cannot take away from the rest of the text."""
    cut = lex.threshold("surname_cannot_delete")
    return any(index.kind_of(p.row) in LARGE_KINDS or (
        index.kind_of(p.row) == "city" and int(index.population[p.row]) >= cut)
        for p in postings)


def _named(index: NameIndex, p: Posting) -> bool:
    """Whether a posting matched the place's own name or a name tagged with a language
    (not one of GeoNames' untagged alternates, which include nicknames and districts)."""
    return p.name == int(index.name_start[p.row]) or index.name_lang_of(p.name) is not None


def _abbreviations(scan: _Scan, i: int, j: int, postings: list[Posting]) -> list[Posting] | None:
    """A name written with its dot ("Pa.", "Calif.", "N.S.W.") is the abbreviation alone;
    an abbreviation's postings never match the word without its dot ("Pa", "Mass").
    None when the span is no abbreviation."""
    flags = scan.index.name_flags
    short = [p for p in postings if flags[p.name] & NAME_ABBREVIATION]
    if short and scan.dot_after(j) and scan.tokens[i].capitalized:
        return short
    if short:
        postings[:] = [p for p in postings if not flags[p.name] & NAME_ABBREVIATION]
    return None


def admin_word_before(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """Whether a word for a region and "of" stand before the name ("the county of Hall",
    "le comté de Hall", "la province d'Idlib"), not as the end of an institution's name
    ("the Oakland Police Department of Oakland")."""
    return i >= 2 and tokens[i - 1].low in lex.of_words and \
        tokens[i - 2].low in lex.admin_words and joins(tokens[i].sep) is not None and \
        not (i >= 3 and tokens[i - 3].capitalized and joins(tokens[i - 2].sep) == " "
             and tokens[i - 3].low not in lex.any_function_words)


def admin_word_after(tokens: Sequence[Token], j: int, lex: Lexicon) -> bool:
    """Whether a word for a region follows the name ("Henry County", "Aleppo province"),
    or ends a list of single names it opens ("Barrow, Jackson and Madison counties")."""
    n = len(tokens)
    if j < n and joins(tokens[j].sep) is not None and (
            tokens[j].low in lex.admin_words or tokens[j].low in lex.admin_plurals):
        return True
    k, listed, expect_name = j, False, False
    while k < n and k < j + 12:
        tok = tokens[k]
        if tok.low in lex.list_words and not expect_name:
            expect_name = True
        elif tok.capitalized and not tok.upper and (expect_name or tok.sep.strip() == ","):
            expect_name, listed = False, True
        elif listed and not expect_name and tok.low in lex.admin_plurals and \
                joins(tok.sep) is not None:
            return True
        else:
            return False
        k += 1
    return False


def _admin_tail(scan: _Scan, i: int, j: int) -> bool:
    """Whether the span ends on a word for a region ("Henry County", "Orleans Parish")."""
    return j > i + 1 and scan.tokens[j - 1].capitalized and \
        scan.tokens[j - 1].low in scan.lex.admin_words


def _admissible(scan: _Scan, i: int, j: int, postings: list[Posting]
                ) -> tuple[list[Posting], str]:
    """The postings of a candidate span that survive the filters, and why none did."""
    tokens, index, lex, lang = scan.tokens, scan.index, scan.lex, scan.lang
    span_tokens = tokens[i:j]
    first = tokens[i]
    short = _abbreviations(scan, i, j, postings)
    if short is not None:
        return short, ""
    letters = "".join(t.text for t in span_tokens)
    heading = first.sentence_start or i in scan.title_lines
    common_cut = lex.threshold("common_word_at_sentence_start" if heading else "common_word")
    words_in_capitals = j > i + 1 and all(len(t.text) >= 2 for t in span_tokens) and \
        any(len(t.text) >= 4 for t in span_tokens)  # "SAN FRANCISCO", not "U.S.A."
    if letters.isupper() and (len(letters) <= 3 or j > i + 1) and not words_in_capitals:
        # an acronym in the text matches only acronyms ("US", not the village "Us")
        postings = [p for p in postings if index.name_flags[p.name] & NAME_CAPITALS]
    elif letters.isupper() and len(letters) == 4:
        postings = [p for p in postings if index.name_flags[p.name] & NAME_ALL_CAPS
                    or _important(index, [p], lex.threshold("four_letter_acronym"))]
    elif not any(_is_name_word(t) for t in span_tokens):
        return [], "lowercase"
    if j < len(tokens) and tokens[j].sep.startswith("$"):
        return [], "currency"  # US$, NZ$
    if j < len(tokens) and tokens[j].sep in HYPHENS and tokens[j].low in lex.style_suffixes:
        return [], "manner"  # "a Frankenstein-style lawnmower"
    admin_tail = _admin_tail(scan, i, j)
    if admin_word_after(tokens, j, lex) or admin_word_before(tokens, i, lex):
        # "Harris and Muscogee counties", "le comté de Hall": the regions of that name,
        # however small
        regions = [p for p in postings if index.kind_of(p.row) in ("admin1", "admin2")]
        if regions:
            return regions, ""
    words = [t for t in span_tokens if t.capitalized and t.low not in lex.connectors]
    if j > i + 1 and not admin_tail and words and all(
            lex.is_common(t.text, lang) for t in words):  # "Ras al-Ain" has none
        # a name made of common words ("Red Cross", "White House") only as a major place's,
        # or as the very name of a town ("Union City", "San Francisco" at a dateline)
        town = lex.threshold("common_words_town")
        postings = [p for p in postings if _important(index, [p], common_cut) or (
            p.match == MATCH_EXACT and p.name == int(index.name_start[p.row])
            and int(index.population[p.row]) >= town)]
        if not postings:
            return [], "common words"
    if j == i + 1:
        low = first.low
        if low in lex.titles or low in lex.place_words or low in lex.directions:
            return [], "generic word"
        if low in lex.feature_words:
            # "Gulf", "Ocean" alone: a region's name ("the Gulf"), never a town's
            postings = [p for p in postings if index.kind_of(p.row) in LARGE_KINDS
                        and index.kind_of(p.row) != "admin1"]
            if not postings:
                return [], "generic word"
        demonym = lex.demonym_country(first.text, lang)
        if demonym is not None and not any(index.cc_of(p.row) == demonym and index.kind_of(
                p.row) == "country" for p in postings):  # "Vatican" is both
            return [], "demonym"
        if not first.upper and (len(first.text) <= 3 or lex.is_common(first.text, lang)):
            cut = lex.threshold("short_or_common_untagged_name")
            postings = [p for p in postings if _named(index, p) or _important(index, [p], cut)]
        if not first.upper and lex.is_common(first.text, lang):
            # a common word is a place only as the name of a major one ("Nice", "Reading"
            # in mid-sentence; only "Turkey"-size places at the start of a sentence), or of
            # a town right after "in", "at", "near" ("captured in Alliance")
            cut = lex.threshold("common_word_after_locative") \
                if not heading and _after_place_preposition(scan, i) else common_cut
            postings = [p for p in postings if _important(index, [p], cut)]
            if not postings:
                return [], "common word"
    if not postings:
        return [], "no name"
    if i > 0 and tokens[i - 1].low in lex.titles and (
            tokens[i].sep.strip() == "" or (tokens[i].sep.strip() == "."
                                            and len(tokens[i - 1].text) <= _TITLE_ABBREVIATION)):
        return [], "person"  # "President Jordan", "Gen. Lee"; not "… Court Judge. Columbus"
    if j < len(tokens) and joins(tokens[j].sep) == " " and tokens[j].capitalized and \
            tokens[j].low in lex.org_heads:
        return [], "organisation"
    if first.low in _SAINTS and _possessive_name(scan, j):
        return [], "name"  # "St. Patrick's Day", "St. John's Health System"
    if _initial_between(tokens, i - 2) or _initial_between(tokens, j - 1):
        return [], "person"  # "Kijuan D. McDonald", "Ashley L. Evens", even in a headline
    if j + 1 < len(tokens) and tokens[j].low in ARTICLES and tokens[j].sep == " " and \
            tokens[j + 1].sep in HYPHENS and tokens[j + 1].capitalized and not _important(
                index, postings, lex.threshold("common_word")):
        return [], "name"  # "Tal al-Toqan" goes on past its article; "Daraa al-Balad" is Daraa
    if i not in scan.title_lines:
        inside = _inside_longer_name(scan, i, j)
        if inside:
            return (postings if inside in _INSIDE_A_NAME else []), inside
    if j == i + 1 and _spoken(tokens, i, lex) and \
            not _important(index, postings, lex.threshold("spoken_name")):
        return [], "person"
    return postings, ""


def _possessive_name(scan: _Scan, j: int) -> bool:
    """Whether the span is a possessive opening a name ("St. Patrick's Day", "St. John's
    Health System"), not a place's own ("St. Mary's County", "St. Paul's mayor")."""
    tokens, lex = scan.tokens, scan.lex
    if j + 1 >= len(tokens) or tokens[j].text != "s" or joins(tokens[j].sep) != "":
        return False
    after = tokens[j + 1]
    return joins(after.sep) == " " and after.capitalized and not after.upper and \
        after.low not in lex.institution_words and after.low not in lex.place_words and \
        after.low not in lex.admin_words and lex.demonym_country(after.text, scan.lang) is None


def _after_place_preposition(scan: _Scan, i: int) -> bool:
    """Whether a one-word name stands right after a preposition that takes places ("in
    Alliance"), and is neither a word of the calendar ("in March") nor a possessive ("at
    Carter's", a person's)."""
    tokens, lex = scan.tokens, scan.lex
    before = tokens[i - 1] if i > 0 else None
    possessive = i + 1 < len(tokens) and tokens[i + 1].low == "s" and \
        joins(tokens[i + 1].sep) == ""
    return before is not None and before.low in lex.place_prepositions and \
        not before.capitalized and not possessive and tokens[i].low not in lex.calendar_words


def _spoken(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """Whether a verb of speech stands right before or after the word ("Dunn said"), and
    no preposition puts a place there ("in Middletown, according to police")."""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    before = tokens[i - 1] if i > 0 else None
    if before and before.low in lex.locatives and not before.capitalized:
        return False
    return bool(after and after.sep.strip() in ("", ",")
                and after.low in lex.speech_verbs) or bool(
        before and tokens[i].sep.strip() in ("", ",")
        and before.low in lex.speech_verbs)


def _run_member(tok: Token, lex: Lexicon, lang: str | None, *, left: bool = False) -> bool:
    """Whether a capitalised word next to a place name makes it part of another name.

    Words for kinds of place do not ("Aleppo Province"), except before the name where
    only modifiers belong ("Greater London", but "Centre Carnegie").
    """
    if not tok.capitalized or (tok.upper and len(tok.text) <= 1):
        return False
    low = tok.low
    if low in lex.directions or low in ARTICLES or low in lex.modifiers:
        return False
    if low in lex.place_words and not left:
        return False
    if lex.demonym_country(tok.text, lang) is not None:
        return False
    if left and low in lex.given_names and not tok.upper:
        return True  # "Kevin Pickering", even at the start of a sentence
    return not (tok.sentence_start and lex.is_common(tok.text, lang))


def _given_name(tok: Token, lex: Lexicon) -> bool:
    """Whether a capitalised word right before a name reads as a given name ("Andrew
    Trapani"): a word of mixed case in mid-sentence that names no kind of place, no
    institution, no title and is no function word ("Village", "Police", "President" do not;
    nor does "From" in a byline's "… 2009 From Lansing State Journal")."""
    low = tok.low
    return not tok.sentence_start and tok.text.isalpha() and len(tok.text) >= 3 and \
        low not in lex.any_function_words and low not in lex.place_words and \
        low not in lex.institution_words and low not in lex.titles and \
        low not in lex.org_heads and low not in lex.admin_words


def _place_pair(scan: _Scan, left: int, right: int) -> bool:
    """Whether tokens ``left`` and ``right`` are two places joined by a hyphen or a dash
    ("India-Pakistan talks", "the Lebanon-Syria treaty"), not one longer name."""
    return scan.tokens[right].sep.strip() in ("-", "‐", "–", "—", "/") and \
        scan.major_place_word(scan.tokens[left]) and scan.major_place_word(scan.tokens[right])


def _initial_between(tokens: Sequence[Token], k: int) -> bool:
    """Whether a middle initial follows token ``k`` and a surname follows it ("Louis C.
    Jensen"): a lone capital with its full stop between two capitalised words ("Washington
    D.C." has none)."""
    if k < 0 or k + 2 >= len(tokens):
        return False
    first, initial, last = tokens[k], tokens[k + 1], tokens[k + 2]
    return first.capitalized and len(first.text) >= 2 and initial.sep == " " and \
        len(initial.text) == 1 and initial.text.isupper() and last.sep == ". " and \
        last.capitalized and len(last.text) >= 2


def _inside_longer_name(scan: _Scan, i: int, j: int) -> str:
    """Whether the span is part of a longer proper name that is not a place: "person" after
    a first name, "opens a name" before a common word ("Dublin Veterans Project"), "name"
    otherwise, "" when it is not.

    After capitalised words it is: a person ("Ibrahim Abou al-Leith"), an organisation or
    a company's branch ("Centre Carnegie Moyen-Orient", "Taco Bell Canada") -- but not
    after "of" or "de" ("the Health Minister of Peru"). Before capitalised words it is part
    of a name ("Paris Hilton", "Jordan Smith") unless they name an institution, which makes
    it an adjective ("United States President", "the Philippines Department of Agriculture").
    Two major places joined by a hyphen are two places ("India-Pakistan").
    """
    tokens, lex, lang = scan.tokens, scan.lex, scan.lang
    k = i - 1
    particle = False
    while k >= 0 and joins(tokens[k + 1].sep) is not None:
        tok = tokens[k]
        low = tok.low
        if _run_member(tok, lex, lang, left=True) and not (particle and tok.sentence_start):
            # (a sentence's first word before "on", "de": "Shelling on Maarat al-Numan")
            if k == i - 1 and _place_pair(scan, k, i):
                break
            # "Bruce Ivins" is a person; "SOS Children's Village Malakal", "CDC Atlanta"
            # are names of organisations, which say nothing about the word elsewhere
            person = not tok.upper and (not lex.is_common(tok.text, lang) and not
                                        lex.is_common(tok.text, "en") or _given_name(tok, lex)
                                        or low in lex.given_names)
            return "person" if person else "name"
        if low in lex.of_words or (low in lex.inner_words and tokens[k + 1].sep == " "):
            break  # "Palmyre et Alep": a conjunction, not the Arabic article "et-"
        if (low in lex.connectors or low in ARTICLES) and not tok.capitalized or (
                low in ARTICLES and tokens[k + 1].sep in HYPHENS):
            particle = True  # "Tahrir al-Sham", "Tahrir Al-Sham"
            k -= 1
            continue
        if particle and tok.capitalized and low in ARTICLES:
            k -= 1
            continue
        break
    if j < len(tokens) and joins(tokens[j].sep) is not None:
        tok = tokens[j]
        if _run_member(tok, lex, lang) and tok.low not in lex.institution_words and \
                tok.low not in lex.surroundings and not _place_pair(scan, j - 1, j):
            # "the Dublin Veterans Project": a common word opens the rest of the name
            return "opens a name" if lex.is_common(tok.text, lang) else "name"
    return ""
