"""Recognition: which capitalised runs of an article name places the gazetteer knows.

Every sub-run of up to six words is looked up (longest first, cached). A hit must be a plausible
match (an exact name; an alternate name only when long or prominent; a loose spelling variant only
after a locative cue such as "in"), and it survives only if no rule in
:mod:`geomap.geoparse.filters` says it is something else here: an organisation, a person, a demonym,
a street, a common word. A capitalised run after a strong locative cue ("in", "near", "village of")
that the gazetteer does not know is kept as an unresolved spot, so the caller can list it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from gazetteer.names import ARTICLES, normalize
from geomap.geoparse import filters
from geomap.geoparse.abbreviations import INITIALISMS, REGIONS, US_STATE_ABBREVIATIONS, US_STATES
from geomap.geoparse.recogniser import (
    FEATURES,
    STRONG_BEFORE,
    Model,
    caseless_spans,
    caseless_tokens,
    default_model,
    is_hashtag,
    span_features,
)
from geomap.geoparse.tokens import MAX_NGRAM, Token, is_arabic, joined, ngram_spans, runs, tokenize


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
    admin_word: str | None = None  # "province" in "Sweida province"
    settlement_word: str | None = None  # "camp" in "Balata camp", "village" in "Marinka village"
    cued: bool = False  # the text itself says it is a place: "in X", "X village", "X, a town in"
    reason: str | None = None  # why it has no candidates (unresolved spots only)
    prefix: tuple[Any, ...] = ()  # for an unresolved longer name: the candidates of its known start
    state: str | None = None  # US postal code written after it ("Alexandria, La.")


_CUE_RE = re.compile(
    r"(?:\b(?P<dir>(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|"
    r"southern|eastern|western|outskirts|suburbs?|village|town|city|province|governorate|district|region|"
    r"centre|center|heart|countryside|parts|area|areas|port|capital)\s+of)|\b(?P<prep>in|near|outside|around|across|"
    r"toward|towards|into|from|at|to|between|and|via|through|inside|within))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: Cues strong enough to keep an unknown capitalised run as a place, or to accept a loose match.
STRONG_CUES = frozenset({"in", "near", "outside", "inside", "around", "of"})
#: Between two names of one list: a comma, "and", "or".
_LIST_RE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
_ADMIN_AFTER_RE = re.compile(r"[ -](" + "|".join(sorted(filters.ADMIN_WORDS)) + r")\b", re.IGNORECASE)
_STATE_AFTER_RE = re.compile(
    r",\s*("
    + "|".join(re.escape(k) for k in sorted(US_STATE_ABBREVIATIONS, key=len, reverse=True))
    + r"|(?:"
    + "|".join(US_STATES)
    + r")\b(?![.'’-]))"
)
#: A dot right after a name with the sentence going on after it ("Phila. police", "W. Va., in").
_ABBREVIATION_DOT_RE = re.compile(r"\.(?=[,;)]|\s+[a-z])")
_HOLIDAY_AFTER_RE = re.compile(r"['’]s\s+Day\b")
_SAID_AFTER_RE = re.compile(r"(?:['’]s?)?\s+(?:said|says|told|added|asked|explained|noted|wrote)\b")
_AMPERSAND_RE = re.compile(r"\s*&\s*[A-Z]")
_AMPERSAND_BEFORE_RE = re.compile(r"[A-Z][\w.]*\s*&\s*$")
_PERSONAL_AFTER_RE = re.compile(r"(?:['’]s)?\s+(?:administrations?|presidency|campaign|family|dynasty)\b")
_STREET_WORDS = frozenset(
    "street st road rd avenue ave boulevard blvd drive lane ln highway hwy freeway expressway parkway "
    "pkwy court ct terrace circle plaza pike trail way".split()
)
#: Words that may precede a place name inside one capitalised run without being part of a person's name.
_MODIFIERS = filters.COMMON_WORDS | filters.ADMIN_WORDS | filters.DEMONYMS | filters.MONTHS_AND_DAYS
#: A prominent place: an alternate name alone is trusted for it, and a demonym stem must be one.
BIG_POPULATION = 100_000
#: A word that exactly names a place this large is that place, even if it looks derived.
TOWN_POPULATION = 10_000
_AREA_KINDS = frozenset({"country", "admin1"})


def match_quality(loc: Any) -> str:
    """How the gazetteer matched the name: ``name``, ``alternate`` or ``variant``."""
    raw = getattr(loc, "raw", None) or {}
    return raw.get("match", "name")


def _big(loc: Any) -> bool:
    return getattr(loc, "kind", "") in _AREA_KINDS or (getattr(loc, "population", 0) or 0) >= BIG_POPULATION


class NameLookup:
    """Cached ``gazetteer.candidates`` by exact surface form, plus initialisms and world regions."""

    _shared: weakref.WeakKeyDictionary[Any, NameLookup] = weakref.WeakKeyDictionary()

    def __init__(self, gazetteer: CandidateSource, max_size: int = 100_000, max_known: int = 200_000) -> None:
        self.gazetteer = gazetteer
        #: candidate Locations cached, counted one by one (they are heavy, and lower-case text looks up
        #: many common words with dozens of namesakes each: this bound keeps a long batch small)
        self.max_size = max_size
        self.size = 0
        self.max_known = max_known  # names known or not (booleans, cheap)
        self.cache: dict[str, tuple[Any, ...]] = {}
        self.exact: dict[str, bool] = {}  # whether the gazetteer has the name exactly (see prefetch)

    @classmethod
    def for_gazetteer(cls, gazetteer: CandidateSource) -> NameLookup:
        """One shared lookup (and cache) per gazetteer object."""
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
            hit = self._uncached(name)
            if self.size + len(hit) > self.max_size:
                self.cache.clear()
                self.size = 0
            self.cache[name] = hit
            self.size += len(hit)
        return hit

    def prefetch(self, names: Iterable[str]) -> None:
        """Learn in one bulk query which names the gazetteer lacks as an exact name or alias.

        Such names can only match as loose spelling variants, which the spotter accepts only after a
        locative cue; most capitalised n-grams of a text are such misses, and skipping their full
        look-up is what makes spotting fast. Without a bulk ``known`` method nothing is skipped.
        """
        known = getattr(self.gazetteer, "known", None)
        if known is None:
            return
        from gazetteer.names import normalize, split_admin

        keys: dict[str, str] = {}
        for name in names:
            if name in self.exact or name in self.cache:
                continue
            key = normalize(name)
            if not key or split_admin(key)[1] or key in REGIONS or name in INITIALISMS:
                self.exact[name] = True  # looked up in full: admin words, regions, initialisms
            else:
                keys[name] = key
        if keys:
            found = known(keys.values())
            if len(self.exact) >= self.max_known:
                self.exact.clear()
            self.exact.update((name, key in found) for name, key in keys.items())

    def _uncached(self, name: str) -> tuple[Any, ...]:
        region = REGIONS.get(" ".join(name.casefold().split()))
        if region is not None:
            return (region,)
        if name in US_STATE_ABBREVIATIONS and name.count(".") > 1:  # "S.C.", "N.Y."
            return self.state(US_STATE_ABBREVIATIONS[name])
        if name in INITIALISMS:
            full = self.gazetteer.candidates(INITIALISMS[name]) or ()
            return tuple(c for c in full if getattr(c, "kind", "") in ("country", "admin1", "city"))[:1]
        if name.isupper() and len(name) <= 3:
            return ()  # other initialisms are organisations ("RSF", "SDF"), not places
        return tuple(self.gazetteer.candidates(name) or ())

    def state(self, code: str) -> tuple[Any, ...]:
        """The US state with this postal code."""
        cands = self(US_STATES[code])
        return tuple(c for c in cands if getattr(c, "country_code", "") == "US" and c.kind == "admin1")[:1]


def _cue_before(text: str, start: int) -> str | None:
    m = _CUE_RE.search(text, max(0, start - 40), start)
    if not m:
        return None
    return "of" if m.group("dir") else m.group("prep").lower()


def _if_title_case(tokens: list[Token], line: list[int]) -> list[int]:
    """``line`` when most of its longer words are capitalised, else nothing."""
    long_words = [tokens[k] for k in line if len(tokens[k].text) >= 4]
    if len(long_words) >= 4 and sum(t.cap for t in long_words) >= 0.8 * len(long_words):
        return line
    return []


class _Doc:
    """Per-document facts the rules share: tokens, runs, organisation spans, people's names."""

    def __init__(self, text: str) -> None:
        self.text = text
        tokens = tokenize(text)
        #: tokens whose case says nothing (lower-case or all-caps lines, hashtags): the learned
        #: recogniser reads them (``raw_tokens``); the capital-driven rules see them as lower case
        self.caseless = caseless_tokens(text, tokens)
        self.raw_tokens = tokens
        if self.caseless:
            tokens = [
                t._replace(cap=False, connector=False) if k in self.caseless else t
                for k, t in enumerate(tokens)
            ]
        self.tokens = tokens
        self.runs = runs(text, self.tokens)
        self.lower_words = {t.text for t in self.tokens if not t.cap}
        self.orgs = [m.span() for m in filters.ORGANISATION_RE.finditer(text)]
        self.person: set[int] = set()
        self.surnames: set[str] = set()
        self._spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._cues: dict[int, str | None] = {}
        self.last_place_end: int | None = None  # where the last gazetteer hit so far ends
        self.title_case = self._title_case_tokens()
        self._find_people()

    def _title_case_tokens(self) -> set[int]:
        """Tokens of lines written in title case ("Rebels Shell Homs As Talks Stall"), where a capital
        says nothing about a name."""
        out: set[int] = set()
        line: list[int] = []
        for k, tok in enumerate(self.tokens):
            if line and "\n" in self.text[self.tokens[line[-1]].end : tok.start]:
                out.update(_if_title_case(self.tokens, line))
                line = []
            line.append(k)
        out.update(_if_title_case(self.tokens, line))
        return out

    def spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """The candidate n-grams of run ``[a, b)`` worth a look-up, longest first at each start."""
        key = (a, b)
        if key not in self._spans:
            self._spans[key] = [
                (i, j)
                for i, j in ngram_spans(self.text, self.tokens, a, b)
                if j - i > 1 or not _skip_single(self.tokens[i], self.lower_words)
            ]
        return self._spans[key]

    def after_article(self, i: int) -> bool:
        """Token ``i`` follows a hyphenated or name-joining article ("Numan" of "al-Numan", "Ain" of "Ras al Ain")."""
        prev = self.tokens[i - 1]
        return prev.connector and (
            self.text[prev.end : prev.end + 1] == "-" or prev.text in filters.SPACED_PARTICLES
        )

    def has_article(self, i: int, j: int) -> bool:
        """The span ``tokens[i:j]`` contains a hyphenated article: a transliterated Arabic name."""
        return any(self.after_article(k) for k in range(i + 1, j))

    def joined_next(self, k: int) -> bool:
        """Whether token ``k`` continues into the next token within one capitalised run."""
        return (
            k + 1 < len(self.tokens)
            and joined(self.text, self.tokens[k], self.tokens[k + 1])
            and (self.tokens[k + 1].cap or self.tokens[k + 1].connector)
        )

    def cue(self, i: int) -> str | None:
        """The locative cue before token ``i`` ("in", "of" for "north of"), cached."""
        if i not in self._cues:
            self._cues[i] = _cue_before(self.text, self.tokens[i].start)
        return self._cues[i]

    def locative_cue(self, i: int) -> str | None:
        """A strong locative cue ("in", "near", "north of") before token ``i``, not at a sentence start."""
        cue = self.cue(i)
        return cue if cue in STRONG_CUES and not self.tokens[i].sentence_start else None

    def strong_cue(self, i: int) -> str | None:
        """The cue before token ``i`` when it is strong and the word does not start a sentence; a name
        listed right after a place ("Idlib, Maarat al-Numan and Qamishli") counts as cued too."""
        cue = self.locative_cue(i)
        if cue is not None or self.tokens[i].sentence_start:
            return cue
        if self.last_place_end is not None and _LIST_RE.fullmatch(
            self.text, self.last_place_end, self.tokens[i].start
        ):
            return "list"
        return None

    def in_org(self, s: int, e: int) -> bool:
        return any(os_ < e and s < oe for os_, oe in self.orgs)

    def _find_people(self) -> None:
        """Mark runs that are people's names: after a title ("President", "Gen.", "spokesman"), a given
        name followed by another capitalised word, or a name followed by an age ("Henry, 19,")."""
        tokens = self.tokens
        for a, b in self.runs:
            start = None
            prev = tokens[a - 1] if a > 0 else None
            if (
                prev is not None
                and prev.text.lower() in filters.PERSON_TITLES
                and not prev.cap
                and self.text[prev.end : tokens[a].start] == " "
            ):
                start = a
            for k in range(a, b - 1):
                low = tokens[k].text.lower()
                if low in filters.PERSON_TITLES:
                    start = k + 1
                    break
                if low in filters.FIRST_NAMES and _name_word(tokens[k + 1]):  # not "Madison County"
                    start = k
                    break
            if start is None and b - a >= 2 and filters.age_follows(self.text, tokens[b - 1].end):
                start = a
            if start is None or start >= b or tokens[start].text == "of":  # "Mayor of London"
                continue
            # "Olin Wethington of McLean": the name ends where "of" brings in where the person lives
            end = next((k for k in range(start, b) if tokens[k].text == "of"), b)
            self.mark_person(start, end)

    def mark_person(self, i: int, j: int) -> None:
        self.person.update(range(i, j))
        self.surnames.add(self.tokens[j - 1].text)


def spot(text: str, lookup: NameLookup, model: Model | None = None) -> list[Spot]:
    """Find the place-name spans of ``text`` and their gazetteer candidates, in text order."""
    doc = _Doc(text)
    lookup.prefetch(
        text[doc.tokens[i].start : doc.tokens[j - 1].end] for a, b in doc.runs for i, j in doc.spans(a, b)
    )
    hits: list[tuple[int, int, tuple[Any, ...]]] = []
    spots: list[Spot] = []
    for a, b in doc.runs:
        run_hits = _run_hits(doc, lookup, a, b, spots)
        hits.extend(run_hits)
        unresolved = _unresolved_run(doc, a, b, run_hits)
        if unresolved is not None and not any(
            sp.start < unresolved.end and unresolved.start < sp.end for sp in spots
        ):
            hits = [h for h in hits if not (a <= h[0] < b)]
            spots.append(unresolved)
    for i, j, cands in hits:
        if _feature_follows(doc, j) or _rejected(doc, lookup, i, j, cands) is None:
            spots.append(_make_spot(doc, i, j, cands))
    if doc.caseless:
        spots.extend(_recognised(doc, lookup, model or default_model()))
    _add_states(doc, lookup, spots)
    _join_and_names(doc, lookup, spots)
    spots.sort(key=lambda sp: sp.start)
    return spots


def caseless_candidates(
    doc: _Doc, lookup: NameLookup, model: Model
) -> tuple[list[tuple[int, int, tuple[Any, ...]]], np.ndarray]:
    """The n-grams of the caseless tokens that the gazetteer knows, with their feature rows.

    Only exact names and aliases are looked up, except where a loose spelling is licensed (after
    "in" or "near", with a particle or hyphen inside, a hashtag), as in the rule-based spotter:
    most n-grams of a text are no name at all, and a spelling-variant look-up is what costs.
    """
    text, tokens = doc.text, doc.raw_tokens
    spans = caseless_spans(text, tokens, doc.caseless)
    names = [text[tokens[i].start : tokens[j - 1].end] for i, j in spans]
    lookup.prefetch(names)
    found: list[tuple[int, int, tuple[Any, ...]]] = []
    for (i, j), name in zip(spans, names, strict=True):
        if lookup.exact.get(name) is False and not (_licensed_single(doc, i) or _transliterated(name)):
            continue
        if j - i == 1 and model.common_word(name) and not _licensed_single(doc, i):
            continue  # "are", "do", "gang": an ordinary word alone is no place without a cue or a hashtag
        cands = lookup(name)
        if cands:
            found.append((i, j, cands))
    multi = [(i, j) for i, j, _ in found if j - i > 1]
    ends = {j for _, j, _ in found}
    rows = [
        span_features(
            text,
            tokens,
            i,
            j,
            cands,
            model,
            inside_longer=any(a <= i and j <= b and b - a > j - i for a, b in multi),
            listed=_listed_after(doc, i, ends),
        )
        for i, j, cands in found
    ]
    return found, np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))


def _listed_after(doc: _Doc, i: int, ends: set[int]) -> bool:
    """Token ``i`` follows "and", "or" or a comma right after another known name ("amuda and derik")."""
    tokens, text = doc.raw_tokens, doc.text
    if i >= 2 and tokens[i - 1].text.casefold() in ("and", "or") and (i - 1) in ends:
        return True
    return i >= 1 and i in ends and text[tokens[i - 1].end : tokens[i].start].strip() == ","


def _licensed_single(doc: _Doc, i: int) -> bool:
    return is_hashtag(doc.text, doc.raw_tokens[i]) or _word_before(doc, i) in STRONG_BEFORE


def _transliterated(name: str) -> bool:
    """A name with a hyphen or an Arabic particle inside ("deir ez-zor", "ras al ain")."""
    words = name.casefold().replace("-", " ").split()
    return "-" in name or any(w in filters.SPACED_PARTICLES for w in words[1:-1])


def _word_before(doc: _Doc, i: int) -> str:
    if i == 0 or doc.text[doc.raw_tokens[i - 1].end : doc.raw_tokens[i].start] != " ":
        return ""
    return doc.raw_tokens[i - 1].text.casefold()


def _recognised(doc: _Doc, lookup: NameLookup, model: Model) -> list[Spot]:
    """Spots the learned recogniser accepts among the caseless tokens: at each word the longest
    known n-gram whose probability reaches the model's threshold, then on after it."""
    found, rows = caseless_candidates(doc, lookup, model)
    if not found:
        return []
    prob = model.probability(rows)
    out: list[Spot] = []
    taken_until = -1
    for (i, j, cands), p in zip(found, prob, strict=True):
        if i < taken_until or p < model.threshold:
            continue
        s, e = doc.raw_tokens[i].start, doc.raw_tokens[j - 1].end
        if doc.in_org(s, e):
            continue
        out.append(Spot(s, e, doc.text[s:e], _plausible_caseless(cands), cued=True))  # the model's call
        taken_until = j
    return out


def _plausible_caseless(cands: tuple[Any, ...]) -> tuple[Any, ...]:
    """Exact names first: an alias or a loose spelling only where no place has the name itself."""
    names = tuple(c for c in cands if match_quality(c) == "name")
    alternates = tuple(c for c in cands if match_quality(c) == "alternate" and _big(c))
    return names + alternates if names else cands


def _join_and_names(doc: _Doc, lookup: NameLookup, spots: list[Spot]) -> None:
    """``Bosnia and Herzegovina``, ``Trinidad and Tobago``: two capitalised runs joined by "and" that
    together are exactly the name of a country or an admin area are one place, not two."""
    tokens, text = doc.tokens, doc.text
    run_of = {a: (a, b) for a, b in doc.runs}
    for a, b in doc.runs:
        if b + 1 >= len(tokens) or tokens[b].text != "and" or (b + 1) not in run_of:
            continue
        c, d = run_of[b + 1]
        if text[tokens[b - 1].end : tokens[b].start] != " " or text[tokens[b].end : tokens[c].start] != " ":
            continue
        for i in range(a, b):
            for j in range(min(d, c + MAX_NGRAM), c, -1):
                name = text[tokens[i].start : tokens[j - 1].end]
                cands = tuple(
                    cand
                    for cand in lookup(name)
                    if match_quality(cand) in ("name", "alternate")
                    and getattr(cand, "kind", "") in _AREA_KINDS | {"admin2"}
                )
                if cands:
                    s, e = tokens[i].start, tokens[j - 1].end
                    spots[:] = [sp for sp in spots if not (sp.start < e and s < sp.end)]
                    spots.append(Spot(s, e, name, cands))
                    break
            else:
                continue
            break


def _run_hits(
    doc: _Doc, lookup: NameLookup, a: int, b: int, spots: list[Spot]
) -> list[tuple[int, int, tuple]]:
    """Greedy longest plausible gazetteer matches inside one run, as ``(i, j, candidates)``.

    Inside a run, a name written right after another capitalised word is part of a longer name:
    a person's ("Raquel Henry", "Tim Pawlenty", recorded as a surname) after a space, a company's
    ("Wal-Mart") after a hyphen. So is a small place's name followed by a capitalised word that is
    no place word ("Titan Operating", "Webb Center"); a prominent place keeps its embedded mention
    ("Ohio State University").
    """
    tokens, text = doc.tokens, doc.text
    by_start: dict[int, list[int]] = {}
    for s, e in doc.spans(a, b):
        by_start.setdefault(s, []).append(e)
    out: list[tuple[int, int, tuple]] = []
    i = a
    while i < b:
        found = None
        after_article = i > a and doc.after_article(i)  # "Numan" of "al-Numan" is no name alone
        for j in () if after_article else by_start.get(i, ()):
            name = text[tokens[i].start : tokens[j - 1].end]
            exact = lookup.exact.get(name)  # None: unknown (no bulk check)
            loose = exact is not True and _loose(doc, i, j, name)
            if exact is False and not loose:
                continue  # only a loose variant could match, and nothing here licenses one
            cands = _plausible(doc, i, j, lookup(name), loose)
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
        prev_hit = out[-1] if out and out[-1][1] == i else None
        big = any(_big(c) for c in cands)
        # after a given name only a country or a populous place stays a place ("Dewly Nelson" is a
        # person though New Zealand has a Nelson region)
        # (by an exact name: "Bak" of "Sulayman Bak" is no alias of Baku here)
        populous = any(
            match_quality(c) == "name"
            and (getattr(c, "kind", "") == "country" or (getattr(c, "population", 0) or 0) >= BIG_POPULATION)
            for c in cands
        )
        if i > a and not populous and _name_before(doc, i - 1, prev_hit):
            if prev_hit is not None:
                out.pop()
            if text[tokens[i - 1].end : tokens[i].start] == " ":
                doc.mark_person(prev_hit[0] if prev_hit else i - 1, j)
        elif j < b and j - i == 1 and not big and _name_word(tokens[j]):
            pass  # "Titan Operating": part of a longer name
        else:
            out.append((i, j, cands))
            doc.last_place_end = tokens[j - 1].end
        i = j
    return out


def _loose(doc: _Doc, i: int, j: int, name: str) -> bool:
    """Whether a loose (spelling-variant) match is licensed for ``tokens[i:j]``."""
    return is_arabic(name) or doc.strong_cue(i) is not None or doc.has_article(i, j)


def _name_word(tok: Token) -> bool:
    """A capitalised word that is neither a place word nor a modifier: part of a personal or company name."""
    low = tok.text.lower()
    return (
        tok.cap
        and not tok.connector
        and low not in _MODIFIERS
        and low not in filters.ORG_WORDS
        and low not in filters.FACILITY_WORDS
        and not is_arabic(tok.text)
    )


def _name_before(doc: _Doc, k: int, prev_hit: tuple[int, int, tuple] | None) -> bool:
    """Whether token ``k`` (just before a hit) makes the hit the second part of a longer name."""
    prev = doc.tokens[k]
    if prev.sentence_start or not _name_word(prev):
        return False
    if prev_hit is not None and (prev_hit[1] - prev_hit[0] > 1 or any(_big(c) for c in prev_hit[2])):
        return False
    return doc.text[prev.end : doc.tokens[k + 1].start] in (" ", "-")


def _user_declared(cands: tuple[Any, ...]) -> bool:
    """Whether a user place file names this span: the analyst's own places (checkpoints, bases,
    ministries) outrank the word rules that would read them as organisations or people."""
    return any(getattr(c, "source", None) == "user" for c in cands)


def _namesake_seat(cand: Any, names: list[Any]) -> bool:
    """A town matched by another spelling inside an admin area exactly so named: "Daraa" is the
    governorate's name and an alternate name of its seat, and a bare mention usually means the town."""
    return getattr(cand, "kind", "") == "city" and any(
        getattr(n, "kind", "") in _AREA_KINDS
        and n.country_code == cand.country_code
        and normalize(str(n.admin1 or n.name)) == normalize(str(cand.admin1 or ""))
        for n in names
    )


def _plausible(doc: _Doc, i: int, j: int, cands: tuple[Any, ...], loose: bool) -> tuple[Any, ...]:
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
    names = [c for c in cands if match_quality(c) == "name"]
    alternates = [c for c in cands if match_quality(c) == "alternate"]
    multi = j - i > 1
    last = tokens[j - 1].text.lower()
    if (
        multi
        and doc.joined_next(j - 1)
        and (
            last in filters.ORG_WORDS
            or (
                (last in _MODIFIERS or last in filters.FACILITY_WORDS)
                and tokens[j].text.lower() in filters.ORG_WORDS
            )
        )
    ):
        return ()  # "Dublin City Council", "Ohio State University": the place is the first part
    words = [tokens[k].text.lower() for k in range(i, j)]
    if (
        multi
        and not any(_big(c) for c in cands)
        and any(w in filters.ORG_WORDS for w in words)
        and all(w in _MODIFIERS or w in filters.ORG_WORDS or w in filters.CONNECTORS for w in words)
    ):
        return ()  # "Police Department", "District Court": common words that some place is named
    if multi:
        edge_common = any(
            tokens[k].text.lower() in filters.COMMON_WORDS or tokens[k].text.lower() in filters.PERSON_TITLES
            for k in (i, j - 1)
        )
        if edge_common and not names and not any(_big(c) for c in alternates):  # "Great Britain"
            return ()
    if names:
        keep = [c for c in alternates if _big(c) or _namesake_seat(c, names)]
        if all(getattr(c, "source", "") == "wof" and not c.population for c in names):
            # villages of unknown size do not hide a big town spelled otherwise ("Qamishli", "Al Qamishli")
            keep += [c for c in cands if match_quality(c) == "variant" and _big(c)]
        return tuple(names + keep)
    cue = doc.locative_cue(i)
    if alternates:
        if multi or cue or (len(word) >= 4 and any(_big(c) for c in alternates) and not _common(word)):
            return tuple(alternates)
        areas = tuple(c for c in alternates if getattr(c, "kind", "") in _AREA_KINDS)
        if areas and doc.strong_cue(i) and _ABBREVIATION_DOT_RE.match(doc.text, tokens[j - 1].end):
            return areas  # "Regina, Sask., ...": an area's abbreviation listed after a place
        return ()
    return tuple(c for c in cands if _same_words(word, c)) if loose else ()


def _same_words(word: str, loc: Any) -> bool:
    """A loose spelling keeps the name's words: "Ras al-Ain" may be "Ra's al 'Ayn", never "Ryazan"."""
    if match_quality(loc) != "variant":
        return True
    return _content_words(word) == _content_words(str(getattr(loc, "name", "")))


def _content_words(name: str) -> int:
    return sum(1 for w in normalize(name).split() if w not in ARTICLES and w not in _PARTICLES)


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
    return Spot(tok.start + 1, tok.end, word[1:], cands)


def _skip_single(tok: Token, lower_words: set[str]) -> bool:
    """A lone word not worth looking up: a common word, a demonym, a title, a month, or a word the text
    writes in lower case elsewhere (so its capital comes from its position)."""
    low = tok.text.lower()
    if (
        len(low) < 2
        or filters.is_common_word(low)
        or low in filters.DEMONYMS
        or low in filters.PERSON_TITLES
        or low in filters.FACILITY_WORDS
        or low in filters.ADMIN_WORDS
    ):
        return True
    return tok.sentence_start and low in lower_words


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
    if getattr(loc, "kind", "") in _AREA_KINDS:
        return quality != "variant"
    return quality == "name" and (getattr(loc, "population", 0) or 0) >= 1_000_000


def _rejected(doc: _Doc, lookup: NameLookup, i: int, j: int, cands: tuple[Any, ...]) -> str | None:
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
    if single and tokens[i].text.casefold() in _PARTICLES:
        return "particle"  # "Al" of "Al-Hedoud" is the Arabic article, not Alabama; a lone "El", "De"
    if (
        single
        and not any(_big(c) for c in cands if match_quality(c) != "variant")
        and _common(tokens[i].text)
        and doc.locative_cue(i) is None
        and not _DESCRIBED_RE.match(text, e)
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
    if single and not any(_big(c) for c in cands) and _PERSONAL_AFTER_RE.match(text, e):
        return "person"  # "the Bush administration"
    if single and not any(_big(c) for c in cands):
        if i in doc.title_case and doc.locative_cue(i) is None and not _PLACE_COMMA_RE.match(text, e):
            return "title case"  # "Talks Stall": every word is capitalised in a headline
        if _SAID_AFTER_RE.match(text, e):
            return "person"  # "Anderson said": a small town does not speak
        low = tokens[i].text.lower()
        if low in filters.FIRST_NAMES:
            return "person"  # "Eva", "Manuel": a given name before it names a small place
        if low in filters.SURNAMES and doc.locative_cue(i) is None:
            return "person"  # "Johnson", "Scott": a family name, unless the text places it
    return None


_PARTICLES = filters.CONNECTORS | filters.HYPHEN_CONNECTORS
_SETTLEMENT_AFTER_RE = re.compile(r"[ -](village|town|camp|refugee camp|countryside|outskirts)\b")


#: "Stall, a village in the Alps", "Balata camp": the text itself says the word names a place.
_DESCRIBED_RE = re.compile(
    r"(?:,\s+(?:an?|the)\s+(?:\w+\s+)?(?:village|town|city|hamlet|suburb|district|county|region|province)\b"
    r"|[ -](?:village|town|camp|countryside|outskirts)\b)"
)


#: A verb of conflict reporting right before a name, which says the name is a place: "entered Ras al-Ain".
_ACTION_BEFORE_RE = re.compile(
    r"\b(?:entered|captured|recaptured|shelled|struck|stormed|seized|attacked|besieged|bombed|raided|"
    r"targeted|overran|liberated|encircled|hit|reached|fled|evacuated)\s+(?:the\s+(?:town|village|city|camp)\s+of\s+)?$"
)


def _settlement_after(text: str, end: int) -> str | None:
    """The settlement word written after a name ("Balata camp", "Tal Abyad countryside"), if any."""
    m = _SETTLEMENT_AFTER_RE.match(text, end)
    return m.group(1) if m else None


#: "Reston, Virginia": a name followed by a comma and another capitalised name (its containing area).
_PLACE_COMMA_RE = re.compile(r",\s+[A-Z]")


def _common(word: str) -> bool:
    """An ordinary English word by the recogniser's casing lexicon ("gang", "do", "are", "table")."""
    return default_model().common_word(word)


def _feature_follows(doc: _Doc, j: int) -> bool:
    """Token ``j`` is a feature word that makes the name before it a longer place name ("Catawba
    River", "Hamilton Township"): a place whatever the rules would say of the name alone."""
    return (
        0 < j < len(doc.tokens)
        and doc.tokens[j].text in filters.FEATURE_SUFFIXES
        and doc.text[doc.tokens[j - 1].end : doc.tokens[j].start] == " "
    )


def _abbreviated(word: str, cands: tuple[Any, ...]) -> bool:
    """``word`` shortens the names of the places it may denote ("Va" of Virginia, "Phila" of
    Philadelphia), rather than being the last word of one of them ("Paris")."""
    low = word.casefold()
    return not any(str(getattr(c, "name", "")).casefold().split()[-1:] == [low] for c in cands)


def _make_spot(doc: _Doc, i: int, j: int, cands: tuple[Any, ...]) -> Spot:
    """A spot for tokens ``[i, j)``, taking in a feature word written after the name.

    The longer name is the toponym. A settlement ("Hamilton Township") is looked for among the towns
    and districts the name itself denotes; a natural feature ("Catawba River") or a settlement named
    after an area ("Tennessee Colony") is none of the places the name denotes, so it is listed
    unresolved, with those places as its known start.
    """
    s, e = doc.tokens[i].start, doc.tokens[j - 1].end
    admin = _ADMIN_AFTER_RE.match(doc.text, e)
    if _feature_follows(doc, j):
        e = doc.tokens[j].end
        if not admin:
            small = ()
            if doc.tokens[j].text in filters.SETTLEMENT_SUFFIXES:
                small = tuple(c for c in cands if getattr(c, "kind", "") not in _AREA_KINDS)
            if not small:
                return Spot(s, e, doc.text[s:e], (), reason="not in the gazetteer", prefix=cands)
            cands = small
    elif _ABBREVIATION_DOT_RE.match(doc.text, e) and _abbreviated(doc.tokens[j - 1].text, cands):
        e += 1  # "W. Va., last year": a dot the sentence goes on after belongs to the abbreviation
    return Spot(
        start=s,
        end=e,
        text=doc.text[s:e],
        candidates=cands,
        admin_word=admin.group(1).lower() if admin else None,
        settlement_word=_settlement_after(doc.text, e),
        cued=doc.strong_cue(i) is not None
        or bool(admin)
        or bool(_DESCRIBED_RE.match(doc.text, e))
        or bool(_ACTION_BEFORE_RE.search(doc.text, max(0, s - 30), s)),
    )


def _add_states(doc: _Doc, lookup: NameLookup, spots: list[Spot]) -> None:
    """``Alexandria, La.``: the abbreviated state is a mention too, and tells where the town is."""
    for sp in list(spots):
        m = _STATE_AFTER_RE.match(doc.text, sp.end)
        if not m:
            continue
        written = m.group(1)
        code = US_STATE_ABBREVIATIONS.get(written, written)
        sp.state = code
        if written in US_STATE_ABBREVIATIONS:
            cands = lookup.state(code)
            if cands:
                spots[:] = [other for other in spots if other.start != m.start(1)]  # "Calif" without its dot
                spots.append(Spot(m.start(1), m.end(1), written, cands))


def _unresolved_run(doc: _Doc, a: int, b: int, run_hits: list[tuple[int, int, tuple]]) -> Spot | None:
    """An unknown run after a strong locative cue ("in Busra al-Harir") or before a settlement word
    ("Adan Yabaal village"), as an unresolved spot.

    When the gazetteer knew only the start of such a run ("Busra" of "Busra al-Harir"), the longer
    name replaces the partial hit, whose candidates become its ``prefix``.
    """
    tokens, text = doc.tokens, doc.text
    s, e = tokens[a].start, tokens[b - 1].end
    settlement = _settlement_after(text, e) is not None
    if (
        not (settlement or doc.strong_cue(a) is not None)
        or any(k in doc.person for k in range(a, b))
        or doc.in_org(s, e)
    ):
        return None
    if b - a == 1 and (_skip_single(tokens[a], doc.lower_words) or tokens[a].text.isupper()):
        return None
    prefix: tuple[Any, ...] = ()
    if run_hits:
        if len(run_hits) > 1 or run_hits[0][0] != a:
            return None
        k = run_hits[0][1]
        hyphenated = k < b and tokens[k].connector and text[tokens[k].end : tokens[k].end + 1] == "-"
        if not (hyphenated or (settlement and k < b)):  # "Adan Yabaal town": the whole run is the name
            return None
        prefix = run_hits[0][2]
    if all(t.text.lower() in _MODIFIERS for t in tokens[a:b]):
        return None
    return Spot(s, e, text[s:e], (), reason="not in the gazetteer", prefix=prefix)
