"""A load's plan and file digests (graph/neo4j/io.py ``_plan``, ``_digests``): read from the
evidence rows and written from table strings encoded once, they must give every file the
digest the dict-and-json.dumps formula below gives, byte for byte, or every database loaded
before would reload every file.  No server: the functions are pure."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from json.encoder import encode_basestring
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from neo4j_fixture import synthetic_graph

from extract import extract_sources
from extract.catalogue import CatalogueOptions
from graph import store
from graph.model import Evidence, EvidenceTables, build_graph
from graph.neo4j.io import UNATTRIBUTED, _digests, _json, _node_props, _plan

PLAN_FIELDS = ("files", "node_files", "file_nodes", "shares", "counts")


def reference_plan(G: nx.MultiDiGraph) -> dict:
    """The plan as the code before reading rows made it, from each mention's dict: the spec."""
    files = {f["doc"]: f for f in G.graph.get("files", [])}
    node_files, edges_by_file = defaultdict(set), defaultdict(list)
    spans = defaultdict(lambda: defaultdict(set))
    for doc, f in files.items():
        if f.get("key") in G:
            node_files[f["key"]].add(doc)
    for u, v, rel, d in G.edges(keys=True, data=True):
        by_file = defaultdict(list)
        for e in d["evidence"][:]:
            by_file[e["file"]].append(e)
        for doc, mine in by_file.items():
            files.setdefault(doc, {"doc": doc, "sha256": None})
            spans[v][doc].update(tuple(e["span"]) for e in mine)
            node_files[u].add(doc)
            node_files[v].add(doc)
            edges_by_file[doc].append((u, v, rel, mine))
    for key in G.nodes:
        if not node_files.get(key):
            node_files[key].add(UNATTRIBUTED)
            files.setdefault(UNATTRIBUTED, {"doc": UNATTRIBUTED, "sha256": None})
    file_nodes = defaultdict(set)
    for key, docs in node_files.items():
        for doc in docs:
            file_nodes[doc].add(key)
    shares = {}
    for key, docs in node_files.items():
        docs = sorted(docs)
        share = {doc: len(spans[key].get(doc, ())) for doc in docs}
        share[docs[0]] += int(G.nodes[key].get("cited") or 0) - sum(share.values())
        shares[key] = share
    counts = {doc: [sum(item.get("file") == doc for item in G.graph.get(kind, [])) for kind in ("unresolved", "incomplete")]
              for doc in files}
    return {"files": files, "node_files": {k: sorted(v) for k, v in node_files.items()},
            "file_nodes": {d: sorted(v) for d, v in file_nodes.items()}, "shares": shares,
            "edges_by_file": edges_by_file, "counts": counts}


def reference_digests(G: nx.MultiDiGraph, plan: dict) -> dict[str, str]:
    """Each file's digest by the formula the databases loaded so far hold: the spec."""
    digests = {}
    for doc, f in plan["files"].items():
        own = f.get("key")
        nodes = [[k, plan["shares"][k].get(doc, 0), _node_props(G, k) if k == own or doc == UNATTRIBUTED else None]
                 for k in plan["file_nodes"].get(doc, ())]
        blob = json.dumps([f.get("sha256"), own, plan["counts"][doc], nodes, sorted(plan["edges_by_file"].get(doc, ()))],
                          ensure_ascii=False, sort_keys=True, default=str)
        digests[doc] = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return digests


def assert_as_before(G: nx.MultiDiGraph) -> dict[str, str]:
    want = reference_plan(G)
    plan = _plan(G)
    for field in PLAN_FIELDS:
        assert getattr(plan, field) == want[field], field
    # the evidence each file gave each edge, read as dicts, in the same order
    assert {d: [(u, v, rel, list(ev)) for u, v, rel, ev in edges] for d, edges in plan.edges_by_file.items()} == \
        {d: [(u, v, rel, list(ev)) for u, v, rel, ev in edges] for d, edges in want["edges_by_file"].items()}
    digests = _digests(G, plan)
    assert digests == reference_digests(G, want)
    # the bulk import passes every document's properties; the same digests
    assert _digests(G, plan, {k: _node_props(G, k) for k in G.nodes}) == digests
    return digests


#: Strings JSON escapes (quotes, backslashes, control characters, U+2028) or keeps as they
#: are (Vietnamese, outside the BMP).
AWKWARD = ['', 'Căn cứ "Luật" \\ số 1', "tab\there\nnew\rline\x00\x01\x1f\x7f", "\u2028\u2029 ẩn",
           "𠀀 chữ Nôm 😀", "</script>"]
LONE_SURROGATE = "\ud800 alone"  # json.dumps passes it through; UTF-8 cannot hold it


@pytest.mark.parametrize("value", AWKWARD + [None, 3, 2.5, True, ["a", 1], {"b": 1, "a": None}, ("t", "u")])
def test_a_value_encodes_as_json_dumps_writes_it(value):
    assert _json(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


@pytest.mark.parametrize("text", AWKWARD + [LONE_SURROGATE])
def test_the_c_string_encoder_is_json_dumps(text):
    assert encode_basestring(text) == json.dumps(text, ensure_ascii=False) == json.dumps([text], ensure_ascii=False)[1:-1]


def test_a_lone_surrogate_fails_as_it_did():
    G = _hand_graph({("A", "X", "cites"): _evidence(EvidenceTables(), ("a.txt", (0, 1), LONE_SURROGATE, None, "X"))})
    with pytest.raises(UnicodeEncodeError):
        reference_digests(G, reference_plan(G))
    with pytest.raises(UnicodeEncodeError):
        _digests(G, _plan(G))


def test_the_seeds_keep_their_digests(seed_graph, tmp_path):
    assert_as_before(seed_graph)
    store.save(seed_graph, tmp_path / "g.json")
    assert assert_as_before(store.load(tmp_path / "g.json")) == _digests(seed_graph, _plan(seed_graph))


FULL_TEXT = ("UBND TỈNH BÌNH DƯƠNG\nSố: 05/KH-UBND\n"
             "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.\n")
LIST = ("so_ky_hieu,ngay_ban_hanh,trich_yeu,loai_van_ban,pdf\n"
        "05/KH-UBND,03/02/2022,thực hiện chỉ thị 33/ct-ttg,Chương trình,https://example.vn/5.pdf\n"
        "7/KH-UBND,01/03/2022,\"căn cứ Chỉ thị 33/CT-TTg, \"\"khẩn\"\"\",,\n")


def test_catalogue_rows_keep_their_digests(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "05.txt").write_text(FULL_TEXT, encoding="utf-8")
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    G = build_graph(extract_sources([str(tmp_path / "list.csv"), str(tmp_path / "docs")],
                                    catalogue=CatalogueOptions(province="Bình Dương")).documents)
    # the rows' line and url are in their mentions, hence in the digests
    assert {(e["file"], e.get("line")) for *_, ev in G.edges(data="evidence") for e in ev} >= {("list.csv:2", 2)}
    assert_as_before(G)


def _hand_graph(evidence: dict[tuple, object], files: list[dict] | None = None) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(files=files or [], unresolved=[{"file": "a.txt"}], incomplete=[{"file": "b.txt"}])
    for u, v, rel in evidence:
        for key in (u, v):
            G.add_node(key, key=key, number=key, title=AWKWARD[len(key) % len(AWKWARD)], cited=2)
    for (u, v, rel), ev in evidence.items():
        G.add_edge(u, v, key=rel, relation=rel, evidence=ev)
    return G


def _evidence(tables: EvidenceTables, *mentions) -> Evidence:
    ev = Evidence(tables)
    for file, span, sentence, cue, surface in mentions:
        ev.add(file, span, sentence, cue, surface)
    return ev


T = EvidenceTables(sources={"list.csv": {"line": 2, "url": "https://example.vn/x.pdf"}})
U = EvidenceTables()  # a second set of tables in the same graph
FILES = [{"doc": "a.txt", "key": "A", "sha256": "aa", "path": "/c/a.txt", "references": 2},
         {"doc": "b.txt", "key": "B", "sha256": None}, {"doc": "list.csv", "key": "C", "sha256": "cc", "line": 2}]

HAND = {
    "awkward strings, two tables, a catalogue row": _hand_graph({
        ("A", "X", "implements"): _evidence(T, ("a.txt", (0, 5), AWKWARD[1], "Căn cứ", AWKWARD[2]),
                                            ("b.txt", (7, 9), AWKWARD[3], None, AWKWARD[4]),
                                            ("a.txt", (11, 15), AWKWARD[5], None, AWKWARD[1])),
        ("A", "X", "based_on"): _evidence(T, ("a.txt", (0, 5), AWKWARD[1], None, "X"),
                                          ("a.txt", (20, 25), AWKWARD[4], None, "X")),
        ("B", "X", "cites"): _evidence(U, ("b.txt", (1, 2), "một", None, "X")),
        ("C", "Y", "guides"): _evidence(T, ("list.csv", (0, 3), AWKWARD[4], "chỉ đạo", "Y"),
                                        ("a.txt", (3, 4), "s", None, "Y")),
        ("Y", "Z", "amends"): Evidence(T),  # no evidence: no file states it
    }, FILES),
    "a source naming another file and span": _hand_graph({
        ("A", "X", "implements"): _evidence(EvidenceTables(sources={"a.txt": {"file": "b.txt", "span": [1, 2], "line": 1}}),
                                            ("a.txt", (0, 5), "s", None, "X"), ("c.txt", (0, 5), "s", None, "X")),
    }, FILES),
    "spans that are not ints": _hand_graph({
        ("A", "X", "implements"): Evidence(EvidenceTables(["a.txt"], ["s"], [None], ["X"]),
                                           "[[0, 1.5, 2, 0, 0, 0], [0, 3, 4, 0, 0, 0]]"),
    }),
    "evidence as dicts": _hand_graph({
        ("A", "X", "implements"): [{"file": "a.txt", "span": [0, 5], "sentence": AWKWARD[2], "cue": None, "surface": "X"},
                                   {"file": "b.txt", "span": (1, 2), "sentence": "s", "surface": "X", "extra": Path("p")}],
        ("B", "X", "cites"): [{"file": "b.txt", "span": [1, 2], "sentence": "s", "cue": "", "surface": "X"}],
        ("X", "Z", "cites"): [],
    }, FILES),
    "no files at all": _hand_graph({("A", "X", "cites"): []}),
}


@pytest.mark.parametrize("name", HAND)
def test_hand_made_graphs_keep_their_digests(name):
    digests = assert_as_before(HAND[name])
    assert len(set(digests.values())) == len(digests)


def test_the_benchmarks_synthetic_graph_keeps_its_digests():
    assert_as_before(synthetic_graph(60, 400, seed=3))


WORDS = st.sampled_from(AWKWARD[:6] + ["Luật", "x"])
MENTION = st.tuples(st.sampled_from(["a.txt", "b.txt", "list.csv", "d.txt"]),
                    st.tuples(st.integers(0, 9), st.integers(10, 12)), WORDS, st.one_of(st.none(), WORDS), WORDS)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("ABC"), st.sampled_from("XYZ"), st.sampled_from(["cites", "guides"])),
                       st.lists(MENTION, max_size=4), max_size=6),
       st.booleans())
def test_random_graphs_keep_their_digests(edges, as_dicts):
    tables = EvidenceTables(sources={"list.csv": {"line": 4, "url": None}})
    evidence = {e: _evidence(tables, *mentions) for e, mentions in edges.items()}
    G = _hand_graph({e: ev[:] if as_dicts else ev for e, ev in evidence.items()}, FILES[:2])
    assert_as_before(G)
