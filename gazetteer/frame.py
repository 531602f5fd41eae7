"""The country frame: one rule for every place geomap resolves when the country is known.

When the country of an input is known (``--country``, a country or iso column, a workflow option, the row's own
country, or the clear focus of a document), a place outside it is accepted only when the input itself names that
other country or a place in it: a Lebanese report's "Tripoli" stays in Lebanon, a Somali row's "Saakow" is never
a hamlet in Maine, but a Syrian article's "Ankara" (a capital: naming it names Turkey) and "strikes in Iraq" are
kept. Everything else outside the frame is refused, and the caller reports the name as unplaced with the
reason and the closest names inside the country.

The geocoder (:meth:`gazetteer.Gazetteer.geocode`), the table readers, the geoparser and event extraction all
apply this module, so the rule is written down once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

#: Territories whose places sources code under either of two ISO codes; a frame of one admits the other.
#: (GeoNames puts West Bank and Gaza places under PS, many event tables under IL; Western Sahara is EH or MA;
#: Kosovo XK or RS; records from before 2011 code South Sudan as Sudan; Northern Cyprus is coded CY.)
ASSOCIATED: dict[str, frozenset[str]] = {
    "PS": frozenset({"IL"}),
    "IL": frozenset({"PS"}),
    "EH": frozenset({"MA"}),
    "MA": frozenset({"EH"}),
    "XK": frozenset({"RS"}),
    "RS": frozenset({"XK"}),
    "SD": frozenset({"SS"}),
    "SS": frozenset({"SD"}),
}

#: Feature codes of places whose name alone names their country (a capital, a seat of government).
LANDMARK_FCODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PPLC", "PPLG"})
#: Population above which an exactly named city names its country too (Aleppo, Istanbul, Beirut).
LANDMARK_POPULATION = 1_000_000
#: Match tiers that count as the input naming the place itself (not a spelling variant or a fuzzy guess).
EXACT_MATCHES = frozenset({"name", "alternate", "demonym"})


def names_its_country(loc: Any) -> bool:
    """True when naming ``loc`` exactly also names its country: the country itself, a capital or a very large city.

    ``loc`` is a :class:`gazetteer.Location` (anything with ``kind``, ``feature_code``, ``population`` and
    ``raw["match"]``). A spelling variant or fuzzy match never qualifies: "Abu Shouk" must not reach Bishkek.
    """
    raw = getattr(loc, "raw", None) or {}
    return place_names_its_country(
        getattr(loc, "kind", None),
        getattr(loc, "feature_code", None),
        getattr(loc, "population", 0),
        raw.get("match", "name"),
    )


def place_names_its_country(
    kind: str | None, feature_code: str | None, population: int | None, match: str
) -> bool:
    """:func:`names_its_country` on the bare fields (the resolver applies it to index rows before building
    Locations)."""
    if match not in EXACT_MATCHES:
        return False
    if kind == "country":
        return True
    return (feature_code or "") in LANDMARK_FCODES or (
        kind == "city" and (population or 0) >= LANDMARK_POPULATION
    )


@dataclass(frozen=True)
class CountryFrame:
    """The countries an input is framed by (``countries``) and the other countries it names itself (``named``).

    An empty frame (no known country) allows everything. Codes are ISO 3166-1 alpha-2, upper case.
    """

    countries: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()

    @classmethod
    def of(cls, country: str | Iterable[str] | None, named: Iterable[str] = ()) -> CountryFrame:
        """A frame from one code, several codes or None (no frame); empty strings are ignored."""
        if country is None:
            codes: Iterable[str] = ()
        elif isinstance(country, str):
            codes = (country,)
        else:
            codes = country
        return cls(
            frozenset(c.strip().upper() for c in codes if c and c.strip()),
            frozenset(c.strip().upper() for c in named if c and c.strip()),
        )

    @property
    def active(self) -> bool:
        """True when a country is known, so that the frame refuses places outside it."""
        return bool(self.countries)

    def naming(self, codes: Iterable[str | None]) -> CountryFrame:
        """This frame, with ``codes`` added to the countries the input names itself."""
        extra = {c.upper() for c in codes if c}
        return self if extra <= self.named else CountryFrame(self.countries, self.named | extra)

    def inside(self, cc: str | None) -> bool:
        """True when ``cc`` is one of the frame's countries or a territory associated with one of them."""
        if not cc:
            return False
        cc = cc.upper()
        return cc in self.countries or any(cc in ASSOCIATED.get(c, ()) for c in self.countries)

    def allows(self, loc: Any) -> bool:
        """True when ``loc`` may be returned under this frame.

        Inside the frame; or in a country the input names; or a place whose exact name names its country
        (:func:`names_its_country`); or a place of no country (a continent, a sea).
        """
        if not self.active:
            return True
        return self.allows_place(
            getattr(loc, "country_code", None),
            getattr(loc, "kind", None),
            getattr(loc, "feature_code", None),
            getattr(loc, "population", 0),
            (getattr(loc, "raw", None) or {}).get("match", "name"),
        )

    def allows_place(
        self, cc: str | None, kind: str | None, feature_code: str | None, population: int | None, match: str
    ) -> bool:
        """:meth:`allows` on the bare fields of a place, matched by ``match`` (name, alternate, variant, fuzzy)."""
        if not self.active or not cc:
            return True
        return (
            self.inside(cc)
            or cc.upper() in self.named
            or place_names_its_country(kind, feature_code, population, match)
        )

    def split(self, items: Sequence[T], loc_of: Callable[[T], Any] = lambda x: x) -> tuple[list[T], list[T]]:
        """``items`` split into (allowed, refused) under this frame, each in the given order."""
        allowed: list[T] = []
        refused: list[T] = []
        for item in items:
            (allowed if self.allows(loc_of(item)) else refused).append(item)
        return allowed, refused

    def describe(self) -> str:
        """The frame in words, for unplaced reasons: ``"SY"`` or ``"SY, LB"``."""
        return ", ".join(sorted(self.countries))
