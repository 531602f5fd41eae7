"""``Gazetteer``: find every place a name could denote, rank them, and say how sure the best one is.

Ranking adds, per candidate, a log-population prior, bonuses for capitals and admin seats, and
penalties for a worse match (alternate name, spelling variant, fuzzy), a different country than the
hint, distance from a ``near`` point, and a kind other than the one asked for (an admin word in the
query, such as "province", asks for an admin area). Scores become probabilities with a softmax; the
confidence is the probability mass of the candidates that lie within 50 km of the best one (so a city
and the district named after it do not compete), scaled down for variant and fuzzy matches.
"""

from __future__ import annotations

import functools
import math
import os
import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from gazetteer import names as _names
from gazetteer.confidence import MIN_CONFIDENCE, Evidence
from gazetteer.distance import haversine_km as haversine_km  # re-exported: reverse, geoparse, extract use it
from gazetteer.distance import km as _km
from gazetteer.exc import GazetteerError
from gazetteer.frame import ASSOCIATED, CountryFrame
from gazetteer.index import Index, PlaceRow, ensure_index
from gazetteer.location import KINDS, Location, Resolution
from gazetteer.pool import CountryPool

MAIN, ALTERNATE, VARIANT, FUZZY, DEMONYM = 0, 1, 2, 3, 4
MATCH_NAMES = {MAIN: "name", ALTERNATE: "alternate", VARIANT: "variant", FUZZY: "fuzzy", DEMONYM: "demonym"}
#: Score penalty per match quality (the confidence itself is calibrated in :mod:`gazetteer.confidence`).
MATCH_PENALTY = {MAIN: 0.0, ALTERNATE: 0.3, VARIANT: 1.0, FUZZY: 2.0, DEMONYM: 0.3}
FCODE_BONUS = {
    "PPLC": 1.0, "PPLG": 0.5, "PPLA": 0.5, "PPLA2": 0.25, "PPLA3": 0.1,
    "PPLX": -0.7, "PPLL": -0.3, "PPLF": -0.3, "PPLR": -0.3, "PPLH": -1.5, "PPLQ": -1.5, "PPLW": -1.5,
}  # fmt: skip
KIND_BONUS = {"country": 1.0, "admin1": -0.5, "admin2": -1.5, "city": 0.0, "other": -0.5}
#: Larger than any population gap: precedence is strict (user files > imported layers > supplement > GeoNames).
SOURCE_BONUS = {"user": 28.0, "layer": 18.0, "supplement": 8.0}
COUNTRY_PENALTY = 4.0
KIND_PENALTY = 4.0
SAME_PLACE_KM = 50.0
FUZZY_CUTOFF = 87.0
VARIANT_SIMILARITY = 50.0
#: Inside a known country spelling variants may differ more (the pool is that country's places only).
COUNTRY_VARIANT_SIMILARITY = 35.0
#: Score bonus for a candidate inside an admin area the query names ("Rami, Idlib").
AREA_BONUS = 3.0
#: Score bonus for a village of unknown size inside a district that bears the same name: it is that district's
#: seat (two Somali villages are called Qardho; the one in Qardho district is the Puntland town).
SEAT_BONUS = 1.5
MAX_ALTERNATIVES = 5

_SIZED_VARIANT_SQL = (
    "SELECT p.* FROM variants v JOIN places p ON p.id = v.place WHERE v.key = ? AND p.population > 0"
)
# "Name, Qualifier" or "Name (Qualifier)": the qualifier may name the country or an admin area.
_QUALIFIED = re.compile(r"^\s*([^,()]+?)\s*(?:,\s*([^,()]+?)|\(\s*([^,()]+?)\s*\))\s*$")

_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def _prior(row: PlaceRow, quality: int) -> float:
    """Context-free score of one candidate."""
    return (
        math.log10(max(row.population, 100))
        + KIND_BONUS.get(row.kind, 0.0)
        + FCODE_BONUS.get(row.fcode or "", 0.0)
        + SOURCE_BONUS.get(row.source, 0.0)
        - MATCH_PENALTY[quality]
    )


def _ratio(a: str, b: str) -> float:
    """rapidfuzz's ratio (0-100), imported on first use."""
    from rapidfuzz.fuzz import ratio

    return ratio(a, b)


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


class Gazetteer:
    """Offline place-name resolution over GeoNames, Natural Earth admin areas and your own places.

    ``places``: user place files (CSV or GeoJSON, see :mod:`gazetteer.places`) whose entries win over
    every bundled place of the same name. ``layers``: names of imported layers to consult
    (:mod:`gazetteer.layers`; default all, ``[]`` none). ``online``: an optional geopy geocoder (or an
    :class:`gazetteer.online.OnlineFallback`) asked only for names the offline data lacks.
    ``cache_dir``: where the index is built and kept (default :func:`gazetteer.index.cache_dir`).
    """

    def __init__(
        self,
        places: Iterable[str | os.PathLike[str]] | None = None,
        online: Any = None,
        cache_dir: str | os.PathLike[str] | None = None,
        layers: Iterable[str] | None = None,
    ) -> None:
        from gazetteer.layers import with_layers

        self.index = with_layers(Index(ensure_index(cache_dir)), layers, cache_dir)
        self._user = None
        if places:
            from gazetteer.places import UserPlaces

            self._user = UserPlaces.load(places)
        self.online = None
        if online is not None:
            from gazetteer.online import OnlineFallback

            self.online = online if isinstance(online, OnlineFallback) else OnlineFallback(online)
        self._memo: dict[tuple, Location | Resolution] = {}
        self._why: dict[str, Resolution] = {}
        self._pools: dict[frozenset[str], CountryPool] = {}
        self._lookup = lru_cache(maxsize=2048)(self._lookup_uncached)
        self._prefix_pool = lru_cache(maxsize=64)(self.index.keys_with_prefix)  # pools are large
        self._reverse_trees: dict[str, Any] = {}
        self._cities: tuple | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide offline gazetteer with default options, opened (or built) once."""
        global _DEFAULT
        if _DEFAULT is None:
            with _DEFAULT_LOCK:
                if _DEFAULT is None:
                    _DEFAULT = cls()
        return _DEFAULT

    # -- looking names up ------------------------------------------------------------------------

    def _non_place_reason(self, key: str) -> str | None:
        """:func:`gazetteer.names.non_place_reason`, except for a particle the index holds as a large town's
        own name ("Beni", see :data:`gazetteer.records.PARTICLE_TOWN_POPULATION`)."""
        why = _names.non_place_reason(key)
        if why and key in _names.PARTICLES and any(q == 0 for _, q in self._exact(key)):
            return None
        return why

    def _exact(self, key: str) -> list[tuple[PlaceRow, int]]:
        found = self.index.lookup(key)
        if self._user is not None:
            found = self._user.lookup(key) + found
        return found

    def _lookup_uncached(self, key: str) -> tuple[tuple[tuple[PlaceRow, int], ...], str | None]:
        """Candidates for a normalised key, best match tier only, and the admin level the query asked for."""
        base, level = _names.split_admin(key)
        found = self._exact(key)
        if level:
            found = found + self._exact(base)
        if not found:
            found = self._variants(key, base)
        elif not level and all(row.kind.startswith("admin") for row, _ in found):
            # A bare name that is exactly only an admin area ("Deir al-Balah") may still be the town the
            # area is named after, spelled otherwise in GeoNames ("Dayr al Balah"): add such towns inside
            # the area, so that the ranking prefers the town as it does for "Sweida".
            areas = {row.admin1 for row, _ in found}
            found = found + [
                (r, q) for r, q in self._variants(key, key) if r.kind == "city" and r.admin1 in areas
            ]
        elif not level and all(row.source == "wof" and not row.population for row, _ in found):
            # A name known exactly only as villages of unknown size ("Qamishli" in Afghanistan) may still be
            # a well-known town GeoNames spells otherwise ("Al Qamishli"): let the ranking weigh both (only
            # towns of known size: other villages spelled alike would only crowd the candidates).
            found = found + self._variants(key, base, known_size=True)
        best: dict[int, tuple[PlaceRow, int]] = {}
        for row, quality in found:
            if row.id not in best or quality < best[row.id][1]:
                best[row.id] = (row, quality)
        return tuple(best.values()), level

    def _variants(
        self, key: str, base: str, similarity: float = VARIANT_SIMILARITY, known_size: bool = False
    ) -> list[tuple[PlaceRow, int]]:
        """Places whose spelling variant key is that of ``key`` (or of ``base``, its name without the
        admin word) and whose name is still spelled somewhat alike (``similarity``, a rapidfuzz ratio:
        consonant skeletons collide); with ``known_size``, only places with a population."""
        found: list[tuple[PlaceRow, int]] = []
        for k in dict.fromkeys([key, base]):
            variant = _names.variant_key(k)
            if variant:
                if known_size:
                    more = [
                        (PlaceRow._make(r[:13]), VARIANT)
                        for r in self.index.query(_SIZED_VARIANT_SQL, (variant,))
                    ]
                else:
                    more = self.index.lookup_variant(variant)
                if self._user is not None:
                    more = self._user.lookup_variant(variant) + more
                bare = _names.strip_articles(k)
                found += [
                    (row, q)
                    for row, q in more
                    if _ratio(bare, _names.strip_articles(_names.normalize(row.name))) >= similarity
                ]
        return found

    def _fuzzy(self, key: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """Name keys close to ``key`` by rapidfuzz ratio, among keys sharing its first letters.

        Sharing the first three letters keeps the pool small enough to search
        in about a millisecond; a typo in the first letters is left to the variant keys.
        """
        from rapidfuzz import fuzz, process

        if len(key) < 4:
            return []
        prefix = key[:3]
        pool = self._prefix_pool(prefix)
        if self._user is not None:
            pool = pool + [k for k in self._user.keys if k.startswith(prefix)]
        hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(k, score) for k, score, _ in hits]

    def is_name(self, text: str) -> bool:
        """True when ``text`` (normalised) is exactly a name or alias of some place."""
        key = _names.normalize(text)
        return bool(key) and (
            bool(self.index.known([key])) or (self._user is not None and key in self._user.keys)
        )

    def known(self, texts: Iterable[str]) -> set[str]:
        """Bulk :meth:`is_name`: the normalised keys among ``texts`` that name some place."""
        keys = {k for k in map(_names.normalize, texts) if k}
        found = self.index.known(keys)
        if self._user is not None:
            found |= keys & self._user.keys
        return found

    # -- ranking ---------------------------------------------------------------------------------

    def country_code(self, country: str | None) -> str | None:
        """The ISO alpha-2 code of a country given as a code (SY, SYR) or a name; GazetteerError if unknown."""
        if not country:
            return None
        text = country.strip()
        if len(text) == 2 and text.upper() in self.index.country_names:
            return text.upper()
        if len(text) == 3 and text.upper() in self.index.iso3:
            return self.index.iso3[text.upper()]
        key = _names.normalize(text)
        for row, _ in self._exact(key):
            if row.kind == "country":
                return row.cc
        raise GazetteerError(f"unknown country {country!r}: give an ISO 3166 code (SY) or a country name")

    def _rank(
        self,
        key: str,
        candidates: Sequence[tuple[PlaceRow, int]],
        level: str | None,
        cc: str | None,
        near: tuple[float, float] | None,
        kind: str | None,
        areas: frozenset[str] = frozenset(),
    ) -> list[tuple[PlaceRow, int, float]]:
        """Candidates with their probabilities, best first."""
        # An admin area sharing its name with a city inside it is named after that city: without an
        # admin word in the query ("Sweida", not "Sweida province") the city is meant.
        city_admin1 = {row.admin1 for row, _ in candidates if row.kind == "city"}
        districts = {row.admin2 for row, _ in candidates if row.kind == "admin2" and row.admin2}
        bare = _names.strip_articles(key)
        scores = []
        for row, quality in candidates:
            s = _prior(row, quality)
            if quality in (VARIANT, FUZZY):  # spelling variants collide: prefer the closer spelling
                s -= (100.0 - _ratio(bare, _names.strip_articles(_names.normalize(row.name)))) / 20.0
            if not level and row.kind.startswith("admin") and row.admin1 in city_admin1:
                s -= 2.0
            if cc and row.cc != cc:
                s -= COUNTRY_PENALTY
            if near is not None:
                s -= min(4.0, haversine_km(near[0], near[1], row.lat, row.lon) / 250.0)
            if kind and row.kind != kind:
                s -= KIND_PENALTY
            if row.kind == "city" and not row.population and row.admin2 in districts:
                s += SEAT_BONUS
            if areas and (row.admin1 in areas or row.admin2 in areas):
                s += AREA_BONUS
            if level:
                s += 3.0 if row.kind == level else 1.5 if row.kind.startswith("admin") else -3.0
            scores.append(s)
        probs = _softmax(scores)
        ranked = sorted(zip(candidates, probs, strict=True), key=lambda t: -t[1])
        return [(row, quality, p) for (row, quality), p in ranked]

    def _location(self, row: PlaceRow, quality: int, matched: str, confidence: float) -> Location:
        def user_or(lookup, code):  # user places carry admin names, bundled ones carry codes
            return code if row.source == "user" else lookup(code)

        wkb = None
        if row.geom is not None:  # polygons are read from the index only when someone asks
            wkb = (
                self._user.wkb(row.geom)
                if row.geom < 0 and self._user is not None
                else functools.partial(self.index.wkb, row.geom)
            )
        return Location(
            name=row.name,
            latitude=row.lat,
            longitude=row.lon,
            geonameid=row.geonameid,
            country_code=row.cc,
            country=self.index.country_names.get(row.cc or ""),
            admin1=row.name if row.kind == "admin1" else user_or(self.index.admin_name, row.admin1),
            admin2=row.name if row.kind == "admin2" else user_or(self.index.admin_name, row.admin2),
            feature_code=row.fcode,
            kind=row.kind,
            population=row.population,
            source=row.source,
            matched=matched,
            confidence=confidence,
            wkb=wkb,
            raw={"match": MATCH_NAMES[quality]},
        )

    # -- resolving -------------------------------------------------------------------------------

    def _qualified(self, query: str) -> tuple[str, str | None, frozenset[str], str | None]:
        """The name's key, and what a trailing qualifier names: "Tripoli, Libya" and "Tripoli (Libya)" name a
        country (its ISO code), "Rami, Idlib" an admin area (its codes). A tail that names neither stays
        part of the name, and the name before it is returned last, to try when the whole is unknown."""
        m = _QUALIFIED.match(query)
        if m:
            head, tail = _names.normalize(m.group(1)), _names.normalize(m.group(2) or m.group(3))
            if head and tail and _names.non_place_reason(head) is None:
                rows = [
                    row
                    for row, q in self._exact(tail) or self._exact(_names.split_admin(tail)[0])
                    if q != DEMONYM
                ]
                countries = {row.cc for row in rows if row.kind == "country"}
                if len(countries) == 1:
                    return head, countries.pop(), frozenset(), None
                areas = frozenset(
                    (row.admin2 if row.kind == "admin2" else row.admin1) or ""
                    for row in rows
                    if row.kind in ("admin1", "admin2")
                ) - {""}
                if areas:
                    return head, None, areas, None
                return _names.normalize(query), None, frozenset(), head
        return _names.normalize(query), None, frozenset(), None

    def _pool(self, frame: CountryFrame) -> CountryPool:
        """The places inside ``frame`` (its countries and their associated territories), read once."""
        codes = frozenset(frame.countries | {a for c in frame.countries for a in ASSOCIATED.get(c, ())})
        if codes not in self._pools:
            self._pools[codes] = CountryPool.read(self.index, codes)
        return self._pools[codes]

    def _allowed(self, frame: CountryFrame, row: PlaceRow, quality: int) -> bool:
        return frame.allows_place(row.cc, row.kind, row.fcode, row.population, MATCH_NAMES[quality])

    def _candidates(
        self, key: str, frame: CountryFrame
    ) -> tuple[Sequence[tuple[PlaceRow, int]], str | None, list[tuple[PlaceRow, int]]]:
        """(candidates the frame allows, the admin level asked for, candidates it refused).

        World-wide: exact names, else close spelling variants, else a close fuzzy name. Inside a country,
        when no allowed place has the name, looser matching is tried against that country's places only:
        variants spelled less alike, the loose key, then a fuzzy ratio with a lower cutoff.
        """
        found, level = self._lookup(key)
        if not frame.active:
            if not found:
                close = self._fuzzy(key, FUZZY_CUTOFF, 3)
                if close:
                    found = tuple((row, FUZZY) for row, _ in self._exact(close[0][0]))
            return found, level, []
        allowed = [(r, q) for r, q in found if self._allowed(frame, r, q)]
        refused = [(r, q) for r, q in found if not self._allowed(frame, r, q)]
        if allowed:
            return allowed, level, refused
        base, level = _names.split_admin(key)
        inside = [
            (r, VARIANT)
            for r, _ in self._variants(key, base, COUNTRY_VARIANT_SIMILARITY)
            if frame.inside(r.cc)
        ]
        if not inside:
            pool = self._pool(frame)
            inside = [(r, VARIANT) for r in pool.loose(base)]
            if not inside:
                inside = [(r, FUZZY) for r, _ in pool.fuzzy(base)]
            if not inside and not refused:
                refused = [(r, q) for r, q in self._variants(key, base) if not frame.inside(r.cc)]
        best: dict[int, tuple[PlaceRow, int]] = {}
        for row, quality in inside:
            if row.id not in best or quality < best[row.id][1]:
                best[row.id] = (row, quality)
        return list(best.values()), level, refused

    def _row(self, ref: PlaceRow | int) -> PlaceRow:
        """A place row, given itself or its id in the index."""
        return ref if isinstance(ref, PlaceRow) else self.index.place(ref)

    def _label(self, row: PlaceRow) -> str:
        return f"{row.name} ({row.cc})" if row.cc else row.name

    def resolve(
        self,
        query: str,
        country: str | None = None,
        near: Any = None,
        kind: str | None = None,
        min_confidence: float | None = None,
        limit: int = 1,
    ) -> Resolution:
        """Resolve one name to a :class:`~gazetteer.location.Resolution`: placed, or why not, with candidates.

        ``country`` frames the answer (:mod:`gazetteer.frame`): a place outside it is returned only when the
        query names that other country ("Tripoli, Libya", "Tripoli (Libya)") or names a capital or a very
        large city exactly. ``min_confidence`` (default :data:`MIN_CONFIDENCE`): below it the name is
        ``ambiguous``. ``limit``: how many candidates to build eagerly (1 defers the alternatives).
        """
        if kind is not None and kind not in KINDS:
            raise GazetteerError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        if near is not None:
            near = (
                (near.latitude, near.longitude)
                if hasattr(near, "latitude")
                else (float(near[0]), float(near[1]))
            )
        threshold = MIN_CONFIDENCE if min_confidence is None else float(min_confidence)
        why = self._non_place_reason(_names.normalize(query))
        if why:
            return Resolution(query, "not_a_place", reason=why)
        key, named, areas, head = self._qualified(query)
        cc = self.country_code(country)
        frame = CountryFrame.of(cc).naming([named] if named else [])
        found, level, refused = self._candidates(key, frame)
        for inner in (head, _names.strip_feature(key)):
            if found or not inner:
                continue
            # "Tripoli (N. Lebanon)" or "Deir ez Zor airport" unknown as a whole: the place named inside
            found, level, more = self._candidates(inner, frame)
            refused = refused or more
            key = inner if found else key
        if not found:
            return self._unfound(query, key, frame, refused)
        ranked = self._rank(key, found, level, named or cc, near, kind, areas)
        best_row, best_quality, _ = ranked[0]

        def evidence(row: PlaceRow, quality: int, p: float) -> Evidence:
            """The answer's evidence; for a spelling variant or a fuzzy match, how alike the query and the
            place's name are spelled once the transliteration alternations are merged (Hodeidah and Hudaydah
            differ only by those) and letter by letter."""
            similarity = letters = 100.0
            if quality in (VARIANT, FUZZY):
                name = _names.normalize(row.name)
                similarity = _names.spelling_similarity(key, name)
                letters = _ratio(*(_names.strip_articles(k).replace(" ", "") for k in (key, name)))
            return Evidence(p, MATCH_NAMES[quality], similarity, frame.active, row.population, letters)

        def confidence(row: PlaceRow, quality: int, p: float) -> float:
            return evidence(row, quality, p).confidence()

        mass = min(
            1.0,
            sum(
                p
                for row, _, p in ranked
                if _km(best_row.lat, best_row.lon, row.lat, row.lon) <= SAME_PLACE_KM
            ),
        )
        best_evidence = evidence(best_row, best_quality, mass)
        best = self._location(best_row, best_quality, query, best_evidence.confidence())
        best.evidence = best_evidence  # what the confidence was calibrated on (scripts/fit_confidence.py)
        others = sorted(  # alternatives by their own confidence
            ((r, q, confidence(r, q, p)) for r, q, p in ranked[1 : max(limit, MAX_ALTERNATIVES + 1)]),
            key=lambda t: -t[2],
        )
        if limit == 1:  # alternatives and candidates are built only when someone looks at them
            # a batch keeps many results: keep only the ids of bundled alternatives, read back on demand
            kept = [(r if r.source == "user" else r.id, q, c) for r, q, c in others[:MAX_ALTERNATIVES]]
            best.defer_alternatives(lambda: [self._location(self._row(r), q, query, c) for r, q, c in kept])
            candidates: Any = None  # a placed Resolution lists the location and its alternatives
        else:
            rest = [self._location(r, q, query, c) for r, q, c in others]
            best.alternatives = [(loc, loc.confidence) for loc in rest[:MAX_ALTERNATIVES]]
            candidates = [best, *rest][:limit]
        if best.confidence >= threshold:
            return Resolution(query, "placed", best, candidates=candidates)
        listed = "; ".join(
            f"{self._label(r)} {c:.2f}"
            for r, _, c in [(best_row, best_quality, best.confidence), *others][:MAX_ALTERNATIVES]
        )
        reason = (
            f"ambiguous: the best candidate, {self._label(best_row)}, has confidence {best.confidence:.2f}"
            f" < {threshold:.2f}; candidates: {listed}"
        )
        return Resolution(
            query,
            "ambiguous",
            None,
            reason,
            candidates or (lambda: [best, *(a for a, _ in best.alternatives)]),
        )

    def _unfound(
        self, query: str, key: str, frame: CountryFrame, refused: list[tuple[PlaceRow, int]]
    ) -> Resolution:
        """The Resolution of a name with no candidate the frame allows: outside the country, or not found.
        The reason, which names the closest names (a fuzzy search), is built when someone reads it."""
        where = frame.describe()
        rows = sorted(refused, key=lambda t: -_prior(*t))[:MAX_ALTERNATIVES]

        def reason() -> str:
            close = self.suggest(key, country=where or None)
            inside = f" in {where}" if where else ""
            closest = f"closest names{inside}: " + "; ".join(close) if close else f"no similar name{inside}"
            if rows:
                abroad = "; ".join(f"{self._label(r)} ({MATCH_NAMES[q]})" for r, q in rows)
                return f"outside {where}: only {abroad} has that name or spelling; {closest}"
            if where:
                return f"not in the gazetteer inside {where}; {closest}"
            if close:
                return "not in the gazetteer; closest names: " + "; ".join(close)
            return "not in the gazetteer and no similar name"

        if rows:
            return Resolution(
                query,
                "outside_country",
                reason=reason,
                candidates=lambda: [self._location(r, q, query, 0.0) for r, q in rows],
            )
        return Resolution(query, "not_found", reason=reason)

    # -- public API ------------------------------------------------------------------------------

    def geocode(
        self,
        query: str,
        country: str | None = None,
        near: Any = None,
        kind: str | None = None,
        exactly_one: bool = True,
        min_confidence: float | None = None,
    ) -> Location | list[Location] | None:
        """Resolve one place name, geopy-style.

        ``country``: ISO code or name of the country the name is in: places outside it are refused unless the
        query names them (see :meth:`resolve`). ``near``: a ``(lat, lon)`` (or geopy Point/Location) to
        prefer places close to. ``kind``: prefer ``city``, ``admin1``, ``admin2``, ``country`` or ``other``.
        ``min_confidence`` (default :data:`gazetteer.MIN_CONFIDENCE`): below it, None. Returns the best
        Location (with ``alternatives``) or None, or with ``exactly_one=False`` a list of Locations best
        first (empty when the name is not placed). :meth:`resolve` says why a name was not placed.
        """
        res = self.resolve(query, country, near, kind, min_confidence, 1 if exactly_one else 10)
        if res.status == "not_found" and self.online is not None:
            answer = self.online.geocode(query, country=self.country_code(country))
            if answer is not None and CountryFrame.of(self.country_code(country)).allows(answer):
                res = Resolution(query, "placed", answer)
        if exactly_one:
            return res.location
        return res.candidates if res.placed else []

    def resolve_many(
        self,
        names: Iterable[str],
        country: str | Sequence[str | None] | None = None,
        min_confidence: float | None = None,
    ) -> list[Resolution]:
        """:meth:`resolve` over a batch, one Resolution per name, each distinct (name, country) resolved once.

        ``country``: one code for all names, or one per name (None where unknown).
        """
        names = list(names)
        countries = [country] * len(names) if country is None or isinstance(country, str) else list(country)
        if len(countries) != len(names):
            raise GazetteerError(f"got {len(names)} names but {len(countries)} countries")
        if len(self._memo) > 100_000:  # bound the memory kept between batches
            self._memo.clear()
            self._why.clear()
        out = []
        memo, get, append = self._memo, self._memo.get, out.append
        for name, cc in zip(names, countries, strict=True):
            found = get(
                (name, cc, min_confidence)
            )  # a placed Location, or the Resolution of an unplaced name
            if found is None:
                if isinstance(name, str):
                    res = self.resolve(name, country=cc, min_confidence=min_confidence)
                else:
                    res = Resolution(str(name), "not_a_place", reason="empty name")
                if res.placed:
                    found = res.location
                else:
                    found = self._why[name] = res
                memo[(name, cc, min_confidence)] = found
            append(Resolution(name, "placed", found) if isinstance(found, Location) else found)
        return out

    def geocode_many(
        self,
        names: Iterable[str],
        country: str | Sequence[str | None] | None = None,
        min_confidence: float | None = None,
    ) -> list[Location | None]:
        """Resolve a batch, one Location or None per name (see :meth:`resolve_many`; the country frames each)."""
        return [res.location for res in self.resolve_many(names, country, min_confidence)]

    def candidates(self, name: str) -> list[Location]:
        """Every place ``name`` could denote (exact names, else spelling variants), best prior first.

        Each Location's ``confidence`` is its context-free prior probability among the candidates.
        No fuzzy matching: this is meant to be called for many n-grams of a text.
        """
        key = _names.normalize(name)
        if not key:
            return []
        found, level = self._lookup(key)
        if not found:
            return []
        return [
            self._location(row, q, name, p) for row, q, p in self._rank(key, found, level, None, None, None)
        ]

    def suggest(self, name: str, limit: int = 5, country: str | None = None) -> list[str]:
        """Names close to an unknown ``name``, for "did you mean" messages: ``"Homs (SY)"``.

        With ``country``, only names of places inside it.
        """
        key = _names.normalize(name)
        if country:
            frame = CountryFrame.of([c.strip() for c in country.split(",")])
            hits = self._pool(frame).fuzzy(_names.split_admin(key)[0], cutoff=60.0, limit=limit * 3)
            rows = [row for row, _ in hits]
        else:
            rows = []
            for k, _ in self._fuzzy(key, 60.0, limit * 3):
                found = sorted(self._exact(k), key=lambda t: -_prior(*t))
                if found:
                    rows.append(found[0][0])
        out: list[str] = []
        for row in rows:
            label = self._label(row)
            if label not in out:
                out.append(label)
        return out[:limit]

    def unresolved_reason(
        self, name: str, country: str | None = None, min_confidence: float | None = None
    ) -> str:
        """Why ``name`` (in ``country``) cannot be placed, naming the closest known names.

        Without ``country``, the reason of this name's last unplaced resolution in a batch
        (:meth:`resolve_many`, :meth:`geocode_many`), so a caller that kept only the name still reports the
        frame's or the threshold's reason.
        """
        if country is None and name in self._why:
            return self._why[name].reason
        res = self.resolve(name, country=country, min_confidence=min_confidence)
        if res.placed:  # placed alone, so left unplaced by its caller's context
            return (
                f"the name alone would be {res.location.address} (confidence {res.location.confidence:.2f})"
            )
        return res.reason

    def reverse(self, lat: float, lon: float) -> Location | None:
        """The populated place at or near a point, with country, admin-1 and admin-2 filled in.

        Country and admin-1 come from the polygons containing the point, else (and admin-2 always)
        from the nearest place within 100 km. Far from any place, the admin-1 area or country itself is
        returned; None in open sea. (See :mod:`gazetteer.reverse`.)
        """
        from gazetteer.reverse import reverse

        return reverse(self, lat, lon)
