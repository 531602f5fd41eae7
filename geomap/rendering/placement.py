"""Honest marks: how sure each placement is, which gazetteer place it is, and where it is doubtful.

A placement is doubtful when its confidence is below :data:`MIN_CONFIDENCE` or when its point lies
outside the country the input row states. The map draws doubtful events hollow and dashed with a
"?" and counts them in the legend; popups name the gazetteer place chosen and its alternatives.
"""

from __future__ import annotations

import functools
import logging

import numpy as np
import pandas as pd
import shapely

import gazetteer

log = logging.getLogger("geomap")

#: Placements below this confidence are drawn as doubtful: the gazetteer's threshold where it
#: documents one (``gazetteer.MIN_CONFIDENCE``), else 0.5.
MIN_CONFIDENCE: float = float(getattr(gazetteer, "MIN_CONFIDENCE", 0.5))

#: A point this close (degrees, about 10 km) to its stated country still counts as inside it, so
#: that border towns and coarse boundaries are not flagged.
BORDER_TOLERANCE = 0.1


@functools.cache
def _area_codes() -> tuple[np.ndarray, np.ndarray]:
    """Every admin-1 polygon and the alpha-2 code of its country."""
    from geomap.rendering.basemap import admin1_areas

    areas = admin1_areas()
    return np.asarray(areas.geometry.values), areas["iso_a2"].to_numpy(dtype=object)


@functools.cache
def _country(iso: str):
    """One prepared multipolygon of ``iso``'s admin-1 areas (prepared: fast to measure against)."""
    geoms, codes = _area_codes()
    shape = shapely.multipolygons(shapely.get_parts(geoms[codes == iso]))
    shapely.prepare(shape)
    return shape


def outside_country(
    anchors: np.ndarray, iso: pd.Series, skip: np.ndarray, within: np.ndarray | None = None
) -> np.ndarray:
    """True where an anchor point lies farther than :data:`BORDER_TOLERANCE` from every admin-1 area
    of the row's ``iso`` country. Rows with no ``iso``, no point, or a country the boundary data
    does not know are never flagged; ``skip`` rows (context places) neither. ``within`` (optional)
    is the country of the admin-1 area each point is already known to fall in: rows where it
    equals ``iso`` are inside without measuring."""
    codes = iso.astype("object").where(iso.notna(), None).to_numpy()
    _, area_iso = _area_codes()
    known = set(area_iso[pd.notna(area_iso)])
    check = ~skip & ~shapely.is_missing(anchors) & pd.Series(codes).isin(known).to_numpy()
    if within is not None:
        check &= within != codes
    out = np.zeros(len(anchors), dtype=bool)
    for code in pd.unique(codes[check]):
        rows = np.flatnonzero(check & (codes == code))
        out[rows] = ~shapely.dwithin(_country(code), anchors[rows], BORDER_TOLERANCE)
    return out


def _describe(geonameids: list[int]) -> dict[int, list]:
    """``[name, admin-1 name, country name, geonameid, source]`` per geonameid the index knows."""
    if not geonameids:
        return {}
    from geomap.rendering.labels import open_index

    try:
        index = open_index()
    except Exception as exc:  # noqa: BLE001 -- the popups fall back to the matched name
        log.warning("gazetteer index unavailable, popups show only the matched names (%s)", exc)
        return {}
    found: dict[int, list] = {}
    for i in range(0, len(geonameids), 900):
        chunk = geonameids[i : i + 900]
        rows = index.query(
            f"SELECT geonameid, name, admin1, cc, source FROM places WHERE geonameid IN ({','.join('?' * len(chunk))})"
            " ORDER BY id",
            tuple(chunk),
        )
        for gid, name, admin1, cc, source in rows:
            if gid not in found:
                found[gid] = [name, index.admin_name(admin1), index.country_names.get(cc, cc), gid, source]
    return found


def placements(events: pd.DataFrame, limit: int = 3) -> tuple[list[int], list[list], dict[str, list]]:
    """The chosen place and up to ``limit`` alternatives of each event, as codes into one table.

    Returns (per-event code of the chosen place or -1, the table of described places, and a sparse
    ``{row: [[code, score %], ...]}`` of alternatives).
    """
    gids = pd.to_numeric(events["geonameid"], errors="coerce").astype("float64")
    alts = events["alternatives"]
    has_alts = alts.map(type).isin((list, tuple)).to_numpy().copy()
    has_alts[has_alts] = alts[has_alts].map(len).to_numpy() > 0
    wanted = set(gids.dropna().astype("int64").tolist())
    for entries in alts[has_alts]:
        wanted.update(int(a["geonameid"]) for a in entries[:limit] if isinstance(a, dict) and _is_id(a.get("geonameid")))
    described = _describe(sorted(wanted))
    table: list[list] = []
    codes: dict[object, int] = {}

    def code(key: object, entry: list) -> int:
        if key not in codes:
            codes[key] = len(table)
            table.append(entry)
        return codes[key]

    chosen = [
        code(int(g), described[int(g)]) if g == g and int(g) in described else -1 for g in gids.tolist()
    ]
    sparse: dict[str, list] = {}
    for row in np.flatnonzero(has_alts):
        listed = []
        for a in alts.iloc[row][:limit]:
            if not isinstance(a, dict):
                continue
            gid = int(a["geonameid"]) if _is_id(a.get("geonameid")) else None
            entry = described.get(gid) if gid is not None else None
            if entry is None:
                entry = [a.get("name"), None, None, gid, None]
            score = a.get("score")
            pct = int(round(float(score) * 100)) if isinstance(score, int | float) and score == score else -1
            listed.append([code(gid if entry is described.get(gid) else ("alt", str(entry)), entry), pct])
        if listed:
            sparse[str(int(row))] = listed
    return chosen, table, sparse


def _is_id(value: object) -> bool:
    return isinstance(value, int | float | np.integer) and value == value
