"""A real Neo4j 5.26 server, started once for this module on a spare port in a temp data dir.

No mocks: ``install`` runs Maven (a no-op once the jars are in the cache), ``start``
launches the JVM, the checks go through the official driver.  When the server cannot be
had the tests skip with the reason, except under CI=true, where that is a failure.
"""
from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from graph.neo4j import server as ns
from graph.neo4j.cli import neo4j_app
from neo4j_fixture import _free_port, _unavailable


@pytest.fixture(scope="module")
def home() -> Path:
    try:
        return ns.install()
    except ns.Neo4jServerError as exc:
        _unavailable(f"Neo4j could not be installed: {exc}")


@pytest.fixture(scope="module")
def server(home, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("neo4j-data")
    with pytest.MonkeyPatch.context() as mp:
        # The password must be the generated-and-stored one, whatever the caller's env says.
        mp.delenv("NEO4J_PASSWORD", raising=False)
        try:
            st = ns.start(home=home, data_dir=data_dir, bolt_port=_free_port(), timeout=180)
        except ns.Neo4jServerError as exc:
            _unavailable(f"Neo4j did not start: {exc}")
        yield st
        ns.stop(data_dir=data_dir, timeout=30)


def _query(st: ns.ServerStatus, cypher: str, **params):
    with GraphDatabase.driver(st.uri, auth=("neo4j", ns.read_password(st.data_dir))) as driver:
        records, _, _ = driver.execute_query(cypher, params)
        return [r.data() for r in records]


def test_status_of_an_unused_data_dir(tmp_path):
    st = ns.status(data_dir=tmp_path / "nothing")
    assert (st.running, st.pid, st.password_file) == (False, None, None)
    assert st.uri == f"bolt://127.0.0.1:{ns.DEFAULT_BOLT_PORT}"
    assert ns.stop(data_dir=tmp_path / "nothing") is False
    with pytest.raises(ns.Neo4jServerError, match="no password file"):
        ns.read_password(tmp_path / "nothing")


def test_started_server_answers_a_query_with_the_stored_password(server):
    assert _query(server, "RETURN 1 AS ok") == [{"ok": 1}]
    _query(server, "CREATE (:Probe {name: $name})", name="kept across restarts")
    assert ns.ping(data_dir=server.data_dir).startswith("Neo4j/5.26")


def test_password_is_private(server):
    password = ns.read_password(server.data_dir)
    assert len(password) >= ns.MIN_PASSWORD_LENGTH
    assert stat.S_IMODE(os.stat(server.password_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(server.data_dir).st_mode) == 0o700
    leaks = [server.data_dir / "conf" / "neo4j.conf", server.log_file,
             Path(f"/proc/{server.pid}/cmdline"), Path(f"/proc/{server.pid}/environ")]
    for path in leaks:
        assert password.encode() not in path.read_bytes(), path
    assert not list(server.data_dir.glob(".admin-args-*"))


def test_status_describes_the_running_server(server):
    st = ns.status(data_dir=server.data_dir)
    assert st.running and st.pid == server.pid
    assert st.pid == int((server.data_dir / "neo4j.pid").read_text())
    assert st.uri == server.uri and st.uri.startswith("bolt://127.0.0.1:")
    assert st.version == ns.NEO4J_VERSION and st.version.startswith("5.26.")
    assert st.home == server.home and (st.home / "lib" / f"neo4j-{st.version}.jar").is_file()
    assert st.password_file == server.data_dir / "password"


def test_start_is_idempotent(server):
    t0 = time.monotonic()
    again = ns.start(home=server.home, data_dir=server.data_dir)
    assert again.pid == server.pid and again.uri == server.uri
    assert time.monotonic() - t0 < 10


def test_wrong_password_names_the_uri_not_the_password(server):
    wrong = "not-the-password-42"
    with pytest.raises(ns.Neo4jServerError) as info:
        ns.start(home=server.home, data_dir=server.data_dir, password=wrong)
    message = str(info.value)
    assert server.uri in message and "refused the password" in message
    assert wrong not in message and ns.read_password(server.data_dir) not in message
    assert "\n" not in message
    assert ns.status(data_dir=server.data_dir).running  # a refused login stops nothing


def test_taken_port_is_reported_before_launching(server, tmp_path):
    port = int(server.uri.rsplit(":", 1)[1])
    with pytest.raises(ns.Neo4jServerError, match=f"port {port} .* already in use"):
        ns.start(home=server.home, data_dir=tmp_path / "other", bolt_port=port, password="some-password")
    assert not (tmp_path / "other" / "neo4j.pid").exists()


def test_cli_status_json_and_check(server):
    result = CliRunner().invoke(neo4j_app, ["status", "--json", "--check", "--data-dir", str(server.data_dir)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["running"] is True and payload["pid"] == server.pid
    assert payload["uri"] == server.uri and payload["agent"].startswith("Neo4j/5.26")
    assert ns.read_password(server.data_dir) not in result.output


def test_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(neo4j_app, ["start", "--home", str(tmp_path / "empty"),
                                            "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Neo4j is not installed in ")
    assert result.stderr.count("\n") == 1


def test_stop_ends_the_process_and_a_restart_keeps_data_and_password(server):
    pid = server.pid
    assert ns.stop(data_dir=server.data_dir, timeout=30) is True
    assert not Path(f"/proc/{pid}").exists()
    assert not (server.data_dir / "neo4j.pid").exists()
    assert ns.status(data_dir=server.data_dir).running is False
    assert ns.stop(data_dir=server.data_dir) is False

    # Same data dir, no port given: the stored port and password are reused.
    restarted = ns.start(home=server.home, data_dir=server.data_dir, timeout=180)
    try:
        assert restarted.uri == server.uri and restarted.pid != pid
        assert _query(restarted, "MATCH (p:Probe) RETURN p.name AS name") == [{"name": "kept across restarts"}]
    finally:
        assert ns.stop(data_dir=server.data_dir, timeout=30) is True
