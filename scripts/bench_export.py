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

``--reading`` times the reading path instead (issue 15), each case in a fresh process, side by side:
a 1,000,000-row ACLED-layout CSV (the 31 export columns, text inter codes, coordinates) read,
checked and written to GeoParquet by

* ``pandas.read_csv`` + ``geopandas.points_from_xy`` + ``to_parquet`` (what a user would write
  instead: no validation, no schema, no report of bad rows);
* geomap as of this checkout: ``read_events`` + ``validate.screen`` (every check, countries
  included) + ``write_events``;
* the previous release (the commit in ``--previous``, checked out into a temporary ``git worktree``):
  ``read_events`` + ``validate_events`` + ``write_events``.

Each checkout first reads a 20-row table (its gazetteer index is built then, not timed). Each case
but the previous release then runs ``--repeat`` times (default 3), interleaved, and the run with the
least CPU time counts: the machine is shared, and a busy spell would otherwise decide the
ratio. Goal: geomap <= 2x the pandas baseline. Results go to ``outputs/bench/reading.json``.

    .venv/bin/python scripts/bench_export.py            # 100k and 1M
    .venv/bin/python scripts/bench_export.py --sizes 100000
    .venv/bin/python scripts/bench_export.py --reading --sizes 1000000
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
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

UCDP = (shared_eval.eval_dir() or ROOT.parent / "shared" / "eval") / "events" / "ucdpged_2023_sample1000.csv"
OUT = ROOT / "outputs" / "bench" / "export.json"
READING_OUT = ROOT / "outputs" / "bench" / "reading.json"
#: The previous release: main as it was when the readers became a package (issue 15).
PREVIOUS = "e566160"

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


# ------------------------------------------------------------------------------------ reading (issue 15)

# Runs in a child process: argv = [table.csv, kind, out.parquet]; PYTHONPATH picks the geomap version.
READ_CHILD = r"""
import json, sys, time
src, kind, out = sys.argv[1:4]
t, cpu = time.perf_counter(), time.process_time()
if kind == "pandas":
    import geopandas as gpd, pandas as pd
    frame = pd.read_csv(src)
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs=4326)
    gdf.to_parquet(out)
    placed, unplaced = len(gdf), 0
else:
    from geomap.readers import read_events
    from geomap.writers import write_events
    from geomap import validate
    res = read_events(src)
    if hasattr(validate, "screen"):
        checked = validate.screen(res.events)
        events, unplaced = checked.events, len(res.unplaced) + len(checked.unplaced)
    else:
        validate.validate_events(res.events)
        events, unplaced = res.events, len(res.unplaced)
    write_events(events, out)
    placed = len(events)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu,
                  "placed": placed, "unplaced": unplaced}))
"""


def acled_csv(n: int, path: Path) -> None:
    """``n`` rows in ACLED's current export layout (text inter codes), points inside Syria, deterministic."""
    import numpy as np
    import pandas as pd

    from geomap.model import EVENT_TYPES
    from geomap.readers.acled import INTER_CODES
    from geomap.writers import ACLED_COLUMNS

    rng = np.random.default_rng(15)
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    pick = rng.integers(0, len(types), n)
    place_lon = np.round(36.7 + rng.random(2000) * 3.2, 4)
    place_lat = np.round(34.0 + rng.random(2000) * 2.4, 4)
    loc = rng.integers(0, 2000, n)
    days = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 2500, n), unit="D")
    inter = np.array([INTER_CODES[k] for k in range(1, 9)], dtype=object)
    actors = np.array([f"Armed group {i}" for i in range(80)], dtype=object)
    data = {
        "event_id_cnty": [f"SYR{i:07d}" for i in range(n)],
        "event_date": days.strftime("%Y-%m-%d"),
        "year": days.year,
        "time_precision": rng.integers(1, 4, n),
        "disorder_type": "Political violence",
        "event_type": [types[i][0] for i in pick],
        "sub_event_type": [types[i][1] for i in pick],
        "actor1": actors[rng.integers(0, 80, n)],
        "assoc_actor_1": None,
        "inter1": inter[rng.integers(0, 8, n)],
        "actor2": actors[rng.integers(0, 80, n)],
        "assoc_actor_2": None,
        "inter2": inter[rng.integers(0, 8, n)],
        "interaction": "State forces-Rebel groups",
        "civilian_targeting": None,
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": np.array([f"Province {i}" for i in range(14)], dtype=object)[loc % 14],
        "admin2": np.array([f"District {i}" for i in range(60)], dtype=object)[loc % 60],
        "admin3": None,
        "location": np.array([f"Place {i}" for i in range(2000)], dtype=object)[loc],
        "latitude": place_lat[loc],
        "longitude": place_lon[loc],
        "geo_precision": rng.integers(1, 4, n),
        "source": "Local Monitor; Regional Daily",
        "source_scale": "Subnational",
        "notes": [
            f"On {d}, fighting near place {j}; residents fled."
            for d, j in zip(days.strftime("%d %B %Y"), loc, strict=True)
        ],
        "fatalities": rng.poisson(2, n),
        "tags": None,
        "timestamp": 1_700_000_000 + rng.integers(0, 10**7, n),
    }
    pd.DataFrame({c: data[c] for c in ACLED_COLUMNS}).to_csv(path, index=False)


def _previous_checkout(ref: str, folder: Path) -> Path | None:
    """A detached worktree of ``ref`` for timing the previous release; None when git cannot make one."""
    proc = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ref],
                          capture_output=True, text=True)  # fmt: skip
    if proc.returncode:
        print(f"previous release {ref}: cannot check it out ({proc.stderr.strip()[:200]}): skipped")
        return None
    return folder


def _read_child(table: Path, kind: str, out: Path, pythonpath: Path) -> dict:
    import os

    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    if pythonpath != ROOT:  # an older checkout keeps its own gazetteer index: sharing one would rebuild it
        env["GEOMAP_CACHE_DIR"] = str(pythonpath / ".bench-cache")
    proc = subprocess.run([sys.executable, "-c", READ_CHILD, str(table), kind, str(out)], capture_output=True,
                          text=True, cwd=pythonpath, env=env)  # fmt: skip
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fastest(runs: list[dict]) -> dict:
    """The run with the least CPU time (the least disturbed by other work), or the first error."""
    timed = [r for r in runs if r.get("cpu_seconds") is not None]
    return min(timed, key=lambda r: r["cpu_seconds"]) if timed else runs[0]


def bench_reading(sizes: list[int], previous: str, repeat: int) -> None:
    """The reading benchmark (see the module docstring): a table, then the JSON of the results."""
    results: dict = {"previous_release": previous, "repeat": repeat, "sizes": {},
                     "note": f"cpu = process time, least of {repeat} interleaved runs (the machine is shared); "
                             "the previous release is run once"}  # fmt: skip
    print(
        f"{'rows':>9} {'case':<34} {'wall s':>7} {'cpu s':>7} {'x pandas':>8} {'placed':>9} {'unplaced':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="bench_reading_") as tmp:
        tmp_path = Path(tmp)
        old = _previous_checkout(previous, tmp_path / "previous")
        try:
            for n in sizes:
                table = tmp_path / f"acled_{n}.csv"
                acled_csv(n, table)
                cases = [
                    ("pandas + points_from_xy + to_parquet", "pandas", ROOT),
                    ("geomap (this checkout)", "geomap", ROOT),
                ]
                if old is not None:
                    cases.append((f"geomap previous release ({previous})", "geomap", old))
                small = tmp_path / "warm_up.csv"
                acled_csv(20, small)
                for _, kind, where in cases:  # builds each checkout's gazetteer index before timing
                    _read_child(small, kind, tmp_path / "out.parquet", where)
                runs: dict[str, list[dict]] = {label: [] for label, _, _ in cases}
                for turn in range(repeat):  # interleaved, so that a busy spell of the shared machine hits all
                    for label, kind, where in cases:
                        if turn and where != ROOT:  # the previous release is slow and far off: timed once
                            continue
                        runs[label].append(_read_child(table, kind, tmp_path / "out.parquet", where))
                rows = [{"rows": n, "case": label, **_fastest(runs[label]),
                         "cpu_seconds_all": [r.get("cpu_seconds") for r in runs[label]]} for label, _, _ in cases]  # fmt: skip
                base = rows[0].get("cpu_seconds")
                for r in rows:
                    r["x_pandas_cpu"] = r["cpu_seconds"] / base if base and r.get("cpu_seconds") else None
                    print(f"{n:>9} {r['case']:<34} {r.get('seconds', 0):>7.2f} {r.get('cpu_seconds', 0):>7.2f} "
                          f"{r['x_pandas_cpu'] or 0:>8.2f} {r.get('placed', '-'):>9} {r.get('unplaced', '-'):>8}"
                          + (f"  error: {r['error']}" if r.get("error") else ""), flush=True)  # fmt: skip
                results["sizes"][str(n)] = rows
        finally:
            if old is not None:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True
                )
    from geomap.atomic import atomic_write

    with atomic_write(READING_OUT) as fh:
        json.dump(results, fh, indent=2, default=str)
    print(f"written {READING_OUT.relative_to(ROOT)}; goal: geomap <= 2.00 x pandas")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--reading", action="store_true", help="time reading + checking + GeoParquet (issue 15)"
    )
    parser.add_argument("--previous", default=PREVIOUS, help="git commit of the previous release")
    parser.add_argument(
        "--repeat", type=int, default=3, help="--reading: runs per case; the least CPU time counts"
    )
    args = parser.parse_args()
    if args.reading:
        bench_reading(args.sizes, args.previous, args.repeat)
        return
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
