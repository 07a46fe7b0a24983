"""`vbgraph load --bulk`: neo4j-admin's import gives what a MERGE load gives, on a server of our own."""
from __future__ import annotations

import socket

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings)
from neo4j_fixture import snapshot
from typer.testing import CliRunner

import cli
from graph import store
from graph.neo4j import server as neo4j_server
from graph.exceptions import VbgraphError
from graph.neo4j.bulk import bulk_load
from graph.neo4j.io import Neo4jSettings, connect, load_graph, wipe
from graph.neo4j import lineage as lineage_module
from graph.neo4j.lineage import sync_recorded

pytestmark = pytest.mark.neo4j

PASSWORD = "vbgraph-bulk-test-pw"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server this test starts (bulk stops and restarts it): settings and data dir."""
    data_dir = tmp_path_factory.mktemp("neo4j-bulk")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    try:
        if neo4j_server.installed_version() is None:
            neo4j_server.install()
        st = neo4j_server.start(data_dir=data_dir, bolt_port=port, password=PASSWORD, timeout=300)
    except VbgraphError as err:
        pytest.skip(f"no Neo4j of our own: {err}")
    try:
        yield Neo4jSettings(uri=st.uri, password=PASSWORD), data_dir
    finally:
        neo4j_server.stop(data_dir=data_dir)


def test_a_bulk_load_is_a_merge_load(own_server, seed_graph):
    settings, data_dir = own_server
    summary = bulk_load(seed_graph, settings, data_dir=data_dir)
    assert (summary.nodes, summary.relationships) == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    db = connect(settings)
    try:
        # the lineage too, written after the import: a later sync finds nothing to change
        assert sync_recorded(db, seed_graph, summary.files) == 0
        bulk = snapshot(db)
        names = {r["name"] for r in db.read("SHOW CONSTRAINTS YIELD name RETURN name")}
        assert {"document_key", "vbgraph_file_doc"} <= names
        # the digests are the MERGE path's: loading the same graph now writes nothing
        again = load_graph(db, seed_graph)
        assert (again.files_loaded, again.nodes_created, again.relationships_created) == (0, 0, 0)
        wipe(db)
        load_graph(db, seed_graph, batch_size=7)
        assert bulk == snapshot(db)
        # a first load only: a database that holds vbgraph's documents is refused without --wipe
        with pytest.raises(VbgraphError, match="already holds .* vbgraph nodes: --bulk is for a first load"):
            bulk_load(seed_graph, settings, data_dir=data_dir)
        wipe(db)
    finally:
        db.close()


def _awkward(G):
    """*G* with the values CSV makes hard: quotes, commas, line breaks (\\n, \\r\\n, a bare
    \\r), empty strings, a mention without a cue beside one with, one-element [""] arrays."""
    G = G.copy()
    edges = list(G.edges(keys=True, data="evidence"))
    (u, v, rel, ev), (u2, v2, rel2, ev2) = edges[0], next(e for e in edges[1:] if len(e[3]) == 1)
    first = dict(ev[0], sentence='Căn cứ "Chỉ thị", số 33;\nthực hiện\r\nngày\r1', cue=None, surface="")
    G.edges[u, v, rel]["evidence"] = [first, dict(first, span=[10**6, 10**6 + 5], cue="Căn cứ", sentence="")]
    G.edges[u2, v2, rel2]["evidence"] = [dict(ev2[0], sentence=None, cue=None)]
    key = next(iter(G.nodes))
    G.nodes[key].update(subject="", issuer='Ủy ban "nhân dân", tỉnh\nTrà Vinh')
    return G


def _same_as_a_merge_load(own_server, G, inspect=lambda db, summary: None) -> None:
    """Bulk-load *G* (then *inspect* the database), and compare with a MERGE load of it."""
    settings, data_dir = own_server
    summary = bulk_load(G, settings, data_dir=data_dir)
    db = connect(settings)
    try:
        inspect(db, summary)
        bulk = snapshot(db)
        wipe(db)
        load_graph(db, G)
        assert bulk == snapshot(db)
        wipe(db)
    finally:
        db.close()


def test_awkward_values_survive_the_import(own_server, seed_graph):
    _same_as_a_merge_load(own_server, _awkward(seed_graph))


def test_bulk_refuses_a_server_it_did_not_start(own_server, neo4j_settings, seed_graph, tmp_path):
    _, data_dir = own_server
    path = tmp_path / "graph.json"
    store.save(seed_graph, path)
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": neo4j_settings.password or ""}
    r = CliRunner().invoke(cli.app, ["load", "--graph", str(path), "--bulk", "--data-dir", str(data_dir)], env=env)
    assert r.exit_code == 1
    assert r.output.startswith("Error: --bulk imports only into the server `vbgraph neo4j start` runs")
    assert r.output.count("\n") == 1 and neo4j_settings.uri in r.output


def test_stored_first_pages_go_through_the_import(own_server, seed_graph, monkeypatch):
    # Pages of JSON (quotes, commas, Vietnamese) and every lineage array, as CSV fields:
    # the same database as a MERGE load with its lineage.
    monkeypatch.setattr(lineage_module, "PAGE", 3)
    monkeypatch.setattr(lineage_module, "PAGED_BELOW", 0)

    def inspect(db, summary):
        assert db.read("MATCH (d:Document) WHERE d.lineage_trace_page IS NOT NULL RETURN count(d) AS n")[0]["n"] > 0
        assert sync_recorded(db, seed_graph, summary.files) == 0

    _same_as_a_merge_load(own_server, seed_graph, inspect)
