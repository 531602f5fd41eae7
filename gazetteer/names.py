"""Name keys: the exact-match key (:func:`normalize`) and the looser spelling-variant key (:func:`variant_key`).

Both are computed once per name when the index is built and once per query, so two spellings match
exactly when their keys are equal. ``normalize`` removes what never distinguishes two places (case,
diacritics, apostrophe-like marks, punctuation, Arabic short vowels and letter-shape variants);
``variant_key`` goes further and reduces a Latin transliteration to its consonant skeleton so that
"Hodeidah" meets "Al Hudaydah" and "Deir ez-Zor" meets "Dayr az Zawr".
"""

from __future__ import annotations

import functools
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
# Transliteration alternations, applied in order to one word: each pair of spellings a wire, a coder or a
# gazetteer uses for the same sound ends as one letter. "ch" is kept apart (a placeholder) so that c/k can merge.
_DIGRAPHS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "\x00"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("j", "g"),
    ("\x00", "c"),
)
# Words that news wires and gazetteers translate or spell in several ways, reduced to one form first.
# Direction words count only after the first word (Khartoum Bahri = Khartoum North, but Bahri alone is Bahri).
WORD_EQUIVALENTS: dict[str, str] = {
    **dict.fromkeys("kfar kafar kefr kufr".split(), "kafr"),
    **dict.fromkeys("tell tall tel".split(), "tal"),
    **dict.fromkeys("deir dair dayr der dier".split(), "dayr"),
    **dict.fromkeys("jebel jabal jabel gebel djebel jbel".split(), "jabal"),
    **dict.fromkeys("ouadi oued".split(), "wadi"),
}
DIRECTION_WORDS: dict[str, str] = {
    **dict.fromkeys("bahri shamali shimali shamaliyah shamaliyya northern".split(), "north"),
    **dict.fromkeys("janubi junubi janubiyah qibli southern".split(), "south"),
    **dict.fromkeys("sharqi shurqi sharqiyah sharqiyya eastern".split(), "east"),
    **dict.fromkeys("gharbi gharbiyah gharbiyya western".split(), "west"),
}
_DIPHTHONG = re.compile(r"([ae])([yw])(?![aeiouy])")
_AFTER_VOWEL_W = re.compile(r"(?<=[aeiou])w(?![aeiouy])")
_FINAL_H = re.compile(r"([aeiou])h$")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = str.maketrans("", "", "aeiouy")
_VOWEL_RUN = re.compile(r"[aeiouy]+")
# A nasal before another consonant is written m or n as it is heard (Anbar/Ambar, Omdurman/Ondurman).
_NASAL = re.compile(r"[mn](?=[bcdfgjklpqrstvxz])")
_LATIN = re.compile(r"[a-z ]+")
_ARABIC_ARTICLE = re.compile(r"(?:^| )ال")
_ARABIC_LONG_VOWELS = str.maketrans("", "", "اويء")


def strip_articles(key: str) -> str:
    """A normalised name without Arabic article words: "al hudaydah" -> "hudaydah"."""
    return " ".join(w for w in key.split() if w not in ARTICLES)


def equivalent_words(key: str) -> list[str]:
    """The words of a normalised Latin name without articles, each in its one form (Tell -> tal, Bahri -> north)."""
    words = [w for w in key.split() if w not in ARTICLES]
    return [WORD_EQUIVALENTS.get(w, DIRECTION_WORDS.get(w, w) if i else w) for i, w in enumerate(words)]


@functools.lru_cache(maxsize=1 << 16)  # words repeat across place names: "saint", "north", "kafr"
def _spelled(word: str) -> str:
    """One word with the transliteration alternations merged, vowels still in (Saakow -> sako, Saacow -> sako)."""
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = _DIPHTHONG.sub(lambda m: "i" if m.group(2) == "y" else "o", word)  # Dayr -> Dir, Zawr -> Zor
    word = _AFTER_VOWEL_W.sub("", word)  # Saakow -> Saako: w between a vowel and a consonant is a vowel
    word = _FINAL_H.sub(r"\1", word)  # Hamah -> Hama
    return _DOUBLE.sub(r"\1", word)  # Ma'arrat -> Marat, Binnish -> Binish


def _skeleton(word: str) -> str:
    word = _spelled(word)
    head = word[0] if word[:1] == "y" else ""  # initial y is a consonant: York is not Raqqa
    return head + word[len(head) :].translate(_VOWELS) or word[:1]


def variant_key(key: str) -> str | None:
    """The spelling-variant key of a normalised name, or None when it would be too short to tell places apart.

    Latin names lose Arabic articles, vowels, doubled letters and the difference between common
    transliteration alternations (q/k, c/k, kh/h, j/g, zh/j, w/u after a vowel, ...), and spaces; the words of
    :data:`WORD_EQUIVALENTS` and, after the first word, :data:`DIRECTION_WORDS` count as one word:
    "Deir al-Balah", "Dayr al Balah" and "Dair el Balah" all give ``drbl``, "Khartoum Bahri" meets
    "Khartoum North". Arabic-script names lose the article and long vowels. Other scripts have no variant key.
    """
    if _LATIN.fullmatch(key):
        skeleton = "".join(_skeleton(w) for w in equivalent_words(key))
        return skeleton if len(skeleton) >= 3 else None
    if "\u0600" <= key[:1] <= "\u06ff":
        skeleton = _ARABIC_ARTICLE.sub(" ", key).translate(_ARABIC_LONG_VOWELS).replace(" ", "")
        return "ع" + skeleton if len(skeleton) >= 2 else None  # prefixed so it never meets a Latin key
    return None


def loose_key(key: str) -> str | None:
    """A looser key, for matching inside one country only: the variant alternations, every vowel run as one
    "a", no h (kh/h/ḥ all vanish), m and n alike before a consonant, and no spaces: "Saakow" and "Saacow"
    give ``saka``, "Teftanaz" and "Taftanaz" ``taftanaz``, "Ondurman" and "Omdurman" ``andarman``.
    None for non-Latin names or when shorter than three letters."""
    if not _LATIN.fullmatch(key):
        return None
    words = [_VOWEL_RUN.sub("a", _spelled(w)).replace("h", "") for w in equivalent_words(key)]
    joined = _NASAL.sub("n", _DOUBLE.sub(r"\1", "".join(words)))
    return joined if len(joined) >= 3 else None


def spelling_similarity(query: str, name: str) -> float:
    """How alike two normalised names are spelled (rapidfuzz ratio, 0-100), letter by letter or once the
    transliteration alternations are merged: Hodeidah and Hudaydah, Dusamareeb and Dhuusamarreeb score 100."""
    from rapidfuzz.fuzz import ratio

    a, b = strip_articles(query), strip_articles(name)
    return max(ratio(a, b), ratio(loose_key(a) or a, loose_key(b) or b))


#: Countries whose place names reach English text transliterated from another script or from languages
#: romanised many ways (Arabic, Persian, Pashto, Urdu, Kurdish, Somali, Amharic, Tigrinya, Hebrew, Cyrillic,
#: Burmese, Bengali, Nepali, Hausa, Fula, Bambara, Songhay): there a spelling variant is how a place is
#: written, not a sign of another place. Latin-script standard spellings (the USA, Spain, Chile) are not.
TRANSLITERATED_COUNTRIES = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SS SY TN AE YE EH IR AF PK TJ UZ TM KZ KG AZ AM "
    "RU UA BY MD BA RS ME MK BG IL ET ER TD ML BF NE NG CM CF MM BD NP".split()
)

# Words that mark an administrative area, with the level they usually denote.
ADMIN_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "province governorate gouvernorat state region oblast prefecture wilayah wilaya vilayet "
        "muhafazah muhafazat muhafaza mohafazat kray krai okrug canton voivodeship department departement "
        "emirate territory".split(),
        "admin1",
    ),
    **dict.fromkeys(
        "district raion rayon county municipality mudiriyah qadaa kaza nahiya lga".split(), "admin2"
    ),
    **dict.fromkeys(["محافظه", "ولايه", "اقليم", "مقاطعه"], "admin1"),
    **dict.fromkeys(["منطقه", "قضاء", "ناحيه"], "admin2"),
}
_OF = frozenset({"of", "de", "du", "di"})
_LGA = " local government area"


def split_admin(key: str) -> tuple[str, str | None]:
    """Split an admin word off a normalised name: ``("sweida", "admin1")`` for "sweida province".

    Handles suffixes ("Gezira state"), prefixes ("Province of Idlib", "Muhafazat Dimashq",
    Arabic "محافظة السويداء") and returns ``(key, None)`` when there is none.
    """
    if key.endswith(_LGA) and len(key) > len(_LGA):
        return key[: -len(_LGA)], "admin2"  # Nigeria's "Guma Local Government Area"
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


# Words coders write after (or before) the name of the place a feature is at or named after: "Deir ez Zor
# airport", "Otash IDP camp", "Maviddapuram locality", "Fik woreda". Tried only when the whole name is unknown.
_FEATURE_TAIL = re.compile(
    r"(?: (?:international |military |civilian )?(?:airport|airfield|airbase|air base)| (?:idp |refugee |military )?camp"
    r"| (?:oil |gas )?field| mountain| mountains| valley| locality| township| shrine| market| bridge| checkpoint"
    r"| crossing| hill| colline| woreda| quarter| neighbourhood| neighborhood| suburb| village| town| city"
    r"| area| settlement| hamlet| junction| roundabout| square)$"
)
_FEATURE_HEAD = re.compile(r"^(?:poselok gorodskogo tipa|posyolok|selo|village of|town of|the) ")


def strip_feature(key: str) -> str | None:
    """The place name inside a feature's description ("deir ez zor airport" -> "deir ez zor"), or None."""
    out = key
    while True:
        shorter = _FEATURE_HEAD.sub("", _FEATURE_TAIL.sub("", out))
        if shorter == out:
            break
        out = shorter
    return out if out != key and out and non_place_reason(out) is None else None


# -- what is not a place --------------------------------------------------------------------------------

#: Values tables and coders put where a place name is missing (after :func:`normalize`; "-", "?" and
#: other punctuation normalise to the empty name).
PLACEHOLDERS = frozenset(
    "null none nan n a na unknown unk not known not available unspecified undefined missing blank empty "
    "test tbd tba tbc todo nullgeom no name noname unnamed x xx xxx various several multiple location place".split()
) | frozenset({"n a", "not known", "not available", "not applicable", "no name"})
#: Words that begin place names but are never one alone: Arabic articles and kinship or landscape words
#: (Al, El, Abu, Bin, Umm, Wadi, ...), and fragments a tokenizer leaves (Bak of Bakool).
PARTICLES = frozenset(
    "al el il ul as ash ad adh an az ath ed esh ez "
    "abu abou bu bin ben ibn bint umm um omm bani beni banu ait ras ain ayn bir wadi khirbet khirbat "
    "kafr kfar kufr tal tell deir dayr dair jabal jebel jebal qaryat qarya haret hay hayy beit bayt qasr "
    "mazraa mazraat sidi shaykh sheikh sheik bak the of".split()
)
_DETERMINERS = frozenset("the this that these those a an its their our said same".split())
_QUALIFIERS = frozenset(
    "nearby neighbouring neighboring local whole entire surrounding rural besieged main same said".split()
)
#: Nouns that stand for a place without naming one: "the city", "the village", "downtown", "the north".
GENERIC_NOUNS = frozenset(
    "city town village villages hamlet area areas region district province country capital neighbourhood "
    "neighborhood camp border north south east west centre center downtown outskirts countryside suburb "
    "suburbs market square road highway frontline front base checkpoint".split()
)
#: Generic nouns that are also the exact name of a real area (Lebanon's North governorate, "North" in Cameroon):
#: generic only with a determiner ("the north").
_ALSO_NAMES = frozenset("north south east west centre center capital".split())


def non_place_reason(key: str) -> str | None:
    """Why a normalised name is not a place name at all, or None when it may be one.

    Placeholders (``null``, ``n a``, ``unknown``, ``nullgeom``), lone particles and fragments (``al``,
    ``abu``, ``wadi``, ``bak``), single letters and digits, and generic phrases (``the city``, ``the
    north``, ``downtown``). Such a name stays unplaced whatever the index holds.
    """
    if not key:
        return "empty name"
    if key in PLACEHOLDERS:
        return "a placeholder, not a place name"
    letters = key.replace(" ", "")
    if len(letters) < 2 or not any(c.isalpha() for c in letters):
        return "too short or no letters to be a place name"
    if key in PARTICLES:
        return "a lone particle or fragment of a name, not a place name"
    words = key.split()
    determined = words[0] in _DETERMINERS
    rest = [w for w in (words[1:] if determined else words) if w not in _QUALIFIERS]
    if len(rest) == 1 and rest[0] in GENERIC_NOUNS and (determined or rest[0] not in _ALSO_NAMES):
        return "a generic phrase, not the name of a place"
    return None
