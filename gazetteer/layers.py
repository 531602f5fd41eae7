"""Imported gazetteer layers: the user's own GeoNames dumps, WOF records, UCDP, OCHA and place files.

A layer is one SQLite file, ``<layers_dir>/<NAME>.sqlite`` (:func:`layers_dir`), kept apart from the
versioned bundled index so that index rebuilds and code upgrades never touch it. Each file describes
itself: its own :data:`SCHEMA`, the raw names as imported (``names``), the keys derived from them
(``keys``, ``variants``) with the version of :mod:`gazetteer.names` that computed them, and the bundled
places its rows replace (``shadow``) with the index version that was matched. Opening a layer recomputes
the keys when :mod:`gazetteer.names` changed and the shadow map when the bundled index changed.

:class:`LayeredIndex` puts the layers in front of the bundled :class:`~gazetteer.index.Index` behind the
same interface, so :class:`~gazetteer.Gazetteer` consults them wherever it consults the index.

Rows sharing a GeoNames id are one place: the latest layer holding the id defines it, its non-empty fields
overlaying the bundled place's (which keeps its polygon and population when the layer has none), and the
bundled place's own names keep finding it. Imported layers rank above the bundled supplement and GeoNames
(``SOURCE_BONUS["layer"]`` in :mod:`gazetteer.resolve`) and below user place files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer.exc import GazetteerError
from gazetteer.index import Index, PlaceRow, _file_lock, cache_dir

log = logging.getLogger("geomap")

#: Bump when the layer file's tables change; older files are refused with a clear message.
SCHEMA = 1
#: Bump when the way layer names become keys changes (besides :mod:`gazetteer.names` itself).
KEYING = 1
#: Layer place and polygon ids are ``(position + 1) << ID_SHIFT | local id``: far above bundled ids.
ID_SHIFT = 40
_LOCAL = (1 << ID_SHIFT) - 1
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

LAYER_SQL = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
    admin2 TEXT, fcode TEXT, kind TEXT, population INTEGER, geom INTEGER, file INTEGER, row INTEGER
);
CREATE TABLE names (place INTEGER, text TEXT, quality INTEGER);
CREATE TABLE keys (key TEXT, place INTEGER, quality INTEGER);
CREATE TABLE variants (variant TEXT, key TEXT);
CREATE TABLE geoms (id INTEGER PRIMARY KEY, wkb BLOB);
CREATE TABLE admin_names (code TEXT PRIMARY KEY, name TEXT);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT, format TEXT, rows INTEGER, places INTEGER, names INTEGER, note TEXT
);
CREATE TABLE shadow (bundled INTEGER PRIMARY KEY, place INTEGER);
CREATE INDEX shadow_place ON shadow (place);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
_KEY_INDEXES = (
    "CREATE INDEX IF NOT EXISTS keys_key ON keys (key, quality, place)",
    "CREATE INDEX IF NOT EXISTS variants_key ON variants (variant, key)",
)
_PLACE_COLS = (
    "p.id, p.geonameid, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin2, p.fcode, p.kind, p.population, p.geom"
)


def layers_dir(directory: str | os.PathLike[str] | None = None) -> Path:
    """``$GEOMAP_LAYERS_DIR``, else ``layers/`` in the cache folder (:func:`gazetteer.index.cache_dir`)."""
    if os.environ.get("GEOMAP_LAYERS_DIR"):
        return Path(os.environ["GEOMAP_LAYERS_DIR"])
    return Path(directory or cache_dir()) / "layers"


def layer_path(name: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """The file of layer ``name``; GazetteerError for a name that is not a plain word."""
    if not NAME_RE.fullmatch(name):
        raise GazetteerError(
            f"bad layer name {name!r}: use letters, digits, '_', '-' or '.', starting with a letter or digit"
        )
    return layers_dir(directory) / f"{name}.sqlite"


def keys_version() -> str:
    """A hash of :mod:`gazetteer.names` and :data:`KEYING`: when it changes, layers are re-keyed on open."""
    h = hashlib.sha1(f"{KEYING}|".encode())
    h.update((Path(__file__).parent / "names.py").read_bytes())
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class LayerInfo:
    """What ``geomap gazetteer list`` shows of one layer."""

    name: str
    path: Path
    imported: str
    places: int
    names: int
    files: list[dict[str, Any]]
    sequence: int


def layer_info(path: Path) -> LayerInfo:
    """Read a layer's meta and file list; GazetteerError for a file that is not a layer of this schema."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
            files = [
                dict(zip(("path", "format", "rows", "places", "names", "note"), r, strict=True))
                for r in con.execute("SELECT path, format, rows, places, names, note FROM files ORDER BY id")
            ]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise GazetteerError(f"{path}: not a gazetteer layer ({exc}); remove it") from None
    if meta.get("schema") != str(SCHEMA):
        raise GazetteerError(
            f"{path}: layer schema {meta.get('schema')} is not {SCHEMA}: import its files again"
        )
    return LayerInfo(
        meta["name"], path, meta["imported"], int(meta["places"]), int(meta["names"]), files,
        int(meta["sequence"]),
    )  # fmt: skip


def list_layers(directory: str | os.PathLike[str] | None = None) -> list[LayerInfo]:
    """Every imported layer, oldest import first (the order of precedence: later imports win)."""
    folder = layers_dir(directory)
    if not folder.is_dir():
        return []
    found = [layer_info(p) for p in sorted(folder.glob("*.sqlite")) if NAME_RE.fullmatch(p.stem)]
    return sorted(found, key=lambda info: (info.sequence, info.name))


def remove_layer(name: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """Delete layer ``name``; GazetteerError naming the layers there are when it does not exist."""
    path = layer_path(name, directory)
    if not path.exists():
        known = ", ".join(i.name for i in list_layers(directory)) or "none"
        raise GazetteerError(f"no gazetteer layer named {name!r} (imported layers: {known})")
    path.unlink()
    return path


# -- keys --------------------------------------------------------------------------------------------


class KeyWriter:
    """Writes the ``keys`` and ``variants`` of names as they come, chunk by chunk.

    Each distinct name text is normalised once and each distinct key reduced to its variant key once
    (:func:`variant_keys`), so a layer's many repeated village names cost little; admin areas are also
    keyed without their admin word ("Idlib governorate" -> "idlib"), as in the bundled index.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.count = 0
        self._norm: dict[str, str] = {}
        self._variant: dict[str, str | None] = {}
        for stmt in ("DROP INDEX IF EXISTS keys_key", "DROP INDEX IF EXISTS variants_key"):
            con.execute(stmt)

    def add(self, place: Any, text: Any, quality: Any, kind: Any) -> None:
        """Key names given as parallel arrays: place id, name text, match quality, the place's kind."""
        import numpy as np
        import pandas as pd

        from gazetteer.names import normalize, split_admin

        if len(self._norm) > 2_000_000:  # bound the memory a huge layer's caches take
            self._norm.clear()
            self._variant.clear()
        codes, texts = pd.factorize(np.asarray(text, dtype=object))
        norm = self._norm
        keys = np.asarray(
            [norm[t] if t in norm else norm.setdefault(t, normalize(t)) for t in texts], dtype=object
        )
        key = keys[codes]
        place = np.asarray(place, dtype="int64")
        quality = np.asarray(quality, dtype="int64")
        admin = np.isin(np.asarray(kind, dtype=object), ["admin1", "admin2"])
        if admin.any():
            base = np.asarray([split_admin(k)[0] for k in key[admin]], dtype=object)
            key, place, quality = (
                np.concatenate([key, base]),
                np.concatenate([place, place[admin]]),
                np.concatenate([quality, quality[admin]]),
            )
        # One row per (key, place), with its best quality: sort by quality, keep the first of each pair.
        kcodes, kuniq = pd.factorize(key)
        order = np.lexsort((quality, kcodes, place))
        pair = kcodes[order].astype("int64") * (int(place.max()) + 1) + place[order]
        first = np.ones(len(pair), dtype=bool)
        first[1:] = pair[1:] != pair[:-1]
        keep = order[first & (key[order] != "")]
        self.con.executemany(
            "INSERT INTO keys VALUES (?,?,?)",
            zip(key[keep].tolist(), place[keep].tolist(), quality[keep].tolist(), strict=True),
        )
        self.count += len(keep)
        # Variant keys per distinct key, stored once per key (lookups go variant -> key -> places).
        todo = [k for k in kuniq if k and k not in self._variant]
        found = variant_keys(todo)
        self._variant.update(zip(todo, found, strict=True))
        self.con.executemany(
            "INSERT INTO variants VALUES (?,?)", ((v, k) for k, v in zip(todo, found, strict=True) if v)
        )

    def finish(self) -> int:
        """Index the keys and record which :func:`keys_version` wrote them; returns the key count."""
        for stmt in _KEY_INDEXES:
            self.con.execute(stmt)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('keys_version', ?)", (keys_version(),))
        return self.count


def write_keys(con: sqlite3.Connection) -> int:
    """Recompute ``keys`` and ``variants`` from ``names`` (after a :mod:`gazetteer.names` change)."""
    con.execute("DELETE FROM keys")
    con.execute("DELETE FROM variants")
    writer = KeyWriter(con)
    top = con.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]
    step = 250_000
    for start in range(0, top + 1, step):
        rows = con.execute(
            "SELECT n.place, n.text, n.quality, p.kind FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.place >= ? AND n.place < ?",
            (start, start + step),
        ).fetchall()
        if rows:
            writer.add(*zip(*rows, strict=True))
    return writer.finish()


def variant_keys(keys: list[str]) -> list[str | None]:
    """:func:`gazetteer.names.variant_key` of many keys, each distinct key computed once (names repeat a lot)."""
    from gazetteer.names import variant_key

    memo: dict[str, str | None] = {}
    return [memo[k] if k in memo else memo.setdefault(k, variant_key(k)) for k in keys]


def write_shadow(con: sqlite3.Connection, index: Index, schema: str = "main") -> int:
    """Map bundled place ids to the layer's places with the same GeoNames id; returns the count."""
    con.execute("ATTACH DATABASE ? AS bundled", (f"file:{index.path}?mode=ro",))
    try:
        con.execute(f"DELETE FROM {schema}.shadow")
        con.execute(
            f"INSERT OR IGNORE INTO {schema}.shadow SELECT b.id, p.id FROM bundled.places b "
            "JOIN main.places p ON p.geonameid = b.geonameid WHERE b.geonameid > 0 ORDER BY p.id DESC"
        )
        count = con.execute(f"SELECT COUNT(*) FROM {schema}.shadow").fetchone()[0]
        con.commit()
    finally:
        con.execute("DETACH DATABASE bundled")
    return count


# -- reading -----------------------------------------------------------------------------------------


class Layer:
    """One opened layer: name lookups returning raw place tuples (``_PLACE_COLS``) with match quality."""

    def __init__(self, path: Path, index: Index) -> None:
        self.path = path
        self.info = layer_info(path)
        self.name = self.info.name
        self._maintain(index)
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._shadow_schema = "main"
        if self._stale_shadow(index):  # a read-only layer matched to an older index: keep a map in memory
            self._con.execute("CREATE TEMP TABLE shadow (bundled INTEGER PRIMARY KEY, place INTEGER)")
            self._con.execute("CREATE INDEX temp.shadow_place ON shadow (place)")
            write_shadow(self._con, index, "temp")
            self._shadow_schema = "temp"
        self._admin = dict(self._con.execute("SELECT code, name FROM admin_names"))

    def _meta(self, con: sqlite3.Connection) -> dict[str, str]:
        return dict(con.execute("SELECT key, value FROM meta"))

    def _stale_shadow(self, index: Index) -> bool:
        return self._meta(self._con).get("index_version") != index.meta.get("version")

    def _maintain(self, index: Index) -> None:
        """Re-key after a :mod:`gazetteer.names` change, re-match after an index rebuild (once, locked)."""
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        meta = self._meta(con)
        con.close()
        rekey = meta.get("keys_version") != keys_version()
        rematch = meta.get("index_version") != index.meta.get("version")
        if not (rekey or rematch) or not os.access(self.path, os.W_OK):
            if rekey:
                raise GazetteerError(
                    f"layer {self.name!r} was keyed by another gazetteer version and its file is read-only: "
                    "import its files again"
                )
            return
        with _file_lock(self.path.with_suffix(".lock")):
            con = sqlite3.connect(self.path)
            try:
                meta = self._meta(con)
                if meta.get("keys_version") != keys_version():
                    log.info("re-keying gazetteer layer %r for this gazetteer version", self.name)
                    write_keys(con)
                    con.commit()
                if meta.get("index_version") != index.meta.get("version"):
                    write_shadow(con, index)
                    con.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('index_version', ?)", (index.meta["version"],)
                    )
                    con.commit()
            finally:
                con.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:  # one connection shared by the threads of a process, as the index's is
            return self._con.execute(sql, tuple(params)).fetchall()

    def lookup(self, key: str) -> list[tuple[tuple, int]]:
        rows = self.query(
            f"SELECT {_PLACE_COLS}, MIN(k.quality) FROM keys k JOIN places p ON p.id = k.place "
            "WHERE k.key = ? GROUP BY p.id",
            (key,),
        )
        return [(r[:12], r[12]) for r in rows]

    def lookup_variant(self, key: str) -> list[tuple[tuple, int]]:
        rows = self.query(
            f"SELECT DISTINCT {_PLACE_COLS} FROM variants v JOIN keys k ON k.key = v.key "
            "JOIN places p ON p.id = k.place WHERE v.variant = ?",
            (key,),
        )
        return [(r, 2) for r in rows]

    def known(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.query(f"SELECT DISTINCT key FROM keys WHERE key IN ({marks})", chunk)
            )
        return found

    def keys_with_prefix(self, prefix: str) -> list[str]:
        return [
            r[0]
            for r in self.query(
                "SELECT DISTINCT key FROM keys WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
            )
        ]

    def place(self, local_id: int) -> tuple | None:
        rows = self.query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.id = ?", (local_id,))
        return rows[0] if rows else None

    def by_geonameid(self, gids: Iterable[int]) -> dict[int, tuple]:
        """This layer's places with these GeoNames ids (the latest row per id)."""
        gids = list(gids)
        if not gids:
            return {}
        marks = ",".join("?" * len(gids))
        rows = self.query(
            f"SELECT {_PLACE_COLS} FROM places p WHERE p.geonameid IN ({marks}) ORDER BY p.id", gids
        )
        return {r[1]: r for r in rows}

    def shadowed(self, bundled_ids: Sequence[int]) -> dict[int, int]:
        """``bundled id -> local place id`` for the bundled places this layer replaces."""
        if not bundled_ids:
            return {}
        marks = ",".join("?" * len(bundled_ids))
        sql = f"SELECT bundled, place FROM {self._shadow_schema}.shadow WHERE bundled IN ({marks})"
        return dict(self.query(sql, bundled_ids))

    def bundled_of(self, local_id: int) -> int | None:
        rows = self.query(
            f"SELECT MIN(bundled) FROM {self._shadow_schema}.shadow WHERE place = ?", (local_id,)
        )
        return rows[0][0] if rows else None

    def wkb(self, local_id: int) -> bytes | None:
        rows = self.query("SELECT wkb FROM geoms WHERE id = ?", (local_id,))
        return rows[0][0] if rows else None

    def admin_name(self, code: str) -> str | None:
        return self._admin.get(code)

    def close(self) -> None:
        self._con.close()


class LayeredIndex:
    """The bundled index with imported layers in front of it, behind the :class:`Index` interface.

    Lookups return the bundled rows and each layer's rows as :class:`PlaceRow` (``source="layer"``);
    a place whose GeoNames id several sources hold comes back once, as the latest layer defines it
    (under the bundled place's id, so bundled and layer matches of it are one candidate). Anything
    else (``meta``, ``query``, ``polygons``, ``country_names``, ...) is the bundled index's.
    """

    def __init__(self, base: Index, layers: Sequence[Layer]) -> None:
        self._base = base
        self.layers = list(layers)  # oldest first: later layers win

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_base", "layers"):  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self._base, name)

    # Place rows ------------------------------------------------------------------------------------

    def _row(self, pos: int, raw: tuple, base: PlaceRow | None) -> PlaceRow:
        """A layer tuple as a PlaceRow, its non-empty fields over the bundled place it replaces."""
        lid, gid, name, lat, lon, cc, a1, a2, fcode, kind, pop, geom = raw
        offset = (pos + 1) << ID_SHIFT
        geom_id = offset | geom if geom is not None else None
        if base is None:
            return PlaceRow(
                offset | lid, gid, name, lat, lon, cc, a1, a2, fcode, kind, pop or 0, "layer", geom_id
            )
        return PlaceRow(
            base.id, gid, name or base.name, base.lat if lat is None else lat, base.lon if lon is None else lon,
            cc or base.cc, a1 or base.admin1, a2 or base.admin2, fcode or base.fcode, kind or base.kind,
            pop or base.population, "layer", geom_id if geom_id is not None else base.geom,
        )  # fmt: skip

    def _resolve(self, bundled: list[tuple[PlaceRow, int]], hits: list[list[tuple[tuple, int]]]):
        """Bundled and per-layer hits as one list, each place once, in the form its latest source gives."""
        gids = {r.geonameid for r, _ in bundled if r.geonameid} | {
            raw[1] for h in hits for raw, _ in h if raw[1]
        }
        owner: dict[int, tuple[int, tuple]] = {}
        for pos in reversed(range(len(self.layers))):
            todo = gids - owner.keys()
            if not todo:
                break
            for gid, raw in self.layers[pos].by_geonameid(todo).items():
                owner[gid] = (pos, raw)
        out: list[tuple[PlaceRow, int]] = []
        for row, quality in bundled:
            if row.geonameid in owner:
                pos, raw = owner[row.geonameid]
                row = self._row(pos, raw, row)
            out.append((row, quality))
        for pos, layer_hits in enumerate(hits):
            for raw, quality in layer_hits:
                where, raw = owner.get(raw[1], (pos, raw)) if raw[1] else (pos, raw)
                bundled_id = self.layers[where].bundled_of(raw[0])
                base = self._base.place(bundled_id) if bundled_id is not None else None
                out.append((self._row(where, raw, base), quality))
        return out

    def lookup(self, key: str) -> list[tuple[PlaceRow, int]]:
        return self._resolve(self._base.lookup(key), [layer.lookup(key) for layer in self.layers])

    def lookup_variant(self, key: str) -> list[tuple[PlaceRow, int]]:
        return self._resolve(
            self._base.lookup_variant(key), [layer.lookup_variant(key) for layer in self.layers]
        )

    def place(self, place_id: int) -> PlaceRow | None:
        pos = (place_id >> ID_SHIFT) - 1
        if pos >= 0:
            raw = self.layers[pos].place(place_id & _LOCAL)
            return (
                self._resolve([], [[(raw, 0)] if i == pos else [] for i in range(len(self.layers))])[0][0]
                if raw
                else None
            )
        row = self._base.place(place_id)
        return self._resolve([(row, 0)], [[] for _ in self.layers])[0][0] if row is not None else None

    # Names, polygons, admin names -----------------------------------------------------------------------

    def known(self, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        found = self._base.known(keys)
        for layer in self.layers:
            found |= layer.known(keys)
        return found

    def keys_with_prefix(self, prefix: str) -> list[str]:
        keys = dict.fromkeys(self._base.keys_with_prefix(prefix))
        for layer in self.layers:
            keys.update(dict.fromkeys(layer.keys_with_prefix(prefix)))
        return list(keys)

    def wkb(self, geom_id: int) -> bytes | None:
        pos = (geom_id >> ID_SHIFT) - 1
        return self.layers[pos].wkb(geom_id & _LOCAL) if pos >= 0 else self._base.wkb(geom_id)

    def admin_name(self, code: str | None) -> str | None:
        if not code:
            return None
        for layer in reversed(self.layers):
            name = layer.admin_name(code)
            if name is not None:
                return name
        return self._base.admin_name(code)

    def close(self) -> None:
        for layer in self.layers:
            layer.close()
        self._base.close()


def with_layers(
    index: Index, names: Iterable[str] | None = None, directory: str | os.PathLike[str] | None = None
) -> Index | LayeredIndex:
    """``index`` with the imported layers named (all of them when ``names`` is None) in front of it.

    Returns ``index`` itself when there are none, so a gazetteer without layers pays nothing.
    """
    infos = list_layers(directory)
    if names is not None:
        wanted = list(dict.fromkeys(names))
        by_name = {i.name: i for i in infos}
        missing = [n for n in wanted if n not in by_name]
        if missing:
            known = ", ".join(by_name) or "none"
            raise GazetteerError(f"no gazetteer layer named {missing[0]!r} (imported layers: {known})")
        infos = [i for i in infos if i.name in wanted]
    if not infos:
        return index
    return LayeredIndex(index, [Layer(info.path, index) for info in infos])


@contextlib.contextmanager
def new_layer_file(path: Path) -> Iterator[tuple[sqlite3.Connection, Path]]:
    """A fresh layer database in a temporary file beside ``path``, renamed onto it only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.time_ns()}.tmp")
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + LAYER_SQL)
        yield con, tmp
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(sqlite3.Error):
            con.close()
        tmp.unlink(missing_ok=True)
