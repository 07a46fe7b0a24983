"""Readers of every format, on real files the tests make themselves.

.docx files are written with python-docx (plus a hand-written footnotes part, which
python-docx cannot write), PDFs with fpdf2 and the DejaVu font (Debian package
fonts-dejavu-core), legacy-encoded text with the encoder tables of
:mod:`extract.formats.legacy`, anchored to byte values of the published TCVN3/VNI
tables so that encoder and decoder cannot be wrong together.
"""
from __future__ import annotations

import codecs
import doctest
import io
import random
import re
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

import extract.formats as formats
from extract.formats import (
    SUPPORTED_SUFFIXES,
    UnreadableError,
    clean,
    decode_document,
    legacy,
    read_document,
    text as text_reader,
    vietnamese,
)
from extract.formats.pdf import repair_breaks

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(
    not DEJAVU.exists(), reason="needs DejaVuSans.ttf: apt-get install fonts-dejavu-core"
)

DOC = """THỦ TƯỚNG CHÍNH PHỦ
Số: 33/CT-TTg
CHỈ THỊ
Về việc thực hiện Nghị quyết của Đảng
Căn cứ Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương;
Ủy ban nhân dân tỉnh Kiên Giang thực hiện Chỉ thị số 33/CT-TTg và Nghị định số 04/2015/NĐ-CP.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT."""

PHRASES = ["Chỉ thị số 33/CT-TTg", "Nghị quyết", "Quyết định số 217-QĐ/TW", "04/2015/NĐ-CP", "Đảng", "Nơi nhận:"]


def put(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def cp1258(text: str) -> bytes:
    """Windows-1258 encoder: Python's codec needs the tone mark split off first."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258", errors="replace") + tones.encode("cp1258")
    return bytes(out)


def vietnamese_letters() -> list[str]:
    bases = "aăâeêioôơuưy"
    marks = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = [unicodedata.normalize("NFC", b + m) for b in bases for m in marks] + ["đ"]
    return letters + [c.upper() for c in letters]


# --- legacy tables ------------------------------------------------------------------

# Byte strings written from the published tables, not from our encoder.
@pytest.mark.parametrize(
    "data, encoding, expected",
    [
        (b"Ch\xd8 th\xde", "tcvn3", "Chỉ thị"),
        (b"Ngh\xde quy\xd5t", "tcvn3", "Nghị quyết"),
        (b"\xa7\xb6ng", "tcvn3", "Đảng"),
        (b"\xf1y ban nh\xa9n d\xa9n t\xd8nh Ki\xaan Giang", "tcvn3", "ủy ban nhân dân tỉnh Kiên Giang"),
        (b"Ch\xe6 th\xf2", "vni", "Chỉ thị"),
        (b"Ngh\xf2 quye\xe1t", "vni", "Nghị quyết"),
        (b"\xd1a\xfbng", "vni", "Đảng"),
        (b"U\xdby ban nha\xe2n da\xe2n t\xe6nh Kie\xe2n Giang", "vni", "Ủy ban nhân dân tỉnh Kiên Giang"),
        (b"Quy\xd5t \xae\xdenh s\xe8 217-Q\xa7/TW", "tcvn3", "Quyết định số 217-QĐ/TW"),
        (b"Quye\xe1t \xf1\xf2nh so\xe1 217-Q\xd1/TW", "vni", "Quyết định số 217-QĐ/TW"),
        (cp1258("Nghị quyết của Đảng"), "cp1258", "Nghị quyết của Đảng"),
    ],
)
def test_published_byte_values_decode(data, encoding, expected):
    assert legacy.decode(data, encoding) == expected


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize(
    "sentence", ["Chỉ thị", "Nghị quyết", "Ủy ban nhân dân tỉnh Kiên Giang", "Đảng", "Quyết định số 217-QĐ/TW", DOC]
)
def test_sentences_round_trip(encoding, sentence):
    back = legacy.decode(legacy.encode(sentence, encoding), encoding)
    if encoding == "tcvn3":
        # TCVN3 has no codes for toned capitals (typed lowercase in .VnTimeH fonts)
        assert back.replace("ủy", "Ủy") == sentence
    else:
        assert back == sentence


def test_every_letter_round_trips():
    letters = vietnamese_letters()
    vni = [c for c in letters if legacy.decode(legacy.encode(c, "vni"), "vni") != c]
    lower = [c for c in letters if c.islower() or c in "ĂÂÊÔƠƯĐ"]
    tcvn3 = [c for c in lower if legacy.decode(legacy.encode(c, "tcvn3"), "tcvn3") != c]
    assert (vni, tcvn3) == ([], [])
    accented = [c for c in letters if not c.isascii()]
    assert len({legacy.encode(c, "vni") for c in accented}) == len(accented) == 134


@pytest.mark.parametrize(
    "font, expected",
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        ("ABCDEF+.VnArialH,Bold", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("BCDEEE+VNI-Helve-Bold", ("vni", False)),
        ("Times New Roman", (None, False)),
        (None, (None, False)),
    ],
)
def test_font_names(font, expected):
    assert legacy.font_encoding(font) == expected


def test_syllable_judge():
    good = ["Nghị", "quyết", "Đảng", "người", "khuyến", "giữ", "ủy", "hoà", "thuở"]
    bad = ["Qu¸n", "chaứo", "ChØ", "thÞ", "Ñaûng", "nghìá"]
    assert all(map(vietnamese.is_syllable, good)) and not any(map(vietnamese.is_syllable, bad))


# --- plain text ------------------------------------------------------------------------

TEXT_CASES = [
    # id, bytes, detected encoding, warning fragment, exact?
    ("utf-8", DOC.encode(), "utf-8", None, True),
    ("utf-8 with BOM", codecs.BOM_UTF8 + DOC.encode(), "utf-8-sig", None, True),
    ("utf-16 with BOM", DOC.encode("utf-16"), "utf-16", None, True),
    ("utf-16-le without BOM", DOC.encode("utf-16-le"), "utf-16-le", "UTF-16 without BOM", True),
    ("decomposed utf-8", unicodedata.normalize("NFD", DOC).encode(), "utf-8", None, True),
    ("crlf", DOC.replace("\n", "\r\n").encode(), "utf-8", None, True),
    ("windows-1258", cp1258(DOC), "cp1258", "decoded as Windows-1258", True),
    ("tcvn3", legacy.encode(DOC, "tcvn3"), "tcvn3", "decoded as TCVN3 (legacy font encoding); check the text", False),
    ("vni", legacy.encode(DOC, "vni"), "vni", "decoded as VNI (legacy font encoding); check the text", True),
    ("utf-8 with a stray byte", DOC.encode().replace(b"VT.", b"VT\x96"), "utf-8", "invalid UTF-8", False),
    ("NUL padding", DOC.encode() + b"\x00" * 300, "utf-8", "trailing NUL", True),
]


@pytest.mark.parametrize("data, encoding, warning, exact", [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_text_encodings(tmp_path, data, encoding, warning, exact):
    decoded = read_document(put(tmp_path, "doc.txt", data))
    assert decoded.encoding == encoding
    assert decoded.format == "text"
    if exact:
        assert decoded.text == DOC
    for phrase in PHRASES:
        assert phrase in decoded.text
    assert "ủy ban nhân dân tỉnh kiên giang" in decoded.text.lower()
    if warning:
        assert any(warning in w for w in decoded.warnings), decoded.warnings
    else:
        assert decoded.warnings == []


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("tcvn3", legacy.encode(DOC, "tcvn3")),
        ("ABC", legacy.encode(DOC, "tcvn3")),
        ("vni", legacy.encode(DOC, "vni")),
        ("cp1258", cp1258(DOC)),
        ("windows-1258", cp1258(DOC)),
        ("utf-16", DOC.encode("utf-16")),
        ("utf-8", DOC.encode()),
    ],
)
def test_encoding_override(tmp_path, encoding, data):
    decoded = read_document(put(tmp_path, "doc.md", data), encoding=encoding)
    assert "Chỉ thị số 33/CT-TTg" in decoded.text and "Nơi nhận:" in decoded.text


@pytest.mark.parametrize(
    "encoding, data, message",
    [("no-such-codec", b"abc", "unknown encoding"), ("utf-8", b"Ch\xd8 th\xde", "cannot decode as utf-8")],
)
def test_encoding_override_errors(tmp_path, encoding, data, message):
    with pytest.raises(UnreadableError, match=message):
        read_document(put(tmp_path, "doc.txt", data), encoding=encoding)


@pytest.mark.parametrize("line", ["Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương",
                                  "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ"])
@pytest.mark.parametrize("enc, label", [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_mojibake_lines_in_unicode_text_are_repaired(tmp_path, line, enc, label):
    unicode_line = "Hà Nội, ngày 15 tháng 3 năm 2024 — ý kiến của các đồng chí"
    moji = legacy.bytes_as_text(legacy.encode(line, enc))
    decoded = read_document(put(tmp_path, "mixed.txt", f"{unicode_line}\n{moji}\n"))
    assert decoded.text.splitlines() == [unicode_line, line]
    assert any(f"re-decoded from {label}" in w for w in decoded.warnings)


@pytest.mark.parametrize(
    "sentence",
    [
        "Hà Nội, ngày 15 tháng 3 năm 2024",
        "Bộ Tài chính ban hành Thông tư số 12/2024/TT-BTC; ý kiến các đồng chí: “đồng ý”.",
        "Café © 2020 — Straße, naïve résumé",
    ],
)
def test_genuine_unicode_is_left_alone(sentence):
    warnings: list[str] = []
    assert clean.finish(sentence, warnings) == sentence and warnings == []


def test_stdin_bytes_go_through_the_same_pipeline():
    decoded = decode_document(legacy.encode(DOC, "vni"))
    assert decoded.encoding == "vni" and "Chỉ thị số 33/CT-TTg" in decoded.text


# --- bad input --------------------------------------------------------------------------

_NOISE = random.Random(0).randbytes(20000)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)

BAD_CASES = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\t\r\n", "empty file"),
    ("nul.txt", "Chỉ thị\x00\x00 số 33".encode(), "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + _NOISE, "binary"),
    ("noise.html", _NOISE, "binary"),
    ("noise.pdf", _NOISE, "not a PDF"),
    ("noise.docx", _NOISE, "truncated or corrupt docx"),
    ("cut.docx", b"PK\x03\x04" + _NOISE[:100], "truncated or corrupt docx: zip directory missing"),
    ("data.xyz", b"abc", "unsupported file type"),
    ("old.doc", _OLE, "Word 97-2003"),
    ("secret.docx", _OLE + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
    ("note.rtf", b"{\\rtf1\\ansi Chi thi}", "RTF is not supported"),
    ("scripts.html", b"<html><body><script>alert('x')</script><nav>Menu</nav></body></html>", "no visible text"),
]


@pytest.mark.parametrize("name, data, message", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_gives_one_clear_error(tmp_path, name, data, message):
    with pytest.raises(UnreadableError) as err:
        read_document(put(tmp_path, name, data))
    assert message in str(err.value)
    assert "\n" not in str(err.value) and name not in str(err.value)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 1000)
    with pytest.raises(UnreadableError, match="too large"):
        read_document(put(tmp_path, "big.txt", DOC.encode() * 10))


def test_every_suffix_is_registered():
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= SUPPORTED_SUFFIXES


def test_50_mb_text_file(tmp_path):
    block = (DOC + "\n").encode()
    path = put(tmp_path, "big.txt", block * (50 * 2**20 // len(block)))
    start = time.perf_counter()
    decoded = read_document(path)
    elapsed = time.perf_counter() - start
    assert decoded.text.count("33/CT-TTg") == 2 * (50 * 2**20 // len(block))
    assert elapsed < 15, f"{elapsed:.1f} s"


def test_10_mb_legacy_file(tmp_path):
    block = legacy.encode(DOC + "\n", "vni")
    decoded = read_document(put(tmp_path, "big.txt", block * (10 * 2**20 // len(block))))
    assert decoded.encoding == "vni" and decoded.text.count("Chỉ thị số 33/CT-TTg") > 1000


@pytest.mark.parametrize("name", ["line.txt", "line.html"])
def test_10_mb_single_line(tmp_path, name):
    line = "Căn cứ Chỉ thị số 33/CT-TTg và Nghị định 04/2015/NĐ-CP; " * (10 * 2**20 // 70)
    data = f"<p>{line}</p>" if name.endswith("html") else line
    start = time.perf_counter()
    decoded = read_document(put(tmp_path, name, data))
    assert "\n" not in decoded.text and decoded.text.count("33/CT-TTg") > 100000
    assert time.perf_counter() - start < 15


# --- .docx ------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> Xem Quyết định số 1234/QĐ-UBND ngày 5/6/2019.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def with_part(docx: bytes, name: str, xml: str) -> bytes:
    """Add a part to a .docx written by python-docx (which cannot write footnotes)."""
    src, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr(name, xml)
    return out.getvalue()


def moji(text: str, encoding: str) -> str:
    """What a .docx holds for *text* typed in a TCVN3/VNI font."""
    return legacy.bytes_as_text(legacy.encode(text, encoding))


@pytest.fixture(scope="module")
def word_file() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "BAN CHẤP HÀNH TRUNG ƯƠNG"
    document.sections[0].footer.paragraphs[0].text = "2"
    document.add_paragraph("Chỉ thị số 33/CT-TTg về tăng cường quản lý")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "Số hiệu", (0, 1): "Trích yếu", (1, 0): "04/2015/NĐ-CP", (1, 1): "Nghị định về dân chủ"}.items():
        table.cell(r, c).text = value
    for text, font, encoding in [
        ("Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương", ".VnTime", "tcvn3"),
        ("đảng cộng sản việt nam", ".VnTimeH", "tcvn3"),
        ("Nghị quyết của Ủy ban nhân dân tỉnh Kiên Giang", "VNI-Times", "vni"),
    ]:
        document.add_paragraph().add_run(moji(text, encoding)).font.name = font
    # a document converted to Unicode that kept its old font name stays as it is
    document.add_paragraph().add_run("Hà Nội, ngày 15 tháng 3 năm 2024").font.name = ".VnTime"
    document.add_paragraph("Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.")
    buffer = io.BytesIO()
    document.save(buffer)
    return with_part(buffer.getvalue(), "word/footnotes.xml", FOOTNOTES)


def test_docx_reads_everything_in_order(tmp_path, word_file):
    decoded = read_document(put(tmp_path, "ct33.docx", word_file))
    lines = decoded.text.splitlines()
    assert decoded.format == "docx"
    assert lines[0] == "BAN CHẤP HÀNH TRUNG ƯƠNG"  # page header first
    assert lines[1] == "Chỉ thị số 33/CT-TTg về tăng cường quản lý"
    assert lines[2:6] == ["Số hiệu", "Trích yếu", "04/2015/NĐ-CP", "Nghị định về dân chủ"]
    assert lines[6:10] == [
        "Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Nghị quyết của Ủy ban nhân dân tỉnh Kiên Giang",
        "Hà Nội, ngày 15 tháng 3 năm 2024",
    ]
    assert lines[10:13] == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    assert lines[-1] == "[1] Xem Quyết định số 1234/QĐ-UBND ngày 5/6/2019."
    assert "2" not in lines  # the page-number footer
    assert any("TCVN3" in w for w in decoded.warnings) and any("VNI" in w for w in decoded.warnings)


def raw_docx(body: str) -> bytes:
    """A minimal package around a hand-written document.xml body."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        f'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return out.getvalue()


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


DOCX_XML_CASES = [
    ("tracked insertion kept", f"<w:p>{r('Chỉ thị ')}<w:ins>{r('số 33')}</w:ins>{r('/CT-TTg')}</w:p>", "Chỉ thị số 33/CT-TTg"),
    ("tracked deletion dropped", f"<w:p>{r('Số ')}<w:del><w:r><w:delText>99</w:delText></w:r></w:del>{r('33')}</w:p>", "Số 33"),
    ("content control", f"<w:sdt><w:sdtPr/><w:sdtContent><w:p>{r('Nghị quyết')}</w:p></w:sdtContent></w:sdt>", "Nghị quyết"),
    ("smart tag and hyperlink", f"<w:p><w:smartTag>{r('Quyết định')}</w:smartTag><w:hyperlink>{r(' 217-QĐ/TW')}</w:hyperlink></w:p>", "Quyết định 217-QĐ/TW"),
    ("field code hidden, result kept", f"<w:p><w:r><w:instrText> PAGE </w:instrText></w:r>{r('Điều 1')}</w:p>", "Điều 1"),
    ("tab, break, no-break hyphen", f"<w:p>{r('a')}<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>NĐ</w:t><w:noBreakHyphen/><w:t>CP</w:t></w:r></w:p>", "a\tb\nNĐ-CP"),
    (
        "text box once, not twice",
        f"<w:p>{r('Trước')}<w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p>{r('Hộp')}</w:p>"
        f"</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>{r('Hộp')}</w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        "Trước\nHộp",
    ),
    (
        "nested table",
        f"<w:tbl><w:tr><w:tc><w:p>{r('A')}</w:p><w:tbl><w:tr><w:tc><w:p>{r('B')}</w:p></w:tc><w:tc><w:p>{r('C')}</w:p></w:tc></w:tr></w:tbl></w:tc>"
        f"<w:tc><w:p>{r('D')}</w:p></w:tc></w:tr></w:tbl>",
        "A\nB\nC\nD",
    ),
]


@pytest.mark.parametrize("body, expected", [c[1:] for c in DOCX_XML_CASES], ids=[c[0] for c in DOCX_XML_CASES])
def test_docx_xml_structures(tmp_path, body, expected):
    assert read_document(put(tmp_path, "x.docx", raw_docx(body))).text == expected


def test_docx_encoding_override_forces_legacy(tmp_path):
    body = f"<w:p>{r(moji('Chỉ thị', 'vni'))}</w:p>"
    assert read_document(put(tmp_path, "x.docx", raw_docx(body)), encoding="vni").text == "Chỉ thị"


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.95])
def test_truncated_docx(tmp_path, word_file, cut):
    with pytest.raises(UnreadableError, match="^truncated or corrupt docx: "):
        read_document(put(tmp_path, "cut.docx", word_file[: int(len(word_file) * cut)]))


def test_corrupt_docx_member(tmp_path, word_file):
    info = zipfile.ZipFile(io.BytesIO(word_file)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    broken = bytearray(word_file)
    broken[start : start + 40] = bytes(40)
    with pytest.raises(UnreadableError, match="^truncated or corrupt docx: "):
        read_document(put(tmp_path, "bad.docx", bytes(broken)))


def test_zip_that_is_not_word(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableError, match="Excel or PowerPoint"):
        read_document(put(tmp_path, "sheet.docx", out.getvalue()))


# --- PDF ---------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]], *, running: bool = True, font: Path = DEJAVU, image_pages: tuple[int, ...] = ()) -> bytes:
    """A PDF with a text layer: a running header and footer and page numbers on every page."""
    fpdf = pytest.importorskip("fpdf")
    nl = {"new_x": "LMARGIN", "new_y": "NEXT"}

    class Gazette(fpdf.FPDF):
        def header(self):
            if running:
                self.set_font("body", size=9)
                self.cell(0, 8, "CÔNG BÁO TỈNH KIÊN GIANG", align="C", **nl)
                if self.page_no() > 1:  # Vietnamese style: number at the top from page 2
                    self.cell(0, 6, str(self.page_no()), align="C", **nl)
                self.ln(8)

        def footer(self):
            if running:
                self.set_y(-15)
                self.set_font("body", size=8)
                self.cell(0, 10, f"Trang {self.page_no()}/{{nb}}", align="C")

    pdf = Gazette()
    pdf.add_font("body", "", str(font))
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("body", size=12)
        for line in lines:
            pdf.cell(0, 7, line, **nl)
        if number in image_pages:
            from PIL import Image

            pdf.image(Image.new("L", (200, 100), 255), x=20, y=60, w=100)
    return bytes(pdf.output())


BODY = [
    ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 33/CT-TTg", "CHỈ THỊ", "Về tăng cường quản lý", "Căn cứ Chỉ thị số 33/CT-", "TTg ngày 10 tháng 5 năm 2020;"],
    ["Thực hiện Nghị định số 04/2015/NĐ-", "CP và Nghị định số 04/2015/", "NĐ-CP, phát triển kinh tế-", "xã hội."],
    ["- Các bộ, ngành thực hiện.", "Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- Lưu: VT."],
]


@needs_font
def test_pdf_text_layer(tmp_path):
    decoded = read_document(put(tmp_path, "ct33.pdf", make_pdf(BODY)))
    text = decoded.text
    assert decoded.format == "pdf" and decoded.warnings == []
    assert "Căn cứ Chỉ thị số 33/CT-TTg ngày 10 tháng 5 năm 2020;" in text
    assert text.count("04/2015/NĐ-CP") == 2 and "kinh tế-xã hội" in text
    assert "CÔNG BÁO" not in text and "Trang" not in text
    assert not [line for line in text.splitlines() if line.strip().isdigit()]
    assert text.index("THỦ TƯỚNG") < text.index("Nơi nhận:") < text.index("- Lưu: VT.")
    assert "- Ban Bí thư Trung ương Đảng;" in text.splitlines()


@needs_font
def test_pdf_two_column_heading_and_signature(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("body", "", str(DEJAVU))
    pdf.set_font("body", size=11)
    pdf.add_page()
    nl = {"new_x": "LMARGIN", "new_y": "NEXT"}

    def row(left: str, right: str) -> None:
        pdf.cell(80, 7, left, align="C")
        pdf.cell(110, 7, right, align="C", **nl)

    row("THỦ TƯỚNG CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    row("Số: 33/CT-TTg", "Hà Nội, ngày 10 tháng 5 năm 2020")
    pdf.ln(4)
    pdf.cell(0, 7, "CHỈ THỊ", align="C", **nl)
    pdf.multi_cell(0, 7, "Về việc thực hiện Nghị định số 04/2015/NĐ-CP của Chính phủ và các văn bản hướng dẫn thi hành.", **nl)
    pdf.ln(8)
    row("Nơi nhận:", "THỦ TƯỚNG")
    row("- Ban Bí thư Trung ương Đảng;", "")
    row("- Lưu: VT.", "Nguyễn Văn A")
    lines = read_document(put(tmp_path, "two.pdf", bytes(pdf.output()))).text.splitlines()
    assert lines == [
        "THỦ TƯỚNG CHÍNH PHỦ", "Số: 33/CT-TTg",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hà Nội, ngày 10 tháng 5 năm 2020",
        "CHỈ THỊ",
        "Về việc thực hiện Nghị định số 04/2015/NĐ-CP của Chính phủ và các văn bản hướng dẫn thi",
        "hành.",
        "Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- Lưu: VT.",
        "THỦ TƯỚNG", "Nguyễn Văn A",
    ]


@needs_font
def test_scanned_pdf_is_refused(tmp_path):
    with pytest.raises(UnreadableError, match=re.escape("no text layer (scanned PDF?)")):
        read_document(put(tmp_path, "scan.pdf", make_pdf([[]], running=False, image_pages=(1,))))


@needs_font
def test_pdf_with_a_scanned_page_warns(tmp_path):
    decoded = read_document(put(tmp_path, "mixed.pdf", make_pdf([BODY[0], []], running=False, image_pages=(2,))))
    assert "Chỉ thị" in decoded.text
    assert decoded.warnings == ["page(s) 2 have no text layer (scanned?)"]


@needs_font
@pytest.mark.parametrize("cut", [0.4, 0.8, 0.99])
def test_truncated_pdf(tmp_path, cut):
    data = make_pdf(BODY)
    try:
        decoded = read_document(put(tmp_path, "cut.pdf", data[: int(len(data) * cut)]))
    except UnreadableError as err:
        assert str(err).startswith("truncated PDF")
    else:  # whatever pdfminer recovers carries the warning
        assert any("truncated" in w for w in decoded.warnings)


@needs_font
def test_encrypted_pdf(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("body", "", str(DEJAVU))
    pdf.set_font("body", size=12)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.cell(0, 8, "Chỉ thị số 33/CT-TTg")
    with pytest.raises(UnreadableError, match="needs a password"):
        read_document(put(tmp_path, "locked.pdf", bytes(pdf.output())))


@needs_font
def test_pdf_in_a_tcvn3_font(tmp_path):
    ttlib = pytest.importorskip("fontTools.ttLib")
    font = ttlib.TTFont(str(DEJAVU))
    # the names a .VnTime font carries (typographic names would override them)
    font["name"].names = [n for n in font["name"].names if n.nameID not in (16, 17, 21, 22)]
    for record in font["name"].names:
        if record.nameID in (1, 4, 6):
            record.string = ".VnTime"
    font.save(tmp_path / "vntime.ttf")
    pages = [[moji("Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương", "tcvn3")]]
    decoded = read_document(put(tmp_path, "old.pdf", make_pdf(pages, running=False, font=tmp_path / "vntime.ttf")))
    assert decoded.text == "Quyết định số 217-QĐ/TW của Ban Chấp hành Trung ương"
    assert any("TCVN3" in w for w in decoded.warnings)


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("Chỉ thị số 33/CT-\nTTg ngày", "Chỉ thị số 33/CT-TTg ngày"),
        ("Nghị định 04/2015/NĐ-\nCP", "Nghị định 04/2015/NĐ-CP"),
        ("Nghị định 04/2015/\nNĐ-CP", "Nghị định 04/2015/NĐ-CP"),
        ("Nghị định 04\n/2015/NĐ-CP", "Nghị định 04/2015/NĐ-CP"),
        ("Nghị định 04/2015/NĐ\n-CP", "Nghị định 04/2015/NĐ-CP"),
        ("Quyết định 217-QĐ/\nTW", "Quyết định 217-QĐ/TW"),
        ("kinh tế-\nxã hội", "kinh tế-xã hội"),
        ("kinh tế -\nxã hội", "kinh tế -\nxã hội"),
        ("nhiệm vụ sau:\n-Các sở", "nhiệm vụ sau:\n-Các sở"),
        ("Ủy ban UBND\n-Các sở", "Ủy ban UBND\n-Các sở"),
        ("- Như trên;\n- Lưu: VT.", "- Như trên;\n- Lưu: VT."),
        ("số  33", "số 33"),
    ],
)
def test_pdf_line_break_repair(broken, fixed):
    assert repair_breaks(broken) == fixed


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Chỉ thị 33</title>
<style>.x {{ color: red }}</style><script>var s = "<p>Nghị định 99/2099/NĐ-CP</p>";</script></head>
<body><header><nav><a href="/">Trang chủ</a> | <a href="/vb">Văn bản mới</a></nav></header>
<div class="sidebar"><aside>Văn bản liên quan: Nghị định 98/2098/NĐ-CP</aside>
<ul class="menu"><li>Đăng nhập</li></ul></div>
<div {container}>
<table><tr><td><b>THỦ TƯỚNG CHÍNH PHỦ</b><br>-------</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr>
<tr><td>Số:&nbsp;33/CT-TTg</td><td><i>Hà Nội, ngày 10 tháng 5 năm 2020</i></td></tr></table>
<p align="center"><b>CHỈ THỊ</b></p>
<p>Căn cứ Nghị định số 04/2015/NĐ-CP
   ngày 09/01/2015 &amp; Quyết định số 217-QĐ/TW;</p>
<p>1. Các bộ, ngành <span style="display:none">ẩn đi</span>thực hiện nghiêm Chỉ thị số 33/CT-TTg.</p>
<p><font face=".VnTime">{moji}</font></p>
<p><b>Nơi nhận:</b><br>- Ban Bí thư Trung ương Đảng;<br>- Lưu: VT.</p>
<!-- Nghị định 97/2097/NĐ-CP -->
</div>
<footer>Bản quyền © Thư Viện Pháp Luật</footer><noscript>Bật JavaScript</noscript></body></html>"""

CONTAINERS = {
    "thuvienphapluat": 'class="content1"><div id="divContentDoc"',
    "vbpl": 'class="fulltext"><div id="toanvancontent" class="toanvancontent"',
    "plain body": "",
}


def page(container: str, charset: str = "utf-8") -> str:
    opening = CONTAINERS[container]
    html = PAGE.format(charset=charset, container=opening, moji=moji("Nghị quyết của Đảng", "tcvn3"))
    return html if opening.count("<div") == 0 else html.replace("</div>\n<footer>", "</div></div>\n<footer>")


@pytest.mark.parametrize("container", list(CONTAINERS))
def test_html_visible_document_text(tmp_path, container):
    decoded = read_document(put(tmp_path, "ct33.html", page(container)))
    text, lines = decoded.text, decoded.text.splitlines()
    assert decoded.format == "html"
    assert "Số: 33/CT-TTg" in lines and "CHỈ THỊ" in lines
    assert "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 & Quyết định số 217-QĐ/TW;" in lines
    assert "1. Các bộ, ngành thực hiện nghiêm Chỉ thị số 33/CT-TTg." in lines
    assert "Nghị quyết của Đảng" in lines  # .VnTime font converted
    assert lines[-3:] == ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- Lưu: VT."]
    for hidden in ["99/2099", "97/2097", "Trang chủ", "Bật JavaScript", "Bản quyền", "ẩn đi", "color", "98/2098"]:
        assert hidden not in text
    if container != "plain body":
        assert "Đăng nhập" not in text  # the site's menu is outside the content container


@pytest.mark.parametrize(
    "charset, encode, expected",
    [
        ("windows-1258", cp1258, "windows-1258"),
        ("utf-8", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
        ("iso-8859-1", str.encode, "utf-8"),  # a wrong meta: the bytes are valid UTF-8
        ("iso-8859-1", lambda s: legacy.encode(s, "tcvn3"), "tcvn3"),  # an editor's default
        ("", lambda s: legacy.encode(s, "vni"), "vni"),
    ],
)
def test_html_charsets(tmp_path, charset, encode, expected):
    decoded = read_document(put(tmp_path, "p.htm", encode(page("vbpl", charset))))
    assert decoded.encoding == expected
    assert "Chỉ thị số 33/CT-TTg" in decoded.text and "Nơi nhận:" in decoded.text


def test_misnamed_files_are_read_as_what_they_are(tmp_path, word_file):
    decoded = read_document(put(tmp_path, "download.pdf", page("vbpl")))
    assert decoded.format == "html" and decoded.warnings[0] == "file named .pdf is an HTML page; read as such"
    decoded = read_document(put(tmp_path, "renamed.doc", word_file))
    assert decoded.format == "docx" and "Chỉ thị số 33/CT-TTg" in decoded.text


def test_docstring_examples():
    from extract.formats import docx as docx_reader, html, pdf

    for module in (legacy, vietnamese, clean, text_reader, formats, docx_reader, html, pdf):
        assert doctest.testmod(module).failed == 0, module.__name__
