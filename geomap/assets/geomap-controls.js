/* geomap: the legend, time filter, place search, text panels, north arrow and the framing that
   keeps every event clear of the panels (written for geomap). */
(function (G) {
  "use strict";
  var el = G.el;

  /* the legend: each type's icon, name and count of the events shown now (time and filters),
     and the doubtful placements drawn hollow */
  G.Legend = L.Control.extend({
    options: {position: "bottomright"},
    initialize: function (store, options) { L.setOptions(this, options); this.store = store; this._update = this.update.bind(this); },
    onAdd: function () {
      this.box = el("div", "geomap-legend leaflet-bar");
      this.update();
      this.store.on(this._update);
      L.DomEvent.disableClickPropagation(this.box);
      return this.box;
    },
    onRemove: function () { this.store.off(this._update); },
    update: function () {
      var s = this.store, d = s.data, box = this.box, counts = [], all = [], ctx = 0, low = 0, out = 0, i;
      d.types.forEach(function () { counts.push(0); all.push(0); });
      for (i = 0; i < s.n; i++) {
        if (d.ok[i] !== 1) { continue; }
        if (!s.isContext(i)) { all[d.t[i]]++; }
        if (!s.visible[i]) { continue; }
        if (s.isContext(i)) { ctx++; continue; }
        counts[d.t[i]]++;
        if (s.lowConfidence(i)) { low++; }
        if (s.outside(i)) { out++; }
      }
      box.textContent = "";
      box.appendChild(el("div", "geomap-legend-title", this.options.title));
      var addRow = function (icons, t, label, count, cls) {
        var line = el("div", "geomap-legend-row" + (cls ? " " + cls : ""));
        var icon = el("span", "geomap-legend-icon");
        icon.innerHTML = G.iconSvg(icons, t, 16); // our own SVG markup, no event text
        line.appendChild(icon);
        line.appendChild(el("span", "geomap-legend-label", label));
        line.appendChild(el("span", "geomap-legend-count", count));
        box.appendChild(line);
      };
      d.types.forEach(function (name, t) { if (all[t]) { addRow(d.icons, t, name, counts[t]); } });
      var hasCtx = false;
      for (i = 0; i < s.n && !hasCtx; i++) { hasCtx = s.isContext(i); }
      if (hasCtx) { addRow(d.icons, -1, "Context place", ctx); }
      if (low) { addRow(d.dicons, -1, "Low confidence (< " + d.minq + "%)", low, "geomap-legend-doubt"); }
      if (out) { addRow(d.dicons, -1, "Outside the stated country", out, "geomap-legend-doubt"); }
      box.appendChild(el("div", "geomap-legend-note",
        "Marker size grows with fatalities. Numbers: events at one place. Hollow with ?: doubtful place. Dashed lines: route unknown."));
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

  /* edit distance of two short strings, stopping early past ``max`` */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        best = Math.min(best, cur[j]);
      }
      if (best > max) { return max + 1; }
      prev = cur;
    }
    return prev[b.length];
  }

  /* the place names best matching ``want`` (folded): whole name, then a word's prefix, then a
     misspelling of up to one edit in four letters; ties by the number of events there */
  G.searchPlaces = function (store, want, limit) {
    var q = G.fold(want), names = store.data.l_ || [], counts = new Int32Array(names.length), out = [];
    if (!q) { return out; }
    for (var i = 0; i < store.n; i++) { if (store.data.l[i] >= 0 && store.data.ok[i] === 1) { counts[store.data.l[i]]++; } }
    names.forEach(function (name, code) {
      if (!counts[code]) { return; }
      var f = G.fold(name), rank;
      if (f === q) { rank = 0; } else if (f.indexOf(q) === 0) { rank = 1; } else if ((" " + f).indexOf(" " + q) >= 0) { rank = 2; } else if (f.indexOf(q) >= 0) { rank = 3; } else {
        var max = Math.max(1, Math.floor(q.length / 4));
        var d = Math.min(distance(q, f.slice(0, q.length), max), distance(q, f, max));
        if (d > max) { return; }
        rank = 4 + d;
      }
      out.push([rank, -counts[code], name, code]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    return out.slice(0, limit || 10).map(function (r) { return {name: r[2], code: r[3]}; });
  };

  G.SearchControl = L.Control.extend({
    options: {position: "topleft"},
    initialize: function (store, points, options) { L.setOptions(this, options); this.store = store; this.points = points; },
    onAdd: function (map) {
      var store = this.store, points = this.points, box = el("div", "geomap-search leaflet-bar");
      var input = el("input"), list = el("datalist"), id = "geomap-places-" + L.Util.stamp(this);
      input.type = "search"; input.placeholder = "Find a place\u2026"; input.setAttribute("list", id);
      input.setAttribute("aria-label", "find a place");
      list.id = id;
      input.addEventListener("input", function () {  // suggestions for what is typed so far
        list.textContent = "";
        G.searchPlaces(store, input.value, 12).forEach(function (m) {
          var option = el("option"); option.value = m.name; list.appendChild(option);
        });
      });
      var go = function () {
        var match = G.searchPlaces(store, input.value, 1)[0], best = -1;
        if (!input.value.trim()) { return; }
        for (var i = 0; match && i < store.n; i++) {
          if (store.data.l[i] === match.code && store.data.ok[i] === 1) {
            best = i;
            if (store.visible[i]) { break; }
          }
        }
        box.classList.toggle("geomap-search-miss", best < 0);
        if (best >= 0) {
          map.setView(store.latlng(best), Math.max(map.getZoom(), 9), {animate: false});
          points.open(best);
        }
      };
      input.addEventListener("change", go);
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
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

  /* a north arrow (our own SVG, no text from the events) */
  G.NorthArrow = L.Control.extend({
    options: {position: "topright"},
    onAdd: function () {
      var box = el("div", "geomap-north");
      box.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="40" viewBox="0 0 28 40">' +
        '<path d="M14 4L23 30L14 25L5 30z" fill="#333" stroke="#fff" stroke-width="1.2"/>' +
        '<path d="M14 4L14 25L5 30z" fill="#888"/>' +
        '<text x="14" y="39" text-anchor="middle" font-family="system-ui,sans-serif" font-size="10" font-weight="700" fill="#333">N</text></svg>';
      box.setAttribute("aria-label", "north");
      return box;
    }
  });

  /* fit ``bounds`` inside what the panels leave free: every panel sits in a corner, so padding
     each side by the widest (or tallest) panel touching it keeps every event clear of them */
  G.frame = function (map, bounds, maxZoom) {
    var box = map.getContainer().getBoundingClientRect(), pad = {top: 8, bottom: 8, left: 8, right: 8};
    var panels = map.getContainer().querySelectorAll(".leaflet-control, .geomap-title");
    Array.prototype.forEach.call(panels, function (node) {
      var r = node.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(node).display === "none") { return; }
      var cx = (r.left + r.right) / 2 - box.left, cy = (r.top + r.bottom) / 2 - box.top;
      // the side the panel hugs: a wide panel at the top or bottom, else the nearer of left/right
      var horizontal = r.width > box.width * 0.5 || Math.min(cx, box.width - cx) > box.width * 0.3;
      if (horizontal) {
        if (cy < box.height / 2) { pad.top = Math.max(pad.top, r.bottom - box.top + 8); } else { pad.bottom = Math.max(pad.bottom, box.bottom - r.top + 8); }
      } else if (cx < box.width / 2) {
        pad.left = Math.max(pad.left, r.right - box.left + 8);
      } else {
        pad.right = Math.max(pad.right, box.right - r.left + 8);
      }
    });
    // never leave less than a third of the map for the events
    var sx = (pad.left + pad.right) / (box.width * 0.67), sy = (pad.top + pad.bottom) / (box.height * 0.67);
    if (sx > 1) { pad.left /= sx; pad.right /= sx; }
    if (sy > 1) { pad.top /= sy; pad.bottom /= sy; }
    map.fitBounds(bounds, {paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
                           maxZoom: maxZoom, animate: false});
    map.geomapPadding = pad;
    return pad;
  };
})(window.Geomap = window.Geomap || {});
