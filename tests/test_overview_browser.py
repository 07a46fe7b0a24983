"""The overview and the focused view in a real headless Chromium (Debian's chromium driven
by Playwright, as tests/test_browser.py): what is drawn at the opening zoom, clicking a
cluster, the centre, and a search for a number that names several documents."""
from __future__ import annotations

import pytest
from overview_graph import overview_graph
from test_browser import Visit, browser  # noqa: F401  (the module's Chromium fixture)

from graph.views.messages import text
from graph.views.overview import MEMBER_CAP, focus, overview
from graph.views.overview_page import render_overview
from graph.views.render import render_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def big():
    return overview_graph()


def _click(visit: Visit, node: str) -> None:
    """A real click of the mouse where the node is drawn."""
    x, y = visit.js("""k => {
        const p = network.canvasToDOM(network.getPositions([k])[k]);
        const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node)
    visit.page.mouse.click(x, y)


def _in_view(visit: Visit) -> list[str]:
    """Ids of the drawn nodes inside the canvas."""
    return visit.js("""() => {
        const c = document.querySelector('#mynetwork canvas'), w = c.clientWidth, h = c.clientHeight;
        const ids = nodes.getIds({filter: n => !n.hidden});
        const ps = network.getPositions(ids);
        return ids.filter(id => { const p = network.canvasToDOM(ps[id]); return p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h; });
    }""")


# Each row: a language, and words the page shows.
WORDS = [("vi", "nhóm tỉnh/thành", "Quay lại"), ("en", "province cluster", "Back")]


@pytest.mark.parametrize(("lang", "legend", "back"), WORDS, ids=[w[0] for w in WORDS])
def test_overview_opens_readable_and_a_cluster_opens_within_the_cap(browser, big, tmp_path, lang, legend, back):
    agg = overview(big)
    visit = Visit(browser, render_overview(big, agg, tmp_path / "overview.html", lang=lang))
    page = visit.page
    assert visit.painted_pixels() > 20_000
    assert legend in page.text_content("#vbgraph-legend")
    # Labels readable where the page opens: 14 px drawn at no less than 10 px.
    assert visit.js("network.getScale()") * 14 >= 10 - 1e-6
    seen = _in_view(visit)
    anchors = [k for k in seen if k in agg.anchors]
    assert len(anchors) >= 4 and len([k for k in seen if k.startswith("cluster:")]) >= 8
    first = visit.js("vbgraphView.drawn()")
    assert first < 200
    page.screenshot(path=str(tmp_path / f"overview-{lang}.png"))
    # Clicking a cluster draws its documents, with their chains, under the cap.
    cluster = next(k for k in seen if k.startswith("cluster:"))
    _click(visit, cluster)
    drawn = visit.js("nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    members = [k for k in drawn if k.startswith("member:")]
    assert 0 < len(members) <= MEMBER_CAP and len(drawn) <= MEMBER_CAP + 2
    ci = int(cluster.split(":")[1])
    anchor = visit.js("i => VBGRAPH_VIEW.overview.clusters[i].anchor", ci)
    assert anchor in drawn
    # Each member's edge leads to another member or to the anchor: the chain is whole.
    targets = visit.js("edges.get({filter: e => !e.hidden}).map(e => e.to)")
    assert targets and set(targets) <= set(members) | {anchor}
    assert visit.js("nodes.get({filter: n => !n.hidden && n.member !== undefined}).length") == len(members)
    assert page.is_visible("#vbgraph-back") and page.text_content("#vbgraph-back").endswith(back)
    page.screenshot(path=str(tmp_path / f"cluster-{lang}.png"))
    page.click("#vbgraph-back")
    assert visit.js("vbgraphView.drawn()") == first
    # The node of the other provinces draws all of an anchor's provinces.
    more = next(k for k in visit.js("nodes.getIds({filter: n => n.provinces && !n.hidden})"))
    anchor = more.split(":", 1)[1]
    visit.js("a => vbgraphView.open('group', a)", anchor)
    assert visit.js("vbgraphView.drawn()") == len(agg.clusters[anchor]) + 1
    visit.check_clean()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_search_lists_the_candidates_of_an_ambiguous_number(browser, big, tmp_path, lang):
    visit = Visit(browser, render_overview(big, overview(big), tmp_path / "s.html", lang=lang))
    page = visit.page
    page.fill("#vbgraph-search", "114-kl/tw")
    page.press("#vbgraph-search", "Enter")
    said = page.text_content("#vbgraph-search-result")
    names = "114-KL/TW@2015 (2015-07-14), 114-KL/TW@2024 (2024-07-14)"
    assert said == text("view.ambiguous", lang, query="114-kl/tw", n=2, names=names)
    page.fill("#vbgraph-search", "114-KL/TW@2024")
    page.press("#vbgraph-search", "Enter")
    assert page.text_content("#vbgraph-search-result").startswith(text("view.found_one", lang, names="114-KL/TW@2024"))
    assert visit.js("network.getSelectedNodes()") == ["114-KL/TW@2024"]
    # A provincial document opens its cluster and is selected there.
    number = visit.js("VBGRAPH_VIEW.overview.docs[VBGRAPH_VIEW.overview.clusters[0].members[0][0]][1]")
    page.fill("#vbgraph-search", number)
    page.press("#vbgraph-search", "Enter")
    assert visit.js("network.getSelectedNodes()")[0].startswith("member:")
    visit.check_clean()


def test_detailed_page_search_lists_the_candidates_too(browser, tmp_path):
    small = overview_graph(30, central=3)
    visit = Visit(browser, render_html(small, tmp_path / "d.html", lang="en"))
    result = visit.js("q => vbgraphView.search(q)", "114 KL/TW")
    assert result["candidates"] == ["114-KL/TW@2015", "114-KL/TW@2024"]
    assert result["message"].startswith("114 KL/TW is ambiguous: it names 2 documents: 114-KL/TW@2015 (2015-07-14)")
    visit.check_clean()


def test_focused_view_marks_its_centre_and_stays_bounded(browser, big, tmp_path):
    centre = "6-CT/TW@2015"
    visit = Visit(browser, render_overview(big, focus(big, centre), tmp_path / "f.html"))
    marked = visit.js("nodes.get({filter: n => n.centre}).map(n => [n.id, n.label.split('\\n')[0], n.borderWidth])")
    assert marked == [[centre, "◎ 6-CT/TW", 6]]
    assert visit.page.text_content("#vbgraph-centre") == text("view.centre", "vi", label="6-CT/TW")
    drawn = visit.js("nodes.getIds({filter: n => !n.hidden})")
    assert "114-KL/TW@2015" in drawn and len(drawn) <= 1 + 1 + 12
    assert centre in _in_view(visit)
    visit.page.screenshot(path=str(tmp_path / "focus.png"))
    visit.check_clean()
