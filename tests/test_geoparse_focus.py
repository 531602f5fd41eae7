"""A name does not vote for itself in the document's focus, a large city whose name is also a
particle is a place, and a list shares the cue of its first name: sentences written for these tests, in wire, tweet, headline, lower-case and
all-caps styles, with the real offline gazetteer."""

from __future__ import annotations

import pytest

from geomap.geoparse import geoparse


def _found(text: str, gz) -> dict:
    return {m.text: m for m in geoparse(text, gz)}


# -- a name does not vote for itself -------------------------------------------------------------


_TRIPOLI = ("tripoli", "country_code", "LB")  # the Lebanese city, not its own Libyan candidate's vote
_SHELBY = ("shelby", "admin1", "Montana")  # not the big county of the name in Tennessee


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clashes erupted in Tripoli overnight as the Lebanese army deployed troops to the northern city.", _TRIPOLI),
        ("Lebanese soldiers deployed in Tripoli after a night of gunfire.", _TRIPOLI),
        ("LEBANESE ARMY SEALS OFF TRIPOLI AFTER CLASHES", _TRIPOLI),
        ("lebanese army patrols tripoli streets after clashes", _TRIPOLI),
        ("Inmates were moved out of the prison in Shelby after the riot, Montana corrections officials in Helena "
         "said.", _SHELBY),
        ("prison riot in shelby, officials in helena say montana will review the contract", _SHELBY),
        ("SHELBY PRISON RIOT: MONTANA OFFICIALS IN HELENA ORDER REVIEW", _SHELBY),
    ],
)  # fmt: skip
def test_the_other_names_and_demonyms_frame_an_ambiguous_name(gz, text, expected):
    name, field, value = expected
    found = {m.text.casefold(): m for m in geoparse(text, gz)}
    assert getattr(found[name], field) == value


def test_without_other_evidence_the_most_prominent_namesake_stays(gz):
    assert _found("Protesters gathered in Tripoli on Friday.", gz)["Tripoli"].country_code == "LY"
    assert _found("Oil output from Tripoli rose, Libyan officials said.", gz)["Tripoli"].country_code == "LY"


# -- a large city named like a particle ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, country",
    [
        # a large city named like a particle
        ("Congolese troops retook Beni on Tuesday after days of fighting.", "Beni", "CD"),
        ("Rebels attacked a village outside Beni, in North Kivu, residents said.", "Beni", "CD"),
        ("CONGOLESE ARMY RETAKES BENI", "BENI", "CD"),
        # a list shares the cue of its first name: an alternate spelling after "near X and"
        ("Missiles struck Kiev and Nikolaev overnight, and shelling continued near Artemovsk and Yenakiieve.",
         "Yenakiieve", "UA"),
        ("Artillery fire was reported near Artemovsk and Yenakiieve on Sunday, the army said.", "Yenakiieve", "UA"),
        ("Shelling all night near Artemovsk and Yenakiieve, locals say #Donbas", "Yenakiieve", "UA"),
        ("Shelling reported near Artemovsk, Yenakiieve", "Yenakiieve", "UA"),
    ],
)  # fmt: skip
def test_a_city_named_like_a_particle_or_listed_after_a_cue_is_placed(gz, text, name, country):
    assert _found(text, gz)[name].country_code == country


def test_particles_inside_names_still_join_them(gz):
    found = _found("Protests spread to Beni Suef and Bani Walid.", gz)
    assert found["Beni Suef"].country_code == "EG"
    assert "Beni" not in found


def test_a_small_place_named_like_a_particle_is_not_indexed_by_it(gz):
    # towns below the size rule keep the particle rule: a lone "Ras" or "Tal" names nothing
    assert all(c.population >= 100_000 for c in gz.candidates("Beni") if c.kind == "city")
    assert not gz.candidates("Wadi")


def test_a_list_without_a_cue_licenses_no_alternate_spelling(gz):
    # "from" is no strong cue, and a list after one lends none: the spelling stays unplaced
    assert "Yenakiieve" not in _found("Officials from Artemovsk and Yenakiieve met on Monday.", gz)
