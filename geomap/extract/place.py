"""The event's own place among the places a sentence mentions.

A sentence names places for many reasons: where something happened ("clashes in Sweida"), where it
was going ("on its way to Sweida"), who spoke ("officials in Ankara said"), who brokered or was asked
("brokered by the United States", "asked Turkey"). :func:`read_cues` reads each mention's cue from the
words around it; :func:`choose_place` then picks, for one event trigger, the place(s) where it happened:
the best-scored locative mention near the trigger in the same clause, any places coordinated with it
("in Sweida and in Damascus"), origin and destination for movements, and the context places.

Mentions are any objects with ``start``, ``end`` (offsets into the article), ``text`` and ``kind``
(``city``, ``admin1``, ``admin2``, ``country``, ``other`` or None), so the geoparser's ``Mention`` fits.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Cues that make a mention context rather than an event place, best fallback first.
CONTEXT_CUES = ("speaker", "dateline", "addressee", "party", "broker", "actor")

_QUAL = r"(?:(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?|central|downtown|greater|rural|occupied|besieged|restive|neighbou?ring|nearby)"
_GEO_NOUN = r"(?:village|town|city|capital|province|governorate|region|district|area|outskirts|suburbs?|neighbou?rhood|countryside|camp|port|border|state|county|municipality|heart|centre|center|streets?|parts?|south|north|east|west)"
_NEAR = r"(?:near|outside|around|close\s+to|outskirts\s+of|vicinity\s+of|between|(?:the\s+)?(?:\w+ern\s+)?(?:edges?|entrance|gates?|periphery|fringes?)\s+(?:of|to)|on\s+the\s+(?:\w+ern\s+)?(?:edge|outskirts|fringes?)\s+of|(?:the\s+)?road\s+(?:to|from|between|linking)|highway\s+(?:to|from|between|linking)|(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of)"
_TAIL = rf"(?:the\s+)?(?:(?:[\w'-]+\s+){{0,3}}?{_GEO_NOUN},?\s+(?:of\s+(?:the\s+)?)?)?(?:[a-z][\w-]*\s+){{0,2}}?(?:{_QUAL}\s+)*$"
_PREP = re.compile(
    rf"\b(?P<prep>{_NEAR}|on\s+(?:its|their|his|her|the)\s+way\s+to|en\s+route\s+to|bound\s+for|heading\s+(?:to|for|toward|towards)|headed\s+(?:to|for|toward|towards)|in|at|inside|within|throughout|across|on|over|off|from|to|into|toward|towards|via|through)\s+{_TAIL}",
    re.IGNORECASE,
)
_PREP_WORD = re.compile(
    r"\b(?:near|outside|around|close|outskirts|vicinity|between|edges?|entrance|gates?|periphery|fringes?|road|highway|\d+\s*(?:km|kilometers|kilometres|miles)|north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western|on|en|bound|heading|headed|in|at|inside|within|throughout|across|over|off|from|to|into|toward|towards|via|through)\b",
    re.IGNORECASE,
)
_EXACT_BEFORE = re.compile(
    r"\b(?:villages?|towns?|city|cities|neighbou?rhoods?|camps?|hamlets?)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_AREA_AFTER = re.compile(
    r"^\s+(?:province|governorate|region|state|oblast|prefecture|department|county|district|countryside)\b",
    re.IGNORECASE,
)
_DISTRICT_AFTER = re.compile(r"^\s+(?:district|county|countryside|area)\b", re.IGNORECASE)
_SPEECH = r"(?:said|says|say|told|tells|announced|announces|reported|reports|stated|claimed|claims|confirmed|denied|denies|warned|added|justified|accused|condemned|vowed|threatened|demanded|insisted|rejected|welcomed|urged)"
_SPEAKER_AFTER = re.compile(
    rf"^(?:['\u2019]s\s+\w+(?:\s+\w+)?\s+|\s+(?:officials?|authorities|government|military|ministry|army|police|media)\s+)?(?:\s*(?:has|have|had|also|later|on\s+\w+)\s+)*\s*{_SPEECH}\b",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:officials?|authorities|spokes(?:man|woman|person|men)|sources?|ministry|government|diplomats?|embassy|media|agency|witnesses|observers?|monitors?|analysts?|officers?|correspondents?|reporters?|negotiators?)\s+(?:[\w'-]+\s+){0,3}?(?:in|at|from|based\s+in)\s+(?:the\s+)?$"
    r"|\baccording\s+to\s+(?:[\w'-]+\s+){0,5}?(?:in|from|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEECH_LATER = re.compile(rf"[^.;:]*?\b{_SPEECH}\b", re.IGNORECASE)
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
    rf"^['\u2019]s\s+(?:[\w-]+\s+)?(?:{_GEO_NOUN}|coast|border|interior|capital|mountains|desert)\b",
    re.IGNORECASE,
)
_SUBJECT_AFTER = re.compile(
    r"^\s+(?:(?:has|have|had|also|will|would|could|has\s+long|strongly|then|later|now)\s+)*[a-z]+(?:s|ed)\b(?<!\bas)"
)
_DATELINE_AFTER = re.compile(r"^(?:,\s+[A-Z][\w ]*)?\s*(?::|\(|\u2014|\u2013|--)")
_CLAUSE_BREAK = re.compile(
    r";|\s[\u2014\u2013]\s|\s--\s|,\s+(?:which|who|where|while|whereas|but|as|after|before|when|although|though|and\s+then)\b"
    rf"|\b{_SPEECH}\b"
)
_LIST_GAP = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+)", re.IGNORECASE)
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
_CONTAIN_GAP = re.compile(r"^(?:,\s*(?:in\s+)?|\s+in\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?)$", re.IGNORECASE)
_WORD = re.compile(r"\S+")

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


@dataclass
class PlaceChoice:
    """The place(s) chosen for one event, with each one's cue, and the context places seen."""

    places: list[tuple[Any, Cue]] = field(default_factory=list)
    origin: tuple[Any, Cue] | None = None
    destination: tuple[Any, Cue] | None = None
    context: list[tuple[Any, Cue]] = field(default_factory=list)

    @property
    def placed(self) -> bool:
        return bool(self.places) or self.origin is not None or self.destination is not None


def _kind(mention: Any) -> str | None:
    return getattr(mention, "kind", None)


#: GeoNames feature codes of regions with no admin level (Eastern Ghouta, Darfur, the Sahel): precision 3.
_REGION_CODES = frozenset({"RGN", "CONT", "OCN", "SEA", "GULF"})


def _precision_for(mention: Any, near: bool, exact: bool, area: bool, district: bool) -> int:
    kind = _kind(mention)
    if area or kind in ("admin1", "country") or getattr(mention, "feature_code", None) in _REGION_CODES:
        return 3
    if near or district or kind == "admin2":
        return 2
    return 1 if exact or kind in ("city", "other", None) else 2


def _last_preposition(before: str) -> re.Match[str] | None:
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
        prep_match = _last_preposition(before)
        prep = " ".join(prep_match.group("prep").lower().split()) if prep_match else ""
        near = bool(prep_match and re.fullmatch(_NEAR, prep, re.IGNORECASE))
        exact = bool(_EXACT_BEFORE.search(before))
        area = bool(_AREA_AFTER.match(after))  # said in words: "Sweida province"
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
    if _kind(m) == "country" and _PARTY_BEFORE.search(before):
        return "party"
    if (
        not prep
        and not _GEO_POSSESSIVE.match(after)
        and (
            _ACTOR_BEFORE.search(before)
            or _ACTOR_AFTER.match(after)
            and _kind(m) in ("country", "admin1", None)
        )
    ):
        return "actor"
    if not prep and _kind(m) == "country" and _SUBJECT_AFTER.match(after):
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
        elif _POSSESSIVE_GAP.match(gap) and rank.get(_kind(a) or "", 0) >= rank.get(_kind(b) or "", 0) > -1:
            inner, outer = i, i - 1  # "Thailand's southern province Pattani", "Baghdad's Sadr City"
        elif _INNER_FIRST_GAP.match(gap):
            inner, outer = i - 1, i
        elif _CONTAIN_GAP.match(gap):
            kind_a, kind_b = _kind(a), _kind(b)
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


def _words_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_WORD.findall(text, lo, hi))


def _breaks_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_CLAUSE_BREAK.findall(text, lo, hi))


_RELATIVE_OPEN = re.compile(
    r"(?:,|\s[\u2014\u2013]|\s--)\s+(?:which|who|whose|where|whom)\b[^,;\u2014\u2013]*$", re.IGNORECASE
)
_ASIDE_CLOSE = re.compile(r",|\s[\u2014\u2013]\s|\s--\s|;")


def _aside(text: str, mention: Any, trigger: tuple[int, int]) -> bool:
    """Whether the mention sits in a relative clause ("the ministry, which has offices in Paris, said")
    that the trigger is outside of."""
    window = max(0, mention.start - 150)
    opened = _RELATIVE_OPEN.search(text, window, mention.start)
    if opened is None or opened.start() <= trigger[0] < mention.start:
        return False
    closed = _ASIDE_CLOSE.search(text, mention.end)
    return trigger[0] < opened.start() or (closed is not None and trigger[0] >= closed.end())


_OBJECT_GAP = re.compile(
    rf"\s+(?:the\s+)?(?:(?:[\w'-]+\s+){{0,3}}?{_GEO_NOUN}\s+of\s+(?:the\s+)?)?(?:{_QUAL}\s+)*$", re.IGNORECASE
)
_SPEECH_WORD = re.compile(rf"\b{_SPEECH}\b", re.IGNORECASE)
_COMMA = re.compile(r",")
_CAPITALISED_NEXT = re.compile(r"[ -](?!(?:On|In|At|And|The|Province|State|City|District|Region|Governorate)\b)[A-Z][a-z]")
_MODIFIER_AFTER = re.compile(
    r"-[a-z]|\s+(?!(?:was|has|is|as|its|this|his|across|towards|areas|towns|villages|districts|provinces)\b)[a-z]+s\b"
)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
_OPEN_BRACKET = re.compile(r"\([^)]*$")

#: The learned scorer's weights (``scripts/train_event_place.py``; data and licence in docs/EXTRACT.md).
MODEL_PATH = Path(__file__).with_name("event_place.json")

_ROLES = ("locative", "weak_locative", "origin", "destination", "bare")
_KINDS = ("city", "admin1", "admin2", "country", "other")
_BUCKETS = ((0, 1), (2, 3), (4, 6), (7, 10), (11, 10**9))
#: Feature names of :func:`features`, in order; the model file lists them too and must agree.
FEATURES: tuple[str, ...] = (
    "bias",
    *(f"role={r}" for r in _ROLES),
    "role=context",
    "role=speaker",
    "role=actor",
    "container",
    "contained",
    "near",
    "exact",
    "area",
    "precision=3",
    *(f"kind={k}" for k in _KINDS),
    "kind=none",
    "unresolved",
    "after",
    *(f"before_words={lo}" for lo, _ in _BUCKETS),
    *(f"after_words={lo}" for lo, _ in _BUCKETS),
    "breaks=1",
    "breaks>=2",
    "commas=1",
    "commas>=2",
    "speech_between",
    "mentions_between=1",
    "mentions_between>=2",
    "object",
    "bracketed",
    "first",
    "last",
    "only",
    "mentions=2",
    "mentions>=3",
    "nearest",
    "second_nearest",
    "nearest_after",
    "nearest_before",
    "nearest_candidate",
    "candidate_nearer",
    "locative_nearer",
    "locative_elsewhere",
    "only_candidate",
    "sentence_start",
    "movement_end",
    *(f"after&role={r}" for r in _ROLES),
    "bare&country",
    "capitalised_next",
    "possessive",
    "modifier",
    "low_confidence",
    "named_by_words",
    "precision=2",
    "log_words",
)
_INDEX = {name: k for k, name in enumerate(FEATURES)}


def _is_candidate(cue: Cue) -> bool:
    return cue.role in _BASE_ROLES and cue.container_of is None


def candidate(text: str, trigger: tuple[int, int], mention: Any, cue: Cue) -> bool:
    """Whether the chooser may pick ``mention`` for the trigger at all: not a context place (speaker, dateline,
    broker, ...), not the container of a more specific mention, not inside a relative clause the trigger is outside
    of ("the ministry, which has offices in Paris, said ...": 2 of 108 such mentions in the dev half are the place)."""
    return _is_candidate(cue) and not _aside(text, mention, trigger)


_BASE_ROLES = frozenset(_ROLES)


def _gap(text: str, trigger: tuple[int, int], mention: Any) -> tuple[int, int]:
    """The text between the trigger and the mention, as offsets."""
    if mention.start >= trigger[1]:
        return trigger[1], mention.start
    return min(mention.end, trigger[0]), trigger[0]


def features(
    text: str, trigger: tuple[int, int], mentions: Sequence[Any], cues: Sequence[Cue], i: int, movement: bool = False
) -> list[float]:
    """The learned scorer's features of mention ``i`` for the event word at ``trigger`` (see :data:`FEATURES`)."""
    x = [0.0] * len(FEATURES)

    def on(name: str, value: float = 1.0) -> None:
        x[_INDEX[name]] = value

    m, cue = mentions[i], cues[i]
    on("bias")
    if cue.role in _BASE_ROLES:
        on(f"role={cue.role}")
    else:
        on("role=context")
        if cue.role in ("speaker", "actor"):
            on(f"role={cue.role}")
    if cue.container_of is not None:
        on("container")
    if any(c.container_of == i for c in cues):
        on("contained")
    before = text[max(0, m.start - 90) : m.start].rsplit("\n", 1)[-1]
    prep = _last_preposition(before)
    if prep and re.fullmatch(_NEAR, " ".join(prep.group("prep").lower().split()), re.IGNORECASE):
        on("near")
    if _EXACT_BEFORE.search(before):
        on("exact")
    if cue.area:
        on("area")
    if cue.precision >= 3:
        on("precision=3")
    kind = _kind(m)
    on(f"kind={kind}" if kind in _KINDS else "kind=none")
    if getattr(m, "lat", 0.0) is None:
        on("unresolved")
    after = m.start >= trigger[1]
    lo, hi = _gap(text, trigger, m)
    words = _words_between(text, lo, hi)
    if after:
        on("after")
    side = "after_words" if after else "before_words"
    on(f"{side}={next(a for a, b in _BUCKETS if a <= words <= b)}")
    breaks = len(_CLAUSE_BREAK.findall(text, lo, hi))
    if breaks:
        on("breaks=1" if breaks == 1 else "breaks>=2")
    commas = len(_COMMA.findall(text, lo, hi))
    if commas:
        on("commas=1" if commas == 1 else "commas>=2")
    if _SPEECH_WORD.search(text, lo, hi):
        on("speech_between")
    between = sum(1 for o in mentions if o is not m and lo <= o.start and o.end <= hi)
    if between:
        on("mentions_between=1" if between == 1 else "mentions_between>=2")
    if after and _OBJECT_GAP.fullmatch(text, trigger[1], m.start):
        on("object")
    if _OPEN_BRACKET.search(text, max(0, m.start - 40), m.start):
        on("bracketed")
    n = len(mentions)
    if i == 0:
        on("first")
    if i == n - 1:
        on("last")
    if n == 1:
        on("only")
    elif n == 2:
        on("mentions=2")
    else:
        on("mentions>=3")

    def dist(j: int) -> int:
        a, b = _gap(text, trigger, mentions[j])
        return _words_between(text, a, b)

    dists = [dist(j) for j in range(n)]
    order = sorted(range(n), key=lambda j: (dists[j], j))
    if order[0] == i:
        on("nearest")
    elif n > 1 and order[1] == i:
        on("second_nearest")
    same_side = [j for j in order if (mentions[j].start >= trigger[1]) == after]
    if same_side and same_side[0] == i:
        on("nearest_after" if after else "nearest_before")
    candidates = [j for j in order if _is_candidate(cues[j])]
    if candidates and candidates[0] == i:
        on("nearest_candidate")
    if any(dists[j] < words for j in candidates if j != i):
        on("candidate_nearer")
    locative = [j for j in candidates if cues[j].role == "locative" and j != i]
    if any(dists[j] < words for j in locative):
        on("locative_nearer")
    if locative:
        on("locative_elsewhere")
    if candidates == [i]:
        on("only_candidate")
    if not re.search(r"\w", before.rsplit(". ", 1)[-1]) or _words_between(text, max(0, m.start - 30), m.start) == 0:
        on("sentence_start")
    if movement and cue.role in ("origin", "destination"):
        on("movement_end")
    if after and cue.role in _BASE_ROLES:
        on(f"after&role={cue.role}")
    if cue.role == "bare" and kind == "country":
        on("bare&country")
    if _CAPITALISED_NEXT.match(text, m.end):
        on("capitalised_next")  # part of a longer name: "Mosul University", "Homs Road"
    if _POSSESSIVE_AFTER.match(text, m.end):
        on("possessive")
    if _MODIFIER_AFTER.match(text, m.end):
        on("modifier")  # a name used as an adjective: "Idlib-based rebels", "Zintan fighters"
    if float(getattr(m, "confidence", 1.0) or 0.0) < 0.5:
        on("low_confidence")
    if not hasattr(m, "confidence"):
        on("named_by_words")  # "the village of X" that the geoparser did not read
    if cue.precision == 2:
        on("precision=2")
    on("log_words", math.log1p(words) / 3)
    return x


class _Model:
    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was trained on other features; retrain with scripts/train_event_place.py")
        self.weights = data["weights"]
        self.threshold = float(data["threshold"])
        self.movement_ends = float(data["movement_ends"])
        self.coordinated = float(data["coordinated"])


_MODEL: _Model | None = None


def model() -> _Model:
    """The learned scorer, loaded once."""
    global _MODEL
    if _MODEL is None:
        _MODEL = _Model(MODEL_PATH)
    return _MODEL


def score(
    text: str, trigger: tuple[int, int], mentions: Sequence[Any], cues: Sequence[Cue], i: int, movement: bool = False
) -> float:
    """The learned log-odds that mention ``i`` is where the event at ``trigger`` happened; -inf for a context
    place, a container of a more specific mention or an aside, which are never chosen (:func:`candidate`)."""
    if not candidate(text, trigger, mentions[i], cues[i]):
        return float("-inf")
    w = model().weights
    return float(sum(a * b for a, b in zip(w, features(text, trigger, mentions, cues, i, movement), strict=True)))


def choose_place(
    text: str,
    trigger: tuple[int, int],
    mentions: Sequence[Any],
    cues: Sequence[Cue],
    *,
    movement: bool = False,
    other_triggers: Sequence[tuple[int, int]] = (),
    threshold: float | None = None,
) -> PlaceChoice:
    """The event's own place(s) for the trigger at ``trigger`` among one sentence's mentions: the best of the
    learned :func:`score` above ``threshold`` (log-odds; the model's own when None)."""
    choice = PlaceChoice(
        context=[(m, c) for m, c in zip(mentions, cues, strict=True) if c.role in CONTEXT_CUES]
    )
    if threshold is None:
        threshold = model().threshold
    scored = []
    for i in range(len(mentions)):
        s = score(text, trigger, mentions, cues, i, movement)
        if s > threshold and any(score(text, t, mentions, cues, i, movement) > s + 1.0 for t in other_triggers):
            s -= 2.0  # another event in the sentence is clearly closer to this place
        scored.append((s, i))
    if movement:
        ends = _movement_ends(text, trigger, mentions, cues, scored, min(threshold, model().movement_ends))
        if ends is not None:
            choice.origin, choice.destination = ends
            return choice
    ranked = sorted((x for x in scored if x[0] > threshold), key=lambda x: (-x[0], x[1]))
    if not ranked:
        return choice
    best = ranked[0][1]
    picked = [best]
    listed = model().coordinated
    for s, j in ranked[1:]:
        if s > listed and cues[j].role in ("locative", "weak_locative", "bare") and _coordinated(
            text, mentions, cues, picked, j
        ):
            picked.append(j)
    # the best first (the event's main place), then the places listed with it in the text's order
    choice.places = [(mentions[j], cues[j]) for j in [best, *sorted(picked[1:])]]
    return choice


def _coordinated(text: str, mentions: Sequence[Any], cues: Sequence[Cue], picked: list[int], j: int) -> bool:
    """Whether mention ``j`` is listed alongside a picked place ("in Homs, Hama and Idlib")."""
    for i in picked:
        lo, hi = (i, j) if i < j else (j, i)
        gap = _AREA_AFTER.sub("", text[mentions[lo].end : mentions[hi].start], count=1)
        gap = re.sub(r"^\s+(?:village|town|city|camp)\b", "", gap, count=1, flags=re.IGNORECASE)
        if len(gap) > 90 or _CLAUSE_BREAK.search(gap):
            continue
        kinds = {_kind(mentions[lo]), _kind(mentions[hi])} - {None}  # an unresolved name fits any list
        same_kind = len(kinds) <= 1
        if same_kind and _LIST_GAP.match(gap) and (hi - lo == 1 or cues[hi].role == cues[lo].role):
            return True
        if " and " in gap and {cues[hi].role, cues[lo].role} <= {"locative", "weak_locative"}:
            return True
    return False


def _movement_ends(
    text: str,
    trigger: tuple[int, int],
    mentions: Sequence[Any],
    cues: Sequence[Cue],
    scored: list[tuple[float, int]],
    threshold: float,
) -> tuple[tuple[Any, Cue] | None, tuple[Any, Cue] | None] | None:
    """Origin and destination of a movement when the sentence gives a destination."""
    best: dict[str, tuple[float, int]] = {}
    for s, i in scored:
        if s <= threshold:
            continue
        slot = "destination" if cues[i].role == "destination" else "origin"
        if slot not in best or s > best[slot][0]:
            best[slot] = (s, i)
    if "destination" not in best:
        return None
    dest = best["destination"][1]
    origin = best.get("origin", (0.0, None))[1]
    if origin is not None and getattr(mentions[origin], "text", None) != mentions[dest].text:
        return (mentions[origin], cues[origin]), (mentions[dest], cues[dest])
    return None, (mentions[dest], cues[dest])

