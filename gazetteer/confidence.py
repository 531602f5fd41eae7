"""Confidence as a probability: a small logistic calibration of the resolver's own evidence.

The ranking gives each candidate a softmax probability; the mass of the candidates within 50 km of the best
one (a city and the district named after it do not compete) is the raw evidence. How often a best answer is
right also depends on how the name matched (its own name, an alternate name, a spelling variant, a fuzzy
guess), how far the spelling is from the place's name, whether the country was known, and how large the place
is (a misspelt name is far more often a famous city than one hamlet among many alike). The calibrated
confidence is

    P(right) = sigmoid(bias + slope * logit(mass) + TIER[match] + SPELLING * (1 - similarity / 100)
                       + FRAMED * framed + POPULATION * size
                       + loose * (LOOSE_FRAMED * framed + LOOSE_POPULATION * size
                                  + LETTERS * (1 - letters / 100))
                       + UNKNOWN_SIZE * (population == 0))

where ``size`` is log10(1 + population) / 6 and ``loose`` is 1 for a spelling variant or a fuzzy match
(whose reliability depends most on the frame and on the place being well known); ``letters`` is the plain
letter-by-letter ratio of the two spellings, where ``similarity`` merges the transliteration alternations
first: a loose key that merges vowels and drops h lets "Kibeho" meet "Kibuye", and only the letters tell
such a collision from "Saakow" and "Saacow". A population of 0 means unknown in GeoNames (Ma'arrat
an-Nu'man has none), so it has a term of its own.

with the constants below fitted by ``scripts/fit_confidence.py`` on held-out data (never the data the ranking
was tuned on): the calibration half of the UCDP GED development set with the country given, and the
development halves of the geoparsing corpora by name alone. "Right" is within 25 km of the coded point for
UCDP's exact-precision places and within 161 km for the geoparsing corpora. The slope is kept positive, so
confidence rises with the evidence (the reliability table is monotone), and ``scripts/bench_gazetteer.py``
prints the reliability table and the expected calibration error on both halves.

:data:`MIN_CONFIDENCE` is the default threshold: below it a name is unplaced with the reason "ambiguous" and
its candidates, because a guess that is more often wrong than right costs an analyst more than a blank.
"""

from __future__ import annotations

import math
from typing import NamedTuple

#: Below this calibrated confidence a name is reported unplaced ("ambiguous", with its candidates) rather
#: than placed: at 0.5 an answer is as likely wrong as right. ``--min-confidence`` and ``min_confidence=``
#: override it; 0 places every name that has a candidate.
MIN_CONFIDENCE = 0.5

#: Match tiers, in the order of :data:`TIER`.
TIERS = ("name", "alternate", "variant", "fuzzy", "demonym")
#: The names of the constants, in the order of :func:`features` (tiers inside ``TIER``).
SCALARS_BEFORE = ("BIAS", "SLOPE")
SCALARS_AFTER = (
    "SPELLING", "FRAMED", "POPULATION", "LOOSE_FRAMED", "LOOSE_POPULATION", "LETTERS", "UNKNOWN_SIZE"
)  # fmt: skip

# BEGIN FITTED (written by scripts/fit_confidence.py; do not edit by hand)
BIAS = -3.1107
SLOPE = 0.4325
TIER = {"name": 1.2724, "alternate": 0.7146, "variant": 0.3842, "fuzzy": -2.9331, "demonym": 0.5619}
SPELLING = -2.7806
FRAMED = 0.4920
POPULATION = 2.6340
LOOSE_FRAMED = -0.2503
LOOSE_POPULATION = 0.8446
LETTERS = -7.0900
UNKNOWN_SIZE = 1.4371
FITTED_ON = "4378 held-out answers: UCDP and admin-1 calibration parts (with and without the country), geoparse dev halves"
# END FITTED

_EPS = 1e-4


def logit(p: float) -> float:
    """log(p / (1 - p)), with p clipped to [1e-4, 1 - 1e-4]."""
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def features(
    mass: float, match: str, similarity: float, framed: bool, population: int = 0, letters: float = 100.0
) -> list[float]:
    """The calibration features of one answer, in the order of :func:`coefficients`."""
    size = math.log10(1.0 + max(population or 0, 0)) / 6.0
    loose = 1.0 if match in ("variant", "fuzzy") else 0.0
    return [
        1.0,
        logit(mass),
        *(1.0 if match == t else 0.0 for t in TIERS),
        1.0 - min(max(similarity, 0.0), 100.0) / 100.0,
        1.0 if framed else 0.0,
        size,
        loose * (1.0 if framed else 0.0),
        loose * size,
        loose * (1.0 - min(max(letters, 0.0), 100.0) / 100.0),
        1.0 if not population else 0.0,
    ]


def coefficients() -> list[float]:
    """The fitted constants in the order of :func:`features`."""
    constants = globals()
    return [
        *(constants[n] for n in SCALARS_BEFORE),
        *(TIER[t] for t in TIERS),
        *(constants[n] for n in SCALARS_AFTER),
    ]


def calibrated(
    mass: float,
    match: str,
    similarity: float = 100.0,
    framed: bool = False,
    population: int = 0,
    letters: float = 100.0,
) -> float:
    """The probability that an answer with this evidence is right (see the module docstring)."""
    x = features(mass, match, similarity, framed, population, letters)
    z = sum(w * v for w, v in zip(coefficients(), x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


class Evidence(NamedTuple):
    """What one answer's confidence is calibrated on (``Location.evidence`` of a resolved name)."""

    mass: float  # softmax probability of the candidates within 50 km of the answer
    match: str  # name, alternate, variant, fuzzy or demonym
    similarity: float  # 0-100: how alike the query and the place's name are spelled
    framed: bool  # a country framed the name
    population: int  # the place's population (0: unknown)
    letters: float = 100.0  # 0-100: the plain letter-by-letter ratio of the two spellings

    def features(self) -> list[float]:
        return features(**self._asdict())

    def confidence(self) -> float:
        return calibrated(**self._asdict())
