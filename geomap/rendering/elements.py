"""One small folium element per map feature, each holding its template and declaring its assets.

Layers and controls are built in the browser from the single :class:`EventStore`, so every feature
(markers, canvas points, movements, precision areas, heat map, choropleth, legend, time filter,
search) follows the same filters and no event is embedded twice.
"""

from __future__ import annotations

import json

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geomap.rendering.assets import CORE, STYLESHEET, asset_text
from geomap.rendering.basemap import Basemap
from geomap.rendering.encode import EncodedEvents, script_safe
from geomap.rendering.style import CHOROPLETH_COLORS, PRECISION_RADIUS_M

_HEAT_JS = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"

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
