"""User place files and the precedence user file > bundled supplement > GeoNames."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer, PlaceFileError
from gazetteer.exc import GazetteerError


@pytest.fixture(scope="module")
def user_gz(request):
    fixtures = request.config.rootpath / "tests" / "fixtures" / "gazetteer"
    return Gazetteer(places=[fixtures / "places.csv", fixtures / "places.geojson"])


def test_user_places_resolve_by_name_and_alias(user_gz):
    cp = user_gz.geocode("Checkpoint 7")
    assert (cp.latitude, cp.longitude) == (32.751, 36.612)
    assert cp.source == "user" and cp.kind == "other" and cp.admin1 == "As-Suwayda"
    assert user_gz.geocode("CP7").name == "Checkpoint 7"
    assert user_gz.geocode("hajez sabaa").name == "Checkpoint 7"
    assert user_gz.geocode("Mazra'a Base").name == "Al-Mazraa Base"  # variants work on user names too


def test_geojson_polygon_and_point(user_gz):
    quarter = user_gz.geocode("Al-Hay al-Sharqi")
    assert quarter.name == "Eastern Quarter" and quarter.has_polygon
    assert quarter.geometry.contains(quarter.geometry.representative_point())
    assert quarter.geometry.intersects(user_gz.geocode("Sweida").geometry.buffer(0.02))
    gate = user_gz.geocode("Old Souk Gate")
    assert (gate.latitude, gate.longitude) == (32.708, 36.566) and not gate.has_polygon


def test_user_file_overrides_geonames(user_gz, gz):
    # the user's "Tripoli" wins over both GeoNames Tripolis, whatever their population
    assert user_gz.geocode("Tripoli").source == "user"
    assert gz.geocode("Tripoli").source == "geonames"
    alts = user_gz.geocode("Tripoli").alternatives
    assert {"LY", "LB"} <= {a.country_code for a, _ in alts}


def test_precedence_rule_in_ranking(gz):
    """Same name, same match: user > supplement > GeoNames, even against a far larger population."""
    from gazetteer.index import PlaceRow

    def row(i, source, population):
        return PlaceRow(i, None, "X", 0.0, 0.0, "SY", None, None, "PPL", "city", population, source, None)

    ranked = gz._rank(
        "x",
        [(row(1, "geonames", 5_000_000), 0), (row(2, "supplement", 0), 0), (row(3, "user", 0), 0)],
        None,
        None,
        None,
        None,
    )
    assert [r.source for r, _, _ in ranked] == ["user", "supplement", "geonames"]


def test_user_file_beats_supplement(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,lat,lon,country,kind\nBusra al-Harir,32.85,36.35,SY,city\n", encoding="utf-8")
    loc = Gazetteer(places=[path]).geocode("Busra al-Harir")
    assert loc.source == "user" and loc.latitude == 32.85


def test_user_places_leave_other_names_alone(user_gz, gz):
    assert user_gz.geocode("Sweida").geonameid == gz.geocode("Sweida").geonameid


@pytest.mark.parametrize(
    ("name", "content", "row", "field"),
    [
        ("bad_lat.csv", None, 3, "lat"),
        ("bad_kind.geojson", None, 2, "kind"),
        ("no_name.csv", "place,lat,lon\nX,1,2\n", 1, "name"),
        ("empty_name.csv", "name,lat,lon\n,1,2\n", 2, "name"),
        ("lon_text.csv", "name,lat,lon\nX,1,east\n", 2, "lon"),
        ("country.csv", "name,lat,lon,country\nX,1,2,Syria\n", 2, "country"),
        ("wkt.csv", "name,geometry\nX,POLYGON((1 2\n", 2, "geometry"),
        (
            "nogeom.geojson",
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":null}]}',
            1,
            "geometry",
        ),
    ],
)
def test_bad_place_file_names_file_row_and_field(request, tmp_path, name, content, row, field):
    if content is None:
        path = request.config.rootpath / "tests" / "fixtures" / "gazetteer" / name
    else:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PlaceFileError) as info:
        Gazetteer(places=[path])
    err = info.value
    assert (err.file, err.row, err.field) == (str(path), row, field)
    assert str(err).startswith(f"{path}: row {row}, field {field!r}: ")
    assert isinstance(err, GazetteerError)


def test_missing_or_unreadable_place_file(tmp_path):
    with pytest.raises(PlaceFileError, match="no such place file"):
        Gazetteer(places=[tmp_path / "absent.csv"])
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(PlaceFileError, match="not valid GeoJSON"):
        Gazetteer(places=[broken])
