"""``render(events) -> folium.Map``: the layered event map, ready to save or to customise further."""

from __future__ import annotations

import hashlib
import html
import itertools
import logging
import os

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import xyzservices.providers as xyz
from branca.element import Element

from geomap.model import COLUMNS, conform
from geomap.rendering.basemap import load_basemap
from geomap.rendering.elements import (
    AdminChoropleth,
    Caption,
    EventPoints,
    EventStore,
    FilterToggle,
    GroupedLayers,
    HeatMap,
    Legend,
    Movements,
    PlaceSearch,
    PrecisionAreas,
    TimeSlider,
    Title,
    VectorBasemap,
    VectorMiniMap,
)
from geomap.rendering.encode import encode_events
from geomap.rendering.style import context_svg, icon_svg, style_for

log = logging.getLogger("geomap")

ATTRIBUTION = "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: made with Natural Earth."

#: Tile base layers offered besides the embedded basemap (fetched by the reader's browser only
#: when chosen).
#: CARTO now asks for a key: set ``GEOMAP_CARTO_APIKEY`` to pass yours (empty by default).
_CARTO_KEY = os.environ.get("GEOMAP_CARTO_APIKEY", "")
TILES = {
    "OpenStreetMap": xyz.OpenStreetMap.Mapnik,
    "CartoDB Positron": xyz.CartoDB.Positron(apikey=_CARTO_KEY),
    "CartoDB Dark Matter": xyz.CartoDB.DarkMatter(apikey=_CARTO_KEY),
    "Esri World Imagery": xyz.Esri.WorldImagery,
}

#: Up to this many events each get an SVG icon marker; above it they are drawn on one canvas.
MARKER_LIMIT = 2000

#: Maps with up to this many events open with the precision areas shown.
PRECISION_SHOWN_UP_TO = 500

_LEAFLET_JS = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
_LEAFLET_CSS = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def _label(name: str, count: int, icon: str = "") -> str:
    """A layer-control entry: our icon markup, then the escaped name and its count."""
    return f"{icon} {html.escape(name)} ({count:,})"


def render(
    events: gpd.GeoDataFrame,
    *,
    title: str | None = None,
    caption: str = ATTRIBUTION,
    offline: bool = False,
    marker_limit: int = MARKER_LIMIT,
    heat: bool = False,
    choropleth: bool = False,
    unplaced: int = 0,
) -> folium.Map:
    """Draw ``events`` (the :mod:`geomap.model` schema; other frames are conformed first) as a map.

    ``offline`` opens on the embedded Natural Earth basemap instead of map tiles, so that the map
    draws with no network (save it with ``save_map(m, path, offline=True)`` to inline the scripts
    too). ``heat`` and ``choropleth`` choose whether those overlays start switched on. Events past
    ``marker_limit`` are drawn on a canvas instead of as icon markers. ``unplaced`` (input rows that
    could not be placed) is stated in the caption, so that the map says what it leaves out.
    """
    if any(c not in events.columns for c in COLUMNS) or events.geometry.name != "geometry":
        events = conform(events)
    bounds = None
    if len(events) and not events.geometry.is_empty.all():
        minx, miny, maxx, maxy = events.geometry.total_bounds
        bounds = None if np.isnan(minx) else (minx, miny, maxx, maxy)
    basemap = load_basemap(bounds)
    encoded = encode_events(events, basemap.admin1)

    m = folium.Map(tiles=None, control_scale=True, zoom_start=2, location=(20, 0), world_copy_jump=True)
    m.default_js, m.default_css = list(_LEAFLET_JS), list(_LEAFLET_CSS)
    if encoded.bounds:
        minx, miny, maxx, maxy = encoded.bounds
        # room for the title above and the legend and minimap on the right; no zoom animation at
        # opening (markers added during it are laid out again, which doubled the first draw)
        fit = folium.FitBounds(
            [[miny, minx], [maxy, maxx]],
            padding_top_left=(40, 60),
            padding_bottom_right=(240, 40),
            max_zoom=9,
        )
        fit.options["animate"] = False
        m.add_child(fit)

    vector = VectorBasemap(basemap, show=offline).add_to(m)
    base: list[tuple[str, object]] = [(html.escape(vector.layer_name), vector)]
    for i, (name, provider) in enumerate(TILES.items()):
        tile = folium.TileLayer(
            provider, name=name, overlay=False, control=False, show=not offline and i == 0
        )
        base.append((html.escape(name), tile.add_to(m)))

    store = EventStore(encoded).add_to(m)
    points = EventPoints(store, canvas=encoded.drawable > marker_limit).add_to(m)
    types = [
        (
            _label(name, count, icon_svg(style_for(name), 14)),
            FilterToggle(store, "type", k, name).add_to(m),
        )
        for k, (name, count) in enumerate(zip(encoded.types, encoded.type_counts, strict=True))
        if count
    ]
    actors = [
        (_label(name, count), FilterToggle(store, "actor", k, name).add_to(m))
        for k, (name, count) in enumerate(zip(encoded.actor_groups, encoded.actor_group_counts, strict=True))
        if count
    ]
    overlays: list[tuple[str, object]] = []
    if encoded.context_count:
        toggle = FilterToggle(store, "context", 0, "Context places").add_to(m)
        overlays.append((_label("Context places", encoded.context_count, context_svg(14)), toggle))
    if encoded.has_lines:
        overlays.append(("Movements", Movements(store).add_to(m)))
    # on at opening only for small maps: hundreds of circles and areas crowd the view and slow the first draw
    precise = encoded.drawable <= PRECISION_SHOWN_UP_TO
    overlays.append(("Precision areas", PrecisionAreas(store, show=precise).add_to(m)))
    overlays.append(("Events per admin-1 area", AdminChoropleth(store, vector, show=choropleth).add_to(m)))
    overlays.append(("Heat map", HeatMap(store, show=heat).add_to(m)))
    GroupedLayers(base, {"Event types": types, "Actors": actors, "Overlays": overlays}).add_to(m)

    Legend(store).add_to(m)
    TimeSlider(store).add_to(m)
    PlaceSearch(store, points).add_to(m)
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers").add_to(m)
    VectorMiniMap(vector).add_to(m)
    if title:
        Title(title).add_to(m)
    text = caption
    if unplaced:
        text += f" {unplaced} input row(s) could not be placed and are not on this map."
    if encoded.undrawable:
        text += f" {encoded.undrawable} event(s) without coordinates are not drawn."
        log.warning("%d event(s) without coordinates are not drawn on the map", encoded.undrawable)
    Caption(text).add_to(m)
    _stable_ids(m.get_root())
    return m


def _stable_ids(root: Element) -> None:
    """Replace folium's random element ids with ones counted in tree order.

    The same events then give a byte-identical HTML file, so outputs can be compared and cached.
    """
    counter = itertools.count()

    def visit(element: Element) -> None:
        children = list(element._children.items())
        element._children.clear()
        for key, child in children:
            renamed = key == child.get_name()
            child._id = hashlib.sha1(str(next(counter)).encode()).hexdigest()[:32]
            element._children[child.get_name() if renamed else key] = child
            visit(child)

    visit(root)
