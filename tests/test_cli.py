"""Every command through typer's CliRunner: exit codes, output formats, one-line errors."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import cli

runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, seeds_dir):
    p = tmp_path_factory.mktemp("g") / "graph.json"
    r = run("build", seeds_dir, "-o", p)
    assert r.exit_code == 0, r.output
    return p


def test_every_command_has_help_with_an_example():
    for command in cli.app.registered_commands:
        doc = command.callback.__doc__ or ""
        assert "Example" in doc, command.callback.__name__


def test_extract_jsonl_has_gold_shape_and_evidence(seeds_dir):
    r = run("extract", seeds_dir, "--format", "jsonl")
    assert r.exit_code == 0
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(records) == 5
    rec = next(x for x in records if x["doc"].startswith("003"))
    assert {"doc", "self", "refs", "named_refs", "links", "incomplete"} <= rec.keys()
    m = rec["refs"][0]["mentions"][0]
    assert {"span", "sentence", "cue"} <= m.keys()


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_extract_other_formats(seeds_dir, fmt):
    r = run("extract", seeds_dir / "004_62ffd4cb76640771.txt", "--format", fmt)
    assert r.exit_code == 0
    assert "114-KL/TW" in r.stdout


def test_extract_from_stdin():
    r = run("extract", "-", input="Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;".encode())
    assert r.exit_code == 0
    assert json.loads(r.stdout)["refs"][0]["relations"] == ["based_on"]


def test_bad_files_are_named_and_the_rest_goes_on(tmp_path, seeds_dir):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text((seeds_dir / "000_d9b3bc226954e46a.txt").read_text())
    r = run("extract", tmp_path, "--format", "jsonl")
    assert r.exit_code == 1
    assert [json.loads(x)["doc"] for x in r.stdout.splitlines()] == ["ok.txt"]
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "bin.txt" in errors[0] and "binary" in errors[0]
    # an empty file loses nothing: a warning, not an error
    assert "Warning:" in r.stderr and "empty.txt: empty file; skipped" in r.stderr and "Traceback" not in r.output


def test_extract_output_file_is_written(tmp_path, seeds_dir):
    out = tmp_path / "refs.jsonl"
    r = run("extract", seeds_dir, "-o", out)
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 5


def test_build_reports_counts(graph_file):
    assert json.loads(graph_file.read_text())["format"] == "vbgraph-graph"


def test_show(graph_file):
    r = run("show", "33/ct-ttg", "--graph", graph_file)
    assert r.exit_code == 0 and "Chỉ thị" in r.stdout
    r = run("show", "33/CT-TTg", "--graph", graph_file, "--format", "json")
    info = json.loads(r.stdout)
    assert info["document"]["number"] == "33/CT-TTg" and info["mentions"]


def test_show_unknown_number_suggests(graph_file):
    r = run("show", "33/CT-TTx", "--graph", graph_file)
    assert r.exit_code == 1
    assert r.stderr.strip().startswith("Error: no document") and "33/CT-TTg" in r.stderr


def test_trace_up_and_down(graph_file):
    r = run("trace", "115-KH/TU", "--up", "--graph", graph_file, "--format", "json")
    assert [x["label"] for x in json.loads(r.stdout)] == ["115-KH/TU", "43-KL/TW", "25-NQ/TW"]
    r = run("trace", "114-KL/TW", "--down", "--depth", "1", "--graph", graph_file, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["depth"] for row in rows} == {"0", "1"}


def test_implementers_and_coverage(graph_file):
    r = run("implementers", "33/CT-TTg", "--province", "Trà Vinh", "--graph", graph_file, "--format", "json")
    assert {x["place"] for x in json.loads(r.stdout)} == {"Trà Vinh"}
    r = run("coverage", "33/CT-TTg", "114-KL/TW", "--graph", graph_file)
    assert r.exit_code == 0 and "gap" in r.stdout
    r = run("coverage", "33/CT-TTg", "--seen-only", "--graph", graph_file, "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 3


def test_coverage_keeps_directives_that_share_a_number_apart(tmp_path):
    # Two conclusions numbered 114-KL/TW, nine years apart: one column each, the same
    # directive asked twice: one column.
    for name, year, place, num in (("a.txt", 2015, "Trà Vinh", 3), ("b.txt", 2024, "Kiên Giang", 7)):
        (tmp_path / name).write_text(
            f"UỶ BAN NHÂN DÂN TỈNH {place.upper()}\nSố: {num}/KH-UBND\n{place}, ngày 01 tháng 3 năm {year + 1}\n"
            f"KẾ HOẠCH\nThực hiện Kết luận số 114-KL/TW ngày 11/7/{year} của Ban Bí thư;\n", encoding="utf-8")
    r = run("coverage", "114-KL/TW@2015", "114-KL/TW@2024", "114-KL/TW@2015", "--seen-only",
            "--from", tmp_path, "--format", "json", "--as-of", "2025-06-30")
    assert r.exit_code == 0, r.output
    rows = {row["province"]: row for row in json.loads(r.stdout)}
    cols = [c for c in rows["Trà Vinh"] if c not in ("province", "former", "covered")]
    assert cols == ["114-KL/TW (114-KL/TW@2015)", "114-KL/TW (114-KL/TW@2024)"]
    assert [len(rows["Trà Vinh"][c]) for c in cols] == [1, 0] and [len(rows["Kiên Giang"][c]) for c in cols] == [0, 1]


def test_path(graph_file):
    r = run("path", "03/KH-UBND", "33/CT-TTg", "--graph", graph_file, "--format", "json")
    assert json.loads(r.stdout)[0]["relation"] == "implements"


def test_stats_from_files_on_the_fly(seeds_dir):
    r = run("stats", "--from", seeds_dir, "--format", "json")
    rows = {(x["group"], x["value"]): x["count"] for x in json.loads(r.stdout)}
    assert rows[("total", "files read")] == 5


def test_missing_graph_file_is_one_line(tmp_path):
    r = run("stats", "--graph", tmp_path / "nope.json")
    assert r.exit_code == 1 and "no graph file" in r.stderr and "Traceback" not in r.output


def test_view_writes_an_offline_page(graph_file, tmp_path):
    out = tmp_path / "v.html"
    r = run("view", "--around", "33/CT-TTg", "--depth", "1", "--graph", graph_file, "-o", out)
    assert r.exit_code == 0
    page = out.read_text()
    assert "vis.DataSet" in page and "cdn.jsdelivr" not in page and "cdnjs" not in page


def test_eval_prints_scores(seeds_dir, gold_path):
    r = run("eval", gold_path, seeds_dir, "--format", "json")
    rows = {x["metric"]: x["value"] for x in json.loads(r.stdout)}
    assert rows["refs P/R/F1"] >= 0.97
