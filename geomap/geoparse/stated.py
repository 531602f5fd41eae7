"""Countries the text states for one name: "the Syrian town of Sheikh Meskin", "the Somali town of Bur Hakaba".

Wires and monitors name a small place with its country's demonym and a settlement or admin word before
it. That statement frames the one name as a caller's country frames a whole text: only its places inside
that country count, matched there loosely (Bur Hakaba = Buurhakaba) when none of its world-wide
candidates lies inside, and the country counts as named by the text. The demonym itself is then an
adjective, not a place, even where caseless text made it look like one ("the iraqi town of yusufiyah").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from geomap.geoparse.filters import is_demonym
from geomap.geoparse.lookup import NameLookup, match_quality
from geomap.geoparse.spotter import Spot

#: "<demonym> [modifiers] <place word> of [the]" right before a name.
_STATED_RE = re.compile(
    r"\b(?P<demonym>[^\W\d_]+)\s+"
    r"(?:(?:(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?|central|"
    r"border|frontline|front-line|coastal|port|desert|mountain|oasis|oil|market|farming|provincial|regional|"
    r"small|remote|key|strategic|besieged|embattled|rebel-held|government-held|opposition-held)\s+)*"
    r"(?:town|city|village|hamlet|settlement|district|province|governorate|region|state|county|camp|"
    r"refugee camp|port|capital|suburb|neighbou?rhood|enclave|stronghold|municipality|locality|area)s?"
    r"\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)

#: A capitalised word or a hyphen right before the demonym makes a compound one.
_COMPOUND_RE = re.compile(r"(?:[A-Z][\w'’]*\s+|-)$")


def demonym_country(word: str, lookup: NameLookup) -> str | None:
    """The country code a nationality word names ("Somali" -> SO), or None (also for "Druze", "Arab")."""
    if not is_demonym(word):
        return None
    country = next(
        (c for c in lookup(word) if match_quality(c) == "demonym" and getattr(c, "kind", "") == "country"),
        None,
    )
    return None if country is None else country.country_code


def stated_countries(
    text: str, spots: Sequence[Spot], lookup: NameLookup
) -> tuple[list[Spot], dict[int, str]]:
    """The spots without the demonyms that only describe a stated place, and for each remaining spot
    (index into that list) the country the text states for it."""
    stated: dict[int, str] = {}
    adjectives: set[tuple[int, int]] = set()
    for sp in spots:
        m = _STATED_RE.search(text, max(0, sp.start - 80), sp.start)
        if m is None or _COMPOUND_RE.search(text, max(0, m.start() - 20), m.start()):
            continue  # "Northern Irish", "South Sudanese": the word alone names another country
        cc = demonym_country(m.group("demonym"), lookup)
        if cc is not None:
            stated[sp.start] = cc
            adjectives.add(m.span("demonym"))
    kept = [sp for sp in spots if (sp.start, sp.end) not in adjectives]
    return kept, {n: stated[sp.start] for n, sp in enumerate(kept) if sp.start in stated}


def in_stated_country(sp: Spot, cc: str, inside: Any) -> Spot:
    """``sp`` with only its candidates inside ``cc``; when it has none there, the places ``inside(name, cc)``
    finds by a looser spelling; no candidates (unresolved, with the reason) when neither has any."""
    found = tuple(c for c in sp.candidates if getattr(c, "country_code", None) == cc)
    if not found and inside is not None:
        found = tuple(inside(sp.text, cc))
    reason = None if found else f"not in the gazetteer inside {cc}, the country the text states for it"
    return replace(sp, candidates=found, cued=True, reason=reason)
