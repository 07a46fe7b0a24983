"""Incremental builds: a corpus that grows costs the files it grew by, not the corpus again.

A build with a cache leaves a *build state* in the cache folder, one per graph file
(``builds/<hash of the graph file's path>.state``, :mod:`marshal`): every input file as the
build read it (:class:`~extract.corpus.FileRecord`: name, path, size, times and inode, the
cache key of its bytes, its reader's warnings), the index of pass 1 of resolution
(:meth:`extract.resolve.Corpus.to_state`), the size, time and inode of the graph file it
wrote, and a hash of the code that made them.

The next build walks the inputs and compares (:func:`unchanged_prefix`).  When the files of
the state are all there, first in file order and unchanged, the new ones after them (a
corpus that grows by files whose names sort last: numbered or dated names), the build

- reads none of the old files: a file is unchanged when its size, times and inode are (one
  whose times fall within :data:`GRACE_NS` of the state's build, when a second write may
  have kept them, is hashed and compared with the key it had);
- extracts only the new files, and records their numbers into the saved index;
- checks that they change nothing an old file resolved with
  (:meth:`~extract.resolve.Corpus.changes_resolved`: a year, a most common spelling, a
  short form's or a title's candidates);
- adds the new documents to the previous graph file (:mod:`graph.append`): what they do
  not touch is copied, not parsed into a graph.

Anything else (a file removed, edited, or added before others in file order; a new file
that changes how an old one resolves; another extractor, encoding or input; a graph file
changed since) is a full build, which writes a fresh state.  Either way the graph file is
the one a full build writes, byte for byte.  Catalogues and stdin are always read in full
(no state is kept for such builds).
"""
from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from extract.cache import cache_key, extractor_fingerprint
from extract.corpus import FileRecord, file_stat
from extract.formats import CATALOGUE_SUFFIXES
from extract.resolve import Corpus, Resolver

from .exceptions import OutputError
from .store import atomic_write_bytes

#: Bumped when the state's layout changes.
FORMAT = 1

#: A file whose times are this close to (or after) the start of the build that read it
#: may have been written again within one tick of the file system's clock, its times
#: unchanged: it is hashed rather than trusted.
GRACE_NS = 2_000_000_000


@dataclass
class BuildState:
    """What a build leaves for the next one (see the module docstring)."""

    settings: tuple            # the inputs as given (absolute) and the --encoding
    output: tuple              # size, mtime_ns, inode of the graph file written
    layout: dict               # its fields' byte ranges (graph.store.write_fields)
    started: int               # time.time_ns() before the build walked its inputs
    files: list[FileRecord]
    corpus: tuple              # extract.resolve.Corpus.to_state()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code a state depends on: the extractor, resolution, the graph and its file."""
    h = hashlib.sha256(f"{FORMAT}|{extractor_fingerprint()}|{sys.version_info[:2]}".encode())
    root = Path(__file__).resolve().parents[1]
    for f in ("extract/resolve.py", "extract/corpus.py", "graph/model.py", "graph/store.py", "graph/incremental.py"):
        h.update((root / f).read_bytes() + b"\0")
    return h.hexdigest()


def settings_of(paths: Sequence[str], encoding: str | None) -> tuple | None:
    """The settings a state is valid for; None when the inputs take no state (stdin)."""
    if "-" in paths:
        return None
    return tuple(str(Path(p).resolve()) for p in paths), encoding or ""


def state_path(cache: Path, output: Path) -> Path:
    """Where the state of the graph file *output* lives in the cache folder *cache*."""
    name = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:24]
    return Path(cache) / "builds" / f"{name}.state"


def output_identity(output: Path) -> tuple:
    st = Path(output).stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def load_state(path: Path, settings: tuple, output: Path) -> BuildState | None:
    """The state at *path* if it was made by this code, for these *settings*, and the graph
    file *output* is still the one it wrote; else None (a full build)."""
    try:
        fingerprint, *values = marshal.loads(Path(path).read_bytes())
        state = BuildState(*values)
        if fingerprint != code_fingerprint() or state.settings != settings or state.output != output_identity(output):
            return None
        state.files = [FileRecord(*f) for f in state.files]
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return state


def save_state(path: Path, state: BuildState) -> None:
    """Write *state* atomically (its folder made if missing).

    Raises
    ------
    OutputError
        It cannot be written: the graph file stands, and the next build is a full one.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    values = (code_fingerprint(), state.settings, state.output, state.layout, state.started,
              [_record_values(f) for f in state.files], state.corpus)
    atomic_write_bytes(Path(path), marshal.dumps(values))


#: A FileRecord's fields in order, as plain values (dataclasses.astuple deep-copies each).
_record_values = attrgetter(*(f.name for f in fields(FileRecord)))


def takes_state(files: Sequence[tuple[str, Path | None]]) -> bool:
    """Whether a build of *files* keeps a state: not for stdin, nor catalogues (a row is
    a document, and rows are read from their file every time)."""
    return all(p is not None and p.suffix.lower() not in CATALOGUE_SUFFIXES for _, p in files)


def unchanged_prefix(state: BuildState, files: Sequence[tuple[str, Path | None]], encoding: str | None) -> int:
    """How many files of the state lead *files* unchanged: ``len(state.files)`` when an
    incremental build can take them over, else 0."""
    old = state.files
    if not old or len(files) < len(old) or not takes_state(files):
        return 0
    fingerprint = extractor_fingerprint()
    for rec, (name, path) in zip(old, files):
        if rec.name != name or rec.path != str(path):
            return 0
        try:
            stat = file_stat(rec.path)
        except OSError:
            return 0
        if tuple(stat) != tuple(rec.stat):
            return 0
        if max(stat[1], stat[2]) >= state.started - GRACE_NS:
            # Written too close to the build that read it for its times to tell: hash it.
            if rec.key is None or cache_key(path.read_bytes(), path.suffix, encoding, fingerprint) != rec.key:
                return 0
    return len(old)


def resumed_resolver(state: BuildState) -> Resolver:
    """A resolver holding the state's corpus index, watching what new files change in it."""
    resolver = Resolver()
    resolver.corpus = Corpus.from_state(state.corpus)
    resolver.corpus.watch()
    return resolver


def write_state(path: Path, settings: tuple, started: int, files: list[FileRecord], corpus: Corpus,
                output: Path, layout: dict) -> str | None:
    """Save the state of the build that wrote *output* (of *layout*); a warning line if it cannot be."""
    try:
        save_state(path, BuildState(settings, output_identity(output), layout, started, files, corpus.to_state()))
    except (OutputError, OSError) as err:
        return f"{path}: cannot save the build state ({err}); the next build reads every file"
    return None


def forget_state(path: Path) -> None:
    """Remove a state that no longer describes its graph file."""
    Path(path).unlink(missing_ok=True)
