"""bench/views.py end to end at a tiny size (the seeds' graph): every figure is there, from
a real headless Chromium; nothing is timed against a target here."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser


def test_bench_views_reports_size_first_draw_and_redraw(seed_graph_file, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run .ci/chromium.sh")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "views.py"), "--sizes", "50", "--runs", "1",
                          "--graph", f"50={seed_graph_file}", "--workdir", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    assert report["machine"]["cores"] >= 1
    (row,) = report["rows"]
    assert row["page"] == "50 documents, 84 edges" and row["drawn_nodes"] == 50
    assert row["page_bytes"] == (tmp_path / "view-n50.html").stat().st_size
    assert row["first_draw_ms"] > 0 and row["redraw_ms"] > 0 and row["zoom_ms"] > 0
