"""What a page of a large graph draws instead of every document: an aggregate.

The overview keeps the central documents as nodes (the most implemented ones, the rest
counted in one node) and gathers the provincial documents below each into one cluster per
province (on the map of provinces of a day): "Cần Thơ: 412 documents implement 33/CT-TTg".
The focused view keeps one document, its lineage upward, and its implementers as clusters
by province.  A cluster carries the few documents it shows when a reader opens it (with
the chains that lead from them to the document above), never all of them, so what a page
holds and draws is bounded whatever the corpus.

Pure: a graph in, an :class:`Aggregate` out, on the graph's integer index
(:mod:`graph.index`); :mod:`graph.views.overview_page` draws it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from ..collation import vi_sort_key
from ..index import GraphIndex, bfs_levels, graph_index
from ..model import LINEAGE_RELATIONS
from ..provinces import ProvinceMap, map_at

#: Above this many documents to draw, ``vbgraph view`` draws an overview unless told --all:
#: the detailed page of 1,000 documents takes seconds to open and its labels cannot be read.
OVERVIEW_ABOVE = 1000
#: Central documents an overview draws; the others are counted in one node.
MAX_ANCHORS = 30
#: Documents a cluster shows when opened (with the documents their chains pass through).
MEMBER_CAP = 24
#: Documents of a focused view's lineage upward.
LINEAGE_CAP = 30
CENTRAL_LEVELS = ("central_party", "central_state")


@dataclass(frozen=True)
class Member:
    """A document a cluster shows when opened: ``key``, ``depth`` below the anchor,
    ``parent`` (the next document of its chain towards the anchor: a member, or the
    anchor itself) with the ``relation`` of that link, and ``own``: False for a document
    of another province that a member's chain passes through."""
    key: str
    depth: int
    parent: str
    relation: str
    own: bool = True


@dataclass(frozen=True)
class Cluster:
    """The documents of one province (``None``: of no province) below one anchor.

    ``count`` documents in all; ``members`` the first of them by depth and date, with the
    documents their chains pass through, at most :data:`MEMBER_CAP`.
    """
    anchor: str
    province: str | None
    count: int
    members: tuple[Member, ...]

    @property
    def more(self) -> int:
        """Documents of the cluster that opening it does not draw."""
        return self.count - sum(m.own for m in self.members)


@dataclass(frozen=True)
class Aggregate:
    """A page's aggregate.

    Attributes
    ----------
    anchors : tuple of str
        Documents drawn with their clusters below them (central documents, or the centre
        of a focused view), in drawing order.
    clusters : dict
        Anchor → its clusters, the largest first.
    lineage : tuple of (str, int)
        A focused view's documents above its centre, each with its depth.
    edges : tuple of (str, str, str)
        Links ``(citing, cited, relation)`` between drawn documents (anchors, lineage).
    centre : str or None
        The document a focused view is centred on.
    rest : tuple of str
        Central documents the overview counts but does not draw.
    documents : int
        Documents of the graph the aggregate stands for.
    """
    anchors: tuple[str, ...]
    clusters: dict[str, tuple[Cluster, ...]]
    lineage: tuple[tuple[str, int], ...]
    edges: tuple[tuple[str, str, str], ...]
    centre: str | None
    rest: tuple[str, ...]
    documents: int


@dataclass(frozen=True)
class _Tree:
    """A breadth-first tree below (or above) a root on the index: ids by depth, and for
    each its depth, its parent's id and the relation code of that link (-1: none)."""
    ids: np.ndarray
    depth: np.ndarray
    parent: np.ndarray
    relation: np.ndarray


def _tree(ix: GraphIndex, root: int, direction: str, follow: np.ndarray) -> _Tree:
    levels, parent = bfs_levels(ix.down if direction == "down" else ix.up, root, follow, None)
    ids = np.concatenate(levels)
    depth = np.repeat(np.arange(len(levels), dtype=np.int64), [len(lv) for lv in levels])
    up, rel = np.divmod(parent[ids], len(ix.relations) or 1)
    return _Tree(ids, depth, np.where(parent[ids] < 0, -1, up), np.where(parent[ids] < 0, -1, rel))


def _rows(ix: GraphIndex, pmap: ProvinceMap) -> tuple[list[str | None], np.ndarray]:
    """The provinces of *pmap* the graph's documents belong to, and each node's as a code
    into them (0: None, no province)."""
    code: dict[str | None, int] = {None: 0}
    per_value = np.array([code.setdefault(pmap.row_of(p), len(code)) for p in ix.place.values] or [0], dtype=np.int64)
    return list(code), per_value[ix.place.codes]


def _clusters(ix: GraphIndex, tree: _Tree, anchor: int, rows: np.ndarray, names: list, *,
              unplaced: bool) -> tuple[Cluster, ...]:
    """The documents of *tree* below *anchor*, one cluster per province, the largest first."""
    keys = ix.keys
    below = np.arange(1, len(tree.ids))
    code = rows[tree.ids[below]]
    if not unplaced:
        below, code = below[code > 0], code[code > 0]
    # Within a cluster, members by depth then date (the index's cell order).
    order = np.lexsort((ix.cell_rank[tree.ids[below]], tree.depth[below], code))
    below, code = below[order], code[order]
    position = np.full(len(ix), -1, dtype=np.int64)
    position[tree.ids] = np.arange(len(tree.ids))
    out = []
    for part in np.split(np.arange(len(below)), np.flatnonzero(np.diff(code)) + 1) if len(below) else ():
        chosen: dict[int, Member] = {}
        for i in below[part].tolist():
            chain, w = [], i
            while tree.ids[w] != anchor and int(tree.ids[w]) not in chosen:
                chain.append(w)
                w = int(position[tree.parent[w]])
            if len(chosen) + len(chain) > MEMBER_CAP:
                break
            for w in reversed(chain):
                v = int(tree.ids[w])
                chosen[v] = Member(keys[v], int(tree.depth[w]), keys[tree.parent[w]], ix.relations[tree.relation[w]],
                                   bool(rows[v] == code[part[0]]))
        out.append(Cluster(keys[anchor], names[code[part[0]]], len(part), tuple(chosen.values())))
    out.sort(key=lambda c: (-c.count, vi_sort_key(c.province or "")))
    return tuple(out)


def overview(G: nx.MultiDiGraph, *, province_map: ProvinceMap | None = None,
             relations: Iterable[str] = LINEAGE_RELATIONS, max_anchors: int = MAX_ANCHORS) -> Aggregate:
    """The overview of *G*: central documents, and below each the provinces that implement it.

    Parameters
    ----------
    G : MultiDiGraph
    province_map : ProvinceMap, optional
        The provinces clusters are made of (default: today's, see
        :func:`graph.provinces.map_at`): a cluster of today's Cần Thơ holds the documents
        of the old Sóc Trăng too.
    relations : iterable of str
        The links a lineage follows (a document implements a central one through a chain
        of them).
    max_anchors : int
        Central documents drawn: those with the most implementing documents; the others
        are counted in :attr:`Aggregate.rest`.

    Returns
    -------
    Aggregate
        Anchors ordered by level, then date; each cluster counts the documents of a
        province whose chain reaches the anchor.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("d", number="33/CT-TTg", level="central_state", date="2021-11-26")
    >>> for k, p in (("a", "Trà Vinh"), ("b", "Sóc Trăng"), ("c", "Sóc Trăng")):
    ...     G.add_node(k, level="provincial_state", place=p, date="2022-01-01")
    ...     _ = G.add_edge(k, "d", key="implements")
    >>> agg = overview(G)
    >>> [(c.province, c.count) for c in agg.clusters["d"]]
    [('Cần Thơ', 2), ('Vĩnh Long', 1)]
    """
    ix = graph_index(G)
    pmap = province_map or map_at()
    names, rows = _rows(ix, pmap)
    follow = ix.relation_mask(relations)
    central = np.flatnonzero(ix.level.where(lambda lv: lv in CENTRAL_LEVELS)[ix.level.codes]).tolist()
    clusters = {}
    for c in central:
        clusters[ix.keys[c]] = _clusters(ix, _tree(ix, c, "down", follow), c, rows, names, unplaced=False)
    implementers = {k: sum(cl.count for cl in cs) for k, cs in clusters.items()}
    ranked = sorted(clusters, key=lambda k: (-implementers[k], k))
    drawn = set(ranked[:max_anchors])
    anchors = tuple(sorted(drawn, key=lambda k: (CENTRAL_LEVELS.index(G.nodes[k]["level"]),
                                                 G.nodes[k].get("date") or "~", k)))
    wanted = set(relations)
    edges = tuple(sorted((u, v, r) for u in anchors for v, rs in G.succ[u].items() if v in drawn
                         for r in rs if r in wanted))
    return Aggregate(anchors, {k: clusters[k] for k in anchors}, (), edges, None,
                     tuple(k for k in ranked[max_anchors:]), G.number_of_nodes())


def focus(G: nx.MultiDiGraph, key: str, *, province_map: ProvinceMap | None = None,
          relations: Iterable[str] = LINEAGE_RELATIONS, lineage_cap: int = LINEAGE_CAP) -> Aggregate:
    """The focused view of *key*: its lineage upward, and its implementers by province.

    Parameters
    ----------
    G : MultiDiGraph
    key : str
        Identity key of the centre.
    province_map : ProvinceMap, optional
        As for :func:`overview`.
    relations : iterable of str
        The links followed up and down.
    lineage_cap : int
        Documents of the lineage upward drawn: the nearest first (by depth, then date).

    Returns
    -------
    Aggregate
        One anchor, the centre; its clusters include one of the documents of no province
        (central documents that implement it).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("up", level="central_party"); G.add_node("d", level="central_state")
    >>> G.add_node("a", level="provincial_state", place="Trà Vinh")
    >>> _ = G.add_edge("d", "up", key="implements"); _ = G.add_edge("a", "d", key="based_on")
    >>> agg = focus(G, "d")
    >>> agg.lineage, agg.edges, [(c.province, c.count) for c in agg.clusters["d"]]
    ((('up', 1),), (('d', 'up', 'implements'),), [('Vĩnh Long', 1)])
    """
    ix = graph_index(G)
    pmap = province_map or map_at()
    names, rows = _rows(ix, pmap)
    follow = ix.relation_mask(relations)
    root = ix.ids[key]
    up = _tree(ix, root, "up", follow)
    order = np.lexsort((ix.cell_rank[up.ids[1:]], up.depth[1:]))[:lineage_cap] + 1
    lineage = tuple((ix.keys[up.ids[i]], int(up.depth[i])) for i in sorted(order.tolist()))
    kept = {key} | {k for k, _ in lineage}
    # Each kept document's link towards the centre, if the one it reaches is kept too.
    edges = tuple(sorted((ix.keys[up.parent[i]], ix.keys[up.ids[i]], ix.relations[up.relation[i]])
                         for i in order.tolist() if ix.keys[up.parent[i]] in kept))
    clusters = _clusters(ix, _tree(ix, root, "down", follow), root, rows, names, unplaced=True)
    return Aggregate((key,), {key: clusters}, lineage, edges, key, (), G.number_of_nodes())
