"""``geomap geocode`` and ``geomap gazetteer``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from geomap.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, main
from geomap.cli.geocode import ADDED

FIX = Path(__file__).parent / "fixtures" / "gazetteer"


def test_names_table(gz, capsys):
    assert main(["geocode", "Sweida", "Sweida province"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "As-Suwayda, Syria" in out and "geonameid 172408" in out and "admin1 ADM1" in out
    assert "confidence" in out


def test_names_json_and_unresolved(gz, capsys):
    assert main(["geocode", "Tripoli", "Qwertzuiop Xyzzy", "--country", "LB", "--json"]) == EXIT_PARTIAL
    data = json.loads(capsys.readouterr().out)
    assert data[0]["result"]["geonameid"] == 266826
    assert {a["country_code"] for a in data[0]["result"]["alternatives"]} >= {"LY"}
    assert data[1]["result"] is None and "not in the gazetteer" in data[1]["unresolved_reason"]


def test_batch_keeps_every_row_and_column(gz, tmp_path):
    out = tmp_path / "out.csv"
    code = main(
        ["geocode", "--input", str(FIX / "names.csv"), "--column", "place", "--country-column", "country",
         "--output", str(out)]
    )  # fmt: skip
    assert code == EXIT_PARTIAL
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "place", "country", "note", *ADDED]
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[0]["note"] == "city, with a comma"
    assert (
        rows[0]["geonameid"] == "172408" and rows[0]["kind"] == "city" and rows[0]["unresolved_reason"] == ""
    )
    assert rows[1]["country_code"] == "LB"
    assert rows[2]["kind"] == "admin1"
    assert rows[3]["lat"] == "" and "not in the gazetteer" in rows[3]["unresolved_reason"]
    assert rows[4]["lat"] == "" and "unknown country" in rows[4]["unresolved_reason"]
    assert rows[5]["lat"] == "32.844560"  # Busra al-Harir, a WOF village


def test_batch_all_placed_is_exit_0(gz, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name\nDamascus\nAleppo\n", encoding="utf-8")
    assert (
        main(["geocode", "--input", str(src), "--column", "name", "--output", str(tmp_path / "o.csv")])
        == EXIT_OK
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["geocode"], "at least one NAME"),
        (["geocode", "Sweida", "--input", "x.csv"], "not both"),
        (["geocode", "--input", "x.csv", "--column", "name"], "needs --input, --column and --output"),
        (["geocode", "Sweida", "--near", "north"], "--near wants LAT,LON"),
        (["geocode", "Sweida", "--places", str(FIX / "bad_lat.csv")], "bad_lat.csv: row 3, field 'lat'"),
        (["geocode", "Sweida", "--country", "Atlantis"], "unknown country"),
    ],
)
def test_errors_exit_2(gz, capsys, argv, message):
    assert main(argv) == EXIT_ERROR
    assert message in capsys.readouterr().err


def test_batch_missing_column(gz, tmp_path, capsys):
    code = main(
        ["geocode", "--input", str(FIX / "names.csv"), "--column", "nom", "--output", str(tmp_path / "o.csv")]
    )
    assert code == EXIT_ERROR
    assert "row 1, field 'nom': no such column" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_user_places_option(gz, capsys):
    assert main(["geocode", "CP7", "--places", str(FIX / "places.csv")]) == EXIT_OK
    assert "Checkpoint 7" in capsys.readouterr().out


def test_gazetteer_build_and_info(gz, capsys):
    assert main(["gazetteer", "build"]) == EXIT_OK
    assert "already built" in capsys.readouterr().err
    assert main(["gazetteer", "info", "--json"]) == EXIT_OK
    info = json.loads(capsys.readouterr().out)
    assert int(info["places"]) > 250_000 and info["path"].endswith(".sqlite")
