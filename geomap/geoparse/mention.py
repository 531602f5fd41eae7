"""``Mention``: one place name found in a text, with where it is and how sure the resolver was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys of :meth:`Mention.to_dict`, in the order the batch contract writes them.
FIELDS = (
    "start",
    "end",
    "text",
    "lat",
    "lon",
    "geonameid",
    "country_code",
    "feature_code",
    "admin1",
    "kind",
    "confidence",
    "role",
    "alternatives",
)


@dataclass(slots=True)
class Mention:
    """A toponym in the text: ``text[start:end]``, resolved to ``location`` (None when unresolved,
    then ``reason`` says why)."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country_code: str | None = None
    feature_code: str | None = None
    admin1: str | None = None
    kind: str | None = None
    confidence: float = 0.0
    role: str | None = None
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None
    location: Any = field(default=None, repr=False, compare=False)

    @property
    def resolved(self) -> bool:
        return self.lat is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (without the ``location`` object); ``reason`` only for unresolved mentions."""
        out = {k: getattr(self, k) for k in FIELDS}
        if self.reason is not None:
            out["reason"] = self.reason
        return out


def alternative(loc: Any, score: float) -> dict[str, Any]:
    """The JSON form of a runner-up candidate."""
    return {
        "name": getattr(loc, "name", None),
        "geonameid": _int_or_none(getattr(loc, "geonameid", None)),
        "country_code": getattr(loc, "country_code", None),
        "score": round(float(score), 4),
    }


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def from_location(start: int, end: int, text: str, loc: Any, confidence: float, role: str | None,
                  alternatives: list[tuple[Any, float]]) -> Mention:  # fmt: skip
    """A resolved mention of ``loc``."""
    return Mention(
        start=start,
        end=end,
        text=text,
        lat=round(float(loc.latitude), 5),
        lon=round(float(loc.longitude), 5),
        geonameid=_int_or_none(getattr(loc, "geonameid", None)),
        country_code=getattr(loc, "country_code", None),
        feature_code=getattr(loc, "feature_code", None),
        admin1=getattr(loc, "admin1", None),
        kind=getattr(loc, "kind", None) or "other",
        confidence=round(float(confidence), 4),
        role=role,
        alternatives=[alternative(a, s) for a, s in alternatives],
        location=loc,
    )
