"""The event model: one GeoDataFrame schema shared by readers, extraction, writers and the renderer.

Every event table geomap handles has exactly these columns in this order (see ``docs/ARCHITECTURE.md``).
The schema is versioned so that files written by one version can be checked by the next.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

SCHEMA_VERSION = 1
CRS = "EPSG:4326"

#: Column name -> pandas dtype ("object" holds strings, lists and dicts; None is missing).
COLUMNS: dict[str, str] = {
    "id": "object",
    "date": "object",
    "date_end": "object",
    "time_precision": "Int64",
    "event_type": "object",
    "sub_event_type": "object",
    "actor1": "object",
    "actor2": "object",
    "assoc_actor_1": "object",
    "assoc_actor_2": "object",
    "inter1": "Int64",
    "inter2": "Int64",
    "location": "object",
    "admin1": "object",
    "admin2": "object",
    "country": "object",
    "iso": "object",
    "geo_precision": "Int64",
    "where_prec": "Int64",
    "fatalities": "Int64",
    "fatalities_low": "Int64",
    "fatalities_high": "Int64",
    "notes": "object",
    "sources": "object",
    "role": "object",
    "geonameid": "Int64",
    "match_name": "object",
    "confidence": "float64",
    "alternatives": "object",
    "source_file": "object",
    "source_row": "Int64",
}

#: pandas' own Arrow-backed text dtype (``"str"``). Readers keep a text column holding text in every
#: cell in it, in Arrow memory from the CSV parser to the Parquet writer with no Python object per
#: cell; a column with gaps stays ``object`` with None for them (pandas' ``str`` would say NaN). An
#: ``object`` column of the schema may be either.
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)

#: Columns holding lists (serialised as JSON text by flat writers).
LIST_COLUMNS = ("sources", "alternatives")

#: ACLED event types and their sub-event types (ACLED codebook, 2023).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

ROLES = ("event", "context")

#: Columns of the unplaced report (rows that could not be placed, or failed validation), in order.
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

#: Fields hashed into an event id: the content that makes two rows the same event.
_ID_FIELDS = ("date", "event_type", "sub_event_type", "actor1", "actor2", "location", "notes")


def nones(index: pd.Index) -> pd.Series:
    """A Series of None (Python objects) along ``index``: the readers' "no value, no reason" column.

    Built from a filled array: a list of a million None costs five times as much.
    """
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object, copy=False)


def is_text(values: pd.Series) -> bool:
    """True for an Arrow-backed text column (:data:`TEXT_DTYPE`)."""
    return values.dtype == TEXT_DTYPE


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays are never "missing"
        return False


def _digest(key: str) -> str:
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def make_event_id(record: Mapping[str, Any], geometry_wkt: str = "") -> str:
    """A stable id from an event's content, so the same input always gives the same id."""
    parts = ["" if _missing(record.get(k)) else str(record.get(k)) for k in _ID_FIELDS]
    return _digest("\x1f".join([*parts, geometry_wkt]))


def _event_ids(frame: pd.DataFrame, geometry_wkt: pd.Series) -> list[str]:
    """:func:`make_event_id` for every row of ``frame``, with the key strings built column-wise."""
    parts = [frame[k].astype("object").where(frame[k].notna(), "").astype(str) for k in _ID_FIELDS]
    keys = parts[0].str.cat([*parts[1:], geometry_wkt.astype(str)], sep="\x1f")
    return [_digest(k) for k in keys]


def empty_events() -> gpd.GeoDataFrame:
    """An event table with no rows and the full schema."""
    frame = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def empty_unplaced() -> pd.DataFrame:
    """An unplaced report with no rows."""
    return pd.DataFrame(
        {c: pd.Series(dtype="Int64" if c == "source_row" else "object") for c in UNPLACED_COLUMNS}
    )


def _whole(col: pd.Series, name: str) -> pd.Series:
    """``col`` as Int64, refusing values that are not whole numbers (never rounded silently)."""
    if str(col.dtype) == "Int64":
        return col
    num = pd.to_numeric(col, errors="coerce")
    frac = num.notna() & ((num % 1 != 0) | ~np.isfinite(num.astype(float)) | (num.abs() >= 2**63))
    if frac.any():
        from geomap.errors import InputError

        first = int(np.flatnonzero(frac.to_numpy())[0])
        raise InputError(f"{num.iloc[first]!r} is not a whole number", row=first, field=name)
    return num.astype("Int64")


def conform(
    frame: pd.DataFrame | gpd.GeoDataFrame, *, assign_ids: bool = True, trusted: bool = False
) -> gpd.GeoDataFrame:
    """Return ``frame`` with every schema column, in schema order, with schema dtypes (a text column
    may stay Arrow-backed, :data:`TEXT_DTYPE`).

    Missing columns are added empty; extra columns are kept after the schema columns; events
    without an id get one from :func:`make_event_id`. ``trusted`` says the frame comes from a reader:
    list columns hold a list in every cell and text columns None for missing, so neither is checked
    cell by cell (on a million rows those checks cost more than the rest).
    """
    gdf = frame if isinstance(frame, gpd.GeoDataFrame) else gpd.GeoDataFrame(frame, geometry="geometry")
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    out = {}
    n = len(gdf)
    for name, dtype in COLUMNS.items():
        col = gdf[name] if name in gdf.columns else nones(gdf.index)
        if trusted and name in gdf.columns and (name in LIST_COLUMNS or (dtype == "object" and col.dtype == object)):
            pass
        elif dtype == "object" and is_text(col) and col.notna().all():
            pass  # Arrow-backed text in every cell is kept as it is
        elif dtype == "Int64":
            col = _whole(col, name)
        elif dtype == "float64":
            col = pd.to_numeric(col, errors="coerce").astype("float64")
        else:
            col = col.astype("object").where(col.notna(), None)
        out[name] = col
    if "role" in out:
        none = n and out["role"].isna().all()  # then "event" throughout, as Arrow-backed text
        role = out["role"]
        out["role"] = pd.Series("event", index=gdf.index, dtype=TEXT_DTYPE) if none else role.fillna("event")
    for name in LIST_COLUMNS if not trusted else [c for c in LIST_COLUMNS if c not in gdf.columns]:
        col = out[name]
        missing = col.isna().to_numpy()
        out[name] = pd.Series(
            [[] if m else v if type(v) is list else list(v) for v, m in zip(col, missing, strict=True)],
            index=col.index,
            dtype="object",
        )
    extra = [c for c in gdf.columns if c not in COLUMNS and c != gdf.geometry.name]
    result = gpd.GeoDataFrame(
        {**out, **{c: gdf[c] for c in extra}}, geometry=gdf.geometry.values, crs=gdf.crs, index=gdf.index,
        copy=False,  # copy-on-write: the columns are shared, not copied
    )  # fmt: skip
    result = result.rename_geometry("geometry") if result.geometry.name != "geometry" else result
    if assign_ids:
        need = result["id"].isna()
        if need.any():
            # GEOS names geometry types through the C library's toupper: under a Turkish locale
            # "LINESTRING" comes out as "LiNESTRiNG". Python's upper() does not depend on the locale.
            wkt = result.geometry[need].to_wkt(rounding_precision=6).fillna("").str.upper()
            result.loc[need, "id"] = _event_ids(result.loc[need], wkt)
    return result


def events_from_records(records: Iterable[Mapping[str, Any]], geometries: Iterable[Any]) -> gpd.GeoDataFrame:
    """Build a conforming event table from dict records and matching shapely geometries."""
    frame = pd.DataFrame(list(records))
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(list(geometries), crs=CRS), crs=CRS)
    return conform(gdf)


def sources_to_text(sources: list[dict[str, str | None]]) -> str:
    """Sources as flat text for CSV cells: JSON, so that names and URLs survive a round trip."""
    return json.dumps(sources, ensure_ascii=False, sort_keys=True) if sources else ""
