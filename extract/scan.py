"""Fast scans that find what a pattern's own ``finditer`` finds.

A pattern that may start at many positions (a leading lookbehind, a case-insensitive
alternation, a class of every space) is tried by the ``regex`` engine at each of them.  Here
a short candidate pattern of the standard library's engine, which skips through the text
in C, finds the few places where a match can start, and the pattern is matched there.
Every scan is checked against the pattern's finditer in tests/test_regexes.py and
tests/test_properties.py.
"""
from __future__ import annotations

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
