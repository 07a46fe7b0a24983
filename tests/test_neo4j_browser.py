"""Neo4j Browser on a real server started with ``browser=True``: the ready queries, the style,
the login, and a query drawn in a real headless Chromium.

The server is started for this module on spare ports in a temp data dir, with the seeds
loaded.  No mocks: Browser is the ``org.neo4j.client:neo4j-browser`` jar that
``vbgraph neo4j install`` puts beside the server's; Chromium is Debian's.  When either
cannot be had the tests skip with the reason, except under CI=true, where that fails.
"""
from __future__ import annotations

from datetime import date

import json
import os
from pathlib import Path

import pytest
import regex
from neo4j import GraphDatabase
from typer.testing import CliRunner

from graph.neo4j import server as ns
from graph import queries
from graph.neo4j.browser import EXAMPLE_PARAMS, QUERIES, grass, grass_text, post_connect_command, queries_text
from graph.neo4j.cli import neo4j_app
from graph.neo4j.io import LEVEL_LABELS, SPELLED, load_graph
from graph.views.palette import LEVEL_COLORS
from neo4j_fixture import _free_port, _unavailable

PASSWORD = "vbgraph-browser-pw"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def server(seed_graph, tmp_path_factory):
    try:
        home = ns.install()
    except ns.Neo4jServerError as exc:
        _unavailable(f"Neo4j could not be installed: {exc}")
    data_dir = tmp_path_factory.mktemp("neo4j-browser-data")
    try:
        st = ns.start(home=home, data_dir=data_dir, bolt_port=_free_port(), password=PASSWORD, timeout=180,
                      heap_initial="512m", heap_max="1g", browser=True, http_port=_free_port())
    except ns.Neo4jServerError as exc:
        _unavailable(f"Neo4j did not start with its Browser: {exc}")
    try:
        with GraphDatabase.driver(st.uri, auth=("neo4j", PASSWORD)) as driver:
            load_graph(driver, seed_graph)
        yield st
    finally:
        ns.stop(data_dir=data_dir, timeout=30)


def _run(st: ns.ServerStatus, cypher: str, **params) -> list[dict]:
    with GraphDatabase.driver(st.uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query(cypher, params)
        return [r.data() for r in records]


# --------------------------------------------------------------------------- the style


def _browser_split(value: str) -> list[str]:
    """Neo4j Browser's own split of ``browser.post_connect_cmd`` (``;`` outside quotes)."""
    protected = regex.sub(r'("[^"]*?"|\'[^\']*?\'|`[^`]*?`)', lambda m: m.group(0).replace(";", "\0"), value)
    return [p.strip().replace("\0", ";") for p in protected.split(";") if p.strip()]


def test_post_connect_command_is_two_commands_browser_can_read():
    style, params = _browser_split(post_connect_command())
    assert style.startswith("style ") and json.loads(style[len("style "):]) == grass()
    assert params == "param {" + ", ".join(f'{k}: "{v}"' for k, v in EXAMPLE_PARAMS.items()) + "}"


# Each row: a selector and what the style must say about it.
STYLE = [(f"node.{lab}", {"color": LEVEL_COLORS[level], "caption": "{number}"}) for level, lab in LEVEL_LABELS.items()]
STYLE += [("node.Document", {"caption": "{number}", "color": LEVEL_COLORS[None]}),
          ("relationship.IMPLEMENTS", {"caption": "<type>", "color": "#27ae60"})]


@pytest.mark.parametrize(("selector", "props"), STYLE, ids=[s for s, _ in STYLE])
def test_grass_colours_by_level_and_captions_by_number(selector, props):
    style = grass()
    assert {k: style[selector][k] for k in props} == props
    block = regex.search(rf"^{regex.escape(selector)} \{{\n(.*?)^\}}", grass_text(), regex.S | regex.M).group(1)
    assert {k: v.strip('"') for k, v in regex.findall(r"^\s+([\w-]+): (.*);$", block, regex.M)} == style[selector]
    # A level's rule comes after node.Document's, so its colour wins in Browser.
    order = list(style)
    assert selector == "node.Document" or order.index("node.Document") < order.index(selector) or \
        selector.startswith("relationship")


# --------------------------------------------------------------------------- the server


def test_server_serves_browser_on_loopback_with_auth(server):
    assert server.browser_url and server.browser_url.startswith("http://127.0.0.1:")
    conf = (server.data_dir / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    assert "dbms.security.auth_enabled=true" in conf and "server.http.enabled=true" in conf
    listen = regex.findall(r"^server\.(?:http|bolt)\.listen_address=(.*)$", conf, regex.M)
    assert len(listen) == 2 and all(a.startswith("127.0.0.1:") for a in listen)
    import urllib.request

    with urllib.request.urlopen(server.browser_url, timeout=10) as r:
        assert r.status == 200 and b"Neo4j Browser" in r.read()


def test_documents_carry_the_label_of_their_level(server, seed_graph):
    rows = _run(server, "MATCH (d:Document) RETURN d.key AS key, d.level AS level, labels(d) AS labels, "
                        "d.spelling_folds IS NOT NULL AS spelled")
    assert len(rows) == seed_graph.number_of_nodes()
    assert any(r["spelled"] for r in rows)
    for r in rows:
        want = {"Document"} | ({LEVEL_LABELS[r["level"]]} if r["level"] in LEVEL_LABELS else set())
        assert set(r["labels"]) == want | ({SPELLED} if r["spelled"] else set()), r


def _query(title_start: str) -> str:
    return next(c for t, c in QUERIES if t.startswith(title_start))


def test_every_ready_query_runs_on_the_seeds(server):
    for title, cypher in QUERIES:
        _run(server, cypher, **EXAMPLE_PARAMS)  # raises on any Cypher error
    assert queries_text().count("// ") == len(QUERIES)


def test_ready_queries_answer_like_the_graph(server, seed_graph):
    directive = queries.find_node(seed_graph, EXAMPLE_PARAMS["number"])
    down = {r["key"] for r in queries.trace(seed_graph, directive, direction="down", depth=5)}
    paths = _run(server, _query("Who implements").replace("RETURN p", "UNWIND nodes(p) AS n RETURN DISTINCT n.key AS key"),
                 **EXAMPLE_PARAMS)
    assert {r["key"] for r in paths} == down
    places = sorted({d["place"] for _, d in seed_graph.nodes(data=True) if d.get("place")})
    label = queries.node_row(seed_graph, directive)["label"]
    # The ready query reads the provinces documents were issued in: the map before the merger.
    gaps = [r["province"] for r in queries.coverage(seed_graph, [directive], provinces=places,
                                                    as_of=date(2025, 6, 30)) if not r[label]]
    assert [r["province"] for r in _run(server, _query("Coverage gaps"), **EXAMPLE_PARAMS)] == gaps
    plan = queries.find_node(seed_graph, EXAMPLE_PARAMS["plan"])
    central_up = {r["key"] for r in queries.trace(seed_graph, plan, direction="up", depth=6)
                  if (r.get("level") or "").startswith("central")}
    ends = _run(server, _query("The chain from the plan").replace("RETURN p", "RETURN DISTINCT c.key AS key"),
                **EXAMPLE_PARAMS)
    assert {r["key"] for r in ends} == central_up and central_up


# --------------------------------------------------------------------------- the command line


def test_browser_command_prints_the_url_and_login(server):
    runner = CliRunner()
    r = runner.invoke(neo4j_app, ["browser", "--data-dir", str(server.data_dir)])
    assert r.exit_code == 0, r.output
    assert server.browser_url in r.stdout and server.uri in r.stdout and "neo4j" in r.stdout
    assert PASSWORD not in r.stdout and str(server.data_dir / "password") in r.stdout
    r = runner.invoke(neo4j_app, ["browser", "--data-dir", str(server.data_dir), "--show-password"])
    assert r.exit_code == 0 and PASSWORD in r.stdout
    assert runner.invoke(neo4j_app, ["browser", "--grass"]).stdout == grass_text()
    assert runner.invoke(neo4j_app, ["browser", "--queries"]).stdout == queries_text()


def test_browser_command_without_a_browser_is_one_error_line(tmp_path):
    r = CliRunner().invoke(neo4j_app, ["browser", "--data-dir", str(tmp_path / "none")])
    assert r.exit_code == 1 and r.stderr.startswith("Error: Neo4j is not running") and r.stderr.count("\n") == 1


def test_http_port_without_browser_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(neo4j_app, ["start", "--data-dir", str(tmp_path / "d"), "--http-port", "7475"])
    assert r.exit_code == 2 and r.stderr == "Error: --http-port needs --browser\n"
    assert not (tmp_path / "d").exists()


def test_readme_lists_the_ready_queries():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"```cypher\n{queries_text()}```" in readme


# --------------------------------------------------------------------------- in Chromium


@pytest.mark.browser
def test_log_in_run_a_ready_query_and_see_it_drawn(server, seed_graph, tmp_path):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run .ci/chromium.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_ARGS, VIEWPORT

    cypher = _query("Who implements")
    expected = _run(server, cypher.replace("RETURN p", "UNWIND nodes(p) AS n "
                                           "RETURN DISTINCT toInteger(split(elementId(n), ':')[-1]) AS id, "
                                           "n.number AS number, n.level AS level"),
                    **EXAMPLE_PARAMS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.browser_url)
            page.wait_for_selector('[data-testid="username"]', timeout=60_000)
            page.select_option('[data-testid="bolt-scheme-select"]', "bolt://")
            page.fill('[data-testid="boltaddress"]', server.uri.removeprefix("bolt://"))
            page.fill('[data-testid="username"]', "neo4j")
            page.fill('[data-testid="password"]', PASSWORD)
            page.click('[data-testid="connect"]')
            # The post-connect commands ran: parameters set, style applied.
            page.wait_for_selector("text=Successfully set your parameters", timeout=60_000)
            page.click("#monaco-main-editor")
            page.keyboard.insert_text(cypher)  # typed keys would get Monaco's auto-closed brackets
            page.click('[data-testid="editor-Run"]')
            # Browser's page forbids eval, so no wait_for_function: the last node is awaited.
            page.wait_for_selector(f"svg g.node >> nth={len(expected) - 1}", timeout=60_000)
            page.wait_for_timeout(1000)
            drawn = page.eval_on_selector_all("svg g.node", """els => els.map(e => [
                Number(e.getAttribute('aria-label').replace('graph-node', '')),
                e.querySelector('circle.b-outline').getAttribute('fill'),
                e.querySelector('text.caption').textContent.trim()])""")
            page.screenshot(path=str(tmp_path / "neo4j-browser.png"))
        finally:
            browser.close()
    by_id = {r["id"]: r for r in expected}
    assert sorted(i for i, _, _ in drawn) == sorted(by_id)
    for node_id, fill, caption in drawn:
        row = by_id[node_id]
        assert fill == LEVEL_COLORS.get(row["level"], LEVEL_COLORS[None]), row
        # Browser shortens long captions with an ellipsis.
        assert (row["number"] or "").startswith(caption.rstrip("…")), (row, caption)
    assert any(c == EXAMPLE_PARAMS["number"] for _, _, c in drawn)
