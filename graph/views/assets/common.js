/* What the view and the overview pages share: the search key, the page's words, the
 * search's answer (with numbers that name several documents), and the tooltip that must
 * go when the pointer leaves the drawing.  Reads window.VBGRAPH_VIEW and pyvis's global
 * network; exposes window.vbgraphCommon for the page's own script. */
(function () {
  "use strict";
  var cfg = window.VBGRAPH_VIEW;

  // Mirrors graph/views/search.search_fold: change both or neither.
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]+/g, "")
      .replace(/[đð]/g, "d").replace(/[^a-z0-9]+/g, "").replace(/^so(?=[0-9])/, "");
  }

  function $(id) { return document.getElementById(id); }

  // graph/views/messages.text in JavaScript: a template, or [one, other] chosen by values.n.
  function msg(key, values) {
    var template = cfg.messages[key];
    if (Array.isArray(template)) template = values.n === 1 ? template[0] : template[1];
    return template.replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  // Search key -> ids, from items {id, aliases}.
  function makeIndex(items) {
    var index = new Map();
    items.forEach(function (item) {
      (item.aliases || []).forEach(function (a) {
        if (!index.has(a)) index.set(a, []);
        index.get(a).push(item.id);
      });
    });
    return index;
  }

  function lookup(index, query) {
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

  // How a document is named in an answer: the number@year that tells it apart when its
  // number names several documents, else its label; with its date.
  function name(doc) {
    return (doc.spelling || doc.name) + (doc.date ? " (" + doc.date + ")" : "");
  }

  function names(docs) {
    return docs.slice(0, 5).map(name).join(", ") + (docs.length > 5 ? ", …" : "");
  }

  // The answer to a search: docs are {name, date, spelling, shown} of the ids found.  A
  // number that names several documents (114-KL/TW of 2015 and of 2024) is said to be
  // ambiguous, with each candidate's number@year, as `vbgraph show` says it.  hiddenKey:
  // the message for documents found but not shown (default: hidden by the filters).
  function answer(query, docs, hiddenKey) {
    var candidates = docs.filter(function (d) { return d.spelling; });
    var shown = docs.filter(function (d) { return d.shown; });
    if (!docs.length) return { miss: true, text: msg("not_found", { query: query }) };
    if (candidates.length > 1) {
      return { miss: false, ambiguous: true, candidates: candidates.map(function (d) { return d.spelling; }),
               text: msg("ambiguous", { query: query, n: candidates.length, names: names(candidates) }) };
    }
    if (!shown.length) return { miss: true, text: msg(hiddenKey || "hidden", { names: names(docs), n: docs.length }) };
    return { miss: false, text: msg(shown.length === 1 ? "found_one" : "found_many",
                                    { names: names(shown), n: shown.length }) };
  }

  function show(result) {
    var out = $("vbgraph-search-result");
    out.textContent = result.text;
    out.className = result.miss ? "vbgraph-miss" : "";
  }

  // vis-network hides its tooltip when the pointer moves on the canvas, not when it leaves
  // it: without this, a tooltip stays over the graph once the pointer is in the panel.
  function hideTooltip() {
    var handler = network.interactionHandler;
    if (handler && handler.popup) {
      handler.popup.hide();
      handler.popupObj = undefined;  // so the same node shows its tooltip again on return
    }
    document.querySelectorAll("div.vis-tooltip").forEach(function (el) { el.style.visibility = "hidden"; });
  }
  $("mynetwork").addEventListener("mouseleave", hideTooltip);
  $("vbgraph-panel").addEventListener("mouseenter", hideTooltip);

  // A page opened zoomed in to read its labels says so; fitting the whole graph undoes both.
  function zoomToRead(position) {
    network.moveTo({ position: position, scale: cfg.readableScale });
    $("vbgraph-zoom-note").hidden = false;
  }

  function fitAll() {
    network.fit({ animation: false });
    $("vbgraph-zoom-note").hidden = true;
  }
  $("vbgraph-fit").addEventListener("click", fitAll);

  window.vbgraphCommon = { fold: fold, $: $, msg: msg, makeIndex: makeIndex, lookup: lookup, answer: answer,
                           show: show, hideTooltip: hideTooltip, zoomToRead: zoomToRead, fitAll: fitAll };
}());
