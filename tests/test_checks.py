"""graph/checks.py: documents resting on a replaced, repealed or amended basis.

Table-driven: a small graph (dates per document, edges) → the findings as
``(kind, document, basis, by, chain)``.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import cli
from graph.checks import check, review
from graph.provinces import UnknownProvince, map_at


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
    "a chain that comes back to the document stops before it": (
        {"D": "2023-01-01", "E": "2022-01-01", "X": "2019-01-01", "R": "2021-01-01"},
        [("D", "implements", "X"), ("E", "implements", "X"), ("R", "replaces", "X"), ("D", "replaces", "R")],
        [("stale_basis", "E", "X", "R", ["E", "X", "R", "D"]), ("stale_basis", "D", "X", "R", ["D", "X", "R"])]),
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


# ---- --province across the 2025 merger -------------------------------------------------

def _merger_graph() -> nx.MultiDiGraph:
    """Plans of provinces the merger joined (Trà Vinh, Bến Tre and Vĩnh Long into Vĩnh Long;
    Thừa Thiên Huế renamed Huế), each implementing a directive replaced before them."""
    places = {"TV": "Trà Vinh", "BT": "Bến Tre", "VL": "Vĩnh Long", "TTH": "Thừa Thiên Huế", "HUE": "Huế",
              "HN": "Hà Nội", "KG": "Kiên Giang"}
    return graph({**dict.fromkeys(places, "2023-01-01"), "X": "2019-01-01", "R": "2021-01-01"},
                 [*((d, "implements", "X") for d in places), ("R", "replaces", "X")],
                 **{d: {"place": p} for d, p in places.items()})


#: (province, as_of) → the documents whose findings are listed.
PROVINCE_CASES = {
    "a new province holds the old ones it absorbed": (("Vĩnh Long", None), ["BT", "TV", "VL"]),
    "an old name gives the province that absorbed it": (("tra vinh", None), ["BT", "TV", "VL"]),
    "before the merger, a province alone": (("Vĩnh Long", date(2025, 6, 30)), ["VL"]),
    "before the merger, an old name alone": (("TRÀ VINH", date(2024, 1, 1)), ["TV"]),
    "Huế and Thừa Thiên Huế are one province": (("Huế", None), ["HUE", "TTH"]),
    "Thừa Thiên Huế, before its renaming": (("tỉnh Thừa Thiên Huế", date(2024, 12, 31)), ["HUE", "TTH"]),
    "an unchanged province": (("ha noi", None), ["HN"]),
    "a province with no documents: nothing": (("Cà Mau", None), []),
}


@pytest.mark.parametrize("province, as_of, expected", [(*a, e) for a, e in PROVINCE_CASES.values()],
                         ids=PROVINCE_CASES.keys())
def test_province_on_the_map_of_a_day(province, as_of, expected):
    rows = check(_merger_graph(), province=province, province_map=map_at(as_of))
    assert sorted(r["document"] for r in rows) == expected
    assert {r["kind"] for r in rows} <= {"stale_basis"}


def test_unknown_province_suggests_close_names():
    with pytest.raises(UnknownProvince, match="did you mean.*Vĩnh Long"):
        check(_merger_graph(), province="Vinh Lonng")


def test_review_marks_stale_and_superseded_only():
    marked = review(check(_filter_graph()))
    assert sorted(marked.documents) == ["D1", "D2", "D3"]
    assert marked.documents["D2"] == ["superseded since: X replaced by R (2021-01-01)"]
    assert marked.chains == {"D1", "D2", "D3", "X", "R"}  # not A, which only amended X


# ---- end to end: a small province's documents, read by the real extractor ----------------

COMPLIANCE = Path(__file__).parent / "data" / "compliance"

#: What a compliance officer of Kiên Giang should be told about tests/data/compliance:
#: (kind, document, relation, basis, by, chain).
E2E = [
    ("stale_basis", "80/KH-UBND", "implements", "12/KH-UBND", "45/KH-UBND",
     ["80/KH-UBND", "12/KH-UBND", "45/KH-UBND", "90/KH-UBND"]),
    ("stale_basis", "120/KH-UBND", "based_on", "25/QĐ-UBND", "15/QĐ-UBND", ["120/KH-UBND", "25/QĐ-UBND", "15/QĐ-UBND"]),
    # "Kế hoạch số 45/KH-UBND" without a date: the one 45/KH-UBND the corpus knows
    ("stale_basis", "120/KH-UBND", "implements", "45/KH-UBND", "90/KH-UBND", ["120/KH-UBND", "45/KH-UBND", "90/KH-UBND"]),
    # "Quyết định số 08/QĐ-UBND … hết hiệu lực kể từ ngày …", stated by 15/QĐ-UBND: a repeal
    ("superseded_since", "12/KH-UBND", "based_on", "08/QĐ-UBND", "15/QĐ-UBND", ["12/KH-UBND", "08/QĐ-UBND", "15/QĐ-UBND"]),
    ("superseded_since", "80/KH-UBND", "based_on", "25/QĐ-UBND", "15/QĐ-UBND", ["80/KH-UBND", "25/QĐ-UBND", "15/QĐ-UBND"]),
    ("superseded_since", "61/KH-UBND", "implements", "45/KH-UBND", "90/KH-UBND", ["61/KH-UBND", "45/KH-UBND", "90/KH-UBND"]),
    # amended by 30/QĐ-UBND ("sửa đổi, bổ sung"): informational, not stale
    ("amended_since", "80/KH-UBND", "based_on", "25/QĐ-UBND", "30/QĐ-UBND", ["80/KH-UBND", "25/QĐ-UBND", "30/QĐ-UBND"]),
]


@pytest.fixture(scope="module")
def compliance_graph():
    from extract import extract_sources
    from graph.model import build_graph

    return build_graph(extract_sources([str(COMPLIANCE)]).documents)


def test_end_to_end_on_a_small_corpus(compliance_graph):
    rows = check(compliance_graph)
    assert [(r["kind"], r["document"], r["relation"], r["basis"], r["by"], r["chain"]) for r in rows] == E2E
    first = rows[0]
    assert (first["file"], first["place"], first["date"], first["current"]) == (
        "03_kh80_2022.txt", "Kiên Giang", "2022-03-15", "90/KH-UBND")
    assert first["evidence"][0].startswith("03_kh80_2022.txt: Thực hiện Kế hoạch số 12/KH-UBND")
    assert first["evidence"][1].startswith("02_kh45_2021.txt: Kế hoạch này thay thế Kế hoạch số 12/KH-UBND")
    assert first["evidence"][2].startswith("06_kh90_2023.txt: Kế hoạch này thay thế Kế hoạch số 45/KH-UBND")
    assert first["chain_dates"] == ["2022-03-15", "2020-01-10", "2021-06-03", "2023-08-01"]
    assert review(rows).documents[first["key"]][0] == (
        "stale basis: 12/KH-UBND replaced by 45/KH-UBND (2021-06-03), replaced by 90/KH-UBND (2023-08-01)")
    assert [r["document"] for r in check(compliance_graph, since="2024")] == ["120/KH-UBND", "120/KH-UBND"]
    repeal = rows[3]["evidence"][1]
    assert repeal.startswith("07_qd15_2024.txt: ") and "hết hiệu lực" in repeal


# ---- the command ------------------------------------------------------------------------

runner = CliRunner()


def vbgraph(*args):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


CLI = {
    "table": (["--from", COMPLIANCE], 0, "80/KH-UBND -implements-> 12/KH-UBND -replaced_by-> 45/KH-UBND"),
    "kind and province": (["--from", COMPLIANCE, "-k", "amended_since", "--province", "kiên giang", "-f", "csv"], 0,
                          "amended_since,80/KH-UBND"),
    "relation": (["--from", COMPLIANCE, "-r", "based_on", "-f", "json"], 0, '"relation": "based_on"'),
    "another province: nothing": (["--from", COMPLIANCE, "--province", "Huế", "-f", "json"], 0, "[]"),
    "the new province holds Kiên Giang's documents": (
        ["--from", COMPLIANCE, "--province", "an giang", "-f", "csv"], 0, "stale_basis,80/KH-UBND"),
    "before the merger, An Giang alone: nothing": (
        ["--from", COMPLIANCE, "--province", "An Giang", "--as-of", "2025-06-30", "-f", "json"], 0, "[]"),
}


@pytest.mark.parametrize("as_of, note", [(None, "Kiên Giang: part of An Giang since 2025-07-01, with An Giang; "
                                                "--as-of 2025-06-30 for Kiên Giang alone"), ("2024-12-31", None)])
def test_command_old_province_name(as_of, note):
    r = vbgraph("check", "--from", COMPLIANCE, "--province", "tỉnh Kiên Giang cũ", "-f", "json",
                *(["--as-of", as_of] if as_of else []))
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)) == len(E2E)
    assert (note in r.stderr) if note else ("part of" not in r.stderr)


def test_command_unknown_province_is_one_error_line():
    r = vbgraph("check", "--from", COMPLIANCE, "--province", "Kien Giangg")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error: no province 'Kien Giangg'; did you mean Kiên Giang")
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args, code, shown", CLI.values(), ids=CLI.keys())
def test_command(args, code, shown):
    r = vbgraph("check", *args)
    assert r.exit_code == code, r.output
    assert shown in r.stdout
    assert r.stderr.splitlines()[-1].endswith("undecided")  # the count of each kind


def test_command_formats_agree():
    rows = json.loads(vbgraph("check", "--from", COMPLIANCE, "-f", "json").stdout)
    flat = list(csv.DictReader(io.StringIO(vbgraph("check", "--from", COMPLIANCE, "-f", "csv").stdout)))
    assert [(r["kind"], r["key"], r["basis_key"], r["by_key"]) for r in rows] == [
        (r["kind"], r["key"], r["basis_key"], r["by_key"]) for r in flat]
    assert flat[0]["evidence_text"].count(" | ") == 2
    assert len(rows) == len(E2E)


@pytest.mark.parametrize("args", [["--since", "last year"], ["--kind", "stale"]])
def test_command_usage_errors(args, tmp_path):
    r = vbgraph("check", "-g", tmp_path / "none.json", *args)
    assert r.exit_code == 2


def test_command_missing_graph_is_one_error_line(tmp_path):
    r = vbgraph("check", "-g", tmp_path / "none.json")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error:") and len(r.stderr.strip().splitlines()) == 1


def test_a_replacement_is_never_a_basis():
    G = graph({"D": "2023-01-01", "X": "2019-01-01", "R": "2020-01-01"}, [("D", "replaces", "R"), ("R", "replaces", "X")])
    assert check(G, relations=["replaces", "repeals", "amends"]) == []
