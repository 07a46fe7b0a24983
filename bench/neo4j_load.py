"""Neo4j load throughput: batched UNWIND loads against one MERGE per row.

    python bench/neo4j_load.py                       # quick: 10,000 docs, 100,000 refs
    python bench/neo4j_load.py --docs 100000 --refs 1000000 --batch-sizes 10000
    python bench/neo4j_load.py --batch-sizes 10000 --no-baseline --bulk   # MERGE against neo4j-admin import
    python bench/neo4j_load.py --graph graph.json --batch-sizes 10000 --no-baseline --bulk   # a built graph

Each run starts from an empty database (with ``--bulk``, a new empty store imported, as a
first load meets it; else the database wiped), then loads a synthetic graph (the shape
:func:`graph.model.build_graph` makes: half the documents are files, each citing others
with evidence) with :func:`graph.neo4j.io.load_graph`.  The baseline writes the same kind
of rows one MERGE per transaction, on a smaller sample, and reports per-row rates.  With
``--bulk`` the same graph is also loaded by :func:`graph.neo4j.bulk.bulk_load`
(``neo4j-admin database import full``, the server stopped and started again), and the
ratio to the fastest UNWIND load of the same run is printed.  ``--graph`` loads a graph file
``vbgraph build`` wrote instead (its up trees are a real corpus's: the synthetic graph's
cite at random, so each document rests on half the graph and no lineage is kept for it,
see :data:`graph.neo4j.lineage.BUDGET`).
Reports the median of ``--runs`` runs and the machine's core count.

Connection: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE (or the options),
as for ``vbgraph load``.  The database is wiped: do not point it at data you keep.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import store  # noqa: E402
from graph.neo4j.bulk import bulk_load  # noqa: E402
from graph.neo4j.io import REL_TYPES, Neo4jSettings, connect, load_graph, wipe  # noqa: E402

PROVINCES = ("Kiên Giang", "Sóc Trăng", "Trà Vinh", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Lào Cai")
KINDS = (("Chỉ thị", "CT"), ("Nghị quyết", "NQ"), ("Kế hoạch", "KH"), ("Kết luận", "KL"),
         ("Quyết định", "QĐ"), ("Công văn", "CV"))
RELS = ("implements", "based_on", "guides", "cites", "amends", "replaces", "repeals", "reports_on")
REL_WEIGHTS = (30, 30, 10, 20, 3, 3, 2, 2)


def synthetic_graph(docs: int, refs: int, *, seed: int = 0, files: int | None = None) -> nx.MultiDiGraph:
    """A graph shaped like :func:`graph.model.build_graph`'s, *docs* nodes and about *refs*
    edges: the first documents are central, later ones provincial; each of *files*
    documents (default half) was read from a file and cites earlier documents, so lineage
    trees form (with shared parents, ties and the odd cycle)."""
    rng = random.Random(seed)
    files = max(1, min(docs, files if files is not None else docs // 2))
    G = nx.MultiDiGraph(files=[], unresolved=[], incomplete=[])
    keys = []
    for i in range(docs):
        kind, code = KINDS[i % len(KINDS)]
        year = 2000 + i % 25
        central = i < max(3, docs // 20)
        place = None if central else PROVINCES[rng.randrange(len(PROVINCES))]
        number = f"{i}/{code}-{'TW' if central else 'UBND'}"
        key = f"{number.upper()}{'#' + place if place else ''}@{year}"
        attrs = {"key": key, "seen": False, "cited": 0, "number": number, "kind": kind,
                 "date": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}", "year": year,
                 "level": "central_party" if central else rng.choice(("provincial_state", "provincial_party")),
                 "scope": "central" if central else "provincial"}
        if place:
            attrs["place"] = place
        if i % 3 == 0:
            attrs["subject"] = f"chủ đề {i % 97}"
        if i % 4 == 0:
            attrs["issuer"] = "Thủ tướng Chính phủ" if central else "Ủy ban nhân dân tỉnh"
        if i % 50 == 7:
            del attrs["number"]
            attrs["title"] = f"Nghị quyết Đại hội {i}"
            attrs["key"] = key = f"title:nghị quyết đại hội {i}"
        G.add_node(key, **attrs)
        keys.append(key)
    readers = sorted(rng.sample(range(docs), files))
    per_file = max(1, refs // files)
    for n, i in enumerate(readers):
        doc = f"{n:06d}_{i}.txt"
        key = keys[i]
        G.nodes[key].update(seen=True, file=doc)
        G.graph["files"].append({"doc": doc, "path": f"/corpus/{doc}", "sha256": f"{seed:04d}{i:060d}",
                                 "key": key, "references": per_file})
        pos = 100
        for _ in range(per_file):
            j = rng.randrange(max(1, i)) if i and rng.random() < 0.95 else rng.randrange(docs)
            if j == i:
                continue
            target = keys[j]
            rel = rng.choices(RELS, REL_WEIGHTS)[0]
            mentions = 1 + (rng.random() < 0.2)
            ev = []
            for _ in range(mentions):
                label = G.nodes[target].get("number") or G.nodes[target]["title"]
                ev.append({"file": doc, "span": [pos, pos + 30],
                           "sentence": f"Căn cứ {label} ngày 01/01/2020 về công tác dân vận '{pos}'",
                           "cue": None if pos % 7 == 0 else "Căn cứ", "surface": label})
                pos += 40
            G.nodes[target]["cited"] += mentions
            if G.has_edge(key, target, key=rel):
                G.edges[key, target, rel]["evidence"].extend(ev)
            else:
                G.add_edge(key, target, key=rel, relation=rel, evidence=ev)
        if i % 10 == 0:
            G.graph["unresolved"].append({"file": doc, "surface": "Quyết định số 12", "span": [1, 9], "form": "short"})
    return G


def _baseline(db, G: nx.MultiDiGraph, rows: int) -> tuple[float, float]:
    """One MERGE per row, each in its own transaction: documents/s, relationships/s."""
    keys = list(G.nodes)[:rows]
    t = time.perf_counter()
    with db.driver.session(database=db.database) as s:
        for k in keys:
            props = {f: v for f, v in G.nodes[k].items() if v is not None and f != "key"}
            s.execute_write(lambda tx: tx.run("MERGE (d:Document {key: $key}) SET d += $props",
                                              key=k, props=props).consume())
    nodes_rate = len(keys) / (time.perf_counter() - t)
    present = set(keys)
    edges = [(u, v, r, d) for u, v, r, d in G.edges(keys=True, data=True) if u in present and v in present][:rows]
    t = time.perf_counter()
    with db.driver.session(database=db.database) as s:
        for u, v, r, d in edges:
            ev = d["evidence"]
            q = (f"MATCH (a:Document {{key: $u}}) MATCH (b:Document {{key: $v}}) MERGE (a)-[r:{REL_TYPES[r]}]->(b) "
                 "SET r.files = $files, r.sentences = $sentences")
            s.execute_write(lambda tx: tx.run(q, u=u, v=v, files=[e["file"] for e in ev],
                                              sentences=[e["sentence"] for e in ev]).consume())
    rels_rate = len(edges) / (time.perf_counter() - t) if edges else float("nan")
    return nodes_rate, rels_rate


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=10_000)
    p.add_argument("--refs", type=int, default=100_000)
    p.add_argument("--batch-sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[500, 2000, 10_000],
                   help="UNWIND batch sizes, comma-separated; empty (--batch-sizes '') for none (with --bulk: the bulk load alone)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--baseline-rows", type=int, default=2000, help="rows for the one-MERGE-per-row baseline")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--bulk", action="store_true",
                   help="also load with neo4j-admin import (vbgraph load --bulk): the server must be the one "
                        "`vbgraph neo4j start` runs for --data-dir, which is stopped and started again")
    p.add_argument("--data-dir", help="the server's data dir, for --bulk (default: vbgraph's)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--graph", help="load this graph file (vbgraph build's) instead of a synthetic graph")
    p.add_argument("--uri")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--database")
    a = p.parse_args(argv)

    t = time.perf_counter()
    G = store.load(a.graph) if a.graph else synthetic_graph(a.docs, a.refs, seed=a.seed)
    print(f"graph: {G.number_of_nodes():,} documents, {G.number_of_edges():,} relationships, "
          f"{len(G.graph['files']):,} files ({'read' if a.graph else 'generated'} in {time.perf_counter() - t:.1f}s); "
          f"cores: {os.cpu_count()}", flush=True)
    settings = Neo4jSettings.from_env(uri=a.uri, user=a.user, password=a.password, database=a.database)
    db = connect(settings)
    results = []

    def fresh(db):
        """An empty database before each timed load: with --bulk a new empty store, imported
        (not what a wiped store leaves, with its transaction logs), else a wipe; and the
        machine's dirty pages written out, so that no load pays for the one before."""
        if a.bulk:
            db.close()
            bulk_load(nx.MultiDiGraph(files=[]), settings, data_dir=a.data_dir, replace=True)
            db = connect(settings)
        else:
            wipe(db)
        os.sync()
        return db

    try:
        for bs in a.batch_sizes:
            runs = []
            for _ in range(a.runs):
                db = fresh(db)
                marks: dict[str, list[float]] = {}
                t = time.perf_counter()
                s = load_graph(db, G, batch_size=bs,
                               progress=lambda stage, done, total: marks.setdefault(stage, []).append(time.perf_counter()))
                total = time.perf_counter() - t
                assert s.nodes_created == G.number_of_nodes() and s.relationships_created == G.number_of_edges(), s.line()
                docs_s = marks["documents"][-1] - marks["documents"][0]
                rels_s = marks["relationships"][-1] - marks["relationships"][0]
                runs.append((total, docs_s, rels_s))
                print(f"  batch {bs}: {total:.1f}s (documents {docs_s:.1f}s, relationships {rels_s:.1f}s, "
                      f"planning and the rest {total - docs_s - rels_s:.1f}s)", flush=True)
            med = statistics.median(r[0] for r in runs)
            results.append((f"UNWIND batch {bs}", med, G.number_of_nodes() / statistics.median(r[1] for r in runs),
                             G.number_of_edges() / statistics.median(r[2] for r in runs)))
        if not a.no_baseline:
            bl = []
            for _ in range(a.runs):
                wipe(db)
                bl.append(_baseline(db, G, a.baseline_rows))
            results.append((f"1 MERGE/tx ({a.baseline_rows} rows)", None,
                            statistics.median(x[0] for x in bl), statistics.median(x[1] for x in bl)))
        if a.bulk:
            runs = []
            for _ in range(a.runs):
                db = fresh(db)
                db.close()  # the server goes down and comes back: a new driver after
                t = time.perf_counter()
                bs = bulk_load(G, settings, data_dir=a.data_dir)
                runs.append(time.perf_counter() - t)
                print(f"  bulk: {runs[-1]:.1f}s ({' '.join(f'{k} {v:.1f}s' for k, v in bs.seconds.items())})", flush=True)
                db = connect(settings)
            med = statistics.median(runs)
            results.append(("neo4j-admin import (bulk)", med, G.number_of_nodes() / med, G.number_of_edges() / med))
        db = fresh(db)
    finally:
        db.close()
    print(f"\n{'method':<28}{'median s':>10}{'docs/s':>12}{'rels/s':>12}   (cores: {os.cpu_count()}, "
          f"median of {a.runs})")
    for name, med, nr, rr in results:
        print(f"{name:<28}{(f'{med:.1f}' if med is not None else '-'):>10}{nr:>12,.0f}{rr:>12,.0f}")
    merge = [r for r in results if r[0].startswith("UNWIND")]
    bulk = [r for r in results if r[0].startswith("neo4j-admin")]
    if merge and bulk:
        best = min(merge, key=lambda r: r[1])
        print(f"bulk import: {best[1] / bulk[0][1]:.1f}× faster than {best[0]} measured in the same run "
              "(docs/s and rels/s of the bulk row: the whole load, server stop and start included)")
    print("(UNWIND docs/s: the documents stage, each document with its SOURCE_OF links to the files naming it;\n"
          " rels/s: the relationships stage, evidence lists included; median s: the whole load, planning included)")


if __name__ == "__main__":
    main()
