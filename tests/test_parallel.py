"""The Dask engine on a 2-worker LocalCluster: same results as one process, in order, nothing lost."""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import UsageError
from geomap.parallel import (
    Engine,
    PartitionFailure,
    add_engine_options,
    engine_options,
    map_partitions,
    partitions,
    run_with_engine,
)

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    """One small, short-lived cluster for the whole module; the engine reaches it by address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


# Partition functions run in worker processes, so they live at module level (picklable by reference).


def square_slowly(chunk: list[int]) -> list[int]:
    """Squares, after a random pause so that partitions finish out of order."""
    time.sleep(random.random() * 0.02)
    return [x * x for x in chunk]


def pid_per_item(chunk: list[int]) -> list[int]:
    return [os.getpid()] * len(chunk)


def fail_on_13(chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise ValueError("unlucky partition")
    return [x * x for x in chunk]


class FailOnce:
    """Fails the first attempt of the partition holding 13 (a marker file survives across processes)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __call__(self, chunk: list[int]) -> list[int]:
        if 13 in chunk and not self.marker.exists():
            self.marker.touch()
            raise ConnectionError("transient")
        return [x * x for x in chunk]


class RecordSetup:
    """A worker setup that notes which process ran it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self) -> None:
        with open(self.folder / f"{os.getpid()}.setup", "a") as fh:
            fh.write("x")


def error_records(chunk: list[int], failure: PartitionFailure) -> list[str]:
    return [f"{x}: {failure.error}" for x in chunk]


def flatten(results):
    return [x for part in results for x in part]


def test_partitions_keep_order():
    parts = list(partitions(iter(range(10)), 4))
    assert parts == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(partitions([], 3)) == []
    with pytest.raises(UsageError):
        list(partitions([1], 0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"engine": "spark"},
        {"engine": "local", "workers": 2},
        {"engine": "local", "scheduler": "tcp://127.0.0.1:1"},
        {"engine": "dask", "workers": 2, "scheduler": "tcp://127.0.0.1:1"},
        {"engine": "dask", "workers": 0},
        {"engine": "dask", "partition_size": 0},
    ],
)
def test_bad_engine_options_are_usage_errors(kwargs):
    with pytest.raises(UsageError):
        Engine(**kwargs)


def test_dask_results_equal_local_and_keep_input_order(scheduler):
    items = list(range(103))
    local = flatten(map_partitions(square_slowly, items, error_records, engine="local", partition_size=5))
    on_dask = flatten(
        map_partitions(
            square_slowly, iter(items), error_records, engine="dask", scheduler=scheduler, partition_size=5
        )
    )
    assert local == on_dask == [x * x for x in items]


def test_work_is_spread_over_both_workers(scheduler):
    with Engine("dask", scheduler=scheduler, partition_size=1) as engine:
        assert engine.n_workers == 2
        pids = flatten(engine.map(pid_per_item, range(40), error_records))
    assert len(pids) == 40 and os.getpid() not in pids
    assert len(set(pids)) == 2


def test_transient_failure_is_retried(scheduler, tmp_path):
    func = FailOnce(tmp_path / "failed-once")
    with Engine("dask", scheduler=scheduler, partition_size=4, retries=1) as engine:
        out = flatten(engine.map(func, range(20), error_records))
    assert (tmp_path / "failed-once").exists()
    assert out == [x * x for x in range(20)]
    assert engine.failures == []


@pytest.mark.parametrize("engine_name", ["local", "dask"])
def test_persistent_failure_is_reported_not_dropped(scheduler, engine_name):
    where = {"scheduler": scheduler} if engine_name == "dask" else {}
    with Engine(engine_name, partition_size=4, retries=1, **where) as engine:
        out = flatten(engine.map(fail_on_13, range(20), error_records))
    assert len(out) == 20
    assert out[:12] == [x * x for x in range(12)] and out[16:] == [x * x for x in range(16, 20)]
    assert out[12:16] == [f"{x}: ValueError: unlucky partition" for x in range(12, 16)]
    (failure,) = engine.failures
    assert (failure.index, failure.start, failure.size, failure.attempts) == (3, 12, 4, 2)
    assert "items 13-16" in str(failure)


def test_worker_setup_runs_once_per_worker_process(scheduler, tmp_path):
    with Engine("dask", scheduler=scheduler, partition_size=1, worker_setup=RecordSetup(tmp_path)) as engine:
        first = set(flatten(engine.map(pid_per_item, range(20), error_records)))
        second = set(flatten(engine.map(pid_per_item, range(20), error_records)))
    setups = {int(p.stem): p.read_text() for p in tmp_path.glob("*.setup")}
    assert first | second <= set(setups)
    assert set(setups.values()) == {"x"}  # each worker opened it once, not once per partition


def test_local_engine_runs_setup_in_this_process(tmp_path):
    with Engine("local", worker_setup=RecordSetup(tmp_path)) as engine:
        assert engine.client is None
        assert flatten(engine.map(pid_per_item, [1, 2], error_records)) == [os.getpid()] * 2
    assert (tmp_path / f"{os.getpid()}.setup").read_text() == "x"


def test_engine_starts_and_stops_its_own_local_cluster():
    import logging

    dask_log = logging.getLogger("distributed")
    before = dask_log.level
    with Engine("dask", workers=1, partition_size=3) as engine:
        client = engine.client
        assert engine.n_workers == 1
        assert dask_log.level == logging.ERROR  # Dask's start-up narration stays out of the user's way
        assert flatten(engine.map(square_slowly, range(7), error_records)) == [x * x for x in range(7)]
    assert client.status == "closed"
    assert dask_log.level == before


def test_command_line_options_drive_the_engine(scheduler):
    parser = argparse.ArgumentParser()
    add_engine_options(parser)
    assert engine_options(parser.parse_args([])) == {"engine": "local", "workers": None, "scheduler": None}
    args = parser.parse_args(["--engine", "dask", "--scheduler", scheduler, "--partition-size", "3"])
    assert list(run_with_engine(args, square_slowly, range(10), error_records)) == [x * x for x in range(10)]
    with pytest.raises(SystemExit):
        parser.parse_args(["--engine", "spark"])


def reject_input(chunk: list[int]) -> list[int]:
    raise UsageError("bad input, the same on every attempt")


@pytest.mark.parametrize("engine_name", ["local", "dask"])
def test_input_errors_stop_the_run(scheduler, engine_name):
    where = {"scheduler": scheduler} if engine_name == "dask" else {}
    with Engine(engine_name, retries=0, **where) as engine, pytest.raises(UsageError, match="bad input"):
        list(engine.map(reject_input, range(5), error_records))
    assert engine.failures == []


def test_map_blocks_keeps_prepared_partitions(scheduler):
    blocks = [[1, 2, 3], [4], [5, 6]]
    with Engine("dask", scheduler=scheduler, retries=0) as engine:
        out = list(engine.map_blocks(fail_on_13_or_len, blocks, lambda block, failure: -1))
        assert out == [3, 1, 2]
        out = list(
            engine.map_blocks(fail_on_13_or_len, [[1], [13, 14]], lambda block, failure: failure.start)
        )
    assert out == [1, 1]


def fail_on_13_or_len(block: list[int]) -> int:
    return len(fail_on_13(block))


def die_on_13(chunk: list[int]) -> list[int]:
    """Kills its worker process outright (as the kernel's OOM killer would) on the partition holding 13."""
    if 13 in chunk:
        os._exit(1)
    return [x * x for x in chunk]


@pytest.mark.slow
def test_partition_that_kills_its_worker_is_reported(scheduler):
    with Engine("dask", scheduler=scheduler, partition_size=5, retries=1) as engine:
        out = flatten(engine.map(die_on_13, range(20), error_records))
    assert out[:10] == [x * x for x in range(10)] and out[15:] == [x * x for x in range(15, 20)]
    assert all("KilledWorker" in line for line in out[10:15])
    assert [f.index for f in engine.failures] == [2]


def test_input_is_consumed_lazily(scheduler):
    pulled: list[int] = []

    def numbers():
        for i in range(200):
            pulled.append(i)
            yield i

    with Engine("dask", scheduler=scheduler, partition_size=2) as engine:
        results = engine.map(square_slowly, numbers(), error_records)
        first = next(results)
        in_flight = len(pulled)
        rest = flatten(results)
    assert first == [0, 1] and len(rest) == 198
    assert in_flight <= 2 * (3 * 2 + 1) + 2  # a window of 3 partitions per worker + 1, not the whole input


@given(
    items=st.lists(st.integers(-50, 50), max_size=60),
    size=st.integers(1, 9),
    bad=st.sets(st.integers(-50, 50), max_size=3),
)
@settings(max_examples=60, deadline=None)
def test_every_item_comes_back_once_in_order(items, size, bad):
    """Whatever the partitioning and whichever partitions fail, each item is answered once, in place."""

    def square_unless_bad(chunk: list[int]) -> list[int]:
        if bad & set(chunk):
            raise ValueError("bad item")
        return [x * x for x in chunk]

    with Engine("local", partition_size=size, retries=0) as engine:
        out = flatten(engine.map(square_unless_bad, items, lambda chunk, failure: [None] * len(chunk)))
    assert len(out) == len(items)
    for i, (x, y) in enumerate(zip(items, out, strict=True)):
        chunk = items[i - i % size : i - i % size + size]
        assert y == (None if bad & set(chunk) else x * x)
    assert sum(f.size for f in engine.failures) == out.count(None)
