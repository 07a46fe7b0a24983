"""A Neo4j server that goes away in the middle of a session: the real server behind a TCP
relay that the test cuts, so the driver sees exactly what a crashed server or a dropped
network gives it."""
from __future__ import annotations

import socket
import threading
from contextlib import suppress
from urllib.parse import urlsplit

import pytest
import typer
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings, neo4j_db)

import cli
from graph.neo4j import queries as neo4j_queries
from graph.neo4j.io import Neo4jSettings, Neo4jUnavailable, connect, load_graph

pytestmark = pytest.mark.neo4j


class Relay:
    """Forwards 127.0.0.1:<port> to the server until :meth:`cut` closes every socket."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)

    def cut(self) -> None:
        # shutdown, not just close: close leaves a socket blocked in accept() listening.
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()


@pytest.fixture()
def relayed(neo4j_db, neo4j_settings, seed_graph):
    load_graph(neo4j_db, seed_graph)
    target = urlsplit(neo4j_settings.uri)
    relay = Relay((target.hostname, target.port))
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{relay.port}", user=neo4j_settings.user,
                             password=neo4j_settings.password, database=neo4j_settings.database)
    db = connect(settings, timeout=3)
    yield relay, db, settings
    relay.cut()
    db.close()


def test_server_gone_mid_session_is_one_line_naming_the_uri(relayed):
    relay, db, settings = relayed
    key = "33/CT-TTG@2021"
    assert neo4j_queries.implementers(db, key)  # answers while the server is there
    relay.cut()
    with pytest.raises(Neo4jUnavailable) as err:
        neo4j_queries.implementers(db, key)
    msg = str(err.value)
    assert settings.uri in msg and "\n" not in msg and settings.password not in msg


def test_cli_query_after_the_server_went_away_exits_1(relayed, capsys):
    relay, db, settings = relayed
    relay.cut()
    with pytest.raises(typer.Exit) as exit_:
        cli._Neo4jQueries().trace(db, "33/CT-TTG@2021")
    assert exit_.value.exit_code == 1


def test_load_cut_midway_raises_clearly_and_a_reload_finishes(relayed, neo4j_db, seed_graph):
    relay, db, _ = relayed
    relay.cut()
    with pytest.raises(Neo4jUnavailable):
        load_graph(db, seed_graph)
    assert load_graph(neo4j_db, seed_graph).files_unchanged == len(seed_graph.graph["files"])
