"""Events per admin-1 area, for tables too large for one process (dask-geopandas) or small enough for one.

Each event gets the ISO 3166-2 code of the Natural Earth admin-1 polygon it falls in (``admin1_code``),
then counts and fatalities are summed per area. The per-partition functions (:func:`locate_partition`,
:func:`tally_partition`) are the whole computation: the single-process path calls them once on the
whole table, the Dask path once per partition and adds the partial tallies, so both give the same
numbers. Events outside every polygon (at sea, a country whose areas were not loaded) or without a
geometry are counted as unmatched and kept in the located table with ``admin1_code`` empty.

:func:`count_by_admin1` returns the polygons with ``count`` and ``fatalities`` columns, ready for a
choropleth; :func:`aggregate_events` runs the whole job and writes the located events as partitioned
GeoParquet plus the per-area counts as one GeoParquet file.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.atomic import atomic_path
from geomap.errors import GeomapError, InputError
from geomap.model import CRS

log = logging.getLogger("geomap.aggregate")

#: Columns of the admin-1 area table, besides ``geometry``.
AREA_COLUMNS = ("admin1_code", "admin1", "iso", "geonames_code")
#: Rows per Dask partition when an in-memory table is spread over a cluster.
EVENTS_PER_PARTITION = 100_000
#: Files written by :func:`aggregate_events` inside its output folder.
EVENTS_DIR, COUNTS_FILE = "events", "admin1_counts.parquet"

#: The tally key of events that lie in no area.
UNMATCHED = ""

_POLYGONS = "admin1_polygons.geojson.gz"


@functools.cache
def _all_admin1() -> gpd.GeoDataFrame:
    """Every admin-1 polygon shipped with the gazetteer, repaired and one row per ISO 3166-2 code."""
    from gazetteer.build import DATA  # the gazetteer's packaged data folder

    path = DATA / _POLYGONS
    if not path.exists():
        raise GeomapError(f"packaged boundary file missing: {path} (reinstall geomap)")
    raw = gpd.read_file(f"/vsigzip/{path}", columns=["iso_3166_2", "gn_a1_code", "name", "name_en", "iso_a2"])
    raw = raw[raw.geometry.notna()]
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    # Some areas come as several features (islands, exclaves): one area, one row.
    areas = raw.dissolve(by="iso_3166_2", aggfunc="first", as_index=False, sort=True)
    names = areas["name_en"].where(areas["name_en"].astype(bool), areas["name"])
    return gpd.GeoDataFrame(
        {
            "admin1_code": areas["iso_3166_2"],
            "admin1": names,
            "iso": areas["iso_a2"],
            "geonames_code": areas["gn_a1_code"],
        },
        geometry=areas.geometry.values,
        crs=CRS,
    )


def admin1_areas(countries: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Admin-1 polygons (Natural Earth, via the gazetteer's data), optionally only these ISO-2 countries."""
    areas = _all_admin1()
    if countries is not None:
        wanted = {c.upper() for c in countries}
        unknown = wanted - set(areas["iso"])
        if unknown:
            raise InputError(f"no admin-1 polygons for country code(s) {', '.join(sorted(unknown))}")
        areas = areas[areas["iso"].isin(wanted)]
    return areas.reset_index(drop=True)


def _anchor_points(geometry: gpd.GeoSeries) -> np.ndarray:
    """The point each event is counted at: itself if a point, else a point on its surface or line."""
    geoms = np.asarray(geometry.array)
    other = ~shapely.is_missing(geoms) & (shapely.get_type_id(geoms) != 0)
    if not other.any():
        return geoms
    points = geoms.copy()
    points[other] = shapely.point_on_surface(geoms[other])
    return points


def locate_partition(events: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``events`` with ``admin1_code``: the area each event lies in, None when it lies in none.

    A point on a border belongs to the first area touching it in ``areas`` order, so the answer
    does not depend on how the table was partitioned.
    """
    points = _anchor_points(events.geometry)
    event_idx, area_idx = areas.sindex.query(points, predicate="intersects")
    order = np.lexsort((area_idx, event_idx))
    event_idx, area_idx = event_idx[order], area_idx[order]
    first = np.unique(event_idx, return_index=True)[1]
    codes = np.full(len(events), None, dtype=object)
    codes[event_idx[first]] = areas["admin1_code"].to_numpy()[area_idx[first]]
    return events.assign(admin1_code=pd.array(codes, dtype="str"))


def tally_partition(located: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per ``admin1_code`` (``UNMATCHED`` for none) in one located partition."""
    fatalities = (
        pd.to_numeric(located["fatalities"], errors="coerce").fillna(0).astype("int64")
        if "fatalities" in located.columns
        else pd.Series(0, index=located.index, dtype="int64")
    )
    codes = located["admin1_code"].astype(object).fillna(UNMATCHED)
    frame = pd.DataFrame({"admin1_code": codes, "count": 1, "fatalities": fatalities})
    return frame.groupby("admin1_code", sort=False).sum().reset_index()


_TALLY_META = pd.DataFrame(
    {
        name: pd.Series(dtype=dtype)
        for name, dtype in (("admin1_code", object), ("count", "int64"), ("fatalities", "int64"))
    }
)


def _is_dask(frame: Any) -> bool:
    return hasattr(frame, "npartitions") and hasattr(frame, "map_partitions")


def locate_admin1(events: Any, areas: gpd.GeoDataFrame) -> Any:
    """:func:`locate_partition` over a GeoDataFrame (eager) or a dask-geopandas GeoDataFrame (lazy)."""
    if not _is_dask(events):
        return locate_partition(events, areas)
    import dask

    # One copy of the polygons in the graph, shipped once to each worker, not once per partition.
    shared = dask.delayed(areas, pure=True)
    meta = events._meta.assign(admin1_code=pd.Series(dtype="str"))
    return events.map_partitions(locate_partition, shared, meta=meta)


def _areas_with_counts(tally: pd.DataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Join summed tallies onto the areas of every country with at least one located event."""
    totals = tally.groupby("admin1_code", sort=False)[["count", "fatalities"]].sum()
    unmatched = int(totals["count"].get(UNMATCHED, 0))
    totals = totals.drop(index=UNMATCHED, errors="ignore")
    countries = set(areas.loc[areas["admin1_code"].isin(totals.index), "iso"])
    out = areas[areas["iso"].isin(countries)].reset_index(drop=True)
    for column in ("count", "fatalities"):
        out[column] = out["admin1_code"].map(totals[column]).fillna(0).astype("int64")
    out = out[[*AREA_COLUMNS, "count", "fatalities", "geometry"]]
    out.attrs["unmatched"] = unmatched
    if unmatched:
        log.warning(
            "%d event(s) lie in no admin-1 area (or have no geometry); they are not counted", unmatched
        )
    return out


def count_by_admin1(events: Any, areas: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Admin-1 polygons with ``count`` (events) and ``fatalities`` (sum) for a choropleth.

    ``events`` is an event GeoDataFrame, or a dask-geopandas one (computed on the current Dask
    scheduler). Every area of each country that has events is returned, zero where none fell;
    ``result.attrs["unmatched"]`` is the number of events that fell in no area.
    """
    areas = admin1_areas() if areas is None else areas
    located = locate_admin1(events, areas)
    if _is_dask(located):
        tally = located.map_partitions(tally_partition, meta=_TALLY_META).compute()
    else:
        tally = tally_partition(located)
    return _areas_with_counts(tally, areas)


@contextlib.contextmanager
def _atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Like :func:`geomap.atomic.atomic_path` for a folder of files: all of it appears, or none."""
    target = Path(path)
    old: Path | None = None
    with atomic_path(target) as tmp:
        try:
            yield tmp
            if target.exists():  # a rename cannot replace a non-empty folder: move the old one aside
                old = target.with_name(f".{target.name}.old-{os.getpid()}")
                os.replace(target, old)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class Aggregation:
    """What :func:`aggregate_events` produced."""

    counts: gpd.GeoDataFrame
    events: int
    unmatched: int
    events_path: Path
    counts_path: Path


def _read_events(source: Any, engine: str, npartitions: int) -> Any:
    """GeoParquet path(s) or an in-memory table, as a GeoDataFrame (local) or a dask one."""
    if isinstance(source, gpd.GeoDataFrame):
        if engine == "local":
            return source
        import dask_geopandas

        parts = max(npartitions, -(-len(source) // EVENTS_PER_PARTITION))
        return dask_geopandas.from_geopandas(source, npartitions=parts, sort=False)
    paths = [str(p) for p in ([source] if isinstance(source, (str, os.PathLike)) else source)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError("no such file", file=missing[0])
    if engine == "local":
        return pd.concat([gpd.read_parquet(p) for p in paths], ignore_index=True)
    import dask_geopandas

    return dask_geopandas.read_parquet(paths)


def aggregate_events(
    source: gpd.GeoDataFrame | str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    countries: Iterable[str] | None = None,
    **engine_options: Any,
) -> Aggregation:
    """Locate every event in its admin-1 area, write the events and the per-area counts.

    ``source`` is an event GeoDataFrame or GeoParquet file(s) / partitioned folder(s). Writes
    ``OUTPUT/events/`` (GeoParquet, one file per partition, events plus ``admin1_code``) and
    ``OUTPUT/admin1_counts.parquet``. ``engine_options`` are those of :class:`geomap.parallel.Engine`
    (``engine="dask"``, ``workers=``, ``scheduler=``); the default runs in this process.
    """
    from geomap.parallel import Engine

    areas = admin1_areas(countries)
    output = Path(output)
    events_path, counts_path = output / EVENTS_DIR, output / COUNTS_FILE
    with Engine(**engine_options) as engine:
        frame = _read_events(source, engine.engine, 4 * engine.n_workers)
        located = locate_admin1(frame, areas)
        with _atomic_directory(events_path) as tmp:
            if engine.engine == "local":
                tmp.mkdir()
                located.to_parquet(tmp / "part.0.parquet", index=False)
            else:
                located.to_parquet(tmp, write_index=False, compute_kwargs={"scheduler": engine.client})
        # The tally reads back only two columns of what was just written: the join is not redone.
        if engine.engine == "local":
            tally = tally_partition(located)
        else:
            import dask.dataframe as dd

            columns = ["admin1_code", *(["fatalities"] if "fatalities" in located.columns else [])]
            written = dd.read_parquet(events_path, columns=columns)
            tally = written.map_partitions(tally_partition, meta=_TALLY_META).compute(scheduler=engine.client)
    counts = _areas_with_counts(tally, areas)
    with atomic_path(counts_path) as tmp:
        counts.to_parquet(tmp, index=False)
    return Aggregation(counts, int(tally["count"].sum()), counts.attrs["unmatched"], events_path, counts_path)
