"""Events to the compact columnar JSON the map's JavaScript draws from, built with array operations.

Every event is stored once, column by column: coordinates as integers (1e-4 degree, about 11 m),
dates as day numbers, and strings as codes into tables of distinct values. The browser builds
markers, canvas points, popups, the heat map, the choropleth and the filters from this one store,
so the HTML grows by a few tens of bytes per event plus its notes, and Python builds no marker or
feature object per event: columns go from arrays to JSON text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.rendering.placement import MIN_CONFIDENCE, outside_country, placements
from geomap.rendering.style import (
    CONTEXT_COLOR,
    OTHER_STYLE,
    TYPE_STYLES,
    context_svg,
    doubtful_svg,
    icon_svg,
    style_for,
)

#: Coordinates are stored as integers in units of 1e-4 degree.
COORD_SCALE = 10_000

#: Placeholder for the pixel size in the icon markup; the script fills it in per marker size.
ICON_SIZE = "{size}"

#: Actors with their own overlay; the rest share "Other actors".
TOP_ACTORS = 12

_POINT, _LINESTRING, _POLYGON, _MULTILINESTRING, _MULTIPOLYGON = 0, 1, 3, 5, 6


@dataclass(frozen=True)
class EncodedEvents:
    """The store's JSON text and what the Python side needs to lay the map out."""

    json: str
    #: Bounds (minx, miny, maxx, maxy) of the drawable events' geometries, context places left out
    #: when there are others; ``None`` when nothing is drawable.
    bounds: tuple[float, float, float, float] | None
    #: Rows that carry no usable geometry and so cannot be drawn.
    undrawable: int
    drawable: int
    types: list[str]
    #: Actor overlay names, the last one being "Other actors".
    actor_groups: list[str]
    #: Events (context places excluded) per type, and per actor group.
    type_counts: list[int]
    actor_group_counts: list[int]
    context_count: int
    #: Events placed below the confidence threshold, and outside their stated country.
    low_confidence: int
    outside: int
    has_lines: bool
    has_areas: bool


def _codes(values: pd.Series) -> tuple[list[int], list[str]]:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.tolist(), [str(u) for u in uniques]


def _ints(values: pd.Series, missing: int) -> list[int]:
    return pd.to_numeric(values, errors="coerce").fillna(missing).astype("int64").tolist()


def _days(values: pd.Series) -> np.ndarray:
    dates = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=False)
    days = dates.values.astype("datetime64[D]").astype("int64")
    return np.where(dates.isna().values, -1, days)


def _anchors(geoms: np.ndarray) -> np.ndarray:
    """One point per event: the point itself, a movement's destination, an area's inner point."""
    kind = shapely.get_type_id(geoms)
    out = np.full(len(geoms), None, dtype=object)
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    point = usable & (kind == _POINT)
    out[point] = geoms[point]
    line = usable & (kind == _LINESTRING)
    out[line] = shapely.get_point(geoms[line], -1)
    multiline = usable & (kind == _MULTILINESTRING)
    out[multiline] = shapely.get_point(shapely.get_geometry(geoms[multiline], -1), -1)
    rest = usable & ~(point | line | multiline)
    out[rest] = shapely.point_on_surface(geoms[rest])
    return out


def _text(entry: object, key: str) -> str:
    """``entry[key]`` of a source dict where it is a string, else ""."""
    value = entry.get(key) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else ""


def _source_tables(sources: pd.Series) -> tuple[list[int], list[int], list[list[str | None]]]:
    """Sources in compressed rows: per-event counts, then flat codes into a table of distinct
    ``[name, url]`` pairs (in order of first appearance); URLs are kept only when http(s).

    One pass over the lists with a dict of the pairs seen: about four times faster at 100k events
    than exploding them into a Series and factorizing joined strings (which walked them four times).
    """
    lists = sources.tolist()
    counts = [len(entries) for entries in lists]
    seen: dict[tuple[str, str], int] = {}
    codes = [
        seen.setdefault((_text(entry, "name"), _text(entry, "url")), len(seen))
        for entries in lists
        for entry in entries
        if entry is not None and not (isinstance(entry, float) and entry != entry)  # NaN: no source
    ]
    table = [[name or None, _http_url(url)] for name, url in seen]
    return counts, codes, table


def _http_url(value: object) -> str | None:
    """Only absolute http(s) URLs become links; ``javascript:`` and friends are dropped."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if url.lower().startswith(("http://", "https://")) and len(url) > 8 else None


def _lines(geoms: np.ndarray, index: np.ndarray, known: np.ndarray) -> list[list]:
    """Movement lines as ``[event index, route known, [[lat, lon], ...]]``."""
    parts = shapely.get_parts(geoms, return_index=True)
    coords, owner = shapely.get_coordinates(parts[0], return_index=True)
    coords = np.round(coords[:, ::-1], 4)
    part_owner = parts[1]
    splits = np.flatnonzero(np.diff(owner)) + 1
    return [
        [int(index[part_owner[o[0]]]), bool(known[part_owner[o[0]]]), chunk.tolist()]
        for chunk, o in zip(np.split(coords, splits), np.split(owner, splits), strict=True)
    ]


def _areas(geoms: np.ndarray, index: np.ndarray) -> list[list]:
    """Area events as ``[event index, GeoJSON geometry]``."""
    rounded = shapely.transform(shapely.simplify(geoms, 0.002), lambda xy: np.round(xy, 4))
    return [[int(i), json.loads(g)] for i, g in zip(index, shapely.to_geojson(rounded), strict=True)]


def _containing_area(areas: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Index of the first of ``areas`` containing each point (x, y), or -1.

    Each area is prepared and tested only on the points inside its bounding box: a few hundred
    vectorised tests, much faster than a spatial-index query per point or per area.
    """
    out = np.full(len(x), -1, dtype="int64")
    bounds = shapely.bounds(areas)
    for k in range(len(areas) - 1, -1, -1):  # backwards, so the first containing area wins
        minx, miny, maxx, maxy = bounds[k]
        near = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if len(near):
            shapely.prepare(areas[k])
            out[near[shapely.contains_xy(areas[k], x[near], y[near])]] = k
    return out


def _route_known(events: gpd.GeoDataFrame, geoms: np.ndarray) -> np.ndarray:
    """A line's route is known when a ``route_known`` column says so, else when it has > 2 vertices."""
    if "route_known" in events.columns:
        return events["route_known"].fillna(False).astype(bool).to_numpy()
    return shapely.get_num_coordinates(geoms) > 2


def encode_events(
    events: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame | None = None,
    *,
    min_confidence: float = MIN_CONFIDENCE,
) -> EncodedEvents:
    """Encode ``events`` (schema of :mod:`geomap.model`) for the browser.

    ``admin1`` (polygons, in the order the choropleth embeds them) gives each event the index of
    the admin-1 area it falls in, or -1. Placements below ``min_confidence`` or outside the row's
    stated country are marked doubtful.
    """
    geoms = np.asarray(events.geometry.values, dtype=object)
    anchors = _anchors(geoms)
    drawable = ~shapely.is_missing(anchors)
    x, y = shapely.get_x(anchors), shapely.get_y(anchors)
    data: dict[str, object] = {"n": len(events)}
    data["x"] = np.where(drawable, np.round(np.nan_to_num(x) * COORD_SCALE), 0).astype("int64").tolist()
    data["y"] = np.where(drawable, np.round(np.nan_to_num(y) * COORD_SCALE), 0).astype("int64").tolist()
    if not drawable.all():
        data["ok"] = drawable.astype("int8").tolist()

    day = _days(events["date"])
    day_end = _days(events["date_end"])
    data["d"] = day.tolist()
    if (day_end >= 0).any():
        data["de"] = day_end.tolist()

    type_codes, types = _codes(events["event_type"].fillna("Unknown type"))
    known = list(TYPE_STYLES)
    order = sorted(types, key=lambda t: (known.index(t), "") if t in known else (len(known), t))
    remap = np.array([order.index(t) for t in types], dtype="int64")
    data["t"] = remap[np.asarray(type_codes, dtype="int64")].tolist() if len(events) else []
    data["types"] = order
    data["colors"], data["ctxcolor"] = [style_for(t).color for t in order], CONTEXT_COLOR
    data["icons"] = [icon_svg(style_for(t), ICON_SIZE) for t in order] + [context_svg(ICON_SIZE)]
    data["dicons"] = [doubtful_svg(style_for(t), ICON_SIZE) for t in order] + [doubtful_svg(OTHER_STYLE, ICON_SIZE)]

    actors = pd.concat([events["actor1"], events["actor2"]], ignore_index=True)
    actor_codes, actor_names = _codes(actors)
    codes = (
        np.asarray(actor_codes, dtype="int64").reshape(2, -1) if len(events) else np.zeros((2, 0), "int64")
    )
    data["a1"], data["a2"] = codes[0].tolist(), codes[1].tolist()
    data["actors"] = actor_names
    counts = np.bincount(codes[codes >= 0], minlength=len(actor_names))
    top = np.argsort(-counts, kind="stable")[: min(TOP_ACTORS, len(actor_names))]
    group = np.full(len(actor_names), len(top), dtype="int64")
    group[top] = np.arange(len(top))
    data["agroup"] = group.tolist()
    actor_groups = [actor_names[i] for i in top] + ["Other actors"]
    # an event counts once for each group of its actors; with no actor at all, for "Other actors"
    g1, g2 = np.where(codes >= 0, np.append(group, -1)[codes], -1)
    g1 = np.where((g1 < 0) & (g2 < 0), len(top), g1)
    group_counts = np.bincount(g1[g1 >= 0], minlength=len(actor_groups)) + np.bincount(
        g2[(g2 >= 0) & (g2 != g1)], minlength=len(actor_groups)
    )

    for key, column in (
        ("s", "sub_event_type"),
        ("l", "location"),
        ("a", "admin1"),
        ("c", "country"),
        ("m", "match_name"),
    ):
        data[key], data[key + "_"] = _codes(events[column])
    data["f"] = _ints(events["fatalities"], -1)
    data["p"] = _ints(events["geo_precision"], 0)
    confidence = pd.to_numeric(events["confidence"], errors="coerce")
    data["q"] = _ints(np.round(confidence * 100), -1)
    data["minq"] = int(round(min_confidence * 100))
    data["gp"], data["gp_"], data["alt"] = placements(events)
    data["notes"] = events["notes"].where(events["notes"].notna(), "").astype(str).tolist()
    data["srcn"], data["src"], data["src_"] = _source_tables(events["sources"])
    context = (events["role"] == "context").to_numpy()
    if context.any():
        data["ctx"] = context.astype("int8").tolist()
    low = (confidence < min_confidence).to_numpy() & ~context
    kind = shapely.get_type_id(geoms)
    index = np.arange(len(events))
    is_line = drawable & np.isin(kind, (_LINESTRING, _MULTILINESTRING))
    is_area = drawable & np.isin(kind, (_POLYGON, _MULTIPOLYGON))
    data["lines"] = (
        _lines(geoms[is_line], index[is_line], _route_known(events, geoms)[is_line]) if is_line.any() else []
    )
    data["areas"] = _areas(geoms[is_area], index[is_area]) if is_area.any() else []

    adm = np.full(len(events), -1, dtype="int64")
    if admin1 is not None and len(admin1) and drawable.any():
        adm[drawable] = _containing_area(np.asarray(admin1.geometry.values), x[drawable], y[drawable])
    data["adm"] = adm.tolist()
    # the admin-1 area each point falls in settles most rows; only the others are measured
    area_iso = np.full(len(events), None, dtype=object)
    if admin1 is not None and len(admin1):
        area_iso[adm >= 0] = admin1["iso_a2"].to_numpy(dtype=object)[adm[adm >= 0]]
    outside = outside_country(anchors, events["iso"], context | ~drawable, area_iso)
    if outside.any():
        data["out"] = outside.astype("int8").tolist()

    bounds = None
    if drawable.any():
        focus = drawable & ~context if (drawable & ~context).any() else drawable
        box = shapely.bounds(geoms[focus])
        bounds = (
            float(box[:, 0].min()),
            float(box[:, 1].min()),
            float(box[:, 2].max()),
            float(box[:, 3].max()),
        )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return EncodedEvents(
        json=script_safe(text),
        bounds=bounds,
        undrawable=int((~drawable).sum()),
        drawable=int(drawable.sum()),
        types=order,
        actor_groups=actor_groups,
        type_counts=np.bincount(
            np.asarray(data["t"], dtype="int64")[~context], minlength=len(order)
        ).tolist(),
        actor_group_counts=group_counts.tolist(),
        context_count=int(context.sum()),
        low_confidence=int(low.sum()),
        outside=int(outside.sum()),
        has_lines=bool(is_line.any()),
        has_areas=bool(is_area.any()),
    )


def script_safe(json_text: str) -> str:
    """JSON text that cannot close the ``<script>`` element it is embedded in.

    ``<`` only occurs inside JSON strings, where ``\\u003c`` means the same character.
    """
    return json_text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
