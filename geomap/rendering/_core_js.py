"""The map's own JavaScript (written for geomap): the event store and the layers drawn from it.

Loaded once per page by :class:`geomap.rendering.elements.EventStore`. Every piece of event text
reaches the page through ``textContent`` or an attribute set with ``setAttribute`` (links only
when http(s)), never through ``innerHTML``, so notes and source names from the web stay text.
"""

CORE_JS = r"""
(function () {
  "use strict";
  if (window.Geomap) { return; }
  var G = (window.Geomap = {});
  var DAY_MS = 86400000;
  var SCALE = 10000;
  var PRECISION = {1: "exact place", 2: "near the place / part of a region", 3: "region only"};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  G.el = el;
  G.isoDate = function (day) { return day < 0 ? null : new Date(day * DAY_MS).toISOString().slice(0, 10); };
  /* JSON embedded in a <script type="application/json"> element: parsed faster than a JS literal */
  G.json = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  G.httpUrl = function (url) { return typeof url === "string" && /^https?:\/\/\S/i.test(url) ? url : null; };

  /* ---- the store: decoded columns, filters, listeners ---- */
  G.Store = function (data) {
    var n = data.n, i;
    this.data = data;
    this.n = n;
    if (!data.ok) { data.ok = new Uint8Array(n).fill(1); }
    if (!data.ctx) { data.ctx = new Uint8Array(n); }
    this.srcStart = new Int32Array(n + 1);
    for (i = 0; i < n; i++) { this.srcStart[i + 1] = this.srcStart[i] + data.srcn[i]; }
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var lat = data.y[i] / SCALE, lon = data.x[i] / SCALE;
      var s = Math.sin(Math.max(Math.min(lat, 85.0511287798), -85.0511287798) * Math.PI / 180);
      this.lat[i] = lat; this.lon[i] = lon;
      this.mx[i] = 0.5 + lon / 360;
      this.my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    this.dayEnd = data.de || data.d;
    var lo = Infinity, hi = -Infinity;
    for (i = 0; i < n; i++) {
      if (data.d[i] >= 0) { lo = Math.min(lo, data.d[i]); hi = Math.max(hi, this.dayEnd[i] >= 0 ? this.dayEnd[i] : data.d[i]); }
    }
    this.dayMin = lo === Infinity ? -1 : lo;
    this.dayMax = hi === -Infinity ? -1 : hi;
    this.range = [this.dayMin, this.dayMax];
    this.on_ = {type: data.types.map(function () { return true; }),
                actor: [], context: [true]};
    var groups = 0;
    for (i = 0; i < data.agroup.length; i++) { groups = Math.max(groups, data.agroup[i] + 1); }
    for (i = 0; i <= groups; i++) { this.on_.actor.push(true); }
    this.otherGroup = groups;
    this.visible = new Uint8Array(n);
    this.shown = 0;
    this.listeners = [];
    this.refilter();
  };
  G.Store.prototype = {
    radius: function (i) {
      var f = this.data.f[i];
      return f > 0 ? Math.min(5 + 2 * Math.sqrt(f), 16) : 5;
    },
    actorGroup: function (code) { return code < 0 ? -1 : this.data.agroup[code]; },
    refilter: function () {
      var d = this.data, on = this.on_, lo = this.range[0], hi = this.range[1], shown = 0;
      for (var i = 0; i < this.n; i++) {
        var v = d.ok[i] === 1;
        if (v && d.ctx[i] === 1) {
          v = on.context[0];
        } else if (v) {
          var g1 = this.actorGroup(d.a1[i]), g2 = this.actorGroup(d.a2[i]);
          if (g1 < 0 && g2 < 0) { g1 = this.otherGroup; }  // no actor at all: "Other actors"
          v = on.type[d.t[i]] && ((g1 >= 0 && on.actor[g1]) || (g2 >= 0 && on.actor[g2]));
        }
        if (v && d.d[i] >= 0) {
          var end = this.dayEnd[i] >= 0 ? this.dayEnd[i] : d.d[i];
          v = end >= lo && d.d[i] <= hi;
        }
        this.visible[i] = v ? 1 : 0;
        shown += v ? 1 : 0;
      }
      this.shown = shown;
      for (var k = 0; k < this.listeners.length; k++) { this.listeners[k](); }
    },
    set: function (kind, index, value) {
      if (this.on_[kind][index] === value) { return; }
      this.on_[kind][index] = value;
      this.refilter();
    },
    setRange: function (lo, hi) { this.range = [lo, hi]; this.refilter(); },
    on: function (fn) { this.listeners.push(fn); },
    off: function (fn) { this.listeners = this.listeners.filter(function (f) { return f !== fn; }); },
    text: function (key, i) { var c = this.data[key][i]; return c >= 0 ? this.data[key + "_"][c] : null; },
    actorName: function (code) { return code >= 0 ? this.data.actors[code] : null; },
    latlng: function (i) { return L.latLng(this.lat[i], this.lon[i]); },
    isContext: function (i) { return this.data.ctx[i] === 1; },
    iconHtml: function (i, size) { return G.iconSvg(this.data, this.isContext(i) ? -1 : this.data.t[i], size); }
  };

  /* An event type's icon (t = -1: a context place): the SVG markup made in Python, at a pixel size */
  G.iconSvg = function (data, t, size) {
    return (t < 0 ? data.icons[data.icons.length - 1] : data.icons[t]).split("{size}").join(String(size));
  };

  /* ---- popups and tooltips: DOM nodes filled with textContent only ---- */
  function row(table, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }
  G.tooltip = function (store, i) {
    var parts = [G.isoDate(store.data.d[i]), store.isContext(i) ? "Context place" : store.data.types[store.data.t[i]],
                 store.text("l", i)];
    return el("span", "geomap-tip", parts.filter(function (p) { return p; }).join(" \u00b7 "));
  };
  G.popup = function (store, i) {
    var d = store.data, box = el("div", "geomap-popup");
    var head = store.isContext(i) ? "Context place" : d.types[d.t[i]];
    box.appendChild(el("div", "geomap-popup-title", head));
    var sub = store.text("s", i);
    if (sub && !store.isContext(i)) { box.appendChild(el("div", "geomap-popup-sub", sub)); }
    var table = el("table");
    var date = G.isoDate(d.d[i]), end = d.de ? G.isoDate(d.de[i]) : null;
    row(table, "Date", end && end !== date ? date + " to " + end : date);
    var actors = [store.actorName(d.a1[i]), store.actorName(d.a2[i])].filter(function (a) { return a; });
    row(table, "Actors", actors.join(" vs. "));
    row(table, "Fatalities", d.f[i] >= 0 ? d.f[i] : null);
    var place = [store.text("l", i), store.text("a", i), store.text("c", i)].filter(function (p) { return p; });
    row(table, "Place", place.join(", "));
    row(table, "Precision", d.p[i] > 0 ? d.p[i] + " (" + (PRECISION[d.p[i]] || "coded") + ")" : null);
    var match = store.text("m", i);
    var conf = d.q[i] >= 0 ? d.q[i] + "% confidence" : null;
    row(table, "Resolved as", [match, conf].filter(function (p) { return p; }).join(", "));
    row(table, "Coordinates", store.lat[i].toFixed(4) + ", " + store.lon[i].toFixed(4));
    box.appendChild(table);
    if (d.notes[i]) { box.appendChild(el("p", "geomap-notes", d.notes[i])); }
    var sources = [];
    for (var k = store.srcStart[i]; k < store.srcStart[i + 1]; k++) { sources.push(d.src_[d.src[k]]); }
    if (sources.length) {
      var list = el("ul", "geomap-sources");
      sources.forEach(function (s) {
        var item = el("li"), url = G.httpUrl(s[1]);
        var label = s[0] || url || "source";
        if (url) {
          var a = el("a", null, label);
          a.setAttribute("href", url);
          a.setAttribute("target", "_blank");
          a.setAttribute("rel", "noopener noreferrer nofollow");
          item.appendChild(a);
        } else {
          item.textContent = label;
        }
        list.appendChild(item);
      });
      box.appendChild(el("div", "geomap-popup-sub", "Sources"));
      box.appendChild(list);
    }
    return box;
  };

  /* ---- rich markers: one L.marker with an SVG icon per shown event (small tables) ---- */
  G.MarkerLayer = L.Layer.extend({
    initialize: function (store) {
      this.store = store;
      this.markers = new Array(store.n);
      this.group = L.featureGroup();
      this.icons = {};
      this._update = this.update.bind(this);
    },
    icon: function (i) {
      var size = Math.round(2 * this.store.radius(i) + 12);
      var key = (this.store.isContext(i) ? "c" : this.store.data.t[i]) + "/" + size;
      if (!this.icons[key]) {
        // an <img> of a data: URL per icon variant: decoded once, far lighter than inline SVG per marker
        this.icons[key] = L.icon({iconUrl: "data:image/svg+xml;charset=utf-8," +
                                    encodeURIComponent(this.store.iconHtml(i, size)),
                                  className: "geomap-icon", iconSize: [size, size], iconAnchor: [size / 2, size / 2],
                                  popupAnchor: [0, -size / 2], tooltipAnchor: [0, -size / 2]});
      }
      return this.icons[key];
    },
    marker: function (i) {
      var store = this.store;
      if (!this.markers[i]) {
        // smaller markers above larger ones, so that neither hides the other
        var m = L.marker(store.latlng(i), {icon: this.icon(i), keyboard: false, riseOnHover: true,
                                           zIndexOffset: store.isContext(i) ? -1000 : -Math.max(store.data.f[i], 0)});
        m.bindPopup(function () { return G.popup(store, i); }, {maxWidth: 320});
        m.bindTooltip(function () { return G.tooltip(store, i); }, {direction: "top"});
        m.geomapIndex = i;
        this.markers[i] = m;
      }
      return this.markers[i];
    },
    update: function () {
      for (var i = 0; i < this.store.n; i++) {
        if (this.store.visible[i]) {
          if (!this.group.hasLayer(this.marker(i))) { this.group.addLayer(this.markers[i]); }
        } else if (this.markers[i] && this.group.hasLayer(this.markers[i])) {
          this.group.removeLayer(this.markers[i]);
        }
      }
    },
    open: function (i) { this.marker(i).openPopup(); },
    onAdd: function (map) { this.update(); this.group.addTo(map); this.store.on(this._update); },
    onRemove: function () { this.group.remove(); this.store.off(this._update); }
  });

  /* ---- canvas points: one canvas, drawn from typed arrays (large tables) ---- */
  G.CanvasLayer = L.Layer.extend({
    initialize: function (store) {
      this.store = store;
      this.byType = [];
      for (var t = 0; t <= store.data.types.length; t++) { this.byType.push([]); }
      for (var i = 0; i < store.n; i++) {
        this.byType[store.isContext(i) ? store.data.types.length : store.data.t[i]].push(i);
      }
      this._draw = this.draw.bind(this);
    },
    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "geomap-canvas leaflet-zoom-hide");
      this.canvas.style.pointerEvents = "none";
      map.getPanes().markerPane.appendChild(this.canvas);  // above areas, heat map and choropleth
      map.on("moveend zoomend resize viewreset", this.draw, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this.store.on(this._draw);
      this.draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      map.off("moveend zoomend resize viewreset", this.draw, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
      this.store.off(this._draw);
    },
    /* the current view: container size, projected pixel of its top-left corner, world size in pixels */
    frame: function () {
      var map = this._map, topLeft = map.containerPointToLayerPoint([0, 0]);
      return {size: map.getSize(), topLeft: topLeft, origin: map.getPixelOrigin().add(topLeft),
              scale: 256 * Math.pow(2, map.getZoom())};
    },
    /* context places first (underneath), then the types from the most to the least frequent */
    order: function () {
      var byType = this.byType, last = byType.length - 1, types = [];
      for (var t = 0; t < last; t++) { types.push(t); }
      types.sort(function (a, b) { return byType[b].length - byType[a].length; });
      return [last].concat(types);
    },
    /* circles shrink when zoomed out, so that dense areas stay readable */
    radius: function (i, zoom) { return this.store.radius(i) * (zoom < 8 ? 0.6 : zoom < 11 ? 0.8 : 1); },
    draw: function () {
      var map = this._map;
      if (!map) { return; }
      var f = this.frame(), size = f.size, ratio = window.devicePixelRatio || 1, canvas = this.canvas;
      var zoom = map.getZoom();
      canvas.width = size.x * ratio; canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(canvas, f.topLeft);
      var ctx = canvas.getContext("2d"), store = this.store, d = store.data;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var last = this.byType.length - 1, order = this.order();
      for (var o = 0; o < order.length; o++) {
        var t = order[o], idx = this.byType[t];
        ctx.beginPath();
        for (var k = 0; k < idx.length; k++) {
          var i = idx[k];
          if (!store.visible[i]) { continue; }
          var x = store.mx[i] * f.scale - f.origin.x, y = store.my[i] * f.scale - f.origin.y;
          var r = this.radius(i, zoom);
          if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
        }
        if (t === last) {
          ctx.fillStyle = "rgba(255,255,255,0.5)"; ctx.fill();
          ctx.strokeStyle = d.ctxcolor; ctx.lineWidth = 2; ctx.stroke();
        } else {
          ctx.globalAlpha = 0.75; ctx.fillStyle = d.colors[t]; ctx.fill(); ctx.globalAlpha = 1;
          if (zoom >= 9) { ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 0.8; ctx.stroke(); }
        }
      }
    },
    /* the shown event drawn nearest to a container point, or -1 */
    nearest: function (point) {
      var f = this.frame(), zoom = this._map.getZoom(), best = -1, bestD = Infinity, store = this.store;
      for (var i = 0; i < store.n; i++) {
        if (!store.visible[i]) { continue; }
        var dx = store.mx[i] * f.scale - f.origin.x - point.x, dy = store.my[i] * f.scale - f.origin.y - point.y;
        var r = this.radius(i, zoom) + 3, dd = dx * dx + dy * dy;
        if (dd <= r * r && dd < bestD) { best = i; bestD = dd; }
      }
      return best;
    },
    open: function (i) {
      this._popup = this._popup || L.popup({maxWidth: 320});
      this._popup.options.offset = L.point(0, -this.store.radius(i));
      this._popup.setLatLng(this.store.latlng(i)).setContent(G.popup(this.store, i)).openOn(this._map);
    },
    _click: function (e) {
      var i = this.nearest(e.containerPoint);
      if (i >= 0) { this.open(i); }
    },
    _hover: function (e) {
      var i = this.nearest(e.containerPoint), map = this._map;
      map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
      if (i === this._tipIndex) { return; }
      this._tipIndex = i;
      if (this._tip) { map.closeTooltip(this._tip); this._tip = null; }
      if (i >= 0) {
        this._tip = L.tooltip({direction: "top", offset: [0, -this.store.radius(i)]})
          .setLatLng(this.store.latlng(i)).setContent(G.tooltip(this.store, i));
        map.openTooltip(this._tip);
      }
    }
  });

  /* ---- an overlay entry that switches one filter (event type, actor group, context) ---- */
  G.Toggle = L.Layer.extend({
    initialize: function (store, kind, index) { this.store = store; this.kind = kind; this.index = index; },
    onAdd: function () { this.store.set(this.kind, this.index, true); },
    onRemove: function () { this.store.set(this.kind, this.index, false); }
  });

  /* ---- a layer group whose members follow the store's filters ---- */
  G.FilteredGroup = L.Layer.extend({
    initialize: function (store, build) {
      this.store = store; this.build = build; this.items = null;
      this.group = L.featureGroup();
      this._update = this.update.bind(this);
    },
    update: function () {
      var store = this.store, group = this.group;
      this.items.forEach(function (item) {
        var show = store.visible[item.index] === 1;
        item.layers.forEach(function (layer) {
          if (show && !group.hasLayer(layer)) { group.addLayer(layer); }
          if (!show && group.hasLayer(layer)) { group.removeLayer(layer); }
        });
      });
    },
    onAdd: function (map) {
      if (!this.items) { this.items = this.build(this.store, map); }
      this.update(); this.group.addTo(map); this.store.on(this._update);
    },
    onRemove: function () { this.group.remove(); this.store.off(this._update); }
  });

  /* an event's popup on a line or area; a tooltip too unless the event's marker already has one */
  function bindEvent(layer, store, i, tooltip) {
    layer.bindPopup(function () { return G.popup(store, i); }, {maxWidth: 320});
    if (tooltip) { layer.bindTooltip(function () { return G.tooltip(store, i); }, {sticky: true}); }
    return layer;
  }

  /* movements: lines from origin to destination with an arrowhead, dashed where the route is unknown */
  G.movements = function (store) {
    return new G.FilteredGroup(store, function (store, map) {
      return store.data.lines.map(function (line) {
        var i = line[0], coords = line[2], color = store.data.colors[store.data.t[i]];
        var path = bindEvent(L.polyline(coords, {color: color, weight: 3, opacity: 0.9,
                                                 dashArray: line[1] ? null : "8 6"}), store, i, true);
        var a = map.project(coords[coords.length - 2], 0), b = map.project(coords[coords.length - 1], 0);
        var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
        var end = coords[coords.length - 1], prev = coords[coords.length - 2];
        var middle = [(end[0] + prev[0]) / 2, (end[1] + prev[1]) / 2];  // stays clear of the markers
        var arrow = L.marker(middle, {interactive: false, keyboard: false, icon: L.divIcon({
          className: "geomap-arrow", iconSize: [18, 18], iconAnchor: [9, 9],
          html: '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18" ' +
            'style="transform:rotate(' + angle.toFixed(1) + 'deg)"><path d="M2 2L17 9L2 16L6 9z" fill="' +
            color + '" stroke="#fff" stroke-width="1"/></svg>'})});
        return {index: i, layers: [path, arrow]};
      });
    });
  };

  /* precision areas: admin-area geometries, and dashed circles for event points coded as imprecise
     (context places are only mentioned, so they get no circle) */
  G.precisionAreas = function (store, radii, limit) {
    return new G.FilteredGroup(store, function (store) {
      var d = store.data, items = [], renderer = L.canvas({padding: 0.2});
      d.areas.forEach(function (area) {
        var i = area[0], color = store.isContext(i) ? d.ctxcolor : d.colors[d.t[i]];
        var layer = L.geoJSON(area[1], {renderer: renderer, style: {color: color, weight: 2, dashArray: "4 4",
                                                                     fillColor: color, fillOpacity: 0.12}});
        items.push({index: i, layers: [bindEvent(layer, store, i)]});
      });
      for (var i = 0; i < store.n && items.length < limit; i++) {
        var r = radii[d.p[i]];
        if (!r || d.ok[i] !== 1 || store.isContext(i) || d.areas.length && isArea(d, i)) { continue; }
        var c = d.colors[d.t[i]];
        var circle = L.circle(store.latlng(i), {radius: r, renderer: renderer, color: c, weight: 1.5,
                                                dashArray: "4 4", fillColor: c, fillOpacity: 0.08});
        items.push({index: i, layers: [bindEvent(circle, store, i)]});
      }
      return items;
    });
  };
  function isArea(d, i) {
    if (!d._areaSet) { d._areaSet = {}; d.areas.forEach(function (a) { d._areaSet[a[0]] = true; }); }
    return d._areaSet[i] === true;
  }

  /* heat map of the shown events (Leaflet.heat) */
  G.HeatLayer = L.Layer.extend({
    initialize: function (store, options) {
      this.store = store; this.options = options; this._update = this.update.bind(this);
    },
    points: function () {
      var out = [], s = this.store;
      for (var i = 0; i < s.n; i++) { if (s.visible[i] && !s.isContext(i)) { out.push([s.lat[i], s.lon[i]]); } }
      return out;
    },
    update: function () { if (this.heat) { this.heat.setLatLngs(this.points()); } },
    onAdd: function (map) {
      this.heat = L.heatLayer(this.points(), this.options).addTo(map);
      this.store.on(this._update);
    },
    onRemove: function () { this.heat.remove(); this.heat = null; this.store.off(this._update); }
  });

  /* choropleth: shown events counted per admin-1 area, recounted when the filters change */
  G.Choropleth = L.Layer.extend({
    initialize: function (store, admin1, colors) {
      this.store = store; this.admin1 = admin1; this.colors = colors; this._update = this.update.bind(this);
    },
    onAdd: function (map) {
      var self = this, next = 0;
      this.counts = new Int32Array(this.admin1.features.length);
      this.layer = L.geoJSON(this.admin1, {
        style: function () { return {weight: 0.8, color: "#8a6d5a", fillOpacity: 0}; },
        onEachFeature: function (feature, layer) {
          var k = next++;  // features arrive in order: k is the area's index in the events' adm codes
          layer.geomapArea = k;
          layer.bindTooltip(function () {
            return el("span", null, feature.properties.name + ": " + self.counts[k] + " events shown");
          }, {sticky: true});
        }
      }).addTo(map);
      this.update();
      this.store.on(this._update);
    },
    onRemove: function () { this.layer.remove(); this.store.off(this._update); },
    /* recount the shown events per area; classes on a log scale of the largest count */
    update: function () {
      var s = this.store, counts = this.counts, max = 0, colors = this.colors, i;
      counts.fill(0);
      for (i = 0; i < s.n; i++) { if (s.visible[i] && !s.isContext(i) && s.data.adm[i] >= 0) { counts[s.data.adm[i]]++; } }
      for (i = 0; i < counts.length; i++) { max = Math.max(max, counts[i]); }
      this.layer.eachLayer(function (layer) {
        var c = counts[layer.geomapArea];
        var cls = c === 0 ? -1 : Math.min(colors.length - 1, Math.floor(colors.length * Math.log(1 + c) / Math.log(2 + max)));
        layer.setStyle({fillColor: cls < 0 ? "#000" : colors[cls], fillOpacity: cls < 0 ? 0 : 0.6});
      });
    }
  });

  /* the vector basemap on canvas, no network: sea, coarse countries, and the finer admin-1 areas
     of the countries near the events drawn over them */
  G.VectorBasemap = L.Layer.extend({
    initialize: function (world, admin1) { this.world = world; this.admin1 = admin1; },
    onAdd: function (map) {
      var renderer = L.canvas({padding: 0.5});
      this.previous = map.getContainer().style.background;
      map.getContainer().style.background = "#cfe0ec";
      this.group = L.layerGroup([
        L.geoJSON(this.world, {renderer: renderer, interactive: false,
                               style: {color: "#9a9a9a", weight: 0.8, fillColor: "#f6f3ea", fillOpacity: 1}}),
        L.geoJSON(this.admin1, {renderer: renderer, interactive: false,
                                style: {color: "#aaa39a", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1}})
      ]).addTo(map);
    },
    onRemove: function (map) { this.group.remove(); map.getContainer().style.background = this.previous; }
  });

  /* ---- controls ---- */
  G.Legend = L.Control.extend({
    options: {position: "bottomright"},
    initialize: function (store, options) { L.setOptions(this, options); this.store = store; },
    onAdd: function () {
      var d = this.store.data, box = el("div", "geomap-legend leaflet-bar"), counts = [], ctx = 0, i;
      d.types.forEach(function () { counts.push(0); });
      for (i = 0; i < this.store.n; i++) { if (d.ctx[i] === 1) { ctx++; } else { counts[d.t[i]]++; } }
      box.appendChild(el("div", "geomap-legend-title", this.options.title));
      var addRow = function (t, label, count) {
        var line = el("div", "geomap-legend-row");
        var icon = el("span", "geomap-legend-icon");
        icon.innerHTML = G.iconSvg(d, t, 16); // our own SVG markup, no event text
        line.appendChild(icon);
        line.appendChild(el("span", "geomap-legend-label", label));
        line.appendChild(el("span", "geomap-legend-count", count));
        box.appendChild(line);
      };
      d.types.forEach(function (name, t) {
        if (counts[t]) { addRow(t, name, counts[t]); }
      });
      if (ctx) { addRow(-1, "Context place", ctx); }
      box.appendChild(el("div", "geomap-legend-note", "Marker size grows with fatalities. Dashed lines: route unknown."));
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  G.TimeControl = L.Control.extend({
    options: {position: "bottomleft"},
    initialize: function (store, options) { L.setOptions(this, options); this.store = store; },
    onAdd: function () {
      var store = this.store, box = el("div", "geomap-time leaflet-bar");
      var label = el("div", "geomap-time-label"), shown = el("div", "geomap-shown");
      var from = el("input", "geomap-from"), to = el("input", "geomap-to");
      [from, to].forEach(function (input, k) {
        input.type = "range"; input.min = store.dayMin; input.max = store.dayMax; input.step = 1;
        input.value = k === 0 ? store.dayMin : store.dayMax;
        input.setAttribute("aria-label", k === 0 ? "from date" : "to date");
      });
      var apply = function () {
        var lo = Math.min(+from.value, +to.value), hi = Math.max(+from.value, +to.value);
        label.textContent = G.isoDate(lo) + " \u2013 " + G.isoDate(hi);
        store.setRange(lo, hi);
      };
      from.addEventListener("input", apply);
      to.addEventListener("input", apply);
      var count = function () { shown.textContent = store.shown + " of " + store.n + " shown"; };
      store.on(count);
      box.appendChild(el("div", "geomap-legend-title", "Time"));
      box.appendChild(label); box.appendChild(from); box.appendChild(to); box.appendChild(shown);
      label.textContent = G.isoDate(store.dayMin) + " \u2013 " + G.isoDate(store.dayMax);
      count();
      if (store.dayMin < 0) { from.disabled = to.disabled = true; label.textContent = "no dates"; }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  G.SearchControl = L.Control.extend({
    options: {position: "topleft"},
    initialize: function (store, points, options) { L.setOptions(this, options); this.store = store; this.points = points; },
    onAdd: function (map) {
      var store = this.store, points = this.points, box = el("div", "geomap-search leaflet-bar");
      var input = el("input"), list = el("datalist"), id = "geomap-places-" + L.Util.stamp(this);
      input.type = "search"; input.placeholder = "Find a place\u2026"; input.setAttribute("list", id);
      input.setAttribute("aria-label", "find a place");
      list.id = id;
      input.addEventListener("focus", function () {  // filled on first use: tables may name many places
        if (list.childNodes.length) { return; }
        (store.data.l_ || []).slice().sort().forEach(function (name) {
          var option = el("option"); option.value = name; list.appendChild(option);
        });
      });
      var go = function () {
        var want = input.value.trim().toLowerCase(), names = store.data.l_, best = -1;
        if (!want) { return; }
        for (var i = 0; i < store.n; i++) {
          var code = store.data.l[i];
          if (code >= 0 && names[code].toLowerCase() === want && store.data.ok[i] === 1) {
            best = i;
            if (store.visible[i]) { break; }
          }
        }
        box.classList.toggle("geomap-search-miss", best < 0);
        if (best >= 0) {
          map.setView(store.latlng(best), Math.max(map.getZoom(), 9));
          points.open(best);
        }
      };
      input.addEventListener("change", go);
      box.appendChild(input); box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  G.TextControl = L.Control.extend({
    initialize: function (text, className, options) { L.setOptions(this, options); this.text = text; this.className = className; },
    onAdd: function () {
      var box = el("div", this.className, this.text);
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });
})();
"""
