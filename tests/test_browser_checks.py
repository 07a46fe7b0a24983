"""The view marks documents needing review (graph/checks.py) in a real headless Chromium:
a badge and a red border on each, and a filter that leaves them and their chains."""
from __future__ import annotations

import pytest
from test_browser import Visit, browser  # noqa: F401  (the module's Chromium fixture)
from test_checks import COMPLIANCE

from extract import extract_sources
from graph.checks import check, review
from graph.model import build_graph
from graph.views.render import REVIEW_BADGE, render_html

pytestmark = pytest.mark.browser


def test_view_marks_and_filters_documents_needing_review(browser, tmp_path):  # noqa: F811
    G = build_graph(extract_sources([str(COMPLIANCE)]).documents)
    marked = review(check(G))
    visit = Visit(browser, render_html(G, tmp_path / "review.html", review=marked))
    flagged = visit.js("nodes.get({filter: n => n.review}).map(n => [n.id, n.label, n.title])")
    assert sorted(k for k, _, _ in flagged) == sorted(marked.documents) == [
        "12/KH-UBND#Kiên Giang@2020", "120/KH-UBND#Kiên Giang@2024", "61/KH-UBND#Kiên Giang@2022",
        "80/KH-UBND#Kiên Giang@2022"]
    for key, label, title in flagged:
        assert label.startswith(REVIEW_BADGE) and all(line in title for line in marked.documents[key])
    page = visit.page
    page.check("#vbgraph-review")
    shown = visit.js("nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert sorted(shown) == sorted(marked.chains)
    assert len(shown) < G.number_of_nodes()
    assert visit.js("vbgraphView.counts().visibleEdges") == sum(
        1 for u, v in G.edges() if u in marked.chains and v in marked.chains)
    page.screenshot(path=str(tmp_path / "review.png"))
    page.click("#vbgraph-reset")
    assert not page.is_checked("#vbgraph-review")
    assert visit.js("vbgraphView.counts().visibleNodes") == G.number_of_nodes()
    visit.check_clean()


def test_view_without_review_has_no_filter(browser, seed_graph, tmp_path):  # noqa: F811
    visit = Visit(browser, render_html(seed_graph, tmp_path / "plain.html"))
    assert visit.js("document.getElementById('vbgraph-review')") is None
    visit.page.click("#vbgraph-reset")
    assert visit.js("vbgraphView.counts().visibleNodes") == seed_graph.number_of_nodes()
    visit.check_clean()


def test_coverage_page_filter_leaves_documents_needing_review(browser, tmp_path):  # noqa: F811
    from test_checks import vbgraph

    page_file = tmp_path / "coverage.html"
    r = vbgraph("coverage", "114-KL/TW", "--from", COMPLIANCE, "--seen-only", "-f", "html", "-o", page_file)
    assert r.exit_code == 0, r.output
    page = browser.new_page()
    requests = []
    page.on("request", lambda q: requests.append(q.url))
    page.goto(page_file.resolve().as_uri())
    visible = "() => Array.from(document.querySelectorAll('table.coverage li')).filter(li => li.offsetParent)" \
              ".map(li => li.title).sort()"
    every = page.evaluate(visible)
    page.check("#only-stale")
    stale = page.evaluate(visible)
    assert stale == ["12/KH-UBND#Kiên Giang@2020", "120/KH-UBND#Kiên Giang@2024", "61/KH-UBND#Kiên Giang@2022",
                     "80/KH-UBND#Kiên Giang@2022"]
    assert set(stale) < set(every)
    page.uncheck("#only-stale")
    assert page.evaluate(visible) == every
    assert all(u.startswith("file:") for u in requests)  # nothing leaves the file
    page.close()
