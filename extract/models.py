"""The extraction model: plain dataclasses, from one mention in the text up to one document.

Mentions are what the text says (spans, surface, cue); references are the distinct
documents a file refers to, each gathering its mentions.  Spans are offsets into the
*original* text of the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from .vocab import written_code

Scope = Literal["central", "provincial"]
Level = Literal["central_party", "central_state", "provincial_party", "provincial_state", "district"]


@dataclass(frozen=True)
class DocNumber:
    """A parsed số ký hiệu.

    ``grammar`` is ``party`` (``114-KL/TW``), ``state`` (``33/CT-TTg``, ``04/2015/NĐ-CP``,
    ``41/CP``), ``era`` (``235-HĐBT``, ``61-CP``: a number and its issuer, no slash) or
    ``short`` (``Pháp lệnh số 34``: a number without its symbol).
    """

    raw: str
    n: str
    kind_code: str | None
    issuer_codes: tuple[str, ...]
    year: int | None
    grammar: Literal["party", "state", "era", "short"]

    @property
    def display(self) -> str:
        """The number as the text writes it, spelling folded only (DOMAIN.md §2): no
        spaces, and a code written all in lower case (a summary's ``tt-btttt``) in capitals.
        A code the text does not have is never added."""
        return _as_written(self.raw)


@lru_cache(maxsize=1 << 16)
def _as_written(raw: str) -> str:
    squeezed = "".join(raw.split())
    head = len(squeezed) - len(squeezed.lstrip("0123456789"))
    # The number's own letter suffix ("30a") stays as written; the codes after it as
    # :func:`extract.vocab.written_code` shows them.
    suffix = 1 if head < len(squeezed) and squeezed[head].islower() and squeezed[head + 1:head + 2] in "/-" else 0
    rest = squeezed[head + suffix:]
    return squeezed[:head + suffix] + "".join(map(written_code, _SEPARATED.split(rest)))


_SEPARATED = re.compile(r"([/-])")


@dataclass
class Date:
    year: int | None
    month: int | None
    day: int | None

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None


@dataclass
class Mention:
    """One place in a text that refers to a document."""

    kind: str | None                 # from the word before the number, else from the code
    kind_from_text: bool
    number: DocNumber | None         # None for named documents
    title: str | None                # canonical title of a named document
    start: int                       # clean-text offsets of the whole head (kind .. issuer)
    end: int
    number_start: int
    number_end: int
    date: Date | None = None
    issuer: str | None = None
    term: str | None = None
    subject: str | None = None
    place: str | None = None         # province named in the reference itself
    sentence: str = ""
    cue: str | None = None           # the cue text that governs this mention
    relation: str = "cites"          # relation from the citing document (top level only)
    parent: int | None = None        # index of the mention whose description holds this one
    nested_relation: str | None = None
    form: str = "full"               # full | short | kind_code_dropped | anaphora | named
    passive: bool = False            # "A được sửa đổi bởi B": B amends A, the link reversed
    span: tuple[int, int] = (0, 0)   # original-text span of the head
    surface: str = ""                # original text of the head


@dataclass
class Incomplete:
    surface: str
    why: str
    span: tuple[int, int]


@dataclass
class DocMeta:
    number: str | None = None
    kind: str | None = None
    date: str | None = None
    place: str | None = None
    title: str | None = None
    party: bool | None = None        # issued by a party body (None: cannot tell)
    year: int | None = None          # of the date, or alone ("Kế hoạch 121/KH-UBND năm 2025")
    central: bool | None = None      # issued by a central body (its header says so)


@dataclass
class Reference:
    """A distinct document referred to by one file, with all its mentions there."""

    key: str                        # identity key, see graph.identity
    number: str | None
    kind: str | None
    date: str | None
    year: int | None
    scope: Scope
    level: Level
    place: str | None
    issuer: str | None
    subject: str | None
    relations: set[str]
    mentions: list[Mention] = field(default_factory=list)
    title: str | None = None         # named documents
    resolved_from: str | None = None  # "short", "kind_code_dropped"...
    ambiguous: bool = False


@dataclass
class Link:
    source: str       # reference keys
    relation: str
    target: str
    evidence: Mention


@dataclass
class Extraction:
    """Everything extracted from one file."""

    doc: str                     # file name as given (relative to the input root)
    path: str
    meta: DocMeta
    mentions: list[Mention]
    incomplete: list[Incomplete]
    text_length: int = 0
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    # A catalogue row (extract.catalogue): its line in the file, its link and the issuer
    # its columns name; None for a document read in full.
    line: int | None = None
    url: str | None = None
    issuer: str | None = None
