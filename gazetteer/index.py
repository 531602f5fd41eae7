"""Opening the cached SQLite index read-only and looking names, places and polygons up in it."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from gazetteer import build
from gazetteer.exc import IndexBuildError

_BUILD_LOCK = threading.Lock()


class PlaceRow(NamedTuple):
    """One place as stored: the ``places`` table's columns in order."""

    id: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin2: str | None
    fcode: str | None
    kind: str
    population: int
    source: str
    geom: int | None


def cache_dir() -> Path:
    """``$GEOMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/geomap``, else ``~/.cache/geomap``."""
    if os.environ.get("GEOMAP_CACHE_DIR"):
        return Path(os.environ["GEOMAP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geomap"


def index_path(directory: str | os.PathLike[str] | None = None) -> Path:
    """Where the index for the current data version lives."""
    return Path(directory or cache_dir()) / f"gazetteer-{build.data_version()}.sqlite"


def ensure_index(directory: str | os.PathLike[str] | None = None, progress: bool | None = None) -> Path:
    """The index path, building the index first when it does not exist yet."""
    path = index_path(directory)
    if not path.exists():
        with _BUILD_LOCK:
            if not path.exists():
                build.write_index(path, build.progress_wanted() if progress is None else progress)
                remove_stale(path)
    return path


def remove_stale(path: Path) -> None:
    """Delete indexes of other data versions beside ``path`` (processes that have one open keep it)."""
    for stale in path.parent.glob("gazetteer-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)


_PLACE_SQL = "SELECT p.*, n.quality FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?"
_VARIANT_SQL = "SELECT p.*, 2 FROM variants v JOIN places p ON p.id = v.place WHERE v.key = ?"


class Index:
    """A read-only view of one index file. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        try:
            self._con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self.meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise IndexBuildError(
                f"cannot open the gazetteer index {path}: {exc}; delete it to rebuild"
            ) from exc
        self.path = path
        self._lock = threading.Lock()
        rows = self._con.execute("SELECT cc, name, iso3, place FROM countries").fetchall()
        self.country_names = {cc: name for cc, name, _, _ in rows}
        self.country_place = {cc: place for cc, _, _, place in rows}
        self.iso3 = {iso3: cc for cc, _, iso3, _ in rows}
        self._admin_names: dict[str, str | None] = {}

    def _rows(self, sql: str, params: tuple) -> list:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def lookup(self, key: str) -> list[tuple[PlaceRow, int]]:
        """Places with ``key`` among their normalised names, with the match quality (0 main, 1 alternate)."""
        return [(PlaceRow._make(r[:13]), r[13]) for r in self._rows(_PLACE_SQL, (key,))]

    def lookup_variant(self, key: str) -> list[tuple[PlaceRow, int]]:
        """Places with a name whose :func:`~gazetteer.names.variant_key` is ``key`` (quality 2)."""
        return [(PlaceRow._make(r[:13]), 2) for r in self._rows(_VARIANT_SQL, (key,))]

    def known(self, keys: Iterable[str]) -> set[str]:
        """The subset of ``keys`` that are names of some place, in one query per 500 keys."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._rows(f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", tuple(chunk))
            )
        return found

    def keys_with_prefix(self, prefix: str) -> list[str]:
        """Every distinct name key starting with ``prefix`` (for fuzzy matching)."""
        return [
            r[0]
            for r in self._rows(
                "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
            )
        ]

    def place(self, place_id: int) -> PlaceRow | None:
        rows = self._rows("SELECT * FROM places WHERE id = ?", (place_id,))
        return PlaceRow._make(rows[0]) if rows else None

    def wkb(self, geom_id: int) -> bytes | None:
        rows = self._rows("SELECT wkb FROM geoms WHERE id = ?", (geom_id,))
        return rows[0][0] if rows else None

    def admin_name(self, code: str | None) -> str | None:
        """The display name of an admin-1 or admin-2 code such as ``SY.05``, remembered once looked up."""
        if not code:
            return None
        if code not in self._admin_names:
            rows = self._rows("SELECT name FROM admin_names WHERE code = ?", (code,))
            self._admin_names[code] = rows[0][0] if rows else None
        return self._admin_names[code]

    def polygons(self, kind: str) -> list[tuple[int, bytes]]:
        """``(place id, wkb)`` of every polygon of ``kind`` (admin1 or country), for point-in-polygon."""
        return self._rows(
            "SELECT p.id, g.wkb FROM places p JOIN geoms g ON g.id = p.geom WHERE p.kind = ?", (kind,)
        )

    def places_in_box(self, lat: float, lon: float, dlat: float, dlon: float) -> list[PlaceRow]:
        """Cities within a latitude/longitude box around a point (the lat column is indexed)."""
        rows = self._rows(
            "SELECT * FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND kind = 'city'",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        )
        return [PlaceRow._make(r) for r in rows]

    def close(self) -> None:
        self._con.close()
