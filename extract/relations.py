"""Which relation each mention stands in, and which mentions sit inside another's description.

DOMAIN.md §4: a cue governs the references that follow it through ``;``-separated items
up to the end of the sentence; a cue inside the description of a reference
("Kế hoạch số 03/KH-UBND … triển khai thực hiện Chỉ thị số 33/CT-TTg") links those two
documents instead (a second-order link).
"""
from __future__ import annotations

import regex

from . import regexes as R
from .models import Mention

#: A cue inside a description governs the next mention only if it stands this close to it
#: ("hướng dẫn một số nội dung của Nghị định …": five words).
MAX_WORDS_CUE_TO_MENTION = 6


def _sentences(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of the sentence that holds each mention, in mention order.

    A sentence ends after each SENTENCE_END match (all one character long).  Only the
    sentences that hold mentions are found: from the last line break before a mention,
    never scanning the text between two sentences, nor twice.
    """
    spans = []
    start = end = 0
    for m in mentions:
        if m.start >= end:
            start = max(end, text.rfind("\n", end, m.start) + 1)
            end = len(text)
            for se in R.SENTENCE_END.finditer(text, start):
                if se.start() >= m.start:
                    end = se.end()
                    break
                start = se.end()
        spans.append((start, end))
    return spans


def _clause(text: str, start: int, end: int, pos: int) -> str:
    """The ``;``-separated item of a sentence that holds *pos*: the evidence to quote."""
    a = text.rfind(";", start, pos) + 1 or start
    b = text.find(";", pos, end)
    return " ".join(text[max(a, start):b if b != -1 else end].split())


def _cues(text: str, start: int, end: int) -> list[regex.Match]:
    return list(R.CUE.finditer(text, start, end))


def _relation_of(cue: regex.Match, *, in_report: bool, nested: bool) -> str:
    rel = cue.lastgroup
    # "sơ kết … thực hiện" reports on a document only in a report (or in the description
    # of a document that is itself a report, such as a Thông báo on monitoring results).
    if rel == "reports_on" and not (in_report or nested):
        return "implements"
    return rel


def _proximate(text: str, cue: regex.Match, mention_start: int) -> bool:
    between = text[cue.end():mention_start]
    return len(between.split()) <= MAX_WORDS_CUE_TO_MENTION and ";" not in between and ":" not in between


def assign(text: str, mentions: list[Mention], *, in_report: bool) -> None:
    """Set ``relation``, ``cue``, ``parent`` and ``nested_relation`` on *mentions* in place.

    Parameters
    ----------
    text : str
        The clean text the mentions were found in.
    mentions : list of Mention
        Sorted by position.
    in_report : bool
        The citing document is a Báo cáo ("tổng kết … thực hiện X" reports on X).
    """
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, sentence in enumerate(_sentences(text, mentions)):
        by_sentence.setdefault(sentence, []).append(i)
    for (s_start, s_end), idxs in by_sentence.items():
        top_rel, top_cue = None, None
        cursor = s_start
        prev: int | None = None
        for i in idxs:
            m = mentions[i]
            m.sentence = _clause(text, s_start, s_end, m.start) or " ".join(text[s_start:s_end].split())
            gap_start = mentions[prev].end if prev is not None else cursor
            gap = text[gap_start:m.start] if gap_start <= m.start else ""
            item_break = gap.find(";")
            if prev is None or item_break != -1:
                # Start of an item: a cue in the lead text governs this and later items.
                lead_from = gap_start + item_break + 1 if item_break != -1 else gap_start
                cues = _cues(text, lead_from if prev is not None else s_start, m.start)
                if cues:
                    top_rel = _relation_of(cues[-1], in_report=in_report, nested=False)
                    top_cue = cues[-1].group()
                m.parent = None
            else:
                cues = _cues(text, gap_start, m.start)
                near = cues[-1] if cues and _proximate(text, cues[-1], m.start) else None
                if near is not None:
                    m.parent = prev
                    m.nested_relation = _relation_of(near, in_report=in_report, nested=True)
                    m.cue = near.group()
                elif R.COORDINATOR.match(gap):
                    # "Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW": same level as prev.
                    p = mentions[prev]
                    m.parent, m.nested_relation = p.parent, p.nested_relation
                    if p.parent is not None:
                        m.cue = p.cue
                else:
                    m.parent = None
            if m.parent is None:
                m.relation = top_rel or "cites"
                m.cue = top_cue
            prev = i


def share_coordinated(text: str, mentions: list[Mention]) -> None:
    """A date (and issuer) written once after a coordinated list applies to each item.

    "Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị"
    """
    for i in range(len(mentions) - 2, -1, -1):
        a, b = mentions[i], mentions[i + 1]
        if a.number is None or b.number is None or a.date or a.issuer:
            continue
        if R.COORDINATOR.match(text[a.end:b.start]):
            a.date, a.issuer, a.term = b.date, b.issuer, a.term or b.term
            a.place = a.place or b.place

