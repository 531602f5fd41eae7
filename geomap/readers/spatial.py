"""Spatial files: GeoJSON, GeoJSON text sequences, GeoPackage and GeoParquet, with their geometries.

GeoJSON is parsed by Python's ``json`` module, not GDAL, up to :data:`GEOJSON_PYTHON_MAX_BYTES`:
GDAL refuses a whole file for one unclosed ring or one string over 10 MB. Each feature's geometry
is read on its own, so a broken one makes only its row unplaced, with the reason, in the reserved
column :data:`GEOMETRY_FAULT` that :func:`geomap.readers.events_from_table` consumes. Larger GeoJSON
files go through GDAL (pyogrio) for speed. Geometries in another CRS are transformed to EPSG:4326.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.errors import InputError
from geomap.model import CRS
from geomap.readers.tables import json_records, load_json
from geomap.readers.values import as_object

#: Column of a loaded table holding, per row, why its feature's geometry could not be read.
GEOMETRY_FAULT = "__geometry_fault__"
#: GeoJSON files up to this size are parsed in Python (per-feature errors); larger ones by GDAL.
GEOJSON_PYTHON_MAX_BYTES = 256 * 2**20


def _feature_geometries(features: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Geometries of GeoJSON features, and per feature the reason its geometry is unreadable."""
    geoms = np.full(len(features), None, dtype=object)
    faults = np.full(len(features), None, dtype=object)
    texts, where = [], []
    for i, f in enumerate(features):
        g = f.get("geometry") if isinstance(f, dict) else None
        if g is None:
            if not isinstance(f, dict):
                faults[i] = "not a GeoJSON feature"
            continue
        texts.append(json.dumps(g))
        where.append(i)
    if texts:
        parsed = shapely.from_geojson(texts, on_invalid="ignore")
        geoms[where] = parsed
        for i, text, geom in zip(where, texts, parsed, strict=True):
            if geom is None:
                try:
                    shapely.from_geojson(text)
                    faults[i] = "not a valid GeoJSON geometry"
                except shapely.errors.GEOSException as exc:
                    faults[i] = f"not a valid GeoJSON geometry: {str(exc).split(': ', 1)[-1]}"
    return geoms, faults


def _with_faults(frame: pd.DataFrame, faults: np.ndarray) -> pd.DataFrame:
    if (faults != None).any():  # noqa: E711 - element-wise on an object array
        frame = frame.copy()
        frame[GEOMETRY_FAULT] = faults
    return frame


def features_table(features: list[Any], path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """GeoJSON features -> (their properties, their geometries); broken geometries noted per row."""
    props = [(f.get("properties") or {}) if isinstance(f, dict) else {} for f in features]
    bad = next((i for i, p in enumerate(props) if not isinstance(p, dict)), None)
    if bad is not None:
        raise InputError("feature properties are not a JSON object", file=str(path), row=bad + 1)
    geoms, faults = _feature_geometries(features)
    frame = as_object(pd.DataFrame(props, index=range(len(props))))
    return _with_faults(frame, faults), geoms


def read_json_document(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame, np.ndarray | None]:
    """A ``.json``/``.geojson`` file: a FeatureCollection (with geometries) or a list of records."""
    if path.stat().st_size > GEOJSON_PYTHON_MAX_BYTES and path.suffix.lower() == ".geojson":
        return _read_ogr(path, "geojson")
    doc = load_json(path, encoding)
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise InputError("a FeatureCollection without a list of features", file=str(path))
        return features_table(features, path)
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return features_table([doc], path)
    return json_records(doc, path), None


def read_geojsonseq(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """A GeoJSON text sequence (RFC 8142) or newline-delimited GeoJSON, one feature per record."""
    text = path.read_bytes().decode(encoding or "utf-8-sig", errors="strict")
    features = []
    for number, record in enumerate(r for r in text.replace("\x1e", "\n").split("\n") if r.strip()):
        try:
            features.append(json.loads(record))
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", file=str(path), row=number + 1) from exc
    return features_table(features, path)


def _read_ogr(path: Path, fmt: str) -> tuple[pd.DataFrame, np.ndarray | None]:
    import pyogrio

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)] if fmt == "gpkg" else [None]
        opts = {"DATE_AS_STRING": "YES"} if fmt != "gpkg" else {}  # keep ISO dates as text
        parts = [pyogrio.read_dataframe(path, layer=layer, **opts) for layer in layers]
    except Exception as exc:  # pyogrio/GDAL raise their own error classes
        raise InputError(f"cannot read as {fmt}: {exc}", file=str(path)) from exc
    gdf = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf:
        return as_object(pd.DataFrame(gdf)), None
    return _split(gdf)


def _split(gdf: gpd.GeoDataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    geoms = gdf.geometry
    if geoms.crs is not None and not geoms.crs.equals(CRS):
        geoms = geoms.to_crs(CRS)
    frame = as_object(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    return frame, np.asarray(geoms.values, dtype=object)


def read_gpkg(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Every layer of a GeoPackage, one after the other."""
    return _read_ogr(path, "gpkg")


def read_parquet(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
    """GeoParquet, or a plain Parquet table (then placed by its columns)."""
    try:
        gdf = gpd.read_parquet(path)
    except ValueError:  # a plain Parquet table without geo metadata
        try:
            return as_object(pd.read_parquet(path)), None
        except Exception as exc:
            raise InputError(f"cannot read as parquet: {exc}", file=str(path)) from exc
    except Exception as exc:  # pyarrow's errors for a file that is no Parquet
        raise InputError(f"cannot read as parquet: {exc}", file=str(path)) from exc
    return _split(gdf)
