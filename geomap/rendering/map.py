"""``render(events) -> folium.Map``: the layered event map, ready to save or to customise further."""

from __future__ import annotations

import hashlib
import html
import itertools
import logging
import os

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import xyzservices.providers as xyz
from branca.element import Element

from geomap.errors import UsageError
from geomap.model import COLUMNS, conform
from geomap.rendering.basemap import load_basemap, world_countries
from geomap.rendering.controls import (
    Caption,
    Frame,
    Fullscreen,
    GroupedLayers,
    Legend,
    MeasureControl,
    NorthArrow,
    PlaceSearch,
    PrintLayout,
    TimeSlider,
    Title,
    VectorMiniMap,
)
from geomap.rendering.elements import (
    AdminChoropleth,
    EventPoints,
    EventStore,
    FilterToggle,
    HeatMap,
    Labels,
    Movements,
    PrecisionAreas,
    VectorBasemap,
)
from geomap.rendering.encode import encode_events
from geomap.rendering.labels import LANGUAGES, build_labels
from geomap.rendering.placement import MIN_CONFIDENCE
from geomap.rendering.style import context_svg, icon_svg, style_for

log = logging.getLogger("geomap")

ATTRIBUTION = (
    "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: made with Natural Earth. "
    "Villages and districts: Who's On First, license https://whosonfirst.org/docs/licenses/"
)

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

#: The embedded basemap's name among the ``basemaps`` a caller may choose.
OFFLINE_BASEMAP = "Natural Earth (offline)"

#: Overlays that ``layers=[...]`` may switch on at opening, by key, with their control names.
OVERLAYS = {
    "movements": "Movements",
    "context": "Context places",
    "precision": "Precision areas",
    "choropleth": "Events per admin-1 area",
    "heat": "Heat map",
    "labels": "Place labels",
}

_LEAFLET_JS = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
_LEAFLET_CSS = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def _label(name: str, count: int, icon: str = "") -> str:
    """A layer-control entry: our icon markup, then the escaped name and its count."""
    return f"{icon} {html.escape(name)} ({count:,})"


def _choose(names: list[str] | None, known: dict[str, str], what: str) -> list[str] | None:
    """The keys of ``known`` that ``names`` name (by key or control name, any case), in order."""
    if names is None:
        return None
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise UsageError(f"{what} must be a list of names, for example {list(known)[:2]}")
    lookup = {k.casefold(): k for k in known} | {v.casefold(): k for k, v in known.items()}
    unknown = [n for n in names if n.casefold() not in lookup]
    if unknown:
        raise UsageError(f"unknown {what} {unknown}; expected some of {list(known)}")
    return [lookup[n.casefold()] for n in names]


def _date_range(events: gpd.GeoDataFrame) -> str | None:
    dates = pd.concat([events["date"], events["date_end"]]).dropna()
    return f"{dates.min()} to {dates.max()}" if len(dates) else None


def _source_line(events: gpd.GeoDataFrame, top: int = 3) -> str | None:
    names = events["sources"].explode().dropna().map(lambda s: s.get("name") if isinstance(s, dict) else None)
    counts = names.dropna().value_counts()
    if not len(counts):
        return None
    listed = ", ".join(counts.index[:top])
    return f"Sources: {listed}" + (f" and {len(counts) - top} more" if len(counts) > top else "")


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
    layers: list[str] | None = None,
    basemaps: list[str] | None = None,
    labels: bool = True,
    label_language: str = "en",
    print_layout: bool = False,
    inset: bool = False,
    min_confidence: float = MIN_CONFIDENCE,
) -> folium.Map:
    """Draw ``events`` (the :mod:`geomap.model` schema; other frames are conformed first) as a map.

    ``offline`` opens on the embedded Natural Earth basemap instead of map tiles, so that the map
    draws with no network (save it with ``save_map(m, path, offline=True)`` to inline the scripts
    too). ``heat`` and ``choropleth`` choose whether those overlays start switched on; ``layers``
    (keys of :data:`OVERLAYS`) names exactly the overlays shown at opening instead. ``basemaps``
    names the base layers offered (:data:`OFFLINE_BASEMAP` and keys of :data:`TILES`), the first
    shown at opening. Events past ``marker_limit`` are drawn on a canvas instead of as icon
    markers. ``unplaced`` (input rows that could not be placed) is stated in the caption, so that
    the map says what it leaves out. ``labels`` draws seas, countries, admin-1 areas and towns on
    the embedded basemap in ``label_language`` (``en``, ``ar`` or ``local``). ``print_layout``
    makes a still map for a report: no interactive controls; a north arrow, the date range and the
    sources; ``inset`` adds a locator map. Placements below ``min_confidence`` or outside their
    stated country are drawn hollow with a "?".
    """
    if any(c not in events.columns for c in COLUMNS) or events.geometry.name != "geometry":
        events = conform(events)
    if label_language not in LANGUAGES:
        raise UsageError(f"label_language must be one of {', '.join(LANGUAGES)}, not {label_language!r}")
    shown = _choose(layers, OVERLAYS, "layers")
    bases = _choose(basemaps, {OFFLINE_BASEMAP.casefold(): OFFLINE_BASEMAP, "offline": OFFLINE_BASEMAP}
                    | {k: k for k in TILES}, "basemaps")  # fmt: skip
    bases = list(dict.fromkeys(OFFLINE_BASEMAP if b.casefold() in ("offline", OFFLINE_BASEMAP.casefold()) else b
                               for b in bases)) if bases else [OFFLINE_BASEMAP, *TILES]  # fmt: skip
    bounds = None
    if len(events) and not events.geometry.is_empty.all():
        minx, miny, maxx, maxy = events.geometry.total_bounds
        bounds = None if np.isnan(minx) else (minx, miny, maxx, maxy)
    basemap = load_basemap(bounds)
    encoded = encode_events(events, basemap.admin1, min_confidence=min_confidence)

    m = folium.Map(tiles=None, control_scale=True, zoom_start=2, location=(20, 0), world_copy_jump=True,
                   zoom_control=not print_layout)  # fmt: skip
    m.default_js, m.default_css = list(_LEAFLET_JS), list(_LEAFLET_CSS)

    def on(key: str, default: bool) -> bool:
        return default if shown is None else key in shown

    base: list[tuple[str, object]] = []
    # online maps open on the first tile layer unless the caller ordered the base layers
    tiles = [b for b in bases if b != OFFLINE_BASEMAP]
    opening = bases[0] if basemaps else (tiles[0] if tiles else OFFLINE_BASEMAP)
    if offline and OFFLINE_BASEMAP in bases:
        opening = OFFLINE_BASEMAP
    vector = VectorBasemap(basemap, show=opening == OFFLINE_BASEMAP).add_to(m)
    if OFFLINE_BASEMAP in bases:
        base.append((html.escape(vector.layer_name), vector))
    for name in tiles:
        tile = folium.TileLayer(TILES[name], name=name, overlay=False, control=False, show=name == opening)
        base.append((html.escape(name), tile.add_to(m)))

    store = EventStore(encoded).add_to(m)
    overlays: list[tuple[str, object]] = []
    if labels:
        focus = encoded.bounds or bounds
        text = build_labels(world_countries(), basemap.admin1, focus, label_language)
        overlays.append(("Place labels", Labels(text, store, show=on("labels", True)).add_to(m)))
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
    if encoded.context_count:
        toggle = FilterToggle(store, "context", 0, "Context places", show=on("context", True)).add_to(m)
        overlays.append((_label("Context places", encoded.context_count, context_svg(14)), toggle))
    if encoded.has_lines:
        overlays.append(("Movements", Movements(store, show=on("movements", True)).add_to(m)))
    # on at opening only for small maps: hundreds of circles and areas crowd the view and slow the first draw
    precise = on("precision", encoded.drawable <= PRECISION_SHOWN_UP_TO)
    overlays.append(("Precision areas", PrecisionAreas(store, show=precise).add_to(m)))
    overlays.append(
        ("Events per admin-1 area", AdminChoropleth(store, vector, show=on("choropleth", choropleth)).add_to(m))
    )
    overlays.append(("Heat map", HeatMap(store, show=on("heat", heat)).add_to(m)))
    GroupedLayers(base, {"Event types": types, "Actors": actors, "Overlays": overlays}).add_to(m)

    Legend(store).add_to(m)
    if not print_layout:
        TimeSlider(store).add_to(m)
        PlaceSearch(store, points).add_to(m)
        Fullscreen(position="topleft").add_to(m)
        MeasureControl(position="topleft").add_to(m)
    if not print_layout or inset:
        VectorMiniMap(vector).add_to(m)
    if print_layout:
        PrintLayout().add_to(m)
        NorthArrow().add_to(m)
    if title:
        Title(title).add_to(m)
    text = caption
    if print_layout:
        extra = [f"Events {d}." for d in [_date_range(events)] if d] + [f"{s}." for s in [_source_line(events)] if s]
        text = " ".join([*extra, text])
    if unplaced:
        text += f" {unplaced} input row(s) could not be placed and are not on this map."
    if encoded.undrawable:
        text += f" {encoded.undrawable} event(s) without coordinates are not drawn."
        log.warning("%d event(s) without coordinates are not drawn on the map", encoded.undrawable)
    Caption(text).add_to(m)
    if encoded.bounds:
        Frame(encoded.bounds).add_to(m)
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
