"""Matching inside one country: the candidate pool of a country's own places, where looser matching is safe.

World-wide, "Abu Shouk" has a consonant skeleton in common with Bishkek and a fuzzy neighbour in every
continent, so the resolver only accepts close spellings. When the country is known the pool is a few thousand
places, and a looser spelling can be trusted: the :func:`~gazetteer.names.loose_key` (vowels, h and the
transliteration alternations merged: Saakow = Saacow) and a fuzzy ratio with a lower cutoff (Ondurman =
Omdurman) are tried against that country's places only. A pool is built from the index on first use (one
query on the places table), kept for the life of the gazetteer and saved beside the index file, where the
next process reads it instead of keying the country's places again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from gazetteer import names as _names
from gazetteer.index import Index, PlaceRow

#: rapidfuzz ratio a name must reach against a place's name inside the country (world-wide it is 87).
COUNTRY_FUZZY_CUTOFF = 80.0


class CountryPool:
    """The places of a set of countries, keyed by normalised name and by loose key."""

    def __init__(self, rows: Iterable[PlaceRow], index: Index | None = None) -> None:
        # a pool read back from its file holds place ids, fetched from ``index`` when matched
        self.rows: list[PlaceRow | int] = []
        self._index = index
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
        """The pool of ``countries`` (ISO codes) from the index, kept in a file beside a plain index: the
        loose keys of a large country's places take a second to compute, and the next process reads them."""
        codes = sorted(set(countries))
        path = _saved_path(index, codes)
        pool = _load(path, index) if path is not None else None
        if pool is None:
            marks = ",".join("?" * len(codes))
            rows = index.query(f"SELECT * FROM places WHERE cc IN ({marks})", tuple(codes)) if codes else []
            pool = cls(PlaceRow._make(r) for r in rows)
            if path is not None:
                _save(pool, path)
        return pool

    def loose(self, key: str) -> list[PlaceRow]:
        """Places whose name has the loose key of ``key``; else, as when that key is too short to tell
        places apart, the places of the same name once Arabic articles are dropped ("Khiam" = "El Khiam")."""
        loose = _names.loose_key(key)
        found = self._loose.get(loose, ()) if loose else ()
        return [self._row(i) for i in found or self._bare.get(_names.strip_articles(key), ())]

    def fuzzy(
        self, key: str, cutoff: float = COUNTRY_FUZZY_CUTOFF, limit: int = 5
    ) -> list[tuple[PlaceRow, float]]:
        """Places whose normalised name is within ``cutoff`` (rapidfuzz ratio) of ``key``, closest first."""
        from rapidfuzz import fuzz, process

        if len(key) < 4 or not self.keys:
            return []
        hits = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(self._row(i), score) for _, score, i in hits]

    def _row(self, i: int) -> PlaceRow:
        row = self.rows[i]
        return row if isinstance(row, PlaceRow) else self._index.place(row)


#: This module's own version: a pool kept by other code is never read (the index name covers the data).
_CODE_VERSION = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]


def _saved_path(index: Index, codes: list[str]) -> Path | None:
    """Where the pool of ``codes`` is kept: beside the index file, named by its data version; None for an
    index with imported layers in front (``index.path`` is the plain index's alone) or without a file."""
    path = getattr(index, "path", None)
    if type(index) is not Index or path is None or not codes:
        return None
    return path.with_name(f"{path.stem}.pool-{_CODE_VERSION}-{'-'.join(codes)}.json")


def _save(pool: CountryPool, path: Path) -> None:
    """Write the pool atomically; a cache directory that cannot be written only costs the next process time."""
    ids = [row if isinstance(row, int) else row.id for row in pool.rows]
    data = {"ids": ids, "keys": pool.keys, "loose": pool._loose, "bare": pool._bare}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _load(path: Path, index: Index) -> CountryPool | None:
    """The pool kept at ``path``, or None when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pool = CountryPool((), index)
    pool.rows = data["ids"]
    pool.keys = data["keys"]
    pool._loose.update(data["loose"])
    pool._bare.update(data["bare"])
    return pool
