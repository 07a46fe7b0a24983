"""Coverage reports (graph/views/coverage_report.py, `vbgraph coverage --format html|csv --plot`):
on the seeds' graph and on a generated corpus, read back and compared with the query rows."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import regex
from PIL import Image
from typer.testing import CliRunner

import cli
from extract.vocab import PROVINCES
from graph import queries
from graph.views.coverage_report import coverage_heatmap, coverage_html
from graph.views.messages import LANGS, text

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRECTIVES = ["33/CT-TTg", "114-KL/TW", "16/CT-TTg"]
#: The generated corpus's most implemented directives (keys: 114-KL/TW has two years there).
GENERATED_DIRECTIVES = ["114-KL/TW@2015", "25-NQ/TW@2013", "04/2015/ND-CP"]

runner = CliRunner()


def run(*args):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_graph_file(tmp_path_factory, seeds_dir):
    path = tmp_path_factory.mktemp("seeds") / "graph.json"
    assert run("build", seeds_dir, "-o", path).exit_code == 0
    return path


@pytest.fixture(scope="module")
def generated_graph_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(out), "-n", "80", "--seed", "3"],
                   check=True, capture_output=True)
    path = out / "graph.json"
    assert run("build", out / "docs", "-o", path).exit_code == 0
    return path


def _rows(graph_file: Path, directives: list[str], *extra) -> list[dict]:
    r = run("coverage", *directives, "--graph", graph_file, "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _check_page(page: str, rows: list[dict], labels: list[str], lang: str = "vi") -> None:
    """The page shows exactly the rows: one per province, documents and dates, gaps marked."""
    assert not regex.search(r"https?://", page) and "<script" not in page
    tree = lxml.html.fromstring(page)
    trs = tree.xpath("//table[@class='coverage']/tbody/tr")
    assert [tr.get("data-province") for tr in trs] == [r["province"] for r in rows]
    for tr, row in zip(trs, rows):
        cells = tr.findall("td")[:len(labels)]
        for td, lab in zip(cells, labels):
            docs = row[lab]
            if not docs:
                assert td.get("class") == "gap" and td.text_content() == text("coverage.gap", lang)
                continue
            assert td.get("class") == "covered" and int(td.get("data-count")) == len(docs)
            # a document whose basis was replaced carries a badge (test_coverage_marks_stale_documents)
            items = [li.text_content().removesuffix(" " + text("coverage.needs_review", lang)) for li in td.iter("li")]
            assert items == [d["label"] + (f" {d['date']}" if d["date"] else "")
                             + (" " + text("coverage.former", lang, place=d["place"]) if d["place"] != row["province"] else "")
                             for d in docs]
        assert tr.findall("td")[-1].text_content() == f"{row['covered']}/{len(labels)}"
    summary = {tr.find("th").text_content(): int(tr.find_class("gaps")[0].text_content())
               for tr in tree.xpath("//table[@class='summary']/tbody/tr")}
    assert summary == {lab: sum(1 for r in rows if not r[lab]) for lab in labels}


def _check_png(path: Path, rows: int, columns: int) -> tuple[int, int]:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as im:
        im.verify()
    with Image.open(path) as im:
        width, height = im.size
    # room for every province label (~25 px a row at 110 dpi) and every directive column
    assert height >= 25 * rows and width >= 100 * columns + 250
    return width, height


#: --as-of → provinces on the map then (DOMAIN.md §8).
MAPS = [(["--as-of", "2022-12-31"], len(PROVINCES)), (["--as-of", "2025-06-30"], len(PROVINCES)), ([], 34)]


@pytest.mark.parametrize("as_of, provinces", MAPS)
def test_seed_html_page_from_the_cli(seed_graph_file, tmp_path, as_of, provinces):
    rows = _rows(seed_graph_file, SEED_DIRECTIVES, *as_of)
    assert len(rows) == provinces
    r = run("coverage", *SEED_DIRECTIVES, "--graph", seed_graph_file, "--format", "html", *as_of)
    assert r.exit_code == 0
    page = r.stdout
    _check_page(page, rows, SEED_DIRECTIVES)
    tree = lxml.html.fromstring(page)
    heads = [th.text_content() for th in tree.xpath("//table[@class='coverage']/thead/tr/th")]
    assert heads[1].startswith("33/CT-TTg") and "2021-11-26" in heads[1] and "Chỉ thị" in heads[1]
    out = tmp_path / "report" / "coverage.html"
    out.parent.mkdir()
    r = run("coverage", *SEED_DIRECTIVES, "--graph", seed_graph_file, "--format", "html", "-o", out, *as_of)
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("as_of, seen", [(["--as-of", "2022-12-31"], ["Kiên Giang", "Sóc Trăng", "Trà Vinh"]),
                                         ([], ["An Giang", "Cần Thơ", "Vĩnh Long"])])
def test_csv_cells_list_documents_and_dates(seed_graph_file, tmp_path, as_of, seen):
    rows = _rows(seed_graph_file, SEED_DIRECTIVES, "--seen-only", *as_of)
    out = tmp_path / "coverage.csv"
    r = run("coverage", *SEED_DIRECTIVES, "--graph", seed_graph_file, "--seen-only", "--format", "csv", "-o", out,
            *as_of)
    assert r.exit_code == 0
    back = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [b["province"] for b in back] == [r["province"] for r in rows] == seen
    cell = regex.compile(r"^(?P<label>.+?)(?: \((?:(?P<date>\d{4}-\d{2}-\d{2})(?:, )?)?(?:former (?P<place>.+))?\))?$")
    for b, row in zip(back, rows):
        assert int(b["covered"]) == row["covered"] and b["former"].split("; ") == (row["former"] or [""])
        for lab in SEED_DIRECTIVES:
            parsed = [cell.match(x).groupdict() for x in b[lab].split("; ")] if b[lab] else []
            assert parsed == [{"label": d["label"], "date": d["date"],
                               "place": d["place"] if d["place"] != row["province"] else None} for d in row[lab]]
    assert any(";" in b["114-KL/TW"] for b in back)  # a cell with two documents


def test_seed_heatmap_png(seed_graph_file, tmp_path):
    full, seen = tmp_path / "all.png", tmp_path / "seen.png"
    r = run("coverage", *SEED_DIRECTIVES, "--graph", seed_graph_file, "--plot", full)
    assert r.exit_code == 0 and "— gap —" in r.stdout and f"{full}: 34 provinces × 3 directives" in r.stderr
    assert run("coverage", *SEED_DIRECTIVES, "--graph", seed_graph_file, "--seen-only", "--plot", seen,
               "-f", "json").exit_code == 0
    assert _check_png(full, 34, 3)[1] > _check_png(seen, 3, 3)[1]


def test_generated_corpus_page_and_heatmap(generated_graph_file, tmp_path):
    rows = _rows(generated_graph_file, GENERATED_DIRECTIVES)
    labels = [c for c in rows[0] if c not in ("province", "former", "covered")]
    assert any(r["covered"] for r in rows) and any(not r["covered"] for r in rows)
    page, png = tmp_path / "c.html", tmp_path / "c.png"
    r = run("coverage", *GENERATED_DIRECTIVES, "--graph", generated_graph_file, "-f", "html", "-o", page,
            "--plot", png)
    assert r.exit_code == 0
    _check_page(page.read_text(encoding="utf-8"), rows, labels)
    _check_png(png, len(rows), len(labels))


@pytest.mark.parametrize("lang", LANGS)
def test_report_functions_on_the_query_rows(seed_graph, tmp_path, lang):
    keys = [queries.find_node(seed_graph, n) for n in SEED_DIRECTIVES]
    directives = [queries.node_row(seed_graph, k) for k in keys]
    rows = queries.coverage(seed_graph, keys, provinces=["Vĩnh Long", "An Giang", "Hà Nội"])
    _check_page(coverage_html(rows, directives, lang=lang), rows, SEED_DIRECTIVES, lang)
    assert coverage_heatmap(rows, directives, tmp_path / "h.png", lang=lang) == tmp_path / "h.png"
    _check_png(tmp_path / "h.png", 3, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["h.png"]  # no temporary file left behind


def test_coverage_marks_stale_documents(generated_graph_file):
    """Each implementing document that rests on a replaced or repealed basis has the badge
    (its findings in the tooltip), and only those; the rows holding one can be filtered."""
    from graph.checks import check, review
    from graph.store import load

    page = run("coverage", *GENERATED_DIRECTIVES, "--graph", generated_graph_file, "-f", "html").stdout
    marked = review(check(load(generated_graph_file)))
    tree = lxml.html.fromstring(page)
    items = tree.xpath("//table[@class='coverage']//li")
    stale = {li.get("title") for li in items if li.get("class") == "stale"}
    assert stale and stale == {li.get("title") for li in items} & marked.documents.keys()
    for li in items:
        badge = li.xpath("span[@class='stale']")
        assert bool(badge) == (li.get("title") in stale)
        if badge:
            assert badge[0].get("title") == "\n".join(marked.documents[li.get("title")])
    rows = tree.xpath("//table[@class='coverage']/tbody/tr")
    assert {tr.get("data-province") for tr in rows if tr.get("class") == "has-stale"} == {
        tr.get("data-province") for tr in rows if tr.xpath(".//li[@class='stale']")}
    assert tree.get_element_by_id("only-stale").get("type") == "checkbox"
    assert f"chỉ {len(stale)} văn bản cần rà soát" in page  # the page speaks Vietnamese by default
