"""The view page in a real headless Chromium: Debian's /usr/bin/chromium driven by Playwright.

Each test opens a page written to disk, waits for vis-network to draw, and fails on any
console error, script error, or request that leaves the file (only file:, data: and blob:
URLs are allowed).  Without Chromium the tests skip, except under CI, where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.queries import find_node
from graph.render import render_html
from graph.view_chain import trace_chain
from graph.view_search import search_fold

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
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.vbgraphView && window.vbgraphView.ready", timeout=30_000)

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
    visit = Visit(browser, render_html(seed_graph, tmp_path / "seeds.html"))
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
    visit = Visit(browser, render_html(seed_graph, tmp_path / "filters.html"))
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
    assert chain.caption in visit.page.text_content("#vbgraph-chain")
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
