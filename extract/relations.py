"""Which relation each mention stands in, and which mentions sit inside another's description.

DOMAIN.md §4: a cue governs the references that follow it through ``;``-separated items
up to the end of the sentence; a cue inside the description of a reference
("Kế hoạch số 03/KH-UBND … triển khai thực hiện Chỉ thị số 33/CT-TTg") links those two
documents instead (a second-order link).
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from . import regexes as R
from .models import Mention
from .scan import last_sentence_end, matches_at, sentence_ends
from .vocab import CUE_RELATION

#: A cue inside a description governs the next mention only if it stands this close to it
#: ("hướng dẫn một số nội dung của Nghị định …": five words).
MAX_WORDS_CUE_TO_MENTION = 6


#: How far back from a mention its sentence is looked for: no real sentence is longer, and
#: the text between two far-apart mentions is not scanned.
MAX_SENTENCE = 3000


def _sentences(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of the sentence that holds each mention, in mention order.

    A sentence ends after each SENTENCE_END match (one character long).  A line break is
    not always one (wrapped text), so a sentence's start is looked for back from its first
    mention to the previous one's end, at most :data:`MAX_SENTENCE` characters back, and
    its end forwards from there; never twice.
    """
    spans = []
    start = end = 0
    for m in mentions:
        if m.start >= end:
            lo = max(end, m.start - MAX_SENTENCE)
            start = lo if (se := last_sentence_end(text, lo, m.start)) is None else se + 1
            end = len(text) if (se := next(sentence_ends(text, m.start), None)) is None else se + 1
        spans.append((start, end))
    return spans


#: Evidence quotes at most this much of a clause around its mention: one run-on sentence
#: of thousands of chained references must not hold a copy of itself per mention.
MAX_EVIDENCE = 600


def _clause(text: str, start: int, end: int, pos: int) -> str:
    """The ``;``-separated item of a sentence that holds *pos*: the evidence to quote.

    Looked for at most :data:`MAX_EVIDENCE` characters around *pos*, so that a run-on
    sentence costs each of its mentions the same: a longer item is quoted around the
    mention, with "…" where it is cut."""
    lo = max(start, pos - MAX_EVIDENCE // 2)
    hi = min(end, pos + MAX_EVIDENCE)
    a = text.rfind(";", lo, pos) + 1 or lo
    b = text.find(";", pos, hi)
    b = hi if b == -1 else b
    return ("… " if a == lo > start else "") + " ".join(text[a:b].split()) + (" …" if b == hi < end else "")


def _cues(text: str, start: int, end: int) -> list[regex.Match]:
    # Matched a little past *end*: a cue's lookahead reads the words that follow it ("thu
    # hồi" only before "quyết định …"), which may be the mention's own kind word.
    return [c for c in _cue_matches(text, start, min(len(text), end + 40), end) if c.end() <= end]


def _cue_matches(text: str, start: int, stop: int, last: int | None = None) -> Iterator[regex.Match]:
    """``R.CUE.finditer(text, start, stop)``, tried only where CUE_AT finds a cue's first
    word in the case-folded text.  A cue starts after a non-letter and its first words are
    letters only, so no cue starts inside a hit; with each match found, the scan resumes
    after it, as finditer does.  With *last*, only the first words that end by *last* are
    looked for: the matches that end by it are all found (a match depends on none after
    it), and the words past it, often the mention's own kind word, are not tried."""
    last = stop if last is None else last
    folded = text[start:last].casefold()
    if len(folded) != last - start:  # "ß" folds to "ss": the positions would shift
        return R.CUE.finditer(text, start, stop)
    return matches_at(R.CUE, text, (start + c.start() for c in R.CUE_AT.finditer(folded)), stop)


def _relation_of(cue: regex.Match, *, in_report: bool, nested: bool) -> str:
    rel = CUE_RELATION.get(cue.lastgroup, cue.lastgroup)
    # "sơ kết … thực hiện" reports on a document only in a report (or in the description
    # of a document that is itself a report, such as a Thông báo on monitoring results).
    if rel == "reports_on" and not (in_report or nested):
        return "implements"
    return rel


def _proximate(text: str, cue: regex.Match, mention_start: int) -> bool:
    between = text[cue.end():mention_start]
    return len(between.split()) <= MAX_WORDS_CUE_TO_MENTION and ";" not in between and ":" not in between


def _describing(text: str, cues: list[regex.Match], head_end: int, mention_start: int) -> regex.Match | None:
    """The cue in a description that links its document to the next mention: right before
    it ("… triển khai thực hiện Chỉ thị …"; a title's own verbs, such as "điều chỉnh", only
    after the described document's "về việc"), or farther when the cue is the described
    document's own verb, right after its head, and the mention is where the verb's object
    is set out ("Thông tư 151/2016/TT-BTC hướng dẫn cơ chế … quy định tại Nghị định …"; not
    "… tại Quyết định 1587/QĐ-UBND và thay thế Quy trình … tại Quyết định 1604/QĐ-UBND")."""
    if not cues:
        return None
    last = cues[-1]
    # the parts named before the object ("sửa đổi điểm b khoản 13 Điều 1 của Nghị định …")
    # do not put a description's verb out of reach
    parts = R.PARTS_BEFORE.search(text, last.end(), mention_start)
    if _proximate(text, last, parts.start() if parts else mention_start) and (
            last.lastgroup not in CUE_RELATION or R.SUBJECT_AFTER.match(text, head_end, last.start())):
        return last
    lead = text[head_end:last.start()].split()
    if len(lead) > 3 or (lead and lead[0].casefold() in ("và", "hoặc")):
        return None
    if R.LOCATED_BEFORE.match(text, max(last.end(), mention_start - 120), mention_start) is not None:
        between = text[last.end():mention_start]
        if len(between.split()) <= R.MAX_WORDS_CUE_TO_LOCATED and ";" not in between:
            return last
    return None


def _parenthesis_cue(text: str, cues: list[regex.Match], mention_start: int) -> regex.Match | None:
    """The active cue that opens a parenthesis still open at *mention_start*:
    "(thực hiện Khoản 6 Điều 37 Luật Thủ đô 39/2024/QH15)" · "(sửa đổi Quyết định số …)"."""
    for cue in cues:
        open_at = text.rfind("(", 0, cue.start())
        if (open_at != -1 and not text[open_at + 1:cue.start()].strip() and ")" not in text[cue.end():mention_start]
                and cue.lastgroup not in CUE_RELATION and not _passive(text, cue)):
            return cue
    return None


def _passive(text: str, cue: regex.Match) -> bool:
    """"… được sửa đổi, bổ sung bởi B": the cue's subject is what stands before it."""
    return R.PASSIVE_BEFORE.match(text, max(0, cue.start() - 30), cue.start()) is not None


def _governing(text: str, cues: list[regex.Match], lead_start: int, mention_start: int,
               opening: regex.Pattern = R.CLAUSE_OPENING) -> regex.Match | None:
    """The cue that introduces a clause's first mention (DOMAIN.md §4): the last active cue,
    unless the mention comes in by a preposition of its own ("Việc thực hiện chế độ … theo
    quy định tại Nghị định …": the cue word is ordinary legal prose there); even then a cue
    that opens the clause ("Căn cứ …", "2. Thực hiện …") or stands right before the mention
    ("thực hiện theo Quyết định …") governs it.  *opening* says what may stand before a cue
    that opens the clause (``R.SUBJECT_OPENING`` for a clause's first mention)."""
    active = [c for c in cues if not _passive(text, c)]
    if not active:
        return None
    preposition = R.PREPOSITION_BEFORE.match(text, max(lead_start, mention_start - 80), mention_start)
    for i, cue in enumerate(active):
        if opening.match(text, lead_start, cue.start()):
            if (cue.lastgroup == "guides_opening" and i + 1 < len(active)
                    and not (preposition and text[active[-1].end():preposition.start()].split())):
                # "Hướng dẫn các đơn vị triển khai Kế hoạch …": the later verb governs;
                # not when it has an object of its own and the mention comes in by a
                # preposition ("Hướng dẫn trình tự thực hiện xã hội hóa theo Nghị định …")
                break
            return cue  # the clause's own verb: "Căn cứ …", a title's "sửa đổi …"
    active = [c for c in active if c.lastgroup not in CUE_RELATION]
    if active and _proximate(text, active[-1], mention_start):
        return active[-1]
    if active and preposition is None:
        return active[-1]
    return None


def assign(text: str, mentions: list[Mention], *, in_report: bool, opening: int = 0) -> None:
    """Set ``relation``, ``cue``, ``parent`` and ``nested_relation`` on *mentions* in place.

    Parameters
    ----------
    text : str
        The clean text the mentions were found in.
    mentions : list of Mention
        Sorted by position.
    in_report : bool
        The citing document is a Báo cáo ("tổng kết … thực hiện X" reports on X).
    opening : int
        Where the first clause's words begin: after a title line's own kind and number
        ("Quyết định 129/2025/QĐ-UBND sửa đổi …": "sửa đổi" opens it).
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
            quoted = _quotation_opened(gap)
            if quoted != -1:
                # "Sửa đổi điểm 1.1 như sau: “… quy định tại Nghị định số 103/2006/NĐ-CP …”":
                # the quoted text is the amended document's own words, which the cue
                # before it does not govern.
                top_rel, top_cue = None, None
            if prev is None or item_break != -1 or quoted != -1:
                # Start of an item: the cue that introduces it governs this and later items.
                if quoted != -1:
                    lead_from = gap_start + max(quoted, item_break + 1)
                elif prev is not None:
                    lead_from = gap_start + item_break + 1
                else:
                    lead_from = max(s_start, min(opening, m.start))
                cue = _governing(text, _cues(text, lead_from, m.start), lead_from, m.start, R.SUBJECT_OPENING)
                if cue is not None:
                    top_rel = _relation_of(cue, in_report=in_report, nested=False)
                    top_cue = cue.group()
                m.parent = None
            else:
                cues = _cues(text, gap_start, m.start)
                near = _describing(text, cues, gap_start, m.start)
                if (aside := _parenthesis_cue(text, cues, m.start)) is not None:
                    # "… quy định tại Điều 37 của Luật Thủ đô (Thực hiện Khoản 6 Điều 37 Luật
                    # Thủ đô 39/2024/QH15)": an aside of the citing document's own, not a
                    # description of the mention before it; the clause's cue resumes after it.
                    m.parent = None
                    m.relation = _relation_of(aside, in_report=in_report, nested=False)
                    m.cue = aside.group()
                    prev = i
                    continue
                if near is not None:
                    m.parent = prev
                    m.nested_relation = _relation_of(near, in_report=in_report, nested=True)
                    m.cue = near.group()
                    if _passive(text, near):
                        # "Hiến pháp … đã được sửa đổi, bổ sung theo Nghị quyết số 51/2001/QH10":
                        # the resolution amends the Constitution, and the citing document
                        # rests on both (DOMAIN.md §4).
                        m.passive = True
                        m.relation = top_rel or "cites"
                elif R.COORDINATOR.match(gap):
                    # "Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW": same level as prev.
                    p = mentions[prev]
                    if p.parent is not None and m.kind != p.kind and m.kind == mentions[p.parent].kind:
                        # "Nghị định số 35/2003/NĐ-CP quy định chi tiết … Luật Phòng cháy và
                        # chữa cháy và Nghị định số 130/2006/NĐ-CP": of the described
                        # document's kind, not the law's, so the described one's sibling.
                        p = mentions[p.parent]
                    m.parent, m.nested_relation = p.parent, p.nested_relation
                    if p.parent is not None:
                        m.cue = p.cue
                else:
                    m.parent = None
                    cue = _governing(text, cues, gap_start, m.start) if cues else None
                    opens = cue is not None and R.CLAUSE_OPENING.match(text, gap_start, cue.start()) is not None
                    if opens and text[gap_start:cue.start()].strip():
                        # "sửa đổi … tại Quyết định 1587/QĐ-UBND và thay thế Quy trình … tại
                        # Quyết định 1604/QĐ-UBND": a verb of its own for what follows.
                        top_rel = _relation_of(cue, in_report=in_report, nested=False)
                        top_cue = cue.group()
                    elif opens and R.LIST_ITEM_BEFORE.match(text, max(cue.end(), m.start - 20), m.start) is None:
                        # Right after the head, nothing between: the previous document's own
                        # verb ("Nghị định số 151/2016/NĐ-CP … của Chính phủ quy định chi tiết
                        # và hướng dẫn thi hành một số điều … của Luật Quân nhân chuyên nghiệp"),
                        # unless this mention is the next item of the clause's list (then the
                        # clause's cue still governs it).
                        m.parent = prev
                        m.nested_relation = _relation_of(cue, in_report=in_report, nested=True)
                        m.cue = cue.group()
            if m.parent is None:
                m.relation = top_rel or "cites"
                m.cue = top_cue
            prev = i
        _ceasing(text, s_start, s_end, [mentions[i] for i in idxs])


def _quotation_opened(gap: str) -> int:
    """Where the text quoted after a colon begins in *gap*, if that quotation is still open
    at its end ("… như sau : “ 1.1 Các quyền …"), else -1."""
    m = R.QUOTATION_OPENS.search(gap)
    if m is None or any(q in gap[m.end():] for q in '”"'):
        return -1
    return m.end()


def _ceasing(text: str, start: int, end: int, mentions: list[Mention]) -> None:
    """"Quyết định số 57/2006/QĐ-NHNN … hết hiệu lực kể từ ngày …": this document repeals
    the documents its clause names before the words."""
    for ceases in R.CEASES.finditer(text, start, end):
        item = text.rfind(";", start, ceases.start()) + 1 or start
        for m in mentions:
            if item <= m.start < ceases.start() and m.parent is None:
                m.relation, m.cue = "repeals", ceases.group()


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

