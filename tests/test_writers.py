"""Writers: every format reads back with every field; GeoJSON is RFC 7946, escaped and byte-stable."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geomap.errors import UsageError
from geomap.model import COLUMNS, CRS, events_from_records
from geomap.readers import read_events
from geomap.writers import ACLED_COLUMNS, WRITE_FORMATS, write_events

EV = Path(__file__).parent / "fixtures" / "events"
SUFFIX = {
    "geojson": ".geojson",
    "geojsonseq": ".geojsons",
    "gpkg": ".gpkg",
    "csv": ".csv",
    "parquet": ".parquet",
}
TRICKY = 'Quote " backslash \\ tab\t newline\n <script>alert(1)</script> — عربي \x01 100%s'


def _events() -> gpd.GeoDataFrame:
    """Points, a line, a clockwise polygon and a multipolygon, with list fields and awkward text."""
    ucdp = read_events(EV / "ucdp_sample.csv").events
    wkt = read_events(EV / "wkt_events.csv").events
    extra = events_from_records(
        [
            {
                "date": "2025-07-19",
                "event_type": "Protests",
                "notes": TRICKY,
                "sources": [{"name": "Wire", "url": "https://wire.example/a?b=1&c=2"}],
                "geonameid": 170017,
                "match_name": "Sweida",
                "confidence": 0.875,
                "alternatives": [{"name": "As Suwayda", "geonameid": 1, "score": 0.1}],
                "role": "context",
                "source_file": "article.txt",
                "source_row": 7,
            }
        ],
        [shapely.MultiPolygon([shapely.box(36, 32, 36.5, 32.5), shapely.box(37, 32, 37.5, 32.5)])],
    )
    return pd.concat([ucdp, wkt, extra], ignore_index=True)


def _norm(v: object) -> object:
    """Cell values compared by meaning: missing is None, lists by content, numbers and text as text."""
    if isinstance(v, list):
        return json.dumps(v, sort_keys=True)
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    return str(v)


def _same(a: pd.Series, b: pd.Series) -> bool:
    return [_norm(v) for v in a] == [_norm(v) for v in b]


@pytest.mark.parametrize("fmt", WRITE_FORMATS)
def test_round_trip_keeps_every_field(tmp_path, fmt):
    events = _events()
    path = write_events(events, tmp_path / f"out{SUFFIX[fmt]}")
    back = read_events(path).events.set_index("id").loc[events["id"]].reset_index()
    assert set(events.columns) <= set(back.columns)
    for name in events.columns:
        if name == "geometry":
            continue
        assert _same(events[name], back[name]), name
    for a, b in zip(events.geometry, back.geometry, strict=True):
        assert a.geom_type == b.geom_type and a.normalize().equals_exact(b.normalize(), 1e-6)


def test_geojson_is_rfc7946(tmp_path):
    events = _events()
    events.loc[0, "geometry"] = shapely.Point(36.123456789, 32.987654321)
    path = write_events(events, tmp_path / "e.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    feats = doc["features"]
    assert [f["id"] for f in feats] == events["id"].tolist()
    assert feats[0]["geometry"]["coordinates"] == [36.123457, 32.987654]  # lon, lat; 6 decimals
    polygon = next(f for f in feats if f["geometry"]["type"] == "Polygon")
    assert shapely.LinearRing(polygon["geometry"]["coordinates"][0]).is_ccw  # input was clockwise
    multi = next(f for f in feats if f["geometry"]["type"] == "MultiPolygon")
    assert all(shapely.LinearRing(p[0]).is_ccw for p in multi["geometry"]["coordinates"])
    props = multi["properties"]
    assert props["notes"] == TRICKY
    assert props["sources"] == [{"name": "Wire", "url": "https://wire.example/a?b=1&c=2"}]
    assert props["alternatives"][0]["geonameid"] == 1
    assert props["confidence"] == 0.875 and props["geonameid"] == 170017
    assert list(props)[: len(COLUMNS)] == list(COLUMNS)
    assert all(shapely.is_valid(shapely.geometry.shape(f["geometry"])) for f in feats)


def test_invalid_polygons_are_repaired_in_geojson(tmp_path):
    bowtie = shapely.Polygon([(36, 32), (37, 33), (37, 32), (36, 33)])
    events = events_from_records([{"date": "2025-07-14"}], [bowtie])
    doc = json.loads(write_events(events, tmp_path / "e.geojson").read_text())
    geom = shapely.geometry.shape(doc["features"][0]["geometry"])
    assert geom.is_valid and geom.area == pytest.approx(0.5)


def test_non_finite_coordinates_become_null_geometry(tmp_path):
    events = events_from_records(
        [{"date": "2025-07-14"}] * 2, [shapely.Point(float("nan"), 1.0), shapely.Point(1, 2)]
    )
    doc = json.loads(write_events(events, tmp_path / "e.geojson").read_text())
    assert [f["geometry"] for f in doc["features"]] == [None, {"type": "Point", "coordinates": [1, 2]}]


def test_text_output_is_byte_stable(tmp_path):
    for fmt in ("geojson", "geojsonseq", "csv"):
        a = write_events(_events(), tmp_path / f"a{SUFFIX[fmt]}").read_bytes()
        b = write_events(_events(), tmp_path / f"b{SUFFIX[fmt]}").read_bytes()
        assert a == b, fmt


def test_geojsonseq_has_one_rs_prefixed_feature_per_line(tmp_path):
    path = write_events(_events(), tmp_path / "e.geojsons")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    assert all(line.startswith("\x1e") and json.loads(line[1:])["type"] == "Feature" for line in lines[:-1])
    assert len(lines) - 1 == len(_events())


def test_gpkg_has_one_layer_per_geometry_type(tmp_path):
    path = write_events(_events(), tmp_path / "e.gpkg")
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"events_point", "events_linestring", "events_polygon", "events_multipolygon"}
    assert layers["events_point"] == "Point" and layers["events_multipolygon"] == "MultiPolygon"


def test_csv_has_acled_columns_first_then_schema_then_wkt(tmp_path):
    path = write_events(_events(), tmp_path / "e.csv")
    table = pd.read_csv(path, dtype=str)
    assert tuple(table.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert table.columns[-1] == "wkt"
    first = table.iloc[0]
    assert first["iso"] == "760" and first["event_id_cnty"] == "ucdp-900001" and first["year"] == "2025"
    assert first["source"] == "Wire A; Wire B"
    assert float(first["latitude"]) == pytest.approx(32.709)


def test_empty_table_and_bad_format(tmp_path):
    empty = _events().iloc[:0]
    for fmt in WRITE_FORMATS:
        path = write_events(empty, tmp_path / f"e{SUFFIX[fmt]}")
        assert len(read_events(path).events) == 0 if fmt != "csv" else path.exists()
    with pytest.raises(UsageError):
        write_events(_events(), tmp_path / "e.txt")


def test_failed_write_leaves_no_file(tmp_path):
    events = _events()
    events["bad"] = [object()] * len(events)  # not serialisable by Arrow
    with pytest.raises(Exception):  # noqa: B017 - whichever error Arrow raises
        write_events(events, tmp_path / "e.parquet")
    assert list(tmp_path.iterdir()) == []


def test_reprojects_to_wgs84(tmp_path):
    events = _events().iloc[:1].to_crs(3857)
    doc = json.loads(write_events(events, tmp_path / "e.geojson").read_text())
    assert doc["features"][0]["geometry"]["coordinates"] == pytest.approx([36.5695, 32.709], abs=1e-6)
    assert events.crs != CRS


def test_chunked_output_equals_single_chunk(tmp_path, monkeypatch):
    events = _events()
    whole = write_events(events, tmp_path / "whole.geojson").read_bytes()
    seq = write_events(events, tmp_path / "whole.geojsons").read_bytes()
    monkeypatch.setattr("geomap.writers.CHUNK_ROWS", 2)
    assert write_events(events, tmp_path / "parts.geojson").read_bytes() == whole
    assert write_events(events, tmp_path / "parts.geojsons").read_bytes() == seq
