"""Mentions re-read by extraction: a province's name as its town, a town's name as its province, and place names
the words call places ("the village of X") that the geoparser did not resolve."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class TownMention:
    """A mention re-read as the town that shares its province's name, carrying the town's Location."""

    def __init__(self, mention: Any, town: Any) -> None:
        self.start, self.end, self.text, self.location = mention.start, mention.end, mention.text, town
        self.geonameid, self.country_code, self.admin1 = town.geonameid, town.country_code, town.admin1
        self.kind, self.confidence = "city", min(float(town.confidence), float(mention.confidence or 1.0))
        self.alternatives = list(getattr(mention, "alternatives", []) or [])


class AreaMention:
    """A mention re-read as the admin-1 area it names, carrying that area's Location."""

    def __init__(self, mention: Any, location: Any, geometry: Any, confidence: float | None) -> None:
        self.start, self.end, self.text, self.location = mention.start, mention.end, mention.text, location
        self.geometry, self.geonameid, self.country_code = geometry, location.geonameid, location.country_code
        self.admin1, self.kind, self.confidence = location.admin1, "admin1", confidence
        self.alternatives = [
            {"name": a.name, "geonameid": a.geonameid, "score": round(float(sc), 4)}
            for a, sc in location.alternatives
        ]


_NAME = r"[A-Z][\w'\u2019-]*(?:[\s-](?:al|el|ad|ar|as|ash|at|az|ibn|bin|[A-Z][\w'\u2019-]*))*"
_NAMED_PLACE = re.compile(
    rf"\b(?:village|town|city|hamlet|neighbou?rhood|district|camp|area)\s+of\s+(?P<name>{_NAME})"
    rf"|\b(?P<name2>{_NAME})\s+(?:village|camp)\b"
    rf"|\bbetween\s+(?P<name3>{_NAME})\s+and\s+(?P<name4>{_NAME})"
)


@dataclass(frozen=True)
class UnrecognisedPlace:
    """A name the words call a place ("the village of X") that the geoparser did not resolve."""

    start: int
    end: int
    text: str
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None


def unrecognised_places(text: str, mentions: Sequence[Any]) -> list[UnrecognisedPlace]:
    """Places named with a place word that no mention covers, so that events there are reported
    unplaced with the name instead of silently losing it (villages are often missing offline)."""
    out = []
    for m in _NAMED_PLACE.finditer(text):
        for group in ("name", "name2", "name3", "name4"):  # "between Jowhar and Balcad" names two
            if not m.group(group):
                continue
            start, end = m.span(group)
            if not any(x.start < end and start < x.end for x in mentions):
                out.append(UnrecognisedPlace(start, end, m.group(group)))
    return out
