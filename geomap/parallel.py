"""The Dask engine: run the single-process functions per partition, on one machine or a cluster.

Nothing here reimplements geoparsing or event reading. Items (documents, table rows) are cut into
partitions; each partition goes through the very function the single-process path uses; results come
back in input order, so output is identical whichever engine ran it. A partition that raises is
retried (Dask ``retries=``); if it still fails it is reported as a :class:`PartitionFailure` and
turned into per-item error records by the caller's ``on_failure``, never dropped.

Without a scheduler address the engine starts a ``LocalCluster`` (one single-threaded process per
worker, its dashboard on a free local port) and closes it when done; with ``scheduler=ADDRESS`` it connects to a running
cluster and leaves it running. Work is submitted through a bounded window so that a million-document
input streams through without being held in memory at once.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from geomap.errors import UsageError

try:
    from distributed import WorkerPlugin
except ImportError:  # the optional ``dask`` extra is not installed: only the local engine works
    WorkerPlugin = object  # type: ignore[assignment,misc]

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("geomap.parallel")

ENGINES = ("local", "dask")
#: Items per partition: large enough that task overhead (~1 ms) is small against the work.
DEFAULT_PARTITION_SIZE = 200
#: Extra attempts for a failing partition before it is reported.
DEFAULT_RETRIES = 2


@dataclass(frozen=True)
class PartitionFailure:
    """A partition that raised on every attempt; its items must be reported, not dropped."""

    index: int
    start: int
    size: int
    attempts: int
    error: str

    def __str__(self) -> str:
        return (
            f"partition {self.index} (items {self.start + 1}-{self.start + self.size}) "
            f"failed after {self.attempts} attempt(s): {self.error}"
        )


def partitions(items: Iterable[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """Yield ``(offset of first item, list of up to size items)`` lazily, in order."""
    if size < 1:
        raise UsageError(f"partition size must be at least 1, got {size}")
    iterator = iter(items)
    offset = 0
    while chunk := list(itertools.islice(iterator, size)):
        yield offset, chunk
        offset += len(chunk)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class _SetupPlugin(WorkerPlugin):
    """Runs a setup callable once in each worker process as it joins (e.g. opening the gazetteer)."""

    def __init__(self, setup: Callable[[], Any], name: str) -> None:
        self.setup_func, self.name = setup, name

    def setup(self, worker: Any) -> None:
        self.setup_func()


class Engine:
    """Where partitions run: ``"local"`` (this process) or ``"dask"`` (a cluster).

    Use as a context manager; :meth:`map` may be called several times inside it. Failures of the
    runs so far are in :attr:`failures`.
    """

    def __init__(
        self,
        engine: str = "local",
        *,
        workers: int | None = None,
        scheduler: str | Any | None = None,
        partition_size: int = DEFAULT_PARTITION_SIZE,
        retries: int = DEFAULT_RETRIES,
        worker_setup: Callable[[], Any] | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if engine == "local" and (workers is not None or scheduler is not None):
            raise UsageError("--workers and --scheduler need --engine dask")
        if workers is not None and scheduler is not None:
            raise UsageError(
                "give either --workers (start a local cluster) or --scheduler (use a running one)"
            )
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be at least 1, got {workers}")
        if partition_size < 1:
            raise UsageError(f"partition size must be at least 1, got {partition_size}")
        self.engine, self.workers, self.scheduler = engine, workers, scheduler
        self.partition_size, self.retries, self.worker_setup = partition_size, retries, worker_setup
        self.failures: list[PartitionFailure] = []
        self._client: Any = None
        self._cluster: Any = None
        self._own_client = False

    # -- lifetime -------------------------------------------------------------------------------

    def __enter__(self) -> Engine:
        if self.engine == "local":
            if self.worker_setup is not None:
                self.worker_setup()
            return self
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError("--engine dask needs the dask extra: pip install 'geomap[dask]'") from exc

        if self.scheduler is None:
            n = self.workers or os.cpu_count() or 1
            log.info("starting a local Dask cluster with %d worker process(es)", n)
            # Port 0: a free port for the status page, so several runs on one machine never collide.
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
            )
            self._client, self._own_client = Client(self._cluster, set_as_default=False), True
            log.info("Dask dashboard: %s", self._client.dashboard_link)
        elif isinstance(self.scheduler, Client):
            self._client = self.scheduler
        else:
            log.info("connecting to the Dask scheduler at %s", self.scheduler)
            self._client, self._own_client = Client(self.scheduler, set_as_default=False), True
        if self.worker_setup is not None:
            from dask.base import tokenize

            name = f"geomap-setup-{tokenize(self.worker_setup)}"  # same setup: replaced, not stacked
            self._client.register_plugin(_SetupPlugin(self.worker_setup, name))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._own_client:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    @property
    def n_workers(self) -> int:
        """Workers partitions can run on: 1 locally, else the cluster's current worker count."""
        if self._client is None:
            return 1
        return max(1, len(self._client.scheduler_info(n_workers=-1)["workers"]))

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` while the engine is open (None for ``"local"``)."""
        return self._client

    # -- running --------------------------------------------------------------------------------

    def map(
        self,
        func: Callable[[list[T]], R],
        items: Iterable[T],
        on_failure: Callable[[list[T], PartitionFailure], R],
    ) -> Iterator[R]:
        """Yield ``func(partition)`` for each partition of ``items``, in input order.

        A partition failing after all retries is recorded in :attr:`failures` and replaced by
        ``on_failure(partition, failure)``, which must account for every item of it.
        """
        chunks = partitions(items, self.partition_size)
        if self.engine == "local":
            yield from self._map_local(func, chunks, on_failure)
        else:
            yield from self._map_dask(func, chunks, on_failure)

    def _fail(self, index: int, start: int, chunk: list[T], exc: BaseException) -> PartitionFailure:
        failure = PartitionFailure(index, start, len(chunk), self.retries + 1, _describe(exc))
        self.failures.append(failure)
        log.warning("%s", failure)
        return failure

    def _map_local(
        self,
        func: Callable[[list[T]], R],
        chunks: Iterator[tuple[int, list[T]]],
        on_failure: Callable[[list[T], PartitionFailure], R],
    ) -> Iterator[R]:
        for index, (start, chunk) in enumerate(chunks):
            for attempt in range(self.retries + 1):
                try:
                    result = func(chunk)
                    break
                except Exception as exc:  # a partition's error is reported, whatever it is
                    if attempt == self.retries:
                        result = on_failure(chunk, self._fail(index, start, chunk, exc))
            yield result

    def _map_dask(
        self,
        func: Callable[[list[T]], R],
        chunks: Iterator[tuple[int, list[T]]],
        on_failure: Callable[[list[T], PartitionFailure], R],
    ) -> Iterator[R]:
        from dask.base import tokenize

        # Enough partitions in flight to keep every worker busy while the head one is collected.
        window_size = 3 * self.n_workers + 1
        window: deque[tuple[int, int, list[T], Any]] = deque()
        run = tokenize(func, os.getpid(), id(window))

        def collect() -> R:
            index, start, chunk, future = window.popleft()
            try:
                return future.result()
            except Exception as exc:  # after Dask's retries: report, do not drop
                return on_failure(chunk, self._fail(index, start, chunk, exc))
            finally:
                future.release()

        for index, (start, chunk) in enumerate(chunks):
            future = self._client.submit(
                func, chunk, key=f"geomap-partition-{run}-{index}", retries=self.retries, pure=False
            )
            window.append((index, start, chunk, future))
            if len(window) >= window_size:
                yield collect()
        while window:
            yield collect()


def map_partitions(
    func: Callable[[list[T]], R],
    items: Iterable[T],
    on_failure: Callable[[list[T], PartitionFailure], R],
    **engine_options: Any,
) -> Iterator[R]:
    """One-shot :meth:`Engine.map`: start the engine, stream the results, stop the engine."""
    with Engine(**engine_options) as engine:
        yield from engine.map(func, items, on_failure)


# -- command line -----------------------------------------------------------------------------------


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--engine``, ``--workers``, ``--scheduler`` and ``--partition-size`` to a subcommand."""
    group = parser.add_argument_group("parallel engine")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: this process (default); dask: partitions in parallel on a Dask cluster",
    )
    group.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="with --engine dask: start a local cluster of N worker processes (default: one per core)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: use the running cluster at ADDRESS (e.g. tcp://10.0.0.5:8786)",
    )
    group.add_argument(
        "--partition-size",
        type=int,
        default=DEFAULT_PARTITION_SIZE,
        metavar="N",
        help=f"items per partition (default {DEFAULT_PARTITION_SIZE})",
    )


def engine_options(args: argparse.Namespace) -> dict[str, Any]:
    """The :class:`Engine` keyword arguments chosen on the command line."""
    return {
        "engine": getattr(args, "engine", "local"),
        "workers": getattr(args, "workers", None),
        "scheduler": getattr(args, "scheduler", None),
        "partition_size": getattr(args, "partition_size", DEFAULT_PARTITION_SIZE),
    }


def run_with_engine(
    args: argparse.Namespace,
    partition_func: Callable[[list[T]], Sequence[R]],
    items: Iterable[T],
    on_failure: Callable[[list[T], PartitionFailure], Sequence[R]],
) -> Iterator[R]:
    """Stream ``partition_func``'s per-item outputs in input order, on the engine ``args`` chose.

    ``partition_func`` maps a list of items to a list of outputs (one per item or any number);
    ``on_failure`` gives the outputs standing for a partition that failed every attempt.
    """
    for outputs in map_partitions(partition_func, items, on_failure, **engine_options(args)):
        yield from outputs
