"""The pyvis page: offline, escaped, coloured by level with a legend."""
from __future__ import annotations

import json

import regex

from graph.render import LEVEL_COLORS, render_html, subgraph


def _nodes(page: str) -> list[dict]:
    m = regex.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, regex.S)
    return json.loads(m.group(1))


def test_page_is_offline_and_complete(seed_graph, tmp_path):
    out = render_html(seed_graph, tmp_path / "g.html")
    page = out.read_text()
    assert not regex.search(r"<(?:script|link)[^>]+(?:src|href)=\"https?://", page)
    nodes = _nodes(page)
    assert len(nodes) == seed_graph.number_of_nodes()
    assert "vbgraph-legend" in page
    assert {n["color"] for n in nodes} <= set(LEVEL_COLORS.values())


def test_document_text_is_escaped(seed_graph, tmp_path):
    G = seed_graph.copy()
    k = next(iter(G.nodes))
    G.nodes[k]["subject"] = "</script><script>alert(1)</script>"
    page = render_html(G, tmp_path / "g.html").read_text()
    assert "<script>alert(1)" not in page


def test_subgraph_around_and_province(seed_graph):
    k = next(n for n, d in seed_graph.nodes(data=True) if d.get("number") == "03/KH-UBND")
    assert set(subgraph(seed_graph, around=k, depth=0).nodes) == {k}
    tv = subgraph(seed_graph, province="Trà Vinh")
    assert all(d.get("place") in ("Trà Vinh", None) for _, d in tv.nodes(data=True))
