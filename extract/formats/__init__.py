"""Turn a file on disk into text: the only place that knows about file formats and encodings.

Every reader returns a :class:`Decoded`; a file that cannot be read raises
:class:`UnreadableError` with a one-line reason (the caller adds the file name).
"""
from __future__ import annotations

from pathlib import Path

from .model import Decoded, UnreadableError
from .text import decode_text

__all__ = ["Decoded", "UnreadableError", "read_document", "SUPPORTED_SUFFIXES"]

#: suffix -> reader(data, encoding) ; encoding is the user's override or None
_READERS = {
    ".txt": decode_text,
    ".md": decode_text,
}

SUPPORTED_SUFFIXES = frozenset(_READERS)


def read_document(path: Path, *, encoding: str | None = None) -> Decoded:
    """Read *path* and return its text.

    Parameters
    ----------
    path : Path
        A file whose suffix is in :data:`SUPPORTED_SUFFIXES`.
    encoding : str, optional
        Overrides encoding detection for text formats.

    Raises
    ------
    UnreadableError
        The file is binary, empty, truncated or in an unknown encoding.
    """
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableError(err.strerror or str(err)) from err
    return reader(data, encoding)
