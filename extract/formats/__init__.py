"""Turn a file on disk into text: the only place that knows about file formats and encodings.

Every reader returns a :class:`Decoded`; a file that cannot be read raises
:class:`UnreadableError` with a one-line reason (the caller adds the file name).

========================  =============================================================
suffix                    reader
========================  =============================================================
.txt .md                  :mod:`.text`: UTF-8/16/32, then Windows-1258, TCVN3, VNI
.html .htm .xhtml         :mod:`.html`: visible text of the document container
.docx .docm               :mod:`.docx`: body, tables, headers, footers, footnotes
.pdf                      :mod:`.pdf`: text layer; scanned PDFs are refused
.doc .rtf                 refused with the reason (convert them to .docx)
========================  =============================================================

The content decides when it contradicts the name (a ``.pdf`` that is really an
HTML error page, a ``.doc`` that is really a .docx): the file is read as what it
is, with a warning.  All text leaves in NFC with ``\\n`` line ends.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .catalogue import CATALOGUE_SUFFIXES
from .clean import finish
from .model import Decoded, EmptyDocument, UnreadableError
from .text import decode_text, looks_like_html

__all__ = ["Decoded", "EmptyDocument", "UnreadableError", "read_document", "read_bytes", "decode_document", "SUPPORTED_SUFFIXES", "CATALOGUE_SUFFIXES", "MAX_BYTES"]

#: Files larger than this are refused: no document in an archive is that big, and
#: the readers hold the whole file plus its text in memory.
MAX_BYTES = 200 * 2**20

Reader = Callable[[bytes, str | None], Decoded]


def _read_docx(data: bytes, encoding: str | None) -> Decoded:
    from .docx import read_docx  # lxml is imported only when a .docx shows up

    return read_docx(data, encoding)


def _read_pdf(data: bytes, encoding: str | None) -> Decoded:
    from .pdf import read_pdf  # pdfminer takes ~0.2 s to import

    return read_pdf(data, encoding)


def _read_html(data: bytes, encoding: str | None) -> Decoded:
    from .html import read_html

    return read_html(data, encoding)


def _refuse_ole(data: bytes, encoding: str | None) -> Decoded:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableError("password-protected Office document; save it without a password")
    raise UnreadableError(
        "legacy Word 97-2003 .doc (binary) is not supported; convert it to .docx "
        "(libreoffice --headless --convert-to docx)"
    )


def _refuse_rtf(data: bytes, encoding: str | None) -> Decoded:
    raise UnreadableError("RTF is not supported; convert it to .docx (libreoffice --headless --convert-to docx)")


#: suffix -> reader(data, encoding) ; encoding is the user's override or None
_READERS: dict[str, Reader] = {
    ".txt": decode_text,
    ".md": decode_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".docx": _read_docx,
    ".docm": _read_docx,
    ".pdf": _read_pdf,
    ".doc": _refuse_ole,
    ".rtf": _refuse_rtf,
}

SUPPORTED_SUFFIXES = frozenset(_READERS)

_NAMES = {".pdf": "a PDF", ".docx": "a .docx (zip)", ".doc": "a Word 97-2003 .doc", ".rtf": "RTF", ".html": "an HTML page"}


def _sniff(data: bytes) -> str | None:
    """The format the bytes say they are, as a suffix, or None for plain text."""
    if b"%PDF-" in data[:1024]:
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".doc"
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    if looks_like_html(data):
        return ".html"
    return None


def _route(suffix: str, data: bytes) -> tuple[str, str | None]:
    sniffed = _sniff(data)
    same = {".htm": ".html", ".xhtml": ".html", ".docm": ".docx", ".md": ".txt"}.get(suffix, suffix)
    if sniffed is None or sniffed == same:
        return suffix, None
    # markup inside a .txt/.md is most likely meant as text; anything binary is not
    if sniffed == ".html" and same == ".txt":
        return suffix, None
    return sniffed, f"file named {suffix} is {_NAMES[sniffed]}; read as such"


def read_document(path: Path, *, encoding: str | None = None) -> Decoded:
    """Read *path* and return its text.

    Parameters
    ----------
    path : Path
        A file whose suffix is in :data:`SUPPORTED_SUFFIXES`.
    encoding : str, optional
        Overrides encoding detection for text and HTML: any Python codec, or
        'tcvn3' / 'vni' for the legacy font encodings (also 'cp1258').  For .docx
        and PDF only 'tcvn3' / 'vni' mean something: convert all text from them.

    Raises
    ------
    UnreadableError
        The file is binary, empty, too large (> :data:`MAX_BYTES`), truncated,
        scanned without a text layer, or in a format that is not supported.
    """
    return decode_document(read_bytes(path), path.suffix, encoding=encoding)


def read_bytes(path: Path) -> bytes:
    """The raw bytes of *path*, refused like :func:`read_document` refuses them.

    Split from decoding so that a caller can key a cache on the bytes before paying
    for the decoding.

    Raises
    ------
    UnreadableError
        Unsupported suffix (neither a document's nor a catalogue's), too large (> :data:`MAX_BYTES`), or an OS error.
    """
    if path.suffix.lower() not in _READERS and path.suffix.lower() not in CATALOGUE_SUFFIXES:
        raise UnreadableError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableError(f"file too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES >> 20} MB)")
        return path.read_bytes()
    except OSError as err:
        raise UnreadableError(err.strerror or str(err)) from err


def decode_document(data: bytes, suffix: str = ".txt", *, encoding: str | None = None) -> Decoded:
    """Decode bytes that came without a file (stdin) as if read from a file with *suffix*.

    Same detection, routing and normalisation as :func:`read_document`.

    Examples
    --------
    >>> decode_document(b"Ch\\xd8 th\\xde s\\xe8 33/CT-TTg").text
    'Chỉ thị số 33/CT-TTg'
    """
    suffix = suffix.lower()
    if suffix not in _READERS:
        raise UnreadableError(f"unsupported file type {suffix or '(none)'}")
    if len(data) > MAX_BYTES:
        raise UnreadableError(f"input too large ({len(data) / 2**20:.0f} MB; the limit is {MAX_BYTES >> 20} MB)")
    if not data or (len(data) < 65536 and not data.strip()):
        raise EmptyDocument("empty file")
    actual, note = _route(suffix, data)
    decoded = _READERS[actual](data, encoding)
    if note:
        decoded.warnings.insert(0, note)
    # a file decoded whole from a legacy encoding cannot hold legacy mojibake any more
    decoded.text = finish(decoded.text, decoded.warnings, repair=decoded.encoding not in ("tcvn3", "vni", "cp1258"))
    if not decoded.text.strip():
        raise EmptyDocument("no text")
    return decoded
