"""The graph as a picture: a self-contained pyvis page with search, filters and a legend.

pyvis is lightly maintained, so it stays behind this one module: the rest of vbgraph
hands over a networkx graph and gets an HTML file.  The page works offline: vis-network
is inlined, the CDN tags pyvis adds unconditionally are removed, and the page's own
script and style (``graph/views/assets``) are inlined too.
"""
from __future__ import annotations

import html
import json
import math
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from ..checks import Review
from ..collation import vi_sort_key
from .messages import DEFAULT_LANG, level_name, messages_for, relation_name, text
from ..model import label
from ..queries import spellings
from .palette import KIND_SHAPES, LEVEL_COLORS, RELATION_COLORS, SHAPE_GLYPHS
from ..provinces import ProvinceMap, map_at
from .chain import Chain, hop_line
from .layout import TIERS, hierarchical_positions
from .page import write_page
from .search import search_aliases, search_fold

LAYOUTS = ("hierarchical", "force")
#: vis-network shapes that draw their label inside, and so are sized by it.
LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle"})
#: Colours of what a highlighted chain leaves out.
DIM_NODE, DIM_EDGE, DIM_FONT = "#e3e6e8", "#e0e0e0", "#b0b0b0"
#: How the centre of an ``--around`` page stands out: a thick dark ring and a larger label.
CENTRE_BORDER = "#111111"
#: Node sizes: the least cited and the most cited document of the page.  Bounded, so a hub
#: cited thousands of times cannot cover a band.
MIN_SIZE, MAX_SIZE = 10.0, 34.0
#: vis-network's label size, and the smallest on screen that a person reads: a page whose
#: fitted drawing would show labels smaller opens zoomed in to this (see view.js).
FONT_PX, READABLE_PX = 14, 10
#: The badge of a document that rests on a replaced or repealed basis (graph/checks.py).
REVIEW_BADGE, REVIEW_BORDER = "⚠ ", "#c0392b"

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


def _tooltip(G: nx.MultiDiGraph, key: str, lang: str, review: list[str] | None = None) -> str:
    # Plain text: vis-network 9 shows a string title as text, never as HTML, so escaping
    # here would show "&amp;" to the reader.  The page's JSON is escaped for <script>.
    n = G.nodes[key]
    lines = [label(G, key)] + [text("view.needs_review", lang, finding=line) for line in review or ()]
    for field, value in (("kind", n.get("kind")), ("date", n.get("date")), ("issuer", n.get("issuer")),
                         ("level", n.get("level") and level_name(n["level"], lang)), ("province", n.get("place")),
                         ("subject", n.get("subject")), ("file", n.get("file")), ("source", n.get("url"))):
        if value:
            lines.append(f"{text('field.' + field, lang)}: {value}")
    lines.append(text("view.cited", lang, n=n.get("cited", 0)))
    return "\n".join(lines)


def _edge_tooltip(rel: str, data: dict, lang: str, hop: dict | None = None) -> str:
    if hop is not None:
        evidence = hop["evidence"] or text("chain.no_evidence", lang)
        return f"{hop['step']}. {hop_line(hop, lang)}\n{text('chain.evidence', lang, evidence=evidence[:400])}"
    ev = data["evidence"][:2]
    # a catalogue row's evidence names its link, where the row's document can be read
    return "\n".join([relation_name(rel, lang), *(f"{e['file']}: {e['sentence'][:300]}"
                                                   + (f"\n  {e['url']}" if e.get("url") else "") for e in ev)])


def node_size(cited: int, most: int) -> float:
    """A node's size: from :data:`MIN_SIZE` (never cited) to :data:`MAX_SIZE` (the most cited).

    Logarithmic, so the difference between 1 and 10 citations shows as well as the one
    between 100 and 1,000, and bounded whatever the corpus.

    Parameters
    ----------
    cited : int
        Times the document is cited.
    most : int
        Times the most cited document of the page is cited.

    Returns
    -------
    float

    Examples
    --------
    >>> node_size(0, 500), node_size(500, 500), node_size(9000, 9000)
    (10.0, 34.0, 34.0)
    """
    if most <= 0:
        return MIN_SIZE
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.log1p(min(cited, most)) / math.log1p(most)


def _year(n: dict) -> int | None:
    if n.get("year"):
        return int(n["year"])
    return int(n["date"][:4]) if n.get("date") else None


def _node_data(G: nx.MultiDiGraph, key: str, pos: tuple[float, float] | None, chain: Chain | None,
               most: int, lang: str, pmap: ProvinceMap, review: Review | None = None,
               spelling: str | None = None) -> dict:
    """One vis node: drawing options plus the fields the page's filters and search read
    (its province filtered as the province of *pmap* that holds it; *spelling*: its
    number@year where its number names several documents)."""
    n = G.nodes[key]
    flagged = review.documents.get(key) if review else None
    data = {
        "label": (REVIEW_BADGE if flagged else "") + label(G, key), "title": _tooltip(G, key, lang, flagged),
        "color": LEVEL_COLORS.get(n.get("level"), LEVEL_COLORS[None]),
        "shape": KIND_SHAPES.get(n.get("kind"), "dot"), "size": round(node_size(n.get("cited", 0), most), 1),
        "level": n.get("level"), "province": pmap.row_of(n.get("place")) or n.get("place"), "kind": n.get("kind"),
        "year": _year(n),
        "number": n.get("number"), "date": n.get("date"), "aliases": search_aliases(key, n),
    }
    if spelling:
        data["spelling"] = spelling
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


def _mark_centre(data: dict) -> None:
    data["centre"] = True
    data["borderWidth"] = 6
    data["borderWidthSelected"] = 7
    fill = data["color"]
    data["color"] = {"background": fill, "border": CENTRE_BORDER,
                     "highlight": {"background": fill, "border": CENTRE_BORDER}}
    data["font"] = {**data.get("font", {}), "size": 20, "strokeWidth": 4}
    data["label"] = f"◎ {data['label']}"


def _edge_data(u: str, v: str, rel: str, data: dict, chain: Chain | None, hops: dict, lang: str) -> dict:
    hop = hops.get((u, v, rel))
    edge = {"title": _edge_tooltip(rel, data, lang, hop), "color": RELATION_COLORS.get(rel, "#999"),
            "relation": rel, "arrows": "to"}
    if chain is not None:
        edge["chain"] = (u, v, rel) in chain.edges
        if edge["chain"]:
            edge["width"] = 4
        else:
            edge["color"] = DIM_EDGE
    if hop is not None:
        # The arrow keeps the edge's own direction (citing → cited); the step number says
        # where the walk goes, and a hop walked against the arrow is dashed.
        edge["step"] = hop["step"]
        edge["direction"] = hop["direction"]
        edge["label"] = str(hop["step"]) if hop["direction"] == "forward" else f"{hop['step']} ⇠"
        edge["font"] = {"size": 18, "strokeWidth": 0, "align": "horizontal", "background": "#fff8e1"}
        edge["dashes"] = hop["direction"] == "backward"
    return edge


def _checkbox(name: str, value: str, caption: str, mark: str) -> str:
    return (f'<label><input type="checkbox" name="{name}" value="{html.escape(value)}" checked> '
            f'{mark}{html.escape(caption)}</label>')


def _legend(lang: str) -> str:
    rels = "".join(
        f'<div><span class="vbgraph-line" style="background:{c}"></span>{html.escape(relation_name(rel, lang))}</div>'
        for rel, c in RELATION_COLORS.items())
    return (f'<fieldset id="vbgraph-legend"><legend>{text("view.legend", lang)}</legend>' + rels +
            f'<div class="vbgraph-note">{html.escape(text("view.legend_nodes", lang))}</div>'
            f'<div class="vbgraph-note">{html.escape(text("view.legend_arrow", lang))}</div></fieldset>')


def _chain_box(chain: Chain | None, lang: str) -> str:
    """What is highlighted; for a path, each hop with its direction and evidence."""
    if chain is None:
        return ""
    hops = "".join(
        f'<li data-step="{h["step"]}" data-direction="{h["direction"]}">{html.escape(hop_line(h, lang))}'
        f'<div class="vbgraph-evidence">{html.escape(text("chain.evidence", lang, evidence=h["evidence"]) if h["evidence"] else text("chain.no_evidence", lang))}</div></li>'
        for h in chain.hops)
    return (f'<div id="vbgraph-chain">{html.escape(text("view.highlighted", lang, caption=chain.caption(lang)))}'
            + (f'<ol id="vbgraph-hops">{hops}</ol>' if hops else "") + "</div>")


def _review_filter(review: Review | None, lang: str) -> str:
    if review is None:
        return ""
    m = lambda key, **v: html.escape(text(key, lang, **v))  # noqa: E731
    return (f'<fieldset><legend>{m("view.review_legend")}</legend><label><input id="vbgraph-review" type="checkbox"> '
            f'{REVIEW_BADGE}{m("view.review_only", n=len(review.documents))}</label>'
            f'<div class="vbgraph-note">{m("view.review_note")}</div></fieldset>')


def _panel(G: nx.MultiDiGraph, title: str, chain: Chain | None, centre: str | None, lang: str,
           pmap: ProvinceMap, review: Review | None = None) -> str:
    """The side panel: search box, filters by level, kind, province (those of *pmap*, each
    naming the old provinces it absorbed) and year, legend."""
    nodes = [n for _, n in G.nodes(data=True)]
    present_levels = {n.get("level") if n.get("level") in TIERS else None for n in nodes}
    levels = "".join(
        _checkbox("vbgraph-level", lvl or "", level_name(lvl, lang),
                  f'<span class="vbgraph-swatch" style="background:{LEVEL_COLORS[lvl]}"></span>')
        for lvl in TIERS if lvl in present_levels)
    kinds = "".join(
        _checkbox("vbgraph-kind", k, k or text("view.no_kind", lang),
                  f'<span class="vbgraph-glyph">{SHAPE_GLYPHS[KIND_SHAPES.get(k, "dot")]}</span>')
        for k in sorted({n.get("kind") or "" for n in nodes}, key=lambda k: (not k, search_fold(k))))
    per_province: dict[str, int] = {}
    for n in nodes:
        if n.get("place"):
            row = pmap.row_of(n["place"]) or n["place"]
            per_province[row] = per_province.get(row, 0) + 1
    provinces = "".join(
        f'<option value="{html.escape(p)}">{html.escape(p)} ({c}'
        + (f"; {html.escape(', '.join(pmap.former(p)))}" if pmap.former(p) else "") + ")</option>"
        for p, c in sorted(per_province.items(), key=lambda pc: vi_sort_key(pc[0])))
    years = sorted({y for n in nodes if (y := _year(n)) is not None})
    lo, hi = (years[0], years[-1]) if years else ("", "")
    centre_line = (f'<div id="vbgraph-centre" data-key="{html.escape(centre)}">'
                   f'{html.escape(text("view.centre", lang, label=label(G, centre)))}</div>' if centre else "")
    m = lambda key: html.escape(text(key, lang))  # noqa: E731
    return (
        f'<aside id="vbgraph-panel"><h1>{html.escape(title)}</h1><div id="vbgraph-count"></div>'
        + centre_line + _chain_box(chain, lang) +
        '<form id="vbgraph-search-form" autocomplete="off">'
        f'<input id="vbgraph-search" type="search" placeholder="{m("view.search_placeholder")}">'
        f'<button type="submit">{m("view.find")}</button></form><div id="vbgraph-search-result" role="status"></div>'
        '<div id="vbgraph-filters">'
        f'<fieldset><legend>{m("view.level")}</legend>{levels}</fieldset>'
        f'<fieldset><legend>{m("view.kind")}</legend>{kinds}</fieldset>'
        f'<fieldset><legend>{m("view.province")}</legend><select id="vbgraph-province" multiple size="6">{provinces}</select>'
        f'<div class="vbgraph-note">{m("view.province_note")}</div></fieldset>'
        f'<fieldset class="vbgraph-years"><legend>{m("view.year")}</legend>'
        f'<input id="vbgraph-year-from" type="number" placeholder="{lo}" min="{lo}" max="{hi}"> {m("view.year_to")} '
        f'<input id="vbgraph-year-to" type="number" placeholder="{hi}" min="{lo}" max="{hi}">'
        f'<label><input id="vbgraph-undated" type="checkbox" checked> {m("view.undated")}</label></fieldset>'
        + _review_filter(review, lang)
        + f'</div><button id="vbgraph-reset" type="button">{m("view.reset")}</button> '
        f'<button id="vbgraph-fit" type="button">{m("view.fit_all")}</button>'
        f'<div id="vbgraph-zoom-note" class="vbgraph-note" hidden>{m("view.zoomed")}</div>'
        + _legend(lang) + "</aside>")


def render_html(G: nx.MultiDiGraph, path: Path, *, title: str = "vbgraph", layout: str = "hierarchical",
                chain: Chain | None = None, centre: str | None = None, lang: str = DEFAULT_LANG,
                province_map: ProvinceMap | None = None, review: Review | None = None) -> Path:
    """Write *G* as an interactive page that works offline from one file.

    Nodes are coloured by level, shaped by kind and sized by how often they are cited
    (on a bounded scale, :func:`node_size`); edges are coloured by relation; tooltips
    carry number, date, issuer, subject and evidence.  A side panel searches any spelling
    of a number and filters by level, kind, province and year; filtering re-fits the
    drawing.  A page whose whole drawing would make labels too small to read opens zoomed
    in to a readable size, on its centre or its top band (central documents), and says
    so; a button fits the whole graph.  Text from documents is escaped.

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
        Nodes and edges to highlight (see :mod:`graph.views.chain`); the rest is dimmed.
        A path's hops are numbered on the drawing and listed with their direction and
        evidence in the panel.
    centre : str, optional
        Identity key of the document an ``--around`` page is centred on: drawn with a
        thick dark ring and a larger label marked ◎, named in the panel.
    lang : {"vi", "en"}
        The language of every word on the page (:mod:`graph.views.messages`).
    province_map : ProvinceMap, optional
        The provinces the province filter offers (default: today's, see
        :func:`graph.provinces.map_at`); a document's tooltip keeps the province that
        issued it.
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
    if centre is not None and centre not in G:
        raise ValueError(f"the centre {centre!r} is not in the graph drawn")
    text("view.find", lang)  # an unknown language fails here, before any work
    positions, bands = hierarchical_positions(G) if layout == "hierarchical" else ({}, [])
    most = max((n.get("cited", 0) for _, n in G.nodes(data=True)), default=0)
    hops = {((h["source_key"], h["target_key"]) if h["direction"] == "forward"
             else (h["target_key"], h["source_key"])) + (h["relation"],): h for h in (chain.hops if chain else ())}
    pmap = province_map or map_at()
    told_apart = spellings(G, G.nodes)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    for key in sorted(G.nodes):
        data = _node_data(G, key, positions.get(key), chain, most, lang, pmap, review, told_apart.get(key))
        if key == centre:
            _mark_centre(data)
        net.add_node(key, **data)
    for u, v, rel, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(u, v, **_edge_data(u, v, rel, data, chain, hops, lang))
    net.set_options(json.dumps(_OPTIONS[layout]))
    config = {"layout": layout, "centre": centre, "messages": messages_for("view", lang),
              "readableScale": READABLE_PX / FONT_PX,
              "bands": [{"level": b.level, "name": level_name(b.level, lang), "y": b.y} for b in bands]}
    return write_page(net, path, title=title, lang=lang, panel=_panel(G, title, chain, centre, lang, pmap, review),
                      config=config, scripts=("common.js", "view.js"))
