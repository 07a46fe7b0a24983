/* vbgraph overview: opening clusters, the search, a readable first zoom, on top of the
 * aggregate pyvis draws (graph/views/overview_page.py).  Uses pyvis's globals (network,
 * nodes, edges), window.VBGRAPH_VIEW.overview (the documents clusters open, with their
 * places computed in Python) and window.vbgraphCommon.
 * Exposes window.vbgraphView for people at the console and for tests/test_overview_browser.py. */
(function () {
  "use strict";
  var cfg = window.VBGRAPH_VIEW, ov = cfg.overview;
  var common = window.vbgraphCommon, $ = common.$, msg = common.msg;
  var api = { ready: false };
  // Columns of ov.docs rows and of a cluster's member rows.
  var KEY = 0, LABEL = 1, LEVEL = 2, KIND = 3, DATE = 4, TITLE = 5, SPELLING = 6, ALIASES = 7;
  var DOC = 0, PARENT = 1, RELATION = 2, DX = 3, DY = 4, OWN = 5;
  var LABEL_INSIDE = new Set(["box", "ellipse", "database", "circle"]);

  // The page as it opened, which "back" restores; what an opened state added.
  var initial = {
    nodes: nodes.get({ fields: ["id", "x", "y", "hidden"] }),
    edges: edges.get({ fields: ["id", "hidden"] })
  };
  var home = {};
  initial.nodes.forEach(function (n) { home[n.id] = n; });
  var clusterEdge = {};
  edges.forEach(function (e) { if (String(e.from).indexOf("cluster:") === 0) clusterEdge[e.from] = e.id; });
  var added = { nodes: [], edges: [] };
  var stack = [];  // the states opened, the last on top: {kind: "group" | "cluster", id}

  function drawn() { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); }

  function showCount() {
    var k = drawn().length;
    $("vbgraph-count").textContent = msg("overview.count", { n: k, documents: ov.documentsText });
    return k;
  }

  function restore() {
    nodes.remove(added.nodes);
    edges.remove(added.edges);
    added = { nodes: [], edges: [] };
    nodes.update(initial.nodes);
    edges.update(initial.edges);
  }

  function hideAll() {
    nodes.update(nodes.getIds().map(function (id) { return { id: id, hidden: true }; }));
    edges.update(edges.getIds().map(function (id) { return { id: id, hidden: true }; }));
  }

  function fitDrawn() {
    network.fit({ nodes: drawn(), animation: false });
    if (network.getScale() > 1.2) network.moveTo({ scale: 1.2 });
    $("vbgraph-zoom-note").hidden = true;
  }

  function setMode(text) {
    $("vbgraph-mode").textContent = text;
    $("vbgraph-back").hidden = !stack.length;
    showCount();
  }

  function anchorName(key) { return nodes.get(key).name; }

  // All the provinces of an anchor, in a grid below it.
  function drawGroup(anchor) {
    restore();
    hideAll();
    var a = home[anchor];
    nodes.update({ id: anchor, hidden: false });
    ov.groups[anchor].forEach(function (ci) {
      var c = ov.clusters[ci];
      nodes.update({ id: c.id, hidden: false, x: a.x + c.group[0], y: a.y + ov.drop + c.group[1] });
      edges.update({ id: clusterEdge[c.id], hidden: false });
    });
    setMode(msg("overview.mode_group", { anchor: anchorName(anchor), n: ov.groups[anchor].length }));
    fitDrawn();
  }

  function memberId(ci, doc) { return "member:" + ci + ":" + doc; }

  // A cluster opened: its documents in bands by depth below the anchor, each linked to the
  // next document of its chain, and one node counting the rest.
  function drawCluster(ci) {
    restore();
    hideAll();
    var c = ov.clusters[ci], a = home[c.anchor];
    nodes.update({ id: c.anchor, hidden: false });
    var newNodes = [], newEdges = [];
    c.members.forEach(function (m) {
      if (m[DOC] < 0) return;
      var d = ov.docs[m[DOC]], shape = ov.kindShapes[d[KIND]] || "dot";
      // A database shape grows with its label: a file name would draw a drum over its neighbours.
      if (shape === "database") shape = "box";
      var fill = ov.levelColors[d[LEVEL] || ""] || ov.levelColors[""];
      var node = { id: memberId(ci, m[DOC]), label: d[LABEL], title: d[TITLE], shape: shape, size: 12,
                   x: a.x + m[DX], y: a.y + m[DY], member: m[DOC], own: Boolean(m[OWN]), name: d[LABEL],
                   date: d[DATE], spelling: d[SPELLING], color: fill, font: { size: 14 } };
      if (LABEL_INSIDE.has(shape)) node.widthConstraint = { maximum: 170 };
      // A document of another province that a chain passes through: drawn apart.
      if (!m[OWN]) node.color = { background: "#ffffff", border: fill };
      newNodes.push(node);
      newEdges.push({ id: "link:" + ci + ":" + m[DOC], from: node.id, arrows: "to", width: 1.5,
                      to: m[PARENT] < 0 ? c.anchor : memberId(ci, m[PARENT]),
                      color: ov.relationColors[m[RELATION]] || "#999", title: m[RELATION] });
    });
    if (c.more > 0) {
      var spot = c.members[c.members.length - 1];
      newNodes.push({ id: "more:" + ci, shape: "box", x: a.x + spot[DX], y: a.y + spot[DY],
                      label: msg("overview.more_members", { n: c.more, count: c.moreText }),
                      title: msg("overview.more_members_tip", { anchor: anchorName(c.anchor), province: c.name }),
                      color: { background: "#f4f6f7", border: "#95a5a6" }, shapeProperties: { borderDashes: [4, 3] } });
    }
    nodes.add(newNodes);
    edges.add(newEdges);
    added = { nodes: newNodes.map(function (n) { return n.id; }), edges: newEdges.map(function (e) { return e.id; }) };
    setMode(msg("overview.mode_cluster", { province: c.name, n: c.count, count: c.countText,
                                           anchor: anchorName(c.anchor), shown: c.members.length - 1 }));
    fitDrawn();
  }

  function draw(state) {
    if (!state) {
      restore();
      setMode("");
      openReadable();
    } else if (state.kind === "group") {
      drawGroup(state.id);
    } else {
      drawCluster(state.id);
    }
  }

  function open(state) {
    stack.push(state);
    draw(state);
    return showCount();
  }

  function back() {
    stack.pop();
    draw(stack[stack.length - 1]);
    return showCount();
  }

  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var n = nodes.get(params.nodes[0]);
    if (n.cluster) open({ kind: "cluster", id: parseInt(n.id.slice("cluster:".length), 10) });
    else if (n.provinces) open({ kind: "group", id: n.provinces });
  });
  $("vbgraph-back").addEventListener("click", back);

  // The search knows the documents drawn and every document a cluster can open.
  var openable = new Map();  // doc -> the first cluster that draws it as its own
  ov.clusters.forEach(function (c, ci) {
    c.members.forEach(function (m) { if (m[DOC] >= 0 && m[OWN] && !openable.has(m[DOC])) openable.set(m[DOC], ci); });
  });
  var items = nodes.get({ filter: function (n) { return n.doc; } });
  var onPage = new Set(items.map(function (n) { return n.id; }));
  ov.docs.forEach(function (d, i) {
    if (!onPage.has(d[KEY])) items.push({ id: "doc:" + i, aliases: d[ALIASES] });
  });
  var index = common.makeIndex(items);

  function describe(id) {
    if (id.indexOf("doc:") === 0) {
      var i = parseInt(id.slice(4), 10), d = ov.docs[i];
      return { name: d[LABEL], date: d[DATE], spelling: d[SPELLING], shown: openable.has(i), doc: i };
    }
    var n = nodes.get(id);
    return { name: n.name, date: n.date, spelling: n.spelling, shown: true, node: id };
  }

  function search(query) {
    var ids = common.lookup(index, query), docs = ids.map(describe);
    var result = common.answer(query, docs, "overview.not_drawn");
    var onNodes = docs.filter(function (d) { return d.node; }).map(function (d) { return d.node; });
    var inClusters = docs.filter(function (d) { return d.doc !== undefined && d.shown; });
    var selected = [];
    if (onNodes.length && !result.ambiguous) {
      if (stack.length) { stack = []; draw(null); }
      selected = onNodes;
    } else if (inClusters.length === 1 && !result.ambiguous) {
      var ci = openable.get(inClusters[0].doc);
      open({ kind: "cluster", id: ci });
      selected = [memberId(ci, inClusters[0].doc)];
    } else if (result.ambiguous) {
      selected = onNodes.filter(function (id) { return !nodes.get(id).hidden; });
    }
    common.show(result);
    if (selected.length) {
      network.selectNodes(selected);
      network.focus(selected[0], { scale: Math.max(network.getScale(), cfg.readableScale * 1.2), animation: false });
    } else {
      network.unselectAll();
    }
    return { found: ids, selected: selected, message: result.text, candidates: result.candidates || [] };
  }

  $("vbgraph-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();  // a form on a file:// page would otherwise reload it
    search($("vbgraph-search").value);
  });

  // Opened whole, a large overview draws its labels too small to read: open on its top
  // rows (or its centre) at a readable size instead, and say how to see everything.
  function openReadable() {
    network.fit({ animation: false });
    if (network.getScale() >= cfg.readableScale) {
      $("vbgraph-zoom-note").hidden = true;
      return false;
    }
    // The top left tile (the oldest central party document) at the top left of the view.
    var drawnAtStart = initial.nodes.filter(function (n) { return !n.hidden; });
    var xs = drawnAtStart.map(function (n) { return n.x; }), ys = drawnAtStart.map(function (n) { return n.y; });
    var box = $("mynetwork");
    var target = cfg.centre ? home[cfg.centre]
      : { x: Math.min.apply(null, xs) - 70 + box.clientWidth / cfg.readableScale / 2,
          y: Math.min.apply(null, ys) - 90 + box.clientHeight / cfg.readableScale / 2 };
    common.zoomToRead({ x: target.x, y: target.y });
    return true;
  }


  api.open = function (kind, id) { return open({ kind: kind, id: id }); };
  api.back = back;
  api.search = search;
  api.drawn = function () { return drawn().length; };
  api.fold = common.fold;
  api.fitAll = common.fitAll;
  api.hideTooltip = common.hideTooltip;
  window.vbgraphView = api;
  setMode("");
  network.once("afterDrawing", function () {
    api.zoomedToRead = openReadable();
    // Milliseconds from navigation start to the first drawing: what bench/views.py reports.
    api.firstDrawMs = performance.now();
    api.ready = true;
    document.documentElement.setAttribute("data-vbgraph-ready", "true");
  });
  network.redraw();
}());
