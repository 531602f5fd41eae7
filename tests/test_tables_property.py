"""Property-based tests over generated event tables (hypothesis).

For any table: reading never crashes (a clear ``InputError`` at most), every row is placed or unplaced
(rows in = placed + unplaced), and the placed events round-trip exactly through every writer.
``GEOMAP_FUZZ_EXAMPLES`` sets the number of tables (CI runs the default, a bounded number).
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from geomap.errors import InputError, OutputError
from geomap.model import COLUMNS
from geomap.readers import read_events
from geomap.writers import WRITE_FORMATS, write_events

EXAMPLES = int(os.environ.get("GEOMAP_FUZZ_EXAMPLES", "20"))
SUFFIX = {"geojson": ".geojson", "geojsonseq": ".geojsons", "gpkg": ".gpkg", "csv": ".csv", "parquet": ".parquet"}


class _NoPlaces:
    def geocode_many(self, names, country=None):
        return [None for _ in names]

    def geocode(self, name, country=None, kind=None):
        return None


#: Any character a text file can hold (no lone surrogates), with the troublesome ones made likely.
TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("=+-@'\"\t\r\n,;|\\ ") + ["\x00", "\x1e", "\u2028", "é", "ي"]),
    ),
    max_size=40,
)
DATE = st.one_of(
    st.dates().map(str),
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["1.5", "2025-02-30", "soon", "", "1751587200000", "2025-7-4"]),
    TEXT,
)
COORD = st.one_of(
    st.integers(-200_000_000, 200_000_000).map(lambda v: str(v / 1_000_000)),
    st.sampled_from(["nan", "inf", "-inf", "", "1e400", "abc", "95", "-181"]),
)
COUNT = st.one_of(
    st.integers(-5, 10**6).map(str),
    st.sampled_from(["1.5", "inf", "1e20", "99999999999999999999", "", "12.0", "x", "-0"]),
)
ROW = st.fixed_dictionaries(
    {
        "event_date": DATE,
        "event_type": st.one_of(st.sampled_from(["Battles", "Riots/Protests", "Remote violence", "Protests"]), TEXT),
        "latitude": COORD,
        "longitude": COORD,
        "fatalities": COUNT,
        "inter1": st.sampled_from(["", "1", "State forces", "Rioters", "9", "x"]),
        "notes": TEXT,
        "extra": TEXT,
    }
)


def _write_table(rows: list[dict], folder: Path) -> Path:
    frame = pd.DataFrame(rows)
    frame.insert(0, "event_id_cnty", [f"T{i}" for i in range(len(rows))])
    path = folder / "table.csv"
    frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return path


def _comparable(events: pd.DataFrame) -> pd.DataFrame:
    """Schema columns (and extras) as plain Python values, geometry as WKT, for exact comparison."""
    out = {}
    for name in [*COLUMNS, *[c for c in events.columns if c not in COLUMNS and c != "geometry"]]:
        if name in ("source_file", "source_row"):
            continue
        values = events[name] if name in events else pd.Series([None] * len(events))
        out[name] = [None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v for v in values.tolist()]
    out["geometry"] = shapely.to_wkt(np.asarray(events.geometry.values, dtype=object), rounding_precision=6)
    return pd.DataFrame(out)


def _has_nul(events: pd.DataFrame) -> bool:
    return any(isinstance(v, str) and "\x00" in v for c in events.columns for v in events[c])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=None if os.environ.get("GEOMAP_FUZZ_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate),
)
@given(st.lists(ROW, min_size=0, max_size=12))
def test_any_table_reads_without_crash_and_round_trips(rows):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write_table(rows, folder)
        try:
            res = read_events(path, gazetteer=_NoPlaces())
        except InputError:
            return  # a clear, one-line refusal (an empty file) is allowed; a crash is not
        assert len(res.events) + len(res.unplaced) == len(rows)
        assert res.unplaced["reason"].notna().all()
        assert sorted([*res.events["id"], *res.unplaced["id"]]) == sorted(f"T{i}" for i in range(len(rows)))
        expected = _comparable(res.events)
        for fmt in WRITE_FORMATS:
            out = folder / f"out{SUFFIX[fmt]}"
            try:
                write_events(res.events, out)
            except OutputError as exc:  # GeoPackage cannot hold a NUL: refused, named, not cut short
                assert fmt == "gpkg" and "NUL" in str(exc) and _has_nul(res.events)
                continue
            back = read_events(out, gazetteer=_NoPlaces())
            assert back.unplaced.empty, (fmt, back.unplaced)
            if res.events.empty:  # no events: no columns to compare (empty extras are not written)
                assert back.events.empty
                continue
            got = _comparable(back.events)
            pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False, obj=fmt)


@pytest.mark.parametrize("fmt", WRITE_FORMATS)
def test_empty_tables_round_trip(tmp_path, fmt):
    path = tmp_path / "t.csv"
    path.write_text("event_id_cnty,event_date,latitude,longitude\n")
    res = read_events(path, gazetteer=_NoPlaces())
    out = tmp_path / f"o{SUFFIX[fmt]}"
    write_events(res.events, out)
    assert len(read_events(out, gazetteer=_NoPlaces()).events) == 0
