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

# Combining marks after their base letter (NFD): "khóa" written k h o a U+0301.  Only
# searched in text that is not NFC; the base letter is the character before the run.
MARKS = regex.compile(r"\p{M}+")

# Old tone placement at the end of a syllable: "khoá" · "Uỷ" (not "quý")
OLD_TONE = regex.compile(r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\p{L})")

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


def _edits(text: str) -> list[tuple[int, int, int, str]]:
    """Every change clean() makes to *text*: ``(start, rank, end, replacement)``, sorted.

    ``rank`` orders two triggers that start at the same place, in the order of the patterns above.
    """
    edits = []
    # Substring tests first: most files have no footnotes or headings, and `in` is far
    # cheaper than a scan that finds nothing.
    if "<sup>" in text:
        edits += [(m.start(), 0, m.end(), " ") for m in SUP.finditer(text)]
    if "#" in text:
        edits += [(m.start(), 1, m.end(), "") for m in HEADING.finditer(text)]
    if not unicodedata.is_normalized("NFC", text):
        edits += [(m.start() - 1, 2, m.end(), unicodedata.normalize("NFC", text[m.start() - 1:m.end()]))
                  for m in MARKS.finditer(text) if m.start() > 0]
    # Mixed case ("hoÀ") has no modern spelling in the table and stays as written.
    edits += [(m.start(), 3, m.end(), _OLD_TONE.get(m.group(), m.group())) for m in OLD_TONE.finditer(text)]
    edits += [(m.start(), 4, m.end(), _SINGLE[m.group()]) for m in SINGLE.finditer(text)]
    edits.sort()
    return edits


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
    out: list[str] = []
    offsets = OffsetMap()
    clean_pos = 0
    last = 0
    for start, _, end, rep in _edits(text):
        if start < last:
            # Inside an earlier change (a mark inside a footnote marker): the scan that
            # found the earlier one would have resumed after it.
            continue
        if start > last:
            offsets.add(clean_pos, last, start, True)
            out.append(text[last:start])
            clean_pos += start - last
        if rep:
            offsets.add(clean_pos, start, end, False)
            out.append(rep)
            clean_pos += len(rep)
        last = end
    if last < len(text) or not offsets.clean:
        offsets.add(clean_pos, last, len(text), True)
        out.append(text[last:])
    return CleanText("".join(out), text, offsets)
