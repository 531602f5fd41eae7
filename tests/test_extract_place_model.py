"""The learned event-place scorer: its model file, and the choice on sentences written for these tests."""

from __future__ import annotations

import importlib.util
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from geomap.extract import extract_events
from geomap.extract.cues import read_cues
from geomap.extract.place import FEATURES, MODEL_PATH, choose_place, features, model, score

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class M:
    start: int
    end: int
    text: str
    kind: str | None = "city"
    lat: float | None = 1.0
    confidence: float = 1.0


def _mentions(text: str, names: tuple[str, ...], kinds: dict[str, str]) -> list[M]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(M(start, start + len(name), name, kinds.get(name, "city")))
        pos = start + len(name)
    return out


def _choose(text: str, trigger: str, *names: str, kinds: dict[str, str] | None = None, movement: bool = False):
    ms = _mentions(text, names, kinds or {})
    cues = read_cues(text, 0, len(text), ms)
    at = text.index(trigger)
    return choose_place(text, (at, at + len(trigger)), ms, cues, movement=movement)


def test_the_committed_model_loads_and_matches_the_features():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert len(data["weights"]) == len(FEATURES)
    assert all(math.isfinite(w) for w in data["weights"])
    assert data["coordinated"] >= data["threshold"]
    assert "MIT" in data["data"]
    assert model().weights == data["weights"]


def test_features_name_no_place():
    assert not any(name.lower().startswith(("name=", "word=", "text=")) for name in FEATURES)
    text = "Gunmen attacked a checkpoint in Zorba."
    ms = _mentions(text, ("Zorba",), {})
    cues = read_cues(text, 0, len(text), ms)
    renamed = text.replace("Zorba", "Kalma")
    ms2 = _mentions(renamed, ("Kalma",), {})
    assert features(text, (7, 15), ms, cues, 0) == features(renamed, (7, 15), ms2, read_cues(renamed, 0, 37, ms2), 0)


@pytest.mark.parametrize(
    ("text", "trigger", "names", "kinds", "place"),
    [
        # wire
        ("Officials in Ankara said jets struck Afrin.", "struck", ("Ankara", "Afrin"), {}, "Afrin"),
        ("KABUL -- A roadside bomb killed three policemen in Ghazni on Monday.", "killed", ("KABUL", "Ghazni"), {},
         "Ghazni"),
        ("Rebels shelled Marib, the defence ministry in Sanaa said on Sunday.", "shelled", ("Marib", "Sanaa"), {},
         "Marib"),
        # NGO situation report
        ("Sitrep 14: an IED hit a water truck near Kidal; partners in Bamako suspended movements.", "hit",
         ("Kidal", "Bamako"), {}, "Kidal"),
        # local monitor
        ("Our monitor in Idlib: two drones struck a bakery in Sarmin at dawn.", "struck", ("Idlib", "Sarmin"), {},
         "Sarmin"),
        # coder's note
        ("On 4 June 2024, militia fighters abducted five farmers in the village of Tawila, Sudan.", "abducted",
         ("Tawila", "Sudan"), {"Sudan": "country"}, "Tawila"),
        # headline
        ("Gunmen kill two teachers in Garissa as Nairobi steps up security", "kill", ("Garissa", "Nairobi"), {},
         "Garissa"),
        # lower case
        ("police in kano said gunmen stormed a church in zaria overnight", "stormed", ("kano", "zaria"), {}, "zaria"),
    ],
)
def test_the_event_place_in_many_styles(text, trigger, names, kinds, place):
    choice = _choose(text, trigger, *names, kinds=kinds)
    assert choice.places and choice.places[0][0].text == place


def test_the_shelled_convoy_is_where_it_was_shelled_not_where_it_went():
    choice = _choose("A convoy heading to Sweida was shelled near Busra al-Harir.", "shelled", "Sweida",
                     "Busra al-Harir")  # fmt: skip
    assert [m.text for m, _ in choice.places] == ["Busra al-Harir"]


def test_the_best_place_comes_first_and_listed_places_follow():
    text = "Aircraft bombed Ariha and Maarat al-Numan, a monitor in London said."
    choice = _choose(text, "bombed", "Ariha", "Maarat al-Numan", "London")
    assert [m.text for m, _ in choice.places] == ["Ariha", "Maarat al-Numan"]


def test_an_aside_or_a_speaker_is_never_the_place():
    text = "The agency, which is based in Nairobi, said soldiers were ambushed."
    ms = _mentions(text, ("Nairobi",), {})
    cues = read_cues(text, 0, len(text), ms)
    at = text.index("ambushed")
    assert score(text, (at, at + 8), ms, cues, 0) == float("-inf")
    assert not _choose("Diplomats in Geneva condemned the massacre.", "massacre", "Geneva").placed


def test_a_movement_keeps_its_origin_and_destination():
    choice = _choose("Displaced families fled from Tawergha towards Benghazi.", "fled", "Tawergha", "Benghazi",
                     movement=True)  # fmt: skip
    assert (choice.origin[0].text, choice.destination[0].text) == ("Tawergha", "Benghazi")


def test_a_bracketed_container_places_a_village_the_gazetteer_lacks(gz):
    text = "On 9 May 2023, armed men burned houses in Kakaranga (Masisi, Nord-Kivu)."
    ev = extract_events(text, date="2023-05-10", gazetteer=gz, country_hint="CD").events
    assert len(ev) == 1 and ev.iloc[0].location in ("Masisi", "Kakaranga")


def _trainer():
    spec = importlib.util.spec_from_file_location("train_event_place", ROOT / "scripts" / "train_event_place.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_trainer_is_deterministic_on_a_toy_set():
    """The --check logic: the same sentences give the same weights, and the calibrated score is log-odds."""
    train = _trainer()
    rng = np.random.default_rng(0)
    data = []
    for _ in range(60):
        x = np.zeros((3, len(FEATURES)))
        x[:, 0] = 1.0
        x[:, 1:5] = rng.integers(0, 2, size=(3, 4))
        y = np.zeros(3)
        y[int(np.argmax(x[:, 1] * 2 + x[:, 2]))] = 1.0
        data.append((x, y, 1))
    a, b = train.fit(data), train.fit(data)
    assert np.array_equal(a, b)
    assert a[1] > 0 and a[1] > a[3]
