"""Read event tables (ACLED, UCDP GED, generic CSV/XLSX/JSON/GeoJSON, geomap's own outputs) into events.

Every input row ends up either as an event (a row of the ``geomap.model`` GeoDataFrame) or in the
``unplaced`` report with the reason it could not be placed. Input columns the schema has no place
for are kept as extra columns after the schema columns, so that nothing is lost on the way through.

One module per source, as geopandas keeps its I/O:

==============  ==================================================================================
module          reads
==============  ==================================================================================
``tables``      CSV/TSV (encoding, delimiter, header), XLSX (sheet, header row), JSON records
``spatial``     GeoJSON (per-feature geometry errors), GeoJSON text sequences, GeoPackage, GeoParquet
``acled``       ACLED inter codes (numbers or text) and older ACLED taxonomies
``ucdp``        UCDP GED columns and codes
``layout``      which column feeds which schema field (the aliases in ``docs/EVENTS.md``)
``values``      cells to exact values: text, dates, whole numbers, lists, sources
``countries``   country names and codes to ISO alpha-2, disputed areas
``place``       placing rows: geometries, coordinates, WKT, movements, areas, gazetteer names
``rows``        one table's rows to events plus unplaced rows (``events_from_table``)
==============  ==================================================================================

Formats (from the file suffix unless ``format=`` is given): ``csv``, ``tsv``, ``xlsx``, ``json``
(a list of records, ``{"data": [...]}`` as the ACLED API returns, or a FeatureCollection),
``geojson``, ``geojsonseq`` (``.geojsons``/``.geojsonl``), ``gpkg`` (every layer) and ``parquet``.
Rows are numbered as a spreadsheet shows them (header = row 1) for CSV/TSV/XLSX, and from 1 by
record or feature for JSON and spatial files. ``docs/EVENTS.md`` documents the column mapping,
the placement rules and how each value is read.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geomap.errors import InputError
from geomap.model import UNPLACED_COLUMNS, empty_events, empty_unplaced
from geomap.readers.countries import country_name, country_to_iso2
from geomap.readers.layout import FIELD_ALIASES, PLACE_ALIASES, URL_ALIASES, column_key
from geomap.readers.rows import ReadResult, conform_events, events_from_table
from geomap.readers.spatial import (
    GEOMETRY_FAULT,
    read_geojsonseq,
    read_gpkg,
    read_json_document,
    read_parquet,
)
from geomap.readers.tables import read_csv, read_xlsx
from geomap.readers.ucdp import UCDP_DATE_PREC, UCDP_VIOLENCE, UCDP_WHERE_PREC, ucdp_to_generic
from geomap.readers.values import clean_text, iso_dates, parse_lists, sources_from_text

__all__ = [
    "FIELD_ALIASES", "GEOMETRY_FAULT", "PLACE_ALIASES", "READ_FORMATS", "SUFFIX_FORMATS", "UCDP_DATE_PREC",
    "UCDP_VIOLENCE", "UCDP_WHERE_PREC", "UNPLACED_COLUMNS", "URL_ALIASES", "ReadResult", "clean_text",
    "column_key", "combine", "country_name", "country_to_iso2", "detect_format", "empty_unplaced",
    "events_from_table", "iso_dates", "load_table", "parse_lists", "read_events", "sources_from_text",
    "ucdp_to_generic",
]  # fmt: skip

SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".geojson": "geojson",
    ".geojsons": "geojsonseq",
    ".geojsonl": "geojsonseq",
    ".geojsonseq": "geojsonseq",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}
READ_FORMATS = tuple(sorted(set(SUFFIX_FORMATS.values())))


def detect_format(path: str | Path, format: str | None = None) -> str:
    """The reader format for ``path``: ``format`` if given, else from the suffix."""
    fmt = format or SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt not in READ_FORMATS:
        raise InputError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; "
            f"give one of {', '.join(READ_FORMATS)} (--input-format)",
            file=str(path),
        )
    return fmt


def load_table(
    path: str | Path, format: str | None = None, *, encoding: str | None = None, sheet: str | int | None = None
) -> tuple[pd.DataFrame, np.ndarray | None, int]:
    """Read ``path`` as it is: (attribute table, geometries or None, number of the first data row).

    Rows whose feature geometry could not be read carry the reason in the column ``GEOMETRY_FAULT``.
    """
    path = Path(path)
    fmt = detect_format(path, format)
    if not path.exists():
        raise InputError("no such file", file=str(path))
    if not path.is_file():
        raise InputError("not a regular file", file=str(path))
    try:
        if fmt in ("csv", "tsv"):
            return read_csv(path, "\t" if fmt == "tsv" else None, encoding), None, 2
        if fmt == "xlsx":
            frame, first = read_xlsx(path, sheet)
            return frame, None, first
        if fmt in ("json", "geojson"):
            frame, geoms = read_json_document(path, encoding)
        elif fmt == "geojsonseq":
            frame, geoms = read_geojsonseq(path, encoding)
        elif fmt == "gpkg":
            frame, geoms = read_gpkg(path)
        else:
            frame, geoms = read_parquet(path)
    except InputError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read as {fmt}: {exc}", file=str(path)) from exc
    return frame, geoms, 1


def read_events(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    gazetteer: Any = None,
    country: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    keep_invalid: bool = False,
) -> ReadResult:
    """Read one or more event files into one event table plus the rows that could not be placed.

    ``country`` (alpha-2, alpha-3 or a name) hints the gazetteer for rows naming no country;
    ``format``, ``encoding`` and ``sheet`` override detection for every path; ``keep_invalid`` keeps
    rows with values that cannot be read exactly (the value left empty, an error-level issue
    reported) instead of listing them unplaced. Unknown layouts raise ``InputError``.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise InputError("no input files given")
    results = []
    for path in items:
        frame, geoms, first_row = load_table(path, format, encoding=encoding, sheet=sheet)
        results.append(
            events_from_table(
                frame,
                geometry=geoms,
                source_file=str(path),
                first_row=first_row,
                gazetteer=gazetteer,
                country=country,
                keep_invalid=keep_invalid,
            )
        )
    return combine(results)


def combine(results: Sequence[ReadResult]) -> ReadResult:
    """One ReadResult from several (files or partitions), in order."""
    if len(results) == 1:
        return results[0]
    frames = [r.events for r in results if len(r.events)]
    events = conform_events(pd.concat(frames, ignore_index=True)) if frames else empty_events()
    unplaced = [r.unplaced for r in results if len(r.unplaced)]
    return ReadResult(
        events,
        pd.concat(unplaced, ignore_index=True) if unplaced else empty_unplaced(),
        [i for r in results for i in r.issues],
    )
