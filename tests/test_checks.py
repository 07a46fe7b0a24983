"""graph/checks.py: documents resting on a replaced, repealed or amended basis.

Table-driven: a small graph (dates per document, edges) → the findings as
``(kind, document, basis, by, chain)``.
"""
from __future__ import annotations

import networkx as nx
import pytest

from graph.checks import check, needs_review


def graph(dates: dict[str, str | None], edges: list[tuple[str, str, str]], **attrs: dict) -> nx.MultiDiGraph:
    """Nodes with their dates (and any other attributes per key), edges ``(u, relation, v)``
    each with one piece of evidence naming them."""
    G = nx.MultiDiGraph()
    for k, date in dates.items():
        G.add_node(k, key=k, date=date, **attrs.get(k, {}))
    for u, rel, v in edges:
        G.add_edge(u, v, key=rel, relation=rel, evidence=[
            {"file": f"{u}.txt", "span": [0, 1], "sentence": f"{u} {rel} {v}.", "cue": None, "surface": v}])
    return G


def short(rows: list[dict]) -> list[tuple]:
    return [(r["kind"], r["document"], r["basis"], r["by"], r["chain"]) for r in rows]


CASES = {
    "replaced before the plan: stale basis": (
        {"D": "2023-03-01", "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "implements", "X"), ("R", "replaces", "X")],
        [("stale_basis", "D", "X", "R", ["D", "X", "R"])]),
    "replaced after the plan: superseded since": (
        {"D": "2020-03-01", "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "based_on", "X"), ("R", "replaces", "X")],
        [("superseded_since", "D", "X", "R", ["D", "X", "R"])]),
    "replaced the same day: superseded since, not stale": (
        {"D": "2021-06-01", "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "guides", "X"), ("R", "replaces", "X")],
        [("superseded_since", "D", "X", "R", ["D", "X", "R"])]),
    "repealed before: stale basis": (
        {"D": "2023-03-01", "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "implements", "X"), ("R", "repeals", "X")],
        [("stale_basis", "D", "X", "R", ["D", "X", "R"])]),
    "the earliest replacement decides": (
        {"D": "2022-03-01", "X": "2019-01-01", "R1": "2023-01-01", "R2": "2021-01-01"},
        [("D", "implements", "X"), ("R1", "repeals", "X"), ("R2", "replaces", "X")],
        [("stale_basis", "D", "X", "R2", ["D", "X", "R2"])]),
    "amended (sửa đổi, bổ sung) before: not stale, nothing": (
        {"D": "2023-03-01", "X": "2019-01-01", "A": "2021-06-01"},
        [("D", "implements", "X"), ("A", "amends", "X")],
        []),
    "amended after: amended since only": (
        {"D": "2020-03-01", "X": "2019-01-01", "A": "2021-06-01"},
        [("D", "implements", "X"), ("A", "amends", "X")],
        [("amended_since", "D", "X", "A", ["D", "X", "A"])]),
    "undated document: undecided": (
        {"D": None, "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "implements", "X"), ("R", "replaces", "X")],
        [("undecided", "D", "X", "R", ["D", "X", "R"])]),
    "undated replacement: undecided": (
        {"D": "2022-01-01", "X": "2019-01-01", "R": None},
        [("D", "implements", "X"), ("R", "replaces", "X")],
        [("undecided", "D", "X", "R", ["D", "X", "R"])]),
    "undated basis, dated documents: decided": (
        {"D": "2022-01-01", "X": None, "R": "2021-01-01"},
        [("D", "implements", "X"), ("R", "replaces", "X")],
        [("stale_basis", "D", "X", "R", ["D", "X", "R"])]),
    "a replacement itself replaced: chain to the current one": (
        {"D": "2021-03-01", "X": "2018-01-01", "R1": "2020-01-01", "R2": "2022-01-01"},
        [("D", "implements", "X"), ("R1", "replaces", "X"), ("R2", "replaces", "R1")],
        [("stale_basis", "D", "X", "R1", ["D", "X", "R1", "R2"])]),
    "resting on the first replacement, itself replaced later": (
        {"D": "2021-03-01", "R1": "2020-01-01", "R2": "2022-01-01"},
        [("D", "based_on", "R1"), ("R2", "replaces", "R1")],
        [("superseded_since", "D", "R1", "R2", ["D", "R1", "R2"])]),
    "a replacement cycle stops where it closes": (
        {"D": "2023-01-01", "X": "2019-01-01", "Y": "2020-01-01"},
        [("D", "implements", "X"), ("Y", "replaces", "X"), ("X", "replaces", "Y")],
        [("stale_basis", "D", "X", "Y", ["D", "X", "Y"])]),
    "a document that replaces its own basis is not stale": (
        {"D": "2023-01-01", "X": "2019-01-01"},
        [("D", "based_on", "X"), ("D", "replaces", "X")],
        []),
    "a mere citation is no basis": (
        {"D": "2023-01-01", "X": "2019-01-01", "R": "2020-01-01"},
        [("D", "cites", "X"), ("R", "replaces", "X")],
        []),
    "nothing replaced: nothing": (
        {"D": "2023-01-01", "X": "2019-01-01"},
        [("D", "implements", "X")],
        []),
    "two basis relations to one document: one finding": (
        {"D": "2023-03-01", "X": "2019-01-01", "R": "2021-06-01"},
        [("D", "implements", "X"), ("D", "based_on", "X"), ("R", "replaces", "X")],
        [("stale_basis", "D", "X", "R", ["D", "X", "R"])]),
}


@pytest.mark.parametrize("dates, edges, expected", CASES.values(), ids=CASES.keys())
def test_findings(dates, edges, expected):
    assert short(check(graph(dates, edges))) == expected


def test_chain_steps_evidence_and_current():
    G = graph({"D": "2021-03-01", "X": "2018-01-01", "R1": "2020-01-01", "R2": "2022-01-01"},
              [("D", "implements", "X"), ("R1", "replaces", "X"), ("R2", "repeals", "R1")])
    [row] = check(G)
    assert row["steps"] == ["implements", "replaced_by", "repealed_by"]
    assert row["evidence"] == ["D.txt: D implements X.", "R1.txt: R1 replaces X.", "R2.txt: R2 repeals R1."]
    assert row["current"] is None  # repealed at the end: nothing in force replaces it
    G.remove_edge("R2", "R1", "repeals")
    G.add_edge("R2", "R1", key="replaces", evidence=[])
    [row] = check(G)
    assert (row["current"], row["evidence"][-1]) == ("R2", None)


UNDECIDED = {
    "ambiguous basis": ({"X": {"ambiguous": True}}, "X", [("D", "implements", "X")],
                        [("undecided", "D", "X", None, ["D", "X"])]),
    "unplaced basis": ({}, "12/KH-UBND#?a.txt@2020", [("D", "implements", "12/KH-UBND#?a.txt@2020")],
                       [("undecided", "D", "12/KH-UBND#?a.txt@2020", None, ["D", "12/KH-UBND#?a.txt@2020"])]),
    "replacing an ambiguous document": ({"X": {"ambiguous": True}}, "X", [("R", "replaces", "X")],
                                        [("undecided", "R", "X", None, ["R", "X"])]),
    "ambiguous and replaced: both": (
        {"X": {"ambiguous": True}}, "X", [("D", "implements", "X"), ("R", "replaces", "X")],
        [("stale_basis", "D", "X", "R", ["D", "X", "R"]), ("undecided", "R", "X", None, ["R", "X"]),
         ("undecided", "D", "X", None, ["D", "X"])]),
}


@pytest.mark.parametrize("attrs, x, edges, expected", UNDECIDED.values(), ids=UNDECIDED.keys())
def test_undecided(attrs, x, edges, expected):
    G = graph({"D": "2023-01-01", x: "2019-01-01", "R": "2021-01-01"}, edges, **attrs)
    rows = check(G)
    assert short(rows) == expected
    assert all(r["reason"] for r in rows if r["kind"] == "undecided")


def _filter_graph() -> nx.MultiDiGraph:
    return graph({"D1": "2023-01-01", "D2": "2020-01-01", "D3": "2024-05-01", "X": "2019-01-01", "R": "2021-01-01",
                  "A": "2023-06-01"},
                 [("D1", "implements", "X"), ("D2", "based_on", "X"), ("D3", "guides", "X"), ("R", "replaces", "X"),
                  ("A", "amends", "X")],
                 D1={"place": "Huế"}, D2={"place": "Hà Nội"}, D3={"place": "Huế"})


FILTERS = {
    # by kind, then place (as Python orders strings: "Huế" before "Hà Nội"), then date
    "no filter": ({}, [("stale_basis", "D1"), ("stale_basis", "D3"), ("superseded_since", "D2"),
                       ("amended_since", "D1"), ("amended_since", "D2")]),
    "province, any case": ({"province": "HUẾ"}, [("stale_basis", "D1"), ("stale_basis", "D3"), ("amended_since", "D1")]),
    "since a year": ({"since": "2024"}, [("stale_basis", "D3")]),
    "since a date": ({"since": "2023-01-01"}, [("stale_basis", "D1"), ("stale_basis", "D3"), ("amended_since", "D1")]),
    "kinds": ({"kinds": ["superseded_since", "amended_since"]},
              [("superseded_since", "D2"), ("amended_since", "D1"), ("amended_since", "D2")]),
    "relations": ({"relations": ["guides", "based_on"]}, [("stale_basis", "D3"), ("superseded_since", "D2"),
                                                          ("amended_since", "D2")]),
}


@pytest.mark.parametrize("options, expected", FILTERS.values(), ids=FILTERS.keys())
def test_filters(options, expected):
    assert [(r["kind"], r["document"]) for r in check(_filter_graph(), **options)] == expected


def test_needs_review_marks_stale_and_superseded_only():
    review = needs_review(check(_filter_graph()))
    assert sorted(review) == ["D1", "D2", "D3"]
    assert review["D2"] == ["superseded since: X replaced by R (2021-01-01)"]
