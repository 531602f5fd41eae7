"""Whether a gazetteer hit is a plausible match, and whether the text says it is something else.

:func:`plausible` keeps the candidates a span may denote (exact names; alternate names for long or
prominent places; loose spellings only where licensed); :func:`rejected` gives the reason a hit is
no place here: an organisation, a person, a demonym, a street, a common word, a headline's capitals.
"""

from __future__ import annotations

import re
from typing import Any

from gazetteer.names import ARTICLES, TRANSLITERATED_COUNTRIES, normalize
from geomap.geoparse import filters
from geomap.geoparse.abbreviations import INITIALISMS, US_STATE_ABBREVIATIONS
from geomap.geoparse.document import MODIFIERS, SAID_AFTER_RE, Document
from geomap.geoparse.lookup import (
    AREA_KINDS,
    TOWN_POPULATION,
    NameLookup,
    is_big,
    match_quality,
    outranks_a_person,
)
from geomap.geoparse.recogniser import default_model

#: A dot right after a name with the sentence going on after it ("Phila. police", "W. Va., in").
ABBREVIATION_DOT_RE = re.compile(r"\.(?=[,;)]|\s+[a-z])")
_HOLIDAY_AFTER_RE = re.compile(r"['’]s\s+Day\b")
_AMPERSAND_RE = re.compile(r"\s*&\s*[A-Z]")
_AMPERSAND_BEFORE_RE = re.compile(r"[A-Z][\w.]*\s*&\s*$")
_PERSONAL_AFTER_RE = re.compile(r"(?:['’]s)?\s+(?:administrations?|presidency|campaign|family|dynasty)\b")
_STREET_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive lane ln highway hwy freeway expressway parkway "
    "pkwy court ct terrace circle plaza pike trail way".split()
)
PARTICLES = filters.CONNECTORS | filters.HYPHEN_CONNECTORS

#: "Stall, a village in the Alps", "Balata camp": the text itself says the word names a place.
DESCRIBED_RE = re.compile(
    r"(?:,\s+(?:an?|the)\s+(?:\w+\s+)?(?:village|town|city|hamlet|suburb|district|county|region|province)\b"
    r"|[ -](?:village|town|camp|countryside|outskirts)\b)"
)

#: "Reston, Virginia": a name followed by a comma and another capitalised name (its containing area).
_PLACE_COMMA_RE = re.compile(r",\s+[A-Z]")


def _user_declared(cands: tuple[Any, ...]) -> bool:
    """Whether a user place file names this span: the analyst's own places (checkpoints, bases,
    ministries) outrank the word rules that would read them as organisations or people."""
    return any(getattr(c, "source", None) == "user" for c in cands)


def outgrows(cand: Any, names: Any) -> bool:
    """A town of a country whose names reach English transliterated, known by this spelling only as an
    alternate name and ten times the size of every place that has it as its own name: such towns are
    written many ways, and an exact namesake that is a hamlet abroad must not hide them ("Jowhar" is
    Jawhar in Somalia, "Derik" al-Malikiyah in Syria, "Artemovsk" Bakhmut in Ukraine)."""
    pop = getattr(cand, "population", 0) or 0
    biggest = max((getattr(n, "population", 0) or 0) for n in names)
    return (
        getattr(cand, "kind", "") == "city"
        and getattr(cand, "country_code", None) in TRANSLITERATED_COUNTRIES
        and pop >= TOWN_POPULATION
        and pop >= 10 * biggest
    )


def _namesake_seat(cand: Any, names: list[Any]) -> bool:
    """A town matched by another spelling inside an admin area exactly so named: "Daraa" is the
    governorate's name and an alternate name of its seat, and a bare mention usually means the town."""
    return getattr(cand, "kind", "") == "city" and any(
        getattr(n, "kind", "") in AREA_KINDS
        and n.country_code == cand.country_code
        and normalize(str(n.admin1 or n.name)) == normalize(str(cand.admin1 or ""))
        for n in names
    )


#: Dotted abbreviations that begin place names ("St. Cloud", "Mt. Pleasant", "Ft. Worth"), with the
#: words they shorten.
_NAME_ABBREVIATIONS = {
    "st": ("saint", "st", "st."), "ste": ("sainte", "ste", "ste."), "mt": ("mount", "mt", "mt."),
    "ft": ("fort", "ft", "ft."), "pt": ("point", "port", "pt", "pt."),
}  # fmt: skip


def expand_abbreviated(doc: Document, i: int, j: int) -> str | None:
    """``Mt. Pleasant`` -> ``Mount Pleasant``: the name with its dotted first word written out, or None
    when it does not begin with such an abbreviation."""
    tok = doc.tokens[i]
    words = _NAME_ABBREVIATIONS.get(tok.text.lower())
    if j - i < 2 or words is None or doc.text[tok.end : tok.end + 1] != ".":
        return None
    return words[0].capitalize() + doc.text[tok.end + 1 : doc.tokens[j - 1].end]


def _abbreviated_start(doc: Document, i: int, j: int, cands: tuple[Any, ...]) -> tuple[Any, ...]:
    """``St. Cloud``: a name begun with a dotted abbreviation denotes the places whose name begins
    with the word it shortens, exact or alternate alike (GeoNames writes "Saint Cloud" and keeps "St.
    Cloud" as an alternate; one "Mt Pleasant" written so is not all the Mount Pleasants)."""
    words = _NAME_ABBREVIATIONS[doc.tokens[i].text.lower()]
    keep = tuple(
        c
        for c in cands
        if match_quality(c) != "variant"
        and str(getattr(c, "name", "")).lower().split()[:1] in ([w] for w in words)
    )
    if doc.joined_next(j - 1) or _POSSESSIVE_RE.match(doc.text, doc.tokens[j - 1].end):
        # "St. Rose Dominican Hospital", "St. John's Cemetery": a saint's name inside a longer one,
        # unless a town of some size bears it ("St. Cloud Hospital")
        keep = tuple(c for c in keep if (getattr(c, "population", 0) or 0) >= TOWN_POPULATION)
    return keep


_POSSESSIVE_RE = re.compile(r"['’]s?\b")


_COMPASS = frozenset("north south east west northern southern eastern western upper lower central".split())


def plausible(doc: Document, i: int, j: int, cands: tuple[Any, ...], loose: bool) -> tuple[Any, ...]:
    """The candidates worth keeping for the span ``tokens[i:j]``; empty when it is no plausible match.

    Exact names count; alternate names alone only for a long or prominent place (alternate tables are
    full of short codes and nicknames); spelling variants only after a locative cue or in Arabic
    script or with an Arabic article ("Maarat al-Numan"): ``loose``. A span that begins or ends with
    a common word must match a name exactly.
    """
    if not cands:
        return ()
    if _user_declared(cands):
        return cands
    tokens = doc.tokens
    word = doc.text[tokens[i].start : tokens[j - 1].end]
    if word in INITIALISMS or word in US_STATE_ABBREVIATIONS:
        return cands  # "U.S.", "D.C.", "S.C.": looked up by their full names
    if expand_abbreviated(doc, i, j) is not None:
        return _abbreviated_start(doc, i, j, cands)
    names = [c for c in cands if match_quality(c) == "name"]
    alternates = [c for c in cands if match_quality(c) == "alternate"]
    multi = j - i > 1
    last = tokens[j - 1].text.lower()
    city_named = last == "city" and any(
        match_quality(c) == "name" and getattr(c, "kind", "") == "city" for c in cands
    )  # "Boulder City Council", "Kansas City Power & Light": the town is called "... City"
    if (
        multi
        and not city_named
        and doc.joined_next(j - 1)
        and (
            last in filters.ORG_WORDS
            or (
                (last in MODIFIERS or last in filters.FACILITY_WORDS)
                and tokens[j].text.lower() in filters.ORG_WORDS
            )
        )
    ):
        return ()  # "Dublin City Council", "Ohio State University": the place is the first part
    words = [tokens[k].text.lower() for k in range(i, j)]
    if (
        multi
        and not any(is_big(c) for c in cands)
        and any(w in filters.ORG_WORDS for w in words)
        and all(w in MODIFIERS or w in filters.ORG_WORDS or w in filters.CONNECTORS for w in words)
    ):
        return ()  # "Police Department", "District Court": common words that some place is named
    if multi:
        place_title = (
            tokens[i].text.lower() in filters.PLACE_TITLES
            and doc.place_context(i, j)
            and any(_a_town(c) for c in cands if match_quality(c) != "variant")
        )  # an alias begun with a title stands for a town of some standing, not any hamlet abroad
        edge_common = any(
            tokens[k].text.lower() in filters.COMMON_WORDS or tokens[k].text.lower() in filters.PERSON_TITLES
            for k in (i, j - 1)
            if not (k == i and place_title)  # "in Sheikh Zuweid": the title begins the place's name
            and not (k > i and tokens[k - 1].text.casefold() in filters.SPACED_PARTICLES)  # "Taybat Al-Imam"
        )
        if edge_common and not names and not any(is_big(c) for c in alternates):  # "Great Britain"
            areas = tuple(c for c in alternates if getattr(c, "kind", "") in ("admin1", "admin2"))
            if areas and tokens[i].text.lower() in _COMPASS:
                return areas  # "South Waziristan": an area's other name, begun with its direction
            return ()
    if names:
        keep = [c for c in alternates if is_big(c) or _namesake_seat(c, names) or outgrows(c, names)]
        if all(getattr(c, "source", "") == "wof" and not c.population for c in names):
            # villages of unknown size do not hide a big town spelled otherwise ("Qamishli", "Al Qamishli")
            keep += [c for c in cands if match_quality(c) == "variant" and is_big(c)]
        return tuple(names + keep)
    cue = doc.strong_cue(i) or doc.action_cue(i)
    if alternates:
        if multi or cue or (len(word) >= 4 and any(is_big(c) for c in alternates) and not _common(word)):
            return tuple(alternates)
        areas = tuple(c for c in alternates if getattr(c, "kind", "") in AREA_KINDS)
        if areas and doc.strong_cue(i) and ABBREVIATION_DOT_RE.match(doc.text, tokens[j - 1].end):
            return areas  # "Regina, Sask., ...": an area's abbreviation listed after a place
        return ()
    return tuple(c for c in cands if _same_words(word, c)) if loose else ()


def _a_town(loc: Any) -> bool:
    """A town of some standing: a seat of administration or 10,000 people or more."""
    code = str(getattr(loc, "feature_code", "") or "")
    return code.startswith("PPLA") or code == "PPLC" or (getattr(loc, "population", 0) or 0) >= TOWN_POPULATION


def _same_words(word: str, loc: Any) -> bool:
    """A loose spelling keeps the name's words: "Ras al-Ain" may be "Ra's al 'Ayn", never "Ryazan"."""
    if match_quality(loc) != "variant":
        return True
    return _content_words(word) == _content_words(str(getattr(loc, "name", "")))


def _content_words(name: str) -> int:
    return sum(1 for w in normalize(name).split() if w not in ARTICLES and w not in PARTICLES)


_DEMONYM_SUFFIXES = (
    ("ians", ("ia", "")),
    ("ian", ("ia", "", "e")),
    ("ans", ("a", "", "as")),
    ("an", ("a", "", "as")),
    ("ese", ("", "a")),
    ("ish", ("", "y")),
    ("is", ("", "")),
    ("i", ("",)),
)


def derived_demonym(word: str, lookup: NameLookup) -> bool:
    """``Lankan``, ``Minnesotans``, ``Gazans``: a country's, first-level area's or large city's name
    plus a demonym suffix, unless the word is itself the name of a town ("Gori" is no demonym of "Gor")."""
    if any(match_quality(c) == "name" and (c.population or 0) >= TOWN_POPULATION for c in lookup(word)):
        return False
    low = word.lower()
    for suffix, endings in _DEMONYM_SUFFIXES:
        if not low.endswith(suffix) or len(low) - len(suffix) < 3:
            continue
        stem = word[: len(word) - len(suffix)]
        for ending in endings:
            if any(_demonym_stem(c) for c in lookup(stem + ending)):
                return True
    return False


def _demonym_stem(loc: Any) -> bool:
    """Places that have demonyms: countries, first-level areas and large cities, matched by name."""
    quality = match_quality(loc)
    if getattr(loc, "kind", "") in AREA_KINDS:
        return quality != "variant"
    return quality == "name" and (getattr(loc, "population", 0) or 0) >= 1_000_000


def rejected(doc: Document, lookup: NameLookup, i: int, j: int, cands: tuple[Any, ...]) -> str | None:
    """Why the hit ``tokens[i:j]`` is not a place here, or None when it is one."""
    if _user_declared(cands):
        return None
    tokens, text = doc.tokens, doc.text
    s, e = tokens[i].start, tokens[j - 1].end
    if doc.in_org(s, e):
        return "organisation"
    if any(k in doc.person for k in range(i, j)):
        return "person"
    single = j - i == 1
    if single and tokens[i].text in doc.surnames and not doc.locative_cue(i):
        return "person"
    if single and filters.age_follows(text, e):
        return "person"
    if _HOLIDAY_AFTER_RE.match(text, e):
        return "holiday"  # "St. Patrick's Day", "Valentine's Day"
    if single and tokens[i].text.casefold() in PARTICLES and tokens[i].text not in INITIALISMS:
        return "particle"  # "Al" of "Al-Hedoud" is the Arabic article, not Alabama; a lone "El" ("US" is no "us")
    if (
        single
        and not any(outranks_a_person(c) for c in cands if match_quality(c) != "variant")
        and _common(tokens[i].text)
        and doc.locative_cue(i) is None
        and not DESCRIBED_RE.match(text, e)
    ):
        return "common word"  # "Gang violence", "What To Do", "Are you": words the casing lexicon knows
    if (
        j < len(tokens)
        and tokens[j].cap
        and tokens[j].text.lower() in _STREET_WORDS
        and text[e : tokens[j].start] == " "
    ):
        return "street"
    if single and (filters.is_demonym(tokens[i].text) or derived_demonym(tokens[i].text, lookup)):
        return "demonym"
    if _AMPERSAND_RE.match(text, e) or _AMPERSAND_BEFORE_RE.search(text, max(0, s - 30), s):
        return "organisation"  # "Stevens & Wilkinson"
    if (
        single
        and tokens[i].text in doc.speakers
        and doc.locative_cue(i) is None
        and not any(outranks_a_person(c) for c in cands if match_quality(c) != "variant")
    ):
        return "person"  # "Noma said ... Noma works as": the text quotes the name as a speaker
    if single and not any(outranks_a_person(c) for c in cands) and _PERSONAL_AFTER_RE.match(text, e):
        return "person"  # "the Bush administration"
    if single and not any(outranks_a_person(c) for c in cands):
        if i in doc.title_case and doc.locative_cue(i) is None and not _PLACE_COMMA_RE.match(text, e):
            return "title case"  # "Talks Stall": every word is capitalised in a headline
        if SAID_AFTER_RE.match(text, e):
            return "person"  # "Anderson said": a small town does not speak
        low = tokens[i].text.lower()
        if low in filters.FIRST_NAMES:
            return "person"  # "Eva", "Manuel": a given name before it names a small place
        if low in filters.SURNAMES and doc.locative_cue(i) is None:
            return "person"  # "Johnson", "Scott": a family name, unless the text places it
    return None


def _common(word: str) -> bool:
    """An ordinary English word by the recogniser's casing lexicon ("gang", "do", "are", "table")."""
    return default_model().common_word(word)
