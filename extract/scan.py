"""Fast scans that find what a pattern's own ``finditer`` finds.

A pattern that may start at many positions (a leading lookbehind, a case-insensitive
alternation, a class of every space) is tried by the ``regex`` engine at each of them.  Here
a short candidate pattern of the standard library's engine, which skips through the text
in C, finds the few places where a match can start, and the pattern is matched there.
Every scan is checked against the pattern's finditer in tests/test_regexes.py and
tests/test_properties.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import regex

from . import regexes as R


def matches_at(pattern: regex.Pattern, text: str, starts: Iterable[int], endpos: int) -> Iterator[regex.Match]:
    """``pattern.finditer(text, pos, endpos)`` for a pattern whose matches can start only at
    *starts* (sorted, from *pos* on): a candidate inside a match found is passed over, as
    finditer resumes after each match."""
    pos = 0
    for at in starts:
        if at >= pos and (m := pattern.match(text, at, endpos)):
            pos = m.end()
            yield m


def starts(text: str, at: tuple[tuple[re.Pattern, ...], int]) -> list[int]:
    """Where the word of *at* (see ``regexes._word_at``) can start in *text*, in order: each
    of its patterns' hits, less the offset of the letter they are found by.

    Examples
    --------
    >>> starts("Pháp lệnh số 34; SỐ /KH", R.SO_AT)
    [10, 17]
    """
    patterns, back = at
    if len(patterns) == 1:
        return [m.start() - back for m in patterns[0].finditer(text)]
    # One pattern's hits never overlap another's (each is one word): merged by sorting.
    return sorted([m.start() - back for p in patterns for m in p.finditer(text)])


def doc_numbers(text: str) -> Iterator[regex.Match]:
    """``R.DOC_NUMBER.finditer(text)``, matched only at the first digit of the number
    before each "/" and "-" (SEPARATOR_AT, NUMBER_BEFORE_SEPARATOR): a number starts at the
    first digit of its run, as its lookbehind says (the digit of a ".3" part or of the run
    after the first is not one), and its first separator follows its digits, letter and
    spaces.  Text without a separator costs a memchr.

    Examples
    --------
    >>> [m[0] for m in doc_numbers("Căn cứ Kết luận 114-KL/TW và Nghị định 04/2015/NĐ-CP;")]
    ['114-KL/TW', '04/2015/NĐ-CP']
    """
    found = []
    before = R.NUMBER_BEFORE_SEPARATOR.search
    for sep in R.SEPARATOR_AT[0], R.SEPARATOR_AT[1]:
        for c in sep.finditer(text):
            at = c.start()
            # A number's first digit stands at most 12 characters before its separator:
            # five digits, ".12", a space and a letter, two spaces.
            if (n := before(text, max(0, at - 13), at)) is not None:
                found.append(n.start())
    found.sort()
    return matches_at(R.DOC_NUMBER, text, found, len(text))


def sentence_ends(text: str, pos: int) -> Iterator[int]:
    """Where each SENTENCE_END match from *pos* on starts: what ``finditer`` gives (its
    matches are one character long, so every position where it matches), found from the
    candidates of SENTENCE_END_AT."""
    last = -1
    for c in R.SENTENCE_END_AT.finditer(text, pos):
        i = c.start()
        ch = text[i]
        if ch == "C":  # "Căn cứ": the candidate is the character before it
            i -= 1
            if i < pos or i == last:
                continue
        # A table cell's bar and a blank line always end one (the commonest ends of dense
        # text): no need to ask the pattern.
        if ch == "|" or text.startswith("\n\n", i) or R.SENTENCE_END.match(text, i):
            last = i
            yield i


def last_sentence_end(text: str, lo: int, pos: int) -> int | None:
    """The last SENTENCE_END match in ``[lo, pos)``, looked for backwards from *pos*: the
    start of the sentence that holds *pos* costs the candidates between them, not those of
    the sentences before (which ``sentence_ends(text, lo)`` would walk through).

    Examples
    --------
    >>> last_sentence_end("Một câu. Hai câu; ba", 0, 18)
    7
    """
    # The candidate's lookahead may read a "Căn" that runs past *pos*.
    for c in R.SENTENCE_END_BACK.finditer(text, lo, min(len(text), pos + 3)):
        i = c.start()
        if i < pos and (text[i] == "|" or text.startswith("\n\n", i) or R.SENTENCE_END.match(text, i)):
            return i
    return None
