/* geomap: overlays that follow the store's filters: filter toggles, movements, precision areas,
   heat map and the admin-1 choropleth (written for geomap). */
(function (G) {
  "use strict";
  var el = G.el;

  /* a map pane of our own at a fixed z-index (Leaflet: tiles 200, overlays 400, markers 600) */
  G.pane = function (map, name, zIndex) {
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = String(zIndex);
    return name;
  };

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
  /* light enough that every marker colour stays readable on the darkest class */
  G.CHOROPLETH_OPACITY = 0.45;
  G.Choropleth = L.Layer.extend({
    initialize: function (store, admin1, colors) {
      this.store = store; this.admin1 = admin1; this.colors = colors; this._update = this.update.bind(this);
    },
    onAdd: function (map) {
      var self = this, next = 0;
      this.counts = new Int32Array(this.admin1.features.length);
      // in its own pane under the precision areas and the markers, so it never hides an event
      this.layer = L.geoJSON(this.admin1, {
        pane: G.pane(map, "geomap-choropleth", 350),
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
        layer.setStyle({fillColor: cls < 0 ? "#000" : colors[cls], fillOpacity: cls < 0 ? 0 : G.CHOROPLETH_OPACITY});
      });
    }
  });
})(window.Geomap = window.Geomap || {});
