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
from .catalogue import BadRow, CatalogueOptions, CatalogueRow, RowError, catalogue_rows, extract_row
from .formats import CATALOGUE_SUFFIXES, EmptyDocument, UnreadableError, decode_document, read_bytes
from .models import Extraction
from .pipeline import extract_text
from .resolve import ResolvedDocument, Resolver, contribution
from .sources import iter_files, read_stdin

#: Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 32

#: A catalogue row weighs this fraction of a file when choosing the number of processes:
#: a summary is a line where a document is pages, and 4,000 rows extract in two seconds
#: here, less than spawning a pool costs.
ROWS_PER_FILE = 100

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
    line: int | None = None      # a catalogue row's line in its file
    bad_row: bool = False        # *error* reports a catalogue row, not a file: the others load


@dataclass
class FileRecord:
    """One input file as a build read it: what an incremental build compares with the
    file on disk, and reuses when nothing changed (:mod:`graph.incremental`)."""

    name: str
    path: str
    stat: tuple[int, int, int, int]   # size, mtime_ns, ctime_ns, inode, after reading
    key: str | None                   # the cache key of its bytes (None: an empty file)
    documents: tuple[str, ...]        # the file itself, or nothing for an empty file
    warnings: tuple[str, ...]         # the reader's, labelled with the path


def file_stat(path: str) -> tuple[int, int, int, int]:
    """What tells a file changed without reading it (size, mtime_ns, ctime_ns, inode)."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


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

    def __init__(self, resolver: Resolver, entries: list[tuple[str, str, bytes, int | None]]) -> None:
        self._resolver = resolver
        self._entries = entries
        self.seconds = 0.0    # spent decoding and resolving, for ``build --timings``

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        t = time.perf_counter()
        name, path, blob, line = self._entries[i]
        ex, _ = _relabel(blob, name, path, line)
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
    rows: int = 0             # documents that are catalogue rows
    bad_rows: list[str] = field(default_factory=list)   # catalogue rows that are no document
    files: list[FileRecord] = field(default_factory=list)   # plain files (no catalogue, no stdin)


def extract_sources(paths: list[str], *, encoding: str | None = None, strict: bool = False,
                    progress: Callable[[str], None] | None = None, jobs: int = 1,
                    cache: ExtractionCache | None = None,
                    catalogue: CatalogueOptions | None = None) -> CorpusResult:
    """Extract every file under *paths* and resolve identities across all of them.

    A catalogue (.csv .tsv .jsonl .json .xlsx: :mod:`extract.catalogue`) is many
    documents, a row each, named ``<file name>:<line>``; everything else is one.

    Parameters
    ----------
    paths : list of str
        Files, folders (walked recursively in sorted order) or ``-`` for stdin.
    encoding : str, optional
        Overrides the detection of text encodings.
    strict : bool
        Stop at the first file (or catalogue row) that cannot be read.
    progress : callable, optional
        Called with each document's name as its result arrives, in file order.
    jobs : int
        Processes that read and extract; 0 means :func:`default_jobs`.  Fewer than
        :data:`MIN_FILES_PER_JOB` files per process run here, without a pool.
    cache : ExtractionCache, optional
        Reuse and store per-file (and per-row) extractions by content.
    catalogue : CatalogueOptions, optional
        Columns named by the user and the province of catalogue rows.

    Returns
    -------
    CorpusResult
        ``documents`` in file order (resolved on access, see :class:`ResolvedDocuments`);
        ``errors``: one line per file or folder that could not be read (the rest go on);
        ``bad_rows``: one line per catalogue row that is no document (no number, no date,
        a malformed line: the file's other rows load); ``warnings``: the readers' notes, and
        one line per empty file (skipped).

    Examples
    --------
    >>> r = extract_sources(["../shared/seeds"])  # doctest: +SKIP
    >>> len(r.documents), r.errors  # doctest: +SKIP
    (5, [])
    """
    errors: list[str] = []
    files = list(iter_files(paths, errors))
    return extract_files(files, errors, encoding=encoding, strict=strict, progress=progress, jobs=jobs,
                         cache=cache, catalogue=catalogue)


def extract_files(files: list[tuple[str, Path | None]], errors: list[str] | None = None, *,
                  encoding: str | None = None, strict: bool = False,
                  progress: Callable[[str], None] | None = None, jobs: int = 1,
                  cache: ExtractionCache | None = None, catalogue: CatalogueOptions | None = None,
                  resolver: Resolver | None = None) -> CorpusResult:
    """:func:`extract_sources` of the ``(name, path)`` pairs that :func:`~extract.sources.iter_files`
    gives, the lines of *errors* (folders that could not be listed) counted as its own.

    *resolver*, when given, already holds the rest of a corpus (an incremental build adds
    its new files to what the earlier build recorded); the documents returned are *files*'
    only, resolved against everything it holds.
    """
    started = time.perf_counter()
    catalogue_warnings: list[str] = []
    resolver = resolver or Resolver()
    entries: list[tuple[str, str, bytes, int | None]] = []
    result = CorpusResult(ResolvedDocuments(resolver, entries), errors=list(errors or ()),
                          warnings=catalogue_warnings)
    items = list(_units(iter(files), catalogue or CatalogueOptions(), encoding, catalogue_warnings))
    if strict and result.errors:
        items = []
    rows = sum(isinstance(u, CatalogueRow) for u in items)
    weight = len(items) - rows + rows // ROWS_PER_FILE
    jobs = min(jobs or default_jobs(), max(1, weight // MIN_FILES_PER_JOB))
    fingerprint = extractor_fingerprint() if cache is not None else None
    for out in _outcomes(items, encoding, jobs, cache.path if cache is not None else None, fingerprint):
        if progress:
            progress(out.name)
        result.cache.corrupt += out.corrupt
        if out.error:
            (result.bad_rows if out.bad_row else result.errors).append(out.error)
            if strict:
                break
            continue
        if out.line is None and out.path != "-":
            result.files.append(FileRecord(out.name, out.path, file_stat(out.path), out.key,
                                           () if out.blob is None else (out.name,), tuple(out.warnings)))
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
        entries.append((out.name, out.path, out.blob, out.line))
        result.rows += out.line is not None
    if cache is not None:
        cache.flush()
    result.seconds = time.perf_counter() - started
    return result


def _relabel(blob: bytes, name: str, path: str, line: int | None = None) -> tuple[Extraction, list[str]]:
    """Decode *blob* as the extraction of the file *name* at *path* (or of the row at
    *line* of it: the cache stores content only, the same bytes under another name or
    line share one entry)."""
    ex, warnings = decode_extraction(blob)
    ex.doc, ex.path, ex.line = name, path, line
    ex.warnings = _labelled(warnings, path)
    return ex, ex.warnings


def _labelled(warnings: Sequence[str], path: str) -> list[str]:
    return [f"{path}: {w}" if path != "-" else w for w in warnings]


#: What the corpus is made of, in file order: a file ``(name, path)``, stdin
#: ``(name, None)``, a catalogue row, or a row or catalogue that could not be read
#: (a :class:`FileOutcome` with its error line).
Unit = tuple[str, str | None] | CatalogueRow | FileOutcome


def _units(files: Iterator[tuple[str, Path | None]], catalogue: CatalogueOptions,
           encoding: str | None, warnings: list[str]) -> Iterator[Unit]:
    """*files* with each catalogue opened into its rows (read here, once: cheap beside
    extracting them, which the workers share row by row like files); the catalogues'
    reader warnings go to *warnings*."""
    for name, path in files:
        if path is None or path.suffix.lower() not in CATALOGUE_SUFFIXES:
            yield name, None if path is None else str(path)
            continue
        for row in catalogue_rows(name, path, catalogue, encoding=encoding, warnings=warnings):
            yield row if isinstance(row, CatalogueRow) else FileOutcome(
                name, str(path), error=row, bad_row=isinstance(row, RowError))


def _outcomes(items: list[Unit], encoding: str | None, jobs: int,
              cache_path: Path | None, fingerprint: str | None) -> Iterator[FileOutcome]:
    """Each unit's outcome, in file order, from a pool of *jobs* processes or from here."""
    work = [u for u in items if isinstance(u, CatalogueRow) or (isinstance(u, tuple) and u[1] is not None)]
    if jobs <= 1:
        reader = CacheReader(cache_path) if cache_path else None
        outcomes = (_extract_unit(u, encoding, reader, fingerprint) for u in work)
    else:
        outcomes = _pooled(jobs, work, (encoding, cache_path, fingerprint))
    try:
        for u in items:
            if isinstance(u, FileOutcome):
                yield u
            elif isinstance(u, tuple) and u[1] is None:
                yield _extract_stdin(u[0], encoding)
            else:
                yield next(outcomes)
    finally:
        outcomes.close()


class WorkerDied(RuntimeError):
    """A worker process died (killed, out of memory) with files still to return."""


def _pooled(jobs: int, files: list[Unit], settings: tuple) -> Iterator[FileOutcome]:
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


def _work(item: Unit) -> FileOutcome:
    return _extract_unit(item, _worker["encoding"], _worker["reader"], _worker["fingerprint"])


def _extract_unit(item: Unit, encoding: str | None, reader: CacheReader | None,
                  fingerprint: str | None) -> FileOutcome:
    if isinstance(item, CatalogueRow):
        return _extract_row(item, reader, fingerprint)
    return _extract_file(item[0], item[1], encoding, reader, fingerprint)


def _from_cache(reader: CacheReader | None, key: str | None, name: str, path: str,
                line: int | None = None) -> tuple[FileOutcome | None, bool]:
    """The outcome the cache holds under *key*, or None; and whether its blob was corrupt
    (then it is recomputed as if it were not cached)."""
    blob = reader.get(key) if reader is not None else None
    if blob is None:
        return None, False
    try:
        ex, warnings = _relabel(blob, name, path, line)
    except ValueError:
        return None, True
    return FileOutcome(name, path, blob, key=key, cached=True, warnings=warnings, contributed=contribution(ex),
                       line=line), False


def _extract_row(row: CatalogueRow, reader: CacheReader | None, fingerprint: str | None) -> FileOutcome:
    """Extract one catalogue row, or take its extraction from the cache (keyed by the
    row's content, so an edited catalogue extracts only its changed rows)."""
    key = cache_key(row.content().encode("utf-8", "surrogatepass"), ".row", None, fingerprint) if fingerprint else None
    cached, corrupt = _from_cache(reader, key, row.doc, row.path, row.line)
    if cached is not None:
        return cached
    try:
        ex = extract_row(row)
    except BadRow as err:
        return FileOutcome(row.doc, row.path, error=f"{row.path}:{row.line}: {err}", corrupt=corrupt, bad_row=True)
    blob = encode_extraction(ex)
    return FileOutcome(row.doc, row.path, blob, key=key, corrupt=corrupt, contributed=contribution(ex), line=row.line)


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
    cached, corrupt = _from_cache(reader, key, name, path)
    if cached is not None:
        return cached
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
