"""bench/run end to end on a tiny corpus: every figure of the table is there (no timing asserted)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j_fixture import *  # noqa: F403  (fixtures: neo4j_settings)

ROOT = Path(__file__).resolve().parents[1]

FIGURES = ["cores", "baseline DOC_NUMBER scan", "extraction, 1 process", "floor ÷ extraction", "extraction, --jobs 2",
           "sparse: baseline DOC_NUMBER scan", "sparse: extraction, 1 process", "sparse: baseline ÷ extraction",
           "cold build, 200 documents", "peak memory (main process)", "graph file load",
           "trace p50 / p95", "implementers p50 / p95", "coverage p50 / p95", "path p50 / p95",
           "trace, first page p50 / p95", "implementers, first page p50 / p95",
           "incremental build, +100 documents", "check, 300 documents", "precision / recall against checks.jsonl",
           "eval refs P/R/F1", "eval relations accuracy"]


def test_bench_run_prints_every_figure(tmp_path):
    args = [sys.executable, str(ROOT / "bench" / "run"), "--docs", "200", "--repeat", "1", "--jobs", "2",
            "--workdir", str(tmp_path), "--sparse-docs", "5", "--prose-kb", "50"]
    table = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    for figure in FIGURES:
        assert f"| {figure}" in table.replace("|   ", "| "), figure
    # the corpus is reused, and --json gives the same figures as data
    rows = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, check=True).stdout)
    by_figure = {r["figure"].strip(): r for r in rows}
    assert set(FIGURES) <= set(by_figure)
    assert by_figure["eval refs P/R/F1"]["value"] > 0.9
    assert by_figure["precision / recall against checks.jsonl"]["value"] == "1.0000 / 1.0000"
    assert by_figure["documents"]["value"] == 200
    assert len(list(tmp_path.glob("corpus-*"))) == 2  # the generated corpus and the sparse one
    only = json.loads(subprocess.run(args + ["--json", "--only", "extract"],
                                     capture_output=True, text=True, check=True).stdout)
    assert {r["figure"].strip() for r in only} >= {"sparse: baseline ÷ extraction", "floor ÷ extraction"}
    assert not any(r["figure"].startswith("cold build") for r in only)


@pytest.mark.neo4j
def test_bench_run_times_the_queries_on_neo4j_too(tmp_path, neo4j_settings):
    env = os.environ | {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
                        "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}
    args = [sys.executable, str(ROOT / "bench" / "run"), "--docs", "200", "--repeat", "1", "--jobs", "1",
            "--workdir", str(tmp_path), "--sparse-docs", "5", "--prose-kb", "50", "--neo4j", "--json"]
    rows = json.loads(subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout)
    figures = {r["figure"].strip() for r in rows}
    for name in ("trace", "trace, first page", "implementers", "implementers, first page", "coverage", "path"):
        assert f"Neo4j {name} p50 / p95" in figures, name
    assert "Neo4j load (MERGE, lineage included)" in figures
    check = next(r for r in rows if r["figure"].strip() == "check --neo4j")
    assert check["target"] == "< 5 s, same rows" and check["unit"] == "s"  # the same rows as networkx
