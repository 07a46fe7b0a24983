"""Real-shaped files of each format through the whole extraction: references come out,
recipient lists do not, a bad file stops a --strict run."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import cli
from extract import extract_sources
from extract.formats import legacy

BODY = ("Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ; "
        "Thực hiện Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng.")


def _numbers(path) -> dict[str, list[str]]:
    result = extract_sources([str(path)])
    assert result.errors == []
    [doc] = result.documents
    return {r.number: sorted(r.relations) for r in doc.references}


def test_docx_with_table_and_recipients(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph(BODY)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Nơi nhận:"
    table.cell(0, 1).text = "- Sở Nội vụ (Công văn số 12/SNV-VP);"
    path = tmp_path / "kh.docx"
    d.save(path)
    assert _numbers(path) == {"33/CT-TTg": ["based_on"], "114-KL/TW": ["implements"]}


def test_tcvn3_text_file(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(legacy.encode(BODY, "tcvn3"))
    result = extract_sources([str(path)])
    assert any("TCVN3" in w for w in result.warnings)
    assert {r.number for r in result.documents[0].references} == {"33/CT-TTg", "114-KL/TW"}


def test_html_page_keeps_only_visible_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><script>var x = 'Chỉ thị số 99/CT-TTg';</script></head><body>"
                    f"<nav>Quyết định số 1/QĐ-TTg</nav><div id='toanvancontent'><p>{BODY}</p>"
                    + "<p>" + "x " * 150 + "</p></div></body></html>", encoding="utf-8")
    assert set(_numbers(path)) == {"33/CT-TTg", "114-KL/TW"}


def test_strict_stops_at_the_first_bad_file(tmp_path):
    (tmp_path / "a_bad.txt").write_bytes(b"\x00\x00binary")
    (tmp_path / "b_good.txt").write_text(BODY, encoding="utf-8")
    r = CliRunner().invoke(cli.app, ["extract", str(tmp_path), "--strict"])
    assert r.exit_code == 1 and r.stdout == "" and "a_bad.txt" in r.stderr
    r = CliRunner().invoke(cli.app, ["extract", str(tmp_path)])
    assert r.exit_code == 1 and [json.loads(x)["doc"] for x in r.stdout.splitlines()] == ["b_good.txt"]
