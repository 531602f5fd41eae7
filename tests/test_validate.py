"""Validation: each problem is reported once, with its row and field."""

from __future__ import annotations

import shapely

from geomap.model import events_from_records
from geomap.validate import Issue, validate_events

GOOD = {"date": "2025-07-14", "event_type": "Battles", "sub_event_type": "Armed clash", "iso": "SY"}
SWEIDA = shapely.Point(36.5695, 32.709)


def _table(*rows):
    records = [{**GOOD, "id": f"e{i}", "source_row": i + 2, **r} for i, (r, _) in enumerate(rows)]
    return events_from_records(records, [g for _, g in rows])


def _fields(issues: list[Issue]) -> set[tuple[int, str, str]]:
    return {(i.row, i.field, i.severity) for i in issues}


def test_clean_rows_give_no_issue(gz):
    assert (
        validate_events(_table(({}, SWEIDA), ({"iso": "TR"}, shapely.Point(32.85, 39.92))), gazetteer=gz)
        == []
    )


def test_swapped_coordinates_are_caught_by_the_country_polygon(gz):
    issues = validate_events(_table(({}, SWEIDA), ({}, shapely.Point(32.709, 36.5695))), gazetteer=gz)
    assert _fields(issues) == {(3, "geometry", "error")}
    assert "swapped" in issues[0].message


def test_flipped_sign_is_named(gz):
    issues = validate_events(_table(({}, shapely.Point(36.5695, -32.709))), gazetteer=gz)
    assert _fields(issues) == {(2, "geometry", "error")}
    assert "latitude sign flipped" in issues[0].message


def test_point_outside_its_country_without_a_swap_is_a_warning(gz):
    issues = validate_events(_table(({"iso": "IQ"}, SWEIDA)), gazetteer=gz)
    assert _fields(issues) == {(2, "geometry", "warning")}


def test_out_of_range_and_empty_geometries():
    bowtie = shapely.Polygon([(36, 32), (37, 33), (37, 32), (36, 33)])
    rows = (
        ({}, shapely.Point(200, 10)),
        ({}, shapely.Point(10, -95)),
        ({}, shapely.Point()),
        ({}, None),
        ({}, bowtie),
    )
    issues = validate_events(_table(*rows), check_countries=False)
    assert _fields(issues) == {
        (2, "geometry", "error"),
        (3, "geometry", "error"),
        (4, "geometry", "error"),
        (5, "geometry", "error"),
        (6, "geometry", "warning"),
    }
    assert "Self-intersection" in issues[-1].message
    assert "longitude" in issues[0].message and "latitude" in issues[1].message


def test_dates_types_ids_and_counts():
    rows = (
        ({"date": None}, SWEIDA),
        ({"date": "14/07/2025"}, SWEIDA),
        ({"date": "2025-02-30"}, SWEIDA),
        ({"date_end": "2025-07-01"}, SWEIDA),
        ({"event_type": "Skirmish"}, SWEIDA),
        ({"sub_event_type": "Grenade"}, SWEIDA),
        ({"geo_precision": 5, "role": "rumour"}, SWEIDA),
        ({"fatalities": 10, "fatalities_low": 12, "fatalities_high": 20}, SWEIDA),
    )
    table = _table(*rows)
    table.loc[7, "id"] = "e0"  # duplicates the first row's id
    issues = validate_events(table, check_countries=False)
    assert _fields(issues) == {
        (2, "date", "warning"),  # a missing date is suspicious, not wrong
        (3, "date", "error"),
        (4, "date", "error"),
        (5, "date_end", "error"),
        (6, "event_type", "warning"),
        (7, "sub_event_type", "warning"),
        (8, "geo_precision", "warning"),
        (8, "role", "warning"),
        (9, "fatalities", "warning"),
        (9, "id", "error"),
    }
    assert str(next(i for i in issues if i.field == "id")) == "row 9, field 'id': error: 'e0' repeats the id of row 2"


def test_rows_without_source_row_are_numbered_by_position():
    table = events_from_records([{**GOOD, "date": None}], [SWEIDA])
    assert validate_events(table, check_countries=False)[0].row == 0
