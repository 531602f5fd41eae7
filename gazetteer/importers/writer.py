"""Import source files into one layer file, atomically: a failed import leaves no half layer behind.

Files are read in the order given, alternate-name tables last so that their names can join places of
the other files by GeoNames id. Places of one layer sharing a GeoNames id are merged (the later file's
fields, every file's names). Names of GeoNames ids the layer lacks but the bundled index has make a
layer row that only adds names to that bundled place; names of ids in neither are counted and dropped.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gazetteer.exc import GazetteerError, PlaceFileError
from gazetteer.importers import detect, reader
from gazetteer.importers.base import PLACE_COLUMNS, Chunk, Context, check_kinds
from gazetteer.index import Index
from gazetteer.layers import (
    SCHEMA,
    KeyWriter,
    LayerInfo,
    keys_version,
    layer_info,
    layer_path,
    new_layer_file,
    write_keys,
    write_shadow,
)

MODES = ("new", "replace", "append")


@dataclass
class FileReport:
    """What one file gave: rows read, places and names stored, rows skipped and why."""

    path: str
    format: str
    rows: int = 0
    places: int = 0
    names: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def note(self) -> str:
        parts = [f"skipped {n:,} row{'' if n == 1 else 's'}: {why}" for why, n in self.skipped.most_common()]
        return "; ".join(parts + self.notes)


class _Writer:
    """Appends chunks to an open layer database, numbering places and polygons."""

    def __init__(self, con: sqlite3.Connection, bundled_ids: np.ndarray) -> None:
        self.con = con
        self.next_place = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM places").fetchone()[0]
        self.next_geom = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM geoms").fetchone()[0]
        self.keys = KeyWriter(con)
        layer_ids = [r[0] for r in con.execute("SELECT geonameid FROM places WHERE geonameid IS NOT NULL")]
        self.layer_ids: list[np.ndarray] = [bundled_ids, np.asarray(layer_ids, dtype="int64")]
        con.execute("CREATE TEMP TABLE pending (geonameid INTEGER, text TEXT, quality INTEGER, file INTEGER)")

    def add(self, chunk: Chunk, file_id: int, report: FileReport) -> None:
        places = chunk.places
        report.rows += chunk.rows
        report.skipped.update(chunk.skipped)
        report.notes += [n for n in chunk.notes if n not in report.notes]
        if len(places):
            self._places(places, chunk, file_id, report)
        if chunk.alternates is not None and len(chunk.alternates):
            alt = chunk.alternates
            if len(self.layer_ids) > 1:  # the ids of the bundled places and the layer's so far, gathered once
                self.layer_ids = [np.unique(np.concatenate(self.layer_ids))]
            known = np.isin(alt["geonameid"].to_numpy(), self.layer_ids[0])
            report.skipped["names of places in neither this layer nor the bundled index"] += int(
                (~known).sum()
            )
            alt = alt[known]
            self.con.executemany(
                "INSERT INTO pending VALUES (?,?,?,?)",
                zip(
                    alt["geonameid"].tolist(),
                    alt["text"].tolist(),
                    alt["quality"].tolist(),
                    [file_id] * len(alt),
                    strict=True,
                ),
            )
            report.names += len(alt)
        if chunk.admin_names:
            self.con.executemany("INSERT OR IGNORE INTO admin_names VALUES (?,?)", chunk.admin_names.items())

    def _places(self, places: pd.DataFrame, chunk: Chunk, file_id: int, report: FileReport) -> None:
        check_kinds(Path(report.path), places)
        n = len(places)
        ids = np.arange(self.next_place, self.next_place + n)
        self.next_place += n
        has_geom = places["wkb"].notna().to_numpy()
        geom_ids = np.full(n, None, dtype=object)
        geom_ids[has_geom] = np.arange(self.next_geom, self.next_geom + int(has_geom.sum()))
        self.next_geom += int(has_geom.sum())
        if has_geom.any():
            self.con.executemany(
                "INSERT INTO geoms VALUES (?,?)",
                zip(geom_ids[has_geom].tolist(), places["wkb"][has_geom].tolist(), strict=True),
            )
        gid = places["geonameid"].astype(object).where(places["geonameid"].notna(), None)
        cols = [
            ids.tolist(), gid.tolist(), *(_nullable(places[c]) for c in PLACE_COLUMNS[1:10]), geom_ids.tolist(),
            [file_id] * n, places["row"].tolist(),
        ]  # fmt: skip
        self.con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", zip(*cols, strict=True)
        )
        self.layer_ids.append(places["geonameid"].dropna().to_numpy(dtype="int64"))
        kinds = places["kind"].to_numpy(dtype=object)
        has_name = places["name"].notna().to_numpy()
        place_ids, texts, qualities, name_kinds = (
            [ids[has_name]],
            [places["name"].to_numpy(dtype=object)[has_name]],
            [np.zeros(int(has_name.sum()), dtype="int64")],
            [kinds[has_name]],
        )
        if chunk.names is not None and len(chunk.names):
            pos = chunk.names["pos"].to_numpy()
            place_ids.append(ids[pos])
            texts.append(chunk.names["text"].to_numpy(dtype=object))
            qualities.append(chunk.names["quality"].to_numpy(dtype="int64"))
            name_kinds.append(kinds[pos])
        place_col, text_col, quality_col = (np.concatenate(x) for x in (place_ids, texts, qualities))
        self.con.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            zip(place_col.tolist(), text_col.tolist(), quality_col.tolist(), strict=True),
        )
        self.keys.add(place_col, text_col, quality_col, np.concatenate(name_kinds))
        names = text_col
        report.places += n
        report.names += len(names)

    def finish(self, bundled: Index) -> tuple[int, int]:
        """Merge duplicate GeoNames ids, attach pending alternate names; returns (places, names)."""
        con = self.con
        con.execute("CREATE INDEX IF NOT EXISTS places_gid ON places (geonameid)")
        con.execute(
            "CREATE TEMP TABLE dup AS SELECT p.id AS old, w.id AS new FROM places p JOIN "
            "(SELECT geonameid, MAX(id) AS id FROM places WHERE geonameid IS NOT NULL GROUP BY geonameid "
            "HAVING COUNT(*) > 1) w ON p.geonameid = w.geonameid WHERE p.id != w.id"
        )
        con.execute("CREATE INDEX temp.dup_old ON dup (old)")
        for table in ("names", "keys"):
            con.execute(
                f"UPDATE {table} SET place = (SELECT new FROM dup WHERE old = {table}.place) "
                "WHERE place IN (SELECT old FROM dup)"
            )
        con.execute("DELETE FROM places WHERE id IN (SELECT old FROM dup)")
        first_name = con.execute("SELECT COALESCE(MAX(rowid), 0) FROM names").fetchone()[0]
        con.execute(
            "INSERT INTO names SELECT p.id, a.text, a.quality FROM pending a JOIN places p ON p.geonameid = a.geonameid"
        )
        # Names of bundled places the layer does not hold: a row holding only the GeoNames id and kind.
        top = con.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]
        con.execute("ATTACH DATABASE ? AS bundled", (f"file:{bundled.path}?mode=ro",))
        con.execute(
            "INSERT INTO places (geonameid, kind, population) SELECT DISTINCT a.geonameid, "
            "(SELECT b.kind FROM bundled.places b WHERE b.geonameid = a.geonameid LIMIT 1), 0 FROM pending a "
            "WHERE a.geonameid NOT IN (SELECT geonameid FROM places WHERE geonameid IS NOT NULL)"
        )
        con.commit()
        con.execute("DETACH DATABASE bundled")
        con.execute(
            "INSERT INTO names SELECT p.id, a.text, a.quality FROM pending a JOIN places p ON p.geonameid = a.geonameid "
            "WHERE p.id > ?",
            (top,),
        )
        added = con.execute(
            "SELECT n.place, n.text, n.quality, p.kind FROM names n JOIN places p ON p.id = n.place WHERE n.rowid > ?",
            (first_name,),
        ).fetchall()
        if added:
            self.keys.add(*(np.asarray(col, dtype=object) for col in zip(*added, strict=True)))
        self.keys.finish()
        places = con.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return places, names


def _nullable(values: pd.Series) -> list:
    """A column as Python values, None for missing ones (SQLite NULL)."""
    return values.astype(object).where(values.notna(), None).tolist()


def import_layer(
    paths: Sequence[str | Path],
    name: str,
    index: Index,
    *,
    mode: str = "new",
    fmt: str | None = None,
    feature_classes: str | None = None,
    progress: bool = False,
    directory: str | Path | None = None,
) -> tuple[LayerInfo, list[FileReport]]:
    """Import ``paths`` into layer ``name`` (``mode``: new, replace an existing one, or append to it).

    ``fmt`` forces one format for every file (default: :func:`gazetteer.importers.detect`);
    ``feature_classes`` the GeoNames feature classes to keep (default ``APSTHLV``). Raises
    :class:`~gazetteer.exc.PlaceFileError` naming file, row and field for bad input, and leaves any
    existing layer of that name untouched when it does.
    """
    from tqdm import tqdm

    if mode not in MODES:
        raise GazetteerError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    path = layer_path(name, directory)
    if path.exists() and mode == "new":
        raise GazetteerError(
            f"a gazetteer layer named {name!r} exists: use --replace or --append, or another --name"
        )
    if mode == "append" and not path.exists():
        raise GazetteerError(f"no gazetteer layer named {name!r} to append to")
    files = [Path(p) for p in paths]
    formats = [fmt or detect(p) for p in files]
    for p in files:
        if not p.is_file():
            raise PlaceFileError("no such file", file=str(p))
    order = sorted(range(len(files)), key=lambda i: formats[i] == "alternatenames")
    bundled_ids = np.unique(
        np.asarray(
            [r[0] for r in index.query("SELECT geonameid FROM places WHERE geonameid > 0")], dtype="int64"
        )
    )
    admin_codes = frozenset(r[0] for r in index.query("SELECT code FROM admin_names"))
    country_cache: dict[str, str | None] = {}
    ctx = Context(lambda text: _country_code(index, text, country_cache), admin_codes)
    if feature_classes:
        ctx.feature_classes = feature_classes.upper()
    reports: list[FileReport] = []
    with new_layer_file(path) as (con, _tmp):
        rekey = mode == "append" and not _copy_layer(con, path)
        writer = _Writer(con, bundled_ids)
        with tqdm(
            desc=f"importing into layer {name}",
            unit=" rows",
            unit_scale=True,
            leave=False,
            disable=not progress,
        ) as bar:
            for i in order:
                report = FileReport(str(files[i]), formats[i])
                file_id = con.execute(
                    "INSERT INTO files (path, format) VALUES (?, ?)", (str(files[i].resolve()), formats[i])
                ).lastrowid
                for chunk in reader(formats[i])(files[i], ctx):
                    writer.add(chunk, file_id, report)
                    bar.update(chunk.rows)
                con.execute(
                    "UPDATE files SET rows = ?, places = ?, names = ?, note = ? WHERE id = ?",
                    (report.rows, report.places, report.names, report.note(), file_id),
                )
                reports.append(report)
            bar.set_description_str(f"indexing the names of layer {name}")
            bar.refresh()
            places, names = writer.finish(index)
            if rekey:  # the old layer's keys were made by another gazetteer version
                write_keys(con)
            if places == 0:
                raise PlaceFileError("no place to import", file=", ".join(str(f) for f in files))
            write_shadow(con, index)
            meta = {
                "schema": str(SCHEMA),
                "name": name,
                "imported": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "sequence": str(time.time_ns()),
                "keys_version": keys_version(),
                "index_version": index.meta.get("version", ""),
                "places": str(places),
                "names": str(names),
            }
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
            con.commit()
    return layer_info(path), reports


def _copy_layer(con: sqlite3.Connection, path: Path) -> bool:
    """Copy an existing layer's tables into ``con``; False when its keys must be computed again."""
    layer_info(path)  # refuses another schema
    con.execute("ATTACH DATABASE ? AS old", (f"file:{path}?mode=ro",))
    same_keys = con.execute("SELECT value FROM old.meta WHERE key = 'keys_version'").fetchone() == (
        keys_version(),
    )
    for table in (
        "places",
        "names",
        "geoms",
        "admin_names",
        "files",
        *(("keys", "variants") if same_keys else ()),
    ):
        con.execute(f"INSERT INTO main.{table} SELECT * FROM old.{table}")
    con.commit()
    con.execute("DETACH DATABASE old")
    return same_keys


def _country_code(index: Index, text: str, cache: dict[str, str | None]) -> str | None:
    """ISO alpha-2 code of a country given as a 2- or 3-letter code or a name the bundled index knows."""
    from gazetteer.names import normalize

    if text not in cache:
        value = text.strip()
        cc = None
        if len(value) == 2 and value.upper() in index.country_names:
            cc = value.upper()
        elif len(value) == 3 and value.upper() in index.iso3:
            cc = index.iso3[value.upper()]
        else:
            rows = [r for r, _ in index.lookup(normalize(value)) if r.kind == "country"]
            cc = rows[0].cc if rows else None
        cache[text] = cc
    return cache[text]
