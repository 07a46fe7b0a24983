"""Pre-Unicode Vietnamese encodings: Windows-1258 and the TCVN3 (ABC) and VNI font encodings.

Until about 2005 most Vietnamese state documents were typed in 8-bit fonts:
TCVN3 (TCVN 5712:1993 "VN3", fonts ``.VnTime``, ``.VnArial``...) and VNI
(``VNI-Times``...).  Their bytes are ordinary Windows-1252 text whose glyphs the
font redraws as Vietnamese letters, so without the font they read as mojibake
(``ChØ thÞ`` = "Chỉ thị").  Files keep those bytes; .docx and PDF files keep the
same mojibake as Unicode characters (U+00B8 for TCVN3 "á"...).

Both tables work on that mojibake *text*: a byte is first read as Windows-1252
(Latin-1 where 1252 leaves a hole), then translated.  The byte values follow the
VnConv tables of UniKey (the converter Vietnamese offices use) and were checked
letter by letter against them; ``tests/test_formats.py`` round-trips sentences.

TCVN3 has lowercase codes only for toned letters: an uppercase toned letter was typed
with the lowercase code in an uppercase font (``.VnTimeH``), so plain TCVN3 bytes
decode to lowercase there ("ñy ban" -> "ủy ban"); when the font is known
(.docx, PDF) the caller upper-cases.  :func:`_fix_caps` restores words typed
entirely in capitals.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from .vietnamese import sample, score

__all__ = [
    "LEGACY",
    "decode",
    "encode",
    "from_mojibake",
    "bytes_as_text",
    "guess",
    "font_encoding",
    "convert_run",
    "repair",
    "warning_for",
]

LEGACY = ("tcvn3", "vni")

_LABELS = {
    "tcvn3": "TCVN3 (legacy font encoding)",
    "vni": "VNI (legacy font encoding)",
    "cp1258": "Windows-1258",
    "cp1252": "Windows-1252 (not recognisably Vietnamese)",
}

_ALIASES = {
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "tcvn5712": "tcvn3", "vn3": "tcvn3",
    "vni": "vni", "vniwin": "vni", "vniwindows": "vni",
}

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
CIRCUMFLEX, BREVE = "\u0302", "\u0306"

# --- TCVN3 ----------------------------------------------------------------------
# The standard lists each vowel's five toned forms in the order grave, hook, tilde,
# acute, dot; only "i" (0xD9-0xDB unused) and the Ă/Â blocks break the run.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_LETTERS)
    for base, codes in _TCVN3_TONED.items():
        for code, mark in zip(codes, (GRAVE, HOOK, TILDE, ACUTE, DOT), strict=True):
            table[code] = unicodedata.normalize("NFC", base + mark)
    return table


# --- VNI ------------------------------------------------------------------------
# VNI writes a toned vowel as the plain ASCII vowel followed by one "mark" byte
# (which may also carry the circumflex or breve); the vowels that have no ASCII base
# (đ ơ ư, and the i/y forms) are single bytes.  Upper- and lowercase letters use
# different mark bytes (lower, upper).
_VNI_MARKS = {
    (0xF9, 0xD9): ACUTE, (0xF8, 0xD8): GRAVE, (0xFB, 0xDB): HOOK,
    (0xF5, 0xD5): TILDE, (0xEF, 0xCF): DOT,
    (0xE2, 0xC2): CIRCUMFLEX, (0xE1, 0xC1): CIRCUMFLEX + ACUTE,
    (0xE0, 0xC0): CIRCUMFLEX + GRAVE, (0xE5, 0xC5): CIRCUMFLEX + HOOK,
    (0xE3, 0xC3): CIRCUMFLEX + TILDE, (0xE4, 0xC4): CIRCUMFLEX + DOT,
    (0xEA, 0xCA): BREVE, (0xE9, 0xC9): BREVE + ACUTE, (0xE8, 0xC8): BREVE + GRAVE,
    (0xFA, 0xDA): BREVE + HOOK, (0xFC, 0xDC): BREVE + TILDE, (0xEB, 0xCB): BREVE + DOT,
}
_VNI_LETTERS = {
    (0xF1, 0xD1): "đ", (0xF4, 0xD4): "ơ", (0xF6, 0xD6): "ư",
    (0xED, 0xCD): "í", (0xEC, 0xCC): "ì", (0xE6, 0xC6): "ỉ", (0xF3, 0xD3): "ĩ",
    (0xF2, 0xD2): "ị", (0xEE, 0xCE): "ỵ",
}


def _vni_table() -> dict[int, str]:
    # Marks become combining characters and NFC composes them with the preceding
    # vowel: a context-free table that str.translate applies at C speed.
    table: dict[int, str] = {}
    for (lower, upper), marks in _VNI_MARKS.items():
        table[lower] = table[upper] = marks
    for (lower, upper), letter in _VNI_LETTERS.items():
        table[lower], table[upper] = letter, letter.upper()
    return table


_TABLES = {"tcvn3": _tcvn3_table(), "vni": _vni_table()}

# Bytes 0x80-0x9F are Windows-1252 punctuation in both fonts (quotes, dashes).
_C1_TO_CP1252 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def bytes_as_text(data: bytes) -> str:
    """Read bytes as the Windows would have shown them before the font redraws them."""
    return data.decode("latin-1").translate(_C1_TO_CP1252)


# A word that starts with a capital, holds a non-ASCII letter and no lowercase ASCII
# letter.  It starts with a character class (not \b) so that the regex engine can skip
# ahead in C: on a 50 MB file this is the difference between 2 s and 8 s.
_CAPS_WORD = re.compile(r"[A-ZĐ](?<![^\W\d_].)[^\W\d_a-z]*[^\x00-\x7f][^\W\d_a-z]*(?![^\W\d_])")
_CAPITALS = re.compile("[A-ZĐ]")


def _caps(match: re.Match[str]) -> str:
    word = match.group()
    if len(_CAPITALS.findall(word)) < 2:
        return word
    return word.upper()


def _fix_caps(text: str) -> str:
    # A TCVN3 word typed in capitals holds ASCII capitals plus lowercase codes for the
    # toned letters ("QUYÕT" -> "QUYếT").  Two capitals and no lowercase ASCII letter
    # mean the whole word was meant in capitals; "Sè" (Số) has only one, and stays.
    return _CAPS_WORD.sub(_caps, text)


def from_mojibake(text: str, encoding: str) -> str:
    """Convert text that holds legacy-font mojibake into Unicode NFC.

    Examples
    --------
    >>> from_mojibake("ChØ thÞ sè 33/CT-TTg", "tcvn3")
    'Chỉ thị số 33/CT-TTg'
    >>> from_mojibake("Nghò quyeát", "vni")
    'Nghị quyết'
    """
    enc = _ALIASES[_norm(encoding)]
    out = unicodedata.normalize("NFC", text.translate(_TABLES[enc]))
    return _fix_caps(out) if enc == "tcvn3" else out


def _charmap(encoding: str) -> dict[int, str]:
    # byte -> text in one table, so codecs.charmap_decode does the whole file in C
    table = _TABLES[encoding]
    return {b: table.get(ord(c), c) for b, c in enumerate(bytes_as_text(bytes(range(256))))}


_CHARMAPS = {enc: _charmap(enc) for enc in _TABLES}


def decode(data: bytes, encoding: str) -> str:
    """Decode *data* in a legacy Vietnamese encoding ('tcvn3', 'vni' or 'cp1258') to NFC."""
    name = _norm(encoding)
    if name in _ALIASES:
        enc = _ALIASES[name]
        text = unicodedata.normalize("NFC", codecs.charmap_decode(data, "strict", _CHARMAPS[enc])[0])
        return _fix_caps(text) if enc == "tcvn3" else text
    # cp1258 stores tone marks as combining characters after the base letter.
    return unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))


def _norm(encoding: str) -> str:
    return re.sub(r"[\s_\-.]", "", encoding.lower())


def is_legacy(encoding: str) -> bool:
    """True for the font encodings Python has no codec for."""
    return _norm(encoding) in _ALIASES


def canonical(encoding: str) -> str:
    """'ABC' -> 'tcvn3'; other names unchanged."""
    return _ALIASES.get(_norm(encoding), encoding)


def warning_for(encoding: str) -> str:
    """The one warning a legacy decoding adds to :class:`Decoded`."""
    return f"decoded as {_LABELS.get(canonical(encoding), encoding)}; check the text"


# --- encoding (tests and round trips) ---------------------------------------------
def _reverse_tables() -> dict[str, dict[str, bytes]]:
    reverse: dict[str, dict[str, bytes]] = {"tcvn3": {}, "vni": {}}
    for code, char in _TABLES["tcvn3"].items():
        reverse["tcvn3"][char] = bytes([code])
        # uppercase toned letters were typed with the lowercase code (see module doc)
        reverse["tcvn3"].setdefault(char.upper(), bytes([code]))
    vni = reverse["vni"]
    for (lower, upper), letter in _VNI_LETTERS.items():
        vni[letter], vni[letter.upper()] = bytes([lower]), bytes([upper])
    for base in "aeouyAEOUY" + "ơưƠƯ":
        base_code = vni.get(base, base.encode("latin-1") if base.isascii() else None)
        for (lower, upper), marks in _VNI_MARKS.items():
            char = unicodedata.normalize("NFC", base + marks)
            if len(char) == 1 and char not in vni:
                vni[char] = base_code + bytes([upper if base.isupper() else lower])
    return reverse


_REVERSE = _reverse_tables()


def encode(text: str, encoding: str) -> bytes:
    """Encode Unicode *text* in TCVN3 or VNI (the inverse of :func:`decode`).

    Characters with no code become ``?``; TCVN3 loses the case of toned capitals.

    Examples
    --------
    >>> decode(encode("Nghị quyết", "vni"), "vni")
    'Nghị quyết'
    """
    reverse = _REVERSE[_ALIASES[_norm(encoding)]]
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out += char.encode("ascii")
        elif char in reverse:
            out += reverse[char]
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                out += b"?"
    return bytes(out)


# --- detection ---------------------------------------------------------------------
def guess(data: bytes) -> tuple[str, str] | None:
    """Decode bytes that are not UTF-8 in the legacy encoding that reads most like Vietnamese.

    Returns
    -------
    (text, encoding) or None
        None when no candidate produces recognisable Vietnamese.
    """
    probe = sample(data)
    scores = {enc: score(decode(probe, enc)) for enc in ("cp1258", "tcvn3", "vni")}
    best = max(scores, key=scores.__getitem__)
    if scores[best] <= 0:
        return None
    return decode(data, best), best


_FONT_VNI = re.compile(r"vni[-_ ]", re.I)
_FONT_TCVN3 = re.compile(r"\.?vn(?!i)[a-z]", re.I)


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """Which legacy encoding a font name implies, and whether it is an all-caps font.

    Examples
    --------
    >>> font_encoding(".VnTimeH"), font_encoding("ABCDEF+VNI-Times"), font_encoding("Times New Roman")
    (('tcvn3', True), ('vni', False), (None, False))
    """
    if not font:
        return None, False
    base = font.split("+", 1)[-1].strip()  # PDF subset fonts: "ABCDEF+.VnTime"
    if _FONT_VNI.match(base):
        return "vni", False
    if _FONT_TCVN3.match(base):
        # ABC's capital fonts (.VnTimeH, .VnArialH) draw lowercase codes as capitals
        stem = re.split(r"[,\-]", base, maxsplit=1)[0].rstrip()
        return "tcvn3", len(stem) > 2 and stem.endswith("H") and stem[-2].islower()
    return None, False


def convert_run(text: str, encoding: str, upper: bool = False) -> tuple[str, bool]:
    """Convert a run of text set in a legacy font, unless it already reads as Unicode.

    Documents converted to Unicode often keep their old font names, so the font is a
    hint, not proof: the run is converted unless that makes it read worse.

    Returns
    -------
    (text, converted)
    """
    if text.isascii():
        return (text.upper() if upper else text), False
    converted = from_mojibake(text, encoding)
    if converted == text or score(converted) < score(text):
        return text, False
    return (converted.upper() if upper else converted), True


_SUSPECT = re.compile("[\u00a0-\u00ff]")
# Latin-1 characters Vietnamese never writes: the symbols and the letters outside its
# alphabet (ä ë ï ñ ö ø û …).  TCVN3 mojibake spells đ ư ơ ă à á … with the symbols, VNI
# mojibake spells đ ư and the tone marks with those letters, so a document with mojibake
# has them; genuine Vietnamese, whose every line is "suspect" (á, ê, ô are Latin-1), has
# none, and is passed over without scoring each of its lines twice per encoding.
_NEVER_VIETNAMESE = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8"
                               "\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8"
                               "\u00fb\u00fc\u00fe\u00ff]")


def repair(text: str) -> tuple[str, str | None]:
    """Re-decode lines of Unicode *text* that are legacy-font mojibake.

    Text copied out of TCVN3/VNI documents without the font conversion lands in
    .docx, PDF and HTML files as mojibake.  Each suspect line is converted only when
    the result scores better, so genuine Unicode lines (whose "á" is also a TCVN3
    code) stay as they are.

    Returns
    -------
    (text, warning or None)
    """
    if not _NEVER_VIETNAMESE.search(text):
        return text, None
    probe = [line for line in sample(text).splitlines() if _SUSPECT.search(line)]
    # The encoding that repairs the most probe lines; on a tie (TCVN3 also turns a VNI
    # line into something better than mojibake), the one whose repairs read best.
    best, best_rank = None, (0, 0)
    for enc in LEGACY:
        repaired = [new for line in probe if _improves(line, new := from_mojibake(line, enc))]
        rank = (len(repaired), sum(score(new) for new in repaired))
        if rank[0] and rank > best_rank:
            best, best_rank = enc, rank
    if best is None:
        return text, None
    changed = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SUSPECT.search(line):
            new = from_mojibake(line, best)
            if _improves(line, new):
                lines[i] = new
                changed += 1
    if not changed:
        return text, None
    return "\n".join(lines), f"{changed} line(s) re-decoded from {_LABELS[best]}; check the text"


def _improves(old: str, new: str) -> bool:
    # The gain must be clear and grow with how Vietnamese the line already reads: a
    # genuine Unicode line (high score) is never worth re-decoding, a line of
    # mojibake (score near or below zero) is.
    before = score(old)
    return score(new) - before >= max(2, before)
