"""Layered, fast, self-contained Leaflet maps of events.

>>> from geomap.rendering import render, save_map
>>> m = render(events, title="Sweida, July 2025")     # a folium.Map, still customisable
>>> save_map(m, "map.html", offline=True, png="map.png")
"""

from geomap.rendering.map import ATTRIBUTION, MARKER_LIMIT, render
from geomap.rendering.output import inline_assets, map_html, save_map

__all__ = ["ATTRIBUTION", "MARKER_LIMIT", "inline_assets", "map_html", "render", "save_map"]
