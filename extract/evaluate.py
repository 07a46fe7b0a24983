"""Score an extraction against a gold file (../shared/gold/README.md).

References match per document on the folded number; dates, kinds, places and relations
are scored on matched references; links on (source, relation, target) folded.

Gold files annotate what they annotate (../shared/realtext/README.md): a field whose value
is ``"*"`` and a relation list ``["?"]`` are not scored; an absent ``links``,
``named_refs`` or ``incomplete`` key is not scored, while an empty list says "there are
none" and is.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .resolve import fold_number, fold_title


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    documents: int = 0
    refs: Tally = field(default_factory=Tally)
    links: Tally = field(default_factory=Tally)
    named: Tally = field(default_factory=Tally)
    incomplete: Tally = field(default_factory=Tally)
    date: Accuracy = field(default_factory=Accuracy)
    kind: Accuracy = field(default_factory=Accuracy)
    place: Accuracy = field(default_factory=Accuracy)
    scope: Accuracy = field(default_factory=Accuracy)
    relations: Accuracy = field(default_factory=Accuracy)
    meta: Accuracy = field(default_factory=Accuracy)
    self_number: Accuracy = field(default_factory=Accuracy)
    self_kind: Accuracy = field(default_factory=Accuracy)
    self_date: Accuracy = field(default_factory=Accuracy)
    self_place: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)

    def rows(self) -> list[dict]:
        out = []
        for name in ("refs", "links", "named", "incomplete"):
            t = getattr(self, name)
            out.append({"metric": f"{name} P/R/F1", "value": round(t.f1, 4),
                        "detail": f"P={t.precision:.3f} R={t.recall:.3f} (tp={t.tp} fp={t.fp} fn={t.fn})"})
        for name in ("date", "kind", "place", "scope", "relations", "meta", "self_number", "self_kind",
                     "self_date", "self_place"):
            a = getattr(self, name)
            out.append({"metric": f"{name.replace('_', ' ')} accuracy", "value": round(a.value, 4),
                        "detail": f"{a.right}/{a.total}"})
        return out


#: A gold value that says "not annotated": the field is not scored.
UNANNOTATED = "*"


def _annotated(value) -> bool:
    return value != UNANNOTATED and value != [UNANNOTATED] and value != ["?"]


def relations_match(got: Iterable[str], gold: Iterable[str]) -> bool:
    """Gold items may be alternatives ("implements|cites"): each gold item is matched by one
    of its alternatives, and nothing outside them is predicted."""
    got = set(got)
    alternatives = [set(item.split("|")) for item in gold]
    allowed = set().union(*alternatives) if alternatives else set()
    return got <= allowed and all(got & alt for alt in alternatives)


def _link_key(link: dict) -> tuple[str, str, str]:
    return fold_number(link["source"]), link["relation"], fold_number(link["target"])


def evaluate(gold: list[dict], predicted: list[dict]) -> Report:
    """Compare gold records with predicted ones (both in the gold shape), document by document."""
    report = Report()
    pred_by_doc = {p["doc"]: p for p in predicted}
    for g in gold:
        report.documents += 1
        p = pred_by_doc.get(g["doc"])
        if p is None:
            report.missing_docs.append(g["doc"])
            p = {"self": {}, "refs": [], "links": [], "named_refs": [], "incomplete": []}
        doc = g["doc"]
        for f in ("number", "kind", "date", "place"):
            gv, pv = g["self"].get(f), p["self"].get(f)
            if not _annotated(gv):
                continue
            ok = (fold_number(gv) == fold_number(pv)) if (f == "number" and gv and pv) else gv == pv
            report.meta.add(ok)
            getattr(report, f"self_{f}").add(ok)
            if not ok:
                report.misses.append(f"{doc}: self.{f}: gold {gv!r}, got {pv!r}")
        gold_refs = {fold_number(r["number"]): r for r in g["refs"]}
        pred_refs = {fold_number(r["number"]): r for r in p["refs"] if r.get("number")}
        for key, gr in gold_refs.items():
            pr = pred_refs.get(key)
            if pr is None:
                report.refs.fn += 1
                report.misses.append(f"{doc}: missed ref {gr['number']}")
                continue
            report.refs.tp += 1
            for f in ("date", "kind", "scope"):
                if not _annotated(gr.get(f)):
                    continue
                ok = gr.get(f) == pr.get(f)
                getattr(report, f).add(ok)
                if not ok:
                    report.misses.append(f"{doc}: {gr['number']} {f}: gold {gr.get(f)!r}, got {pr.get(f)!r}")
            if "place" in gr and _annotated(gr["place"]):
                ok = gr["place"] == pr.get("place")
                report.place.add(ok)
                if not ok:
                    report.misses.append(f"{doc}: {gr['number']} place: gold {gr['place']!r}, got {pr.get('place')!r}")
            if _annotated(gr.get("relations", ["?"])):
                ok = relations_match(pr.get("relations", []), gr["relations"])
                report.relations.add(ok)
                if not ok:
                    report.misses.append(
                        f"{doc}: {gr['number']} relations: gold {gr['relations']}, got {pr.get('relations')}")
        for key, pr in pred_refs.items():
            if key not in gold_refs:
                report.refs.fp += 1
                report.misses.append(f"{doc}: extra ref {pr['number']}")
        if "links" in g:
            _score_set(report.links, {_link_key(x) for x in g["links"]},
                       {_link_key(x) for x in p.get("links", [])}, report.misses, f"{doc}: link")
        if "named_refs" in g:
            _score_set(report.named, {fold_title(x) for x in g["named_refs"]},
                       {fold_title(x) for x in p.get("named_refs", [])}, report.misses, f"{doc}: named ref")
        if "incomplete" in g:
            _score_set(report.incomplete, {" ".join(x["surface"].split()) for x in g["incomplete"]},
                       {" ".join(x["surface"].split()) for x in p.get("incomplete", [])}, report.misses,
                       f"{doc}: incomplete")
    return report


def _score_set(tally: Tally, gold: set, got: set, misses: list[str], label: str) -> None:
    tally.tp += len(gold & got)
    for x in sorted(gold - got, key=str):
        tally.fn += 1
        misses.append(f"{label} missed {x}")
    for x in sorted(got - gold, key=str):
        tally.fp += 1
        misses.append(f"{label} extra {x}")
