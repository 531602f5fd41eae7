"""The Dask engine: run the single-process functions per partition, on one machine or a cluster.

Nothing here reimplements geoparsing or event reading. Items (documents, table rows) are cut into
partitions; each partition goes through the very function the single-process path uses; results
come back in input order, so output is identical whichever engine ran it. A partition that raises
is retried (Dask ``retries=``); if it still fails it is reported as a :class:`PartitionFailure` and
turned into per-item error records by the caller's ``on_failure``, never dropped. Bad input
(:class:`~geomap.errors.GeomapError`) stops the run as it does in one process.

Without a scheduler address the engine starts a ``LocalCluster`` (one single-threaded process per
worker, its dashboard on a free local port) and closes it when done; with ``scheduler=ADDRESS`` it
connects to a running cluster and leaves it running. Work is submitted through a bounded window, so
a million-document input streams through without being held in memory at once.

Entry points: :func:`geoparse_documents` / :func:`geoparse_file` (the ``geoparse`` batch) and
:func:`read_events` (the ``events`` command) on any engine; :class:`Engine` and
:func:`run_with_engine` for other partition functions; :func:`add_engine_options` and
:func:`engine_options` for the command line.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import json
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from geomap.atomic import atomic_write
from geomap.errors import GeomapError, InputError, UsageError
from geomap.progress import progress

if TYPE_CHECKING:
    from geomap.readers import ReadResult

T = TypeVar("T")
R = TypeVar("R")
B = TypeVar("B", bound=Sized)

log = logging.getLogger("geomap.parallel")

ENGINES = ("local", "dask")
#: Items per partition: large enough that task overhead (~1 ms) is small against the work, small
#: enough that every worker gets several partitions. Documents take milliseconds each, rows far less.
DEFAULT_PARTITION_SIZE = 100
DOCS_PER_PARTITION = 50
ROWS_PER_PARTITION = 5_000
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


def partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` consecutive items, lazily, in order."""
    if size < 1:
        raise UsageError(f"partition size must be at least 1, got {size}")
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def chatter_level() -> int:
    """Dask's log level under geomap: its errors only, unless geomap itself logs at DEBUG level."""
    return logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.ERROR


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class Engine:
    """Where partitions run: ``"local"`` (this process) or ``"dask"`` (a cluster).

    Use as a context manager; :meth:`map` may be called several times inside it. Failures of the
    runs so far are in :attr:`failures`. ``scheduler`` is an address or a ``distributed.Client``;
    ``worker_setup`` (picklable, no arguments) runs once in each worker as the engine opens, e.g. to
    open the gazetteer. Workers of a remote cluster need geomap installed, the same version.
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
        self._saved_level: int | None = None

    # -- lifetime -------------------------------------------------------------------------------

    def __enter__(self) -> Engine:
        if self.engine == "local":
            if self.worker_setup is not None:
                self.worker_setup()
            return self
        try:
            self._connect()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _connect(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError("--engine dask needs the dask extra: pip install 'geomap[dask]'") from exc
        # Dask narrates every start, connection and shutdown; geomap reports failures itself.
        # (Set after the import: importing distributed sets its own level.)
        chatter = logging.getLogger("distributed")
        self._saved_level = chatter.level
        chatter.setLevel(chatter_level())
        if self.scheduler is None:
            n = self.workers or os.cpu_count() or 1
            log.info("starting a local Dask cluster with %d worker process(es)", n)
            # Port 0: a free port for the status page, so several runs on one machine never collide.
            self._cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                silence_logs=chatter_level(),
            )
            self._client, self._own_client = Client(self._cluster, set_as_default=False), True
            log.info("Dask dashboard: %s", self._client.dashboard_link)
        elif isinstance(self.scheduler, Client):
            self._client = self.scheduler
        else:
            log.info("connecting to the Dask scheduler at %s", self.scheduler)
            self._client, self._own_client = Client(self.scheduler, set_as_default=False), True
        if self.worker_setup is not None:
            # Once in each worker now; a worker joining later runs it lazily in its first partition.
            self._client.run(self.worker_setup)

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._own_client and self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            self._client = self._cluster = None
            self._own_client = False
            if self._saved_level is not None:
                logging.getLogger("distributed").setLevel(self._saved_level)
                self._saved_level = None

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
        ``on_failure(partition, failure)``, which must account for every item of it. A
        :class:`~geomap.errors.GeomapError` (bad input, not bad luck) stops the run as it would
        in one process.
        """
        yield from self.map_blocks(func, partitions(items, self.partition_size), on_failure)

    def map_blocks(
        self,
        func: Callable[[B], R],
        blocks: Iterable[B],
        on_failure: Callable[[B, PartitionFailure], R],
    ) -> Iterator[R]:
        """:meth:`map` for input already cut into partitions (e.g. row slices of a table), sized by ``len``."""
        run = self._run_local if self.engine == "local" else self._run_dask
        yield from run(
            func, progress(_numbered(blocks), desc=f"{self.engine} partitions", unit="part"), on_failure
        )

    def _fail(self, index: int, start: int, block: Sized, exc: BaseException) -> PartitionFailure:
        failure = PartitionFailure(index, start, len(block), self.retries + 1, _describe(exc))
        self.failures.append(failure)
        log.warning("%s", failure)
        return failure

    def _run_local(
        self,
        func: Callable[[B], R],
        blocks: Iterator[tuple[int, int, B]],
        on_failure: Callable[[B, PartitionFailure], R],
    ) -> Iterator[R]:
        for index, start, block in blocks:
            for attempt in range(self.retries + 1):
                try:
                    result = func(block)
                    break
                except GeomapError:
                    raise
                except Exception as exc:  # a partition's error is reported, whatever it is
                    if attempt == self.retries:
                        result = on_failure(block, self._fail(index, start, block, exc))
            yield result

    def _run_dask(
        self,
        func: Callable[[B], R],
        blocks: Iterator[tuple[int, int, B]],
        on_failure: Callable[[B, PartitionFailure], R],
    ) -> Iterator[R]:
        from dask.base import tokenize
        from distributed.scheduler import KilledWorker

        # Enough partitions in flight to keep every worker busy while the head one is collected.
        window_size = 3 * self.n_workers + 1
        window: deque[tuple[int, int, B, Any]] = deque()
        run = tokenize(func, os.getpid(), id(window))

        def submit(index: int, block: B, attempt: int = 0) -> Any:
            key = f"geomap-partition-{run}-{index}" + (f"-again{attempt}" if attempt else "")
            return self._client.submit(func, block, key=key, retries=self.retries, pure=False)

        def outcome(future: Any) -> tuple[bool, Any]:
            """``(True, result)`` or ``(False, exception)`` after Dask's retries; input errors raise."""
            try:
                return True, future.result()
            except GeomapError:
                raise
            except Exception as exc:  # reported by the caller, whatever it is
                return False, exc
            finally:
                future.release()

        def collect() -> R:
            index, start, block, future = window.popleft()
            for attempt in range(1, self.retries + 2):
                ok, value = outcome(future)
                if ok:
                    return value
                if not isinstance(value, KilledWorker) or attempt > self.retries:
                    return on_failure(block, self._fail(index, start, block, value))
                # A dying worker takes the partitions queued beside the culprit with it: give each
                # another go before reporting it (Dask's retries= covers exceptions, not deaths).
                log.warning("partition %d lost its worker; submitting it again", index)
                future = submit(index, block, attempt)
            raise AssertionError("unreachable: the last attempt returns")

        try:
            for index, start, block in blocks:
                window.append((index, start, block, submit(index, block)))
                if len(window) >= window_size:
                    yield collect()
            while window:
                yield collect()
        finally:  # stopped early (an error, a closed generator): cancel what is still queued
            for *_, future in window:
                future.cancel()


def _numbered(blocks: Iterable[B]) -> Iterator[tuple[int, int, B]]:
    """``(partition number, offset of its first item, block)`` for each block."""
    start = 0
    for index, block in enumerate(blocks):
        yield index, start, block
        start += len(block)


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
        metavar="N",
        help=f"documents or rows per partition (default {DOCS_PER_PARTITION} documents, "
        f"{ROWS_PER_PARTITION} rows)",
    )


def engine_options(args: argparse.Namespace) -> dict[str, Any]:
    """The :class:`Engine` keyword arguments chosen on the command line (a partition size if given)."""
    options = {name: getattr(args, name, None) for name in ("engine", "workers", "scheduler")}
    options["engine"] = options["engine"] or "local"
    if getattr(args, "partition_size", None) is not None:
        options["partition_size"] = args.partition_size
    return options


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


def _single_process(engine_options: dict[str, Any]) -> bool:
    """True when the options ask for plain single-process work: the original function then runs as is."""
    return (
        engine_options.get("engine", "local") == "local"
        and engine_options.get("workers") is None
        and engine_options.get("scheduler") is None
    )


# -- geoparsing ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def worker_gazetteer(places: tuple[str, ...] = ()) -> Any:
    """The gazetteer for this process: the shared default, or one with the user's place files.

    Cached per process, so each worker opens the index (and reads the place files) once and every
    partition it runs reuses it. Place files are given as absolute paths the workers can read.
    """
    from gazetteer import Gazetteer

    return Gazetteer(places=list(places)) if places else Gazetteer.default()


def _open_worker_gazetteer(places: tuple[str, ...]) -> None:
    """Worker setup: open this worker's gazetteer as it starts (returns nothing to ship back)."""
    worker_gazetteer(places)


def _absolute(places: Sequence[str | os.PathLike[str]]) -> tuple[str, ...]:
    return tuple(str(Path(p).resolve()) for p in places)


def _geoparse_block(
    docs: list[Any], country_hint: str | None, places: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One partition through the single-process per-document function, with this worker's gazetteer."""
    from geomap.geoparse.batch import parse_document

    gz = worker_gazetteer(places)
    return [parse_document(doc, gz, country_hint) for doc in docs]


def _geoparse_failed(docs: list[Any], failure: PartitionFailure) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc.get("doc_id") if isinstance(doc, dict) else None, "error": str(failure)}
        for doc in docs
    ]


def geoparse_documents(
    docs: Iterable[dict[str, Any]],
    *,
    country_hint: str | None = None,
    places: Sequence[str | os.PathLike[str]] = (),
    **engine_options: Any,
) -> Iterator[dict[str, Any]]:
    """:func:`geomap.geoparse.geoparse_documents` on the chosen engine: one output per document, in order.

    ``engine_options`` are those of :class:`Engine` (``engine="dask"``, ``workers=``,
    ``scheduler=``, ``partition_size=``, ``retries=``). Each worker opens the default gazetteer once.
    """
    places = _absolute(places)
    func = functools.partial(_geoparse_block, country_hint=country_hint, places=places)
    engine_options = {"partition_size": DOCS_PER_PARTITION, **engine_options}
    if engine_options.get("engine") == "dask" and engine_options.get("scheduler") is None:
        worker_gazetteer(places)  # local workers share the index cache: build it once here, not in each
    setup = functools.partial(_open_worker_gazetteer, places)
    with Engine(**engine_options, worker_setup=setup) as engine:
        for outputs in engine.map(func, docs, _geoparse_failed):
            yield from outputs


def geoparse_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    country_hint: str | None = None,
    on_error: Callable[[dict[str, Any]], Any] | None = None,
    places: Sequence[str | os.PathLike[str]] = (),
    **engine_options: Any,
) -> tuple[int, int]:
    """:func:`geomap.geoparse.batch.run_batch` on the chosen engine: JSONL in, JSONL out (atomically).

    Returns ``(documents, failed)``; ``on_error(output_line)`` is called for each failed document.
    """
    from geomap.geoparse.batch import read_documents, run_batch

    if _single_process(engine_options):
        gz = worker_gazetteer(_absolute(places))
        return run_batch(src, dst, gazetteer=gz, country_hint=country_hint, on_error=on_error)
    n = failed = 0
    with atomic_write(dst) as out:
        docs = read_documents(src)
        for record in geoparse_documents(docs, country_hint=country_hint, places=places, **engine_options):
            n += 1
            if "error" in record:
                failed += 1
                if on_error is not None:
                    on_error(record)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return n, failed


# -- event tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """A slice of an input table (keeping the whole table's index) and its geometries, if any."""

    frame: pd.DataFrame
    geometry: np.ndarray | None

    def __len__(self) -> int:
        return len(self.frame)


def table_blocks(frame: pd.DataFrame, geometry: np.ndarray | None, size: int) -> Iterator[Rows]:
    """Cut a table into :class:`Rows` of ``size`` rows, in order."""
    for start in range(0, len(frame), size):
        stop = start + size
        yield Rows(frame.iloc[start:stop], None if geometry is None else geometry[start:stop])


def _events_block(
    rows: Rows,
    source_file: str,
    first_row: int,
    country: str | None,
    places: tuple[str, ...],
    keep_invalid: bool = False,
) -> ReadResult:
    """One partition of rows through the single-process reader (the default gazetteer opened only if needed)."""
    from geomap.readers import events_from_table

    return events_from_table(
        rows.frame,
        geometry=rows.geometry,
        source_file=source_file,
        first_row=first_row,
        country=country,
        gazetteer=worker_gazetteer(places) if places else None,
        keep_invalid=keep_invalid,
    )


def _events_failed(rows: Rows, failure: PartitionFailure, source_file: str, first_row: int) -> ReadResult:
    """Every row of a failed partition, listed as unplaced with the failure as the reason."""
    from geomap.model import empty_events
    from geomap.readers import UNPLACED_COLUMNS, ReadResult

    unplaced = pd.DataFrame({c: pd.Series([None] * len(rows), dtype=object) for c in UNPLACED_COLUMNS})
    unplaced["source_file"] = source_file
    unplaced["source_row"] = pd.array(np.asarray(rows.frame.index, dtype="int64") + first_row, dtype="Int64")
    unplaced["reason"] = str(failure)
    return ReadResult(empty_events(), unplaced)


def _in_input_order(events: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns as one process orders them: schema, extras in the input table's order, geometry.

    A partition where an extra column is empty leaves it out, so concatenating partitions can
    append it late and fill its gaps with NaN where one process has None.
    """
    from geomap.model import COLUMNS

    position = {str(c).strip().lower(): i for i, c in enumerate(frame.columns)}
    extras = [c for c in events.columns if c not in COLUMNS and c != "geometry"]
    extras.sort(key=lambda c: position.get(c, len(position)))
    out = events[[*COLUMNS, *extras, "geometry"]]
    late = [c for c in extras if out[c].isna().any()]  # filled with NaN by the concatenation
    if late:
        out = out.copy()
        out[late] = out[late].astype(object).where(out[late].notna(), None)
    return out


def read_events(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    country: str | None = None,
    format: str | None = None,
    places: Sequence[str | os.PathLike[str]] = (),
    encoding: str | None = None,
    sheet: str | int | None = None,
    keep_invalid: bool = False,
    **engine_options: Any,
) -> ReadResult:
    """:func:`geomap.readers.read_events` on the chosen engine; the same :class:`~geomap.readers.ReadResult`.

    Each file is read here, cut into partitions of rows, and the partitions are placed (geocoded,
    checked) on the workers. A partition that fails every attempt lists its rows as unplaced.
    """
    from geomap import readers

    places = _absolute(places)
    if _single_process(engine_options):
        gz = worker_gazetteer(places) if places else None
        return readers.read_events(
            paths, country=country, format=format, gazetteer=gz, encoding=encoding, sheet=sheet,
            keep_invalid=keep_invalid,
        )  # fmt: skip
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise InputError("no input files given")
    results = []
    with Engine(**{"partition_size": ROWS_PER_PARTITION, **engine_options}) as engine:
        for path in items:
            frame, geoms, first_row = readers.load_table(path, format, encoding=encoding, sheet=sheet)
            geometry = None if geoms is None else np.asarray(geoms, dtype=object)
            where = {"source_file": str(path), "first_row": first_row}
            parts = list(
                engine.map_blocks(
                    functools.partial(
                        _events_block, country=country, places=places, keep_invalid=keep_invalid, **where
                    ),
                    table_blocks(frame, geometry, engine.partition_size),
                    functools.partial(_events_failed, **where),
                )
            )
            result = readers.combine(parts) if parts else readers.events_from_table(frame, **where)
            results.append(dataclasses.replace(result, events=_in_input_order(result.events, frame)))
    return readers.combine(results)
