"""Opening the cached SQLite index read-only and looking names, places and polygons up in it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
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
    """The index path, building the index first when it does not exist yet or is damaged.

    One process builds while the others wait for it (a lock file beside the index), so a test run
    or a cluster starting many processes at once builds once. The build itself writes a temporary
    file and renames it, so even without the lock no reader sees a partial index. A damaged index
    (truncated, overwritten) is rebuilt, with a message saying so.
    """
    path = index_path(directory)
    if not path.exists() or damage(path):
        build_index(directory, progress=progress)
    return path


def damage(path: Path) -> str | None:
    """Why the index file at ``path`` cannot be used (None when it opens and holds its tables)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
            con.execute("SELECT cc, name, iso3, place FROM countries LIMIT 1").fetchall()
            con.execute("SELECT key FROM names LIMIT 1").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    if meta.get("version") != build.data_version():
        return f"it holds data version {meta.get('version')!r}, not {build.data_version()!r}"
    return None


def build_index(
    directory: str | os.PathLike[str] | None = None, *, progress: bool | None = None, force: bool = False
) -> Path:
    """Build the index under the build lock (unless another process just built a sound one).

    Says on stderr that it is building, and why, unless ``build.QUIET``; the progress bar shows
    on a terminal.
    """
    path = index_path(directory)
    with _BUILD_LOCK, _file_lock(path.parent / ".gazetteer-build.lock"):
        why = "rebuild asked for" if force else None if not path.exists() else damage(path)
        if force or not path.exists() or why:
            if not build.QUIET:
                reason = f"the index {path} is damaged ({why}); rebuilding it" if why and not force else (
                    f"building the gazetteer index {path} (one to two minutes, done once)"
                )  # fmt: skip
                print(f"geomap: {reason}", file=sys.stderr, flush=True)
            build.write_index(path, build.progress_wanted() if progress is None else progress)
            remove_stale(path)
    return path


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive advisory lock across processes (POSIX); a no-op where ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:  # Windows: rely on the atomic rename alone
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_stale(path: Path) -> None:
    """Delete indexes of other data versions beside ``path`` (processes that have one open keep it).

    Only ``gazetteer-*.sqlite`` files and their country pools (:mod:`gazetteer.pool`): imported layers
    (``layers/``, :mod:`gazetteer.layers`) and the online answer cache are never touched.
    """
    for stale in path.parent.glob("gazetteer-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)
    for stale in path.parent.glob("gazetteer-*.pool-*.json"):  # country pools of those versions
        if not stale.name.startswith(f"{path.stem}.pool-"):
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

    def query(self, sql: str, params: tuple = ()) -> list:
        """Rows of a read-only SQL query on the index (for tools and benchmarks; tables in build.SCHEMA_SQL)."""
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def lookup(self, key: str) -> list[tuple[PlaceRow, int]]:
        """Places with ``key`` among their normalised names, with the match quality (0 main, 1 alternate)."""
        return [(PlaceRow._make(r[:13]), r[13]) for r in self.query(_PLACE_SQL, (key,))]

    def lookup_variant(self, key: str) -> list[tuple[PlaceRow, int]]:
        """Places with a name whose :func:`~gazetteer.names.variant_key` is ``key`` (quality 2)."""
        return [(PlaceRow._make(r[:13]), 2) for r in self.query(_VARIANT_SQL, (key,))]

    def known(self, keys: Iterable[str]) -> set[str]:
        """The subset of ``keys`` that are names of some place, in one query per 500 keys."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.query(f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", tuple(chunk))
            )
        return found

    def keys_with_prefix(self, prefix: str) -> list[str]:
        """Every distinct name key starting with ``prefix`` (for fuzzy matching)."""
        return [
            r[0]
            for r in self.query(
                "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
            )
        ]

    def place(self, place_id: int) -> PlaceRow | None:
        rows = self.query("SELECT * FROM places WHERE id = ?", (place_id,))
        return PlaceRow._make(rows[0]) if rows else None

    def wkb(self, geom_id: int) -> bytes | None:
        rows = self.query("SELECT wkb FROM geoms WHERE id = ?", (geom_id,))
        return rows[0][0] if rows else None

    def admin_name(self, code: str | None) -> str | None:
        """The display name of an admin-1 or admin-2 code such as ``SY.05``, remembered once looked up."""
        if not code:
            return None
        if code not in self._admin_names:
            rows = self.query("SELECT name FROM admin_names WHERE code = ?", (code,))
            self._admin_names[code] = rows[0][0] if rows else None
        return self._admin_names[code]

    def polygons(self, kind: str) -> list[tuple[int, bytes]]:
        """``(place id, wkb)`` of every polygon of ``kind`` (admin1 or country), for point-in-polygon."""
        return self.query(
            "SELECT p.id, g.wkb FROM places p JOIN geoms g ON g.id = p.geom WHERE p.kind = ?", (kind,)
        )

    def close(self) -> None:
        self._con.close()
