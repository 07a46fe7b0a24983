"""Build the citation graph from resolved documents.

Nodes are documents keyed by their identity key (:func:`extract.resolve.base_key` plus the
year for numbers without one inside); edges are typed by relation and carry evidence.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import networkx as nx
import orjson

from extract.models import Mention
from extract.resolve import ResolvedDocument, fold_number

#: Relations a lineage walk follows by default (DOMAIN.md §5).
LINEAGE_RELATIONS = ("implements", "based_on", "guides")

NODE_FIELDS = ("number", "title", "kind", "date", "year", "issuer", "level", "scope", "place",
               "subject", "seen", "file", "ambiguous", "spellings")


@contextmanager
def paused_gc(*, freeze: bool = True):
    """Pause the cycle collector while millions of long-lived objects are made, then
    freeze them (:func:`gc.freeze`): its generational passes would otherwise re-scan the
    whole graph again and again, during the build and on every later query.  A graph
    holds no reference cycles, so reference counting still frees it.

    With ``freeze=False``, for objects that do not outlive their caller (a check's
    hundred thousand rows): only the pause, which halves the time of making them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()


class EvidenceTables:
    """The file names, sentences, cues and surfaces that evidence rows point to, each
    stored once: a sentence holding five references is one string, not five copies, and a
    row is six integers, which a graph file parses faster than strings and holds in less memory.

    ``cues`` holds ``None`` (once) for the mentions that have no cue, so a row's cue is
    always a position like the others.  ``sources`` tells, for a file that is a catalogue
    row, its ``line`` and ``url``: a person reading the evidence can open the row's source.

    Examples
    --------
    >>> t = EvidenceTables()
    >>> t.row("a.txt", (3, 9), "Căn cứ Luật X", None, "Luật X")
    (0, 3, 9, 0, 0, 0)
    >>> t.row("b.txt", (0, 6), "Luật X", None, "Luật X")
    (1, 0, 6, 1, 0, 0)
    >>> t.cues, t.surfaces
    ([None], ['Luật X'])
    """

    def __init__(self, files: list[str] | None = None, sentences: list[str] | None = None,
                 cues: list[str | None] | None = None, surfaces: list[str] | None = None,
                 sources: dict[str, dict] | None = None) -> None:
        self.files = files if files is not None else []
        self.sentences = sentences if sentences is not None else []
        self.cues = cues if cues is not None else []
        self.surfaces = surfaces if surfaces is not None else []
        self.sources = sources if sources is not None else {}
        # value → position, per table; built on first use, as a loaded graph may never add
        self._ids: dict[str, dict] = {}

    def row(self, file: str, span: tuple[int, int], sentence: str, cue: str | None, surface: str) -> tuple:
        """One piece of evidence as the row :class:`Evidence` holds, adding new values to the tables."""
        return (self._id("files", file), span[0], span[1], self._id("sentences", sentence),
                self._id("cues", cue), self._id("surfaces", surface))

    def _id(self, name: str, value) -> int:
        table = getattr(self, name)
        ids = self._ids.get(name)
        if ids is None:
            ids = self._ids[name] = {v: i for i, v in enumerate(table)}
        i = ids.get(value)
        if i is None:
            i = ids[value] = len(table)
            table.append(value)
        return i


class Evidence(Sequence):
    """An edge's evidence: a sequence of ``{file, span, sentence, cue, surface}`` dicts
    (with ``line`` and ``url`` too when the file is a catalogue row).

    Held as rows ``(file, start, end, sentence, cue, surface)`` of integers, the four
    texts positions in shared :class:`EvidenceTables`, and turned into dicts only when
    read: a graph of 100,000 files carries over a million of them.  *rows* may be their
    JSON text, as a graph file holds them: it is parsed on first read, so loading a graph
    parses no evidence a query does not ask for.

    Examples
    --------
    >>> ev = Evidence(EvidenceTables())
    >>> ev.add("a.txt", (3, 9), "Căn cứ Luật X", "Căn cứ", "Luật X")
    >>> ev[0]["span"], len(ev), ev == [ev[0]]
    ([3, 9], 1, True)
    >>> Evidence(ev.tables, "[[0,3,9,0,0,0]]") == ev
    True
    """

    # One slot for rows and their text, and no other work here: a loaded graph makes one
    # of these per edge, a million in a row, and each instruction counts.
    __slots__ = ("tables", "_rows")

    def __init__(self, tables: EvidenceTables, rows: list | str | None = None) -> None:
        self.tables = tables
        self._rows = [] if rows is None else rows

    @property
    def rows(self) -> list:
        rows = self._rows
        if rows.__class__ is str:
            rows = self._rows = orjson.loads(rows)
        return rows

    def add(self, file: str, span: tuple[int, int], sentence: str, cue: str | None, surface: str) -> None:
        """Append one piece of evidence unless its file already gave this span (see :meth:`extend`)."""
        self.extend(file, [(span, sentence, cue, surface)])

    def extend(self, file: str, items: Iterable[tuple[tuple[int, int], str, str | None, str]]) -> None:
        """Append *file*'s evidence ``(span, sentence, cue, surface)``, each span once.

        A file's evidence for an edge is added in one call, as :func:`build_graph` does:
        the spans it gave earlier can then only be among the last rows, which are read
        once, and the new ones are checked against a set.  Time is linear in the rows
        added, even for a text that repeats one reference ten thousand times.

        Examples
        --------
        >>> ev = Evidence(EvidenceTables())
        >>> ev.extend("a.txt", [((0, 5), "Luật A", None, "Luật A"), ((0, 5), "Luật A", None, "Luật A")])
        >>> ev.extend("a.txt", [((0, 5), "Luật A", None, "Luật A"), ((9, 14), "Luật A", None, "Luật A")])
        >>> [e["span"] for e in ev]
        [[0, 5], [9, 14]]
        """
        rows, row = self.rows, self.tables.row
        seen = None
        for span, sentence, cue, surface in items:
            r = row(file, span, sentence, cue, surface)
            if seen is None:
                seen = set()
                for old in reversed(rows):
                    if old[0] != r[0]:
                        break
                    seen.add((old[1], old[2]))
            if (r[1], r[2]) not in seen:
                seen.add((r[1], r[2]))
                rows.append(r)

    def rows_json(self) -> str:
        """The rows as JSON text (the graph file's form), without parsing them if unread."""
        rows = self._rows
        return rows if rows.__class__ is str else orjson.dumps(rows).decode()

    def file_sentences(self) -> list[tuple[str, str]]:
        """The ``(file, sentence)`` of each row, without making each row's dict (a check
        reads them on a hundred thousand edges)."""
        files, sentences = self.tables.files, self.tables.sentences
        return [(files[r[0]], sentences[r[3]]) for r in self.rows]

    def _dict(self, row) -> dict:
        t = self.tables
        file = t.files[row[0]]
        d = {"file": file, "span": [row[1], row[2]], "sentence": t.sentences[row[3]],
             "cue": t.cues[row[4]], "surface": t.surfaces[row[5]]}
        source = t.sources.get(file)
        return d | source if source else d

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._dict(r) for r in self.rows[i]]
        return self._dict(self.rows[i])

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Evidence({list(self)!r})"


def _add_evidence(G: nx.MultiDiGraph, tables: EvidenceTables, u: str, v: str, relation: str, doc: str,
                  mentions: Iterable[Mention]) -> None:
    """Add the edge (u, v, relation) if new, and *doc*'s evidence for it.  Straight into
    networkx's adjacency dicts as :meth:`~networkx.MultiDiGraph.add_edge` lays them out
    (both ends are nodes already): a large corpus adds over a million pieces of evidence,
    and add_edge's checks and keyword dicts cost more than the work."""
    keydict = G._succ[u].get(v)
    if keydict is None:
        keydict = G._succ[u][v] = G._pred[v][u] = {}
    data = keydict.get(relation)
    if data is None:
        ev = Evidence(tables)
        keydict[relation] = {"relation": relation, "evidence": ev}
    else:
        ev = data["evidence"]
    ev.extend(doc, ((m.span, m.sentence, m.cue, m.surface) for m in mentions))


#: How much a source knows of a document's metadata: a file read in full, a catalogue row
#: listing it, a mention citing it.  The highest wins (:func:`_merge_node`).
FULL_TEXT, CATALOGUE_ROW, MENTION = 2, 1, 0


def _merge_node(G: nx.MultiDiGraph, key: str, attrs: dict, *, authority: int = MENTION,
                authorities: dict[str, int] | None = None) -> dict:
    """Add or fill a node, and return its attribute dict.  A document's own file, read in
    full, is authoritative for its metadata; a catalogue row listing it comes next (its
    columns overwrite what mentions said, never what its full text says).  Among equals
    the first non-empty value wins, so the graph does not depend on the order of files.
    *authorities* keeps the highest authority each node has heard."""
    node = G._node.get(key)
    if authorities is not None and authority > MENTION:
        heard = authorities.get(key, MENTION)
        authorities[key] = max(heard, authority)
    else:
        heard = authority
    if node is None:
        # as add_node lays a new node out, without its keyword dict
        node = G._node[key] = {"key": key, "seen": False, "cited": 0}
        G._succ[key], G._pred[key] = {}, {}
        for k, v in attrs.items():
            if v is not None:
                node[k] = v
        return node
    for k, v in attrs.items():
        if v is None:
            continue
        if authority > heard or node.get(k) in (None, "", False):
            node[k] = v
    return node


def build_graph(documents: Iterable[ResolvedDocument]) -> nx.MultiDiGraph:
    """Build the citation graph.

    Parameters
    ----------
    documents : iterable of ResolvedDocument
        Output of :func:`extract.resolve_corpus`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by identity key; one edge per (citing, cited, relation), its
        ``evidence`` an :class:`Evidence` (a sequence of ``{file, span, sentence, cue, surface}``).
        ``G.graph["files"]`` lists the files read, ``G.graph["unresolved"]`` and
        ``G.graph["incomplete"]`` what could not become a node.

    Examples
    --------
    >>> from extract import extract_text, resolve_corpus
    >>> docs = resolve_corpus([extract_text(
    ...     "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.", "a.txt")])
    >>> G = build_graph(docs)
    >>> sorted(G.nodes)
    ['33/CT-TTG@2021', 'file:a.txt']
    >>> [d["relation"] for _, _, d in G.edges(data=True)]
    ['implements']
    """
    return extend_graph(nx.MultiDiGraph(files=[], unresolved=[], incomplete=[]), documents, EvidenceTables())


def extend_graph(G: nx.MultiDiGraph, documents: Iterable[ResolvedDocument], tables: EvidenceTables) -> nx.MultiDiGraph:
    """Add *documents* to *G*, their evidence to *tables*, as :func:`build_graph` adds them
    after the files *G* already holds (``G.graph["files"]``): documents that come after
    those files in file order make the graph (and the tables) built from all in one go.
    :mod:`graph.append` gives it the nodes and tables of a graph file, and the edges the
    new documents add to."""
    authorities: dict[str, int] = {}
    for f in G.graph["files"]:  # what each document's own file (or catalogue row) said of it
        authority = CATALOGUE_ROW if f.get("line") is not None else FULL_TEXT
        authorities[f["key"]] = max(authorities.get(f["key"], MENTION), authority)
    with paused_gc():
        for d in documents:
            meta, ex = d.meta, d.extraction
            row = ex.line is not None
            _merge_node(G, d.key, {
                "number": meta.number, "kind": meta.kind, "date": meta.date,
                "year": meta.year, "level": d.level, "scope": d.scope,
                "place": meta.place, "seen": True, "file": d.doc, "issuer": ex.issuer, "url": ex.url,
            }, authority=CATALOGUE_ROW if row else FULL_TEXT, authorities=authorities)
            entry = {"doc": d.doc, "path": ex.path, "sha256": ex.sha256, "key": d.key, "references": len(d.references)}
            if row:
                tables.sources[d.doc] = source = {"line": ex.line, "url": ex.url}
                entry |= source
            G.graph["files"].append(entry)
            for r in d.references:
                node = _merge_node(G, r.key, {
                    "number": r.number, "title": r.title, "kind": r.kind, "date": r.date, "year": r.year,
                    "issuer": r.issuer, "level": r.level, "scope": r.scope, "place": r.place,
                    "subject": r.subject, "ambiguous": r.ambiguous or None,
                })
                node["cited"] = node.get("cited", 0) + len(r.mentions)
                _add_spellings(node, r)
                for rel in sorted(r.relations):
                    stating = [m for m in r.mentions if m.parent is None and (m.relation == rel or rel == "cites")]
                    _add_evidence(G, tables, d.key, r.key, rel, d.doc, stating or r.mentions)
            # One call per edge: a long text that states one link a thousand times adds
            # its evidence in one go (see Evidence.extend).
            links: dict[tuple[str, str, str], list[Mention]] = {}
            for link in d.links:
                links.setdefault((link.source, link.target, link.relation), []).append(link.evidence)
            for (source, target, relation), stating in links.items():
                _add_evidence(G, tables, source, target, relation, d.doc, stating)
            G.graph["unresolved"].extend({"file": d.doc, "surface": m.surface, "span": list(m.span), "form": m.form}
                                         for m in d.unresolved)
            G.graph["incomplete"].extend({"file": d.doc, "surface": i.surface, "why": i.why, "span": list(i.span)}
                                         for i in d.incomplete)
    return G


def row_sources(files: list[dict]) -> dict[str, dict]:
    """The ``line`` and ``url`` of each file that is a catalogue row, by name (a graph file
    keeps them in its ``files``; older ones have none)."""
    return {f["doc"]: {"line": f["line"], "url": f.get("url")} for f in files if f.get("line") is not None}


def _add_spellings(node: dict, r) -> None:
    """Every other way the corpus writes the document's number ("33/TTg" for "33/CT-TTg"),
    so that each spelling it was cited by finds it (DOMAIN.md §2)."""
    own = fold_number(node["number"]) if node.get("number") else None
    written = {m.number.display for m in r.mentions if m.number is not None and m.form in ("full", "kind_code_dropped")}
    extra = {w for w in written if fold_number(w) != own}
    if extra:
        node["spellings"] = sorted(extra.union(node.get("spellings", ())), key=fold_number)


def label(G: nx.MultiDiGraph, key: str) -> str:
    """How a node is named to a person: its number, its title, or its file."""
    return node_label(G.nodes[key], key)


def node_label(attrs: dict, key: str) -> str:
    """:func:`label` from the node's attribute dict, for loops over many nodes."""
    return attrs.get("number") or attrs.get("title") or attrs.get("file") or key
