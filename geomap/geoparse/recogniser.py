"""The learned recogniser: which word n-grams name places where the text's case says nothing.

Capitals are the rule-based spotter's main clue, and they are missing or useless in lower-case text
("strikes on nabatieh and tyre"), all-caps lines ("HIT TARGETS NEAR AMUDA AND DERIK") and hashtags
("#Aleppo"). There every n-gram the gazetteer knows is a candidate, and a logistic model decides from
features that do not depend on case: how prominent and how ambiguous the gazetteer's candidates are,
how often the words are written in lower case in ordinary prose (a small casing lexicon: "do", "are",
"gang" are words; "tyre" and "aleppo" are names), common-word and demonym lists, the words around the
span ("in", "near", "village", "province", "said"), its length, particles and hyphens, and whether it
is a hashtag.

The model (weights, threshold and casing lexicon) is ``geomap/geoparse/data/recogniser.json``, trained
by ``scripts/train_recogniser.py`` (docs/GEOPARSE.md says from which data); :func:`fit_logistic` is the
deterministic trainer both use.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from gazetteer.names import ARTICLES
from geomap.geoparse import filters
from geomap.geoparse.tokens import Token, particle_gap

MODEL_PATH = Path(__file__).with_name("data") / "recogniser.json"
#: Longest n-gram considered in caseless text ("deir ez zor", "ras al ain", "bir al abd").
MAX_WORDS = 4

#: Words that never begin or end a place name in caseless text (they may stand inside one: "of").
EDGE_WORDS = (
    frozenset(
        """a an the and or but of in on at to for with by from into onto near via than then as is are was were
    be been being it its this that these those he she they we you i his her their our my your who whom
    which what when where why how not no nor so if do does did has have had will would can could may
    might must shall should there here all any some many more most much few also just only up down out
    over under after before about against between during without within along across around through
    toward towards says said say told new""".split()
    )
    | filters.CONNECTORS
    | filters.HYPHEN_CONNECTORS
)
#: Arabic, Somali and other particles that may stand inside a name ("juhr ad dik", "ras al ain").
INNER_PARTICLES = frozenset(
    "al el ad ed ar er as es ash at az ez an en ul um umm abu bin ibn bint bani wa of de".split()
)

STRONG_BEFORE = frozenset("in near outside inside around of".split())
_WEAK_BEFORE = frozenset("at from to into toward towards between via through across and".split())
_SETTLEMENT_AFTER = frozenset(
    "village town city camp district area countryside province governorate region".split()
)
_SAID_AFTER = frozenset("said says told added spokesman".split())
_KINDS = ("country", "admin1", "admin2", "city", "other")

FEATURES = (
    "bias",
    "one_word",
    "two_words",
    "three_plus_words",
    "log_population",
    *(f"kind_{k}" for k in _KINDS),
    "exact_name",
    "alternate_only",
    "variant_only",
    "log_candidates",
    "lexicon_capitalised",
    "lexicon_unseen",
    "lexicon_min_capitalised",
    "lexicon_lower_frequency",
    "lexicon_lower_only",
    "common_word",
    "all_common",
    "demonym",
    "person_name",
    "inner_particle",
    "inner_article",
    "hyphen",
    "cue_strong",
    "cue_weak",
    "after_the",
    "before_settlement_word",
    "before_said",
    "before_comma",
    "after_comma",
    "hashtag",
    "inside_longer_name",
    "listed_after_name",
    "upper_case",
    "short",
    "chars",
    "common_x_population",
    "unseen_x_population",
    "cue_x_unseen",
)


@dataclass(frozen=True)
class Model:
    """Logistic weights over :data:`FEATURES`, a decision threshold and the casing lexicon."""

    weights: np.ndarray
    threshold: float
    lexicon: dict[str, tuple[int, int]]  # word -> (times written in lower case, times capitalised)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights)))

    def capital_share(self, word: str) -> float | None:
        """How often ordinary prose capitalises ``word`` (not at a sentence start); None if unseen."""
        counts = self.lexicon.get(word.casefold())
        if counts is None:
            return None
        low, cap = counts
        return cap / (low + cap)

    def common_word(self, word: str) -> bool:
        """``word`` is an ordinary English word: usually written in lower case in the lexicon's prose."""
        counts = self.lexicon.get(word.casefold())
        return counts is not None and counts[0] >= 3 and counts[1] < 0.25 * (counts[0] + counts[1])

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "threshold": round(float(self.threshold), 4),
            "lexicon": {w: list(c) for w, c in sorted(self.lexicon.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        if list(data["features"]) != list(FEATURES):
            raise ValueError(
                "recogniser model was trained on other features; rerun scripts/train_recogniser.py"
            )
        return cls(
            np.array(data["weights"], dtype=float),
            float(data["threshold"]),
            {w: (int(c[0]), int(c[1])) for w, c in data["lexicon"].items()},
        )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The committed model, loaded once per process."""
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def recase(text: str, how: str) -> str:
    """A lower- or upper-cased copy with the same offsets (a character whose other case is longer stays)."""
    change = str.lower if how == "lower" else str.upper
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def count_casing(texts: Iterable[str], tokenize: Any) -> dict[str, tuple[int, int]]:
    """The casing lexicon of ``texts``: per lower-cased word, (lower-case, capitalised) occurrences,
    not counting words at a sentence start (where a capital says nothing)."""
    counts: dict[str, list[int]] = {}
    for text in texts:
        for tok in tokenize(text):
            if tok.sentence_start or not tok.text.isalpha() or tok.text.isupper() and len(tok.text) > 1:
                continue
            entry = counts.setdefault(tok.text.casefold(), [0, 0])
            entry[1 if tok.cap else 0] += 1
    return {w: (c[0], c[1]) for w, c in counts.items()}


_CASELESS_MIN_WORDS = 4


def line_case(words: Sequence[str]) -> str | None:
    """``"upper"`` or ``"lower"`` when the case of these words (a line's) says nothing, else None: at least
    four words, (almost) all in capitals, or (almost) none capitalised. Words all in capitals do not count as
    capitalised in lower-case text: a tweet's "BREAKING:" or an acronym ("UN says rsf shelled el fasher")
    leaves the rest lower case."""
    if len(words) < _CASELESS_MIN_WORDS:
        return None
    upper = sum(w.isupper() for w in words)
    if upper >= 0.7 * len(words):
        return "upper"
    capitalised = sum(w[0].isupper() and not w.isupper() for w in words)
    return "lower" if capitalised <= 0.04 * len(words) and upper < 0.5 * len(words) else None


def caseless_words(words: Sequence[str]) -> bool:
    """Whether the case of these words (a line's) says nothing (see :func:`line_case`)."""
    return line_case(words) is not None


def caseless_tokens(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indices of tokens whose case carries no information: lines whose words of a cased script are
    (almost) all in lower case (but for words in capitals) or all in capitals, and hashtags."""
    out: set[int] = set()
    line: list[int] = []

    def flush() -> None:
        words = [  # words of a script with case (Arabic has none: its rules stay the spotter's)
            w
            for k in line
            if len(w := tokens[k].text) >= 2 and w.isalpha() and (w[0].isupper() or w[0].islower())
        ]
        case = line_case(words)
        if case == "upper":
            out.update(line)
        elif case == "lower":  # a word in capitals in a lower-case line keeps its case ("the US election")
            out.update(k for k in line if not (tokens[k].text.isupper() and len(tokens[k].text) > 1))
        line.clear()

    for k, tok in enumerate(tokens):
        if line and "\n" in text[tokens[line[-1]].end : tok.start]:
            flush()
        line.append(k)
        if tok.start > 0 and text[tok.start - 1] == "#":
            out.add(k)
    flush()
    return out


def is_hashtag(text: str, tok: Token) -> bool:
    return tok.start > 0 and text[tok.start - 1] == "#"


def caseless_spans(text: str, tokens: Sequence[Token], members: set[int]) -> list[tuple[int, int]]:
    """Candidate n-grams ``[i, j)`` among caseless tokens, longest first at each start: words joined by a
    space or a hyphen, not beginning or ending with a function word or particle; a hashtag alone."""
    low = {k: tokens[k].text.casefold() for k in members}
    # a word that may stand inside a name: not a function word, or a name particle ("of", "al")
    inner_ok = {k: w not in EDGE_WORDS or w in INNER_PARTICLES for k, w in low.items()}
    spans: list[tuple[int, int]] = []
    for i in sorted(members):
        first = tokens[i]
        if is_hashtag(text, first):
            spans.append((i, i + 1))
            continue
        if not first.text[0].isalpha():
            continue
        led = _leading_article(text, tokens, i, low[i])  # "el fasher", "as-suwayda": the article begins it
        if low[i] in EDGE_WORDS and not led:
            continue
        j = i + 1
        while (
            j < len(tokens) and j - i < MAX_WORDS and j in members and _joined(text, tokens[j - 1], tokens[j])
        ):
            j += 1
        for end in range(j, i + 1 if led else i, -1):
            if low[end - 1] in EDGE_WORDS or not all(inner_ok[k] for k in range(i + 1, end - 1)):
                continue
            spans.append((i, end))
    return spans


_JOIN_GAPS = frozenset({" ", "-", "–", "'", "’"})


def _leading_article(text: str, tokens: Sequence[Token], i: int, word: str) -> bool:
    """Token ``i`` is an Arabic article that may begin a name: "al", "el", "ad" ... before a space or a
    hyphen, or an article that is also an English word ("as", "at", "an") joined by a hyphen only."""
    if i + 1 >= len(tokens):
        return False
    gap = text[tokens[i].end : tokens[i + 1].start]
    return (word in filters.SPACED_PARTICLES and gap in (" ", "-", "- ")) or (
        word in filters.HYPHEN_CONNECTORS and gap == "-"
    )


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return (gap in _JOIN_GAPS or particle_gap(left, gap)) and not is_hashtag(text, right)


def _prev_word(tokens: Sequence[Token], i: int, text: str) -> str:
    if i == 0 or "\n" in text[tokens[i - 1].end : tokens[i].start]:
        return ""
    gap = text[tokens[i - 1].end : tokens[i].start]
    return tokens[i - 1].text.casefold() if gap.strip() in ("", "#") else ""


def span_features(
    text: str,
    tokens: Sequence[Token],
    i: int,
    j: int,
    cands: Sequence[Any],
    model_lexicon: Model | None,
    inside_longer: bool = False,
    listed: bool = False,
) -> list[float]:
    """The feature row of the span ``tokens[i:j]`` with gazetteer candidates ``cands`` (see :data:`FEATURES`);
    ``inside_longer``: a longer known n-gram contains it ("tal" of "tal abyad"); ``listed``: it follows
    "and" or a comma right after another known name ("amuda and derik")."""
    words = [tokens[k].text for k in range(i, j)]
    low = [w.casefold() for w in words]
    n = len(words)
    quality = [((getattr(c, "raw", None) or {}).get("match", "name")) for c in cands]
    exact = [c for c, q in zip(cands, quality, strict=True) if q == "name"]
    pops = [getattr(c, "population", 0) or 0 for c in (exact or cands)]
    log_pop = math.log10(max(pops, default=0) + 1) / 7.0
    best_kind = getattr(cands[0], "kind", "other") if cands else "other"
    if any(getattr(c, "kind", "") == "country" for c in exact):
        best_kind = "country"
    content = [w for w in low if w not in INNER_PARTICLES]
    shares = [model_lexicon.capital_share(w) if model_lexicon else None for w in content]
    seen = [s for s in shares if s is not None]
    unseen = 1.0 - len(seen) / len(content) if content else 1.0
    lower_freq = 0.0
    if model_lexicon is not None:
        lower_freq = max(
            (math.log10(model_lexicon.lexicon.get(w, (0, 0))[0] + 1) / 4 for w in content), default=0
        )
    common = [filters.is_common_word(w) for w in content]
    before = _prev_word(tokens, i, text)
    after_tok = tokens[j] if j < len(tokens) else None
    gap_after = text[tokens[j - 1].end : after_tok.start] if after_tok else ""
    after = after_tok.text.casefold() if after_tok and gap_after.strip() == "" else ""
    before_gap = text[tokens[i - 1].end : tokens[i].start] if i > 0 else ""
    hashtag = is_hashtag(text, tokens[i])
    strong = before in STRONG_BEFORE
    chars = sum(len(w) for w in words)
    row = [
        1.0,
        float(n == 1),
        float(n == 2),
        float(n >= 3),
        log_pop,
        *(float(best_kind == k) for k in _KINDS),
        float(bool(exact)),
        float(not exact and "alternate" in quality),
        float(not exact and "alternate" not in quality),
        math.log(len(cands) + 1) / 4,
        sum(seen) / len(seen) if seen else 0.5,
        unseen,
        min(seen) if seen else 0.5,
        lower_freq,
        float(bool(seen) and max(seen) == 0.0),
        float(any(common)),
        float(bool(common) and all(common)),
        float(any(w in filters.DEMONYMS for w in content)),
        float(any(w in filters.FIRST_NAMES or w in filters.SURNAMES for w in content)),
        float(any(w in INNER_PARTICLES for w in low[1:-1])),
        float(any(w in ARTICLES for w in low[:-1])),
        float("-" in text[tokens[i].start : tokens[j - 1].end]),
        float(strong),
        float(before in _WEAK_BEFORE),
        float(before == "the"),
        float(after in _SETTLEMENT_AFTER),
        float(after in _SAID_AFTER),
        float(gap_after.strip().startswith(",")),
        float(before_gap.strip().endswith(",")),
        float(hashtag),
        float(inside_longer),
        float(listed),
        float(all(w.isupper() for w in words)),
        float(chars <= 3),
        min(chars, 20) / 10,
        float(any(common)) * log_pop,
        unseen * log_pop,
        float(strong) * unseen,
    ]
    return row


def fit_logistic(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0, iterations: int = 25) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method: deterministic, no random start.

    The bias (column 0) is not penalised. Stops early once the step is negligible.
    """
    w = np.zeros(rows.shape[1])
    penalty = np.full(rows.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(rows @ w)))
        grad = rows.T @ (p - labels) + penalty * w
        hess = (rows * (p * (1 - p))[:, None]).T @ rows + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w
