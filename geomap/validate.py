"""Row checks on an event table: each problem becomes an :class:`Issue` naming its row and field.

Checks (severity in brackets):

* ``geometry``: empty or missing geometry [error]; coordinates outside [-180, 180] x [-90, 90] [error];
  invalid geometry such as a self-intersecting polygon [warning: writers repair it];
  a point outside its ``iso`` country (by more than about 5 km) that falls inside it once latitude
  and longitude are swapped, or a sign flipped [error, naming the mistake], or outside the country
  with no such explanation [warning];
* ``date``/``date_end``: missing [error] or not an ISO ``YYYY-MM-DD`` date [error]; an end before the start [error];
* ``event_type``/``sub_event_type``: not in the ACLED taxonomy (``geomap.model.EVENT_TYPES``) [warning];
* ``id``: missing or duplicated [error];
* ``geo_precision`` not 1-3, ``time_precision`` not 1-3, ``role`` not event/context,
  negative fatalities or low > best > high [warning].

Rows are reported by ``source_row`` (the input's spreadsheet row) where known, else by their
0-based position in the table. Country polygons come from the gazetteer (``Location.geometry`` of
the country); with no polygon the check falls back to ``gazetteer.reverse`` on each point.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.model import EVENT_TYPES, ROLES

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


#: Points this close (degrees, about 5 km) to their country count as inside it: country outlines are
#: simplified, and coastal towns would otherwise fall "outside" into the sea.
COAST_TOLERANCE_DEG = 0.05


class Issue(NamedTuple):
    """One problem found in one row: ``row`` and ``field`` say where, ``severity`` is error or warning."""

    row: int
    field: str
    message: str
    severity: str = "error"
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}row {self.row}, field {self.field!r}: {self.severity}: {self.message}"


def _rows(events: gpd.GeoDataFrame) -> np.ndarray:
    pos = np.arange(len(events))
    if "source_row" not in events:
        return pos
    src = pd.to_numeric(events["source_row"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(src), pos, src).astype(int)


def _files(events: gpd.GeoDataFrame) -> list[str | None]:
    if "source_file" not in events:
        return [None] * len(events)
    return [f if isinstance(f, str) and f else None for f in events["source_file"]]


def validate_events(
    events: gpd.GeoDataFrame, *, gazetteer: Any = None, check_countries: bool = True
) -> list[Issue]:
    """Every issue in ``events``, ordered by row then field.

    The country check (swapped coordinates) needs a gazetteer: ``gazetteer`` if given, else the
    default offline one; pass ``check_countries=False`` to skip it.
    """
    rows, files = _rows(events), _files(events)
    found: list[tuple[int, str, str, str]] = []  # (position, field, message, severity)

    def flag(mask: Any, field: str, message: str, severity: str = "error", values: Any = None) -> None:
        """Record ``message`` for each row in ``mask``, formatted with that row's entry of ``values``."""
        for pos in np.flatnonzero(np.asarray(mask, dtype=bool)):
            text = message if values is None else message.format(values[pos])
            found.append((int(pos), field, text, severity))

    geoms = np.asarray(events.geometry.values, dtype=object)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    flag(empty, "geometry", "empty or missing geometry")
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        out_x = (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
        out_y = (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
    invalid = ~empty & ~shapely.is_valid(geoms)
    reasons = np.full(len(geoms), "", dtype=object)
    reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
    flag(invalid, "geometry", "invalid geometry: {}", "warning", reasons)
    flag(out_y, "geometry", "latitude outside [-90, 90]")
    flag(out_x & ~out_y, "geometry", "longitude outside [-180, 180]")
    if check_countries and "iso" in events and len(events):
        _check_countries(events, geoms, ~(empty | out_x | out_y), gazetteer, flag)

    for name in ("date", "date_end"):
        if name not in events:
            continue
        values = events[name]
        missing = values.isna().to_numpy()
        if name == "date":
            flag(missing, name, "missing date")
        text = values.astype(object).where(~missing, "").astype(str)
        day = pd.to_datetime(text.where(text.str.fullmatch(_ISO_DATE)), format="%Y-%m-%d", errors="coerce")
        flag(
            ~missing & day.isna().to_numpy(),
            name,
            "not an ISO date (YYYY-MM-DD): {!r}",
            values=values.to_numpy(),
        )
    if "date" in events and "date_end" in events:
        start, end = (
            pd.to_datetime(events[c], format="%Y-%m-%d", errors="coerce") for c in ("date", "date_end")
        )
        flag((end < start).to_numpy(), "date_end", "ends before it starts")

    if "event_type" in events:
        etype = events["event_type"]
        unknown = etype.notna() & ~etype.isin(list(EVENT_TYPES))
        flag(unknown, "event_type", "not an ACLED event type: {!r}", "warning", etype.to_numpy())
        if "sub_event_type" in events:
            sub = events["sub_event_type"]
            allowed = [
                (s is None or (isinstance(s, float) and np.isnan(s))) or s in EVENT_TYPES.get(t, ())
                for t, s in zip(etype, sub, strict=True)
            ]
            bad_sub = ~np.asarray(allowed) & ~unknown.to_numpy() & etype.notna().to_numpy()
            pairs = list(zip(sub, etype, strict=True))
            flag(bad_sub, "sub_event_type", "{0[0]!r} is not a sub-event type of {0[1]!r}", "warning", pairs)

    if "id" in events:
        ids = events["id"]
        flag(ids.isna(), "id", "missing id")
        dup = ids.notna() & ids.duplicated(keep=False)
        flag(dup, "id", "duplicate id {!r}", values=ids.to_numpy())

    for name in ("geo_precision", "time_precision"):
        if name in events:
            v = pd.to_numeric(events[name], errors="coerce")
            flag((v.notna() & ~v.isin([1, 2, 3])).to_numpy(), name, f"{name} must be 1, 2 or 3", "warning")
    if "role" in events:
        flag((events["role"].notna() & ~events["role"].isin(ROLES)).to_numpy(), "role",
             f"role must be one of {', '.join(ROLES)}", "warning")  # fmt: skip
    fat = {c: pd.to_numeric(events[c], errors="coerce") for c in ("fatalities", "fatalities_low", "fatalities_high")
           if c in events}  # fmt: skip
    for name, v in fat.items():
        flag((v < 0).fillna(False).to_numpy(), name, "negative count", "warning")
    if len(fat) == 3:
        low, best, high = fat["fatalities_low"], fat["fatalities"], fat["fatalities_high"]
        order = ((low > best) | (best > high) | (low > high)).fillna(False)
        flag(
            order.to_numpy(),
            "fatalities",
            "expected fatalities_low <= fatalities <= fatalities_high",
            "warning",
        )

    found.sort(key=lambda f: (f[0], f[1]))
    return [Issue(int(rows[p]), fld, msg, sev, files[p]) for p, fld, msg, sev in found]


def _country_polygon(gz: Any, iso: str) -> Any:
    """The gazetteer's polygon of the country ``iso`` (looked up by name), or None."""
    from geomap.readers import country_name

    name = country_name(iso)
    loc = gz.geocode(name, country=iso, kind="country") if name else None
    if loc is None or getattr(loc, "kind", None) != "country" or getattr(loc, "country_code", iso) != iso:
        return None
    geom = getattr(loc, "geometry", None)
    return geom if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon") else None


#: Typing mistakes the country check recognises: (what went wrong, the point as it was meant).
_MISTAKES = (
    ("latitude and longitude swapped", lambda x, y: (y, x)),
    ("latitude sign flipped", lambda x, y: (x, -y)),
    ("longitude sign flipped", lambda x, y: (-x, y)),
)


def _membership(gazetteer: Any, code: str) -> Any:
    """A vectorised test "(x, y) lies in country ``code``": its polygon, else ``reverse`` per point."""
    poly = _country_polygon(gazetteer, code)
    if poly is not None:
        shapely.prepare(poly)

        def contains(x: np.ndarray, y: np.ndarray, tolerant: bool = False) -> np.ndarray:
            hit = shapely.intersects_xy(poly, x, y)
            return hit | shapely.dwithin(poly, shapely.points(x, y), COAST_TOLERANCE_DEG) if tolerant else hit

        return contains

    def reverse(x: np.ndarray, y: np.ndarray, tolerant: bool = False) -> np.ndarray:
        found = [_reverse_cc(gazetteer, b, a) if abs(b) <= 90 else "" for a, b in zip(x, y, strict=True)]
        return np.array([c == code or (tolerant and c is None) for c in found], dtype=bool)

    return reverse


def _check_countries(
    events: gpd.GeoDataFrame, geoms: np.ndarray, usable: np.ndarray, gazetteer: Any, flag: Any
) -> None:
    """Flag points outside their stated country: an error naming the mistake when undoing a swap or
    a sign flip puts the point inside, else a warning (old borders, a country coded for a conflict)."""
    iso = events["iso"].astype(object).to_numpy()
    is_point = shapely.get_type_id(geoms) == 0
    check = usable & is_point & np.array([isinstance(v, str) and len(v) == 2 for v in iso])
    if not check.any():
        return
    if gazetteer is None:
        from geomap.geometry import default_gazetteer

        gazetteer = default_gazetteer()
    pos = np.flatnonzero(check)
    x, y = shapely.get_x(geoms[pos]), shapely.get_y(geoms[pos])
    codes = iso[pos]
    outside = np.zeros(len(pos), dtype=bool)
    mistake = np.full(len(pos), None, dtype=object)
    for code in np.unique(codes):
        sel = np.flatnonzero(codes == code)
        contains = _membership(gazetteer, code)
        out = ~contains(x[sel], y[sel], tolerant=True)
        outside[sel] = out
        for name, fix in _MISTAKES:
            todo = sel[out & (mistake[sel] == None)]  # noqa: E711 - element-wise on an object array
            if len(todo):
                fx, fy = fix(x[todo], y[todo])
                mistake[todo[contains(fx, fy)]] = name
    explained = np.zeros(len(geoms), dtype=object)
    explained[pos] = mistake
    err, warn = np.zeros(len(geoms), bool), np.zeros(len(geoms), bool)
    err[pos] = outside & (mistake != None)  # noqa: E711
    warn[pos] = outside & (mistake == None)  # noqa: E711
    pairs = list(zip(iso, explained, strict=True))
    flag(err, "geometry", "point is outside its country {0[0]!r} but inside it with {0[1]}?", values=pairs)
    flag(warn, "geometry", "point is outside its country {!r}", "warning", iso)


def _reverse_cc(gz: Any, lat: float, lon: float) -> str | None:
    loc = gz.reverse(lat, lon)
    return getattr(loc, "country_code", None) if loc is not None else None
