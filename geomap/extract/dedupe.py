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


def _present(value: Any) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and np.isnan(value))


def _name(value: Any) -> str | None:
    if not _present(value) or not str(value).strip():
        return None
    return _PERIOD.sub("", str(value).strip()).lower()


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _actors_agree(r: dict, s: dict, battle: bool) -> bool:
    a1, a2, b1, b2 = _name(r["actor1"]), _name(r["actor2"]), _name(s["actor1"]), _name(s["actor2"])
    straight = _agree(a1, b1) and _agree(a2, b2)
    crossed = battle and _agree(a1, b2) and _agree(a2, b1)
    return straight or crossed


def _span(r: dict) -> tuple[str, str] | None:
    """The row's date span as ISO strings (which compare like dates), or None without a date."""
    start = str(r["date"])[:10] if _present(r["date"]) and r["date"] else None
    if start is None:
        return None
    end = str(r["date_end"])[:10] if _present(r.get("date_end")) and r.get("date_end") else start
    return start, end


def _same_place(r: dict, s: dict, gr: Any, gs: Any) -> bool:
    if _present(r["geonameid"]) and _present(s["geonameid"]) and int(r["geonameid"]) == int(s["geonameid"]):
        return True
    if gr is None or gs is None or gr.is_empty or gs.is_empty:
        return False
    if gr.geom_type in ("Polygon", "MultiPolygon") and gr.covers(gs.representative_point()):
        return True
    if gs.geom_type in ("Polygon", "MultiPolygon") and gs.covers(gr.representative_point()):
        return True
    precisions = [int(x) for x in (r["geo_precision"], s["geo_precision"]) if _present(x)]
    radius = RADIUS_KM.get(max(precisions, default=1), RADIUS_KM[3])
    p, q = (g.interpolate(1, normalized=True) if g.geom_type == "LineString" else g.representative_point()
            for g in (gr, gs))  # fmt: skip
    return float(haversine_km(p.y, p.x, q.y, q.x)) <= radius


def same_event(r: dict, s: dict, gr: Any, gs: Any) -> bool:
    """Whether rows ``r`` and ``s`` (dicts of the event schema; geometries ``gr``, ``gs``) report one event."""
    if r["event_type"] != s["event_type"]:
        return False
    if r["sub_event_type"] and s["sub_event_type"] and r["sub_event_type"] != s["sub_event_type"]:
        return False
    a, b = _span(r), _span(s)
    if a is None or b is None or a[0] > b[1] or b[0] > a[1]:
        return False
    return _actors_agree(r, s, r["event_type"] == "Battles") and _same_place(r, s, gr, gs)


def merge_groups(rows: Sequence[dict], geometries: Sequence[Any]) -> list[int]:
    """For each row, the position of the row it merges into (itself when it stands alone)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_type.setdefault(str(r["event_type"]), []).append(i)
    for members in by_type.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if find(i) != find(j) and same_event(rows[i], rows[j], geometries[i], geometries[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    keep = {root: min(members, key=lambda k: _rank(rows[k], k)) for root, members in groups.items()}
    return [keep[find(i)] for i in range(len(rows))]


def _rank(r: dict, k: int) -> tuple:
    geo = int(r["geo_precision"]) if _present(r["geo_precision"]) else 9
    time = int(r["time_precision"]) if _present(r["time_precision"]) else 9
    drafted = not _present(r.get("id")) or str(r.get("id") or "").startswith("ev-")
    return geo, time, drafted, k


def merge_records(rows: Sequence[dict], geometries: Sequence[Any]) -> tuple[list[dict], list[Any], list[int]]:
    """The rows with those that report one event merged: (rows kept, their geometries, for each input row the
    position of its kept row among the rows kept)."""
    target = merge_groups(rows, geometries)
    kept = sorted(set(target))
    position = {k: n for n, k in enumerate(kept)}
    out = []
    for k in kept:
        members = [rows[i] for i, t in enumerate(target) if t == k]
        row = dict(rows[k])
        if len(members) > 1:
            row["sources"] = _union([m.get("sources") for m in members])
            row["alternatives"] = _union([m.get("alternatives") for m in members])
            notes = [
                n for n in dict.fromkeys(str(m["notes"]) for m in members if _present(m.get("notes"))) if n
            ]
            row["notes"] = " | ".join(notes) or None
            deaths = [int(m["fatalities"]) for m in members if _present(m.get("fatalities"))]
            row["fatalities"] = max(deaths) if deaths else row.get("fatalities")
            if any(m.get("role") == "event" for m in members):
                row["role"] = "event"
        out.append(row)
    return out, [geometries[k] for k in kept], [position[t] for t in target]


def merge_events(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``events`` with the rows that report one event merged (rule in the module notes), in input order."""
    if len(events) < 2:
        return events
    geometries = list(events.geometry)
    rows = pd.DataFrame(events.drop(columns=events.geometry.name)).to_dict("records")
    kept, geoms, _ = merge_records(rows, geometries)
    if len(kept) == len(rows):
        return events
    frame = gpd.GeoDataFrame(pd.DataFrame(kept), geometry=geoms, crs=events.crs)
    return conform(frame, assign_ids=False)


def _union(lists: Sequence[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for items in lists:
        for item in items if isinstance(items, list) else []:
            key = repr(sorted(item.items())) if isinstance(item, dict) else repr(item)
            seen.setdefault(key, item)
    return list(seen.values())
