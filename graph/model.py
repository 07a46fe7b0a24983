"""Build the citation graph from resolved documents.

Nodes are documents keyed by their identity key (:func:`extract.resolve.base_key` plus the
year for numbers without one inside); edges are typed by relation and carry evidence.
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from extract.models import Mention
from extract.resolve import ResolvedDocument

#: Relations a lineage walk follows by default (DOMAIN.md §5).
LINEAGE_RELATIONS = ("implements", "based_on", "guides")

NODE_FIELDS = ("number", "title", "kind", "date", "year", "issuer", "level", "scope", "place",
               "subject", "seen", "file", "ambiguous")


def _evidence(doc: str, m: Mention) -> dict:
    return {"file": doc, "span": list(m.span), "sentence": m.sentence, "cue": m.cue, "surface": m.surface}


def _merge_node(G: nx.MultiDiGraph, key: str, attrs: dict, *, authoritative: bool = False) -> None:
    """Add or fill a node.  A file read in full is authoritative for its own metadata;
    otherwise the first non-empty value wins, so the graph does not depend on which
    citing file came last."""
    if key not in G:
        G.add_node(key, **({"key": key, "seen": False, "cited": 0} | {k: v for k, v in attrs.items() if v is not None}))
        return
    node = G.nodes[key]
    for k, v in attrs.items():
        if v is None:
            continue
        if authoritative or node.get(k) in (None, "", False):
            node[k] = v


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, evidence: list[dict]) -> None:
    if G.has_edge(u, v, key=relation):
        data = G.edges[u, v, relation]
        seen = {(e["file"], tuple(e["span"])) for e in data["evidence"]}
        data["evidence"].extend(e for e in evidence if (e["file"], tuple(e["span"])) not in seen)
    else:
        G.add_edge(u, v, key=relation, relation=relation, evidence=list(evidence))


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
        ``evidence`` a list of ``{file, span, sentence, cue, surface}``.
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
    G = nx.MultiDiGraph(files=[], unresolved=[], incomplete=[])
    for d in documents:
        meta = d.meta
        _merge_node(G, d.key, {
            "number": meta.number, "kind": meta.kind, "date": meta.date,
            "year": int(meta.date[:4]) if meta.date else None, "level": d.level, "scope": d.scope,
            "place": meta.place, "seen": True, "file": d.doc,
        }, authoritative=True)
        G.graph["files"].append({"doc": d.doc, "path": d.extraction.path, "sha256": d.extraction.sha256,
                                 "key": d.key, "references": len(d.references)})
        for r in d.references:
            _merge_node(G, r.key, {
                "number": r.number, "title": r.title, "kind": r.kind, "date": r.date, "year": r.year,
                "issuer": r.issuer, "level": r.level, "scope": r.scope, "place": r.place,
                "subject": r.subject, "ambiguous": r.ambiguous or None,
            })
            G.nodes[r.key]["cited"] = G.nodes[r.key].get("cited", 0) + len(r.mentions)
            for rel in sorted(r.relations):
                ev = [_evidence(d.doc, m) for m in r.mentions
                      if m.parent is None and (m.relation == rel or rel == "cites")] or \
                     [_evidence(d.doc, m) for m in r.mentions]
                _add_edge(G, d.key, r.key, rel, ev)
        for link in d.links:
            _add_edge(G, link.source, link.target, link.relation, [_evidence(d.doc, link.evidence)])
        G.graph["unresolved"].extend({"file": d.doc, "surface": m.surface, "span": list(m.span), "form": m.form}
                                     for m in d.unresolved)
        G.graph["incomplete"].extend({"file": d.doc, "surface": i.surface, "why": i.why, "span": list(i.span)}
                                     for i in d.incomplete)
    return G


def label(G: nx.MultiDiGraph, key: str) -> str:
    """How a node is named to a person: its number, its title, or its file."""
    n = G.nodes[key]
    return n.get("number") or n.get("title") or n.get("file") or key
