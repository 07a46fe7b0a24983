"""Provinces across the 2025 merger (graph/provinces.py), Vietnamese collation, and what
users hit on the command line: province spellings, ambiguous numbers, one-line usage
errors, the Neo4j connection options of query commands."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import cli
from extract.vocab import PROVINCES
from graph import queries as Q
from graph.collation import vi_sort_key
from graph.views.coverage_report import plural
from graph.provinces import MAP_34, MAP_63, MAP_HUE, MERGED, UNCHANGED, UnknownProvince, map_at, province_row, \
    resolve_province

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args):
    return runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def ambiguous_graph(tmp_path_factory):
    """Conclusions 114-KL/TW of 2015 and of 2024, and a plan citing 114-KL/TW with no date."""
    folder = tmp_path_factory.mktemp("ambiguous")
    for name, place, num, dated in (("a.txt", "Trà Vinh", 3, " ngày 11/7/2015"), ("b.txt", "Kiên Giang", 7, " ngày 11/7/2024"),
                                    ("c.txt", "Sóc Trăng", 9, "")):
        (folder / name).write_text(
            f"UỶ BAN NHÂN DÂN TỈNH {place.upper()}\nSố: {num}/KH-UBND\n{place}, ngày 01 tháng 3 năm 2025\n"
            f"KẾ HOẠCH\nThực hiện Kết luận số 114-KL/TW{dated} của Ban Bí thư;\n", encoding="utf-8")
    path = folder / "graph.json"
    assert run("build", folder, "-o", path).exit_code == 0
    return path


# --- the maps ---------------------------------------------------------------------------

def test_the_maps_hold_every_old_province_once():
    assert len(MAP_63.provinces) == 63 and len(MAP_HUE.provinces) == 63 and len(MAP_34.provinces) == 34
    assert len(MERGED) + len(UNCHANGED) == 34
    for pmap in (MAP_63, MAP_HUE, MAP_34):
        absorbed = [p for olds in pmap.absorbs.values() for p in olds]
        assert sorted(absorbed) == sorted(PROVINCES), pmap.since
        assert list(pmap.provinces) == sorted(pmap.provinces, key=vi_sort_key)


@pytest.mark.parametrize("day, provinces", [
    (date(2015, 1, 1), 63), (date(2024, 12, 31), 63), (date(2025, 1, 1), 63), (date(2025, 6, 30), 63),
    (date(2025, 7, 1), 34), (date(2030, 1, 1), 34),
])
def test_map_at(day, provinces):
    assert len(map_at(day).provinces) == provinces


# (name typed, map) → the row that holds its documents
ROWS = [
    ("Trà Vinh", MAP_63, "Trà Vinh"),
    ("tra vinh", MAP_63, "Trà Vinh"),
    ("TRÀ VINH", MAP_34, "Vĩnh Long"),
    ("Trà vinh", MAP_34, "Vĩnh Long"),
    ("tỉnh Bạc Liêu cũ", MAP_34, "Cà Mau"),
    ("tỉnh Bạc Liêu (cũ)", MAP_63, "Bạc Liêu"),
    ("Thừa Thiên Huế", MAP_34, "Huế"),
    ("Huế", MAP_34, "Huế"),
    ("hue", MAP_63, "Thừa Thiên Huế"),
    ("Thừa Thiên - Huế", MAP_HUE, "Huế"),
    ("Thành phố Hồ Chí Minh", MAP_34, "Hồ Chí Minh"),
    ("TP. Cần Thơ", MAP_34, "Cần Thơ"),
    ("Sóc Trăng", MAP_34, "Cần Thơ"),
    ("Bà Rịa–Vũng Tàu", MAP_34, "Hồ Chí Minh"),
    ("dak lak", MAP_63, "Đắk Lắk"),
    ("Đăk Nông", MAP_34, "Lâm Đồng"),
    ("Hà Nội", MAP_34, "Hà Nội"),
]


@pytest.mark.parametrize("name, pmap, row", ROWS)
def test_province_names_of_every_era_resolve(name, pmap, row):
    assert province_row(name, pmap) == row


@pytest.mark.parametrize("name, suggestion", [("Atlantis", None), ("Tra Vin", "Trà Vinh"), ("Kien Gian", "Kiên Giang"),
                                              ("Hà Nộii", "Hà Nội")])
def test_unknown_province_suggests_the_closest(name, suggestion):
    with pytest.raises(UnknownProvince) as err:
        resolve_province(name)
    assert len(err.value.suggestions) >= 1 and (suggestion is None or err.value.suggestions[0] == suggestion)


@pytest.mark.parametrize("names, order", [
    (["Trà Vinh", "Hồ Chí Minh", "Tiền Giang"], ["Hồ Chí Minh", "Tiền Giang", "Trà Vinh"]),
    (["Đồng Tháp", "Điện Biên", "Đà Nẵng", "Đắk Lắk", "Dak"], ["Dak", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Tháp"]),
    (["Bến Tre", "Bắc Ninh", "Bạc Liêu", "Bà Rịa - Vũng Tàu"], ["Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Ninh", "Bến Tre"]),
    (["Cần Thơ", "Cao Bằng", "Cà Mau"], ["Cà Mau", "Cao Bằng", "Cần Thơ"]),
])
def test_vietnamese_collation(names, order):
    assert sorted(names, key=vi_sort_key) == order


@pytest.mark.parametrize("n, word, text", [(0, "province", "0 provinces"), (1, "province", "1 province"),
                                           (1, "time", "1 time"), (2, "time", "2 times")])
def test_plural(n, word, text):
    assert plural(n, word) == text


# --- the command line ---------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["Trà Vinh", "Trà vinh", "tra vinh", "TRÀ VINH"])
def test_province_spellings_never_make_a_false_gap(seed_graph_file, spelling):
    r = run("coverage", "33/CT-TTg", "--province", spelling, "--graph", seed_graph_file, "--format", "json",
            "--as-of", "2022-12-31")
    assert r.exit_code == 0, r.output
    [row] = json.loads(r.stdout)
    assert row["province"] == "Trà Vinh" and row["covered"] == 1
    r = run("coverage", "33/CT-TTg", "--province", spelling, "--graph", seed_graph_file, "--format", "json")
    [row] = json.loads(r.stdout)
    assert row["province"] == "Vĩnh Long" and {d["place"] for d in row["33/CT-TTg"]} == {"Trà Vinh"}
    assert "part of Vĩnh Long since 2025-07-01" in r.stderr
    r = run("implementers", "33/CT-TTg", "--province", spelling, "--graph", seed_graph_file, "--format", "json")
    assert r.exit_code == 0 and {x["place"] for x in json.loads(r.stdout)} == {"Trà Vinh"}


@pytest.mark.parametrize("command", [
    ["coverage", "33/CT-TTg", "--province"], ["implementers", "33/CT-TTg", "--province"], ["view", "--province"],
    ["export", "-o", "x.gexf", "--province"],
])
def test_unknown_province_is_an_error_everywhere(seed_graph_file, command, tmp_path):
    r = run(*command, "Atlantis", "--graph", seed_graph_file)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error: no province 'Atlantis'; did you mean ") and len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize("args", [
    ["show", "114-KL/TW"], ["show", "114-kl/tw", "--format", "json"], ["show", "114-KL/TW", "--format", "csv"],
    ["coverage", "114-KL/TW"], ["coverage", "114-KL/TW", "--format", "json"], ["coverage", "114-KL/TW", "-f", "csv"],
    ["coverage", "114-KL/TW", "-f", "html"], ["trace", "114-KL/TW"], ["implementers", "114-KL/TW", "-f", "json"],
    ["view", "--trace", "114-KL/TW"], ["view", "--around", "114-KL/TW"], ["export", "-o", "x.csv", "--trace", "114-KL/TW"],
])
def test_an_ambiguous_number_lists_its_candidates(ambiguous_graph, args):
    query = next(a for a in args if "114" in a)
    r = run(*args, "--graph", ambiguous_graph)
    assert r.exit_code == 1 and r.stdout == "", r.output
    assert r.stderr.strip() == (f"Error: {query!r} is ambiguous: it names 2 documents: "
                                "114-KL/TW@2015 (Kết luận, 2015-07-11), 114-KL/TW@2024 (Kết luận, 2024-07-11); "
                                "pass one of these")


@pytest.mark.parametrize("spelling, place", [("114-KL/TW@2015", "Trà Vinh"), ("114-kl/tw @ 2024", "Kiên Giang"),
                                             ("114-KL/TW@2024", "Kiên Giang")])
def test_number_at_year_picks_one(ambiguous_graph, spelling, place):
    r = run("implementers", spelling, "--graph", ambiguous_graph, "--format", "json")
    assert r.exit_code == 0 and [x["place"] for x in json.loads(r.stdout)] == [place]


def test_a_year_with_no_document_suggests_the_others(ambiguous_graph):
    r = run("show", "114-KL/TW@2019", "--graph", ambiguous_graph)
    assert r.exit_code == 1 and "did you mean 114-KL/TW@2015, 114-KL/TW@2024?" in r.stderr


def _stated(file, sentence):
    return {"file": file, "span": [0, 1], "sentence": sentence, "cue": None, "surface": ""}


@pytest.mark.parametrize("source, quoted", [("file:tv", ["tv.txt", "tv.txt"]), ("file:st", ["st.txt", "st.txt"]),
                                            ("K", ["st.txt"])])
def test_a_chains_hop_is_quoted_from_its_own_files(source, quoted):
    # K implements C is stated by a Sóc Trăng file and by a Trà Vinh one: a Trà Vinh chain
    # quotes the Trà Vinh file; a chain with no file of its own, the first.
    G = nx.MultiDiGraph()
    G.add_node("file:tv", file="tv.txt", place="Trà Vinh")
    G.add_node("file:st", file="st.txt", place="Sóc Trăng")
    G.add_edge("file:tv", "K", key="implements", relation="implements", evidence=[_stated("tv.txt", "tv: K")])
    G.add_edge("file:st", "K", key="implements", relation="implements", evidence=[_stated("st.txt", "st: K")])
    G.add_edge("K", "C", key="implements", relation="implements",
               evidence=[_stated("st.txt", "st: K → C"), _stated("tv.txt", "tv: K → C")])
    hops = Q.shortest_path(G, source, "C")
    assert [h["evidence"].split(":")[0] for h in hops] == quoted


def test_a_seed_chains_last_hop_is_quoted_from_its_file(seed_graph):
    # 01-KL/TW implements 05-CT/TW is stated by 001 (Sóc Trăng) and 003 (Trà Vinh).
    hops = Q.shortest_path(seed_graph, "file:003_55d517ce3ca3e960.txt", "05-CT/TW@2016", relations=["implements"])
    assert hops[-1]["source"] == "01-KL/TW" and hops[-1]["evidence"].startswith("003_55d517ce3ca3e960.txt: ")


@pytest.mark.parametrize("command", [["show", "33/CT-TTg"], ["trace", "33/CT-TTg"], ["implementers", "33/CT-TTg"],
                                     ["coverage", "33/CT-TTg"], ["path", "03/KH-UBND", "33/CT-TTg"], ["stats"]])
def test_query_commands_take_the_neo4j_connection_options(seed_graph_file, command):
    # Nothing listens on port 1: the options reached the driver, which names the address.
    r = run(*command, "--neo4j", "--uri", "bolt://127.0.0.1:1", "--user", "u", "--password", "secret-pw",
            "--database", "db")
    assert r.exit_code == 1 and "bolt://127.0.0.1:1" in r.stderr and "secret-pw" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1
    r = run(*command, "--uri", "bolt://127.0.0.1:1", "--graph", seed_graph_file)
    assert r.exit_code == 2 and r.stderr.strip() == "Error: --uri applies only with --neo4j"


@pytest.mark.parametrize("args, message", [
    (["trace", "33/CT-TTg", "--nope"], "Error: No such option: --nope"),
    (["coverage"], "Error: Missing argument 'numbers'."),
    (["coverage", "33/CT-TTg", "--as-of", "2025-13-01"], "Error: Invalid value for '--as-of'"),
    (["view", "--layout", "circle"], "Error: Invalid value for '--layout'"),
    (["nope"], "Error: No such command 'nope'."),
])
def test_usage_errors_are_one_line(args, message):
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(message) and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_show_csv_span_is_start_colon_end(seed_graph_file):
    r = run("show", "33/CT-TTg", "--graph", seed_graph_file, "--format", "csv")
    spans = [row["span"] for row in csv.DictReader(io.StringIO(r.stdout))]
    assert spans and all(s.count(":") == 1 and all(p.isdigit() for p in s.split(":")) for s in spans)


def test_stats_counts_files_not_documents(tmp_path, seeds_dir):
    # The same document in two files: one node, two files read.
    for name in ("003_55d517ce3ca3e960.txt", "004_62ffd4cb76640771.txt"):
        (tmp_path / name).write_bytes((seeds_dir / name).read_bytes())
    (tmp_path / "copy.txt").write_bytes((seeds_dir / "004_62ffd4cb76640771.txt").read_bytes())
    r = run("stats", "--from", tmp_path, "--format", "json")
    rows = {(x["group"], x["value"]): x["count"] for x in json.loads(r.stdout)}
    assert rows[("total", "files read")] == 3


def test_every_data_folder_is_a_declared_package():
    # setuptools warns (a dozen lines each) about folders it would ship but were not declared.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {".".join(p.relative_to(ROOT).parts) for top in ("extract", "graph") for p in [ROOT / top, *(ROOT / top).rglob("*")]
               if p.is_dir() and p.name != "__pycache__" and any(f.is_file() for f in p.iterdir())}
    assert folders == set(config["packages"])
