"""``geomap gazetteer import|list|remove``: every source format, precedence, rebuilds and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.cli import EXIT_ERROR, EXIT_OK, main

FIX = Path(__file__).parent / "fixtures" / "imports"


@pytest.fixture
def layers(monkeypatch, tmp_path, gz):
    """An empty layers folder, and a default gazetteer rebuilt on next use so that it sees the layers."""
    from gazetteer import resolve

    folder = tmp_path / "layers"
    monkeypatch.setenv("GEOMAP_LAYERS_DIR", str(folder))
    monkeypatch.setattr(resolve, "_DEFAULT", None)
    return folder


def geocode(capsys, *argv: str) -> list[dict]:
    """``geomap geocode ... --json`` in this process, with a default gazetteer opened afresh."""
    from gazetteer import resolve

    resolve._DEFAULT = None  # the layers fixture restores the session's default afterwards
    capsys.readouterr()
    main(["geocode", *argv, "--json"])
    return json.loads(capsys.readouterr().out)


def imported(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(["gazetteer", "import", *argv]) == EXIT_OK
    return capsys.readouterr().err


def test_geonames_country_file_zip_and_alternate_names(layers, capsys):
    err = imported(
        capsys, str(FIX / "SY.txt"), str(FIX / "SY.zip"), str(FIX / "alternateNamesV2.zip"), "--name", "syria"
    )
    assert "feature class not in APSTHLV" in err  # the road is skipped, and said so
    assert "names of places in neither this layer nor the bundled index" in err
    found = geocode(
        capsys,
        "Khirbet Umm Zeitouna",
        "خربة ام الزيتونة",
        "Deir Karkas",
        "Tall al Qarnayn",
        "--country",
        "SY",
    )
    village = found[0]["result"]
    assert village["geonameid"] == 99000001 and village["source"] == "layer"
    assert village["admin1"] == "As-Suwayda" and village["admin2"] == "Shahba District"
    assert (
        found[1]["result"]["geonameid"] == 99000001
    )  # an alternate name from alternateNamesV2, Arabic script
    assert found[2]["result"]["geonameid"] == 99000011  # SY.zip, named by its French alternate
    assert found[3]["result"]["kind"] == "other" and found[3]["result"]["feature_code"] == "HLL"
    assert geocode(capsys, "Tariq as Suwayda al Qadim")[0]["result"] is None  # roads are not imported


def test_shared_geonameid_replaces_the_bundled_place(layers, capsys):
    imported(capsys, str(FIX / "SY.txt"), str(FIX / "alternateNamesV2.zip"), "--name", "syria")
    sweida = geocode(capsys, "Sweida")[0]["result"]
    assert sweida["geonameid"] == 172408 and sweida["source"] == "layer" and sweida["population"] == 73641
    ids = [alt["geonameid"] for alt in sweida["alternatives"]]
    assert 172408 not in ids  # one place, not the bundled copy beside the layer's
    by_new_name = geocode(capsys, "Suwayda Madinat")[0]["result"]
    assert by_new_name["geonameid"] == 172408
    # alternateNamesV2 adds names to a bundled place the layer does not hold: Damascus keeps its data
    damascus = geocode(capsys, "Jillaq ash-Sham")[0]["result"]
    assert damascus["geonameid"] == 170654 and damascus["population"] > 1_000_000
    assert geocode(capsys, "Damascus")[0]["result"]["geonameid"] == 170654


def test_all_countries_and_cities1000_zips(layers, capsys):
    imported(capsys, str(FIX / "allCountries.zip"), str(FIX / "cities1000.zip"), "--name", "gn")
    found = geocode(capsys, "Bulo Hawo Yar", "حلة ود عجيب", "Kfar Nabouda al-Jadida")
    assert [f["result"]["geonameid"] for f in found] == [99000021, 99000022, 99000031]
    assert found[0]["result"]["country_code"] == "SO" and found[1]["result"]["admin1"] == "Khartoum"


def test_whos_on_first_feature_and_collection(layers, capsys):
    imported(capsys, str(FIX / "wof_locality.geojson"), str(FIX / "wof_collection.geojson"), "--name", "wof")
    found = geocode(
        capsys,
        "Buulo Mareer Cusub",
        "بولو مرير الجديدة",
        "Ceel Wareegow",
        "Marka Test County",
        "--country",
        "SO",
    )
    village = found[0]["result"]
    assert village["admin1"] == "Shabeellaha Hoose Test Region" and village["admin2"] == "Marka Test County"
    assert (village["lat"], village["lon"]) == (1.7801, 44.5202)  # the label point, not geom:latitude
    assert found[1]["result"]["name"] == "Buulo Mareer Cusub"
    assert found[2]["result"]["population"] == 450
    assert found[3]["result"]["kind"] == "admin2"
    # a WOF record with a GeoNames concordance replaces the bundled Kismayo rather than duplicating it
    kismayo = geocode(capsys, "Chisimaio Test")[0]["result"]
    assert kismayo["geonameid"] == 55671 and kismayo["name"] == "Kismaayo" and kismayo["population"] > 100_000


def test_whos_on_first_polygons_are_kept(layers):
    from geomap.cli import main as cli

    assert cli(["gazetteer", "import", str(FIX / "wof_collection.geojson"), "--name", "wof", "-q"]) == EXIT_OK
    from gazetteer import Gazetteer

    county = Gazetteer().geocode("Marka Test County")
    assert county.geometry.geom_type == "Polygon" and county.geometry.bounds == (44.2, 1.5, 44.9, 2.0)


def test_ucdp_ged(layers, capsys):
    err = imported(capsys, str(FIX / "ged.csv"), "--name", "ged")
    assert "where_prec not 1 or 2" in err and "same place as an earlier row" in err
    found = geocode(capsys, "Saakow", "Bulo Burte Test", "Lower Juba region", "--country", "SO")
    saakow = found[0]["result"]
    assert saakow["source"] == "layer" and saakow["country_code"] == "SO"
    assert saakow["admin1"] == "Middle Juba region" and saakow["admin2"] == "Saakow district"
    assert found[1]["result"]["name"] == "Bulo Burte Test"
    assert found[2]["result"] is None or found[2]["result"]["source"] != "layer"  # where_prec 4 not imported
    abroad = geocode(capsys, "Al Assad Test", "Hayfan Test", "--country", "SO")
    assert [a["result"] for a in abroad] == [None, None]  # the country frame: a Somali row is not in Syria
    found = geocode(capsys, "Al Assad Test", "Hayfan Test")
    assert found[0]["result"]["name"] == "Dahiet Elasad" and found[0]["result"]["country_code"] == "SY"
    assert found[1]["result"]["country_code"] == "YE"  # "Yemen (North Yemen)"


@pytest.mark.parametrize("ext", ["csv", "shp", "gpkg", "geojson"])
def test_ocha_populated_places_and_admin2(layers, capsys, ext):
    imported(capsys, str(FIX / f"ocha_ppl.{ext}"), str(FIX / f"ocha_adm2.{ext}"), "--name", f"ocha-{ext}")
    found = geocode(
        capsys, "Hillat Test Nuba", "ابو حراز تجربة", "Um Test Kadada", "ود مدني تجربة", "--country", "SD"
    )
    village = found[0]["result"]
    assert village["admin1"] == "Test North Darfur" and village["admin2"] == "Um Test Kadada"
    assert (round(village["lat"], 3), round(village["lon"], 3)) == (13.5, 26.5) and village[
        "country_code"
    ] == "SD"
    assert found[1]["result"]["name"] == "Abu Test Haraz"
    district = found[2]["result"]
    assert district["kind"] == "admin2" and district["admin1"] == "Test North Darfur"
    assert found[3]["result"]["name"] == "Wad Test Madani"


def test_place_file(layers, capsys):
    imported(capsys, str(FIX / "places.csv"))
    cp = geocode(capsys, "CP Zulu")[0]["result"]
    assert cp["name"] == "Checkpoint Test Zulu" and cp["admin1"] == "Khartoum" and cp["admin2"] == "Bahri"
    assert main(["gazetteer", "list", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)[0]["name"] == "places"  # named after the file


def test_list_and_remove(layers, capsys):
    imported(capsys, str(FIX / "places.csv"), "--name", "checkpoints")
    imported(capsys, str(FIX / "ged.csv"), "--name", "ged")
    assert main(["gazetteer", "list"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.index("checkpoints") < out.index("ged") and "places.csv (places): 1 rows, 1 places" in out
    assert main(["gazetteer", "list", "--json"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert [i["name"] for i in listed] == ["checkpoints", "ged"] and listed[1]["places"] == 4
    assert listed[1]["files"][0]["format"] == "ucdp" and listed[1]["imported"].endswith("Z")
    assert main(["gazetteer", "remove", "checkpoints"]) == EXIT_OK
    assert not (layers / "checkpoints.sqlite").exists()
    assert geocode(capsys, "CP Zulu")[0]["result"] is None
    assert main(["gazetteer", "remove", "checkpoints"]) == EXIT_ERROR
    assert "no gazetteer layer named 'checkpoints' (imported layers: ged)" in capsys.readouterr().err


def test_existing_layer_needs_replace_or_append(layers, capsys):
    imported(capsys, str(FIX / "places.csv"), "--name", "mine")
    assert main(["gazetteer", "import", str(FIX / "ged.csv"), "--name", "mine"]) == EXIT_ERROR
    assert "use --replace or --append" in capsys.readouterr().err
    imported(capsys, str(FIX / "ged.csv"), "--name", "mine", "--append")
    assert geocode(capsys, "CP Zulu")[0]["result"] is not None
    assert geocode(capsys, "Saakow", "--country", "SO")[0]["result"]["source"] == "layer"
    imported(capsys, str(FIX / "ged.csv"), "--name", "mine", "--replace")
    assert geocode(capsys, "CP Zulu")[0]["result"] is None


def test_alternate_names_join_places_of_an_appended_layer(layers, capsys):
    imported(capsys, str(FIX / "SY.txt"), "--name", "syria")
    imported(capsys, str(FIX / "alternateNamesV2.zip"), "--name", "syria", "--append")
    assert geocode(capsys, "Umm Zaytouna Ruins")[0]["result"]["geonameid"] == 99000001


def test_later_import_wins_for_the_same_geonameid(layers, capsys, tmp_path):
    moved = tmp_path / "SY.txt"
    moved.write_text(
        (FIX / "SY.txt").read_text(encoding="utf-8").replace("32.81234\t36.71234", "32.9\t36.8"),
        encoding="utf-8",
    )
    imported(capsys, str(FIX / "SY.txt"), "--name", "first")
    imported(capsys, str(moved), "--name", "second")
    village = geocode(capsys, "Khirbat Umm Zaytunah")[0]["result"]
    assert (village["lat"], village["lon"]) == (32.9, 36.8)
    assert all(alt["geonameid"] != 99000001 for alt in village["alternatives"])


def test_one_import_merges_rows_sharing_a_geonameid(layers, capsys, tmp_path):
    renamed = tmp_path / "SY_new.txt"
    renamed.write_text(
        (FIX / "SY.txt").read_text(encoding="utf-8").replace("Khirbet Umm Zeitouna", "Kherbet Om Zaitoune"),
        encoding="utf-8",
    )
    imported(capsys, str(FIX / "SY.txt"), str(renamed), "--name", "syria")
    found = geocode(capsys, "Khirbet Umm Zeitouna", "Kherbet Om Zaitoune", "Khirbit Umm Zaytuna")
    assert [f["result"]["geonameid"] for f in found] == [99000001] * 3  # both files' names, and a variant
    from gazetteer import Gazetteer

    gz = Gazetteer()
    assert [gz.geocode(n).raw["match"] for n in ("Khirbet Umm Zeitouna", "Kherbet Om Zaitoune")] == ["alternate"] * 2
    assert gz.geocode("Khirbit Umm Zaytuna").raw["match"] == "variant"
    assert len(geocode(capsys, "Khirbat Umm Zaytunah")[0]["result"]["alternatives"]) == 0


def test_user_place_files_outrank_layers(layers, capsys, tmp_path):
    imported(capsys, str(FIX / "ged.csv"), "--name", "ged")
    mine = tmp_path / "mine.csv"
    mine.write_text("name,lat,lon,country\nSaakow,1.7,42.5,SO\n", encoding="utf-8")
    found = geocode(capsys, "Saakow", "--places", str(mine))
    assert found[0]["result"]["source"] == "user"
    assert found[0]["result"]["alternatives"][0]["source"] == "layer"


def test_layers_parameter_selects_layers(layers, capsys):
    from gazetteer import Gazetteer, GazetteerError

    imported(capsys, str(FIX / "places.csv"), "--name", "checkpoints")
    assert Gazetteer(layers=[]).geocode("CP Zulu") is None
    assert Gazetteer(layers=["checkpoints"]).geocode("CP Zulu").source == "layer"
    with pytest.raises(GazetteerError, match="no gazetteer layer named 'nope'"):
        Gazetteer(layers=["nope"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_geonames.txt", "broken_geonames.txt: row 3, field 'latitude': latitude must be a number"),
        ("broken_ged.csv", "broken_ged.csv: row 1, field 'latitude': a UCDP GED table needs this column"),
        ("broken_ocha.csv", "broken_ocha.csv: row 1, field 'name': no place-name column"),
    ],
)
def test_broken_file_exit_2_one_line_no_layer(layers, capsys, name, message):
    capsys.readouterr()
    assert (
        main(["gazetteer", "import", str(FIX / "places.csv"), str(FIX / name), "--name", "broken"])
        == EXIT_ERROR
    )
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not layers.exists() or list(layers.iterdir()) == []  # atomic: no half layer, no temporary file


def test_failed_replace_keeps_the_old_layer(layers, capsys):
    imported(capsys, str(FIX / "places.csv"), "--name", "mine")
    assert (
        main(["gazetteer", "import", str(FIX / "broken_ocha.csv"), "--name", "mine", "--replace"])
        == EXIT_ERROR
    )
    assert geocode(capsys, "CP Zulu")[0]["result"]["source"] == "layer"


def test_unknown_file_kind_and_bad_name(layers, capsys, tmp_path):
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK")
    assert main(["gazetteer", "import", str(odd)]) == EXIT_ERROR
    assert "notes.docx: unknown kind of file" in capsys.readouterr().err
    assert main(["gazetteer", "import", str(FIX / "places.csv"), "--name", "../evil"]) == EXIT_ERROR
    assert "bad layer name '../evil'" in capsys.readouterr().err


def test_ucdp_place_words():
    from gazetteer.importers.ucdp import clean_name

    assert clean_name("Saakow town") == ("Saakow", ["Saakow town"])
    assert clean_name("Kismayo city") == ("Kismayo", ["Kismayo city"])
    assert clean_name("Abu Shouk camp") == ("Abu Shouk", ["Abu Shouk camp"])
    assert clean_name("Bagram airbase") == ("Bagram airbase", [])
    assert clean_name("Abaluma village (Buraki groupement)") == (
        "Abaluma",
        ["Buraki groupement", "Abaluma village"],
    )


def _tiny_index(monkeypatch, version: str, cache: Path) -> None:
    """A one-place bundled index of its own data version in ``cache`` (a rebuild without the 30 s)."""
    from gazetteer import build

    place = build._Place(
        172408, "As-Suwayda", 32.7, 36.57, "SY", "SY.05", None, "PPLA", "city", 59052, "geonames"
    )
    place.add_names(["As-Suwayda", "Sweida"], build.MAIN)
    monkeypatch.setattr(
        build, "collect", lambda progress=False: build.Sources([place], {"SY.05": "As-Suwayda"}, [])
    )
    monkeypatch.setattr(build, "data_version", lambda: version)


def _layer_on_tiny_index(monkeypatch, tmp_path: Path, capsys) -> Path:
    """A cache folder holding a tiny index of version aaaa and the layer 'syria' imported against it."""
    cache = tmp_path / "cache"
    monkeypatch.delenv("GEOMAP_LAYERS_DIR")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(cache))
    _tiny_index(monkeypatch, "aaaa", cache)
    imported(capsys, str(FIX / "SY.txt"), "--name", "syria")
    return cache


def test_layers_survive_an_index_rebuild_and_a_names_change(monkeypatch, tmp_path, capsys):
    from gazetteer import Gazetteer, layers
    from gazetteer.index import ensure_index

    cache = _layer_on_tiny_index(monkeypatch, tmp_path, capsys)
    assert (cache / "layers" / "syria.sqlite").exists()
    _tiny_index(monkeypatch, "bbbb", cache)  # a new data version: the index is rebuilt, the old one deleted
    ensure_index()
    assert sorted(p.name for p in cache.glob("*.sqlite")) == ["gazetteer-bbbb.sqlite"]
    assert (cache / "layers" / "syria.sqlite").exists()
    monkeypatch.setattr(layers, "keys_version", lambda: "changed")  # and gazetteer.names changed too
    gz = Gazetteer()
    assert gz.geocode("Khirbet Umm Zeitouna").geonameid == 99000001
    sweida = gz.geocode("Sweida")
    assert (
        sweida.source == "layer"
        and sweida.population == 73641
        and len(gz.geocode("Sweida", exactly_one=False)) == 1
    )
    info = dict(
        layers.sqlite3.connect(cache / "layers" / "syria.sqlite").execute("SELECT key, value FROM meta")
    )
    assert info["index_version"] == "bbbb" and info["keys_version"] == "changed"


def test_read_only_layer_after_a_rebuild(monkeypatch, tmp_path, capsys):
    from gazetteer import Gazetteer, GazetteerError, layers

    cache = _layer_on_tiny_index(monkeypatch, tmp_path, capsys)
    _tiny_index(monkeypatch, "cccc", cache)
    path = cache / "layers" / "syria.sqlite"
    before = path.read_bytes()
    monkeypatch.setattr(layers.os, "access", lambda p, mode: False)  # a layer on a read-only share
    assert Gazetteer().geocode("Sweida").population == 73641  # matched to the new index in memory
    assert path.read_bytes() == before
    monkeypatch.setattr(layers, "keys_version", lambda: "changed")
    with pytest.raises(GazetteerError, match="read-only: import its files again"):
        Gazetteer()


def test_layer_lookups_are_the_index_interface(layers, capsys):
    imported(capsys, str(FIX / "places.csv"), "--name", "checkpoints")
    from gazetteer import Gazetteer

    gz = Gazetteer()
    assert gz.is_name("cp zulu") and "zulu checkpoint" in gz.known(["Zulu Checkpoint", "Nowhere Qq"])
    assert "Checkpoint Test Zulu (SD)" in gz.suggest("Checkpoint Test Zuly")
    assert (
        gz.geocode("Checkpoint Tst Zulu").name == "Checkpoint Test Zulu"
    )  # fuzzy, over the layer's keys too
