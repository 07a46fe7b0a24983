"""The bulk import's CSV files (graph/neo4j/bulk.py), read back as the importer reads them,
without a server: every document, file, edge and SOURCE_OF link, and failures that end."""
from __future__ import annotations

import csv
import signal
import time

import pytest

from graph.exceptions import VbgraphError
from graph.neo4j.bulk import ARRAY_DELIMITER, LINE_END, write_import_csvs
from graph.neo4j.io import REL_TYPES, _plan


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _array(field: str) -> list[str] | None:
    return field.split(ARRAY_DELIMITER) if field else None


def test_the_files_hold_the_graph(seed_graph, tmp_path):
    G = seed_graph
    out = write_import_csvs(G, tmp_path)
    plan = _plan(G)
    docs = {r["key:ID(Document)"]: r for r in _rows(tmp_path / "documents.csv")}
    assert set(docs) == set(G.nodes)
    for k, r in docs.items():
        assert _array(r["source_files:string[]"]) == plan.node_files[k]
        assert int(r["cited:long"]) == sum(plan.shares[k].values())
    files = {r["doc:ID(File)"] for r in _rows(tmp_path / "files.csv")}
    assert files == set(plan.files) and out.summary.files == len(files)
    sources = {(r[":START_ID(File)"], r[":END_ID(Document)"]): int(r["cited:long"])
               for r in _rows(tmp_path / "sources.csv")}
    assert sources == {(d, k): n for k, ds in plan.shares.items() for d, n in ds.items()}
    rels = _rows(tmp_path / "relationships.csv")
    assert out.summary.relationships == len(rels) == G.number_of_edges()
    for r in rels:
        ev = sorted(G.edges[r[":START_ID(Document)"], r[":END_ID(Document)"],
                             next(k for k, t in REL_TYPES.items() if t == r[":TYPE"])]["evidence"],
                    key=lambda e: e["file"])
        assert _array(r["files:string[]"]) == [e["file"] for e in ev]
        assert _array(r["spans:string[]"]) == [f"{e['span'][0]}:{e['span'][1]}" for e in ev]
        for field, name in (("sentences", "sentence"), ("cues", "cue"), ("surfaces", "surface")):
            # a list of nothing but "" is left out, as a MERGE load leaves it
            expected = [e[name] or "" for e in ev] if any(e[name] for e in ev) else None
            assert _array(r[f"{field}:string[]"]) == expected, (r, field)
    assert all(p.read_bytes().count(LINE_END.encode()) for p in tmp_path.glob("*.csv"))
    assert out.multiline == []


def test_a_failure_ends_both_processes_with_one_line(seed_graph, tmp_path):
    G = seed_graph.copy()
    G.add_nodes_from((f"{i}/KH-UBND@2021", {"key": f"{i}/KH-UBND@2021"}) for i in range(20_000))  # shares > a pipe
    u, v, _ = next(iter(G.edges(keys=True)))
    G.add_edge(u, v, key="inspires", relation="inspires", evidence=[
        {"file": "x.txt", "span": [0, 1], "sentence": "s", "cue": None, "surface": "x"}])
    # the child, blocked sending what the parent never reads, must not hang the call
    def hung(signum, frame):
        raise TimeoutError("write_import_csvs hung")

    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    start = time.monotonic()
    try:
        with pytest.raises(VbgraphError, match="^unknown relation 'inspires' on ") as err:
            write_import_csvs(G, tmp_path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert time.monotonic() - start < 30
    assert "\n" not in str(err.value)
