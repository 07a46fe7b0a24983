"""One document's text in, one :class:`~extract.models.Extraction` out: pure, no I/O."""
from __future__ import annotations

import hashlib
from bisect import bisect_left

from . import find, relations
from .clean import clean
from .models import Extraction


def extract_text(text: str, doc: str = "<text>", path: str = "", *, title: bool = False,
                 kind: str | None = None) -> Extraction:
    """Extract the document metadata and every mention from *text*.

    Parameters
    ----------
    text : str
        The document's text, as read (any Unicode normal form, markdown allowed).
    doc : str
        The name the document goes by in the output (a file name).
    path : str
        Where it was read from.
    title : bool
        *text* is a catalogue title line or summary: its leading kind and number are the
        document's own (DOMAIN.md §2), see :func:`extract.find.find_meta`.
    kind : str, optional
        The document's kind where something other than *text* says it (a catalogue row's
        kind column or number): a Báo cáo's "sơ kết … thực hiện X" reports on X.

    Returns
    -------
    Extraction
        Mentions in text order with original-text spans; relations and nesting set;
        identities not resolved yet (see :func:`extract.resolve.resolve_corpus`).

    Examples
    --------
    >>> e = extract_text("Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;")
    >>> [(m.number.display, m.relation, m.date.iso) for m in e.mentions]
    [('33/CT-TTg', 'based_on', '2021-11-26')]
    >>> t = extract_text("Kế hoạch 121/KH-UBND năm 2025 thực hiện Kết luận 80-KL/TW", title=True)
    >>> t.meta.number, [m.number.display for m in t.mentions]
    ('121/KH-UBND', ['80-KL/TW'])
    """
    ct = clean(text)
    meta, self_spans = find.find_meta(ct, title=title)
    regions = find.excluded_regions(ct.text)
    mentions = find.find_numbered(ct, regions, self_spans)
    # Full numbers win over short forms, named documents and anaphora found at the same place.
    starts = [m.start for m in mentions]
    ends = [m.end for m in mentions]
    extras = find.find_short(ct, regions) + find.find_named(ct, regions) + find.find_anaphora(ct, regions)
    for m in sorted(extras, key=lambda m: m.start):
        i = bisect_left(ends, m.start + 1)
        if i < len(starts) and starts[i] < m.end:
            continue
        mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    relations.share_coordinated(ct.text, mentions)
    opening = find.title_opening(ct.text, self_spans) if title else 0
    relations.assign(ct.text, mentions, in_report=(kind or meta.kind) == "Báo cáo", opening=opening)
    find.attach_subjects(ct.text, mentions)
    for m in mentions:
        m.span = ct.original_span(m.start, m.end)
        m.surface = ct.original[m.span[0]:m.span[1]]
    return Extraction(
        doc=doc, path=path, meta=meta, mentions=mentions,
        incomplete=find.find_incomplete(ct, regions), text_length=len(text),
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )
