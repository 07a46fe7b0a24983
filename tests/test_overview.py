"""The overview and the focused view of a large graph (graph/views/overview.py), and the
command line that chooses them."""
from __future__ import annotations

import pytest
from overview_graph import overview_graph
from typer.testing import CliRunner

import cli
from graph import queries
from graph.provinces import map_at
from graph.views.overview import MAX_ANCHORS, MEMBER_CAP, focus, overview


@pytest.fixture(scope="module")
def big():
    return overview_graph()


def _below(G, key):
    return {r["key"] for r in queries.trace(G, key, direction="down")} - {key}


def test_overview_counts_each_provinces_implementers(big):
    agg = overview(big)
    pmap = map_at()
    assert len(agg.anchors) == MAX_ANCHORS and len(agg.rest) == 40 - MAX_ANCHORS
    for key in agg.anchors[:8]:
        expected: dict[str, int] = {}
        for k in _below(big, key):
            row = pmap.row_of(big.nodes[k].get("place"))
            if row:  # central documents below are anchors of their own, not a cluster
                expected[row] = expected.get(row, 0) + 1
        clusters = agg.clusters[key]
        assert {c.province: c.count for c in clusters} == expected
        assert [c.count for c in clusters] == sorted((c.count for c in clusters), reverse=True)
        for c in clusters:
            members = {m.key for m in c.members}
            assert len(members) <= MEMBER_CAP
            assert c.more == c.count - sum(m.own for m in c.members)
            # Every member's chain stays on the page up to the anchor.
            assert all(m.parent == key or m.parent in members for m in c.members)
            assert all(big.has_edge(m.key, m.parent, m.relation) for m in c.members)


def test_overview_draws_the_most_implemented_central_documents(big):
    agg = overview(big, max_anchors=5)
    totals = {k: len(_below(big, k)) for k in big if big.nodes[k]["level"].startswith("central")}
    assert set(agg.anchors) == set(sorted(totals, key=lambda k: (-totals[k], k))[:5])
    assert ("6-CT/TW@2015", "114-KL/TW@2015", "implements") not in agg.edges or "6-CT/TW@2015" in agg.anchors


def test_focus_has_the_lineage_up_and_implementers_by_province(big):
    centre = "6-CT/TW@2015"
    agg = focus(big, centre)
    assert agg.centre == centre and agg.anchors == (centre,)
    assert agg.lineage == (("114-KL/TW@2015", 1),)
    assert agg.edges == ((centre, "114-KL/TW@2015", "implements"),)
    assert sum(c.count for c in agg.clusters[centre]) == len(_below(big, centre))


def _view(graph_file, out, *args):
    return CliRunner().invoke(cli.app, ["view", "--graph", str(graph_file), "-o", str(out), *args])


def test_view_draws_an_overview_above_the_threshold_and_every_document_when_asked(seed_graph_file, tmp_path,
                                                                                monkeypatch):
    from graph.views import overview as module

    monkeypatch.setattr(module, "OVERVIEW_ABOVE", 40)  # the seeds' 50 documents are a large graph now
    r = _view(seed_graph_file, tmp_path / "o.html")
    assert r.exit_code == 0, r.output
    assert "overview of 50 documents:" in r.output
    assert 'data-page="overview"' in (tmp_path / "o.html").read_text(encoding="utf-8")
    r = _view(seed_graph_file, tmp_path / "a.html", "--all", "--lang", "en")
    assert r.exit_code == 0 and "documents, 84 edges" in r.output and "overview of" not in r.output


def test_view_focus_and_the_seeds_page(seed_graph_file, tmp_path):
    r = _view(seed_graph_file, tmp_path / "f.html", "--focus", "33/ct-ttg")
    assert r.exit_code == 0, r.output
    assert "focus on 33/ct-ttg" in r.output
    assert 'data-key="33/CT-TTG@2021"' in (tmp_path / "f.html").read_text(encoding="utf-8")
    # Small graphs keep the detailed page; --overview asks for the aggregate anyway.
    r = _view(seed_graph_file, tmp_path / "s.html")
    assert r.exit_code == 0 and "overview of" not in r.output
    r = _view(seed_graph_file, tmp_path / "s.html", "--overview")
    assert r.exit_code == 0 and "overview of 50 documents" in r.output


def test_overview_with_a_chain_is_a_one_line_usage_error(seed_graph_file, tmp_path):
    r = _view(seed_graph_file, tmp_path / "x.html", "--overview", "--trace", "33/CT-TTg")
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0 and r.output.startswith("Error: --overview draws no chain")
