"""Lineage queries on the networkx graph.  Every function returns plain rows (dicts), the
same rows the Neo4j backend returns, so output formatting and parity tests share them.

Directions: *up* follows a document's outgoing lineage edges to what it rests on (towards
central documents); *down* follows incoming ones to what implements it.
"""
from __future__ import annotations

import difflib
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

import networkx as nx
import numpy as np
import regex

from extract.resolve import fold_number, fold_title

from .collation import vi_sort_key
from .exceptions import AmbiguousNode, NodeNotFound
from .index import ROW_ATTRS, GraphIndex, bfs_levels, graph_index, path_steps
from .model import LINEAGE_RELATIONS, label, node_label
from .provinces import ProvinceMap, map_at

NODE_COLUMNS = ("key", "number", "title", "kind", "date", "level", "place", "issuer", "subject", "seen", "cited")


class Page(list):
    """One page of a listing's rows, and how many rows the whole listing has.

    A list (rows compare, print and serialise as before) with ``total``, ``offset`` and
    ``more`` (rows after this page).

    Examples
    --------
    >>> p = Page(["c", "d"], total=5, offset=2)
    >>> p == ["c", "d"], p.total, p.more
    (True, 5, 1)
    """

    def __init__(self, rows: Iterable = (), total: int | None = None, offset: int = 0) -> None:
        super().__init__(rows)
        self.offset = offset
        self.total = offset + len(self) if total is None else total

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self))


def page_window(total: int, limit: int | None, offset: int) -> slice:
    """The rows of a listing of *total* that ``limit``/``offset`` keep (None: all after *offset*).

    Examples
    --------
    >>> page_window(10, 3, 4), page_window(10, None, 8), page_window(10, 5, 20)
    (slice(4, 7, None), slice(8, 10, None), slice(10, 10, None))
    """
    if offset < 0 or (limit is not None and limit < 0):
        raise ValueError("limit and offset are not negative")
    start = min(offset, total)
    return slice(start, total if limit is None else min(total, start + limit))


def paged(rows: list, limit: int | None = None, offset: int = 0) -> Page:
    """*rows* cut to one page, knowing the total (for listings that are cheap to make whole)."""
    return Page(rows[page_window(len(rows), limit, offset)], len(rows), offset)


def node_row(G: nx.MultiDiGraph, key: str) -> dict:
    n = G.nodes[key]
    return {c: n.get(c) for c in NODE_COLUMNS} | {"label": label(G, key)}


def _query_fold(q: str) -> str:
    return fold_number(q)


def _index(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Folded number, and every other spelling it was cited by (and folded title of a
    document without one) → keys, built once per
    graph: looking a number up must not fold every node's number on every query."""
    cached = _INDEXES.get(G)
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    index: dict[str, list[str]] = {}
    for k, n in G.nodes(data=True):
        if n.get("number"):
            index.setdefault(fold_number(n["number"]), []).append(k)
            for other in n.get("spellings", ()):
                index.setdefault(fold_number(other), []).append(k)
        elif n.get("title"):
            index.setdefault("title:" + fold_title(n["title"]), []).append(k)
    _INDEXES[G] = (G.number_of_nodes(), index)
    return index


#: One index per graph object, dropped with the graph; rebuilt when nodes are added.
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def find_node(G: nx.MultiDiGraph, query: str) -> str:
    """The key of the one document *query* names: a key, any spelling of a number (with
    ``@year`` to pick one year's document: ``114-KL/TW@2015``), a title.

    Raises
    ------
    NodeNotFound
        With the closest known numbers as suggestions.
    AmbiguousNode
        When the number names several documents (other years, other provinces), with
        each candidate's spelling; also for the undated entry that collects the mentions
        that could be any of them (its key is the bare number).

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("05-CTR/BDVTU-BCSD#Trà Vinh@2022", number="05-CTr/BDVTU-BCSĐ")
    >>> find_node(G, "05-ctr/bdvtu-bcsd")
    '05-CTR/BDVTU-BCSD#Trà Vinh@2022'
    >>> for k, y in (("114-KL/TW@2015", 2015), ("114-KL/TW@2024", 2024), ("114-KL/TW", None)):
    ...     G.add_node(k, number="114-KL/TW", year=y, ambiguous=y is None or None)
    >>> find_node(G, "114-kl/tw @2024")
    '114-KL/TW@2024'
    >>> find_node(G, "114-KL/TW")
    Traceback (most recent call last):
    graph.exceptions.AmbiguousNode: '114-KL/TW' is ambiguous: it names 2 documents: 114-KL/TW@2015, 114-KL/TW@2024; \
pass one of these
    """
    if query in G and not G.nodes[query].get("ambiguous"):
        return query
    text, _ = split_year(query)
    index = _index(G)
    q = _query_fold(text)
    hits = set(index.get(q, [])) | set(index.get("title:" + fold_title(text), []))
    nodes = G.nodes
    known = None
    if not hits:
        known = sorted({fold_number(n["number"]): n["number"] for _, n in G.nodes(data=True) if n.get("number")}.items())
    return pick_node(query, [{"key": k} | {a: nodes[k].get(a) for a in CANDIDATE_ATTRS} for k in sorted(hits)], known)


#: What :func:`pick_node` reads of each candidate, besides its key.
CANDIDATE_ATTRS = ("number", "title", "file", "year", "kind", "date", "place", "ambiguous")

# "114-KL/TW@2015", "114-KL/TW @ 2015": one year's document of a number that has several.
_AT_YEAR = regex.compile(r"^(?P<text>.*?)\s*@\s*(?P<year>\d{4})$")


def split_year(query: str) -> tuple[str, int | None]:
    """*query* without its ``@year``, and the year.

    Examples
    --------
    >>> split_year("114-KL/TW@2015"), split_year("33/CT-TTg")
    (('114-KL/TW', 2015), ('33/CT-TTg', None))
    """
    m = _AT_YEAR.match(query)
    return (m["text"], int(m["year"])) if m else (query, None)


def pick_node(query: str, hits: list[dict], known: list[tuple[str, str]] | None) -> str:
    """The one document among *hits* (documents whose number or title *query* spells) that
    *query* names, for both backends.

    Parameters
    ----------
    query : str
        What the user typed, perhaps ending in ``@year``.
    hits : list of dict
        ``key`` and :data:`CANDIDATE_ATTRS` of each document found, sorted by key.
    known : list of (str, str), optional
        (folded number, number) of every document, for suggestions when *hits* is empty.

    Raises
    ------
    NodeNotFound, AmbiguousNode
    """
    text, year = split_year(query)
    # The undated entry of an ambiguous number is the mentions nobody could place, not a document.
    dated = [h for h in hits if not h.get("ambiguous")]
    if year is not None:
        dated = [h for h in dated if h.get("year") == year]
    if len(dated) == 1:
        return dated[0]["key"]
    if dated:
        raise AmbiguousNode(query, [_spelling(h, dated) for h in dated], [_details(h) for h in dated])
    if year is not None and hits:
        others = [h for h in hits if not h.get("ambiguous")]
        raise NodeNotFound(query, [_spelling(h, others) for h in others])
    if len(hits) == 1:
        return hits[0]["key"]
    q = _query_fold(text)
    close = difflib.get_close_matches(q, [k for k, _ in known or []], n=3, cutoff=0.6)
    by_fold = dict(known or [])
    raise NodeNotFound(query, [by_fold[c] for c in close])


def spellings(G: nx.MultiDiGraph, keys: Iterable[str]) -> dict[str, str]:
    """How each of *keys* whose number names several documents is told apart: its
    ``number@year`` (what :func:`find_node` accepts back), as :class:`AmbiguousNode` lists
    the candidates.  Keys whose number is their own alone are left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for k, y in (("114-KL/TW@2015", 2015), ("114-KL/TW@2024", 2024), ("33/CT-TTG@2021", 2021)):
    ...     G.add_node(k, number=k.split("@")[0].replace("TTG", "TTg"), year=y)
    >>> spellings(G, G.nodes)
    {'114-KL/TW@2015': '114-KL/TW@2015', '114-KL/TW@2024': '114-KL/TW@2024'}
    """
    index, nodes, out = _index(G), G.nodes, {}
    for k in keys:
        number = nodes[k].get("number")
        if not number or nodes[k].get("ambiguous"):
            continue
        hits = [{"key": h} | {a: nodes[h].get(a) for a in CANDIDATE_ATTRS}
                for h in index.get(fold_number(number), ()) if not nodes[h].get("ambiguous")]
        if len(hits) > 1:
            out[k] = _spelling(next(h for h in hits if h["key"] == k), hits)
    return out


def _spelling(hit: dict, hits: list[dict]) -> str:
    """How to name *hit* among *hits*: ``number@year`` where that tells it apart (what
    :func:`find_node` accepts back), else its key."""
    name = node_label(hit, hit["key"])
    same = [h for h in hits if node_label(h, h["key"]) == name and h.get("year") == hit.get("year")]
    return f"{name}@{hit['year']}" if hit.get("year") and len(same) == 1 else hit["key"]


def _details(hit: dict) -> str:
    return ", ".join(str(hit[a]) for a in ("kind", "date", "place") if hit.get(a))


def trace(G: nx.MultiDiGraph, key: str, *, direction: str = "up", depth: int | None = None,
          relations: Iterable[str] = LINEAGE_RELATIONS, limit: int | None = None, offset: int = 0) -> Page:
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
    limit, offset : int, optional
        Only the rows ``offset`` to ``offset + limit`` (default all): the tree is walked
        whole, but rows are made for this page only, so the first 1,000 rows of a
        directive with 40,000 documents below it cost what 1,000 rows cost.

    Returns
    -------
    Page of dict
        Rows ``depth, key, label, kind, level, place, date, relation, parent`` sorted by
        depth then label (``total``: rows of the whole tree); the parent of a row is its neighbour one step nearer the root
        (the smallest key when there are several, as :func:`bfs_step` picks it).  Cycles
        cannot loop: a document seen already is not visited again.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("plan", "directive", key="implements"); G.add_edge("report", "plan", key="based_on")
    'implements'
    'based_on'
    >>> [(r["depth"], r["key"], r["parent"]) for r in trace(G, "directive", direction="down")]
    [(0, 'directive', None), (1, 'plan', 'directive'), (2, 'report', 'plan')]
    """
    ix, ids, dist, parent = _tree(G, key, direction, depth, relations)
    order = np.argsort(dist * len(ix) + ix.label_rank[ids])[page_window(len(ids), limit, offset)]
    total, ids, dist = len(ids), ids[order], dist[order]
    up, rel = np.divmod(parent[ids], len(ix.relations) or 1)
    # Plain lists and one comprehension: on a hub's tree of 40,000 documents building the
    # rows is most of the query.  The index one past the end stands for "no parent".
    parents = np.where(up < 0, len(ix), up).tolist()
    steps = np.where(up < 0, len(ix.relations), rel).tolist()
    keys, labels, (kinds, levels, places, dates) = ix.keys, ix.labels, ix.attrs
    parent_keys, relation_names = keys + [None], ix.relations + (None,)
    return Page([{"depth": d, "key": keys[v], "label": labels[v], "kind": kinds[v], "level": levels[v],
                  "place": places[v], "date": dates[v], "relation": relation_names[r], "parent": parent_keys[p]}
                 for v, d, p, r in zip(ids.tolist(), dist.tolist(), parents, steps)], total, offset)


def _tree(G: nx.MultiDiGraph, key: str, direction: str, depth: int | None, relations: Iterable[str]
          ) -> tuple[GraphIndex, np.ndarray, np.ndarray, np.ndarray]:
    """The breadth-first tree of *key* on the graph's index: the ids reached (by depth),
    their depths, and every id's parent (see :func:`graph.index.bfs_levels`)."""
    if direction not in ("up", "down"):
        raise ValueError("direction is 'up' or 'down'")
    ix = graph_index(G)
    levels, parent = bfs_levels(ix.up if direction == "up" else ix.down, ix.ids[key],
                                ix.relation_mask(relations), depth)
    dist = np.repeat(np.arange(len(levels), dtype=np.int64), [len(lv) for lv in levels])
    return ix, np.concatenate(levels), dist, parent


def _chain(rows_by_key: dict[str, dict], key: str) -> list[str]:
    chain = [key]
    while rows_by_key[chain[-1]]["parent"] is not None:
        chain.append(rows_by_key[chain[-1]]["parent"])
    return chain


def bfs_step(frontier: list[str], neighbours: Callable[[str], Iterable[tuple[str, str]]],
             dist: dict[str, int], parent: dict[str, tuple[str, str]]) -> list[str]:
    """One breadth-first level, shared by both backends: the next frontier.

    *dist* and *parent* are updated in place; of several parents at the same depth the
    smallest ``(key, relation)`` wins, so both backends pick the same tree.  The networkx
    backend walks whole levels at once on its index (:func:`graph.index.bfs_levels`) and
    picks the same parents.
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
                 relations: Iterable[str] = LINEAGE_RELATIONS, limit: int | None = None, offset: int = 0) -> Page:
    """Documents that implement *key*, directly or through a chain, with the chain.

    Parameters
    ----------
    G : MultiDiGraph
    key : str
        Identity key.
    province : str, optional
        Only documents of this place (any case).
    level : str, optional
        Only documents of this level.
    relations : iterable of str
        Edge relations to follow.
    limit, offset : int, optional
        Only the rows ``offset`` to ``offset + limit`` (default all); chains are made for
        those rows only.

    Returns
    -------
    Page of dict
        Rows ``key, label, kind, level, place, date, depth, chain, relations`` (chain: labels
        from the implementing document to *key*, through the parents of :func:`trace`;
        relations: the edge of each link), sorted by place (in Vietnamese order), depth, label;
        ``total``: the implementers of the whole tree.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("plan", "directive", key="implements"); G.add_edge("report", "plan", key="based_on")
    'implements'
    'based_on'
    >>> [(r["key"], r["chain"], r["relations"]) for r in implementers(G, "directive")]
    [('plan', ['plan', 'directive'], ['implements']), ('report', ['report', 'plan', 'directive'], ['based_on', 'implements'])]
    """
    ix, ids, dist, parent = _tree(G, key, "down", None, relations)
    keep = np.arange(len(ids)) > 0  # not key itself
    if province:
        keep &= ix.place.where(lambda p: (p or "").casefold() == province.casefold())[ix.place.codes[ids]]
    if level:
        keep &= ix.level.where(lambda lv: lv == level)[ix.level.codes[ids]]
    tree = ids
    ids, dist = ids[keep], dist[keep]
    # Sort key (place or "", depth, label, key) as one integer.
    place_order = sorted({p or "" for p in ix.place.values}, key=vi_sort_key)
    place_rank = np.array([place_order.index(p or "") for p in ix.place.values], dtype=np.int64)[ix.place.codes[ids]]
    order = np.argsort((place_rank * (int(dist.max(initial=0)) + 1) + dist) * len(ix) + ix.label_rank[ids])
    total, order = len(ids), order[page_window(len(ids), limit, offset)]
    ids, dist = ids[order], dist[order]
    chains, steps = _chains(ix, tree, parent, ids)
    keys, labels, (kinds, levels, places, dates) = ix.keys, ix.labels, ix.attrs
    return Page([{"key": keys[v], "label": labels[v], "kind": kinds[v], "level": levels[v], "place": places[v],
                  "date": dates[v], "depth": d, "chain": chains[v], "relations": steps[v]}
                 for v, d in zip(ids.tolist(), dist.tolist())], total, offset)


def _chains(ix: GraphIndex, ids: np.ndarray, parent: np.ndarray, wanted: np.ndarray
            ) -> tuple[dict[int, list], dict[int, list]]:
    """The label chain and the relation chain from each of *wanted* to the root of the tree
    *ids* (breadth-first order, root first) and *parent* (see :func:`graph.index.bfs_levels`).

    Each chain is its parent's with one item in front, made once per node in breadth-first
    order, rather than a walk to the root per row; only the wanted nodes' ancestors are
    visited, as a province's few implementers need few chains.
    """
    up, rel = np.divmod(parent, len(ix.relations) or 1)
    need = np.zeros(len(ix), dtype=bool)
    step = wanted
    while len(step):
        need[step] = True
        step = up[step]
        step = step[(step >= 0) & ~need[np.maximum(step, 0)]]
    order = ids[1:][need[ids[1:]]]
    labels, names = ix.labels, ix.relations
    chains, steps = {int(ids[0]): [labels[ids[0]]]}, {int(ids[0]): []}
    for w, p, r in zip(order.tolist(), up[order].tolist(), rel[order].tolist()):
        chains[w] = [labels[w]] + chains[p]
        steps[w] = [names[r]] + steps[p]
    return chains, steps


def implementer_rows(tree: list[dict], key: str, *, province: str | None = None,
                     level: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
    """Implementer rows from a *down* :func:`trace` of *key*: the Neo4j backend's
    :func:`implementers`; chains are made for the rows of the page only."""
    by_key = {r["key"]: r for r in tree}
    found = [r for r in tree if r["key"] != key
             and not (province and (r["place"] or "").casefold() != province.casefold())
             and not (level and r["level"] != level)]
    found.sort(key=lambda r: (vi_sort_key(r["place"] or ""), r["depth"], r["label"], r["key"]))
    rows = []
    for r in found[page_window(len(found), limit, offset)]:
        chain = _chain(by_key, r["key"])
        rows.append({"key": r["key"], "label": r["label"], "kind": r["kind"], "level": r["level"],
                     "place": r["place"], "date": r["date"], "depth": r["depth"],
                     "chain": [by_key[k]["label"] for k in chain],
                     "relations": [by_key[k]["relation"] for k in chain[:-1]]})
    return Page(rows, len(found), offset)


def coverage(G: nx.MultiDiGraph, keys: list[str], *, provinces: Iterable[str] | None = None,
             as_of: date | None = None, relations: Iterable[str] = LINEAGE_RELATIONS) -> list[dict]:
    """Directives × provinces: for each province, the documents implementing each directive.

    The provinces are those of the map in force on *as_of* (DOMAIN.md §8): asked today,
    the 34 of the 2025 merger, each holding the documents of the old provinces it
    absorbed; asked for 2022, the 63.  A document keeps the province that issued it (its
    ``place`` in the cell), and documents dated after *as_of* are left out.

    Parameters
    ----------
    keys : list of str
        The directives (identity keys).
    provinces : iterable of str, optional
        Rows to show, provinces of that map (see :func:`graph.provinces.province_row`);
        default: all of them, so that gaps are visible.
    as_of : date, optional
        Default: today.

    Returns
    -------
    list of dict
        One row per province: ``province``, ``former`` (the old provinces it absorbed,
        empty when it is one of them unchanged), then per directive label a list of
        ``{key, label, date, place}`` (empty list: a gap), and ``covered`` (how many
        directives have an implementing document there).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("plan", place="Trà Vinh", date="2022-01-01"); G.add_edge("plan", "directive", key="implements")
    'implements'
    >>> coverage(G, ["directive"], provinces=["Vĩnh Long", "Hà Nội"], as_of=date(2026, 1, 1))
    [{'province': 'Vĩnh Long', 'former': ['Bến Tre', 'Trà Vinh', 'Vĩnh Long'], \
'directive': [{'key': 'plan', 'label': 'plan', 'date': '2022-01-01', 'place': 'Trà Vinh'}], 'covered': 1}, \
{'province': 'Hà Nội', 'former': [], 'directive': [], 'covered': 0}]
    >>> [r["province"] for r in coverage(G, ["directive"], as_of=date(2022, 12, 31)) if r["covered"]]
    ['Trà Vinh']
    """
    keys = list(dict.fromkeys(keys))
    labels = column_labels(keys, [label(G, k) for k in keys])
    pmap = map_at(as_of)
    provinces = list(provinces) if provinces is not None else list(pmap.provinces)
    last_day = (as_of or date.today()).isoformat()
    ix = graph_index(G)
    # Cells need no chains, and only documents placed in a province shown: each place
    # value's row, as a code (one past the end: not shown).
    wanted = {p: i for i, p in enumerate(dict.fromkeys(provinces))}
    row_names = list(wanted)
    row_code = np.array([wanted.get(pmap.row_of(p), len(wanted)) for p in ix.place.values] or [0], dtype=np.int64)
    follow = ix.relation_mask(relations)
    keys_, names, dates = ix.keys, ix.labels, ix.attrs[ROW_ATTRS.index("date")]
    places = ix.attrs[ROW_ATTRS.index("place")]
    in_time = ix.issued_by(last_day)
    below: dict[str, list[np.ndarray]] = {}
    for k, lab in zip(keys, labels):
        levels, _ = bfs_levels(ix.down, ix.ids[k], follow, None)
        ids = np.concatenate(levels)[1:]
        below.setdefault(lab, []).append(ids[(row_code[ix.place.codes[ids]] < len(wanted)) & in_time[ids]])
    cells: dict[tuple[str, str], list[dict]] = {}
    for lab, parts in below.items():
        ids = np.concatenate(parts)
        rows = row_code[ix.place.codes[ids]]
        order = np.lexsort((ix.cell_rank[ids], rows))
        ids, rows = ids[order], rows[order]
        for cell in np.split(np.arange(len(ids)), np.flatnonzero(np.diff(rows)) + 1) if len(ids) else ():
            cells[row_names[rows[cell[0]]], lab] = [
                {"key": keys_[v], "label": names[v], "date": dates[v], "place": places[v]} for v in ids[cell].tolist()]
    return _province_rows(labels, cells, provinces, pmap)


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
                  provinces: Iterable[str] | None = None, as_of: date | None = None) -> list[dict]:
    """Coverage rows from each directive's implementer rows: the Neo4j backend's
    :func:`coverage`."""
    pmap = map_at(as_of)
    provinces = list(provinces) if provinces is not None else list(pmap.provinces)
    last_day = (as_of or date.today()).isoformat()
    cells: dict[tuple[str, str], list[dict]] = {}
    for lab, found in zip(labels, implementer_lists):
        for r in found:
            row = pmap.row_of(r["place"])
            if row and (not r["date"] or r["date"] <= last_day):
                cells.setdefault((row, lab), []).append(
                    {"key": r["key"], "label": r["label"], "date": r["date"], "place": r["place"]})
    for cell in cells.values():
        cell.sort(key=lambda c: (c["date"] or "", c["label"], c["key"]))
    return _province_rows(labels, cells, provinces, pmap)


def _province_rows(labels: list[str], cells: dict[tuple[str, str], list[dict]], provinces: list[str],
                   pmap: ProvinceMap) -> list[dict]:
    """One row per province from cells sorted by date, label, key."""
    rows = []
    for p in provinces:
        row: dict = {"province": p, "former": list(pmap.former(p))}
        for lab in labels:
            row[lab] = list(cells.get((p, lab), []))
        row["covered"] = sum(1 for lab in labels if row[lab])
        rows.append(row)
    return rows


def shortest_path(G: nx.MultiDiGraph, source: str, target: str, *,
                  relations: Iterable[str] | None = None) -> list[dict]:
    """The shortest chain between two documents, following edges either way if need be.

    Breadth first over both directions, preferring forward edges and smaller keys at each
    step, so the same graph always gives the same chain on every backend (see
    :func:`graph.index.path_steps`).

    Parameters
    ----------
    source, target : str
        Identity keys.
    relations : iterable of str, optional
        Edge relations to follow; default (or empty): all.

    Returns
    -------
    list of dict
        One row per hop: ``step, source, relation, target, direction`` ("forward" when
        the edge runs source→target) and ``evidence`` (the first sentence stating it).
        Empty when no chain exists.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("plan", "directive", key="implements", evidence=[]); G.add_edge("report", "directive", key="guides", evidence=[])
    'implements'
    'guides'
    >>> [(h["source"], h["relation"], h["target"], h["direction"]) for h in shortest_path(G, "plan", "report")]
    [('plan', 'implements', 'directive', 'forward'), ('directive', 'guides', 'report', 'backward')]
    """
    if source == target:
        return []
    ix = graph_index(G)
    s, t = ix.ids[source], ix.ids.get(target)
    if t is None:
        return []
    mask = ix.relation_mask(relations) if relations else np.ones(len(ix.relations), dtype=bool)
    steps = path_steps(ix.both, s, t, mask)
    path = []
    node = t
    while node in steps:
        prev, rel, back = steps[node]
        path.append((ix.keys[prev], ix.keys[node], ix.relations[rel], back))
        node = prev
    path.reverse()
    files = path_files([G.nodes[k].get("file") for k in [source, *(v for _, v, _, _ in path)]])
    hops = []
    for i, (u, v, rel, back) in enumerate(path, 1):
        a, b = (v, u) if back else (u, v)
        ev = G.edges[a, b, rel]["evidence"]
        hops.append({"source": label(G, u), "relation": rel, "target": label(G, v),
                     "direction": "backward" if back else "forward", "source_key": u, "target_key": v,
                     "evidence": hop_evidence([e["file"] for e in ev], [e["sentence"] for e in ev], files),
                     "step": i})
    return hops


def path_files(files: list[str | None]) -> list[str]:
    """The files of a path's documents, from its source on: where its hops' evidence is
    looked for first."""
    return list(dict.fromkeys(f for f in files if f))


def hop_evidence(files: list[str], sentences: list[str], prefer: list[str]) -> str | None:
    """``file: sentence`` stating a hop: from the first file of *prefer* that states it
    (a chain of Trà Vinh documents is quoted from a Trà Vinh file), else the first.

    Examples
    --------
    >>> hop_evidence(["001.txt", "003.txt"], ["in Sóc Trăng", "in Trà Vinh"], ["003.txt"])
    '003.txt: in Trà Vinh'
    >>> hop_evidence(["001.txt"], ["in Sóc Trăng"], ["003.txt"])
    '001.txt: in Sóc Trăng'
    """
    for f in prefer:
        if f in files:
            return f"{f}: {sentences[files.index(f)]}"
    return f"{files[0]}: {sentences[0]}" if files else None


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
            # Files, not documents read: two files of one document (a copy, a second format) are one node.
            {"group": "total", "value": "files read", "count": len(G.graph.get("files", []))},
            {"group": "total", "value": "unresolved mentions", "count": len(G.graph.get("unresolved", []))},
            {"group": "total", "value": "incomplete references", "count": len(G.graph.get("incomplete", []))},
            {"group": "total", "value": "ambiguous documents",
             "count": sum(1 for _, n in G.nodes(data=True) if n.get("ambiguous"))}]
    return rows + count_rows({
        "kind": Counter(n.get("kind") or "?" for _, n in G.nodes(data=True)),
        "level": Counter(n.get("level") or "?" for _, n in G.nodes(data=True)),
        "province": Counter(n["place"] for _, n in G.nodes(data=True) if n.get("place")),
        "relation": Counter(rel for _, _, rel in G.edges(keys=True)),
    })


def count_rows(counters: dict[str, Counter]) -> list[dict]:
    """Stats rows ``group, value, count`` of each counter, most frequent first, equal counts
    in Vietnamese alphabetical order."""
    return [{"group": group, "value": v, "count": c} for group, counter in counters.items()
            for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], vi_sort_key(kv[0])))]
