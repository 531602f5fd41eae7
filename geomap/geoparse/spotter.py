"""Recognition: which capitalised runs of an article name places the gazetteer knows.

Every sub-run of up to six words is looked up (longest first, cached), and a hit survives only if no
rule in :mod:`geomap.geoparse.filters` says it is something else here: an organisation, a person, a
demonym, a street, a common word at the start of a sentence. A capitalised run after a locative cue
("in", "near", "village of") that the gazetteer does not know is kept as an unresolved spot, so the
caller can list it instead of losing it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from geomap.geoparse import filters
from geomap.geoparse.tokens import Token, is_arabic, ngram_spans, runs, tokenize


class CandidateSource(Protocol):
    """What the spotter needs from a gazetteer: every place a name could denote."""

    def candidates(self, name: str) -> Sequence[Any]: ...


@dataclass(slots=True)
class Spot:
    """A span of the text that names a place, with every place it could denote."""

    start: int
    end: int
    text: str
    candidates: tuple[Any, ...]
    cue: str | None = None  # the locative word before it ("in", "north of"), lower case
    admin_word: str | None = None  # "province" in "Sweida province"
    sentence_start: bool = False
    reason: str | None = None  # why it has no candidates (unresolved spots only)
    after: dict[str, Any] = field(default_factory=dict)  # filled by resolution


_CUE_RE = re.compile(
    r"(?:\b(?P<dir>(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|"
    r"southern|eastern|western|outskirts|suburbs?|village|town|city|province|governorate|district|region|"
    r"centre|center|heart|countryside|parts|area|areas)\s+of)|\b(?P<prep>in|near|outside|around|across|"
    r"toward|towards|into|from|at|to|between|and|via|through|across|inside|within))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Cues strong enough to keep an unknown capitalised run as an unresolved place.
STRONG_CUES = frozenset({"in", "near", "outside", "inside", "around", "of"})
_ADMIN_AFTER_RE = re.compile(r"[ -](" + "|".join(sorted(filters.ADMIN_WORDS)) + r")\b", re.IGNORECASE)
_STREET_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive lane ln highway hwy freeway expressway parkway "
    "pkwy court ct terrace circle plaza pike trail".split()
)


class NameLookup:
    """Cached ``gazetteer.candidates`` by exact surface form; one per gazetteer."""

    _shared: weakref.WeakKeyDictionary[Any, NameLookup] = weakref.WeakKeyDictionary()

    def __init__(self, gazetteer: CandidateSource, max_size: int = 200_000) -> None:
        self.gazetteer = gazetteer
        self.max_size = max_size
        self.cache: dict[str, tuple[Any, ...]] = {}

    @classmethod
    def for_gazetteer(cls, gazetteer: CandidateSource) -> NameLookup:
        try:
            lookup = cls._shared.get(gazetteer)
        except TypeError:  # not weak-referenceable: no sharing
            return cls(gazetteer)
        if lookup is None:
            lookup = cls._shared[gazetteer] = cls(gazetteer)
        return lookup

    def __call__(self, name: str) -> tuple[Any, ...]:
        hit = self.cache.get(name)
        if hit is None:
            hit = tuple(self.gazetteer.candidates(name) or ())
            if len(self.cache) >= self.max_size:
                self.cache.clear()
            self.cache[name] = hit
        return hit


def _cue_before(text: str, start: int) -> str | None:
    m = _CUE_RE.search(text, max(0, start - 40), start)
    if not m:
        return None
    return "of" if m.group("dir") else m.group("prep").lower()


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of listed organisations: nothing inside them is a place."""
    return [m.span() for m in filters.ORGANISATION_RE.finditer(text)]


def _person_spans(
    text: str, tokens: list[Token], run_list: list[tuple[int, int]]
) -> tuple[set[int], set[str]]:
    """Token indices that belong to people's names, and the surnames seen (to catch later mentions).

    A run is a person after a title ("President", "Gen.", "spokesman"), when a given name is followed by
    another capitalised word, or when an age follows it ("Henry, 19,").
    """
    person: set[int] = set()
    surnames: set[str] = set()
    for a, b in run_list:
        start = None
        prev = tokens[a - 1] if a > 0 else None
        if prev is not None and prev.text.lower() in filters.PERSON_TITLES and not prev.cap:
            start = a
        for k in range(a, b - 1):
            low = tokens[k].text.lower()
            if low in filters.PERSON_TITLES or low in filters.FIRST_NAMES:
                start = k + 1 if low in filters.PERSON_TITLES else k
                break
        if start is None and b - a >= 2 and filters.age_follows(text, tokens[b - 1].end):
            start = a
        if start is None or start >= b:
            continue
        if tokens[start].text == "of":  # "Mayor of London"
            continue
        person.update(range(start, b))
        surnames.add(tokens[b - 1].text)
    return person, surnames


def spot(text: str, lookup: NameLookup) -> list[Spot]:
    """Find the place-name spans of ``text`` and their gazetteer candidates, in text order."""
    tokens = tokenize(text)
    run_list = runs(text, tokens)
    lower_words = {t.text for t in tokens if not t.cap}
    orgs = _masked_spans(text)
    person, surnames = _person_spans(text, tokens, run_list)
    spots: list[Spot] = []
    for a, b in run_list:
        i = a
        spans = ngram_spans(text, tokens, a, b)
        by_start: dict[int, list[int]] = {}
        for s, e in spans:
            by_start.setdefault(s, []).append(e)
        while i < b:
            found = None
            for j in by_start.get(i, ()):
                s, e = tokens[i].start, tokens[j - 1].end
                name = text[s:e]
                if j - i == 1 and _skip_single(tokens[i], lower_words):
                    continue
                cands = lookup(name)
                if cands:
                    found = (j, cands)
                    break
            if found is None:
                clitic = _arabic_proclitic(tokens[i], lookup)
                if clitic is not None:
                    spots.append(clitic)
                i += 1
                continue
            j, cands = found
            why_not = _rejected(text, tokens, i, j, b, person, surnames, orgs)
            if why_not is None:
                spots.append(_make_spot(text, tokens, i, j, cands))
            i = j
        _unresolved_run(text, tokens, a, b, spots, person, orgs, lower_words)
    spots.sort(key=lambda sp: sp.start)
    return spots


#: One-letter Arabic prefixes written joined to the next word: "and", "in/with", "for", "so", "like".
_ARABIC_PROCLITICS = "وبلفك"


def _arabic_proclitic(tok: Token, lookup: NameLookup) -> Spot | None:
    """``وحمص`` ("and Homs"): a place name behind a joined Arabic conjunction or preposition."""
    word = tok.text
    if len(word) < 4 or word[0] not in _ARABIC_PROCLITICS or not is_arabic(word):
        return None
    cands = lookup(word[1:])
    if not cands:
        return None
    return Spot(tok.start + 1, tok.end, word[1:], cands, sentence_start=tok.sentence_start)


def _skip_single(tok: Token, lower_words: set[str]) -> bool:
    """A lone word not worth looking up: a common word, a demonym, a month, or a word the text writes
    in lower case elsewhere (so its capital comes from its position)."""
    word = tok.text
    if filters.is_common_word(word) or filters.is_demonym(word) or len(word) < 2:
        return True
    if tok.sentence_start and word.lower() in lower_words:
        return True
    return word.isupper() and len(word) <= 3 and word not in _COUNTRY_CODES_IN_TEXT


#: Upper-case abbreviations that name places in news text (others, like "RSF", are organisations).
_COUNTRY_CODES_IN_TEXT = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "DPRK", "ROK", "KSA"})


def _rejected(
    text: str,
    tokens: list[Token],
    i: int,
    j: int,
    run_end: int,
    person: set[int],
    surnames: set[str],
    orgs: list[tuple[int, int]],
) -> str | None:
    """Why the hit ``tokens[i:j]`` is not a place here, or None when it is one."""
    s, e = tokens[i].start, tokens[j - 1].end
    if any(os_ < e and s < oe for os_, oe in orgs):
        return "organisation"
    if all(k in person for k in range(i, j)):
        return "person"
    if j - i == 1 and tokens[i].text in surnames and not _cue_before(text, s):
        return "person"
    if j - i == 1 and filters.age_follows(text, e):
        return "person"
    if j < run_end and tokens[j].text.lower() in _STREET_WORDS:
        return "street"
    if j - i == 1 and filters.is_demonym(tokens[i].text):
        return "demonym"
    return None


def _make_spot(text: str, tokens: list[Token], i: int, j: int, cands: tuple[Any, ...]) -> Spot:
    s, e = tokens[i].start, tokens[j - 1].end
    admin = _ADMIN_AFTER_RE.match(text, e)
    return Spot(
        start=s,
        end=e,
        text=text[s:e],
        candidates=cands,
        cue=_cue_before(text, s),
        admin_word=admin.group(1).lower() if admin else None,
        sentence_start=tokens[i].sentence_start,
    )


def _unresolved_run(
    text: str,
    tokens: list[Token],
    a: int,
    b: int,
    spots: list[Spot],
    person: set[int],
    orgs: list[tuple[int, int]],
    lower_words: set[str],
) -> None:
    """Keep an unknown run after a strong locative cue ("in Busra al-Harir") as an unresolved spot.

    When the gazetteer knew only the start of such a run ("Busra" of "Busra al-Harir"), the longer
    name replaces the partial hit, which keeps its candidates as alternatives.
    """
    s, e = tokens[a].start, tokens[b - 1].end
    cue = _cue_before(text, s)
    if cue not in STRONG_CUES or tokens[a].sentence_start or any(k in person for k in range(a, b)):
        return
    if any(os_ < e and s < oe for os_, oe in orgs):
        return
    inside = [sp for sp in spots if s <= sp.start and sp.end <= e]
    if inside and not (
        len(inside) == 1 and inside[0].start == s and _continues_arabic(text, tokens, inside[0], b)
    ):
        return
    if b - a == 1 and _skip_single(tokens[a], lower_words):
        return
    if inside:
        spots.remove(inside[0])
    prefix = inside[0].candidates if inside else ()
    spots.append(Spot(s, e, text[s:e], (), cue=cue, reason="not in the gazetteer", after={"prefix": prefix}))


def _continues_arabic(text: str, tokens: list[Token], sp: Spot, run_end: int) -> bool:
    """The hit is followed inside its run by an article and a word: "Busra" of "Busra al-Harir"."""
    k = next(k for k, t in enumerate(tokens) if t.end == sp.end) + 1
    return k + 1 < run_end + 1 and k < run_end and tokens[k].connector and text[tokens[k].end] == "-"
