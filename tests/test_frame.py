"""The country frame: places outside a known country only when the input names that country."""

from __future__ import annotations

from types import SimpleNamespace

from gazetteer.frame import CountryFrame, names_its_country


def place(cc, kind="city", fcode="PPL", population=1000, match="name"):
    return SimpleNamespace(
        country_code=cc, kind=kind, feature_code=fcode, population=population, raw={"match": match}
    )


def test_no_country_allows_everything():
    frame = CountryFrame.of(None)
    assert not frame.active
    assert frame.allows(place("US"))


def test_a_village_abroad_is_refused_and_one_inside_kept():
    frame = CountryFrame.of("so")
    assert frame.allows(place("SO"))
    assert not frame.allows(place("US"))  # Saakow is not a hamlet in Maine


def test_a_named_country_opens_the_frame():
    frame = CountryFrame.of("LB").naming(["LY", None])
    assert frame.allows(place("LY"))
    assert not frame.allows(place("TN"))


def test_capitals_and_countries_name_their_country_but_not_as_variants():
    frame = CountryFrame.of("SY")
    assert frame.allows(place("TR", fcode="PPLC", population=3_500_000))  # Ankara in a Syrian report
    assert frame.allows(place("IQ", kind="country", fcode="PCLI"))
    assert not frame.allows(place("KG", fcode="PPLC", match="variant"))  # "Abu Shouk" is not Bishkek
    assert not names_its_country(place("US", fcode="PPLA2", population=90_000))


def test_associated_territories_and_places_of_no_country():
    assert CountryFrame.of("IL").allows(place("PS"))
    assert CountryFrame.of("PS").inside("il")
    assert CountryFrame.of("SY").allows(place(None, kind="other", fcode="CONT"))


def test_split_keeps_order():
    frame = CountryFrame.of(["SY", "LB"])
    items = [place("SY"), place("US"), place("LB"), place("JP")]
    allowed, refused = frame.split(items)
    assert [p.country_code for p in allowed] == ["SY", "LB"]
    assert [p.country_code for p in refused] == ["US", "JP"]
    assert frame.describe() == "LB, SY"
