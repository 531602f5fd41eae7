"""Benchmark the geoparser on public corpora with gold coordinates: dev and test halves side by side.

Reads ``../shared/eval/geoparse/*.jsonl`` (not part of the project; the script says so and exits 0 when
it is missing; ``--eval DIR`` points elsewhere). Every document is in the development or the test half
(``../shared/eval/split.py``: tune on dev, report both). For each corpus and half it reports, in one run:

* recognition precision/recall/F1 on exact spans and overlap F1 (GeoWebNews: the neutral types --
  demonyms, adjectives, languages, homonyms -- count neither way; WikToR: recall only, since only each
  article's own place is annotated),
* resolution on the recognised (exact span) gold toponyms with coordinates: accuracy@161 km, mean and
  median error (km), AUC of the log error curve (Gritta et al. 2018; lower is better),

for three systems: ``geomap`` (this code), ``previous`` (the previous release, run from another
checkout with ``--previous DIR``, e.g. a ``git worktree`` of the commit this work branched from, in a
subprocess with its own index cache) and ``population`` (each gold toponym resolved to the most
populous place of that name: the published population baseline; resolution only). Stress rows score
geomap and the previous release on lower-cased and upper-cased copies of both halves (same
offsets). Below the table: documents/s of ``geoparse`` on one core (CPU time), peak resident memory.
JSON goes to ``outputs/bench/geoparse.json``.

    .venv/bin/python scripts/bench_geoparse.py --previous /work/wt/i12-base     # every corpus
    .venv/bin/python scripts/bench_geoparse.py --limit 50 --corpora lgl geowebnews
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

OUT = ROOT / "outputs" / "bench" / "geoparse.json"
CORPORA = ("lgl", "geowebnews", "trnews", "geovirus", "wotr_test", "wiktor")
#: GeoWebNews types scored as places; the other annotated types are neutral.
GWN_PLACE_TYPES = {"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier", "Metonymic"}
#: Published accuracy@161 km (../shared/eval/README.md).
PUBLISHED = {
    "lgl": "CamCoder 0.76, Edinburgh 0.76, population 0.70, Mordecai3 0.827; recognition F1 best 0.71",
    "wiktor": "CamCoder 0.65, Edinburgh 0.42, population 0.22, Mordecai3 0.98 (own Wiki set)",
    "geovirus": "CamCoder 0.82, Edinburgh 0.78, population 0.80",
    "geowebnews": "Mordecai3 0.941; recognition F1 Google NL 0.83, spaCy 2018 0.75",
    "trnews": "Mordecai3 0.873",
    "wotr_test": "(none listed)",
}
DEFAULT_LIMITS = {"wiktor": 1500}


def load(eval_dir: Path, name: str, limit: int | None) -> list[dict[str, Any]]:
    docs = []
    with open(eval_dir / f"{name}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def gold_of(name: str, doc: dict[str, Any]) -> tuple[list[dict], list[tuple[int, int]]]:
    """(scored gold toponyms, neutral spans) of one document."""
    if name != "geowebnews":
        return doc["toponyms"], []
    gold = [t for t in doc["toponyms"] if t.get("type") in GWN_PLACE_TYPES]
    neutral = [(t["start"], t["end"]) for t in doc["toponyms"] if t.get("type") not in GWN_PLACE_TYPES]
    return gold, neutral


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Score:
    """Accumulates recognition counts and resolution errors over documents."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.otp = self.ofp = self.ofn = 0
        self.errors: list[float] = []

    def add(
        self, preds: list[dict], gold: list[dict], neutral: list[tuple[int, int]], precision: bool
    ) -> None:
        spans = [(p["start"], p["end"]) for p in preds]
        kept = [i for i, s in enumerate(spans) if not any(_overlaps(s, n) for n in neutral)]
        gspans = [(g["start"], g["end"]) for g in gold]
        exact = set(spans) & set(gspans)
        self.tp += len(exact)
        self.fn += len(set(gspans) - exact)
        if precision:
            self.fp += sum(1 for i in kept if spans[i] not in exact)
        used: set[int] = set()
        matched: list[tuple[int, int]] = []  # (gold index, pred index)
        for gi, gs in enumerate(gspans):
            best = next((i for i, s in enumerate(spans) if s == gs and i not in used), None)
            if best is None:
                best = next((i for i, s in enumerate(spans) if _overlaps(s, gs) and i not in used), None)
            if best is not None:
                used.add(best)
                matched.append((gi, best))
        self.otp += len(matched)
        self.ofn += len(gspans) - len(matched)
        if precision:
            self.ofp += sum(
                1 for i in kept if i not in used and not any(_overlaps(spans[i], g) for g in gspans)
            )
        pairs = [
            (gold[gi], preds[pi])
            for gi, pi in matched
            if spans[pi] == gspans[gi] and gold[gi].get("lat") is not None
        ]
        pairs = [(g, p) for g, p in pairs if p.get("lat") is not None]
        if pairs:
            from gazetteer.resolve import haversine_km

            g = np.array([[x["lat"], x["lon"]] for x, _ in pairs], dtype=float)
            p = np.array([[y["lat"], y["lon"]] for _, y in pairs], dtype=float)
            self.errors.extend(haversine_km(g[:, 0], g[:, 1], p[:, 0], p[:, 1]).tolist())

    def summary(self, precision: bool) -> dict[str, Any]:
        def prf(tp: int, fp: int, fn: int) -> tuple[float | None, float, float | None]:
            r = tp / (tp + fn) if tp + fn else 0.0
            if not precision:
                return None, r, None
            p = tp / (tp + fp) if tp + fp else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        e = np.array(self.errors)
        auc = None
        if len(e) > 1:
            auc = float(np.trapezoid(np.log(np.sort(e) + 1)) / (math.log(20039) * (len(e) - 1)))
        p, r, f = prf(self.tp, self.fp, self.fn)
        op, orr, of = prf(self.otp, self.ofp, self.ofn)
        return {
            "exact_p": p,
            "exact_r": r,
            "exact_f1": f,
            "overlap_p": op,
            "overlap_r": orr,
            "overlap_f1": of,
            "resolved": len(e),
            "acc161": float(np.mean(e <= 161)) if len(e) else None,
            "mean_km": float(e.mean()) if len(e) else None,
            "median_km": float(np.median(e)) if len(e) else None,
            "auc": auc,
        }


def recase(text: str, how: str) -> str:
    """A lower- or upper-cased copy with the same offsets (characters whose case form is longer stay)."""
    change = str.lower if how == "lower" else str.upper
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


VARIANTS = ("orig", "lower", "upper")


def texts_of(docs: list[dict]) -> list[tuple[str, str, str]]:
    """(doc_id, variant, text): every document as written, lower-cased and upper-cased."""
    out = []
    for d in docs:
        out.append((str(d["doc_id"]), "orig", d["text"]))
        out.extend((str(d["doc_id"]), v, recase(d["text"], v)) for v in VARIANTS[1:])
    return out


def predict(corpora: dict[str, list[dict]]) -> tuple[dict, dict]:
    """Predictions of the importable ``geomap`` per corpus, variant and document, and its CPU time."""
    from geomap.geoparse import geoparse
    from geomap.geoparse.core import default_gazetteer

    gz = default_gazetteer()
    preds: dict[str, dict[str, dict[str, list]]] = {}
    timing: dict[str, dict[str, float]] = {}
    for name, docs in corpora.items():
        by_variant: dict[str, dict[str, list]] = {v: {} for v in VARIANTS}
        cpu = 0.0
        chars = n = 0
        for doc_id, variant, text in texts_of(docs):
            c0 = time.process_time()
            found = [m.to_dict() for m in geoparse(text, gz)]
            if variant == "orig":
                cpu += time.process_time() - c0
                chars += len(text.encode("utf-8"))
                n += 1
            by_variant[variant][doc_id] = [{k: m[k] for k in ("start", "end", "lat", "lon")} for m in found]
        preds[name] = by_variant
        timing[name] = {"docs": n, "cpu_s": cpu, "mb": chars / 1e6}
    return preds, timing


def population_baseline(name: str, docs: list[dict], gz: Any) -> dict[str, list]:
    """Each gold toponym resolved to the most populous place of that name (resolution only)."""
    out = {}
    for d in docs:
        gold, _ = gold_of(name, d)
        preds = []
        for g in gold:
            cands = gz.candidates(g["name"])
            if cands:
                top = max(cands, key=lambda c: getattr(c, "population", 0) or 0)
                preds.append(
                    {"start": g["start"], "end": g["end"], "lat": top.latitude, "lon": top.longitude}
                )
        out[str(d["doc_id"])] = preds
    return out


def score(name: str, docs: list[dict], preds: dict[str, list], precision: bool) -> dict[str, Any]:
    s = Score()
    for d in docs:
        doc_preds = preds.get(str(d["doc_id"]))
        if doc_preds is None:
            continue
        gold, neutral = gold_of(name, d)
        s.add(doc_preds, gold, neutral, precision)
    return s.summary(precision)


def run_previous(code: Path, cache: Path, corpora: list[str], limit: int | None, eval_dir: Path) -> dict:
    """The previous release's predictions, from its own checkout, in a subprocess with its own cache."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "previous.json"
        cmd = [sys.executable, __file__, "--predict-only", str(out), "--code", str(code),
               "--eval", str(eval_dir), "--corpora", *corpora]  # fmt: skip
        if limit:
            cmd += ["--limit", str(limit)]
        env = dict(os.environ, GEOMAP_CACHE_DIR=str(cache), PYTHONPATH=str(code))
        subprocess.run(cmd, check=True, env=env)
        return json.loads(out.read_text())


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{digits}f}" if abs(x) < 1000 else f"{x:.0f}"
    return str(x)


def print_table(results: dict[str, Any]) -> None:
    head = ("corpus", "half", "system", "P", "R", "F1", "oF1", "n res", "acc161", "mean km", "med km", "AUC")
    rows = []
    for name, r in results["corpora"].items():
        for key, s in r["rows"].items():
            half_, system = key.split("|")
            rows.append(
                (name, half_, system, _fmt(s["exact_p"]), _fmt(s["exact_r"]), _fmt(s["exact_f1"]),
                 _fmt(s["overlap_f1"]), str(s["resolved"]), _fmt(s["acc161"]), _fmt(s["mean_km"], 0),
                 _fmt(s["median_km"], 1), _fmt(s["auc"]))
            )  # fmt: skip
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    print()
    for name, r in results["corpora"].items():
        t = r["timing"]
        rate = t["docs"] / t["cpu_s"] if t["cpu_s"] else None
        mb = t["mb"] / t["cpu_s"] if t["cpu_s"] else None
        lower = r["lower_recall_ratio"]
        print(
            f"{name:11s} {r['docs']:5d} docs (dev {r['dev']}, test {r['test']})  {_fmt(rate, 1):>7s} docs/s"
            f"  {_fmt(mb, 2):>5s} MB/s  lower/title recall (test) {_fmt(lower)}   published: {r['published']}"
        )
    print("docs/s and MB/s: CPU time of geomap's geoparse() on one core, as-written texts, caches cold")
    print(f"peak RSS {results['peak_rss_mb']:.0f} MB (whole process: gazetteer index, caches, predictions)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA), choices=CORPORA)
    parser.add_argument("--limit", type=int, help="documents per corpus (default: all; WikToR 1500)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--eval", type=Path, help="folder of the corpora (default ../shared/eval/geoparse)")
    parser.add_argument("--previous", type=Path, help="checkout of the previous release to run beside")
    parser.add_argument("--previous-cache", type=Path, help="its index cache (default DIR/.geomap-cache)")
    parser.add_argument("--predict-only", type=Path, help=argparse.SUPPRESS)  # used for --previous
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    eval_dir = args.eval or (shared_eval.eval_dir() or ROOT.parent / "shared" / "eval") / "geoparse"
    if not eval_dir.is_dir():
        print(f"bench_geoparse: {eval_dir} not found (../shared/eval is not part of the project); skipping")
        return 0
    sys.path.insert(0, str(args.code or ROOT))
    half = shared_eval.half_fn()
    corpora = {name: load(eval_dir, name, args.limit or DEFAULT_LIMITS.get(name)) for name in args.corpora}
    if args.predict_only:
        preds, _ = predict(corpora)
        args.predict_only.write_text(json.dumps(preds))
        return 0
    from geomap.atomic import atomic_write
    from geomap.geoparse.core import default_gazetteer

    previous = None
    if args.previous:
        cache = args.previous_cache or args.previous / ".geomap-cache"
        previous = run_previous(args.previous, cache, args.corpora, args.limit, eval_dir)
    t0 = time.perf_counter()
    gz = default_gazetteer()
    results: dict[str, Any] = {"gazetteer_open_s": time.perf_counter() - t0, "corpora": {}}
    preds, timing = predict(corpora)
    for name, docs in corpora.items():
        precision = name != "wiktor"
        halves = {h: [d for d in docs if half(d["doc_id"]) == h] for h in ("dev", "test")}
        rows: dict[str, Any] = {}
        pop = population_baseline(name, docs, gz)
        for h, hdocs in halves.items():
            rows[f"{h}|geomap"] = score(name, hdocs, preds[name]["orig"], precision)
            if previous is not None:
                rows[f"{h}|previous"] = score(name, hdocs, previous[name]["orig"], precision)
            rows[f"{h}|population"] = score(name, hdocs, pop, False)
        for h, hdocs in halves.items():
            for variant in VARIANTS[1:]:
                rows[f"{h}|geomap {variant}"] = score(name, hdocs, preds[name][variant], precision)
                if previous is not None:
                    rows[f"{h}|previous {variant}"] = score(name, hdocs, previous[name][variant], precision)
        title_r = rows["test|geomap"]["exact_r"]
        results["corpora"][name] = {
            "docs": len(docs),
            "dev": len(halves["dev"]),
            "test": len(halves["test"]),
            "timing": timing[name],
            "rows": rows,
            "lower_recall_ratio": rows["test|geomap lower"]["exact_r"] / title_r if title_r else None,
            "published": PUBLISHED[name],
        }
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(results)
    with atomic_write(args.out) as fh:
        json.dump(results, fh, indent=2)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
