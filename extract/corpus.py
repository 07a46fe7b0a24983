"""Extract a whole corpus: read every source, extract each text, resolve them together."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Extraction
from .pipeline import extract_text
from .resolve import ResolvedDocument, resolve_corpus
from .sources import iter_files, read_source


@dataclass
class CorpusResult:
    documents: list[ResolvedDocument]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_sources(paths: list[str], *, encoding: str | None = None, strict: bool = False,
                    progress: Callable[[str], None] | None = None) -> CorpusResult:
    """Extract every file under *paths* and resolve identities across all of them.

    A file that cannot be read is reported in ``errors`` (one line naming it) and the
    rest go on; with *strict*, reading stops at the first such file.

    Examples
    --------
    >>> r = extract_sources(["../shared/seeds"])  # doctest: +SKIP
    >>> len(r.documents), r.errors
    (5, [])
    """
    extractions: list[Extraction] = []
    errors: list[str] = []
    warnings: list[str] = []
    for name, path in iter_files(paths):
        src = read_source(name, path, encoding=encoding)
        if progress:
            progress(name)
        if src.error:
            errors.append(src.error)
            if strict:
                break
            continue
        warnings.extend(src.warnings)
        ex = extract_text(src.text, src.doc, src.path)
        ex.warnings = list(src.warnings)
        extractions.append(ex)
    return CorpusResult(resolve_corpus(extractions), errors, warnings)
