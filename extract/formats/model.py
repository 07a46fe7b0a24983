"""What a reader hands back."""
from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableError(Exception):
    """A file that yields no text; the message is one line, without the file name."""


class EmptyDocument(UnreadableError):
    """A file with nothing in it (no bytes, only blanks, a page or .docx with no text):
    nothing is lost by skipping it, so a corpus reports it as a warning, not an error."""


@dataclass
class Decoded:
    """Text of one file.

    Attributes
    ----------
    text : str
        NFC, ``\\n`` line ends, no control or invisible characters.
    format : str
        'text', 'html', 'docx' or 'pdf'.
    encoding : str or None
        What the bytes were decoded from ('utf-8', 'cp1258', 'tcvn3', 'vni'...);
        None for .docx and PDF, which carry Unicode themselves.
    warnings : list of str
        One line each: legacy decodings ("decoded as TCVN3 ...; check the text"),
        repaired bytes, pages without a text layer, misnamed files.
    """

    text: str
    format: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
