"""The event schema: conforming frames, stable content ids, list columns."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point

from geomap.model import COLUMNS, conform, empty_events, events_from_records, make_event_id


def test_empty_events_has_the_schema():
    empty = empty_events()
    assert list(empty.columns) == [*COLUMNS, "geometry"] and len(empty) == 0 and empty.crs == "EPSG:4326"


def test_conform_orders_columns_keeps_extras_and_fills_defaults():
    frame = gpd.GeoDataFrame(
        {"my_extra": ["x"], "notes": ["a note"], "fatalities": [3.0], "sources": [None]},
        geometry=[Point(36.57, 32.71)],
        crs="EPSG:4326",
    )
    out = conform(frame)
    assert list(out.columns) == [*COLUMNS, "my_extra", "geometry"]
    row = out.iloc[0]
    assert row["role"] == "event" and row["sources"] == [] and row["alternatives"] == []
    assert out["fatalities"].dtype == "Int64" and row["fatalities"] == 3
    assert row["id"].startswith("ev-") and len(row["id"]) == 15


def test_ids_depend_on_content_only_and_match_make_event_id():
    records = [
        {"date": "2025-07-16", "event_type": "Battles", "notes": "same"},
        {"date": "2025-07-16", "event_type": "Battles", "notes": "same"},
        {"date": "2025-07-16", "event_type": "Battles", "notes": "other"},
    ]
    geoms = [
        Point(36.29128, 33.5102),
        Point(36.29128, 33.5102),
        LineString([(36.34, 32.842), (36.57, 32.71)]),
    ]
    a = events_from_records(records, geoms)
    b = events_from_records(records, geoms)
    assert list(a["id"]) == list(b["id"])
    assert a["id"][0] == a["id"][1] != a["id"][2]
    assert a["id"][2] == make_event_id(records[2], "LINESTRING (36.34 32.842, 36.57 32.71)")


def test_existing_ids_are_kept_and_list_like_values_become_lists():
    frame = gpd.GeoDataFrame(
        {"id": ["given"], "alternatives": [np.array([{"name": "x", "geonameid": 1, "score": 0.5}])]},
        geometry=[Point(0, 0)],
        crs="EPSG:4326",
    )
    out = conform(frame)
    assert out["id"][0] == "given"
    assert out["alternatives"][0] == [{"name": "x", "geonameid": 1, "score": 0.5}]
    assert isinstance(conform(pd.DataFrame({"geometry": [Point(1, 1)]}))["sources"][0], list)
