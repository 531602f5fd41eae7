"""``geomap events``: exit codes, the unplaced report, --strict, --format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from geomap.cli import main

EV = Path(__file__).parent / "fixtures" / "events"


def test_all_placed_exits_0_and_writes_the_output(tmp_path, capsys):
    out = tmp_path / "e.geojson"
    assert main(["events", str(EV / "ucdp_sample.csv"), "-o", str(out), "--no-validate"]) == 0
    assert len(json.loads(out.read_text())["features"]) == 3
    assert not (tmp_path / "e.unplaced.csv").exists()
    assert "3 events written" in capsys.readouterr().out
    assert main(["events", str(EV / "ucdp_sample.csv"), "-o", str(out), "--no-validate", "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_unplaced_rows_exit_1_with_a_report_beside_the_output(tmp_path, gz):
    out = tmp_path / "e.csv"
    code = main(["events", str(EV / "wkt_events.csv"), str(EV / "generic_places.csv"), "-o", str(out), "-q"])
    assert code == 1
    report = pd.read_csv(tmp_path / "e.unplaced.csv")
    assert report[["source_row", "field"]].values.tolist() == [[5, "wkt"], [4, "location"]]
    assert report["reason"].notna().all()
    assert len(pd.read_csv(out)) == 5


def test_explicit_report_path_and_format(tmp_path, gz):
    out, report = tmp_path / "events.txt", tmp_path / "missing.csv"
    args = [
        "events",
        str(EV / "wkt_events.csv"),
        "-o",
        str(out),
        "--format",
        "geojsonseq",
        "--unplaced",
        str(report),
    ]
    assert main([*args, "-q"]) == 1
    assert out.read_text().count("\x1e") == 3 and len(pd.read_csv(report)) == 1


def test_strict_exits_2_and_writes_nothing(tmp_path, capsys, gz):
    out = tmp_path / "e.geojson"
    assert main(["events", str(EV / "wkt_events.csv"), "-o", str(out), "--strict", "-q"]) == 2
    assert list(tmp_path.iterdir()) == []
    assert "could not be placed" in capsys.readouterr().err


def test_local_engine_option_gives_the_same_output(tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert main(["events", str(EV / "ucdp_sample.csv"), "-o", str(a), "--no-validate", "-q"]) == 0
    args = ["events", str(EV / "ucdp_sample.csv"), "-o", str(b), "--no-validate", "-q", "--engine", "local"]
    assert main([*args, "--partition-size", "2"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_bad_input_exits_2(tmp_path, capsys):
    assert main(["events", str(EV / "unknown_layout.csv"), "-o", str(tmp_path / "e.geojson")]) == 2
    assert "Columns found: alpha, beta, gamma" in capsys.readouterr().err
    assert main(["events", str(EV / "ucdp_sample.csv"), "-o", str(tmp_path / "e.xyz")]) == 2
    assert list(tmp_path.iterdir()) == []


def test_country_hint_and_stale_report_removed(tmp_path, gz):
    src = tmp_path / "places.csv"
    src.write_text("date,event_type,location\n2025-07-14,Battles,Sweida\n")
    shutil.copy(EV / "wkt_events.csv", tmp_path / "w.csv")
    stale = tmp_path / "e.unplaced.csv"
    stale.write_text("old report\n")
    assert main(["events", str(src), "-o", str(tmp_path / "e.geojson"), "--country", "SY", "-q"]) == 0
    assert not stale.exists()
    props = json.loads((tmp_path / "e.geojson").read_text())["features"][0]["properties"]
    assert props["iso"] == "SY" and props["geonameid"]


def test_precision_areas_output_replaces_vague_points_by_their_areas(tmp_path, gz):
    out, areas = tmp_path / "e.geojson", tmp_path / "areas.geojson"
    code = main(
        [
            "events",
            str(EV / "ucdp_sample.csv"),
            "-o",
            str(out),
            "--precision-areas",
            str(areas),
            "-q",
            "--no-validate",
        ]
    )
    assert code == 0
    points = {f["id"]: f for f in json.loads(out.read_text())["features"]}
    shaped = {f["id"]: f for f in json.loads(areas.read_text())["features"]}
    assert points.keys() == shaped.keys()
    for fid, feat in shaped.items():
        precision = feat["properties"]["geo_precision"]
        expected = "Point" if precision in (1, None) else ("Polygon", "MultiPolygon")
        assert feat["geometry"]["type"] in expected, (fid, precision)
        assert feat["properties"] == points[fid]["properties"]
    assert any(f["geometry"]["type"] != "Point" for f in shaped.values())
