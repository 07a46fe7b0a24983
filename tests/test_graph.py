"""Graph build, the graph file, and the lineage queries on the seeds."""
from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from graph import queries as Q
from graph import store
from graph.exceptions import AmbiguousNode, GraphFileError, NodeNotFound


def test_graph_file_round_trips(seed_graph, tmp_path):
    p = tmp_path / "g.json"
    store.save(seed_graph, p)
    again = store.load(p)
    assert json.dumps(store.to_dict(again), sort_keys=True) == json.dumps(store.to_dict(seed_graph), sort_keys=True)
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("content, message", [
    ("{", "not valid JSON"),
    ('{"format": "other"}', "not a vbgraph graph file"),
    ('{"format": "vbgraph-graph", "version": 99}', "version 99"),
    ('{"format": "vbgraph-graph", "version": 3, "nodes": [{"key": "a"}], "edges": [0, 0, 0], "relations": ["cites"],'
     ' "evidence_files": [], "sentences": [], "cues": [], "surfaces": []}', "malformed graph file"),
])
def test_bad_graph_files_say_why(tmp_path, content, message):
    p = tmp_path / "g.json"
    p.write_text(content)
    with pytest.raises(GraphFileError, match=message):
        store.load(p)


def test_cited_only_documents_are_nodes_with_evidence(seed_graph):
    k = Q.find_node(seed_graph, "25-NQ/TW")
    node = seed_graph.nodes[k]
    assert node["seen"] is False and node["kind"] == "Nghị quyết" and node["level"] == "central_party"
    [(u, _, data)] = [(u, v, d) for u, v, d in seed_graph.in_edges(k, data=True) if d["relation"] == "implements"]
    assert data["evidence"][0]["file"] == "003_55d517ce3ca3e960.txt"


@pytest.mark.parametrize("spelling", ["05-CTr/BDVTU-BCSĐ", "05-ctr/bdvtu-bcsd", "05-CTr/BDVTU-BCSD"])
def test_any_spelling_finds_the_node(seed_graph, spelling):
    assert Q.find_node(seed_graph, spelling).startswith("05-CTR/BDVTU-BCSD#Trà Vinh")


def test_unknown_number_suggests_close_ones(seed_graph):
    with pytest.raises(NodeNotFound) as err:
        Q.find_node(seed_graph, "33/CT-TTx")
    assert "33/CT-TTg" in err.value.suggestions


def test_ambiguous_number_lists_candidates():
    G = nx.MultiDiGraph()
    G.add_node("01-KL/TW@2016", number="01-KL/TW")
    G.add_node("01-KL/TW@2021", number="01-KL/TW")
    with pytest.raises(AmbiguousNode) as err:
        Q.find_node(G, "01-KL/TW")
    assert err.value.candidates == ["01-KL/TW@2016", "01-KL/TW@2021"]


def test_trace_down_finds_implementers_province_by_province(seed_graph):
    rows = Q.trace(seed_graph, Q.find_node(seed_graph, "33/CT-TTg"), direction="down")
    places = {r["place"] for r in rows if r["depth"] == 1}
    assert places == {"Kiên Giang", "Sóc Trăng", "Trà Vinh"}


def test_trace_up_reaches_central_documents(seed_graph):
    rows = Q.trace(seed_graph, Q.find_node(seed_graph, "115-KH/TU"), direction="up")
    assert [(r["label"], r["depth"]) for r in rows] == [("115-KH/TU", 0), ("43-KL/TW", 1), ("25-NQ/TW", 2)]


def test_trace_survives_cycles():
    G = nx.MultiDiGraph()
    for k in "abc":
        G.add_node(k, number=k)
    G.add_edge("a", "b", key="amends", relation="amends", evidence=[])
    G.add_edge("b", "c", key="amends", relation="amends", evidence=[])
    G.add_edge("c", "a", key="amends", relation="amends", evidence=[])
    rows = Q.trace(G, "a", relations=["amends"])
    assert [r["key"] for r in rows] == ["a", "b", "c"]


def test_implementers_with_chain_and_filters(seed_graph):
    k = Q.find_node(seed_graph, "25-NQ/TW")
    rows = Q.implementers(seed_graph, k)
    chains = {r["label"]: r["chain"] for r in rows}
    assert chains["115-KH/TU"] == ["115-KH/TU", "43-KL/TW", "25-NQ/TW"]
    assert all(r["place"] == "Trà Vinh" for r in Q.implementers(seed_graph, k, province="Trà Vinh"))
    assert Q.implementers(seed_graph, k, level="district") == []


@pytest.mark.parametrize("as_of, provinces, covered, gap", [
    (date(2022, 12, 31), 63, "Kiên Giang", "Trà Vinh"),
    (date(2025, 6, 30), 63, "Kiên Giang", "Trà Vinh"),
    (date(2025, 7, 1), 34, "An Giang", "Vĩnh Long"),   # Kiên Giang merged into An Giang, Trà Vinh into Vĩnh Long
    (None, 34, "An Giang", "Vĩnh Long"),               # today
])
def test_coverage_shows_gaps_on_the_map_in_force(seed_graph, as_of, provinces, covered, gap):
    k = Q.find_node(seed_graph, "114-KL/TW")
    rows = {r["province"]: r for r in Q.coverage(seed_graph, [k], as_of=as_of)}
    assert len(rows) == provinces
    assert {c["place"] for c in rows[covered]["114-KL/TW"]} == {"Kiên Giang"}  # a document keeps its province
    assert rows[gap]["114-KL/TW"] == []
    assert rows["Hà Nội"]["covered"] == 0 and rows["Hà Nội"]["former"] == []


def test_shortest_path_with_evidence(seed_graph):
    hops = Q.shortest_path(seed_graph, Q.find_node(seed_graph, "03/KH-UBND"), Q.find_node(seed_graph, "33/CT-TTg"))
    assert [(h["source"], h["relation"], h["target"], h["direction"]) for h in hops] == [
        ("03/KH-UBND", "implements", "33/CT-TTg", "forward")]
    assert "triển khai thực hiện" in hops[0]["evidence"]


def test_stats_counts(seed_graph):
    rows = {(r["group"], r["value"]): r["count"] for r in Q.stats(seed_graph)}
    assert rows[("total", "files read")] == 5
    assert rows[("total", "incomplete references")] == 1
    assert rows[("relation", "implements")] > rows[("relation", "based_on")]
