"""The evaluation data beside the checkout (``shared/eval``, not part of the project) for every script here.

One place says where the folder is (found from a checkout or a git worktree under a sibling folder), which half
of the one split a document is in (``shared/eval/split.py``'s ``half``: tune on dev, report test), and how the
event-place sentences and an event's drafted place are read, so that the trainer and the benchmark of the
event-place scorer score exactly the same thing.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def eval_dir() -> Path | None:
    """``shared/eval`` in the first folder above the checkout that has one, else None."""
    return next((p / "shared" / "eval" for p in ROOT.parents if (p / "shared" / "eval").is_dir()), None)


@functools.cache
def half_fn(root: Path | None = None) -> Callable[[Any], str]:
    """``half(doc_id) -> "dev" | "test"`` from ``split.py`` in ``root`` (default :func:`eval_dir`)."""
    root = root or eval_dir()
    if root is None or not (root / "split.py").is_file():
        raise FileNotFoundError("shared/eval/split.py (not part of the project)")
    spec = importlib.util.spec_from_file_location("eval_split", root / "split.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.half


def event_location_rows(path: Path, half: str | None = None) -> list[dict[str, Any]]:
    """Sentences of ``event_location.jsonl`` (Halterman 2019) with one VERB span, in file order: ``doc_id``,
    ``text``, ``verb`` (its span) and ``gold`` (the event's LOCATION spans); only ``half``'s when given."""
    which = half_fn(path.parent.parent) if half else None
    out = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        verbs = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "VERB"]
        if len(verbs) != 1 or (which is not None and which(row["doc_id"]) != half):
            continue
        gold = [(s["start"], s["end"]) for s in row["spans"] if s["label"] == "LOCATION"]
        out.append({"doc_id": row["doc_id"], "text": row["text"], "verb": verbs[0], "gold": gold})
    return out


def overlaps(span: tuple[int, int] | None, spans: Sequence[tuple[int, int]]) -> bool:
    return span is not None and any(span[0] < e and s < span[1] for s, e in spans)


def event_place_picks(docs: Sequence[dict[str, Any]], gz: Any) -> list[tuple[int, int] | None]:
    """For each document (``text``, ``verb``), the span of the place ``extract_many`` ties to its verb's event,
    given the verb as its event word; None when the event has no place of its own (a speaker's or dateline's
    place is not the event's; a hypothetical's place still is where it would happen)."""
    from geomap.extract import extract_many

    res = extract_many(
        [{"text": d["text"], "verbs": [d["verb"]], "id": i} for i, d in enumerate(docs)], gazetteer=gz
    )
    tr = res.trace.merge(res.events[["id", "role"]], on="id")
    tr = tr[~tr["placed_by"].isin(["context", "dateline"]) & tr["place_start"].notna()]
    first = tr.groupby("source_file").head(1).set_index("source_file")
    out: list[tuple[int, int] | None] = []
    for i in range(len(docs)):
        row = first.loc[str(i)] if str(i) in first.index else None
        out.append(None if row is None else (int(row["place_start"]), int(row["place_end"])))
    return out
