"""`check` gives identical rows on networkx and on Neo4j: the small compliance corpus
(every filter), the seeds, and a generated corpus with replacements, repeals and
amendments, each as read from its graph file (what `vbgraph load` reads)."""
from __future__ import annotations

import itertools

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings, neo4j_db)
from test_checks import CASES, COMPLIANCE, E2E, PROVINCE_CASES, UNDECIDED, _merger_graph, graph, vbgraph
from test_neo4j_parity import _generated_graph

from extract import extract_sources
from graph import checks, store
from graph.neo4j import queries as neo4j_queries
from graph.model import build_graph
from graph.neo4j.io import load_graph, wipe
from graph.provinces import MAP_34, MAP_63, UnknownProvince, map_at

pytestmark = pytest.mark.neo4j

OPTIONS = [{}, {"kinds": ["stale_basis"]}, {"kinds": ["undecided", "amended_since"]}, {"province": "KIÊN GIANG"},
           {"since": "2024"}, {"since": "2022-09"}, {"relations": ["based_on"]}, {"relations": ["cites"]},
           {"relations": []}, {"relations": ["replaces", "based_on"]}]


def _same(G, db, options=OPTIONS) -> list[dict]:
    for o in options:
        assert neo4j_queries.check(db, **o) == checks.check(G, **o), o
    return checks.check(G)


def _file_graph(path):
    return store.from_dict(store.to_dict(build_graph(extract_sources([str(path)]).documents)))


def test_parity_on_the_compliance_corpus(neo4j_db):
    G = _file_graph(COMPLIANCE)
    load_graph(neo4j_db, G)
    assert len(_same(G, neo4j_db)) == len(E2E)


def test_parity_on_seeds(neo4j_db, seeds_dir):
    G = _file_graph(seeds_dir)
    load_graph(neo4j_db, G)
    assert [r["kind"] for r in _same(G, neo4j_db)] == ["undecided"]  # the unplaced 52-CTr/BDV-BCSĐUBND


def test_parity_on_every_table_case(neo4j_db):
    """Each finding of tests/test_checks.py's tables (cycles, chains of replacements, one's own
    replacement, undated and undecided documents), on Neo4j."""
    tables = [(dates, edges, {}) for dates, edges, _ in CASES.values()]
    tables += [({"D": "2023-01-01", x: "2019-01-01", "R": "2021-01-01"}, edges, attrs)
               for attrs, x, edges, _ in UNDECIDED.values()]
    for dates, edges, attrs in tables:
        G = store.from_dict(store.to_dict(graph(dates, edges, **attrs)))
        wipe(neo4j_db)
        load_graph(neo4j_db, G)
        _same(G, neo4j_db, [{}, {"kinds": ["undecided"]}, {"relations": ["based_on", "implements", "cites"]}])


def test_parity_across_the_merger(neo4j_db):
    G = _merger_graph()
    load_graph(neo4j_db, G)
    for (province, as_of), expected in PROVINCE_CASES.values():
        _same(G, neo4j_db, [{"province": province, "province_map": map_at(as_of)}])
        assert sorted(r["document"] for r in checks.check(G, province=province, province_map=map_at(as_of))) == expected
    with pytest.raises(UnknownProvince):
        neo4j_queries.check(neo4j_db, province="Vinh Lonng")


def test_parity_on_a_generated_corpus(neo4j_db):
    G = _generated_graph()
    load_graph(neo4j_db, G, batch_size=2000)
    provinces = sorted({p for _, p in G.nodes(data="place") if p})[:3]
    rows = _same(G, neo4j_db, OPTIONS + [{"province": p, "province_map": m} for p in provinces for m in (MAP_63, MAP_34)]
                 + [dict(kinds=[k], since=s) for k, s in itertools.product(checks.KINDS, ["2021", "2023-06"])])
    kinds = {r["kind"] for r in rows}
    assert {"stale_basis", "superseded_since", "amended_since"} <= kinds, kinds


def test_command_answers_from_neo4j(neo4j_db, neo4j_settings, monkeypatch, tmp_path):
    G = _file_graph(COMPLIANCE)
    load_graph(neo4j_db, G)
    for name, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                        ("NEO4J_PASSWORD", neo4j_settings.password), ("NEO4J_DATABASE", neo4j_settings.database)):
        monkeypatch.setenv(name, value)
    path = tmp_path / "graph.json"
    store.save(G, path)
    for fmt in ("json", "csv", "table"):
        here, there = vbgraph("check", "-g", path, "-f", fmt), vbgraph("check", "--neo4j", "-f", fmt)
        assert (there.exit_code, there.stdout) == (0, here.stdout)
