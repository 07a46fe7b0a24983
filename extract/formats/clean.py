"""The last step every reader shares: one canonical form of text for the extractor."""
from __future__ import annotations

import re
import unicodedata

from . import legacy

__all__ = ["finish", "PAGE_NUMBER"]

#: a line that is only a page number: "2", "- 2 -", "Trang 2/5", "Page 2 of 5"
PAGE_NUMBER = re.compile(
    r"[-–—\s]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?[-–—\s]*", re.I
)

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl"}
# U+00A0 and the other fixed-width spaces: the extractor's patterns expect plain spaces
# ("số 33/CT-TTg" is often typed with a no-break space after "số").
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def finish(text: str, warnings: list[str], *, repair: bool = True) -> str:
    """Normalise *text*: NFC, LF line ends, no invisible or control characters.

    Parameters
    ----------
    text : str
    warnings : list of str
        Appended to when legacy-font mojibake is repaired.
    repair : bool
        Look for TCVN3/VNI mojibake lines (off when the caller already decoded
        the whole file from a legacy encoding).

    Examples
    --------
    >>> finish("Nghi\\u0323 quy\\u00ea\\u0301t\\r\\nsố\\u00a033", [])
    'Nghị quyết\\nsố 33'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    if repair:
        # before the soft hyphen goes: in TCVN3 mojibake U+00AD is the letter "ư"
        text, warning = legacy.repair(unicodedata.normalize("NFC", text))
        if warning:
            warnings.append(warning)
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_LIGATURES)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)
