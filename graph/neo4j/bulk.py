"""A first load at import speed: the graph written as CSV and imported by ``neo4j-admin``.

``UNWIND … MERGE`` (:func:`graph.neo4j.io.load_graph`) looks every document up before it
writes it; on a database that holds nothing yet there is nothing to look up, and Neo4j's
own ``neo4j-admin database import full`` writes the store straight from CSV files.  It
needs the server stopped, so only the server ``vbgraph neo4j start`` runs can be loaded
this way: :func:`bulk_load` stops it, imports, starts it again and creates the same
constraints and indexes as the MERGE path.  The result is the same nodes, labels,
relationships and properties as a MERGE load of the same graph (the file digests
included), so later loads stay incremental through MERGE.

The CSV files: ``documents.csv`` (``key:ID(Document)``, the Document properties, the
labels), ``files.csv`` (``doc:ID(File)``, the VbgraphFile properties), ``sources.csv``
(SOURCE_OF, with ``cited``) and ``relationships.csv`` (one per edge, the evidence as string
arrays).  A missing value is an empty field, which the importer leaves unset, as MERGE's
``SET x = null`` does; an empty string is a quoted empty field.  Values are quoted only
where they need it, and a file is declared to hold line breaks inside values only when it
does (the importer reads such a file on one thread).  One thing CSV cannot say: a
one-element array whose element is empty (``[""]``, a mention without a cue) reads back as
no array, so those are set after the import.

The work is split over two processes: a forked child plans the files' contributions,
hashes them and writes the node files, while this process writes the relationships and
stops the server.
"""
from __future__ import annotations

import csv
import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx

from . import server as neo4j_server
from ..exceptions import VbgraphError
from ..model import Evidence
from .lineage import sync_recorded
from .io import (DOC_FIELDS, LEVEL_LABELS, REL_TYPES, Neo4jSettings, _digests, _node_props, _plan, connect,
                 ensure_schema)

#: Separates an array's elements in a CSV field (cleaned text never holds control characters).
ARRAY_DELIMITER = "\x1f"

EVIDENCE = ("files", "spans", "sentences", "cues", "surfaces")

FILE_FIELDS = ("path", "sha256", "key", "references:long", "unresolved:long", "incomplete:long", "digest")

#: "\r\n" ends a record: the csv module then quotes a value holding either character
#: (with "\n" alone it leaves a bare "\r" unquoted, which the importer takes for a line end).
LINE_END = "\r\n"

# A one-element array of "" imports as no array (see the module docstring): the edges that
# hold one, found from their start's key (the hint: right after an import the planner has
# no statistics, and may start from the end, a hub), get it back.  One query for every type.
Q_EMPTY_ELEMENTS = """
UNWIND $rows AS row
MATCH (a:Document {key: row[0]})-[r]->(b:Document)
USING INDEX a:Document(key)
WHERE b.key = row[1] AND type(r) = row[2]
SET """ + ", ".join(f"r.{f} = coalesce(r.{f}, [''])" for f in EVIDENCE[2:])

Q_OTHER_NODES = "MATCH (n) WHERE NOT n:Document AND NOT n:VbgraphFile AND NOT n:VbgraphState RETURN count(n) AS n"
Q_OUR_NODES = "MATCH (n) WHERE n:Document OR n:VbgraphFile RETURN count(n) AS n"


@dataclass
class BulkSummary:
    nodes: int = 0
    relationships: int = 0
    files: int = 0
    #: Seconds per stage: csv, stop (while the CSV files are written), import, start, schema.
    seconds: dict = field(default_factory=dict)

    def line(self) -> str:
        stages = " ".join(f"{k}={v:.1f}s" for k, v in self.seconds.items())
        return (f"bulk import: {self.nodes:,} documents, {self.relationships:,} relationships, "
                f"{self.files:,} files ({stages})")


@dataclass
class ImportFiles:
    """What :func:`write_import_csvs` wrote, for :func:`graph.neo4j.server.import_full`."""
    nodes: list[Path]
    relationships: list[Path]
    #: The files holding a line break inside a value.
    multiline: list[Path]
    #: ``[start key, end key, type]`` of the edges holding a ``[""]`` array.
    empty_elements: list[list[str]]
    summary: BulkSummary


def _importer_type(values: Iterable) -> str:
    """The importer's type for a property holding *values* (``None`` aside): the type the
    MERGE path gives the same Python values (int → long, bool → boolean, list → string[])."""
    for v in values:
        if isinstance(v, bool):
            return "boolean"
        if isinstance(v, int):
            return "long"
        if isinstance(v, list):
            return "string[]"
    return "string"


def _quoted(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace('"', '""') + '"'


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[tuple | list]) -> bool:
    """Write *rows* (str, int or None values) under *header*; whether a value holds a line break.

    The csv module writes an empty string as an empty field, which the importer reads as no
    value: the rare row holding one is written by hand with the empty string quoted.
    """
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator=LINE_END)
        out.writerow(header)
        for n, row in enumerate(rows, 1):
            if "" in row:
                f.write(",".join(map(_quoted, row)) + LINE_END)
            else:
                out.writerow(row)
    # One "\r\n" a record: any other line break is inside a value.  Counting the bytes
    # afterwards costs far less than looking into every value.
    with open(path, "rb") as f:
        cr = lf = 0
        while chunk := f.read(1 << 24):
            cr, lf = cr + chunk.count(b"\r"), lf + chunk.count(b"\n")
    return cr != n + 1 or lf != n + 1


def _array(values: list | None) -> str | None:
    return ARRAY_DELIMITER.join(values) if values else None


def _write_node_files(G: nx.MultiDiGraph, folder: Path) -> tuple[list[Path], list[Path], int]:
    """documents.csv, files.csv, sources.csv: (node files, relationship files, those with
    line breaks inside values, the number of files)."""
    plan = _plan(G)
    props = {k: _node_props(G, k) for k in G.nodes}
    digests = _digests(G, plan, props)
    documents, files, sources = folder / "documents.csv", folder / "files.csv", folder / "sources.csv"

    types = [_importer_type(p[f] for p in props.values() if p[f] is not None) for f in DOC_FIELDS]
    flags = [i for i, t in enumerate(types, 1) if t == "boolean"]
    arrays = [i for i, t in enumerate(types, 1) if t == "string[]"]
    get = itemgetter(*DOC_FIELDS)

    def document_rows() -> Iterator[list]:
        for k, p in props.items():
            row = [k, *get(p)]
            for i in flags:
                if row[i] is not None:
                    row[i] = "true" if row[i] else "false"
            for i in arrays:
                row[i] = _array(row[i])
            level = LEVEL_LABELS.get(p["level"])
            row += [sum(plan.shares[k].values()), _array(plan.node_files[k]),
                    f"Document{ARRAY_DELIMITER}{level}" if level else "Document"]
            yield row

    multiline = []
    if _write_csv(documents, ["key:ID(Document)", *(f"{f}:{t}" for f, t in zip(DOC_FIELDS, types)),
                              "cited:long", "source_files:string[]", ":LABEL"], document_rows()):
        multiline.append(documents)
    if _write_csv(files, ["doc:ID(File)", *FILE_FIELDS, ":LABEL"],
                  ((doc, f.get("path"), f.get("sha256"), f.get("key"), f.get("references"), *plan.counts[doc],
                    digests[doc], "VbgraphFile") for doc, f in plan.files.items())):
        multiline.append(files)
    _write_csv(sources, [":START_ID(File)", ":END_ID(Document)", ":TYPE", "cited:long"],
               ((doc, k, "SOURCE_OF", share) for k, shares in plan.shares.items() for doc, share in shares.items()))
    return [documents, files], multiline, len(plan.files)


def _mentions(ev: Evidence | list[dict]) -> list[tuple]:
    """``(file, start, end, sentence, cue, surface)`` of each mention: from an
    :class:`~graph.model.Evidence`'s rows and shared tables, without making a dict each."""
    if isinstance(ev, Evidence):
        t = ev.tables
        files, sentences, cues, surfaces = t.files, t.sentences, t.cues, t.surfaces
        return [(files[r[0]], r[1], r[2], sentences[r[3]], cues[r[4]], surfaces[r[5]]) for r in ev.rows]
    return [(e["file"], *e["span"], e.get("sentence"), e.get("cue"), e.get("surface")) for e in ev]


def _write_relationships(G: nx.MultiDiGraph, path: Path) -> tuple[bool, list[list[str]], int]:
    """relationships.csv: (whether a value holds a line break, the edges holding a ``[""]``
    array, the number written)."""
    empty: list[list[str]] = []
    by_file = itemgetter(0)
    written = 0

    def rows() -> Iterator[tuple]:
        nonlocal written
        for u, targets in G.adjacency():
            for v, keyed in targets.items():
                for rel, d in keyed.items():
                    rtype = REL_TYPES.get(rel)
                    if rtype is None:
                        raise VbgraphError(f"unknown relation {rel!r} on {u} → {v}")
                    ms = _mentions(d["evidence"])
                    if not ms:  # stated by no file: the MERGE path has nothing to write either
                        continue
                    written += 1
                    if len(ms) == 1:  # most edges: one mention, no lists to join
                        file, start, end, sentence, cue, surface = ms[0]
                        row = (u, v, rtype, file, f"{start}:{end}", sentence or None, cue or None, surface or None)
                        if None in row:
                            empty.append([u, v, rtype])
                        yield row
                        continue
                    ms.sort(key=by_file)  # the MERGE path's order: by file, then as the graph holds them
                    files, starts, ends, sentences, cues, surfaces = zip(*ms)
                    yield (u, v, rtype, ARRAY_DELIMITER.join(files),
                           ARRAY_DELIMITER.join(map("{}:{}".format, starts, ends)),
                           ARRAY_DELIMITER.join([x or "" for x in sentences]),
                           ARRAY_DELIMITER.join([x or "" for x in cues]),
                           ARRAY_DELIMITER.join([x or "" for x in surfaces]))

    multiline = _write_csv(path, [":START_ID(Document)", ":END_ID(Document)", ":TYPE",
                                  *(f"{f}:string[]" for f in EVIDENCE)], rows())
    return multiline, empty, written


def write_import_csvs(G: nx.MultiDiGraph, folder: Path, *, meanwhile: Callable[[], None] | None = None) -> ImportFiles:
    """Write the graph as the importer's CSV files into *folder* (which must exist).

    A forked child writes the node files while this process writes the relationships.

    Parameters
    ----------
    G : MultiDiGraph
    folder : Path
    meanwhile : callable, optional
        Called in this process while the child works, before the relationships are
        written (:func:`bulk_load` stops the server there).

    Returns
    -------
    ImportFiles

    Raises
    ------
    VbgraphError
        An unknown relation, or the child failed (its error, one line).

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph(files=[{"doc": "a.txt", "path": "a.txt", "sha256": "0", "key": "file:a.txt"}])
    >>> G.add_node("file:a.txt", key="file:a.txt", file="a.txt", seen=True, cited=0)
    >>> G.add_node("33/CT-TTG@2021", key="33/CT-TTG@2021", number="33/CT-TTg", year=2021, cited=1)
    >>> _ = G.add_edge("file:a.txt", "33/CT-TTG@2021", key="implements", relation="implements", evidence=[
    ...     {"file": "a.txt", "span": [0, 9], "sentence": 'Theo "33", nay', "cue": None, "surface": "33"}])
    >>> out = write_import_csvs(G, Path(tempfile.mkdtemp()))
    >>> print(out.relationships[0].read_text().splitlines()[1])
    file:a.txt,33/CT-TTG@2021,IMPLEMENTS,a.txt,0:9,"Theo ""33"", nay",,33
    >>> out.empty_elements
    [['file:a.txt', '33/CT-TTG@2021', 'IMPLEMENTS']]
    """
    relationships = folder / "relationships.csv"
    receive, send = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", _write_node_files(G, folder)))
        except BaseException as err:  # reported to the parent, which raises it
            send.send(("error", f"{type(err).__name__}: {err}" if not isinstance(err, VbgraphError) else str(err)))
        finally:
            # Out at once: the usual exit flushes stdout, whose lock a thread of the parent
            # (a progress bar) may have held at the fork.
            os._exit(0)

    # The child only reads the graph: frozen objects are not written to by its collector,
    # so their pages stay shared with this process instead of being copied.
    gc.freeze()
    try:
        proc = multiprocessing.get_context("fork").Process(target=child, daemon=True)
        proc.start()
    finally:
        gc.unfreeze()
    send.close()
    try:
        if meanwhile is not None:
            meanwhile()
        rel_multiline, empty, written = _write_relationships(G, relationships)
        status, result = receive.recv() if receive.poll(None) else ("error", "no answer")
    except EOFError:
        status, result = "error", f"the process writing the node files died (exit code {proc.exitcode})"
    finally:
        proc.join()
        receive.close()
    if status != "ok":
        raise VbgraphError(f"writing the import files failed: {result}")
    nodes, multiline, files = result
    summary = BulkSummary(nodes=G.number_of_nodes(), relationships=written, files=files)
    return ImportFiles(nodes, [relationships, folder / "sources.csv"], multiline + [relationships] * rel_multiline,
                       empty, summary)


def _same_server(uri: str, server_uri: str) -> bool:
    a, b = urlsplit(uri), urlsplit(server_uri)
    local = {"127.0.0.1", "localhost"}
    return a.port == b.port and (a.hostname == b.hostname or {a.hostname, b.hostname} <= local)


def bulk_load(G: nx.MultiDiGraph, settings: Neo4jSettings, *, data_dir: Path | str | None = None,
              replace: bool = False, progress: Callable[[str], None] | None = None) -> BulkSummary:
    """Load *G* into the empty database of the server ``vbgraph neo4j start`` runs, with
    ``neo4j-admin database import full``: stop, import, start, schema, then the lineage
    (:mod:`graph.neo4j.lineage`) a MERGE load writes too.

    Parameters
    ----------
    G : MultiDiGraph
    settings : Neo4jSettings
        Must name that server (any other is refused: it cannot be stopped from here) and
        its ``neo4j`` database.
    data_dir : Path, optional
        The server's data dir (:func:`graph.neo4j.server.default_data_dir`).
    replace : bool
        Replace the vbgraph documents the database holds (as ``--wipe`` would); without
        it a database that holds any is refused.  Nodes of other labels always refuse it.
    progress : callable, optional
        Called with each stage's name.

    Returns
    -------
    BulkSummary

    Raises
    ------
    VbgraphError
        One line: another server, another database, a database not empty, a failed import.
    """
    say = progress or (lambda stage: None)
    st = neo4j_server.status(data_dir=data_dir)
    if not st.running or not _same_server(settings.uri, st.uri):
        where = f"{st.uri} (data dir {st.data_dir})" if st.running else f"none is running for {st.data_dir}"
        raise VbgraphError(f"--bulk imports only into the server `vbgraph neo4j start` runs, which it stops and "
                           f"starts again: {settings.uri} is not it ({where}); load without --bulk")
    if settings.database != "neo4j":
        raise VbgraphError(f"--bulk imports into the database 'neo4j' only, not {settings.database!r}")
    db = connect(settings)
    try:
        others, ours = db.read(Q_OTHER_NODES)[0]["n"], db.read(Q_OUR_NODES)[0]["n"]
    finally:
        db.close()
    if others:
        raise VbgraphError(f"{settings.uri} holds {others:,} nodes that are not vbgraph's: --bulk writes a new "
                           "store and would delete them; load without --bulk")
    if ours and not replace:
        raise VbgraphError(f"{settings.uri} already holds {ours:,} vbgraph nodes: --bulk is for a first load "
                           "(add --wipe to replace them, or load without --bulk to update them)")
    seconds = {}
    folder = st.data_dir / "import" / "vbgraph-bulk"
    folder.mkdir(parents=True, exist_ok=True)

    def stop() -> None:  # while the child writes the node files: nothing reads the server any more
        t = time.perf_counter()
        say("stopping the server")
        neo4j_server.stop(data_dir=st.data_dir)
        seconds["stop"] = time.perf_counter() - t

    t = time.perf_counter()
    say("writing CSV")
    out = None
    try:
        out = write_import_csvs(G, folder, meanwhile=stop)
        seconds["csv"] = time.perf_counter() - t
        t = time.perf_counter()
        say("importing")
        neo4j_server.import_full(nodes=out.nodes, relationships=out.relationships, data_dir=st.data_dir,
                                 home=st.home, array_delimiter=ARRAY_DELIMITER, multiline=out.multiline)
        seconds["import"] = time.perf_counter() - t
    finally:
        t = time.perf_counter()
        say("starting the server")
        neo4j_server.start(data_dir=st.data_dir, home=st.home, password=settings.password)
        seconds["start"] = time.perf_counter() - t
        for p in folder.glob("*.csv"):
            p.unlink(missing_ok=True)
    t = time.perf_counter()
    say("constraints and indexes")
    db = connect(settings)
    try:
        # The indexes fill in the background while the [""] arrays are set back.
        ensure_schema(db, wait=False)
        with db.driver.session(database=db.database) as s:
            s.run("CALL db.awaitIndex('document_key', 300)").consume()  # the lookups below need it
            rows = out.empty_elements
            for i in range(0, len(rows), 10_000):
                s.run(Q_EMPTY_ELEMENTS, rows=rows[i:i + 10_000]).consume()
        ensure_schema(db)
        seconds["schema"] = time.perf_counter() - t
        # What a MERGE load writes too, so that both loads leave the same database.
        t = time.perf_counter()
        say("lineage")
        sync_recorded(db, G, out.summary.files)
        seconds["lineage"] = time.perf_counter() - t
    finally:
        db.close()
    out.summary.seconds = seconds
    return out.summary
