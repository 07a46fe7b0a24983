"""Incremental builds: the per-file cache and the process pool never change the graph."""
from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli
from extract import extract_sources
from extract.cache import DB_NAME, ExtractionCache, decode_extraction, encode_extraction
from extract.corpus import MIN_FILES_PER_JOB
from extract.pipeline import extract_text
from graph import store
from graph.model import build_graph

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_corpus", make_corpus)
_spec.loader.exec_module(make_corpus)

runner = CliRunner()


def _write(folder: Path, docs) -> None:
    for _name, text, gold in docs:
        path = folder / gold["doc"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _build(*args) -> str:
    result = runner.invoke(cli.app, ["build", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _graph_sets(path: Path):
    G = store.load(path)
    nodes = {k: tuple(sorted(d.items())) for k, d in G.nodes(data=True)}
    edges = {(u, v, k): repr(sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges, G.graph


@pytest.fixture(scope="module")
def corpus_docs():
    # enough files for two processes (MIN_FILES_PER_JOB each)
    return list(make_corpus.generate(2 * MIN_FILES_PER_JOB + 6, seed=11, refs_per_doc=6))


def test_adding_files_with_the_cache_equals_a_full_rebuild(tmp_path, corpus_docs):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    _write(docs, corpus_docs[:-10])
    _build(docs, "-o", tmp_path / "a.json", "--cache", cache, "-j", "1")
    _write(docs, corpus_docs[-10:])
    out = _build(docs, "-o", tmp_path / "ab.json", "--cache", cache, "-j", "2", "--timings")
    assert f"cache_hits={len(corpus_docs) - 10} cache_misses=10" in out
    _build(docs, "-o", tmp_path / "full.json", "--no-cache")
    assert _graph_sets(tmp_path / "ab.json") == _graph_sets(tmp_path / "full.json")
    assert (tmp_path / "ab.json").read_bytes() == (tmp_path / "full.json").read_bytes()


def test_editing_a_file_invalidates_its_entry(tmp_path, corpus_docs):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    _write(docs, corpus_docs[:10])
    _build(docs, "-o", tmp_path / "g.json", "--cache", cache)
    edited = docs / corpus_docs[3][2]["doc"]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Căn cứ", "Thực hiện", 1), encoding="utf-8")
    out = _build(docs, "-o", tmp_path / "g.json", "--cache", cache, "--timings")
    assert "cache_hits=9 cache_misses=1" in out
    _build(docs, "-o", tmp_path / "full.json", "--no-cache")
    assert (tmp_path / "g.json").read_bytes() == (tmp_path / "full.json").read_bytes()


def test_default_cache_sits_beside_the_graph(tmp_path, seeds_dir):
    (tmp_path / "out").mkdir()  # an output's folder is never created (tests/test_lost_work.py)
    _build(seeds_dir, "-o", tmp_path / "out" / "g.json")
    assert (tmp_path / "out" / cli.CACHE_DIR / DB_NAME).is_file()
    assert list((tmp_path / "out" / cli.CACHE_DIR / "builds").glob("*.state"))
    # the files of the last build, unchanged, are taken over from its state (graph.incremental)
    assert "5 unchanged since the last build" in _build(seeds_dir, "-o", tmp_path / "out" / "g.json")
    assert "5 from the cache" in _build(seeds_dir, "-o", tmp_path / "out" / "other.json")


def test_encoding_option_is_part_of_the_key(tmp_path, seeds_dir):
    cache = ExtractionCache(tmp_path / "c")
    extract_sources([str(seeds_dir)], cache=cache)
    again = extract_sources([str(seeds_dir)], cache=cache, encoding="utf-8")
    assert (again.cache.hits, again.cache.misses) == (0, 5)
    cache.close()


def test_corrupt_entry_is_recomputed_not_fatal(tmp_path, corpus_docs):
    docs = tmp_path / "docs"
    _write(docs, corpus_docs[:5])
    cache = ExtractionCache(tmp_path / "c")
    first = extract_sources([str(docs)], cache=cache)
    cache.close()
    with sqlite3.connect(cache.path) as con:
        for key, blob in con.execute("SELECT key, blob FROM extractions ORDER BY key LIMIT 2").fetchall():
            torn = blob[:20] + bytes(b ^ 0xFF for b in blob[20:40]) + blob[40:]
            con.execute("UPDATE extractions SET blob = ? WHERE key = ?", (torn, key))
    cache = ExtractionCache(tmp_path / "c")
    again = extract_sources([str(docs)], cache=cache)
    cache.close()
    assert (again.cache.corrupt, again.cache.hits) == (2, 3)
    assert _records(again) == _records(first)
    healed = extract_sources([str(docs)], cache=ExtractionCache(tmp_path / "c"))
    assert (healed.cache.corrupt, healed.cache.hits) == (0, 5)


def test_unreadable_database_is_replaced_with_a_warning(tmp_path, seeds_dir):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / DB_NAME).write_bytes(b"this is not a database" * 100)
    cache = ExtractionCache(tmp_path / "c")
    assert cache.warnings and "unusable cache" in cache.warnings[0]
    assert len(extract_sources([str(seeds_dir)], cache=cache).documents) == 5
    cache.close()
    assert len(cache) == 5


def test_a_crashed_run_is_completed_by_the_next(tmp_path, corpus_docs):
    docs = tmp_path / "docs"
    _write(docs, corpus_docs[:12])
    cache = ExtractionCache(tmp_path / "c", batch=4)

    def crash_after_ten(name, seen=[]):  # noqa: B006 (a counter shared by the calls)
        seen.append(name)
        if len(seen) > 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_sources([str(docs)], cache=cache, progress=crash_after_ten)
    # Killed without close(): only the committed batches (2 × 4 files) are there.
    assert len(cache) == 8
    again = extract_sources([str(docs)], cache=ExtractionCache(tmp_path / "c"))
    assert (again.cache.hits, again.cache.misses) == (8, 4)
    assert _records(again) == _records(extract_sources([str(docs)]))


def test_process_pool_gives_the_same_documents_in_file_order(tmp_path, corpus_docs):
    docs = tmp_path / "docs"
    _write(docs, corpus_docs)
    (docs / "000" / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    serial = extract_sources([str(docs)], jobs=1)
    pooled = extract_sources([str(docs)], jobs=2)
    assert [d.doc for d in pooled.documents] == [d.doc for d in serial.documents]
    assert _records(pooled) == _records(serial)
    assert pooled.errors == serial.errors and "bad.txt: binary" in pooled.errors[0]
    G1, G2 = build_graph(serial.documents), build_graph(pooled.documents)
    assert store.to_dict(G1) == store.to_dict(G2)


def test_strict_stops_at_the_first_bad_file_with_a_pool(tmp_path, corpus_docs):
    docs = tmp_path / "docs"
    _write(docs, corpus_docs)
    bad = docs / corpus_docs[20][2]["doc"]
    bad.write_bytes(b"\x00\x01\x02binary")
    result = extract_sources([str(docs)], jobs=2, strict=True)
    assert len(result.documents) == 20 and len(result.errors) == 1


def test_blob_round_trip_keeps_every_field(seeds_dir):
    path = sorted(seeds_dir.glob("*.txt"))[0]
    ex = extract_text(path.read_text(encoding="utf-8"), path.name, str(path))
    back, warnings = decode_extraction(encode_extraction(ex, ("a warning",)))
    assert back == ex and warnings == ("a warning",)
    with pytest.raises(ValueError):
        decode_extraction(b"garbage")


def _records(result):
    from extract import document_record

    return [document_record(d) for d in result.documents]


def test_a_killed_worker_fails_the_run_in_one_line_and_keeps_what_was_read(tmp_path, corpus_docs):
    # A worker killed mid-run (the OOM killer, say) used to leave the pool waiting forever
    # for its files.  Run in a child process so that a hang fails the test, not the suite.
    docs = tmp_path / "docs"
    _write(docs, corpus_docs)
    script = f"""
import multiprocessing, os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
import cli
killed = []
real = cli.extract_files
def killing(*a, progress=None, **k):
    def on_file(name):
        if not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
            victim.join()
            killed.append(victim.pid)
        progress(name)
    return real(*a, progress=on_file, **k)
cli.extract_files = killing
sys.argv = ["vbgraph", "build", {str(docs)!r}, "-o", {str(tmp_path / "g.json")!r}, "--jobs", "2",
            "--cache", {str(tmp_path / "cache")!r}]
cli.main()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if "Error" in line]
    assert len(errors) == 1 and "worker process died" in errors[0], run.stderr
    assert not (tmp_path / "g.json").exists()
    cached = len(ExtractionCache(tmp_path / "cache"))
    assert 0 < cached < len(corpus_docs)
    again = CliRunner().invoke(cli.app, ["build", str(docs), "-o", str(tmp_path / "g.json"), "--jobs", "2",
                                         "--cache", str(tmp_path / "cache")])
    assert again.exit_code == 0, again.output
    assert store.to_dict(store.load(tmp_path / "g.json")) == store.to_dict(
        build_graph(extract_sources([str(docs)]).documents))
