"""A real Neo4j for the loader and query tests, shared by the whole session (no mocks).

Use from a test module with ``from neo4j_fixture import *  # noqa: F403`` (the fixtures
are then visible to pytest there).  The server: the one at NEO4J_URI (default
bolt://127.0.0.1:7687, which CI starts with ``.ci/neo4j.sh``) when it answers with
NEO4J_PASSWORD or the local server's password file and holds no vbgraph documents (the
tests wipe them: a developer's loaded graph is left alone); otherwise one started here with
:func:`graph.neo4j.server.start` on a spare port in a temp data dir, stopped at the end.
When neither can be had: a failure under CI=true, else a skip with the reason.

Each test that takes ``neo4j_db`` starts from a database without vbgraph's nodes, and
leaves none behind when it passes.
"""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from graph.neo4j import server as neo4j_server
from graph.exceptions import VbgraphError
from graph.neo4j.io import Neo4jGraph, Neo4jSettings, connect, counts, wipe

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["neo4j_settings", "neo4j_db", "snapshot", "synthetic_graph", "ROOT"]


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory) -> Neo4jSettings:
    settings = Neo4jSettings.from_env()
    try:
        db = connect(settings, timeout=5)
    except VbgraphError as err:
        first = str(err)
    else:
        try:
            held = counts(db)["documents"]
        finally:
            db.close()
        if not held:
            yield settings
            return
        # The tests wipe the database: never someone's loaded graph.
        first = f"{settings.uri} already holds {held} documents"
    data_dir = tmp_path_factory.mktemp("neo4j-data")
    try:
        if neo4j_server.installed_version() is None:
            neo4j_server.install()
        st = neo4j_server.start(data_dir=data_dir, bolt_port=_free_port(), password="vbgraph-test-pw",
                                heap_max="2g", timeout=180)
    except VbgraphError as err:
        _unavailable(f"no Neo4j: {first}; and starting one failed: {err}")
    try:
        yield Neo4jSettings(uri=st.uri, user="neo4j", password="vbgraph-test-pw", database="neo4j")
    finally:
        neo4j_server.stop(data_dir=data_dir)


@pytest.fixture()
def neo4j_db(neo4j_settings) -> Neo4jGraph:
    db = connect(neo4j_settings)
    wipe(db)
    try:
        yield db
        wipe(db)
    finally:
        db.close()


def snapshot(db: Neo4jGraph) -> dict:
    """Everything vbgraph stored, comparable across databases (no internal ids)."""
    nodes = {r["key"]: {**r["p"], ":labels": sorted(r["l"])} for r in db.read(
        "MATCH (d:Document) RETURN d.key AS key, properties(d) AS p, labels(d) AS l")}
    rels = {(r["a"], r["t"], r["b"]): r["p"] for r in db.read(
        "MATCH (a:Document)-[r]->(b:Document) RETURN a.key AS a, type(r) AS t, b.key AS b, properties(r) AS p")}
    files = {r["doc"]: r["p"] for r in db.read("MATCH (f:VbgraphFile) RETURN f.doc AS doc, properties(f) AS p")}
    sources = sorted((r["f"], r["d"], r["c"]) for r in db.read(
        "MATCH (f:VbgraphFile)-[s:SOURCE_OF]->(d:Document) RETURN f.doc AS f, d.key AS d, s.cited AS c"))
    return {"nodes": nodes, "rels": rels, "files": files, "sources": sources}


def synthetic_graph(docs: int, refs: int, *, seed: int = 0):
    """The benchmark's generated graph (bench/neo4j_load.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from neo4j_load import synthetic_graph as make
    finally:
        sys.path.pop(0)
    return make(docs, refs, seed=seed)
