"""Table-driven tests of every named pattern, with every trap of DOMAIN.md as a row."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract import regexes as R
from extract.clean import clean
from extract.find import canonical_province, parse_date, parse_number
from extract.resolve import fold_number
from extract.vocab import KINDS


def _number(text: str) -> str | None:
    m = R.DOC_NUMBER.search(clean(text).text)
    return parse_number(m).display if m else None


@pytest.mark.parametrize("text, expected", [
    # party grammar
    ("Kết luận số 114-KL/TW", "114-KL/TW"),
    ("Chương trình hành động số 13-CTr/TU", "13-CTr/TU"),
    ("Thông báo số 1823-TB/TU", "1823-TB/TU"),
    ("Chương trình phối hợp số 03-CTr/BDVTW-BCSDCP", "03-CTr/BDVTW-BCSDCP"),
    ("Quy định số 08-QĐi/TW", "08-QĐi/TW"),
    ("Chương trình số 52-CTr/BDV-BCSĐUBND", "52-CTr/BDV-BCSĐUBND"),
    # state grammar
    ("Chỉ thị số 33/CT-TTg", "33/CT-TTg"),
    ("Kế hoạch số 163/KH-UBND", "163/KH-UBND"),
    ("Công văn số 491/UBND-KGVX", "491/UBND-KGVX"),
    ("Nghị định số 04/2015/NĐ-CP", "04/2015/NĐ-CP"),
    ("Pháp lệnh số 34/2007/PL-UBTVQH11", "34/2007/PL-UBTVQH11"),
    ("Quyết định số 10/2011/QĐ-UBND", "10/2011/QĐ-UBND"),
    # traps: stray spaces, look-alike eth, en dash, lower case, spaces inside numbers
    ("Số: 491 /UBND-KGVX", "491/UBND-KGVX"),
    ("Quyết định số 12/QÐ-UBND", "12/QĐ-UBND"),
    ("Kết luận số 114\u2013KL/TW", "114-KL/TW"),
    ("Thông tư 07/2022/tt-btttt", "07/2022/TT-BTTTT"),
    # a lower-cased catalogue: the codes written in mixed case come back as they are written
    ("chỉ thị số 16/ct-ttg ngày 31/3/2020", "16/CT-TTg"),
    ("chương trình số 05-ctr/tu", "05-CTr/TU"),
    ("Thông tư số 116/2004 / TT-BTC", "116/2004/TT-BTC"),
    ("Chỉ thị số 33/TTg", "33/TTg"),
    ("Nghi\u0323 đi\u0323nh số 04/2015/NĐ-CP", "04/2015/NĐ-CP"),  # NFD input
    # numbers of earlier eras, official as they stand (DOMAIN.md §2): never a code added
    ("Nghị định số 41/CP", "41/CP"),
    ("Quyết định số 202/TTg", "202/TTg"),
    ("Nghị định số 235-HĐBT", "235-HĐBT"),
    ("Nghị định số 61-CP ngày 05 tháng 7 năm 1994", "61-CP"),
    ("Nghị quyết số 51/2001/QH10", "51/2001/QH10"),
    ("Thông tư liên tịch số 44/2007/TTLT/BTC-BKHCN", "44/2007/TTLT/BTC-BKHCN"),
    ("Quyết định số 139/1999-QĐ-KHCN", "139/1999-QĐ-KHCN"),
    ("Luật số 16/2009-L-CTN", "16/2009-L-CTN"),
    ("Quyết định số 890/2003/QĐ/CTN", "890/2003/QĐ/CTN"),
    # letter suffixes belong to the number
    ("Nghị quyết số 30a/2008/NQ-CP", "30a/2008/NQ-CP"),
    ("Thông tư số 08 a/2010/TT-BTP", "08a/2010/TT-BTP"),
    ("Quyết định số 210a-TC/VP", "210a-TC/VP"),
    # typing slips still name a document
    ("Nghị định số93/CP", "93/CP"),
    ("Nghị định số 187/2007NĐ-CP", "187/2007NĐ-CP"),
    ("thực hiện nghị quyết số 36 - nq/tw ngày 01/7/2014", "36-NQ/TW"),
    ("Thông tư số 38/2009/TT-BNNPTNTngày 26 tháng 6 năm 2009", "38/2009/TT-BNNPTNT"),
    # not documents
    ("theo QCVN 47:2011/BTTTT", None),
    ("khoản 3 Điều 15-Dịch vụ", None),
    ("ngày 14/6/2005", None),
    ("giai đoạn 2021-2025", None),
    ("dịch Covid-19", None),
    ("Điều 5, khoản 2", None),
])
def test_doc_number(text, expected):
    assert _number(text) == expected


@pytest.mark.parametrize("a, b", [
    ("05-CTr/BDVTU-BCSD", "05-CTr/BDVTU-BCSĐ"),
    ("07/2022/tt-btttt", "07/2022/TT-BTTTT"),
    ("116/2004 / TT-BTC", "116/2004/TT-BTC"),
    ("114\u2013KL/TW", "114-KL/TW"),
])
def test_fold_number_equates_spellings(a, b):
    assert fold_number(a) == fold_number(b)


@pytest.mark.parametrize("text, iso, year", [
    ("ngày 14-7-2015", "2015-07-14", 2015),
    ("ngày 15/12/2021", "2021-12-15", 2021),
    ("ngày 14 tháng 6 năm 2022", "2022-06-14", 2022),
    ("ngày /3/2022", None, 2022),
    ("ngày 03-8-2021", "2021-08-03", 2021),
])
def test_date_clause(text, iso, year):
    m = R.DATE_CLAUSE.match(text)
    d = parse_date(m)
    assert (d.iso, d.year) == (iso, year)


@pytest.mark.parametrize("text, issuer", [
    (" của Ban Bí thư Trung ương Đảng (khoá XI)", "Ban Bí thư Trung ương Đảng"),
    (" của Thủ tướng Chính phủ về tăng cường", "Thủ tướng Chính phủ"),
    (" của Ủy ban nhân dân tỉnh Sóc Trăng về cải cách", "Ủy ban nhân dân tỉnh Sóc Trăng"),
    (" giữa Ban Dân vận Trung ương và Ban Cán sự Đảng Chính phủ về công tác", "Ban Dân vận Trung ương và Ban Cán sự Đảng Chính phủ"),
    (" của Tỉnh ủy thực hiện Nghị quyết", "Tỉnh ủy"),
    (" của UBND tỉnh ban hành Quy chế", "UBND tỉnh"),
    (" của Chính phủ Quy định chi tiết", "Chính phủ"),
    (" của Bộ Chính trị và Quyết định số 1", "Bộ Chính trị"),
])
def test_issuer_clause(text, issuer):
    assert R.ISSUER_CLAUSE.match(clean(text).text).group("issuer") == issuer


@pytest.mark.parametrize("text, issuer", [
    # a catalogue's lower-cased summaries: a body's word opens the issuer
    (" của bộ y tế về việc tăng cường", "bộ y tế"),
    (", của ubnd tỉnh đồng nai năm 2022", "ubnd tỉnh đồng nai"),
    (" của ủy ban nhân dân thành phố hồ chí minh", "ủy ban nhân dân thành phố hồ chí minh"),
    (" của ban chỉ huy quân sự tỉnh", "ban chỉ huy quân sự tỉnh"),
    (" của bộ thông tin và truyền thông", "bộ thông tin và truyền thông"),  # "và" inside a name
    (" của ủy ban an toàn giao thông quốc gia", "ủy ban an toàn giao thông quốc gia"),
    (" của thủ tướng chính phủ phê duyệt chiến lược", "thủ tướng chính phủ"),  # a verb runs on
    (" của thủ tướng chính phủ và các biện pháp cấp bách", "thủ tướng chính phủ"),
    (" của thủ tướng chính phủ và công văn số 5", "thủ tướng chính phủ"),
    (" của chính phủ trên địa bàn tỉnh", "chính phủ"),
    (" của ban hành", None),  # a stop word, not the body "ban"
    (" của các sở, ngành", None),  # no body's word
    (" của năm 2022", None),
])
def test_lower_issuer_clause(text, issuer):
    m = R.LOWER_ISSUER_CLAUSE.match(clean(text).text)
    assert (m and m.group("issuer")) == issuer


@pytest.mark.parametrize("text, at", [
    ("Sửa đổi điểm 1.1 như sau : “ 1.1 Các quyền", 28),
    ('như sau:"Điều 5', 9),
    ("như sau :\n“a) x : “ b", 19),  # the last one
    ("cụm từ “ báo cáo ” tại", None),  # no colon
    ("như sau : a) x", None),
])
def test_quotation_opens(text, at):
    m = R.QUOTATION_OPENS.search(text)
    assert (m and m.end()) == at


@pytest.mark.parametrize("text, is_item", [
    ("hướng dẫn về quản lý giá cước và ", True),
    ("quy định chi tiết Pháp lệnh Dự trữ quốc gia , ", True),
    ("hoặc ", True),
    ("HOẶC\n", True),
    ("một số điều của ", False),
    ("ban hành kèm theo ", False),
    ("thuế giá trị gia tăng và  ,", True),
    ("Hòa Bình Xuânvà ", False),  # "và" must be a word of its own
    ("giao ", False),
])
def test_list_item_before(text, is_item):
    assert (R.LIST_ITEM_BEFORE.match(text, 0, len(text)) is not None) == is_item


@pytest.mark.parametrize("pattern, text, matches", [
    # what may open a clause before its cue: a subject line's "về việc" only at its start
    ("CLAUSE_OPENING", "2. ", True),
    ("CLAUSE_OPENING", "về việc ", False),
    ("SUBJECT_OPENING", "về việc ", True),
    ("SUBJECT_OPENING", "V/v ", True),
    ("SUBJECT_OPENING", "Nay, ", True),
    ("SUBJECT_OPENING", "phê duyệt kế hoạch về việc ", False),
    ("CLAUSE_OPENING", "phê duyệt ", True),
    # right after a mention: its own subject line
    ("SUBJECT_AFTER", " về việc ", True),
    ("SUBJECT_AFTER", " , v/v ", True),
    ("SUBJECT_AFTER", " của Chính phủ về việc ", False),
    # the parts named before a document
    ("PARTS_BEFORE", "sửa đổi điểm b khoản 13 Điều 1 của ", True),
    ("PARTS_BEFORE", "bổ sung Phụ lục II ", True),
    ("PARTS_BEFORE", "sửa đổi một số điều của ", False),  # "một số" is no part's name
    ("PARTS_BEFORE", "sửa đổi đoạn văn khoản ", False),  # a part needs its number
])
def test_what_stands_before_a_cue_or_a_mention(pattern, text, matches):
    rx = getattr(R, pattern)
    found = rx.search(text) if pattern == "PARTS_BEFORE" else rx.match(text, 0, len(text))
    assert (found is not None) == matches


@pytest.mark.parametrize("text, laws", [
    # a lower-cased summary names laws with no capital
    ("kế hoạch triển khai thi hành luật cư trú năm 2020", ["luật cư trú"]),
    ("triển khai thực hiện luật biên phòng việt nam.", ["luật biên phòng việt nam"]),
    ("thi hành luật ban hành văn bản quy phạm pháp luật trên địa bàn tỉnh", ["luật ban hành văn bản quy phạm pháp luật"]),
    ("luật hỗ trợ doanh nghiệp nhỏ và vừa trên địa bàn tỉnh", ["luật hỗ trợ doanh nghiệp nhỏ và vừa"]),
    ("thi hành bộ luật dân sự và bộ luật tố tụng dân sự", ["bộ luật dân sự", "bộ luật tố tụng dân sự"]),
    ("luật sửa đổi, bổ sung một số điều của luật giám định tư pháp", ["luật giám định tư pháp"]),
    # traps: discipline, the law in general, a rule, plural laws, a lawyer, a bill
    ("xử lý kỷ luật đảng viên vi phạm", []),
    ("vi phạm pháp luật đất đai", []),
    ("quy luật thị trường", []),
    ("phổ biến các luật mới được quốc hội thông qua", []),
    ("luật sư nguyễn văn a", []),
    ("theo luật định", []),
    ("lấy ý kiến đối với dự thảo bộ luật dân sự (sửa đổi)", []),
])
def test_lower_law(text, laws):
    assert [m.group(0) for m in R.LOWER_LAW.finditer(text)] == laws


@pytest.mark.parametrize("text, runs", [
    ("của Sở Y tế Hưng Yên", ["Sở Y", "Hưng Yên"]),
    ("Ban Quản lý Khu kinh tế Bà Rịa - Vũng Tàu", ["Ban Quản", "Khu", "Bà Rịa - Vũng Tàu"]),
    ("chiến thắng Điện Biên Phủ", ["Điện Biên Phủ"]),  # a whole run, never a part of one
    ("tàu cá Khánh Hòa,", ["Khánh Hòa"]),
])
def test_capitalised_run(text, runs):
    assert [m.group("name") for m in R.CAPITALISED_RUN.finditer(text)] == runs


@pytest.mark.parametrize("text, name", [
    (" tỉnh Bà Rịa - Vũng Tàu quy định mức phụ cấp", "Bà Rịa - Vũng Tàu"),
    (" thành phố Cần Thơ về việc", "Cần Thơ"),
    (" TP. Hồ Chí Minh", "Hồ Chí Minh"),
    (" Tỉnh Sóc Trăng", "Sóc Trăng"),
    (", tỉnh Trà Vinh đã ban hành", None),  # a comma: a new clause, not the issuer
    (" tỉnh đã ban hành", None),  # no name
    (" tỉnh bình dương", None),  # a lower-cased summary names no province this way
    (" của UBND tỉnh Trà Vinh", None),  # ISSUER_CLAUSE's
])
def test_place_after_number(text, name):
    m = R.PLACE_AFTER_NUMBER.match(clean(text).text)
    assert (m and m.group("name")) == name


@pytest.mark.parametrize("text, province", [
    # lower-cased text: any words after "tỉnh", read as a province's name or rejected
    (" tỉnh bà rịa - vũng tàu quy định mức phụ cấp", "Bà Rịa - Vũng Tàu"),
    (" thành phố hồ chí minh về việc", "Hồ Chí Minh"),
    (" tp. cần thơ", "Cần Thơ"),
    (" tỉnh đồng nai", "Đồng Nai"),
    (" tỉnh về việc", None),  # no province's name
    (" thành phố thủ dầu một", None),  # a city of a province, not a province
    (" tỉnh sông bé", None),  # a province of before 1997
])
def test_lower_place_after_number(text, province):
    m = R.LOWER_PLACE_AFTER_NUMBER.match(clean(text).text)
    assert (m and canonical_province(m.group("name"))) == province


@pytest.mark.parametrize("text, relation", [
    ("Căn cứ", "based_on"),
    ("Thực hiện", "implements"),
    ("triển khai thực hiện", "implements"),
    ("quán triệt", "implements"),
    ("cụ thể hóa", "implements"),
    ("tiếp tục thực hiện", "implements"),
    ("hướng dẫn thi hành", "guides"),
    ("quy định chi tiết", "guides"),
    ("sửa đổi, bổ sung", "amends"),
    ("thay thế", "replaces"),
    ("bãi bỏ", "repeals"),
    ("hủy bỏ", "repeals"),
    ("báo cáo kết quả thực hiện", "reports_on"),
    ("tổng kết 05 năm thực hiện", "reports_on"),
    ("về kết quả giám sát việc lãnh đạo, chỉ đạo thực hiện", "reports_on"),
])
def test_cue(text, relation):
    m = R.CUE.search(text)
    assert m is not None and m.lastgroup == relation


@pytest.mark.parametrize("text, expected", [
    ("Kế hoạch số /KH-UBND ngày /3/2022", "số /KH-UBND"),
    ("Quyết định số ..../QĐ-UBND", "số ..../QĐ-UBND"),
    ("Kế hoạch số 03/KH-UBND", None),
])
def test_blank_number(text, expected):
    m = R.BLANK_NUMBER.search(text)
    assert (m.group() if m else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội", "34"),
    ("Pháp lệnh số 34/2007/PL-UBTVQH11", None),
    ("Chỉ thị số 33/TTg", None),
])
def test_short_number(text, expected):
    m = R.SHORT_NUMBER.search(text)
    assert (m.group("n") if m else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kiên Giang, ngày 14 tháng 6 năm 2022", ("Kiên Giang", "2022-06-14")),
    ("Sóc Trăng, ngày 29 tháng 12 năm 2022", ("Sóc Trăng", "2022-12-29")),
])
def test_place_date_line(text, expected):
    m = R.PLACE_DATE_LINE.search(text)
    assert (m.group("place"), parse_date(m).iso) == expected


@pytest.mark.parametrize("before, kind", [
    ("Căn cứ Thông báo kết luận số ", "Thông báo kết luận"),
    ("theo Pháp lệnh số: ", "Pháp lệnh"),
    ("Bộ luật ", "Bộ luật"),
    ("Chương trình phối hợp số ", "Chương trình phối hợp"),
    ("Thông tư liên tịch\nsố ", "Thông tư liên tịch"),
    ("Nghị quyết:", "Nghị quyết"),
    ("tại  Kế hoạch   số  ", "Kế hoạch"),
    ("Kế hoạch số 5 và ", None),
    ("Kếhoạch số ", None),
])
def test_kind_before_finds_the_longest_kind(before, kind):
    m = R.KIND_BEFORE.match(before, 0, len(before))
    assert (m.group("kind") if m else None) == kind


def test_kinds_list_a_longer_name_before_any_name_it_starts_or_ends_with():
    # KIND is an alternation, where the first branch that fits wins: forwards it must meet
    # "Chương trình phối hợp" before "Chương trình"; backwards (the ..._BEFORE patterns),
    # "Thông báo kết luận" before "Kết luận".
    names = [k.name.casefold().split() for k in KINDS]
    for i, longer in enumerate(names):
        for shorter in names[:i]:
            if len(shorter) < len(longer):
                assert longer[:len(shorter)] != shorter and longer[-len(shorter):] != shorter, (shorter, longer)


def _count(patterns, text: str) -> int:
    return sum(len(p.findall(text)) for p in patterns)


@pytest.mark.parametrize("text, party, state", [
    ("TỈNH ỦY SÓC TRĂNG", 1, 0),
    ("Ban Dân vận Tỉnh ủy", 2, 0),
    ("Ban Thường vụ Huyện ủy; Đảng ủy xã; Thành   ủy", 4, 0),
    ("ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", 0, 1),
    ("UBND tỉnh; Hội đồng nhân dân tỉnh", 0, 2),
    ("Thường trực Tỉnh ủy, Ủy ban nhân dân tỉnh", 1, 1),
    ("Sở Nội vụ; SỞ TÀI CHÍNH TỈNH TRÀ VINH", 0, 2),
    ("xtỉnh ủy · tỉnh ủyx · UBNDx · Ban dân vậnx · cơ sở vật chất · sở hữu", 0, 0),
])
def test_party_and_state_bodies(text, party, state):
    assert (_count(R.PARTY_BODY, text), _count(R.STATE_BODY, text)) == (party, state)


# The fast scans stand for finditer of the pattern they serve: SENTENCE_END_AT for
# SENTENCE_END, CUE_AT for CUE, and over a whole text the scans below.  Each row is a trap of sentences or cues (DOMAIN.md §4):
# checked from every start, and every window, against the pattern's own finditer.
FAST_SCAN_ROWS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nCăn cứ Nghị định số 04/2015/NĐ-CP;",
    "Luật Biển Việt Nam Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",  # a title run into it
    "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng\nChính phủ về tiếp tục tăng cường",  # wrapped
    "| 1 | Quyết định 12/QĐ-UBND | thay thế Quyết định 3/QĐ-UBND |",
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt Nghị quyết. 2) Cụ thể hóa Kết luận!\na) triển khai, thực hiện?",
    "ĐIỀU KHOẢN THI HÀNH\nĐiều 5. Hiệu lực\n\n- Căn cứ\tcứ Căn  cứ;\n  Căn cứx Căncứ Căn       cứ Căn",
    "THỰC HIỆN, SỬA ĐỔI, BỔ SUNG, BÃI BỎ, HỦY BỎ, THAY\nTHẾ Kế hoạch",
    "tạm dừng thực hiện · Sơ kết 3 năm thực hiện · báo cáo kết quả việc thực hiện · tổng kết",
    "bổ sung kinh phí; điều chỉnh, bổ sung Danh mục; đính chính Quyết định; thu hồi quyết định; thu hồi đất",
    "thu hồi các quyết định số: 1/QĐ; thu hồi 02 quyết định; phê duyệt điều chỉnh Quy trình; Luật Đê điều",
    "hướng dẫn thi hành; hướng dẫn một số nội dung; quy định chi tiết; tiếp tục triển khai thực hiện",
    "5thực hiện · xthực hiện · thực hiệnx · ſửa đổi · Straße sửa đổi",  # ſ folds to s; ß to ss
    "Chỉ thị nêu trên; Kế hoạch đã nêu  \n trên, NÊU TRÊN; nói trênx; xnói trên; đạt trên 90%; trên nêu trên.",
    "Bộ Luật lao động · Bộ luật Hình sự · Luật Tiếp cận thông tin · dự án Luật Đất đai · xLuật Y · Bộ Tài chính",
    # Numbers: every grammar, their letters, spaces and ".3" parts, and what only looks like one.
    "114-KL/TW, 04/2015/NĐ-CP, 30a /KH, 08 a/QĐ, 66.3/QĐ-UBND, 491 /UBND-KGVX, 36 - nq/tw, 235-HĐBT",
    "số93/CP · Số:63/2025/QĐ-UBND · 12/05/2021 · 1.23.45/X · 123456/QĐ · 5.123/QĐ · x12/QĐ · 2021-2025 · -/ /-",
    "187/2007NĐ-CP · 139/009/TT-BTC · 16/2009-L-CTN · 44/2007/TTLT/BTC-BKHCN · 7/7/7/7/7 · ١٢/QĐ",
    # Words found by one accented letter: every case (ſ and İ match s and i), and near misses.
    "Pháp lệnh số 34 · SỐ /KH-UBND · sỐ ....../QĐ · ſố 5 · xsố 3 · số4a · những số liệu",
    "Nghị quyết Đại hội XIII · NGHỊ QUYẾT ĐẠI HỘI Đảng bộ tỉnh lần thứ XI · nGhỊ quyết đại hội · nghịch",
    "Hiến pháp năm 2013 · HIẾN PHÁP · hİến pháp · hiến kế · xhiến pháp",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n  NƠI NHẬN: · nơi  nhận · Nơi ở",
    "",
]


@pytest.mark.parametrize("text", FAST_SCAN_ROWS)
def test_sentence_end_scan_is_sentence_end(text):
    from extract.scan import sentence_ends

    text = clean(text).text
    for pos in range(len(text) + 1):
        assert list(sentence_ends(text, pos)) == [m.start() for m in R.SENTENCE_END.finditer(text, pos)], pos


@pytest.mark.parametrize("text", FAST_SCAN_ROWS)
def test_last_sentence_end_is_the_last_sentence_end(text):
    from extract.scan import last_sentence_end

    text = clean(text).text
    ends = [m.start() for m in R.SENTENCE_END.finditer(text)]
    for lo in range(0, len(text) + 1, 2):
        for pos in range(lo, len(text) + 1):
            assert last_sentence_end(text, lo, pos) == max((e for e in ends if lo <= e < pos), default=None), (lo, pos)


@pytest.mark.parametrize("text", FAST_SCAN_ROWS)
def test_cue_scan_is_cue(text):
    from extract.relations import _cue_matches

    text = clean(text).text
    for start in range(0, len(text) + 1, 3):
        for stop in range(start, len(text) + 1, 7):
            want = [(m.span(), m.lastgroup) for m in R.CUE.finditer(text, start, stop)]
            assert [(m.span(), m.lastgroup) for m in _cue_matches(text, start, stop)] == want, (start, stop)
            for last in range(start, stop + 1, 4):  # the matches that end by last, words past it untried
                got = [(m.span(), m.lastgroup) for m in _cue_matches(text, start, stop, last) if m.end() <= last]
                assert got == [w for w in want if w[0][1] <= last], (start, stop, last)


def whole_text_scans() -> list[tuple[str, object, object]]:
    """(name, fast scan, the pattern it stands for) of each scan over a whole text."""
    from extract import find
    from extract.scan import doc_numbers, matches_at, starts

    def at(pattern, word_at):
        return lambda text: matches_at(pattern, text, starts(text, word_at), len(text))

    return [
        ("DOC_NUMBER", doc_numbers, R.DOC_NUMBER),
        ("SHORT_NUMBER", lambda text: find._after_so(R.SHORT_NUMBER, text), R.SHORT_NUMBER),
        ("BLANK_NUMBER", lambda text: find._after_so(R.BLANK_NUMBER, text), R.BLANK_NUMBER),
        ("CONGRESS", at(R.CONGRESS, R.CONGRESS_AT), R.CONGRESS),
        ("CONSTITUTION", at(R.CONSTITUTION, R.CONSTITUTION_AT), R.CONSTITUTION),
        ("RECIPIENTS", at(R.RECIPIENTS, R.RECIPIENTS_AT), R.RECIPIENTS),
        ("ANAPHORA", find._anaphora, R.ANAPHORA),
        ("LAW", find._laws, R.LAW),
    ]


def assert_whole_text_scans(text: str) -> None:
    for name, fast, pattern in whole_text_scans():
        assert [m.span() for m in fast(text)] == [m.span() for m in pattern.finditer(text)], name


@pytest.mark.parametrize("text", FAST_SCAN_ROWS)
def test_whole_text_scans_are_the_patterns(text):
    assert_whole_text_scans(clean(text).text)
    assert_whole_text_scans(text)  # raw text too: the scans must not rely on clean()


@pytest.mark.parametrize("word, key, hits", [
    ("số", 1, ["số", "Số", "SỐ", "sỐ", "ſố", "ſỐ"]),
    ("hiến", 2, ["hiến", "HIẾN", "hİến", "HIến"]),
    ("trên", 2, ["trên", "TRÊN", "tRêN"]),
])
def test_word_at_finds_every_case(word, key, hits):
    from extract.scan import starts

    at = R._word_at(word, key)
    text = " ".join(hits + [word[:-1] + "x", "x" + word[1:]])
    assert starts(text, at) == [text.index(h) for h in hits]


def test_case_folds_are_what_ignorecase_matches():
    # Every letter of a _word_at word: the characters regex's (?i) matches for it are its
    # two cases, or CASE_FOLDS's.
    import regex

    for letter in set("sốnghịiếơrêtn"):
        p = regex.compile("(?i)" + regex.escape(letter))
        matched = {chr(c) for c in range(0x10000) if p.fullmatch(chr(c))}
        assert matched == set(R.CASE_FOLDS.get(letter, letter + letter.upper())), letter


def test_fast_scans_on_real_text():
    from extract.relations import _cue_matches
    from extract.scan import sentence_ends

    shared = Path(__file__).resolve().parents[2] / "shared"
    folders = [shared / "realtext" / "vnlegaltext-dev" / "docs", shared / "seeds"]
    texts = [clean(p.read_text(encoding="utf-8")).text for f in folders for p in sorted(f.iterdir())]
    assert len(texts) > 4000
    for text in texts:
        assert list(sentence_ends(text, 0)) == [m.start() for m in R.SENTENCE_END.finditer(text)]
        assert [m.span() for m in _cue_matches(text, 0, len(text))] == [m.span() for m in R.CUE.finditer(text)]
        assert_whole_text_scans(text)
