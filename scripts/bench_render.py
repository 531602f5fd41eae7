"""Benchmark: geomap's renderer against plain folium on the same synthetic events.

Compared side by side in one run, at 1k, 10k and 100k events:

* ``geomap``        -- ``geomap.rendering.render`` (icon markers up to 2,000 events, one canvas above)
* ``folium-cluster`` -- plain folium: a MarkerCluster of ``folium.Marker`` with a ``folium.Popup`` each
* ``folium-geojson`` -- plain folium: ``folium.GeoJson`` of the events drawn as canvas circle markers
  (``prefer_canvas=True``) with a ``GeoJsonPopup``

Measured: build time (Python, from the GeoDataFrame to the HTML text), HTML size, and in headless
Chromium (system ``/usr/bin/chromium``, every non-file request blocked) the time from navigation
start until the page has loaded and painted twice, and the JS heap in use after a garbage
collection. Every page has its scripts inlined from ``folium-offline`` so that all three load the same
way with no network. The events are synthetic (seeded), so this needs nothing from ``../shared``.

Build times are measured after one untimed warm-up build per tool (printed separately), so that
one-time loading is not charged to the first size. Each figure is a single run on a shared machine.

Whole process (CSV in, HTML out), each tool in a fresh process on the same ACLED-layout CSV at 10k,
100k and 1M rows: ``geomap map --offline`` with and without labels, the plain folium script a user
would write instead (``scripts/render_bench/folium_script.py``: pandas, ``folium.GeoJson`` of canvas
circle markers with popups, scripts inlined), and with ``--baseline DIR`` the previous release run
from its own checkout. For each: wall time, peak memory, and the page's time to drawn and JS heap in
Chromium (the fastest of ``--repeat`` runs up to 100k rows, one run at 1M); then geomap's time per stage (import, reading and checking, map building, page text,
writing). The folium script is skipped above ``--folium-max`` rows (memory). Last, a screenshot
gallery in ``outputs/bench/``.

Run: ``.venv/bin/python scripts/bench_render.py [--sizes 1000 10000 100000] [--cluster-max 10000]
[--process-sizes 10000 100000 1000000] [--baseline ../geomap-previous]``.
Writes ``outputs/bench/render.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd

from geomap.atomic import atomic_write
from geomap.model import EVENT_TYPES, conform
from geomap.rendering import inline_assets, map_html, render
from geomap.rendering.basemap import admin1_areas
from geomap.rendering.browser import CHROMIUM, block_network, chromium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "render_bench"))
OUT = ROOT / "outputs" / "bench" / "render.json"
POPUP_FIELDS = ["date", "event_type", "actor1", "actor2", "fatalities", "location", "geo_precision", "notes"]


def synthetic_events(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """``n`` plausible events around Syria and Iraq: clustered places, two years of dates, notes."""
    rng = np.random.default_rng(seed)
    centres = np.column_stack([rng.uniform(35.5, 47.5, 400), rng.uniform(30.5, 37.2, 400)])
    # each place's country from the packaged boundaries, so that rows state the right country
    areas = admin1_areas()
    hit_point, hit_area = areas.sindex.query(gpd.points_from_xy(centres[:, 0], centres[:, 1]), predicate="within")
    iso = np.full(len(centres), "SY", dtype=object)
    iso[hit_point] = areas["iso_a2"].to_numpy(dtype=object)[hit_area]
    names = {"SY": "Syria", "IQ": "Iraq", "JO": "Jordan", "TR": "Turkey", "SA": "Saudi Arabia", "IR": "Iran", "LB": "Lebanon"}
    place = rng.integers(0, len(centres), n)
    xy = centres[place] + rng.normal(0, 0.05, (n, 2))
    types = np.array(list(EVENT_TYPES))
    actors = np.array([f"Armed group {i}" for i in range(40)] + ["Civilians", "Protesters", "Police"])
    event_type = types[rng.integers(0, len(types), n)]
    dates = (np.datetime64("2024-01-01") + rng.integers(0, 730, n)).astype(str)
    verbs = np.array(
        ["clashed with", "shelled positions of", "detained members of", "attacked", "negotiated with"]
    )
    a1, a2 = actors[rng.integers(0, len(actors), n)], actors[rng.integers(0, len(actors), n)]
    notes = pd.Series(a1).str.cat(
        [pd.Series(verbs[rng.integers(0, len(verbs), n)]), pd.Series(a2), pd.Series(["near"] * n),
         pd.Series([f"Place {p}" for p in place]), pd.Series(["; report"] * n), pd.Series(rng.integers(0, 10**6, n).astype(str))],
        sep=" ",
    )  # fmt: skip
    sources = [[{"name": f"Monitor {k}", "url": f"https://example.org/{k}"}] for k in range(10)]
    frame = pd.DataFrame(
        {
            "date": dates,
            "event_type": event_type,
            "actor1": a1,
            "actor2": np.where(rng.random(n) < 0.3, None, a2),
            "location": [f"Place {p}" for p in place],
            "country": [names.get(c, c) for c in iso[place]],
            "iso": iso[place],
            "geo_precision": rng.choice([1, 1, 1, 2, 3], n),
            "fatalities": rng.poisson(1.5, n),
            "notes": notes,
            "sources": [sources[k] for k in rng.integers(0, 10, n)],
            "confidence": np.round(rng.uniform(0.5, 1, n), 2),
        }
    )
    return conform(gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:4326"))


#: ISO 3166 numeric codes, as ACLED exports carry them.
ISO_NUMERIC = {"SY": 760, "IQ": 368, "JO": 400, "TR": 792, "SA": 682, "IR": 364, "LB": 422}


def acled_csv(n: int, path: str | Path, seed: int = 7) -> Path:
    """The synthetic events written as an ACLED export (its column names and order, ISO numeric)."""
    ev = synthetic_events(n, seed)
    rng = np.random.default_rng(seed + 1)
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"SYR{k + 1}" for k in range(n)],
            "event_date": ev["date"],
            "year": ev["date"].str[:4].astype(int),
            "time_precision": 1,
            "disorder_type": "Political violence",
            "event_type": ev["event_type"],
            "sub_event_type": "",
            "actor1": ev["actor1"],
            "assoc_actor_1": "",
            "inter1": rng.integers(1, 8, n),
            "actor2": ev["actor2"],
            "assoc_actor_2": "",
            "inter2": rng.integers(0, 8, n),
            "interaction": 10,
            "civilian_targeting": "",
            "iso": ev["iso"].map(ISO_NUMERIC),
            "region": "Middle East",
            "country": ev["country"],
            "admin1": "",
            "admin2": "",
            "admin3": "",
            "location": ev["location"],
            "latitude": np.round(ev.geometry.y, 4),
            "longitude": np.round(ev.geometry.x, 4),
            "geo_precision": ev["geo_precision"],
            "source": [s[0]["name"] for s in ev["sources"]],
            "source_scale": "National",
            "notes": ev["notes"],
            "fatalities": ev["fatalities"],
            "tags": "",
            "timestamp": 1700000000,
        }
    )
    frame.to_csv(path, index=False)
    return Path(path)


def build_geomap(events: gpd.GeoDataFrame) -> str:
    return map_html(render(events), offline=True)


def build_cluster(events: gpd.GeoDataFrame) -> str:
    m = folium.Map(location=(34, 41), zoom_start=6)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    for row in events[POPUP_FIELDS + ["geometry"]].itertuples(index=False):
        text = "<br>".join(f"<b>{f}</b>: {html.escape(str(getattr(row, f)))}" for f in POPUP_FIELDS)
        folium.Marker((row.geometry.y, row.geometry.x), popup=folium.Popup(text, max_width=300)).add_to(
            cluster
        )
    return inline_assets(m.get_root().render())


def build_geojson(events: gpd.GeoDataFrame) -> str:
    m = folium.Map(location=(34, 41), zoom_start=6, prefer_canvas=True)
    data = events[POPUP_FIELDS + ["geometry"]]
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=4, fill=True, weight=1, fill_opacity=0.8),
        popup=folium.GeoJsonPopup(fields=POPUP_FIELDS),
    ).add_to(m)
    return inline_assets(m.get_root().render())


BUILDERS = {"geomap": build_geomap, "folium-cluster": build_cluster, "folium-geojson": build_geojson}

DRAWN_JS = """() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(
    () => resolve(performance.now()))))"""


def measure_page(browser, path: Path, check_popup: bool) -> dict:
    """Time to drawn (ms since navigation start), JS heap (MB) and, for geomap, a popup on click."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    block_network(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri(), wait_until="load", timeout=300_000)
    drawn = page.evaluate(DRAWN_JS)
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result = {"draw_s": round(drawn / 1000, 2), "heap_mb": round(metrics["JSHeapUsedSize"] / 2**20, 1)}
    if check_popup:
        # the drawn mark nearest the centre: a marker or stack (its top event), or a canvas cell
        result["popup_on_click"] = page.evaluate(
            """() => { const m = Object.values(window).find((v) => v instanceof L.Map);
                       const s = Object.values(window).find((v) => v instanceof Geomap.Store);
                       const layer = Object.values(window).find((v) => (Geomap.MarkerLayer && v instanceof Geomap.MarkerLayer)
                                                                     || (Geomap.CanvasLayer && v instanceof Geomap.CanvasLayer));
                       const marks = layer.stacks ? layer.stacks.map((g) => m.latLngToContainerPoint([s.lat[g[0]], s.lon[g[0]]]))
                                                  : layer.current().map((c) => L.point(c.x, c.y));
                       const c = m.getSize().divideBy(2); let p = null, best = Infinity;
                       marks.forEach((q) => { const d = q.distanceTo(c); if (d < best) { best = d; p = q; } });
                       const r = m.getContainer().getBoundingClientRect();
                       return [p.x + r.left, p.y + r.top]; }"""
        )
        x, y = result.pop("popup_on_click")
        page.mouse.click(x, y)
        page.wait_for_selector(".leaflet-popup .geomap-popup", timeout=10_000)
        result["popup_on_click"] = True
    page.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument(
        "--cluster-max",
        type=int,
        default=10_000,
        help="skip MarkerCluster above this size (72 s to build at 100k)",
    )
    parser.add_argument("--process-sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--folium-max", type=int, default=100_000, help="skip the folium script above this size")
    parser.add_argument("--baseline", type=Path, help="a checkout of the previous release to time beside")
    parser.add_argument("--no-gallery", action="store_true", help="skip the screenshot gallery")
    parser.add_argument(
        "--repeat", type=int, default=2, help="whole-process runs per tool up to 100k rows; the fastest counts"
    )
    args = parser.parse_args(argv)
    have_browser = Path(CHROMIUM).exists()
    if not have_browser:
        print(f"Chromium not found at {CHROMIUM}: measuring build time and size only")
    rows = build_rows(args, have_browser) if args.sizes else []
    if rows:
        print_table(rows)
    process = process_rows(args, have_browser)
    if process:
        print_process_table(process)
    shots: list[str] = []
    if have_browser and not args.no_gallery:
        from gallery import write_gallery, write_print

        with chromium() as browser:
            shots = [str(p.relative_to(ROOT)) for p in write_gallery(browser, OUT.parent)]
        shots.append(str(write_print(OUT.parent).relative_to(ROOT)))
        print("\ngallery: " + ", ".join(shots))
    environment = {"cpus": os.cpu_count(), "python": platform.python_version(), "folium": folium.__version__}
    if have_browser:
        with chromium() as browser:
            environment["chromium"] = browser.version
    with atomic_write(OUT) as fh:
        json.dump(
            {"environment": environment, "rows": rows, "ratios": ratios(rows), "process": process,
             "process_ratios": process_ratios(process), "gallery": shots},
            fh,
            indent=2,
        )  # fmt: skip
    print(f"\nwritten {OUT.relative_to(ROOT)}")
    return 0


def build_rows(args: argparse.Namespace, have_browser: bool) -> list[dict]:
    """Build time, size, draw time and heap of geomap and folium from a GeoDataFrame."""
    # One untimed build per tool first: imports, the packaged assets and the Natural Earth files are
    # loaded once per process, and would otherwise all be charged to whichever size runs first.
    warm = synthetic_events(200, seed=1)
    for name, build in BUILDERS.items():
        start = time.perf_counter()
        build(warm)
        print(f"warm-up {name}: {time.perf_counter() - start:.2f} s (one-time loading, not in the table)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        for n in args.sizes:
            events = synthetic_events(n)
            for name, build in BUILDERS.items():
                if name == "folium-cluster" and n > args.cluster_max:
                    rows.append(
                        {"events": n, "tool": name, "skipped": f"over --cluster-max {args.cluster_max}"}
                    )
                    continue
                start = time.perf_counter()
                page = build(events)
                built = time.perf_counter() - start
                path = Path(tmp, f"{name}-{n}.html")
                path.write_text(page, encoding="utf-8")
                row = {
                    "events": n,
                    "tool": name,
                    "build_s": round(built, 2),
                    "html_mb": round(len(page.encode()) / 1e6, 1),
                }
                if have_browser:
                    with chromium() as browser:
                        row.update(measure_page(browser, path, check_popup=name == "geomap"))
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
    return rows


def process_rows(args: argparse.Namespace, have_browser: bool) -> list[dict]:
    """Whole-process rows: each tool in a fresh process on the same CSV, then its page in Chromium."""
    from process import best_of, commands, stages

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-process-") as tmp:
        for n in args.process_sizes:
            csv_path = acled_csv(n, Path(tmp, f"acled-{n}.csv"))
            for k, (tool, (command, env)) in enumerate(commands(csv_path, Path(tmp, "x.html"), args.baseline).items()):
                if tool == "folium script" and n > args.folium_max:
                    rows.append({"events": n, "tool": tool, "skipped": f"over --folium-max {args.folium_max}"})
                    continue
                html_path = Path(tmp, f"page-{n}-{k}.html")
                command = [html_path.as_posix() if c.endswith("x.html") else c for c in command]
                row = {"events": n, "tool": tool}
                repeat = args.repeat if n <= 100_000 else 1
                row.update({key: v for key, v in best_of(command, env, repeat).items() if key != "stdout"})
                row["html_mb"] = round(html_path.stat().st_size / 1e6, 1)
                if have_browser:
                    with chromium() as browser:
                        row.update(measure_page(browser, html_path, check_popup=False))
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
                html_path.unlink()
            for labels in (True, False) if n <= 100_000 else (True,):
                row = {"events": n, "tool": "geomap stages" + ("" if labels else " (no labels)")}
                row.update(stages(csv_path, Path(tmp, "stages.html"), labels))
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
            csv_path.unlink()
    return rows


def process_ratios(rows: list[dict]) -> dict:
    """``geomap map`` over the folium script per size: the goals are 0.3 (process) and 0.7 (draw)."""
    by = {(r["tool"], r["events"]): r for r in rows if "process_s" in r}
    out = {}
    for (tool, n), ours in by.items():
        theirs = by.get(("folium script", n))
        if not tool.startswith("geomap map") or theirs is None:
            continue
        out[f"{tool} @ {n}"] = {
            key: round(ours[key] / theirs[key], 2)
            for key in ("process_s", "peak_mb", "html_mb", "draw_s", "heap_mb")
            if ours.get(key) is not None and theirs.get(key)
        }
    return out


def print_process_table(rows: list[dict]) -> None:
    head = f"{'events':>8}  {'tool':<30} {'process s':>9} {'peak MB':>8} {'HTML MB':>8} {'drawn s':>8} {'heap MB':>8}"
    print("\nwhole process, CSV in, HTML out")
    print(head)
    print("-" * len(head))
    for r in rows:
        if "skipped" in r:
            print(f"{r['events']:>8}  {r['tool']:<30} skipped ({r['skipped']})")
        elif "process_s" in r:
            print(
                f"{r['events']:>8}  {r['tool']:<30} {r['process_s']:>9} {r.get('peak_mb') or '-':>8} {r['html_mb']:>8} "
                f"{r.get('draw_s', '-'):>8} {r.get('heap_mb', '-'):>8}"
            )
    stage_rows = [r for r in rows if r["tool"].startswith("geomap stages")]
    if stage_rows:
        keys = ["startup_s", "import_s", "read_validate_s", "render_s", "page_text_s", "write_s", "total_s"]
        print("\ngeomap per stage (s): " + ", ".join(k[:-2] for k in keys))
        for r in stage_rows:
            print(f"{r['events']:>8}  {r['tool']:<30} " + " ".join(f"{r[k]:>7}" for k in keys))
    for name, ratio in process_ratios(rows).items():
        print(f"{name} / folium script: " + ", ".join(f"{k} {v}x" for k, v in ratio.items()))
    print("(goals at 100,000 rows: process_s <= 0.3x, draw_s <= 0.7x)")


def ratios(rows: list[dict]) -> dict:
    """geomap over folium-geojson at the largest size both ran: the goals are 0.3, 0.45 and 0.7."""
    by = {(r["tool"], r["events"]): r for r in rows if "build_s" in r}
    sizes = [n for (tool, n) in by if tool == "geomap" and ("folium-geojson", n) in by]
    if not sizes:
        return {}
    n = max(sizes)
    ours, theirs = by[("geomap", n)], by[("folium-geojson", n)]
    out = {"events": n}
    for key in ("build_s", "html_mb", "draw_s", "heap_mb"):
        if key in ours and key in theirs and theirs[key]:
            out[key] = round(ours[key] / theirs[key], 2)
    return out


def print_table(rows: list[dict]) -> None:
    head = f"{'events':>8}  {'tool':<15} {'build s':>8} {'HTML MB':>8} {'drawn s':>8} {'heap MB':>8}  popup"
    print(head)
    print("-" * len(head))
    for r in rows:
        if "skipped" in r:
            print(f"{r['events']:>8}  {r['tool']:<15} skipped ({r['skipped']})")
            continue
        popup = "yes" if r.get("popup_on_click") else ""
        print(
            f"{r['events']:>8}  {r['tool']:<15} {r['build_s']:>8} {r['html_mb']:>8} "
            f"{r.get('draw_s', '-'):>8} {r.get('heap_mb', '-'):>8}  {popup}"
        )
    ratio = ratios(rows)
    if ratio:
        print(
            f"\ngeomap / folium-geojson at {ratio['events']:,} events: "
            + ", ".join(f"{k} {v}x" for k, v in ratio.items() if k != "events")
            + "  (goals: build_s <= 0.3x, html_mb <= 0.45x, draw_s <= 0.7x)"
        )


if __name__ == "__main__":
    sys.exit(main())
