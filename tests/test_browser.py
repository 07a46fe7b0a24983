"""The view page in a real headless Chromium: Debian's /usr/bin/chromium driven by Playwright.

Each test opens a page written to disk, waits for vis-network to draw, and fails on any
console error, script error, or request that leaves the file (only file:, data: and blob:
URLs are allowed).  Without Chromium the tests skip, except under CI, where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.views.messages import LANGS, level_name, text
from graph.queries import find_node, shortest_path
from graph.views.render import render_html
from graph.views.chain import hop_line, trace_chain
from graph.views.search import search_fold

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:")
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium for the module, with a fresh profile; never a downloaded browser."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run .ci/chromium.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT)
        yield context
        context.close()


class Visit:
    """A page opened from disk, with everything it logged and requested."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        # Generous: the machine running the tests may be shared and loaded.
        self.page.goto(path.resolve().as_uri(), timeout=120_000)
        self.page.wait_for_function("window.vbgraphView && window.vbgraphView.ready", timeout=120_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.requests and self.requests[0].startswith("file:")
        assert [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)] == []

    def painted_pixels(self) -> int:
        """Canvas pixels that are not blank: proof that vis-network drew something."""
        return self.js("""() => {
            const c = document.querySelector('#mynetwork canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
            return n;
        }""")


def _visible(G, *, levels=None, provinces=None):
    """What the page's filters should leave: nodes, then edges between two of them."""
    nodes = {k for k, d in G.nodes(data=True)
             if (levels is None or d.get("level") in levels)
             and (provinces is None or not d.get("place") or d["place"] in provinces)}
    edges = sum(1 for u, v in G.edges() if u in nodes and v in nodes)
    return len(nodes), edges


def test_seed_page_draws_offline_counts_and_finds_any_spelling(browser, seed_graph, tmp_path):
    visit = Visit(browser, render_html(seed_graph, tmp_path / "seeds.html", lang="en"))
    counts = visit.js("vbgraphView.counts()")
    assert counts == {"nodes": seed_graph.number_of_nodes(), "edges": seed_graph.number_of_edges(),
                      "visibleNodes": seed_graph.number_of_nodes(), "visibleEdges": seed_graph.number_of_edges()}
    assert visit.js("[nodes.length, edges.length]") == [seed_graph.number_of_nodes(), seed_graph.number_of_edges()]
    assert visit.painted_pixels() > 5000
    page = visit.page
    for typed, number in [("số 33 / CT – TTg", "33/CT-TTg"), ("33/ct-ttg", "33/CT-TTg"),
                          ("114 KL/TW", "114-KL/TW"), ("05-ctr/bdvtu-bcsđ", "05-CTr/BDVTU-BCSD")]:
        page.fill("#vbgraph-search", typed)
        page.press("#vbgraph-search", "Enter")
        assert visit.js("network.getSelectedNodes()") == [find_node(seed_graph, number)], typed
        assert page.text_content("#vbgraph-search-result").startswith(f"found {number}")
    page.wait_for_timeout(500)  # the focus animation
    page.screenshot(path=str(tmp_path / "seeds-search.png"))
    page.fill("#vbgraph-search", "99/XX-YYY")
    page.press("#vbgraph-search", "Enter")
    assert page.text_content("#vbgraph-search-result") == "not found: 99/XX-YYY"
    assert visit.js("network.getSelectedNodes()") == []
    visit.check_clean()
    assert (tmp_path / "seeds-search.png").stat().st_size > 20_000


def test_javascript_fold_agrees_with_python(browser, seed_graph, tmp_path):
    visit = Visit(browser, render_html(seed_graph, tmp_path / "fold.html"))
    spellings = ["33/CT-TTg", "33 / CT - TTg", "số 33/CT–TTg", "Số 33/CT—TTg", "114 KL/TW", "114-KL/TW",
                 "05-CTr/BDVTU-BCSĐ", "05-CTr/BDVTU-BCSÐ", "04/2015/nđ-cp", "Kie\u0302n Giang", "\u00a033/CT-TTg ",
                 "Số liệu", ""]
    spellings += [s for k, d in seed_graph.nodes(data=True) for s in (k, d.get("number"), d.get("title")) if s]
    assert visit.js("ss => ss.map(vbgraphView.fold)", spellings) == [search_fold(s) for s in spellings]
    visit.check_clean()


def test_filters_change_what_is_shown(browser, seed_graph, tmp_path):
    visit = Visit(browser, render_html(seed_graph, tmp_path / "filters.html", lang="en"))
    page = visit.page
    shown = lambda: (visit.js("vbgraphView.counts().visibleNodes"), visit.js("vbgraphView.counts().visibleEdges"))  # noqa: E731

    page.uncheck('input[name="vbgraph-level"][value="provincial_state"]')
    assert shown() == _visible(seed_graph, levels={"central_party", "central_state", "provincial_party"})
    assert shown()[0] < seed_graph.number_of_nodes()
    page.screenshot(path=str(tmp_path / "filtered.png"))
    page.click("#vbgraph-reset")
    page.select_option("#vbgraph-province", ["Cần Thơ"])  # today's province, which holds Sóc Trăng
    assert shown() == _visible(seed_graph, provinces={"Sóc Trăng"})
    assert page.text_content("#vbgraph-count").startswith(f"{shown()[0]} of {seed_graph.number_of_nodes()} documents")
    page.fill("#vbgraph-search", "03/KH-UBND")  # a Trà Vinh plan, hidden now
    page.press("#vbgraph-search", "Enter")
    assert page.text_content("#vbgraph-search-result").endswith("hidden by the filters")
    page.click("#vbgraph-reset")
    page.fill("#vbgraph-year-from", "2021")
    page.uncheck("#vbgraph-undated")
    years = {k for k, d in seed_graph.nodes(data=True)
             if (d.get("year") or (int(d["date"][:4]) if d.get("date") else 0)) >= 2021}
    assert shown()[0] == len(years)
    page.click("#vbgraph-reset")
    assert shown() == (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    visit.check_clean()


def test_highlighted_trace_page(browser, seed_graph, tmp_path):
    chain = trace_chain(seed_graph, find_node(seed_graph, "33/CT-TTg"), direction="down")
    visit = Visit(browser, render_html(seed_graph, tmp_path / "trace.html", chain=chain))
    assert visit.js("nodes.get({filter: n => n.chain}).map(n => n.id).sort()") == sorted(chain.nodes)
    assert visit.js("edges.get({filter: e => e.chain}).length") == len(chain.edges)
    assert chain.caption() in visit.page.text_content("#vbgraph-chain")
    visit.page.screenshot(path=str(tmp_path / "trace.png"))
    visit.check_clean()


def test_generated_corpus_in_force_layout(browser, tmp_path):
    import subprocess
    import sys

    from extract import extract_sources
    from graph.model import build_graph

    bench = Path(__file__).parents[1] / "bench" / "make_corpus.py"
    subprocess.run([sys.executable, str(bench), str(tmp_path / "corpus"), "-n", "40", "--seed", "11"],
                   check=True, capture_output=True)
    G = build_graph(extract_sources([str(tmp_path / "corpus" / "docs")]).documents)
    visit = Visit(browser, render_html(G, tmp_path / "generated.html", layout="force"))
    assert visit.js("[nodes.length, edges.length]") == [G.number_of_nodes(), G.number_of_edges()]
    assert visit.painted_pixels() > 5000
    number = next(d["number"] for _, d in G.nodes(data=True) if d.get("number") and "/" in d["number"])
    result = visit.js("q => vbgraphView.search(q)", number.lower().replace("/", " / "))
    assert result["selected"] == [k for k, d in G.nodes(data=True)
                                  if d.get("number") and search_fold(d["number"]) == search_fold(number)]
    visit.page.screenshot(path=str(tmp_path / "generated.png"))
    visit.check_clean()


# --------------------------------------------------------------------------- what users hit


def _view_page(graph_file: Path, out: Path, *args) -> Path:
    """A page written by the command line, as a user makes it."""
    from typer.testing import CliRunner

    import cli

    r = CliRunner().invoke(cli.app, ["view", "--graph", str(graph_file), "-o", str(out), *map(str, args)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def graph_file(seed_graph, tmp_path_factory) -> Path:
    from graph import store

    path = tmp_path_factory.mktemp("graph") / "graph.json"
    store.save(seed_graph, path)
    return path


def _node_point(visit: Visit, key: str) -> tuple[float, float]:
    """Where a node is drawn, in the page's coordinates (for the mouse)."""
    return tuple(visit.js("""k => {
        const p = network.canvasToDOM(network.getPositions([k])[k]);
        const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", key))


def _tooltip(visit: Visit) -> str | None:
    """The text of the tooltip on screen, or None when none shows."""
    return visit.js("""() => {
        const t = Array.from(document.querySelectorAll('div.vis-tooltip'))
            .find(el => getComputedStyle(el).visibility !== 'hidden');
        return t ? t.innerText : null;
    }""")


def test_tooltip_is_plain_text_and_goes_when_the_pointer_leaves_the_graph(browser, seed_graph, tmp_path):
    G = seed_graph.copy()
    key = find_node(G, "33/CT-TTg")
    G.nodes[key]["subject"] = "Dân vận & <b>chính quyền</b>"
    visit = Visit(browser, render_html(G, tmp_path / "tip.html", lang="en"))
    page = visit.page
    visit.js("k => network.focus(k, {scale: 1.5})", key)
    x, y = _node_point(visit, key)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function("() => Array.from(document.querySelectorAll('div.vis-tooltip'))"
                           ".some(el => getComputedStyle(el).visibility !== 'hidden')", timeout=5_000)
    shown = _tooltip(visit)
    assert "subject: Dân vận & <b>chính quyền</b>" in shown and "&amp;" not in shown and "&lt;" not in shown
    assert "cited" in shown
    page.mouse.move(150, 400)  # straight into the side panel, as a hand does
    page.wait_for_timeout(200)
    assert _tooltip(visit) is None
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)  # back on the same node: its tooltip shows again
    page.wait_for_function("() => Array.from(document.querySelectorAll('div.vis-tooltip'))"
                           ".some(el => getComputedStyle(el).visibility !== 'hidden')", timeout=5_000)
    visit.check_clean()


#: A Sóc Trăng plan that cites as much as it implements: each choice of relations traces
#: another tree up from it.
TRACE_ROOT = "file:001_5084cfdea2e52c13.txt"
# Each row: the relations asked for on the command line.
TRACE_RELATIONS = [(), ("cites",), ("implements", "cites", "based_on")]


@pytest.mark.parametrize("relations", TRACE_RELATIONS, ids=lambda r: "+".join(r) or "default")
def test_view_trace_follows_the_relations_asked_for(browser, seed_graph, graph_file, tmp_path, relations):
    args = [a for r in relations for a in ("--relation", r)]
    page = _view_page(graph_file, tmp_path / "trace.html", "--trace", TRACE_ROOT, "--direction", "up", *args)
    chain = trace_chain(seed_graph, find_node(seed_graph, TRACE_ROOT), direction="up",
                        **({"relations": relations} if relations else {}))
    visit = Visit(browser, page)
    assert visit.js("nodes.get({filter: n => n.chain}).map(n => n.id).sort()") == sorted(chain.nodes)
    assert visit.js("edges.get({filter: e => e.chain}).map(e => e.relation).sort()") == \
        sorted(r for _, _, r in chain.edges)
    if relations:
        assert {r for _, _, r in chain.edges} <= set(relations)
    visit.check_clean()


def test_view_trace_relation_changes_the_chain(seed_graph):
    root = find_node(seed_graph, TRACE_ROOT)
    trees = [trace_chain(seed_graph, root, direction="up", **({"relations": r} if r else {})).nodes
             for r in TRACE_RELATIONS]
    assert len({len(t) for t in trees}) == len(TRACE_RELATIONS) and trees[0] < trees[2]


def test_path_page_shows_each_hop_with_its_direction_and_evidence(browser, seed_graph, graph_file, tmp_path):
    a, b = "03/KH-UBND", "412-CTr/BDVTU-BCSDUBND"
    hops = shortest_path(seed_graph, find_node(seed_graph, a), find_node(seed_graph, b))
    assert [h["direction"] for h in hops] == ["forward", "backward"]
    visit = Visit(browser, _view_page(graph_file, tmp_path / "path.html", "--path", a, b, "--lang", "en"))
    drawn = visit.js("edges.get({filter: e => e.step}).map(e => [e.step, e.from, e.to, e.direction, e.label, "
                     "Boolean(e.dashes)]).sort()")
    expected = [[h["step"], *((h["source_key"], h["target_key"]) if h["direction"] == "forward"
                              else (h["target_key"], h["source_key"])),
                 h["direction"], str(h["step"]) if h["direction"] == "forward" else f"{h['step']} ⇠",
                 h["direction"] == "backward"] for h in hops]
    assert drawn == expected
    items = visit.page.query_selector_all("#vbgraph-hops li")
    assert [(i.get_attribute("data-step"), i.get_attribute("data-direction")) for i in items] == \
        [(str(h["step"]), h["direction"]) for h in hops]
    for item, hop in zip(items, hops):
        content = item.text_content()
        assert content.startswith(hop_line(hop, "en")) and hop["evidence"][:60] in content
    assert "against the arrow" in items[1].text_content() and "against the arrow" not in items[0].text_content()
    assert visit.painted_pixels() > 5000
    visit.page.screenshot(path=str(tmp_path / "path.png"))
    visit.check_clean()


def test_filtering_refits_the_drawing(browser, seed_graph, tmp_path):
    visit = Visit(browser, render_html(seed_graph, tmp_path / "fit.html", lang="en"))
    page = visit.page
    box = """() => {
        const ids = nodes.get({filter: n => !n.hidden}).map(n => n.id);
        const ps = Object.values(network.getPositions(ids)).map(p => network.canvasToDOM(p));
        const c = document.querySelector('#mynetwork canvas');
        const xs = ps.map(p => p.x), ys = ps.map(p => p.y);
        return {w: c.clientWidth, h: c.clientHeight, x0: Math.min(...xs), x1: Math.max(...xs),
                y0: Math.min(...ys), y1: Math.max(...ys)};
    }"""
    for level in ("central_party", "central_state", "provincial_state"):
        page.uncheck(f'input[name="vbgraph-level"][value="{level}"]')
    b = visit.js(box)
    # Only the provincial party band is left: it fills the middle of the view instead of
    # a strip between where the other bands were.
    assert 0 <= b["x0"] and b["x1"] <= b["w"] and 0 <= b["y0"] and b["y1"] <= b["h"]
    assert abs((b["y0"] + b["y1"]) / 2 - b["h"] / 2) < 0.05 * b["h"]
    assert abs((b["x0"] + b["x1"]) / 2 - b["w"] / 2) < 0.05 * b["w"]
    assert max((b["x1"] - b["x0"]) / b["w"], (b["y1"] - b["y0"]) / b["h"]) > 0.6
    page.click("#vbgraph-reset")
    b = visit.js(box)
    assert 0 <= b["x0"] and b["x1"] <= b["w"] and 0 <= b["y0"] and b["y1"] <= b["h"]
    visit.check_clean()


def test_show_everything_clears_the_search(browser, seed_graph, tmp_path):
    visit = Visit(browser, render_html(seed_graph, tmp_path / "reset.html"))
    page = visit.page
    page.fill("#vbgraph-search", "33/CT-TTg")
    page.press("#vbgraph-search", "Enter")
    assert visit.js("network.getSelectedNodes()") == [find_node(seed_graph, "33/CT-TTg")]
    page.click("#vbgraph-reset")
    assert page.input_value("#vbgraph-search") == ""
    assert page.text_content("#vbgraph-search-result") == ""
    assert visit.js("network.getSelectedNodes()") == []
    visit.check_clean()


def test_around_page_marks_its_centre(browser, seed_graph, graph_file, tmp_path):
    key = find_node(seed_graph, "33/CT-TTg")
    visit = Visit(browser, _view_page(graph_file, tmp_path / "around.html", "--around", "33/ct-ttg", "--depth", "1"))
    assert visit.js("nodes.get({filter: n => n.centre}).map(n => [n.id, n.label, n.borderWidth])") == \
        [[key, "◎ 33/CT-TTg", 6]]
    assert visit.page.text_content("#vbgraph-centre") == text("view.centre", "vi", label="33/CT-TTg")
    # The ring is drawn: dark pixels around the node's centre.
    x, y = _node_point(visit, key)
    dark = visit.js("""([x, y]) => {
        const c = document.querySelector('#mynetwork canvas'), r = c.getBoundingClientRect();
        const s = c.width / r.width, d = c.getContext('2d').getImageData((x - r.left - 40) * s, (y - r.top - 40) * s,
                                                                          80 * s, 80 * s).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40) n++;
        return n;
    }""", [x, y])
    assert dark > 50
    visit.page.fill("#vbgraph-search", "33/ct-ttg")
    visit.page.press("#vbgraph-search", "Enter")
    assert visit.page.text_content("#vbgraph-search-result") == text("view.found_one", "vi", names="33/CT-TTg (2021-11-26)")
    visit.check_clean()


# Each row: a language, and words of its page that the panel and the script must show.
PAGE_WORDS = [
    ("vi", ["Cấp", "Loại văn bản", "Tỉnh/thành", "Hiện tất cả", "Chú giải", "thực hiện", "cấp tỉnh (chính quyền)"],
     "Hiện 50/50 văn bản, 84/84 liên kết", "tìm thấy 33/CT-TTg", "không tìm thấy: 99/XX"),
    ("en", ["Level", "Kind", "Province", "Show everything", "Legend", "implements", "provincial state"],
     "50 of 50 documents, 84 of 84 edges shown", "found 33/CT-TTg", "not found: 99/XX"),
]


@pytest.mark.parametrize(("lang", "words", "count", "found", "missing"), PAGE_WORDS, ids=[r[0] for r in PAGE_WORDS])
def test_view_page_speaks_the_language_asked_for(browser, seed_graph, graph_file, tmp_path, lang, words, count,
                                                 found, missing):
    assert (seed_graph.number_of_nodes(), seed_graph.number_of_edges()) == (50, 84)
    args = ["--lang", lang] if lang != "vi" else []  # Vietnamese is the default
    visit = Visit(browser, _view_page(graph_file, tmp_path / f"{lang}.html", *args))
    page = visit.page
    assert visit.js("document.documentElement.lang") == lang
    panel = page.text_content("#vbgraph-panel")
    assert all(w in panel for w in words), [w for w in words if w not in panel]
    other = next(x for x in LANGS if x != lang)
    assert text("view.reset", other) not in panel and level_name("provincial_state", other) not in panel
    assert page.text_content("#vbgraph-count") == count
    page.fill("#vbgraph-search", "33/ct-ttg")
    page.press("#vbgraph-search", "Enter")
    assert page.text_content("#vbgraph-search-result").startswith(found)
    page.fill("#vbgraph-search", "99/XX")
    page.press("#vbgraph-search", "Enter")
    assert page.text_content("#vbgraph-search-result") == missing
    key = find_node(seed_graph, "33/CT-TTg")
    assert text("view.cited", lang, n=seed_graph.nodes[key]["cited"]) in visit.js("k => nodes.get(k).title", key)
    visit.check_clean()


def _synthetic_graph(n: int, *, seed: int = 7):
    """A graph of *n* documents shaped like a province's catalogue: few central, many local."""
    import random

    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        level = ("central_party" if i % 50 == 0 else "central_state" if i % 25 == 0
                 else rng.choice(["provincial_party", "provincial_state", "provincial_state"]))
        G.add_node(f"k{i}", number=f"{i}/KH-UBND", level=level, kind="Kế hoạch",
                   date=f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-01", cited=0)
    central = [k for k, d in G.nodes(data=True) if d["level"].startswith("central")]
    for k, d in list(G.nodes(data=True)):
        if not d["level"].startswith("central"):
            target = rng.choice(central)
            G.add_edge(k, target, key="implements", relation="implements", evidence=[])
            G.nodes[target]["cited"] += 1
    return G


def test_large_page_opens_where_labels_can_be_read(browser, tmp_path):
    from graph.views.render import FONT_PX, READABLE_PX

    G = _synthetic_graph(2000)
    visit = Visit(browser, render_html(G, tmp_path / "large.html", lang="en"))
    page = visit.page
    readable = READABLE_PX / FONT_PX
    assert visit.js("vbgraphView.zoomedToRead") is True
    assert visit.js("network.getScale()") == pytest.approx(readable)
    assert page.is_visible("#vbgraph-zoom-note")
    in_view = visit.js("""() => {
        const c = document.querySelector('#mynetwork canvas'), w = c.clientWidth, h = c.clientHeight;
        const ids = nodes.getIds({filter: n => n.level === 'central_party'});
        return Object.values(network.getPositions(ids)).map(p => network.canvasToDOM(p))
            .filter(p => p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h).length;
    }""")
    assert in_view >= 5  # the top band, the central documents, is what the reader sees first
    # Sizes stay on the bounded scale even with hubs implemented hundreds of times.
    assert visit.js("Math.max(...nodes.get().map(n => n.size))") <= 34
    page.screenshot(path=str(tmp_path / "large.png"))
    page.click("#vbgraph-fit")
    assert visit.js("network.getScale()") < readable / 4
    assert not page.is_visible("#vbgraph-zoom-note")
    visit.check_clean()


def test_small_page_is_not_zoomed_when_its_labels_are_readable(browser, tmp_path):
    G = _synthetic_graph(12)
    visit = Visit(browser, render_html(G, tmp_path / "small.html"))
    assert visit.js("vbgraphView.zoomedToRead") is False and not visit.page.is_visible("#vbgraph-zoom-note")
    visit.check_clean()
