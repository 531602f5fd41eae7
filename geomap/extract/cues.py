"""Reading a place mention's cue from the words around it.

A sentence names places for many reasons: where something happened ("clashes in Sweida"), where it
was going ("on its way to Sweida"), who spoke ("officials in Ankara said"), who brokered or was asked
("brokered by the United States", "asked Turkey"). :func:`read_cues` reads each mention's :class:`Cue`
(its role, precision and whether it contains a neighbouring mention) from the words around it;
:mod:`geomap.extract.place` then chooses the event's place from the cues.

Mentions are any objects with ``start``, ``end`` (offsets into the article), ``text`` and ``kind``
(``city``, ``admin1``, ``admin2``, ``country``, ``other`` or None), so the geoparser's ``Mention`` fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Cues that make a mention context rather than an event place, best fallback first.
CONTEXT_CUES = ("speaker", "dateline", "addressee", "party", "broker", "actor")

QUAL = r"(?:(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?|central|downtown|greater|rural|occupied|besieged|restive|neighbou?ring|nearby)"
GEO_NOUN = r"(?:village|town|city|capital|province|governorate|region|district|area|outskirts|suburbs?|neighbou?rhood|countryside|camp|port|border|state|county|municipality|heart|centre|center|streets?|parts?|south|north|east|west)"
NEAR = r"(?:near|outside|around|close\s+to|outskirts\s+of|vicinity\s+of|between|(?:the\s+)?(?:\w+ern\s+)?(?:edges?|entrance|gates?|periphery|fringes?)\s+(?:of|to)|on\s+the\s+(?:\w+ern\s+)?(?:edge|outskirts|fringes?)\s+of|(?:the\s+)?road\s+(?:to|from|between|linking)|highway\s+(?:to|from|between|linking)|(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of)"
_TAIL = rf"(?:the\s+)?(?:(?:[\w'-]+\s+){{0,3}}?{GEO_NOUN},?\s+(?:of\s+(?:the\s+)?)?)?(?:[a-z][\w-]*\s+){{0,2}}?(?:{QUAL}\s+)*$"
_PREP = re.compile(
    rf"\b(?P<prep>{NEAR}|on\s+(?:its|their|his|her|the)\s+way\s+to|en\s+route\s+to|bound\s+for|heading\s+(?:to|for|toward|towards)|headed\s+(?:to|for|toward|towards)|in|at|inside|within|throughout|across|on|over|off|from|to|into|toward|towards|via|through)\s+{_TAIL}",
    re.IGNORECASE,
)
_PREP_WORD = re.compile(
    r"\b(?:near|outside|around|close|outskirts|vicinity|between|edges?|entrance|gates?|periphery|fringes?|road|highway|\d+\s*(?:km|kilometers|kilometres|miles)|north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western|on|en|bound|heading|headed|in|at|inside|within|throughout|across|over|off|from|to|into|toward|towards|via|through)\b",
    re.IGNORECASE,
)
EXACT_BEFORE = re.compile(
    r"\b(?:villages?|towns?|city|cities|neighbou?rhoods?|camps?|hamlets?)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
#: The words of a district-sized area: DR Congo's territories, Nigeria's LGAs, Myanmar's townships,
#: Ethiopia's woredas, Mali's cercles.
_DISTRICT_LEVEL = (
    r"district|county|countryside|territory|lga|local government area|sub-?district|township|woreda|cercle|commune"
)
AREA_AFTER = re.compile(
    rf"^\s+(?:province|governorate|region|state|oblast|prefecture|department|{_DISTRICT_LEVEL})\b", re.IGNORECASE
)
_DISTRICT_WORDS = rf"\s+(?:{_DISTRICT_LEVEL}|area)\b"
_DISTRICT_AFTER = re.compile(rf"^{_DISTRICT_WORDS}", re.IGNORECASE)
#: A mention that ends in such a word ("Myinmu Township"), written as part of its name.
_DISTRICT_NAMED = re.compile(rf"{_DISTRICT_WORDS}$", re.IGNORECASE)
SPEECH = r"(?:said|says|say|told|tells|announced|announces|reported|reports|stated|claimed|claims|confirmed|denied|denies|warned|added|justified|accused|condemned|vowed|threatened|demanded|insisted|rejected|welcomed|urged)"
_SPEAKER_AFTER = re.compile(
    rf"^(?:['\u2019]s\s+\w+(?:\s+\w+)?\s+|\s+(?:officials?|authorities|government|military|ministry|army|police|media)\s+)?(?:\s*(?:has|have|had|also|later|on\s+\w+)\s+)*\s*{SPEECH}\b",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:officials?|authorities|spokes(?:man|woman|person|men)|sources?|ministry|government|diplomats?|embassy|media|agency|witnesses|observers?|monitors?|analysts?|officers?|correspondents?|reporters?|negotiators?)\s+(?:[\w'-]+\s+){0,3}?(?:in|at|from|based\s+in)\s+(?:the\s+)?$"
    r"|\baccording\s+to\s+(?:[\w'-]+\s+){0,5}?(?:in|from|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEECH_LATER = re.compile(rf"[^.;:]*?\b{SPEECH}\b", re.IGNORECASE)
_BROKER_BEFORE = re.compile(
    r"\b(?:brokered|mediated|hosted|sponsored|facilitated|negotiated|guaranteed)\s+by\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BROKER_AFTER = re.compile(r"^-?(?:brokered|mediated|sponsored|backed|led)\b", re.IGNORECASE)
_ADDRESSEE_BEFORE = re.compile(
    r"\b(?:ask(?:ed|s|ing)?|request(?:ed|s|ing)?|urg(?:ed|es|ing)|appeal(?:ed|s|ing)?\s+to|call(?:ed|s|ing)?\s+on|turn(?:ed|s|ing)?\s+to|pleaded\s+with|help\s+from|support\s+from|assistance\s+from|aid\s+from|envoy\s+to|ambassador\s+to|talks\s+with|agreement\s+with|deal\s+with|pact\s+with|relations\s+with|ties\s+with|visit\s+to|visited|warned|accused|blamed)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PARTY_BEFORE = re.compile(
    r"\bbetween\s+(?:the\s+)?$|\bbetween\s+(?:the\s+)?[\w' .-]{2,40}?\s+and\s+(?:the\s+)?$", re.IGNORECASE
)
_ACTOR_BEFORE = re.compile(
    r"\b(?:government|president|prime\s+minister|minister|ministry|king|people|forces|army|military|embassy|leader|leadership|parliament|republic|news\s+agency|citizens?|nationals?)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ACTOR_AFTER = re.compile(
    r"^(?:['\u2019]s\b|-based\b|\s+(?:government|forces|army|troops|officials|authorities|police|military|president|leader|minister|prime\s+minister|foreign\s+ministry|defen[cs]e\s+ministry|state\s+media|embassy|envoy)\b)",
    re.IGNORECASE,
)
_GEO_POSSESSIVE = re.compile(
    rf"^['\u2019]s\s+(?:[\w-]+\s+)?(?:{GEO_NOUN}|coast|border|interior|capital|mountains|desert)\b",
    re.IGNORECASE,
)
_SUBJECT_AFTER = re.compile(
    r"^\s+(?:(?:has|have|had|also|will|would|could|has\s+long|strongly|then|later|now)\s+)*[a-z]+(?:s|ed)\b(?<!\bas)"
)
_DATELINE_AFTER = re.compile(r"^(?:,\s+[A-Z][\w ]*)?\s*(?::|\(|\u2014|\u2013|--)")
CLAUSE_BREAK = re.compile(
    r";|\s[\u2014\u2013]\s|\s--\s|,\s+(?:which|who|where|while|whereas|but|as|after|before|when|although|though|and\s+then)\b"
    rf"|\b{SPEECH}\b"
)
_REFERENCE_GAP = re.compile(
    r"^(?:\s+\w+)?,\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+)?(?:[\w-]+\s+(?:miles?|km|kilometers|kilometres)\s+(?:\([^)]*\)\s+)?)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OUTER_FIRST_GAP = re.compile(
    r"^(?:['\u2019]s\s+(?:[\w-]+\s+){0,2}?\w+|\s+(?:[\w-]+\s+){0,2}?(?:towns?|city|cities|villages?|capital|port|camps?|state))\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_GAP = re.compile(
    r"^['\u2019]s?\s+(?:[\w-]+,?\s+){0,5}?(?:(?:of|in)\s+)?(?:the\s+)?$", re.IGNORECASE
)
_INNER_FIRST_GAP = re.compile(
    r"^\s+(?:area|district|neighbou?rhood|suburb|outskirts|quarter|region|province|governorate|county|countryside)\s+(?:of|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CONTAIN_GAP = re.compile(r"^(?:\s+(?:village|town|camp|hamlet|locality))?(?:,\s*(?:in\s+)?|\s+in\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?)$", re.IGNORECASE)

_LOCATIVE = {"in", "at", "inside", "within"}
_WEAK_LOCATIVE = {"throughout", "across", "on", "over", "off"}
_DESTINATION = {"to", "into", "toward", "towards", "via", "through"}


@dataclass(frozen=True)
class Cue:
    """What the words around a mention say about it.

    ``role`` is ``locative`` (in/at/near X), ``weak_locative`` (on/over/across X), ``origin``
    (from X), ``destination`` (to/toward X), ``bare`` (no preposition), or one of :data:`CONTEXT_CUES`. ``precision`` is ACLED geo_precision
    as the words suggest it: 1 town or exact, 2 near/around or a district, 3 a province or region;
    ``area`` is True when the words name an admin area ("Sweida province").
    """

    role: str
    precision: int
    area: bool = False
    container_of: int | None = None


def mention_kind(mention: Any) -> str | None:
    return getattr(mention, "kind", None)


#: GeoNames feature codes of regions with no admin level (Eastern Ghouta, Darfur, the Sahel): precision 3.
_REGION_CODES = frozenset({"RGN", "CONT", "OCN", "SEA", "GULF"})


def _precision_for(mention: Any, near: bool, exact: bool, area: bool, district: bool) -> int:
    kind = mention_kind(mention)
    if area or kind in ("admin1", "country") or getattr(mention, "feature_code", None) in _REGION_CODES:
        return 3
    if near or district or kind == "admin2":
        return 2
    return 1 if exact or kind in ("city", "other", None) else 2


def last_preposition(before: str) -> re.Match[str] | None:
    """The preposition phrase that ends right before a mention, the closest one if several could."""
    for start in sorted((m.start() for m in _PREP_WORD.finditer(before)), reverse=True):
        found = _PREP.match(before, start)
        if found:
            return found
    return None


def read_cues(text: str, sentence_start: int, sentence_end: int, mentions: Sequence[Any]) -> list[Cue]:
    """The cue of each mention (all within one sentence of ``text``), in the order given."""
    cues: list[Cue] = []
    for m in mentions:
        before = text[max(sentence_start, m.start - 90) : m.start]
        after = text[m.end : min(sentence_end, m.end + 60)]
        prep_match = last_preposition(before)
        prep = " ".join(prep_match.group("prep").lower().split()) if prep_match else ""
        near = bool(prep_match and re.fullmatch(NEAR, prep, re.IGNORECASE))
        exact = bool(EXACT_BEFORE.search(before))
        area = bool(AREA_AFTER.match(after))  # said in words: "Sweida province"
        district = bool(_DISTRICT_AFTER.match(after))
        precision = _precision_for(m, near, exact, area and not district, district)
        role = _context_role(text, sentence_start, sentence_end, m, before, after, prep)
        if role is None:
            if near or prep in _LOCATIVE or (not prep and _WITNESS_BEFORE.search(before)):
                role = "locative"
            elif prep in _WEAK_LOCATIVE or exact:
                role = "weak_locative"
            elif prep == "from":
                role = "origin"
            elif prep in _DESTINATION or prep.startswith(("on ", "en ", "bound", "head")):
                role = "destination"
            else:
                role = "bare"
        cues.append(Cue(role, precision, area and not district))
    return _mark_containers(text, mentions, cues)


_WITNESS_BEFORE = re.compile(
    r"\b(?:residents|inhabitants|villagers|locals|witnesses|people|families|sources|activists|medics|doctors)\s+(?:of|in|from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}?$",
    re.IGNORECASE,
)


def _context_role(
    text: str, s_start: int, s_end: int, m: Any, before: str, after: str, prep: str
) -> str | None:
    """A context cue (speaker, dateline, broker, addressee, party, actor) or None for a candidate place.

    Local witnesses are not distant speakers: "Residents of Omdurman reported shelling" puts the shelling
    in Omdurman, while "officials in Ankara said" only says where the officials were."""
    if _WITNESS_BEFORE.search(before) and getattr(m, "kind", None) != "country":
        return None
    if not text[s_start : m.start].strip(" \t\n\"'\u201c(") and (
        _DATELINE_AFTER.match(after)
        or (m.text.isupper() and len(m.text) > 3 and after.lstrip().startswith(","))
    ):
        return "dateline"
    if _BROKER_BEFORE.search(before) or _BROKER_AFTER.match(after):
        return "broker"
    if not prep or prep in ("in", "at", "from"):
        if _SPEAKER_AFTER.match(after):
            return "speaker" if prep else "actor"
        if _SPEAKER_BEFORE.search(before) and _SPEECH_LATER.match(text, m.end, min(s_end, m.end + 40)):
            return "speaker"
    if _ADDRESSEE_BEFORE.search(before):
        return "addressee"
    if mention_kind(m) == "country" and _PARTY_BEFORE.search(before):
        return "party"
    if (
        not prep
        and not _GEO_POSSESSIVE.match(after)
        and (
            _ACTOR_BEFORE.search(before)
            or _ACTOR_AFTER.match(after)
            and mention_kind(m) in ("country", "admin1", None)
        )
    ):
        return "actor"
    if not prep and mention_kind(m) == "country" and _SUBJECT_AFTER.match(after):
        return "actor"  # a country doing something: "Syria turns to Turkey", "Israel justified"
    if getattr(m, "role", None) == "context" and not prep:
        return "actor"  # the geoparser read it as a government ("Ankara said")
    return None


def _mark_containers(text: str, mentions: Sequence[Any], cues: list[Cue]) -> list[Cue]:
    """Mark the container of two adjacent places, so that only the more specific one can be chosen.

    "Busra al-Harir, southern Syria" and "the Ministry in Damascus" put the container second; "the West
    Bank town of Jenin" puts it first; "the Kafr Souseh area of Damascus" second again. The inner place
    takes the container's preposition when it has none of its own.
    """
    out = list(cues)
    rank = {"country": 3, "admin1": 2, "admin2": 1, "city": 0, "other": -1}
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        gap = text[a.end : b.start]
        if out[i].role in CONTEXT_CUES or out[i - 1].role in CONTEXT_CUES:
            continue
        if _REFERENCE_GAP.match(gap):  # "Sayadan, forty miles north of Kabul": Kabul is only a landmark
            inner, outer = i - 1, i
        elif _OUTER_FIRST_GAP.match(gap):
            inner, outer = i, i - 1
        elif (
            _POSSESSIVE_GAP.match(gap)
            and rank.get(mention_kind(a) or "", 0) >= rank.get(mention_kind(b) or "", 0) > -1
        ):
            inner, outer = i, i - 1  # "Thailand's southern province Pattani", "Baghdad's Sadr City"
        elif _INNER_FIRST_GAP.match(gap):
            inner, outer = i - 1, i
        elif _CONTAIN_GAP.match(gap):
            kind_a, kind_b = mention_kind(a), mention_kind(b)
            if kind_b == "city" and (
                _DISTRICT_AFTER.match(text[b.end : b.end + 40]) or _DISTRICT_NAMED.search(b.text)
            ):
                kind_b = "admin2"  # "Mukondi village, Beni territory": the area named after the town
            inside = gap.strip().lower().startswith("in")
            coarser = rank.get(kind_b or "", 0) > rank.get(kind_a or "", 0) and (kind_a != "other" or inside)
            if not (coarser or (kind_b is None and inside)):
                continue
            inner, outer = i - 1, i
        else:
            continue
        c_in, c_out = out[inner], out[outer]
        out[outer] = Cue(c_out.role, c_out.precision, c_out.area, container_of=inner)
        if c_in.role == "bare" and c_out.role in (
            "locative",
            "weak_locative",
        ):  # "struck the Ministry in Damascus"
            out[inner] = Cue(c_out.role, c_in.precision, c_in.area)
    return out
