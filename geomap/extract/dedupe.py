"""One event, many reports: rows that report the same event become one row with all their sources and notes.

The same strike is told in the headline and the body of an article, in two articles of a workflow, or in an
article and a hand-coded table row. Two rows are the same event when all of these hold:

* **type**: the same ``event_type``, and the same ``sub_event_type`` unless one of them is empty;
* **place**: the same gazetteer place (``geonameid``), or representative points within a radius that grows with
  the coarser ``geo_precision`` of the two (1: 10 km, 2: 25 km, 3: 50 km), or an area that contains the other's
  point when one is coded to an area;
* **date**: their date spans (``date`` to ``date_end``; "overnight" spans the two days) overlap, so that the
  same clash on two days stays two events, as the codebook counts them;
* **actors**: each side agrees or is unknown in one of them (``actor1`` with ``actor1``, ``actor2`` with
  ``actor2``, or crosswise for a battle, whose sides have no order); names are compared without their period
  suffix ("Military Forces of Myanmar (2021-)" = "Military Forces of Myanmar").

Of a group, the kept row is the most precise one: the lowest ``geo_precision``, then the lowest
``time_precision``, then a row with its source's own id (a coded table row) over a drafted one, then the first.
It takes the union of the group's ``sources`` and ``alternatives``, every distinct ``notes`` text (joined by
" | "), the highest ``fatalities`` and role ``event`` when any row of the group is an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gazetteer.resolve import haversine_km
from geomap.model import conform

#: Radius (km) within which two rows' points count as one place, by the coarser geo_precision.
RADIUS_KM = {1: 10.0, 2: 25.0, 3: 50.0}
_PERIOD = re.compile(r"\s+\(\d{4}-(?:\d{4})?\)$")


def _name(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return None
    return _PERIOD.sub("", str(value).strip()).lower()


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _actors_agree(r: Any, s: Any, battle: bool) -> bool:
    a1, a2, b1, b2 = _name(r.actor1), _name(r.actor2), _name(s.actor1), _name(s.actor2)
    straight = _agree(a1, b1) and _agree(a2, b2)
    crossed = battle and _agree(a1, b2) and _agree(a2, b1)
    return straight or crossed


def _span(r: Any) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    start = pd.to_datetime(r.date, errors="coerce")
    if pd.isna(start):
        return None
    end = pd.to_datetime(r.date_end, errors="coerce") if r.date_end else start
    return start, start if pd.isna(end) else end


def _km(p: Any, q: Any) -> float:
    return float(haversine_km(p.y, p.x, q.y, q.x))


def _same_place(r: Any, s: Any, gr: Any, gs: Any) -> bool:
    if pd.notna(r.geonameid) and pd.notna(s.geonameid) and int(r.geonameid) == int(s.geonameid):
        return True
    if gr is None or gs is None or gr.is_empty or gs.is_empty:
        return False
    if gr.geom_type in ("Polygon", "MultiPolygon") and gr.covers(gs.representative_point()):
        return True
    if gs.geom_type in ("Polygon", "MultiPolygon") and gs.covers(gr.representative_point()):
        return True
    precisions = [int(x) for x in (r.geo_precision, s.geo_precision) if pd.notna(x)]
    radius = RADIUS_KM.get(max(precisions, default=1), RADIUS_KM[3])
    ends = [g.interpolate(1, normalized=True) if g.geom_type == "LineString" else g.representative_point()
            for g in (gr, gs)]  # fmt: skip
    return _km(ends[0], ends[1]) <= radius


def same_event(r: Any, s: Any, gr: Any, gs: Any) -> bool:
    """Whether rows ``r`` and ``s`` (itertuples of the event schema; geometries ``gr``, ``gs``) report one event."""
    if r.event_type != s.event_type:
        return False
    if r.sub_event_type and s.sub_event_type and r.sub_event_type != s.sub_event_type:
        return False
    a, b = _span(r), _span(s)
    if a is None or b is None or a[0] > b[1] or b[0] > a[1]:
        return False
    return _actors_agree(r, s, r.event_type == "Battles") and _same_place(r, s, gr, gs)


def merge_groups(events: gpd.GeoDataFrame) -> list[int]:
    """For each row of ``events``, the position of the row it merges into (itself when it stands alone)."""
    rows = list(events.itertuples(index=False))
    geoms = list(events.geometry)
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_type.setdefault(str(r.event_type), []).append(i)
    for members in by_type.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if find(i) != find(j) and same_event(rows[i], rows[j], geoms[i], geoms[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    keep = {root: min(members, key=lambda k: _rank(rows[k], k)) for root, members in groups.items()}
    return [keep[find(i)] for i in range(len(rows))]


def _rank(r: Any, k: int) -> tuple:
    geo = int(r.geo_precision) if pd.notna(r.geo_precision) else 9
    time = int(r.time_precision) if pd.notna(r.time_precision) else 9
    drafted = str(r.id or "").startswith("ev-")
    return geo, time, drafted, k


def merge_events(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``events`` with the rows that report one event merged (rule in the module notes), in input order."""
    if len(events) < 2:
        return events
    events = events.reset_index(drop=True)
    target = merge_groups(events)
    if target == list(range(len(events))):
        return events
    out = events.loc[sorted(set(target))].copy()
    for keep in out.index:
        members = [i for i, t in enumerate(target) if t == keep]
        if len(members) == 1:
            continue
        group = events.loc[members]
        out.at[keep, "sources"] = _union(group["sources"])
        out.at[keep, "alternatives"] = _union(group["alternatives"])
        notes = [n for n in dict.fromkeys(group["notes"].dropna().astype(str)) if n]
        out.at[keep, "notes"] = " | ".join(notes) or None
        deaths = pd.to_numeric(group["fatalities"], errors="coerce").dropna()
        if len(deaths):
            out.at[keep, "fatalities"] = int(deaths.max())
        if (group["role"] == "event").any():
            out.at[keep, "role"] = "event"
    return conform(out.reset_index(drop=True), assign_ids=False)


def _union(lists: Sequence[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for items in lists:
        for item in items if isinstance(items, list) else []:
            key = repr(sorted(item.items())) if isinstance(item, dict) else repr(item)
            seen.setdefault(key, item)
    return list(seen.values())
