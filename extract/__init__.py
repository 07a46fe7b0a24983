"""vbgraph extraction: text → mentions → resolved references.

Public API::

    extract_text(text, doc)          one document, pure
    extract_sources(paths)           files/folders/stdin → resolved documents + errors
    resolve_corpus(extractions)      corpus-wide identities (short forms, undated mentions)
    document_record(resolved)        the gold-shaped record of one document
"""
from .output import document_record
from .pipeline import extract_text
from .resolve import ResolvedDocument, resolve_corpus
from .corpus import extract_sources

__all__ = ["extract_text", "extract_sources", "resolve_corpus", "document_record", "ResolvedDocument"]
