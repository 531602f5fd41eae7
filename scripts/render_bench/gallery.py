"""The screenshot gallery of ``scripts/bench_render.py``: what the benchmarked maps look like.

Writes to ``outputs/bench/``: the offline map's opening view, a city zoom with labels, a stack of
events opened, and the print layout's PNG, all from the Sweida test fixture plus a stack of events
at one point, in headless Chromium with the network blocked.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geomap.model import conform, events_from_records
from geomap.readers import read_events
from geomap.rendering import map_html, render, save_map
from geomap.rendering.browser import block_network

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "render" / "sweida.geojson"


def gallery_events() -> gpd.GeoDataFrame:
    """The Sweida fixture plus eight events reported at one Sweida coordinate."""
    base = read_events([str(FIXTURE)]).events
    records = [
        dict(date=f"2025-07-{13 + k % 5:02d}", event_type=["Battles", "Violence against civilians"][k % 2],
             actor1="Tribal militia", actor2="Druze factions", location="Sweida", country="Syria", iso="SY",
             geo_precision=1, fatalities=k, notes=f"Report {k + 1} from the city centre.",
             sources=[{"name": "Local monitor", "url": "https://example.org/r"}])
        for k in range(8)
    ]  # fmt: skip
    stack = events_from_records(records, [Point(36.5663, 32.7089)] * 8)
    return conform(pd.concat([base, stack], ignore_index=True))


def write_gallery(browser, out: Path) -> list[Path]:
    """The three interactive pictures; returns their paths (see :func:`write_print` for the fourth)."""
    events = gallery_events()
    out.mkdir(parents=True, exist_ok=True)
    page_path = out / "gallery-map.html"
    page_path.write_text(map_html(render(events, title="Sweida, July 2025"), offline=True), encoding="utf-8")
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    block_network(tab)
    tab.goto(page_path.as_uri(), wait_until="load")
    tab.wait_for_timeout(300)
    shots = [out / "gallery-offline-default.png"]
    tab.screenshot(path=str(shots[-1]))
    map_js = "Object.values(window).find((v) => v instanceof L.Map)"
    tab.evaluate(f"() => void {map_js}.setView([32.72, 36.57], 11, {{animate: false}})")
    tab.wait_for_timeout(300)
    shots.append(out / "gallery-city-zoom-labels.png")
    tab.screenshot(path=str(shots[-1]))
    tab.locator(".geomap-stack-icon").first.click()
    tab.locator(".leaflet-popup .geomap-stack-item summary").first.click()
    tab.wait_for_timeout(200)
    shots.append(out / "gallery-stack-opened.png")
    tab.screenshot(path=str(shots[-1]))
    tab.close()
    page_path.unlink()
    return shots


def write_print(out: Path) -> Path:
    """The print layout's PNG (its own browser session: call it with no other one open)."""
    png = out / "gallery-print.png"
    still = render(gallery_events(), title="Sweida, July 2025", print_layout=True, inset=True)
    save_map(still, out / "gallery-print.html", offline=True, png=png, size=(1600, 1000), scale=1)
    (out / "gallery-print.html").unlink()
    return png
