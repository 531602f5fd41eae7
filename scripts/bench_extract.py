"""Benchmark the event-place chooser of ``geomap.extract`` beside the baselines a user would try.

Part 1 reads ``../shared/eval/events/event_location.jsonl`` relative to the repository (Halterman 2019;
not part of the project: the script says so and skips this part when it is missing). Each line is a
sentence with a VERB span (the event) and zero or more gold LOCATION spans (where that event happened).
All systems see the same place mentions, found by ``geomap.geoparse``; they differ only in which one
they call the event's place:

* ``geomap``: :func:`geomap.extract.place.choose_place` (cues, clauses, context places; may answer
  "no location"),
* ``first-place``: the first place mentioned in the sentence,
* ``nearest-place``: the place mentioned nearest to the verb.

Scores: accuracy on sentences with a gold location (the chosen span overlaps a gold LOCATION span),
the share of correct "no location" answers on sentences without one, and overall accuracy. The rows
are split in two halves by line number (even = dev, odd = test): the chooser's weights were set by
looking at the dev half only, so the test half is the honest figure. ``ceiling`` is the share of
gold locations the geoparser found at all; ``if found`` is place accuracy on those sentences only.

Part 2 runs :func:`geomap.extract.extract_events` on the hand-coded example articles in
``tests/fixtures/extract/articles/`` (written for geomap) and scores each expected event (sub-event
type and place) found, and how often each chooser names the expected place (any of its answers: geomap
may name several; an event placed only by context expects no place of its own).

    .venv/bin/python scripts/bench_extract.py              # everything (about a minute per 1,000 rows)
    .venv/bin/python scripts/bench_extract.py --limit 2000

Writes ``outputs/bench/extract.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "events" / "event_location.jsonl"
ARTICLES = ROOT / "tests" / "fixtures" / "extract" / "articles"
OUT = ROOT / "outputs" / "bench" / "extract.json"
SYSTEMS = ("geomap", "first-place", "nearest-place")


def choose(
    system: str, text: str, verb: tuple[int, int], mentions: list[Any], start: int, end: int
) -> list[Any]:
    """The mentions ``system`` calls the event's places, best first (empty for "no location").

    The baselines name one place; ``geomap`` may name several ("strikes in Sweida and in Damascus").
    """
    from geomap.extract.classify import classify_verb, find_triggers
    from geomap.extract.place import choose_place, read_cues

    if not mentions:
        return []
    if system == "first-place":
        return [mentions[0]]
    if system == "nearest-place":
        return [min(mentions, key=lambda m: min(abs(m.start - verb[1]), abs(verb[0] - m.end)))]
    sentence = text[start:end]
    trigger = classify_verb(sentence, verb[0] - start, verb[1] - start)
    others = [(t.start + start, t.end + start) for t in find_triggers(sentence)]
    others = [o for o in others if not (o[0] < verb[1] and verb[0] < o[1])]
    cues = read_cues(text, start, end, mentions)
    choice = choose_place(text, verb, mentions, cues, movement=trigger.movement, other_triggers=others)
    return [m for m, _ in choice.places] + [p[0] for p in (choice.origin, choice.destination) if p]


def bench_sentences(path: Path, limit: int | None, gz: Any) -> dict[str, Any]:
    from geomap.geoparse import geoparse

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if limit:
        rows = rows[:limit]
    tally = {
        half: {
            s: {"loc_ok": 0, "loc_n": 0, "none_ok": 0, "none_n": 0, "found_ok": 0, "found_n": 0}
            for s in SYSTEMS
        }
        for half in ("dev", "test")
    }
    ceiling = {"dev": [0, 0], "test": [0, 0]}
    t0 = time.perf_counter()
    for i, row in enumerate(rows):
        half = "dev" if i % 2 == 0 else "test"
        text = row["text"]
        verbs = [s for s in row["spans"] if s["label"] == "VERB"]
        if len(verbs) != 1:
            continue
        verb = (verbs[0]["start"], verbs[0]["end"])
        gold = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "LOCATION"]
        mentions = [m for m in geoparse(text, gazetteer=gz) if m.resolved]
        found = any(m.start < e and s < m.end for m in mentions for s, e in gold)
        if gold:
            ceiling[half][1] += 1
            ceiling[half][0] += found
        for system in SYSTEMS:
            picks = choose(system, text, verb, mentions, 0, len(text))
            pick = picks[0] if picks else None  # the primary answer only
            t = tally[half][system]
            if gold:
                t["loc_n"] += 1
                right = pick is not None and any(pick.start < e and s < pick.end for s, e in gold)
                t["loc_ok"] += right
                t["found_n"] += found
                t["found_ok"] += right
            else:
                t["none_n"] += 1
                t["none_ok"] += pick is None
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"rows": len(rows), "seconds": round(seconds, 1), "halves": {}}
    for half, systems in tally.items():
        out["halves"][half] = {
            "gold_found_by_geoparser": round(ceiling[half][0] / max(ceiling[half][1], 1), 4),
            **{s: _scores(t) for s, t in systems.items()},
        }
    return out


def _scores(t: dict[str, int]) -> dict[str, float | int]:
    n = t["loc_n"] + t["none_n"]
    return {
        "location_accuracy": round(t["loc_ok"] / max(t["loc_n"], 1), 4),
        "location_accuracy_when_found": round(t["found_ok"] / max(t["found_n"], 1), 4),
        "no_location_accuracy": round(t["none_ok"] / max(t["none_n"], 1), 4),
        "overall_accuracy": round((t["loc_ok"] + t["none_ok"]) / max(n, 1), 4),
        "with_location": t["loc_n"],
        "without_location": t["none_n"],
    }


def bench_articles(gz: Any) -> dict[str, Any]:
    """Expected events of the example articles: found by extract_events, and place choice per chooser."""
    from geomap.extract import extract_events
    from geomap.extract.sentences import split_sentences
    from geomap.geoparse import geoparse

    found = expected = 0
    choosers = dict.fromkeys(SYSTEMS, 0)
    per_article = {}
    for gold_path in sorted(ARTICLES.glob("*.json")):
        spec = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        result = extract_events(text, date=spec["date"], gazetteer=gz, country_hint=spec.get("country"))
        events = result.events
        mentions = [m for m in geoparse(text, gazetteer=gz, country_hint=spec.get("country")) if m.resolved]
        sentences = split_sentences(text)
        hits = 0
        for ev in spec["events"]:
            rows = events[
                (events["sub_event_type"] == ev["sub_event_type"])
                & events["notes"].str.contains(ev["sentence"], regex=False)
            ]
            if ev["place"]:  # found at the right place
                ok = rows["location"].str.contains(ev["place"], regex=False).any()
            else:  # found, and not placed at a place of its own (context only, or unplaced)
                ok = (len(rows) and (rows["role"] == "context").all()) or (
                    result.unplaced["notes"].str.contains(ev["sentence"], regex=False).any()
                )
            hits += bool(ok)
            sentence = next(s for s in sentences if ev["sentence"] in " ".join(s.text.split()))
            at = sentence.text.find(ev["trigger"]) + sentence.start
            inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
            for system in SYSTEMS:
                picks = choose(
                    system, text, (at, at + len(ev["trigger"])), inside, sentence.start, sentence.end
                )
                if not ev["place"] or ev.get("role") == "context":  # no place of its own
                    choosers[system] += not picks
                else:
                    choosers[system] += any(ev["place"].startswith(p.text) for p in picks)
        found += hits
        expected += len(spec["events"])
        per_article[gold_path.stem] = {"expected": len(spec["events"]), "found": hits, "rows": len(events),
                                       "unplaced": len(result.unplaced)}  # fmt: skip
    return {
        "expected_events": expected,
        "found_by_extract_events": found,
        "recall": round(found / max(expected, 1), 4),
        "place_accuracy": {s: round(v / max(expected, 1), 4) for s, v in choosers.items()},
        "articles": per_article,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N sentences")
    parser.add_argument(
        "--eval", type=Path, default=EVAL, help="the event_location.jsonl file (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    from gazetteer import Gazetteer

    gz = Gazetteer.default()
    report: dict[str, Any] = {"eval_file": "../shared/eval/events/event_location.jsonl"}
    if args.eval.exists():
        report["event_location"] = bench_sentences(args.eval, args.limit, gz)
    else:
        print(
            f"bench_extract: {args.eval} is missing (../shared is not part of the project); skipping part 1"
        )
    report["articles"] = bench_articles(gz)
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
        print(
            f"event_location.jsonl: {el['rows']} sentences in {el['seconds']} s (geoparse + choice, 3 systems)"
        )
        print(
            f"{'half':<5} {'system':<14} {'place acc':>9} {'if found':>8} {'no-loc acc':>10} {'overall':>8} "
            f"{'n loc':>6} {'n none':>6}"
        )
        for half, systems in el["halves"].items():
            for s in SYSTEMS:
                r = systems[s]
                print(f"{half:<5} {s:<14} {r['location_accuracy']:>9.3f} {r['location_accuracy_when_found']:>8.3f} "
                      f"{r['no_location_accuracy']:>10.3f} "
                      f"{r['overall_accuracy']:>8.3f} {r['with_location']:>6} {r['without_location']:>6}")  # fmt: skip
            print(f"{half:<5} {'(ceiling)':<14} {systems['gold_found_by_geoparser']:>9.3f}")
    a = report["articles"]
    print(f"\nexample articles: {a['found_by_extract_events']}/{a['expected_events']} expected events found "
          f"by extract_events (type and place)")  # fmt: skip
    print(f"{'system':<14} {'place acc':>9}")
    for s, v in a["place_accuracy"].items():
        print(f"{s:<14} {v:>9.3f}")


if __name__ == "__main__":
    sys.exit(main())
