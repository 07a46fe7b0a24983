"""The coverage table as a report: an offline HTML page and a heat-map picture.

Both take the rows of :func:`graph.queries.coverage` (the same rows from either
backend) and the directives' node rows, and draw directives × provinces: each cell the
implementing documents with their dates, gaps (no implementing document) standing out.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

from .store import atomic_write_bytes

#: Cell backgrounds of the page by number of implementing documents; 0 is a gap.
GAP_COLOR = "#f5b7b1"
COVERED_COLORS = ("#d5f5e3", "#abebc6", "#82e0aa", "#58d68d")


def coverage_counts(rows: list[dict], labels: list[str]) -> list[list[int]]:
    """Implementing documents per cell: one list per province row, one count per directive.

    Examples
    --------
    >>> coverage_counts([{"province": "Trà Vinh", "33/CT-TTg": [{"key": "k", "label": "03/KH-UBND", "date": None}],
    ...                   "covered": 1}], ["33/CT-TTg"])
    [[1]]
    """
    return [[len(r.get(lab) or []) for lab in labels] for r in rows]


def _cell_color(count: int) -> str:
    return GAP_COLOR if count == 0 else COVERED_COLORS[min(count, len(COVERED_COLORS)) - 1]


def _directive_head(d: dict) -> str:
    details = " · ".join(html.escape(str(d[f])) for f in ("kind", "date", "issuer") if d.get(f))
    return f'<th scope="col" title="{html.escape(d.get("key") or "")}">{html.escape(d["label"])}' + \
        (f'<br><small>{details}</small>' if details else "") + "</th>"


def _cell(docs: list[dict]) -> str:
    if not docs:
        return f'<td class="gap" style="background:{GAP_COLOR}">— gap —</td>'
    items = "".join(f'<li title="{html.escape(c["key"])}">{html.escape(c["label"])}'
                    + (f' <span class="date">{html.escape(c["date"])}</span>' if c.get("date") else "") + "</li>"
                    for c in docs)
    return f'<td class="covered" data-count="{len(docs)}" style="background:{_cell_color(len(docs))}"><ul>{items}</ul></td>'


def _summary(rows: list[dict], directives: list[dict]) -> str:
    lines = []
    for d in directives:
        gaps = [r["province"] for r in rows if not r.get(d["label"])]
        listed = ", ".join(html.escape(p) for p in gaps) or "none"
        lines.append(f'<tr><th scope="row">{html.escape(d["label"])}</th><td>{len(rows) - len(gaps)}</td>'
                     f'<td class="gaps">{len(gaps)}</td><td><details><summary>{len(gaps)} provinces</summary>'
                     f"{listed}</details></td></tr>")
    return ('<table class="summary"><thead><tr><th>directive</th><th>provinces with a document</th><th>gaps</th>'
            "<th>gap provinces</th></tr></thead><tbody>" + "".join(lines) + "</tbody></table>")


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1em 2em;color:#222}
h1{font-size:1.3em}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
thead th{background:#f4f6f7;position:sticky;top:0}
td.gap{color:#922b21;font-style:italic}
td ul{margin:0;padding-left:1.1em}
span.date{color:#555;font-size:.9em}
td.n{text-align:right}
"""


def coverage_html(rows: list[dict], directives: list[dict], *, title: str = "Coverage") -> str:
    """A standalone page: directives × provinces, each cell its documents, gaps coloured.

    Parameters
    ----------
    rows : list of dict
        :func:`graph.queries.coverage` rows: ``province``, one list of ``{key, label, date}``
        per directive label, ``covered``.
    directives : list of dict
        The directives' node rows (``label`` and, when known, ``key, kind, date, issuer``),
        in column order.
    title : str
        The page's heading.

    Returns
    -------
    str
        One HTML page with no script and no external resource: a summary of gaps per
        directive, then one table row per province (``<tr data-province=…>``); a gap
        cell has the class ``gap``, a covered one ``covered`` and ``data-count``.

    Examples
    --------
    >>> page = coverage_html([{"province": "Trà Vinh", "33/CT-TTg": [], "covered": 0}], [{"label": "33/CT-TTg"}])
    >>> '<td class="gap"' in page
    True
    """
    head = "".join(_directive_head(d) for d in directives)
    body = []
    for r in rows:
        cells = "".join(_cell(r.get(d["label"]) or []) for d in directives)
        body.append(f'<tr data-province="{html.escape(r["province"])}"><th scope="row">{html.escape(r["province"])}</th>'
                    f'{cells}<td class="n">{r["covered"]}/{len(directives)}</td></tr>')
    gaps = sum(1 for row in coverage_counts(rows, [d["label"] for d in directives]) for c in row if c == 0)
    intro = (f"{len(rows)} provinces × {len(directives)} directives: {gaps} of "
             f"{len(rows) * len(directives)} cells have no implementing document.")
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p><h2>Gaps per directive</h2>"
            + _summary(rows, directives)
            + f'<h2>Directives × provinces</h2><table class="coverage"><thead><tr><th>province</th>{head}'
            "<th>covered</th></tr></thead><tbody>" + "".join(body) + "</tbody></table></body></html>\n")


def coverage_heatmap(rows: list[dict], directives: list[dict], path: Path, *, title: str = "Coverage") -> Path:
    """Write a heat-map PNG: provinces down, directives across, each cell its count.

    A cell holds the number of implementing documents, printed in it; a gap (0) is drawn
    in its own colour outside the count scale, so it cannot be read as "few".  The
    figure grows with the number of provinces, so all 63 stay legible.

    Parameters
    ----------
    rows, directives
        As for :func:`coverage_html`.
    path : Path
        The PNG to write (atomically: a temporary file beside it, then renamed).
    title : str

    Returns
    -------
    Path
    """
    import matplotlib  # a second or so to import: only when a picture is asked for

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    labels = [d["label"] for d in directives]
    counts = np.array(coverage_counts(rows, labels), dtype=float).reshape(len(rows), len(labels))
    top = max(int(counts.max(initial=0)), 1)
    # One step per count, from a green that reads as "covered" even at 1.
    cmap = ListedColormap(matplotlib.colormaps["YlGn"](np.linspace(0.3, 0.95, top))).with_extremes(bad=GAP_COLOR)
    norm = BoundaryNorm(np.arange(0.5, top + 1), cmap.N)
    fig, ax = plt.subplots(figsize=(3.2 + 1.4 * len(labels), max(3.2, 1.6 + 0.24 * len(rows))), dpi=110)
    image = ax.imshow(np.ma.masked_equal(counts, 0), cmap=cmap, norm=norm, aspect="auto")
    for i, row in enumerate(counts):
        for j, c in enumerate(row):
            ax.text(j, i, str(int(c)), ha="center", va="center", fontsize=8,
                    color="#922b21" if c == 0 else ("white" if c > top / 2 else "#1b2631"))
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="left", fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), [r["province"] for r in rows], fontsize=8)
    ax.set_xticks(np.arange(-0.5, len(labels)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, fraction=0.08, pad=0.03, ticks=range(1, top + 1, max(1, top // 10)))
    bar.set_label("implementing documents")
    ax.legend(handles=[Patch(color=GAP_COLOR, label="0: gap, no implementing document")],
              loc="upper center", bbox_to_anchor=(0.5, 0), fontsize=8, frameon=False)
    ax.set_title(title, pad=12, fontsize=11)
    fig.tight_layout()
    path = Path(path)
    png = io.BytesIO()
    try:
        fig.savefig(png, format="png")
    finally:
        plt.close(fig)
    atomic_write_bytes(path, png.getvalue())
    return path
