"""Lineage queries on the networkx graph.  Every function returns plain rows (dicts), the
same rows the Neo4j backend returns, so output formatting and parity tests share them.

Directions: *up* follows a document's outgoing lineage edges to what it rests on (towards
central documents); *down* follows incoming ones to what implements it.
"""
from __future__ import annotations

import difflib
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable

import networkx as nx

from extract.resolve import fold_number, fold_title
from extract.vocab import PROVINCES

from .exceptions import AmbiguousNode, NodeNotFound
from .model import LINEAGE_RELATIONS, label, node_label

NODE_COLUMNS = ("key", "number", "title", "kind", "date", "level", "place", "issuer", "subject", "seen", "cited")


def node_row(G: nx.MultiDiGraph, key: str) -> dict:
    n = G.nodes[key]
    return {c: n.get(c) for c in NODE_COLUMNS} | {"label": label(G, key)}


def _query_fold(q: str) -> str:
    return fold_number(q)


def _index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Folded number (and folded title of a document without one) → keys, built once per
    graph: looking a number up must not fold every node's number on every query."""
    cached = _INDEXES.get(G)
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    index: dict[str, list[str]] = {}
    for k, n in G.nodes(data=True):
        if n.get("number"):
            index.setdefault(fold_number(n["number"]), []).append(k)
        elif n.get("title"):
            index.setdefault("title:" + fold_title(n["title"]), []).append(k)
    _INDEXES[G] = (G.number_of_nodes(), index)
    return index


#: One index per graph object, dropped with the graph; rebuilt when nodes are added.
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def find_node(G: nx.MultiDiGraph, query: str) -> str:
    """The key of the one document *query* names: a key, any spelling of a number, a title.

    Raises
    ------
    NodeNotFound
        With the closest known numbers as suggestions.
    AmbiguousNode
        When the number names several documents (other years, other provinces).

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("05-CTR/BDVTU-BCSD#Trà Vinh@2022", number="05-CTr/BDVTU-BCSĐ")
    >>> find_node(G, "05-ctr/bdvtu-bcsd")
    '05-CTR/BDVTU-BCSD#Trà Vinh@2022'
    """
    if query in G:
        return query
    index = _index(G)
    q = _query_fold(query)
    hits = sorted(set(index.get(q, [])) | set(index.get("title:" + fold_title(query), [])))
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousNode(query, hits)
    known = sorted({fold_number(n["number"]): n["number"] for _, n in G.nodes(data=True) if n.get("number")}.items())
    close = difflib.get_close_matches(q, [k for k, _ in known], n=3, cutoff=0.6)
    by_fold = dict(known)
    raise NodeNotFound(query, [by_fold[c] for c in close])


def _neighbours(G: nx.MultiDiGraph, key: str, direction: str, relations: Iterable[str]):
    rels = set(relations)
    # The adjacency dicts themselves: edge views cost more than the walk on a hub with
    # tens of thousands of implementers.
    adjacent = (G._succ if direction == "up" else G._pred)[key]
    for other, keydict in adjacent.items():
        for rel in keydict:
            if rel in rels:
                yield other, rel


def trace(G: nx.MultiDiGraph, key: str, *, direction: str = "up", depth: int | None = None,
          relations: Iterable[str] = LINEAGE_RELATIONS) -> list[dict]:
    """The lineage tree of *key*, breadth first: each document once, at its nearest depth.

    Parameters
    ----------
    G : MultiDiGraph
    key : str
        Identity key (see :func:`find_node`).
    direction : {"up", "down"}
        Up: what it rests on, to central documents.  Down: what implements it.
    depth : int, optional
        Stop this many hops away.
    relations : iterable of str
        Edge relations to follow.

    Returns
    -------
    list of dict
        Rows ``depth, key, label, kind, level, place, date, relation, parent`` sorted by
        depth then label; the parent of a row is its neighbour one step nearer the root
        (the smallest key when there are several).  Cycles cannot loop: a document seen
        already is not visited again.
    """
    dist, parent = _bfs(G, key, direction, depth, relations)
    rows = []
    nodes = G._node
    for v, d in dist.items():
        n = nodes[v]
        up = parent.get(v)
        rows.append({"depth": d, "key": v, "label": node_label(n, v),
                     "kind": n.get("kind"), "level": n.get("level"), "place": n.get("place"), "date": n.get("date"),
                     "relation": up[1] if up else None, "parent": up[0] if up else None})
    rows.sort(key=lambda r: (r["depth"], r["label"], r["key"]))
    return rows


def _chain(rows_by_key: dict[str, dict], key: str) -> list[str]:
    chain = [key]
    while rows_by_key[chain[-1]]["parent"] is not None:
        chain.append(rows_by_key[chain[-1]]["parent"])
    return chain


def _bfs(G: nx.MultiDiGraph, key: str, direction: str, depth: int | None,
         relations: Iterable[str]) -> tuple[dict[str, int], dict[str, tuple[str, str]]]:
    """Breadth-first distances from *key*, and each document's parent (smallest on ties)."""
    if direction not in ("up", "down"):
        raise ValueError("direction is 'up' or 'down'")
    relations = tuple(relations)
    dist = {key: 0}
    parent: dict[str, tuple[str, str]] = {}
    frontier = [key]
    while frontier and (depth is None or dist[frontier[0]] < depth):
        frontier = bfs_step(frontier, lambda u: _neighbours(G, u, direction, relations), dist, parent)
    return dist, parent


def bfs_step(frontier: list[str], neighbours: Callable[[str], Iterable[tuple[str, str]]],
             dist: dict[str, int], parent: dict[str, tuple[str, str]]) -> list[str]:
    """One breadth-first level, shared by both backends: the next frontier.

    *dist* and *parent* are updated in place; of several parents at the same depth the
    smallest ``(key, relation)`` wins, so both backends pick the same tree.
    """
    nxt = []
    for u in frontier:
        for v, rel in neighbours(u):
            if v not in dist:
                dist[v] = dist[u] + 1
                parent[v] = (u, rel)
                nxt.append(v)
            elif dist[v] == dist[u] + 1 and (u, rel) < parent[v]:
                parent[v] = (u, rel)
    return nxt


def implementers(G: nx.MultiDiGraph, key: str, *, province: str | None = None, level: str | None = None,
                 relations: Iterable[str] = LINEAGE_RELATIONS) -> list[dict]:
    """Documents that implement *key*, directly or through a chain, with the chain.

    Returns
    -------
    list of dict
        Rows ``key, label, kind, level, place, date, depth, chain`` (chain: labels from the
        implementing document to *key*), sorted by place, depth, label.
    """
    return implementer_rows(trace(G, key, direction="down", relations=relations), key,
                            province=province, level=level)


def implementer_rows(tree: list[dict], key: str, *, province: str | None = None,
                     level: str | None = None) -> list[dict]:
    """Implementer rows from a *down* :func:`trace` of *key*; shared by both backends."""
    by_key = {r["key"]: r for r in tree}
    rows = []
    for r in tree:
        if r["key"] == key:
            continue
        if province and (r["place"] or "").casefold() != province.casefold():
            continue
        if level and r["level"] != level:
            continue
        chain = _chain(by_key, r["key"])
        rows.append({"key": r["key"], "label": r["label"], "kind": r["kind"], "level": r["level"],
                     "place": r["place"], "date": r["date"], "depth": r["depth"],
                     "chain": [by_key[k]["label"] for k in chain],
                     "relations": [by_key[k]["relation"] for k in chain[:-1]]})
    rows.sort(key=lambda r: (r["place"] or "", r["depth"], r["label"], r["key"]))
    return rows


def coverage(G: nx.MultiDiGraph, keys: list[str], *, provinces: Iterable[str] | None = None,
             relations: Iterable[str] = LINEAGE_RELATIONS) -> list[dict]:
    """Directives × provinces: for each province, the documents implementing each directive.

    Parameters
    ----------
    keys : list of str
        The directives (identity keys).
    provinces : iterable of str, optional
        Rows to show; default: the 63 provinces, so that gaps are visible.

    Returns
    -------
    list of dict
        One row per province: ``province``, then per directive label a list of
        ``{key, label, date}`` (empty list: a gap), and ``covered`` (how many directives
        have an implementing document there).
    """
    keys = list(dict.fromkeys(keys))
    labels = column_labels(keys, [label(G, k) for k in keys])
    nodes = G._node
    # Cells need no chains: the documents below each directive that have a province.
    found = [[{"key": v, "label": node_label(nodes[v], v), "place": nodes[v].get("place"), "date": nodes[v].get("date")}
              for v in _bfs(G, k, "down", None, relations)[0] if v != k and nodes[v].get("place")]
             for k in keys]
    return coverage_rows(labels, found, provinces)


def column_labels(keys: list[str], labels: list[str]) -> list[str]:
    """Directive column names: the label, or ``label (key)`` where two directives share one.

    Examples
    --------
    >>> column_labels(["114-KL/TW@2015", "114-KL/TW@2024", "33/CT-TTG@2021"], ["114-KL/TW", "114-KL/TW", "33/CT-TTg"])
    ['114-KL/TW (114-KL/TW@2015)', '114-KL/TW (114-KL/TW@2024)', '33/CT-TTg']
    """
    shared = {lab for lab in labels if labels.count(lab) > 1}
    return [f"{lab} ({k})" if lab in shared else lab for k, lab in zip(keys, labels)]


def coverage_rows(labels: list[str], implementer_lists: list[list[dict]],
                  provinces: Iterable[str] | None = None) -> list[dict]:
    """Coverage rows from each directive's implementer rows; shared by both backends."""
    provinces = list(provinces) if provinces is not None else list(PROVINCES)
    cells: dict[tuple[str, str], list[dict]] = {}
    for lab, found in zip(labels, implementer_lists):
        for r in found:
            if r["place"]:
                cells.setdefault((r["place"], lab), []).append({"key": r["key"], "label": r["label"], "date": r["date"]})
    rows = []
    for p in provinces:
        row: dict = {"province": p}
        for lab in labels:
            row[lab] = sorted(cells.get((p, lab), []), key=lambda c: (c["date"] or "", c["label"], c["key"]))
        row["covered"] = sum(1 for lab in labels if row[lab])
        rows.append(row)
    return rows


def shortest_path(G: nx.MultiDiGraph, source: str, target: str, *,
                  relations: Iterable[str] | None = None) -> list[dict]:
    """The shortest chain between two documents, following edges either way if need be.

    Returns
    -------
    list of dict
        One row per hop: ``step, source, relation, target, direction`` ("forward" when
        the edge runs source→target) and ``evidence`` (the first sentence stating it).
        Empty when no chain exists.
    """
    rels = set(relations) if relations else None

    def ok(rel: str) -> bool:
        return rels is None or rel in rels

    # Breadth first over both directions, preferring forward edges and smaller keys at
    # each step, so the same graph always gives the same chain on every backend.
    prev: dict[str, tuple[str, str, str, str] | None] = {source: None}
    queue = deque([source])
    while queue and target not in prev:
        u = queue.popleft()
        # (0 forward | 1 backward, neighbour, relation) sorts natively in that order; read
        # from the adjacency dicts, as a hub on the way has tens of thousands of them.
        steps = sorted([(0, v, rel) for v, keydict in G._succ[u].items() for rel in keydict if ok(rel)] +
                       [(1, w, rel) for w, keydict in G._pred[u].items() for rel in keydict if ok(rel)])
        for back, v, rel in steps:
            if v not in prev:
                prev[v] = (u, v, rel, "backward" if back else "forward")
                queue.append(v)
    if target not in prev:
        return []
    hops = []
    node = target
    while prev[node] is not None:
        u, v, rel, way = prev[node]
        a, b = (u, v) if way == "forward" else (v, u)
        ev = G.edges[a, b, rel]["evidence"]
        hops.append({"source": label(G, u), "relation": rel, "target": label(G, v), "direction": way,
                     "source_key": u, "target_key": v,
                     "evidence": f"{ev[0]['file']}: {ev[0]['sentence']}" if ev else None})
        node = u
    hops.reverse()
    for i, h in enumerate(hops, 1):
        h["step"] = i
    return hops


def show(G: nx.MultiDiGraph, key: str) -> dict:
    """A document, every mention of it with evidence, and its edges in and out."""
    out_edges = [{"relation": rel, "key": v, "label": label(G, v), "evidence": len(d["evidence"])}
                 for _, v, rel, d in G.out_edges(key, keys=True, data=True)]
    in_edges = [{"relation": rel, "key": u, "label": label(G, u), "evidence": len(d["evidence"])}
                for u, _, rel, d in G.in_edges(key, keys=True, data=True)]
    mentions = []
    for u, _, rel, d in G.in_edges(key, keys=True, data=True):
        for e in d["evidence"]:
            mentions.append({"file": e["file"], "span": e["span"], "relation": rel, "citing": label(G, u),
                             "cue": e.get("cue"), "surface": e.get("surface"), "sentence": e["sentence"]})
    order = lambda r: (r["relation"], r["label"], r["key"])  # noqa: E731
    mentions.sort(key=lambda m: (m["file"], m["span"][0], m["relation"], m["citing"]))
    return {"document": node_row(G, key), "out": sorted(out_edges, key=order),
            "in": sorted(in_edges, key=order), "mentions": mentions}


def stats(G: nx.MultiDiGraph) -> list[dict]:
    """Counts by kind, level, province and relation; unresolved and ambiguous mentions.

    Returns
    -------
    list of dict
        Rows ``group, value, count`` sorted by group, then count descending.
    """
    rows = [{"group": "total", "value": "documents", "count": G.number_of_nodes()},
            {"group": "total", "value": "edges", "count": G.number_of_edges()},
            {"group": "total", "value": "files read", "count": sum(1 for _, n in G.nodes(data=True) if n.get("seen"))},
            {"group": "total", "value": "unresolved mentions", "count": len(G.graph.get("unresolved", []))},
            {"group": "total", "value": "incomplete references", "count": len(G.graph.get("incomplete", []))},
            {"group": "total", "value": "ambiguous documents",
             "count": sum(1 for _, n in G.nodes(data=True) if n.get("ambiguous"))}]
    for group, counter in (
        ("kind", Counter(n.get("kind") or "?" for _, n in G.nodes(data=True))),
        ("level", Counter(n.get("level") or "?" for _, n in G.nodes(data=True))),
        ("province", Counter(n["place"] for _, n in G.nodes(data=True) if n.get("place"))),
        ("relation", Counter(rel for _, _, rel in G.edges(keys=True))),
    ):
        rows += [{"group": group, "value": v, "count": c}
                 for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return rows
