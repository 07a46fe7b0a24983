"""The graph file: a documented, versioned JSON format that round-trips.

Format ``vbgraph-graph`` version 3::

    {"format": "vbgraph-graph", "version": 3,
     "files": [{"doc", "path", "sha256", "key", "references", "line", "url"}],
     "nodes": [{"key", "number", "title", "kind", "date", "year", "issuer", "level",
                "scope", "place", "subject", "seen", "file", "cited", "ambiguous"}],
     "edges": [source, target, relation, evidence, source, ...], "relations": [relation, ...],
     "evidence_files": [file name, ...], "sentences": [sentence, ...],
     "cues": [cue or null, ...], "surfaces": [surface, ...],
     "unresolved": [{"file", "surface", "span", "form"}],
     "incomplete": [{"file", "surface", "why", "span"}]}

``edges`` is flat, four values an edge (a list per edge would cost the parser a million
lists).  An edge's ``source`` and ``target`` are positions in ``nodes``, its ``relation`` one in
``relations`` (the file's relation names, sorted); its ``evidence`` is a
JSON text (a string) of rows ``[file, start, end, sentence, cue, surface]`` of integers:
``file``, ``sentence``, ``cue`` and ``surface`` are positions in ``evidence_files``,
``sentences``, ``cues`` and ``surfaces`` (a sentence that states several references is
written once; a mention with no cue points at the ``null`` in ``cues``).  Evidence is text
so that loading parses it only for the edges a query reads: a graph of 100,000 files has
over a million rows.  Its text is digits only, which the JSON parser reads with no
unescaping or non-ASCII decoding: version 2 kept cues and surfaces in the rows as strings,
and its files were 1.7 times the size and parsed in twice the time.  Version 1 wrote all of
it as nested dicts.  Neither is read: rebuild the graph.

A file that is a catalogue row (``<file name>:<line>``) has its ``line`` and ``url`` in
``files`` (absent for a document read in full, and in files written before catalogues):
its evidence is read with them, and its node has ``url`` and the ``issuer`` of its row.

Nodes and edges are sorted, so the same corpus always writes the same bytes.  Writes are
atomic (temporary file, then rename): an interrupted write never leaves half a graph.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import orjson

from .exceptions import GraphFileError, OutputError
from .index import remember_edges
from .model import Evidence, EvidenceTables, paused_gc, row_sources

FORMAT = "vbgraph-graph"
VERSION = 3


def _parts(G: nx.MultiDiGraph) -> Iterator[tuple[str, object]]:
    """The graph file's fields in order; ``edges`` is an iterator of batches of its values,
    and the evidence tables after it are complete only once it is exhausted."""
    keys = sorted(G.nodes)
    position = {k: i for i, k in enumerate(keys)}
    succ = G._succ

    def sorted_edges() -> Iterator[tuple[str, str, str, object]]:
        # = sorted(G.edges(keys=True)), without a list of a million tuples
        for u in keys:
            for v in sorted(succ[u]):
                for rel in sorted(succ[u][v]):
                    yield u, v, rel, succ[u][v][rel]["evidence"]

    # A graph built or loaded in one go has one set of tables: its rows are written as
    # they are (a loaded edge's text untouched).  Otherwise rows are re-pointed at new ones.
    shared, plain = {}, False
    for _, _, ev in G.edges(data="evidence"):
        if isinstance(ev, Evidence):
            shared[id(ev.tables)] = ev.tables
        else:
            plain = True
    same = len(shared) == 1 and not plain
    out = next(iter(shared.values())) if same else EvidenceTables(sources=row_sources(G.graph.get("files", [])))

    def text(ev) -> str:
        if same:
            return ev.rows_json()
        # Evidence over other tables, or a plain list of dicts from code that builds graphs by hand
        return orjson.dumps([out.row(e["file"], e["span"], e["sentence"], e.get("cue"), e.get("surface"))
                             for e in ev]).decode()

    def edges() -> Iterator[list]:
        batch: list = []
        for u, v, rel, ev in sorted_edges():
            batch += (position[u], position[v], relation_ids[rel], text(ev))
            if len(batch) >= 40_000:  # 10,000 edges: what save holds and writes at a time
                yield batch
                batch = []
        if batch:
            yield batch

    relations = sorted({rel for _, _, rel in G.edges(keys=True)})
    relation_ids = {rel: i for i, rel in enumerate(relations)}
    yield from (("format", FORMAT), ("version", VERSION), ("files", G.graph.get("files", [])),
                ("nodes", [dict(G.nodes[k]) for k in keys]), ("edges", edges()), ("relations", relations),
                ("evidence_files", out.files), ("sentences", out.sentences), ("cues", out.cues),
                ("surfaces", out.surfaces),
                ("unresolved", G.graph.get("unresolved", [])), ("incomplete", G.graph.get("incomplete", [])))


def to_dict(G: nx.MultiDiGraph) -> dict:
    """The graph file's content as plain data (see the module docstring).

    Examples
    --------
    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="cites", relation="cites", evidence=[
    ...     {"file": "a.txt", "span": [0, 4], "sentence": "Theo b", "cue": None, "surface": "b"}])
    >>> d = to_dict(G); d["edges"], d["relations"], d["sentences"], d["cues"], d["surfaces"]
    ([0, 1, 0, '[[0,0,4,0,0,0]]'], ['cites'], ['Theo b'], [None], ['b'])
    """
    return {k: [x for batch in v for x in batch] if k == "edges" else v for k, v in _parts(G)}


def from_dict(data: dict) -> nx.MultiDiGraph:
    """The graph that :func:`to_dict` described.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("a", key="a"); G.add_node("b", key="b")
    >>> G.add_edge("a", "b", key="cites", relation="cites", evidence=[])
    'cites'
    >>> list(from_dict(to_dict(G)).edges(keys=True))
    [('a', 'b', 'cites')]
    """
    if data.get("format") != FORMAT:
        raise GraphFileError("not a vbgraph graph file (no \"format\": \"vbgraph-graph\")")
    if data.get("version") != VERSION:
        raise GraphFileError(f"graph file format version {data.get('version')} is not supported (this vbgraph "
                             f"reads version {VERSION}): rebuild it with `vbgraph build`")
    G = nx.MultiDiGraph(files=data.get("files", []), unresolved=data.get("unresolved", []),
                        incomplete=data.get("incomplete", []))
    nodes = data["nodes"]
    keys = [n["key"] for n in nodes]
    relations = data["relations"]
    tables = EvidenceTables(data["evidence_files"], data["sentences"], data["cues"], data["surfaces"],
                            row_sources(G.graph["files"]))
    # networkx's own dicts, filled directly (a MultiDiGraph shares one key dict between
    # _succ[u][v] and _pred[v][u]; a node's attributes are its dict in _node): going
    # through add_node/add_edge costs several times more over a million edges.
    node, succ, pred = G._node, G._succ, G._pred
    for k, n in zip(keys, nodes):
        node[k], succ[k], pred[k] = n, {}, {}
    last = None
    values = iter(data["edges"])
    for s, t, r, raw in zip(values, values, values, values, strict=True):
        if s != last:  # edges come sorted by source: look it up once per node, not per edge
            last, u = s, keys[s]
            u_succ = succ[u]
        v, rel = keys[t], relations[r]
        keydict = u_succ.get(v)
        if keydict is None:
            keydict = u_succ[v] = pred[v][u] = {}
        keydict[rel] = {"relation": rel, "evidence": Evidence(tables, raw)}
    remember_edges(G, keys, relations, data["edges"])
    return G


def atomic_write_text(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder, then rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder, then rename."""
    atomic_write_chunks(path, [data])


def check_output(path: Path) -> None:
    """Refuse, before any work, an output whose folder does not exist (it is not created:
    a mistyped ``-o`` must not leave a tree of new folders) or is not a folder.

    Raises
    ------
    OutputError
        One line naming the folder.

    Examples
    --------
    >>> check_output(Path("/nonexistent/dir/graph.json"))
    Traceback (most recent call last):
    ...
    graph.exceptions.OutputError: /nonexistent/dir: no such folder (create it first)
    """
    folder = Path(path).parent
    if not folder.exists():
        raise OutputError(f"{folder}: no such folder (create it first)")
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")


def _new_file_mode(path: Path) -> int:
    """The permissions *path* gets: those it has already, else what the umask leaves of 0666,
    as ``open(path, "w")`` would give (a temporary file is created 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write *chunks* to *path* through a temporary file in the same folder, then rename.

    The file keeps the permissions it had (a new one gets those of the umask); if writing
    fails, whatever was at *path* is left as it was.

    Raises
    ------
    OutputError
        The folder does not exist, or the file cannot be written there.
    """
    path = Path(path)
    check_output(path)
    mode = _new_file_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
        raise


def save(G: nx.MultiDiGraph, path: Path) -> dict[str, tuple[int, int]]:
    """Write *G* to *path* atomically, edges streamed in chunks: the text of a large graph
    is never in memory whole.  Returns the file's layout (see :func:`write_fields`)."""
    def value(name: str, v) -> Iterator[bytes]:
        if name != "edges":
            yield orjson.dumps(v)
            return
        yield b"["
        for j, batch in enumerate(v):
            yield (b"," if j else b"") + orjson.dumps(batch)[1:-1]
        yield b"]"

    with paused_gc():
        return write_fields(Path(path), ((name, value(name, v)) for name, v in _parts(G)))


def write_fields(path: Path, fields: Iterable[tuple[str, Iterable[bytes]]]) -> dict[str, tuple[int, int]]:
    """Write a graph file of *fields* (each a name and the chunks of its JSON value, in the
    order of the format) atomically.

    Returns
    -------
    dict
        Each field's value as a byte range ``(start, end)`` of the file: what
        :mod:`graph.append` reads of it, and copies, without parsing the rest.
    """
    layout: dict[str, tuple[int, int]] = {}

    def chunks() -> Iterator[bytes]:
        at = 0
        for i, (name, value) in enumerate(fields):
            head = (b"," if i else b"{") + orjson.dumps(name) + b":"
            yield head
            at += len(head)
            start = at
            for chunk in value:
                yield chunk
                at += len(chunk)
            layout[name] = (start, at)
        yield b"}"

    atomic_write_chunks(Path(path), chunks())
    return layout


def load(path: Path) -> nx.MultiDiGraph:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no graph file (run `vbgraph build PATH -o {path}` or pass --from PATH)") from None
    except OSError as err:
        raise GraphFileError(f"{path}: cannot read graph file: {err}") from err
    try:
        with paused_gc():
            data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise GraphFileError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(data, dict):
        raise GraphFileError(f"{path}: not a vbgraph graph file")
    try:
        with paused_gc():
            return from_dict(data)
    except GraphFileError as err:
        raise GraphFileError(f"{path}: {err}") from None
    except (KeyError, TypeError, IndexError, ValueError) as err:
        raise GraphFileError(f"{path}: malformed graph file (missing {err})") from err
