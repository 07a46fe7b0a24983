"""Every query gives identical rows on networkx and on Neo4j: the seeds graph (every
document) and a generated graph of a few thousand documents (a sample of 20), both as read
from their graph file (what `vbgraph load` and the query commands read)."""
from __future__ import annotations

import random
from datetime import date

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings, neo4j_db)
from neo4j_fixture import ROOT, synthetic_graph

from extract.resolve import fold_number
from graph import queries, store
from graph.neo4j import queries as neo4j_queries
from graph.exceptions import VbgraphError
from graph.model import build_graph
from graph.neo4j.io import REL_TYPES, load_graph

pytestmark = pytest.mark.neo4j


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except VbgraphError as err:  # the same error, the same message (suggestions included)
        return type(err).__name__, str(err)


def _check(G, db, name, *args, **kwargs):
    want = _run(getattr(queries, name), G, *args, **kwargs)
    got = _run(getattr(neo4j_queries, name), db, *args, **kwargs)
    assert got == want, (name, args, kwargs)
    return want


def _parity(G, db, keys: list[str]) -> int:
    """Every query around *keys*; returns how many comparisons were made."""
    n = 0
    _check(G, db, "stats")
    provinces = sorted({p for _, p in G.nodes(data="place") if p})
    for i, k in enumerate(keys):
        node = G.nodes[k]
        _check(G, db, "show", k)
        for direction in ("up", "down"):
            _check(G, db, "trace", k, direction=direction)
            _check(G, db, "trace", k, direction=direction, depth=1)
            _check(G, db, "trace", k, direction=direction, depth=2, relations=("implements",))
            _check(G, db, "trace", k, direction=direction, relations=tuple(REL_TYPES))
        _check(G, db, "implementers", k)
        _check(G, db, "implementers", k, relations=tuple(REL_TYPES))
        if provinces:
            _check(G, db, "implementers", k, province=provinces[i % len(provinces)].upper())
        _check(G, db, "implementers", k, level="provincial_state")
        for q in {k, node.get("number"), node.get("title"), (node.get("number") or "")[:-1] + "9",
                  (node.get("number") or "").lower(), f"{node.get('number')}@{node.get('year')}"} - {None, "", "9"}:
            _check(G, db, "find_node", q)
        other = keys[(i * 7 + 3) % len(keys)]
        _check(G, db, "shortest_path", k, other)
        _check(G, db, "shortest_path", other, k, relations=["implements", "based_on"])
        n += 16
    for i in range(0, len(keys), 3):
        group = keys[i:i + 3]
        _check(G, db, "coverage", group)
        _check(G, db, "coverage", group, provinces=provinces[:4], relations=tuple(REL_TYPES))
        _check(G, db, "coverage", group, as_of=date(2022, 12, 31))
        n += 3
    return n


def test_parity_on_seeds_every_document(neo4j_db, seed_graph):
    load_graph(neo4j_db, seed_graph)
    assert _parity(seed_graph, neo4j_db, sorted(seed_graph.nodes)) > 500
    _check(seed_graph, neo4j_db, "find_node", "33/CT-TTG")
    _check(seed_graph, neo4j_db, "find_node", "33/CT-TT")  # not found, with suggestions
    _check(seed_graph, neo4j_db, "shortest_path", "file:002_b28f16a640293a0d.txt", "33/CT-TTG@2021")


def _generated_graph():
    """The graph of bench/make_corpus.py's generated corpus (800 documents, about 2,000
    nodes), through its graph file; the benchmark's synthetic graph when the generator
    is not there."""
    import sys

    from extract import extract_text, resolve_corpus

    if not (ROOT / "bench" / "make_corpus.py").is_file():
        return synthetic_graph(2500, 10000, seed=3)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from make_corpus import generate
    finally:
        sys.path.pop(0)
    G = build_graph(resolve_corpus([extract_text(text, name, name) for name, text, _ in generate(800, 3)]))
    return store.from_dict(store.to_dict(G))


def test_parity_on_a_larger_graph_sample(neo4j_db):
    G = _generated_graph()
    assert G.number_of_nodes() >= 1500
    load_graph(neo4j_db, G, batch_size=2000)
    rng = random.Random(11)
    # Documents with something to walk (central ones implemented by many), plus any.
    busy = sorted(G.nodes, key=lambda k: (-G.in_degree(k), k))[:8]
    sample = busy + rng.sample(sorted(set(G.nodes) - set(busy)), 12)
    assert _parity(G, neo4j_db, sample) > 300
    # The pages of the hubs: the rows and the total of the whole listing.
    for k in busy[:4]:
        for page in ({"limit": 1000}, {"limit": 10, "offset": 5}, {"limit": 25, "offset": 200}):
            for name, kw in (("trace", {"direction": "down"}), ("implementers", {}),
                             ("implementers", {"province": G.nodes[sample[-1]].get("place") or "Huế"})):
                assert _check(G, neo4j_db, name, k, **kw, **page).total == \
                    getattr(neo4j_queries, name)(neo4j_db, k, **kw, **page).total
    # Numbers written several ways by different documents: the same suggestion.
    spellings: dict[str, set] = {}
    for _, n in G.nodes(data="number"):
        if n:
            spellings.setdefault(fold_number(n), set()).add(n)
    for fold in [f for f, s in sorted(spellings.items()) if len(s) > 1][:5]:
        _check(G, neo4j_db, "find_node", fold[:-1] + "Q")
