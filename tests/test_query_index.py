"""The queries on the graph's integer index give exactly the rows of a plain walk over
networkx's dicts (the code before the index, kept here as the reference): same rows, same
order, same parents on ties, on random graphs with cycles, multi-relations, depth limits,
relation subsets, filters, and graphs changed after a first query."""
from __future__ import annotations

from collections import deque

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.vocab import PROVINCES
from graph import index
from graph import queries as Q
from graph.index import CACHE_KEY, forget_index, graph_index
from graph.model import LINEAGE_RELATIONS, label, node_label

RELATIONS = ("implements", "based_on", "guides", "cites")
PLACES = (None, "", PROVINCES[0], PROVINCES[1], PROVINCES[2], "Nowhere")


# ---- the reference: a plain walk over networkx's dicts ---------------------------------

def _neighbours(G, key, direction, relations):
    rels = set(relations)
    for other, keydict in (G._succ if direction == "up" else G._pred)[key].items():
        for rel in keydict:
            if rel in rels:
                yield other, rel


def _bfs(G, key, direction, depth, relations):
    if direction not in ("up", "down"):
        raise ValueError("direction is 'up' or 'down'")
    relations = tuple(relations)
    dist, parent, frontier = {key: 0}, {}, [key]
    while frontier and (depth is None or dist[frontier[0]] < depth):
        frontier = Q.bfs_step(frontier, lambda u: _neighbours(G, u, direction, relations), dist, parent)
    return dist, parent


def ref_trace(G, key, *, direction="up", depth=None, relations=LINEAGE_RELATIONS):
    dist, parent = _bfs(G, key, direction, depth, relations)
    rows = []
    for v, d in dist.items():
        n, up = G._node[v], parent.get(v)
        rows.append({"depth": d, "key": v, "label": node_label(n, v), "kind": n.get("kind"), "level": n.get("level"),
                     "place": n.get("place"), "date": n.get("date"),
                     "relation": up[1] if up else None, "parent": up[0] if up else None})
    rows.sort(key=lambda r: (r["depth"], r["label"], r["key"]))
    return rows


def ref_implementers(G, key, *, province=None, level=None, relations=LINEAGE_RELATIONS):
    return Q.implementer_rows(ref_trace(G, key, direction="down", relations=relations), key,
                              province=province, level=level)


def ref_coverage(G, keys, *, provinces=None, relations=LINEAGE_RELATIONS):
    keys = list(dict.fromkeys(keys))
    labels = Q.column_labels(keys, [label(G, k) for k in keys])
    nodes = G._node
    found = [[{"key": v, "label": node_label(nodes[v], v), "place": nodes[v].get("place"), "date": nodes[v].get("date")}
              for v in _bfs(G, k, "down", None, relations)[0] if v != k and nodes[v].get("place")] for k in keys]
    return Q.coverage_rows(labels, found, provinces)


def ref_shortest_path(G, source, target, *, relations=None):
    rels = set(relations) if relations else None
    prev = {source: None}
    queue = deque([source])
    while queue and target not in prev:
        u = queue.popleft()
        steps = sorted([(0, v, rel) for v, kd in G._succ[u].items() for rel in kd if rels is None or rel in rels] +
                       [(1, w, rel) for w, kd in G._pred[u].items() for rel in kd if rels is None or rel in rels])
        for back, v, rel in steps:
            if v not in prev:
                prev[v] = (u, v, rel, "backward" if back else "forward")
                queue.append(v)
    if target not in prev:
        return []
    hops, node = [], target
    while prev[node] is not None:
        u, v, rel, way = prev[node]
        a, b = (u, v) if way == "forward" else (v, u)
        ev = G.edges[a, b, rel]["evidence"]
        hops.append({"source": label(G, u), "relation": rel, "target": label(G, v), "direction": way,
                     "source_key": u, "target_key": v, "evidence": f"{ev[0]['file']}: {ev[0]['sentence']}" if ev else None})
        node = u
    hops.reverse()
    for i, h in enumerate(hops, 1):
        h["step"] = i
    return hops


# ---- random graphs ------------------------------------------------------------------------

@st.composite
def graphs(draw, max_nodes=14):
    """Small graphs dense in ties: few labels (numbers shared by several keys, or none),
    few places and levels, several relations between the same two documents, cycles."""
    n = draw(st.integers(1, max_nodes))
    keys = draw(st.lists(st.text("abcAB#@é", min_size=1, max_size=3), min_size=n, max_size=n, unique=True))
    G = nx.MultiDiGraph()
    for k in keys:
        attrs = {"number": draw(st.sampled_from([None, "", "1/KH", "2/KH", "1/kh"])),
                 "title": draw(st.sampled_from([None, "Kế hoạch"])), "file": draw(st.sampled_from([None, "x.txt"])),
                 "place": draw(st.sampled_from(PLACES)), "level": draw(st.sampled_from([None, "provincial_state", "district"])),
                 "date": draw(st.sampled_from([None, "", "2021-01-01", "2022-05-05"])), "kind": draw(st.sampled_from([None, "KH"]))}
        G.add_node(k, **{a: v for a, v in attrs.items() if v is not None or draw(st.booleans())})
    edges = draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(keys), st.sampled_from(RELATIONS)),
                          max_size=3 * n))
    for u, v, rel in edges:
        G.add_edge(u, v, key=rel, relation=rel,
                   evidence=draw(st.sampled_from([[], [{"file": f"{u}.txt", "sentence": f"{u} {rel} {v}"}]])))
    return G


relation_sets = st.one_of(st.just(LINEAGE_RELATIONS), st.just(RELATIONS),
                          st.lists(st.sampled_from(RELATIONS + ("unknown",)), max_size=3).map(tuple))
depths = st.one_of(st.none(), st.integers(-1, 4))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(graphs(), st.data(), st.sampled_from(["up", "down"]), depths, relation_sets)
def test_trace_is_the_plain_walk(G, data, direction, depth, relations):
    key = data.draw(st.sampled_from(sorted(G)))
    assert Q.trace(G, key, direction=direction, depth=depth, relations=relations) == \
        ref_trace(G, key, direction=direction, depth=depth, relations=relations)


@SETTINGS
@given(graphs(), st.data(), relation_sets)
def test_implementers_are_the_plain_walk(G, data, relations):
    key = data.draw(st.sampled_from(sorted(G)))
    province = data.draw(st.sampled_from([None, "", PROVINCES[0], PROVINCES[1].upper(), "nowhere"]))
    level = data.draw(st.sampled_from([None, "", "provincial_state"]))
    assert Q.implementers(G, key, province=province, level=level, relations=relations) == \
        ref_implementers(G, key, province=province, level=level, relations=relations)


@SETTINGS
@given(graphs(), st.data(), relation_sets)
def test_coverage_is_the_plain_walk(G, data, relations):
    keys = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=4))
    provinces = data.draw(st.sampled_from([None, [PROVINCES[1], PROVINCES[0], "Nowhere", PROVINCES[1]], []]))
    assert Q.coverage(G, keys, provinces=provinces, relations=relations) == \
        ref_coverage(G, keys, provinces=provinces, relations=relations)


@SETTINGS
@given(graphs(), st.data(), st.one_of(st.none(), relation_sets), st.sampled_from([1, 2, index.BATCH_EDGES]))
def test_shortest_path_is_the_plain_walk(G, data, relations, batch):
    source, target = (data.draw(st.sampled_from(sorted(G))) for _ in range(2))
    default, index.BATCH_EDGES = index.BATCH_EDGES, batch  # levels split into batches too
    try:
        assert Q.shortest_path(G, source, target, relations=relations) == \
            ref_shortest_path(G, source, target, relations=relations)
    finally:
        index.BATCH_EDGES = default


def _check_all(G):
    for k in sorted(G):
        for direction in ("up", "down"):
            assert Q.trace(G, k, direction=direction) == ref_trace(G, k, direction=direction)
        assert Q.implementers(G, k) == ref_implementers(G, k)
        assert Q.coverage(G, [k]) == ref_coverage(G, [k])
        for other in sorted(G):
            assert Q.shortest_path(G, k, other) == ref_shortest_path(G, k, other)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(max_nodes=8), st.data())
def test_a_graph_changed_after_a_query_is_queried_as_changed(G, data):
    _check_all(G)
    keys = sorted(G)
    u, v = data.draw(st.sampled_from(keys)), data.draw(st.sampled_from(keys))
    change = data.draw(st.sampled_from(["add edge", "swap edge", "remove node", "add node", "attributes"]))
    if change == "add edge":
        G.add_edge(u, v, key="implements", relation="implements", evidence=[])
    elif change == "swap edge" and G.number_of_edges():
        # Same node and edge counts: only networkx's own cache clearing reveals it.
        a, b, rel = next(iter(G.edges(keys=True)))
        G.remove_edge(a, b, key=rel)
        G.add_edge(u, v, key="guides" if rel != "guides" else "based_on", evidence=[])
    elif change == "remove node" and len(G) > 1:
        G.remove_node(u)
    elif change == "add node":
        G.add_edge("new", u, key="implements", evidence=[])
    else:
        G.add_node(u, number="0/new", place=PROVINCES[3], date="2020-02-02")
    _check_all(G)


def test_attributes_changed_in_place_need_forget_index():
    G = nx.MultiDiGraph()
    G.add_edge("plan", "directive", key="implements", evidence=[])
    Q.trace(G, "directive", direction="down")
    G.nodes["plan"]["place"] = PROVINCES[0]  # no networkx method sees this
    forget_index(G)
    assert Q.trace(G, "directive", direction="down") == ref_trace(G, "directive", direction="down")
    assert Q.coverage(G, ["directive"]) == ref_coverage(G, ["directive"])


def test_the_index_is_built_once_and_dropped_by_networkx_on_change():
    G = nx.MultiDiGraph()
    G.add_edge("plan", "directive", key="implements", evidence=[])
    ix = graph_index(G)
    Q.trace(G, "plan")
    assert graph_index(G) is ix
    G.add_node("other")
    assert CACHE_KEY not in G.__networkx_cache__
    assert graph_index(G) is not ix


def test_nodes_added_through_private_dicts_are_seen_by_the_node_count():
    G = nx.MultiDiGraph()
    G.add_edge("plan", "directive", key="implements", evidence=[])
    Q.trace(G, "directive", direction="down")
    # What graph.store.load does: networkx's dicts filled directly, no cache clearing.
    G._node["report"], G._succ["report"], G._pred["report"] = {}, {}, {}
    G._succ["report"]["plan"] = G._pred["plan"]["report"] = {"based_on": {"evidence": []}}
    assert [r["key"] for r in Q.trace(G, "directive", direction="down")] == ["directive", "plan", "report"]


def test_unknown_keys_and_directions_fail_as_before():
    G = nx.MultiDiGraph()
    G.add_edge("plan", "directive", key="implements", evidence=[])
    with pytest.raises(KeyError):
        Q.trace(G, "missing")
    with pytest.raises(ValueError):
        Q.trace(G, "plan", direction="sideways")
    with pytest.raises(KeyError):
        Q.shortest_path(G, "missing", "plan")
    assert Q.shortest_path(G, "plan", "missing") == ref_shortest_path(G, "plan", "missing") == []
    assert Q.shortest_path(G, "missing", "missing") == ref_shortest_path(G, "missing", "missing") == []


@SETTINGS
@given(graphs())
def test_a_loaded_graph_is_indexed_from_its_file_edges_as_from_its_dicts(G):
    from graph import store

    # What a build writes: nodes carry their key; evidence plays no part here.
    for k in G:
        G.nodes[k]["key"] = k
    for *_, data in G.edges(keys=True, data=True):
        data["evidence"] = []
    loaded = store.from_dict(store.to_dict(G))
    assert index.EDGES_KEY in loaded.__networkx_cache__
    from_file = graph_index(loaded)
    assert index.EDGES_KEY not in loaded.__networkx_cache__  # held by the index now
    from_dicts = index.build_index(G)
    for name in ("keys", "relations", "labels", "attrs"):
        assert getattr(from_file, name) == getattr(from_dicts, name)
    for adj in ("up", "down", "both"):
        a, b = getattr(from_file, adj), getattr(from_dicts, adj)
        for part in ("indptr", "nbr", "rel", "back"):
            x, y = getattr(a, part), getattr(b, part)
            assert (x is None and y is None) or x.tolist() == y.tolist()
    _check_all(loaded)


def test_a_loaded_graph_changed_before_its_first_query_is_indexed_from_its_dicts():
    from graph import store

    G = nx.MultiDiGraph()
    G.add_edge("plan", "directive", key="implements", evidence=[])
    for k in G:
        G.nodes[k]["key"] = k
    loaded = store.from_dict(store.to_dict(G))
    loaded.add_edge("report", "plan", key="based_on", evidence=[])
    assert index.EDGES_KEY not in loaded.__networkx_cache__
    assert [r["key"] for r in Q.trace(loaded, "directive", direction="down")] == ["directive", "plan", "report"]
