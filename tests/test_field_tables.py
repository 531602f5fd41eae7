"""Tables from the field (issue 15): every case a placed row, an unplaced row with a reason, or one error line.

Each test names the case of the issue it covers. Inputs are written by the tests themselves.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geomap.cli import EXIT_INTERNAL, main
from geomap.readers import read_events
from geomap.writers import write_events

HEADER = "event_id_cnty,event_date,event_type,location,latitude,longitude,fatalities,notes"


class _NoPlaces:
    """A gazetteer that knows no place: reading tests stay independent of the place data."""

    def geocode_many(self, names, country=None):
        return [None for _ in names]

    def geocode(self, name, country=None, kind=None):
        return None


def _csv(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _read(path: Path, **kw):
    return read_events(path, gazetteer=_NoPlaces(), **kw)


def _reason(res, row: int) -> str:
    hit = res.unplaced[res.unplaced["source_row"] == row]
    assert len(hit) == 1, res.unplaced
    return f"{hit['field'].iloc[0]}: {hit['reason'].iloc[0]}"


def _events(tmp_path, *args: str) -> tuple[int, str]:
    """Run ``geomap events`` on the arguments; (exit code, stderr) via a fresh capture."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["events", *args])
    return code, err.getvalue()


# ------------------------------------------------------------------------------------ crashes


def test_header_only_and_nothing_placeable_are_results_not_crashes(tmp_path):
    only_header = _csv(tmp_path, name="h.csv")
    code, err = _events(tmp_path, str(only_header), "-o", str(tmp_path / "h.geojson"), "--no-validate")
    assert code == 0 and "Traceback" not in err
    assert json.loads((tmp_path / "h.geojson").read_text())["features"] == []
    nothing = _csv(tmp_path, "A1,2025-07-14,Battles,,,,1,x", "A2,2025-07-14,Battles,,,,1,y", name="n.csv")
    code, err = _events(tmp_path, str(nothing), "-o", str(tmp_path / "n.geojson"))
    assert code == 1 and "Traceback" not in err  # was a ufunc 'invert' traceback in validate
    assert len(pd.read_csv(tmp_path / "n.unplaced.csv")) == 2


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("inf", "not a finite number"),
        ("1e400", "not a finite number"),
        ("1e20", "too large"),
        ("99999999999999999999", "too large"),
        ("1.5", "not a whole number"),
        ("2.5", "not a whole number"),
    ],
)
def test_counts_that_cannot_be_kept_exactly_are_reported_not_rounded(tmp_path, value, why):
    path = _csv(tmp_path, f"A1,2025-07-14,Battles,Sweida,32.7,36.5,{value},x", "A2,2025-07-14,Battles,Sweida,32.7,36.5,7,y")
    res = _read(path)
    assert res.events["fatalities"].tolist() == [7]
    assert why in _reason(res, 2) and _reason(res, 2).startswith("fatalities:")
    kept = _read(path, keep_invalid=True)  # --keep-invalid: the row stays, the count left empty, an error said so
    assert pd.isna(kept.events["fatalities"].iloc[0]) and kept.issues[0].severity == "error"
    assert kept.issues[0].row == 2 and kept.issues[0].field == "fatalities"


def test_exact_integers_up_to_int64_are_kept(tmp_path):
    path = _csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,9223372036854775807,x", "A2,2025-07-14,Battles,Sweida,32.7,36.5,12.0,y")
    assert _read(path).events["fatalities"].tolist() == [9223372036854775807, 12]


def test_a_json_list_in_a_field_is_kept_as_json_text(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"id": "J1", "date": "2025-07-14", "lat": 32.7, "lon": 36.5,
                                 "actor1": ["A", "B"], "notes": {"k": 1}, "tags": ["x", 2]}]))  # fmt: skip
    res = _read(path)
    ev = res.events.iloc[0]
    assert ev["actor1"] == '["A", "B"]' and ev["notes"] == '{"k": 1}'
    assert {i.field for i in res.issues} == {"actor1", "notes"} and all(i.severity == "warning" for i in res.issues)
    for suffix in (".csv", ".gpkg", ".parquet", ".geojson"):
        out = tmp_path / f"r{suffix}"
        write_events(res.events, out)  # a list in an extra column once crashed the flat writers
        assert _read(out).events["actor1"].tolist() == ['["A", "B"]']


def test_a_date_cell_1_5_is_reported_and_keep_invalid_writes_csv(tmp_path):
    path = _csv(tmp_path, "A1,1.5,Battles,Sweida,32.7,36.5,1,x")
    assert "not a date: '1.5'" in _reason(_read(path), 2)
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.csv"), "--keep-invalid", "--no-validate")
    assert code == 0 and "Traceback" not in err


def test_more_columns_than_geopackage_holds_is_one_line(tmp_path):
    extra = ",".join(f"c{i}" for i in range(2100))
    path = _csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,1,x," + ",".join("v" for _ in range(2100)),
                header=HEADER + "," + extra)  # fmt: skip
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.gpkg"), "--no-validate")
    assert code == 2 and "at most 1998 columns" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.gpkg").exists()


def test_a_column_mixing_text_and_numbers_goes_to_parquet_as_text(tmp_path, caplog):
    events = _read(_csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,1,x")).events
    events = pd.concat([events] * 3, ignore_index=True).assign(id=["a", "b", "c"], mixed=["x", 2, 3.5])
    write_events(events, tmp_path / "m.parquet")
    assert _read(tmp_path / "m.parquet").events["mixed"].tolist() == ["x", "2", "3.5"]
    assert "mixes" in caplog.text


def test_a_full_disk_while_writing_geopackage_is_one_line_and_leaves_no_file(tmp_path, monkeypatch):
    import pyogrio
    from pyogrio.errors import DataSourceError

    def full(*args, **kwargs):
        Path(args[1]).write_bytes(b"partial")
        raise DataSourceError("sqlite3_exec(COMMIT) failed: database or disk is full")

    monkeypatch.setattr(pyogrio, "write_dataframe", full)
    path = _csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,1,x")
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.gpkg"), "--no-validate")
    assert code == 2 and "disk is full" in err and str(tmp_path / "o.gpkg") in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_an_internal_error_exits_3_with_one_line(tmp_path, monkeypatch):
    import geomap.cli.events as events_cli

    def broken(*args, **kwargs):
        raise TypeError("ufunc 'invert' not supported for the input types")

    monkeypatch.setattr(events_cli, "screen", broken)
    path = _csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,1,x")
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.geojson"))
    assert code == EXIT_INTERNAL == 3
    assert err.strip().endswith("run with --debug for the traceback") and len(err.strip().splitlines()) == 1
    with pytest.raises(TypeError):
        main(["events", str(path), "-o", str(tmp_path / "o.geojson"), "--debug"])


# ------------------------------------------------------------------------------------ silent changes


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("20250714", "2025-07-14"),
        ("2025-7-4", "2025-07-04"),
        ("2025/07/04", "2025-07-04"),
        ("4 July 2025", "2025-07-04"),
        ('"July 4, 2025"', "2025-07-04"),
        ("1751587200000", "2025-07-04"),  # epoch milliseconds
        ("1751587200", "2025-07-04"),  # epoch seconds
        ("1500-03-01", "1500-03-01"),  # outside pandas' 1677-2262 nanosecond range
        ("2500-12-31", "2500-12-31"),
    ],
)
def test_dates_are_read_as_written(tmp_path, cell, day):
    res = _read(_csv(tmp_path, f"A1,{cell},Battles,Sweida,32.7,36.5,1,x", "A2,2025-07-14,Battles,Sweida,32.7,36.5,1,y"))
    assert res.events["date"].tolist() == [day, "2025-07-14"] and res.unplaced.empty


def test_month_first_dates_only_when_the_column_says_so(tmp_path):
    day_first = _read(_csv(tmp_path, "A1,04/07/2025,Battles,S,32.7,36.5,1,x", "A2,16/07/2025,Battles,S,32.7,36.5,1,y"))
    assert day_first.events["date"].tolist() == ["2025-07-04", "2025-07-16"]
    month_first = _read(_csv(tmp_path, "A1,07/04/2025,Battles,S,32.7,36.5,1,x", "A2,07/16/2025,Battles,S,32.7,36.5,1,y"))
    assert month_first.events["date"].tolist() == ["2025-07-04", "2025-07-16"]
    assert [i.severity for i in month_first.issues] == ["info"] and "month first" in month_first.issues[0].message


def test_a_day_that_does_not_exist_is_reported(tmp_path):
    res = _read(_csv(tmp_path, "A1,2025-02-30,Battles,S,32.7,36.5,1,x"))
    assert "not a calendar date" in _reason(res, 2)


def test_a_bare_carriage_return_survives_csv(tmp_path):
    events = _read(_csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")).events
    events.loc[0, "notes"] = "first line\rsecond line"
    write_events(events, tmp_path / "o.csv")
    back = _read(tmp_path / "o.csv")
    assert len(back.events) == 1 and back.events["notes"].iloc[0] == "first line\rsecond line"
    events.loc[0, "notes"] = "cr\r, lf\n, both\r\n, quote\""
    write_events(events, tmp_path / "o.csv")
    assert _read(tmp_path / "o.csv").events["notes"].iloc[0] == "cr\r, lf\n, both\r\n, quote\""


@pytest.mark.parametrize(
    ("wkt", "why"),
    [("POINT (nan 33)", "not a finite number"), ("POINT (500 500)", "outside"),
     ("LINESTRING (36 32, 250 95)", "outside")],
)  # fmt: skip
def test_bad_coordinates_in_wkt_are_unplaced(tmp_path, wkt, why):
    path = _csv(tmp_path, f'W1,2025-07-14,Battles,"{wkt}",1', "W2,2025-07-14,Battles,POINT (36.5 32.7),1",
                header="id,date,event_type,wkt,fatalities")  # fmt: skip
    res = _read(path)
    assert res.events["id"].tolist() == ["W2"] and why in _reason(res, 2) and _reason(res, 2).startswith("wkt:")


def test_bad_coordinates_in_columns_are_unplaced(tmp_path):
    res = _read(_csv(tmp_path, "A1,2025-07-14,Battles,S,nan,33,1,x", "A2,2025-07-14,Battles,S,95,250,1,y",
                     "A3,2025-07-14,Battles,S,inf,33,1,z"))  # fmt: skip
    assert res.events.empty and res.unplaced["field"].tolist() == ["latitude"] * 3
    assert "outside [-90, 90]" in _reason(res, 3) and "not a finite number" in _reason(res, 4)


def test_bad_coordinates_in_spatial_files_are_unplaced(tmp_path):
    path = tmp_path / "s.geojson"
    features = [
        {"type": "Feature", "properties": {"id": "S1", "date": "2025-07-14"},
         "geometry": {"type": "Point", "coordinates": [500, 500]}},
        {"type": "Feature", "properties": {"id": "S2", "date": "2025-07-14"},
         "geometry": {"type": "Point", "coordinates": [36.5, 32.7]}},
    ]  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    res = _read(path)
    assert res.events["id"].tolist() == ["S2"] and "outside" in _reason(res, 1)
    gdf = gpd.GeoDataFrame({"id": ["P1", "P2"]}, geometry=[shapely.Point(np.nan, 33), shapely.Point(36, 32)], crs=4326)
    gdf.to_parquet(tmp_path / "p.parquet")
    res = _read(tmp_path / "p.parquet")
    assert res.events["id"].tolist() == ["P2"] and "not a finite number" in _reason(res, 1)


def test_a_10_mb_note_round_trips_through_geojson(tmp_path):
    events = _read(_csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")).events
    events.loc[0, "notes"] = "n" * 10_000_000
    write_events(events, tmp_path / "big.geojson")
    assert _read(tmp_path / "big.geojson").events["notes"].iloc[0] == "n" * 10_000_000


# ------------------------------------------------------------------------------------ errors with teeth


def test_swapped_coordinates_are_unplaced_and_strict_refuses(tmp_path, gz):
    path = _csv(tmp_path, "SYR1,2025-07-14,Battles,Sweida,36.5695,32.709,1,swapped",
                "SYR2,2025-07-14,Battles,Sweida,32.709,36.5695,1,fine",
                header="event_id_cnty,event_date,event_type,location,latitude,longitude,fatalities,notes,iso")  # fmt: skip
    path.write_text(path.read_text().replace(",swapped\n", ",swapped,760\n").replace(",fine\n", ",fine,760\n"))
    out = tmp_path / "o.geojson"
    code, _ = _events(tmp_path, str(path), "-o", str(out))
    assert code == 1
    report = pd.read_csv(tmp_path / "o.unplaced.csv")
    assert report["id"].tolist() == ["SYR1"] and "swapped" in report["reason"].iloc[0]
    assert [f["id"] for f in json.loads(out.read_text())["features"]] == ["SYR2"]
    out.unlink()
    (tmp_path / "o.unplaced.csv").unlink()
    code, err = _events(tmp_path, str(path), "-o", str(out), "--strict")
    assert code == 2 and not out.exists() and "nothing written" in err
    code, err = _events(tmp_path, str(path), "-o", str(out), "--keep-invalid")
    assert code == 0 and len(json.loads(out.read_text())["features"]) == 2 and "swapped" in err
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "k.geojson"), "--keep-invalid", "--strict")
    assert code == 2 and not (tmp_path / "k.geojson").exists()


def test_somaliland_is_not_outside_somalia(gz):
    from geomap.validate import validate_events

    table = gpd.GeoDataFrame({"iso": ["SO", "SO"]}, geometry=[shapely.Point(44.065, 9.56), shapely.Point(45.34, 2.04)],
                             crs=4326)  # fmt: skip  # Hargeisa (Somaliland), Mogadishu
    assert validate_events(table, gazetteer=gz) == []


# ------------------------------------------------------------------------------------ formats


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_encodings_are_detected(tmp_path, encoding):
    text = HEADER + "\nA1,2025-07-14,Battles,Soueïda,32.7,36.5,1,café à l'été\n"
    path = tmp_path / "e.csv"
    path.write_bytes(text.encode(encoding))
    ev = _read(path).events.iloc[0]
    assert ev["location"] == "Soueïda" and ev["notes"] == "café à l'été"


def test_encoding_option_overrides_detection(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes((HEADER + "\nA1,2025-07-14,Battles,Ж,32.7,36.5,1,x\n").encode("cp1251"))
    assert _read(path, encoding="cp1251").events["location"].tolist() == ["Ж"]


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path, sep):
    path = tmp_path / "d.csv"
    path.write_text(HEADER.replace(",", sep) + "\n" + sep.join(["A1", "2025-07-14", "Battles", "S", "32,7" if sep == ";" else "32.7",
                                                                "36.5", "1", "a, b"]) + "\n")  # fmt: skip
    res = _read(path)
    if sep == ";":  # a decimal comma is not a number: reported, not guessed
        assert "latitude" in _reason(res, 2)
    else:
        assert res.events["notes"].tolist() == ["a, b"]


def test_a_row_wider_than_the_header_is_an_error_naming_the_row(tmp_path):
    path = _csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x", "A2,July 4, 2025,Battles,S,32.7,36.5,1,y")
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.geojson"))
    assert code == 2 and "row 3: 9 fields where the header has 8" in err
    path = _csv(tmp_path, "A2,July 4, 2025,Battles,S,32.7,36.5,1,y", "A1,2025-07-14,Battles,S,32.7,36.5,1,x")
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.geojson"))  # pandas would drop the cell
    assert code == 2 and "row 2: 9 fields where the header has 8" in err


def test_a_trailing_delimiter_adds_no_column(tmp_path):
    path = _csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x,", header=HEADER + ",")
    res = _read(path)
    assert res.events["id"].tolist() == ["A1"] and res.events["notes"].tolist() == ["x"]
    path = _csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x,", name="t2.csv")  # only the rows end with one
    assert _read(path).events["id"].tolist() == ["A1"]


def test_excel_title_row_second_sheet_and_sheet_option(tmp_path):
    path = tmp_path / "w.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame([["Notes for the desk"], ["nothing here"]]).to_excel(xl, sheet_name="About", header=False, index=False)
        pd.DataFrame([["Sweida events, July 2025", None, None, None],
                      ["id", "date", "lat", "lon"], ["X1", "2025-07-14", 32.7, 36.5]]).to_excel(
            xl, sheet_name="Events", header=False, index=False)  # fmt: skip
        pd.DataFrame({"id": ["Y1"], "date": ["2025-07-15"], "lat": [33.5], "lon": [36.3]}).to_excel(
            xl, sheet_name="Other", index=False)
    res = _read(path)
    assert res.events["id"].tolist() == ["X1"] and res.events["source_row"].tolist() == [3]  # as the sheet shows
    assert _read(path, sheet="Other").events["id"].tolist() == ["Y1"]
    assert _read(path, sheet=3).events["id"].tolist() == ["Y1"]
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.geojson"), "--sheet", "Nope")
    assert code == 2 and "no sheet 'Nope'" in err


def test_a_file_that_is_no_workbook_gets_a_plain_message(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("id,lat,lon\n")
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "o.geojson"))
    assert code == 2 and "not an Excel .xlsx workbook" in err and "engine" not in err


def test_one_unclosed_ring_makes_only_its_row_unplaced(tmp_path):
    ring = {"type": "Polygon", "coordinates": [[[36, 32], [37, 32], [37, 33]]]}
    good = {"type": "Point", "coordinates": [36.5, 32.7]}
    features = [{"type": "Feature", "properties": {"id": i}, "geometry": g} for i, g in (("R1", ring), ("R2", good))]
    path = tmp_path / "r.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    res = _read(path)
    assert res.events["id"].tolist() == ["R2"]
    assert "closed" in _reason(res, 1) and _reason(res, 1).startswith("geometry:")


# ------------------------------------------------------------------------------------ ACLED exports


def test_acled_text_and_numeric_inter_codes(tmp_path):
    path = _csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x,State forces,Rebel groups",
                "A2,2025-07-14,Battles,S,32.7,36.5,1,y,1,7", header=HEADER + ",inter1,inter2")  # fmt: skip
    res = _read(path)
    assert res.events["inter1"].tolist() == [1, 1] and res.events["inter2"].tolist() == [2, 7]
    assert res.events["inter1_text"].tolist() == ["State forces", None] and res.issues == []
    write_events(res.events, tmp_path / "o.csv")
    assert _read(tmp_path / "o.csv").events["inter1_text"].tolist() == ["State forces", None]


@pytest.mark.parametrize(
    ("old", "inter", "new", "sub"),
    [
        ("Riots/Protests", "5", "Riots", None),
        ("Riots/Protests", "6", "Protests", None),
        ("Remote violence", "1", "Explosions/Remote violence", None),
        ("Battle-No change of territory", "1", "Battles", "Armed clash"),
        ("Battle-Government regains territory", "1", "Battles", "Government regains territory"),
        ("Strategic development", "1", "Strategic developments", None),
        ("Non-violent transfer of territory", "2", "Strategic developments", "Non-violent transfer of territory"),
    ],
)
def test_older_acled_taxonomies_map_to_the_current_one(tmp_path, old, inter, new, sub):
    path = _csv(tmp_path, f"A1,2025-07-14,{old},S,32.7,36.5,1,x,{inter}", header=HEADER + ",inter1")
    res = _read(path)
    ev = res.events.iloc[0]
    assert (ev["event_type"], ev["sub_event_type"], ev["event_type_original"]) == (new, sub, old)
    assert [i.severity for i in res.issues] == ["info"]


# ------------------------------------------------------------------------------------ safe outputs


def test_csv_formula_cells_are_neutralised_and_read_back(tmp_path):
    events = _read(_csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")).events
    events = pd.concat([events] * 6, ignore_index=True)
    events["id"] = [f"i{i}" for i in range(6)]
    notes = ['=HYPERLINK("http://x.example","y")', "+SUM(A1:A9)", "@SUM(A1)", "-3.5", "'=already quoted", "-1+1"]
    events["notes"] = notes
    write_events(events, tmp_path / "o.csv")
    raw = pd.read_csv(tmp_path / "o.csv", dtype=str)["notes"].tolist()
    assert raw == ["'" + notes[0], "'+SUM(A1:A9)", "'@SUM(A1)", "-3.5", "''=already quoted", "'-1+1"]
    assert _read(tmp_path / "o.csv").events["notes"].tolist() == notes


def _workflow(tmp_path: Path, outputs: str) -> Path:
    table = _csv(tmp_path, "A1,2025-07-14,Battles,Sweida,32.7,36.5,1,x", name="in.csv")
    wf = tmp_path / "wf.toml"
    wf.write_text(f'[inputs]\nevents = ["{table.name}"]\n\n[outputs]\n{outputs}\n')
    return wf


def test_workflow_refuses_outputs_over_inputs_or_each_other(tmp_path):
    before = None
    for outputs in ('csv = "in.csv"', 'geojson = "a.json"\ncsv = "wf.toml"', 'geojson = "o.geojson"\nunplaced = "o.geojson"'):
        wf = _workflow(tmp_path, outputs)
        before = (tmp_path / "in.csv").read_bytes()
        assert main(["run", str(wf), "-q"]) == 2
        assert (tmp_path / "in.csv").read_bytes() == before and not (tmp_path / "o.geojson").exists()


def test_workflow_writes_all_outputs_or_none(tmp_path, monkeypatch):
    import geomap.writers as writers

    wf = _workflow(tmp_path, 'geojson = "o.geojson"\nparquet = "o.parquet"')
    assert main(["run", str(wf), "-q"]) == 0
    old = (tmp_path / "o.geojson").read_bytes(), (tmp_path / "o.parquet").read_bytes()
    (tmp_path / "in.csv").write_text((tmp_path / "in.csv").read_text().replace("Battles", "Riots"))
    original = writers._write_parquet

    def interrupted(gdf, path):
        original(gdf, path)
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "_write_parquet", interrupted)
    assert main(["run", str(wf), "-q"]) == 130
    assert ((tmp_path / "o.geojson").read_bytes(), (tmp_path / "o.parquet").read_bytes()) == old
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_output_refuses_symlinks_and_device_nodes(tmp_path):
    path = _csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")
    elsewhere = tmp_path / "elsewhere.geojson"
    elsewhere.write_text("keep me")
    (tmp_path / "link.geojson").symlink_to(elsewhere)
    code, err = _events(tmp_path, str(path), "-o", str(tmp_path / "link.geojson"), "--no-validate")
    assert code == 2 and "symbolic link" in err and elsewhere.read_text() == "keep me"
    assert (tmp_path / "link.geojson").is_symlink()
    code, err = _events(tmp_path, str(path), "-o", "/dev/null", "--format", "geojson", "--no-validate")
    assert code == 2 and "device" in err
    code, err = _events(tmp_path, str(path), "-o", str(path), "--format", "csv", "--no-validate")
    assert code == 2 and "overwrite the input" in err


def test_stale_temp_folders_of_dead_processes_are_cleaned(tmp_path):
    import subprocess

    dead = subprocess.run(["true"]).args and subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".o.geojson.geomap-{dead.pid}-abc.tmp"
    stale.mkdir()
    (stale / "o.geojson").write_text("half")
    live = tmp_path / f".o.geojson.geomap-{os.getpid()}-abc.tmp"  # ours, still running: kept
    live.mkdir()
    write_events(_read(_csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")).events, tmp_path / "o.geojson")
    assert not stale.exists() and live.exists()


def test_chromium_resolves_no_host_names():
    from geomap.rendering.browser import CHROMIUM_ARGS

    assert "--host-resolver-rules=MAP * ~NOTFOUND" in CHROMIUM_ARGS


def test_ids_do_not_depend_on_the_locale(monkeypatch):
    from geomap.model import conform

    line = gpd.GeoDataFrame({"date": ["2025-07-14"]}, geometry=[shapely.LineString([(36, 32), (36.5, 32.5)])], crs=4326)
    expected = conform(line)["id"].iloc[0]
    turkish = gpd.GeoSeries.to_wkt

    def dotted_i(self, **kw):  # what GEOS writes when the C library's toupper follows a Turkish locale
        return turkish(self, **kw).str.replace("I", "i")

    monkeypatch.setattr(gpd.GeoSeries, "to_wkt", dotted_i)
    assert conform(line)["id"].iloc[0] == expected


def test_geopackage_bytes_do_not_change_between_runs(tmp_path):
    events = _read(_csv(tmp_path, "A1,2025-07-14,Battles,S,32.7,36.5,1,x")).events
    write_events(events, tmp_path / "a" / "e.gpkg")
    time.sleep(1.1)
    write_events(events, tmp_path / "b" / "e.gpkg")
    assert (tmp_path / "a" / "e.gpkg").read_bytes() == (tmp_path / "b" / "e.gpkg").read_bytes()


# ------------------------------------------------------------------------------------ the index


def _fake_build(calls):
    import sqlite3

    from gazetteer import build

    def write_index(path, progress=False):
        calls.append(path)
        path.unlink(missing_ok=True)
        con = sqlite3.connect(path)
        con.executescript("CREATE TABLE meta (key, value); CREATE TABLE countries (cc, name, iso3, place);"
                          "CREATE TABLE names (key, place, quality);")  # fmt: skip
        con.execute("INSERT INTO meta VALUES ('version', ?)", (build.data_version(),))
        con.commit()
        con.close()
        return path

    return write_index


def test_first_build_says_so_and_a_damaged_index_is_rebuilt(tmp_path, monkeypatch, capsys):
    from gazetteer import build, index

    calls: list = []
    monkeypatch.setattr(build, "write_index", _fake_build(calls))
    monkeypatch.setattr(build, "QUIET", False)
    path = index.ensure_index(tmp_path)
    assert calls == [path] and "building the gazetteer index" in capsys.readouterr().err
    assert index.ensure_index(tmp_path) == path and len(calls) == 1  # sound: not rebuilt
    path.write_bytes(b"this is not a database" * 100)
    assert index.ensure_index(tmp_path) == path and len(calls) == 2
    assert "damaged" in capsys.readouterr().err


def test_gazetteer_build_takes_the_lock(tmp_path, monkeypatch):
    import contextlib

    from gazetteer import build, index

    calls: list = []
    held: list = []
    real_lock = index._file_lock

    @contextlib.contextmanager
    def recording(lock_path):
        with real_lock(lock_path):
            held.append(lock_path)
            yield

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(build, "write_index", _fake_build(calls))
    monkeypatch.setattr(index, "_file_lock", recording)
    assert main(["gazetteer", "build", "--force", "-q"]) == 0
    assert len(calls) == 1 and held == [tmp_path / ".gazetteer-build.lock"]
