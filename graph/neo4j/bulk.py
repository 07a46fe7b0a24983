"""A first load at import speed: the graph written as CSV and imported by ``neo4j-admin``.

``UNWIND … MERGE`` (:func:`graph.neo4j.io.load_graph`) looks every document up before it
writes it; on a database that holds nothing yet there is nothing to look up, and Neo4j's
own ``neo4j-admin database import full`` writes the store straight from CSV files.  It
needs the server stopped, so only the server ``vbgraph neo4j start`` runs can be loaded
this way: :func:`bulk_load` stops it, imports, starts it again and creates the same
constraints and indexes as the MERGE path.  The result is the same nodes, relationships and
properties as a MERGE load of the same graph (the file digests included), so later loads
stay incremental through MERGE.

The CSV files: ``documents.csv`` (``key:ID(Document)`` and the Document properties),
``files.csv`` (``doc:ID(File)``, the VbgraphFile properties), ``relationships.csv`` (one per
edge, the evidence as string arrays) and ``sources.csv`` (SOURCE_OF, with ``cited``).
Values are quoted; a missing value is an empty field, which the importer leaves unset, as
MERGE's ``SET x = null`` does.  One thing CSV cannot say: a one-element array whose element
is empty (``[""]``, a mention without a cue) reads back as no array, so those are set after
the import.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx

from . import server as neo4j_server
from ..exceptions import VbgraphError
from .io import (DOC_FIELDS, REL_TYPES, Neo4jSettings, _digest, _evidence_lists, _node_props, _plan, connect,
                       ensure_schema)

#: Separates an array's elements in a CSV field (cleaned text never holds control characters).
ARRAY_DELIMITER = "\x1f"

EVIDENCE = ("files", "spans", "sentences", "cues", "surfaces")

FILE_FIELDS = ("path", "sha256", "key", "references:long", "unresolved:long", "incomplete:long", "digest")

# A one-element array of "" imports as no array (see the module docstring).
Q_EMPTY_ELEMENTS = "MATCH (:Document)-[r]->(:Document) WHERE " + " OR ".join(
    f"r.{f} IS NULL" for f in EVIDENCE[1:]) + " SET " + ", ".join(
    f"r.{f} = coalesce(r.{f}, [x IN r.files | ''])" for f in EVIDENCE[1:])

Q_OTHER_NODES = "MATCH (n) WHERE NOT n:Document AND NOT n:VbgraphFile AND NOT n:VbgraphState RETURN count(n) AS n"
Q_OUR_NODES = "MATCH (n) WHERE n:Document OR n:VbgraphFile RETURN count(n) AS n"


@dataclass
class BulkSummary:
    nodes: int = 0
    relationships: int = 0
    files: int = 0
    #: Seconds per stage: csv, stop, import, start, schema.
    seconds: dict = field(default_factory=dict)

    def line(self) -> str:
        stages = " ".join(f"{k}={v:.1f}s" for k, v in self.seconds.items())
        return (f"bulk import: {self.nodes:,} documents, {self.relationships:,} relationships, "
                f"{self.files:,} files ({stages})")


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


def _field(value) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        value = ARRAY_DELIMITER.join(value)
    return '"' + str(value).replace('"', '""') + '"'


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(map(_field, row)) + "\n")


def write_import_csvs(G: nx.MultiDiGraph, folder: Path) -> tuple[list[Path], list[Path], BulkSummary]:
    """Write the graph as the importer's CSV files into *folder* (which must exist).

    Returns
    -------
    (node files, relationship files, summary with the counts)

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph(files=[{"doc": "a.txt", "path": "a.txt", "sha256": "0", "key": "file:a.txt"}])
    >>> G.add_node("file:a.txt", key="file:a.txt", file="a.txt", seen=True, cited=0)
    >>> G.add_node("33/CT-TTG@2021", key="33/CT-TTG@2021", number="33/CT-TTg", year=2021, cited=1)
    >>> _ = G.add_edge("file:a.txt", "33/CT-TTG@2021", key="implements", relation="implements", evidence=[
    ...     {"file": "a.txt", "span": [0, 9], "sentence": 'Theo "33" nay', "cue": None, "surface": "33"}])
    >>> nodes, rels, summary = write_import_csvs(G, Path(tempfile.mkdtemp()))
    >>> print(rels[0].read_text().splitlines()[1])
    "file:a.txt","33/CT-TTG@2021","IMPLEMENTS","a.txt","0:9","Theo ""33"" nay","","33"
    """
    plan = _plan(G)
    documents, files = folder / "documents.csv", folder / "files.csv"
    relationships, sources = folder / "relationships.csv", folder / "sources.csv"
    summary = BulkSummary(nodes=G.number_of_nodes(), files=len(plan.files))

    props = {k: _node_props(G, k) for k in G.nodes}
    types = [_importer_type(p[f] for p in props.values() if p[f] is not None) for f in DOC_FIELDS]
    _write_csv(documents, ["key:ID(Document)", *(f"{f}:{t}" for f, t in zip(DOC_FIELDS, types)),
                           "cited:long", "source_files:string[]", ":LABEL"],
               ([k, *(p[f] for f in DOC_FIELDS), sum(plan.shares[k].values()), plan.node_files[k], "Document"]
                for k, p in props.items()))

    def file_rows() -> Iterator[list]:
        for doc, f in plan.files.items():
            counts = plan.counts[doc]
            yield [doc, f.get("path"), f.get("sha256"), f.get("key"), f.get("references"), counts[0], counts[1],
                   _digest(G, plan, doc), "VbgraphFile"]

    _write_csv(files, ["doc:ID(File)", *FILE_FIELDS, ":LABEL"], file_rows())

    def relationship_rows() -> Iterator[list]:
        for u, v, rel, ev in G.edges(keys=True, data="evidence"):
            if rel not in REL_TYPES:
                raise VbgraphError(f"unknown relation {rel!r} on {u} → {v}")
            lists = _evidence_lists(ev, {e["file"] for e in ev})
            # the MERGE path's order: by file, then as the graph holds them
            order = sorted(range(len(lists["files"])), key=lambda i: (lists["files"][i], i))
            summary.relationships += 1
            yield [u, v, REL_TYPES[rel], *([lists[f][i] for i in order] for f in EVIDENCE)]

    _write_csv(relationships, [":START_ID(Document)", ":END_ID(Document)", ":TYPE",
                               *(f"{f}:string[]" for f in EVIDENCE)], relationship_rows())
    _write_csv(sources, [":START_ID(File)", ":END_ID(Document)", ":TYPE", "cited:long"],
               ([doc, k, "SOURCE_OF", share] for k, shares in plan.shares.items() for doc, share in shares.items()))
    return [documents, files], [relationships, sources], summary


def _same_server(uri: str, server_uri: str) -> bool:
    a, b = urlsplit(uri), urlsplit(server_uri)
    local = {"127.0.0.1", "localhost"}
    return a.port == b.port and (a.hostname == b.hostname or {a.hostname, b.hostname} <= local)


def bulk_load(G: nx.MultiDiGraph, settings: Neo4jSettings, *, data_dir: Path | str | None = None,
              replace: bool = False, progress: Callable[[str], None] | None = None) -> BulkSummary:
    """Load *G* into the empty database of the server ``vbgraph neo4j start`` runs, with
    ``neo4j-admin database import full``: stop, import, start, schema.

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
    t = time.perf_counter()
    say("writing CSV")
    nodes, relationships, summary = write_import_csvs(G, folder)
    seconds["csv"] = time.perf_counter() - t
    t = time.perf_counter()
    say("stopping the server")
    neo4j_server.stop(data_dir=st.data_dir)
    seconds["stop"] = time.perf_counter() - t
    t = time.perf_counter()
    try:
        say("importing")
        neo4j_server.import_full(nodes=nodes, relationships=relationships, data_dir=st.data_dir, home=st.home,
                                 array_delimiter=ARRAY_DELIMITER)
    finally:
        seconds["import"] = time.perf_counter() - t
        t = time.perf_counter()
        say("starting the server")
        neo4j_server.start(data_dir=st.data_dir, home=st.home, password=settings.password)
        seconds["start"] = time.perf_counter() - t
        for p in (*nodes, *relationships):
            p.unlink(missing_ok=True)
    t = time.perf_counter()
    say("constraints and indexes")
    db = connect(settings)
    try:
        with db.driver.session(database=db.database) as s:
            s.run(Q_EMPTY_ELEMENTS).consume()
        ensure_schema(db)
    finally:
        db.close()
    seconds["schema"] = time.perf_counter() - t
    summary.seconds = seconds
    return summary
