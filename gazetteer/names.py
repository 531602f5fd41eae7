"""Name keys: the exact-match key (:func:`normalize`) and the looser spelling-variant key (:func:`variant_key`).

Both are computed once per name when the index is built and once per query, so two spellings match
exactly when their keys are equal. ``normalize`` removes what never distinguishes two places (case,
diacritics, apostrophe-like marks, punctuation, Arabic short vowels and letter-shape variants);
``variant_key`` goes further and reduces a Latin transliteration to its consonant skeleton so that
"Hodeidah" meets "Al Hudaydah" and "Deir ez-Zor" meets "Dayr az Zawr".
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus a mark.
_LETTERS = {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"}
# Arabic letter-shape variants writers use interchangeably (with the Persian forms of yeh and kaf);
# tatweel is decoration.
_ARABIC = {"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": "", "ٱ": "ا"}
# Marks transliterations use for ayin, hamza and stress: dropped so "Ma'arrat" equals "Maarrat".
_DROP = "ʿʾʼʻ‘’'`´′"
# Characters that separate words.
_SPACE = '-‐‑‒–—_./,;:()[]"“”«»!?&+'

_TABLE = str.maketrans(
    {**_LETTERS, **_ARABIC, **{c: "" for c in _DROP}, **{c: " " for c in _SPACE}},
)


def normalize(text: str) -> str:
    """The exact-match key: lower case, no diacritics, no apostrophes, single spaces.

    >>> normalize("  Ma'arrat an-Nu‘mān ")
    'maarrat an numan'
    """
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().translate(_TABLE).split())


# Arabic definite article as transliterated, written as its own word after normalisation
# ("al-Hasakah" -> "al hasakah"), with the sun-letter assimilations (as-, ash-, ad-, ...).
ARTICLES = frozenset(
    "al el il ul as ash ad adh ar an az at ath ed es esh er en ez et ud us ur un uz ut".split()
)
_DIGRAPHS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
)
_DIPHTHONG = re.compile(r"([ae])([yw])(?![aeiouy])")
_FINAL_H = re.compile(r"([aeiou])h$")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = str.maketrans("", "", "aeiouy")
_LATIN = re.compile(r"[a-z ]+")
_ARABIC_ARTICLE = re.compile(r"(?:^| )ال")
_ARABIC_LONG_VOWELS = str.maketrans("", "", "اويء")


def strip_articles(key: str) -> str:
    """A normalised name without Arabic article words: "al hudaydah" -> "hudaydah"."""
    return " ".join(w for w in key.split() if w not in ARTICLES)


def _skeleton(word: str) -> str:
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = _DIPHTHONG.sub(lambda m: "i" if m.group(2) == "y" else "o", word)  # Dayr -> Dir, Zawr -> Zor
    word = _FINAL_H.sub(r"\1", word)  # Hamah -> Hama
    word = _DOUBLE.sub(r"\1", word)  # Ma'arrat -> Marat
    head = word[0] if word[:1] == "y" else ""  # initial y is a consonant: York is not Raqqa
    return head + word[len(head) :].translate(_VOWELS) or word[:1]


def variant_key(key: str) -> str | None:
    """The spelling-variant key of a normalised name, or None when it would be too short to tell places apart.

    Latin names lose Arabic articles, vowels, doubled letters and the difference between common
    transliteration digraphs (q/k, kh/h, zh/j, ...), and spaces: "Deir al-Balah", "Dayr al Balah" and
    "Dair el Balah" all give ``drbl``. Arabic-script names lose the article and long vowels.
    Other scripts have no variant key.
    """
    if _LATIN.fullmatch(key):
        words = [w for w in key.split() if w not in ARTICLES]
        skeleton = "".join(_skeleton(w) for w in words)
        return skeleton if len(skeleton) >= 3 else None
    if "\u0600" <= key[:1] <= "\u06ff":
        skeleton = _ARABIC_ARTICLE.sub(" ", key).translate(_ARABIC_LONG_VOWELS).replace(" ", "")
        return "ع" + skeleton if len(skeleton) >= 2 else None  # prefixed so it never meets a Latin key
    return None


# Words that mark an administrative area, with the level they usually denote.
ADMIN_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "province governorate gouvernorat state region oblast prefecture wilayah wilaya vilayet "
        "muhafazah muhafazat muhafaza mohafazat kray krai okrug canton voivodeship department departement "
        "emirate territory".split(),
        "admin1",
    ),
    **dict.fromkeys("district raion rayon county municipality mudiriyah qadaa kaza nahiya".split(), "admin2"),
    **dict.fromkeys(["محافظه", "ولايه", "اقليم", "مقاطعه"], "admin1"),
    **dict.fromkeys(["منطقه", "قضاء", "ناحيه"], "admin2"),
}
_OF = frozenset({"of", "de", "du", "di"})


def split_admin(key: str) -> tuple[str, str | None]:
    """Split an admin word off a normalised name: ``("sweida", "admin1")`` for "sweida province".

    Handles suffixes ("Gezira state"), prefixes ("Province of Idlib", "Muhafazat Dimashq",
    Arabic "محافظة السويداء") and returns ``(key, None)`` when there is none.
    """
    words = key.split()
    if len(words) < 2:
        return key, None
    level = ADMIN_WORDS.get(words[-1])
    if level:
        return " ".join(words[:-1]), level
    level = ADMIN_WORDS.get(words[0])
    if level:
        rest = words[2:] if words[1] in _OF and len(words) > 2 else words[1:]
        return " ".join(rest), level
    return key, None
