"""Loose spellings the document's own geography vouches for (``geomap.geoparse.nearby``): placed beside a
place the text resolved, never far from everything it names, never for a word that is no place."""

from __future__ import annotations

from types import SimpleNamespace

from geomap.geoparse import geoparse
from geomap.geoparse.mention import Mention
from geomap.geoparse.nearby import CONFIDENCE, RADIUS_KM, vouched


def _place(name: str, lat: float, lon: float, match: str = "variant", cc: str = "SY", admin1: str = "Aleppo"):
    return SimpleNamespace(
        name=name, latitude=lat, longitude=lon, country_code=cc, admin1=admin1, admin2=None, kind="city",
        feature_code="PPL", population=0, geonameid=None, raw={"match": match},
    )  # fmt: skip


class _Lookup:
    """A lookup that knows a few names, as the spotter's NameLookup answers them."""

    def __init__(self, table: dict[str, list]):
        self.table = table
        self.exact: dict[str, bool] = {}

    def __call__(self, name: str) -> tuple:
        return tuple(self.table.get(name, ()))


def _anchor(
    text: str, name: str, lat: float, lon: float, kind: str = "city", admin1: str = "Aleppo"
) -> Mention:
    s = text.index(name)
    loc = _place(name, lat, lon, "name", admin1=admin1)
    return Mention(
        s, s + len(name), name, lat=lat, lon=lon, country_code="SY", admin1=admin1, kind=kind, location=loc
    )


def test_a_loose_spelling_beside_a_resolved_town_is_placed():
    text = "Rebels shelled Qarqoor and Hamdiyeh west of Tardeen overnight."
    anchor = _anchor(text, "Tardeen", 36.0, 37.0)
    lookup = _Lookup(
        {"Qarqoor": [_place("Qarqur", 36.05, 37.05)], "Hamdiyeh": [_place("Hamdiya", 36.1, 36.95)]}
    )
    out = vouched(text, [anchor], [(anchor.start, anchor.end)], lookup)
    assert [(m.text, m.location.name) for m in out] == [("Qarqoor", "Qarqur"), ("Hamdiyeh", "Hamdiya")]
    assert all(m.confidence == CONFIDENCE and text[m.start : m.end] == m.text for m in out)


def test_outside_transliterating_countries_or_unalike_no_loose_match_is_vouched_for():
    text = "Fans gathered near the Column west of Tardeen."
    anchor = _anchor(text, "Tardeen", 36.0, 37.0)
    hamlet = _place("Colon", 36.01, 37.0, cc="US", admin1="Michigan")  # an English word's namesake
    assert vouched(text, [anchor], [(anchor.start, anchor.end)], _Lookup({"Column": [hamlet]})) == []
    unalike = _place("Kafr Nubl", 36.01, 37.0)
    assert vouched(text, [anchor], [(anchor.start, anchor.end)], _Lookup({"Column": [unalike]})) == []


def test_a_loose_spelling_far_from_every_named_place_stays_unplaced():
    text = "Rebels shelled Qarqoor west of Tardeen overnight."
    anchor = _anchor(text, "Tardeen", 36.0, 37.0)
    far = _place("Qarqur", 36.0, 37.0 + 2 * RADIUS_KM / 90)  # about twice the radius away
    assert vouched(text, [anchor], [(anchor.start, anchor.end)], _Lookup({"Qarqoor": [far]})) == []


def test_the_nearest_of_several_namesakes_is_chosen():
    text = "Fighting reached Tallat near Tardeen."
    anchor = _anchor(text, "Tardeen", 36.0, 37.0)
    cands = [_place("Tallat", 36.3, 37.0), _place("Tallaat", 36.02, 37.01)]
    (m,) = vouched(text, [anchor], [(anchor.start, anchor.end)], _Lookup({"Tallat": cands}))
    assert m.location.name == "Tallaat"


def test_an_admin_area_named_in_the_text_vouches_for_a_place_inside_it():
    text = "Clashes were reported in Qarqoor, Idleb province."
    area = _anchor(text, "Idleb", 35.8, 36.6, kind="admin1", admin1="Idlib")
    inside, outside = (
        _place("Qarqur", 35.9, 36.3, admin1="Idlib"),
        _place("Qarqur", 34.0, 38.0, admin1="Homs"),
    )
    (m,) = vouched(text, [area], [(area.start, area.end)], _Lookup({"Qarqoor": [outside, inside]}))
    assert m.location.admin1 == "Idlib"


def test_no_anchor_no_exact_name_no_weekday_and_no_covered_span():
    text = "On Monday, Qarqoor and Tardeen were quiet."
    anchor = _anchor(text, "Tardeen", 36.0, 37.0)
    near = _place("Qarqur", 36.01, 37.0)
    # nothing resolved: nothing vouches
    assert vouched(text, [], [], _Lookup({"Qarqoor": [near]})) == []
    # an exact name the spotter turned down stays turned down
    assert (
        vouched(
            text,
            [anchor],
            [(anchor.start, anchor.end)],
            _Lookup({"Qarqoor": [_place("Q", 36.0, 37.0, "name")]}),
        )
        == []
    )
    # a weekday is no place, however near its namesake lies
    assert vouched(text, [anchor], [(anchor.start, anchor.end)], _Lookup({"Monday": [near]})) == []
    # a span the spotter already judged is not looked at again
    s = text.index("Qarqoor")
    taken = [(anchor.start, anchor.end), (s, s + 7)]
    assert vouched(text, [anchor], taken, _Lookup({"Qarqoor": [near]})) == []


def test_real_gazetteer_places_a_village_by_its_neighbour_and_not_abroad(gz):
    found = {
        m.text: m
        for m in geoparse("Militants overran the army post at Bzaah, east of Al-Bab, on Sunday.", gz)
    }
    assert found["Al-Bab"].country_code == "SY"
    assert found["Bzaah"].country_code == "SY" and found["Bzaah"].admin1 == found["Al-Bab"].admin1
    # "Amriya" matches loosely only a village in Sudan, far from Baghdad: left unplaced, not put abroad
    text = "A roadside bomb killed six people in Baghdad's western Amriya district on Thursday."
    found = {m.text: m for m in geoparse(text, gz)}
    assert found["Baghdad"].country_code == "IQ" and "Amriya" not in found


def test_a_name_followed_by_district_is_a_place_not_a_person(gz):
    found = {
        m.text: m
        for m in geoparse("The attack occurred in the Mohammad Agha district of Logar province.", gz)
    }
    assert found["Mohammad Agha"].country_code == "AF" and found["Logar"].country_code == "AF"
