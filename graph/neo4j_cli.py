"""``vbgraph neo4j …``: install, start, stop and inspect the local Neo4j server.

A thin typer front over :mod:`graph.neo4j_server`, mounted by ``cli.py`` as
``app.add_typer(neo4j_app, name="neo4j")``; also runnable alone as
``python -m graph.neo4j_cli`` (CI does that).  Errors are one ``Error: …`` line on stderr
and exit code 1.  The password is never printed: it lives in ``<data-dir>/password``.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from . import neo4j_server as server

neo4j_app = typer.Typer(no_args_is_help=True,
                        help="Install, start, stop and inspect a local Neo4j 5.26 server.")

DataDirOpt = Annotated[Optional[Path], typer.Option(
    "--data-dir", envvar="VBGRAPH_DATA_DIR", show_default=False,
    help="Server data dir (conf, data, logs, password); default ~/.local/share/vbgraph/neo4j.")]
HomeOpt = Annotated[Optional[Path], typer.Option(
    "--home", envvar="VBGRAPH_NEO4J_HOME", show_default=False,
    help="Where the Neo4j jars are installed; default ~/.cache/vbgraph/neo4j-5.26.")]
PortOpt = Annotated[Optional[int], typer.Option(
    "--port", min=1, max=65535, show_default=False,
    help="Bolt port on 127.0.0.1; default: the data dir's last port, else 7687.")]


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1) from None


def _describe(st: server.ServerStatus) -> str:
    if not st.running:
        return f"Neo4j is not running (data dir {st.data_dir})"
    pw = f"password in {st.password_file}" if st.password_file else "password from NEO4J_PASSWORD"
    return (f"Neo4j {st.version or '?'} running at {st.uri} (pid {st.pid}); "
            f"user {st.user}, {pw}; data dir {st.data_dir}")


@neo4j_app.command()
def install(home: HomeOpt = None) -> None:
    """Fetch the Neo4j Community 5.26 jars from Maven Central (needs mvn; skipped if present).

    Example: vbgraph neo4j install --home ~/.cache/vbgraph/neo4j-5.26
    """
    try:
        t0 = time.monotonic()
        path = server.install(home, progress=lambda msg: typer.echo(msg, err=True))
    except server.Neo4jServerError as exc:
        _fail(exc)
    typer.echo(f"Neo4j {server.installed_version(path)} ready in {path} ({time.monotonic() - t0:.1f} s)")


@neo4j_app.command()
def start(data_dir: DataDirOpt = None, home: HomeOpt = None, port: PortOpt = None,
          timeout: Annotated[float, typer.Option(help="Seconds to wait for the first query.")] = 120) -> None:
    """Start the server in the background and wait until it answers a query.

    The password of user neo4j comes from NEO4J_PASSWORD, else <data-dir>/password,
    else is generated and stored there (mode 0600).  Does nothing if already running.

    Example: vbgraph neo4j start --port 7687
    """
    try:
        t0 = time.monotonic()
        st = server.start(home=home, data_dir=data_dir, bolt_port=port, timeout=timeout)
    except server.Neo4jServerError as exc:
        _fail(exc)
    typer.echo(f"{_describe(st)} [{time.monotonic() - t0:.1f} s]")


@neo4j_app.command()
def stop(data_dir: DataDirOpt = None,
         timeout: Annotated[float, typer.Option(help="Seconds before SIGTERM becomes SIGKILL.")] = 60) -> None:
    """Stop the server started for the data dir (SIGTERM, then SIGKILL after --timeout).

    Example: vbgraph neo4j stop
    """
    try:
        stopped = server.stop(data_dir=data_dir, timeout=timeout)
    except server.Neo4jServerError as exc:
        _fail(exc)
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command()
def status(data_dir: DataDirOpt = None, home: HomeOpt = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print the status as one JSON object.")] = False,
           check: Annotated[bool, typer.Option(
               "--check", help="Also run RETURN 1 with the password; exit 1 if that fails.")] = False) -> None:
    """Show whether the server runs, its Bolt URI, pid, version and password file.

    Example: vbgraph neo4j status --json
    """
    try:
        st = server.status(data_dir=data_dir, home=home)
        agent = server.ping(data_dir=st.data_dir) if check else None
    except server.Neo4jServerError as exc:
        _fail(exc)
    if as_json:
        payload = st.to_dict()
        if check:
            payload["agent"] = agent
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        typer.echo(_describe(st) + (f"; answers as {agent}" if agent else ""))


if __name__ == "__main__":
    neo4j_app(prog_name="python -m graph.neo4j_cli")
