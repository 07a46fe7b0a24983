"""The lineage queries of :mod:`graph.queries`, answered by Neo4j.

Same functions, same keyword arguments, same rows (keys, values and order), so that output
formatting and the parity tests share them; the first argument is a
:class:`graph.neo4j.io.Neo4jGraph` (driver and database) instead of ``G``.

The graph work is Cypher: breadth-first walks fetch one level at a time (the neighbours
of the whole frontier in one query) and the deterministic choices the networkx code makes
(nearest depth, smallest parent, forward edges and smaller keys first) are finished in
Python on those rows.  Nothing pulls the whole graph.

Down the lineage relations (``trace --down``, ``implementers``, ``coverage``: the queries
asked of hub directives) the walks read each document's lineage written at load time
(:mod:`graph.neo4j.lineage`): a level is the documents one step below the level before
whose depth under the root is the next one, so no seen set travels; the page is cut in
Cypher and only its rows come back; totals, and the places ``implementers`` sorts by,
are the root's own counts.  Where the lineage cannot be used (other relations, a
database holding more than one graph, a load left unfinished) the walks send the
documents seen so far instead.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from extract.resolve import fold_number, fold_title

from ..checks import BASIS_RELATIONS, EVENTS, UNPLACED_MARK, Decider, DocFacts, Link
from ..collation import vi_sort_key
from ..model import LINEAGE_RELATIONS, paused_gc
from ..provinces import ProvinceMap, map_at, province_places
from . import lineage
from .io import OPTIONAL_EVIDENCE, REL_TYPES, RELATIONS, SPELLED, Neo4jGraph, evidence_list
from ..queries import (CANDIDATE_ATTRS, NODE_COLUMNS, Page, bfs_step, column_labels, count_rows, coverage_rows,
                      hop_evidence, implementer_rows, page_window, path_files, pick_node, split_year)

ALL_TYPES = sorted(RELATIONS)

Q_HAS_KEY = "MATCH (d:Document {key: $key}) WHERE d.ambiguous IS NULL OR NOT d.ambiguous RETURN d.key AS key"

Q_FIND = """
CALL () { MATCH (d:Document) WHERE d.number_fold = $q RETURN d
  UNION
  MATCH (d:""" + SPELLED + """) WHERE $q IN d.spelling_folds RETURN d
  UNION
  MATCH (d:Document) WHERE d.title_fold = $qt AND coalesce(d.number, '') = '' RETURN d }
RETURN d.key AS key, d.number AS number, d.title AS title, d.file AS file, d.year AS year, d.kind AS kind,
       d.date AS date, d.place AS place, d.ambiguous AS ambiguous
"""

Q_NUMBERS = """
MATCH (d:Document) WHERE d.number_fold IS NOT NULL
WITH d.number_fold AS fold, collect(DISTINCT d.number) AS numbers, collect([d.key, d.number]) AS pairs
RETURN fold, numbers, CASE WHEN size(numbers) > 1 THEN pairs END AS pairs
"""

Q_NODES = """
UNWIND $keys AS k
MATCH (d:Document {key: k})
RETURN d.key AS key, d.number AS number, d.title AS title, d.kind AS kind, d.date AS date,
       d.level AS level, d.place AS place, d.issuer AS issuer, d.subject AS subject,
       d.seen AS seen, d.cited AS cited, d.file AS file
"""

# One breadth-first level: the edges from the frontier $keys to documents not $seen yet
# ($seen a map key → true: a hash lookup, where `IN $list` scans the list for every row).
Q_OUT = """
UNWIND $keys AS k
MATCH (:Document {key: k})-[r]->(v:Document)
WHERE type(r) IN $types AND $seen[v.key] IS NULL
RETURN k AS u, v.key AS v, type(r) AS type
"""

Q_IN = """
UNWIND $keys AS k
MATCH (:Document {key: k})<-[r]-(v:Document)
WHERE type(r) IN $types AND $seen[v.key] IS NULL
RETURN k AS u, v.key AS v, type(r) AS type
"""

# A document's label (graph.model.node_label), as a Cypher expression.
_LABEL = ("CASE WHEN {v}.number <> '' THEN {v}.number WHEN {v}.title <> '' THEN {v}.title "
          "WHEN {v}.file <> '' THEN {v}.file ELSE {v}.key END")

# One level of the down tree of $root: the documents one step below $frontier that are
# $tag (lineage.tag: at $depth under $root).  Only the rows $skip to $stop come back, with
# the edges to their possible parents ($parent_tag: one level up; the root itself at
# depth 1); the level's keys only when the walk goes on ($more, and the level holds fewer
# than the $until rows the page still needs).
Q_LEVEL = f"""
UNWIND $frontier AS k
MATCH (:Document {{key: k}})<-[:{lineage.TYPES}]-(v:Document)
WITH DISTINCT v
WHERE $tag IN v.lineage_at
WITH v ORDER BY {_LABEL.format(v="v")}, v.key
WITH collect(v) AS level
CALL (level) {{
  UNWIND level[$skip..$stop] AS v
  CALL (v) {{
    MATCH (v)-[r:{lineage.TYPES}]->(u:Document)
    WHERE $parent_tag IN u.lineage_at OR ($depth = 1 AND u.key = $root)
    RETURN collect([u.key, type(r)]) AS via
  }}
  RETURN collect(v {{.key, .kind, .level, .place, .date, label: {_LABEL.format(v="v")}, via: via}}) AS rows
}}
RETURN size(level) AS n, rows,
       CASE WHEN $more AND ($until IS NULL OR size(level) < $until) THEN [v IN level | v.key] END AS keys
"""

# The documents under $root of the places $places, and those of $keys (its unplaced ones),
# with their lineage_at entry for $root ($suffix: its separator and key).
Q_MEMBERS = f"""
CALL () {{
  UNWIND $places AS p
  MATCH (d:Document {{place: p}}) WHERE $root IN d.lineage_up
  RETURN d
  UNION ALL
  UNWIND $keys AS k
  MATCH (d:Document {{key: k}})
  RETURN d
}}
RETURN d.key AS key, {_LABEL.format(v="d")} AS label, d.kind AS kind, d.level AS level, d.place AS place,
       d.date AS date, [x IN d.lineage_at WHERE x ENDS WITH $suffix][0] AS at
"""

# The possible parents of each of $rows ({{key, depth, parent_tag}}) under $root: its
# neighbours one level up.
Q_PARENTS = f"""
UNWIND $rows AS row
MATCH (:Document {{key: row.key}})-[r:{lineage.TYPES}]->(u:Document)
WHERE row.parent_tag IN u.lineage_at OR (row.depth = 1 AND u.key = $root)
RETURN row.key AS v, u.key AS u, type(r) AS type, {_LABEL.format(v="u")} AS label
"""

Q_HOP_EVIDENCE = """
UNWIND $hops AS h
MATCH (:Document {key: h.a})-[r]->(:Document {key: h.b})
WHERE type(r) = h.type
RETURN h.i AS i, r.files AS files, """ + evidence_list("sentences") + """ AS sentences
"""

Q_FILES = "UNWIND $keys AS k MATCH (d:Document {key: k}) RETURN d.key AS key, d.file AS file"

Q_SHOW_OUT = """
MATCH (:Document {key: $key})-[r]->(v:Document)
WHERE type(r) IN $types
RETURN type(r) AS type, v.key AS key, v.number AS number, v.title AS title, v.file AS file,
       size(r.files) AS evidence
"""

Q_SHOW_IN = """
MATCH (:Document {key: $key})<-[r]-(u:Document)
WHERE type(r) IN $types
RETURN type(r) AS type, u.key AS key, u.number AS number, u.title AS title, u.file AS file,
       r.files AS files, r.spans AS spans, """ + ", ".join(f"{evidence_list(f)} AS {f}" for f in OPTIONAL_EVIDENCE) + """
"""

Q_STATS_DOCS = """
MATCH (d:Document)
RETURN count(d) AS documents, count(CASE WHEN d.ambiguous THEN 1 END) AS ambiguous
"""

Q_STATS_FILES = """
MATCH (f:VbgraphFile)
RETURN count(f) AS files, coalesce(sum(f.unresolved), 0) AS unresolved, coalesce(sum(f.incomplete), 0) AS incomplete
"""

Q_STATS_GROUPS = """
CALL () { MATCH (d:Document) RETURN 'kind' AS grp, d.kind AS value, count(*) AS count
  UNION ALL MATCH (d:Document) RETURN 'level' AS grp, d.level AS value, count(*) AS count
  UNION ALL MATCH (d:Document) WHERE d.place IS NOT NULL RETURN 'province' AS grp, d.place AS value, count(*) AS count
  UNION ALL MATCH (:Document)-[r]->(:Document) WHERE type(r) IN $types
            RETURN 'relation' AS grp, type(r) AS value, count(*) AS count }
RETURN grp, value, count
"""

# The checks (graph/checks.py): every replacement, repeal and amendment, then the basis
# links into their targets and into documents the graph cannot pin down.  A check at
# 100,000 documents reads some 200,000 links: each query answers in one record (or one per
# target) of lists of plain values, which the driver decodes several times faster than as
# many records, and the relationship types are written into the pattern (from the fixed
# table REL_TYPES) so that Neo4j reads only relationships of those types.
#
# The evidence a finding shows: the smallest (file, sentence) pair, as
# graph.checks.evidence_text picks it and writes it ("file: sentence"), found here so that a
# link stated by hundreds of files sends one string.  (Neo4j orders strings by UTF-16 unit
# and Python by code point: the same order for every character below U+E000, which
# Vietnamese text keeps to.)
_SMALLEST_EVIDENCE = """reduce(best = null, i IN range(0, size({r}.files) - 1) |
  CASE WHEN best IS NULL OR {r}.files[i] < best[0] OR ({r}.files[i] = best[0] AND coalesce({r}.sentences[i], '') < best[1])
       THEN [{r}.files[i], coalesce({r}.sentences[i], '')] ELSE best END)"""

#: What graph.checks.DocFacts reads of a document, in a list: key, label (as _label
#: makes it), date, place, file.  (Whether it is ambiguous matters only for the documents
#: rested on, which Q_CHECK_FACTS reads.)
_DOC_FACTS = """{d}.key, CASE WHEN {d}.number <> '' THEN {d}.number WHEN {d}.title <> '' THEN {d}.title
  WHEN {d}.file <> '' THEN {d}.file ELSE {d}.key END, {d}.date, {d}.place, {d}.file"""

Q_CHECK_EVENTS = """
MATCH (r:Document)-[e:{types}]->(x:Document)
WITH r, e, x, """ + _SMALLEST_EVIDENCE.format(r="e") + """ AS best
RETURN collect([r.key, type(e), x.key, best[0] + ': ' + best[1]]) AS events
"""

Q_CHECK_UNDECIDED = """
MATCH (x:Document) WHERE x.ambiguous = true OR x.key CONTAINS $unplaced
RETURN collect(x.key) AS keys
"""

Q_CHECK_FACTS = """
UNWIND $keys AS k
MATCH (d:Document {key: k})
RETURN collect([""" + _DOC_FACTS.format(d="d") + """, coalesce(d.ambiguous, false)]) AS docs
"""

# One record per target: its basis links, each with the facts of the document resting on
# it.  A subquery per target, so that each record leaves as soon as its target is done and
# the client reads it while the server works on the next.  --province and --since are
# applied here as well as in decide: a province's officer reads that province's links,
# not the country's.
Q_CHECK_BASIS = """
UNWIND $targets AS t
CALL (t) {
  MATCH (d:Document)-[b:{types}]->(:Document {key: t})
  WHERE ($places IS NULL OR d.place IN $places) AND ($since IS NULL OR d.date >= $since)
  WITH d, b, """ + _SMALLEST_EVIDENCE.format(r="b") + """ AS best
  RETURN collect([type(b), best[0] + ': ' + best[1], """ + _DOC_FACTS.format(d="d") + """]) AS links
}
RETURN t AS target, links
"""


def _count_tree(db: Neo4jGraph, key: str, direction: str, types: list[str], depth: int | None) -> int:
    """Documents in the lineage tree of *key*, itself included, counted by Neo4j alone (a
    variable-length match whose DISTINCT lets the planner visit each document once)."""
    if not types:
        return 1
    assert all(t in RELATIONS for t in types), types  # relationship types come from the fixed table only
    hops = f"*1..{int(depth)}" if depth is not None else "*1.."
    arrow = f"-[:{'|'.join(types)}{hops}]->" if direction == "up" else f"<-[:{'|'.join(types)}{hops}]-"
    return 1 + db.read(f"MATCH (root:Document {{key: $key}}){arrow}(d:Document) WHERE d <> root "
                       "RETURN count(DISTINCT d) AS n", key=key)[0]["n"]


def _types(relations: Iterable[str] | None) -> list[str]:
    """Relationship types for relation names; names outside the table match nothing, as
    they do on the networkx graph."""
    if relations is None:
        return ALL_TYPES
    return sorted({REL_TYPES[r] for r in relations if r in REL_TYPES})


def _label(n: dict) -> str:
    return n.get("number") or n.get("title") or n.get("file") or n["key"]


def _nodes(db: Neo4jGraph, keys: Iterable[str]) -> dict[str, dict]:
    """Node rows (``NODE_COLUMNS`` + ``label``) of *keys*, in one query."""
    out = {}
    for r in db.read(Q_NODES, keys=list(keys)):
        out[r["key"]] = {c: r.get(c) for c in NODE_COLUMNS} | {"label": _label(r)}
    return out


def node_row(db: Neo4jGraph, key: str) -> dict:
    return _nodes(db, [key])[key]


def find_node(db: Neo4jGraph, query: str) -> str:
    """The key of the one document *query* names (see :func:`graph.queries.find_node`).

    Raises
    ------
    NodeNotFound
        With the closest known numbers as suggestions.
    AmbiguousNode
        When the number names several documents.
    """
    if db.read(Q_HAS_KEY, key=query):
        return query
    text, _ = split_year(query)
    hits = sorted(db.read(Q_FIND, q=fold_number(text), qt=fold_title(text)), key=lambda r: r["key"])
    known = None
    if not hits:
        # One spelling per folded number; when documents write it differently, that of the
        # greatest key, as networkx does on a graph read from its (key-sorted) file.
        known = sorted((r["fold"], max(r["pairs"])[1] if r["pairs"] else r["numbers"][0]) for r in db.read(Q_NUMBERS))
    return pick_node(query, [{"key": h["key"]} | {a: h[a] for a in CANDIDATE_ATTRS} for h in hits], known)


def _neighbours(db: Neo4jGraph, keys: list[str], direction: str, types: list[str],
                seen: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """The neighbours of *keys* not in *seen* (edges back to seen documents change nothing
    in a breadth-first walk), by key."""
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in keys}
    if not types or not keys:
        return out
    for r in db.read(Q_OUT if direction == "up" else Q_IN, keys=keys, types=types, seen=dict.fromkeys(seen, True)):
        out[r["u"]].append((r["v"], RELATIONS[r["type"]]))
    return out


def _lineage(db: Neo4jGraph, key: str, types: list[str], page: str | None = None) -> dict | None:
    """The lineage summary of *key* (with its stored first *page*, if any) when the walk
    down *types* can read the stored lineage (see :func:`graph.neo4j.lineage.ready`), else None."""
    return lineage.ready(db, key, page) if types == _types(LINEAGE_RELATIONS) else None


def trace(db: Neo4jGraph, key: str, *, direction: str = "up", depth: int | None = None,
          relations: Iterable[str] = LINEAGE_RELATIONS, limit: int | None = None, offset: int = 0) -> Page:
    """The lineage tree of *key*, breadth first (see :func:`graph.queries.trace`).

    Down the lineage relations, from the stored lineage: a hub's first page as stored,
    else only the page's rows are made.  Otherwise, with *limit*, the walk stops at the first level that completes the page:
    documents found by then have their final depth and parent, and any other sorts after
    them; the total is then counted by Neo4j alone, without fetching the rest of the tree.
    """
    if direction not in ("up", "down"):
        raise ValueError("direction is 'up' or 'down'")
    page_window(0, limit, offset)  # the same error for a negative limit or offset
    types = _types(tuple(relations))
    known = _lineage(db, key, types, "trace" if depth is None else None) if direction == "down" else None
    if known is not None:
        rows = lineage.stored_page(known, known["below"] + 1, limit, offset)
        if rows is not None:
            return Page(rows, known["below"] + 1, offset)
        return _trace_down(db, key, known, depth, limit, offset)
    dist = {key: 0}
    parent: dict[str, tuple[str, str]] = {}
    frontier = [key]
    wanted = None if limit is None else offset + limit
    while frontier and (depth is None or dist[frontier[0]] < depth):
        if wanted is not None and len(dist) >= wanted:
            break
        nbrs = _neighbours(db, frontier, direction, types, dist)
        frontier = bfs_step(frontier, nbrs.__getitem__, dist, parent)
    whole = not frontier or (depth is not None and dist[frontier[0]] >= depth)
    nodes = _nodes(db, dist)
    rows = []
    for v, d in dist.items():
        r = nodes[v]
        rows.append(_trace_row(v, d, r, parent.get(v)))
    rows.sort(key=lambda r: (r["depth"], r["label"], r["key"]))
    total = len(rows) if whole else _count_tree(db, key, direction, types, depth)
    return Page(rows[page_window(len(rows), limit, offset)], total, offset)


def _trace_row(key: str, depth: int, node: dict, parent: tuple[str, str] | None) -> dict:
    return {"depth": depth, "key": key, "label": node["label"], "kind": node["kind"], "level": node["level"],
            "place": node["place"], "date": node["date"], "relation": parent[1] if parent else None,
            "parent": parent[0] if parent else None}


def _parent(via: list[list[str]]) -> tuple[str, str]:
    """The parent :func:`graph.queries.bfs_step` picks among a document's possible ones."""
    return min((u, RELATIONS[t]) for u, t in via)


def _trace_down(db: Neo4jGraph, key: str, known: dict, depth: int | None, limit: int | None,
                offset: int) -> Page:
    """:func:`trace` down the lineage relations from the stored lineage: level by level,
    each level cut to the page in Cypher, until the page is full (with *depth*, until the
    last level, to count it); the total of a whole tree is the root's ``below`` count."""
    rows = [_trace_row(key, 0, node_row(db, key), None)][page_window(1, limit, offset)]
    end = None if limit is None else offset + limit
    count, level, frontier = 1, 0, [key]  # count: rows of the levels walked
    while frontier and (depth is None or level < depth) and (depth is not None or end is None or count < end):
        level += 1
        skip = max(0, offset - count)
        stop = max(skip, known["below"] + 1 if end is None else end - count)
        r = db.read(Q_LEVEL, frontier=frontier, root=key, depth=level, tag=lineage.tag(level, key),
                    parent_tag=lineage.tag(level - 1, key), skip=skip, stop=stop,
                    more=depth is None or level < depth,
                    until=None if depth is not None or end is None else end - count)[0]
        rows += [_trace_row(x["key"], level, x, _parent(x["via"])) for x in r["rows"]]
        count += r["n"]
        frontier = r["keys"] or []
    return Page(rows, count if depth is not None else known["below"] + 1, offset)


def _groups(known: dict, province: str | None) -> list[tuple[str | None, int]]:
    """The places of the documents under a root, in ``implementers`` order (None, the
    unplaced, first), with how many documents each, only *province*'s when given."""
    groups = [(None, len(known["unplaced"] or []))] + list(zip(known["places"] or [], known["place_counts"] or []))
    groups.sort(key=lambda g: vi_sort_key(g[0] or ""))
    if province:
        groups = [g for g in groups if (g[0] or "").casefold() == province.casefold()]
    return [g for g in groups if g[1]]


def _members(db: Neo4jGraph, key: str, known: dict, places: list[str | None]) -> list[dict]:
    """The documents under *key* of *places* (None: the unplaced), each with its depth."""
    rows = db.read(Q_MEMBERS, root=key, places=[p for p in places if p is not None],
                   keys=(known["unplaced"] or []) if None in places else [], suffix=lineage.SEP + key)
    for r in rows:
        r["depth"] = int(r.pop("at").split(lineage.SEP, 1)[0])
    return rows


def _chains(db: Neo4jGraph, key: str, rows: list[dict]) -> dict[str, tuple[list[str], list[str]]]:
    """Label and relation chains from each of *rows* (``key``, ``label``, ``depth``) up to
    *key*, through the parents :func:`trace` picks: one query per level, from the page's
    rows up, each asking only for the parents not known yet."""
    parent: dict[str, tuple[str, str]] = {}
    labels = {r["key"]: r["label"] for r in rows}
    depth_of = {r["key"]: r["depth"] for r in rows if r["depth"] > 0}
    while depth_of:
        pending = [{"key": k, "depth": d, "parent_tag": lineage.tag(d - 1, key)} for k, d in depth_of.items()]
        via: dict[str, list] = {}
        for r in db.read(Q_PARENTS, root=key, rows=pending):
            via.setdefault(r["v"], []).append([r["u"], r["type"]])
            labels[r["u"]] = r["label"]
        for v, candidates in via.items():
            parent[v] = _parent(candidates)
        depth_of = {parent[v][0]: d - 1 for v, d in depth_of.items() if d > 1 and parent[v][0] not in parent}
    out = {}
    for r in rows:
        chain, steps = [r["key"]], []
        while chain[-1] != key:
            u, rel = parent[chain[-1]]
            chain.append(u)
            steps.append(rel)
        out[r["key"]] = ([labels[k] for k in chain], steps)
    return out


def implementers(db: Neo4jGraph, key: str, *, province: str | None = None, level: str | None = None,
                 relations: Iterable[str] = LINEAGE_RELATIONS, limit: int | None = None, offset: int = 0) -> Page:
    """Documents that implement *key*, with the chain (see :func:`graph.queries.implementers`).

    From the stored lineage a hub's first page is read as stored; otherwise only the places
    the page covers are read (the order starts with the place) and chains are made for its
    rows; without it the whole tree is walked."""
    page_window(0, limit, offset)  # the same error for a negative limit or offset
    known = _lineage(db, key, _types(tuple(relations)), None if province or level else "implementers")
    if known is None:
        return implementer_rows(trace(db, key, direction="down", relations=relations), key,
                                province=province, level=level, limit=limit, offset=offset)
    if (rows := lineage.stored_page(known, known["below"], limit, offset)) is not None:
        return Page(rows, known["below"], offset)
    groups = _groups(known, province)
    start, chosen = 0, groups  # start: the listing's row where the chosen places begin
    if not level:  # how many of a place are of the level is not stored: then every place is read
        end = None if limit is None else offset + limit
        chosen = []
        for place, n in groups:
            if start + sum(c for _, c in chosen) >= (end if end is not None else float("inf")):
                break
            if not chosen and start + n <= offset:
                start += n
            else:
                chosen.append((place, n))
    found = [r for r in _members(db, key, known, [p for p, _ in chosen]) if not (level and r["level"] != level)]
    found.sort(key=lambda r: (vi_sort_key(r["place"] or ""), r["depth"], r["label"], r["key"]))
    page = found[page_window(len(found), limit, offset - start)]
    chains = _chains(db, key, page)
    return Page([{"key": r["key"], "label": r["label"], "kind": r["kind"], "level": r["level"], "place": r["place"],
                  "date": r["date"], "depth": r["depth"], "chain": chains[r["key"]][0],
                  "relations": chains[r["key"]][1]} for r in page],
                len(found) if level else sum(n for _, n in groups), offset)


def coverage(db: Neo4jGraph, keys: list[str], *, provinces: Iterable[str] | None = None,
             as_of: date | None = None, relations: Iterable[str] = LINEAGE_RELATIONS) -> list[dict]:
    """Directives × provinces (see :func:`graph.queries.coverage`): each directive's placed
    documents from the stored lineage (no depths or chains: cells need none), else from
    its whole :func:`implementers`."""
    relations = tuple(relations)
    keys = list(dict.fromkeys(keys))
    nodes = _nodes(db, keys)
    found = []
    for k in keys:
        known = _lineage(db, k, _types(relations))
        found.append(implementers(db, k, relations=relations) if known is None
                     else _members(db, k, known, known["places"] or []))
    return coverage_rows(column_labels(keys, [nodes[k]["label"] for k in keys]), found, provinces, as_of)


def places(db: Neo4jGraph) -> list[str]:
    """The provinces that have documents, sorted (``coverage --seen-only``)."""
    return sorted(r["place"] for r in db.read("MATCH (d:Document) WHERE d.place IS NOT NULL AND d.place <> '' "
                                              "RETURN DISTINCT d.place AS place"))


def _shortest_paths(types: list[str]) -> str:
    assert all(t in RELATIONS for t in types), types  # relationship types come from the fixed table only
    return f"""
MATCH (a:Document {{key: $source}}), (b:Document {{key: $target}})
MATCH p = allShortestPaths((a)-[:{'|'.join(types)}*]-(b))
RETURN [r IN relationships(p) | [startNode(r).key, endNode(r).key, type(r)]] AS rels
"""


def shortest_path(db: Neo4jGraph, source: str, target: str, *,
                  relations: Iterable[str] | None = None) -> list[dict]:
    """The shortest chain between two documents (see :func:`graph.queries.shortest_path`).

    The networkx walk takes, at each step, forward edges and smaller keys first, so its
    chain is the smallest of all shortest chains compared step by step on (backward,
    next key, relation) (see :func:`graph.index.path_steps`).  Neo4j finds all shortest
    chains (a search from both ends, which never walks a hub's tree) and the smallest is
    kept here.
    """
    types = _types(relations if relations else None)
    if source == target or not types:
        return []
    best = None
    for r in db.read(_shortest_paths(types), source=source, target=target):
        steps, node = [], source
        for a, b, t in r["rels"]:
            node, back = (b, 0) if a == node else (a, 1)
            steps.append((back, node, RELATIONS[t]))
        best = steps if best is None or steps < best else best
    if best is None:
        return []
    path, node = [], source
    for back, v, rel in best:
        path.append((node, v, rel, "backward" if back else "forward"))
        node = v
    nodes = _nodes(db, {k for u, v, _, _ in path for k in (u, v)})
    hops_q = [{"i": i, "a": u if way == "forward" else v, "b": v if way == "forward" else u, "type": REL_TYPES[rel]}
              for i, (u, v, rel, way) in enumerate(path)]
    evidence = {r["i"]: r for r in db.read(Q_HOP_EVIDENCE, hops=hops_q)}
    file_of = {r["key"]: r["file"] for r in db.read(Q_FILES, keys=list(nodes))}
    files = path_files([file_of.get(k) for k in [source, *(v for _, v, _, _ in path)]])
    hops = []
    for i, (u, v, rel, way) in enumerate(path):
        ev = evidence.get(i)
        hops.append({"source": nodes[u]["label"], "relation": rel, "target": nodes[v]["label"], "direction": way,
                     "source_key": u, "target_key": v,
                     "evidence": hop_evidence(ev["files"] or [], ev["sentences"] or [], files) if ev else None,
                     "step": i + 1})
    return hops


def _none(s: str | None) -> str | None:
    return s if s else None


def show(db: Neo4jGraph, key: str) -> dict:
    """A document, every mention of it with evidence, its edges in and out
    (see :func:`graph.queries.show`)."""
    out_edges = [{"relation": RELATIONS[r["type"]], "key": r["key"], "label": _label(r), "evidence": r["evidence"]}
                 for r in db.read(Q_SHOW_OUT, key=key, types=ALL_TYPES)]
    in_rows = db.read(Q_SHOW_IN, key=key, types=ALL_TYPES)
    in_edges = [{"relation": RELATIONS[r["type"]], "key": r["key"], "label": _label(r), "evidence": len(r["files"])}
                for r in in_rows]
    mentions = []
    for r in in_rows:
        citing = _label(r)
        for f, span, sentence, cue, surface in zip(r["files"], r["spans"], r["sentences"], r["cues"], r["surfaces"]):
            a, b = span.split(":")
            mentions.append({"file": f, "span": [int(a), int(b)], "relation": RELATIONS[r["type"]], "citing": citing,
                             "cue": _none(cue), "surface": _none(surface), "sentence": sentence})
    order = lambda r: (r["relation"], r["label"], r["key"])  # noqa: E731
    mentions.sort(key=lambda m: (m["file"], m["span"][0], m["relation"], m["citing"]))
    return {"document": node_row(db, key), "out": sorted(out_edges, key=order),
            "in": sorted(in_edges, key=order), "mentions": mentions}


def stats(db: Neo4jGraph) -> list[dict]:
    """Counts by kind, level, province and relation (see :func:`graph.queries.stats`)."""
    docs = db.read(Q_STATS_DOCS)[0]
    files = db.read(Q_STATS_FILES)[0]
    counters: dict[str, Counter] = {g: Counter() for g in ("kind", "level", "province", "relation")}
    for r in db.read(Q_STATS_GROUPS, types=ALL_TYPES):
        value = r["value"]
        if r["grp"] == "relation":
            value = RELATIONS[value]
        elif r["grp"] in ("kind", "level"):
            value = value or "?"
        elif not value:
            continue
        counters[r["grp"]][value] += r["count"]
    rows = [{"group": "total", "value": "documents", "count": docs["documents"]},
            {"group": "total", "value": "edges", "count": sum(counters["relation"].values())},
            {"group": "total", "value": "files read", "count": files["files"]},
            {"group": "total", "value": "unresolved mentions", "count": files["unresolved"]},
            {"group": "total", "value": "incomplete references", "count": files["incomplete"]},
            {"group": "total", "value": "ambiguous documents", "count": docs["ambiguous"]}]
    return rows + count_rows(counters)


@paused_gc(freeze=False)
def check(db: Neo4jGraph, *, kinds: Iterable[str] | None = None, province: str | None = None,
          province_map: ProvinceMap | None = None, since: str | None = None,
          relations: Iterable[str] = BASIS_RELATIONS) -> list[dict]:
    """Documents resting on a replaced, repealed or amended basis (see
    :func:`graph.checks.check`): the links are read with Cypher, the findings decided as
    :func:`graph.checks.decide` decides them.

    Four queries, each answering in one record or one per document rested on, of lists of
    plain values: the events (every replacement, repeal and amendment), the documents the
    graph cannot pin down, the facts of the documents those name, and the basis links into
    all of them with the facts of the documents resting on them and each link's evidence
    (one ``file: sentence``), filtered by province and date in Cypher too.  The links into
    each document are decided (:class:`graph.checks.Decider`) as their record arrives,
    while the server reads the next.
    """
    relations = tuple(relations)
    places = province_places(province, province_map or map_at()) if province else None
    basis_relations = [r for r in relations if r not in EVENTS]  # decide never follows an event
    [[rows]] = db.values(_typed(Q_CHECK_EVENTS, EVENTS))
    events = [Link(u, RELATIONS[t], v, ev) for u, t, v, ev in rows]
    [[undecided]] = db.values(Q_CHECK_UNDECIDED, unplaced=UNPLACED_MARK)
    targets = {e.target for e in events} | set(undecided)
    [[facts]] = db.values(Q_CHECK_FACTS, keys=sorted(targets | {e.source for e in events}))
    docs = {k: DocFacts(label, date, place, file, ambiguous) for k, label, date, place, file, ambiguous in facts}
    decider = Decider(docs, events, kinds=kinds, places=places, since=since, relations=relations)
    done: set[str] = set()

    def read(record: list) -> None:  # decided as it comes; once, even when a retried transaction reads it again
        target, links = record
        if target in done:
            return
        done.add(target)
        for _, _, k, label, date, place, file in links:
            if k not in docs:
                docs[k] = DocFacts(label, date, place, file)
        decider.rest_on([Link(k, RELATIONS[t], target, ev) for t, ev, k, *_ in links])

    if _types(basis_relations):
        db.each(_typed(Q_CHECK_BASIS, basis_relations), read, targets=sorted(targets), since=since or None,
                places=sorted(places) if places is not None else None)
    return decider.findings()


def _typed(query: str, relations: Iterable[str]) -> str:
    """*query* with ``{types}`` replaced by the relationship types of *relations*, from the
    fixed table only (types cannot be parameters)."""
    return query.replace("{types}", "|".join(_types(relations)))
