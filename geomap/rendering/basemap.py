"""The embedded vector basemap: Natural Earth countries and admin-1 areas, drawn with no network.

Reads only the copies packaged under ``gazetteer/data/``. The world layer is simplified to a coarse
outline; admin-1 areas are kept only for the countries around the events, simplified to a tolerance
that grows with the extent, so that the embedded basemap stays small (tens to hundreds of kB).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.atomic import atomic_path, atomic_write
from geomap.errors import GeomapError

WORLD_FILE = "countries_50m.topo.json.gz"
#: Natural Earth 10m lakes (shrunk; ``geomap/data/ATTRIBUTION.md``).
LAKES_FILE = "lakes_10m.geojson.gz"
ADMIN1_FILE = "admin1_polygons.geojson.gz"

#: Simplification of the world outline in degrees (about 20 km): enough at the zooms it is seen.
WORLD_TOLERANCE = 0.2


@dataclass(frozen=True)
class Basemap:
    """GeoJSON text of the world and admin-1 layers, and the admin-1 frame (same order) for joins."""

    world_json: str
    admin1_json: str
    admin1: gpd.GeoDataFrame
    #: Rivers, lakes and roads near the events as GeoJSON (property ``k``), or "" when none.
    water_json: str = ""


def _data_path(name: str) -> Path:
    from gazetteer.build import DATA  # the gazetteer's packaged data folder

    path = DATA / name
    if not path.exists():
        raise GeomapError(f"packaged boundary file missing: {path} (reinstall geomap)")
    return path


def cache_file(source: Path, kind: str) -> Path:
    """Where a product of packaged file ``source`` is cached: named by a hash of its bytes, so a
    changed file is read anew and every checkout of the same data shares one copy; older copies
    of the same product are removed."""
    from gazetteer.index import cache_dir

    digest = hashlib.sha1(source.read_bytes()).hexdigest()[:12]
    folder = cache_dir() / "render"
    target = folder / f"{source.name}-{kind}-{digest}"
    if folder.exists() and not target.exists():
        for stale in folder.glob(f"{source.name}-{kind}-*"):
            stale.unlink(missing_ok=True)
    return target


def _cached(source: Path, read: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """``read()`` of a packaged file, kept as Parquet (geometry as WKB) in the user cache.

    Parsing the gzipped GeoJSON and TopoJSON costs seconds per process; the cached copy loads in a
    tenth of that. The frames carry no CRS object (they are all EPSG:4326 and only measured
    against each other), which saves building one per load.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    cached = cache_file(source, "frame.parquet")
    if cached.exists():
        try:
            table = pq.read_table(cached).to_pandas()
            geometry = shapely.from_wkb(table.pop("wkb").to_numpy())
            return gpd.GeoDataFrame(table, geometry=geometry)
        except (OSError, ValueError, pa.ArrowException, shapely.errors.GEOSException):
            pass  # a damaged copy: read the source again and replace it
    frame = read()
    try:
        table = pd.DataFrame(frame.drop(columns="geometry")).assign(wkb=shapely.to_wkb(frame.geometry.values))
        with atomic_path(cached) as tmp:
            pq.write_table(pa.Table.from_pandas(table, preserve_index=False), tmp)
    except OSError:
        pass  # a read-only cache only costs the parsing time
    return gpd.GeoDataFrame(pd.DataFrame(frame.drop(columns="geometry")), geometry=np.asarray(frame.geometry.values))


@functools.lru_cache(maxsize=1)
def _world() -> gpd.GeoDataFrame:
    path = _data_path(WORLD_FILE)
    return _cached(path, lambda: gpd.read_file(f"/vsigzip/{path}", layer="countries")[["name", "geometry"]])


@functools.lru_cache(maxsize=1)
def _world_json() -> str:
    """The simplified world layer's GeoJSON text, kept in the user cache (simplifying costs ~1 s)."""
    cached = cache_file(_data_path(WORLD_FILE), f"outline-{WORLD_TOLERANCE}.geojson")
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    text = _to_geojson(_world(), WORLD_TOLERANCE, 2)
    try:
        with atomic_write(cached) as fh:
            fh.write(text)
    except OSError:
        pass  # a read-only cache only costs the simplification time
    return text


@functools.lru_cache(maxsize=1)
def world_countries() -> gpd.GeoDataFrame:
    """The packaged Natural Earth 1:50m countries (``name``, ``geometry``)."""
    return _world()


@functools.lru_cache(maxsize=1)
def admin1_areas() -> gpd.GeoDataFrame:
    """Every packaged admin-1 area with its English and Arabic names and label point."""
    columns = ["name", "name_en", "name_ar", "iso_a2", "latitude", "longitude"]
    path = _data_path(ADMIN1_FILE)

    def read() -> gpd.GeoDataFrame:
        frame = gpd.read_file(f"/vsigzip/{path}", columns=columns)
        return frame[frame.geometry.notna()].reset_index(drop=True)

    return _cached(path, read)


@functools.lru_cache(maxsize=1)
def lakes() -> gpd.GeoDataFrame:
    """The packaged Natural Earth lakes (geometry only)."""
    from importlib import resources

    path = Path(str(resources.files("geomap") / "data" / LAKES_FILE))
    return _cached(path, lambda: gpd.read_file(f"/vsigzip/{path}"))


def _water_json(box) -> str:
    """Lakes touching ``box`` as GeoJSON features with ``k = "lake"``, or "" when none."""
    water = lakes()
    near = water.iloc[water.sindex.query(box, predicate="intersects")]
    if not len(near):
        return ""
    texts = shapely.to_geojson(np.asarray(near.geometry.values))
    features = ",".join(f'{{"type":"Feature","properties":{{"k":"lake"}},"geometry":{g}}}' for g in texts)
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


def _to_geojson(frame: gpd.GeoDataFrame, tolerance: float, digits: int) -> str:
    """Simplified, rounded FeatureCollection text holding only the ``name`` property."""
    geoms = shapely.simplify(np.asarray(frame.geometry.values), tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, digits))
    texts = shapely.to_geojson(geoms)
    names = [json.dumps(n if isinstance(n, str) else "", ensure_ascii=False) for n in frame["name"]]
    features = ",".join(
        f'{{"type":"Feature","properties":{{"name":{n}}},"geometry":{g}}}'
        for n, g in zip(names, texts, strict=True)
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


def load_basemap(bounds: tuple[float, float, float, float] | None) -> Basemap:
    """The basemap for events within ``bounds`` (minx, miny, maxx, maxy); ``None`` for no events.

    Admin-1 areas are those of every country that touches the bounds grown by a margin, so
    neighbouring countries show their provinces too.
    """
    world_json = _world_json()
    admin1 = admin1_areas()
    if bounds is None:
        empty = admin1.iloc[:0]
        return Basemap(world_json, _to_geojson(empty, 0.01, 3), empty)
    minx, miny, maxx, maxy = bounds
    margin = max(1.0, 0.25 * max(maxx - minx, maxy - miny))
    box = shapely.box(minx - margin, miny - margin, maxx + margin, maxy + margin)
    near = admin1.iloc[admin1.sindex.query(box, predicate="intersects")]
    countries = set(near["iso_a2"].dropna())
    chosen = admin1[admin1["iso_a2"].isin(countries)].reset_index(drop=True)
    extent = max(maxx - minx, maxy - miny, 1.0)
    tolerance = min(0.05, max(0.005, extent / 1000))
    admin1_json = _to_geojson(chosen, tolerance, 3 if tolerance < 0.02 else 2)
    return Basemap(world_json, admin1_json, chosen, _water_json(box))
