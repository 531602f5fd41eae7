"""The offline map in headless Chromium with every network request blocked.

Skipped when /usr/bin/chromium is missing, except under CI=true, where a missing browser fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.rendering import render, save_map
from geomap.rendering.browser import CHROMIUM, block_network, chromium

sys.path.insert(0, str(Path(__file__).parent))
from test_render import HOSTILE_NOTE, HOSTILE_SOURCE, sweida_events  # noqa: E402

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}", pytrace=False)
    pytest.skip(f"Chromium not installed at {CHROMIUM}", allow_module_level=True)


class Page:
    """A loaded map page that records console errors, page errors, dialogs and blocked requests."""

    def __init__(self, page, path: Path) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked = block_network(page)
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.Geomap !== undefined")

    def clean(self) -> None:
        assert self.errors == []
        assert self.blocked == []
        assert self.dialogs == []

    def shown(self) -> int:
        return self.page.evaluate("() => Object.values(window).find((v) => v instanceof Geomap.Store).shown")

    def icons(self) -> int:
        return self.page.locator(".leaflet-marker-pane .geomap-icon").count()

    def drawn(self) -> int:
        """Events drawn as markers: single markers plus every member of a stacked one."""
        return self.page.evaluate(
            """() => Object.values(window).find((v) => v instanceof Geomap.MarkerLayer).stacks
                     .reduce((a, s) => a + s.length, 0)"""
        )

    def click_at(self, lat: float, lon: float, hover: bool = False) -> None:
        """Click (or only hover over) the map where ``lat``, ``lon`` is drawn."""
        x, y = self.page.evaluate(
            """([lat, lon]) => { const m = Object.values(window).find((v) => v instanceof L.Map);
                                 const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""",
            [lat, lon],
        )
        box = self.page.locator(".folium-map").bounding_box()
        if hover:
            self.page.mouse.move(box["x"] + x, box["y"] + y)
        else:
            self.page.mouse.click(box["x"] + x, box["y"] + y)

    def expand_layers(self) -> None:
        self.page.hover(".leaflet-control-layers")

    def toggle(self, label: str) -> None:
        self.expand_layers()
        self.page.locator(".leaflet-control-layers label", has_text=label).locator("input").click()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def offline_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render") / "map.html"
    save_map(render(sweida_events(), title="Sweida, July 2025"), path, offline=True)
    return path


@pytest.fixture
def page(browser, offline_map):
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    yield Page(tab, offline_map)
    tab.close()


def test_offline_map_loads_clean(page):
    assert page.drawn() == 7
    assert page.page.locator(".geomap-title").inner_text() == "Sweida, July 2025"
    assert "GeoNames (geonames.org)" in page.page.locator(".geomap-caption").inner_text()
    page.clean()


def test_every_layer_is_listed_and_toggles(page):
    page.expand_layers()
    labels = page.page.locator(".leaflet-control-layers label").all_inner_texts()
    text = "\n".join(labels)
    for name in (
        "Natural Earth (offline)",
        "OpenStreetMap",
        "CartoDB Positron",
        "CartoDB Dark Matter",
        "Esri World Imagery",
        "Battles (2)",
        "Protests (1)",
        "Druze factions",
        "Context places (1)",
        "Movements",
        "Precision areas",
        "Events per admin-1 area",
        "Heat map",
    ):
        assert name in text, name
    page.toggle("Battles")
    assert page.drawn() == 5
    page.toggle("Battles")
    assert page.drawn() == 7
    page.toggle("Context places")
    assert page.drawn() == 6
    page.toggle("Druze factions")  # the other actor of each Druze event still shows it
    assert page.drawn() == 6
    page.toggle("Protesters (Syria)")  # the protest's only actor
    assert page.drawn() == 5
    assert "Other actors" not in "\n".join(
        page.page.locator(".leaflet-control-layers label").all_inner_texts()
    )
    before = page.page.locator(".leaflet-overlay-pane path").count()
    page.toggle("Movements")
    assert page.page.locator(".leaflet-overlay-pane path").count() < before
    for overlay in ("Events per admin-1 area", "Heat map"):
        page.toggle(overlay)
    assert page.page.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert page.page.locator(".leaflet-geomap-choropleth-pane path").count() > 0  # choropleth areas
    for overlay in ("Events per admin-1 area", "Heat map"):
        page.toggle(overlay)
    assert page.page.locator("canvas.leaflet-heatmap-layer").count() == 0
    page.clean()


def test_popup_opens_on_click(page):
    page.click_at(33.5138, 36.2913)  # Damascus
    popup = page.page.locator(".leaflet-popup .geomap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Date" in text and "2025-07-1" in text and "Precision" in text
    page.clean()


def test_legend_lists_types_with_counts(page):
    rows = page.page.locator(".geomap-legend-row").all_inner_texts()
    rows = [" ".join(r.split()) for r in rows]
    assert "Battles 2" in rows
    assert "Explosions/Remote violence 1" in rows
    assert "Context place 1" in rows
    assert len(rows) == 6


def test_hostile_note_stays_text(page):
    page.page.fill(".geomap-search input", "Damascus")
    page.page.press(".geomap-search input", "Enter")
    popup = page.page.locator(".leaflet-popup .geomap-popup")
    popup.wait_for()
    assert popup.locator(".geomap-notes").inner_text() == HOSTILE_NOTE
    assert HOSTILE_SOURCE in popup.inner_text()
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    assert popup.locator("a[href='https://example.com/wire']").count() == 1
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    page.clean()


def test_hostile_actor_and_title_stay_text(browser, tmp_path):
    events = sweida_events()
    events.loc[0, "actor1"] = "<img src=x onerror=alert(2)>"
    path = save_map(render(events, title="<b>bold</b>"), tmp_path / "actor.html", offline=True)
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    page = Page(tab, path)
    page.expand_layers()
    assert "<img src=x onerror=alert(2)> (1)" in tab.locator(".leaflet-control-layers").inner_text()
    assert tab.locator(".leaflet-control-layers img").count() == 0
    assert tab.locator(".geomap-title").inner_text() == "<b>bold</b>"
    tab.wait_for_timeout(200)
    page.clean()
    tab.close()


def test_time_control_filters(page):
    assert page.shown() == 7
    page.page.evaluate(
        """() => { const to = document.querySelector('.geomap-time .geomap-to');
                   to.value = +to.min + 1; to.dispatchEvent(new Event('input')); }"""
    )
    assert page.shown() == 3  # 13 and 14 July: the trader, the clashes, the columns moving south
    assert page.drawn() == 3
    assert "3 of 7 shown" in page.page.locator(".geomap-shown").inner_text()
    assert "2025-07-13 – 2025-07-14" in page.page.locator(".geomap-time-label").inner_text()
    page.clean()


def test_choropleth_recounts_with_the_filters(page):
    page.toggle("Events per admin-1 area")
    total = """() => Object.values(window).find((v) => v instanceof Geomap.Choropleth).counts
                    .reduce((a, b) => a + b, 0)"""
    assert page.page.evaluate(total) == 6  # every event but the context place falls in an admin-1 area
    page.toggle("Battles")
    assert page.page.evaluate(total) == 4
    page.clean()


def test_canvas_mode_draws_and_opens_popups(browser, tmp_path):
    path = save_map(render(sweida_events(), marker_limit=2), tmp_path / "canvas.html", offline=True)
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    page = Page(tab, path)
    assert page.icons() == 0 and tab.locator("canvas.geomap-canvas").count() == 1
    page.click_at(32.842, 36.34, hover=True)  # Busra al-Harir
    assert "Busra al-Harir" in tab.locator(".leaflet-tooltip").inner_text()
    page.click_at(32.842, 36.34)
    popup = tab.locator(".leaflet-popup .geomap-popup")
    popup.wait_for()
    assert popup.locator(".geomap-notes").inner_text() == "Fighting near the village."
    tab.fill(".geomap-search input", "Damascus")
    tab.press(".geomap-search input", "Enter")
    tab.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-popup .geomap-notes')].map((e) => e.textContent)"
        f".join() === {HOSTILE_NOTE!r}"
    )
    assert tab.locator(".leaflet-popup img").count() == 0
    page.clean()
    tab.close()


def test_png_export_from_the_command_line(tmp_path):
    # In a subprocess: one thread cannot run two Playwright sessions, and the module's browser is open.
    png = tmp_path / "map.png"
    fixture = Path(__file__).parent / "fixtures" / "render" / "sweida.geojson"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap",
            "map",
            str(fixture),
            "-o",
            str(tmp_path / "map.html"),
            "--png",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
