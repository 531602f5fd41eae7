"""OCHA / HDX common operational datasets (CODs): populated places and admin boundaries.

CSV is read with pandas; shapefiles (also zipped), GeoPackages (every layer) and GeoJSON with pyogrio,
reprojected to EPSG:4326. Columns are matched ignoring case:

* admin columns ``ADM<n>_EN`` (else ``_FR``, ``_ES``, ``_PT``, ``_REF``, any ``_<lang>``), other languages
  and ``ADM<n>ALT<k><lang>`` as alternate names, ``ADM<n>_PCODE`` as the area's code; ``ADM0_PCODE`` (or
  ``ADM0_EN``, or the P-codes' first letters) gives the country;
* a boundaries file is one with polygons and admin columns: each feature is an area of the deepest level
  named (admin1, admin2, deeper levels as ``other`` with feature code ``ADM<n>``), at a point inside it;
* a populated-places file has a place-name column (:data:`NAME_COLUMNS`) and points (the geometry, or
  ``x``/``y``, ``lon``/``lat``, ``longitude``/``latitude`` columns); its admin columns name its areas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.exc import PlaceFileError
from gazetteer.importers.base import (
    ALTERNATE,
    Chunk,
    Context,
    empty_places,
    find_column,
    name_codes,
    numbers,
    read_text_csv,
    text,
)

NAME_COLUMNS = (
    "name", "featureNam", "featurename", "name_en", "ppl_en", "pplname", "ppl_name", "placename", "place_name",
    "village", "village_en", "vil_name", "loc_name", "locname", "settlement", "settlement_name", "town", "name_eng",
)  # fmt: skip
ALT_NAME_COLUMNS = (
    "name_ar", "name_fr", "name_local", "name_alt", "alt_name", "altname", "ppl_ar", "ppl_fr", "village_ar",
    "name_uk", "name_ru", "name_my", "name_so", "name_ps", "name_prs",
)  # fmt: skip
XY_COLUMNS = (
    ("x", "y"),
    ("lon", "lat"),
    ("longitude", "latitude"),
    ("long", "lat"),
    ("lng", "lat"),
    ("point_x", "point_y"),
)
_ADM = re.compile(r"adm(\d)_?(pcode|[a-z]{2,3})$", re.IGNORECASE)
_ADM_ALT = re.compile(r"adm(\d)alt\d+[a-z]{2}$", re.IGNORECASE)
_MAIN_LANGS = ("en", "fr", "es", "pt", "ref")
LAYOUT_HELP = (
    f"no place-name column ({', '.join(NAME_COLUMNS[:4])}, ...) with points, and no ADM<n>_EN/ADM<n>_PCODE "
    "columns with polygons: not an OCHA populated-places or admin-boundaries layout"
)


def is_ocha(columns: list[str]) -> bool:
    """True when the columns carry OCHA admin fields (ADM1_EN, ADM2_PCODE, ...)."""
    return any(_ADM.fullmatch(c) for c in columns)


def _frames(path: Path) -> Iterator[tuple[str, pd.DataFrame]]:
    """``(label, frame)`` per table: the CSV, or each layer of a spatial file (with ``geometry``)."""
    import geopandas as gpd
    import pyogrio

    if path.suffix.lower() == ".csv":
        frame = read_text_csv(path)
        wkt = find_column(list(frame.columns), "geometry", "wkt", "the_geom")
        if wkt is not None:  # polygons as WKT text
            import shapely

            try:
                geoms = shapely.from_wkt(frame.pop(wkt).replace("", None))
            except shapely.errors.GEOSException as exc:
                raise PlaceFileError(f"not valid WKT: {exc}", file=str(path), field=wkt) from None
            frame = gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)
        yield str(path), frame
        return

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        for layer in layers:
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
            if frame.crs is not None and frame.crs.to_epsg() != 4326:
                frame = frame.to_crs(4326)
            yield (f"{path} (layer {layer})" if len(layers) > 1 else str(path)), frame
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise PlaceFileError(
            f"cannot read it with pyogrio: {str(exc).splitlines()[0]}", file=str(path)
        ) from None


def read(path: Path, ctx: Context) -> Iterator[Chunk]:
    """One chunk per table (CSV, or each layer of a shapefile, GeoPackage or GeoJSON)."""
    for label, frame in _frames(path):
        yield _read_frame(Path(label) if label != str(path) else path, frame, ctx)


def _admin_columns(columns: list[str]) -> dict[int, dict[str, Any]]:
    """Per admin level: its name column, alternate-name columns and P-code column."""
    levels: dict[int, dict[str, Any]] = {}
    for col in columns:
        match = _ADM.fullmatch(col)
        alt = _ADM_ALT.fullmatch(col)
        if match:
            level, suffix = int(match.group(1)), match.group(2).lower()
            entry = levels.setdefault(level, {"names": {}, "alts": [], "pcode": None})
            if suffix == "pcode":
                entry["pcode"] = col
            else:
                entry["names"][suffix] = col
        elif alt:
            levels.setdefault(int(alt.group(1)), {"names": {}, "alts": [], "pcode": None})["alts"].append(col)
    for entry in levels.values():
        names = entry["names"]
        main = next((names[lang] for lang in _MAIN_LANGS if lang in names), None) or next(
            iter(names.values()), None
        )
        entry["main"] = main
        entry["alts"] += [c for c in names.values() if c != main]
    return levels


def _points(path: Path, frame: pd.DataFrame, rows: pd.Series) -> tuple[pd.Series, pd.Series, Any]:
    """lat, lon and the polygon geometries (None for points) of each row."""
    import shapely

    geoms = frame.geometry.to_numpy() if "geometry" in frame and hasattr(frame, "crs") else None
    cols = list(frame.columns)
    for xname, yname in XY_COLUMNS:
        x, y = find_column(cols, xname), find_column(cols, yname)
        if x and y and geoms is None:
            return numbers(path, frame[y], y, rows, 90.0), numbers(path, frame[x], x, rows, 180.0), None
    if geoms is None:
        raise PlaceFileError(
            "no point geometry and no x/y (lon/lat) columns", file=str(path), row=1, field="x"
        )
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise PlaceFileError(
            "the feature has no geometry", file=str(path), row=int(rows.iloc[i]), field="geometry"
        )
    area = np.isin(shapely.get_type_id(geoms), [3, 6])  # Polygon, MultiPolygon
    points = shapely.centroid(geoms)
    outside = area & ~shapely.contains(geoms, points)
    points[outside] = shapely.point_on_surface(geoms[outside])
    return (
        pd.Series(shapely.get_y(points), index=frame.index),
        pd.Series(shapely.get_x(points), index=frame.index),
        np.where(area, geoms, None),
    )


def _country(ctx: Context, frame: pd.DataFrame, levels: dict[int, dict[str, Any]]) -> pd.Series:
    """ISO code per row from ADM0_PCODE, ADM0_EN, or the letters opening the deepest P-code."""
    none = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    zero = levels.get(0, {})
    sources = [c for c in (zero.get("pcode"), zero.get("main")) if c]
    sources += [levels[n]["pcode"] for n in sorted(levels, reverse=True) if n and levels[n]["pcode"]]
    out = none
    for col in sources:
        values = text(frame[col])
        if col != zero.get("main"):
            values = values.str.extract(r"^([A-Za-z]{2,3})", expand=False).str.upper()
        lookup = {v: ctx.country_code(v) for v in values.dropna().unique()}
        out = out.fillna(values.map(lookup, na_action="ignore"))
    return out.where(out.notna(), None)


def _read_frame(path: Path, frame: pd.DataFrame, ctx: Context) -> Chunk:
    cols = [c for c in frame.columns if c != "geometry"]
    levels = _admin_columns(cols)
    name_col = find_column(cols, *NAME_COLUMNS)
    start = 2 if path.suffix.lower() == ".csv" else 1  # a CSV's header is row 1; features count from 1
    rows = pd.Series(np.arange(start, start + len(frame)), index=frame.index)
    named_levels = [n for n in sorted(levels) if levels[n]["main"]]
    if name_col is None and not (named_levels and named_levels[-1] > 0):
        raise PlaceFileError(LAYOUT_HELP, file=str(path), row=1, field=NAME_COLUMNS[0])
    lat, lon, polygons = _points(path, frame, rows)
    places = empty_places(len(frame))
    places["row"] = rows.to_numpy()
    places["lat"], places["lon"] = lat.to_numpy(), lon.to_numpy()
    cc = _country(ctx, frame, levels)
    places["cc"] = cc.to_numpy(dtype=object)
    if name_col is not None:
        level, alt_cols = (
            None,
            [c for c in (find_column(cols, a) for a in ALT_NAME_COLUMNS) if c and c != name_col],
        )
        places["name"], places["kind"], places["fcode"] = (
            text(frame[name_col]).to_numpy(dtype=object),
            "city",
            "PPL",
        )
    else:
        if polygons is None or pd.isna(polygons).all():
            raise PlaceFileError(
                "admin boundaries need polygons (or x/y columns)", file=str(path), row=1, field="geometry"
            )
        level = named_levels[-1]
        alt_cols = levels[level]["alts"]
        places["name"] = text(frame[levels[level]["main"]]).to_numpy(dtype=object)
        places["kind"] = {1: "admin1", 2: "admin2"}.get(level, "other")
        places["fcode"] = f"ADM{level}"
        places["wkb"] = [_wkb(g) for g in polygons]
    missing = pd.isna(places["name"]).to_numpy()
    if missing.any():
        i = int(np.flatnonzero(missing)[0])
        field_name = name_col or levels[level]["main"]
        raise PlaceFileError("a place needs a name", file=str(path), row=int(rows.iloc[i]), field=field_name)
    admin_names: dict[str, str] = {}
    for n, target in ((1, "admin1"), (2, "admin2")):
        entry = levels.get(n)
        if not entry or (level is not None and n > level):
            continue
        names = text(frame[entry["main"]]) if entry["main"] else None
        if entry["pcode"]:
            codes = text(frame[entry["pcode"]])
            if names is not None:
                admin_names.update({c: v for c, v in zip(codes, names, strict=True) if c and v})
        elif names is not None:
            codes, mapping = name_codes(cc, names)
            admin_names.update(mapping)
        else:
            continue
        places[target] = codes.to_numpy(dtype=object)
    alts = [
        (pos, value, ALTERNATE)
        for col in alt_cols
        for pos, value in enumerate(text(frame[col]))
        if value and value != places["name"].iloc[pos]
    ]
    return Chunk(
        places,
        pd.DataFrame(alts, columns=["pos", "text", "quality"]),
        admin_names=admin_names,
        rows=len(frame),
    )


def _wkb(geom: Any) -> bytes | None:
    import shapely

    return None if geom is None else shapely.to_wkb(shapely.make_valid(geom))
