"""Normalise raw text for matching, keeping a map back to the original offsets.

Real files mix NFC and NFD, en/em dashes, non-breaking spaces, the look-alike ``Ð``
(U+00D0) for ``Đ``, old tone placement (``khoá``/``Uỷ``), markdown emphasis and footnote
markers.  The patterns are written for one spelling; :func:`clean` produces it, and
:class:`OffsetMap` turns every span found in the clean text back into a span of the
original, so evidence always quotes what the file says.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, cycle
from operator import lt

import regex

# Old-style tone placement at the end of a syllable ("hoà", "khoá", "Uỷ"): move the mark
# to the modern position so one pattern matches both.  "quý" keeps its mark: after q the
# u is part of the consonant.
_OLD_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_OLD_TONE.items())})
_OLD_TONE.update({k.upper(): v.upper() for k, v in list(_OLD_TONE.items())})

_SINGLE = {
    "\u00d0": "Đ", "\u00f0": "đ",          # Icelandic eth look-alikes
    "\u0189": "Đ",                          # African D
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "", "\u2060": "",
    "*": "",                                # markdown emphasis
    "\r": "",
}

# What clean() changes, one named pattern per trigger.  Each runs as its own scan and the
# hits are merged in text order: one alternation of them all was tried at every position
# of the text (4 MB/s), while each of these starts with a literal or a character class the
# engine skips to (100+ MB/s).  The merge finds what the alternation would: at one position
# the trigger listed first wins, a hit inside an earlier change is dropped, and no trigger
# can match again inside its own hit, so no hit is hidden from its scan.

# Footnote marker: "<sup>1</sup>" · "<sup>(1)</sup>"
SUP = regex.compile(r"<sup>[^<]{0,12}</sup>")

# Markdown heading marks: "## **BÁO CÁO**"
HEADING = regex.compile(r"(?m:^)[ \t]{0,3}\#{1,6}[ \t]+")

# Runs of combining marks after their base letter (NFD): "khóa" written k h o a U+0301.
# Only split on in text that is not NFC; the base letter is the character before the run.
# A split, not finditer: an NFD file has a run in most words, and the split makes the
# pieces in C where finditer made a match object for each.
MARKS = regex.compile(r"(\p{M}+)")

# Old tone placement at the end of a syllable: "khoá" · "Uỷ" (not "quý", not "hoàn").  Two
# character classes, which the standard library's engine skips to in C; _edits checks the
# rest (an o with an a/e tone or a u with a y tone, no q before it, no letter after it):
# with an alternation and those lookarounds the engine tried every position (a fifth of
# the speed).
OLD_TONE = re.compile("[oOuU][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")
_OLD_TONE_PAIRS = frozenset(o + v for o in "oO" for v in "àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ") | frozenset(
    u + v for u in "uU" for v in "ỳýỷỹỵỲÝỶỸỴ")


class _NFC(dict):
    """NFC of a base letter and its marks, remembered: an NFD file repeats a few hundred."""

    def __missing__(self, cluster: str) -> str:
        if len(self) > 10_000:
            self.clear()
        nfc = self[cluster] = unicodedata.normalize("NFC", cluster)
        return nfc


_NFC_OF = _NFC()

# One character replaced or dropped (see _SINGLE): "QÐ-UBND" · "**" · "\u00a0".  The
# standard library's engine: a bare character class with thousands of hits a corpus is
# where its lighter match objects pay (150 MB/s against 40).
SINGLE = re.compile("[" + "".join(map(re.escape, sorted(_SINGLE))) + "]")


@dataclass
class OffsetMap:
    """Piecewise map from clean-text offsets to original offsets.

    Each piece starts at ``clean[i]`` / ``orig[i]``; a *copied* piece maps one to one,
    a *replaced* piece maps every clean offset inside it to the original span
    ``orig[i] .. orig_end[i]``.
    """

    clean: list[int] = field(default_factory=list)
    orig: list[int] = field(default_factory=list)
    orig_end: list[int] = field(default_factory=list)
    copied: list[bool] = field(default_factory=list)

    def add(self, clean_pos: int, orig_pos: int, orig_end: int, copied: bool) -> None:
        self.clean.append(clean_pos)
        self.orig.append(orig_pos)
        self.orig_end.append(orig_end)
        self.copied.append(copied)

    def _piece(self, pos: int) -> int:
        return max(bisect_right(self.clean, pos) - 1, 0)

    def start(self, pos: int) -> int:
        """Original offset of the clean character at *pos*."""
        i = self._piece(pos)
        return self.orig[i] + (pos - self.clean[i]) if self.copied[i] else self.orig[i]

    def end(self, pos: int) -> int:
        """Original offset just after the clean character at ``pos - 1``."""
        if pos <= 0:
            return self.start(0) if self.clean else 0
        i = self._piece(pos - 1)
        return self.orig[i] + (pos - self.clean[i]) if self.copied[i] else self.orig_end[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


@dataclass
class CleanText:
    text: str
    original: str
    offsets: OffsetMap

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.original_span(start, end)
        return self.original[a:b]


def _edits(text: str) -> tuple[list[int], list[int], list[str]]:
    """Every change clean() makes to *text*, in text order: their starts, ends and
    replacements.  Two changes that start at one place come in the order of the patterns
    above.  Kept as columns, made with map and zip in C where there are many: an NFD file
    has a change in most words."""
    found = []  # (rank, starts, ends, replacements) of each trigger, in the order above
    # Substring tests first: most files have no footnotes or headings, and `in` is far
    # cheaper than a scan that finds nothing.
    if "<sup>" in text:
        found.append((0, *_columns((m.start(), m.end(), " ") for m in SUP.finditer(text))))
    if "#" in text:
        found.append((1, *_columns((m.start(), m.end(), "") for m in HEADING.finditer(text))))
    if not unicodedata.is_normalized("NFC", text):
        # The split alternates text and mark runs: a run ends where the next text begins.
        bounds = list(accumulate(map(len, MARKS.split(text))))
        ends = bounds[1::2]
        bases = list(map((1).__rsub__, bounds[0:len(ends) * 2:2]))  # the letter before each run
        if bases and bases[0] < 0:  # a run that opens the text has no letter: left as it is
            bases, ends = bases[1:], ends[1:]
        found.append((2, bases, ends, list(map(_NFC_OF.__getitem__, map(text.__getitem__, map(slice, bases, ends))))))
    # Mixed case ("hoÀ") has no modern spelling in the table and stays as written.
    found.append((3, *_columns((start, end, _OLD_TONE.get(pair, pair)) for m in OLD_TONE.finditer(text)
                               if (pair := m.group()) in _OLD_TONE_PAIRS
                               and ((start := m.start()) == 0 or text[start - 1] not in "qQ")
                               and not text[(end := m.end()):end + 1].isalpha())))
    found.append((4, *_columns((m.start(), m.end(), _SINGLE[m.group()]) for m in SINGLE.finditer(text))))
    found = [f for f in found if f[1]]
    if len(found) < 2:
        return found[0][1:] if found else ([], [], [])
    starts, ends, reps = (list(chain.from_iterable(f[i] for f in found)) for i in (1, 2, 3))
    # A start and a rank tell two changes apart: one trigger's changes never share a start.
    keys = list(chain.from_iterable(map(rank.__add__, map((8).__mul__, at)) for rank, at, _, _ in found))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return tuple(list(map(column.__getitem__, order)) for column in (starts, ends, reps))


def _columns(rows) -> tuple[list, list, list]:
    return tuple(map(list, zip(*rows))) or ([], [], [])


def clean(text: str) -> CleanText:
    """Normalise *text* for matching.

    Parameters
    ----------
    text : str
        Text as read from a file, in any Unicode normal form.

    Returns
    -------
    CleanText
        The normalised text, the original, and the map between their offsets.

    Examples
    --------
    >>> c = clean("Quyết định số 10/QÐ-UBND (khoá XI)")
    >>> c.text
    'Quyết định số 10/QĐ-UBND (khóa XI)'
    >>> c.original_slice(14, 24)
    '10/QÐ-UBND'
    """
    starts, ends, reps = _edits(text)
    if any(map(lt, starts[1:], ends)):
        # A change inside an earlier one (a mark inside a footnote marker) is dropped: the
        # scan that found the earlier one would have resumed after it.
        kept, last = [], 0
        for edit in zip(starts, ends, reps):
            if edit[0] >= last:
                kept.append(edit)
                last = edit[1]
        starts, ends, reps = _columns(kept)
    # Each change makes two pieces, the text copied before it and its replacement; an empty
    # piece is dropped.  Built with map, zip and compress, in C: an NFD file makes a piece
    # of most words.
    lasts = [0] + ends[:-1]
    pieces = list(chain.from_iterable(zip(map(text.__getitem__, map(slice, lasts, starts)), reps)))
    lengths = list(map(len, pieces))
    offsets = OffsetMap(list(accumulate(filter(None, lengths), initial=0)),
                        list(compress(chain.from_iterable(zip(lasts, starts)), lengths)),
                        list(compress(chain.from_iterable(zip(starts, ends)), lengths)),
                        list(compress(cycle((True, False)), lengths)))
    clean_pos = offsets.clean.pop()
    out = list(compress(pieces, lengths))
    last = ends[-1] if ends else 0
    if last < len(text) or not offsets.clean:
        offsets.add(clean_pos, last, len(text), True)
        out.append(text[last:])
    return CleanText("".join(out), text, offsets)
