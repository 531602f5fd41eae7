"""``Location``: a geopy Location that also says which place it is, how sure we are and what else it could be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geopy.location import Location as GeopyLocation
from geopy.point import Point

KINDS = ("city", "admin1", "admin2", "country", "other")


class Location(GeopyLocation):
    """One resolved place. Works wherever a ``geopy.location.Location`` does.

    ``geometry`` is built on first access (a shapely Point, or the admin area's or country's
    polygon), so resolving thousands of names never pays for shapely objects nobody looks at.
    ``alternatives`` lists the other places the name could denote, as ``(Location, score)`` with
    scores on the same scale as ``confidence``.
    """

    # slots, not a __dict__: a batch of 100,000 names keeps 100,000 of these
    __slots__ = (
        "_alternatives", "_geometry", "_pending", "_wkb", "admin1", "admin2", "confidence", "country",
        "country_code", "evidence", "feature_code", "geonameid", "kind", "matched", "name", "population", "source",
    )  # fmt: skip

    def __init__(
        self,
        *,
        name: str,
        latitude: float,
        longitude: float,
        geonameid: int | None,
        country_code: str | None,
        country: str | None,
        admin1: str | None,
        admin2: str | None,
        feature_code: str | None,
        kind: str,
        population: int,
        source: str,
        matched: str,
        confidence: float,
        alternatives: list[tuple[Location, float]] | None = None,
        wkb: bytes | Callable[[], bytes | None] | None = None,
        raw: dict[str, Any] | None = None,
        address: str | None = None,
    ) -> None:
        self.name, self.geonameid, self.kind, self.source = name, geonameid, kind, source
        self.country_code, self.country, self.admin1, self.admin2 = country_code, country, admin1, admin2
        self.feature_code, self.population, self.matched = feature_code, population, matched
        self.confidence = confidence
        self.evidence: Any = None  # gazetteer.confidence.Evidence of a resolved name's answer
        self._alternatives = alternatives if alternatives is not None else []
        self._pending: Callable[[], list[Location]] | None = None
        self._wkb = wkb
        self._geometry = None
        if address is None:
            address = ", ".join(dict.fromkeys(p for p in (name, admin2, admin1, country) if p))
        info = {
            "geonameid": geonameid,
            "name": name,
            "country_code": country_code,
            "admin1": admin1,
            "admin2": admin2,
            "feature_code": feature_code,
            "kind": kind,
            "population": population,
            "source": source,
        }
        super().__init__(address, Point(latitude, longitude), info if raw is None else {**info, **raw})

    @property
    def alternatives(self) -> list[tuple[Location, float]]:
        """The other places the name could denote, best first, as ``(Location, score)``."""
        if self._pending is not None:
            self._alternatives = [(loc, loc.confidence) for loc in self._pending()]
            self._pending = None
        return self._alternatives

    @alternatives.setter
    def alternatives(self, value: list[tuple[Location, float]]) -> None:
        self._alternatives, self._pending = value, None

    def defer_alternatives(self, build: Callable[[], list[Location]]) -> None:
        """Build the alternatives with ``build`` on first access (most batch callers never look)."""
        self._pending = build

    @property
    def geometry(self):
        """The place's shapely geometry: its polygon when it has one, else its point."""
        if self._geometry is None:
            import shapely

            self._geometry = (
                shapely.from_wkb(self._polygon_wkb())
                if self.has_polygon
                else shapely.Point(self.longitude, self.latitude)
            )
        return self._geometry

    @property
    def has_polygon(self) -> bool:
        """True when ``geometry`` is an area rather than a point."""
        return bool(self._wkb)

    def _polygon_wkb(self) -> bytes | None:
        if callable(self._wkb):  # fetched from the index on first use
            self._wkb = self._wkb()
        return self._wkb

    def to_dict(self, alternatives: bool = True) -> dict[str, Any]:
        """A JSON-ready summary (no geometry), with the alternatives when asked."""
        out = {
            "name": self.name,
            "address": self.address,
            "lat": round(self.latitude, 6),
            "lon": round(self.longitude, 6),
            "geonameid": self.geonameid,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "feature_code": self.feature_code,
            "kind": self.kind,
            "population": self.population,
            "source": self.source,
            "matched": self.matched,
            "confidence": round(self.confidence, 3),
        }
        if alternatives:
            out["alternatives"] = [
                {**alt.to_dict(alternatives=False), "score": round(score, 3)}
                for alt, score in self.alternatives
            ]
        return out

    def __repr__(self) -> str:
        return (
            f"Location({self.address!r}, ({self.latitude:.5f}, {self.longitude:.5f}), kind={self.kind!r}, "
            f"geonameid={self.geonameid}, confidence={self.confidence:.2f})"
        )

    def __getstate__(self):
        self.alternatives  # noqa: B018 (build deferred alternatives: the builder cannot be pickled)
        self._polygon_wkb()  # likewise fetch a deferred polygon
        return super().__getstate__(), {k: getattr(self, k) for k in Location.__slots__ if k != "_geometry"}

    def __setstate__(self, state) -> None:
        base, attrs = state
        super().__setstate__(base)
        for k, v in attrs.items():
            setattr(self, k, v)
        self._geometry = None


#: Every status a :class:`Resolution` can have.
STATUSES = ("placed", "ambiguous", "not_found", "not_a_place", "outside_country")


class Resolution:
    """The outcome of resolving one name, for callers that report what could not be placed and why.

    ``status``: ``placed`` (``location`` is the answer), ``ambiguous`` (candidates exist, but the best one's
    confidence is below the threshold asked for), ``not_found`` (nothing in the gazetteer is named or spelled
    like it), ``not_a_place`` (a placeholder, a lone particle or a generic phrase) or ``outside_country``
    (places of that name exist, but only outside the country the input is framed by). ``reason`` is one line
    for an unplaced report ("" when placed; for ``not_found`` and ``outside_country`` it names the closest
    names inside the country). ``candidates`` are the places considered, best first: for ``placed`` the
    location and its alternatives, for ``ambiguous`` the candidates below the threshold, for
    ``outside_country`` the places abroad that were refused.
    """

    __slots__ = ("_candidates", "_reason", "location", "query", "status")

    def __init__(
        self,
        query: str,
        status: str,
        location: Location | None = None,
        reason: str | Callable[[], str] = "",
        candidates: list[Location] | Callable[[], list[Location]] | None = None,
    ) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.query, self.status, self.location, self._reason = query, status, location, reason
        self._candidates = candidates  # a list, or a function building it on first access

    @property
    def reason(self) -> str:
        """One line for an unplaced report (built on first access: the closest names take a search)."""
        if callable(self._reason):
            self._reason = self._reason()
        return self._reason

    @property
    def placed(self) -> bool:
        """True when the name was placed (``location`` is set)."""
        return self.status == "placed"

    @property
    def candidates(self) -> list[Location]:
        """The places considered, best first (built on first access for batch results)."""
        if callable(self._candidates):
            self._candidates = self._candidates()
        if self._candidates is None:
            loc = self.location
            self._candidates = [loc, *(alt for alt, _ in loc.alternatives)] if loc is not None else []
        return self._candidates

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: query, status, reason, the placed location and the candidates."""
        return {
            "query": self.query,
            "status": self.status,
            "reason": self.reason,
            "result": self.location.to_dict() if self.location is not None else None,
            "candidates": [c.to_dict(alternatives=False) for c in self.candidates],
        }

    def __repr__(self) -> str:
        return f"Resolution({self.query!r}, {self.status!r}, {self.location!r}, reason={self.reason!r})"
