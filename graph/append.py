"""Add documents to a graph file without loading it whole: the graph step of an
incremental build (:mod:`graph.incremental`).

The documents come after the file's own in file order, so a full build would have added
them last (:func:`graph.model.extend_graph`): the file's evidence keeps its numbers, and
its tables, files and lists only grow.  This reads the fields it needs (by the byte ranges
:func:`graph.store.write_fields` reported), makes a graph of every node but only the edges
the new documents add evidence to, extends it, and writes the file :func:`graph.store.save`
writes for the whole graph: the other edges' evidence is copied as it was, their node and
relation positions renumbered in arrays.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import numpy as np
import orjson

from extract.resolve import ResolvedDocument

from .model import Evidence, EvidenceTables, extend_graph, paused_gc, row_sources
from .store import FORMAT, VERSION, write_fields

#: The tables of a graph file, in its order (graph.store).
TABLES = ("evidence_files", "sentences", "cues", "surfaces")


def append_documents(path: Path, layout: dict[str, tuple[int, int]], documents: Iterable[ResolvedDocument],
                     output: Path) -> tuple[dict[str, tuple[int, int]], int, int]:
    """Write to *output* the graph file *path* (of *layout*) with *documents* added.

    Returns
    -------
    tuple
        The new file's layout, its number of nodes and of edges.
    """
    raw = memoryview(Path(path).read_bytes())

    def part(name: str) -> memoryview:  # not a copy: the evidence tables are most of the file
        return raw[slice(*layout[name])]

    with paused_gc():
        nodes, relations, files = (orjson.loads(part(name)) for name in ("nodes", "relations", "files"))
        tables = EvidenceTables(*(orjson.loads(part(name)) for name in TABLES), sources=row_sources(files))
        sizes = [len(getattr(tables, t)) for t in ("files", "sentences", "cues", "surfaces")]
        had_files = len(files)
        old_keys = [n["key"] for n in nodes]
        G = nx.MultiDiGraph(files=files, unresolved=[], incomplete=[])
        for k, n in zip(old_keys, nodes):
            G._node[k], G._succ[k], G._pred[k] = n, {}, {}
        docs = list(documents)
        flat = orjson.loads(part("edges"))
        source, target, relation = (np.asarray(flat[i::4], dtype=np.int64) for i in range(3))
        evidence = np.asarray(flat[3::4] or [], dtype=object)
        del flat
        # The old edges out of the documents that get new evidence: into the graph, with their rows.
        index = {k: i for i, k in enumerate(old_keys)}
        taken = np.zeros(len(source), dtype=bool)
        starts = {index[u] for d in docs for u in (d.key, *(link.source for link in d.links)) if u in index}
        for s in starts:
            lo, hi = np.searchsorted(source, s), np.searchsorted(source, s, side="right")
            taken[lo:hi] = True
            for i in range(lo, hi):
                u, v, rel = old_keys[s], old_keys[target[i]], relations[relation[i]]
                keydict = G._succ[u].get(v)
                if keydict is None:
                    keydict = G._succ[u][v] = G._pred[v][u] = {}
                keydict[rel] = {"relation": rel, "evidence": Evidence(tables, evidence[i])}
        extend_graph(G, docs, tables)

        keys = sorted(G._node)
        position = {k: i for i, k in enumerate(keys)}
        grown = [(position[u], position[v], rel, data["evidence"].rows_json())
                 for u, out in G._succ.items() for v, keydict in out.items() for rel, data in keydict.items()]
        relations_now = sorted(set(relations).union(rel for _, _, rel, _ in grown))
        relation_id = {rel: i for i, rel in enumerate(relations_now)}
        kept = ~taken
        node_map = np.asarray([position[k] for k in old_keys], dtype=np.int64)
        relation_map = np.asarray([relation_id[r] for r in relations], dtype=np.int64)
        s_all = np.concatenate([node_map[source[kept]], np.asarray([g[0] for g in grown], dtype=np.int64)])
        t_all = np.concatenate([node_map[target[kept]], np.asarray([g[1] for g in grown], dtype=np.int64)])
        r_all = np.concatenate([relation_map[relation[kept]],
                                np.asarray([relation_id[g[2]] for g in grown], dtype=np.int64)])
        x_all = np.concatenate([evidence[kept], np.asarray([g[3] for g in grown] or [], dtype=object)])
        order = np.lexsort((r_all, t_all, s_all))   # the file's order: source, target, relation
        edges = [None] * (4 * len(order))
        edges[0::4], edges[1::4], edges[2::4] = s_all[order].tolist(), t_all[order].tolist(), r_all[order].tolist()
        edges[3::4] = x_all[order].tolist()

        fields = [("format", [orjson.dumps(FORMAT)]), ("version", [orjson.dumps(VERSION)]),
                  ("files", _grown(part("files"), files[had_files:])),
                  ("nodes", [orjson.dumps([G._node[k] for k in keys])]),
                  ("edges", [orjson.dumps(edges)]), ("relations", [orjson.dumps(relations_now)])]
        fields += [(name, _grown(part(name), getattr(tables, t)[n:]))
                   for name, t, n in zip(TABLES, ("files", "sentences", "cues", "surfaces"), sizes)]
        fields += [(name, _grown(part(name), G.graph[name])) for name in ("unresolved", "incomplete")]
        return write_fields(Path(output), fields), len(keys), len(order)


def _grown(array: memoryview, added: list) -> list:
    """The chunks of the JSON array *array* with the values *added* after its own."""
    if not added:
        return [array]
    return [array[:-1], b"," if len(array) > 2 else b"", orjson.dumps(added)[1:]]
