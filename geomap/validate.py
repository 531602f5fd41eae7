"""Row checks on an event table: each problem becomes an :class:`Issue` naming its row, field and severity.

Checks (severity in brackets, see :mod:`geomap.issues`):

* ``geometry``: empty or missing geometry [error]; a coordinate that is not finite or lies outside
  [-180, 180] x [-90, 90] [error]; invalid geometry such as a self-intersecting polygon [warning:
  writers repair it]; a point outside its ``iso`` country (by more than about 5 km) that falls inside
  it once latitude and longitude are swapped, or a sign flipped [error, naming the mistake], or
  outside the country with no such explanation [warning]. Disputed areas coded under a country
  (Somaliland under Somalia, ``geomap.readers.countries.DISPUTED_AREAS``) count as inside it;
* ``date``/``date_end``: not an ISO ``YYYY-MM-DD`` calendar date [error]; an end before the start
  [error]; a missing date [warning];
* ``event_type``/``sub_event_type``: not in the ACLED taxonomy (``geomap.model.EVENT_TYPES``) [warning];
* ``id``: missing [error], or repeating an earlier row's id [error on the repeats];
* ``geo_precision`` not 1-3, ``time_precision`` not 1-3, ``role`` not event/context,
  negative fatalities or low > best > high [warning].

:func:`screen` applies them: rows with an error leave the events for the unplaced report, with
the message as the reason, unless ``keep_invalid``. Rows are reported by ``source_row`` (the
input's spreadsheet row) where known, else by their 0-based position in the table.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geomap.issues import Issue
from geomap.model import EVENT_TYPES, ROLES, UNPLACED_COLUMNS, empty_unplaced
from geomap.readers.countries import DISPUTED_AREAS, country_name
from geomap.readers.place import geometry_faults

__all__ = ["Issue", "Screened", "screen", "validate_events"]

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


#: Points this close (degrees, about 5 km) to their country count as inside it: country outlines are
#: simplified, and coastal towns would otherwise fall "outside" into the sea.
COAST_TOLERANCE_DEG = 0.05


def _rows(events: gpd.GeoDataFrame) -> np.ndarray:
    pos = np.arange(len(events))
    if "source_row" not in events:
        return pos
    src = pd.to_numeric(events["source_row"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(src), pos, src).astype(int)


def _files(events: gpd.GeoDataFrame) -> pd.Series | None:
    """The ``source_file`` column, read per finding by :func:`_file` (only findings need it)."""
    return events["source_file"] if "source_file" in events else None


def _file(files: pd.Series | None, pos: int) -> str | None:
    name = None if files is None else files.iat[pos]
    return name if isinstance(name, str) and name else None


def validate_events(
    events: gpd.GeoDataFrame, *, gazetteer: Any = None, check_countries: bool = True
) -> list[Issue]:
    """Every issue in ``events``, ordered by row then field.

    The country check (swapped coordinates) needs a gazetteer: ``gazetteer`` if given, else the
    default offline one; pass ``check_countries=False`` to skip it.
    """
    rows, files = _rows(events), _files(events)
    return [Issue(int(rows[p]), fld, msg, sev, _file(files, p)) for p, fld, msg, sev in _findings(events, gazetteer, check_countries)]


class Screened(NamedTuple):
    """What :func:`screen` keeps: events without error-level findings, rows moved out, every finding."""

    events: gpd.GeoDataFrame
    unplaced: pd.DataFrame
    issues: list[Issue]


def screen(
    events: gpd.GeoDataFrame, *, keep_invalid: bool = False, gazetteer: Any = None, check_countries: bool = True
) -> Screened:
    """Validate ``events``; rows with an error move to an unplaced report (reason = the first error's
    message) unless ``keep_invalid``, in which case they stay and the errors are only reported."""
    found = _findings(events, gazetteer, check_countries)
    rows, files = _rows(events), _files(events)
    issues = [Issue(int(rows[p]), fld, msg, sev, _file(files, p)) for p, fld, msg, sev in found]
    first_error: dict[int, tuple[str, str]] = {}
    for pos, fld, msg, sev in found:
        if sev == "error":
            first_error.setdefault(pos, (fld, msg))
    if keep_invalid or not first_error:
        return Screened(events, empty_unplaced(), issues)
    bad = np.zeros(len(events), dtype=bool)
    bad[list(first_error)] = True
    out = events[bad]
    geoms = np.asarray(out.geometry.values, dtype=object)
    point = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) & (shapely.get_type_id(geoms) == 0)
    lat = np.where(point, shapely.get_y(np.where(point, geoms, None)), np.nan)
    lon = np.where(point, shapely.get_x(np.where(point, geoms, None)), np.nan)
    pos = np.flatnonzero(bad)
    text = {c: out[c].astype(object).where(out[c].notna(), None) if c in out else [None] * len(out)
            for c in ("id", "date", "location", "source_file")}  # fmt: skip
    report = pd.DataFrame(
        {
            **text,
            "latitude": [None if np.isnan(v) else repr(float(v)) for v in lat],
            "longitude": [None if np.isnan(v) else repr(float(v)) for v in lon],
            "source_row": pd.array(rows[pos], dtype="Int64"),
            "field": [first_error[p][0] for p in pos],
            "reason": [first_error[p][1] for p in pos],
        }
    )[list(UNPLACED_COLUMNS)]
    return Screened(events[~bad].reset_index(drop=True), report.reset_index(drop=True), issues)


def _findings(events: gpd.GeoDataFrame, gazetteer: Any, check_countries: bool) -> list[tuple[int, str, str, str]]:
    """(position, field, message, severity) of every finding, ordered by position then field."""
    found: list[tuple[int, str, str, str]] = []

    def flag(mask: Any, field: str, message: str, severity: str = "error", values: Any = None) -> None:
        """Record ``message`` for each row in ``mask``, formatted with that row's entry of ``values``
        (an array, or a Series read by position: only flagged rows are converted)."""
        at = values.iat if isinstance(values, pd.Series) else values
        for pos in np.flatnonzero(np.asarray(mask, dtype=bool)):
            text = message if values is None else message.format(at[pos])
            found.append((int(pos), field, text, severity))

    geoms = np.asarray(events.geometry.values, dtype=object)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    flag(empty, "geometry", "empty or missing geometry")
    faults = geometry_faults(geoms)
    off = faults != None  # noqa: E711 - element-wise on an object array
    flag(off, "geometry", "{}", values=faults)
    invalid = ~empty & ~off & ~shapely.is_valid(geoms)
    reasons = np.full(len(geoms), "", dtype=object)
    reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
    flag(invalid, "geometry", "invalid geometry: {}", "warning", reasons)
    if check_countries and "iso" in events and len(events):
        _check_countries(events, geoms, ~(empty | off), gazetteer, flag)

    for name in ("date", "date_end"):
        if name not in events:
            continue
        values = events[name]
        missing = values.isna().to_numpy()
        if name == "date":
            flag(missing, name, "missing date", "warning")
        bad = ~missing & ~_iso_days(values)
        flag(bad, name, "not an ISO calendar date (YYYY-MM-DD): {!r}", values=values)
    if "date" in events and "date_end" in events:
        start, end = events["date"], events["date_end"]
        both = _iso_days(start) & _iso_days(end)
        if both.any():
            flag(both & (end.where(both, "") < start.where(both, "")).to_numpy(), "date_end", "ends before it starts")

    if "event_type" in events:
        etype = events["event_type"]
        tcodes, types = pd.factorize(etype, use_na_sentinel=True)  # -1: missing
        types = [*np.asarray(types, dtype=object), None]
        unknown = np.array([t not in EVENT_TYPES for t in types[:-1]] + [False], dtype=bool)[tcodes]
        flag(unknown, "event_type", "not an ACLED event type: {!r}", "warning", etype)
        if "sub_event_type" in events:
            sub = events["sub_event_type"]
            scodes, subs = pd.factorize(sub, use_na_sentinel=True)
            subs = [*np.asarray(subs, dtype=object), None]
            # allowed[type code, sub code]: the last row and column stand for missing cells
            allowed = np.array([[s is None or s in EVENT_TYPES.get(t, ()) for s in subs] for t in types], dtype=bool)
            allowed[-1, :] = True  # no event type: nothing to check the sub-event type against
            bad_sub = ~allowed[tcodes, scodes] & ~unknown
            pairs = np.empty(len(sub), dtype=object)  # (sub, type) only where a message needs it
            for pos in np.flatnonzero(bad_sub):
                pairs[pos] = (sub.iat[pos], etype.iat[pos])
            flag(bad_sub, "sub_event_type", "{0[0]!r} is not a sub-event type of {0[1]!r}", "warning", pairs)

    if "id" in events:
        ids = events["id"]
        flag(ids.isna(), "id", "missing id")
        if _has_repeats(ids):
            dup = ids.notna() & ids.duplicated(keep="first")
            rows = _rows(events)
            first = {}
            for i, v in enumerate(ids):
                first.setdefault(v, int(rows[i]))
            flag(dup, "id", "{0[0]!r} repeats the id of row {0[1]}", values=[(v, first.get(v)) for v in ids])

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
    return found


def _has_repeats(values: pd.Series) -> bool:
    """Whether a value occurs twice (missing cells aside), by Arrow's ``unique``: on a million ids
    measured at under half the time of its ``count_distinct`` and two thirds of pandas' ``duplicated``."""
    known = values.dropna()
    try:
        distinct = pc.unique(pa.array(known.to_numpy(dtype=object) if known.dtype == object else known.array))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return bool(known.duplicated().any())
    return len(distinct) < len(known)


def _iso_days(values: pd.Series) -> np.ndarray:
    """:func:`_is_iso_day` per row, checked once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    ok = np.array([_is_iso_day(u) for u in np.asarray(uniques, dtype=object)] + [False], dtype=bool)
    return ok[codes]


def _is_iso_day(value: Any) -> bool:
    """True for text ``YYYY-MM-DD`` naming a real calendar day (any year 1-9999)."""
    if not isinstance(value, str) or not re.fullmatch(_ISO_DATE, value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _country_polygon(gz: Any, iso: str) -> Any:
    """The gazetteer's polygon of the country ``iso`` (looked up by name) with the disputed areas
    coded under it, or None."""
    name = country_name(iso)
    loc = gz.geocode(name, country=iso, kind="country") if name else None
    if loc is None or getattr(loc, "kind", None) != "country" or getattr(loc, "country_code", iso) != iso:
        return None
    geom = getattr(loc, "geometry", None)
    if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    extra = [getattr(gz.geocode(area), "geometry", None) for area in DISPUTED_AREAS.get(iso, ())]
    extra = [g for g in extra if g is not None and g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all([geom, *extra]) if extra else geom


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
            if tolerant and not hit.all():  # the tolerance tested only for points not inside
                miss = ~hit
                hit[miss] = shapely.dwithin(poly, shapely.points(x[miss], y[miss]), COAST_TOLERANCE_DEG)
            return hit

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
    group, names = pd.factorize(events["iso"], use_na_sentinel=True)  # -1: missing
    names = [*np.asarray(names, dtype=object), None]
    two_letters = np.array([isinstance(c, str) and len(c) == 2 for c in names], dtype=bool)[group]
    check = usable & (shapely.get_type_id(geoms) == 0) & two_letters
    if not check.any():
        return
    if gazetteer is None:
        from geomap.geometry import default_gazetteer

        gazetteer = default_gazetteer()
    pos = np.flatnonzero(check)
    x, y = shapely.get_x(geoms[pos]), shapely.get_y(geoms[pos])
    codes = group[pos]
    outside = np.zeros(len(pos), dtype=bool)
    mistake = np.full(len(pos), None, dtype=object)
    named = np.zeros(len(pos), dtype=bool)  # a mistake explains the point
    for code in np.unique(codes):  # country by country (numbers, not text, are sorted)
        sel = np.flatnonzero(codes == code)
        contains = _membership(gazetteer, names[code])
        out = ~contains(x[sel], y[sel], tolerant=True)
        outside[sel] = out
        for name, fix in _MISTAKES:
            todo = sel[out]
            todo = todo[~named[todo]]
            if len(todo):
                fx, fy = fix(x[todo], y[todo])
                hit = todo[contains(fx, fy)]
                mistake[hit], named[hit] = name, True
    err, warn = np.zeros(len(geoms), bool), np.zeros(len(geoms), bool)
    err[pos], warn[pos] = outside & named, outside & ~named
    countries = np.array(names, dtype=object)
    iso = np.empty(len(geoms), dtype=object)  # the country, (country, mistake), only where a message needs it
    for i in np.flatnonzero(outside & named):
        iso[pos[i]] = (countries[codes[i]], mistake[i])
    flag(err, "geometry", "point is outside its country {0[0]!r} but inside it with {0[1]}?", values=iso)
    where = np.flatnonzero(warn)
    iso[where] = countries[group[where]]
    flag(warn, "geometry", "point is outside its country {!r}", "warning", iso)


def _reverse_cc(gz: Any, lat: float, lon: float) -> str | None:
    loc = gz.reverse(lat, lon)
    return getattr(loc, "country_code", None) if loc is not None else None
