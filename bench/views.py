#!/usr/bin/env python3
"""How fast the default `vbgraph view` page opens and redraws, in a real headless Chromium.

For each size: a generated corpus (bench/make_corpus.py, or a graph file given with
--graph SIZE=PATH), its graph, the page `vbgraph view` writes by default (the overview
above 1,000 documents), then, in Debian's /usr/bin/chromium driven by Playwright:

- page size (bytes of the one HTML file);
- time to first draw: navigation start to vis-network's first drawing, measured in the
  page (``performance.now()`` when the page's script sees its first ``afterDrawing``);
- redraw: median of several ``network.redraw()`` calls timed in the page, and of a zoom
  step (``moveTo`` with a scale 10 % larger, then redraw).

Each figure is the median of --runs page loads.  Prints a Markdown table (or --json), with
the core count and load average, for README's Benchmarks section.

    python bench/views.py --graph 10000=/tmp/g10k.json --graph 100000=/tmp/g100k.json
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}
REDRAWS = 9
# Timed in the page: redraws, then zoom steps, each alone.
_REDRAW_JS = """n => {
    const times = [], zooms = [];
    for (let i = 0; i < n; i++) {
        const t = performance.now(); network.redraw(); times.push(performance.now() - t);
    }
    for (let i = 0; i < n; i++) {
        const t = performance.now();
        network.moveTo({scale: network.getScale() * (i % 2 ? 1 / 1.1 : 1.1)}); network.redraw();
        zooms.push(performance.now() - t);
    }
    return [times, zooms];
}"""


def _median(values):
    return statistics.median(values) if values else None


def graph_for(size: int, workdir: Path, jobs: int, given: dict[int, Path]) -> Path:
    """The graph file of *size* generated documents: given, or generated and built once."""
    if size in given:
        return given[size]
    corpus, graph = workdir / f"corpus-n{size}", workdir / f"graph-n{size}.json"
    if not graph.exists():
        if not (corpus / "docs").is_dir():
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(corpus), "-n", str(size),
                            "--seed", "7"], check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "cli", "build", str(corpus / "docs"), "-o", str(graph),
                        "--jobs", str(jobs)], check=True, capture_output=True, cwd=ROOT)
    return graph


def write_page(graph: Path, page: Path) -> str:
    """The page `vbgraph view` writes by default; what it printed of it (after the file name)."""
    r = subprocess.run([sys.executable, "-m", "cli", "view", "--graph", str(graph), "-o", str(page)],
                       capture_output=True, text=True, cwd=ROOT, check=True)
    # Rich wraps long lines at the terminal's width: one line again.
    return " ".join(r.stderr.split()).split(": ", 1)[-1]


def measure(browser, page_file: Path, runs: int) -> dict:
    """First draw and redraw times of *page_file*, medians of *runs* fresh loads."""
    first, redraw, zoom, drawn = [], [], [], None
    for _ in range(runs):
        page = browser.new_page(viewport=VIEWPORT)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.resolve().as_uri(), timeout=600_000)
        page.wait_for_function("window.vbgraphView && window.vbgraphView.ready", timeout=600_000)
        if errors:
            raise RuntimeError(f"{page_file}: {errors[0]}")
        first.append(page.evaluate("vbgraphView.firstDrawMs"))
        times, zooms = page.evaluate(_REDRAW_JS, REDRAWS)
        redraw.append(_median(times))
        zoom.append(_median(zooms))
        drawn = page.evaluate("nodes.get({filter: n => !n.hidden}).length")
        page.close()
    return {"first_draw_ms": _median(first), "redraw_ms": _median(redraw), "zoom_ms": _median(zoom),
            "drawn_nodes": drawn}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000, 100000])
    parser.add_argument("--graph", action="append", default=[], metavar="SIZE=PATH",
                        help="Use this graph file for this size instead of generating one.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path.home() / ".cache" / "vbgraph" / "bench-views")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    given = {int(s): Path(p) for s, p in (g.split("=", 1) for g in args.graph)}
    args.workdir.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for size in args.sizes:
            graph = graph_for(size, args.workdir, args.jobs, given)
            page = args.workdir / f"view-n{size}.html"
            said = write_page(graph, page)
            rows.append({"size": size, "page": said, "page_bytes": page.stat().st_size,
                         **measure(browser, page, args.runs)})
        browser.close()
    machine = {"cores": os.cpu_count(), "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    if args.json:
        print(json.dumps({"machine": machine, "rows": rows}, ensure_ascii=False, indent=1))
        return rows
    print(f"{machine['cores']} cores, load average {machine['load']} (after the runs); medians of {args.runs} loads\n")
    print("| generated documents | page | page size | drawn nodes | first draw | redraw | zoom step |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['size']:,} | {r['page']} | {r['page_bytes'] / 1e6:.2f} MB | {r['drawn_nodes']} | "
              f"{r['first_draw_ms']:.0f} ms | {r['redraw_ms']:.1f} ms | {r['zoom_ms']:.1f} ms |")
    return rows


if __name__ == "__main__":
    main()
