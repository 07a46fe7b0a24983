"""The graph as a picture: a self-contained pyvis page with search, filters and a legend.

pyvis is lightly maintained, so it stays behind this one module: the rest of vbgraph
hands over a networkx graph and gets an HTML file.  The page works offline: vis-network
is inlined, the CDN tags pyvis adds unconditionally are removed, and the page's own
script and style (``graph/assets``) are inlined too.
"""
from __future__ import annotations

import html
import json
import math
from importlib.resources import files
from pathlib import Path

import networkx as nx
import regex
from pyvis.network import Network

from .checks import Review
from .model import label
from .palette import KIND_SHAPES, LEVEL_COLORS, LEVEL_NAMES, RELATION_COLORS, SHAPE_GLYPHS
from .store import atomic_write_text
from .view_chain import Chain
from .view_layout import TIERS, hierarchical_positions
from .view_search import search_aliases, search_fold

LAYOUTS = ("hierarchical", "force")
#: vis-network shapes that draw their label inside, and so are sized by it.
LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle"})
#: Colours of what a highlighted chain leaves out.
DIM_NODE, DIM_EDGE, DIM_FONT = "#e3e6e8", "#e0e0e0", "#b0b0b0"
#: The badge of a document that rests on a replaced or repealed basis (graph/checks.py).
REVIEW_BADGE, REVIEW_BORDER = "⚠ ", "#c0392b"

_CDN_TAG = regex.compile(r"<(?:link|script)[^>]*https?://[^>]*>\s*(?:</script>)?", regex.IGNORECASE)
# pyvis writes an empty <h1> twice (its "heading"), which only pushes the canvas down, and a
# commented-out pair of tags pointing at ../node_modules.
_TEMPLATE_LEFTOVERS = regex.compile(r"<center>\s*<h1>\s*</h1>\s*</center>|<!--\s*<link[^>]*node_modules.*?-->", regex.S)
_INTERACTION = {"hover": True, "navigationButtons": False, "multiselect": True}
_OPTIONS = {
    "force": {"physics": {"enabled": True, "solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
              "interaction": _INTERACTION},
    # Positions are fixed by date and level, so physics would only undo them.
    "hierarchical": {"physics": {"enabled": False},
                     "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                                          "roundness": 0.45}},
                     "interaction": _INTERACTION},
}


def subgraph(G: nx.MultiDiGraph, *, around: str | None = None, depth: int = 2,
             province: str | None = None) -> nx.MultiDiGraph:
    """The part of *G* a view shows: the neighbourhood of a document, or one province
    with the central documents its documents touch.

    Parameters
    ----------
    G : MultiDiGraph
    around : str, optional
        Identity key of the centre; edges count in both directions.
    depth : int
        With *around*: hops to include.
    province : str, optional
        Keep this province's documents and the unplaced documents they touch.

    Returns
    -------
    MultiDiGraph
        A copy.
    """
    keep = set(G.nodes)
    if around is not None:
        keep = set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), around, cutoff=depth))
    if province is not None:
        local = {k for k in keep if (G.nodes[k].get("place") or "").casefold() == province.casefold()}
        keep = local | {v for k in local for v in nx.all_neighbors(G, k) if not G.nodes[v].get("place")} & keep
    return G.subgraph(keep).copy()


def _tooltip(G: nx.MultiDiGraph, key: str, review: list[str] | None = None) -> str:
    n = G.nodes[key]
    lines = [label(G, key)] + [f"needs review: {line}" for line in review or ()]
    for name, field in (("kind", "kind"), ("date", "date"), ("issuer", "issuer"), ("level", "level"),
                        ("province", "place"), ("subject", "subject"), ("file", "file"),
                        ("source", "url")):
        if n.get(field):
            lines.append(f"{name}: {n[field]}")
    lines.append(f"cited {n.get('cited', 0)} times")
    # vis-network shows a string title as text; escaping as well keeps the page safe even
    # if a later version renders it as HTML.
    return html.escape("\n".join(lines), quote=False)


def _edge_tooltip(data: dict) -> str:
    ev = data["evidence"][:2]
    # a catalogue row's evidence names its link, where the row's document can be read
    text = "\n".join(f"{e['file']}: {e['sentence'][:300]}" + (f"\n  {e['url']}" if e.get("url") else "") for e in ev)
    return html.escape(f"{data['relation']}\n{text}", quote=False)


def _year(n: dict) -> int | None:
    if n.get("year"):
        return int(n["year"])
    return int(n["date"][:4]) if n.get("date") else None


def _node_data(G: nx.MultiDiGraph, key: str, pos: tuple[float, float] | None, chain: Chain | None,
               review: Review | None = None) -> dict:
    """One vis node: drawing options plus the fields the page's filters and search read."""
    n = G.nodes[key]
    flagged = review.documents.get(key) if review else None
    data = {
        "label": (REVIEW_BADGE if flagged else "") + label(G, key), "title": _tooltip(G, key, flagged),
        "color": LEVEL_COLORS.get(n.get("level"), LEVEL_COLORS[None]),
        "shape": KIND_SHAPES.get(n.get("kind"), "dot"), "size": 12 + 6 * math.sqrt(n.get("cited", 0)),
        "level": n.get("level"), "province": n.get("place"), "kind": n.get("kind"), "year": _year(n),
        "number": n.get("number"), "date": n.get("date"), "aliases": search_aliases(key, n),
    }
    if review is not None:
        # The filter "needing review" shows these documents and the chains that make them so.
        data["review"] = bool(flagged)
        data["reviewChain"] = key in review.chains
        if flagged:
            data["borderWidth"] = 3
            data["color"] = {"background": data["color"], "border": REVIEW_BORDER}
    if data["shape"] in LABEL_INSIDE:
        # These shapes grow with their label: a file name would draw a giant node.
        data["widthConstraint"] = {"maximum": 140}
    if pos is not None:
        data["x"], data["y"] = pos
    if chain is not None:
        data["chain"] = key in chain.nodes
        if data["chain"]:
            data["borderWidth"] = 4
        else:
            data["color"] = DIM_NODE
            data["font"] = {"color": DIM_FONT}
    return data


def _edge_data(u: str, v: str, rel: str, data: dict, chain: Chain | None) -> dict:
    edge = {"title": _edge_tooltip(data), "color": RELATION_COLORS.get(rel, "#999"), "relation": rel, "arrows": "to"}
    if chain is not None:
        edge["chain"] = (u, v, rel) in chain.edges
        if edge["chain"]:
            edge["width"] = 4
        else:
            edge["color"] = DIM_EDGE
    return edge


def _checkbox(name: str, value: str, text: str, mark: str) -> str:
    return (f'<label><input type="checkbox" name="{name}" value="{html.escape(value)}" checked> '
            f'{mark}{html.escape(text)}</label>')


def _legend() -> str:
    rels = "".join(
        f'<div><span class="vbgraph-line" style="background:{c}"></span>{rel}</div>'
        for rel, c in RELATION_COLORS.items())
    return ('<fieldset id="vbgraph-legend"><legend>Legend</legend>' + rels +
            '<div class="vbgraph-note">colour: level · shape: kind · size: times cited</div>'
            '<div class="vbgraph-note">arrow: citing → cited</div></fieldset>')


def _review_filter(review: Review | None) -> str:
    if review is None:
        return ""
    return ('<fieldset><legend>Compliance</legend><label><input id="vbgraph-review" type="checkbox"> '
            f'{REVIEW_BADGE}only documents needing review ({len(review.documents)})</label>'
            '<div class="vbgraph-note">their basis was replaced or repealed (vbgraph check); '
            'with the documents of their chains</div></fieldset>')


def _panel(G: nx.MultiDiGraph, title: str, chain: Chain | None, review: Review | None = None) -> str:
    """The side panel: search box, filters by level, kind, province and year, legend."""
    nodes = [n for _, n in G.nodes(data=True)]
    present_levels = {n.get("level") if n.get("level") in TIERS else None for n in nodes}
    levels = "".join(
        _checkbox("vbgraph-level", lvl or "", LEVEL_NAMES[lvl],
                  f'<span class="vbgraph-swatch" style="background:{LEVEL_COLORS[lvl]}"></span>')
        for lvl in TIERS if lvl in present_levels)
    kinds = "".join(
        _checkbox("vbgraph-kind", k, k or "(no kind)",
                  f'<span class="vbgraph-glyph">{SHAPE_GLYPHS[KIND_SHAPES.get(k, "dot")]}</span>')
        for k in sorted({n.get("kind") or "" for n in nodes}, key=lambda k: (not k, search_fold(k))))
    per_province: dict[str, int] = {}
    for n in nodes:
        if n.get("place"):
            per_province[n["place"]] = per_province.get(n["place"], 0) + 1
    provinces = "".join(f'<option value="{html.escape(p)}">{html.escape(p)} ({c})</option>'
                        for p, c in sorted(per_province.items(), key=lambda pc: search_fold(pc[0])))
    years = sorted({y for n in nodes if (y := _year(n)) is not None})
    lo, hi = (years[0], years[-1]) if years else ("", "")
    caption = f'<div id="vbgraph-chain">Highlighted: {html.escape(chain.caption)}</div>' if chain else ""
    return (
        f'<aside id="vbgraph-panel"><h1>{html.escape(title)}</h1><div id="vbgraph-count"></div>{caption}'
        '<form id="vbgraph-search-form" autocomplete="off">'
        '<input id="vbgraph-search" type="search" placeholder="Find a number, e.g. 33/CT-TTg">'
        '<button type="submit">Find</button></form><div id="vbgraph-search-result" role="status"></div>'
        '<div id="vbgraph-filters">'
        f'<fieldset><legend>Level</legend>{levels}</fieldset>'
        f'<fieldset><legend>Kind</legend>{kinds}</fieldset>'
        f'<fieldset><legend>Province</legend><select id="vbgraph-province" multiple size="6">{provinces}</select>'
        '<div class="vbgraph-note">none selected: all; documents without a province always show</div></fieldset>'
        '<fieldset class="vbgraph-years"><legend>Year</legend>'
        f'<input id="vbgraph-year-from" type="number" placeholder="{lo}" min="{lo}" max="{hi}"> to '
        f'<input id="vbgraph-year-to" type="number" placeholder="{hi}" min="{lo}" max="{hi}">'
        '<label><input id="vbgraph-undated" type="checkbox" checked> undated documents</label></fieldset>'
        + _review_filter(review) + '</div><button id="vbgraph-reset" type="button">Show everything</button>'
        + _legend() + "</aside>")


def _script_json(value) -> str:
    """JSON that cannot close the <script> element it sits in."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_html(G: nx.MultiDiGraph, path: Path, *, title: str = "vbgraph", layout: str = "hierarchical",
                chain: Chain | None = None, review: Review | None = None) -> Path:
    """Write *G* as an interactive page that works offline from one file.

    Nodes are coloured by level, shaped by kind and sized by how often they are cited;
    edges are coloured by relation; tooltips carry number, date, issuer, subject and
    evidence.  A side panel searches any spelling of a number and filters by level,
    kind, province and year.  Text from documents is escaped.

    Parameters
    ----------
    G : MultiDiGraph
        Usually a :func:`subgraph` of the whole graph.
    path : Path
        Where to write the page (atomically).
    title : str
        The page's title and heading.
    layout : {"hierarchical", "force"}
        Hierarchical: central documents on top, then provincial, then district, each
        level ordered by date from left to right, physics off.  Force: a force-directed
        drawing.
    chain : Chain, optional
        Nodes and edges to highlight (see :mod:`graph.view_chain`); the rest is dimmed.
    review : Review, optional
        Documents needing review (:func:`graph.checks.review`): a badge, a red border and
        the findings in the tooltip, and a filter that shows only them and their chains.

    Returns
    -------
    Path
        *path*.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("33/CT-TTG@2021", number="33/CT-TTg", level="central_state", date="2021-11-26")
    >>> out = render_html(G, Path(tempfile.mkdtemp()) / "g.html")
    >>> "33ctttg" in out.read_text(encoding="utf-8")
    True
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout is one of {', '.join(LAYOUTS)}")
    positions, bands = hierarchical_positions(G) if layout == "hierarchical" else ({}, [])
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    for key in sorted(G.nodes):
        net.add_node(key, **_node_data(G, key, positions.get(key), chain, review))
    for u, v, rel, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(u, v, **_edge_data(u, v, rel, data, chain))
    net.set_options(json.dumps(_OPTIONS[layout]))
    config = {"layout": layout, "bands": [{"level": b.level, "name": LEVEL_NAMES[b.level], "y": b.y} for b in bands]}
    assets = files("graph") / "assets"
    page = _TEMPLATE_LEFTOVERS.sub("", _CDN_TAG.sub("", net.generate_html()))
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", f"<style>{assets.joinpath('view.css').read_text(encoding='utf-8')}</style></head>", 1)
    page = page.replace("<body>", "<body>" + _panel(G, title, chain, review), 1)
    script = (f"<script>window.VBGRAPH_VIEW = {_script_json(config)};</script>"
              f"<script>{assets.joinpath('view.js').read_text(encoding='utf-8')}</script>")
    end = page.rindex("</body>")
    atomic_write_text(Path(path), page[:end] + script + page[end:])
    return Path(path)
