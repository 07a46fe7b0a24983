"""The coverage table as a report: an offline HTML page and a heat-map picture.

Both take the rows of :func:`graph.queries.coverage` (the same rows from either
backend) and the directives' node rows, and draw directives × provinces: each cell the
implementing documents with their dates, gaps (no implementing document) standing out.
"""
from __future__ import annotations

import html
import io
from datetime import date
from pathlib import Path

from ..checks import Review
from .messages import DEFAULT_LANG, text
from ..store import atomic_write_bytes

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


def doc_text(doc: dict, province: str) -> str:
    """One document of a cell as text: its label, date, and the old province that issued it
    when that is not the row's province (a Trà Vinh plan in the row of Vĩnh Long).

    Examples
    --------
    >>> doc_text({"label": "03/KH-UBND", "date": "2022-01-21", "place": "Trà Vinh"}, "Vĩnh Long")
    '03/KH-UBND (2022-01-21, former Trà Vinh)'
    >>> doc_text({"label": "03/KH-UBND", "date": None, "place": "Trà Vinh"}, "Trà Vinh")
    '03/KH-UBND'
    """
    notes = [doc["date"]] if doc.get("date") else []
    if doc.get("place") and doc["place"] != province:
        notes.append(f"former {doc['place']}")
    return doc["label"] + (f" ({', '.join(notes)})" if notes else "")


def flat_rows(rows: list[dict], labels: list[str], *, gap: str = "") -> list[dict]:
    """Coverage rows as text cells, for a table or a CSV file: ``province``, ``former``
    (the old provinces it absorbed, ``; ``-joined), one cell per directive (its documents,
    ``; ``-joined, or *gap*), ``covered``.

    Examples
    --------
    >>> flat_rows([{"province": "Vĩnh Long", "former": ["Bến Tre", "Trà Vinh", "Vĩnh Long"], "covered": 0,
    ...             "33/CT-TTg": []}], ["33/CT-TTg"], gap="— gap —")
    [{'province': 'Vĩnh Long', 'former': 'Bến Tre; Trà Vinh; Vĩnh Long', '33/CT-TTg': '— gap —', 'covered': 0}]
    """
    return [{"province": r["province"], "former": "; ".join(r.get("former") or []),
             **{lab: "; ".join(doc_text(d, r["province"]) for d in r[lab]) or gap for lab in labels},
             "covered": r["covered"]} for r in rows]


def _cell_color(count: int) -> str:
    return GAP_COLOR if count == 0 else COVERED_COLORS[min(count, len(COVERED_COLORS)) - 1]


def _directive_head(d: dict) -> str:
    details = " · ".join(html.escape(str(d[f])) for f in ("kind", "date", "issuer") if d.get(f))
    return f'<th scope="col" title="{html.escape(d.get("key") or "")}">{html.escape(d["label"])}' + \
        (f'<br><small>{details}</small>' if details else "") + "</th>"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 province``, ``2 provinces``.

    Examples
    --------
    >>> plural(1, "province"), plural(63, "province"), plural(2, "directive")
    ('1 province', '63 provinces', '2 directives')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


def _cell(docs: list[dict], province: str, lang: str, review: Review | None) -> str:
    if not docs:
        return f'<td class="gap" style="background:{GAP_COLOR}">{html.escape(text("coverage.gap", lang))}</td>'
    items = "".join(_item(c, province, lang, review.documents.get(c["key"]) if review else None) for c in docs)
    return f'<td class="covered" data-count="{len(docs)}" style="background:{_cell_color(len(docs))}"><ul>{items}</ul></td>'


def _item(c: dict, province: str, lang: str, findings: list[str] | None) -> str:
    """One implementing document, the province it was issued in when another's; with
    *findings*, the badge of a document needing review."""
    badge = (f' <span class="stale" title="{html.escape(chr(10).join(findings))}">'
             f'{html.escape(text("coverage.needs_review", lang))}</span>' if findings else "")
    marked = ' class="stale"' if findings else ""
    return (f'<li{marked} title="{html.escape(c["key"])}">{html.escape(c["label"])}'
            + (f' <span class="date">{html.escape(c["date"])}</span>' if c.get("date") else "")
            + (f' <span class="former">{html.escape(text("coverage.former", lang, place=c["place"]))}</span>'
               if c.get("place") and c["place"] != province else "") + badge + "</li>")


def _review_filter(rows: list[dict], directives: list[dict], review: Review | None, lang: str) -> str:
    """A checkbox that leaves only the documents needing review (CSS, no script: see _CSS)."""
    if review is None:
        return ""
    shown = {c["key"] for r in rows for d in directives for c in r.get(d["label"]) or []}
    n = len(shown & review.documents.keys())
    return (f'<input type="checkbox" id="only-stale"> <label for="only-stale">'
            f'{text("coverage.only_review", lang, n=n)}</label>')


def _summary(rows: list[dict], directives: list[dict], lang: str) -> str:
    lines = []
    for d in directives:
        gaps = [r["province"] for r in rows if not r.get(d["label"])]
        listed = ", ".join(html.escape(p) for p in gaps) or html.escape(text("coverage.none", lang))
        lines.append(f'<tr><th scope="row">{html.escape(d["label"])}</th><td>{len(rows) - len(gaps)}</td>'
                     f'<td class="gaps">{len(gaps)}</td><td><details><summary>'
                     f'{html.escape(text("coverage.provinces", lang, n=len(gaps)))}</summary>'
                     f"{listed}</details></td></tr>")
    heads = "".join(f"<th>{html.escape(text(k, lang))}</th>" for k in (
        "coverage.directive", "coverage.with_document", "coverage.gaps", "coverage.gap_provinces"))
    return f'<table class="summary"><thead><tr>{heads}</tr></thead><tbody>' + "".join(lines) + "</tbody></table>"


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1em 2em;color:#222}
h1{font-size:1.3em}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
thead th{background:#f4f6f7;position:sticky;top:0}
td.gap{color:#922b21;font-style:italic}
td ul{margin:0;padding-left:1.1em}
span.date,span.former,th small{color:#555;font-size:.9em}
td.n{text-align:right}
span.stale{background:#c0392b;color:#fff;border-radius:3px;padding:0 4px;font-size:.8em;margin-left:4px}
#only-stale:checked~table.coverage li:not(.stale){display:none}
#only-stale:checked~table.coverage tbody tr:not(.has-stale){display:none}
"""


def coverage_html(rows: list[dict], directives: list[dict], *, title: str | None = None,
                  lang: str = DEFAULT_LANG, as_of: date | None = None, review: Review | None = None) -> str:
    """A standalone page: directives × provinces, each cell its documents, gaps coloured.

    Parameters
    ----------
    rows : list of dict
        :func:`graph.queries.coverage` rows: ``province``, one list of ``{key, label, date}``
        per directive label, ``covered``.
    directives : list of dict
        The directives' node rows (``label`` and, when known, ``key, kind, date, issuer``),
        in column order.
    title : str, optional
        The page's heading; default :func:`coverage_title` of the directives.
    lang : {"vi", "en"}
        The language of the page's words (:mod:`graph.views.messages`).
    as_of : date, optional
        The day whose map of provinces the rows follow, said under the heading.
    review : Review, optional
        Documents needing review (:func:`graph.checks.review`): each gets a "needs review"
        badge (``<li class="stale">``, the findings in its tooltip), its row the class
        ``has-stale``, and a checkbox above the table leaves only them.

    Returns
    -------
    str
        One HTML page with no script and no external resource: a summary of gaps per
        directive, then one table row per province (``<tr data-province=…>``, the old
        provinces it absorbed under its name); a gap cell has the class ``gap``, a
        covered one ``covered`` and ``data-count``; a document issued by an old province
        other than the row's says so (``former …``).

    Examples
    --------
    >>> page = coverage_html([{"province": "Trà Vinh", "33/CT-TTg": [], "covered": 0}], [{"label": "33/CT-TTg"}])
    >>> '<td class="gap"' in page
    True
    """
    title = title or coverage_title(directives, lang)
    head = "".join(_directive_head(d) for d in directives)
    body = []
    for r in rows:
        cells = "".join(_cell(r.get(d["label"]) or [], r["province"], lang, review) for d in directives)
        former = f'<br><small>{html.escape(", ".join(r["former"]))}</small>' if r.get("former") else ""
        stale = review is not None and any(c["key"] in review.documents for d in directives for c in r.get(d["label"]) or [])
        marked = ' class="has-stale"' if stale else ""
        body.append(f'<tr data-province="{html.escape(r["province"])}"{marked}><th scope="row">{html.escape(r["province"])}'
                    f'{former}</th>{cells}<td class="n">{r["covered"]}/{len(directives)}</td></tr>')
    gaps = sum(1 for row in coverage_counts(rows, [d["label"] for d in directives]) for c in row if c == 0)
    intro = text("coverage.intro", lang, rows=len(rows), cols=len(directives), gaps=gaps,
                 cells=len(rows) * len(directives))
    if as_of is not None:
        intro += " " + text("coverage.as_of", lang, day=as_of.isoformat())
    m = lambda key: html.escape(text(key, lang))  # noqa: E731
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f'<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p><h2>{m("coverage.gaps_heading")}</h2>'
            + _summary(rows, directives, lang)
            + f'<h2>{m("coverage.table_heading")}</h2>' + _review_filter(rows, directives, review, lang)
            + f'<table class="coverage"><thead><tr>'
            f'<th>{m("coverage.province")}</th>{head}<th>{m("coverage.covered")}</th></tr></thead><tbody>'
            + "".join(body) + "</tbody></table></body></html>\n")


def coverage_title(directives: list[dict], lang: str = DEFAULT_LANG) -> str:
    """The heading of a coverage page or heat map: what it covers, in *lang*.

    Examples
    --------
    >>> coverage_title([{"label": "33/CT-TTg"}, {"label": "114-KL/TW"}], "en")
    'Coverage: 33/CT-TTg, 114-KL/TW'
    """
    return text("coverage.title", lang, directives=", ".join(d["label"] for d in directives))


def coverage_heatmap(rows: list[dict], directives: list[dict], path: Path, *, title: str | None = None,
                     lang: str = DEFAULT_LANG) -> Path:
    """Write a heat-map PNG: provinces down, directives across, each cell its count.

    A cell holds the number of implementing documents, printed in it; a gap (0) is drawn
    in its own colour outside the count scale, so it cannot be read as "few".  The
    figure grows with the number of provinces, so all 63 stay legible; a merged province's
    label names the old provinces it absorbed.

    Parameters
    ----------
    rows, directives
        As for :func:`coverage_html`.
    path : Path
        The PNG to write (atomically: a temporary file beside it, then renamed).
    title : str, optional
        Default :func:`coverage_title` of the directives.
    lang : {"vi", "en"}
        The language of the picture's words (:mod:`graph.views.messages`).

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

    title = title or coverage_title(directives, lang)
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
    # A merged province names the old ones whose documents its row counts.
    ax.set_yticks(range(len(rows)), [r["province"] + (f" ← {', '.join(r['former'])}" if r.get("former") else "")
                                     for r in rows], fontsize=8)
    ax.set_xticks(np.arange(-0.5, len(labels)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, fraction=0.08, pad=0.03, ticks=range(1, top + 1, max(1, top // 10)))
    bar.set_label(text("coverage.colorbar", lang))
    ax.legend(handles=[Patch(color=GAP_COLOR, label=text("coverage.gap_legend", lang))],
              loc="upper center", bbox_to_anchor=(0.5, 0), fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=11)  # over the figure: long province labels push the axes right
    fig.tight_layout()
    path = Path(path)
    png = io.BytesIO()
    try:
        fig.savefig(png, format="png")
    finally:
        plt.close(fig)
    atomic_write_bytes(path, png.getvalue())
    return path
