"""Which input column feeds which schema field and which placement rule (see ``geomap.readers``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geomap.errors import InputError
from geomap.model import COLUMNS

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

#: Columns that say where a row is, in the order placement tries them (see the package docstring).
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

#: Every column name the layouts know, for telling a header row from a title row.
KNOWN_COLUMNS = frozenset(
    {n for aliases in (*FIELD_ALIASES.values(), *PLACE_ALIASES.values()) for n in aliases}
    | set(COLUMNS) | set(URL_ALIASES)
)  # fmt: skip


def column_key(name: Any) -> str:
    """How column names are compared: case, surrounding spaces and inner spaces or hyphens ignored."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def lower_columns(frame: pd.DataFrame, source_file: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame with matchable column names, and those names mapped back to the originals."""
    keys = [column_key(c) for c in frame.columns]
    out = frame.copy(deep=False)
    out.columns = keys
    keep = ~out.columns.duplicated()
    if not keep.all():
        dup = [str(c) for c, k in zip(frame.columns, keep, strict=True) if not k]
        raise InputError(
            f"columns {', '.join(dup)} repeat a column name (names are matched ignoring case)", file=source_file
        )
    return out, {k: str(c) for k, c in zip(keys, frame.columns, strict=True)}


def _first(columns: Iterable[str], aliases: Sequence[str]) -> str | None:
    cols = set(columns)
    return next((a for a in aliases if a in cols), None)


@dataclass
class Layout:
    """Which input column feeds each schema field and each placement rule (None: absent)."""

    fields: dict[str, str | None]
    place: dict[str, str | None]
    urls: str | None

    @classmethod
    def of(cls, columns: Sequence[str]) -> Layout:
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


def no_layout_error(columns: Sequence[Any], source_file: str | None) -> InputError:
    """The error for a table with no column saying where its events are."""
    return InputError(
        "no column says where the events are. Columns found: "
        + (", ".join(map(str, columns)) or "none")
        + ". Expected latitude+longitude (or lat/lon, x/y), a WKT column (wkt, geometry, geom_wkt), "
        "a place name (location, place, town), origin+destination places, or an admin area (area)",
        file=source_file or None,
    )
