"""The annotated page (graph/views/annotate.py, `vbgraph annotate`), read back with lxml and
checked against the gold: every reference marked once per mention, the right relation,
incomplete references marked, and not one character of the document lost or added."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import regex
from typer.testing import CliRunner

import cli
from extract import extract_text
from extract.evaluate import relations_match
from extract.formats import read_document
from extract.resolve import fold_number, fold_title
from extract.sources import read_source
from graph.views.annotate import Annotation, annotated_html, annotations, marked_text, resolve_against

runner = CliRunner()
SEED_NAMES = ["000_d9b3bc226954e46a.txt", "001_5084cfdea2e52c13.txt", "002_b28f16a640293a0d.txt",
              "003_55d517ce3ca3e960.txt", "004_62ffd4cb76640771.txt"]


def run(*args, **kw):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False, **kw)


def _page(text: str, corpus=(), name: str = "doc.txt"):
    doc = resolve_against(extract_text(text, name), list(corpus))
    return doc, lxml.html.fromstring(annotated_html(text, doc))


def _marks(tree) -> dict[int, dict]:
    """One entry per annotation: its attributes and its text, joined over split pieces."""
    out: dict[int, dict] = {}
    for el in tree.iter("mark"):
        if "data-n" not in el.attrib:
            continue  # the legend's samples
        entry = out.setdefault(int(el.get("data-n")), {"attrs": dict(el.attrib), "text": "", "pieces": 0})
        entry["text"] += el.text_content()
        entry["pieces"] += 1
    return dict(sorted(out.items()))


def _body_text(tree) -> str:
    (div,) = tree.find_class("text")
    return div.text_content()


@pytest.fixture(scope="module")
def seed_pages(seeds_dir, seed_corpus):
    corpus = [d.extraction for d in seed_corpus.documents]
    pages = {}
    for name in SEED_NAMES:
        src = read_source(name, seeds_dir / name)
        doc = resolve_against(extract_text(src.text, src.doc, src.path), corpus)
        page = annotated_html(src.text, doc)
        pages[name] = (src.text, doc, page, lxml.html.fromstring(page))
    return pages


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_page_marks_what_the_gold_holds(name, seed_pages, gold):
    text, doc, page, tree = seed_pages[name]
    g = next(r for r in gold if r["doc"] == name)
    marks = _marks(tree)
    ex = doc.extraction
    assert len(marks) == len(ex.mentions) + len(ex.incomplete)
    # each mark quotes its mention exactly, in text order
    surfaces = [m.surface for m in sorted(ex.mentions, key=lambda m: m.span)]
    assert [m["text"] for m in marks.values() if m["attrs"]["data-status"] != "incomplete"] == surfaces
    # the distinct documents the marks point at are the gold's references and named references
    numbered = {m["attrs"]["data-key"]: m["attrs"]["data-number"] for m in marks.values() if "data-number" in m["attrs"]}
    assert sorted(fold_number(n) for n in numbered.values()) == sorted(fold_number(r["number"]) for r in g["refs"])
    assert {fold_title(m["attrs"]["data-title"]) for m in marks.values() if "data-title" in m["attrs"]} == \
        {fold_title(t) for t in g["named_refs"]}
    # relations: top-level marks give the document's relations, nested ones the links
    direct: dict[str, set] = defaultdict(set)
    links = set()
    for m in marks.values():
        a = m["attrs"]
        rel = a.get("data-rel") or a.get("data-nested-rel")
        if rel:
            assert f"rel-{rel}" in a["class"].split()
        if "data-number" not in a:
            continue
        if "data-rel" in a:
            direct[fold_number(a["data-number"])].add(a["data-rel"])
        elif "data-parent" in a:
            parent = marks[int(a["data-parent"])]["attrs"]
            if "data-number" in parent:
                links.add((fold_number(parent["data-number"]), a["data-nested-rel"], fold_number(a["data-number"])))
    for r in g["refs"]:
        got = direct[fold_number(r["number"])] - {"cites"} or {"cites"}
        assert relations_match(got, r["relations"]), (r["number"], got, r["relations"])
    assert links == {(fold_number(x["source"]), x["relation"], fold_number(x["target"])) for x in g["links"]}
    # incomplete references are marked, and only they
    assert [m["text"] for m in marks.values() if m["attrs"]["data-status"] == "incomplete"] == \
        [x["surface"] for x in g["incomplete"]]
    # the page's text is the document's text: nothing lost, nothing duplicated
    assert _body_text(tree) == text
    assert not regex.search(r"https?://", page)


def test_seed_page_header_and_notes(seed_pages):
    text, doc, page, tree = seed_pages["000_d9b3bc226954e46a.txt"]
    header = tree.find_class("meta")[0].text_content()
    assert "412-CTr/BDVTU-BCSDUBND" in header and "Kiên Giang" in header and "2022-06-14" in header
    notes = tree.find_class("notes")[0].findall("li")
    assert [li.get("id") for li in notes] == [f"n{n}" for n in _marks(tree)]
    # every badge links to its note and every note back to its mark
    for n in _marks(tree):
        assert tree.get_element_by_id(f"m{n}").tag == "mark"
        assert tree.xpath(f'//a[@class="badge"][@href="#n{n}"]')
    assert "114-KL/TW@2015" in notes[0].text_content()


def test_short_form_resolves_only_against_a_corpus(seeds_dir, tmp_path):
    seed = seeds_dir / "003_55d517ce3ca3e960.txt"
    alone, with_corpus = tmp_path / "alone.html", tmp_path / "corpus.html"
    assert run("annotate", seed, "-o", alone).exit_code == 0
    r = run("annotate", seed, "--from", seeds_dir, "-o", with_corpus)
    assert r.exit_code == 0 and "references marked" in r.stderr

    def mark(path: Path) -> dict:
        return next(m["attrs"] for m in _marks(lxml.html.parse(str(path)).getroot()).values()
                    if m["text"].startswith("Pháp lệnh số 34 "))

    assert mark(alone)["data-status"] == "unresolved" and "data-key" not in mark(alone)
    assert mark(with_corpus)["data-status"] == "resolved"
    assert mark(with_corpus)["data-number"] == "34/2007/PL-UBTVQH11"


def test_unplaced_and_ambiguous_are_marked_apart(seed_pages):
    _, _, _, tree = seed_pages["002_b28f16a640293a0d.txt"]
    unplaced = [m for m in _marks(tree).values() if m["attrs"]["data-status"] == "unplaced"]
    assert unplaced and all("#?" in m["attrs"]["data-key"] for m in unplaced)
    corpus = [extract_text("Kết luận số 01-KL/TW ngày 06/4/2016 của Bộ Chính trị.", "a.txt"),
              extract_text("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.", "b.txt")]
    _, tree = _page("Thực hiện Kết luận số 01-KL/TW của Bộ Chính trị.", corpus)
    (m,) = _marks(tree).values()
    assert m["attrs"]["data-status"] == "ambiguous" and "ambiguous" in m["attrs"]["class"].split()


def test_markup_in_the_source_is_escaped():
    text = ('<script>alert("x")</script> R&D <b>bold</b>\n'
            "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ & <i>các</i> bộ;")
    doc, tree = _page(text)
    assert not tree.xpath("//script") and not tree.xpath("//div[@class='text']//b | //div[@class='text']//i")
    assert _body_text(tree) == text
    assert [m["text"] for m in _marks(tree).values()] == [m.surface for m in doc.extraction.mentions]


def test_nested_and_crossing_spans_stay_well_formed():
    text = "0123456789abcdefghij & <k>"
    spans = [(0, 12), (2, 6), (4, 15), (12, 20), (14, 26), (3, 3)]
    marks = [Annotation(n, a, b, text[a:b], "resolved", relation="cites") for n, (a, b) in enumerate(spans, 1)]
    markup = marked_text(text, marks)
    root = lxml.etree.fromstring(f"<div>{markup}</div>")  # strict XML: any crossing tag fails here
    assert "".join(root.itertext()) == text
    got = _marks(lxml.html.fromstring(f"<div>{markup}</div>"))
    assert {n: m["text"] for n, m in got.items()} == {n: text[a:b] for n, (a, b) in enumerate(spans, 1) if b > a}
    assert got[3]["pieces"] > 1 and len(root.xpath("//mark[@id='m3']")) == 1
    assert len(root.xpath("//a[@class='badge']")) == 5


def test_annotations_are_numbered_in_text_order(seed_pages):
    _, doc, _, _ = seed_pages["003_55d517ce3ca3e960.txt"]
    notes = annotations(doc)
    assert [a.n for a in notes] == list(range(1, len(notes) + 1))
    assert [a.start for a in notes] == sorted(a.start for a in notes)
    (incomplete,) = [a for a in notes if a.status == "incomplete"]
    assert incomplete.surface == "Kế hoạch số /KH-UBND ngày /3/2022" and incomplete.why == "number left blank"
    nested = [a for a in notes if a.parent is not None]
    assert nested and all(notes[a.parent - 1].start < a.start for a in nested)


def test_docx_page_shows_the_text_vbgraph_read(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;")
    path = tmp_path / "plan.docx"
    d.save(path)
    r = run("annotate", path)
    assert r.exit_code == 0
    tree = lxml.html.fromstring(r.stdout)
    assert _body_text(tree) == read_document(path).text
    (m,) = _marks(tree).values()
    assert m["attrs"]["data-rel"] == "implements" and m["attrs"]["data-number"] == "33/CT-TTg"


def test_errors_are_one_line(tmp_path, seeds_dir):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    seed = tmp_path / "seed.txt"
    original = (seeds_dir / "002_b28f16a640293a0d.txt").read_bytes()
    seed.write_bytes(original)
    for args, needle in (((tmp_path / "missing.txt",), "missing.txt"),
                         ((tmp_path / "bin.txt",), "bin.txt"),
                         ((tmp_path,), "folder"),
                         ((seed, "-o", seed), "the document itself")):
        r = run("annotate", *args)
        assert r.exit_code == 1 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error:") and needle in r.stderr, r.stderr
    assert seed.read_bytes() == original


def test_stdin_page():
    r = run("annotate", "-", input="Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;".encode())
    assert r.exit_code == 0
    (m,) = _marks(lxml.html.fromstring(r.stdout)).values()
    assert m["attrs"]["data-rel"] == "based_on" and m["attrs"]["data-key"] == "33/CT-TTG@2021"
