"""Matching inside one country: the candidate pool of a country's own places, where looser matching is safe.

World-wide, "Abu Shouk" has a consonant skeleton in common with Bishkek and a fuzzy neighbour in every
continent, so the resolver only accepts close spellings. When the country is known the pool is a few thousand
places, and a looser spelling can be trusted: the :func:`~gazetteer.names.loose_key` (vowels, h and the
transliteration alternations merged: Saakow = Saacow) and a fuzzy ratio with a lower cutoff (Ondurman =
Omdurman) are tried against that country's places only. A pool is read from the index on first use (one
query on the places table) and kept for the life of the gazetteer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gazetteer import names as _names
from gazetteer.index import Index, PlaceRow

#: rapidfuzz ratio a name must reach against a place's name inside the country (world-wide it is 87).
COUNTRY_FUZZY_CUTOFF = 80.0


class CountryPool:
    """The places of a set of countries, keyed by normalised name and by loose key."""

    def __init__(self, rows: Iterable[PlaceRow]) -> None:
        self.rows: list[PlaceRow] = []
        self.keys: list[str] = []
        self._loose: dict[str, list[int]] = defaultdict(list)
        self._bare: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            key = _names.normalize(row.name)
            if not key:
                continue
            self.rows.append(row)
            self.keys.append(key)
            loose = _names.loose_key(key)
            if loose:
                self._loose[loose].append(len(self.rows) - 1)
            self._bare[_names.strip_articles(key)].append(len(self.rows) - 1)

    @classmethod
    def read(cls, index: Index, countries: Iterable[str]) -> CountryPool:
        """The pool of ``countries`` (ISO codes) from the index."""
        codes = sorted(set(countries))
        marks = ",".join("?" * len(codes))
        rows = index.query(f"SELECT * FROM places WHERE cc IN ({marks})", tuple(codes)) if codes else []
        return cls(PlaceRow._make(r) for r in rows)

    def loose(self, key: str) -> list[PlaceRow]:
        """Places whose name has the loose key of ``key``; else, as when that key is too short to tell
        places apart, the places of the same name once Arabic articles are dropped ("Khiam" = "El Khiam")."""
        loose = _names.loose_key(key)
        found = self._loose.get(loose, ()) if loose else ()
        return [self.rows[i] for i in found or self._bare.get(_names.strip_articles(key), ())]

    def fuzzy(
        self, key: str, cutoff: float = COUNTRY_FUZZY_CUTOFF, limit: int = 5
    ) -> list[tuple[PlaceRow, float]]:
        """Places whose normalised name is within ``cutoff`` (rapidfuzz ratio) of ``key``, closest first."""
        from rapidfuzz import fuzz, process

        if len(key) < 4 or not self.keys:
            return []
        hits = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(self.rows[i], score) for _, score, i in hits]
