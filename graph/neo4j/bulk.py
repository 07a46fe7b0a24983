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
does (the importer reads such a file on one thread).  One thing CSV cannot say is a
one-element array whose element is empty (``[""]``, a mention without a cue): it reads back
as no array.  Neither load stores such a list (:data:`graph.neo4j.io.OPTIONAL_EVIDENCE`),
so nothing is left to set after the import.

The documents carry their lineage (:mod:`graph.neo4j.lineage`), computed before the
files are written: the store then holds what a MERGE load and its lineage leave.

The work is split over two processes: a forked child plans the files' contributions,
hashes them and writes files.csv and the SOURCE_OF links, while this process stops the
server, computes the lineage, writes the relationships, then the documents, for which it
needs the plan's shares: the child sends them as soon as it has them.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
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
from .lineage import FIELDS as LINEAGE_FIELDS
from .lineage import lineage
from .io import (DOC_FIELDS, LEVEL_LABELS, REL_TYPES, SPELLED, Neo4jSettings, _digests, _node_props, _plan, connect,
                 ensure_schema)

#: The importer's types of the lineage properties (graph.neo4j.lineage).
LINEAGE_TYPES = {"lineage_up": "string[]", "lineage_at": "string[]", "lineage_below": "long",
                 "lineage_places": "string[]", "lineage_place_counts": "long[]", "lineage_unplaced": "string[]",
                 "lineage_trace_page": "string", "lineage_implementers_page": "string", "lineage_hash": "string"}

#: Separates an array's elements in a CSV field (cleaned text never holds control characters).
ARRAY_DELIMITER = "\x1e"  # not lineage.SEP, which lineage_at holds

EVIDENCE = ("files", "spans", "sentences", "cues", "surfaces")

FILE_FIELDS = ("path", "sha256", "key", "references:long", "unresolved:long", "incomplete:long", "digest")

#: "\r\n" ends a record: the csv module then quotes a value holding either character
#: (with "\n" alone it leaves a bare "\r" unquoted, which the importer takes for a line end).
LINE_END = "\r\n"

Q_OTHER_NODES = "MATCH (n) WHERE NOT n:Document AND NOT n:VbgraphFile AND NOT n:VbgraphState RETURN count(n) AS n"
Q_OUR_NODES = "MATCH (n) WHERE n:Document OR n:VbgraphFile RETURN count(n) AS n"


@dataclass
class BulkSummary:
    nodes: int = 0
    relationships: int = 0
    files: int = 0
    #: Seconds per stage: csv, stop (while the CSV files are written), import, start, schema;
    #: lineage: computing it, before the CSV files (part of csv).
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


def _cell(value) -> str:
    """A node file's value as a CSV field: empty for ``None``, numbers as they are, and an
    empty string quoted (an empty field would read back as no value).

    Examples
    --------
    >>> [_cell(v) for v in (None, 2021, "", "Hà Nội", 'Ủy ban "nhân dân", tỉnh')]
    ['', '2021', '""', 'Hà Nội', '"Ủy ban ""nhân dân"", tỉnh"']
    """
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return _field(value) if value else '""'


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[tuple | list]) -> bool:
    """Write *rows* (str, int or None values) under *header*; whether a value holds a line break."""
    return _write_lines(path, header, (",".join(map(_cell, row)) + LINE_END for row in rows))


def _write_lines(path: Path, header: Iterable[str], lines: Iterable[str]) -> bool:
    """Write *lines* (records made with :func:`_field`, each ending in :data:`LINE_END`)
    under *header*; whether a value holds a line break."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + LINE_END)
        for n, line in enumerate(lines, 1):
            f.write(line)
    return _holds_line_breaks(path, n)


def _holds_line_breaks(path: Path, records: int) -> bool:
    # One "\r\n" a record: any other line break is inside a value.  Counting the bytes
    # afterwards costs far less than looking into every value.
    with open(path, "rb") as f:
        cr = lf = 0
        while chunk := f.read(1 << 24):
            cr, lf = cr + chunk.count(b"\r"), lf + chunk.count(b"\n")
    return cr != records + 1 or lf != records + 1


#: A value the csv module would quote (QUOTE_MINIMAL, "\r\n" line ends).
NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _field(value: str | None) -> str:
    """*value* as a CSV field for the importer: empty for ``None`` or "", quoted where needed.

    Examples
    --------
    >>> [_field(v) for v in (None, "", "33/CT-TTg", 'Theo "33", nay')]
    ['', '', '33/CT-TTg', '"Theo ""33"", nay"']
    """
    if not value:
        return ""
    return '"' + value.replace('"', '""') + '"' if NEEDS_QUOTES.search(value) else value


def _array(values: list | None) -> str | None:
    return ARRAY_DELIMITER.join(values) if values else None


def _write_documents(documents: Path, props: dict[str, dict], shares: dict[str, dict[str, int]],
                     lineage_rows: dict[str, dict] | None) -> bool:
    """documents.csv: the documents' *props*, with their *lineage_rows* if any, and what
    the plan's *shares* tell (cited, source_files); whether a value holds a line break."""
    fields = DOC_FIELDS + (LINEAGE_FIELDS if lineage_rows is not None else ())
    types = [_importer_type(p[f] for p in props.values() if p[f] is not None) for f in DOC_FIELDS]
    if lineage_rows is not None:
        types += [LINEAGE_TYPES[f] for f in LINEAGE_FIELDS]
    flags = [i for i, t in enumerate(types, 1) if t == "boolean"]
    arrays = [i for i, t in enumerate(types, 1) if t.endswith("[]")]
    get = itemgetter(*fields)

    def document_rows() -> Iterator[list]:
        for k, p in props.items():
            row = [k, *get(p if lineage_rows is None else p | lineage_rows[k])]
            for i in flags:
                if row[i] is not None:
                    row[i] = "true" if row[i] else "false"
            for i in arrays:
                row[i] = _array(row[i] and list(map(str, row[i])))
            labels = ["Document", LEVEL_LABELS.get(p["level"]), SPELLED if p["spelling_folds"] else None]
            # the files naming it: the keys of its shares, sorted as the plan sorts them
            row += [sum(shares[k].values()), _array(list(shares[k])), ARRAY_DELIMITER.join(filter(None, labels))]
            yield row

    return _write_csv(documents, ["key:ID(Document)", *(f"{f}:{t}" for f, t in zip(fields, types)),
                                  "cited:long", "source_files:string[]", ":LABEL"], document_rows())


def _write_files(G: nx.MultiDiGraph, folder: Path, plan, props: dict[str, dict]) -> tuple[list[Path], int]:
    """files.csv, with each file's digest, and sources.csv (SOURCE_OF, from the plan's
    shares): (those holding a line break inside a value, the number of files)."""
    digests = _digests(G, plan, props)
    files, sources = folder / "files.csv", folder / "sources.csv"
    multiline = []
    if _write_csv(files, ["doc:ID(File)", *FILE_FIELDS, ":LABEL"],
                  ((doc, f.get("path"), f.get("sha256"), f.get("key"), f.get("references"), *plan.counts[doc],
                    digests[doc], "VbgraphFile") for doc, f in plan.files.items())):
        multiline.append(files)
    doc_fields = {doc: _field(doc) for doc in plan.files}  # a file names tens of documents
    if _write_lines(sources, [":START_ID(File)", ":END_ID(Document)", ":TYPE", "cited:long"],
                    (f"{doc_fields[doc]},{kf},SOURCE_OF,{share}{LINE_END}"
                     for k, ds in plan.shares.items() for kf in (_field(k),) for doc, share in ds.items())):
        multiline.append(sources)
    return multiline, len(plan.files)


def _blank_free(values: list[str | None]) -> list[str] | None:
    """An optional evidence list as a load stores it: "" for a missing value, and no list
    at all where every value is missing (graph.neo4j.io.OPTIONAL_EVIDENCE)."""
    return [x or "" for x in values] if any(values) else None


def _write_relationships(G: nx.MultiDiGraph, path: Path) -> tuple[bool, int]:
    """relationships.csv: (whether a value holds a line break, the number written).

    Most edges have one mention, whose line is made of fields each made once: a graph's
    mentions share their sentences, cues, surfaces and files (:class:`graph.model.EvidenceTables`).
    """
    by_file = itemgetter(0)
    written = 0
    keys: dict[str, str] = {}
    tables_fields: dict[int, tuple] = {}

    def key_field(k: str) -> str:
        f = keys.get(k)
        if f is None:
            f = keys[k] = _field(k)
        return f

    def fields_of(ev: Evidence) -> tuple:
        t = ev.tables
        got = tables_fields.get(id(t))
        if got is None:  # the tables held too, so that their id stays theirs
            got = tables_fields[id(t)] = (t, *([_field(x) for x in col] for col in (t.files, t.sentences, t.cues,
                                                                                       t.surfaces)))
        return got

    def lines() -> Iterator[str]:
        nonlocal written
        for u, targets in G.adjacency():
            fu = key_field(u)
            for v, keyed in targets.items():
                head = f"{fu},{key_field(v)},"
                for rel, d in keyed.items():
                    rtype = REL_TYPES.get(rel)
                    if rtype is None:
                        raise VbgraphError(f"unknown relation {rel!r} on {u} → {v}")
                    ev = d["evidence"]
                    if isinstance(ev, Evidence):
                        rows = ev.rows
                        if len(rows) == 1:  # most edges: one mention, fields made already
                            _, files, sentences, cues, surfaces = fields_of(ev)
                            r = rows[0]
                            written += 1
                            yield (f"{head}{rtype},{files[r[0]]},{r[1]}:{r[2]},{sentences[r[3]]},{cues[r[4]]},"
                                   f"{surfaces[r[5]]}{LINE_END}")
                            continue
                        t = ev.tables
                        ms = [(t.files[r[0]], r[1], r[2], t.sentences[r[3]], t.cues[r[4]], t.surfaces[r[5]])
                              for r in rows]
                    else:
                        ms = [(e["file"], *e["span"], e.get("sentence"), e.get("cue"), e.get("surface")) for e in ev]
                    if not ms:  # stated by no file: the MERGE path has nothing to write either
                        continue
                    written += 1
                    ms.sort(key=by_file)  # the MERGE path's order: by file, then as the graph holds them
                    files, starts, ends, sentences, cues, surfaces = zip(*ms)
                    optional = (_blank_free(x) for x in (sentences, cues, surfaces))
                    yield ",".join([head + rtype, _field(ARRAY_DELIMITER.join(files)),
                                    _field(ARRAY_DELIMITER.join(map("{}:{}".format, starts, ends))),
                                    *(_field(x and ARRAY_DELIMITER.join(x)) for x in optional)]) + LINE_END

    multiline = _write_lines(path, [":START_ID(Document)", ":END_ID(Document)", ":TYPE",
                                    *(f"{f}:string[]" for f in EVIDENCE)], lines())
    return multiline, written


def write_import_csvs(G: nx.MultiDiGraph, folder: Path, *, meanwhile: Callable[[], None] | None = None) -> ImportFiles:
    """Write the graph as the importer's CSV files into *folder* (which must exist).

    A forked child plans and hashes the files while this process writes the rest (see the
    module docstring).

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
    """
    documents, files, relationships = folder / "documents.csv", folder / "files.csv", folder / "relationships.csv"
    props = {k: _node_props(G, k) for k in G.nodes}
    receive, send = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        receive.close()  # so that a parent gone for good ends a send with a broken pipe
        try:
            plan = _plan(G)
            # This process wants the shares once it has written the relationships; a thread
            # sends them (blocked on the pipe until then) while this one hashes the files.
            sender = threading.Thread(target=send.send, args=(("shares", plan.shares),))
            sender.start()
            done = _write_files(G, folder, plan, props)
            sender.join()
            send.send(("ok", done))
        except BaseException as err:  # reported to the parent, which raises it
            send.send(("error", f"{type(err).__name__}: {err}" if not isinstance(err, VbgraphError) else str(err)))
        finally:
            # Out at once: the usual exit flushes stdout, whose lock a thread of the parent
            # (a progress bar) may have held at the fork.
            os._exit(0)

    def answer() -> object:
        try:
            status, result = receive.recv() if receive.poll(None) else ("error", "no answer")
        except EOFError:
            status, result = "error", f"the process planning the files died (exit code {proc.exitcode})"
        if status == "error":
            raise VbgraphError(f"writing the import files failed: {result}")
        return result

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
        # The lineage a MERGE load writes after it (graph.neo4j.lineage), here written with
        # the documents: the store holds exactly this graph.
        t = time.perf_counter()
        lineage_rows = lineage(G)
        lineage_seconds = time.perf_counter() - t
        rel_multiline, written = _write_relationships(G, relationships)
        documents_multiline = _write_documents(documents, props, answer(), lineage_rows)
        multiline, file_count = answer()
    except BaseException:
        proc.kill()  # which may be waiting to send what this process will not read now
        raise
    finally:
        proc.join()
        receive.close()
    summary = BulkSummary(nodes=G.number_of_nodes(), relationships=written, files=file_count,
                          seconds={"lineage": lineage_seconds})
    multiline += [documents] * documents_multiline + [relationships] * rel_multiline
    return ImportFiles([documents, files], [relationships, folder / "sources.csv"], multiline, summary)


def _same_server(uri: str, server_uri: str) -> bool:
    a, b = urlsplit(uri), urlsplit(server_uri)
    local = {"127.0.0.1", "localhost"}
    return a.port == b.port and (a.hostname == b.hostname or {a.hostname, b.hostname} <= local)


def bulk_load(G: nx.MultiDiGraph, settings: Neo4jSettings, *, data_dir: Path | str | None = None,
              replace: bool = False, progress: Callable[[str], None] | None = None) -> BulkSummary:
    """Load *G* into the empty database of the server ``vbgraph neo4j start`` runs, with
    ``neo4j-admin database import full``: stop, import, start, schema.  The documents are
    imported with the lineage (:mod:`graph.neo4j.lineage`) a MERGE load writes after them.

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

    def stop() -> None:  # while the import files are written: nothing reads the server any more
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
        ensure_schema(db)
        seconds["schema"] = time.perf_counter() - t
    finally:
        db.close()
    out.summary.seconds = seconds | out.summary.seconds
    return out.summary
