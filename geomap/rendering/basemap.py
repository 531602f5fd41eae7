"""The embedded vector basemap: Natural Earth countries and admin-1 areas, drawn with no network.

Reads only the copies packaged under ``gazetteer/data/``. The world layer is simplified to a coarse
outline; admin-1 areas are kept only for the countries around the events, simplified to a tolerance
that grows with the extent, so that the embedded basemap stays small (tens to hundreds of kB).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geomap.errors import GeomapError

WORLD_FILE = "countries_50m.topo.json.gz"
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


@functools.lru_cache(maxsize=1)
def _world() -> gpd.GeoDataFrame:
    world = gpd.read_file(f"/vsigzip/{_data_path(WORLD_FILE)}", layer="countries")
    return world[["name", "geometry"]]


@functools.lru_cache(maxsize=1)
def _world_json() -> str:
    return _to_geojson(_world(), WORLD_TOLERANCE, 2)


@functools.lru_cache(maxsize=1)
def world_countries() -> gpd.GeoDataFrame:
    """The packaged Natural Earth 1:50m countries (``name``, ``geometry``)."""
    return _world()


@functools.lru_cache(maxsize=1)
def admin1_areas() -> gpd.GeoDataFrame:
    """Every packaged admin-1 area with its English and Arabic names and label point."""
    columns = ["name", "name_en", "name_ar", "iso_a2", "latitude", "longitude"]
    frame = gpd.read_file(f"/vsigzip/{_data_path(ADMIN1_FILE)}", columns=columns)
    return frame[frame.geometry.notna()].reset_index(drop=True)


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
    return Basemap(world_json, _to_geojson(chosen, tolerance, 3 if tolerance < 0.02 else 2), chosen)
