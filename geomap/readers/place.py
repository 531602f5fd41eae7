"""Placing rows: a geometry for each row from the first rule that applies, or a reason it has none.

Rules, in order (see ``geomap.readers``): a spatial file's geometry, a WKT or GeoJSON-text column,
latitude/longitude columns, origin/destination place names, an admin area, a place name. Every
geometry, whatever its source, is checked alike: finite coordinates inside [-180, 180] x [-90, 90].

All gazetteer calls of the readers are made here, through :class:`Placement` (``geocode_many``,
``unresolved_reason``, admin areas and movements), so that a change to how the gazetteer is asked
(a country frame, a minimum confidence) slots in at one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geomap.geometry import admin_area, default_gazetteer, movement_line
from geomap.model import nones
from geomap.readers.values import real_numbers

_KIND_PRECISION = {"city": 1, "other": 1, "admin2": 2, "admin1": 3, "country": 3}


def geometry_faults(geoms: np.ndarray) -> np.ndarray:
    """Per geometry, why its coordinates cannot be right (not finite, off the globe), else None."""
    out = np.full(len(geoms), None, dtype=object)
    if len(geoms) and (shapely.get_type_id(geoms) == 0).all():  # points only: their x and y directly
        solid = np.flatnonzero(~shapely.is_empty(geoms))  # an empty point has no x to ask for
        x, y = shapely.get_x(geoms[solid]), shapely.get_y(geoms[solid])
        with np.errstate(invalid="ignore"):
            off = np.flatnonzero(~((np.abs(x) <= 180) & (np.abs(y) <= 90)))  # NaN fails both comparisons
        pos, bad_finite = solid[off], ~(np.isfinite(x[off]) & np.isfinite(y[off]))
    else:
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if not present.any():
            return out
        coords, index = shapely.get_coordinates(geoms[present], return_index=True)
        every = np.flatnonzero(present)
        finite = np.isfinite(coords).all(axis=1)
        with np.errstate(invalid="ignore"):
            inside = finite & (np.abs(coords[:, 0]) <= 180) & (np.abs(coords[:, 1]) <= 90)
        any_infinite = np.zeros(len(every), dtype=bool)
        any_outside = np.zeros(len(every), dtype=bool)
        np.logical_or.at(any_infinite, index, ~finite)
        np.logical_or.at(any_outside, index, ~inside)
        pos, bad_finite = every[any_outside], any_infinite[any_outside]
    for p, infinite in zip(pos, bad_finite, strict=True):
        wkt = shapely.to_wkt(geoms[p], rounding_precision=6, trim=True)[:80]
        out[p] = (
            f"a coordinate is not a finite number: {wkt}"
            if infinite
            else f"coordinates outside longitude [-180, 180] / latitude [-90, 90]: {wkt}"
        )
    return out


def coordinate_points(lat_raw: pd.Series, lon_raw: pd.Series) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """Points where both coordinates parse and are in range; per row the reason and field of a failure."""
    lat, lat_why = real_numbers(lat_raw)
    lon, lon_why = real_numbers(lon_raw)
    given = (lat_raw.notna() | lon_raw.notna()).to_numpy()
    la, lo = lat.to_numpy(dtype=float), lon.to_numpy(dtype=float)
    bad_lat = given & np.isnan(la)
    bad_lon = given & np.isnan(lo) & ~bad_lat
    with np.errstate(invalid="ignore"):
        out_lat = ~bad_lat & ~bad_lon & given & (np.abs(la) > 90)
        out_lon = ~bad_lat & ~bad_lon & given & (np.abs(lo) > 180) & ~out_lat
        swapped = out_lat & (np.abs(la) <= 180) & (np.abs(lo) <= 90)
    failed = bad_lat | bad_lon | out_lat | out_lon
    reason = nones(lat.index)
    field = nones(lat.index)
    if failed.any():

        def shown(raw: pd.Series, why: pd.Series, mask: np.ndarray) -> pd.Series:
            return why[mask].where(why[mask].notna(), "missing or not a number: " + raw[mask].map(repr))

        reason[bad_lat] = "latitude " + shown(lat_raw, lat_why, bad_lat)
        field[bad_lat] = "latitude"
        reason[bad_lon] = "longitude " + shown(lon_raw, lon_why, bad_lon)
        field[bad_lon] = "longitude"
        reason[out_lat] = "latitude " + lat[out_lat].astype(str) + " is outside [-90, 90]"
        reason[swapped] += "; latitude and longitude look swapped"
        field[out_lat] = "latitude"
        reason[out_lon] = "longitude " + lon[out_lon].astype(str) + " is outside [-180, 180]"
        field[out_lon] = "longitude"
    ok = given & ~failed
    points = np.full(len(lat), None, dtype=object)
    points[ok] = shapely.points(lo[ok], la[ok])
    return points, reason, field


def parse_geometry(value: Any) -> Any:
    """A shapely geometry from WKT text, GeoJSON text or a GeoJSON dict; None when it is neither."""
    if isinstance(value, dict):
        try:
            return shapely.geometry.shape(value)
        except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException):
            return None
    if not isinstance(value, str):
        return value if isinstance(value, shapely.Geometry) else None
    text = value.strip()
    try:
        return shapely.from_geojson(text) if text.startswith("{") else shapely.from_wkt(text)
    except (shapely.errors.GEOSException, ValueError):
        return None


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


class Placement:
    """Geometries being found for a table's rows, rule after rule, with a reason for each failure."""

    def __init__(self, index: pd.Index, gazetteer: Any) -> None:
        n = len(index)
        self.geoms = np.full(n, None, dtype=object)
        self.reason = nones(index)
        self.field = nones(index)
        self.todo = np.ones(n, dtype=bool)  # rows no rule has tried yet
        self._gazetteer = gazetteer

    @property
    def gz(self) -> Any:
        """The gazetteer, opened on first use only."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def fail(self, rows: Any, field: Any, reason: Any) -> None:
        """Mark ``rows`` (positions) unplaced for ``reason`` (one text, or one per row)."""
        self.reason.iloc[rows] = reason.to_numpy() if isinstance(reason, pd.Series) else reason
        self.field.iloc[rows] = field.to_numpy() if isinstance(field, pd.Series) else field
        self.todo[rows] = False

    def _checked(self, idx: np.ndarray, geoms: np.ndarray, field: str) -> None:
        """Keep ``geoms`` for rows ``idx`` where their coordinates are sound, else fail those rows."""
        faults = geometry_faults(geoms)
        bad = faults != None  # noqa: E711 - element-wise on an object array
        self.geoms[idx[~bad]] = geoms[~bad]
        if bad.any():
            self.fail(idx[bad], field, pd.Series(faults[bad], dtype=object))
        self.todo[idx] = False

    def given(self, geometry: Sequence[Any], faults: Sequence[Any] | None = None) -> None:
        """Geometries read from a spatial file; ``faults`` the reader's reason per unreadable one."""
        given = np.asarray(geometry, dtype=object)
        if faults is not None:
            broken = np.flatnonzero(pd.notna(np.asarray(faults, dtype=object)) & self.todo)
            if len(broken):
                self.fail(broken, "geometry", pd.Series(np.asarray(faults, dtype=object)[broken]))
        have = self.todo & ~(shapely.is_missing(given) | shapely.is_empty(given))
        idx = np.flatnonzero(have)
        self._checked(idx, given[idx], "geometry")

    def wkt(self, text: pd.Series, field: str) -> None:
        idx = np.flatnonzero(self.todo & text.notna().to_numpy())
        parsed = np.array([parse_geometry(v) for v in text.iloc[idx]], dtype=object)
        ok = ~(shapely.is_missing(parsed) | shapely.is_empty(parsed)) if len(idx) else np.zeros(0, bool)
        bad = idx[~ok]
        self.fail(
            bad,
            field,
            "not a valid WKT or GeoJSON geometry: " + text.iloc[bad].map(lambda v: repr(str(v)[:60])),
        )
        self._checked(idx[ok], parsed[ok], field)

    def coordinates(self, lat: pd.Series, lon: pd.Series, fields: tuple[str, str]) -> None:
        given = self.todo & (lat.notna() | lon.notna()).to_numpy()
        idx = np.flatnonzero(given)
        if not len(idx):
            return
        every = len(idx) == len(lat)  # the common case: no copy of the columns
        points, why, which = coordinate_points(lat if every else lat.iloc[idx], lon if every else lon.iloc[idx])
        ok = why.isna().to_numpy()
        self.geoms[idx[ok]] = points[ok]
        names = which[~ok].map({"latitude": fields[0], "longitude": fields[1]})
        self.fail(idx[~ok], names, why[~ok])
        self.todo[idx] = False

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
