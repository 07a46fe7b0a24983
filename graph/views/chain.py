"""The chain a view highlights: a lineage trace or a shortest path, as nodes and edges.

Built from :func:`graph.queries.trace` and :func:`graph.queries.shortest_path`, so the page
highlights exactly what ``vbgraph trace`` and ``vbgraph path`` print.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from .. import queries
from .messages import DEFAULT_LANG, relation_name, text
from ..model import LINEAGE_RELATIONS, label


@dataclass(frozen=True)
class Chain:
    """Nodes (identity keys) and edges ``(source, target, relation)`` to highlight.

    ``what`` is ``trace_up``, ``trace_down`` or ``path``; ``ends`` the labels of the root
    (a trace) or of both ends (a path); ``hops`` the rows of
    :func:`graph.queries.shortest_path` for a path, in walking order.
    """
    nodes: frozenset[str]
    edges: frozenset[tuple[str, str, str]]
    what: str
    ends: tuple[str, ...]
    hops: tuple[dict, ...] = ()

    def caption(self, lang: str = DEFAULT_LANG) -> str:
        """What the chain is, in one line: ``trace down from 33/CT-TTg: 5 documents``."""
        if self.what == "path":
            if len(self.ends) == 1:
                return text("chain.path_same", lang, source=self.ends[0])
            return text("chain.path", lang, source=self.ends[0], target=self.ends[1], n=len(self.hops))
        return text(f"chain.{self.what}", lang, root=self.ends[0], n=len(self.nodes))


def hop_line(hop: dict, lang: str = DEFAULT_LANG) -> str:
    """One hop of a path in words, its arrow in the edge's own direction.

    Examples
    --------
    >>> hop_line({"source": "A", "relation": "implements", "target": "B", "direction": "backward"}, "en")
    'A ←implements— B (against the arrow: B implements A)'
    """
    return text(f"chain.hop_{hop['direction']}", lang, source=hop["source"], target=hop["target"],
                relation=relation_name(hop["relation"], lang))


def trace_chain(G: nx.MultiDiGraph, key: str, *, direction: str = "up",
                relations: Iterable[str] = LINEAGE_RELATIONS) -> Chain:
    """The lineage tree of *key* (see :func:`graph.queries.trace`) as a chain.

    Parameters
    ----------
    G : MultiDiGraph
    key : str
        Identity key of the root.
    direction : {"up", "down"}
        Up: what it rests on.  Down: what implements it.
    relations : iterable of str
        Edge relations to follow.

    Returns
    -------
    Chain
        Every document of the tree and the edge that reached it.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("plan", "directive", key="implements", relation="implements", evidence=[])
    'implements'
    >>> sorted(trace_chain(G, "directive", direction="down").edges)
    [('plan', 'directive', 'implements')]
    """
    rows = queries.trace(G, key, direction=direction, relations=relations)
    edges = {(r["parent"], r["key"], r["relation"]) if direction == "up" else (r["key"], r["parent"], r["relation"])
             for r in rows if r["parent"] is not None}
    return Chain(frozenset(r["key"] for r in rows), frozenset(edges), f"trace_{direction}", (label(G, key),))


def path_chain(G: nx.MultiDiGraph, source: str, target: str, *,
               relations: Iterable[str] | None = None) -> Chain | None:
    """The shortest chain between two documents (see :func:`graph.queries.shortest_path`).

    Returns
    -------
    Chain or None
        None when no chain links them.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("plan", "directive", key="implements", relation="implements", evidence=[])
    'implements'
    >>> path_chain(G, "directive", "plan").caption("en")
    'path directive → plan: 1 hop'
    """
    if source == target:
        return Chain(frozenset({source}), frozenset(), "path", (label(G, source),))
    hops = queries.shortest_path(G, source, target, relations=relations)
    if not hops:
        return None
    edges = {(h["source_key"], h["target_key"], h["relation"]) if h["direction"] == "forward"
             else (h["target_key"], h["source_key"], h["relation"]) for h in hops}
    nodes = {h["source_key"] for h in hops} | {h["target_key"] for h in hops}
    return Chain(frozenset(nodes), frozenset(edges), "path", (label(G, source), label(G, target)), tuple(hops))
