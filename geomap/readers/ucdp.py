"""UCDP GED: recognised by its columns and translated into schema columns before the generic mapping."""

from __future__ import annotations

from typing import Any

import pandas as pd

from geomap.readers.values import sources_from_text, whole_numbers

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

UCDP_KEYS = frozenset({"relid", "type_of_violence", "where_prec", "date_start"})


def is_ucdp(columns: Any) -> bool:
    """True for a table with UCDP GED's identifying columns (lower-cased names)."""
    return UCDP_KEYS <= set(columns)


def _int_map(values: pd.Series, table: dict[int, Any]) -> pd.Series:
    codes, _ = whole_numbers(values)
    return pd.Series([table.get(int(v)) if pd.notna(v) else None for v in codes], index=values.index, dtype=object)


def ucdp_to_generic(frame: pd.DataFrame) -> pd.DataFrame:
    """Translate UCDP GED columns into schema columns; the UCDP codes stay as extra columns."""
    f = frame.copy()
    out = pd.DataFrame(index=f.index)
    ids, _ = whole_numbers(f.pop("id")) if "id" in f else (pd.array([None] * len(f), dtype="Int64"), None)
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
