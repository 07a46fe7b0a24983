"""Property tests: no text makes extraction fail, hang, or report a span that lies."""
from __future__ import annotations

import time
import unicodedata

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import clean as C
from extract import extract_text, resolve_corpus
from extract import regexes as R
from extract.clean import clean
from extract.find import _anaphora, _laws
from extract.relations import _cue_matches
from extract.scan import sentence_ends

# Pieces of real references, glued at random: the adversarial text is made of near-misses.
PIECES = ["Căn cứ ", "Thực hiện ", "Kế hoạch số ", "Chỉ thị số ", "Quyết định ", "số /", "114-KL/TW",
          "33/CT-TTg", "33/TTg", "/KH-UBND", "04/2015/NĐ-", "CP", " ngày ", "14-7-2015", "/3/2022",
          " tháng 6 năm 2022", " của ", "Ủy ban nhân dân tỉnh Trà Vinh", " giữa ", " và ", "; ", ". ",
          "\n", "(khóa XI)", " về “", "”", "Nghị quyết Đại hội ", "XIII", " Đảng bộ tỉnh", "Bộ Luật ",
          "Luật ", "Nơi nhận:", "- ", "<sup>1</sup>", "**", "Ð", "–", "\u00a0", "o\u0300", " nêu trên",
          "Pháp lệnh số 34", "triển khai thực hiện ", "hướng dẫn ", "báo cáo kết quả thực hiện "]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_never_fails_and_spans_are_true(text):
    start = time.perf_counter()
    ex = extract_text(text, "t.txt")
    [doc] = resolve_corpus([ex])
    assert time.perf_counter() - start < 2.0
    for m in ex.mentions:
        assert text[m.span[0]:m.span[1]] == m.surface
    for inc in ex.incomplete:
        assert text[inc.span[0]:inc.span[1]] == inc.surface
    for r in doc.references:
        assert r.relations


def test_long_single_line_is_linear():
    line = "Căn cứ Kết luận số 114-KL/TW ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI); " * 4000
    start = time.perf_counter()
    ex = extract_text(line)
    assert len(ex.mentions) == 4000
    assert time.perf_counter() - start < 10


# clean() as it was first written, one loop over every change: the reference the fast one
# (fast scans, changes kept as columns, pieces built with map and zip) must equal.
_REF_OLD_TONE = regex.compile(r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\p{L})")


def _reference_clean(text: str) -> tuple:
    edits = [(m.start(), 0, m.end(), " ") for m in C.SUP.finditer(text)]
    edits += [(m.start(), 1, m.end(), "") for m in C.HEADING.finditer(text)]
    if not unicodedata.is_normalized("NFC", text):
        edits += [(m.start() - 1, 2, m.end(), unicodedata.normalize("NFC", text[m.start() - 1:m.end()]))
                  for m in regex.finditer(r"\p{M}+", text) if m.start() > 0]
    edits += [(m.start(), 3, m.end(), C._OLD_TONE.get(m.group(), m.group())) for m in _REF_OLD_TONE.finditer(text)]
    edits += [(m.start(), 4, m.end(), C._SINGLE[m.group()]) for m in C.SINGLE.finditer(text)]
    out, cols, pos, last = [], ([], [], [], []), 0, 0
    for start, _, end, rep in sorted(edits):
        if start < last:
            continue
        for orig, orig_end, copied, piece in ((last, start, True, text[last:start]), (start, end, False, rep)):
            if piece:
                for col, v in zip(cols, (pos, orig, orig_end, copied)):
                    col.append(v)
                out.append(piece)
                pos += len(piece)
        last = end
    if last < len(text) or not cols[0]:
        for col, v in zip(cols, (pos, last, len(text), True)):
            col.append(v)
        out.append(text[last:])
    return ("".join(out), *cols)


CLEAN_PIECES = PIECES + ["khoá", "Uỷ", "quý", "hoÀ", "oỳ", "uà", "\u0301", "\u0323\u0302", "e\u0302\u0301", "x\u0301",
                         "## ", "#", "<sup>(1)</sup>", "<sup>", "\r\n", "\u200b", "ſửa", "ß", "Ω", "đã ", "nói", "TRÊN", "trên"]
clean_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(CLEAN_PIECES), max_size=80).map("".join),
    st.lists(st.sampled_from(CLEAN_PIECES), max_size=80).map("".join).map(lambda t: unicodedata.normalize("NFD", t)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_texts)
def test_clean_is_the_plain_loop(text):
    c = clean(text)
    assert (c.text, c.offsets.clean, c.offsets.orig, c.offsets.orig_end, c.offsets.copied) == _reference_clean(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_texts, st.integers(0, 400), st.integers(0, 400))
def test_fast_scans_find_what_the_patterns_find(text, a, b):
    text = clean(text).text
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    assert list(sentence_ends(text, a)) == [m.start() for m in R.SENTENCE_END.finditer(text, a)]
    assert [m.span() for m in _cue_matches(text, a, b)] == [m.span() for m in R.CUE.finditer(text, a, b)]
    assert [m.span() for m in _anaphora(text)] == [m.span() for m in R.ANAPHORA.finditer(text)]
    assert [m.span() for m in _laws(text)] == [m.span() for m in R.LAW.finditer(text)]
