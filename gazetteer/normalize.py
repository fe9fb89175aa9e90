"""Name normalisation: the keys under which reporters' spellings of a place meet.

Three keys are derived from a name:

* :func:`normalize_name` — case, diacritics, apostrophes, hyphens and spaces folded, Arabic
  articles (al-, el-, ad-, ash-, az- …) written one way, Arabic-script letter variants folded;
* :func:`compact_key` — the same without spaces or articles' vowels folded, so that
  "Deir Ezzor" meets "Deir ez-Zor";
* :func:`strip_article` — the key without a leading Arabic article ("Ar-Raqqah" → "raqqah").
"""

from __future__ import annotations

import re
import unicodedata

from gazetteer.memo import remembered

__all__ = ["normalize_name", "compact_key", "strip_article", "strip_elision", "ARTICLES",
           "SHORT_FORMS", "fold_inner_word", "translit_key"]

#: Romanised forms of the Arabic article as they appear in names (Deir ez-Zor, Ras al-Ain,
#: Bab el-Hawa, Ash Shaykh, Ad Dana …) and the French/English/Persian transliterations.
ARTICLES = frozenset(
    "al el il ul ad adh an ar as ash at ath az ed en er es esh et ez ud un ur us ut uz".split()
)
_APOSTROPHES = "'’‘ʼʻʿʾ`´′"
_DROP = str.maketrans("", "", _APOSTROPHES + "\u0640")  # and Arabic tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                              "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي"})
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
#: Latin letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe",
                          "ı": "i", "þ": "th", "ð": "d", "ħ": "h", "ŀ": "l"})
_ACRONYM_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_](?![^\W\d_]))")
_ELISION = re.compile(r"^(?:jusqu|lorsqu|puisqu|quelqu|qu|[dlnsjcm])['’ʼ](?=\w)", re.IGNORECASE)
_ARABIC_ARTICLE = "ال"
#: Words opening place names that are as often written abbreviated ("St. Louis", "Mt.
#: Pleasant", "Ft. Worth", "Sainte-Foy"): inside a name, the key holds the short form.
SHORT_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def normalize_name(name: str) -> str:
    """Fold a place name to its lookup key.

    >>> normalize_name("Deir ez-Zor")
    'deir al zor'
    >>> normalize_name("  ALEP–Est ")
    'alep est'
    >>> normalize_name("Ma’arrat al-Nu‘man") == normalize_name("Maarrat an-Numan")
    True
    >>> normalize_name("U.S.A."), normalize_name("St. Louis")
    ('usa', 'st louis')
    """
    if name.isascii() and name.isalnum():
        return name.lower()  # one plain word (most of a text's): nothing else to fold
    text = _ACRONYM_DOT.sub(r"\1", name)  # "U.S." -> "US."
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_SPECIAL).translate(_DROP).translate(_ARABIC_FOLD)
    tokens = _SEPARATORS.sub(" ", text).split()
    return " ".join(fold_inner_word(tok, i, len(tokens)) for i, tok in enumerate(tokens))


def fold_inner_word(token: str, position: int, count: int) -> str:
    """A folded word as it stands in a key of ``count`` words: before the last word, an
    Arabic article is written "al" and "saint", "mount", "fort" their short forms."""
    if count > 1 and position < count - 1:
        if token in ARTICLES:
            return "al"
        return SHORT_FORMS.get(token, token)
    return token


def compact_key(key: str) -> str:
    """The key without spaces, for spellings that join or split words ("Deir Ezzor").

    Takes a key from :func:`normalize_name`; articles are dropped to their consonant so that
    "ez zor", "ezzor", "al zor" and "az zawr" come closer.

    >>> compact_key(normalize_name("Deir ez-Zor")) == compact_key(normalize_name("Deir Ezzor"))
    True
    """
    tokens = key.split()
    out = []
    for i, tok in enumerate(tokens):
        if tok == "al" and i + 1 < len(tokens):
            continue  # "al zor" -> "zor": the article assimilates in speech and spelling
        out.append(tok)
    joined = "".join(out)
    # an article glued to the next word ("ezzor", "azzawr") loses its vowel the same way
    return re.sub(r"(?<=[a-z])[aeiu]([dnrstz])\1", r"\1", joined)


def strip_article(key: str) -> str:
    """The key without a leading article ("al raqqah" → "raqqah", "الرقة" → "رقة")."""
    head, _, rest = key.partition(" ")
    if head == "al" and rest:
        return rest
    if key.startswith(_ARABIC_ARTICLE) and len(key) > 4 and " " not in key[:3]:
        return key[2:]
    return key


def strip_elision(word: str) -> tuple[int, str]:
    """Split a French elided article from a word: ``"d'Alep-Est"`` → ``(2, "Alep-Est")``."""
    match = _ELISION.match(word)
    if not match:
        return 0, word
    return match.end(), word[match.end():]


#: Latin spellings of one Arabic sound, folded to one symbol (French "ch", "ou", "dj";
#: English "sh", "oo", "ee"; "q" and "k"; "dh" and "z" in Levantine speech).
_TRANSLIT_DIGRAPHS = (("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "K"), ("gh", "G"),
                      ("dh", "z"), ("th", "t"), ("dj", "j"), ("ph", "f"), ("q", "k"))
_GLUED_ARTICLE = re.compile(r"^[aeiou]([dnrstzl])\1")
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
_VOWELS = re.compile(r"[aeiouyw]+")
_DOUBLED = re.compile(r"(.)\1+")
_MIN_CONSONANTS = 3
_ARABIC_VOWELS = str.maketrans("", "", "اويىةهءئؤ")


@remembered(131072)
def translit_key(key: str) -> str:
    """A key under which romanisations of one Arabic name meet, or "" when too short to
    tell names apart (fewer than three consonants).

    Takes a key from :func:`normalize_name`. Articles are dropped (with the sun-letter
    assimilation: "ash-Shughur", "al-Shughur", "Ezzor"; a later word's leading vowels go
    too, for an article run into it: "Ezor", "Ein"), the final h of "-ah"/"-eh" too,
    every run of vowels (and w, y between them) becomes one mark, and doubled consonants
    are written once, so that vowel and gemination spellings meet:

    >>> translit_key(normalize_name("Der-Ezzor")) == translit_key(normalize_name("Dayr az Zawr"))
    True
    >>> translit_key(normalize_name("Der-Ezor")) == translit_key(normalize_name("Deir ez-Zor"))
    True
    >>> translit_key(normalize_name("Shaddadi")) == translit_key(normalize_name("Ash Shaddadah"))
    True
    >>> translit_key(normalize_name("al-Kharita")) == translit_key(normalize_name("Khurayta"))
    True
    >>> translit_key(normalize_name("Edlib")) == translit_key(normalize_name("Idlib"))
    True
    """
    out: list[str] = []
    for word in key.split():
        if word in ARTICLES:
            continue
        folded = (_translit_inner if out else _translit_first)(word)
        if folded is None:
            return ""
        out.append(folded)
    joined = "".join(out)
    if len(joined) - joined.count("V") < _MIN_CONSONANTS:
        return ""
    return "~" + joined  # never equal to a plain key


def _translit_word(word: str, inner: bool) -> str | None:
    """One word of :func:`translit_key` (``inner``: after another word), or None when it is
    in a script that has no such key."""
    if not word.isascii():
        if not all("\u0621" <= ch <= "\u064a" for ch in word):
            return None
        # Arabic script: the article, long vowels and the final ta marbuta or nisba
        # ending are where spellings part ("الشدادي", "الشدادة")
        if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
            word = word[2:]
        return word[0] + word[1:].translate(_ARABIC_VOWELS)
    word = _GLUED_ARTICLE.sub(r"\1", word)
    if inner:  # an article run into the next word once its sun letter is written once
        word = word.lstrip("aeiouy") or word  # ("Der Ezor", "Ras el-Ein" = "Ras al Ayn")
    for spelling, sound in _TRANSLIT_DIGRAPHS:
        word = word.replace(spelling, sound)
    word = _FINAL_H.sub("", word)
    return _DOUBLED.sub(r"\1", _VOWELS.sub("V", word))


@remembered(65536)
def _translit_first(word: str) -> str | None:
    return _translit_word(word, False)


@remembered(65536)
def _translit_inner(word: str) -> str | None:
    return _translit_word(word, True)
