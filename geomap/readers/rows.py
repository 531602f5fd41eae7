"""One table's rows to events: schema values typed exactly, rows placed, the rest reported unplaced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from geomap.issues import Issue
from geomap.model import COLUMNS, CRS, LIST_COLUMNS, conform, empty_events, empty_unplaced, nones
from geomap.readers.acled import current_taxonomy, inter_codes
from geomap.readers.countries import country_to_iso2
from geomap.readers.layout import Layout, lower_columns, no_layout_error
from geomap.readers.place import Placement
from geomap.readers.spatial import GEOMETRY_FAULT
from geomap.readers.ucdp import is_ucdp, ucdp_to_generic
from geomap.readers.values import (
    is_text,
    map_unique,
    parse_dates,
    parse_lists,
    real_numbers,
    shared,
    sources_from_text,
    text_series,
    text_values,
    whole_numbers,
)

_INT_FIELDS = tuple(k for k, v in COLUMNS.items() if v == "Int64")
_TEXT_FIELDS = tuple(
    k for k, v in COLUMNS.items() if v == "object" and k not in LIST_COLUMNS and k not in ("date", "date_end")
)


@dataclass
class ReadResult:
    """Events placed, rows that could not be (with a reason), and findings met while reading."""

    events: gpd.GeoDataFrame
    unplaced: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)


@dataclass
class _Values:
    """The schema columns of a table, the per-row value errors (field -> reasons) and the findings."""

    ev: pd.DataFrame
    errors: list[tuple[str, pd.Series]]
    issues: list[Issue]
    extra: dict[str, pd.Series]


def _schema_values(raw: pd.DataFrame, layout: Layout, rows: pd.Series, source_file: str) -> _Values:
    """Every schema field typed exactly; values that cannot be are errors naming row and field."""
    issues: list[Issue] = []
    errors: list[tuple[str, pd.Series]] = []
    extra: dict[str, pd.Series] = {}
    src = layout.fields
    blank = nones(raw.index)
    file = source_file or None

    def col(name: str | None) -> pd.Series:
        return raw[name] if name else blank

    def note(reasons: pd.Series | None, field: str, severity: str) -> None:
        for i in np.flatnonzero(reasons.notna().to_numpy()) if reasons is not None else ():
            issues.append(Issue(int(rows.iloc[i]), field, str(reasons.iloc[i]), severity, file))

    cols: dict[str, Any] = {}
    absent = pd.arrays.IntegerArray(np.zeros(len(raw), dtype=np.int64), np.ones(len(raw), dtype=bool))
    for name in _TEXT_FIELDS:
        if not src[name]:
            cols[name] = blank
            continue
        cols[name], notes = text_values(col(src[name]))
        note(notes, src[name], "warning")
    for name in ("date", "date_end"):
        if not src[name]:
            cols[name] = blank
            continue
        cols[name], why, month_first = parse_dates(col(src[name]))
        errors.append((name, why))
        if month_first:
            first = int(rows.iloc[int(np.flatnonzero(col(src[name]).notna().to_numpy())[0])])
            issues.append(Issue(first, src[name] or name, "dates read month first (MM/DD/YYYY): some second "
                                "number is above 12 and no first one is", "info", file))  # fmt: skip
    for name in _INT_FIELDS:
        if not src[name]:
            cols[name] = pd.Series(absent, index=raw.index)
            continue
        if name in ("inter1", "inter2"):
            cols[name], why, text = inter_codes(col(src[name]))
            if text.notna().any():
                extra[f"{name}_text"] = text
        else:
            cols[name], why = whole_numbers(col(src[name]))
        errors.append((name, why))
    if src["confidence"]:
        cols["confidence"], why = real_numbers(col(src["confidence"]))
        errors.append(("confidence", why))
    else:
        cols["confidence"] = pd.Series(np.nan, index=raw.index)
    ev = pd.DataFrame(cols, index=raw.index, copy=False)  # copy-on-write: the columns are shared, not copied
    ev["event_type"], ev["sub_event_type"], original = current_taxonomy(
        ev["event_type"], ev["sub_event_type"], ev["inter1"], ev["inter2"]
    )
    if original.notna().any():
        extra["event_type_original"] = original
        for old, group in original.dropna().groupby(original.dropna()):
            first = int(rows.loc[group.index[0]])
            new = ev.loc[group.index[0], "event_type"]
            issues.append(Issue(first, "event_type", f"older ACLED event type {old!r} read as {new!r} on "
                                f"{len(group)} row(s); the original is kept in event_type_original", "info",
                                file))  # fmt: skip
    ev["sources"] = _sources(col(src["sources"]), col(layout.urls))
    if src["alternatives"]:
        ev["alternatives"] = [v or [] for v in parse_lists(raw[src["alternatives"]])]
    else:  # no such column: one shared empty list (as for sources: copy a row's list before changing it)
        ev["alternatives"] = pd.Series([[]] * len(ev), index=ev.index, dtype=object)
    iso_given = map_unique(ev["iso"], country_to_iso2)
    unknown = ev["iso"].notna() & iso_given.isna()
    for i in np.flatnonzero(unknown.to_numpy(dtype=bool)):
        issues.append(Issue(int(rows.iloc[i]), "iso", f"unknown country code: {ev['iso'].iloc[i]!r}", "warning", file))
    ev["iso"] = iso_given.where(iso_given.notna(), map_unique(ev["country"], country_to_iso2))
    given = ev["source_file"].notna()
    ev["source_file"] = (
        text_series(pa.repeat(pa.scalar(file, pa.large_string()), len(ev)), ev.index)
        if file and not given.any()
        else ev["source_file"].where(given, file)
    )
    ev["source_row"] = ev["source_row"].where(ev["source_row"].notna(), rows.astype("Int64"))
    return _Values(ev[list(COLUMNS)], errors, issues, extra)


def _sources(names: pd.Series, urls: pd.Series) -> list[list]:
    """The ``sources`` lists, parsed once per distinct (names, urls) pair.

    Rows citing the same sources share one list object: copy a row's list before changing it.
    """
    if urls.isna().all():
        return map_unique(names, lambda s: [] if s is None else sources_from_text(s)).tolist()
    cache: dict[tuple[Any, Any], list] = {}
    out = []
    for s, u in zip(names, urls, strict=True):
        key = (s if isinstance(s, str) or s is None else repr(s), u)
        if key not in cache:
            cache[key] = sources_from_text(s, u) if s is not None or u is not None else []
        out.append(cache[key])
    return out


def events_from_table(
    frame: pd.DataFrame,
    *,
    geometry: Sequence[Any] | None = None,
    source_file: str = "",
    first_row: int = 2,
    gazetteer: Any = None,
    country: str | None = None,
    keep_invalid: bool = False,
) -> ReadResult:
    """Turn one table (or one partition of it) into events and an unplaced report.

    ``frame`` holds the input columns as read; ``geometry`` optional shapely geometries aligned
    with it; row ``i`` (0-based position in the frame) is reported as ``first_row + frame.index[i]``
    so that a partition keeping the whole table's index reports the whole table's row numbers.
    A value that cannot be kept exactly makes its row unplaced with the reason, or with
    ``keep_invalid`` is left empty and reported as an error-level issue. The gazetteer is opened
    only when some row needs a place name resolved.
    """
    if frame.shape[1] == 0 or (frame.shape[1] == 1 and GEOMETRY_FAULT in frame and geometry is None):
        return ReadResult(empty_events(), empty_unplaced())
    faults = frame[GEOMETRY_FAULT].to_numpy(dtype=object) if GEOMETRY_FAULT in frame else None
    frame = frame.drop(columns=[GEOMETRY_FAULT]) if faults is not None else frame
    raw, original = lower_columns(frame, source_file)
    keep = [c for c in raw.columns if raw[c].dtype == object or (is_text(raw[c]) and raw[c].notna().all())]
    typed = [c for c in raw.columns if c not in keep]
    if typed:  # a frame not made by load_table: numbers, datetimes, text with gaps become objects
        raw = raw.assign(**{c: shared(raw[c]) for c in typed})
    if is_ucdp(raw.columns):
        raw = ucdp_to_generic(raw)
    layout = Layout.of(list(raw.columns))
    if not layout.can_place(geometry is not None):
        raise no_layout_error(list(frame.columns), source_file)
    rows = pd.Series(np.asarray(raw.index, dtype="int64") + first_row, index=raw.index)
    values = _schema_values(raw, layout, rows, source_file)
    ev, issues = values.ev, values.issues

    p, f = layout.place, layout.fields
    placement = Placement(raw.index, gazetteer)
    for name, reasons in values.errors:
        bad = reasons.notna().to_numpy()
        if not bad.any():
            continue
        where = f.get(name) or name
        if keep_invalid:
            for i in np.flatnonzero(bad):
                issues.append(Issue(int(rows.iloc[i]), where, f"{reasons.iloc[i]} (left empty)", "error",
                                    source_file or None))  # fmt: skip
        else:
            todo = np.flatnonzero(bad & placement.todo)
            placement.fail(todo, where, reasons.iloc[todo])
    countries = ev["iso"].where(ev["iso"].notna(), country_to_iso2(country) if country else None)
    if geometry is not None or faults is not None:
        placement.given(geometry if geometry is not None else np.full(len(raw), None, dtype=object), faults)
    if p["wkt"]:
        placement.wkt(raw[p["wkt"]], p["wkt"])
    if p["latitude"] and p["longitude"]:
        placement.coordinates(raw[p["latitude"]], raw[p["longitude"]], (p["latitude"], p["longitude"]))
    if p["origin"] and p["destination"]:
        placement.movements(raw[p["origin"]], raw[p["destination"]], countries, (p["origin"], p["destination"]))
    if p["area"]:
        placement.areas(raw[p["area"]], countries, p["area"])
    if f["location"]:
        placement.names(ev["location"], countries, f["location"], ev)
    placement.rest()
    named = {k: v for k, v in original.items() if k != v}  # fields reported as the file names them
    if named:
        placement.field = placement.field.map(lambda v: named.get(v, v) if isinstance(v, str) else v)
        issues = [i._replace(field=named.get(i.field, i.field)) for i in issues]

    placed = placement.placed
    extras = _extras(raw, layout.used(), ev, values.extra)
    extras = extras.loc[:, extras[placed].notna().any().to_numpy(dtype=bool)]  # empty on every event: no column
    extras.columns = [original.get(c, c) for c in extras.columns]
    table = pd.concat([ev, extras], axis=1)
    every = bool(placed.all())  # the common case: no row copied for a mask that keeps them all
    events = gpd.GeoDataFrame(
        table if every else table[placed],
        geometry=gpd.GeoSeries(placement.geoms if every else placement.geoms[placed],
                               index=raw.index if every else raw.index[placed], crs=CRS),
        copy=False,  # geopandas copies (and consolidates) a DataFrame's columns unless told not to
    )  # fmt: skip
    events = conform_events(events).reset_index(drop=True) if placed.any() else _empty_with(extras.columns)
    return ReadResult(events, _unplaced(raw, layout, ev, rows, placement), issues)


def _unplaced(raw: pd.DataFrame, layout: Layout, ev: pd.DataFrame, rows: pd.Series, placement: Placement) -> pd.DataFrame:
    placed = placement.placed
    if placed.all():
        return empty_unplaced()
    p, f = layout.place, layout.fields
    blank = nones(raw.index)
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
    for name in ("id", "date", "location", "latitude", "longitude"):  # report cells as text, always
        cells = [None if v is None else v if isinstance(v, str) else str(v) for v in unplaced[name]]
        unplaced[name] = pd.Series(cells, index=unplaced.index, dtype=object)
    return unplaced


def conform_events(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``conform`` for a reader's events: their list columns hold a list in every cell (``_schema_values``
    builds them) and their text None for gaps, so ``model.conform`` need not check cell by cell."""
    return conform(frame, trusted=True)


def _empty_with(extra: Iterable[str]) -> gpd.GeoDataFrame:
    out = empty_events()
    for name in extra:
        out[name] = pd.Series(dtype=object)
    return out


def _date_years(dates: pd.Series) -> np.ndarray:
    """The year of each ISO date as a float (NaN where there is no date), parsed once per distinct date."""
    codes, uniques = pd.factorize(dates, use_na_sentinel=True)
    years = [float(d[:4]) if isinstance(d, str) and d[:4].isdigit() else np.nan for d in uniques]
    return np.array([*years, np.nan], dtype=float)[codes]


def _extras(raw: pd.DataFrame, used: set[str], ev: pd.DataFrame, derived: dict[str, pd.Series]) -> pd.DataFrame:
    """Input columns the schema does not take, minus empty ones and those the schema columns already
    say, plus the originals kept beside translated values (``inter1_text``, ``event_type_original``).

    ``year`` equal to every date's year and an ACLED ``source`` equal to the names in ``sources``
    (as the CSV writer derives them) carry nothing more and would grow with each round trip.
    """
    keep = [c for c in raw.columns if c not in used and c not in COLUMNS and raw[c].notna().any()]
    keep = [c for c in keep if c not in derived]  # a column read back from geomap's own output
    extras = pd.concat([raw[keep], pd.DataFrame(derived, index=raw.index)], axis=1)
    if "year" in extras:
        year, _ = whole_numbers(extras["year"])
        given = year.to_numpy(dtype=float, na_value=np.nan)
        if ((given == _date_years(ev["date"])) | np.isnan(given)).all():
            extras = extras.drop(columns="year")
    if "source" in extras:
        names = ev["sources"].map(lambda s: "; ".join(x.get("name") or "" for x in s) if s else None)
        if (extras["source"].fillna("") == names.fillna("")).all():
            extras = extras.drop(columns="source")
    return extras
