"""The compact graph file and in-memory evidence behave like the plain structures they replace."""
from __future__ import annotations

import re

import networkx as nx
import orjson
import pytest

from graph import queries as Q
from graph import store
from graph.exceptions import GraphFileError
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


# Version 3: every evidence row is integers; cues (None among them) and surfaces are tables.
EVIDENCE_CASES = {
    "cue and surface": [("a", "b", "Căn cứ", "Luật B")],
    "no cue": [("a", "b", None, "Luật B")],
    "cue and none, mixed": [("a", "b", "Căn cứ", "Luật B"), ("a", "c", None, "Luật C")],
    "a surface on several edges": [("a", "b", "Theo", "Luật “B”"), ("c", "b", "Căn cứ", "Luật “B”"),
                                   ("a", "c", None, "Luật “B”")],
    "quotes and backslashes": [("a", "b", '"x"', 'Luật \\ "B"')],
}


def _hand_graph(edges, *, order=1) -> nx.MultiDiGraph:
    """A graph built by hand with plain evidence dicts, its edges added in *order* (1 or -1)."""
    G = nx.MultiDiGraph()
    for k in "abc":
        G.add_node(k, key=k)
    for i, (u, v, cue, surface) in list(enumerate(edges))[::order]:
        G.add_edge(u, v, key="cites", relation="cites", evidence=[
            {"file": f"{u}.txt", "span": [i, i + 5], "sentence": f"Câu {i}: {surface}", "cue": cue,
             "surface": surface}])
    return G


@pytest.mark.parametrize("edges", EVIDENCE_CASES.values(), ids=EVIDENCE_CASES.keys())
def test_evidence_round_trips_through_integer_rows(edges, tmp_path):
    G = _hand_graph(edges)
    store.save(G, tmp_path / "g.json")
    d = orjson.loads((tmp_path / "g.json").read_bytes())
    assert d["version"] == 3
    assert all(re.fullmatch(r"[\[\],0-9]+", ev) for ev in d["edges"][3::4])
    assert sorted(d["surfaces"]) == sorted({s for *_, s in edges})  # each surface written once
    assert sorted(d["cues"], key=str) == sorted({c for _, _, c, _ in edges}, key=str)
    again = store.load(tmp_path / "g.json")
    for u, v, rel, ev in G.edges(keys=True, data="evidence"):
        assert list(again.edges[u, v, rel]["evidence"]) == ev


@pytest.mark.parametrize("edges", EVIDENCE_CASES.values(), ids=EVIDENCE_CASES.keys())
def test_same_graph_in_any_order_same_bytes(edges, tmp_path):
    store.save(_hand_graph(edges), tmp_path / "a.json")
    store.save(_hand_graph(edges, order=-1), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


@pytest.mark.parametrize("read", [[], [("a", "b")], [("a", "b"), ("a", "c"), ("c", "b")]],
                         ids=["none read", "one read", "all read"])
def test_saving_a_loaded_graph_parses_no_more_evidence(read, tmp_path):
    store.save(_hand_graph(EVIDENCE_CASES["a surface on several edges"]), tmp_path / "g.json")
    G = store.load(tmp_path / "g.json")
    for u, v in read:
        assert G.edges[u, v, "cites"]["evidence"][0]["surface"] == "Luật “B”"
    store.save(G, tmp_path / "again.json")
    unread = [(u, v) for u, v, ev in G.edges(data="evidence") if isinstance(ev._rows, str)]
    assert sorted(unread) == sorted({("a", "b"), ("a", "c"), ("c", "b")} - set(read))
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "g.json").read_bytes()


@pytest.mark.parametrize("version", [1, 2])
def test_older_graph_files_ask_for_a_rebuild(version, tmp_path):
    p = tmp_path / "g.json"
    p.write_bytes(orjson.dumps({"format": "vbgraph-graph", "version": version, "nodes": [], "edges": []}))
    with pytest.raises(GraphFileError) as err:
        store.load(p)
    message = str(err.value)
    assert "\n" not in message and f"version {version} is not supported" in message
    assert "rebuild it with `vbgraph build`" in message


def test_evidence_added_to_a_loaded_graph_reuses_its_tables(tmp_path):
    store.save(_hand_graph(EVIDENCE_CASES["cue and none, mixed"]), tmp_path / "g.json")
    G = store.load(tmp_path / "g.json")
    ev = G.edges["a", "b", "cites"]["evidence"]
    ev.add("a.txt", (40, 45), "Câu 1: Luật C", None, "Luật C")  # every value already in a table
    assert len(ev.tables.cues) == 2 and len(ev.tables.surfaces) == 2 and len(ev.tables.sentences) == 2
    assert ev[-1] == {"file": "a.txt", "span": [40, 45], "sentence": "Câu 1: Luật C", "cue": None,
                      "surface": "Luật C"}
    store.save(G, tmp_path / "again.json")
    assert list(store.load(tmp_path / "again.json").edges["a", "b", "cites"]["evidence"]) == list(ev)


def _graph_seconds(text: str) -> float:
    """Seconds build_graph takes over *text* (best of three: the machine is shared)."""
    import time

    from extract import extract_text, resolve_corpus
    from graph.model import build_graph

    docs = resolve_corpus([extract_text(text, "a.txt")])
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        build_graph(docs)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("sentence", [
    # one reference stated again and again on one line (a reference's edge)
    "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ; ",
    # a second-order link stated again and again (a link's edge)
    "Thực hiện Kế hoạch số 03/KH-UBND ngày 21/01/2022 của Ủy ban nhân dân tỉnh Trà Vinh triển khai thực hiện "
    "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.\n",
])
def test_repeated_mentions_add_evidence_in_linear_time(sentence):
    # Eight times the mentions: 8× the time if linear, 64× if quadratic (the old
    # Evidence.add compared every new row with all of its file's rows: a 10 MB line took 293 s).
    small, large = _graph_seconds(sentence * 2_000), _graph_seconds(sentence * 16_000)
    assert large < 2.0 and large / max(small, 1e-4) < 24, (small, large)


def test_evidence_of_one_file_keeps_each_span_once():
    ev = Evidence(EvidenceTables())
    rows = [((i % 500) * 10, (i % 500) * 10 + 5) for i in range(5_000)]
    ev.extend("a.txt", ((span, "Câu", None, "Luật") for span in rows))
    ev.extend("b.txt", [((0, 5), "Câu", None, "Luật")])
    ev.extend("a.txt", [((0, 5), "Câu", None, "Luật"), ((1, 2), "Câu", None, "Luật")])  # a.txt again, after b.txt
    assert [(e["file"], *e["span"]) for e in ev][:2] == [("a.txt", 0, 5), ("a.txt", 10, 15)]
    assert len(ev) == 500 + 1 + 2
