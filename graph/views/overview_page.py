"""The page of a large graph: an :class:`~graph.views.overview.Aggregate` drawn with pyvis.

Anchors (central documents, or a focused view's centre) are nodes; below each, its
largest province clusters, edge width the number of implementing documents, and one node
for the other provinces.  What a reader opens (a cluster's documents with their chains,
all the provinces of an anchor) travels in the page as compact data and is drawn by
``assets/overview.js``, at positions computed here, so every state of the page draws a
bounded number of nodes.
"""
from __future__ import annotations

import html
import json
import math
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from ..model import label
from ..provinces import ProvinceMap, map_at
from ..queries import spellings
from .layout import depth_rows, grid_offsets, tile_origins
from .messages import DEFAULT_LANG, level_name, messages_for, relation_name, text
from .overview import Aggregate, Cluster
from .page import write_page
from .palette import KIND_SHAPES, LEVEL_COLORS, RELATION_COLORS
from .render import FONT_PX, LABEL_INSIDE, READABLE_PX, _mark_centre, _tooltip, node_size
from .search import search_aliases

#: Province clusters drawn under an anchor of the overview; the others are one node.
TILE_CLUSTERS = 3
#: Province clusters drawn under the centre of a focused view.
FOCUS_CLUSTERS = 11
#: Spacing of clusters in a row, of rows, and the drop from an anchor to its clusters.
DX, DY, DROP = 112.0, 62.0, 84.0
#: Opened cluster: spacing of its documents, and documents per row.
MEMBER_DX, MEMBER_DY, MEMBER_COLUMNS = 190.0, 92.0, 5
#: Edge width: one implementing document to the page's largest cluster.
MIN_WIDTH, MAX_WIDTH = 1.0, 9.0
CLUSTER_COLOR = {"background": "#e8f6ee", "border": "#27ae60",
                 "highlight": {"background": "#c9efd8", "border": "#1e8449"}}
MORE_COLOR = {"background": "#f4f6f7", "border": "#95a5a6",
              "highlight": {"background": "#e5e8e8", "border": "#7f8c8d"}}
_OPTIONS = {"physics": {"enabled": False},
            "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                                 "roundness": 0.4}},
            "interaction": {"hover": True, "navigationButtons": False, "multiselect": False}}


def edge_width(count: int, most: int) -> float:
    """An aggregate edge's width: logarithmic in the documents it stands for, bounded.

    Examples
    --------
    >>> edge_width(1, 5000), edge_width(5000, 5000), edge_width(0, 0)
    (1.0, 9.0, 1.0)
    """
    if most <= 1:
        return MIN_WIDTH
    return round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.log(max(count, 1)) / math.log(most), 1)


def _number(n: int, lang: str) -> str:
    # Vietnamese groups thousands with a dot, English with a comma.
    return f"{n:,}".replace(",", "." if lang == "vi" else ",")


def _province(cluster: Cluster, lang: str) -> str:
    return cluster.province or text("overview.no_province", lang)


def _cluster_tooltip(cluster: Cluster, anchor_label: str, lang: str, pmap: ProvinceMap) -> str:
    lines = [_province(cluster, lang)]
    former = pmap.former(cluster.province) if cluster.province else ()
    if former:
        lines.append(text("overview.former", lang, places=", ".join(former)))
    lines.append(text("overview.cluster_count", lang, n=cluster.count, count=_number(cluster.count, lang),
                      anchor=anchor_label))
    lines.append(text("overview.click_open", lang, n=sum(m.own for m in cluster.members)))
    return "\n".join(lines)


class _Docs:
    """The documents opened clusters draw, each once: rows the page's script reads."""

    def __init__(self, G: nx.MultiDiGraph, lang: str, told_apart: dict[str, str]):
        self.G, self.lang, self.told_apart = G, lang, told_apart
        self.rows: list[list] = []
        self.index: dict[str, int] = {}

    def add(self, key: str) -> int:
        if key not in self.index:
            n = self.G.nodes[key]
            self.index[key] = len(self.rows)
            self.rows.append([key, label(self.G, key), n.get("level"), n.get("kind"), n.get("date"),
                              _tooltip(self.G, key, self.lang), self.told_apart.get(key),
                              search_aliases(key, n)])
        return self.index[key]


def _member_rows(cluster: Cluster, docs: _Docs) -> list[list]:
    """Each member as ``[doc, parent doc (-1: the anchor), relation, dx, dy, own]``, placed
    in bands by depth below the anchor."""
    offsets = depth_rows([m.depth for m in cluster.members] + [max((m.depth for m in cluster.members), default=0) + 1],
                         columns=MEMBER_COLUMNS, dx=MEMBER_DX, dy=MEMBER_DY, gap=40.0)
    rows = [[docs.add(m.key), -1 if m.parent == cluster.anchor else docs.add(m.parent), m.relation,
             *offsets[i], int(m.own)] for i, m in enumerate(cluster.members)]
    # The last offset is where the "N more" node goes: one band below the deepest member.
    return rows + [[-1, -1, "", *offsets[-1], 0]]


def _doc_node(G: nx.MultiDiGraph, key: str, lang: str, spelling: str | None, size: float) -> dict:
    """A document drawn as itself: an anchor or a document of a lineage."""
    n = G.nodes[key]
    # A number that names several documents (01-KL/TW of 2016 and of 2021) is drawn as number@year.
    name = spelling or label(G, key)
    if n.get("ambiguous"):
        # The undated mentions of a number that names several documents: not a document.
        name = f"{name} ({text('status.ambiguous', lang)})"
    data = {"label": name, "title": _tooltip(G, key, lang), "size": size,
            "color": LEVEL_COLORS.get(n.get("level"), LEVEL_COLORS[None]), "shape": KIND_SHAPES.get(n.get("kind"), "dot"),
            "level": n.get("level"), "kind": n.get("kind"), "number": n.get("number"), "date": n.get("date"),
            "aliases": search_aliases(key, n), "doc": True, "name": label(G, key)}
    if data["shape"] in LABEL_INSIDE:
        data["widthConstraint"] = {"maximum": 150}
    if spelling:
        data["spelling"] = spelling
    return data


def _anchor_node(G: nx.MultiDiGraph, key: str, clusters: tuple[Cluster, ...], most: int, lang: str,
                 spelling: str | None) -> dict:
    """An anchor, sized by its implementing documents, and saying how many and where."""
    total = sum(c.count for c in clusters)
    places = sum(1 for c in clusters if c.province)
    summary = text("overview.anchor_summary", lang, n=total, count=_number(total, lang), places=places)
    data = _doc_node(G, key, lang, spelling, round(node_size(total, most), 1))
    data["label"] += f"\n{summary}"
    data["title"] += f"\n{summary}"
    data["font"] = {"size": 16}
    if data["shape"] in LABEL_INSIDE:
        data["widthConstraint"] = {"maximum": 220}
    return data


def _label_above(data: dict) -> None:
    """Draw a shape's label above it rather than below, where its clusters' edges arrive."""
    if data["shape"] not in LABEL_INSIDE:
        font = data.setdefault("font", {})
        lines = data["label"].count("\n") + 1
        font["vadjust"] = -round(2 * data["size"] + lines * font.get("size", FONT_PX) * 1.15 + 14)


def _panel(title: str, agg: Aggregate, G: nx.MultiDiGraph, lang: str) -> str:
    m = lambda key, **v: html.escape(text(key, lang, **v))  # noqa: E731
    what = (m("overview.focus_intro", label=label(G, agg.centre)) if agg.centre
            else m("overview.intro", n=len(agg.anchors), documents=_number(agg.documents, lang)))
    centre = (f'<div id="vbgraph-centre" data-key="{html.escape(agg.centre)}">'
              f'{m("view.centre", label=label(G, agg.centre))}</div>' if agg.centre else "")
    legend = "".join(f'<div><span class="vbgraph-swatch" style="background:{LEVEL_COLORS[lv]}"></span>'
                     f'{html.escape(level_name(lv, lang))}</div>' for lv in ("central_party", "central_state",
                                                                            "provincial_party", "provincial_state"))
    return (
        f'<aside id="vbgraph-panel" data-page="overview"><h1>{html.escape(title)}</h1>'
        f'<div id="vbgraph-intro">{what}</div>{centre}<div id="vbgraph-count"></div>'
        f'<div id="vbgraph-mode" role="status"></div>'
        f'<button id="vbgraph-back" type="button" hidden>{m("overview.back")}</button>'
        '<form id="vbgraph-search-form" autocomplete="off">'
        f'<input id="vbgraph-search" type="search" placeholder="{m("view.search_placeholder")}">'
        f'<button type="submit">{m("view.find")}</button></form><div id="vbgraph-search-result" role="status"></div>'
        f'<button id="vbgraph-fit" type="button">{m("view.fit_all")}</button>'
        f'<div id="vbgraph-zoom-note" class="vbgraph-note" hidden>{m("view.zoomed")}</div>'
        f'<fieldset id="vbgraph-legend"><legend>{m("view.legend")}</legend>{legend}'
        f'<div><span class="vbgraph-cluster"></span>{m("overview.legend_cluster")}</div>'
        f'<div><span class="vbgraph-line" style="background:{RELATION_COLORS["implements"]}"></span>'
        f'{m("overview.legend_width")}</div>'
        f'<div class="vbgraph-note">{m("overview.legend_click")}</div>'
        f'<div class="vbgraph-note">{m("view.legend_arrow")}</div></fieldset>'
        f'<div class="vbgraph-note">{m("overview.how_all")}</div></aside>')


def render_overview(G: nx.MultiDiGraph, agg: Aggregate, path: Path, *, title: str = "vbgraph",
                    lang: str = DEFAULT_LANG, province_map: ProvinceMap | None = None) -> Path:
    """Write the aggregate *agg* of *G* as one offline page (atomically).

    The overview draws its anchors in tiles, row by row (central documents by level and
    date), each with its :data:`TILE_CLUSTERS` largest province clusters and a node for
    the other provinces; a focused view draws its centre (marked ◎), its lineage above
    and up to :data:`FOCUS_CLUSTERS` clusters below.  Clicking a cluster opens it: its
    documents (at most :data:`graph.views.overview.MEMBER_CAP`) with the chains that lead
    to the anchor, and a node counting the rest; clicking the node of the other
    provinces draws all of them.  The search finds anchors and every document a cluster
    can open, and says when a number names several documents.

    Parameters
    ----------
    G : MultiDiGraph
        The graph *agg* was made of.
    agg : Aggregate
        From :func:`graph.views.overview.overview` or :func:`~graph.views.overview.focus`.
    path : Path
    title : str
    lang : {"vi", "en"}
    province_map : ProvinceMap, optional
        The map the clusters were made on (default today's), for the old provinces each
        cluster absorbed.

    Returns
    -------
    Path
        *path*.

    Examples
    --------
    >>> import tempfile
    >>> from graph.views.overview import overview
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("33/CT-TTG@2021", number="33/CT-TTg", level="central_state", date="2021-11-26")
    >>> G.add_node("p", number="1/KH-UBND", level="provincial_state", place="Trà Vinh")
    >>> _ = G.add_edge("p", "33/CT-TTG@2021", key="implements")
    >>> out = render_overview(G, overview(G), Path(tempfile.mkdtemp()) / "o.html")
    >>> "Vĩnh Long" in out.read_text(encoding="utf-8")
    True
    """
    text("view.find", lang)  # an unknown language fails here, before any work
    pmap = province_map or map_at()
    told_apart = spellings(G, [*agg.anchors, *(k for k, _ in agg.lineage), *agg.rest,
                               *(m.key for cs in agg.clusters.values() for c in cs for m in c.members)])
    docs = _Docs(G, lang, told_apart)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    totals = {k: sum(c.count for c in cs) for k, cs in agg.clusters.items()}
    most_total = max(totals.values(), default=0)
    most_cluster = max((c.count for cs in agg.clusters.values() for c in cs), default=0)
    shown = FOCUS_CLUSTERS if agg.centre else TILE_CLUSTERS
    # A tile: the anchor, its label, and one row of clusters below.
    anchors_at = ([(0.0, 0.0)] if agg.centre else
                  tile_origins(len(agg.anchors) + bool(agg.rest), width=(shown + 1) * DX + 50, height=DROP + 130))
    clusters, groups = [], {}
    for (key, (x, y)) in zip(agg.anchors, anchors_at):
        data = _anchor_node(G, key, agg.clusters[key], most_total, lang, told_apart.get(key))
        if key == agg.centre:
            _mark_centre(data)
        _label_above(data)
        net.add_node(key, x=x, y=y, **data)
        own = agg.clusters[key]
        visible = own[:shown] if len(own) > shown + 1 else own
        columns = 6 if agg.centre else shown + 1
        spots = grid_offsets(len(visible) + (len(own) > len(visible)), columns=columns, dx=DX, dy=DY)
        group_spots = grid_offsets(len(own), columns=MEMBER_COLUMNS, dx=DX + 12, dy=DY)
        groups[key] = []
        for i, cluster in enumerate(own):
            cid = f"cluster:{len(clusters)}"
            groups[key].append(len(clusters))
            clusters.append({"id": cid, "anchor": key, "name": _province(cluster, lang), "count": cluster.count,
                             "countText": _number(cluster.count, lang), "more": cluster.more,
                             "moreText": _number(cluster.more, lang), "group": group_spots[i],
                             "members": _member_rows(cluster, docs)})
            at = spots[i] if i < len(visible) else (0.0, 0.0)
            net.add_node(cid, x=x + at[0], y=y + DROP + at[1], hidden=i >= len(visible), shape="box",
                         label=f"{_province(cluster, lang)}\n{_number(cluster.count, lang)}",
                         title=_cluster_tooltip(cluster, label(G, key), lang, pmap), color=CLUSTER_COLOR,
                         font={"size": 14}, widthConstraint={"minimum": 70, "maximum": DX - 14}, cluster=True)
            net.add_edge(cid, key, width=edge_width(cluster.count, most_cluster), color=RELATION_COLORS["implements"],
                         title=text("overview.cluster_count", lang, n=cluster.count,
                                    count=_number(cluster.count, lang), anchor=label(G, key)),
                         arrows="to", hidden=i >= len(visible))
        if len(own) > len(visible):
            rest = own[len(visible):]
            n_docs = sum(c.count for c in rest)
            pid = f"provinces:{key}"
            net.add_node(pid, x=x + spots[-1][0], y=y + DROP + spots[-1][1], shape="box", color=MORE_COLOR,
                         shapeProperties={"borderDashes": [4, 3]}, font={"size": 14}, provinces=key,
                         label=text("overview.more_provinces", lang, n=len(rest), count=_number(n_docs, lang)),
                         title="\n".join([text("overview.more_provinces_tip", lang, n=len(rest))]
                                         + [f"{_province(c, lang)}: {_number(c.count, lang)}" for c in rest[:40]]))
            net.add_edge(pid, key, width=edge_width(n_docs // len(rest), most_cluster), arrows="to",
                         color={"color": RELATION_COLORS["implements"], "opacity": 0.5}, dashes=True)
    if agg.rest:
        x, y = anchors_at[-1]
        net.add_node("rest", x=x, y=y, shape="box", color=MORE_COLOR, font={"size": 14},
                     label=text("overview.more_central", lang, n=len(agg.rest)),
                     title="\n".join([text("overview.more_central_tip", lang, n=len(agg.rest))]
                                     + [label(G, k) for k in agg.rest[:40]]))
        for k in agg.rest:
            docs.add(k)
    depths = [d for _, d in agg.lineage]
    for (key, _), (x, y) in zip(agg.lineage, depth_rows(depths, columns=6, dx=MEMBER_DX, dy=MEMBER_DY, gap=70.0,
                                                        upward=True)):
        net.add_node(key, x=x, y=y, **_doc_node(G, key, lang, told_apart.get(key), 14))
    for u, v, rel in agg.edges:
        # Links between central documents cross the tiles: drawn light, so clusters read first.
        net.add_edge(u, v, color={"color": RELATION_COLORS.get(rel, "#999"), "opacity": 0.45}, arrows="to", width=1,
                     title=relation_name(rel, lang))
    net.set_options(json.dumps(_OPTIONS))
    config = {"layout": "overview", "centre": agg.centre, "messages": messages_for("view", lang) | {
        f"overview.{k}": v for k, v in messages_for("overview", lang).items()},
        "readableScale": READABLE_PX / FONT_PX, "bands": [],
        "overview": {"docs": docs.rows, "clusters": clusters, "groups": groups,
                     "rest": [docs.index[k] for k in agg.rest],
                     "levelColors": {lv or "": c for lv, c in LEVEL_COLORS.items()}, "kindShapes": KIND_SHAPES,
                     "relationColors": RELATION_COLORS, "documentsText": _number(agg.documents, lang),
                     "drop": DROP}}
    return write_page(net, path, title=title, lang=lang, panel=_panel(title, agg, G, lang), config=config,
                      scripts=("common.js", "overview.js"))
