"""Property tests: no text makes extraction fail, hang, or report a span that lies."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_text, resolve_corpus

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
