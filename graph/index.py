"""An integer index of a lineage graph, for queries that visit tens of thousands of nodes.

Node ids are the ranks of the keys in sorted order and relation codes the ranks of the
relation names, so comparing ids compares keys: the smallest ``(key, relation)`` parent of
:func:`graph.queries.bfs_step` is the smallest ``id * R + code``.  Adjacency is kept as CSR
arrays (numpy) sorted by ``(neighbour, relation)`` within each node, which is also the order
in which :func:`graph.queries.shortest_path` looks at a node's steps.

The index is built once per graph (about a second for a million edges) and kept in
``G.__networkx_cache__``, which networkx itself empties on every change made through the
graph's methods (``add_node``, ``add_edge``, ``remove_*``, ``update``, …).  The node count
is checked too (free, unlike the edge count of a multigraph, which walks every node), for
nodes added through networkx's private dicts as :func:`graph.store.load` does.  Changing a
node's attribute dict in place (``G.nodes[k]["place"] = …``) is seen by no networkx method
and, checked on every query, would cost as much as the query: set attributes with
``G.add_node(k, place=…)``, or call :func:`forget_index` after changing them in place.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import islice

import networkx as nx
import numpy as np

from .model import node_label, paused_gc

#: The key under which the index is cached in ``G.__networkx_cache__``.
CACHE_KEY = "vbgraph.index"

#: The key under which a loader leaves the graph's edges as integer arrays (see
#: :func:`remember_edges`), dropped by networkx on any change just like the index.
EDGES_KEY = "vbgraph.edges"

#: Node attributes the queries' rows copy, in the order of :attr:`GraphIndex.attrs`.
ROW_ATTRS = ("kind", "level", "place", "date")


@dataclass(frozen=True)
class Adjacency:
    """Edges as CSR arrays: node ``i``'s edges are the slice ``indptr[i]:indptr[i + 1]`` of
    ``nbr`` (neighbour ids), ``rel`` (relation codes) and, where both directions are kept,
    ``back`` (1 for an edge followed against its direction), sorted by ``(back, neighbour,
    relation)``."""

    indptr: np.ndarray
    nbr: np.ndarray
    rel: np.ndarray
    back: np.ndarray | None = None

    @classmethod
    def from_edges(cls, n: int, src: np.ndarray, dst: np.ndarray, rel: np.ndarray,
                   back: np.ndarray | None = None) -> Adjacency:
        # One sort of (source, back, neighbour, relation) packed in an int64: several
        # times faster than np.lexsort over two million edges.
        R = int(rel.max(initial=0)) + 1
        packed = np.sort(((src * 2 + (0 if back is None else back)) * n + dst) * R + rel)
        rest, rel = np.divmod(packed, R)
        rest, dst = np.divmod(rest, n)
        src, flags = np.divmod(rest, 2)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        return cls(indptr, dst.astype(np.int32), rel.astype(np.int16), None if back is None else flags.astype(np.int8))

    def edges(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the edges of *nodes*, in the order of *nodes*, and each one's source
        position in *nodes*.

        Examples
        --------
        >>> a = Adjacency(np.array([0, 2, 2, 3]), np.array([1, 2, 0], np.int32), np.array([0, 0, 0], np.int16))
        >>> [x.tolist() for x in a.edges(np.array([2, 0]))]
        [[2, 0, 1], [0, 1, 1]]
        """
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        source = np.repeat(np.arange(len(nodes)), counts)
        # Edge j of the concatenation sits at starts[s] + (j - the first j of s), s = source[j].
        first = np.cumsum(counts) - counts
        return np.arange(int(counts.sum())) + (starts - first)[source], source


@dataclass(frozen=True)
class Column:
    """A node attribute as codes: ``values[codes[i]]`` is node ``i``'s value."""

    values: list
    codes: np.ndarray

    @classmethod
    def of(cls, per_node: list) -> Column:
        """
        Examples
        --------
        >>> c = Column.of(["Huế", None, "Huế"])
        >>> c.values, c.codes.tolist()
        (['Huế', None], [0, 1, 0])
        """
        code: dict = {}
        codes = np.array([code.setdefault(v, len(code)) for v in per_node], dtype=np.int32)
        return cls(list(code), codes)

    def where(self, test) -> np.ndarray:
        """Boolean array over codes: ``test(value)`` of each distinct value."""
        return np.array([bool(test(v)) for v in self.values], dtype=bool)


@dataclass(frozen=True)
class GraphIndex:
    """Integer ids, CSR adjacency and row attributes of a graph, see the module docstring.

    Attributes
    ----------
    keys : list of str
        Node keys in sorted order: id ``i`` is ``keys[i]``.
    ids : dict
        Key → id.
    relations : tuple of str
        Relation names in sorted order: code ``r`` is ``relations[r]``.
    up, down, both : Adjacency
        Outgoing edges (towards what a document rests on), incoming ones, and both
        (outgoing first) for :func:`graph.queries.shortest_path`.
    labels : list of str
        :func:`graph.model.node_label` of each node.
    attrs : tuple of lists
        Per node, the values of :data:`ROW_ATTRS` (``None`` where missing).
    place, level : Column
        The same values as codes, for filters and sort keys.
    label_rank, cell_rank : ndarray
        Rank of ``(label, key)`` and of ``(date or "", label, key)``: the orders of trace
        rows within a depth and of coverage cells.
    nodes : int
        Node count when built.
    """

    keys: list[str]
    ids: dict[str, int]
    relations: tuple[str, ...]
    up: Adjacency
    down: Adjacency
    both: Adjacency
    labels: list[str]
    attrs: tuple[list, ...]
    place: Column
    level: Column
    label_rank: np.ndarray
    cell_rank: np.ndarray
    nodes: int

    def __len__(self) -> int:
        return len(self.keys)

    def relation_mask(self, relations) -> np.ndarray:
        """Boolean array over relation codes: True for the relations in *relations*."""
        wanted = set(relations)
        return np.array([r in wanted for r in self.relations], dtype=bool)

    @cached_property
    def _dates_by_cell_rank(self) -> np.ndarray:
        dates = self.attrs[ROW_ATTRS.index("date")]
        out = np.empty(len(dates), dtype=object)
        out[self.cell_rank] = [d or "" for d in dates]
        return out.astype(str)

    def issued_by(self, day: str) -> np.ndarray:
        """Boolean array over node ids: True for documents dated *day* (ISO) or earlier, and
        for undated ones.  One binary search: :attr:`cell_rank` orders nodes by date first.

        Examples
        --------
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("a", date="2024-05-01"); G.add_node("b"); G.add_node("c", date="2026-01-02")
        >>> build_index(G).issued_by("2025-12-31").tolist()
        [True, True, False]
        """
        return self.cell_rank < np.searchsorted(self._dates_by_cell_rank, day, side="right")


def build_index(G: nx.MultiDiGraph) -> GraphIndex:
    """The :class:`GraphIndex` of *G*, from the edge arrays its loader left
    (:func:`remember_edges`) or else from its adjacency dicts.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("b", "a", key="implements"); G.add_edge("c", "a", key="guides")
    'implements'
    'guides'
    >>> ix = build_index(G)
    >>> ix.keys, ix.relations, ix.down.nbr.tolist(), ix.both.back.tolist()
    (['a', 'b', 'c'], ('guides', 'implements'), [1, 2], [1, 1, 0, 0])
    """
    with paused_gc():  # a million short-lived ints: no use scanning the graph for cycles
        edges = G.__networkx_cache__.get(EDGES_KEY)
        if edges is None or len(edges[0]) != len(G._node):
            edges = _edge_arrays(G)
        keys, relations, src, dst, rel = edges
        n = len(keys)
        nodes = G._node
        labels = [node_label(nodes[k], k) for k in keys]
        attrs = tuple([nodes[k].get(a) for k in keys] for a in ROW_ATTRS)
        m = len(src)
        both = Adjacency.from_edges(n, np.concatenate([src, dst]), np.concatenate([dst, src]),
                                    np.concatenate([rel, rel]), np.repeat(np.array([0, 1]), m))
        date = attrs[ROW_ATTRS.index("date")]
        return GraphIndex(keys, {k: i for i, k in enumerate(keys)}, relations, Adjacency.from_edges(n, src, dst, rel),
                          Adjacency.from_edges(n, dst, src, rel), both, labels, attrs,
                          Column.of(attrs[ROW_ATTRS.index("place")]), Column.of(attrs[ROW_ATTRS.index("level")]),
                          rank(list(zip(labels, keys))), rank(list(zip([d or "" for d in date], labels, keys))),
                          len(keys))


def _edge_arrays(G: nx.MultiDiGraph) -> tuple[list[str], tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """Sorted keys, sorted relations, and each edge's source id, target id and relation code."""
    keys = sorted(G._node)
    ids = {k: i for i, k in enumerate(keys)}
    relations = tuple(sorted({rel for nbrs in G._succ.values() for keydict in nbrs.values() for rel in keydict}))
    code = {r: c for c, r in enumerate(relations)}
    n, R = len(keys), max(len(relations), 1)
    # One packed int per edge: a generator into np.fromiter, no tuple or list per edge.
    packed = np.fromiter(((ids[u] * n + ids[v]) * R + code[r] for u, nbrs in G._succ.items()
                          for v, keydict in nbrs.items() for r in keydict), dtype=np.int64)
    rest, rel = np.divmod(packed, R)
    src, dst = np.divmod(rest, n)
    return keys, relations, src, dst, rel


def remember_edges(G: nx.MultiDiGraph, keys: list[str], relations: list[str], edges: list[int]) -> None:
    """Leave a just-loaded graph's edges for :func:`build_index` as integer arrays: a file
    already numbers nodes and relations, and reading its flat ``[source, target, relation,
    evidence, …]`` list costs a tenth of walking a million edges of networkx dicts.  Kept
    only when the file's keys and relations are sorted, as :func:`build_index` numbers them.
    """
    if not (_is_sorted(keys) and _is_sorted(relations)):
        return
    columns = [np.fromiter(islice(edges, i, None, 4), dtype=np.int64, count=len(edges) // 4) for i in range(3)]
    G.__networkx_cache__[EDGES_KEY] = (keys, tuple(relations), *columns)


def _is_sorted(values: list[str]) -> bool:
    return all(a < b for a, b in zip(values, values[1:]))


def rank(values: list) -> np.ndarray:
    """Each value's position in sorted order (values distinct).

    Examples
    --------
    >>> rank(["b", "c", "a"]).tolist()
    [1, 2, 0]
    """
    order = sorted(range(len(values)), key=values.__getitem__)
    out = np.empty(len(values), dtype=np.int64)
    out[order] = np.arange(len(values))
    return out


def graph_index(G: nx.MultiDiGraph) -> GraphIndex:
    """The cached :class:`GraphIndex` of *G*, built again when the graph changed."""
    cache = G.__networkx_cache__
    ix = cache.get(CACHE_KEY)
    if ix is None or ix.nodes != len(G._node):
        ix = cache[CACHE_KEY] = build_index(G)
        cache.pop(EDGES_KEY, None)  # in the index now
    return ix


def forget_index(G: nx.MultiDiGraph) -> None:
    """Drop the cached index of *G*: call it after changing node attributes in place."""
    G.__networkx_cache__.pop(CACHE_KEY, None)
    G.__networkx_cache__.pop(EDGES_KEY, None)


def bfs_levels(adj: Adjacency, root: int, relations: np.ndarray, depth: int | None
               ) -> tuple[list[np.ndarray], np.ndarray]:
    """Breadth-first levels from *root* over *adj*, and each node's parent as
    ``id * R + relation code`` (-1 for none), the smallest on ties, as
    :func:`graph.queries.bfs_step` picks it.

    Parameters
    ----------
    adj : Adjacency
    root : int
    relations : ndarray of bool
        Which relation codes to follow (see :meth:`GraphIndex.relation_mask`).
    depth : int, optional
        Stop this many hops away.

    Returns
    -------
    levels : list of ndarray
        Node ids at each distance, ``levels[0] == [root]``; each sorted.
    parent : ndarray
        Over all ids.

    Examples
    --------
    >>> adj = Adjacency.from_edges(3, np.array([0, 0, 1]), np.array([2, 2, 2]), np.array([1, 0, 0]))
    >>> levels, parent = bfs_levels(adj, 0, np.array([True, True]), None)
    >>> [lv.tolist() for lv in levels], parent.tolist()
    ([[0], [2]], [-1, -1, 0])
    """
    R = len(relations)
    seen = np.zeros(len(adj.indptr) - 1, dtype=bool)
    seen[root] = True
    parent = np.full(len(seen), -1, dtype=np.int64)
    levels = [np.array([root], dtype=np.int64)]
    while len(levels[-1]) and (depth is None or len(levels) <= depth):
        frontier = levels[-1]
        pos, source = adj.edges(frontier)
        nbr, rel = adj.nbr[pos], adj.rel[pos]
        keep = relations[rel] & ~seen[nbr]
        nbr, rel, source = nbr[keep], rel[keep], source[keep]
        # The frontier is sorted and each node's edges too, so the first edge reaching a node
        # comes from its smallest (parent, relation): np.unique reports first occurrences.
        new, first = np.unique(nbr, return_index=True)
        seen[new] = True
        parent[new] = frontier[source[first]] * R + rel[first]
        levels.append(new.astype(np.int64))
    if not len(levels[-1]):
        levels.pop()
    return levels, parent


def path_steps(adj: Adjacency, source: int, target: int, relations: np.ndarray
               ) -> dict[int, tuple[int, int, int]]:
    """The steps of :func:`graph.queries.shortest_path`'s breadth-first walk from *source*
    over *adj* (an :attr:`GraphIndex.both`) that lead to *target*: node → ``(previous
    node, relation code, back)``, empty when *target* is out of reach.

    That walk takes nodes from a queue and each node's steps in ``(back, neighbour,
    relation)`` order, keeping the first step to reach a node.  Here a whole level is done
    at once: its nodes' edges, concatenated in queue order, are in the very order the walk
    would look at them, so a node's first occurrence is the walk's step to it, and the
    order of first occurrences is the next level's queue order.

    Examples
    --------
    >>> adj = Adjacency.from_edges(3, np.array([0, 1, 1, 2]), np.array([1, 0, 2, 1]), np.array([0, 0, 0, 0]),
    ...                            np.array([0, 1, 0, 1]))
    >>> path_steps(adj, 0, 2, np.array([True]))
    {2: (1, 0, 0), 1: (0, 0, 0)}
    """
    seen = np.zeros(len(adj.indptr) - 1, dtype=bool)
    seen[source] = True
    prev = np.full(len(seen), -1, dtype=np.int64)
    step = np.zeros(len(seen), dtype=np.int64)  # relation code * 2 + back
    frontier = np.array([source], dtype=np.int64)
    while len(frontier) and not seen[target]:
        reached = []
        # A level near a hub has a million edges; like the walk, stop at the batch that
        # reaches the target rather than finish the level.
        for batch in _batches(adj, frontier):
            pos, origin = adj.edges(batch)
            nbr = adj.nbr[pos]
            keep = relations[adj.rel[pos]] & ~seen[nbr]
            pos, origin, nbr = pos[keep], origin[keep], nbr[keep]
            _, first = np.unique(nbr, return_index=True)
            first.sort()
            new = nbr[first].astype(np.int64)
            seen[new] = True
            prev[new] = batch[origin[first]]
            step[new] = adj.rel[pos[first]].astype(np.int64) * 2 + adj.back[pos[first]]
            reached.append(new)
            if seen[target]:
                break
        frontier = np.concatenate(reached)
    steps = {}
    node = target
    while seen[target] and node != source:
        steps[node] = (int(prev[node]), int(step[node] // 2), int(step[node] % 2))
        node = steps[node][0]
    return steps


#: Edges looked at together by :func:`path_steps` before checking for the target.
BATCH_EDGES = 1 << 16


def _batches(adj: Adjacency, frontier: np.ndarray):
    """*frontier* in consecutive slices of about :data:`BATCH_EDGES` edges (a node with
    more is a slice of its own)."""
    ends = np.cumsum(adj.indptr[frontier + 1] - adj.indptr[frontier])
    start = 0
    while start < len(frontier):
        base = ends[start - 1] if start else 0
        stop = max(int(np.searchsorted(ends, base + BATCH_EDGES, side="right")), start + 1)
        yield frontier[start:stop]
        start = stop
