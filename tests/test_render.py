"""Renderer: encoding, layers, escaping, offline inlining and the ``geomap map`` command (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import numpy as np
import pytest
from shapely.geometry import LineString, Point, Polygon

from geomap.cli import main
from geomap.errors import UsageError
from geomap.model import events_from_records
from geomap.rendering import inline_assets, map_html, render, save_map
from geomap.rendering.basemap import load_basemap
from geomap.rendering.encode import _source_tables, encode_events

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "sweida.geojson"
HOSTILE_NOTE = "<img src=x onerror=alert(1)>"
HOSTILE_SOURCE = "<script>alert(1)</script>"


def sweida_events():
    """A small hand-made table: points, a context place, a movement, an admin area, hostile text."""
    src = [{"name": "Local monitor", "url": "https://example.org/report/1"}]
    records = [
        dict(date="2025-07-13", event_type="Violence against civilians", actor1="Tribal militia",
             actor2="Civilians (Syria)", location="Sweida", admin1="As-Suwayda", country="Syria", iso="SY",
             geo_precision=1, fatalities=0, match_name="As Suwayda", confidence=0.93,
             notes="A trader was seized on the highway.", sources=src),
        dict(date="2025-07-14", event_type="Battles", actor1="Druze factions", actor2="Tribal militia",
             location="Sweida", admin1="As-Suwayda", country="Syria", iso="SY", geo_precision=1, fatalities=30,
             notes="Clashes in the city.", sources=src),
        dict(date="2025-07-15", event_type="Explosions/Remote violence", actor1="Air force",
             location="Damascus", admin1="Damascus", country="Syria", iso="SY", geo_precision=1, fatalities=3,
             notes=HOSTILE_NOTE,
             sources=[{"name": HOSTILE_SOURCE, "url": "javascript:alert(1)"},
                      {"name": "Wire", "url": "https://example.com/wire"}]),
        dict(date="2025-07-16", event_type="Battles", actor1="Army", actor2="Druze factions",
             location="Busra al-Harir", admin1="Daraa", country="Syria", iso="SY", geo_precision=2,
             fatalities=12, notes="Fighting near the village.", sources=src),
        dict(date="2025-07-14", event_type="Strategic developments", actor1="Army",
             location="Damascus to Sweida", country="Syria", iso="SY", geo_precision=2, sources=src,
             notes="Columns moved south."),
        dict(date="2025-07-18", event_type="Protests", actor1="Protesters (Syria)",
             location="As-Suwayda Governorate", country="Syria", iso="SY", geo_precision=3, notes="A rally."),
        dict(date="2025-07-19", event_type="Strategic developments", actor1="Government of Turkey",
             location="Ankara", country="Turkey", iso="TR", role="context", notes="A statement."),
    ]  # fmt: skip
    geoms = [
        Point(36.5663, 32.7089),
        Point(36.575, 32.712),
        Point(36.2913, 33.5138),
        Point(36.34, 32.842),
        LineString([(36.2913, 33.5138), (36.5663, 32.7089)]),
        Polygon([(36.3, 32.45), (37.1, 32.45), (37.1, 33.1), (36.3, 33.1)]),
        Point(32.8597, 39.9334),
    ]
    return events_from_records(records, geoms)


def decoded(events) -> dict:
    enc = encode_events(events, load_basemap(tuple(events.total_bounds)).admin1)
    return json.loads(enc.json)


def test_encode_columns_and_codes():
    ev = sweida_events()
    data = decoded(ev)
    assert data["n"] == 7
    assert data["x"][0] == 365663 and data["y"][0] == 327089
    assert data["types"][: len(set(ev["event_type"]))][0] == "Battles"  # ACLED order, not table order
    assert [data["types"][t] for t in data["t"]] == ev["event_type"].tolist()
    assert data["ctx"] == [0, 0, 0, 0, 0, 0, 1]
    assert data["f"][:4] == [0, 30, 3, 12] and data["f"][4] == -1
    assert data["q"][0] == 93 and data["q"][1] == -1
    assert data["d"][0] == (np.datetime64("2025-07-13") - np.datetime64("1970-01-01")).astype(int)
    assert "de" not in data  # no spans: the column is left out


def test_encode_anchors_movement_destination_and_area_inside():
    data = decoded(sweida_events())
    assert (data["x"][4], data["y"][4]) == (365663, 327089)  # a movement is drawn at its destination
    area = Polygon([(36.3, 32.45), (37.1, 32.45), (37.1, 33.1), (36.3, 33.1)])
    assert area.contains(Point(data["x"][5] / 1e4, data["y"][5] / 1e4))
    [line] = data["lines"]
    assert line[0] == 4 and line[1] is False  # two vertices: route unknown, drawn dashed
    assert line[2] == [[33.5138, 36.2913], [32.7089, 36.5663]]
    assert [a[0] for a in data["areas"]] == [5]


def test_route_known_from_vertices_or_column():
    ev = sweida_events()
    ev.loc[4, "geometry"] = LineString([(36.29, 33.51), (36.45, 33.1), (36.56, 32.7)])
    assert decoded(ev)["lines"][0][1] is True
    ev["route_known"] = [None, None, None, None, False, None, None]
    assert decoded(ev)["lines"][0][1] is False


def test_encode_assigns_admin1_areas():
    ev = sweida_events()
    basemap = load_basemap(tuple(ev.total_bounds))
    data = json.loads(encode_events(ev, basemap.admin1).json)
    names = basemap.admin1["name"].tolist()
    assert "Suwayda" in names[data["adm"][0]] or "Suwayda" in names[data["adm"][0]].replace("-", "")
    assert data["adm"][2] >= 0 and "Damas" in names[data["adm"][2]]


def test_encode_keeps_only_http_links_and_escapes_script_end():
    enc = encode_events(sweida_events())
    assert "</" not in enc.json and "<" not in enc.json
    data = json.loads(enc.json)
    start = sum(data["srcn"][:2])
    table = [data["src_"][c] for c in data["src"][start : start + data["srcn"][2]]]
    assert table == [[HOSTILE_SOURCE, None], ["Wire", "https://example.com/wire"]]
    assert data["srcn"] == [1, 1, 2, 1, 1, 0, 0]
    assert data["notes"][2] == HOSTILE_NOTE


def test_encode_counts_undrawable_rows():
    ev = sweida_events()
    ev.loc[1, "geometry"] = None
    ev.loc[3, "geometry"] = Point()
    enc = encode_events(ev)
    assert (enc.drawable, enc.undrawable) == (5, 2)
    assert json.loads(enc.json)["ok"] == [1, 0, 1, 0, 1, 1, 1]
    assert "ok" not in json.loads(encode_events(sweida_events()).json)  # all drawable: left out
    assert "2 event(s) without coordinates are not drawn" in map_html(render(ev))


def test_encode_groups_rare_actors():
    rows = [
        dict(date="2025-01-01", event_type="Battles", actor1=f"Group {i % 20}", actor2="Army")
        for i in range(60)
    ]
    ev = events_from_records(rows, [Point(36 + i / 100, 33) for i in range(60)])
    enc = encode_events(ev)
    assert enc.actor_groups[0] == "Army" and enc.actor_groups[-1] == "Other actors"
    assert len(enc.actor_groups) == 13
    assert enc.actor_group_counts[0] == 60
    assert sum(enc.actor_group_counts[1:]) == 60  # each event also counted once for its other actor


def test_render_returns_folium_map_with_every_feature():
    m = render(sweida_events(), title="Sweida, July 2025")
    assert isinstance(m, folium.Map)
    page = map_html(m)
    for feature in (
        "Geomap.MarkerLayer",
        "Geomap.movements",
        "Geomap.precisionAreas",
        "Geomap.Choropleth",
        "Geomap.HeatLayer",
        "Geomap.VectorBasemap",
        "L.control.groupedLayers",
        "Geomap.Legend",
        "Geomap.TimeControl",
        "Geomap.SearchControl",
        "L.Control.MiniMap",
        "L.control.fullscreen",
        "L.Control.Measure",
        "L.control.scale",
        "GeoNames (geonames.org), CC BY 4.0",
        "made with Natural Earth",
    ):
        assert feature in page, feature
    for provider in ("OpenStreetMap", "CartoDB Positron", "CartoDB Dark Matter", "Esri World Imagery"):
        assert json.dumps(provider) in page


def test_hostile_text_never_reaches_the_page_as_markup():
    ev = sweida_events()
    ev.loc[0, "actor1"] = '<b onmouseover="alert(1)">Militia</b>'
    page = map_html(render(ev, title="<script>alert(1)</script>"))
    assert HOSTILE_NOTE not in page
    assert "<script>alert(1)" not in page
    assert "<b onmouseover" not in page
    control = page[page.index("L.control.groupedLayers") :].replace("\\u0026", "&")
    assert "&lt;b onmouseover=&quot;alert(1)&quot;&gt;Militia&lt;/b&gt; (1)" in control


def test_template_syntax_in_event_text_is_not_evaluated():
    ev = sweida_events()
    ev.loc[0, "notes"] = "total {{ 7*7 }} and {% if true %}yes{% endif %}"
    page = map_html(render(ev, title="{{ 6*7 }}"))
    assert "total {{ 7*7 }} and {% if true %}yes{% endif %}" in page
    assert "total 49" not in page and '"42"' not in page


def test_same_events_give_the_same_page():
    assert map_html(render(sweida_events()), offline=True) == map_html(render(sweida_events()), offline=True)


def test_large_tables_are_drawn_on_canvas():
    ev = sweida_events()
    assert "Geomap.CanvasLayer" in map_html(render(ev, marker_limit=3))
    assert "Geomap.MarkerLayer" in map_html(render(ev, marker_limit=100))


def test_offline_page_inlines_every_asset_and_opens_on_the_embedded_basemap(tmp_path):
    m = render(sweida_events())
    online = map_html(m)
    assert re.search(r'<script src="https://', online)
    out = save_map(m, tmp_path / "map.html", offline=True)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r'<script src="https?://', page)
    assert not re.search(r'<link[^>]+href="https?://', page)
    assert "L.Control.GroupedLayers" in page  # the plugin's code itself is in the file
    vector = re.search(r"var (vector_basemap_\w+) = new Geomap.VectorBasemap", page)[1]
    assert f"{vector}.addTo(" in page
    assert ".addTo(" not in page.split("L.tileLayer(")[1].split(";")[0]
    assert list(tmp_path.iterdir()) == [out]  # atomic: no temporary file left behind
    assert f"{vector}.addTo(" not in map_html(m)  # saving offline left the map itself as it was


def test_inline_assets_refuses_unknown_assets():
    with pytest.raises(UsageError, match="no packaged copy"):
        inline_assets('<script src="https://example.org/unknown.js"></script>')


def test_render_empty_table():
    ev = sweida_events().iloc[:0]
    page = map_html(render(ev))
    assert "Geomap.Store" in page


def test_cli_map_writes_offline_html(tmp_path, capsys):
    out = tmp_path / "map.html"
    code = main(["map", str(FIXTURE), "-o", str(out), "--title", "Sweida", "--offline", "-q"])
    assert code == 0
    assert "7 events drawn" in capsys.readouterr().out
    assert not re.search(r'<script src="https?://', out.read_text(encoding="utf-8"))


def test_cli_map_reports_unplaced_rows(tmp_path):
    table = tmp_path / "events.csv"
    table.write_text(
        "event_date,event_type,actor1,location,country,latitude,longitude,fatalities\n"
        "2025-07-14,Battles,Faction A,Sweida,Syria,32.7089,36.5663,3\n"
        "2025-07-15,Battles,Faction B,Sweida,Syria,132.7,36.5,1\n",
        encoding="utf-8",
    )
    out = tmp_path / "map.html"
    assert main(["map", str(table), "-o", str(out), "-q"]) == 1
    report = (tmp_path / "map.unplaced.csv").read_text(encoding="utf-8")
    assert "132.7" in report
    assert "1 input row(s) could not be placed and are not on this map" in out.read_text(encoding="utf-8")


def test_cli_map_bad_input_is_an_error(tmp_path, capsys):
    bad = tmp_path / "nothing.geojson"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["map", str(bad), "-o", str(tmp_path / "m.html")]) == 2
    assert "error" in capsys.readouterr().err


def test_page_scripts_are_real_files_that_parse(tmp_path):
    """Every script under geomap/assets parses (node --check, else skipped) and reaches the page."""
    import shutil
    import subprocess

    from geomap.rendering.assets import asset_text, script_names

    names = script_names()
    assert {"geomap-core.js", "geomap-markers.js", "geomap-canvas.js", "geomap-basemap.js"} <= set(names)
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed: the browser tests parse the scripts instead")
    for name in names:
        done = subprocess.run([node, "--check", "-"], input=asset_text(name), capture_output=True, text=True)
        assert done.returncode == 0, f"{name}: {done.stderr}"
    page = map_html(render(sweida_events()))
    for name in ("geomap-core.js", "geomap-markers.js", "geomap-popup.js", "geomap-controls.js"):
        assert asset_text(name) in page
    assert "geomap-canvas.js" not in page and asset_text("geomap-canvas.js") not in page  # only what is used


def test_town_labels_come_from_the_gazetteer_places_table(monkeypatch):
    """A village in the index's places table (any source layer) is labelled with no change here."""
    import sqlite3

    from geomap.rendering import labels
    from geomap.rendering.basemap import world_countries

    con = sqlite3.connect(":memory:", check_same_thread=False)
    con.executescript(
        "CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL, cc TEXT,"
        " admin1 TEXT, admin2 TEXT, fcode TEXT, kind TEXT, population INTEGER, source TEXT, geom INTEGER);"
        "CREATE TABLE names (key TEXT, place INTEGER, quality INTEGER);"
        "INSERT INTO places VALUES (1, NULL, 'Umm Testa', 32.71, 36.60, 'SY', NULL, NULL, 'PPL', 'city', 0, 'wof', NULL);"
        "INSERT INTO places VALUES (2, 9, 'Big Town', 32.9, 36.4, 'SY', NULL, NULL, 'PPLA', 'city', 500000, 'geonames', NULL);"
        "INSERT INTO places VALUES (3, NULL, 'Far Away', 10.0, 10.0, 'NG', NULL, NULL, 'PPL', 'city', 900000, 'geonames', NULL);"
        "INSERT INTO names VALUES ('ام تيسه', 1, 1);"
    )

    class FakeIndex:
        country_names, country_place = {"SY": "Syria"}, {"SY": None}

        def query(self, sql, params=()):
            return con.execute(sql, params).fetchall()

    monkeypatch.setattr(labels, "open_index", lambda: FakeIndex())
    admin1 = load_basemap((36.2, 32.5, 36.7, 33.6)).admin1
    data = json.loads(labels.build_labels(world_countries(), admin1, (36.2, 32.5, 36.7, 33.6)))
    assert [p[0] for p in data["places"]] == ["Big Town", "Umm Testa"]  # biggest first, nothing far away
    assert data["places"][1][3] > data["places"][0][3]  # the village appears only at a closer zoom
    arabic = json.loads(labels.build_labels(world_countries(), admin1, (36.2, 32.5, 36.7, 33.6), "ar"))
    assert arabic["places"][1][0] == "ام تيسه" and arabic["places"][0][0] == "Big Town"  # no Arabic name: as is
    assert any(s[0] == "Mediterranean Sea" for s in data["seas"])
    assert "Syria" in [c[0] for c in data["countries"]] and "As-Suwayda" in [a[0] for a in data["admin1"]]


def test_render_rejects_unknown_layers_and_basemaps():
    with pytest.raises(UsageError, match="unknown layers"):
        render(sweida_events(), layers=["heatmap-xyz"])
    with pytest.raises(UsageError, match="unknown basemaps"):
        render(sweida_events(), basemaps=["Google"])


def test_source_tables_share_pairs_in_first_appearance_order():
    import pandas as pd

    sources = pd.Series(
        [
            [{"name": "Monitor", "url": "https://m.example/1"}, {"name": "Wire", "url": "javascript:alert(1)"}],
            [],
            [{"name": "Wire", "url": "javascript:alert(1)"}, None, {"url": 5}],
            [{"name": "Monitor", "url": "https://m.example/1"}],
        ],
        dtype=object,
    )
    counts, codes, table = _source_tables(sources)
    assert counts == [2, 0, 3, 1]
    assert codes == [0, 1, 1, 2, 0]  # None is no source; a non-string url is dropped
    assert table == [["Monitor", "https://m.example/1"], ["Wire", None], [None, None]]
