"""Reverse geocoding: the place, admin areas and country at a point (``Gazetteer.reverse``).

Point-in-polygon on the admin-1 and country polygons (an STRtree each, built on first use) and the nearest
populated place in growing boxes of an STRtree of every city point.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gazetteer.index import PlaceRow
from gazetteer.location import Location
from gazetteer.resolve import MAIN, haversine_km

if TYPE_CHECKING:
    from gazetteer.resolve import Gazetteer

_CITY_SQL = "SELECT id, lat, lon FROM places WHERE kind = 'city'"


def reverse(gz: Gazetteer, lat: float, lon: float) -> Location | None:
    """The populated place at or near a point, with country, admin-1 and admin-2 filled in.

    Country and admin-1 come from the polygons containing the point, else (and admin-2 always)
    from the nearest place within 100 km. Far from any place, the admin-1 area or country itself is
    returned; None in open sea.
    """
    country_row = _containing(gz, "country", lat, lon)
    admin1_row = _containing(gz, "admin1", lat, lon)
    nearest = _nearest(gz, lat, lon, 100.0)
    if nearest is not None:
        row, dist = nearest
        loc = gz._location(row, MAIN, row.name, 1.0)
        if country_row is not None:
            loc.country_code, loc.country = (
                country_row.cc,
                gz.index.country_names.get(country_row.cc or ""),
            )
        if admin1_row is not None and admin1_row.admin1:  # a GeoNames admin-1, not a finer NE area
            loc.admin1 = admin1_row.name
        loc.raw["distance_km"] = round(dist, 3)
        return loc
    for row in (admin1_row, country_row):
        if row is not None:
            return gz._location(row, MAIN, row.name, 1.0)
    return None


def _containing(gz: Gazetteer, kind: str, lat: float, lon: float) -> PlaceRow | None:
    import shapely

    if kind not in gz._reverse_trees:
        rows = gz.index.polygons(kind)
        geoms = shapely.from_wkb([wkb for _, wkb in rows])
        gz._reverse_trees[kind] = ([place for place, _ in rows], shapely.STRtree(geoms))
    ids, tree = gz._reverse_trees[kind]
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return gz.index.place(ids[int(hits[0])]) if len(hits) else None


def _nearest(gz: Gazetteer, lat: float, lon: float, max_km: float) -> tuple[PlaceRow, float] | None:
    """The nearest populated place within ``max_km``, searched in growing boxes of an STRtree."""
    import numpy as np
    import shapely

    if gz._cities is None:
        ids, lats, lons = (np.asarray(c) for c in zip(*gz.index.query(_CITY_SQL), strict=True))
        gz._cities = (ids, lats, lons, shapely.STRtree(shapely.points(lons, lats)))
    ids, lats, lons, tree = gz._cities
    for radius_km in (10.0, 30.0, max_km):
        dlat = radius_km / 111.0
        dlon = dlat / max(0.05, math.cos(math.radians(lat)))
        hits = tree.query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
        if len(hits):
            km = haversine_km(lat, lon, lats[hits], lons[hits])
            best = int(np.argmin(km))
            if km[best] <= radius_km:
                return gz.index.place(int(ids[hits[best]])), float(km[best])
    return None
