"""Compliance checks: documents that rest on a superseded basis.

A document D that is based on, implements or guides X rests on X.  When X has been
replaced or repealed (a ``replaces``/``repeals`` edge into X from a document R), D needs
review; when it has been amended (``amends``), D may need to follow the new text.  Which
finding it is depends on the dates of D and R:

- ``stale_basis``: R is dated before D: X no longer held when D was issued;
- ``superseded_since``: R is dated on or after D: D was sound when issued, and may need
  review now;
- ``amended_since``: X was amended by a document dated after D (informational; an
  amendment dated before D is the text D was written against, and no finding);
- ``undecided``: what the graph cannot decide: X names several documents (ambiguous), or
  is a local document whose province is unknown (unplaced), or D or every R has no date.

Each finding carries the chain (D → X, then the documents that replaced X, R, and what
replaced R in turn, up to the current one; cycles stop where they close) and the
evidence sentence of each link.

:func:`decide` and both backends' checks run with the cycle collector paused
(:func:`graph.model.paused_gc`): a check at 100,000 documents makes a few million rows,
lists and links and no reference cycle, and the collector's passes over them took half the
time of :func:`decide`.

The decision is :func:`decide`, a pure function of a few facts (documents, the basis links
into documents that matter, the replacement/repeal/amendment links); :func:`check` gathers
them from the networkx graph's index, :func:`graph.neo4j.queries.check` from Neo4j with
Cypher (deciding with :class:`Decider`, the same in steps, as the links arrive), so both
backends give the same rows.
"""
from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
import numpy as np

from .index import graph_index
from .model import LINEAGE_RELATIONS, Evidence, node_label, paused_gc
from .provinces import ProvinceMap, map_at, province_places

#: Relations by which a document rests on another: what a check follows.
BASIS_RELATIONS = LINEAGE_RELATIONS

#: Relations that end a document's force, and the one that changes it.
CEASING = ("replaces", "repeals")
EVENTS = (*CEASING, "amends")

#: Finding kinds, in the order rows are listed.
KINDS = ("stale_basis", "superseded_since", "amended_since", "undecided")

#: Kinds that mark a document as needing review in the views.
STALE_KINDS = ("stale_basis", "superseded_since")

#: What a local document's identity key holds when its province is unknown
#: (see :func:`extract.resolve.base_key`).
UNPLACED_MARK = "#?"

#: How a link of the chain reads from the replaced document's side.
_PASSIVE = {"replaces": "replaced_by", "repeals": "repealed_by", "amends": "amended_by"}

#: Columns of a finding in a flat listing (CSV), besides its chain and evidence.
COLUMNS = ("kind", "document", "key", "file", "place", "date", "relation", "basis", "basis_key", "basis_date",
           "event", "by", "by_key", "by_date", "current", "reason")


class DocFacts(NamedTuple):
    """What a check reads of a document (a named tuple: a check at 100,000 documents makes
    some 100,000 of them)."""

    label: str
    date: str | None = None
    place: str | None = None
    file: str | None = None
    ambiguous: bool = False


class Link(NamedTuple):
    """An edge ``source -relation-> target`` and its evidence (``file: sentence``)."""

    source: str
    relation: str
    target: str
    evidence: str | None = None


def evidence_text(pairs: Iterable[tuple[str, str]]) -> str | None:
    """The evidence a finding shows for a link: the smallest ``(file, sentence)`` as
    ``file: sentence``, so that every backend, whatever order it stores evidence in, shows
    the same one.

    Examples
    --------
    >>> evidence_text([("b.txt", "Căn cứ X;"), ("a.txt", "Thực hiện X.")])
    'a.txt: Thực hiện X.'
    >>> evidence_text([]) is None
    True
    """
    best = min(pairs, default=None)
    return f"{best[0]}: {best[1]}" if best else None


def undecided_reason(key: str, doc: DocFacts) -> str | None:
    """Why the graph cannot tell which document *key* is, or ``None``.

    Examples
    --------
    >>> undecided_reason("12/KH-UBND#?a.txt@2020", DocFacts("12/KH-UBND"))
    'unplaced: a local document whose province is unknown'
    >>> undecided_reason("12/KH-UBND#Huế@2020", DocFacts("12/KH-UBND")) is None
    True
    """
    if doc.ambiguous:
        return "ambiguous: the mention names several documents"
    if UNPLACED_MARK in key:
        return "unplaced: a local document whose province is unknown"
    return None


@paused_gc(freeze=False)
def decide(docs: dict[str, DocFacts], basis: Iterable[Link], events: Iterable[Link], *,
           kinds: Iterable[str] | None = None, places: Collection[str] | None = None, since: str | None = None,
           relations: Iterable[str] = BASIS_RELATIONS) -> list[dict]:
    """The findings, from the facts both backends gather.

    Parameters
    ----------
    docs : dict
        Key → :class:`DocFacts` of every document named by *basis* and *events*.
    basis : iterable of Link
        Basis links (:data:`BASIS_RELATIONS`) into documents that were replaced, repealed
        or amended, or that are undecided; others may be given and yield nothing.
    events : iterable of Link
        Every ``replaces``, ``repeals`` and ``amends`` link of the graph.
    kinds : iterable of str, optional
        Only these finding kinds (:data:`KINDS`).
    places : collection of str, optional
        Only documents placed in one of these (the places a province holds on a map of
        provinces: :func:`graph.provinces.province_places`).
    since : str, optional
        Only documents dated on or after this ISO date or its prefix (``2023``,
        ``2023-07``); undated documents are left out.
    relations : iterable of str
        Basis relations to follow (``cites`` may be added); a replacement, repeal or
        amendment is never a basis.

    Returns
    -------
    list of dict
        One row per finding: ``kind, document, key, file, place, date`` (D), ``relation``
        (D's link to X), ``basis, basis_key, basis_date`` (X), ``event, by, by_key,
        by_date`` (the link into X that decides, and its source), ``current`` (the last
        replacement in the chain, if X was replaced), ``chain`` (labels from D),
        ``chain_keys`` and ``chain_dates`` (their keys and dates), ``steps`` (each link of
        the chain), ``evidence`` (``file: sentence`` of each link) and ``reason`` (for
        ``undecided``).  Sorted by kind, place, date, document, basis, by.

    Examples
    --------
    >>> docs = {"plan": DocFacts("plan", "2023-01-05"), "old": DocFacts("old", "2019-01-01"),
    ...         "new": DocFacts("new", "2021-06-01")}
    >>> rows = decide(docs, [Link("plan", "implements", "old")], [Link("new", "replaces", "old")])
    >>> [(r["kind"], r["document"], r["basis"], r["by"], r["chain"]) for r in rows]
    [('stale_basis', 'plan', 'old', 'new', ['plan', 'old', 'new'])]
    """
    decider = Decider(docs, events, kinds=kinds, places=places, since=since, relations=relations)
    decider.rest_on(basis)
    return decider.findings()


class Decider:
    """:func:`decide` in steps, for a backend that reads the basis links a few at a time:
    the events and the documents they name first, then :meth:`rest_on` for each batch of
    basis links (every link of a (document, basis) pair in the same batch), then
    :meth:`findings`.  Neo4j's check decides each batch while the server reads the next.

    *docs* is read as batches come: a batch's documents must be in it by then.
    """

    def __init__(self, docs: dict[str, DocFacts], events: Iterable[Link], *, kinds: Iterable[str] | None = None,
                 places: Collection[str] | None = None, since: str | None = None,
                 relations: Iterable[str] = BASIS_RELATIONS) -> None:
        self.docs, self.places, self.since = docs, places, since
        self.wanted_kinds = set(kinds) if kinds is not None else set(KINDS)
        self.follow = set(relations) - set(EVENTS)
        self.rows: list[dict] = []
        # What a finding shows after its first link D -> X, for the event that decides: the
        # same for every document resting on X, so made once per (X, event).
        self.tails: dict[tuple[str, str, str], _Tail] = {}
        self.reasons: dict[str, str | None] = {}
        self.events = sorted(set(events), key=lambda e: (e.target, e.source, e.relation))
        self.ceased_by: dict[str, list[Link]] = defaultdict(list)
        amended_by: dict[str, list[Link]] = defaultdict(list)
        for e in self.events:
            (amended_by if e.relation == "amends" else self.ceased_by)[e.target].append(e)
        # Per replaced or amended document, once: its events by date (then key), the undated apart.
        by_date = lambda e: (docs[e.source].date, e.source)  # noqa: E731
        self.ceasing = {x: (sorted((e for e in es if docs[e.source].date), key=by_date),
                            [e for e in es if not docs[e.source].date]) for x, es in self.ceased_by.items()}
        self.amending = {x: sorted((e for e in es if docs[e.source].date), key=by_date) for x, es in amended_by.items()}
        self.amend_dates = {x: [docs[e.source].date for e in es] for x, es in self.amending.items()}

    def _keep(self, d: str) -> bool:
        doc = self.docs[d]
        if self.places is not None and doc.place not in self.places:
            return False
        return not self.since or bool(doc.date and doc.date >= self.since)

    def _tail(self, first: Link, decisive: Link) -> _Tail:
        key = (first.target, decisive.source, decisive.relation)
        t = self.tails.get(key)
        if t is None:
            after = [decisive]
            if decisive.relation != "amends":
                after += _walk(decisive.source, [first.target, decisive.source], self.ceased_by, self.docs)
            t = self.tails[key] = _Tail.of(after, self.docs)
        if first.source in t.sources:  # the chain comes back to the document itself: stop there
            t = _Tail.of([decisive, *_walk(decisive.source, [first.source, first.target, decisive.source],
                                           self.ceased_by, self.docs)], self.docs)
        return t

    def _add(self, kind: str, first: Link, decisive: Link | None, reason: str | None = None) -> None:
        if kind not in self.wanted_kinds:
            return
        docs = self.docs
        t = self._tail(first, decisive) if decisive is not None else _NO_TAIL
        d, x = docs[first.source], docs[first.target]
        by = docs[decisive.source] if decisive else None
        self.rows.append({
            "kind": kind, "document": d.label, "key": first.source, "file": d.file, "place": d.place,
            "date": d.date, "relation": first.relation, "basis": x.label, "basis_key": first.target,
            "basis_date": x.date, "event": decisive.relation if decisive else None,
            "by": by and by.label, "by_key": decisive and decisive.source, "by_date": by and by.date,
            "current": t.current, "chain": [d.label, x.label, *t.labels], "chain_keys": [first.source, first.target, *t.keys],
            "chain_dates": [d.date, x.date, *t.dates], "steps": [first.relation, *t.steps],
            "evidence": [first.evidence, *t.evidence], "reason": reason})

    def rest_on(self, basis: Iterable[Link]) -> None:
        """Decide these basis links: every link of a (document, basis) pair at once (one
        finding per pair: the first basis relation in BASIS_RELATIONS order)."""
        docs, add, follow = self.docs, self._add, self.follow
        first_link: dict[tuple[str, str], Link] = {}
        for b in basis:
            if b.relation in follow and b.source != b.target:
                pair = (b.source, b.target)
                seen = first_link.get(pair)
                if seen is None or _RANK.get(b.relation, 99) < _RANK.get(seen.relation, 99):
                    first_link[pair] = b
        filtered = self.places is not None or bool(self.since)
        ceasing, amending, amend_dates, reasons = self.ceasing, self.amending, self.amend_dates, self.reasons
        for (d, x), link in first_link.items():
            if filtered and not self._keep(d):
                continue
            if x not in reasons:
                reasons[x] = undecided_reason(x, docs[x])
            if reason := reasons[x]:
                add("undecided", link, None, reason)
            date = docs[d].date
            if x in ceasing:
                known, undated = ceasing[x]
                # The earliest replacement by another document decides (one by D itself is D's own act).
                first = _first_not_by(known, d)
                other = first or _first_not_by(undated, d)
                if other is None:
                    pass
                elif not date:
                    add("undecided", link, other, "undated document: cannot tell when it was issued")
                elif first is None:
                    add("undecided", link, other, "undated replacement: cannot tell when it took effect")
                else:
                    add("stale_basis" if docs[first.source].date < date else "superseded_since", link, first)
            if date and x in amending:
                first = _first_not_by(amending[x], d, bisect_right(amend_dates[x], date))
                if first is not None:
                    add("amended_since", link, first)

    def findings(self) -> list[dict]:
        """The findings, with those about replacements, repeals and amendments of documents
        the graph cannot pin down; sorted (see :func:`decide`).  Once, after the last batch."""
        for e in self.events:
            reason = undecided_reason(e.target, self.docs[e.target])
            if reason and self._keep(e.source):
                self._add("undecided", Link(e.source, e.relation, e.target, e.evidence), None, reason)
        order = {k: i for i, k in enumerate(KINDS)}
        self.rows.sort(key=lambda r: (order[r["kind"]], r["place"] or "", r["date"] or "", r["document"], r["key"],
                                      r["basis_key"], r["relation"], r["by_key"] or ""))
        return self.rows


#: Basis relations by precedence: a document linked to its basis by two keeps the first.
_RANK = {r: i for i, r in enumerate(BASIS_RELATIONS)}


def _first_not_by(events: list[Link], d: str, start: int = 0) -> Link | None:
    """The first of *events* from *start* on that *d* did not state (D's own act is no event
    for D)."""
    for e in itertools.islice(events, start, None):
        if e.source != d:
            return e
    return None


class _Tail(NamedTuple):
    """The links of a finding's chain after D -> X, as the row shows them."""

    keys: list[str]
    labels: list[str]
    dates: list[str | None]
    steps: list[str]
    evidence: list[str | None]
    current: str | None
    sources: frozenset[str]

    @classmethod
    def of(cls, after: list[Link], docs: dict[str, DocFacts]) -> _Tail:
        keys = [e.source for e in after]
        current = docs[keys[-1]].label if after and after[-1].relation == "replaces" else None
        return cls(keys, [docs[k].label for k in keys], [docs[k].date for k in keys], [_PASSIVE[e.relation] for e in after],
                   [e.evidence for e in after], current, frozenset(keys))


_NO_TAIL = _Tail([], [], [], [], [], None, frozenset())


def _walk(node: str, chain: list[str], ceased_by: dict[str, list[Link]], docs: dict[str, DocFacts]) -> list[Link]:
    seen, out = set(chain), []
    while True:
        nxt = [e for e in ceased_by.get(node, ()) if e.source not in seen]
        if not nxt:
            return out
        e = min(nxt, key=lambda e: (docs[e.source].date is None, docs[e.source].date or "", e.source))
        out.append(e)
        seen.add(e.source)
        node = e.source


@paused_gc(freeze=False)
def check(G: nx.MultiDiGraph, *, kinds: Iterable[str] | None = None, province: str | None = None,
          province_map: ProvinceMap | None = None, since: str | None = None,
          relations: Iterable[str] = BASIS_RELATIONS) -> list[dict]:
    """Documents resting on a replaced, repealed or amended basis, on the networkx graph.

    Parameters are those of :func:`decide` (the graph first), except that a province is
    asked by name: *province*, any era's spelling, is the province of *province_map*
    (default: the map in force today) that the name means, with the old provinces it
    absorbed (see :func:`graph.provinces.province_places`).  The links that matter are
    picked on the graph's integer index (:mod:`graph.index`): every event edge, and the
    basis edges into their targets or into undecided documents; only those edges'
    evidence is read.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("plan", date="2020-03-01"); G.add_node("old", date="2019-01-01"); G.add_node("new", date="2021-06-01")
    >>> G.add_edge("plan", "old", key="based_on", evidence=[]); G.add_edge("new", "old", key="replaces", evidence=[])
    'based_on'
    'replaces'
    >>> [(r["kind"], r["document"], r["by"]) for r in check(G)]
    [('superseded_since', 'plan', 'new')]
    """
    relations = tuple(relations)
    places = province_places(province, province_map or map_at()) if province else None
    ix = graph_index(G)
    n = len(ix)
    src = np.repeat(np.arange(n), np.diff(ix.up.indptr))
    dst, rel = ix.up.nbr.astype(np.int64), ix.up.rel
    is_event, is_basis = ix.relation_mask(EVENTS)[rel], ix.relation_mask(relations)[rel]
    nodes = G._node
    undecided = np.zeros(n, dtype=bool)
    # One pass over the nodes: "unplaced" is in the key, "ambiguous" an attribute.
    for i, k in enumerate(ix.keys):
        if UNPLACED_MARK in k or nodes[k].get("ambiguous"):
            undecided[i] = True
    matters = undecided.copy()
    matters[dst[is_event]] = True
    picked = np.flatnonzero(is_event | (is_basis & matters[dst]))
    links = []
    for u, v, r in zip(src[picked].tolist(), dst[picked].tolist(), rel[picked].tolist()):
        a, b, name = ix.keys[u], ix.keys[v], ix.relations[r]
        ev = G._succ[a][b][name].get("evidence") or ()
        pairs = ev.file_sentences() if isinstance(ev, Evidence) else [(e["file"], e["sentence"]) for e in ev]
        links.append(Link(a, name, b, evidence_text(pairs)))
    named = {k for link in links for k in (link.source, link.target)}
    docs = {k: DocFacts(node_label(nodes[k], k), nodes[k].get("date"), nodes[k].get("place"), nodes[k].get("file"),
                        bool(nodes[k].get("ambiguous"))) for k in named}
    return decide(docs, [link for link in links if link.relation not in EVENTS],
                  [link for link in links if link.relation in EVENTS],
                  kinds=kinds, places=places, since=since, relations=relations)


def chain_text(row: dict) -> str:
    """A finding's chain on one line, each link named.

    Examples
    --------
    >>> chain_text({"chain": ["D", "X", "R"], "steps": ["implements", "replaced_by"]})
    'D -implements-> X -replaced_by-> R'
    """
    return " ".join([row["chain"][0]] + [f"-{s}-> {c}" for s, c in zip(row["steps"], row["chain"][1:])])


@dataclass(frozen=True)
class Review:
    """What the views mark: the documents needing review (a stale-basis or
    superseded-since finding), key → one line per finding, and the keys of every
    document in those findings' chains."""

    documents: dict[str, list[str]]
    chains: frozenset[str]


def review(findings: Iterable[dict]) -> Review:
    """The :class:`Review` of *findings* (rows of :func:`check`): each document's line
    follows the chain from its basis to the current document, each hop dated.

    Examples
    --------
    >>> r = review([{"kind": "stale_basis", "key": "p", "chain": ["P", "X", "Y", "Z"], "chain_keys": ["p", "x", "y", "z"],
    ...              "chain_dates": ["2022-01-05", None, "2021-06-01", "2023-02-01"],
    ...              "steps": ["implements", "replaced_by", "repealed_by"]}])
    >>> r.documents, sorted(r.chains)
    ({'p': ['stale basis: X replaced by Y (2021-06-01), repealed by Z (2023-02-01)']}, ['p', 'x', 'y', 'z'])
    """
    documents: dict[str, list[str]] = {}
    chains: set[str] = set()
    for f in findings:
        if f["kind"] in STALE_KINDS:
            hops = ", ".join(f"{step.replace('_', ' ')} {label}" + (f" ({day})" if day else "")
                             for step, label, day in zip(f["steps"][1:], f["chain"][2:], f["chain_dates"][2:]))
            documents.setdefault(f["key"], []).append(f"{f['kind'].replace('_', ' ')}: {f['chain'][1]} {hops}")
            chains.update(f["chain_keys"])
    return Review(documents, frozenset(chains))
