"""The event's own place among the places a sentence mentions.

:func:`~geomap.extract.cues.read_cues` reads each mention's cue from the words around it;
:func:`choose_place` then picks, for one event trigger, the place(s) where it happened: the best
mention by the learned :func:`score` (:func:`features` and the weights at :data:`MODEL_PATH`), any places
coordinated with it ("in Sweida and in Damascus"), origin and destination for movements, and the context
places.

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

from geomap.extract.cues import (
    AREA_AFTER,
    CLAUSE_BREAK,
    CONTEXT_CUES,
    EXACT_BEFORE,
    GEO_NOUN,
    NEAR,
    QUAL,
    SPEECH,
    Cue,
    last_preposition,
    mention_kind,
)

__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "PlaceChoice",
    "candidate",
    "choose_place",
    "features",
    "model",
    "score",
]

_LIST_GAP = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+)", re.IGNORECASE)
_WORD = re.compile(r"\S+")


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


def _words_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_WORD.findall(text, lo, hi))


def _breaks_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(CLAUSE_BREAK.findall(text, lo, hi))


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
    rf"\s+(?:the\s+)?(?:(?:[\w'-]+\s+){{0,3}}?{GEO_NOUN}\s+of\s+(?:the\s+)?)?(?:{QUAL}\s+)*$", re.IGNORECASE
)
_SPEECH_WORD = re.compile(rf"\b{SPEECH}\b", re.IGNORECASE)
_COMMA = re.compile(r",")
_CAPITALISED_NEXT = re.compile(
    r"[ -](?!(?:On|In|At|And|The|Province|State|City|District|Region|Governorate)\b)[A-Z][a-z]"
)
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
    return _is_candidate(cue) and not _aside(text, mention, trigger) and not route_end(text, mention)


_ROUTE_WORD = r"\s+(?:road|highway|motorway|expressway|railway|railroad|pipeline)\b"
_ROUTE_FIRST = re.compile(rf"-[^\W\d_][\w'\u2019-]*{_ROUTE_WORD}", re.IGNORECASE)
_ROUTE_SECOND = re.compile(_ROUTE_WORD, re.IGNORECASE)


def route_end(text: str, mention: Any) -> bool:
    """Whether the mention is one end of a route named by its two ends ("on the Mandalay-Lashio road"): the
    event is somewhere along it, not in either town."""
    if _ROUTE_FIRST.match(text, mention.end):
        return True
    return (
        mention.start > 1 and text[mention.start - 1] == "-" and bool(_ROUTE_SECOND.match(text, mention.end))
    )


_BASE_ROLES = frozenset(_ROLES)


def _gap(text: str, trigger: tuple[int, int], mention: Any) -> tuple[int, int]:
    """The text between the trigger and the mention, as offsets."""
    if mention.start >= trigger[1]:
        return trigger[1], mention.start
    return min(mention.end, trigger[0]), trigger[0]


def features(
    text: str,
    trigger: tuple[int, int],
    mentions: Sequence[Any],
    cues: Sequence[Cue],
    i: int,
    movement: bool = False,
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
    prep = last_preposition(before)
    if prep and re.fullmatch(NEAR, " ".join(prep.group("prep").lower().split()), re.IGNORECASE):
        on("near")
    if EXACT_BEFORE.search(before):
        on("exact")
    if cue.area:
        on("area")
    if cue.precision >= 3:
        on("precision=3")
    kind = mention_kind(m)
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
    breaks = len(CLAUSE_BREAK.findall(text, lo, hi))
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
    if (
        not re.search(r"\w", before.rsplit(". ", 1)[-1])
        or _words_between(text, max(0, m.start - 30), m.start) == 0
    ):
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
            raise ValueError(
                f"{path} was trained on other features; retrain with scripts/train_event_place.py"
            )
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
    text: str,
    trigger: tuple[int, int],
    mentions: Sequence[Any],
    cues: Sequence[Cue],
    i: int,
    movement: bool = False,
) -> float:
    """The learned log-odds that mention ``i`` is where the event at ``trigger`` happened; -inf for a context
    place, a container of a more specific mention or an aside, which are never chosen (:func:`candidate`)."""
    if not candidate(text, trigger, mentions[i], cues[i]):
        return float("-inf")
    w = model().weights
    return float(
        sum(a * b for a, b in zip(w, features(text, trigger, mentions, cues, i, movement), strict=True))
    )


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
        if s > threshold and any(
            score(text, t, mentions, cues, i, movement) > s + 1.0 for t in other_triggers
        ):
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
    # a place of the trigger's own clause before one past a semicolon ("attacked Djibo market and burned
    # shops; residents fled to Ouahigouya"): the other clause tells another event
    own = [x for x in ranked if ";" not in text[slice(*_gap(text, trigger, mentions[x[1]]))]]
    ranked = own or ranked
    best = ranked[0][1]
    picked = [best]
    listed = model().coordinated
    for s, j in ranked[1:]:
        if (
            s > listed
            and cues[j].role in ("locative", "weak_locative", "bare")
            and _coordinated(text, mentions, cues, picked, j)
        ):
            picked.append(j)
    # the best first (the event's main place), then the places listed with it in the text's order
    choice.places = [(mentions[j], cues[j]) for j in [best, *sorted(picked[1:])]]
    return choice


def _coordinated(text: str, mentions: Sequence[Any], cues: Sequence[Cue], picked: list[int], j: int) -> bool:
    """Whether mention ``j`` is listed alongside a picked place ("in Homs, Hama and Idlib")."""
    for i in picked:
        lo, hi = (i, j) if i < j else (j, i)
        gap = AREA_AFTER.sub("", text[mentions[lo].end : mentions[hi].start], count=1)
        gap = re.sub(r"^\s+(?:village|town|city|camp)\b", "", gap, count=1, flags=re.IGNORECASE)
        if len(gap) > 90 or CLAUSE_BREAK.search(gap):
            continue
        # an unresolved name fits any list
        kinds = {mention_kind(mentions[lo]), mention_kind(mentions[hi])} - {None}
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
