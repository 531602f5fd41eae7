"""Geometry helpers: movement lines, admin-area polygons and precision areas."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geomap.geometry import (
    PRECISION2_RADIUS_M,
    WHERE_PREC2_RADIUS_M,
    admin_area,
    buffer_metres,
    movement_line,
    movement_lines,
    precision_areas,
    utm_epsg,
)
from geomap.model import events_from_records

DAMASCUS, SWEIDA = shapely.Point(36.2765, 33.5138), shapely.Point(36.5695, 32.709)


class _Loc:
    latitude, longitude = 32.709, 36.5695


def test_movement_line_from_points_and_locations():
    line = movement_line(DAMASCUS, _Loc(), via=[shapely.Point(36.4, 33.0)])
    assert shapely.get_coordinates(line).tolist() == [[36.2765, 33.5138], [36.4, 33.0], [36.5695, 32.709]]
    with pytest.raises(TypeError):
        movement_line((33.5, 36.3), SWEIDA)
    with pytest.raises(ValueError):
        movement_line(shapely.Point(), SWEIDA)


def test_movement_lines_vectorised_with_missing_ends():
    lines = movement_lines([DAMASCUS, None, shapely.box(0, 0, 2, 2)], [SWEIDA, SWEIDA, shapely.Point(5, 5)])
    assert lines[1] is None
    assert shapely.get_coordinates(lines[0]).tolist() == [[36.2765, 33.5138], [36.5695, 32.709]]
    assert shapely.get_coordinates(lines[2])[0].tolist() == [1.0, 1.0]  # a polygon starts from inside it


def test_utm_zones():
    assert utm_epsg(np.array([36.5, -3.7, 179.9]), np.array([32.7, -10.0, 1.0])).tolist() == [
        32637,
        32730,
        32660,
    ]


def test_buffer_is_metric_everywhere():
    pts = gpd.GeoSeries([SWEIDA, shapely.Point(10.0, 60.0), None], crs=4326)
    circles = buffer_metres(pts, 5000.0)
    assert circles.iloc[2] is None
    for i in (0, 1):
        area = gpd.GeoSeries([circles.iloc[i]], crs=4326).to_crs(
            int(utm_epsg(pts.x[i : i + 1], pts.y[i : i + 1])[0])
        )
        assert area.area.iloc[0] == pytest.approx(np.pi * 5000.0**2, rel=0.01)


def test_precision_areas(gz):
    events = events_from_records(
        [
            {"geo_precision": 1},
            {"geo_precision": 2},
            {"geo_precision": 2, "where_prec": 2},
            {"geo_precision": 3, "admin1": "As-Suwayda", "iso": "SY"},
            {"geo_precision": 3},
            {},
        ],
        [SWEIDA] * 6,
    )
    areas = precision_areas(events, gazetteer=gz)
    assert areas.iloc[0] is None and areas.iloc[5] is None
    metric = areas.iloc[1:3].to_crs(32637)
    radii = np.sqrt(metric.area / np.pi).tolist()
    assert radii == pytest.approx([PRECISION2_RADIUS_M, WHERE_PREC2_RADIUS_M], rel=0.01)
    assert areas.iloc[3].geom_type in ("Polygon", "MultiPolygon") and areas.iloc[3].contains(SWEIDA)
    assert areas.iloc[4].equals(areas.iloc[3])  # admin-1 found from the point itself


def test_admin_area(gz):
    poly = admin_area("Sweida Governorate", country="SY", gazetteer=gz)
    assert poly.geom_type in ("Polygon", "MultiPolygon") and poly.contains(SWEIDA)
    assert admin_area("Qqxzv Province", country="SY", gazetteer=gz) is None
