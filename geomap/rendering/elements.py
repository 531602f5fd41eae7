"""One small folium element per map feature, each holding its template and declaring its assets.

Layers and controls are built in the browser from the single :class:`EventStore`, so every feature
(markers, canvas points, movements, precision areas, heat map, choropleth, legend, time filter,
search) follows the same filters and no event is embedded twice.
"""

from __future__ import annotations

import html
import json

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geomap.rendering.assets import CORE, STYLESHEET, asset_text
from geomap.rendering.basemap import Basemap
from geomap.rendering.encode import EncodedEvents, script_safe
from geomap.rendering.style import CHOROPLETH_COLORS, PRECISION_RADIUS_M

_HEAT_JS = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
_GROUPED_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js"
_GROUPED_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css"
_MINIMAP_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js"
_MINIMAP_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css"

def _js(value: object) -> str:
    """A Python value as JavaScript source, safe inside a ``<script>`` element."""
    return script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


class _Raw(Element):
    """Fixed markup of our own, output as is (a plain ``Element`` would compile it as a template)."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


class _Element(MacroElement):
    """A folium element whose rendered macros are added to the page as they are.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which compiles the
    text as a Jinja template again: event text holding ``{{ ... }}`` would then be evaluated while the
    map is built, and a large data script costs seconds to tokenise. Here the text is added verbatim.
    ``scripts`` names the files under ``geomap/assets`` the element needs; each is put in the page's
    head once, after the shared core and stylesheet.
    """

    scripts: tuple[str, ...] = ()

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "a geomap element must be added to a map in a figure"
        figure.header.add_child(_Raw(f"<style>{asset_text(STYLESHEET)}</style>"), name="geomap_css")
        for script in (CORE, *self.scripts):
            figure.header.add_child(_Raw(f"<script>{asset_text(script)}</script>"), name=f"geomap_{script}")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            if part in module:
                target.add_child(_Raw(module[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _Layer(_Element):
    """A Leaflet layer made by our script; ``layer_name`` is its entry in the layer control."""

    def __init__(self, layer_name: str, show: bool = True) -> None:
        super().__init__()
        self.layer_name = layer_name
        self.show = show


class EventStore(_Element):
    """The events, embedded once as columnar JSON, with the page's script and stylesheet."""

    scripts = ("geomap-popup.js",)
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">{{ this.encoded.json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.Store(Geomap.json("{{ this.get_name() }}_data"));
        {% endmacro %}
        """
    )

    def __init__(self, encoded: EncodedEvents) -> None:
        super().__init__()
        self._name = "EventStore"
        self.encoded = encoded


class EventPoints(_Element):
    """The events themselves: SVG icon markers (stacked with a count where they meet), or one
    canvas of circles counted per cell for large tables."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.{{ "CanvasLayer" if this.canvas else "MarkerLayer" }}(
            {{ this.store.get_name() }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, *, canvas: bool) -> None:
        super().__init__()
        self._name = "EventPoints"
        self.store, self.canvas = store, canvas
        self.scripts = ("geomap-popup.js", "geomap-canvas.js" if canvas else "geomap-markers.js")


class FilterToggle(_Layer):
    """A layer-control entry that shows or hides one event type, actor group or the context places."""

    scripts = ("geomap-overlays.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.Toggle({{ this.store.get_name() }}, {{ this.kind|tojson }},
            {{ this.index }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% else %}{{ this.store.get_name() }}.set({{ this.kind|tojson }}, {{ this.index }}, false);{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, kind: str, index: int, layer_name: str, show: bool = True) -> None:
        super().__init__(layer_name, show)
        self._name = "FilterToggle"
        self.store, self.kind, self.index = store, kind, index


class Movements(_Layer):
    """Movement lines with an arrowhead at the destination, dashed where the route is unknown."""

    scripts = ("geomap-overlays.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Geomap.movements({{ this.store.get_name() }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, layer_name: str = "Movements", show: bool = True) -> None:
        super().__init__(layer_name, show)
        self._name = "Movements"
        self.store = store


class PrecisionAreas(_Layer):
    """How precisely each event is placed: admin-area polygons and dashed circles by ``geo_precision``."""

    scripts = ("geomap-overlays.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Geomap.precisionAreas({{ this.store.get_name() }}, {{ this.radii }},
            {{ this.limit }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self, store: EventStore, layer_name: str = "Precision areas", show: bool = True, limit: int = 5000
    ) -> None:
        super().__init__(layer_name, show)
        self._name = "PrecisionAreas"
        self.store, self.limit = store, limit
        self.radii = _js({str(k): v for k, v in PRECISION_RADIUS_M.items()})


class HeatMap(JSCSSMixin, _Layer):
    """A heat map of the shown events (Leaflet.heat, as folium ships it)."""

    default_js = [("leaflet-heat.js", _HEAT_JS)]
    scripts = ("geomap-overlays.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.HeatLayer({{ this.store.get_name() }},
            {radius: 18, blur: 15, minOpacity: 0.3});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, store: EventStore, layer_name: str = "Heat map", show: bool = False) -> None:
        super().__init__(layer_name, show)
        self._name = "HeatMap"
        self.store = store


class VectorBasemap(_Layer):
    """Natural Earth countries and admin-1 outlines drawn on canvas: a base layer needing no network."""

    scripts = ("geomap-overlays.js", "geomap-basemap.js")
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_world">{{ this.world }}</script>
        <script type="application/json" id="{{ this.get_name() }}_admin1">{{ this.admin1 }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_world = Geomap.json("{{ this.get_name() }}_world");
        var {{ this.get_name() }}_admin1 = Geomap.json("{{ this.get_name() }}_admin1");
        var {{ this.get_name() }} = new Geomap.VectorBasemap({{ this.get_name() }}_world,
            {{ this.get_name() }}_admin1, {{ this.water }});
        {{ this._parent.get_name() }}.geomapVectorBase = {{ this.get_name() }};
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self, basemap: Basemap, layer_name: str = "Natural Earth (offline)", show: bool = True
    ) -> None:
        super().__init__(layer_name, show)
        self._name = "VectorBasemap"
        self.world, self.admin1 = script_safe(basemap.world_json), script_safe(basemap.admin1_json)
        self.water = script_safe(basemap.water_json) if basemap.water_json else "null"


class AdminChoropleth(_Layer):
    """Shown events counted per admin-1 area, recounted as the filters change."""

    scripts = ("geomap-overlays.js",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.Choropleth({{ this.store.get_name() }},
            {{ this.basemap.get_name() }}_admin1, {{ this.colors }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        store: EventStore,
        basemap: VectorBasemap,
        layer_name: str = "Events per admin-1 area",
        show: bool = False,
    ) -> None:
        super().__init__(layer_name, show)
        self._name = "AdminChoropleth"
        self.store, self.basemap = store, basemap
        self.colors = _js(list(CHOROPLETH_COLORS))


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


class Labels(_Layer):
    """Sea, country, admin-1 and town labels over the embedded basemap, placed clear of the events."""

    scripts = ("geomap-overlays.js", "geomap-basemap.js")
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">{{ this.labels }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new Geomap.LabelLayer(Geomap.json("{{ this.get_name() }}_data"),
            {{ this.store.get_name() }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, labels_json: str, store: EventStore, layer_name: str = "Place labels", show: bool = True) -> None:
        super().__init__(layer_name, show)
        self._name = "Labels"
        self.labels, self.store = labels_json, store


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
