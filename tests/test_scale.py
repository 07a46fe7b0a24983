"""The compact graph file and in-memory evidence behave like the plain structures they replace."""
from __future__ import annotations

import networkx as nx

from graph import queries as Q
from graph import store
from graph.model import Evidence, EvidenceTables


def test_loaded_graph_has_the_same_adjacency_both_ways(seed_graph, tmp_path):
    store.save(seed_graph, tmp_path / "g.json")
    G = store.load(tmp_path / "g.json")
    assert sorted(G.edges(keys=True)) == sorted(seed_graph.edges(keys=True))
    for k in seed_graph:
        assert sorted(G.in_edges(k, keys=True)) == sorted(seed_graph.in_edges(k, keys=True))
        assert sorted(G.predecessors(k)) == sorted(seed_graph.predecessors(k))
    for u, v, rel, d in seed_graph.edges(keys=True, data=True):
        assert G.edges[u, v, rel]["relation"] == rel
        assert list(G.edges[u, v, rel]["evidence"]) == list(d["evidence"])
    # a loaded graph is an ordinary networkx graph: it can be edited and saved again
    G.add_edge("x", "y", key="cites", relation="cites", evidence=[])
    G.remove_nodes_from(["x", "y"])
    store.save(G, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "g.json").read_bytes()


def test_same_graph_same_bytes(seed_corpus, tmp_path):
    from graph.model import build_graph

    store.save(build_graph(seed_corpus.documents), tmp_path / "a.json")
    store.save(build_graph(seed_corpus.documents), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_evidence_reads_like_a_list_of_dicts():
    ev = Evidence(EvidenceTables())
    ev.add("a.txt", (0, 5), "Căn cứ Luật A; Luật B", "Căn cứ", "Luật A")
    ev.add("a.txt", (0, 5), "Căn cứ Luật A; Luật B", "Căn cứ", "Luật A")  # the same mention again
    ev.add("b.txt", (7, 9), "Căn cứ Luật A; Luật B", None, "Luật B")
    assert len(ev) == 2 and ev.tables.sentences == ["Căn cứ Luật A; Luật B"]
    assert ev[-1] == {"file": "b.txt", "span": [7, 9], "sentence": "Căn cứ Luật A; Luật B", "cue": None,
                      "surface": "Luật B"}
    assert ev[:1] == [ev[0]] and [e["file"] for e in ev] == ["a.txt", "b.txt"]
    assert ev == list(ev) and ev != [ev[0]]


def test_find_node_index_follows_added_nodes():
    G = nx.MultiDiGraph()
    G.add_node("33/CT-TTG@2021", number="33/CT-TTg")
    assert Q.find_node(G, "33/ct-ttg") == "33/CT-TTG@2021"
    G.add_node("title:luật a", title="Luật A")
    assert Q.find_node(G, "luật  A") == "title:luật a"
