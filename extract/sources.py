"""Where texts come from: files, folders (recursive) and stdin."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .formats import CATALOGUE_SUFFIXES, SUPPORTED_SUFFIXES, UnreadableError, decode_document, read_document
from .formats.catalogue import is_graph_file


@dataclass
class Source:
    doc: str          # name in the output: path relative to the folder given, or the file name
    path: str
    text: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()


def iter_files(paths: list[str], errors: list[str] | None = None) -> Iterator[tuple[str, Path | None]]:
    """(name, path) for every input; folders are walked in sorted order, ``-`` is stdin.

    A folder's documents and catalogues are read; a graph file in it (a ``.json`` that
    ``vbgraph build`` wrote) is not a catalogue, and is passed over.  A folder that cannot
    be listed (no permission) is one line in *errors*, never skipped in silence: its files
    would be missing from the graph with nothing said.
    """
    def unreadable(err: OSError) -> None:
        if errors is not None:
            errors.append(f"{err.filename}: cannot read folder ({err.strerror or err}); its files are missing")

    for p in paths:
        if p == "-":
            yield "<stdin>", None
            continue
        path = Path(p)
        if path.is_dir():
            for parts, full in sorted(_files_below(str(path), unreadable)):
                f = Path(full)
                if _readable(f):
                    yield "/".join(parts), f
        else:
            yield path.name, path


def _files_below(root: str, unreadable: Callable[[OSError], None]) -> list[tuple[tuple[str, ...], str]]:
    """Every file below *root* (symbolic links to files too, not links to folders) as
    ``(its path's parts below root, its path)``: sorted, the order of sorted paths.  One
    :func:`os.scandir` a folder, whose entries tell files from folders without a stat
    each: a corpus of 100,000 files is walked at every build."""
    found = []
    stack: list[tuple[tuple[str, ...], str]] = [((), root)]
    while stack:
        rel, top = stack.pop()
        try:
            with os.scandir(top) as entries:
                for e in entries:
                    if e.is_dir(follow_symlinks=False):
                        stack.append((rel + (e.name,), e.path))
                    elif e.is_file():
                        found.append((rel + (e.name,), e.path))
        except OSError as err:
            unreadable(err)
    return found


def _readable(f: Path) -> bool:
    suffix = f.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return True
    if suffix != ".json":
        return suffix in CATALOGUE_SUFFIXES
    try:
        with f.open("rb") as fh:
            return not is_graph_file(fh.read(200))
    except OSError:
        return True  # reading it again reports why


def read_stdin(name: str = "<stdin>", *, encoding: str | None = None) -> Source:
    """Read stdin as a text file; an error is a one-line message, never an exception.

    A corpus's files are read by :mod:`extract.corpus` itself (in its worker processes,
    keyed for the cache before decoding); stdin can only be read here, once.
    """
    data = sys.stdin.buffer.read()
    try:
        dec = decode_document(data, ".txt", encoding=encoding)
    except UnreadableError as err:
        return Source(name, "-", None, f"{name}: {err}")
    return Source(name, "-", dec.text, None, tuple(dec.warnings))


def read_source(name: str, path: Path | None, *, encoding: str | None = None) -> Source:
    """Read one input (``None``: stdin) on its own, as ``annotate`` does.

    Errors become a one-line message naming the file, never an exception.
    """
    if path is None:
        return read_stdin(name, encoding=encoding)
    if not path.exists():
        return Source(name, str(path), None, f"{path}: no such file")
    try:
        dec = read_document(path, encoding=encoding)
    except UnreadableError as err:
        return Source(name, str(path), None, f"{path}: {err}")
    return Source(name, str(path), dec.text, None, tuple(f"{path}: {w}" for w in dec.warnings))
