"""bench/make_corpus.py: deterministic synthetic corpus with exact gold."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_corpus", make_corpus)
_spec.loader.exec_module(make_corpus)

RELATIONS = {"based_on", "implements", "guides", "amends", "replaces", "repeals", "reports_on", "cites"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s).upper()
    s = s.replace("Đ", "D").replace("\u00d0", "D").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", s)


def test_deterministic_by_seed():
    a = list(make_corpus.generate(50, seed=7))
    b = list(make_corpus.generate(50, seed=7))
    c = list(make_corpus.generate(50, seed=8))
    assert a == b
    assert [t for _, t, _ in a] != [t for _, t, _ in c]


def test_prose_makes_long_documents_with_the_same_references(tmp_path):
    """--prose-kb: long documents whose references, gold and checks are the corpus's own,
    and that the extractor reads as it reads the short ones."""
    extract = pytest.importorskip("extract")
    from extract.evaluate import evaluate

    short = list(make_corpus.generate(20, seed=4))
    long = list(make_corpus.generate(20, seed=4, prose_kb=30))
    assert [g for _, _, g in long] == [g for _, _, g in short]
    assert all(len(lt) > len(st) + 25_000 for (_, st, _), (_, lt, _) in zip(short, long))
    for out, prose_kb in (("short", 0), ("long", 30)):
        make_corpus.write_corpus(str(tmp_path / out), 20, seed=4, prose_kb=prose_kb)
    assert (tmp_path / "short" / "checks.jsonl").read_bytes() == (tmp_path / "long" / "checks.jsonl").read_bytes()
    gold = [json.loads(line) for line in (tmp_path / "long" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    result = extract.extract_sources([str(tmp_path / "long" / "docs")])
    report = evaluate(gold, [extract.document_record(d, evidence=False) for d in result.documents])
    assert report.refs.f1 == 1.0 and report.relations.value == 1.0, report.rows()


def test_write_corpus_layout(tmp_path):
    make_corpus.write_corpus(str(tmp_path), 30, seed=3, refs_per_doc=5)
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(gold) == 30
    for g in gold:
        assert (tmp_path / "docs" / g["doc"]).is_file()
    assert len(list((tmp_path / "docs").rglob("*.txt"))) == 30


def test_gold_shape_and_numbers_in_text():
    for _name, text, g in make_corpus.generate(300, seed=11):
        assert set(g) == {"doc", "self", "refs", "named_refs", "links", "incomplete"}
        assert set(g["self"]) == {"number", "kind", "date", "place"}
        assert g["self"]["date"] is None or ISO.match(g["self"]["date"])
        folded_text = _fold(text)
        keys = set()
        for r in g["refs"]:
            assert {"number", "kind", "date", "scope", "relations"} <= set(r)
            assert r["scope"] in ("central", "provincial")
            assert ("place" in r) == (r["scope"] == "provincial")
            assert r["date"] is None or ISO.match(r["date"])
            assert r["relations"] and set(r["relations"]) <= RELATIONS
            assert "cites" not in r["relations"] or r["relations"] == ["cites"]
            k = _fold(r["number"])
            assert k not in keys
            keys.add(k)
            short = re.sub(r"/(\d{4})/PL-UBTVQH\d+$", "", k)  # "Pháp lệnh số 34 của UBTVQH"
            assert (k in folded_text or k.replace("/CT-TTG", "/TTG") in folded_text
                    or f"SỐ{short}CỦA" in folded_text), (r["number"], g["doc"])
        for link in g["links"]:
            assert _fold(link["source"]) in keys and _fold(link["target"]) in keys
            assert link["relation"] in RELATIONS
        for inc in g["incomplete"]:
            assert inc["surface"] in unicodedata.normalize("NFC", text)


def test_real_extractor_scores_well(tmp_path):
    extract = pytest.importorskip("extract")
    from extract.evaluate import evaluate

    make_corpus.write_corpus(str(tmp_path), 200, seed=5)
    gold = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    result = extract.extract_sources([str(tmp_path / "docs")])
    predicted = [extract.document_record(d, evidence=False) for d in result.documents]
    report = evaluate(gold, predicted)
    assert not report.missing_docs
    assert report.refs.f1 >= 0.9, report.refs


def test_checks_gold_is_what_check_finds(tmp_path):
    """The corpus states replacements, repeals and amendments with dates (some replacements
    replaced again); ``checks.jsonl`` says which documents rest on them, and ``check`` on the
    graph the real extractor builds finds exactly those."""
    from extract import extract_sources
    from graph.checks import check
    from graph.model import build_graph

    make_corpus.write_corpus(str(tmp_path), 1000, seed=3)
    expected = [json.loads(line) for line in (tmp_path / "checks.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {r["kind"] for r in expected}
    assert kinds == {"stale_basis", "superseded_since", "amended_since"}, kinds
    assert any(len(r["chain"]) > 3 for r in expected)  # a replacement itself replaced
    assert any(not r["file"] for r in expected)  # a cited document resting on a replaced one
    found = check(build_graph(extract_sources([str(tmp_path / "docs")]).documents))
    score = make_corpus.score_checks(expected, found)
    assert (score["fp"], score["fn"]) == (0, 0), score
