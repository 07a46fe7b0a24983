"""One document as a page: its text with every reference highlighted and explained.

Each mention's span (an offset into the text vbgraph read) becomes a ``<mark>`` coloured
by its relation, with a small badge and a tooltip, and a numbered note at the end giving
the identity it resolved to.  Marks that did not resolve cleanly (unresolved, ambiguous,
unplaced, named without a number) and incomplete references ("số /KH-UBND") look
different.  The page is one self-contained file: no script, no font, no request.  Its words are in
Vietnamese or English (:mod:`graph.views.messages`); the ``data-*`` attributes stay codes.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from extract.models import Extraction
from extract.resolve import ResolvedDocument, resolve_corpus

from .messages import DEFAULT_LANG, MESSAGES, level_name, relation_name, text
from .palette import RELATION_COLORS

#: Status of a mark, in the order the legend lists them; their names and what they mean to a
#: reader are ``status.<name>`` and ``status.<name>.why`` in :mod:`graph.views.messages`.
STATUSES = ("resolved", "named", "unplaced", "ambiguous", "unresolved", "self", "incomplete")


@dataclass(frozen=True)
class Annotation:
    """One highlighted stretch of the text: a mention, or an incomplete reference.

    ``n`` numbers the annotations in text order (the note number); ``relation`` is the
    relation from the document for a top-level mention, or from the reference whose
    description holds it (``parent``, that reference's ``n``) for a nested one.  ``why``
    is the form a mention was resolved from (or failed to resolve in), or the reason an
    incomplete reference is incomplete.
    """

    n: int
    start: int
    end: int
    surface: str
    status: str
    relation: str | None = None
    parent: int | None = None
    cue: str | None = None
    key: str | None = None
    number: str | None = None
    title: str | None = None
    kind: str | None = None
    date: str | None = None
    issuer: str | None = None
    place: str | None = None
    level: str | None = None
    why: str | None = None


def resolve_against(extraction: Extraction, corpus: list[Extraction] = ()) -> ResolvedDocument:
    """Resolve one document together with a corpus, as ``vbgraph build`` would.

    Short forms ("Pháp lệnh số 34") and undated mentions resolve against every number
    the corpus knows.  A corpus file at the document's own path is left out, so
    annotating a file of the corpus does not count it twice.

    Parameters
    ----------
    extraction : Extraction
        The document, from :func:`extract.extract_text`.
    corpus : list of Extraction
        Other documents (``[d.extraction for d in extract_sources(paths).documents]``).

    Returns
    -------
    ResolvedDocument

    Examples
    --------
    >>> from extract import extract_text
    >>> d = resolve_against(extract_text("Căn cứ Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội;", "a.txt"),
    ...     [extract_text("Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội", "b.txt")])
    >>> [r.number for r in d.references]
    ['34/2007/PL-UBTVQH11']
    """
    own = Path(extraction.path).resolve() if extraction.path not in ("", "-") else None
    others = [e for e in corpus if own is None or e.path in ("", "-") or Path(e.path).resolve() != own]
    return resolve_corpus([extraction, *others])[0]


def _status(ref) -> str:
    if ref.ambiguous:
        return "ambiguous"
    if "#?" in ref.key:
        return "unplaced"
    if ref.key.startswith("title:"):
        return "named"
    return "resolved"


def annotations(doc: ResolvedDocument) -> list[Annotation]:
    """Every mention and incomplete reference of *doc*, with what it resolved to.

    Parameters
    ----------
    doc : ResolvedDocument
        One document after :func:`resolve_against` (or :func:`extract.resolve_corpus`).

    Returns
    -------
    list of Annotation
        In text order, numbered from 1.

    Examples
    --------
    >>> from extract import extract_text
    >>> d = resolve_against(extract_text(
    ...     "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ; Kế hoạch số /KH-UBND.", "a.txt"))
    >>> [(a.n, a.status, a.relation, a.number) for a in annotations(d)]
    [(1, 'resolved', 'implements', '33/CT-TTg'), (2, 'incomplete', None, None)]
    """
    ex = doc.extraction
    ref_of = {id(m): r for r in doc.references for m in r.mentions}
    unresolved = {id(m) for m in doc.unresolved}
    items = [(m.span, 0, i) for i, m in enumerate(ex.mentions)] + \
            [(inc.span, 1, i) for i, inc in enumerate(ex.incomplete)]
    items.sort(key=lambda t: (t[0][0], -t[0][1], t[1], t[2]))
    n_of_mention = {i: n for n, (_, what, i) in enumerate(items, 1) if what == 0}
    out = []
    for n, (span, what, i) in enumerate(items, 1):
        if what == 1:
            inc = ex.incomplete[i]
            out.append(Annotation(n, *span, surface=inc.surface, status="incomplete", why=inc.why))
            continue
        m = ex.mentions[i]
        nested = m.parent is not None
        common = dict(relation=m.nested_relation if nested else m.relation,
                      parent=n_of_mention[m.parent] if nested else None, cue=m.cue)
        ref = ref_of.get(id(m))
        if ref is None:
            status = "unresolved" if id(m) in unresolved else "self"
            why = m.form if status == "unresolved" else None
            out.append(Annotation(n, *span, surface=m.surface, status=status, why=why,
                                  key=doc.key if status == "self" else None, **common))
            continue
        out.append(Annotation(n, *span, surface=m.surface, status=_status(ref), key=ref.key, number=ref.number,
                              title=ref.title, kind=ref.kind, date=ref.date, issuer=ref.issuer, place=ref.place,
                              level=ref.level, why=ref.resolved_from,
                              **common))
    return out


def _identity(a: Annotation, lang: str) -> list[tuple[str, str]]:
    """(field, value) pairs naming what *a* resolved to, for the tooltip and the note."""
    fields = [("number", a.number), ("title", a.title), ("kind", a.kind), ("date", a.date), ("issuer", a.issuer),
              ("province", a.place), ("level", a.level and level_name(a.level, lang)), ("key", a.key)]
    return [(k, v) for k, v in fields if v]


def _why(a: Annotation, lang: str) -> str:
    """Why a mark is not plainly resolved: the form it was resolved from, or did not resolve."""
    if a.why is None:
        return ""
    if a.status == "incomplete":
        # The extractor's own words, translated where the table knows them.
        key = f"incomplete.{a.why}"
        return text(key, lang) if key in MESSAGES else a.why
    # In words a reader knows, never the model's form names ("kind_code_dropped").
    form = text(f"form.{a.why}", lang) if f"form.{a.why}" in MESSAGES else a.why
    key = "annotate.form" if a.status == "unresolved" else "annotate.resolved_from"
    return text(key, lang, form=form)


def _relation_text(a: Annotation, lang: str, *, markup: bool = False) -> str:
    """The relation in words; with *markup*, as HTML linking to the enclosing mark."""
    if a.relation is None:
        return ""
    rel = relation_name(a.relation, lang)
    if a.parent is not None:
        ref = f'<a href="#m{a.parent}">[{a.parent}]</a>' if markup else f"[{a.parent}]"
        return text("annotate.nested", lang, relation=html.escape(rel) if markup else rel, ref=ref)
    cue = text("annotate.cue", lang, cue=a.cue) if a.cue else ""
    return html.escape(rel + cue) if markup else rel + cue


def _tooltip(a: Annotation, lang: str) -> str:
    lines = [f"[{a.n}] {text('status.' + a.status, lang)}: {text('status.' + a.status + '.why', lang)}"]
    if a.relation:
        lines.append(text("annotate.relation_line", lang, relation=_relation_text(a, lang)))
    lines += [f"{text('field.' + k, lang)}: {v}" for k, v in _identity(a, lang)]
    if a.why:
        lines.append(_why(a, lang))
    return "\n".join(lines)


def _badge(a: Annotation, lang: str) -> str:
    rel = (text("status.incomplete", lang) if a.status == "incomplete"
           else ("↳ " if a.parent is not None else "") + (relation_name(a.relation, lang) if a.relation else ""))
    flag = "" if a.status in ("resolved", "incomplete") else " ?"
    return f"{rel}{flag} {a.n}"


def _open_tag(a: Annotation, first: bool, lang: str) -> str:
    classes = ["ref", a.status, f"rel-{a.relation}" if a.relation else "", "nested" if a.parent is not None else "",
               "" if first else "cont"]
    attrs = {"class": " ".join(c for c in classes if c), "data-n": str(a.n), "data-status": a.status,
             "title": _tooltip(a, lang)}
    if first:
        attrs["id"] = f"m{a.n}"
    for name, value in (("rel", a.relation if a.parent is None else None),
                        ("nested-rel", a.relation if a.parent is not None else None),
                        ("parent", a.parent), ("key", a.key), ("number", a.number), ("title", a.title)):
        if value is not None:
            attrs[f"data-{name}"] = str(value)
    return "<mark " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + ">"


def _close_tag(a: Annotation, last: bool, lang: str) -> str:
    # The badge is generated content of an empty link, so the page's text stays exactly
    # the document's text (copying, searching and the tests all see the original).
    return (f'<a class="badge" href="#n{a.n}" data-label="{html.escape(_badge(a, lang))}"></a>' if last else "") + "</mark>"


def marked_text(source: str, marks: list[Annotation], lang: str = DEFAULT_LANG) -> str:
    """*source* escaped, with each annotation's span wrapped in a ``<mark>``.

    Spans may nest or even cross; the markup stays well formed: a mark that an inner
    one would cross is closed and reopened around it (the pieces share ``data-n``,
    later pieces carry the class ``cont``).  Empty spans are left out.

    Examples
    --------
    >>> page = marked_text("x < y & z", [Annotation(1, 4, 9, "y & z", "unresolved")])
    >>> page.startswith("x &lt; <mark "), 'y &amp; z<a class="badge"' in page, page.endswith("</mark>")
    (True, True, True)
    """
    marks = sorted((a for a in marks if a.end > a.start), key=lambda a: (a.start, -a.end, a.n))
    bounds = sorted({0, len(source), *(a.start for a in marks), *(a.end for a in marks)})
    opening: dict[int, list[Annotation]] = {}
    for a in marks:
        opening.setdefault(a.start, []).append(a)
    out: list[str] = []
    stack: list[Annotation] = []
    for p, q in zip(bounds, bounds[1:] + [None]):
        ending = [i for i, a in enumerate(stack) if a.end <= p]
        if ending:
            low = ending[0]
            for a in reversed(stack[low:]):
                out.append(_close_tag(a, last=a.end <= p, lang=lang))
            reopen = [a for a in stack[low:] if a.end > p]
            stack[low:] = reopen
            out.extend(_open_tag(a, first=False, lang=lang) for a in reopen)
        for a in opening.get(p, ()):
            out.append(_open_tag(a, first=True, lang=lang))
            stack.append(a)
        if q is not None:
            out.append(html.escape(source[p:q], quote=False))
    return "".join(out)


_CSS = """
body{font:15px/1.55 system-ui,sans-serif;margin:0 auto;max-width:64em;padding:1em 2em;color:#222}
h1{font-size:1.3em;margin:.2em 0}
table.meta td,table.meta th{padding:1px 10px 1px 0;text-align:left;vertical-align:top}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85em;margin:.6em 0;padding:.5em;border:1px solid #ddd;border-radius:6px}
.legend span.sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}
.text{white-space:pre-wrap;font:16px/1.7 Georgia,serif;border-top:1px solid #ccc;padding-top:1em}
mark.ref{background:var(--tint);border-bottom:2px solid var(--rel);color:inherit;padding:0 1px;border-radius:2px}
mark.ref mark.ref{border-bottom-width:4px}
mark.named,mark.unplaced,mark.ambiguous{border-bottom-style:dashed;outline:1px dashed #b7950b}
mark.unresolved{background:none;border-bottom:2px dotted #c0392b;text-decoration:underline wavy #c0392b}
mark.self{background:#eee;border-bottom-color:#999}
mark.incomplete{background:repeating-linear-gradient(135deg,#fde2e2 0 5px,#fff 5px 10px);border:1px solid #c0392b}
a.badge{text-decoration:none}
a.badge::after{content:attr(data-label);font:10px/1 system-ui,sans-serif;color:#fff;background:var(--rel);
 border-radius:7px;padding:1px 5px;margin-left:3px;vertical-align:2px;white-space:nowrap}
mark.named>a.badge::after,mark.unplaced>a.badge::after,mark.ambiguous>a.badge::after{background:#b7950b}
mark.unresolved>a.badge::after,mark.incomplete>a.badge::after{background:#c0392b}
mark.self>a.badge::after{background:#999}
:target{box-shadow:0 0 0 3px #f1c40f}
ol.notes{font-size:.88em;border-top:1px solid #ccc;padding-top:1em}
ol.notes li{margin:.25em 0}
ol.notes .st{font-weight:600}
ol.notes code{font-size:.95em;background:#f4f4f4;padding:0 3px}
"""


def _css() -> str:
    rel = "".join(f"mark.rel-{r}{{--rel:{c};--tint:{c}26}}\n" for r, c in RELATION_COLORS.items())
    return _CSS + "mark.ref{--rel:#7f8c8d;--tint:#7f8c8d26}\n" + rel


def _header(doc: ResolvedDocument, notes: list[Annotation], lang: str) -> str:
    meta = doc.meta
    rows = [("file", doc.doc), ("number", meta.number), ("kind", meta.kind), ("date", meta.date),
            ("province", meta.place), ("level", doc.level and level_name(doc.level, lang)), ("key", doc.key)]
    counts = {s: sum(1 for a in notes if a.status == s) for s in STATUSES}
    summary = " · ".join([text("annotate.marks", lang, n=len(notes)),
                          text("annotate.referred", lang, n=len(doc.references)),
                          text("annotate.links", lang, n=len(doc.links))]
                         + [f"{text('status.' + s, lang)}: {c}" for s, c in counts.items() if c])
    cells = "".join(f"<tr><th>{html.escape(text('field.' + k, lang))}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in rows if v)
    return f'<h1>{html.escape(doc.doc)}</h1><table class="meta">{cells}</table><p>{html.escape(summary)}</p>'


def _legend(lang: str) -> str:
    rels = "".join(f'<span><span class="sw" style="background:{c}"></span>{html.escape(relation_name(r, lang))}</span>'
                   for r, c in RELATION_COLORS.items())
    sts = "".join(f'<span><mark class="ref {s}" title="{html.escape(text("status." + s + ".why", lang))}">'
                  f'{html.escape(text("status." + s, lang))}</mark></span>' for s in STATUSES)
    return (f'<div class="legend"><b>{html.escape(text("annotate.relation", lang))}</b>{rels}</div>'
            f'<div class="legend"><b>{html.escape(text("annotate.status", lang))}</b>{sts}'
            f'<span>{html.escape(text("annotate.nested_note", lang))}</span></div>')


def _note(a: Annotation, lang: str) -> str:
    ident = " · ".join(
        f"<code>{html.escape(v)}</code>" if k == "key"
        else f"{html.escape(text('field.' + k, lang))} {html.escape(v)}" if k in ("province", "level")
        else html.escape(v) for k, v in _identity(a, lang))
    parts = [f'<span class="st">{html.escape(text("status." + a.status, lang))}</span>',
             _relation_text(a, lang, markup=True), ident, html.escape(_why(a, lang))]
    return (f'<li id="n{a.n}" class="{a.status}"><a href="#m{a.n}">↑</a> “{html.escape(a.surface)}” → '
            + " — ".join(p for p in parts if p) + "</li>")


def annotated_html(source: str, doc: ResolvedDocument, *, lang: str = DEFAULT_LANG) -> str:
    """The annotated page of one document: header, legend, marked text, notes.

    Parameters
    ----------
    source : str
        The text the document was extracted from (mention spans index into it).
    doc : ResolvedDocument
        Its resolution (:func:`resolve_against`).
    lang : {"vi", "en"}
        The language of the page's words (:mod:`graph.views.messages`).

    Returns
    -------
    str
        A complete, self-contained HTML page.  The text sits in ``<div class="text">``
        whose text content is exactly *source*; each mark has ``data-n``, ``data-status``,
        ``data-rel`` (top-level relation) or ``data-nested-rel`` and ``data-parent``,
        and, when resolved, ``data-key``, ``data-number`` or ``data-title``.

    Examples
    --------
    >>> from extract import extract_text
    >>> t = "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;"
    >>> page = annotated_html(t, resolve_against(extract_text(t, "a.txt")))
    >>> 'data-rel="based_on"' in page and 'data-key="33/CT-TTG@2021"' in page
    True
    """
    notes = annotations(doc)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(text('annotate.title', lang, doc=doc.doc))}</title><style>{_css()}</style></head><body>"
            + _header(doc, notes, lang) + _legend(lang)
            + f'<div class="text">{marked_text(source, notes, lang)}</div>'
            + '<ol class="notes">' + "".join(_note(a, lang) for a in notes) + "</ol></body></html>\n")
