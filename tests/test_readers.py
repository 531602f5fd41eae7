"""Readers: ACLED, UCDP GED and generic tables become events or unplaced rows with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely

from geomap.errors import InputError
from geomap.model import COLUMNS
from geomap.readers import (
    UNPLACED_COLUMNS,
    country_to_iso2,
    events_from_table,
    iso_dates,
    read_events,
    sources_from_text,
)

EV = Path(__file__).parent / "fixtures" / "events"


def test_acled_export_is_read_with_every_row_placed_or_reported():
    res = read_events(EV / "acled_sample.csv", gazetteer=_NoPlaces())
    assert len(res.events) + len(res.unplaced) == 6
    assert list(res.events.columns[: len(COLUMNS)]) == list(COLUMNS)
    first = res.events.iloc[0]
    assert first["id"] == "SYR90001"
    assert first["date"] == "2025-07-14"  # "14 July 2025"
    assert first["iso"] == "SY"  # numeric 760
    assert first["fatalities"] == 12
    assert first["sources"] == [
        {"name": "Local Monitor", "url": None},
        {"name": "Regional Daily", "url": None},
    ]
    assert first.geometry.equals(shapely.Point(36.5695, 32.709))
    assert first["source_row"] == 2
    assert first["disorder_type"] == "Political violence"  # ACLED columns the schema lacks are kept
    assert "year" not in res.events  # it only repeated the date
    third = res.events.set_index("id").loc["SYR90003"]
    assert third["date"] == "2025-07-16"  # "16/07/2025", day first
    assert res.events.set_index("id").loc["TUR90006", "iso"] == "TR"


def test_unplaced_rows_carry_file_row_field_and_reason():
    res = read_events(EV / "acled_sample.csv", gazetteer=_NoPlaces())
    un = res.unplaced.set_index("id")
    assert list(res.unplaced.columns) == list(UNPLACED_COLUMNS)
    assert un.loc["SYR90004", "source_row"] == 5
    assert un.loc["SYR90004", "field"] == "location"
    assert "Unmapped hamlet" in un.loc["SYR90004", "reason"]
    assert un.loc["SYR90005", "field"] == "latitude"
    assert "outside [-90, 90]" in un.loc["SYR90005", "reason"]
    assert "swapped" in un.loc["SYR90005", "reason"]
    assert un.loc["SYR90005", "source_file"].endswith("acled_sample.csv")


def test_ucdp_ged_is_translated():
    res = read_events(EV / "ucdp_sample.csv")
    assert len(res.events) == 3 and len(res.unplaced) == 0
    ev = res.events.set_index("id")
    a = ev.loc["ucdp-900001"]
    assert (a["date"], a["date_end"]) == ("2025-07-14", "2025-07-14")  # epoch seconds
    assert (a["event_type"], a["sub_event_type"]) == ("Battles", "Armed clash")
    assert (a["actor1"], a["actor2"]) == ("Government of Syria", "Druze militias")
    assert (a["fatalities"], a["fatalities_low"], a["fatalities_high"]) == (8, 6, 10)
    assert (a["where_prec"], a["geo_precision"]) == (1, 1)
    assert a["iso"] == "SY" and a["location"] == "Sweida town"
    assert [s["name"] for s in a["sources"]] == ["Wire A", "Wire B"]
    b = ev.loc["ucdp-900002"]
    assert b["event_type"] == "Violence against civilians"
    assert (b["date"], b["date_end"]) == ("2025-07-15", "2025-07-31")  # ISO dates too
    assert (b["where_prec"], b["geo_precision"], b["time_precision"]) == (4, 3, 3)
    c = ev.loc["ucdp-900003"]
    assert c["iso"] == "CD"  # "DR Congo (Zaire)"
    assert (c["where_prec"], c["geo_precision"], c["time_precision"]) == (2, 2, 2)
    assert c["relid"] == "COD-2025-2-3-3"  # UCDP codes kept as extra columns


def test_generic_columns_are_matched_case_insensitively():
    res = read_events(EV / "generic_coords.csv", gazetteer=_NoPlaces())
    ev = res.events.set_index("id")
    assert set(ev.index) == {"G-1", "G-2"}
    g1 = ev.loc["G-1"]
    assert g1["event_type"] == "Battles" and g1["location"] == "Sweida" and g1["fatalities"] == 3
    assert g1["notes"] == 'Fighting near the "old" market'
    assert g1["sources"] == [{"name": "news.example.org", "url": "https://news.example.org/a1"}]
    assert g1["Reporter"] == "Example News"  # unknown column kept under its own name
    # G-4's date and count cannot be read: the row is unplaced with the first reason, not changed
    assert res.unplaced["id"].tolist() == ["G-3", "G-4"]
    assert "Nowhere" in res.unplaced["reason"].iloc[0]
    assert res.unplaced["field"].iloc[1] == "Date" and "not a date" in res.unplaced["reason"].iloc[1]
    kept = read_events(EV / "generic_coords.csv", gazetteer=_NoPlaces(), keep_invalid=True)
    g4 = kept.events.set_index("id").loc["G-4"]
    assert g4["date"] is None and pd.isna(g4["fatalities"])  # left empty, and reported as errors
    assert any(i.field == "Killed" and i.row == 5 and "about five" in i.message and i.severity == "error"
               for i in kept.issues)  # fmt: skip


def test_wkt_rows_keep_lines_and_polygons_and_report_bad_wkt():
    res = read_events(EV / "wkt_events.csv")
    types = dict(zip(res.events["id"], res.events.geom_type, strict=True))
    assert types == {"W-1": "Point", "W-2": "LineString", "W-3": "Polygon"}
    assert res.unplaced["id"].tolist() == ["W-4"]
    assert res.unplaced["field"].iloc[0] == "wkt" and "WKT" in res.unplaced["reason"].iloc[0]


def test_unknown_layout_lists_columns_found_and_expected():
    with pytest.raises(InputError) as err:
        read_events(EV / "unknown_layout.csv")
    text = str(err.value)
    assert "alpha, beta, gamma" in text and "latitude" in text and "unknown_layout.csv" in text


def test_missing_file_and_unknown_suffix_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_events(tmp_path / "absent.csv")
    odd = tmp_path / "events.dat"
    odd.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="format"):
        read_events(odd)


def test_xlsx_json_and_geojson_inputs(tmp_path):
    frame = pd.DataFrame(
        {
            "Date": [pd.Timestamp("2025-07-14")],
            "Event Type": ["Battles"],
            "Latitude": [32.709],
            "Longitude": [36.5695],
        }
    )
    frame.to_excel(tmp_path / "e.xlsx", index=False)
    x = read_events(tmp_path / "e.xlsx").events.iloc[0]
    assert x["date"] == "2025-07-14" and x["event_type"] == "Battles" and x["source_row"] == 2
    api = {
        "data": [{"event_id_cnty": "J1", "event_date": "2025-07-14", "latitude": "32.7", "longitude": "36.5"}]
    }
    (tmp_path / "api.json").write_text(json.dumps(api))
    j = read_events(tmp_path / "api.json").events.iloc[0]
    assert j["id"] == "J1" and j["source_row"] == 1
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[36.29, 33.51], [36.57, 32.71]]},
                "properties": {"date": "2025-07-16", "event_type": "Strategic developments"},
            }
        ],
    }
    for name in ("fc.json", "fc.geojson"):
        (tmp_path / name).write_text(json.dumps(fc))
        g = read_events(tmp_path / name).events.iloc[0]
        assert g.geometry.geom_type == "LineString" and g["date"] == "2025-07-16"


def test_several_files_are_combined_in_order():
    res = read_events([EV / "wkt_events.csv", EV / "ucdp_sample.csv"])
    assert res.events["id"].tolist() == ["W-1", "W-2", "W-3", "ucdp-900001", "ucdp-900002", "ucdp-900003"]
    assert len(res.unplaced) == 1


def test_partition_function_reports_whole_table_rows():
    frame = pd.read_csv(EV / "generic_coords.csv", dtype=str)
    part = frame.iloc[2:]  # keeps the table's index, as a partitioned engine would
    res = events_from_table(part, source_file="g.csv", gazetteer=_NoPlaces())
    assert res.unplaced["source_row"].tolist() == [4, 5]  # G-4's date is not a date
    assert res.events["source_row"].tolist() == []


def test_place_names_are_geocoded_with_country_hints(gz):
    res = read_events(EV / "generic_places.csv", gazetteer=gz)
    assert len(res.events) == 2
    sweida = res.events.iloc[0]
    assert sweida["iso"] == "SY" and sweida["geonameid"] > 0 and 0 < sweida["confidence"] <= 1
    assert sweida["match_name"] and isinstance(sweida["alternatives"], list)
    assert abs(sweida.geometry.y - 32.71) < 0.1 and abs(sweida.geometry.x - 36.57) < 0.1
    assert res.unplaced["location"].tolist() == ["Atlantisville"]
    assert res.unplaced["field"].tolist() == ["location"]


def test_movement_rows_become_lines_and_area_rows_polygons(gz):
    moves = read_events(EV / "movements.csv", gazetteer=gz)
    assert moves.events.geom_type.tolist() == ["LineString"]
    start, end = shapely.get_coordinates(moves.events.geometry.iloc[0])
    assert start[1] > end[1]  # Damascus is north of Sweida
    assert moves.unplaced["field"].tolist() == ["to"] and "Atlantisville" in moves.unplaced["reason"].iloc[0]
    areas = read_events(EV / "areas.csv", gazetteer=gz)
    assert areas.events.geom_type.isin(["Polygon", "MultiPolygon"]).tolist() == [True]
    assert areas.events.geometry.iloc[0].contains(shapely.Point(36.57, 32.71))
    assert areas.unplaced["reason"].str.contains("no polygon").tolist() == [True]


def test_date_forms():
    values = ["2025-07-14", "14 July 2025", 1752451200, "16/07/2025", None, "soon", "2025-07-14T01:30:00+03:00",
              pd.Timestamp("2025-07-14 18:00"), " 2025-07-14 ", "2025-02-30"]  # fmt: skip
    got = iso_dates(pd.Series(values, dtype=object))
    assert got.tolist() == ["2025-07-14", "2025-07-14", "2025-07-14", "2025-07-16", None, "soon", "2025-07-14",
                            "2025-07-14", "2025-07-14", "2025-02-30"]  # fmt: skip
    stamps = pd.Series(pd.to_datetime(["2025-07-14 18:00", None]))
    assert iso_dates(stamps).tolist() == ["2025-07-14", None]


def test_country_codes():
    assert [country_to_iso2(v) for v in ("760", "SYR", "sy", "Syria", "DR Congo (Zaire)", 792.0, "Atlantis")] == [
        "SY", "SY", "SY", "SY", "CD", "TR", None,
    ]  # fmt: skip


def test_sources_from_text_pairs_names_and_urls():
    assert sources_from_text("A; B", "https://a.example/x https://b.example/y") == [
        {"name": "A", "url": "https://a.example/x"},
        {"name": "B", "url": "https://b.example/y"},
    ]
    assert sources_from_text('[{"name": "A", "url": null}]') == [{"name": "A", "url": None}]


class _NoPlaces:
    """A gazetteer that knows no place: keeps coordinate tests independent of the place data."""

    def geocode_many(self, names, country=None):
        return [None for _ in names]

    def geocode(self, name, country=None, kind=None):
        return None


def test_text_is_trimmed_and_blank_is_missing():
    frame = pd.DataFrame(
        {"event_type": ["  Battles ", "   "], "lat": ["32.7", "33.5"], "lon": ["36.5", "36.3"]}
    )
    res = events_from_table(frame)
    assert res.events["event_type"].tolist() == ["Battles", None]


@pytest.mark.parametrize(
    "cell, kept",
    [
        ("\u00a0Daraa", "Daraa"),  # a no-break space (two bytes in UTF-8) before the name
        ("Tal Abyad\u3000", "Tal Abyad"),  # an ideographic space (three bytes) after it
        ("\u062f\u0631\u0639\u0627 ", "\u062f\u0631\u0639\u0627"),  # Arabic script, an ASCII space after
        ("\u062f\u0631\u0639\u0627", "\u062f\u0631\u0639\u0627"),  # multi-byte at both ends, nothing to trim
        ("\x1fIdlib", "Idlib"),  # a unit separator counts as white space
        ("Homs\u200b", "Homs\u200b"),  # a zero-width space is not white space: kept
    ],
)
def test_csv_cells_are_trimmed_of_unicode_white_space_at_either_end(tmp_path, cell, kept):
    path = tmp_path / "events.csv"
    rows = ["Armed clash", cell] + [f"Place {i}" for i in range(50)]  # the odd cell among plain ones
    path.write_text("location,lat,lon\n" + "".join(f'"{r}",33.1,36.2\n' for r in rows), encoding="utf-8")
    res = read_events(path, gazetteer=_NoPlaces())
    assert res.events["location"].iloc[1] == kept
    assert res.events["location"].iloc[0] == "Armed clash"
