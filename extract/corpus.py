"""Extract a whole corpus: read every source, extract each text, resolve them together.

Reading and extracting are per file and run in a process pool (``jobs``); resolution is
corpus-wide and runs in this process, in file order, so the result never depends on
the number of processes.  Each file's extraction travels and waits as a compact blob
(:func:`extract.cache.encode_extraction`), which is also what the optional
:class:`~extract.cache.ExtractionCache` stores: a corpus of 100,000 files never sits
in memory as objects, and a rebuild extracts only the files whose bytes changed.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CacheReader, ExtractionCache, cache_key, decode_extraction, encode_extraction, extractor_fingerprint
from .formats import EmptyDocument, UnreadableError, decode_document, read_bytes
from .models import Extraction
from .pipeline import extract_text
from .resolve import ResolvedDocument, Resolver, contribution
from .sources import iter_files, read_stdin

#: Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 32

#: Files a worker takes at a time: large enough to amortise the hand-over, small enough
#: that the progress bar moves and the last chunks balance.
CHUNK = 16


def default_jobs() -> int:
    """The processes ``jobs=0`` means: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class FileOutcome:
    """What a worker sends back for one file: an encoded extraction or an error line."""

    name: str
    path: str
    blob: bytes | None = None
    error: str | None = None
    key: str | None = None       # cache key, when a cache is in use
    cached: bool = False         # the blob came from the cache
    corrupt: bool = False        # the cache's blob did not decode: recomputed
    warnings: list[str] = field(default_factory=list)   # the reader's, labelled with the path
    contributed: tuple | None = None   # pass 1 of resolution: extract.resolve.contribution


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0


class ResolvedDocuments(Sequence):
    """The corpus's documents, resolved on access from their blobs.

    Behaves like a list of :class:`~extract.resolve.ResolvedDocument` in file order;
    each access decodes and resolves afresh (the same answer every time), so iterating
    once over 100,000 documents holds one of them at a time.
    """

    def __init__(self, resolver: Resolver, entries: list[tuple[str, str, bytes]]) -> None:
        self._resolver = resolver
        self._entries = entries
        self.seconds = 0.0    # spent decoding and resolving, for ``build --timings``

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        t = time.perf_counter()
        name, path, blob = self._entries[i]
        ex, _ = _relabel(blob, name, path)
        doc = self._resolver.resolve(ex)
        self.seconds += time.perf_counter() - t
        return doc

    def __iter__(self) -> Iterator[ResolvedDocument]:
        return (self[i] for i in range(len(self)))


@dataclass
class CorpusResult:
    documents: Sequence[ResolvedDocument]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cache: CacheStats = field(default_factory=CacheStats)
    seconds: float = 0.0      # reading, extracting and the first pass of resolution


def extract_sources(paths: list[str], *, encoding: str | None = None, strict: bool = False,
                    progress: Callable[[str], None] | None = None, jobs: int = 1,
                    cache: ExtractionCache | None = None) -> CorpusResult:
    """Extract every file under *paths* and resolve identities across all of them.

    Parameters
    ----------
    paths : list of str
        Files, folders (walked recursively in sorted order) or ``-`` for stdin.
    encoding : str, optional
        Overrides the detection of text encodings.
    strict : bool
        Stop at the first file that cannot be read.
    progress : callable, optional
        Called with each file's name as its result arrives, in file order.
    jobs : int
        Processes that read and extract; 0 means :func:`default_jobs`.  Fewer than
        :data:`MIN_FILES_PER_JOB` files per process run here, without a pool.
    cache : ExtractionCache, optional
        Reuse and store per-file extractions by content.

    Returns
    -------
    CorpusResult
        ``documents`` in file order (resolved on access, see :class:`ResolvedDocuments`);
        ``errors``: one line per file or folder that could not be read (the rest go on);
        ``warnings``: the readers' notes, and one line per empty file (skipped).

    Examples
    --------
    >>> r = extract_sources(["../shared/seeds"])  # doctest: +SKIP
    >>> len(r.documents), r.errors  # doctest: +SKIP
    (5, [])
    """
    started = time.perf_counter()
    resolver = Resolver()
    entries: list[tuple[str, str, bytes]] = []
    result = CorpusResult(ResolvedDocuments(resolver, entries))
    items = list(iter_files(paths, result.errors))
    if strict and result.errors:
        items = []
    jobs = min(jobs or default_jobs(), max(1, len(items) // MIN_FILES_PER_JOB))
    fingerprint = extractor_fingerprint() if cache is not None else None
    for out in _outcomes(items, encoding, jobs, cache.path if cache is not None else None, fingerprint):
        if progress:
            progress(out.name)
        result.cache.corrupt += out.corrupt
        if out.error:
            result.errors.append(out.error)
            if strict:
                break
            continue
        if out.blob is None:  # an empty file: nothing to extract, nothing lost
            result.warnings.extend(out.warnings)
            continue
        if cache is not None:
            if out.cached:
                result.cache.hits += 1
            else:
                result.cache.misses += 1
                cache.put(out.key, out.blob)
        result.warnings.extend(out.warnings)
        resolver.record(out.name, out.contributed)
        entries.append((out.name, out.path, out.blob))
    if cache is not None:
        cache.flush()
    result.seconds = time.perf_counter() - started
    return result


def _relabel(blob: bytes, name: str, path: str) -> tuple[Extraction, list[str]]:
    """Decode *blob* as the extraction of the file *name* at *path* (the cache stores
    content only: the same bytes under another name share one entry)."""
    ex, warnings = decode_extraction(blob)
    ex.doc, ex.path = name, path
    ex.warnings = _labelled(warnings, path)
    return ex, ex.warnings


def _labelled(warnings: Sequence[str], path: str) -> list[str]:
    return [f"{path}: {w}" if path != "-" else w for w in warnings]


def _outcomes(items: list[tuple[str, Path | None]], encoding: str | None, jobs: int,
              cache_path: Path | None, fingerprint: str | None) -> Iterator[FileOutcome]:
    """Each file's outcome, in file order, from a pool of *jobs* processes or from here."""
    files = [(name, str(path)) for name, path in items if path is not None]
    if jobs <= 1:
        reader = CacheReader(cache_path) if cache_path else None
        outcomes = (_extract_file(name, path, encoding, reader, fingerprint) for name, path in files)
    else:
        outcomes = _pooled(jobs, files, (encoding, cache_path, fingerprint))
    try:
        for name, path in items:
            yield _extract_stdin(name, encoding) if path is None else next(outcomes)
    finally:
        outcomes.close()


class WorkerDied(RuntimeError):
    """A worker process died (killed, out of memory) with files still to return."""


def _pooled(jobs: int, files: list[tuple[str, str]], settings: tuple) -> Iterator[FileOutcome]:
    # spawn, not fork: the parent runs a progress-bar thread, and a fork copies the locks
    # that thread may hold.  Spawned workers import this checkout's modules (the parent's
    # sys.path), whatever the current folder, at a cost of about a second once per run.
    # An executor, not multiprocessing.Pool: a Pool whose worker is killed waits forever
    # for that worker's files; an executor fails them at once.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=settings)
    try:
        yield from pool.map(_work, files, chunksize=CHUNK)
    except BrokenProcessPool as err:
        raise WorkerDied("a worker process died before returning its files (killed, or out of memory?); "
                         "what was read is in the cache: run again, or with fewer --jobs") from err
    finally:
        # Normal end or an early stop (--strict): what is queued is dropped, no worker
        # outlives the run.
        pool.shutdown(wait=True, cancel_futures=True)


# A worker's settings, set once by the pool's initializer.
_worker: dict = {}


def _init_worker(encoding: str | None, cache_path: Path | None, fingerprint: str | None) -> None:
    _worker.update(encoding=encoding, reader=CacheReader(cache_path) if cache_path else None,
                   fingerprint=fingerprint)


def _work(item: tuple[str, str]) -> FileOutcome:
    return _extract_file(item[0], item[1], _worker["encoding"], _worker["reader"], _worker["fingerprint"])


def _extract_file(name: str, path: str, encoding: str | None, reader: CacheReader | None,
                  fingerprint: str | None) -> FileOutcome:
    """Read one file and extract it, or take its extraction from the cache."""
    p = Path(path)
    if not p.exists():
        return FileOutcome(name, path, error=f"{path}: no such file")
    try:
        data = read_bytes(p)
    except UnreadableError as err:
        return FileOutcome(name, path, error=f"{path}: {err}")
    key = cache_key(data, p.suffix, encoding, fingerprint) if fingerprint else None
    corrupt = False
    if reader is not None:
        blob = reader.get(key)
        if blob is not None:
            try:
                ex, warnings = _relabel(blob, name, path)
            except ValueError:
                corrupt = True  # recomputed as if it were not cached
            else:
                return FileOutcome(name, path, blob, key=key, cached=True, warnings=warnings,
                                   contributed=contribution(ex))
    try:
        dec = decode_document(data, p.suffix, encoding=encoding)
    except EmptyDocument as err:
        return FileOutcome(name, path, warnings=[f"{path}: {err}; skipped"], corrupt=corrupt)
    except UnreadableError as err:
        return FileOutcome(name, path, error=f"{path}: {err}", corrupt=corrupt)
    return _extracted(name, path, dec.text, dec.warnings, key=key, corrupt=corrupt)


def _extracted(name: str, path: str, text: str, warnings: Sequence[str], **outcome) -> FileOutcome:
    """The outcome of extracting *text*: its blob, and pass 1 of resolution done here,
    in the worker, rather than in the one process that resolves the whole corpus."""
    ex = extract_text(text, name, path)
    blob = encode_extraction(ex, tuple(warnings))  # before contribution() fills in anaphora
    return FileOutcome(name, path, blob, warnings=_labelled(warnings, path), contributed=contribution(ex), **outcome)


def _extract_stdin(name: str, encoding: str | None) -> FileOutcome:
    src = read_stdin(name, encoding=encoding)
    if src.error:
        return FileOutcome(name, src.path, error=src.error)
    return _extracted(name, src.path, src.text, src.warnings)
