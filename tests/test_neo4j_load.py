"""Loading into a real Neo4j: schema, idempotence, incremental reloads, injection,
connection errors, the CLI, and a load killed midway."""
from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings, neo4j_db)
from neo4j_fixture import ROOT, snapshot, synthetic_graph
from typer.testing import CliRunner

from extract import extract_sources
from graph import queries, store
from graph.neo4j import lineage
from graph.neo4j import queries as neo4j_queries
from graph.exceptions import NodeNotFound
from graph.model import build_graph
from graph.neo4j.io import LoadSummary, Neo4jSettings, Neo4jUnavailable, connect, counts, load_graph, wipe

pytestmark = pytest.mark.neo4j


def _rel_ids(db) -> dict:
    return {(r["a"], r["t"], r["b"]): (r["id"], r["files"]) for r in db.read(
        "MATCH (a:Document)-[r]->(b:Document) RETURN a.key AS a, type(r) AS t, b.key AS b, "
        "elementId(r) AS id, r.files AS files")}


def test_constraints_and_indexes_exist_after_load(neo4j_db, seed_graph):
    load_graph(neo4j_db, seed_graph)
    cons = {r["name"]: r for r in neo4j_db.read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *")}
    assert cons["document_key"]["type"] == "UNIQUENESS"
    assert cons["document_key"]["labelsOrTypes"] == ["Document"] and cons["document_key"]["properties"] == ["key"]
    idx = {r["name"]: r for r in neo4j_db.read("SHOW INDEXES YIELD name, properties, state RETURN *")}
    for name, prop in (("document_number", "number"), ("document_place", "place"), ("document_level", "level"),
                       ("document_kind", "kind")):
        assert idx[name]["properties"] == [prop] and idx[name]["state"] == "ONLINE"


def test_load_matches_graph_and_second_load_creates_nothing(neo4j_db, seed_graph):
    first = load_graph(neo4j_db, seed_graph, batch_size=7)
    assert first.nodes_created == seed_graph.number_of_nodes()
    assert first.relationships_created == seed_graph.number_of_edges()
    assert counts(neo4j_db) == {"documents": seed_graph.number_of_nodes(),
                                         "relationships": seed_graph.number_of_edges(),
                                         "files": len(seed_graph.graph["files"])}
    before = snapshot(neo4j_db)
    second = load_graph(neo4j_db, seed_graph, batch_size=7)
    assert second.counters.get("nodes_created", 0) == 0 and second.counters.get("relationships_created", 0) == 0
    assert (second.nodes_created, second.relationships_created, second.files_loaded) == (0, 0, 0)
    assert second.files_unchanged == len(seed_graph.graph["files"])
    assert snapshot(neo4j_db) == before
    # Every document records the files that name it; evidence is stored as parallel lists.
    doc = before["nodes"]["114-KL/TW@2015"]
    assert doc["source_files"] == sorted(doc["source_files"]) and len(doc["source_files"]) >= 3
    rel = next(p for (a, t, b), p in before["rels"].items() if b == "114-KL/TW@2015")
    assert len(rel["files"]) == len(rel["spans"]) == len(rel["sentences"]) == len(rel["cues"]) == len(rel["surfaces"])
    assert all(":" in s for s in rel["spans"])


def _changed_seeds(seeds_dir, tmp_path):
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds_dir, corpus)
    f = corpus / "004_62ffd4cb76640771.txt"
    text = f.read_text(encoding="utf-8")
    old = "Thông báo số 135-TB/VPTU ngày 22-3-2021 của Văn phòng Tỉnh ủy"
    assert old in text
    f.write_text(text.replace(old, "Nghị quyết số 99/NQ-CP ngày 01/01/2020 của Chính phủ"), encoding="utf-8")
    return build_graph(extract_sources([str(corpus)]).documents)


def test_incremental_reload_touches_only_the_changed_file(neo4j_db, seed_graph, seeds_dir, tmp_path):
    G2 = _changed_seeds(seeds_dir, tmp_path)
    changed = "004_62ffd4cb76640771.txt"
    load_graph(neo4j_db, seed_graph)
    before = _rel_ids(neo4j_db)
    summary = load_graph(neo4j_db, G2)
    assert (summary.files_loaded, summary.files_unchanged) == (1, len(G2.graph["files"]) - 1)
    assert summary.nodes_deleted >= 1  # 135-TB/VPTU: only the changed file named it
    after = _rel_ids(neo4j_db)
    # Relationships the changed file did not state are the same relationships, untouched.
    for k, (rid, files) in before.items():
        if changed not in files:
            assert after[k] == (rid, files)
    incremental = snapshot(neo4j_db)
    assert any(k.startswith("99/NQ-CP") for k in incremental["nodes"])
    assert not any(k.startswith("135-TB/VPTU") for k in incremental["nodes"])

    # The same as loading the changed graph into an empty database.
    wipe(neo4j_db)
    load_graph(neo4j_db, G2)
    assert incremental == snapshot(neo4j_db)
    # And back: reloading the original restores the original database exactly.
    load_graph(neo4j_db, seed_graph)
    restored = snapshot(neo4j_db)
    wipe(neo4j_db)
    load_graph(neo4j_db, seed_graph)
    assert restored == snapshot(neo4j_db)


def test_adding_a_file_loads_only_it_and_equals_a_clean_load(neo4j_db, seed_graph, seed_corpus):
    part = build_graph(seed_corpus.documents[:4])
    assert load_graph(neo4j_db, part).files_loaded == 4
    s = load_graph(neo4j_db, seed_graph)
    assert (s.files_loaded, s.files_unchanged) == (1, 4)
    mixed = snapshot(neo4j_db)
    # A graph of one file alone (resolved without the others) rewrites what that file
    # states and fills, never empties, the documents other files name (their lineage goes:
    # the database holds more than that graph).
    before = mixed["nodes"]
    load_graph(neo4j_db, build_graph(seed_corpus.documents[1:2]))
    after = snapshot(neo4j_db)["nodes"]
    for key, props in before.items():
        if key in after:
            assert {k for k, v in props.items() if v not in (None, "")} - {"source_files", *lineage.FIELDS} \
                <= set(after[key])
    # Whatever came before, loading the full graph again gives exactly a clean load.
    load_graph(neo4j_db, seed_graph)
    again = snapshot(neo4j_db)
    wipe(neo4j_db)
    load_graph(neo4j_db, seed_graph)
    assert mixed == again == snapshot(neo4j_db)


def test_prune_removes_dropped_files_and_equals_a_clean_load(neo4j_db, seed_graph, seed_corpus):
    part = build_graph(seed_corpus.documents[:3])
    load_graph(neo4j_db, part)
    clean = snapshot(neo4j_db)
    load_graph(neo4j_db, seed_graph)
    # Without --prune the two files the smaller graph lacks stay: a shared database may
    # hold several corpora.
    kept = load_graph(neo4j_db, part)
    assert (kept.files_pruned, kept.files_loaded) == (0, 0)
    assert counts(neo4j_db)["files"] == 5
    pruned = load_graph(neo4j_db, part, prune=True)
    assert pruned.files_pruned == 2 and pruned.nodes_deleted > 0
    assert snapshot(neo4j_db) == clean
    assert load_graph(neo4j_db, part, prune=True).counters.get("nodes_deleted", 0) == 0


def test_documents_left_unnamed_by_a_crash_are_swept(neo4j_db, seed_graph):
    load_graph(neo4j_db, seed_graph)
    clean = snapshot(neo4j_db)
    # What a load killed between stripping a file and dropping its orphans leaves behind.
    with neo4j_db.driver.session(database=neo4j_db.database) as s:
        s.run("CREATE (:Document {key: 'orphan@2020', source_files: ['gone.txt'], cited: 1})").consume()
        s.run("MATCH (f:VbgraphFile {doc: $doc}) SET f.digest = 'stale'",
              doc=seed_graph.graph["files"][0]["doc"]).consume()
    assert load_graph(neo4j_db, seed_graph).nodes_deleted == 1
    assert snapshot(neo4j_db) == clean


def _lineage(db) -> dict:
    return {r["key"]: {f: r[f] for f in lineage.FIELDS} for r in db.read(
        "MATCH (d:Document) RETURN d.key AS key, " + ", ".join(f"d.{f} AS {f}" for f in lineage.FIELDS))}


def _same_answers(db, G, hub) -> None:
    for kw in ({}, {"limit": 3}, {"limit": 2, "offset": 2}):
        assert neo4j_queries.trace(db, hub, direction="down", **kw) == queries.trace(G, hub, direction="down", **kw)
        ours, theirs = neo4j_queries.implementers(db, hub, **kw), queries.implementers(G, hub, **kw)
        assert ours == theirs and ours.total == theirs.total
    assert neo4j_queries.coverage(db, [hub]) == queries.coverage(G, [hub])


def test_lineage_is_kept_while_the_database_holds_one_graph(neo4j_db, seed_graph, seed_corpus):
    part = build_graph(seed_corpus.documents[:3])
    load_graph(neo4j_db, part)
    assert _lineage(neo4j_db) == lineage.lineage(part)
    # only the documents whose lineage changed are written
    assert 0 < load_graph(neo4j_db, seed_graph).lineage < seed_graph.number_of_nodes()
    assert _lineage(neo4j_db) == lineage.lineage(seed_graph)
    hub = max(seed_graph, key=lambda k: (len(queries.trace(seed_graph, k, direction="down")), k))
    assert lineage.ready(neo4j_db, hub)["below"] == len(queries.trace(seed_graph, hub, direction="down")) - 1
    _same_answers(neo4j_db, seed_graph, hub)
    # Loading the smaller graph without --prune leaves the database holding more than it:
    # its lineage would be wrong there, so none is kept, and the queries walk.
    assert load_graph(neo4j_db, part).files_loaded == 0
    assert not any(v for row in _lineage(neo4j_db).values() for v in row.values())
    assert lineage.ready(neo4j_db, hub) is None
    _same_answers(neo4j_db, seed_graph, hub)
    # A database without lineage (loaded before it was kept, or as above) that holds one
    # graph gets it from a load that changes nothing else.
    again = load_graph(neo4j_db, seed_graph)
    assert (again.files_loaded, again.lineage) == (0, seed_graph.number_of_nodes())
    assert _lineage(neo4j_db) == lineage.lineage(seed_graph)
    load_graph(neo4j_db, part, prune=True)
    assert _lineage(neo4j_db) == lineage.lineage(part)


def test_an_unfinished_load_stops_the_queries_reading_lineage(neo4j_db, seed_graph):
    load_graph(neo4j_db, seed_graph)
    hub = max(seed_graph, key=lambda k: (len(queries.trace(seed_graph, k, direction="down")), k))
    assert lineage.ready(neo4j_db, hub) is not None
    with neo4j_db.driver.session(database=neo4j_db.database) as s:  # what a killed load leaves
        s.run("MERGE (:VbgraphState {name: 'vbgraph', operation: 'load'})").consume()
        # each document's lineage is written whole with its hash: stale ones are of an earlier graph
        s.run("MATCH (d:Document) SET d.lineage_below = 0, d.lineage_hash = 'of an earlier graph'").consume()
    assert lineage.ready(neo4j_db, hub) is None
    _same_answers(neo4j_db, seed_graph, hub)
    load_graph(neo4j_db, seed_graph)  # repairs: the lineage is written again
    assert _lineage(neo4j_db) == lineage.lineage(seed_graph)
    _same_answers(neo4j_db, seed_graph, hub)


INJECT_A = "'}) DETACH DELETE n //"
INJECT_B = '" RETURN 1 //'


def test_cypher_injection_is_stored_as_data(neo4j_db, seed_graph):
    G = copy.deepcopy(seed_graph)
    doc = G.graph["files"][0]["doc"]
    citing = G.graph["files"][0]["key"]
    bad = f"99/{INJECT_A}{INJECT_B}"
    G.add_node(bad, key=bad, number=bad, title=INJECT_B, kind=INJECT_A, subject=INJECT_A, issuer=INJECT_B,
               place=INJECT_B, seen=False, cited=1)
    G.add_edge(citing, bad, key="cites", relation="cites", evidence=[
        {"file": doc, "span": [1, 2], "sentence": INJECT_B, "cue": INJECT_A, "surface": INJECT_B}])
    load_graph(neo4j_db, G)
    assert counts(neo4j_db) == {"documents": G.number_of_nodes(), "relationships": G.number_of_edges(),
                                         "files": len(G.graph["files"])}
    node = neo4j_db.read("MATCH (d:Document {key: $k}) RETURN properties(d) AS p", k=bad)[0]["p"]
    assert (node["subject"], node["issuer"], node["title"], node["kind"]) == (INJECT_A, INJECT_B, INJECT_B, INJECT_A)
    info = neo4j_queries.show(neo4j_db, bad)
    assert info == queries.show(G, bad)
    assert info["mentions"][0]["sentence"] == INJECT_B and info["mentions"][0]["cue"] == INJECT_A
    assert neo4j_queries.find_node(neo4j_db, bad) == bad
    with pytest.raises(NodeNotFound):
        neo4j_queries.find_node(neo4j_db, INJECT_A)
    assert neo4j_queries.trace(neo4j_db, citing, relations=[INJECT_A]) == queries.trace(G, citing, relations=[INJECT_A])
    assert neo4j_queries.stats(neo4j_db) == queries.stats(G)
    assert counts(neo4j_db)["documents"] == G.number_of_nodes()
    # Loading it again is a no-op; the seeds documents are all there, unchanged.
    assert load_graph(neo4j_db, G).counters.get("nodes_deleted", 0) == 0
    assert set(snapshot(neo4j_db)["nodes"]) == set(G.nodes)


def test_wrong_password_names_the_uri_not_the_password(neo4j_settings):
    secret = "not-the-password-7f3a"
    bad = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password=secret,
                        database=neo4j_settings.database)
    with pytest.raises(Neo4jUnavailable) as err:
        connect(bad)
    msg = str(err.value)
    assert neo4j_settings.uri in msg and secret not in msg and "\n" not in msg
    assert "password" in msg


def _server_error(code: str, message: str):
    """The driver's exception for a server failure, as it hydrates one from the wire."""
    from neo4j.exceptions import Neo4jError
    return Neo4jError._hydrate_neo4j(code=code, message=message)


URI = "bolt://127.0.0.1:7687"
# (password, the server's error, the line): the password never shows, and the line is
# never garbled by masking it.
DESCRIBED = [
    ("a", ("Neo.ClientError.Security.AuthenticationRateLimit",
           "The client has provided incorrect authentication details too many times in a row."),
     f"Neo4j at {URI} refused the login as 'neo4j' for now: too many failed logins with a wrong password; "
     "wait a few seconds and try again"),
    ("a", ("Neo.ClientError.Security.Unauthorized", "The client is unauthorized due to authentication failure."),
     f"Neo4j at {URI} refused the login as 'neo4j': wrong user or password (set NEO4J_PASSWORD or --password)"),
    ("a", ("Neo.ClientError.Statement.SyntaxError", "Invalid input 'x'"),
     f"Neo4j at {URI}: Neo.ClientError.Statement.SyntaxError (the server's message is not shown: it holds the password)"),
    ("s3cret-pw", ("Neo.ClientError.Statement.SyntaxError", "Invalid input 'x'"),
     f"Neo4j at {URI}: Invalid input 'x'"),
    ("s3cret-pw", ("Neo.ClientError.Statement.SyntaxError", "Invalid input 's3cret-pw'"),
     f"Neo4j at {URI}: Neo.ClientError.Statement.SyntaxError (the server's message is not shown: it holds the password)"),
]


@pytest.mark.parametrize("password, error, line", DESCRIBED)
def test_errors_are_described_without_the_password(password, error, line):
    from graph.neo4j.io import _describe

    assert _describe(_server_error(*error), URI, Neo4jSettings(uri=URI, password=password)) == line


def _wait_unlocked(settings: Neo4jSettings) -> None:
    """Wait out a login lock (auth_lock_time, 5 s) that earlier wrong passwords caused."""
    deadline = time.monotonic() + 60
    while True:
        try:
            connect(settings, timeout=5).close()
            return
        except Neo4jUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_login_rate_limit_is_not_called_a_wrong_password(neo4j_settings):
    wrong = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password="not-the-password-9c1e",
                          database=neo4j_settings.database)
    _wait_unlocked(neo4j_settings)
    for _ in range(3):  # Neo4j's default dbms.security.auth_max_failed_attempts
        with pytest.raises(Neo4jUnavailable, match="wrong user or password"):
            connect(wrong, timeout=5)
    with pytest.raises(Neo4jUnavailable) as err:
        connect(neo4j_settings, timeout=5)  # the right password, while the server locks the user out
    assert "too many failed logins" in str(err.value) and "wrong user or password" not in str(err.value)
    assert neo4j_settings.password not in str(err.value)
    _wait_unlocked(neo4j_settings)  # leave the server usable for the next tests


def _closed_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_is_a_clear_error():
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    with pytest.raises(Neo4jUnavailable, match="cannot reach Neo4j at " + uri.replace(".", r"\.")) as err:
        connect(Neo4jSettings(uri=uri, password="whatever-pw"), timeout=3)
    assert "\n" not in str(err.value) and "whatever-pw" not in str(err.value)


def test_unknown_database_is_a_clear_error(neo4j_settings):
    s = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password=neo4j_settings.password,
                      database="nosuchdb")
    with pytest.raises(Neo4jUnavailable, match="no database 'nosuchdb'"):
        connect(s)


def _env(settings: Neo4jSettings) -> dict:
    return {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password,
            "NEO4J_DATABASE": settings.database}


def test_cli_load_and_trace_neo4j(neo4j_db, neo4j_settings, seed_graph, tmp_path, monkeypatch):
    from cli import app

    path = tmp_path / "graph.json"
    store.save(seed_graph, path)
    runner = CliRunner()
    env = _env(neo4j_settings)
    r = runner.invoke(app, ["load", "--graph", str(path), "--wipe", "--yes", "--batch-size", "10"], env=env)
    assert r.exit_code == 0, r.output
    assert f"nodes: {seed_graph.number_of_nodes()} created" in r.output
    assert f"relationships: {seed_graph.number_of_edges()} created" in r.output
    r = runner.invoke(app, ["load", "--graph", str(path)], env=env)
    assert r.exit_code == 0 and "nodes: 0 created" in r.output and "relationships: 0 created" in r.output
    for args in (["trace", "114-KL/TW", "--down"], ["trace", "33/CT-TTg"], ["stats"], ["show", "33/ct-ttg"],
                 ["implementers", "33/CT-TTg"], ["coverage", "33/CT-TTg", "114-KL/TW", "--seen-only"],
                 ["path", "03/KH-UBND", "33/CT-TTg"]):
        for fmt in ("json", "table"):
            neo = runner.invoke(app, [*args, "--neo4j", "-f", fmt], env=env)
            file = runner.invoke(app, [*args, "--graph", str(path), "-f", fmt], env=env)
            assert neo.exit_code == file.exit_code == 0, (args, neo.output)
            assert neo.output == file.output, args
    # Errors: one line, exit 1, no traceback, no password.
    r = runner.invoke(app, ["trace", "999/XX-YY", "--neo4j"], env=env)
    assert r.exit_code == 1 and r.output.startswith("Error: no document")
    r = runner.invoke(app, ["stats", "--neo4j"], env=env | {"NEO4J_PASSWORD": "wrong-password-42"})
    assert r.exit_code == 1 and r.output.startswith("Error:") and neo4j_settings.uri in r.output
    assert "wrong-password-42" not in r.output and "Traceback" not in r.output and r.output.count("\n") == 1
    r = runner.invoke(app, ["load", "--graph", str(path), "--uri", f"bolt://127.0.0.1:{_closed_port()}"], env=env)
    assert r.exit_code == 1 and r.output.startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:")
    # --wipe asks first; no answer aborts and nothing is deleted.
    r = runner.invoke(app, ["load", "--graph", str(path), "--wipe"], env=env, input="n\n")
    assert r.exit_code == 1 and counts(neo4j_db)["documents"] == seed_graph.number_of_nodes()


def test_killed_load_is_finished_by_loading_again(neo4j_db, neo4j_settings, tmp_path):
    G = synthetic_graph(3000, 12000, seed=7)
    path = tmp_path / "big.json"
    store.save(G, path)
    env = os.environ | _env(neo4j_settings)
    cmd = [sys.executable, "-c", "import cli; cli.main()", "load", "--graph", str(path), "--batch-size", "25"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _kill_when(proc, neo4j_db, lambda now: now["documents"] >= 200, "load")  # the first batches are committed
    partial = counts(neo4j_db)
    assert 0 < partial["documents"] < G.number_of_nodes() or partial["relationships"] < G.number_of_edges()
    done = subprocess.run(cmd[:-2] + ["--batch-size", "500"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "repaired an unfinished load of " in done.stderr
    resumed = snapshot(neo4j_db)
    assert len(resumed["nodes"]) == G.number_of_nodes() and len(resumed["rels"]) == G.number_of_edges()
    wipe(neo4j_db)
    clean: LoadSummary = load_graph(neo4j_db, G, batch_size=500)
    assert clean.nodes_created == G.number_of_nodes()
    assert resumed == snapshot(neo4j_db)


def _kill_when(proc: subprocess.Popen, db, done_yet, what: str) -> None:
    """SIGKILL *proc* as soon as *done_yet(counts)* holds: some of its batches are committed."""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if done_yet(counts(db)):
                break
            if proc.poll() is not None:
                pytest.fail(f"the {what} ended before it could be killed: {proc.stderr.read().decode()}")
            time.sleep(0.02)
        else:
            pytest.fail(f"the {what} committed nothing within 120 s")
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


# When the wipe is killed: (while deleting the files' records | after them, while deleting
# the documents' relationships), as counts() sees it.
WIPE_KILLED = {
    "deleting files": lambda full: lambda now: now["files"] < full["files"],
    "deleting relationships": lambda full: lambda now: now["relationships"] < full["relationships"] * 0.8,
}


@pytest.mark.parametrize("moment", list(WIPE_KILLED))
def test_killed_wipe_is_finished_by_the_next_load(neo4j_db, neo4j_settings, tmp_path, moment):
    G = synthetic_graph(600, 2400, seed=11)
    path = tmp_path / "g.json"
    store.save(G, path)
    load_graph(neo4j_db, G, batch_size=1000)
    full = counts(neo4j_db)
    env = os.environ | _env(neo4j_settings)
    code = "from graph.neo4j.io import Neo4jSettings, connect, wipe; wipe(connect(Neo4jSettings.from_env()), batch_size=10)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _kill_when(proc, neo4j_db, WIPE_KILLED[moment](full), "wipe")
    left = counts(neo4j_db)
    assert 0 < left["documents"] and left != full  # a half-deleted graph
    # A plain load (no --wipe) notices, finishes the wipe, and loads the whole graph again:
    # it once said "0 loaded, 8000 unchanged" over a broken database.
    r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "load", "--graph", str(path)], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "repaired an unfinished wipe of " in r.stderr
    assert " loaded, 0 unchanged" in r.stderr
    repaired = snapshot(neo4j_db)
    wipe(neo4j_db)
    load_graph(neo4j_db, G, batch_size=1000)
    assert repaired == snapshot(neo4j_db)
    assert not neo4j_db.read("MATCH (s:VbgraphState) RETURN s")  # the record of the work is gone


def test_a_graph_whose_up_trees_exceed_the_budget_keeps_no_lineage(neo4j_db, seed_graph, monkeypatch):
    # Documents citing many others at random have up trees of half the graph, whose sum
    # grows with its square: past the budget no lineage is kept and the queries walk.
    sizes = sum(len(queries.trace(seed_graph, k)) - 1 for k in seed_graph)
    assert lineage.lineage(seed_graph) is not None
    monkeypatch.setattr(lineage, "BUDGET", sizes / max(seed_graph.number_of_nodes(), 100) / 2)
    assert lineage.lineage(seed_graph) is None
    hub = max(seed_graph, key=lambda k: (len(queries.trace(seed_graph, k, direction="down")), k))
    load_graph(neo4j_db, seed_graph)
    assert not any(v for row in _lineage(neo4j_db).values() for v in row.values())
    assert lineage.ready(neo4j_db, hub) is None
    _same_answers(neo4j_db, seed_graph, hub)


@pytest.mark.parametrize("limit, offset", [(None, 0), (1, 0), (3, 0), (2, 1), (3, 1), (2, 2), (1, 3), (5, 0), (2, 40)])
def test_stored_first_pages_give_the_rows_networkx_gives(neo4j_db, seed_graph, monkeypatch, limit, offset):
    # Pages of 3 rows stored for every document with anything below it: the rows of a
    # page that ends within them are read as stored, the others made as before.
    monkeypatch.setattr(lineage, "PAGE", 3)
    monkeypatch.setattr(lineage, "PAGED_BELOW", 0)
    load_graph(neo4j_db, seed_graph)
    hubs = [k for k in seed_graph if len(queries.trace(seed_graph, k, direction="down")) > 1]
    assert hubs and all(lineage.ready(neo4j_db, k, "trace")["page"] for k in hubs)
    for hub in hubs:
        ours = neo4j_queries.trace(neo4j_db, hub, direction="down", limit=limit, offset=offset)
        theirs = queries.trace(seed_graph, hub, direction="down", limit=limit, offset=offset)
        assert (ours, ours.total) == (theirs, theirs.total)
        ours = neo4j_queries.implementers(neo4j_db, hub, limit=limit, offset=offset)
        theirs = queries.implementers(seed_graph, hub, limit=limit, offset=offset)
        assert (ours, ours.total) == (theirs, theirs.total)


def test_a_first_page_is_read_as_stored(neo4j_db, seed_graph, monkeypatch):
    monkeypatch.setattr(lineage, "PAGED_BELOW", 0)
    load_graph(neo4j_db, seed_graph)
    hub = max(seed_graph, key=lambda k: (len(queries.trace(seed_graph, k, direction="down")), k))
    with neo4j_db.driver.session(database=neo4j_db.database) as s:
        s.run("MATCH (d:Document {key: $k}) SET d.lineage_trace_page = '[{\"stored\": 1}]'", k=hub).consume()
    assert neo4j_queries.trace(neo4j_db, hub, direction="down", limit=1) == [{"stored": 1}]
    # a province's implementers are not the stored page's
    first = next(r for r in queries.implementers(seed_graph, hub) if r["place"])
    assert neo4j_queries.implementers(neo4j_db, hub, province=first["place"], limit=1) == \
        queries.implementers(seed_graph, hub, province=first["place"], limit=1)


def test_a_number_written_otherwise_is_found_by_that_spelling(neo4j_db, seed_graph):
    # The few documents whose number is also written otherwise carry a label, and only
    # they are searched for a spelling (a list property cannot be indexed).
    G = store.from_dict(store.to_dict(seed_graph))
    key = next(k for k, n in sorted(G.nodes(data="number")) if n and not G.nodes[k].get("spellings"))
    G.nodes[key]["spellings"] = [G.nodes[key]["number"] + "-BIS"]
    load_graph(neo4j_db, G)
    spelled = sorted(r["key"] for r in neo4j_db.read("MATCH (d:Spelled) RETURN d.key AS key"))
    assert key in spelled and spelled == sorted(k for k, s in G.nodes(data="spellings") if s)
    for query in (G.nodes[key]["number"] + "-BIS", G.nodes[key]["number"].lower() + "-bis"):
        assert neo4j_queries.find_node(neo4j_db, query) == queries.find_node(G, query) == key
    # A database loaded before the label was kept gets it from the next load.
    with neo4j_db.driver.session(database=neo4j_db.database) as s:
        s.run("MATCH (d:Spelled) REMOVE d:Spelled").consume()
    load_graph(neo4j_db, G)
    assert sorted(r["key"] for r in neo4j_db.read("MATCH (d:Spelled) RETURN d.key AS key")) == spelled


def _stated_by(cues: dict[str, str | None]):
    """A graph whose one edge, 1/KH-UBND → 33/CT-TTg, is stated by each file of *cues* with that cue."""
    import networkx as nx
    G = nx.MultiDiGraph(files=[{"doc": f, "path": f, "sha256": f"sha-{f}-{cue}", "key": None} for f, cue in cues.items()],
                        unresolved=[], incomplete=[])
    G.add_node("1/KH-UBND@2021", key="1/KH-UBND@2021", number="1/KH-UBND", year=2021, cited=0)
    G.add_node("33/CT-TTG@2021", key="33/CT-TTG@2021", number="33/CT-TTg", year=2021, cited=len(cues))
    G.add_edge("1/KH-UBND@2021", "33/CT-TTG@2021", key="implements", relation="implements", evidence=[
        {"file": f, "span": [0, 9], "sentence": "Thực hiện Chỉ thị số 33/CT-TTg", "cue": cue, "surface": "33/CT-TTg"}
        for f, cue in cues.items()])
    return G


@pytest.mark.parametrize("before, after, stored_before, stored_after", [
    # a list holding nothing but "" is left out, by a first load and by a reload alike
    ({"a.txt": None}, {"a.txt": "Thực hiện"}, None, ["Thực hiện"]),
    ({"a.txt": "Thực hiện", "b.txt": None}, {"b.txt": None}, ["Thực hiện", ""], None),
    ({"a.txt": None, "b.txt": None}, {"a.txt": None, "b.txt": "Căn cứ"}, None, ["", "Căn cứ"]),
    ({"a.txt": "Căn cứ", "b.txt": None}, {"a.txt": None, "b.txt": None}, ["Căn cứ", ""], None),
])
def test_blank_evidence_lists_are_left_out_and_read_back_as_blanks(neo4j_db, before, after, stored_before,
                                                                    stored_after):
    q = "MATCH (:Document)-[r:IMPLEMENTS]->(:Document) RETURN r.cues AS cues, r.sentences AS sentences"
    load_graph(neo4j_db, _stated_by(before))
    assert neo4j_db.read(q) == [{"cues": stored_before, "sentences": ["Thực hiện Chỉ thị số 33/CT-TTg"] * len(before)}]
    G = _stated_by(after)
    load_graph(neo4j_db, G, prune=True)
    assert neo4j_db.read(q)[0]["cues"] == stored_after
    reloaded = snapshot(neo4j_db)
    # the queries give a missing cue as None, as networkx does
    assert neo4j_queries.show(neo4j_db, "33/CT-TTG@2021")["mentions"] == queries.show(G, "33/CT-TTG@2021")["mentions"]
    wipe(neo4j_db)
    load_graph(neo4j_db, G)
    assert snapshot(neo4j_db) == reloaded
