"""Per-file extraction results cached by content, so a rebuild only extracts what changed.

An entry's key is the SHA-256 of the file's bytes, its suffix, the ``--encoding``
option and :func:`extractor_fingerprint` (a hash of the ``extract`` package's source),
so editing a file or any part of the extractor misses the cache and nothing stale is
ever read.  Entries live in one SQLite file (``extractions.sqlite`` in the cache
folder): one row per key, written in committed batches, so a run that crashes keeps
what it finished and the next run completes the rest.  A value that does not decode
(a torn page, a foreign file) counts as a miss and is recomputed, never an error.

Values are :func:`encode_extraction` blobs: the :class:`~extract.models.Extraction`
as nested tuples in field order, marshalled and zlib-compressed (its checksum catches
corruption).  They are also how :mod:`extract.corpus` holds a large corpus in memory
between the two passes of resolution, at a tenth of the size of the objects.
"""
from __future__ import annotations

import hashlib
import marshal
import sqlite3
import sys
import zlib
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from .models import Date, DocMeta, DocNumber, Extraction, Incomplete, Mention

#: Bumped when the blob layout changes; part of every key.
FORMAT = 1

#: The file inside a cache folder.
DB_NAME = "extractions.sqlite"


class _Codec:
    """Dataclass ⇄ tuple of its fields in declaration order, nested dataclasses too."""

    def __init__(self, cls: type, nested: dict[str, tuple[_Codec, bool]] | None = None) -> None:
        self.cls = cls
        self.names = tuple(f.name for f in fields(cls))
        self.get = attrgetter(*self.names)
        # (position, codec, is a list of them)
        self.nested = [(self.names.index(name), codec, many) for name, (codec, many) in (nested or {}).items()]

    def encode(self, obj) -> tuple:
        values = self.get(obj)
        if not self.nested:
            return values
        values = list(values)
        for i, codec, many in self.nested:
            v = values[i]
            values[i] = [codec.encode(x) for x in v] if many else (None if v is None else codec.encode(v))
        return tuple(values)

    def decode(self, values: tuple):
        if self.nested:
            values = list(values)
            for i, codec, many in self.nested:
                v = values[i]
                values[i] = [codec.decode(x) for x in v] if many else (None if v is None else codec.decode(v))
        obj = self.cls.__new__(self.cls)
        # Straight into __dict__: the models have no __post_init__, and this is several
        # times faster than __init__ for the million mentions of a large corpus.
        object.__setattr__(obj, "__dict__", dict(zip(self.names, values, strict=True)))
        return obj


_MENTION = _Codec(Mention, {"number": (_Codec(DocNumber), False), "date": (_Codec(Date), False)})
_EXTRACTION = _Codec(Extraction, {"meta": (_Codec(DocMeta), False), "mentions": (_MENTION, True),
                                  "incomplete": (_Codec(Incomplete), True)})


def encode_extraction(ex: Extraction, warnings: tuple[str, ...] = ()) -> bytes:
    """A compact, self-checking blob of *ex* and the reader's *warnings* about its file.

    Examples
    --------
    >>> from extract import extract_text
    >>> ex = extract_text("Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021;", "a.txt")
    >>> back, warnings = decode_extraction(encode_extraction(ex))
    >>> back == ex, warnings
    (True, ())
    """
    return zlib.compress(marshal.dumps((FORMAT, tuple(warnings), _EXTRACTION.encode(ex))), 1)


def decode_extraction(blob: bytes) -> tuple[Extraction, tuple[str, ...]]:
    """The extraction and warnings in *blob*.

    Raises
    ------
    ValueError
        The blob is corrupt or of another format.
    """
    try:
        fmt, warnings, values = marshal.loads(zlib.decompress(blob))
        if fmt != FORMAT:
            raise ValueError(f"blob format {fmt}, expected {FORMAT}")
        return _EXTRACTION.decode(values), warnings
    except (zlib.error, EOFError, TypeError, IndexError) as err:
        raise ValueError(f"corrupt extraction blob: {err}") from err


#: Modules of the package that only consume extractions (corpus-wide resolution, output,
#: scoring): changing them must not throw away a 100,000-file cache.
NOT_EXTRACTION = frozenset({"resolve.py", "output.py", "evaluate.py"})


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of everything that decides an extraction: the ``extract`` package's source
    files (but :data:`NOT_EXTRACTION`), the blob format and the Python version
    (marshal's format follows it).

    Examples
    --------
    >>> len(extractor_fingerprint())
    64
    """
    h = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}".encode())
    root = Path(__file__).resolve().parent
    for f in sorted(root.rglob("*.py")):
        if f.relative_to(root).as_posix() in NOT_EXTRACTION:
            continue
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def cache_key(data: bytes, suffix: str, encoding: str | None, fingerprint: str) -> str:
    """The cache key of a file's bytes read as *suffix* with the *encoding* option.

    Examples
    --------
    >>> cache_key(b"x", ".txt", None, "f") == cache_key(b"x", ".txt", "cp1258", "f")
    False
    """
    h = hashlib.sha256(f"{fingerprint}\0{suffix.lower()}\0{encoding or ''}\0".encode())
    h.update(data)
    return h.hexdigest()


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(path, check_same_thread=False)
        # WAL: worker processes read while the parent writes; NORMAL sync is crash-safe
        # for the database (a power cut may only lose the last batches, which recompute).
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        # A rowid table: WITHOUT ROWID would keep the ~2 kB blobs in the key's b-tree and
        # double the file's size.
        con.execute("CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
        con.commit()
    return con


class ExtractionCache:
    """The cache folder, opened for writing by the process that owns the run.

    Parameters
    ----------
    directory : Path
        Created if missing.  A database that SQLite cannot open is replaced by an
        empty one (its entries are recomputed).
    batch : int
        Entries per committed transaction.

    Examples
    --------
    >>> import tempfile
    >>> c = ExtractionCache(Path(tempfile.mkdtemp()))
    >>> c.put("k", b"v"); c.close()
    >>> CacheReader(c.path).get("k"), len(c)
    (b'v', 1)
    """

    def __init__(self, directory: Path, *, batch: int = 1000) -> None:
        self.directory = Path(directory)
        self.path = self.directory.resolve() / DB_NAME
        self.batch = batch
        self.warnings: list[str] = []
        self._pending: list[tuple[str, bytes]] = []
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._con = _connect(self.path, readonly=False)
            self._con.execute("SELECT 1 FROM extractions LIMIT 1").fetchall()
        except sqlite3.OperationalError:
            raise  # locked, read-only, unopenable: not ours to delete
        except sqlite3.DatabaseError as err:
            self.warnings.append(f"{self.path}: unusable cache ({err}); starting an empty one")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._con = _connect(self.path, readonly=False)

    def put(self, key: str, blob: bytes) -> None:
        """Queue an entry; written with the next full batch or :meth:`flush`."""
        self._pending.append((key, blob))
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Commit the queued entries.  A failed write (disk full, database locked too long)
        is a warning and stops further writes: the run goes on, only uncached."""
        if self._pending and self._con is not None:
            try:
                with self._con:
                    self._con.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", self._pending)
            except sqlite3.Error as err:
                self.warnings.append(f"{self.path}: cannot write to the cache ({err}); later files are not cached")
                self._con.close()
                self._con = None
        self._pending.clear()

    def __len__(self) -> int:
        con = _connect(self.path, readonly=True)
        try:
            return con.execute("SELECT count(*) FROM extractions").fetchone()[0]
        finally:
            con.close()

    def close(self) -> None:
        self.flush()
        if self._con is not None:
            self._con.close()
            self._con = None


class CacheReader:
    """A read-only view of a cache folder, one per worker process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con: sqlite3.Connection | None = None

    def get(self, key: str) -> bytes | None:
        """The blob stored under *key*; None when absent or when the database fails."""
        try:
            if self._con is None:
                self._con = _connect(self.path, readonly=True)
            row = self._con.execute("SELECT blob FROM extractions WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None


