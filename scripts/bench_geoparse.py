"""Benchmark the geoparser on public corpora with gold coordinates, beside simpler alternatives.

Reads ``../shared/eval/geoparse/*.jsonl`` relative to the repository (not part of the project; the
script says so and exits 0 when it is missing). For each corpus it reports, in one run:

* recognition precision/recall/F1 on exact spans and on overlapping spans (GeoWebNews: the neutral
  types -- demonyms, adjectives, languages, homonyms -- count neither way; WikToR: not scored, since
  only each article's own place is annotated),
* resolution on the recognised (exact span) gold toponyms with coordinates: accuracy@161 km, mean
  and median error (km), AUC of the log error curve (Gritta et al. 2018; lower is better),
* documents/s and MB/s of ``geoparse`` on one core (CPU time, so that other load on a shared machine
  does not count; wall-clock rate beside it), and the peak resident memory of the process,

for three systems: ``geomap`` (this geoparser), ``top-prior`` (the same spans, each resolved alone
to the gazetteer's best guess, as a user calling ``Gazetteer.geocode`` per name would), and
``gazetteer-match`` (every capitalised n-gram the gazetteer knows, longest first, no filters,
resolved to the best prior: naive dictionary spotting). On corpora that annotate nationality words
as places (LGL, TR-News, GeoVirus, WoTR), a fourth row scores the geoparser with those gold items
neutral, as GeoWebNews does; the plain ``geomap`` row is the standard figure. Published figures from
``../shared/eval/README.md`` are printed beside. JSON goes to ``outputs/bench/geoparse.json``.

    .venv/bin/python scripts/bench_geoparse.py            # every corpus (a few minutes)
    .venv/bin/python scripts/bench_geoparse.py --limit 50 --corpora lgl geowebnews
"""

from __future__ import annotations

import argparse
import json
import math
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from gazetteer.resolve import haversine_km

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "geoparse"
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


def load(name: str, limit: int | None) -> list[dict[str, Any]]:
    docs = []
    with open(EVAL / f"{name}.jsonl", encoding="utf-8") as fh:
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


_DEMONYM_END = re.compile(r"(?:an|ans|ian|ians|ish|ese|i|is|ic|ch|ot|ots)$")


def demonym_gold(gold: list[dict], gz: Any) -> tuple[list[dict], list[tuple[int, int]]]:
    """Split off gold "toponyms" that are nationality words ("Georgian" for Georgia): written with a
    demonym ending, unlike the gold place's name, for a country, an admin area or a region (or, without
    a feature code, no place name themselves). GeoWebNews scores
    these as neutral; the other corpora annotate them as places."""
    keep, neutral = [], []
    for g in gold:
        name, gaz = g["name"], g.get("gaz_name") or ""
        if (
            name[:1].isupper()
            and name.casefold() != gaz.casefold()
            and _DEMONYM_END.search(name.casefold())
            and (str(g.get("fcode") or "").startswith(("PCL", "ADM", "RGN", "CONT")) or not gz.is_name(name))
        ):
            neutral.append((g["start"], g["end"]))
        else:
            keep.append(g)
    return keep, neutral


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


def naive_spots(text: str, gz: Any) -> list[dict]:
    """Dictionary spotting: longest capitalised n-gram the gazetteer knows, resolved to its top prior."""
    from geomap.geoparse.tokens import ngram_spans, runs, tokenize

    tokens = tokenize(text)
    out = []
    for a, b in runs(text, tokens):
        i = a
        spans: dict[int, list[int]] = {}
        for s, e in ngram_spans(text, tokens, a, b):
            spans.setdefault(s, []).append(e)
        while i < b:
            for j in spans.get(i, ()):
                name = text[tokens[i].start : tokens[j - 1].end]
                cands = gz.candidates(name)
                if cands:
                    top = cands[0]
                    out.append(
                        {
                            "start": tokens[i].start,
                            "end": tokens[j - 1].end,
                            "lat": top.latitude,
                            "lon": top.longitude,
                        }
                    )
                    i = j
                    break
            else:
                i += 1
    return out


def top_prior(mentions: list[Any], gz: Any) -> list[dict]:
    """The same spans as the geoparser, each resolved alone by ``Gazetteer.geocode``."""
    out = []
    for m in mentions:
        loc = gz.geocode(m.text)
        if loc is not None:
            out.append({"start": m.start, "end": m.end, "lat": loc.latitude, "lon": loc.longitude})
    return out


def run_corpus(name: str, docs: list[dict], gz: Any) -> dict[str, Any]:
    from geomap.geoparse import geoparse

    precision = name != "wiktor"
    scores = {"geomap": Score(), "top-prior": Score(), "gazetteer-match": Score()}
    if name not in ("geowebnews", "wiktor"):
        scores["geomap, demonyms neutral"] = Score()
    elapsed = cpu = 0.0
    chars = 0
    for doc in docs:
        text = doc["text"]
        t0, c0 = time.perf_counter(), time.process_time()
        mentions = geoparse(text, gz)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        chars += len(text.encode("utf-8"))
        gold, neutral = gold_of(name, doc)
        found = [m.to_dict() for m in mentions]
        scores["geomap"].add(found, gold, neutral, precision)
        if "geomap, demonyms neutral" in scores:
            scores["geomap, demonyms neutral"].add(found, *demonym_gold(gold, gz), precision)
        scores["top-prior"].add(top_prior(mentions, gz), gold, neutral, precision)
        scores["gazetteer-match"].add(naive_spots(text, gz), gold, neutral, precision)
    return {
        "docs": len(docs),
        "gold": sum(len(gold_of(name, d)[0]) for d in docs),
        "docs_per_s": len(docs) / cpu if cpu else None,
        "mb_per_s": chars / 1e6 / cpu if cpu else None,
        "wall_docs_per_s": len(docs) / elapsed if elapsed else None,
        "systems": {k: v.summary(precision) for k, v in scores.items()},
        "published": PUBLISHED[name],
    }


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{digits}f}" if abs(x) < 1000 else f"{x:.0f}"
    return str(x)


def print_table(results: dict[str, Any]) -> None:
    head = ("corpus", "system", "P", "R", "F1", "oF1", "n res", "acc161", "mean km", "med km", "AUC")
    rows = []
    for name, r in results["corpora"].items():
        for system, s in r["systems"].items():
            rows.append(
                (
                    name,
                    system,
                    _fmt(s["exact_p"]),
                    _fmt(s["exact_r"]),
                    _fmt(s["exact_f1"]),
                    _fmt(s["overlap_f1"]),
                    str(s["resolved"]),
                    _fmt(s["acc161"]),
                    _fmt(s["mean_km"], 0),
                    _fmt(s["median_km"], 1),
                    _fmt(s["auc"]),
                )
            )
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    print()
    for name, r in results["corpora"].items():
        print(
            f"{name:11s} {r['docs']:5d} docs  {_fmt(r['docs_per_s'], 1):>7s} docs/s  {_fmt(r['mb_per_s'], 2):>5s} MB/s"
            f"  (wall {_fmt(r['wall_docs_per_s'], 1)} docs/s)   published acc@161: {r['published']}"
        )
    print("docs/s and MB/s: CPU time of geoparse() on one core, caches cold at the start of the run")
    print(
        f"\npeak RSS {results['peak_rss_mb']:.0f} MB (whole process: gazetteer index, caches, three systems)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA), choices=CORPORA)
    parser.add_argument("--limit", type=int, help="documents per corpus (default: all; WikToR 1500)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"bench_geoparse: {EVAL} not found (../shared/eval is not part of the project); skipping")
        return 0
    sys.path.insert(0, str(ROOT))
    from geomap.atomic import atomic_write
    from geomap.geoparse.core import default_gazetteer

    t0 = time.perf_counter()
    gz = default_gazetteer()
    results: dict[str, Any] = {"gazetteer_open_s": time.perf_counter() - t0, "corpora": {}}
    for name in args.corpora:
        docs = load(name, args.limit or DEFAULT_LIMITS.get(name))
        results["corpora"][name] = run_corpus(name, docs, gz)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(results)
    with atomic_write(args.out) as fh:
        json.dump(results, fh, indent=2)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
