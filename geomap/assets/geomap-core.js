/* geomap: the event store every layer and control draws from (written for geomap).
   Every piece of event text reaches the page through textContent or setAttribute (links only when
   http(s)), never through innerHTML, so notes and source names from the web stay text. */
(function (G) {
  "use strict";
  var DAY_MS = 86400000;
  G.SCALE = 10000;

  G.el = function (tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  };
  G.isoDate = function (day) { return day < 0 ? null : new Date(day * DAY_MS).toISOString().slice(0, 10); };
  /* JSON embedded in a <script type="application/json"> element: parsed faster than a JS literal */
  G.json = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  G.httpUrl = function (url) { return typeof url === "string" && /^https?:\/\/\S/i.test(url) ? url : null; };
  /* a name folded for matching: no case, no diacritics, no apostrophes, hyphens as spaces */
  G.fold = function (text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .toLowerCase().replace(/['\u2018\u2019\u02bf\u02be`]/g, "").replace(/[-_.,()]+/g, " ")
      .replace(/\s+/g, " ").trim();
  };

  /* ---- the store: decoded columns, filters, listeners ---- */
  G.Store = function (data) {
    var n = data.n, i;
    this.data = data;
    this.n = n;
    if (!data.ok) { data.ok = new Uint8Array(n).fill(1); }
    if (!data.ctx) { data.ctx = new Uint8Array(n); }
    if (!data.out) { data.out = new Uint8Array(n); }
    this.srcStart = new Int32Array(n + 1);
    for (i = 0; i < n; i++) { this.srcStart[i + 1] = this.srcStart[i] + data.srcn[i]; }
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var lat = data.y[i] / G.SCALE, lon = data.x[i] / G.SCALE;
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
    /* placed with a confidence below the threshold the page was built with */
    lowConfidence: function (i) { var q = this.data.q[i]; return q >= 0 && q < this.data.minq; },
    /* placed outside the country the input row states */
    outside: function (i) { return this.data.out[i] === 1; },
    doubtful: function (i) { return !this.isContext(i) && (this.lowConfidence(i) || this.outside(i)); },
    iconHtml: function (i, size) {
      var d = this.data, t = this.isContext(i) ? -1 : d.t[i];
      return G.iconSvg(this.doubtful(i) ? d.dicons : d.icons, t, size);
    }
  };

  /* An event type's icon (t = -1: a context place) from one of the icon tables made in Python */
  G.iconSvg = function (icons, t, size) {
    return (t < 0 ? icons[icons.length - 1] : icons[t]).split("{size}").join(String(size));
  };
})(window.Geomap = window.Geomap || {});
