"""`vbgraph export` (graph/export.py): each format written, read back by networkx or csv,
and compared with the graph: node and edge counts, typed attributes, evidence as text."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import cli
from graph import store
from graph.export import EDGE_FIELDS, NODE_FIELDS, evidence_text, typed_graph
from graph.model import label

runner = CliRunner()


def run(*args):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


def _read_csv(folder: Path) -> nx.MultiDiGraph:
    """nodes.csv and edges.csv back into a graph, each value typed by the export's tables."""
    def typed(row: dict, fields: dict) -> dict:
        cast = {int: int, str: str, bool: lambda v: {"True": True, "False": False}[v]}
        return {f: cast[t](row[f]) for f, t in fields.items() if row[f] != ""}

    H = nx.MultiDiGraph()
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            H.add_node(row["id"], **typed(row, NODE_FIELDS))
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            H.add_edge(row["source"], row["target"], key=row["relation"], **typed(row, EDGE_FIELDS))
    return H


#: format → (file name, reader giving a MultiDiGraph keyed by document key and relation)
READERS = {
    "graphml": ("g.graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
    "gexf": ("g.gexf", nx.read_gexf),
    "csv": ("g-csv", _read_csv),
}


def _edges(H: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict]:
    """Edges by (source, target, relation), without the ids a format adds."""
    return {(u, v, d["relation"]): {f: d[f] for f in EDGE_FIELDS if f in d} for u, v, d in H.edges(data=True)}


@pytest.mark.parametrize("fmt", list(READERS))
def test_whole_graph_reads_back_with_typed_attributes(seed_graph_file, tmp_path, fmt):
    name, read = READERS[fmt]
    out = tmp_path / name
    r = run("export", "-o", out, "--graph", seed_graph_file)  # the format from the suffix
    assert r.exit_code == 0, r.output
    G = store.load(seed_graph_file)
    back = read(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    expected = typed_graph(G)
    for k, d in expected.nodes(data=True):
        assert back.nodes[k] == d, k
        assert back.nodes[k]["label"] == label(G, k)
    assert _edges(back) == _edges(expected)
    n = back.nodes["114-KL/TW@2015"]
    assert (type(n["year"]), type(n["cited"]), type(n["seen"])) == (int, int, bool)
    ev = G.edges["03/KH-UBND#Trà Vinh@2022", "33/CT-TTG@2021", "implements"]["evidence"]
    got = back.get_edge_data("03/KH-UBND#Trà Vinh@2022", "33/CT-TTG@2021")
    assert [d["evidence"] for d in got.values()] == [evidence_text(ev)]
    assert "triển khai thực hiện Chỉ thị" in evidence_text(ev)


# filters (as the view's) → documents of the export
FILTERS = [
    (["--level", "central_party"], lambda n: n.get("level") == "central_party"),
    (["--level", "provincial_party", "--level", "provincial_state", "--province", "tra vinh", "--as-of", "2024-01-01"],
     lambda n: n.get("place") == "Trà Vinh" and n.get("level") in ("provincial_party", "provincial_state")),
    (["--province", "Cần Thơ", "--level", "provincial_party"],  # today's Cần Thơ holds Sóc Trăng
     lambda n: n.get("place") == "Sóc Trăng" and n.get("level") == "provincial_party"),
]


@pytest.mark.parametrize("args, keep", FILTERS)
def test_filters_like_the_view(seed_graph_file, tmp_path, args, keep):
    out = tmp_path / "f.graphml"
    assert run("export", "-o", out, "--graph", seed_graph_file, *args).exit_code == 0
    G = store.load(seed_graph_file)
    back = nx.read_graphml(out, force_multigraph=True)
    wanted = {k for k, n in G.nodes(data=True) if keep(n)}
    assert wanted and set(back) == wanted
    assert back.number_of_edges() == G.subgraph(wanted).number_of_edges()


def test_trace_exports_the_lineage(seed_graph_file, tmp_path):
    out = tmp_path / "t.gexf"
    r = run("export", "-o", out, "--graph", seed_graph_file, "--trace", "33/CT-TTg", "--direction", "down")
    assert r.exit_code == 0
    rows = run("trace", "33/CT-TTg", "--down", "--graph", seed_graph_file, "--format", "csv").stdout.splitlines()
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == len(rows) - 1 and "33/CT-TTG@2021" in back


@pytest.mark.parametrize("args, message", [
    (["--province", "Atlantis"], "no province 'Atlantis'; did you mean"),
    (["--level", "district"], "nothing to export"),
    (["--trace", "33/CT-TTx"], "no document '33/CT-TTx'"),
])
def test_export_errors_are_one_line(seed_graph_file, tmp_path, args, message):
    r = run("export", "-o", tmp_path / "e.gexf", "--graph", seed_graph_file, *args)
    assert r.exit_code == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "e.gexf").exists()
