/* geomap: one canvas of circles drawn from typed arrays (large tables). Events that fall in one
   grid cell at the current zoom are drawn as one disc with their count. */
(function (G) {
  "use strict";
  /* cell size in pixels: events closer than about this share one counted disc */
  var CELL = 12;

  G.CanvasLayer = L.Layer.extend({
    initialize: function (store) {
      this.store = store;
      this.cells = [];
      this._draw = this.schedule.bind(this);
    },
    /* one redraw per animation frame however many moves, zooms and filter changes come in it */
    schedule: function () {
      if (this._frame) { return; }
      this._frame = L.Util.requestAnimFrame(function () { this._frame = null; this.draw(); }, this);
    },
    /* the cells as drawn now (a pending redraw is done first, so that clicks hit what is seen) */
    current: function () {
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; this.draw(); }
      return this.cells;
    },
    onAdd: function (map) {
      this.canvas = L.DomUtil.create("canvas", "geomap-canvas leaflet-zoom-hide");
      this.canvas.style.pointerEvents = "none";
      map.getPanes().markerPane.appendChild(this.canvas);  // above areas, heat map and choropleth
      map.on("moveend zoomend resize viewreset", this.schedule, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this.store.on(this._draw);
      this.draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this.canvas);
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      map.off("moveend zoomend resize viewreset", this.schedule, this);
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
    /* circles shrink when zoomed out, so that dense areas stay readable */
    radius: function (i, zoom) { return this.store.radius(i) * (zoom < 8 ? 0.6 : zoom < 11 ? 0.8 : 1); },
    /* the shown events in view grouped by grid cell: [{x, y, members, top}] with the members'
       mean position and the largest event on top */
    group: function (f) {
      var store = this.store, size = f.size, index = new Map(), cells = [];
      for (var i = 0; i < store.n; i++) {
        if (!store.visible[i]) { continue; }
        var x = store.mx[i] * f.scale - f.origin.x, y = store.my[i] * f.scale - f.origin.y;
        if (x < -CELL || y < -CELL || x > size.x + CELL || y > size.y + CELL) { continue; }
        var key = Math.floor(x / CELL + 2) * 100003 + Math.floor(y / CELL + 2), c = index.get(key);
        if (c === undefined) {
          c = {sx: 0, sy: 0, members: [], top: i};
          index.set(key, c);
          cells.push(c);
        }
        c.sx += x; c.sy += y; c.members.push(i);
        if (store.data.f[i] > store.data.f[c.top]) { c.top = i; }
      }
      cells.forEach(function (c) { c.x = c.sx / c.members.length; c.y = c.sy / c.members.length; });
      return cells;
    },
    cellRadius: function (c, zoom) {
      var n = c.members.length;
      return n === 1 ? this.radius(c.top, zoom) : Math.min(7 + 3 * Math.log(n) / Math.LN2, 24);
    },
    draw: function () {
      var map = this._map;
      if (!map) { return; }
      var f = this.frame(), size = f.size, ratio = window.devicePixelRatio || 1, canvas = this.canvas;
      var zoom = map.getZoom(), store = this.store, d = store.data, self = this;
      canvas.width = size.x * ratio; canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      L.DomUtil.setPosition(canvas, f.topLeft);
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this.cells = this.group(f);
      // context places first (underneath), then small counts under large ones
      var cells = this.cells.slice().sort(function (a, b) {
        return (store.isContext(b.top) - store.isContext(a.top)) || a.members.length - b.members.length;
      });
      var labels = [];
      cells.forEach(function (c) {
        var top = c.top, r = self.cellRadius(c, zoom), many = c.members.length > 1;
        var doubt = many ? c.members.every(function (i) { return store.doubtful(i); }) : store.doubtful(top);
        ctx.beginPath();
        ctx.arc(c.x, c.y, r, 0, 2 * Math.PI);
        if (store.isContext(top)) {
          ctx.setLineDash([]);
          ctx.fillStyle = "rgba(255,255,255,0.5)"; ctx.fill();
          ctx.strokeStyle = d.ctxcolor; ctx.lineWidth = 2; ctx.stroke();
        } else if (doubt) {  // hollow and dashed: a doubtful placement
          ctx.fillStyle = "rgba(255,255,255,0.75)"; ctx.fill();
          ctx.setLineDash([3, 2]); ctx.strokeStyle = d.colors[d.t[top]]; ctx.lineWidth = 2; ctx.stroke();
          ctx.setLineDash([]);
        } else {
          ctx.globalAlpha = many ? 0.9 : 0.75; ctx.fillStyle = d.colors[d.t[top]]; ctx.fill(); ctx.globalAlpha = 1;
          if (zoom >= 9 || many) { ctx.strokeStyle = "#ffffff"; ctx.lineWidth = many ? 1.5 : 0.8; ctx.stroke(); }
        }
        if (many || doubt) { labels.push([c, doubt, many]); }
      });
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      labels.forEach(function (l) {
        var c = l[0], text = (l[2] ? String(c.members.length) : "") + (l[1] ? "?" : "");
        ctx.font = "600 " + (text.length > 3 ? 10 : 11) + "px system-ui, sans-serif";
        ctx.fillStyle = l[1] ? "#222" : "#fff";
        ctx.fillText(text, c.x, c.y + 0.5);
      });
    },
    /* the drawn cell nearest to a container point, or null */
    nearest: function (point) {
      var zoom = this._map.getZoom(), best = null, bestD = Infinity, self = this;
      this.current().forEach(function (c) {
        var dx = c.x - point.x, dy = c.y - point.y, r = self.cellRadius(c, zoom) + 3, dd = dx * dx + dy * dy;
        if (dd <= r * r && dd < bestD) { best = c; bestD = dd; }
      });
      return best;
    },
    popupAt: function (latlng, content, offset) {
      this._popup = this._popup || L.popup({maxWidth: 340});
      this._popup.options.offset = L.point(0, -offset);
      this._popup.setLatLng(latlng).setContent(content).openOn(this._map);
    },
    /* open one event's popup (its cell's list when it shares a cell) */
    open: function (i) {
      var self = this;
      this.draw();
      var cell = this.cells.filter(function (c) { return c.members.indexOf(i) >= 0; })[0];
      if (!cell || cell.members.length === 1) {
        this.popupAt(this.store.latlng(i), G.popup(this.store, i), this.store.radius(i));
        return;
      }
      var members = [i].concat(cell.members.filter(function (k) { return k !== i; }));
      this.popupAt(this.store.latlng(i), G.stackPopup(this.store, members), self.cellRadius(cell, this._map.getZoom()));
      var first = this._popup.getElement().querySelector(".geomap-stack-item");
      if (first) { first.open = true; }
    },
    _click: function (e) {
      var c = this.nearest(e.containerPoint);
      if (!c) { return; }
      var r = this.cellRadius(c, this._map.getZoom());
      if (c.members.length === 1) {
        this.popupAt(this.store.latlng(c.top), G.popup(this.store, c.top), r);
      } else {
        this.popupAt(this._map.containerPointToLatLng([c.x, c.y]), G.stackPopup(this.store, c.members), r);
      }
    },
    _hover: function (e) {
      var c = this.nearest(e.containerPoint), map = this._map;
      map.getContainer().style.cursor = c ? "pointer" : "";
      if (c === this._tipCell) { return; }
      this._tipCell = c;
      if (this._tip) { map.closeTooltip(this._tip); this._tip = null; }
      if (c) {
        var content = c.members.length === 1 ? G.tooltip(this.store, c.top)
          : G.el("span", "geomap-tip", c.members.length + " events: click to list them");
        this._tip = L.tooltip({direction: "top", offset: [0, -this.cellRadius(c, map.getZoom())]})
          .setLatLng(map.containerPointToLatLng([c.x, c.y])).setContent(content);
        map.openTooltip(this._tip);
      }
    }
  });
})(window.Geomap = window.Geomap || {});
