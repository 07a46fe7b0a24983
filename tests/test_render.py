"""The pyvis page: offline, escaped, coloured by level; search keys, layout, highlighted chains."""
from __future__ import annotations

import json
import math

import networkx as nx
import pytest
import regex

from graph.queries import find_node
from graph.views.palette import LEVEL_COLORS
from graph.provinces import MAP_34, MAP_63, UnknownProvince
from graph.views.render import MAX_SIZE, MIN_SIZE, node_size, render_html
from graph.selection import subgraph
from graph.views.chain import path_chain, trace_chain
from graph.views.layout import hierarchical_positions
from graph.views.search import search_aliases, search_fold


def _data(page: str, name: str) -> list[dict]:
    m = regex.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page, regex.S)
    return json.loads(m.group(1))


def _key(G, number: str) -> str:
    return find_node(G, number)


def test_page_is_offline_and_complete(seed_graph, tmp_path):
    out = render_html(seed_graph, tmp_path / "g.html")
    page = out.read_text()
    assert not regex.search(r"<(?:script|link)[^>]+(?:src|href)=", page)
    nodes, edges = _data(page, "nodes"), _data(page, "edges")
    assert len(nodes) == seed_graph.number_of_nodes()
    assert len(edges) == seed_graph.number_of_edges()
    assert "vbgraph-legend" in page and "window.vbgraphView" in page
    assert {n["color"] for n in nodes} <= set(LEVEL_COLORS.values())


def test_document_text_is_escaped(seed_graph, tmp_path):
    G = seed_graph.copy()
    k = next(iter(G.nodes))
    for field in ("subject", "place", "kind"):
        G.nodes[k][field] = "</script><script>alert(1)</script>"
    page = render_html(G, tmp_path / "g.html", title="<b>x</b>").read_text()
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page


@pytest.mark.parametrize("province, province_map, places", [
    ("Trà Vinh", MAP_63, {"Trà Vinh"}),
    ("tra vinh", MAP_63, {"Trà Vinh"}),
    ("TRÀ VINH", MAP_34, {"Trà Vinh"}),        # today Trà Vinh is part of Vĩnh Long
    ("Vĩnh Long", MAP_34, {"Trà Vinh"}),       # whose row holds the old Trà Vinh's documents
    ("Vĩnh Long", MAP_63, set()),
    ("Cần Thơ", None, {"Sóc Trăng"}),          # the default map is today's
])
def test_subgraph_around_and_province(seed_graph, province, province_map, places):
    k = _key(seed_graph, "03/KH-UBND")
    assert set(subgraph(seed_graph, around=k, depth=0).nodes) == {k}
    H = subgraph(seed_graph, province=province, province_map=province_map)
    assert {d["place"] for _, d in H.nodes(data=True) if d.get("place")} == places


def test_subgraph_unknown_province_suggests():
    with pytest.raises(UnknownProvince, match="did you mean Trà Vinh"):
        subgraph(nx.MultiDiGraph(), province="Tra Vin")


# Each row: spellings a person may type for one document, all folding to one search key.
SPELLINGS = [
    ("33ctttg", ["33/CT-TTg", "33/ct-ttg", "33 / CT - TTg", "số 33/CT-TTg", "Số 33/CT–TTg", "33/CT—TTg",
                 "\u00a033/CT-TTg "]),
    ("114kltw", ["114-KL/TW", "114 KL/TW", "114–KL/TW", "số 114-KL/TW", "114-kl/tw"]),
    ("05ctrbdvtubcsd", ["05-CTr/BDVTU-BCSĐ", "05-CTr/BDVTU-BCSD", "05-CTr/BDVTU-BCSÐ", "05-ctr/bdvtu-bcsđ"]),
    ("042015ndcp", ["04/2015/NĐ-CP", "04/2015/ND-CP", "04/2015/nđ-cp", "04/2015 / NĐ-CP"]),
    ("33ctttg2021", ["33/CT-TTG@2021"]),
    ("13ctrtukiengiang2021", ["13-CTR/TU#Kiên Giang@2021", "13-CTR/TU#Kie\u0302n Giang@2021"]),
    ("nghiquyetdaihoixiii", ["Nghị quyết Đại hội XIII", "nghi\u0323 quyê\u0301t đại hội xiii"]),
    ("solieu", ["Số liệu"]),  # "số" is only dropped before a number
    ("", ["", " / - "]),
]


@pytest.mark.parametrize(("expected", "spellings"), SPELLINGS, ids=[s[1][0] or "empty" for s in SPELLINGS])
def test_search_fold_meets_every_spelling(expected, spellings):
    assert [search_fold(s) for s in spellings] == [expected] * len(spellings)


def test_search_aliases_cover_key_number_title_and_file():
    node = {"number": "05-CTr/BDVTU-BCSĐ", "file": "003_x.txt", "title": None}
    assert search_aliases("05-CTR/BDVTU-BCSD#Trà Vinh@2022", node) == [
        "003xtxt", "05ctrbdvtubcsd", "05ctrbdvtubcsdtravinh2022"]
    assert search_aliases("title:luật x", {"title": "Luật X"}) == ["luatx", "titleluatx"]


@pytest.mark.parametrize("province_map, province", [(MAP_63, "Trà Vinh"), (MAP_34, "Vĩnh Long")])
def test_nodes_carry_the_fields_filters_and_search_read(seed_graph, tmp_path, province_map, province):
    page = render_html(seed_graph, tmp_path / "g.html", province_map=province_map).read_text()
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    n = nodes[_key(seed_graph, "03/KH-UBND")]
    # The filter reads the province of the map; the tooltip keeps the one that issued it.
    assert (n["province"], n["level"], n["kind"], n["year"]) == (province, "provincial_state", "Kế hoạch", 2022)
    assert "tỉnh/thành: Trà Vinh" in n["title"]  # the page speaks Vietnamese by default
    assert search_fold("03 / KH – UBND") in n["aliases"]
    assert nodes[_key(seed_graph, "33/CT-TTg")]["province"] is None


@pytest.mark.parametrize("province_map, options", [
    (MAP_63, ["Kiên Giang (9)", "Sóc Trăng (4)", "Trà Vinh (9)"]),
    (MAP_34, ["An Giang (9; An Giang, Kiên Giang)", "Cần Thơ (4; Cần Thơ, Hậu Giang, Sóc Trăng)",
              "Vĩnh Long (9; Bến Tre, Trà Vinh, Vĩnh Long)"]),
])
def test_panel_offers_the_graphs_levels_kinds_provinces_and_years(seed_graph, tmp_path, province_map, options):
    page = render_html(seed_graph, tmp_path / "g.html", province_map=province_map).read_text()
    panel = page[page.index('<aside id="vbgraph-panel">'):page.index("</aside>")]
    assert regex.findall(r'<option value="[^"]+">([^<]+)</option>', panel) == options
    kinds = {d.get("kind") or "" for _, d in seed_graph.nodes(data=True)}
    assert set(regex.findall(r'name="vbgraph-kind" value="([^"]*)"', panel)) == kinds
    levels = {d.get("level") for _, d in seed_graph.nodes(data=True)}
    assert set(regex.findall(r'name="vbgraph-level" value="([^"]*)"', panel)) == levels
    years = [d["year"] for d in _data(page, "nodes") if d["year"]]
    assert f'placeholder="{min(years)}"' in panel and f'placeholder="{max(years)}"' in panel


def test_hierarchical_layout_puts_central_on_top_and_orders_by_date(seed_graph):
    pos, bands = hierarchical_positions(seed_graph, per_row=1000)
    assert [b.level for b in bands] == ["central_party", "central_state", "provincial_party", "provincial_state"]
    top = {b.level: b.y for b in bands}
    for k, d in seed_graph.nodes(data=True):
        assert top[d["level"]] <= pos[k][1] < top[d["level"]] + 100
    row = sorted((k for k, d in seed_graph.nodes(data=True) if d["level"] == "central_state"), key=lambda k: pos[k][0])
    dates = [seed_graph.nodes[k].get("date") or "~" for k in row]
    assert dates == sorted(dates)


def test_crowded_level_wraps_onto_rows_in_date_order():
    G = nx.MultiDiGraph()
    for i in range(25):
        G.add_node(f"d{i}", level="district", date=f"2020-01-{i + 1:02d}")
    pos, bands = hierarchical_positions(G, per_row=10, dy=90)
    assert bands[0].rows == 3
    assert pos["d0"][1] < pos["d10"][1] < pos["d20"][1]
    assert pos["d0"][0] < pos["d2"][0] < pos["d4"][0]


def test_physics_is_off_in_hierarchical_layout_and_on_in_force(seed_graph, tmp_path):
    hier = render_html(seed_graph, tmp_path / "h.html").read_text()
    force = render_html(seed_graph, tmp_path / "f.html", layout="force").read_text()
    assert '"physics": {"enabled": false' in hier and all("x" in n for n in _data(hier, "nodes"))
    assert '"physics": {"enabled": true' in force and not any("x" in n for n in _data(force, "nodes"))
    with pytest.raises(ValueError):
        render_html(seed_graph, tmp_path / "x.html", layout="circle")


def test_trace_chain_highlights_what_trace_returns(seed_graph, tmp_path):
    root = _key(seed_graph, "33/CT-TTg")
    chain = trace_chain(seed_graph, root, direction="down")
    assert root in chain.nodes and len(chain.nodes) == len(chain.edges) + 1
    assert all(v == root or (u, v, r) in seed_graph.edges(keys=True) for u, v, r in chain.edges)
    page = render_html(seed_graph, tmp_path / "g.html", chain=chain).read_text()
    nodes, edges = _data(page, "nodes"), _data(page, "edges")
    assert {n["id"] for n in nodes if n["chain"]} == chain.nodes
    assert sum(e["chain"] for e in edges) == len(chain.edges)
    assert all(n["color"] == "#e3e6e8" for n in nodes if not n["chain"])
    assert chain.caption() in page


def test_path_chain_follows_shortest_path_and_none_when_unlinked(seed_graph):
    a, b = _key(seed_graph, "03/KH-UBND"), _key(seed_graph, "33/CT-TTg")
    chain = path_chain(seed_graph, a, b)
    assert chain.edges == {(a, b, "implements")} and chain.nodes == {a, b}
    G = seed_graph.copy()
    G.add_node("lonely")
    assert path_chain(G, a, "lonely") is None


def _view(*args):
    from typer.testing import CliRunner

    import cli

    return CliRunner().invoke(cli.app, ["view", *map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def graph_file(seed_graph, tmp_path_factory):
    from graph import store

    path = tmp_path_factory.mktemp("view") / "graph.json"
    store.save(seed_graph, path)
    return path


def test_view_trace_only_chain_draws_the_lineage_tree(seed_graph, graph_file, tmp_path):
    out = tmp_path / "t.html"
    r = _view("--trace", "33/ct-ttg", "--direction", "down", "--only-chain", "--graph", graph_file, "-o", out)
    assert r.exit_code == 0, r.output
    chain = trace_chain(seed_graph, _key(seed_graph, "33/CT-TTg"), direction="down")
    nodes = _data(out.read_text(), "nodes")
    assert {n["id"] for n in nodes} == chain.nodes and all(n["chain"] for n in nodes)
    assert f"{len(chain.nodes)} documents" in r.stderr and chain.caption("en") in r.stderr


def test_view_path_highlights_inside_the_whole_graph(seed_graph, graph_file, tmp_path):
    out = tmp_path / "p.html"
    r = _view("--path", "03/KH-UBND", "33/CT-TTg", "--layout", "force", "--graph", graph_file, "-o", out)
    assert r.exit_code == 0, r.output
    nodes = _data(out.read_text(), "nodes")
    assert len(nodes) == seed_graph.number_of_nodes() and sum(n["chain"] for n in nodes) == 2


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--trace", "99/XX-YYY"], 1, "no document '99/XX-YYY'"),
    (["--path", "03/KH-UBND", "99/XX-YYY"], 1, "no document '99/XX-YYY'"),
    (["--only-chain"], 2, "--only-chain needs --trace or --path"),
    (["--relation", "cites"], 2, "--relation needs --trace or --path"),
    (["--trace", "33/CT-TTg", "--path", "03/KH-UBND", "33/CT-TTg"], 2, "cannot be combined"),
    (["--layout", "circle"], 2, "circle"),
])
def test_view_errors_are_one_line(graph_file, tmp_path, args, code, message):
    r = _view(*args, "--graph", graph_file, "-o", tmp_path / "x.html")
    assert r.exit_code == code and message in r.stderr and "Traceback" not in r.output
    if code == 1:
        assert r.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_view_path_without_a_chain_fails(seed_graph, tmp_path):
    from graph import store

    G = seed_graph.copy()
    G.add_node("lonely", key="lonely", number="1/XX-LONE")
    store.save(G, tmp_path / "g.json")
    r = _view("--path", "03/KH-UBND", "1/XX-LONE", "--graph", tmp_path / "g.json", "-o", tmp_path / "x.html")
    assert r.exit_code == 1 and "no chain between 03/KH-UBND and 1/XX-LONE" in r.stderr


# Each row: times cited, times the page's most cited document is cited, expected size.
SIZES = [(0, 0, MIN_SIZE), (0, 9000, MIN_SIZE), (9000, 9000, MAX_SIZE), (1, 1, MAX_SIZE),
         (10, 100, MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.log(11) / math.log(101))]


@pytest.mark.parametrize(("cited", "most", "size"), SIZES)
def test_node_size_is_bounded_and_logarithmic(cited, most, size):
    assert node_size(cited, most) == pytest.approx(size)


def test_a_hub_cited_thousands_of_times_stays_within_the_scale(seed_graph, tmp_path):
    G = seed_graph.copy()
    hub = _key(G, "33/CT-TTg")
    G.nodes[hub]["cited"] = 20_000
    nodes = {n["id"]: n for n in _data(render_html(G, tmp_path / "g.html").read_text(), "nodes")}
    assert nodes[hub]["size"] == MAX_SIZE
    assert all(MIN_SIZE <= n["size"] <= MAX_SIZE for n in nodes.values())
    assert sorted(n["size"] for n in nodes.values() if n["id"] != hub)[-1] < MAX_SIZE / 2
