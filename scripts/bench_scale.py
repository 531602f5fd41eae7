"""Scaling benchmark: geoparsing and per-admin-1 aggregation, one process against a Dask LocalCluster.

Two measurements, each side by side in the same run:

1. **Geoparsing throughput.** The corpus is every document of the public LGL, GeoWebNews and TR-News
   sets (``../shared/eval/geoparse``, relative to the repository; not part of the project: the
   script says so and skips this part when it is missing), 906 news documents of about 2 KB,
   repeated in order until ``--docs`` documents exist, each repeat with new ``doc_id``s (``ID#r2``).
   One process runs ``geomap.geoparse.geoparse_documents`` (what a user runs without Dask); the
   cluster runs ``geomap.parallel.geoparse_documents(engine="dask")``. Both are timed cold (fresh
   lookup caches) and warm (the same documents again, caches filled, closer to the steady state of
   a long archive run). The outputs are compared for equality.
2. **Aggregation of 1,000,000 events** per admin-1 area: synthetic points, uniform within the
   bounding boxes of a few countries (so some fall outside every loaded area, as real data has
   points at sea or across a border). The user's alternative, ``geopandas.sjoin`` plus
   ``value_counts``, runs beside ``geomap.aggregate.count_by_admin1`` in one process and on the
   cluster (dask-geopandas), and beside ``aggregate_events`` (read GeoParquet, locate, write the
   partitioned GeoParquet and the counts) in one process and on the cluster.

Each run records wall-clock seconds and CPU seconds (this process plus every worker process).
Wall-clock scaling efficiency is cluster throughput / (workers x one-process throughput). The
figures are taken on a shared 2-core machine where other jobs run at the same time (the load average
is printed): wall-clock speed-ups there understate what dedicated cores give, so the CPU figures,
which contention does not inflate much, are printed too: CPU efficiency is one-process CPU seconds /
cluster CPU seconds, the share of the cluster's work that is useful rather than overhead. Memory is
the peak resident set of this process and of each worker. JSON goes to ``outputs/bench/scale.json``.

    .venv/bin/python scripts/bench_scale.py                  # about 3-6 minutes
    .venv/bin/python scripts/bench_scale.py --docs 1812 --events 200000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap.atomic import atomic_write

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

EVAL = (shared_eval.eval_dir() or ROOT.parent / "shared" / "eval") / "geoparse"
OUT = ROOT / "outputs" / "bench" / "scale.json"
CORPORA = ("lgl", "geowebnews", "trnews")
#: Countries the synthetic events fall in (bounding boxes), weighted like a Levant/Iraq/Yemen table.
COUNTRIES = {"SY": 0.4, "IQ": 0.3, "YE": 0.2, "LB": 0.05, "JO": 0.05}
SHARED_NOTE = "measured on a shared 2-core machine with other jobs running at the same time"


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process, in MB.

    Linux's ``VmHWM`` is reset when a process starts a new program; ``ru_maxrss`` is not, so a
    worker spawned by a large parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


@dataclass
class Run:
    """One timed run: items processed, wall-clock seconds, CPU seconds here and in the workers."""

    name: str
    items: int
    wall: float
    cpu_here: float
    cpu_workers: float
    workers: int  # 0: this process only

    @property
    def rate(self) -> float:
        return self.items / self.wall

    @property
    def cpu(self) -> float:
        return self.cpu_here + self.cpu_workers


def measure(name: str, items: int, func: Callable[[], Any], client: Any = None) -> tuple[Any, Run]:
    """Run ``func`` once; time it on the wall and in CPU (``client``: add its workers' CPU)."""

    def worker_cpu() -> float:
        return sum(client.run(time.process_time).values()) if client is not None else 0.0

    before = worker_cpu()
    cpu, wall = time.process_time(), time.perf_counter()
    result = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    workers = len(client.scheduler_info(n_workers=-1)["workers"]) if client is not None else 0
    return result, Run(name, items, wall, cpu, worker_cpu() - before, workers)


def start_cluster(workers: int) -> tuple[Any, Any, float]:
    """A LocalCluster as ``geomap.parallel`` starts one, its client, and the seconds it took."""
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    )
    client = Client(cluster, set_as_default=False)
    return cluster, client, time.perf_counter() - started


def worker_memory(client: Any) -> list[float]:
    return [round(mb, 1) for mb in client.run(peak_rss_mb).values()]


def load_corpus(n_docs: int) -> tuple[list[dict[str, str]], int]:
    """``n_docs`` documents made by repeating the base corpora in order, and the base size."""
    base = []
    for name in CORPORA:
        with open(EVAL / f"{name}.jsonl", encoding="utf-8") as fh:
            base += [{"doc_id": f"{name}:{d['doc_id']}", "text": d["text"]} for d in map(json.loads, fh)]
    docs = []
    for i in range(n_docs):
        doc, repeat = base[i % len(base)], i // len(base)
        docs.append({"doc_id": doc["doc_id"] + (f"#r{repeat + 1}" if repeat else ""), "text": doc["text"]})
    return docs, len(base)


def bench_geoparse(n_docs: int, workers: int) -> dict[str, Any]:
    from gazetteer import Gazetteer
    from geomap import geoparse, parallel

    docs, base = load_corpus(n_docs)
    Gazetteer.default()  # open (or build) the index outside the timings; the workers find it on disk
    single_cold, r1 = measure(
        "geoparse, 1 process, cold", n_docs, lambda: list(geoparse.geoparse_documents(docs))
    )
    single_warm, r2 = measure(
        "geoparse, 1 process, warm", n_docs, lambda: list(geoparse.geoparse_documents(docs))
    )
    single_rss = peak_rss_mb()
    cluster, client, startup = start_cluster(workers)
    with cluster, client:

        def on_dask() -> list[dict[str, Any]]:
            return list(parallel.geoparse_documents(docs, engine="dask", scheduler=client))

        dask_cold, r3 = measure(f"geoparse, dask x{workers}, cold", n_docs, on_dask, client)
        dask_warm, r4 = measure(f"geoparse, dask x{workers}, warm", n_docs, on_dask, client)
        memory = worker_memory(client)
    return {
        "corpus": f"{' + '.join(CORPORA)} ({base} docs) repeated in order to {n_docs} docs, new doc_ids",
        "partition_size": parallel.DOCS_PER_PARTITION,
        "cluster_startup_s": startup,
        "runs": [r1, r2, r3, r4],
        "pairs": [(r1, r3), (r2, r4)],
        "identical_output": single_cold == dask_cold == single_warm == dask_warm,
        "peak_rss_mb": {"one_process": round(single_rss, 1), "workers": memory},
    }


def synthetic_events(n: int, areas: gpd.GeoDataFrame, seed: int = 8) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, list(COUNTRIES.values()))
    xs, ys = [], []
    for (cc, _), k in zip(COUNTRIES.items(), counts, strict=True):
        minx, miny, maxx, maxy = areas.loc[areas["iso"] == cc].total_bounds
        xs.append(rng.uniform(minx, maxx, k))
        ys.append(rng.uniform(miny, maxy, k))
    order = rng.permutation(n)
    return gpd.GeoDataFrame(
        {"id": [f"ev-{i:07d}" for i in range(n)], "fatalities": pd.array(rng.poisson(1.2, n), dtype="Int64")},
        geometry=gpd.points_from_xy(np.concatenate(xs)[order], np.concatenate(ys)[order]),
        crs="EPSG:4326",
    )


def sjoin_counts(events: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> tuple[pd.Series, int]:
    """What a geopandas user writes: a spatial join, then counts per area; and how many events it
    joined to more than one area (the simplified polygons overlap a little)."""
    joined = gpd.sjoin(events, areas[["admin1_code", "geometry"]], how="inner", predicate="within")
    return joined["admin1_code"].value_counts(), int(joined.index.duplicated().sum())


def bench_aggregate(n_events: int, workers: int) -> dict[str, Any]:
    import dask
    import dask_geopandas

    from geomap import aggregate

    areas = aggregate.admin1_areas(COUNTRIES)
    events = synthetic_events(n_events, areas)
    n = n_events
    (baseline, twice), r_sjoin = measure(
        "aggregate, geopandas sjoin + value_counts", n, lambda: sjoin_counts(events, areas)
    )
    mine, r_local = measure(
        "aggregate, geomap count_by_admin1, 1 process", n, lambda: aggregate.count_by_admin1(events, areas)
    )
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        source = Path(tmp) / "events"
        source.mkdir()
        step = -(-n_events // 8)  # eight GeoParquet files, as a partitioned export would be
        for i, start in enumerate(range(0, n_events, step)):
            events.iloc[start : start + step].to_parquet(source / f"part.{i}.parquet")
        local_job, r_job_local = measure(
            "aggregate_events GeoParquet -> GeoParquet, 1 process",
            n,
            lambda: aggregate.aggregate_events(source, Path(tmp) / "local", countries=COUNTRIES),
        )
        single_rss = peak_rss_mb()
        cluster, client, _ = start_cluster(workers)
        with cluster, client:

            def in_memory() -> gpd.GeoDataFrame:
                lazy = dask_geopandas.from_geopandas(events, npartitions=4 * workers, sort=False)
                with dask.config.set(scheduler=client):
                    return aggregate.count_by_admin1(lazy, areas)

            on_dask, r_dask = measure(
                f"aggregate, geomap count_by_admin1, dask x{workers} (table shipped from memory)",
                n,
                in_memory,
                client,
            )
            dask_job, r_job_dask = measure(
                f"aggregate_events GeoParquet -> GeoParquet, dask x{workers}",
                n,
                lambda: aggregate.aggregate_events(
                    source, Path(tmp) / "dask", countries=COUNTRIES, engine="dask", scheduler=client
                ),
                client,
            )
            memory = worker_memory(client)
        partitions = len(list((Path(tmp) / "dask" / "events").glob("*.parquet")))
    counts = mine.set_index("admin1_code")["count"]
    return {
        "events": n_events,
        "countries": list(COUNTRIES),
        "areas": len(areas),
        "runs": [r_sjoin, r_local, r_dask, r_job_local, r_job_dask],
        "pairs": [(r_local, r_dask), (r_job_local, r_job_dask)],
        "unmatched": mine.attrs["unmatched"],
        "sjoin_events_in_two_areas": twice,
        # geomap counts an event in one area only; sjoin counts it in each area it overlaps.
        "count_difference_from_sjoin": int(
            baseline.reindex(counts.index, fill_value=0).sub(counts).abs().sum()
        ),
        "identical_across_engines": all(
            frame.drop(columns="geometry").equals(mine.drop(columns="geometry"))
            for frame in (on_dask, local_job.counts, dask_job.counts)
        ),
        "output_partitions": partitions,
        "peak_rss_mb": {"one_process": round(single_rss, 1), "workers": memory},
    }


def efficiencies(one: Run, many: Run) -> dict[str, float]:
    """Wall-clock scaling efficiency and CPU efficiency of a cluster run against the one-process run."""
    return {"wall": many.rate / (many.workers * one.rate), "cpu": one.cpu / many.cpu}


def print_table(runs: list[Run], pairs: list[tuple[Run, Run]], unit: str) -> None:
    eff = {id(many): efficiencies(one, many) for one, many in pairs}
    head = ("run", "wall s", "CPU s", "throughput", "per CPU-s", "efficiency wall / CPU")
    rows = [
        (
            r.name,
            f"{r.wall:.1f}",
            f"{r.cpu:.1f}",
            f"{r.rate:,.0f} {unit}/s",
            f"{r.items / r.cpu:,.0f}",
            f"{eff[id(r)]['wall']:.0%} / {eff[id(r)]['cpu']:.0%}" if id(r) in eff else "",
        )
        for r in runs
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2718, help="documents in the repeated corpus (3 x 906)")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to aggregate")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--machines", type=int, default=10, help="machines in the projected cluster")
    parser.add_argument("--cores", type=int, default=8, help="worker processes per projected machine")
    args = parser.parse_args(argv)
    logging.getLogger("geomap.aggregate").setLevel(logging.ERROR)  # unmatched events are in the table
    warnings.filterwarnings("ignore", message="Sending large graph")  # that run measures exactly this

    report: dict[str, Any] = {
        "note": SHARED_NOTE,
        "cpu_count": os.cpu_count(),
        "load_before": os.getloadavg(),
    }
    gp = bench_geoparse(args.docs, args.workers) if EVAL.exists() else None
    if gp is None:
        print(f"{EVAL} is missing (it is not part of the project): skipping the geoparsing part")
    ag = bench_aggregate(args.events, args.workers)
    report["load_after"] = os.getloadavg()

    print(f"\nScaling on Dask: 1 process vs a {args.workers}-worker LocalCluster, {SHARED_NOTE}")
    print(f"(load average {report['load_before'][0]:.1f} before, {report['load_after'][0]:.1f} after)\n")
    if gp:
        print(f"Geoparsing: {gp['corpus']}; outputs identical: {gp['identical_output']}")
        print(f"cluster start-up {gp['cluster_startup_s']:.1f} s (not in the figures below)")
        print_table(gp["runs"], gp["pairs"], "docs")
        print()
    print(
        f"Aggregation: {ag['events']:,} events, {ag['areas']} areas of {', '.join(ag['countries'])}; "
        f"{ag['unmatched']:,} outside every area"
    )
    print_table(ag["runs"], ag["pairs"], "ev")
    print(
        f"counts differ from sjoin's by {ag['count_difference_from_sjoin']} (sjoin put "
        f"{ag['sjoin_events_in_two_areas']} events in two overlapping areas; geomap in the first only); "
        f"identical on both engines: {ag['identical_across_engines']}; "
        f"{ag['output_partitions']} GeoParquet partitions written"
    )
    for name, part in (("geoparse", gp), ("aggregate", ag)):
        if part:
            m = part["peak_rss_mb"]
            each = ", ".join(f"{v:.0f}" for v in m["workers"])
            print(f"peak memory, {name}: one process {m['one_process']:.0f} MB; each worker {each} MB")

    # Projection from what one worker did: on the wall here (shared cores) and per CPU-second
    # (what a worker with a core of its own does).
    scale = args.machines * args.cores * 3600
    assumption = (
        f"{args.machines} machines x {args.cores} single-threaded worker processes, each doing what one "
        f"worker did here (engine overhead included), throughput linear in workers, scheduler and storage "
        f"not the bottleneck"
    )
    proj: dict[str, Any] = {"assumption": assumption}
    if gp:
        warm = gp["runs"][3]
        proj["docs_per_hour_wall"] = warm.rate / warm.workers * scale
        proj["docs_per_hour_cpu"] = warm.items / warm.cpu_workers * scale
    job = ag["runs"][4]
    proj["events_per_hour_wall"] = job.rate / job.workers * scale
    proj["events_per_hour_cpu"] = job.items / job.cpu_workers * scale
    print(f"\nProjection: {assumption}.")
    if gp:
        print(
            f"  geoparsing (warm): {proj['docs_per_hour_wall']:,.0f} documents/hour at the wall-clock rate "
            f"per worker measured on these shared cores; {proj['docs_per_hour_cpu']:,.0f} with a core per worker"
        )
    print(
        f"  admin-1 aggregation (GeoParquet in and out): {proj['events_per_hour_wall']:,.0f} events/hour "
        f"at the shared-core rate; {proj['events_per_hour_cpu']:,.0f} with a core per worker"
    )

    for part in (gp, ag):
        if part:
            eff = {id(many): efficiencies(one, many) for one, many in part.pop("pairs")}
            part["runs"] = [
                {
                    **asdict(r),
                    "rate": r.rate,
                    "cpu": r.cpu,
                    **({"efficiency": eff[id(r)]} if id(r) in eff else {}),
                }
                for r in part["runs"]
            ]
    report.update(geoparse=gp, aggregate=ag, projection=proj)
    with atomic_write(OUT) as fh:
        json.dump(report, fh, indent=2)
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
