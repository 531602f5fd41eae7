"""Gazetteer look-ups for the spotter: cached candidates by surface form, initialisms, world regions.

The spotter looks up every capitalised n-gram of a text; most are no name at all. :class:`NameLookup`
caches what the gazetteer answers, learns in one bulk query which names it lacks, and answers the
names a gazetteer does not hold itself ("U.S.", "N.Y.", "the Sahel").
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from geomap.geoparse.abbreviations import INITIALISMS, REGIONS, US_STATE_ABBREVIATIONS, US_STATES


class CandidateSource(Protocol):
    """What the spotter needs from a gazetteer: every place a name could denote."""

    def candidates(self, name: str) -> Sequence[Any]: ...


#: A prominent place: an alternate name alone is trusted for it, and a demonym stem must be one.
BIG_POPULATION = 100_000
#: A word that exactly names a place this large is that place, even if it looks derived.
TOWN_POPULATION = 10_000
AREA_KINDS = frozenset({"country", "admin1"})


def match_quality(loc: Any) -> str:
    """How the gazetteer matched the name: ``name``, ``alternate`` or ``variant``."""
    raw = getattr(loc, "raw", None) or {}
    return raw.get("match", "name")


def is_big(loc: Any) -> bool:
    return getattr(loc, "kind", "") in AREA_KINDS or (getattr(loc, "population", 0) or 0) >= BIG_POPULATION


def outranks_a_person(loc: Any) -> bool:
    """A place prominent enough that a lone word naming it stays a place where the text reads it as
    someone's name: a big one, but not a county or district matched by its bare name ("Scott",
    "Johnson", "Polk" of Scott, Johnson and Polk counties, found without their word "County", are
    people far more often than counties)."""
    if not is_big(loc):
        return False
    if getattr(loc, "kind", "") != "admin2":
        return True
    return not _AREA_WORD_RE.search(str(getattr(loc, "name", "")))


#: The word of a county's own name ("Johnson County", "County Tipperary", "Orleans Parish").
_AREA_WORD_RE = re.compile(r"\b(?:County|Parish|Borough|District|Municipality)\b", re.IGNORECASE)


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
