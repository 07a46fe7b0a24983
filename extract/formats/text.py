"""Plain text and markdown: UTF-8 (with or without BOM) and UTF-16 (with BOM)."""
from __future__ import annotations

import codecs

from .model import Decoded, UnreadableError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    # NUL bytes never occur in UTF-8 prose; a few control bytes in the first block mean
    # an executable, an image or an archive rather than a text with a stray character.
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 50 + 1


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode bytes of a .txt/.md file.

    Examples
    --------
    >>> decode_text("Chỉ thị số 33/CT-TTg".encode("utf-16")).text
    'Chỉ thị số 33/CT-TTg'
    """
    if not data.strip():
        raise UnreadableError("empty file")
    if encoding:
        try:
            return Decoded(data.decode(encoding), "text", encoding)
        except (LookupError, UnicodeDecodeError) as err:
            raise UnreadableError(f"cannot decode as {encoding}: {err}") from err
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), "text", name)
            except UnicodeDecodeError as err:
                raise UnreadableError(f"broken {name} text: {err.reason} at byte {err.start}") from err
    if _looks_binary(data):
        raise UnreadableError("binary file (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "text", "utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableError(
            f"not UTF-8 or UTF-16 (invalid byte 0x{data[err.start]:02x} at offset {err.start}); "
            "pass --encoding"
        ) from err
