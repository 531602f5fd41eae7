/* geomap: the embedded basemap, drawn with no network: sea, countries, admin-1 areas, water, and
   labels (seas, countries, admin-1 areas, towns and villages by zoom) that never cover an event. */
(function (G) {
  "use strict";

  /* polygons on a canvas in a pane under every overlay, so that switching base layers never
     hides the precision areas or the choropleth */
  G.VectorBasemap = L.Layer.extend({
    initialize: function (world, admin1, water) { this.world = world; this.admin1 = admin1; this.water = water; },
    onAdd: function (map) {
      var pane = G.pane(map, "geomap-base", 150);
      var renderer = L.canvas({padding: 0.5, pane: pane});
      this.previous = map.getContainer().style.background;
      map.getContainer().style.background = "#cfe0ec";
      var layers = [
        L.geoJSON(this.world, {renderer: renderer, pane: pane, interactive: false,
                               style: {color: "#9a9a9a", weight: 0.8, fillColor: "#f6f3ea", fillOpacity: 1}}),
        L.geoJSON(this.admin1, {renderer: renderer, pane: pane, interactive: false,
                                style: {color: "#aaa39a", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1}})
      ];
      if (this.water) {
        layers.push(L.geoJSON(this.water, {renderer: renderer, pane: pane, interactive: false, style: function (f) {
          var k = f.properties.k;
          if (k === "lake") { return {color: "#9bbfd6", weight: 0.6, fillColor: "#cfe0ec", fillOpacity: 1}; }
          if (k === "road") { return {color: "#d9a66a", weight: 1, opacity: 0.8, fill: false}; }
          return {color: "#8fb6d3", weight: 1, opacity: 0.9, fill: false};
        }}));
      }
      this.group = L.layerGroup(layers).addTo(map);
    },
    onRemove: function (map) { this.group.remove(); map.getContainer().style.background = this.previous; }
  });

  /* text boxes placed so far, on a coarse grid, to keep labels apart and off the events */
  function Occupancy(width, height) {
    this.cell = 8;
    this.cols = Math.ceil(width / this.cell) + 1;
    this.rows = Math.ceil(height / this.cell) + 1;
    this.bits = new Uint8Array(this.cols * this.rows);
  }
  Occupancy.prototype = {
    span: function (x0, y0, x1, y1, fn) {
      var c = this.cell, cx0 = Math.max(0, Math.floor(x0 / c)), cx1 = Math.min(this.cols - 1, Math.floor(x1 / c));
      var cy0 = Math.max(0, Math.floor(y0 / c)), cy1 = Math.min(this.rows - 1, Math.floor(y1 / c));
      for (var y = cy0; y <= cy1; y++) { for (var x = cx0; x <= cx1; x++) { if (fn(y * this.cols + x)) { return true; } } }
      return false;
    },
    free: function (x0, y0, x1, y1) {
      var bits = this.bits;
      return !this.span(x0, y0, x1, y1, function (k) { return bits[k] === 1; });
    },
    take: function (x0, y0, x1, y1) { var bits = this.bits; this.span(x0, y0, x1, y1, function (k) { bits[k] = 1; }); }
  };

  /* labels on one canvas above the areas and under the markers; redrawn on every move and filter */
  G.LabelLayer = L.Layer.extend({
    initialize: function (labels, store) {
      this.labels = labels; this.store = store; this._draw = this.schedule.bind(this);
      this.placed = [];
      this.widths = new Map();
    },
    /* one redraw per animation frame however many moves, zooms and filter changes come in it */
    schedule: function () {
      if (this._frame) { return; }
      this._frame = L.Util.requestAnimFrame(function () { this._frame = null; this.draw(); }, this);
    },
    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "geomap-labels leaflet-zoom-hide");
      this.canvas.style.pointerEvents = "none";
      map.getPane(G.pane(map, "geomap-label-pane", 450)).appendChild(this.canvas);
      map.on("moveend zoomend resize viewreset", this.schedule, this);
      if (this.store) { this.store.on(this._draw); }
      this.schedule();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      map.off("moveend zoomend resize viewreset", this.schedule, this);
      if (this.store) { this.store.off(this._draw); }
    },
    /* boxes of the shown events in view: labels may not cover them */
    blockEvents: function (occ, map, size) {
      var s = this.store;
      if (!s) { return; }
      var topLeft = map.containerPointToLayerPoint([0, 0]), origin = map.getPixelOrigin().add(topLeft);
      var scale = 256 * Math.pow(2, map.getZoom());
      for (var i = 0; i < s.n; i++) {
        if (!s.visible[i]) { continue; }
        var x = s.mx[i] * scale - origin.x, y = s.my[i] * scale - origin.y, r = s.radius(i) + 8;
        if (x < -r || y < -r || x > size.x + r || y > size.y + r) { continue; }
        occ.take(x - r, y - r, x + r, y + r);
      }
    },
    draw: function () {
      var map = this._map;
      if (!map) { return; }
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, canvas = this.canvas, zoom = map.getZoom();
      canvas.width = size.x * ratio; canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      var occ = new Occupancy(size.x, size.y), placed = (this.placed = []), L_ = this.labels, widths = this.widths;
      this.blockEvents(occ, map, size);
      // and the panels: a label under the legend or caption could not be read
      var box = map.getContainer().getBoundingClientRect();
      Array.prototype.forEach.call(map.getContainer().querySelectorAll(".leaflet-control, .geomap-title"), function (node) {
        var r = node.getBoundingClientRect();
        if (r.width) { occ.take(r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top); }
      });
      /* a label at ``latlng``: centred, or for a town beside its dot (right, left, above, below:
         the first spot free of other labels and of events) */
      var put = function (text, latlng, style, dot) {
        var p = map.latLngToContainerPoint(latlng);
        if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) { return; }
        var key = style.font + "|" + text, w = widths.get(key), h = style.h;
        ctx.font = style.font;
        if (w === undefined) { w = ctx.measureText(text).width; widths.set(key, w); }
        // beside the dot, then (for a place under an event marker) farther out
        var spots = dot ? [[p.x + 5, p.y], [p.x - 5 - w, p.y], [p.x - w / 2, p.y - h], [p.x - w / 2, p.y + h],
                           [p.x + 36, p.y], [p.x - 36 - w, p.y], [p.x - w / 2, p.y - 34], [p.x - w / 2, p.y + 34]]
          : [[p.x - w / 2, p.y]];
        var dotFree = dot && occ.free(p.x - 3, p.y - 3, p.x + 3, p.y + 3);
        for (var k = 0; k < spots.length; k++) {
          var x0 = spots[k][0], y = spots[k][1], y0 = y - h / 2, x1 = x0 + w, y1 = y0 + h;
          if (x0 < 0 || y0 < 0 || x1 > size.x || y1 > size.y || !occ.free(x0 - 2, y0 - 1, x1 + 2, y1 + 1)) { continue; }
          occ.take(x0 - 2, y0 - 1, x1 + 2, y1 + 1);
          if (dotFree) {
            occ.take(p.x - 3, p.y - 3, p.x + 3, p.y + 3);
            ctx.beginPath(); ctx.arc(p.x, p.y, 2.2, 0, 2 * Math.PI);
            ctx.fillStyle = "#555"; ctx.fill(); ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke();
          }
          ctx.strokeStyle = style.halo; ctx.lineWidth = 3; ctx.strokeText(text, x0, y);
          ctx.fillStyle = style.color; ctx.fillText(text, x0, y);
          placed.push({text: text, box: [x0, y0, x1, y1]});
          return;
        }
      };
      var SEA = {font: "italic 13px Georgia, serif", color: "#4f7ca3", halo: "rgba(207,224,236,0.9)", h: 14};
      var COUNTRY = {font: "600 " + (zoom < 5 ? 12 : 14) + "px system-ui, sans-serif", color: "#3d3d3d", halo: "rgba(255,255,255,0.85)", h: 16};
      var ADMIN = {font: "11px system-ui, sans-serif", color: "#7a6a5a", halo: "rgba(255,255,255,0.85)", h: 13};
      var TOWN = [{font: "600 13px system-ui, sans-serif", color: "#222", halo: "rgba(255,255,255,0.9)", h: 15},
                  {font: "12px system-ui, sans-serif", color: "#2b2b2b", halo: "rgba(255,255,255,0.9)", h: 14},
                  {font: "11px system-ui, sans-serif", color: "#444", halo: "rgba(255,255,255,0.9)", h: 13}];
      // countries and seas first (few, large), then towns biggest first, then admin-1 areas
      if (zoom <= 8) {
        (L_.countries || []).forEach(function (c) { if (c[3] <= zoom) { put(c[0], [c[1], c[2]], COUNTRY, false); } });
      }
      (L_.seas || []).forEach(function (s) { if (s[3] <= zoom && zoom <= s[4]) { put(s[0], [s[1], s[2]], SEA, false); } });
      (L_.places || []).forEach(function (p) { if (p[3] <= zoom) { put(p[0], [p[1], p[2]], TOWN[p[4]], true); } });
      if (zoom >= 5 && zoom <= 10) {
        (L_.admin1 || []).forEach(function (a) { put(a[0], [a[1], a[2]], ADMIN, false); });
      }
    }
  });
})(window.Geomap = window.Geomap || {});
