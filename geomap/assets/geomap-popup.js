/* geomap: popups and tooltips, DOM nodes filled with textContent only (written for geomap). */
(function (G) {
  "use strict";
  var el = G.el;
  var PRECISION = {1: "exact place", 2: "near the place / part of a region", 3: "region only"};
  /* events listed at once in a stack's popup; the rest come with "show more" */
  var STACK_PAGE = 50;

  function row(table, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  /* a gazetteer place [name, admin area, country, geonameid, source] as one line */
  function placeText(p) {
    var parts = [p[0], p[1], p[2]].filter(function (x) { return x; }).join(", ");
    var ids = [p[3] ? "geonameid " + p[3] : null, p[4]].filter(function (x) { return x; }).join(", ");
    return ids ? parts + " (" + ids + ")" : parts;
  }

  G.tooltip = function (store, i) {
    var parts = [G.isoDate(store.data.d[i]), store.isContext(i) ? "Context place" : store.data.types[store.data.t[i]],
                 store.text("l", i)];
    if (store.doubtful(i)) { parts.push("? doubtful place"); }
    return el("span", "geomap-tip", parts.filter(function (p) { return p; }).join(" \u00b7 "));
  };

  /* why a placement is marked doubtful, in words */
  G.doubts = function (store, i) {
    var d = store.data, out = [];
    if (store.lowConfidence(i)) { out.push("placed with low confidence (" + d.q[i] + "% < " + d.minq + "%)"); }
    if (store.outside(i)) { out.push("placed outside the stated country (" + (store.text("c", i) || "the row's country") + ")"); }
    return out;
  };

  /* the "Placed as" rows: the gazetteer place chosen, its confidence, and the best alternatives */
  function placement(table, store, i) {
    var d = store.data, chosen = d.gp[i] >= 0 ? d.gp_[d.gp[i]] : null;
    var conf = d.q[i] >= 0 ? d.q[i] + "% confidence" : null;
    if (chosen) {
      row(table, "Placed as", placeText(chosen) + (conf ? ", " + conf : ""));
    } else {
      var match = store.text("m", i);
      row(table, "Placed as", [match, conf].filter(function (p) { return p; }).join(", "));
    }
    var alts = d.alt[i];
    if (alts && alts.length) {
      var list = el("ul", "geomap-alts");
      alts.forEach(function (a) {
        list.appendChild(el("li", null, placeText(d.gp_[a[0]]) + (a[1] >= 0 ? ": " + a[1] + "%" : "")));
      });
      row(table, "Alternatives", list);
    }
  }

  G.popup = function (store, i) {
    var d = store.data, box = el("div", "geomap-popup");
    var head = store.isContext(i) ? "Context place" : d.types[d.t[i]];
    box.appendChild(el("div", "geomap-popup-title", head));
    var sub = store.text("s", i);
    if (sub && !store.isContext(i)) { box.appendChild(el("div", "geomap-popup-sub", sub)); }
    G.doubts(store, i).forEach(function (why) { box.appendChild(el("div", "geomap-doubt", "? " + why)); });
    var table = el("table");
    var date = G.isoDate(d.d[i]), end = d.de ? G.isoDate(d.de[i]) : null;
    row(table, "Date", end && end !== date ? date + " to " + end : date);
    var actors = [store.actorName(d.a1[i]), store.actorName(d.a2[i])].filter(function (a) { return a; });
    row(table, "Actors", actors.join(" vs. "));
    row(table, "Fatalities", d.f[i] >= 0 ? d.f[i] : null);
    var place = [store.text("l", i), store.text("a", i), store.text("c", i)].filter(function (p) { return p; });
    row(table, "Place", place.join(", "));
    row(table, "Precision", d.p[i] > 0 ? d.p[i] + " (" + (PRECISION[d.p[i]] || "coded") + ")" : null);
    placement(table, store, i);
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

  /* several events at one point: a scrollable list, each entry opening to its own details */
  G.stackPopup = function (store, members) {
    var box = el("div", "geomap-popup geomap-stack"), shown = 0;
    box.appendChild(el("div", "geomap-popup-title", members.length + " events here"));
    var list = el("div", "geomap-stack-list");
    box.appendChild(list);
    var more = el("button", "geomap-stack-more");
    var page = function () {
      members.slice(shown, shown + STACK_PAGE).forEach(function (i) {
        var item = el("details", "geomap-stack-item");
        var summary = el("summary");
        summary.appendChild(G.tooltip(store, i));
        item.appendChild(summary);
        item.addEventListener("toggle", function () {
          if (item.open && item.childNodes.length === 1) { item.appendChild(G.popup(store, i)); }
        });
        list.appendChild(item);
      });
      shown = Math.min(members.length, shown + STACK_PAGE);
      more.textContent = "show " + Math.min(STACK_PAGE, members.length - shown) + " more of " + (members.length - shown);
      more.style.display = shown < members.length ? "" : "none";
    };
    more.addEventListener("click", function (e) { L.DomEvent.stop(e); page(); });
    page();
    box.appendChild(more);
    return box;
  };
})(window.Geomap = window.Geomap || {});
