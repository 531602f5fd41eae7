"""Report-ready maps in headless Chromium, network blocked: labels, stacked events, doubtful
placements, the print layout, and the fixed bugs (each test here failed before its fix).

Skipped when /usr/bin/chromium is missing, except under CI=true, where a missing browser fails (the
harness imported from ``test_render_browser`` decides that).
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from shapely.geometry import Point

from geomap.model import events_from_records
from geomap.rendering import render, save_map
from geomap.rendering.browser import chromium

sys.path.insert(0, str(Path(__file__).parent))
from test_render import FIXTURE, sweida_events  # noqa: E402
from test_render_browser import Page  # noqa: E402  (importing it skips this module without Chromium)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b

MAP = "Object.values(window).find((v) => v instanceof L.Map)"
STORE = "Object.values(window).find((v) => v instanceof Geomap.Store)"


def open_map(browser, path: Path, size=(1200, 800)) -> Page:
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]})
    return Page(tab, path)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of an 8-bit RGBA or RGB PNG (as Chromium writes them)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width = 8, [], 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour = struct.unpack(">IIBB", body[:10])
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(b"".join(chunks)), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if channels == 4 else bytes(x for k in range(width) for x in (*line[3 * k : 3 * k + 3], 255)))
        prev = line
    return width, height, rows


def pixel_at(page: Page, lat: float, lon: float) -> tuple[int, int, int]:
    x, y = page.page.evaluate(f"([a, b]) => {{ const p = {MAP}.latLngToContainerPoint([a, b]); return [p.x, p.y]; }}", [lat, lon])
    _, _, rows = png_pixels(page.page.screenshot(clip={"x": int(x), "y": int(y), "width": 1, "height": 1}))
    return tuple(rows[0][:3])


def choose_base(page: Page, name: str) -> None:
    page.expand_layers()
    page.page.locator(".leaflet-control-layers-base label", has_text=name).locator("input").click()


@pytest.fixture(scope="module")
def sweida_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "map.html"
    save_map(render(sweida_events(), title="Sweida, July 2025"), path, offline=True)
    return path


# ---- bugs ----------------------------------------------------------------------------------


def test_precision_areas_survive_a_basemap_switch(browser, sweida_map):
    page = open_map(browser, sweida_map)
    inside = (32.6, 37.0)  # in the governorate-wide protest area, away from markers and lines
    before = pixel_at(page, *inside)
    choose_base(page, "OpenStreetMap")
    choose_base(page, "Natural Earth (offline)")
    page.page.mouse.move(5, 400)  # let the layer control fold away
    page.page.wait_for_timeout(150)
    assert pixel_at(page, *inside) == before  # still tinted by the area, not the bare basemap
    assert before != (246, 243, 234)  # the basemap's land colour: the area really was drawn there
    page.page.close()


def test_legend_counts_follow_the_time_slider(browser, sweida_map):
    page = open_map(browser, sweida_map)
    rows = lambda: [" ".join(r.split()) for r in page.page.locator(".geomap-legend-row").all_inner_texts()]  # noqa: E731
    assert "Battles 2" in rows()
    page.page.evaluate(
        """() => { const to = document.querySelector('.geomap-time .geomap-to');
                   to.value = +to.min + 1; to.dispatchEvent(new Event('input')); }"""
    )
    assert "Battles 1" in rows() and "Protests 0" in rows()
    page.clean()
    page.page.close()


@pytest.mark.parametrize(
    ("typed", "expect"),
    [("busra", "Fighting near the village."), ("DÂMASCUS", "<img"), ("Damscus", "<img"), ("al-harir", "Fighting")],
)
def test_search_finds_prefixes_misspellings_and_accents(browser, sweida_map, typed, expect):
    page = open_map(browser, sweida_map)
    page.page.fill(".geomap-search input", typed)
    page.page.press(".geomap-search input", "Enter")
    popup = page.page.locator(".leaflet-popup .geomap-popup").first
    popup.wait_for(timeout=5000)
    assert expect in popup.inner_text()
    assert page.page.locator(".geomap-search-miss").count() == 0
    page.clean()
    page.page.close()


def test_choropleth_stays_under_and_lighter_than_the_markers(browser, tmp_path):
    path = save_map(render(sweida_events(), choropleth=True), tmp_path / "choro.html", offline=True)
    page = open_map(browser, path)
    choropleth = "Object.values(window).find((v) => v instanceof Geomap.Choropleth)"
    fills = page.page.evaluate(
        f"""() => {choropleth}.layer.getLayers().map((l) => [l.options.fillColor, l.options.fillOpacity])
                 .filter((f) => f[1] > 0)"""
    )
    assert fills, "the choropleth drew no filled area"
    colours = page.page.evaluate(f"() => {STORE}.data.colors")

    def luminance(rgb):
        lin = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def rgb(hex_colour):
        return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]

    land = (246, 243, 234)
    darkest = min(
        luminance([o * c + (1 - o) * b for c, b in zip(rgb(f), land, strict=True)]) for f, o in fills
    )
    # every marker colour is clearly darker than the darkest area under it
    assert all(darkest - luminance(rgb(c)) >= 0.08 for c in colours), (darkest, colours)
    z = page.page.evaluate(
        f"""() => [{choropleth}.layer.options.pane, 'overlayPane', 'markerPane']
                 .map((n) => +getComputedStyle({MAP}.getPane(n)).zIndex)"""
    )
    assert z[0] < z[1] < z[2]  # under the precision areas and the markers
    page.clean()
    page.page.close()


def _workflow(tmp_path: Path, map_table: str) -> Path:
    events = tmp_path / "events.csv"
    events.write_text(
        "event_id_cnty,event_date,event_type,actor1,country,iso,location,latitude,longitude,geo_precision,fatalities,notes\n"
        "SYR1,2025-07-14,Battles,Druze factions,Syria,760,Sweida,32.7089,36.5663,1,3,Clashes.\n"
        "SYR2,2025-07-15,Protests,Protesters,Syria,760,Damascus,33.5138,36.2913,1,0,A rally.\n"
        "SYR3,2025-07-16,Battles,Army,Syria,760,Nowhere-at-all-xyz,,,1,0,No such place.\n",
        encoding="utf-8",
    )
    wf = tmp_path / "workflow.toml"
    wf.write_text(
        f'[inputs]\nevents = ["events.csv"]\n\n[map]\n{map_table}\noffline = true\n\n'
        '[outputs]\nhtml = "out/map.html"\nunplaced = "out/unplaced.csv"\n',
        encoding="utf-8",
    )
    return wf


def test_workflow_layers_and_basemaps_are_honoured(browser, tmp_path):
    from geomap.workflow import run_workflow

    wf = _workflow(tmp_path, 'layers = ["heat", "choropleth"]\nbasemaps = ["offline", "OpenStreetMap"]')
    result = run_workflow(wf)
    page = open_map(browser, result.written["html"])
    page.expand_layers()
    bases = page.page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [b.strip() for b in bases] == ["Natural Earth (offline)", "OpenStreetMap"]
    assert page.page.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert page.page.locator(".leaflet-geomap-choropleth-pane path").count() > 0
    page.clean()
    page.page.close()


def test_workflow_map_says_how_many_rows_were_unplaced(browser, tmp_path):
    from geomap.workflow import run_workflow

    result = run_workflow(_workflow(tmp_path, 'title = "Test"'))
    assert len(result.unplaced) == 1
    page = open_map(browser, result.written["html"])
    assert "1 input row(s) could not be placed" in page.page.locator(".geomap-caption").inner_text()
    page.clean()
    page.page.close()


def test_workflow_print_table_writes_the_still_pictures(tmp_path):
    from geomap.errors import InputError
    from geomap.workflow import run_workflow

    wf = _workflow(tmp_path, 'print = { png = "out/print.png", pdf = "out/print.pdf", size = "800x500", scale = 1 }')
    # in a subprocess: one thread cannot run two Playwright sessions, and the module's browser is open
    code = f"from geomap.workflow import run_workflow; run_workflow({str(wf)!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert struct.unpack(">II", (tmp_path / "out" / "print.png").read_bytes()[16:24]) == (800, 500)
    assert (tmp_path / "out" / "print.pdf").read_bytes()[:5] == b"%PDF-"
    bad = _workflow(tmp_path, 'print = { size = "800x500" }')
    with pytest.raises(InputError, match="naming a png or a pdf"):
        run_workflow(bad)
    bad = _workflow(tmp_path, 'label_language = "fr"')
    with pytest.raises(InputError, match="label_language"):
        run_workflow(bad)


# ---- stacked events ------------------------------------------------------------------------


def _stacked_events(n: int = 8, extra: int = 0):
    records = [
        dict(date=f"2025-07-{10 + k % 9:02d}", event_type="Battles" if k % 2 else "Protests", actor1=f"Group {k}",
             location="Sweida", country="Syria", iso="SY", geo_precision=1, fatalities=k, notes=f"Event number {k}.")
        for k in range(n + extra)
    ]  # fmt: skip
    geoms = [Point(36.5663, 32.7089)] * n + [Point(36.0 + (k % 50) * 0.02, 33.0 + (k // 50) * 0.02) for k in range(extra)]
    return events_from_records(records, geoms)


def test_events_at_one_point_show_a_count_and_list_every_one(browser, tmp_path):
    path = save_map(render(_stacked_events(8)), tmp_path / "stack.html", offline=True)
    page = open_map(browser, path)
    badge = page.page.locator(".geomap-stack-icon .geomap-count")
    assert badge.count() == 1 and badge.inner_text() == "8"
    page.page.locator(".geomap-stack-icon").click()
    items = page.page.locator(".leaflet-popup .geomap-stack-item")
    assert items.count() == 8
    assert "8 events here" in page.page.locator(".leaflet-popup .geomap-stack").inner_text()
    items.nth(3).locator("summary").click()
    assert "Event number" in items.nth(3).locator(".geomap-notes").inner_text()
    overflow = page.page.evaluate("() => getComputedStyle(document.querySelector('.geomap-stack')).overflowY")
    assert overflow == "auto"
    page.clean()
    page.page.close()


def test_canvas_counts_events_per_cell(browser, tmp_path):
    path = save_map(render(_stacked_events(8, extra=2100)), tmp_path / "canvas.html", offline=True)
    page = open_map(browser, path)
    cells = page.page.evaluate(
        "() => Object.values(window).find((v) => v instanceof Geomap.CanvasLayer).cells.map((c) => c.members.length)"
    )
    assert sum(cells) == 2108 and max(cells) >= 8 and len(cells) < 2108
    page.page.evaluate(f"() => void {MAP}.setView([32.7089, 36.5663], 14, {{animate: false}})")
    page.click_at(32.7089, 36.5663)
    stack = page.page.locator(".leaflet-popup .geomap-stack")
    stack.wait_for()
    assert "8 events here" in stack.inner_text()
    assert page.page.locator(".leaflet-popup .geomap-stack-item").count() == 8
    page.clean()
    page.page.close()


# ---- honest marks --------------------------------------------------------------------------


def _doubtful_events():
    records = [
        dict(date="2025-05-01", event_type="Battles", actor1="RSF", location="Abu Shouk", country="Sudan", iso="SD",
             geo_precision=1, geonameid=1528675, match_name="Abu Shouk", confidence=0.36,
             alternatives=[{"name": "Bishkek", "geonameid": 1528675, "score": 0.36},
                           {"name": "El Fasher", "geonameid": 379555, "score": 0.31}], notes="Shelling of the camp."),
        dict(date="2025-05-02", event_type="Battles", actor1="SAF", location="El Fasher", country="Sudan", iso="SD",
             geo_precision=1, geonameid=379555, match_name="El Fasher", confidence=0.95, notes="Fighting."),
        dict(date="2025-05-03", event_type="Protests", actor1="Protesters", location="Port Sudan", country="Sudan",
             iso="SD", geo_precision=1, confidence=0.4, notes="A rally."),
    ]  # fmt: skip
    geoms = [Point(74.59, 42.87), Point(25.35, 13.63), Point(37.22, 19.62)]
    return events_from_records(records, geoms)


def test_doubtful_placements_are_drawn_apart_counted_and_explained(browser, tmp_path):
    path = save_map(render(_doubtful_events()), tmp_path / "doubt.html", offline=True)
    page = open_map(browser, path)
    assert page.page.locator(".leaflet-marker-pane .geomap-doubtful").count() == 2
    rows = [" ".join(r.split()) for r in page.page.locator(".geomap-legend-row").all_inner_texts()]
    assert "? Low confidence (< 50%) 2" in rows
    assert "? Outside the stated country 1" in rows
    page.click_at(42.87, 74.59)
    popup = page.page.locator(".leaflet-popup .geomap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Bishkek" in text and "Kyrgyzstan" in text and "geonameid 1528675" in text and "36% confidence" in text
    assert "placed outside the stated country (Sudan)" in text and "low confidence" in text
    assert "El Fasher" in popup.locator(".geomap-alts").inner_text()
    page.clean()
    page.page.close()


# ---- labels --------------------------------------------------------------------------------


def test_labels_at_city_zoom_never_cover_events(browser, sweida_map):
    page = open_map(browser, sweida_map)
    page.page.evaluate(f"() => void {MAP}.setView([32.75, 36.5], 10, {{animate: false}})")
    page.page.wait_for_timeout(100)
    placed = page.page.evaluate(
        "() => Object.values(window).find((v) => v instanceof Geomap.LabelLayer).placed"
    )
    assert len(placed) >= 10
    events = page.page.evaluate(
        f"""() => {{ const m = {MAP}, s = {STORE}, out = [];
                for (let i = 0; i < s.n; i++) {{ if (!s.visible[i]) continue;
                  const p = m.latLngToContainerPoint([s.lat[i], s.lon[i]]); out.push([p.x, p.y, s.radius(i)]); }}
                return out; }}"""
    )
    for label in placed:
        x0, y0, x1, y1 = label["box"]
        for x, y, r in events:
            assert not (x0 - r < x < x1 + r and y0 - r < y < y1 + r), (label, x, y)
    page.clean()
    page.page.close()


def test_labels_in_arabic_script(browser, tmp_path):
    path = save_map(render(sweida_events(), label_language="ar"), tmp_path / "ar.html", offline=True)
    page = open_map(browser, path)
    page.page.evaluate(f"() => void {MAP}.setView([33.0, 36.4], 8, {{animate: false}})")
    page.page.wait_for_timeout(100)
    texts = [p["text"] for p in page.page.evaluate(
        "() => Object.values(window).find((v) => v instanceof Geomap.LabelLayer).placed")]  # fmt: skip
    arabic = [t for t in texts if any("\u0600" <= ch <= "\u06ff" for ch in t)]
    assert len(arabic) >= 0.8 * len(texts)
    towns = page.page.evaluate("() => Object.values(window).find((v) => v instanceof Geomap.LabelLayer).labels.places")
    assert "دمشق" in [t[0] for t in towns[:5]]
    page.clean()
    page.page.close()


# ---- print layout --------------------------------------------------------------------------


def test_print_layout_hides_controls_and_keeps_events_clear_of_panels(browser, tmp_path):
    path = save_map(
        render(sweida_events(), title="Sweida, July 2025", print_layout=True, inset=True), tmp_path / "p.html",
        offline=True,
    )
    page = open_map(browser, path, size=(1000, 640))
    for selector in (".leaflet-control-layers", ".geomap-search", ".leaflet-control-zoom", ".geomap-time",
                     ".leaflet-control-measure"):  # fmt: skip
        assert not page.page.locator(selector).first.is_visible() if page.page.locator(selector).count() else True
    for selector in (".geomap-title", ".geomap-legend", ".leaflet-control-scale", ".geomap-north",
                     ".leaflet-control-minimap"):  # fmt: skip
        assert page.page.locator(selector).first.is_visible(), selector
    caption = page.page.locator(".geomap-caption").inner_text()
    assert "2025-07-13 to 2025-07-19" in caption and "Sources: Local monitor" in caption and "GeoNames" in caption
    panels = page.page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-control, .geomap-title')]
                 .filter((n) => n.offsetWidth && getComputedStyle(n).display !== 'none')
                 .map((n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
    )
    points = page.page.evaluate(
        f"""() => {{ const m = {MAP}, s = {STORE}, r = m.getContainer().getBoundingClientRect(), out = [];
                for (let i = 0; i < s.n; i++) {{ if (s.isContext(i)) continue;
                  const p = m.latLngToContainerPoint([s.lat[i], s.lon[i]]); out.push([p.x + r.left, p.y + r.top]); }}
                return out; }}"""
    )
    for x, y in points:
        assert 0 < x < 1000 and 0 < y < 640
        for x0, y0, x1, y1 in panels:
            assert not (x0 - 4 < x < x1 + 4 and y0 - 4 < y < y1 + 4), ((x, y), (x0, y0, x1, y1))
    page.clean()
    page.page.close()


def test_print_png_and_pdf_from_the_command_line(tmp_path):
    png, pdf = tmp_path / "map.png", tmp_path / "map.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "geomap", "map", str(FIXTURE), "-o", str(tmp_path / "map.html"), "--title", "Sweida",
         "--png", str(png), "--pdf", str(pdf), "--print", "--size", "800x500", "--scale", "2", "--inset"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    width, height = struct.unpack(">II", png.read_bytes()[16:24])
    assert (width, height) == (1600, 1000)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 10_000
