"""Train the event-place scorer (``geomap/extract/event_place.json``) that ``geomap.extract.place`` uses.

For an event word, each place mention of its sentence (as the pipeline finds them: the geoparser with unresolved
names kept, the country frame, the names the words call places) is a sample, labelled 1 when it overlaps a gold
LOCATION span of that event. Features are :func:`geomap.extract.place.features`: the cue the rules read (role,
preposition class, near / exact / area flags, precision, container), the mention's kind, the signed word distance
to the trigger in buckets, clause breaks and commas between, other mentions between, position among the mentions,
their number, speaker and dateline patterns. No feature names a particular place.

Training data:

* the development half (``../shared/eval/split.py``: ``half(doc_id) == "dev"``) of ``event_location.jsonl``
  (Halterman 2019, MIT licence), sentences with one VERB span; the test half is never read here;
* sentences written for this project (:data:`WRITTEN`), in the styles the tool meets (wire, NGO situation
  report, local monitor, coder's note, headline, lower case), each with its event word and its place.

The project's own reports (``scripts/data/extract_reports.jsonl``) are a test set written apart: never used.
Deterministic: Newton's method from zero weights with L2 (``fit_logistic``), no random state.
``--check`` retrains and exits 1 unless the result equals the committed model.

    .venv/bin/python scripts/train_event_place.py            # writes the model
    .venv/bin/python scripts/train_event_place.py --check    # retrains and compares
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

import geomap.geoparse  # noqa: E402
from geomap.extract import pipeline, place  # noqa: E402
from geomap.extract.place import FEATURES, MODEL_PATH, PlaceChoice, candidate, features  # noqa: E402
from geomap.geoparse.recogniser import fit_logistic  # noqa: E402

L2 = 3.0
#: Log-odds cut-offs tried for the chooser (below the cut-off the pipeline's fallbacks place the event: the
#: nearest place of the sentence, else of the paragraph); the one chosen is the best on held-out dev folds.
THRESHOLDS = (-6.0, -5.0, -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0)
FOLDS = 5
#: Log-odds a movement's origin or destination needs ("on its way to Sweida"): an end of a movement is rarely
#: the one gold place of its sentence, so the event-place cut-off would drop it; set by hand, since the corpus
#: marks no movements.
MOVEMENT_ENDS = -3.0
#: Log-odds a place listed with the chosen one ("in Homs, Hama and Idlib") needs to be chosen too.
COORDINATED = -1.5
#: Weight of one written sentence's samples beside one corpus sentence's.
WRITTEN_WEIGHT = 2

#: Sentences written for this project: (text, event word, the event's place or None). Varied styles on purpose.
WRITTEN: tuple[tuple[str, str, str | None], ...] = (
    ("Officials in Ankara said Turkish jets struck Afrin overnight.", "struck", "Afrin"),
    ("A convoy heading to Sweida was shelled near Busra al-Harir on Tuesday.", "shelled", "Busra al-Harir"),
    ("DAMASCUS, May 3 -- Rebels attacked an army checkpoint in Harasta, state media said.", "attacked", "Harasta"),
    ("KABUL (Reuters) - A roadside bomb killed four police officers in Kandahar province on Sunday.", "killed",
     "Kandahar"),
    ("The UN envoy in Geneva condemned the airstrike that hit a market in Maarat al-Numan.", "hit", "Maarat al-Numan"),
    ("Gunmen kidnapped six farmers in Zurmi, a police spokesman in Gusau said.", "kidnapped", "Zurmi"),
    ("Residents of Omdurman reported heavy shelling overnight.", "shelling", "Omdurman"),
    ("Displaced families from Marib arrived in Aden after clashes intensified.", "clashes", None),
    ("On 12 March 2021, unidentified armed men shot dead a trader near Djibo (Soum, Sahel).", "shot", "Djibo"),
    ("Sitrep: shelling reported in Kharkiv oblast; humanitarian partners in Kyiv are assessing needs.", "shelling",
     "Kharkiv"),
    ("Local monitor: drone strike on a car on the road between Idlib and Saraqeb, two dead.", "strike", "Idlib"),
    ("Militants stormed a village outside Maiduguri, residents told reporters in Abuja.", "stormed", "Maiduguri"),
    ("Police fired tear gas at protesters in Khartoum as talks continued in Jeddah.", "fired", "Khartoum"),
    ("Israeli jets struck targets in Gaza, the army said in a statement from Tel Aviv.", "struck", "Gaza"),
    ("airstrikes hit ariha and jisr al-shughur, local sources in idlib said", "airstrikes", "ariha"),
    ("Clashes in Sirte as government forces advance from Misrata", "Clashes", "Sirte"),
    ("Fighters who had fled from Raqqa ambushed a patrol near Deir ez-Zor.", "ambushed", "Deir ez-Zor"),
    ("The ministry in Baghdad said a car bomb exploded in Tikrit, killing nine.", "exploded", "Tikrit"),
    ("Protesters marched in Bamako on Friday, demanding that troops leave Kidal.", "marched", "Bamako"),
    ("Russian forces shelled Kherson, the governor said from Mykolaiv.", "shelled", "Kherson"),
    ("Coder's note: Armed men looted shops in Bunia town, Ituri province; MONUSCO in Kinshasa confirmed.", "looted",
     "Bunia"),
    ("After leaving Goma, the rebels attacked the village of Kibumba.", "attacked", "Kibumba"),
    ("Al-Shabaab fighters overran a base in Beledweyne, about 300 km north of Mogadishu.", "overran", "Beledweyne"),
    ("Pakistan accused India of shelling villages in Kotli district.", "shelling", "Kotli"),
    ("Saudi-led coalition aircraft bombed Hodeidah port, Houthi television in Sanaa reported.", "bombed", "Hodeidah"),
    ("Witnesses in Gao said a suicide bomber blew himself up at a checkpoint.", "blew", "Gao"),
    ("a mortar round landed near a school in tal afar, killing two children", "landed", "tal afar"),
    ("Two soldiers were killed when their vehicle hit a landmine west of Sirte, Libya.", "killed", "Sirte"),
    ("Troops from Chad arrived in Niamey before deploying to Tillaberi, where jihadists killed 14.", "killed",
     "Tillaberi"),
    ("Shelling in Donetsk killed three, Ukraine's military in Kramatorsk reported.", "killed", "Donetsk"),
)


def load_dev(root: Path) -> list[dict[str, Any]]:
    """The dev half's sentences with one VERB span: text, verb span, gold LOCATION spans."""
    return shared_eval.event_location_rows(root / "events" / "event_location.jsonl", half="dev")


def load_written() -> list[dict[str, Any]]:
    out = []
    for text, word, where in WRITTEN:
        a = text.index(word)
        gold = [] if where is None else [(text.index(where), text.index(where) + len(where))]
        out.append({"text": text, "verb": (a, a + len(word)), "gold": gold})
    return out


def collect(docs: list[dict[str, Any]], gz: Any) -> list[dict[str, Any]]:
    """Each document's chooser call as the pipeline makes it for its verb: the sentence's mentions and cues."""
    calls: list[dict[str, Any]] = []
    original = pipeline.choose_place

    def spy(text, trigger, mentions, cues, **kw):
        calls.append({"text": text, "trigger": tuple(trigger), "mentions": list(mentions), "cues": list(cues),
                      "movement": kw.get("movement", False)})  # fmt: skip
        return PlaceChoice()  # the model being trained is not consulted: what it sees does not depend on it

    pipeline.choose_place = spy
    try:
        out = []
        for d in docs:
            calls.clear()
            pipeline._draft(d["text"], date=None, source=None, gazetteer=gz, actors=pipeline.ActorList.default(),
                            country_hint=None, verbs=[d["verb"]])  # fmt: skip
            call = next((c for c in calls if c["mentions"]), None)
            if call is not None:
                out.append({**call, "doc": d})
    finally:
        pipeline.choose_place = original
    return out


def groups(calls: list[dict[str, Any]]) -> list[tuple[np.ndarray, np.ndarray, dict[str, Any]]]:
    """Each sentence's candidates (the mentions the chooser may pick, :func:`candidate`): features, labels and
    the document."""
    out = []
    for c in calls:
        pairs = enumerate(zip(c["mentions"], c["cues"], strict=True))
        idx = [i for i, (m, q) in pairs if candidate(c["text"], c["trigger"], m, q)]
        if not idx:
            continue
        x = np.array([features(c["text"], c["trigger"], c["mentions"], c["cues"], i, c["movement"]) for i in idx])
        y = np.array([shared_eval.overlaps((c["mentions"][i].start, c["mentions"][i].end), c["doc"]["gold"]) for i in idx])
        out.append((x, y.astype(float), c["doc"]))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray, int]], quiet: bool = False) -> np.ndarray:
    """Weights from ``(features, labels, weight)`` sentences: a ranking (logistic regression on the difference of
    every right and wrong candidate of a sentence, both ways round), then its score calibrated to log-odds (a
    logistic regression on the score alone), so that the threshold means a probability."""
    pairs = []
    for x, y, weight in data:
        for a in np.flatnonzero(y == 1):
            for b in np.flatnonzero(y == 0):
                pairs.extend([x[a] - x[b], x[b] - x[a]] * weight)
    rows = np.array(pairs)
    rows[:, 0] = 1.0  # the pairs are symmetric, so the (unpenalised) bias stays at zero
    labels = np.tile([1.0, 0.0], len(pairs) // 2)
    w = fit_logistic(rows, labels, l2=L2, iterations=50)
    w[0] = 0.0
    xs = np.vstack([np.repeat(x, weight, axis=0) for x, _, weight in data])
    ys = np.concatenate([np.repeat(y, weight) for _, y, weight in data])
    bias, scale = fit_logistic(np.column_stack([np.ones(len(ys)), xs @ w]), ys, l2=1e-6, iterations=50)
    w = w * scale
    w[0] = bias
    if not quiet:
        print(f"{len(data)} sentences, {len(pairs)} ordered pairs, {len(ys)} candidates, {int(ys.sum())} places")
    return w


def fold(doc: dict[str, Any]) -> int:
    """The cross-validation fold of a document: fixed by its id, so that a document's sentences stay together."""
    return zlib.crc32(str(doc["doc_id"]).encode()) % FOLDS


@contextlib.contextmanager
def geoparse_once() -> Iterator[None]:
    """Geoparse each text once while the folds re-run the pipeline: only the chooser changes between runs."""
    original = geomap.geoparse.geoparse
    geomap.geoparse.geoparse = functools.lru_cache(maxsize=None)(original)
    try:
        yield
    finally:
        geomap.geoparse.geoparse = original


def choose_threshold(docs: list[dict[str, Any]], dev: list, written: list, gz: Any) -> float:
    """The cut-off of :data:`THRESHOLDS` whose events are most often right on held-out dev folds: placed at a
    gold place when the sentence has one, without a place of their own when it has none. Each fold's weights
    are fitted without it, and the whole pipeline (fallbacks included) drafts its sentences."""
    right = {t: [0, 0, 0, 0] for t in THRESHOLDS}  # right with a place, with a place, right without, without
    loaded = place.model()
    saved = loaded.weights, loaded.threshold
    try:
        with geoparse_once():
            for k in range(FOLDS):
                loaded.weights = list(fit([(x, y, 1) for x, y, d in dev if fold(d) != k] + written, quiet=True))
                held = [d for d in docs if fold(d) == k]
                for t in THRESHOLDS:
                    loaded.threshold = t
                    for p, d in zip(shared_eval.event_place_picks(held, gz), held, strict=True):
                        r = right[t]
                        if d["gold"]:
                            r[0] += shared_eval.overlaps(p, d["gold"])
                            r[1] += 1
                        else:
                            r[2] += p is None
                            r[3] += 1
    finally:
        loaded.weights, loaded.threshold = saved
    print(f"{'threshold':>9}  {'place acc':>9}  {'no-location acc':>15}  {'all':>6}   (held-out dev folds)")
    for t, (a, n, b, m) in right.items():
        print(f"{t:9.1f}  {a / max(n, 1):9.3f}  {b / max(m, 1):15.3f}  {(a + b) / max(n + m, 1):6.3f}")
    return max(THRESHOLDS, key=lambda t: right[t][0] + right[t][2])


def build_model(gz: Any, root: Path) -> dict[str, Any]:
    docs = load_dev(root)
    dev = groups(collect(docs, gz))
    written = [(x, y, WRITTEN_WEIGHT) for x, y, _ in groups(collect(load_written(), gz))]
    threshold = choose_threshold(docs, dev, written, gz)
    weights = fit([(x, y, 1) for x, y, _ in dev] + written)
    print(f"threshold {threshold} (log-odds)")
    return {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in weights],
        "threshold": threshold,
        "coordinated": COORDINATED,
        "movement_ends": MOVEMENT_ENDS,
        "l2": L2,
        "data": "dev half of event_location.jsonl (Halterman 2019, MIT licence) and sentences written for geomap",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed model")
    args = parser.parse_args(argv)
    root = shared_eval.eval_dir()
    if root is None:
        print("train_event_place: ../shared/eval not found (not part of the project); cannot train")
        return 2
    from gazetteer import Gazetteer

    model = build_model(Gazetteer.default(), root)
    data = json.dumps(model, indent=1) + "\n"
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == data
        print("retrained model is identical" if same else f"retrained model differs from {args.out}")
        return 0 if same else 1
    args.out.write_text(data, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
