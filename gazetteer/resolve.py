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
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from gazetteer import names as _names
from gazetteer.exc import GazetteerError
from gazetteer.index import Index, PlaceRow, ensure_index
from gazetteer.location import KINDS, Location

MAIN, ALTERNATE, VARIANT, FUZZY, DEMONYM = 0, 1, 2, 3, 4
MATCH_NAMES = {MAIN: "name", ALTERNATE: "alternate", VARIANT: "variant", FUZZY: "fuzzy", DEMONYM: "demonym"}
#: Score penalty per match quality, and the factor applied to confidence.
MATCH_PENALTY = {MAIN: 0.0, ALTERNATE: 0.3, VARIANT: 1.0, FUZZY: 2.0, DEMONYM: 0.3}
MATCH_FACTOR = {MAIN: 1.0, ALTERNATE: 0.97, VARIANT: 0.8, FUZZY: 0.6, DEMONYM: 0.9}
FCODE_BONUS = {
    "PPLC": 1.0, "PPLG": 0.5, "PPLA": 0.5, "PPLA2": 0.25, "PPLA3": 0.1,
    "PPLX": -0.7, "PPLL": -0.3, "PPLF": -0.3, "PPLR": -0.3, "PPLH": -1.5, "PPLQ": -1.5, "PPLW": -1.5,
}  # fmt: skip
KIND_BONUS = {"country": 1.0, "admin1": -0.5, "admin2": -1.5, "city": 0.0, "other": -0.5}
SOURCE_BONUS = {"user": 16.0, "supplement": 8.0}  # larger than any population gap: precedence is strict
COUNTRY_PENALTY = 4.0
KIND_PENALTY = 4.0
SAME_PLACE_KM = 50.0
FUZZY_CUTOFF = 87.0
VARIANT_SIMILARITY = 50.0
MAX_ALTERNATIVES = 5

_CITY_SQL = "SELECT id, lat, lon FROM places WHERE kind = 'city'"

_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in kilometres, for numbers or NumPy arrays (which broadcast)."""
    import numpy as np  # imported on first use: opening the gazetteer stays fast

    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    )
    return 12742.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _prior(row: PlaceRow, quality: int) -> float:
    """Context-free score of one candidate."""
    return (
        math.log10(max(row.population, 100))
        + KIND_BONUS.get(row.kind, 0.0)
        + FCODE_BONUS.get(row.fcode or "", 0.0)
        + SOURCE_BONUS.get(row.source, 0.0)
        - MATCH_PENALTY[quality]
    )


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


class Gazetteer:
    """Offline place-name resolution over GeoNames, Natural Earth admin areas and your own places.

    ``places``: user place files (CSV or GeoJSON, see :mod:`gazetteer.places`) whose entries win over
    every bundled place of the same name. ``online``: an optional geopy geocoder (or an
    :class:`gazetteer.online.OnlineFallback`) asked only for names the offline data lacks.
    ``cache_dir``: where the index is built and kept (default :func:`gazetteer.index.cache_dir`).
    """

    def __init__(
        self,
        places: Iterable[str | os.PathLike[str]] | None = None,
        online: Any = None,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.index = Index(ensure_index(cache_dir))
        self._user = None
        if places:
            from gazetteer.places import UserPlaces

            self._user = UserPlaces.load(places)
        self.online = None
        if online is not None:
            from gazetteer.online import OnlineFallback

            self.online = online if isinstance(online, OnlineFallback) else OnlineFallback(online)
        self._memo: dict[tuple, Location | None] = {}
        self._lookup = lru_cache(maxsize=8192)(self._lookup_uncached)
        self._prefix_pool = lru_cache(maxsize=256)(self.index.keys_with_prefix)
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
            # a well-known town GeoNames spells otherwise ("Al Qamishli"): let the ranking weigh both.
            found = found + self._variants(key, base)
        best: dict[int, tuple[PlaceRow, int]] = {}
        for row, quality in found:
            if row.id not in best or quality < best[row.id][1]:
                best[row.id] = (row, quality)
        return tuple(best.values()), level

    def _variants(self, key: str, base: str) -> list[tuple[PlaceRow, int]]:
        """Places whose spelling variant key is that of ``key`` (or of ``base``, its name without the
        admin word) and whose name is still spelled somewhat alike (consonant skeletons collide)."""
        from rapidfuzz.fuzz import ratio

        found: list[tuple[PlaceRow, int]] = []
        for k in dict.fromkeys([key, base]):
            variant = _names.variant_key(k)
            if variant:
                more = self.index.lookup_variant(variant)
                if self._user is not None:
                    more = self._user.lookup_variant(variant) + more
                bare = _names.strip_articles(k)
                found += [
                    (row, q)
                    for row, q in more
                    if ratio(bare, _names.strip_articles(_names.normalize(row.name))) >= VARIANT_SIMILARITY
                ]
        return found

    def _fuzzy(self, key: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """Name keys close to ``key`` by rapidfuzz ratio, among keys sharing its first letters.

        Sharing the first three letters (two for short names) keeps the pool small enough to search
        in about a millisecond; a typo in the first letters is left to the variant keys.
        """
        from rapidfuzz import fuzz, process

        if len(key) < 4:
            return []
        prefix = key[: 3 if len(key) >= 6 else 2]
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
    ) -> list[tuple[PlaceRow, int, float]]:
        """Candidates with their probabilities, best first."""
        from rapidfuzz.fuzz import ratio

        # An admin area sharing its name with a city inside it is named after that city: without an
        # admin word in the query ("Sweida", not "Sweida province") the city is meant.
        city_admin1 = {row.admin1 for row, _ in candidates if row.kind == "city"}
        bare = _names.strip_articles(key)
        scores = []
        for row, quality in candidates:
            s = _prior(row, quality)
            if quality in (VARIANT, FUZZY):  # spelling variants collide: prefer the closer spelling
                s -= (100.0 - ratio(bare, _names.strip_articles(_names.normalize(row.name)))) / 20.0
            if not level and row.kind.startswith("admin") and row.admin1 in city_admin1:
                s -= 2.0
            if cc and row.cc != cc:
                s -= COUNTRY_PENALTY
            if near is not None:
                s -= min(4.0, haversine_km(near[0], near[1], row.lat, row.lon) / 250.0)
            if kind and row.kind != kind:
                s -= KIND_PENALTY
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

    def _resolve(
        self,
        query: str,
        country: str | None,
        near: Any,
        kind: str | None,
        limit: int,
    ) -> list[Location]:
        key = _names.normalize(query)
        if not key:
            return []
        cc = self.country_code(country)
        if near is not None:
            near = (float(near[0]), float(near[1]))
        candidates, level = self._lookup(key)
        fuzzy_score = 100.0
        if not candidates:
            close = self._fuzzy(key, FUZZY_CUTOFF, 3)
            if close:
                fuzzy_score = close[0][1]
                candidates = tuple((row, FUZZY) for row, _ in self._exact(close[0][0]))
        if not candidates:
            return []
        ranked = self._rank(key, candidates, level, cc, near, kind)
        best_row, best_quality, _ = ranked[0]
        mass = sum(
            p
            for row, _, p in ranked
            if haversine_km(best_row.lat, best_row.lon, row.lat, row.lon) <= SAME_PLACE_KM
        )
        factor = MATCH_FACTOR[best_quality] * (fuzzy_score / 100.0 if best_quality == FUZZY else 1.0)
        scored = [(row, quality, min(1.0, p * MATCH_FACTOR[quality])) for row, quality, p in ranked]
        best = self._location(best_row, best_quality, query, min(1.0, mass * factor))
        others = scored[1 : max(limit, MAX_ALTERNATIVES + 1)]
        if limit == 1:  # alternatives are built only when someone looks at them
            best.defer_alternatives(
                lambda: [self._location(r, q, query, c) for r, q, c in others[:MAX_ALTERNATIVES]]
            )
            return [best]
        out = [best, *(self._location(r, q, query, c) for r, q, c in others)]
        best.alternatives = [(loc, loc.confidence) for loc in out[1 : MAX_ALTERNATIVES + 1]]
        return out[:limit]

    # -- public API ------------------------------------------------------------------------------

    def geocode(
        self,
        query: str,
        country: str | None = None,
        near: Any = None,
        kind: str | None = None,
        exactly_one: bool = True,
    ) -> Location | list[Location] | None:
        """Resolve one place name.

        ``country``: ISO code or name of the country to prefer. ``near``: a ``(lat, lon)`` (or geopy
        Point/Location) to prefer places close to. ``kind``: prefer ``city``, ``admin1``, ``admin2``,
        ``country`` or ``other``. Returns the best Location (with ``alternatives``) or None, or with
        ``exactly_one=False`` a list of Locations best first (empty when nothing matches).
        """
        if kind is not None and kind not in KINDS:
            raise GazetteerError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        if near is not None and hasattr(near, "latitude"):
            near = (near.latitude, near.longitude)
        found = self._resolve(query, country, near, kind, 1 if exactly_one else 10)
        if not found and self.online is not None:
            answer = self.online.geocode(query, country=self.country_code(country))
            found = [answer] if answer is not None else []
        if exactly_one:
            return found[0] if found else None
        return found

    def geocode_many(
        self, names: Iterable[str], country: str | Sequence[str | None] | None = None
    ) -> list[Location | None]:
        """Resolve a batch, one result per name, resolving each distinct (name, country) once."""
        names = list(names)
        countries = [country] * len(names) if country is None or isinstance(country, str) else list(country)
        if len(countries) != len(names):
            raise GazetteerError(f"geocode_many got {len(names)} names but {len(countries)} countries")
        if len(self._memo) > 100_000:  # bound the memory kept between batches
            self._memo.clear()
        out = []
        memo = self._memo
        for name, cc in zip(names, countries, strict=True):
            k = (name, cc)
            if k not in memo:
                memo[k] = self.geocode(name, country=cc) if isinstance(name, str) else None
            out.append(memo[k])
        return out

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

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Names close to an unknown ``name``, for "did you mean" messages: ``"Homs (SY)"``."""
        out = []
        for key, _ in self._fuzzy(_names.normalize(name), 60.0, limit * 3):
            rows = sorted(self._exact(key), key=lambda t: -_prior(*t))
            if rows:
                label = f"{rows[0][0].name} ({rows[0][0].cc})" if rows[0][0].cc else rows[0][0].name
                if label not in out:
                    out.append(label)
        return out[:limit]

    def unresolved_reason(self, name: str) -> str:
        """Why ``name`` cannot be placed, naming the nearest known names."""
        if not _names.normalize(name):
            return "empty name"
        close = self.suggest(name)
        if close:
            return "not in the gazetteer; closest names: " + "; ".join(close)
        return "not in the gazetteer and no similar name"

    def reverse(self, lat: float, lon: float) -> Location | None:
        """The populated place at or near a point, with country, admin-1 and admin-2 filled in.

        Country and admin-1 come from the polygons containing the point, else (and admin-2 always)
        from the nearest place within 100 km. Far from any place, the admin-1 area or country itself is
        returned; None in open sea.
        """
        country_row = self._containing("country", lat, lon)
        admin1_row = self._containing("admin1", lat, lon)
        nearest = self._nearest(lat, lon, 100.0)
        if nearest is not None:
            row, dist = nearest
            loc = self._location(row, MAIN, row.name, 1.0)
            if country_row is not None:
                loc.country_code, loc.country = (
                    country_row.cc,
                    self.index.country_names.get(country_row.cc or ""),
                )
            if admin1_row is not None and admin1_row.admin1:  # a GeoNames admin-1, not a finer NE area
                loc.admin1 = admin1_row.name
            loc.raw["distance_km"] = round(dist, 3)
            return loc
        for row in (admin1_row, country_row):
            if row is not None:
                return self._location(row, MAIN, row.name, 1.0)
        return None

    def _containing(self, kind: str, lat: float, lon: float) -> PlaceRow | None:
        import shapely

        if kind not in self._reverse_trees:
            rows = self.index.polygons(kind)
            geoms = shapely.from_wkb([wkb for _, wkb in rows])
            self._reverse_trees[kind] = ([place for place, _ in rows], shapely.STRtree(geoms))
        ids, tree = self._reverse_trees[kind]
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.index.place(ids[int(hits[0])]) if len(hits) else None

    def _nearest(self, lat: float, lon: float, max_km: float) -> tuple[PlaceRow, float] | None:
        """The nearest populated place within ``max_km``, searched in growing boxes of an STRtree."""
        import numpy as np
        import shapely

        if self._cities is None:
            ids, lats, lons = (np.asarray(c) for c in zip(*self.index.query(_CITY_SQL), strict=True))
            self._cities = (ids, lats, lons, shapely.STRtree(shapely.points(lons, lats)))
        ids, lats, lons, tree = self._cities
        for radius_km in (10.0, 30.0, max_km):
            dlat = radius_km / 111.0
            dlon = dlat / max(0.05, math.cos(math.radians(lat)))
            hits = tree.query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
            if len(hits):
                km = haversine_km(lat, lon, lats[hits], lons[hits])
                best = int(np.argmin(km))
                if km[best] <= radius_km:
                    return self.index.place(int(ids[hits[best]])), float(km[best])
        return None
