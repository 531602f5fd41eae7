"""Reading place sources into gazetteer layers: one module per source format.

:func:`detect` names the format of a file from its name and first bytes; :func:`reader` returns the
function that reads it into :class:`~gazetteer.importers.base.Chunk` s. :mod:`gazetteer.importers.writer`
puts the chunks into a layer file (:mod:`gazetteer.layers`).

=================  =========================================================================
format             files
=================  =========================================================================
``geonames``       GeoNames ``geoname`` tables: ``SY.txt``, ``SY.zip``, ``allCountries.zip``, ``cities1000.zip``
``alternatenames`` GeoNames alternate names: ``alternateNamesV2.zip``, ``alternatenames/SY.zip``
``wof``            Who's On First GeoJSON: a Feature per file, or a FeatureCollection
``ucdp``           UCDP GED CSV (``where_coordinates``, ``where_prec`` 1-2, ``latitude``, ``longitude``)
``ocha``           OCHA/HDX CODs: populated places and admin boundaries (CSV, shapefile, GeoPackage, GeoJSON)
``places``         place files as ``--places`` reads them (CSV, GeoJSON)
=================  =========================================================================
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from gazetteer.exc import PlaceFileError
from gazetteer.importers import geonames, ocha, placefile, ucdp, wof
from gazetteer.importers.base import Chunk, Context

FORMATS: dict[str, Callable[[Path, Context], Iterator[Chunk]]] = {
    "geonames": geonames.read_geonames,
    "alternatenames": geonames.read_alternates,
    "wof": wof.read,
    "ucdp": ucdp.read,
    "ocha": ocha.read,
    "places": placefile.read,
}
SPATIAL = (".shp", ".gpkg", ".fgb")


def reader(fmt: str) -> Callable[[Path, Context], Iterator[Chunk]]:
    return FORMATS[fmt]


def detect(path: Path) -> str:
    """The format of ``path``; PlaceFileError naming the file when it is none of :data:`FORMATS`."""
    if not path.is_file():
        raise PlaceFileError("no such file", file=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [m.lower() for m in zf.namelist()]
            if any(m.endswith(".shp") for m in members):
                return "ocha"
            return _dump_format(path)
        if suffix in (".txt", ".tsv"):
            return _dump_format(path)
        if suffix in SPATIAL:
            return "ocha"
        if suffix in (".geojson", ".json"):
            return _json_format(path)
        if suffix == ".csv":
            return _csv_format(path)
    except zipfile.BadZipFile:
        raise PlaceFileError("not a readable zip file", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise PlaceFileError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    raise PlaceFileError(
        "unknown kind of file: expected a GeoNames .txt/.zip, WOF or OCHA .geojson, a UCDP/OCHA/place .csv, "
        ".shp or .gpkg",
        file=str(path),
    )


def _dump_format(path: Path) -> str:
    count = geonames.column_count(path)
    if count == len(geonames.GEONAME_COLUMNS):
        return "geonames"
    if count in (8, 10):
        return "alternatenames"
    raise PlaceFileError(
        f"found {count} tab-separated fields on the first line: a GeoNames table has 19, "
        "an alternate-names table 10 (or 8)",
        file=str(path), row=1,
    )  # fmt: skip


def _json_format(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PlaceFileError(f"not valid GeoJSON: {exc}", file=str(path)) from None
    if wof.is_wof(data):
        return "wof"
    features = data.get("features") if isinstance(data, dict) else None
    props = (features[0].get("properties") or {}) if features and isinstance(features[0], dict) else {}
    columns = list(props)
    if ocha.is_ocha(columns):
        return "ocha"
    if "name" in {c.lower() for c in columns} and set(c.lower() for c in columns) <= {
        *placefile.FIELDS,
        "id",
    }:
        return "places"
    return "ocha"  # populated places by their name column, or a clear error naming what is missing


def _csv_format(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    if ucdp.is_ucdp(header):
        return "ucdp"
    if ocha.is_ocha(header):
        return "ocha"
    if placefile.is_place_file(header):
        return "places"
    return "ocha"
