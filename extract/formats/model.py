"""What a reader hands back."""
from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableError(Exception):
    """A file that yields no text; the message is one line, without the file name."""


@dataclass
class Decoded:
    text: str
    format: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
