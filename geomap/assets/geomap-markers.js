/* geomap: one icon marker per shown event or stack of events (tables up to the marker limit). */
(function (G) {
  "use strict";
  /* events drawn closer than this many pixels share one marker with a count */
  var STACK_PX = 14;

  /* groups of shown events closer than STACK_PX at ``zoom`` (a greedy pass over a pixel grid,
     largest events first); each group is a list of event indices, its first member on top */
  G.stacks = function (store, zoom, px) {
    var scale = 256 * Math.pow(2, zoom), cell = px || STACK_PX, grid = {}, groups = [], order = [], i;
    for (i = 0; i < store.n; i++) { if (store.visible[i]) { order.push(i); } }
    order.sort(function (a, b) { return store.data.f[b] - store.data.f[a] || a - b; });
    order.forEach(function (i) {
      var x = store.mx[i] * scale, y = store.my[i] * scale, cx = Math.floor(x / cell), cy = Math.floor(y / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var near = grid[(cx + dx) + "," + (cy + dy)];
          if (!near) { continue; }
          for (var k = 0; k < near.length; k++) {
            var g = near[k];
            if ((g.x - x) * (g.x - x) + (g.y - y) * (g.y - y) < cell * cell) { g.members.push(i); return; }
          }
        }
      }
      var group = {x: x, y: y, members: [i]}, key = cx + "," + cy;
      (grid[key] = grid[key] || []).push(group);
      groups.push(group);
    });
    return groups.map(function (g) { return g.members; });
  };

  G.MarkerLayer = L.Layer.extend({
    initialize: function (store) {
      this.store = store;
      this.markers = new Array(store.n);
      this.group = L.featureGroup();
      this.icons = {};
      this.stackOf = new Int32Array(store.n).fill(-1);
      this._update = this.update.bind(this);
    },
    icon: function (i) {
      var size = Math.round(2 * this.store.radius(i) + 12), store = this.store;
      var key = (store.isContext(i) ? "c" : store.data.t[i]) + "/" + size + (store.doubtful(i) ? "?" : "");
      if (!this.icons[key]) {
        // an <img> of a data: URL per icon variant: decoded once, far lighter than inline SVG per marker
        this.icons[key] = L.icon({iconUrl: "data:image/svg+xml;charset=utf-8," +
                                    encodeURIComponent(store.iconHtml(i, size)),
                                  className: "geomap-icon" + (store.doubtful(i) ? " geomap-doubtful" : ""),
                                  iconSize: [size, size], iconAnchor: [size / 2, size / 2],
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
    /* a stack: the top event's icon with a count badge ("?" when any member is doubtful) */
    stackMarker: function (members) {
      var store = this.store, top = members[0], size = Math.round(2 * store.radius(top) + 12);
      var doubt = members.some(function (i) { return store.doubtful(i); });
      var html = '<img src="data:image/svg+xml;charset=utf-8,' + encodeURIComponent(store.iconHtml(top, size)) +
        '" width="' + size + '" height="' + size + '" alt=""><span class="geomap-count">' + members.length +
        (doubt ? "?" : "") + "</span>";  // our own markup and a number: no event text
      var m = L.marker(store.latlng(top), {keyboard: false, riseOnHover: true, zIndexOffset: 500 + members.length,
        icon: L.divIcon({html: html, className: "geomap-icon geomap-stack-icon", iconSize: [size, size],
                         iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2]})});
      m.bindPopup(function () { return G.stackPopup(store, members); }, {maxWidth: 340, className: "geomap-stack-popup"});
      m.bindTooltip(members.length + " events: click to list them", {direction: "top"});
      m.geomapStack = members;
      return m;
    },
    update: function () {
      if (!this._map) { return; }
      var self = this, store = this.store, wanted = [];
      this.stacks = G.stacks(store, this._map.getZoom());
      this.stackOf.fill(-1);
      this.stacks.forEach(function (members, k) {
        if (members.length === 1) { wanted.push(self.marker(members[0])); return; }
        members.forEach(function (i) { self.stackOf[i] = k; });
        wanted.push(self.stackMarker(members));
      });
      this.group.clearLayers();
      wanted.forEach(function (m) { self.group.addLayer(m); });
    },
    /* open one event's popup; inside a stack, the stack's list with that event opened */
    open: function (i) {
      var k = this.stackOf[i];
      if (k < 0) { this.marker(i).openPopup(); return; }
      var target = null;
      this.group.eachLayer(function (m) { if (m.geomapStack && m.geomapStack.indexOf(i) >= 0) { target = m; } });
      if (!target) { return; }
      target.openPopup();
      var items = target.getPopup().getElement().querySelectorAll(".geomap-stack-item");
      var at = target.geomapStack.indexOf(i);
      if (items[at]) { items[at].open = true; items[at].scrollIntoView({block: "nearest"}); }
    },
    onAdd: function (map) {
      this.group.addTo(map);
      this.update();
      map.on("zoomend", this._update);
      this.store.on(this._update);
    },
    onRemove: function (map) { this.group.remove(); map.off("zoomend", this._update); this.store.off(this._update); }
  });
})(window.Geomap = window.Geomap || {});
