"""The bundled Who's On First villages: merged with cities500, with GeoNames admin areas and admin-2 polygons."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("name", "country", "town_of_the_same_area"),
    [
        ("Kondobei", "SD", "Geneina"),  # a Darfur village cities500 lacks
        ("Balcad", "SO", "Jowhar"),
        ("Busra al Hariri", "SY", "Daraa"),
        ("Dolomitne", "UA", "Horlivka"),
    ],
)
def test_villages_are_known_with_geonames_admin_areas(gz, name, country, town_of_the_same_area):
    loc = gz.geocode(name, country=country)
    assert loc is not None and loc.country_code == country and loc.kind == "city"
    assert loc.source == "wof" and loc.admin2  # WOF gives the district
    assert loc.admin1 == gz.geocode(town_of_the_same_area, country=country).admin1  # GeoNames' admin-1


def test_a_place_both_sources_have_keeps_its_geonames_record_and_gains_names(gz):
    loc = gz.geocode("Kafranbel", country="SY")  # a WOF alternate name of cities500's Kafr Nabl
    assert loc is not None and loc.geonameid == 168661 and loc.source == "geonames"


def test_a_duplicate_without_geonameid_is_not_a_second_town(gz):
    found = gz.geocode("Zalingei", country="SD", exactly_one=False)
    towns = [loc for loc in found if loc.kind == "city"]
    assert len(towns) == 1 and towns[0].geonameid == 363533


def test_admin2_polygons_attach_to_geonames_areas(gz):
    area = gz.geocode("Izra district", country="SY")
    assert area is not None and area.kind == "admin2" and area.admin1 == "Daraa"
    assert area.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert area.geometry.contains(gz.geocode("Busra al Hariri", country="SY").geometry)


def test_a_village_does_not_hide_a_town_spelled_otherwise(gz):
    # an Afghan village is called exactly "Qamishli"; the Syrian city is "Al Qamishli" in GeoNames
    # (ranked first; world-wide the two are close enough to stay below the default threshold)
    assert gz.geocode("Qamishli", min_confidence=0).country_code == "SY"
    assert gz.resolve("Qamishli").candidates[0].country_code == "SY"


def test_the_index_can_be_built_without_the_villages(monkeypatch):
    from gazetteer import build, build_wof

    with_wof = build.data_version()
    monkeypatch.setenv("GEOMAP_BUNDLED_WOF", "0")
    assert not build_wof.enabled() and build.data_version() != with_wof


def test_a_town_does_not_gain_another_towns_names(gz):
    # WOF merged Mykolaiv (Lviv oblast) into Lviv's record; the regional capital keeps its names
    assert gz.geocode("Mykolaiv", country="UA").geonameid == 700569
    assert gz.geocode("Nikolaev", country="UA").geonameid == 700569
    assert gz.geocode("Lviv", country="UA").geonameid == 702550


@pytest.mark.parametrize(
    "name, place, cc",
    [("Miami", "Barranquilla", "US"), ("Tyre", "Tire", "LB"), ("Erbil", "Koşuyolu", "IQ")],
)
def test_a_town_does_not_gain_the_name_of_a_city_abroad(gz, name, place, cc):
    # WOF lists "Miami" among Barranquilla's names and "Tyre" among those of the Turkish town Tire
    assert gz.geocode(name).country_code == cc
    assert place not in {c.name for c in gz.candidates(name)}
    assert gz.geocode(place) is not None  # the town itself is still there


def test_of_same_named_villages_the_seat_of_the_district_named_alike_wins(gz):
    # two Somali villages are called Qardho; the one inside Qardho district is the Puntland town
    loc = gz.geocode("Qardho", country="SO")
    assert loc.admin1 == gz.geocode("Bosaso", country="SO").admin1  # Bari
    assert abs(loc.latitude - 9.5) < 0.3
