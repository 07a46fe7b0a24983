"""Bytes to str for plain text, markdown and HTML: Unicode encodings first, then legacy Vietnamese."""
from __future__ import annotations

import codecs
import re
import unicodedata

from . import legacy
from .model import Decoded, EmptyDocument, UnreadableError

__all__ = ["decode_text", "decode_bytes", "decode_as"]

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_WESTERN_DEFAULTS = {"iso88591", "latin1", "windows1252", "cp1252", "usascii", "ascii"}


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _utf16_without_bom(head: bytes) -> str | None:
    # Notepad's "Unicode" without BOM: ASCII letters leave a NUL in every other byte.
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.02 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    # NUL bytes never occur in 8-bit prose; a few control bytes in the first block mean
    # an executable, an image or an archive rather than a text with a stray character.
    if head.count(0) > len(head) // 100:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) // 50 + 1


# Control bytes that prose does not hold: all below 32 but tab, line ends, form feed, ESC.
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or (13 < b and b != 27))


def decode_as(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    """Decode with the user's choice of encoding: a Python codec, 'tcvn3' or 'vni'.

    Raises
    ------
    UnreadableError
        Unknown codec, or bytes invalid in it.
    """
    if legacy.is_legacy(encoding):
        name = legacy.canonical(encoding)
        return legacy.decode(data, name), name, []
    try:
        text = data.decode(encoding)
    except LookupError as err:
        raise UnreadableError(
            f"unknown encoding {encoding!r} (try utf-8, utf-16, cp1258, tcvn3, vni)"
        ) from err
    except UnicodeDecodeError as err:
        raise UnreadableError(
            f"cannot decode as {encoding}: {err.reason} at byte {err.start}"
        ) from err
    # cp1258 keeps tone marks as separate combining characters
    return unicodedata.normalize("NFC", text), encoding, []


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Detect the encoding of *data* and decode it.

    Order: BOM, UTF-16 without BOM, UTF-8, *declared* (an HTML meta charset),
    then the legacy Vietnamese encoding that reads best, then Windows-1252.

    Parameters
    ----------
    data : bytes
        Not empty.
    declared : str, optional
        Charset the file claims; trusted only when the bytes are not valid UTF-8.

    Returns
    -------
    (text, encoding, warnings)

    Raises
    ------
    UnreadableError
        Binary data, or broken UTF-16/32.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, []
            except UnicodeDecodeError as err:
                raise UnreadableError(f"broken {name} text: {err.reason} at byte {err.start}") from err
    warnings: list[str] = []
    stripped = data.rstrip(b"\x00")
    if len(stripped) < len(data) and len(data) - len(stripped) > 1:
        # downloads cut short are often padded with zeros to their announced size
        warnings.append(f"{len(data) - len(stripped)} trailing NUL bytes ignored (file cut short?)")
        data = stripped
    head = data[:65536]
    utf16 = _utf16_without_bom(head)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16, warnings + ["UTF-16 without BOM"]
    if _looks_binary(head):
        raise UnreadableError("binary file (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    # Legacy 8-bit text almost never forms valid multi-byte UTF-8 sequences, so many
    # valid ones around a few bad bytes mean a UTF-8 file with stray bytes (a pasted
    # Windows-1252 quote, a cut at the end), not a file to read as mojibake.
    if valid >= 20 * bad:
        return text, "utf-8", warnings + [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    if declared and legacy.is_legacy(declared):
        name = legacy.canonical(declared)
        return legacy.decode(data, name), name, warnings + [legacy.warning_for(name)]
    # Editors wrote a Western default charset into pages typed in TCVN3, VNI or
    # Windows-1258: such a declaration says nothing, the scoring below decides.
    if declared and _norm(declared) not in _WESTERN_DEFAULTS:
        try:
            return unicodedata.normalize("NFC", data.decode(declared)), declared, warnings
        except (LookupError, UnicodeDecodeError):
            pass
    guessed = legacy.guess(data)
    if guessed is not None:
        text, name = guessed
        return text, name, warnings + [legacy.warning_for(name)]
    text = data.decode("cp1252", errors="replace")
    return text, "cp1252", warnings + [legacy.warning_for("cp1252")]


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode bytes of a .txt/.md file.

    Examples
    --------
    >>> decode_text("Chỉ thị số 33/CT-TTg".encode("utf-16")).text
    'Chỉ thị số 33/CT-TTg'
    >>> decoded = decode_text(b"Ch\\xd8 th\\xde s\\xe8 33/CT-TTg")
    >>> decoded.text, decoded.encoding
    ('Chỉ thị số 33/CT-TTg', 'tcvn3')
    """
    if not data.strip():
        raise EmptyDocument("empty file")
    text, name, warnings = decode_as(data, encoding) if encoding else decode_bytes(data)
    if not text.strip():
        raise EmptyDocument("empty file")
    return Decoded(text, "text", name, warnings)


_TAGS = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(data: bytes) -> bool:
    """True when *data* starts like an HTML page (used to spot misnamed files)."""
    return _TAGS.match(data[:4096].lstrip(codecs.BOM_UTF8)) is not None
