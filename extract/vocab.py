"""The data tables the patterns in :mod:`extract.regexes` are built from.

Everything a Vietnamese reader knows about document kinds, kind codes, issuer codes,
provinces and relation cues lives here as data, so that a new kind or issuer is one row.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str            # canonical display name, e.g. "Chương trình phối hợp"
    code: str | None     # the kind code inside a number ("CTr"), None for Công văn / named laws
    party_only: bool = False


#: Longest names first: the kind pattern is an alternation and must prefer
#: "Chương trình phối hợp" over "Chương trình", "Thông tư liên tịch" over "Thông tư"; and,
#: since it is also searched backwards, "Thông báo kết luận" over "Kết luận".
KINDS: tuple[Kind, ...] = (
    Kind("Chương trình phối hợp", "CTr"),
    Kind("Chương trình hành động", "CTr"),
    Kind("Chương trình công tác", "CTr"),
    Kind("Chương trình", "CTr"),
    Kind("Kế hoạch hành động", "KH"),
    Kind("Kế hoạch liên ngành", "KHLN"),
    Kind("Thông tư liên tịch", "TTLT"),
    Kind("Nghị quyết liên tịch", "NQLT"),
    Kind("Thông báo kết luận", "TB"),
    Kind("Văn bản hợp nhất", "VBHN"),
    Kind("Nghị quyết", "NQ"),
    Kind("Nghị định", "NĐ"),
    Kind("Chỉ thị", "CT"),
    Kind("Kết luận", "KL"),
    Kind("Quyết định", "QĐ"),
    Kind("Quy định", "QĐi", party_only=True),
    Kind("Quy chế", "QC"),
    Kind("Thông báo", "TB"),
    Kind("Kế hoạch", "KH"),
    Kind("Hướng dẫn", "HD"),
    Kind("Báo cáo", "BC"),
    Kind("Công văn", None),
    Kind("Tờ trình", "TTr"),
    Kind("Thông tư", "TT"),
    Kind("Pháp lệnh", "PL"),
    Kind("Sắc luật", "SL"),  # before "Luật", which it ends with
    Kind("Bộ luật", None),
    Kind("Luật", None),
    Kind("Hiến pháp", None),
    Kind("Công điện", "CĐ"),
    Kind("Đề án", "ĐA"),
    Kind("Phương án", "PA"),
    # Administrative kinds of Nghị định 30/2020/NĐ-CP with a code of their own
    # ("190/GM-UBND" invites to a meeting; it is no Công văn)
    Kind("Giấy mời", "GM"),
    Kind("Biên bản", "BB"),
    # Earlier eras: "Sắc lệnh số 76/SL" (before "Lệnh", which it ends with) and "Sắc luật số
    # 003/SL" (above), "Thông tri số 18-TT/TW" (a party circular: its TT is no Thông tư).
    Kind("Sắc lệnh", "SL"),
    Kind("Thông tri", "TT", party_only=True),
    Kind("Lệnh", "L"),
)

KIND_BY_NAME = {k.name.casefold(): k for k in KINDS}

#: A kind written "Thông báo kết luận" is still a Thông báo for identity and display.
KIND_ALIASES = {"thông báo kết luận": "Thông báo", "kế hoạch hành động": "Kế hoạch",
                "kế hoạch liên ngành": "Kế hoạch"}


def fold_code(code: str) -> str:
    """Fold a kind or issuer code for comparison: Đ→D, upper case."""
    return code.replace("Đ", "D").replace("đ", "d").replace("Ð", "D").upper()


#: folded kind code -> the kind a bare number of that code is, when no word says otherwise.
#: QĐ is Quyết định by default: "Quy định số 124-QĐ/TW" is a Quy định only because the text says so.
KIND_BY_CODE: dict[str, str] = {
    "NQ": "Nghị quyết", "NQLT": "Nghị quyết liên tịch", "CT": "Chỉ thị", "KL": "Kết luận",
    "QD": "Quyết định", "QDI": "Quy định", "QC": "Quy chế", "TB": "Thông báo",
    "CTR": "Chương trình", "KH": "Kế hoạch", "HD": "Hướng dẫn", "BC": "Báo cáo",
    "TTR": "Tờ trình", "ND": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "PL": "Pháp lệnh", "SL": "Sắc lệnh", "CD": "Công điện", "VBHN": "Văn bản hợp nhất", "DA": "Đề án", "PA": "Phương án",
    "KHLN": "Kế hoạch",
    "L": "Lệnh", "GM": "Giấy mời", "BB": "Biên bản",
}

#: Issuer codes whose numbering is national.  Ministries are listed by their usual codes;
#: anything ending in TW (Trung ương) is central too.
CENTRAL_ISSUERS = frozenset({
    "TW", "BDVTW", "BTGTW", "BTCTW", "VPTW", "UBKTTW", "BKTTW", "BNCTW", "BNTW", "DUKCQTW",
    "DUKDNTW", "QUTW", "BCSDCP", "TTG", "CP", "QH", "UBTVQH", "VPCP", "VPQH", "BNV", "BTC",
    "BCA", "BQP", "BNG", "BTP", "BKHDT", "BCT", "BGDDT", "BYT", "BLDTBXH", "BTNMT", "BNNPTNT",
    "BXD", "BGTVT", "BTTTT", "BVHTTDL", "BKHCN", "UBDT", "NHNN", "TTCP", "KTNN", "TANDTC",
    "VKSNDTC", "MTTQVN", "UBTWMTTQVN", "TLDLDVN", "TWDTN", "BDTTW", "BCDTW",
    # earlier eras: Chủ tịch nước, Hội đồng Bộ trưởng, Hội đồng Chính phủ, UBTV Quốc hội,
    # the President's Sắc lệnh and Sắc luật ("76/SL": no Sở's S…)
    "CTN", "HDBT", "HDCP", "UBTV", "LDTBXH", "BDTTG", "SL",
    # inter-ministerial ("TT-LB", liên bộ) and national agencies whose codes name no ministry
    # (no B…): Tổng cục Hải quan, Tổng cục Thuế, Ủy ban Chứng khoán Nhà nước, Hội đồng Thẩm
    # phán, Viện kiểm sát nhân dân tối cao, Tổng Liên đoàn Lao động, Cục Hải quan, Cục Quản
    # lý Dược, Ủy ban Thể dục thể thao, Hội đồng bầu cử quốc gia.  Not KBNN: a province's
    # treasury numbers with it too ("của Kho bạc Nhà nước tỉnh Trà Vinh"), so its words decide.
    "LB", "TCHQ", "TCT", "UBCKNN", "HDTP", "VKSTC", "TLD", "CHQ", "QLD", "UBTDTT", "HDBCQG",
})

#: Codes written in mixed case: a lower-cased catalogue ("16/ct-ttg", "05/ctr-tu") shows
#: them so, not in capitals ("TTG", "CTR").
MIXED_CASE_CODES: dict[str, str] = {c.upper(): c for c in ("TTg", *(k.code for k in KINDS if k.code))
                                    if not c.isupper()}


def written_code(segment: str) -> str:
    """A code of a number as it is written: one typed all in lower case (a summary's
    "tt-btttt") in capitals, or in its mixed case; any other case is meaningful and kept.

    Examples
    --------
    >>> written_code("btttt"), written_code("ttg"), written_code("QĐi")
    ('BTTTT', 'TTg', 'QĐi')
    """
    if not segment.islower():
        return segment
    upper = segment.upper()
    return MIXED_CASE_CODES.get(upper, upper)

#: Suffixes of local issuer codes: the number is unique only inside a province.
LOCAL_ISSUER_SUFFIXES = ("TU", "HU", "TƯ", "DU", "UBND", "HDND", "TP", "QU", "TXU")
LOCAL_ISSUERS = frozenset({"UBND", "HDND", "BDVTU", "VPTU", "UBKTTU", "BTGTU", "BTCTU", "SNV",
                           "BCSDUBND", "UBMTTQ", "BDV"})
#: Issuer codes of district bodies.
DISTRICT_ISSUERS = frozenset({"HU", "QU", "TXU", "TPU"})

#: Issuer phrases (after "của") and the code they stand for; used to check that a short
#: form ("Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội") agrees with a full number.
ISSUER_PHRASES: tuple[tuple[str, str], ...] = (
    ("ủy ban thường vụ quốc hội", "UBTVQH"),
    ("thủ tướng chính phủ", "TTG"),
    ("thủ tướng", "TTG"),
    ("ban cán sự đảng chính phủ", "BCSDCP"),
    ("chính phủ", "CP"),
    ("quốc hội", "QH"),
    ("ban dân vận trung ương", "BDVTW"),
    ("ban tuyên giáo trung ương", "BTGTW"),
    ("ban tổ chức trung ương", "BTCTW"),
    ("ban bí thư", "TW"),
    ("bộ chính trị", "TW"),
    ("ban chấp hành trung ương", "TW"),
    ("trung ương", "TW"),
    ("bộ nội vụ", "BNV"),
    ("bộ tài chính", "BTC"),
    ("ban dân vận tỉnh ủy", "BDVTU"),
    ("văn phòng tỉnh ủy", "VPTU"),
    ("tỉnh ủy", "TU"),
    ("huyện ủy", "HU"),
    ("ủy ban nhân dân", "UBND"),
    ("ubnd", "UBND"),
    ("hội đồng nhân dân", "HDND"),
    ("hđnd", "HDND"),
)

#: The words a body's name opens with, for an issuer written all in lower case, as a
#: catalogue's summaries are ("của bộ y tế", "của ubnd tỉnh đồng nai", "của ban chỉ huy
#: quân sự tỉnh"): with no capital to mark where a name starts, "của" must be followed by
#: one of these to begin an issuer.  Longer words first where one starts another.
ISSUER_BODY_WORDS = (
    "ủy ban", "ubnd", "ubmttq", "hội đồng", "hđnd", "thủ tướng", "phó thủ tướng", "chính phủ", "quốc hội",
    "bộ chính trị", "bộ chỉ huy", "bộ", "ban", "bch", "tỉnh ủy", "thành ủy", "huyện ủy", "đảng ủy",
    "trung ương", "văn phòng", "sở", "tổng cục", "cục", "chi cục", "ngân hàng", "kho bạc",
    "bảo hiểm xã hội", "công an", "thanh tra", "tòa án", "viện kiểm sát", "kiểm toán",
    "tổng liên đoàn", "liên đoàn", "mặt trận", "tỉnh đoàn", "trung ương đoàn", "hội",
    "chủ tịch", "thường trực", "liên bộ", "liên ngành",
)

#: Words in an issuer phrase that place it in a province (scope: provincial).
LOCAL_ISSUER_WORDS = ("tỉnh", "huyện", "thành phố", "thị xã", "quận")
#: Words of a central body; looked for after LOCAL_ISSUER_WORDS, so "Kho bạc Nhà nước tỉnh
#: X" stays local.  A body named for the state, the country or the nation is national:
#: "Ngân hàng Nhà nước" · "Thanh tra Nhà nước" · "Tổng Liên đoàn Lao động Việt Nam" ·
#: "Hội đồng bầu cử quốc gia" · "Viện kiểm sát nhân dân tối cao".
CENTRAL_ISSUER_WORDS = ("trung ương", "chính phủ", "quốc hội", "bộ chính trị", "ban bí thư", "bộ ",
                        "nhà nước", "việt nam", "quốc gia", "tối cao", "tổng cục", "liên bộ", "thủ tướng")
#: Words of a central body in a catalogue title's "do … ban hành" ("do Cục trưởng Cục Hải
#: quan ban hành", "do Thủ tướng Chính phủ"); only there is a bare "ủy ban" or "cục"
#: central, a local one being named with its province ("do Ủy ban nhân dân tỉnh X").
ISSUED_BY_CENTRAL_WORDS = CENTRAL_ISSUER_WORDS + ("ủy ban", "cục ")

#: The 63 provinces and centrally-run cities (before the 2025 merger, as the documents
#: of 2015–2024 name them).  Display spelling uses the modern tone placement.
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn",
    "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)

#: Other spellings seen in documents -> canonical province.
PROVINCE_ALIASES: dict[str, str] = {
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk", "Đắc Lắc": "Đắk Lắk", "Đăk Nông": "Đắk Nông",
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh", "TP. Hồ Chí Minh": "Hồ Chí Minh",
    "TP Hồ Chí Minh": "Hồ Chí Minh", "Huế": "Thừa Thiên Huế", "Thừa Thiên - Huế": "Thừa Thiên Huế",
}

#: Provinces whose name alone most often means something else: "tư tưởng Hồ Chí Minh",
#: "đường Hồ Chí Minh" are the President's; the city is "thành phố Hồ Chí Minh".
NOT_BARE_PROVINCES = frozenset({"Hồ Chí Minh"})

#: Centrally-run cities are "thành phố X", not "tỉnh X".
CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})

#: Relation cues, most specific first (the cue pattern is an ordered alternation).
#: Each row: (relation, regex source).  "reports_on" cues swallow the "thực hiện" they
#: end with, so "báo cáo kết quả thực hiện" is one cue, not a report and an implements.
CUES: tuple[tuple[str, str], ...] = (
    ("reports_on", r"(?:báo\ cáo|tổng\ kết|sơ\ kết|kết\ quả)(?:[^;.\n]{0,70}?)\s(?:việc\s+)?thực\ hiện"),
    # "tạm dừng thực hiện Quyết định …" suspends it: a citation, not an implementation.
    ("suspends", r"(?:tạm\ dừng|tạm\ ngừng|dừng|ngừng)(?:\s+việc)?\s+thực\ hiện"),
    ("guides", r"hướng\ dẫn\s+thi\ hành|hướng\ dẫn(?=\s+(?:một\ số|việc|thực\ hiện|chi\ tiết|nội\ dung|cụ\ thể))|quy\ định\s+chi\ tiết"),
    ("amends", r"sửa\ đổi(?:\s*,?\s*bổ\ sung)?|bổ\ sung\s+(?:một\ số\s+)?(?:điều|khoản)"),
    ("replaces", r"thay\ thế"),
    ("repeals", r"bãi\ bỏ|hủy\ bỏ"),
    ("based_on", r"căn\ cứ"),
    ("implements", r"(?:tiếp\ tục\s+)?(?:triển\ khai\s*,?\s*)?(?:thực\ hiện|quán\ triệt|cụ\ thể\ hóa|triển\ khai)"),
    # "Bổ sung danh mục … tại Quyết định …", "điều chỉnh …", "đính chính …" amend it only where
    # the words open the clause
    # (a title's verb); inside prose it is no cue, nor is a budget top-up ("bổ sung có mục
    # tiêu từ ngân sách", "bổ sung kinh phí").
    ("amends_opening", r"(?:điều\ chỉnh\s*,?\s*)?bổ\ sung(?!\s+(?:có\ mục\ tiêu|kinh\ phí|dự\ toán|ngân\ sách|vốn|nguồn|biên\ chế))"
                       r"|điều\ chỉnh|đính\ chính"),
    # "Thu hồi Quyết định …", "thu hồi các quyết định số: …" revoke them, where the words open
    # the clause ("thu hồi đất …", land recovery, is no cue).
    ("repeals_opening", r"thu\ hồi(?=\s+(?:(?:các|những|\d+)\s+)?(?:quyết\ định|văn\ bản|công\ văn|kế\ hoạch|chỉ\ thị"
                        r"|nghị\ quyết|thông\ báo))"),
    # "Thông tư 151/2016/TT-BTC hướng dẫn cơ chế … quy định tại Nghị định 93/2015/NĐ-CP":
    # "hướng dẫn" with any object guides what it locates ("quy định tại"), or opens a title.
    ("guides_opening", r"hướng\ dẫn"),
)

#: Relation of each cue group whose name is not a relation itself.
CUE_RELATION = {"amends_opening": "amends", "guides_opening": "guides", "repeals_opening": "repeals",
                "suspends": "cites"}

RELATIONS = ("based_on", "implements", "guides", "amends", "replaces", "repeals", "reports_on", "cites")
