/* vbgraph view: search, filters and level bands on top of the page pyvis draws.
 * Uses pyvis's globals (network, nodes, edges) and window.VBGRAPH_VIEW (the level bands).
 * Exposes window.vbgraphView for people at the console and for tests/test_browser.py. */
(function () {
  "use strict";
  var cfg = window.VBGRAPH_VIEW;
  var api = { ready: false };

  // Mirrors graph/view_search.search_fold: change both or neither.
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]+/g, "")
      .replace(/[đð]/g, "d").replace(/[^a-z0-9]+/g, "").replace(/^so(?=[0-9])/, "");
  }

  function $(id) { return document.getElementById(id); }

  function checkedValues(name) {
    var boxes = document.querySelectorAll('input[name="' + name + '"]:checked');
    return new Set(Array.from(boxes, function (b) { return b.value; }));
  }

  function criteria() {
    return {
      levels: checkedValues("vbgraph-level"),
      kinds: checkedValues("vbgraph-kind"),
      provinces: new Set(Array.from($("vbgraph-province").selectedOptions, function (o) { return o.value; })),
      from: parseInt($("vbgraph-year-from").value, 10),
      to: parseInt($("vbgraph-year-to").value, 10),
      undated: $("vbgraph-undated").checked,
      review: Boolean($("vbgraph-review") && $("vbgraph-review").checked)
    };
  }

  // A missing level or kind is the checkbox with the empty value.
  function shows(n, c) {
    if (!c.levels.has(n.level || "") || !c.kinds.has(n.kind || "")) return false;
    // "Needing review": those documents and the chains that make them so (graph/checks.py).
    if (c.review && !n.reviewChain) return false;
    // Documents without a province (central ones) stay: the lineage runs through them.
    if (c.provinces.size && n.province && !c.provinces.has(n.province)) return false;
    if (n.year == null) return c.undated;
    return !(n.year < c.from) && !(n.year > c.to);
  }

  function counts() {
    var shown = function (x) { return !x.hidden; };
    return { nodes: nodes.length, edges: edges.length,
             visibleNodes: nodes.get({ filter: shown }).length,
             visibleEdges: edges.get({ filter: shown }).length };
  }

  function showCounts() {
    var k = counts();
    $("vbgraph-count").textContent = k.visibleNodes + " of " + k.nodes + " documents, " +
      k.visibleEdges + " of " + k.edges + " edges shown";
  }

  // The band a node is drawn in: its level, or the unknown band (null) for any other.
  function bandOf(n) {
    return cfg.bands.some(function (b) { return b.level === n.level; }) ? n.level : null;
  }
  var shownBands = new Set(cfg.bands.map(function (b) { return b.level; }));

  function applyFilters() {
    var c = criteria(), shown = new Set(), nodeChanges = [], edgeChanges = [];
    shownBands = new Set();
    nodes.forEach(function (n) {
      var visible = shows(n, c);
      if (visible) {
        shown.add(n.id);
        shownBands.add(bandOf(n));
      }
      if (visible === Boolean(n.hidden)) nodeChanges.push({ id: n.id, hidden: !visible });
    });
    edges.forEach(function (e) {
      var visible = shown.has(e.from) && shown.has(e.to);
      if (visible === Boolean(e.hidden)) edgeChanges.push({ id: e.id, hidden: !visible });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    showCounts();
    return counts();
  }

  function resetFilters() {
    document.querySelectorAll('#vbgraph-panel input[type=checkbox]').forEach(function (b) { b.checked = b.id !== "vbgraph-review"; });
    Array.from($("vbgraph-province").options).forEach(function (o) { o.selected = false; });
    $("vbgraph-year-from").value = "";
    $("vbgraph-year-to").value = "";
    return applyFilters();
  }

  var index = new Map();  // search key -> node ids
  nodes.forEach(function (n) {
    (n.aliases || []).forEach(function (a) {
      if (!index.has(a)) index.set(a, []);
      index.get(a).push(n.id);
    });
  });

  function find(query) {
    var q = fold(query);
    if (!q) return [];
    if (index.has(q)) return index.get(q).slice().sort();
    // No document has exactly this spelling: those whose keys contain it ("33/CT").
    var hits = new Set();
    index.forEach(function (ids, alias) {
      if (alias.indexOf(q) >= 0) ids.forEach(function (id) { hits.add(id); });
    });
    return Array.from(hits).sort();
  }

  function names(ids) {
    return ids.slice(0, 5).map(function (id) {
      var n = nodes.get(id);
      return n.label + (n.date ? " (" + n.date + ")" : "");
    }).join(", ") + (ids.length > 5 ? ", …" : "");
  }

  function search(query) {
    var out = $("vbgraph-search-result");
    var ids = find(query);
    var visible = ids.filter(function (id) { return !nodes.get(id).hidden; });
    out.className = visible.length ? "" : "vbgraph-miss";
    if (!ids.length) {
      out.textContent = "not found: " + query;
    } else if (!visible.length) {
      out.textContent = names(ids) + (ids.length === 1 ? " is" : " are") + " hidden by the filters";
    } else {
      out.textContent = (visible.length === 1 ? "found " : visible.length + " documents: ") + names(visible);
    }
    if (!visible.length) {
      network.unselectAll();
    } else {
      network.selectNodes(visible);
      if (visible.length === 1) {
        network.focus(visible[0], { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
      } else {
        network.fit({ nodes: visible, animation: { duration: 300 } });
      }
    }
    return { found: ids, selected: visible, message: out.textContent };
  }

  $("vbgraph-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();  // a form on a file:// page would otherwise reload it
    search($("vbgraph-search").value);
  });
  $("vbgraph-filters").addEventListener("change", applyFilters);
  $("vbgraph-filters").addEventListener("input", applyFilters);
  $("vbgraph-reset").addEventListener("click", resetFilters);

  // Each level's name stays at the left edge of the view, level with its first row.
  if (cfg.bands.length) {
    network.on("beforeDrawing", function (ctx) {
      var ratio = window.devicePixelRatio || 1;
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "bold 13px sans-serif";
      ctx.fillStyle = "rgba(90, 90, 90, 0.85)";
      cfg.bands.forEach(function (b) {
        if (shownBands.has(b.level)) ctx.fillText(b.name, 8, network.canvasToDOM({ x: 0, y: b.y }).y - 14);
      });
      ctx.restore();
    });
  }

  api.fold = fold;
  api.find = find;
  api.search = search;
  api.applyFilters = applyFilters;
  api.resetFilters = resetFilters;
  api.counts = counts;
  window.vbgraphView = api;
  showCounts();
  // The first drawing may already be done by now: ask for another so "ready" is always set.
  network.once("afterDrawing", function () {
    api.ready = true;
    document.documentElement.setAttribute("data-vbgraph-ready", "true");
  });
  network.redraw();
}());
