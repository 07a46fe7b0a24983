"""Resolved documents as plain records: the gold shape of ../shared/gold/README.md, plus evidence."""
from __future__ import annotations

from .models import Mention, Reference
from .resolve import ResolvedDocument


def mention_record(m: Mention) -> dict:
    return {
        "span": list(m.span), "surface": m.surface, "sentence": m.sentence, "cue": m.cue,
        "relation": m.relation if m.parent is None else None,
        "nested_in": m.parent, "nested_relation": m.nested_relation, "form": m.form,
    }


def reference_record(r: Reference, *, evidence: bool = True) -> dict:
    rec = {
        "number": r.number, "kind": r.kind, "date": r.date, "scope": r.scope,
        "relations": sorted(r.relations), "key": r.key, "level": r.level,
        "issuer": r.issuer, "subject": r.subject,
    }
    if r.scope == "provincial":
        rec["place"] = r.place
    if r.resolved_from:
        rec["resolved_from"] = r.resolved_from
    if r.ambiguous:
        rec["ambiguous"] = True
    if evidence:
        rec["mentions"] = [mention_record(m) for m in r.mentions]
    return rec


def document_record(d: ResolvedDocument, *, evidence: bool = True) -> dict:
    """One line of ``vbgraph extract --format jsonl``."""
    # A law the text only names is a named reference here, even when the corpus gave it a
    # number ("Luật Thủ đô" → 39/2024/QH15): the graph joins them, the record says what the
    # text says.
    numbered, named = [], []
    for r in d.references:
        (numbered if r.number and any(m.number is not None for m in r.mentions) else named).append(r)
    by_key = {r.key: r for r in d.references}

    def end(key: str) -> str:
        r = by_key.get(key)
        return (r.number or r.title) if r else key

    def numbered_ref(key: str) -> bool:
        r = by_key.get(key)
        return r is not None and r in numbered

    links, named_links = [], []
    for link in d.links:
        rec = {"source": end(link.source), "relation": link.relation, "target": end(link.target),
               "source_key": link.source, "target_key": link.target}
        if evidence:
            rec["evidence"] = {"span": list(link.evidence.span), "sentence": link.evidence.sentence,
                               "cue": link.evidence.cue}
        (links if numbered_ref(link.source) and numbered_ref(link.target) else named_links).append(rec)
    meta = d.meta
    return {
        "doc": d.doc,
        "self": {"number": meta.number, "kind": meta.kind, "date": meta.date, "place": meta.place,
                 "key": d.key, "level": d.level},
        "refs": [reference_record(r, evidence=evidence) for r in numbered],
        "named_refs": sorted({r.title for r in named if r.title}),
        "named": [reference_record(r, evidence=evidence) | {"title": r.title} for r in named],
        "links": links,
        "named_links": named_links,
        "incomplete": [{"surface": i.surface, "why": i.why, "span": list(i.span)} for i in d.incomplete],
        "unresolved": [{"surface": m.surface, "span": list(m.span), "form": m.form, "sentence": m.sentence}
                       for m in d.unresolved],
        "warnings": d.extraction.warnings,
    }


#: Columns of the flat (csv / table) view: one row per reference.
FLAT_COLUMNS = ("doc", "number", "kind", "date", "scope", "place", "relations", "level", "mentions")


def flat_rows(d: ResolvedDocument):
    for r in d.references:
        yield {
            "doc": d.doc, "number": r.number or r.title, "kind": r.kind, "date": r.date,
            "scope": r.scope, "place": r.place, "relations": ",".join(sorted(r.relations)),
            "level": r.level, "mentions": len(r.mentions),
        }
