"""Event geometries beyond the plain point: movement lines, admin-area polygons, precision areas.

All geometries are in EPSG:4326 with (longitude, latitude) axis order, as shapely and GeoJSON use.
Place names are resolved through the gazetteer (``gazetteer.Gazetteer``); nothing here goes online
unless the gazetteer it is handed was built with an online fallback.

* :func:`movement_line` / :func:`movement_lines`: origin -> destination LineStrings, for
  displacement, troop movements and strike paths.
* :func:`admin_area`: the polygon of a named admin area (country, admin-1, admin-2 where the
  gazetteer has one), for events coded to a whole area.
* :func:`precision_areas`: how uncertain each event's place is, as an area: a buffer of
  ``radius_m`` metres for ``geo_precision`` 2 and the admin-1 polygon for 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.model import CRS

#: Kinds ``admin_area`` asks the gazetteer for, widest last.
ADMIN_KINDS = ("admin2", "admin1", "country")

#: Default uncertainty radius (metres) for ``geo_precision`` 2 ("near" a named place).
PRECISION2_RADIUS_M = 10_000.0

#: UCDP ``where_prec`` 2 means "within 25 km of a known point"; that radius wins when given.
WHERE_PREC2_RADIUS_M = 25_000.0


class _HasLatLon(Protocol):
    latitude: float
    longitude: float


PointLike = BaseGeometry | _HasLatLon


def _as_point(value: PointLike) -> shapely.Point:
    """A shapely Point from a Point or a geopy/gazetteer ``Location`` (never a bare tuple: axis order)."""
    if isinstance(value, shapely.Point):
        return value
    if isinstance(value, BaseGeometry):
        return value.representative_point() if not value.is_empty else shapely.Point()
    if hasattr(value, "latitude") and hasattr(value, "longitude"):
        return shapely.Point(float(value.longitude), float(value.latitude))
    raise TypeError(
        f"expected a shapely geometry or an object with latitude/longitude, got {type(value).__name__}"
    )


def movement_line(
    origin: PointLike, destination: PointLike, *, via: Sequence[PointLike] = ()
) -> shapely.LineString:
    """The LineString origin -> (via ...) -> destination.

    Each end may be a shapely geometry (a polygon contributes its representative point) or a
    ``Location`` with ``latitude``/``longitude``. Tuples are refused on purpose: (lat, lon) and
    (lon, lat) are too easy to mix up.
    """
    points = [_as_point(p) for p in (origin, *via, destination)]
    if any(p.is_empty for p in points):
        raise ValueError("a movement line needs non-empty origin and destination points")
    return shapely.LineString([(p.x, p.y) for p in points])


def movement_lines(origins: Iterable[Any], destinations: Iterable[Any]) -> np.ndarray:
    """Vectorised :func:`movement_line` over two point arrays; a missing or empty end gives None."""
    a = np.asarray(gpd.GeoSeries(list(origins)).values, dtype=object)
    b = np.asarray(gpd.GeoSeries(list(destinations)).values, dtype=object)
    ok = ~(shapely.is_missing(a) | shapely.is_missing(b) | shapely.is_empty(a) | shapely.is_empty(b))
    out = np.full(len(a), None, dtype=object)
    if ok.any():
        pa_, pb = shapely.point_on_surface(a[ok]), shapely.point_on_surface(b[ok])
        coords = np.stack([shapely.get_coordinates(pa_), shapely.get_coordinates(pb)], axis=1)
        out[ok] = shapely.linestrings(coords)
    return out


def admin_area(
    name: str, *, country: str | None = None, gazetteer: Any = None, kinds: Sequence[str] = ADMIN_KINDS
) -> BaseGeometry | None:
    """The polygon of the admin area ``name`` (in ``country``, ISO alpha-2), or None if none is known.

    Tries each kind in ``kinds`` in order and returns the first polygonal geometry the gazetteer
    holds. Offline data has country and admin-1 polygons but no admin-2 polygons.
    """
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    for kind in kinds:
        loc = gz.geocode(name, country=country, kind=kind)
        geom = getattr(loc, "geometry", None) if loc is not None else None
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_empty:
            return geom
    return None


def default_gazetteer() -> Any:
    """The default offline gazetteer, imported lazily so that coordinate-only work never builds it."""
    from gazetteer import Gazetteer

    return Gazetteer.default()


def utm_epsg(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The WGS 84 / UTM zone EPSG code for each (lon, lat): a metric CRS good to a few tenths of a percent."""
    zone = np.clip(np.floor((np.asarray(lon) + 180.0) / 6.0).astype(int) + 1, 1, 60)
    return np.where(np.asarray(lat) >= 0, 32600, 32700) + zone


def buffer_metres(points: gpd.GeoSeries, radius_m: float | np.ndarray) -> gpd.GeoSeries:
    """Buffer each geometry by ``radius_m`` metres, computed in its own UTM zone, returned in EPSG:4326."""
    radius = np.broadcast_to(np.asarray(radius_m, dtype=float), (len(points),))
    out = gpd.GeoSeries([None] * len(points), index=points.index, crs=CRS)
    ok = ~(points.isna() | points.is_empty).to_numpy()
    if not ok.any():
        return out
    centre = points[ok].representative_point()
    codes = utm_epsg(centre.x.to_numpy(), centre.y.to_numpy())
    for code in np.unique(codes):
        sel = codes == code
        part = points[ok][sel].to_crs(epsg=int(code))
        out.loc[part.index] = part.buffer(radius[ok][sel], quad_segs=16).to_crs(CRS).values
    return out


def precision_areas(
    events: gpd.GeoDataFrame,
    *,
    radius_m: float = PRECISION2_RADIUS_M,
    gazetteer: Any = None,
) -> gpd.GeoSeries:
    """An uncertainty area per event, aligned with ``events``; None where the place is exact.

    ``geo_precision`` 2: a circle of ``radius_m`` metres (25 km where UCDP ``where_prec`` is 2);
    ``geo_precision`` 3: the polygon of the event's ``admin1`` in its ``iso`` country, falling
    back to the point's own admin-1 from ``gazetteer.reverse`` when ``admin1`` is empty, and to
    None when the gazetteer has no polygon. Precision 1 and missing precision give None.
    """
    prec = pd.to_numeric(events["geo_precision"], errors="coerce").astype("Int64")
    out = gpd.GeoSeries([None] * len(events), index=events.index, crs=CRS)
    near = (prec == 2).fillna(False).to_numpy()
    if near.any():
        where = pd.to_numeric(events["where_prec"], errors="coerce") if "where_prec" in events else None
        ucdp2 = (where == 2).fillna(False).to_numpy(dtype=bool)[near] if where is not None else False
        radius = np.where(ucdp2, WHERE_PREC2_RADIUS_M, radius_m)
        out.loc[near] = buffer_metres(events.geometry[near], radius).values
    wide = (prec == 3).fillna(False).to_numpy()
    if wide.any():
        gz = gazetteer if gazetteer is not None else default_gazetteer()
        sub = events.loc[wide]
        cache: dict[tuple[str, str], BaseGeometry | None] = {}
        polys = []
        for admin1, iso, geom in zip(sub["admin1"], sub["iso"], sub.geometry, strict=True):
            name, country = admin1 if isinstance(admin1, str) else None, iso if isinstance(iso, str) else None
            if not name and geom is not None and not geom.is_empty:
                pt = geom.representative_point()
                loc = gz.reverse(pt.y, pt.x)
                name = getattr(loc, "admin1", None) if loc is not None else None
                country = country or (getattr(loc, "country_code", None) if loc is not None else None)
            key = (name or "", country or "")
            if key not in cache:
                cache[key] = (
                    admin_area(name, country=country, gazetteer=gz, kinds=("admin1",)) if name else None
                )
            polys.append(cache[key])
        out.loc[wide] = polys
    return out
