"""Train the learned recogniser (``geomap/geoparse/data/recogniser.json``) from data whose licence allows it.

Training data (docs/GEOPARSE.md lists the licences):

* the development halves (``../shared/eval/split.py``) of LGL, GeoWebNews, TR-News, GeoVirus (GPL-3) and
  WoTR (MIT), lower-cased and upper-cased with the same offsets: every n-gram the gazetteer knows is a
  sample, labelled a place when it is exactly a gold toponym (GeoWebNews' neutral types are left out);
  WikToR is not used (only each article's own place is annotated, so its negatives are unknown);
* sentences written for this project (:data:`TEMPLATES`), filled with place names drawn from the
  gazetteer itself (GeoNames, CC BY 4.0) and with common words the gazetteer happens to know, in lower
  case, in capitals and as hashtags;
* the casing lexicon: how often each word of the development halves is capitalised mid-sentence,
  plus, for words the gazetteer knows as names, whether the SCOWL English word list (Debian package
  ``wamerican``, ``/usr/share/dict/american-english``; free to use with its copyright notice, which
  docs/GEOPARSE.md and the model file carry) lists the word in lower case, capitalised or both.
  Features of a document use corpus counts without that document's fold, so the model learns how
  far an unseen word can be trusted.

Deterministic: no random state except a seeded ``random.Random``, Newton's method from zero weights.
``--check`` retrains and exits 1 unless the result equals the committed model.

    .venv/bin/python scripts/train_recogniser.py            # writes the model
    .venv/bin/python scripts/train_recogniser.py --check    # retrains and compares
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

from geomap.geoparse.document import Document  # noqa: E402
from geomap.geoparse.recogniser import FEATURES, MODEL_PATH, Model, count_casing, fit_logistic, recase  # noqa: E402
from geomap.geoparse.spotter import NameLookup, caseless_candidates  # noqa: E402
from geomap.geoparse.tokens import tokenize  # noqa: E402

CORPORA = ("lgl", "geowebnews", "trnews", "geovirus", "wotr_test")
GWN_PLACE_TYPES = {"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier", "Metonymic"}
SEED = 12
L2 = 2.0
#: Sample-level F1 within this of the best counts as the same (the threshold is the lowest such).
TIE = 0.001
WORDLIST = Path("/usr/share/dict/american-english")
#: Pseudo-counts a word list entry adds to the lexicon (lower-case form listed, capitalised form listed).
WORDLIST_COUNT = 3
#: Countries whose place names the templates draw on more often: where conflict reporting happens.
CONFLICT_COUNTRIES = ("SY", "YE", "IQ", "LB", "PS", "LY", "SD", "SS", "SO", "ML", "BF", "NE", "NG", "UA", "MM", "AF",
                      "PK", "ET", "CD", "CF", "IL", "TR", "IR")  # fmt: skip
SCOWL_NOTICE = (
    "Casing of English words from SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 by Kevin "
    "Atkinson: permission to use, copy, modify, distribute and sell these word lists, the associated scripts, "
    "the output created from the scripts, and its documentation for any purpose is hereby granted without fee, "
    "provided that the above copyright notice appears in all copies and that both that copyright notice and "
    "this permission notice appear in supporting documentation. Kevin Atkinson makes no representations about "
    "the suitability of this array for any purpose. It is provided 'as is' without express or implied warranty."
)

#: Sentences written for this project; {P}/{Q} take place names, {W} a common word the gazetteer knows.
TEMPLATES = (
    "shelling hit {P} overnight, residents said",
    "clashes erupted near {P} on monday after militants attacked a checkpoint",
    "an airstrike on {P} killed three civilians and wounded five",
    "fighters withdrew from {P} village after two days of heavy clashes",
    "aid convoys finally reached {P} and {Q} this week",
    "drones struck targets near {P} and {Q}, a local monitor reported",
    "displaced families arrived in {P} camp with nothing",
    "the road between {P} and {Q} was closed by the army",
    "{W} violence forced families to flee {P} last month",
    "what to do if the {W} is closed in {P}",
    "are you safe? call the hotline if you are in {P}",
    "the {W} was damaged in the storm that hit {P}",
    "police said the {W} would reopen on friday",
    "protesters gathered in the centre of {P} on saturday",
    "a car bomb exploded outside a market in {P}, killing four",
    "the governor of {P} province said the situation was calm",
    "{P}: two killed as gunmen open fire on a bus",
    "breaking: explosion reported in {P}",
    "pray for #{P} #{W}",
    "#{P} residents report heavy gunfire tonight",
    "stay safe everyone #{W} #{P}",
    "so much {W} today, thinking of everyone in {P}",
    "the {W} team won again, fans celebrated until midnight",
    "he said the {W} and the {W2} were both ready",
    "refugees from {P} crossed into {Q} overnight",
    "talks in {P} ended without a deal, officials in {Q} said",
)


_SLOT_RE = re.compile(r"\{(\w+)\}")


def load_dev(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """(corpus, document) for every development-half document of :data:`CORPORA`."""
    half = shared_eval.half_fn(root)
    out = []
    for name in CORPORA:
        with open(root / "geoparse" / f"{name}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if half(doc["doc_id"]) == "dev":
                    out.append((name, doc))
    return out


def fold(doc_id: Any) -> int:
    return int(hashlib.sha1(f"fold:{doc_id}".encode()).hexdigest()[0], 16) % 2


def gold_spans(name: str, doc: dict[str, Any]) -> tuple[set[tuple[int, int]], list[tuple[int, int]]]:
    """(place spans, neutral spans) of a document."""
    places, neutral = set(), []
    for t in doc["toponyms"]:
        if name == "geowebnews" and t.get("type") not in GWN_PLACE_TYPES:
            neutral.append((t["start"], t["end"]))
        else:
            places.add((t["start"], t["end"]))
    return places, neutral


def samples(
    text: str, places: set, neutral: list, lookup: NameLookup, model: Model
) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every candidate n-gram of ``text``."""
    doc = Document(text)
    if not doc.caseless:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    found, rows = caseless_candidates(doc, lookup, model)
    keep, labels = [], []
    for k, (i, j, _) in enumerate(found):
        span = (doc.raw_tokens[i].start, doc.raw_tokens[j - 1].end)
        if any(span[0] < e and s < span[1] for s, e in neutral):
            continue
        keep.append(k)
        labels.append(float(span in places))
    return rows[keep], np.array(labels)


def _fold(name: str) -> str:
    """ASCII letters of a name: diacritics and ayn/hamza marks dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and c not in "'`").strip()


def synthetic(gz: Any, lexicon: dict[str, tuple[int, int]], n_sentences: int) -> list[tuple[str, set]]:
    """Template sentences with gazetteer place names and common words, with their place spans."""
    rng = random.Random(SEED)
    # place names as GeoNames writes them, without diacritics ("Tall Abyaḑ" -> "Tall Abyad")
    rows = gz.index.query(
        "SELECT name, cc FROM places WHERE kind IN ('city', 'admin1', 'admin2', 'country') AND population >= 1000 "
        "ORDER BY id"
    )
    folded = [(_fold(n), cc) for n, cc in rows]
    usable = [(n, cc) for n, cc in folded if len(n) >= 3 and n.replace(" ", "").replace("-", "").isalpha()]
    world = sorted({n for n, _ in usable})
    conflict = sorted({n for n, cc in usable if cc in CONFLICT_COUNTRIES})
    common = sorted(
        w
        for w, (low, cap) in lexicon.items()
        if low >= 3 and cap < 0.1 * (low + cap) and len(w) >= 2 and gz.is_name(w)
    )
    out = []
    for _ in range(n_sentences):
        template = rng.choice(TEMPLATES)
        names = conflict if rng.random() < 0.5 else world
        fills = {
            "P": rng.choice(names),
            "Q": rng.choice(names),
            "W": rng.choice(common),
            "W2": rng.choice(common),
        }
        if "#" in template:
            fills["P"] = fills["P"].replace(" ", "").replace("-", "")
        text, spans, last = "", set(), 0
        for m in _SLOT_RE.finditer(template):
            text += template[last : m.start()]
            if m.group(1) in ("P", "Q"):
                spans.add((len(text), len(text) + len(fills[m.group(1)])))
            text += fills[m.group(1)]
            last = m.end()
        text += template[last:]
        style = rng.choice(("lower", "upper", "lower"))
        out.append((recase(text, style), spans))
    return out


def _f1(pred: np.ndarray, labels: np.ndarray) -> float:
    tp = float(np.sum(pred & (labels == 1)))
    return 2 * tp / (pred.sum() + labels.sum()) if pred.sum() + labels.sum() else 0.0


def train(
    documents: list[tuple[str, set, list, int]],
    lexicons: dict[int, dict[str, tuple[int, int]]],
    lookup: NameLookup,
) -> tuple[np.ndarray, float]:
    """Weights and threshold from ``(text, place spans, neutral spans, lexicon fold)`` documents."""
    xs, ys = [], []
    for text, places, neutral, k in documents:
        model = Model(np.zeros(1), 0.5, lexicons[k])
        x, y = samples(text, places, neutral, lookup, model)
        xs.append(x)
        ys.append(y)
    rows, labels = np.vstack(xs), np.concatenate(ys)
    weights = fit_logistic(rows, labels, l2=L2)
    prob = 1.0 / (1.0 + np.exp(-(rows @ weights)))
    grid = np.round(np.arange(0.2, 0.81, 0.02), 2)
    f1s = np.array([_f1(prob >= t, labels) for t in grid])
    # The optimum is a plateau (F1 within a tenth of a point over 0.34-0.42): its lowest threshold is
    # taken, not the noisy argmax, so that a small change of the data does not move it. Lowest, because
    # a marginal span still has to pass resolution and the plausibility checks; a missed one gets none.
    k = int(np.flatnonzero(f1s >= f1s.max() - TIE)[0])
    best = (float(f1s.max()), float(grid[k]))
    print(f"{len(labels)} samples, {int(labels.sum())} places; sample-level F1 {best[0]:.3f} at {best[1]}")
    return weights, best[1]


def wordlist_casing(gz: Any, path: Path) -> dict[str, tuple[int, int]]:
    """Pseudo-counts from an English word list for the words the gazetteer knows as names: "gang" and
    "tornado" are listed in lower case, "Aleppo" capitalised, "turkey" and "Turkey" both."""
    if not path.is_file():
        print(f"train_recogniser: {path} not found (Debian package wamerican); training without a word list")
        return {}
    listed: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word.isalpha():
            listed.setdefault(word.casefold(), [0, 0])[0 if word.islower() else 1] = WORDLIST_COUNT
    known = gz.known(listed)
    return {w: (c[0], c[1]) for w, c in listed.items() if w in known}


def merged(*lexicons: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for lex in lexicons:
        for w, (low, cap) in lex.items():
            a, b = out.get(w, (0, 0))
            out[w] = (a + low, b + cap)
    return out


def build_model(gz: Any, root: Path, wordlist: Path = WORDLIST) -> Model:
    """The recogniser trained on the development halves under ``root`` and the template sentences."""
    dev = load_dev(root)
    texts_by_fold = {0: [], 1: []}
    for _, doc in dev:
        texts_by_fold[fold(doc["doc_id"])].append(doc["text"])
    listed = wordlist_casing(gz, wordlist)
    full = merged(count_casing((t for ts in texts_by_fold.values() for t in ts), tokenize), listed)
    # a document's features come from the lexicon of the other fold; templates use the full one (key 2)
    lexicons = {k: merged(count_casing(texts_by_fold[1 - k], tokenize), listed) for k in (0, 1)}
    lexicons[2] = full
    documents = []
    for name, doc in dev:
        places, neutral = gold_spans(name, doc)
        for style in ("lower", "upper"):
            documents.append((recase(doc["text"], style), places, neutral, fold(doc["doc_id"])))
    for text, spans in synthetic(gz, full, 6000):
        documents.append((text, spans, [], 2))
    lookup = NameLookup(gz)
    weights, threshold = train(documents, lexicons, lookup)
    lexicon = {w: c for w, c in full.items() if sum(c) >= 2}
    return Model(weights, threshold, lexicon)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed model")
    args = parser.parse_args(argv)
    root = shared_eval.eval_dir()
    if root is None or not (root / "geoparse").is_dir():
        print("train_recogniser: ../shared/eval not found (not part of the project); cannot train")
        return 2
    from geomap.geoparse.core import default_gazetteer

    model = build_model(default_gazetteer(), root)
    data = json.dumps({**model.to_json(), "attribution": SCOWL_NOTICE}, indent=1, sort_keys=True) + "\n"
    if args.check:
        same = args.out.read_text(encoding="utf-8") == data
        print("retrained model is identical" if same else f"retrained model differs from {args.out}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(data, encoding="utf-8")
    print(f"wrote {args.out} ({len(data) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
