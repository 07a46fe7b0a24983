"""Each document's lineage, written into Neo4j at load time so that a hub's first page
does not walk its tree.

A hub directive has 30,000–45,000 documents below it.  Walking them in Cypher costs
seconds, but what the listings of :mod:`graph.neo4j.queries` need of that tree is local
once each document knows its own lineage along :data:`graph.model.LINEAGE_RELATIONS`:

``lineage_up`` / ``lineage_at``
    The documents it rests on, directly or through a chain (its *up* tree), nearest first
    then by key; and the same as ``"<distance>\\x1f<key>"`` (:func:`tag`).  Its depth in
    the *down* tree of any of them is that distance, so a breadth-first level of a hub is
    found from the level before it without sending the documents seen so far, each
    document's test being one ``IN`` on a short list (a list comprehension per document
    costs ten times more in Cypher).
``lineage_below``
    How many documents rest on it: the size of its down tree, itself excluded.
``lineage_places`` / ``lineage_place_counts``
    The places of those documents, by key order of place, and how many each; with
    ``lineage_unplaced``, the keys of those without a place.  ``implementers`` sorts by
    place first: this tells which places its page covers.
``lineage_hash``
    A digest of the above, so that a load rewrites only the documents whose lineage changed.

The values hold for the graph they were computed from, so they are written only when the
database holds exactly that graph (the same documents, relationships and files: the
usual case, one corpus loaded) and removed otherwise; the load writes them inside its
record of work in progress, and the queries use them only for a document that has them
while no load or wipe is unfinished (:func:`ready`).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator

import networkx as nx

from ..index import ROW_ATTRS, graph_index
from ..model import LINEAGE_RELATIONS
from .io import Q_BEGIN, Q_END, REL_TYPES, Neo4jGraph, _record, counts, translate_errors

#: The relationship types the lineage follows, as a Cypher pattern's alternatives.
TYPES = "|".join(sorted(REL_TYPES[r] for r in LINEAGE_RELATIONS))

FIELDS = ("lineage_up", "lineage_at", "lineage_below", "lineage_places", "lineage_place_counts",
          "lineage_unplaced", "lineage_hash")

Q_HASHES = "MATCH (d:Document) RETURN d.key AS key, d.lineage_hash AS hash"

Q_WRITE = "UNWIND $rows AS row MATCH (d:Document {key: row.key}) SET " + ", ".join(
    f"d.{f} = row.{f}" for f in FIELDS)

Q_REMOVE = ("MATCH (d:Document) WHERE d.lineage_hash IS NOT NULL WITH d LIMIT $n REMOVE "
            + ", ".join(f"d.{f}" for f in FIELDS) + " RETURN count(d) AS n")

Q_ANY = "MATCH (d:Document) WHERE d.lineage_hash IS NOT NULL RETURN 1 LIMIT 1"

Q_MISSING = "MATCH (d:Document) WHERE d.lineage_hash IS NULL RETURN count(d) > 0 AS missing"

# Whether the lineage of $key can be used: written, and no load or wipe left unfinished.
Q_READY = """
OPTIONAL MATCH (s:VbgraphState)
WITH count(s) AS busy
MATCH (r:Document {key: $key})
RETURN busy = 0 AND r.lineage_hash IS NOT NULL AS ready, r.lineage_below AS below,
       r.lineage_places AS places, r.lineage_place_counts AS place_counts, r.lineage_unplaced AS unplaced
"""


#: Separates the distance from the key in ``lineage_at`` (cleaned text never holds control characters).
SEP = "\x1f"


def tag(depth: int, key: str) -> str:
    """The ``lineage_at`` entry saying that *key* is *depth* steps up."""
    return f"{depth}{SEP}{key}"


def lineage(G: nx.MultiDiGraph) -> dict[str, dict]:
    """The lineage properties of every document of *G* (see the module docstring).

    Empty lists are ``None``, as Neo4j's importer and the rest of the schema store them.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("plan", place="Huế"); G.add_edge("plan", "directive", key="implements")
    'implements'
    >>> G.add_edge("report", "plan", key="based_on"); G.add_edge("report", "directive", key="cites")
    'based_on'
    'cites'
    >>> rows = lineage(G)
    >>> rows["report"]["lineage_up"], rows["report"]["lineage_at"]
    (['plan', 'directive'], ['1\\x1fplan', '2\\x1fdirective'])
    >>> d = rows["directive"]
    >>> d["lineage_below"], d["lineage_places"], d["lineage_place_counts"], d["lineage_unplaced"]
    (2, ['Huế'], [1], ['report'])
    """
    ix = graph_index(G)
    follow = ix.relation_mask(LINEAGE_RELATIONS).tolist()
    indptr, nbr, rel = ix.up.indptr.tolist(), ix.up.nbr.tolist(), ix.up.rel.tolist()
    places = ix.attrs[ROW_ATTRS.index("place")]
    n = len(ix)
    up: list[list[tuple[int, int]]] = []
    below = [0] * n
    by_place: list[Counter] = [Counter() for _ in range(n)]
    unplaced: list[list[int]] = [[] for _ in range(n)]
    # One breadth-first walk up from each document: up trees are small (about 9 documents
    # on average, at most about 20, in the generated corpora), where down trees are not.
    for s in range(n):
        depth = {s: 0}
        frontier = [s]
        d = 0
        while frontier:
            d += 1
            nxt = []
            for u in frontier:
                for j in range(indptr[u], indptr[u + 1]):
                    v = nbr[j]
                    if follow[rel[j]] and v not in depth:
                        depth[v] = d
                        nxt.append(v)
            frontier = nxt
        del depth[s]
        up.append(sorted((d, a) for a, d in depth.items()))  # ids rank as keys do
        for a in depth:
            below[a] += 1
            if places[s]:
                by_place[a][places[s]] += 1
            else:
                unplaced[a].append(s)
    keys = ix.keys
    out = {}
    for i, k in enumerate(keys):
        place_list = sorted(by_place[i])
        row = {"lineage_up": [keys[a] for _, a in up[i]] or None, "lineage_at": [tag(d, keys[a]) for d, a in up[i]] or None,
               "lineage_below": below[i], "lineage_places": place_list or None,
               "lineage_place_counts": [by_place[i][p] for p in place_list] or None,
               "lineage_unplaced": [keys[a] for a in sorted(unplaced[i])] or None}
        blob = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8")
        row["lineage_hash"] = hashlib.blake2b(blob, digest_size=12).hexdigest()
        out[k] = row
    return out


def _chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def mirrors(db: Neo4jGraph, G: nx.MultiDiGraph, files: int) -> bool:
    """Whether the database holds *G* and nothing else, *G* having just been loaded into it
    (so that it holds at least *G*): the same numbers of documents, relationships and
    files (*files*, as the load counts them)."""
    held = counts(db)
    return (held["documents"], held["relationships"], held["files"]) == (G.number_of_nodes(), G.number_of_edges(),
                                                                         files)


def sync(db: Neo4jGraph, G: nx.MultiDiGraph, files: int, *, changed: bool = True,
         before_writing: Callable[[], None] = lambda: None, batch_size: int = 5000) -> int:
    """Write the lineage of *G*'s documents where it changed when the database holds *G*
    alone, else remove every document's lineage.  Call it right after loading *G*.

    Parameters
    ----------
    files : int
        The files of *G*, as the load counts them.
    changed : bool
        Whether the load wrote anything; when not, the lineage is computed only if some
        document lacks it (a database loaded before lineage was kept).
    before_writing : callable
        Called once before the first write (to record the work in progress).

    Returns
    -------
    int
        Documents whose lineage was written or removed.
    """
    touched = 0
    started = False

    def write(query: str, **params):
        nonlocal started
        if not started:
            before_writing()
            started = True
        with translate_errors(db.uri), db.driver.session(database=db.database) as s:
            return s.execute_write(lambda tx: tx.run(query, **params).data())

    if not mirrors(db, G, files):
        while db.read(Q_ANY):
            touched += write(Q_REMOVE, n=batch_size)[0]["n"]
        return touched
    if not changed and not db.read(Q_MISSING)[0]["missing"]:
        return 0
    stored = {r["key"]: r["hash"] for r in db.read(Q_HASHES)}
    rows = [{"key": k} | props for k, props in lineage(G).items() if stored.get(k) != props["lineage_hash"]]
    for chunk in _chunks(rows, batch_size):
        write(Q_WRITE, rows=chunk)
    return len(rows)


def sync_recorded(db: Neo4jGraph, G: nx.MultiDiGraph, files: int, *, changed: bool = True) -> int:
    """:func:`sync` outside a load (after a bulk import, or a load that changed nothing),
    recorded as a load in progress while it writes, so that a lineage half written is
    never used and the next load finishes it."""
    touched = sync(db, G, files, changed=changed, before_writing=lambda: _record(db, Q_BEGIN, operation="load"))
    if touched:
        _record(db, Q_END)
    return touched


def ready(db: Neo4jGraph, key: str) -> dict | None:
    """The lineage summary of *key* (``below``, ``places``, ``place_counts``, ``unplaced``)
    when the queries can rely on the stored lineage, else None."""
    rows = db.read(Q_READY, key=key)
    return rows[0] if rows and rows[0]["ready"] else None
