"""Per-admin-1 counts: the same numbers from geopandas and from dask-geopandas on a 2-worker cluster."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geomap.aggregate import (
    admin1_areas,
    aggregate_events,
    count_by_admin1,
    locate_partition,
)
from geomap.errors import InputError

distributed = pytest.importorskip("distributed")
dask_geopandas = pytest.importorskip("dask_geopandas")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    """Two unit squares sharing the edge x=1 in country AA, one square in BB, one in CC."""
    return gpd.GeoDataFrame(
        {
            "admin1_code": ["AA-W", "AA-E", "BB-1", "CC-1"],
            "admin1": ["West", "East", "Bee", "Sea"],
            "iso": ["AA", "AA", "BB", "CC"],
            "geonames_code": ["AA.01", "AA.02", "BB.01", "CC.01"],
        },
        geometry=[
            shapely.box(0, 0, 1, 1),
            shapely.box(1, 0, 2, 1),
            shapely.box(5, 5, 6, 6),
            shapely.box(9, 9, 10, 10),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def events() -> gpd.GeoDataFrame:
    """Ten events per area 'West' and 'East', some in BB, one on the border, one at sea, one without geometry."""
    geoms = (
        [shapely.Point(0.5, 0.1 * i) for i in range(1, 10)]  # 9 West
        + [shapely.Point(1.5, 0.1 * i) for i in range(1, 10)]  # 9 East
        + [shapely.Point(1, 0.5)]  # on the shared border: belongs to the first area listed, West
        + [shapely.box(5.2, 5.2, 5.4, 5.4), shapely.LineString([(5.5, 5.1), (5.5, 5.9)])]  # BB, not points
        + [shapely.Point(30, 30), None]  # at sea; no geometry
    )
    fatalities = pd.array([1] * 9 + [2] * 9 + [5, 3, None, 7, 100], dtype="Int64")
    return gpd.GeoDataFrame(
        {"id": [f"ev-{i:03d}" for i in range(len(geoms))], "fatalities": fatalities},
        geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"),
    )


def _table(counts: gpd.GeoDataFrame) -> pd.DataFrame:
    return counts.drop(columns="geometry").reset_index(drop=True)


def test_locate_puts_each_event_in_one_area(events, areas):
    located = locate_partition(events, areas)
    assert len(located) == len(events) and list(located["id"]) == list(events["id"])
    codes = located["admin1_code"].tolist()
    assert codes[:9] == ["AA-W"] * 9 and codes[9:18] == ["AA-E"] * 9
    assert codes[18:21] == ["AA-W", "BB-1", "BB-1"]
    assert pd.isna(codes[21]) and pd.isna(codes[22])


def test_counts_cover_every_area_of_countries_with_events(events, areas):
    counts = count_by_admin1(events, areas)
    assert _table(counts).to_dict("list") == {
        "admin1_code": ["AA-W", "AA-E", "BB-1"],
        "admin1": ["West", "East", "Bee"],
        "iso": ["AA", "AA", "BB"],
        "geonames_code": ["AA.01", "AA.02", "BB.01"],
        "count": [10, 9, 2],
        "fatalities": [14, 18, 3],
    }
    assert counts.attrs["unmatched"] == 2
    assert counts.crs == areas.crs and counts.geometry.equals(areas.geometry.iloc[:3])


def test_zero_areas_are_kept(areas):
    one = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(0.5, 0.5)], crs="EPSG:4326")
    counts = count_by_admin1(one, areas)
    assert counts["count"].tolist() == [1, 0] and counts["fatalities"].tolist() == [0, 0]
    assert counts.attrs["unmatched"] == 0


def test_dask_counts_equal_geopandas_counts(events, areas, client):
    big = pd.concat([events] * 7, ignore_index=True)
    expected = count_by_admin1(big, areas)
    lazy = dask_geopandas.from_geopandas(big, npartitions=5, sort=False)
    import dask

    with dask.config.set(scheduler=client):
        got = count_by_admin1(lazy, areas)
    pd.testing.assert_frame_equal(_table(got), _table(expected))
    assert got.attrs["unmatched"] == expected.attrs["unmatched"] == 14


def test_aggregate_writes_partitioned_geoparquet_same_on_both_engines(
    events, areas, client, tmp_path, monkeypatch
):
    import geomap.aggregate as aggregate

    monkeypatch.setattr(aggregate, "admin1_areas", lambda countries=None: areas)
    big = pd.concat([events] * 30, ignore_index=True)
    local = aggregate_events(big, tmp_path / "local")
    on_dask = aggregate_events(big, tmp_path / "dask", engine="dask", scheduler=client)
    for result in (local, on_dask):
        assert (result.events, result.unmatched) == (len(big), 60)
        assert result.counts_path.exists() and result.events_path.is_dir()
        back = gpd.read_parquet(result.events_path).sort_values("id", kind="stable").reset_index(drop=True)
        assert len(back) == len(big) and back.crs == big.crs
        assert back["admin1_code"].isna().sum() == 60
    assert len(list(on_dask.events_path.glob("*.parquet"))) > 1
    pd.testing.assert_frame_equal(_table(on_dask.counts), _table(local.counts))
    pd.testing.assert_frame_equal(_table(gpd.read_parquet(local.counts_path)), _table(local.counts))


def test_aggregate_reads_geoparquet_and_replaces_old_output(events, areas, tmp_path, monkeypatch):
    import geomap.aggregate as aggregate

    monkeypatch.setattr(aggregate, "admin1_areas", lambda countries=None: areas)
    source = tmp_path / "events.parquet"
    events.to_parquet(source)
    out = tmp_path / "out"
    (out / "events").mkdir(parents=True)
    (out / "events" / "stale.parquet").write_text("from an earlier run")
    result = aggregate_events(source, out)
    assert sorted(p.name for p in result.events_path.iterdir()) == ["part.0.parquet"]
    assert sorted(p.name for p in out.iterdir()) == ["admin1_counts.parquet", "events"]  # no temporary left
    assert result.counts["count"].sum() + result.unmatched == len(events)
    with pytest.raises(InputError, match="no such file"):
        aggregate_events(tmp_path / "missing.parquet", out)


def test_packaged_admin1_polygons():
    syria = admin1_areas(["sy"])
    assert {"SY-SU", "SY-DR", "SY-DI"} <= set(syria["admin1_code"])
    assert syria["admin1_code"].is_unique and (syria["iso"] == "SY").all()
    assert syria.geometry.is_valid.all()
    sweida = syria.set_index("admin1_code").loc["SY-SU"]
    assert sweida.geometry.contains(shapely.Point(36.57, 32.71))
    with pytest.raises(InputError, match="ZZ"):
        admin1_areas(["ZZ"])


def test_full_event_schema_round_trips_through_dask(gz, fixtures, client, tmp_path):
    from geomap.readers import read_events

    events = pd.concat(
        [read_events(fixtures / "parallel" / "events_mixed.csv").events] * 20, ignore_index=True
    )
    local = aggregate_events(events, tmp_path / "local", countries=["SY"])
    on_dask = aggregate_events(events, tmp_path / "dask", countries=["SY"], engine="dask", scheduler=client)
    pd.testing.assert_frame_equal(_table(on_dask.counts), _table(local.counts))
    assert on_dask.counts["count"].sum() + on_dask.unmatched == len(events)
    back = gpd.read_parquet(on_dask.events_path).sort_values(["id", "source_row"], kind="stable")
    assert len(back) == len(events) and list(back.columns[:-1]) == list(events.columns)
    assert set(back["admin1_code"]) == {"SY-SU", "SY-DI", "SY-RD", "SY-DR"}  # Sweida, Shahba, Damascus, Daraa


def test_failed_write_keeps_the_previous_output(events, areas, tmp_path, monkeypatch):
    import geomap.aggregate as aggregate

    monkeypatch.setattr(aggregate, "admin1_areas", lambda countries=None: areas)
    first = aggregate_events(events, tmp_path / "out")
    before = sorted(p.name for p in first.events_path.iterdir())

    def half_written(self, path, **kwargs):
        Path(path).write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_parquet", half_written)
    with pytest.raises(OSError, match="disk full"):
        aggregate_events(events, tmp_path / "out")
    assert sorted(p.name for p in first.events_path.iterdir()) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["admin1_counts.parquet", "events"]
