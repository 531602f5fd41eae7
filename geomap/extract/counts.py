"""Death counts reported in a sentence ("killing 8 people", "at least 22 ... were killed", "the toll rose to 40")."""

from __future__ import annotations

import re

_NUMBER_WORDS = dict(
    one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10, eleven=11
)
_NUMBER_WORDS.update(twelve=12, fifteen=15, twenty=20, thirty=30, forty=40, fifty=50, dozen=12, hundred=100)
_COUNT = r"(?P<n>\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_FATALITIES = [
    re.compile(
        rf"\b(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|over\s+)?{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?"
        r"(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?(?:killed|dead|died|executed|shot\s+dead)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:killing|killed|leaving|left)\s+(?:at\s+least\s+|more\s+than\s+|some\s+)?{_COUNT}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:death\s+toll|toll)\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_COUNT}\b", re.IGNORECASE),
]


def fatalities(sentence: str) -> int | None:
    """The death count a sentence reports ("killing 8 people", "at least 22 ... were killed"), or None."""
    for pattern in _FATALITIES:
        m = pattern.search(sentence)
        if m:
            raw = m.group("n").lower().replace(",", "")
            return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    return None
