"""Benchmark event export and import against what a geopandas user would call instead.

For 100,000 and 1,000,000 synthetic point events (ACLED-like columns, one source each) it times,
side by side in one run, each in a fresh process so that peak memory is its own:

* writing with ``geomap.writers.write_events`` in every format, against
  ``GeoDataFrame.to_file`` (pyogrio; GeoJSON, GeoJSONSeq and GPKG) and ``GeoDataFrame.to_json``
  (then written to a file) and ``GeoDataFrame.to_parquet``;
* reading each file back with ``geomap.readers.read_events`` (which also conforms, types and
  places every row), against ``geopandas.read_file`` / ``read_parquet`` (which only load);
* the UCDP GED sample at ``../shared/eval/events/ucdpged_2023_sample1000.csv`` (relative to
  the repository; skipped with a note when absent): every row placed or reported unplaced.

Prints a table and writes ``outputs/bench/export.json``. Goal: GeoJSON for 1M points written in
<= 0.6x the time of ``to_file``, peak memory <= 2 GB.

    .venv/bin/python scripts/bench_export.py            # 100k and 1M
    .venv/bin/python scripts/bench_export.py --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT.parent / "shared" / "eval" / "events" / "ucdpged_2023_sample1000.csv"
OUT = ROOT / "outputs" / "bench" / "export.json"

#: (label, kind, suffix): kind "geomap" uses write_events/read_events, the rest are the baselines.
CASES = (
    ("geomap geojson", "geomap", ".geojson"),
    ("to_file geojson", "to_file:GeoJSON", ".geojson"),
    ("to_json + write", "to_json", ".geojson"),
    ("geomap geojsonseq", "geomap", ".geojsons"),
    ("to_file geojsonseq", "to_file:GeoJSONSeq", ".geojsons"),
    ("geomap gpkg", "geomap", ".gpkg"),
    ("to_file gpkg", "to_file:GPKG", ".gpkg"),
    ("geomap csv", "geomap", ".csv"),
    ("geomap parquet", "geomap", ".parquet"),
    ("to_parquet", "to_parquet", ".parquet"),
)

# Runs in a child process: argv = [data.parquet, kind, out path, "write"|"read"].
CHILD = r"""
import json, sys, time
import geopandas as gpd
src, kind, out, op = sys.argv[1:5]

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0

def reset_peak():
    try:  # Linux: start the peak (VmHWM) afresh so that it measures the operation, not the loading
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass

if op == "write":
    from geomap.readers import read_events
    events = read_events(src).events
    if kind != "geomap":  # what a user does first: flatten list columns for OGR/Arrow
        from geomap.writers import flat_table
        events = flat_table(events) if kind != "to_json" else events
    reset_peak()
    before = rss("VmRSS:")
    t, cpu = time.perf_counter(), time.process_time()
    if kind == "geomap":
        from geomap.writers import write_events
        write_events(events, out)
    elif kind.startswith("to_file:"):
        events.to_file(out, driver=kind.split(":")[1], engine="pyogrio")
    elif kind == "to_json":
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(events.to_json(drop_id=True))
    else:
        events.to_parquet(out)
else:
    before = rss("VmRSS:")
    t, cpu = time.perf_counter(), time.process_time()
    if kind == "geomap":
        from geomap.readers import read_events
        res = read_events(out)
        n = len(res.events) + len(res.unplaced)
    elif kind == "to_parquet":
        n = len(gpd.read_parquet(out))
    else:
        n = len(gpd.read_file(out, engine="pyogrio"))
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_bytes": rss("VmHWM:"), "before_bytes": before,
                  "rows": None if op == "write" else n}))
"""


def synthetic(n: int, path: Path) -> None:
    """``n`` ACLED-like point events in Syria and around, deterministic, saved as GeoParquet."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geomap.model import EVENT_TYPES
    from geomap.writers import write_events

    rng = np.random.default_rng(5)
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    pick = rng.integers(0, len(types), n)
    places = np.array([f"Place {i}" for i in range(2000)], dtype=object)
    actors = np.array([f"Armed group {i}" for i in range(60)], dtype=object)
    loc = rng.integers(0, len(places), n)
    days = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 2000, n), unit="D")
    frame = pd.DataFrame(
        {
            "id": [f"BEN{i:07d}" for i in range(n)],
            "date": days.strftime("%Y-%m-%d"),
            "time_precision": rng.integers(1, 4, n),
            "event_type": [types[i][0] for i in pick],
            "sub_event_type": [types[i][1] for i in pick],
            "actor1": actors[rng.integers(0, len(actors), n)],
            "actor2": actors[rng.integers(0, len(actors), n)],
            "location": places[loc],
            "admin1": np.array([f"Province {i}" for i in range(14)], dtype=object)[loc % 14],
            "country": "Syria",
            "iso": "SY",
            "geo_precision": rng.integers(1, 4, n),
            "fatalities": rng.poisson(2, n),
            "notes": [
                f'Report {i}: fighting near "{places[j]}" & shelling; residents fled.'
                for i, j in enumerate(loc)
            ],
            "sources": [[{"name": "Monitor", "url": f"https://monitor.example/r/{i}"}] for i in range(n)],
            "source_file": "synthetic.csv",
            "source_row": np.arange(2, n + 2),
        }
    )
    lon = 35.7 + rng.random(n) * 6.6
    lat = 32.3 + rng.random(n) * 5.0
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    write_events(gdf, path)


def child(data: Path, kind: str, out: Path, op: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), kind, str(out), op], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_size(n: int, tmp: Path) -> list[dict]:
    data = tmp / f"synthetic_{n}.parquet"
    synthetic(n, data)
    rows = []
    for label, kind, suffix in CASES:
        out = tmp / f"{label.replace(' ', '_').replace('+', '')}_{n}{suffix}"
        w = child(data, kind, out, "write")
        r = child(data, kind, out, "read") if "error" not in w else {"error": "not written"}
        rows.append(
            {
                "events": n,
                "case": label,
                "write_s": w.get("seconds"),
                "write_cpu_s": w.get("cpu_seconds"),
                "write_peak_mb": w.get("peak_bytes", 0) / 2**20 if "peak_bytes" in w else None,
                "write_extra_mb": (w["peak_bytes"] - w["before_bytes"]) / 2**20
                if "peak_bytes" in w
                else None,
                "read_s": r.get("seconds"),
                "read_cpu_s": r.get("cpu_seconds"),
                "read_peak_mb": r.get("peak_bytes", 0) / 2**20 if "peak_bytes" in r else None,
                "rows_read": r.get("rows"),
                "size_mb": out.stat().st_size / 2**20 if out.exists() else None,
                "error": w.get("error") or r.get("error"),
            }
        )
        out.unlink(missing_ok=True)
        print(_fmt_row(rows[-1]), flush=True)
    return rows


def bench_ucdp() -> dict:
    if not UCDP.exists():
        print(f"UCDP sample not found at {UCDP} (../shared/eval is optional): skipped")
        return {"skipped": True}
    from geomap.readers import read_events

    t = time.perf_counter()
    res = read_events(UCDP)
    seconds = time.perf_counter() - t
    import pandas as pd

    total = len(pd.read_csv(UCDP))
    out = {
        "rows": total,
        "placed": len(res.events),
        "unplaced": len(res.unplaced),
        "all_accounted_for": len(res.events) + len(res.unplaced) == total,
        "read_s": seconds,
        "geo_precision_counts": {
            str(k): int(v) for k, v in res.events["geo_precision"].value_counts().sort_index().items()
        },
    }
    print(
        f"UCDP GED sample: {out['rows']} rows, {out['placed']} placed, {out['unplaced']} unplaced, "
        f"read in {seconds:.2f} s; every row accounted for: {out['all_accounted_for']}"
    )
    return out


HEADER = (
    f"{'events':>9} {'case':<20} {'write s':>8} {'w cpu s':>8} {'w peak MB':>9} {'w +MB':>6} "
    f"{'read s':>7} {'r cpu s':>7} {'r peak MB':>9} {'size MB':>8} {'rows read':>9}"
)


def _fmt_row(r: dict) -> str:
    def f(v, spec):
        return format(v, spec) if v is not None else "-"

    text = (
        f"{r['events']:>9} {r['case']:<20} {f(r['write_s'], '8.2f')} {f(r['write_cpu_s'], '8.2f')} "
        f"{f(r['write_peak_mb'], '9.0f')} {f(r['write_extra_mb'], '6.0f')} "
        f"{f(r['read_s'], '7.2f')} {f(r['read_cpu_s'], '7.2f')} "
        f"{f(r['read_peak_mb'], '9.0f')} {f(r['size_mb'], '8.1f')} {f(r['rows_read'], '9')}"
    )
    return text + (f"  error: {r['error']}" if r.get("error") else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    results: dict = {
        "sizes": {},
        "note": "peak = the process's peak RSS during the operation (events already loaded for writes); "
        "cpu = process time (the machine is shared)",
    }
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="bench_export_") as tmp:
        for n in args.sizes:
            rows = bench_size(n, Path(tmp))
            by = {r["case"]: r for r in rows}
            ours, base = by["geomap geojson"], by["to_file geojson"]
            entry: dict = {"rows": rows}
            if ours["write_s"] and base["write_s"]:
                entry["geojson_write_ratio_wall"] = ours["write_s"] / base["write_s"]
                entry["geojson_write_ratio_cpu"] = ours["write_cpu_s"] / base["write_cpu_s"]
                print(
                    f"{n} events: geomap GeoJSON write = {entry['geojson_write_ratio_wall']:.2f} x to_file wall time, "
                    f"{entry['geojson_write_ratio_cpu']:.2f} x its CPU time (goal <= 0.6); "
                    f"peak {ours['write_peak_mb']:.0f} MB (goal <= 2048)"
                )
            results["sizes"][str(n)] = entry
    results["ucdp_sample"] = bench_ucdp()
    from geomap.atomic import atomic_write

    with atomic_write(OUT) as fh:
        json.dump(results, fh, indent=2, default=str)
    print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
