"""The map's panels and controls, one small folium element each: layer control, legend, time filter,
search, title, caption, overview map, north arrow, print layout and the opening frame.

Their scripts live in ``geomap/assets/geomap-controls.js``; every text shown is set as text.
"""

from __future__ import annotations

import html

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geomap.rendering.elements import EventPoints, EventStore, VectorBasemap, _Element

_GROUPED_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js"
_GROUPED_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css"
_MINIMAP_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js"
_MINIMAP_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css"
_FULLSCREEN_JS = "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js"
_FULLSCREEN_CSS = "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css"
_MEASURE_JS = "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js"
_MEASURE_CSS = "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css"


class GroupedLayers(JSCSSMixin, _Element):
    """A layer control with base layers and named groups of overlays (leaflet-groupedlayercontrol).

    The plugin inserts entry names as HTML, so every name is escaped here; ``label_html`` may add
    markup of our own (an icon) in front of the escaped name.
    """

    default_js = [("leaflet.groupedlayercontrol.min.js", _GROUPED_JS)]
    default_css = [("leaflet.groupedlayercontrol.min.css", _GROUPED_CSS)]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control.groupedLayers(
            { {%- for label, layer in this.base %}{{ label|tojson }}: {{ layer.get_name() }},{% endfor %} },
            { {%- for group, entries in this.groups %}{{ group|tojson }}: {
                {%- for label, layer in entries %}{{ label|tojson }}: {{ layer.get_name() }},{% endfor %} },
            {%- endfor %} },
            {collapsed: {{ this.collapsed|tojson }}, position: "topright"}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        base: list[tuple[str, MacroElement]],
        groups: dict[str, list[tuple[str, MacroElement]]],
        collapsed: bool = True,
    ) -> None:
        super().__init__()
        self._name = "GroupedLayers"
        self.base = base
        self.groups = [(html.escape(group), entries) for group, entries in groups.items()]
        self.collapsed = collapsed


class Legend(_Element):
    """The categorical legend: each event type's icon, name and count, and context places."""

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new Geomap.Legend({{ this.store.get_name() }}, {title: {{ this.title|tojson }}})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, title: str = "Event types") -> None:
        super().__init__()
        self._name = "Legend"
        self.store, self.title = store, title


class TimeSlider(_Element):
    """Two range sliders that keep only events overlapping the chosen dates (undated events stay)."""

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new Geomap.TimeControl({{ this.store.get_name() }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore) -> None:
        super().__init__()
        self._name = "TimeSlider"
        self.store = store


class PlaceSearch(_Element):
    """A search box over the events' place names: picks the place, zooms there, opens its popup."""

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new Geomap.SearchControl({{ this.store.get_name() }}, {{ this.points.get_name() }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, points: EventPoints) -> None:
        super().__init__()
        self._name = "PlaceSearch"
        self.store, self.points = store, points


class Title(_Element):
    """The map's title, centred at the top (text only)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var box = Geomap.el("div", "geomap-title", {{ this.text|tojson }});
            {{ this._parent.get_name() }}.getContainer().appendChild(box);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Title"
        self.text = text


class Caption(_Element):
    """A caption in a corner: data attribution and notes on what the map leaves out (text only)."""

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new Geomap.TextControl({{ this.text|tojson }}, "geomap-caption leaflet-bar",
            {position: {{ this.position|tojson }}}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Caption"
        self.text, self.position = text, position


class VectorMiniMap(JSCSSMixin, _Element):
    """An overview map in the corner, drawn from the embedded world outline (no tiles)."""

    default_js = [("Control_MiniMap_js", _MINIMAP_JS)]
    default_css = [("Control_MiniMap_css", _MINIMAP_CSS)]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new L.Control.MiniMap(
            L.geoJSON({{ this.basemap.get_name() }}_world, {interactive: false,
                style: {color: "#8a8a8a", weight: 0.6, fillColor: "#f6f3ea", fillOpacity: 1}}),
            {position: "bottomright", width: 140, height: 120, zoomLevelOffset: -5, toggleDisplay: false,
             aimingRectOptions: {color: "#D55E00", weight: 1.5}}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, basemap: VectorBasemap) -> None:
        super().__init__()
        self._name = "VectorMiniMap"
        self.basemap = basemap


class NorthArrow(_Element):
    """A north arrow in a corner."""

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new Geomap.NorthArrow({position: {{ this.position|tojson }}}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topright") -> None:
        super().__init__()
        self._name = "NorthArrow"
        self.position = position


class PrintLayout(_Element):
    """Print mode: hides every interactive control (CSS class on the map) for a still image."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("geomap-print");
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PrintLayout"


class Frame(_Element):
    """Opens the map on the events, padded by the size of the panels so that none hides an event.

    Added last: it measures the title, legend, caption and controls once they are on the page.
    """

    scripts = ("geomap-controls.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Geomap.frame({{ this._parent.get_name() }}, {{ this.bounds|tojson }}, {{ this.max_zoom }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[float, float, float, float], max_zoom: int = 9) -> None:
        super().__init__()
        self._name = "Frame"
        minx, miny, maxx, maxy = bounds
        self.bounds, self.max_zoom = [[miny, minx], [maxy, maxx]], max_zoom


class Fullscreen(JSCSSMixin, _Element):
    """A full-screen button (leaflet.fullscreen, the files folium's plugin links; importing
    ``folium.plugins`` for it would load every plugin, half a second at each start)."""

    default_js = [("Control.Fullscreen.js", _FULLSCREEN_JS)]
    default_css = [("Control.FullScreen.css", _FULLSCREEN_CSS)]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.fullscreen({position: {{ this.position|tojson }}, title: "Full Screen",
            titleCancel: "Exit Full Screen"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topleft") -> None:
        super().__init__()
        self._name = "Fullscreen"
        self.position = position


class MeasureControl(JSCSSMixin, _Element):
    """A distance and area measuring tool in kilometres (leaflet-measure, as folium links it)."""

    default_js = [("leaflet_measure_js", _MEASURE_JS)]
    default_css = [("leaflet_measure_css", _MEASURE_CSS)]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.addControl(new L.Control.Measure({position: {{ this.position|tojson }},
            primaryLengthUnit: "kilometers", secondaryLengthUnit: "miles", primaryAreaUnit: "sqmeters",
            secondaryAreaUnit: "acres"}));
        // leaflet-measure with Leaflet >= 1.8: no autopan on the capture marker (its issue 171)
        L.Control.Measure.include({_setCaptureMarkerIcon: function () {
            this._captureMarker.options.autoPanOnFocus = false;
            this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
        }});
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topleft") -> None:
        super().__init__()
        self._name = "MeasureControl"
        self.position = position
