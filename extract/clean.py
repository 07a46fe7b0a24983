"""Normalise raw text for matching, keeping a map back to the original offsets.

Real files mix NFC and NFD, en/em dashes, non-breaking spaces, the look-alike ``Ð``
(U+00D0) for ``Đ``, old tone placement (``khoá``/``Uỷ``), markdown emphasis and footnote
markers.  The patterns are written for one spelling; :func:`clean` produces it, and
:class:`OffsetMap` turns every span found in the clean text back into a span of the
original, so evidence always quotes what the file says.
"""
from __future__ import annotations

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

# One scan finds every place that needs changing; everything between is copied as is.
CLEAN_PATTERN = regex.compile(
    r"""
    (?P<sup><sup>[^<]{0,12}</sup>)                 # footnote marker: <sup>1</sup>, <sup>(1)</sup>
    | (?P<heading>(?m:^)[ \t]{0,3}\#{1,6}[ \t]+)   # markdown heading marks: "## **BÁO CÁO**"
    | (?P<decomposed>\P{M}\p{M}+)                  # base letter + combining marks (NFD)
    | (?P<oldtone>(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\p{L}))
    | (?P<single>[\u00d0\u00f0\u0189\u2010-\u2015\u2212\u00a0\u202f\u2007\u2009\u200a\u3000\u2002-\u2006\u2008\u200b-\u200d\ufeff\u00ad\u2060*\r])
    """,
    regex.VERBOSE,
)
# The same scan for text already in NFC (most files): no per-character look for marks.
CLEAN_PATTERN_NFC = regex.compile(CLEAN_PATTERN.pattern.replace(r"(?P<decomposed>\P{M}\p{M}+)", r"(?P<decomposed>(?!))"),
                                  regex.VERBOSE)


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


def _replacement(match: regex.Match) -> str:
    kind = match.lastgroup
    s = match.group()
    if kind == "sup":
        return " "
    if kind == "heading":
        return ""
    if kind == "decomposed":
        return unicodedata.normalize("NFC", s)
    if kind == "oldtone":
        return _OLD_TONE.get(s, s)
    return _SINGLE[s]


def clean(text: str) -> CleanText:
    """Normalise *text* for matching.

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
    pattern = CLEAN_PATTERN if not unicodedata.is_normalized("NFC", text) else CLEAN_PATTERN_NFC
    for m in pattern.finditer(text):
        if m.start() > last:
            offsets.add(clean_pos, last, m.start(), True)
            out.append(text[last:m.start()])
            clean_pos += m.start() - last
        rep = _replacement(m)
        if rep:
            offsets.add(clean_pos, m.start(), m.end(), False)
            out.append(rep)
            clean_pos += len(rep)
        last = m.end()
    if last < len(text) or not offsets.clean:
        offsets.add(clean_pos, last, len(text), True)
        out.append(text[last:])
    return CleanText("".join(out), text, offsets)
