"""``vbgraph neo4j …``: install, start, stop and inspect the local Neo4j server.

A thin typer front over :mod:`graph.neo4j.server`, mounted by ``cli.py`` as
``app.add_typer(neo4j_app, name="neo4j")``; also runnable alone as
``python -m graph.neo4j.cli`` (CI does that).  Errors are one ``Error: …`` line on stderr
and exit code 1.  The password is never printed: it lives in ``<data-dir>/password``.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from . import browser as neo4j_browser
from . import server

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
BrowserOpt = Annotated[bool, typer.Option(
    "--browser", help="Also serve Neo4j Browser over HTTP on 127.0.0.1 (see `vbgraph neo4j browser`).")]
HttpPortOpt = Annotated[Optional[int], typer.Option(
    "--http-port", min=1, max=65535, show_default=False, help="With --browser: its port on 127.0.0.1; default 7474.")]


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1) from None


def _describe(st: server.ServerStatus) -> str:
    if not st.running:
        return f"Neo4j is not running (data dir {st.data_dir})"
    pw = f"password in {st.password_file}" if st.password_file else "password from NEO4J_PASSWORD"
    browser = f"; Neo4j Browser at {st.browser_url}" if st.browser_url else ""
    return (f"Neo4j {st.version or '?'} running at {st.uri} (pid {st.pid}); "
            f"user {st.user}, {pw}; data dir {st.data_dir}{browser}")


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
          browser: BrowserOpt = False, http_port: HttpPortOpt = None,
          timeout: Annotated[float, typer.Option(help="Seconds to wait for the first query.")] = 120) -> None:
    """Start the server in the background and wait until it answers a query.

    The password of user neo4j comes from NEO4J_PASSWORD, else <data-dir>/password,
    else is generated and stored there (mode 0600).  Does nothing if already running.
    With --browser it also serves Neo4j Browser on 127.0.0.1, styled by vbgraph.

    Example: vbgraph neo4j start --port 7687 --browser
    """
    if http_port is not None and not browser:
        typer.echo("Error: --http-port needs --browser", err=True)
        raise typer.Exit(2)
    try:
        t0 = time.monotonic()
        st = server.start(home=home, data_dir=data_dir, bolt_port=port, timeout=timeout,
                          browser=browser, http_port=http_port)
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


@neo4j_app.command()
def browser(data_dir: DataDirOpt = None,
            show_password: Annotated[bool, typer.Option(
                "--show-password", help="Print the password itself, not only where it is kept.")] = False,
            grass: Annotated[bool, typer.Option(
                "--grass", help="Print vbgraph's style (GraSS) instead, to drag onto another Neo4j Browser.")] = False,
            queries: Annotated[bool, typer.Option(
                "--queries", help="Print the ready Cypher queries for the lineage questions instead.")] = False) -> None:
    """Where Neo4j Browser is and how to log in (the server must run with --browser).

    Browser applies vbgraph's style (colour by level, caption = number) and sets the ready
    queries' parameters when it connects; --queries prints those queries.

    Example: vbgraph neo4j start --browser && vbgraph neo4j browser
    """
    if grass or queries:
        typer.echo((neo4j_browser.grass_text() if grass else "") + (neo4j_browser.queries_text() if queries else ""),
                   nl=False)
        return
    try:
        st = server.status(data_dir=data_dir)
        if not st.running:
            raise server.Neo4jServerError(f"Neo4j is not running for {st.data_dir}: "
                                          "run `vbgraph neo4j start --browser`")
        if st.browser_url is None:
            raise server.Neo4jServerError("Neo4j runs without Neo4j Browser: run `vbgraph neo4j stop`, "
                                          "then `vbgraph neo4j start --browser`")
        password = server.read_password(st.data_dir) if show_password else None
    except server.Neo4jServerError as exc:
        _fail(exc)
    lines = [("Neo4j Browser", st.browser_url), ("Connect URL", st.uri), ("Authentication", "Username / Password"),
             ("Username", st.user),
             ("Password", password if password is not None else
              f"in {st.password_file or 'NEO4J_PASSWORD'} (--show-password prints it)"),
             ("Queries", "vbgraph neo4j browser --queries (parameters " +
              ", ".join(f"${k}" for k in neo4j_browser.EXAMPLE_PARAMS) + " are set on connecting)")]
    width = max(len(k) for k, _ in lines)
    typer.echo("\n".join(f"{k + ':':<{width + 1}} {v}" for k, v in lines))


if __name__ == "__main__":
    neo4j_app(prog_name="python -m graph.neo4j.cli")
