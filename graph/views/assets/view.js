/* vbgraph view: search, filters and level bands on top of the page pyvis draws.
 * Uses pyvis's globals (network, nodes, edges) and window.VBGRAPH_VIEW (the level bands,
 * the centre, and the page's words from graph/views/messages.py).
 * Exposes window.vbgraphView for people at the console and for tests/test_browser.py. */
(function () {
  "use strict";
  var cfg = window.VBGRAPH_VIEW;
  var api = { ready: false };

  var common = window.vbgraphCommon, fold = common.fold, $ = common.$, msg = common.msg;

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
    $("vbgraph-count").textContent = msg("count", { shown: k.visibleNodes, n: k.nodes,
                                                     edges_shown: k.visibleEdges, edges: k.edges });
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
    // What is left is drawn to fill the view, not where the whole graph used to be.
    if (nodeChanges.length && shown.size) {
      network.fit({ nodes: Array.from(shown), animation: false });
      $("vbgraph-zoom-note").hidden = true;
    }
    return counts();
  }

  function resetFilters() {
    document.querySelectorAll('#vbgraph-panel input[type=checkbox]').forEach(function (b) { b.checked = b.id !== "vbgraph-review"; });
    Array.from($("vbgraph-province").options).forEach(function (o) { o.selected = false; });
    $("vbgraph-year-from").value = "";
    $("vbgraph-year-to").value = "";
    // "Everything" includes forgetting the last search: its box, its message, its selection.
    $("vbgraph-search").value = "";
    $("vbgraph-search-result").textContent = "";
    $("vbgraph-search-result").className = "";
    network.unselectAll();
    var k = applyFilters();
    network.fit({ animation: false });
    return k;
  }

  var index = common.makeIndex(nodes.get());

  function find(query) { return common.lookup(index, query); }

  function search(query) {
    var ids = find(query);
    var docs = ids.map(function (id) {
      var n = nodes.get(id);
      // The centre's label carries the mark "◎ " (render.py's _mark_centre): not its name.
      return { name: n.centre ? n.label.slice(2) : n.label, date: n.date, spelling: n.spelling, shown: !n.hidden };
    });
    var result = common.answer(query, docs);
    common.show(result);
    var visible = ids.filter(function (id) { return !nodes.get(id).hidden; });
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
    return { found: ids, selected: visible, message: result.text, candidates: result.candidates || [] };
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

  // A large page fitted whole draws its labels too small to read (vis-network draws none
  // under 5 px): open it at a readable zoom instead, on the centre of an --around page,
  // else on the top band (the central documents a reader starts from), else on the most
  // cited document, and say how to see everything.
  function openReadable() {
    if (network.getScale() >= cfg.readableScale) return false;
    var target = null;
    if (cfg.centre) {
      target = network.getPositions([cfg.centre])[cfg.centre];
    } else if (cfg.bands.length) {
      var top = cfg.bands[0].level, ids = nodes.getIds({ filter: function (n) { return bandOf(n) === top; } });
      var ys = Object.values(network.getPositions(ids)).map(function (p) { return p.y; });
      // The band's first row near the top of the view, its name (drawn above it) visible.
      target = { x: 0, y: Math.min.apply(null, ys) - 50 + $("mynetwork").clientHeight / cfg.readableScale / 2 };
    } else {
      var most = nodes.get().reduce(function (a, b) { return (b.size || 0) > (a.size || 0) ? b : a; });
      target = network.getPositions([most.id])[most.id];
    }
    common.zoomToRead(target);
    return true;
  }


  api.fold = fold;
  api.fitAll = common.fitAll;
  api.find = find;
  api.search = search;
  api.applyFilters = applyFilters;
  api.resetFilters = resetFilters;
  api.counts = counts;
  api.hideTooltip = common.hideTooltip;
  window.vbgraphView = api;
  showCounts();
  // The first drawing may already be done by now: ask for another so "ready" is always set.
  network.once("afterDrawing", function () {
    if (cfg.layout === "hierarchical") api.zoomedToRead = openReadable();
    // Milliseconds from navigation start to the first drawing: what bench/views.py reports.
    api.firstDrawMs = performance.now();
    api.ready = true;
    document.documentElement.setAttribute("data-vbgraph-ready", "true");
  });
  network.redraw();
}());
