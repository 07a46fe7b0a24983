"""Extraction of single texts: every trap of DOMAIN.md as a row (input → expected)."""
from __future__ import annotations

import pytest

from extract import extract_text, resolve_corpus
from extract.clean import clean


def refs(text: str, place_line: str = "") -> dict:
    """number → (kind, date, relations, scope, place) for one text resolved on its own."""
    [doc] = resolve_corpus([extract_text(place_line + text, "t.txt")])
    return {r.number or r.title: (r.kind, r.date, sorted(r.relations), r.scope, r.place) for r in doc.references}


def links(text: str) -> set[tuple[str, str, str]]:
    [doc] = resolve_corpus([extract_text(text, "t.txt")])
    by_key = {r.key: (r.number or r.title) for r in doc.references}
    return {(by_key[l.source], l.relation, by_key[l.target]) for l in doc.links}


@pytest.mark.parametrize("text, number, expected", [
    ("Căn cứ Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng;",
     "114-KL/TW", ("Kết luận", "2015-07-14", ["based_on"], "central", None)),
    ("Thực hiện Chỉ thị số 33/CT-TTg, ngày 26/11/2021 của Thủ tướng Chính phủ.",
     "33/CT-TTg", ("Chỉ thị", "2021-11-26", ["implements"], "central", None)),
    # "số" is optional
    ("Thực hiện Quyết định 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ.",
     "1847/QĐ-TTg", ("Quyết định", "2018-12-27", ["implements"], "central", None)),
    # the code does not give the kind: the text does
    ("Căn cứ Quy định số 124-QĐ/TW, ngày 02/02/2018 của Ban Bí thư;",
     "124-QĐ/TW", ("Quy định", "2018-02-02", ["based_on"], "central", None)),
    # kind code not written: the number stays as written unless the corpus knows the full one
    ("Thực hiện Chỉ thị số 33/TTg, ngày 26/11/2021 của Thủ tướng Chính phủ.",
     "33/TTg", ("Chỉ thị", "2021-11-26", ["implements"], "central", None)),
    ("Căn cứ Nghị định số 41/CP ngày 06 tháng 7 năm 1995 của Chính phủ;",
     "41/CP", ("Nghị định", "1995-07-06", ["based_on"], "central", None)),
    ("Căn cứ Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001 của Quốc hội;",
     "51/2001/QH10", ("Nghị quyết", "2001-12-25", ["based_on"], "central", None)),
    # kinds of earlier eras, whose names end with a shorter kind's ("Lệnh", "Luật"), and the
    # party's Thông tri, whose TT is no Thông tư
    ("Căn cứ Sắc lệnh số 76/SL ngày 20 tháng 5 năm 1950 của Chủ tịch nước;",
     "76/SL", ("Sắc lệnh", "1950-05-20", ["based_on"], "central", None)),
    ("Căn cứ Sắc luật số 003/SL ngày 18/6/1957;",
     "003/SL", ("Sắc luật", "1957-06-18", ["based_on"], "central", None)),
    ("Thực hiện Thông tri số 18-TT/TW ngày 5/2/2009 của Ban Bí thư;",
     "18-TT/TW", ("Thông tri", "2009-02-05", ["implements"], "central", None)),
    # a kind word, then the law's own name, then its number
    ("Căn cứ Luật Thuế xuất khẩu , thuế nhập khẩu số 45/2005/QH11 ngày 14 tháng 06 năm 2005 .",
     "45/2005/QH11", ("Luật", "2005-06-14", ["based_on"], "central", None)),
    ("Căn cứ Luật người cao tuổi số 16/2009-L-CTN ngày 23/11/2009 .",
     "16/2009-L-CTN", ("Luật", "2009-11-23", ["based_on"], "central", None)),
    # "một số điều" and "Phụ lục" before a kind word do not make it a form
    ("Nghị định này sửa đổi, bổ sung một số điều Nghị định số 33/2010/NĐ-CP ngày 31 tháng 3 năm 2010.",
     "33/2010/NĐ-CP", ("Nghị định", "2010-03-31", ["amends"], "central", None)),
    ("Bổ sung vào Phụ lục Thông tư 47/2010/TT-BYT như sau.",
     "47/2010/TT-BYT", ("Thông tư", None, ["amends"], "central", None)),
    # local issuer: province from the reference itself
    ("Theo Kế hoạch số 163/KH-UBND, ngày 24/11/2021 của Ủy ban nhân dân tỉnh Sóc Trăng.",
     "163/KH-UBND", ("Kế hoạch", "2021-11-24", ["cites"], "provincial", "Sóc Trăng")),
    # a body named for the state, the country or the nation is central, unless a province
    # is named with it (VNLegalText: "của Thống đốc Ngân hàng Nhà nước")
    ("Căn cứ Quyết định số 337/1998/QĐ-NHNN7 ngày 10/10/1998 của Thống đốc Ngân hàng Nhà nước;",
     "337/1998/QĐ-NHNN7", ("Quyết định", "1998-10-10", ["based_on"], "central", None)),
    ("Thực hiện Quyết định số 453/QĐ-TLĐ ngày 4/4/2012 của Tổng Liên đoàn Lao động Việt Nam.",
     "453/QĐ-TLĐ", ("Quyết định", "2012-04-04", ["implements"], "central", None)),
    # national agencies whose codes name no ministry, and the inter-ministerial "LB"
    ("Căn cứ Thông tư số 106/TT-LB ngày 5/5/1993 hướng dẫn chế độ phụ cấp.",
     "106/TT-LB", ("Thông tư", "1993-05-05", ["based_on"], "central", None)),
    ("Căn cứ Quyết định số 1810/QĐ-TCHQ ngày 5/6/2019 quy định thủ tục hải quan;",
     "1810/QĐ-TCHQ", ("Quyết định", "2019-06-05", ["based_on"], "central", None)),
    ("Căn cứ Quyết định số 222/QĐ-TCT ngày 1/3/2019 của Tổng cục trưởng Tổng cục Thuế;",
     "222/QĐ-TCT", ("Quyết định", "2019-03-01", ["based_on"], "central", None)),
    ("Thực hiện Công văn số 12/KBNN-KT ngày 5/5/2022 của Kho bạc Nhà nước tỉnh Trà Vinh.",
     "12/KBNN-KT", ("Công văn", "2022-05-05", ["implements"], "provincial", "Trà Vinh")),
    # a local number's province written right after it, with no "của" (a catalogue title);
    # after a central number it is the province acting, not the issuer
    ("Nghị quyết 398/NQ-HĐND năm 2025 áp dụng Nghị quyết 09/2025/NQ-HĐND tỉnh Bà Rịa - Vũng Tàu quy định mức phụ cấp",
     "09/2025/NQ-HĐND", ("Nghị quyết", None, ["cites"], "provincial", "Bà Rịa - Vũng Tàu")),
    ("Thực hiện Chỉ thị 33/CT-TTg tỉnh Trà Vinh đã ban hành kế hoạch.",
     "33/CT-TTg", ("Chỉ thị", None, ["implements"], "central", None)),
    # words date and blank day
    ("Căn cứ Kế hoạch số 5/KH-UBND ngày 14 tháng 6 năm 2022 của UBND tỉnh;",
     "5/KH-UBND", ("Kế hoạch", "2022-06-14", ["based_on"], "provincial", None)),
    ("Hướng dẫn thi hành Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ.",
     "04/2015/NĐ-CP", ("Nghị định", "2015-01-09", ["guides"], "central", None)),
    # an opening "Hướng dẫn" governs when the later verb has an object of its own and the
    # reference comes in by a preposition (a Bình Dương catalogue summary); a later verb
    # whose object is the reference, or that the preposition follows at once, governs
    ("hướng dẫn trình tự thực hiện xã hội hóa theo nghị định 69/2008/nđ-cp trên địa bàn tỉnh.",
     "69/2008/NĐ-CP", ("Nghị định", None, ["guides"], "central", None)),
    ("Hướng dẫn các đơn vị triển khai Kế hoạch số 5/KH-UBND ngày 1/2/2022 của UBND tỉnh.",
     "5/KH-UBND", ("Kế hoạch", "2022-02-01", ["implements"], "provincial", None)),
    ("Hướng dẫn các đơn vị thực hiện theo Nghị định số 04/2015/NĐ-CP của Chính phủ.",
     "04/2015/NĐ-CP", ("Nghị định", None, ["implements"], "central", None)),
    ("Sửa đổi, bổ sung Quyết định số 10/2011/QĐ-UBND ngày 15/8/2011 của UBND tỉnh.",
     "10/2011/QĐ-UBND", ("Quyết định", "2011-08-15", ["amends"], "provincial", None)),
    ("Quyết định này thay thế Quyết định số 36/2013/QĐ-UBND ngày 02/10/2013 của UBND tỉnh.",
     "36/2013/QĐ-UBND", ("Quyết định", "2013-10-02", ["replaces"], "provincial", None)),
    ("Bãi bỏ Quyết định số 3/2010/QĐ-UBND ngày 02/10/2010 của UBND tỉnh.",
     "3/2010/QĐ-UBND", ("Quyết định", "2010-10-02", ["repeals"], "provincial", None)),
    # markdown and footnote markers inside the text
    ("**Căn cứ** Chỉ thị số 16/CT-TTg<sup>1</sup> ngày 16/5/2016 của Thủ tướng Chính phủ;",
     "16/CT-TTg", ("Chỉ thị", "2016-05-16", ["based_on"], "central", None)),
])
def test_reference(text, number, expected):
    assert refs(text)[number] == expected


def test_local_reference_takes_the_citing_documents_place():
    got = refs("Căn cứ Chương trình số 13-CTr/TU, ngày 03-8-2021 của Tỉnh ủy;",
               place_line="Kiên Giang, ngày 14 tháng 6 năm 2022\n\n")
    assert got["13-CTr/TU"][3:] == ("provincial", "Kiên Giang")


def test_cue_governs_semicolon_items_to_sentence_end():
    got = refs("Căn cứ Kết luận số 114-KL/TW ngày 14-7-2015 của Ban Bí thư; Chỉ thị số 33/CT-TTg ngày "
               "26/11/2021 của Thủ tướng Chính phủ. Theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.")
    assert got["33/CT-TTg"][2] == ["based_on"]
    assert got["76/NQ-CP"][2] == ["cites"]


def test_coordinated_list_shares_one_date():
    got = refs("Thực hiện Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị.")
    assert got["217-QĐ/TW"][1] == got["218-QĐ/TW"][1] == "2013-12-12"


@pytest.mark.parametrize("text, expected", [
    ("Quán triệt Kế hoạch số 03/KH-UBND ngày 21/01/2022 của Ủy ban nhân dân tỉnh triển khai thực hiện "
     "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.",
     {("03/KH-UBND", "implements", "33/CT-TTg")}),
    ("Thực hiện Thông tư số 01/2016/TT-BNV ngày 13/01/2016 của Bộ Nội vụ hướng dẫn một số nội dung của "
     "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ.",
     {("01/2016/TT-BNV", "guides", "04/2015/NĐ-CP")}),
    ("Thực hiện Thông báo số 1823-TB/TU, ngày 05-11-2019 của Ban Thường vụ Tỉnh ủy về kết quả giám sát "
     "việc lãnh đạo, chỉ đạo thực hiện Kết luận số 114-KL/TW.",
     {("1823-TB/TU", "reports_on", "114-KL/TW")}),
    # a chain of descriptions
    ("Thực hiện Kế hoạch số 115-KH/TU ngày 13/3/2019 của Ban Thường vụ Tỉnh ủy về thực hiện Kết luận số "
     "43-KL/TW ngày 07/01/2019 của Ban Bí thư (khóa XII) về tiếp tục thực hiện Nghị quyết số 25-NQ/TW "
     "ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng (khóa XI).",
     {("115-KH/TU", "implements", "43-KL/TW"), ("43-KL/TW", "implements", "25-NQ/TW")}),
    # a verb right after a head is that document's own, whatever stands before its object
    # (VNLegalText); the next item of the clause's list is no object of it
    ("Bãi bỏ Nghị định số 68/2002/NĐ-CP ngày 10 tháng 7 năm 2002 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật hôn nhân và gia đình ( sau đây gọi là Nghị định số 68/2002/NĐ-CP ) , Nghị định "
     "số 69/2006/NĐ-CP ngày 21 tháng 7 năm 2006 của Chính phủ sửa đổi , bổ sung một số điều của Nghị định "
     "số 68/2002/NĐ-CP .", {("69/2006/NĐ-CP", "amends", "68/2002/NĐ-CP")}),
    ("Thông tư liên tịch số 103/2008/TTLT/BTC-BGTVT ngày 12 tháng 11 năm 2008 của Bộ trưởng Bộ Tài chính "
     "hướng dẫn về quản lý giá cước vận chuyển hàng không và Thông tư liên tịch số 43/2011/TTLT/BTC-BGTVT "
     "ngày 28 tháng 3 năm 2011 hết hiệu lực kể từ ngày 01 tháng 10 năm 2015 .", set()),
    # separated by ";": no link
    ("Thực hiện Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội về thực hiện "
     "dân chủ ở xã, phường, thị trấn; Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ.", set()),
])
def test_second_order_links(text, expected):
    assert links(text) == expected


def test_a_described_documents_own_verb_is_not_the_citing_documents():
    # "(sau đây gọi là …)" repeats the number after its description: the description's
    # verb ("quy định chi tiết", "điều chỉnh") is not a relation of the citing document
    got = refs("Bãi bỏ Nghị định số 68/2002/NĐ-CP ngày 10 tháng 7 năm 2002 của Chính phủ quy định chi tiết thi "
               "hành một số điều của Luật hôn nhân và gia đình ( sau đây gọi là Nghị định số 68/2002/NĐ-CP ) , "
               "Nghị định số 69/2006/NĐ-CP ngày 21 tháng 7 năm 2006 của Chính phủ .")
    assert got["68/2002/NĐ-CP"][2] == got["69/2006/NĐ-CP"][2] == ["repeals"]
    got = refs("Căn cứ Nghị định số 184/2007/NĐ-CP ngày 17 tháng 12 năm 2007 của Chính phủ điều chỉnh lương hưu "
               "( sau đây được viết là Nghị định số 184/2007/NĐ-CP ) và Nghị định số 166/2007/NĐ-CP ngày 16 "
               "tháng 11 năm 2007 của Chính phủ quy định mức lương tối thiểu chung ;")
    assert got["184/2007/NĐ-CP"][2] == got["166/2007/NĐ-CP"][2] == ["based_on"]


def test_a_cue_does_not_govern_the_text_an_amendment_quotes():
    got = refs("Sửa đổi điểm 1.1 của Thông tư số 01/2007/TT-BKHCN như sau : “ 1.1 Các quyền phát sinh dựa trên "
               "các căn cứ quy định tại khoản 3 Điều 6 của Nghị định số 103/2006/NĐ-CP ngày 22/9/2006 của Chính phủ")
    assert got["01/2007/TT-BKHCN"][2] == ["amends"]
    assert got["103/2006/NĐ-CP"][2] == ["cites"]
    # a quotation closed before the reference is no boundary
    got = refs("Sửa đổi cụm từ “ báo cáo ” tại Quyết định số 5/2010/QĐ-UBND ngày 1/2/2010 của UBND tỉnh .")
    assert got["5/2010/QĐ-UBND"][2] == ["amends"]


def test_nested_only_reference_is_cited_not_implemented():
    got = refs("Gắn với việc thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục "
               "thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị.")
    assert got["01-KL/TW"][2] == ["implements"]
    assert got["05-CT/TW"][2] == ["cites"]


@pytest.mark.parametrize("text, titles", [
    ("Thực hiện Nghị quyết Đại hội XIII và Nghị quyết đại hội XI Đảng bộ tỉnh về công tác dân vận.",
     {"Nghị quyết Đại hội XIII", "Nghị quyết Đại hội XI Đảng bộ tỉnh"}),
    ("thực hiện Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII về công tác dân vận",
     {"Nghị quyết Đại hội XIII"}),
    ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIV về công tác dân vận",
     {"Nghị quyết Đại hội XIV Đảng bộ tỉnh"}),
    ("Nghị quyết Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI, Nghị quyết Đại hội Đảng các cấp nhiệm kỳ 2020 - 2025",
     {"Nghị quyết Đại hội XI Đảng bộ tỉnh"}),
    ("theo Luật Tiếp cận thông tin; một số điều của Bộ Luật lao động về điều kiện lao động",
     {"Luật Tiếp cận thông tin", "Bộ luật Lao động"}),
    ("chính sách, pháp luật của Nhà nước; Luật sư Nguyễn Văn A", set()),
    # a name runs on through capitalised words, "," and "và" (real law names) …
    ("Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;", {"Luật Tổ chức Chính phủ"}),
    ("Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân năm 2003;",
     {"Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân"}),
    ("Căn cứ Luật Phòng , chống tham nhũng và các văn bản hướng dẫn", {"Luật Phòng, chống tham nhũng"}),
    ("theo Luật Chất lượng sản phẩm, hàng hóa ngày 21 tháng 11 năm 2007", {"Luật Chất lượng sản phẩm, hàng hóa"}),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015;", {"Luật Ban hành văn bản quy phạm pháp luật"}),
    ("Căn cứ Luật Hàng không dân dụng Việt Nam;", {"Luật Hàng không dân dụng Việt Nam"}),
    ("Căn cứ Luật Đê điều;", {"Luật Đê điều"}),
    ("hướng dẫn Luật Khoa học, công nghệ và đổi mới sáng tạo 2025 về đổi mới sáng tạo",
     {"Luật Khoa học, công nghệ và đổi mới sáng tạo"}),
    # … and stops at a catalogue title's issuer, another kind, a clause, a part, a list's next item
    ("Văn bản hợp nhất 134/VBHN-VPQH năm 2025 hợp nhất Luật Đầu tư do Văn phòng Quốc hội ban hành",
     {"Luật Đầu tư"}),
    ("theo Luật Đất đai và Luật Nhà ở", {"Luật Đất đai", "Luật Nhà ở"}),
    ("quy định tại Luật Biển Việt Nam Căn cứ Nghị định", {"Luật Biển Việt Nam"}),
    ("quy định tại Luật Thanh tra Điều 25", {"Luật Thanh tra"}),
    ("theo Luật Doanh nghiệp và pháp luật có liên quan", {"Luật Doanh nghiệp"}),
    ("theo Luật Ngân sách nhà nước, khả năng cân đối ngân sách cấp tỉnh để bố trí", {"Luật Ngân sách nhà nước"}),
    ("Luật Điện lực là khoảng cách tối thiểu", {"Luật Điện lực"}),
    ("Căn cứ Luật Tần số vô tuyến điện số 42/2009/QH12;", {"Luật Tần số vô tuyến điện"}),
    ("Nghị định 243/2025/NĐ-CP hướng dẫn Luật Đầu tư theo phương thức đối tác công tư",
     {"Luật Đầu tư theo phương thức đối tác công tư"}),
    # a bill is no law, whichever word it starts with
    ("về Kế hoạch xây dựng dự án Bộ Luật Hình sự (sửa đổi)", set()),
    # an amending law is known by its number
    ("Căn cứ Luật Sửa đổi, bổ sung một số điều của Luật Thuế", {"Luật Thuế"}),
])
def test_named_documents(text, titles):
    [doc] = resolve_corpus([extract_text(text, "t.txt")])
    assert {r.title for r in doc.references if r.title} == titles


def test_incomplete_reference_is_reported_with_position_not_merged():
    text = "Thực hiện Kế hoạch số /KH-UBND ngày /3/2022 của Ủy ban nhân dân tỉnh Trà Vinh."
    ex = extract_text(text, "t.txt")
    [inc] = ex.incomplete
    assert inc.surface == "Kế hoạch số /KH-UBND ngày /3/2022"
    assert text[inc.span[0]:inc.span[1]] == inc.surface
    assert ex.mentions == [] or all(m.number is None or m.number.n for m in ex.mentions)


def test_form_codes_and_recipient_lists_are_not_references():
    text = ("Báo cáo theo biểu mẫu 02/DVDT gửi trước ngày 14/6/2005.\n\nNơi nhận:\n- Như trên;\n"
            "- Sở Nội vụ (Công văn số 12/SNV-VP);\n- Lưu: VT.")
    assert extract_text(text).mentions == []


def test_spans_point_into_the_original_text():
    text = "Căn cứ **Chỉ thị số 33/CT\u2013TTg** ngày 26/11/2021 của Thu\u0309 tướng Chính phủ;"
    [m] = extract_text(text).mentions
    assert text[m.span[0]:m.span[1]] == m.surface
    assert m.surface.startswith("Chỉ thị số 33/CT\u2013TTg")


def test_short_form_resolves_against_the_corpus():
    a = extract_text("Thực hiện Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội.", "a.txt")
    b = extract_text("Tiếp tục triển khai Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội (khóa XI).", "b.txt")
    alone = resolve_corpus([b])[0]
    assert alone.references == [] and [m.surface for m in alone.unresolved] == [
        "Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội (khóa XI)"]
    both = resolve_corpus([a, b])[1]
    assert [r.number for r in both.references] == ["34/2007/PL-UBTVQH11"]


def test_same_local_number_in_two_provinces_is_two_documents():
    a = extract_text("Kiên Giang, ngày 1 tháng 2 năm 2022\n\nCăn cứ Chương trình số 13-CTr/TU ngày 03-8-2021 của Tỉnh ủy;", "a.txt")
    b = extract_text("Sóc Trăng, ngày 1 tháng 2 năm 2022\n\nCăn cứ Chương trình số 13-CTr/TU ngày 03-8-2021 của Tỉnh ủy;", "b.txt")
    ka, kb = (d.references[0].key for d in resolve_corpus([a, b]))
    assert ka != kb


def test_party_numbers_restart_each_term_so_the_year_tells_them_apart():
    a = extract_text("Căn cứ Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị;", "a.txt")
    b = extract_text("Căn cứ Kết luận số 01-KL/TW ngày 10/3/2016 của Bộ Chính trị;", "b.txt")
    c = extract_text("Căn cứ Kết luận số 01-KL/TW của Bộ Chính trị;", "c.txt")
    ra, rb, rc = (d.references[0] for d in resolve_corpus([a, b, c]))
    assert ra.key != rb.key
    assert rc.ambiguous and rc.key not in (ra.key, rb.key)


def test_unplaced_local_number_never_merges_with_a_placed_one():
    a = extract_text("Kiên Giang, ngày 1 tháng 2 năm 2022\n\nCăn cứ Kế hoạch số 5/KH-UBND ngày 1/1/2022 của UBND tỉnh;", "a.txt")
    b = extract_text("Căn cứ Kế hoạch số 5/KH-UBND ngày 1/1/2022 của UBND tỉnh;", "b.txt")
    ka, kb = (d.references[0].key for d in resolve_corpus([a, b]))
    assert ka != kb


@pytest.mark.parametrize("raw, expected", [
    ("khoá XI", "khóa XI"),
    ("Uỷ ban", "Ủy ban"),
    ("quý", "quý"),
    ("QÐ-UBND", "QĐ-UBND"),
    ("a\u00a0b", "a b"),
    ("**BÁO CÁO**", "BÁO CÁO"),
    ("HOÀ BÌNH · hoÀ", "HÒA BÌNH · hoÀ"),
    ("<sup>1</sup>## khoá", " ## khóa"),
    ("kho\u0301a", "khóa"),
])
def test_clean(raw, expected):
    assert clean(raw).text == expected


def test_document_metadata():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 491 /UBND-KGVX\n\nKiên Giang, ngày 20 tháng 4 năm 2021\n\n"
            "V/v thực hiện một số nhiệm vụ\n\nKính gửi: Các sở")
    meta = extract_text(text).meta
    assert (meta.number, meta.kind, meta.date, meta.place) == ("491/UBND-KGVX", "Công văn", "2021-04-20", "Kiên Giang")
