"""The graph as a picture: a self-contained pyvis page.

pyvis is lightly maintained, so it stays behind this one module: the rest of vbgraph
hands over a networkx graph and gets an HTML file.  The page works offline: vis-network
is inlined and the CDN stylesheet pyvis adds unconditionally is removed.
"""
from __future__ import annotations

import html
import math
from pathlib import Path

import networkx as nx
import regex
from pyvis.network import Network

from .model import label
from .store import atomic_write_text

LEVEL_COLORS = {
    "central_party": "#c0392b", "central_state": "#e67e22", "provincial_party": "#2980b9",
    "provincial_state": "#27ae60", "district": "#8e44ad", None: "#7f8c8d",
}
LEVEL_NAMES = {
    "central_party": "central party", "central_state": "central state",
    "provincial_party": "provincial party", "provincial_state": "provincial state",
    "district": "district", None: "unknown",
}
RELATION_COLORS = {
    "implements": "#27ae60", "based_on": "#2980b9", "guides": "#8e44ad", "amends": "#d35400",
    "replaces": "#c0392b", "repeals": "#7b241c", "reports_on": "#16a085", "cites": "#95a5a6",
}
KIND_SHAPES = {
    "Nghị quyết": "diamond", "Chỉ thị": "triangle", "Kết luận": "square", "Quyết định": "box",
    "Quy định": "box", "Chương trình": "star", "Chương trình hành động": "star",
    "Chương trình phối hợp": "star", "Kế hoạch": "dot", "Thông báo": "triangleDown",
    "Công văn": "ellipse", "Nghị định": "hexagon", "Thông tư": "hexagon", "Pháp lệnh": "hexagon",
    "Luật": "hexagon", "Bộ luật": "hexagon", "Báo cáo": "database",
}
_CDN_TAG = regex.compile(r"<(?:link|script)[^>]*https?://[^>]*>\s*(?:</script>)?", regex.IGNORECASE)


def subgraph(G: nx.MultiDiGraph, *, around: str | None = None, depth: int = 2,
             province: str | None = None) -> nx.MultiDiGraph:
    """The part of *G* a view shows: the neighbourhood of a document, or one province
    with the central documents its documents touch."""
    keep = set(G.nodes)
    if around is not None:
        keep = set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), around, cutoff=depth))
    if province is not None:
        local = {k for k in keep if (G.nodes[k].get("place") or "").casefold() == province.casefold()}
        keep = local | {v for k in local for v in nx.all_neighbors(G, k) if not G.nodes[v].get("place")} & keep
    return G.subgraph(keep).copy()


def _tooltip(G: nx.MultiDiGraph, key: str) -> str:
    n = G.nodes[key]
    lines = [label(G, key)]
    for name, field in (("kind", "kind"), ("date", "date"), ("issuer", "issuer"), ("level", "level"),
                        ("province", "place"), ("subject", "subject"), ("file", "file")):
        if n.get(field):
            lines.append(f"{name}: {n[field]}")
    lines.append(f"cited {n.get('cited', 0)} times")
    # vis-network shows a string title as text; escaping as well keeps the page safe even
    # if a later version renders it as HTML.
    return html.escape("\n".join(lines), quote=False)


def _edge_tooltip(data: dict) -> str:
    ev = data["evidence"][:2]
    text = "\n".join(f"{e['file']}: {e['sentence'][:300]}" for e in ev)
    return html.escape(f"{data['relation']}\n{text}", quote=False)


def _legend() -> str:
    items = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
        f'background:{c};margin-right:6px"></span>{html.escape(LEVEL_NAMES[lvl])}</div>'
        for lvl, c in LEVEL_COLORS.items())
    rels = "".join(
        f'<div><span style="display:inline-block;width:18px;height:3px;background:{c};'
        f'margin-right:6px;vertical-align:middle"></span>{rel}</div>'
        for rel, c in RELATION_COLORS.items())
    return ('<div id="vbgraph-legend" style="position:absolute;top:10px;left:10px;z-index:10;'
            'background:rgba(255,255,255,.92);border:1px solid #ccc;border-radius:6px;padding:8px;'
            'font:12px sans-serif"><b>Level</b>' + items + '<b>Relation</b>' + rels + "</div>")


def render_html(G: nx.MultiDiGraph, path: Path, *, title: str = "vbgraph") -> Path:
    """Write *G* as an interactive page.

    Nodes are coloured by level, shaped by kind and sized by how often they are cited;
    edges are coloured by relation; tooltips carry number, date, issuer, subject and
    evidence.  Text from documents is escaped.

    Parameters
    ----------
    G : MultiDiGraph
        Usually a :func:`subgraph` of the whole graph.
    path : Path
        Where to write the page (atomically).
    """
    net = Network(height="92vh", width="100%", directed=True, cdn_resources="in_line")
    for key in sorted(G.nodes):
        n = G.nodes[key]
        net.add_node(key, label=label(G, key), title=_tooltip(G, key),
                     color=LEVEL_COLORS.get(n.get("level"), LEVEL_COLORS[None]),
                     shape=KIND_SHAPES.get(n.get("kind"), "dot"),
                     size=12 + 6 * math.sqrt(n.get("cited", 0)),
                     level=n.get("level"), place=n.get("place"), kind=n.get("kind"),
                     number=n.get("number"), date=n.get("date"))
    for u, v, rel, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(u, v, title=_edge_tooltip(data), color=RELATION_COLORS.get(rel, "#999"),
                     relation=rel, arrows="to")
    net.set_options('{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},'
                    ' "interaction": {"hover": true, "navigationButtons": false}}')
    page = net.generate_html()
    page = _CDN_TAG.sub("", page)
    page = page.replace("<body>", f"<body><title>{html.escape(title)}</title>" + _legend(), 1)
    atomic_write_text(Path(path), page)
    return Path(path)
