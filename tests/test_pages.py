"""--limit / --offset: a page is the whole listing's slice, with its total, on both backends."""
from __future__ import annotations

import json

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings, neo4j_db)
from neo4j_fixture import synthetic_graph
from typer.testing import CliRunner

import cli
from graph import queries, store
from graph.neo4j import queries as neo4j_queries
from graph.neo4j.io import REL_TYPES, load_graph

# (limit, offset): the first page, a middle one, the last one cut short, past the end,
# everything from an offset, an empty page.
PAGES = [(1, 0), (5, 3), (10, 0), (1000, 0), (7, 40), (3, 10_000), (None, 4), (0, 0)]


@pytest.fixture(scope="module")
def hub_graph():
    return synthetic_graph(600, 2400, seed=3)


def _hub(G) -> str:
    """The document with the largest tree below it."""
    central = sorted(k for k, d in G.nodes(data=True) if d.get("scope") == "central")
    return max(central, key=lambda k: (len(queries.trace(G, k, direction="down")), k))


# (name, query function, keyword arguments) of every paged listing.
CALLS = [("trace down", "trace", {"direction": "down"}), ("trace up", "trace", {"direction": "up"}),
         ("trace down, depth 2", "trace", {"direction": "down", "depth": 2}),
         ("trace down, every relation", "trace", {"direction": "down", "relations": tuple(REL_TYPES)}),
         ("implementers", "implementers", {}),
         ("implementers of a level", "implementers", {"level": "provincial_state"}),
         ("implementers of a province", "implementers", {"province": "HUẾ"}),
         ("implementers, every relation", "implementers", {"relations": tuple(REL_TYPES)})]


@pytest.mark.parametrize("limit, offset", PAGES)
def test_a_page_is_the_slice_of_the_whole_listing(hub_graph, limit, offset):
    G = hub_graph
    hub = _hub(G)
    for name, fn, kw in CALLS:
        key = hub if kw.get("direction") != "up" else max(G, key=lambda k: (len(queries.trace(G, k)), k))
        whole = getattr(queries, fn)(G, key, **kw)
        page = getattr(queries, fn)(G, key, limit=limit, offset=offset, **kw)
        end = None if limit is None else offset + limit
        assert page == whole[offset:end], name
        assert (page.total, page.offset, page.more) == (len(whole), offset, max(0, len(whole) - offset - len(page)))


def test_the_first_page_of_a_hub_makes_only_its_rows(hub_graph):
    G = hub_graph
    hub = _hub(G)
    whole = queries.implementers(G, hub)
    assert len(whole) > 100
    page = queries.implementers(G, hub, limit=10)
    assert page == whole[:10] and page.total == len(whole) and page.more == len(whole) - 10


LIMITS = [  # (arguments, rows shown, the note on stderr)
    (["--limit", "2"], 2, "documents 1–2 of 5 shown; 3 more: --offset 2 for the next page, --limit 0 for all"),
    (["--limit", "2", "--offset", "4"], 1, "documents 5–5 of 5 shown"),
    (["--offset", "9"], 0, "no documents after the first 9 (of 5)"),
    ([], 5, ""),
    (["--limit", "0"], 5, ""),
]


@pytest.mark.parametrize("args, shown, note", LIMITS)
def test_cli_pages_with_a_note_on_stderr(seed_graph, tmp_path, args, shown, note):
    path = tmp_path / "g.json"
    store.save(seed_graph, path)
    r = CliRunner().invoke(cli.app, ["trace", "114-KL/TW", "--down", "--graph", str(path), "-f", "json", *args])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)) == shown
    assert r.stderr.strip() == note


def test_table_output_stops_at_a_thousand_rows_by_default(hub_graph, tmp_path):
    G = hub_graph
    path = tmp_path / "g.json"
    store.save(G, path)
    hub = _hub(G)
    whole = queries.trace(G, hub, direction="down")
    r = CliRunner().invoke(cli.app, ["trace", hub, "--down", "--graph", str(path), "-f", "csv"])
    assert r.stdout.count("\n") == len(whole) + 1 and r.stderr == ""  # csv and json: every row
    if len(whole) > cli.TABLE_LIMIT:
        r = CliRunner().invoke(cli.app, ["trace", hub, "--down", "--graph", str(path)])
        assert f"documents 1–1,000 of {len(whole):,} shown" in r.stderr


@pytest.mark.neo4j
def test_neo4j_pages_are_the_same_as_networkx(neo4j_db, hub_graph):
    G = hub_graph
    load_graph(neo4j_db, G, batch_size=1000)
    hub = _hub(G)
    deep = max(G, key=lambda k: (len(queries.trace(G, k)), k))
    for limit, offset in PAGES:
        for name, fn, kw in CALLS:
            key = deep if kw.get("direction") == "up" else hub
            ours = getattr(neo4j_queries, fn)(neo4j_db, key, limit=limit, offset=offset, **kw)
            theirs = getattr(queries, fn)(G, key, limit=limit, offset=offset, **kw)
            assert ours == theirs, (name, limit, offset)
            assert (ours.total, ours.more) == (theirs.total, theirs.more), (name, limit, offset)
