"""Incremental builds (graph.incremental): a build that takes over the files of the last one
writes the graph a full build writes, byte for byte, whatever changed in between."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from graph import incremental

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402  (bench/make_corpus.py: the generated corpus)

sys.path.pop(0)

runner = CliRunner()

#: Texts whose references share numbers in the ways that move identities: a number cited
#: with one year then another (an undated mention becomes ambiguous), a kind code dropped
#: ("33/TTg"), a short form ("Chỉ thị số 33 của Thủ tướng"), another spelling (Đ/D), a law
#: by its name and by its number, and documents that are cited before their own file comes.
SNIPPETS = [
    "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.",
    "Thực hiện Chỉ thị số 33/CT-TTg ngày 05/3/2019 của Thủ tướng Chính phủ.",
    "Căn cứ Chỉ thị số 33/CT-TTg của Thủ tướng Chính phủ.",
    "Thực hiện Chỉ thị số 33/TTg ngày 26/11/2021 của Thủ tướng Chính phủ.",
    "Triển khai Chỉ thị số 33 của Thủ tướng Chính phủ ngày 26/11/2021.",
    "Căn cứ Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư.",
    "Căn cứ Kết luận số 114-KL/TW của Ban Bí thư.",
    "Thực hiện Chương trình phối hợp số 05-CTr/BDVTU-BCSĐ ngày 17/02/2022 của Ban Dân vận Tỉnh ủy Trà Vinh.",
    "Thực hiện Chương trình phối hợp số 05-CTr/BDVTU-BCSD ngày 17/02/2022 của Ban Dân vận Tỉnh ủy Trà Vinh.",
    "Căn cứ Luật Thủ đô số 39/2024/QH15; các quy định của Luật Thủ đô.",
    "Căn cứ Luật Thủ đô; Pháp lệnh số 34/2007/PL-UBTVQH11.",
    "Căn cứ Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội.",
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2020 của Ủy ban nhân dân tỉnh Kiên Giang.",
]

#: Openings that give a file its own number (some of them numbers the snippets cite).
HEADERS = [
    "", "", "TỈNH ỦY TRÀ VINH\nSố 05-CTr/BDVTU-BCSĐ\nTrà Vinh, ngày 17 tháng 02 năm 2022\n\nCHƯƠNG TRÌNH PHỐI HỢP\n\n",
    "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG\nSố: 12/KH-UBND\nKiên Giang, ngày 10 tháng 01 năm 2020\n\nKẾ HOẠCH\n\n",
    "THỦ TƯỚNG CHÍNH PHỦ\nSố: 33/CT-TTg\nHà Nội, ngày 26 tháng 11 năm 2021\n\nCHỈ THỊ\n\n",
]

GENERATED = [(gold["doc"].rsplit("/", 1)[-1], text) for _, text, gold in make_corpus.generate(6, seed=3, refs_per_doc=4)]


def _build(docs: Path, out: Path, *extra) -> str:
    result = runner.invoke(cli.app, ["build", str(docs), "-o", str(out), "-j", "1", "--timings", *map(str, extra)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _reused(output: str) -> int:
    return int(re.search(r"reused=(\d+)", output).group(1))


def _assert_equals_full_build(tmp: Path, docs: Path, out: Path) -> None:
    full = tmp / "full.json"
    _build(docs, full, "--no-cache")
    assert out.read_bytes() == full.read_bytes()


def _text(header: int, snippets: list[int], generated: int | None) -> str:
    body = "\n".join(SNIPPETS[i] for i in snippets)
    # The last line keeps every file a document (an empty one is skipped, with a warning).
    return (HEADERS[header] + body + ("\n" + GENERATED[generated][1] if generated is not None else "")
            + "\nTrên đây là kế hoạch của đơn vị.")


texts = st.builds(_text, st.integers(0, len(HEADERS) - 1), st.lists(st.integers(0, len(SNIPPETS) - 1), max_size=4),
                  st.none() | st.integers(0, len(GENERATED) - 1))

#: A step: append a file (its name sorts after every other), insert one (sorts first),
#: edit or remove an existing one (by position, modulo the files there are).
steps = st.one_of(st.tuples(st.just("append"), texts), st.tuples(st.just("append"), texts), st.tuples(st.just("insert"), texts),
                  st.tuples(st.just("edit"), st.integers(0, 50), texts), st.tuples(st.just("remove"), st.integers(0, 50)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(texts, min_size=1, max_size=4), st.lists(steps, min_size=1, max_size=4))
def test_any_sequence_of_changes_builds_what_a_full_build_writes(tmp_path_factory, first, changes):
    tmp = tmp_path_factory.mktemp("inc")
    docs, out = tmp / "docs", tmp / "graph.json"
    docs.mkdir()
    serial = iter(range(10_000))

    def name(prefix: str) -> Path:
        return docs / f"{prefix}{next(serial):04d}.txt"

    for text in first:
        name("m").write_text(text, encoding="utf-8")
    _build(docs, out)
    for step in changes:
        files = sorted(docs.iterdir())
        if step[0] == "append":
            name("z").write_text(step[1], encoding="utf-8")
        elif step[0] == "insert":
            name("a").write_text(step[1], encoding="utf-8")
        elif step[0] == "edit" and files:
            files[step[1] % len(files)].write_text(step[2] + "\nSửa đổi.", encoding="utf-8")
        elif step[0] == "remove" and len(files) > 1:
            files[step[1] % len(files)].unlink()
        _build(docs, out)
        _assert_equals_full_build(tmp, docs, out)


def test_appended_files_are_the_only_ones_read(tmp_path, monkeypatch):
    docs, out = tmp_path / "docs", tmp_path / "graph.json"
    docs.mkdir()
    for i, (_, text) in enumerate(GENERATED[:4]):
        (docs / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    _build(docs, out)
    monkeypatch.setattr(incremental, "GRACE_NS", 0)  # trust the times of files just written
    for i, (_, text) in enumerate(GENERATED[4:], start=4):
        (docs / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    log = _build(docs, out)
    assert _reused(log) == 4 and "cache_hits=0 cache_misses=2" in log
    assert "4 unchanged since the last build" in log
    _assert_equals_full_build(tmp_path, docs, out)


def test_an_edit_that_keeps_size_and_times_is_still_seen(tmp_path):
    """Within GRACE_NS of the build, a file's times may not move when it is written again:
    it is hashed, and an edit of the same length is a full build."""
    docs, out = tmp_path / "docs", tmp_path / "graph.json"
    docs.mkdir()
    a = docs / "a.txt"
    a.write_text(SNIPPETS[0], encoding="utf-8")
    st_before = a.stat()
    _build(docs, out)
    a.write_text(SNIPPETS[0].replace("26/11/2021", "27/11/2021"), encoding="utf-8")
    os.utime(a, ns=(st_before.st_atime_ns, st_before.st_mtime_ns))
    (docs / "b.txt").write_text(SNIPPETS[5], encoding="utf-8")
    assert _reused(_build(docs, out)) == 0
    _assert_equals_full_build(tmp_path, docs, out)


def test_a_new_year_for_an_old_number_resolves_the_old_files_again(tmp_path, monkeypatch):
    """An undated "Chỉ thị số 33/CT-TTg" joins the one dated document of that number; a new
    file citing a 33/CT-TTg of another year makes it ambiguous: a full build."""
    docs, out = tmp_path / "docs", tmp_path / "graph.json"
    docs.mkdir()
    (docs / "a.txt").write_text(SNIPPETS[2], encoding="utf-8")
    (docs / "b.txt").write_text(SNIPPETS[0], encoding="utf-8")
    _build(docs, out)
    monkeypatch.setattr(incremental, "GRACE_NS", 0)
    (docs / "c.txt").write_text(SNIPPETS[1], encoding="utf-8")
    assert _reused(_build(docs, out)) == 0
    _assert_equals_full_build(tmp_path, docs, out)
    # In its own file an undated mention takes the year of a dated one: another year elsewhere is no change.
    (docs / "d.txt").write_text(SNIPPETS[0] + "\n" + SNIPPETS[2], encoding="utf-8")
    (docs / "e.txt").write_text(SNIPPETS[5], encoding="utf-8")
    assert _reused(_build(docs, out)) == 3
    _assert_equals_full_build(tmp_path, docs, out)


def test_a_graph_file_changed_since_is_rebuilt_in_full(tmp_path, monkeypatch):
    docs, out = tmp_path / "docs", tmp_path / "graph.json"
    docs.mkdir()
    (docs / "a.txt").write_text(SNIPPETS[0], encoding="utf-8")
    _build(docs, out)
    st_out = out.stat()  # written again by hand (or by another build): its time moves
    os.utime(out, ns=(st_out.st_atime_ns, st_out.st_mtime_ns + 1_000_000_000))
    monkeypatch.setattr(incremental, "GRACE_NS", 0)
    (docs / "b.txt").write_text(SNIPPETS[5], encoding="utf-8")
    assert _reused(_build(docs, out)) == 0
    _assert_equals_full_build(tmp_path, docs, out)


def test_a_new_file_adds_evidence_to_old_edges_and_nodes(tmp_path, monkeypatch):
    """Two files of one document (the same number in their openings): the second one's
    evidence goes on the edges the first one made, and both count in the nodes they cite."""
    docs, out = tmp_path / "docs", tmp_path / "graph.json"
    docs.mkdir()
    (docs / "a.txt").write_text(HEADERS[3] + SNIPPETS[0] + "\n" + SNIPPETS[7], encoding="utf-8")
    (docs / "b.txt").write_text(GENERATED[0][1], encoding="utf-8")
    _build(docs, out)
    monkeypatch.setattr(incremental, "GRACE_NS", 0)
    (docs / "c.txt").write_text(HEADERS[3] + SNIPPETS[0] + "\n" + SNIPPETS[5] + "\n" + SNIPPETS[8], encoding="utf-8")
    assert _reused(_build(docs, out)) == 2
    _assert_equals_full_build(tmp_path, docs, out)
