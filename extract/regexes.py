"""Named patterns, built from the tables in :mod:`extract.vocab`.

Constants only.  Each pattern is verbose, with named groups, and shows real text it
matches.  Patterns run on text already normalised by :mod:`extract.clean` (NFC, ``Đ``
for look-alikes, ``-`` for every dash, no markdown emphasis).
"""
from __future__ import annotations

import re

import regex

from .vocab import CUES, ISSUER_BODY_WORDS, KINDS

_V = regex.VERBOSE


def _words(phrase: str) -> str:
    return r"\s+".join(regex.escape(w) for w in phrase.split())


# Kind words, longest first, case-insensitive: "Chương trình phối hợp", "nghị quyết".
KIND = r"(?i:" + "|".join(_words(k.name) for k in KINDS) + r")"

# Space between the words of one reference: real files are wrapped every 70-80 characters,
# mid-sentence and mid-reference, so one line break counts as a space; a blank line or a
# line that opens a list item or table cell does not.
_SP = r"(?:[ \t]*\n(?![ \t]*(?:\n|[-+•|#]))[ \t]*|[ \t]+)"
_SP0 = rf"(?:{_SP})?"

# A letter that may stand in a code: ASCII letters plus Đ and Ư (TƯ).
_CODE_LETTER = r"[A-Za-zĐđƯư]"
_CODE_SEGMENT = rf"{_CODE_LETTER}(?:{_CODE_LETTER}|\d)*"

# The number itself, with the letter suffix that belongs to it: "30" · "30a" · "08 a" · "66.3"
_N = r"\d{1,5}(?:\.\d{1,2}(?=/))?(?:[ \t]?[a-zđ](?=[ \t]{0,2}[/-]))?"

# Party number: <n>-<kind code>/<issuer code>[-<issuer code>...]
#   114-KL/TW · 13-CTr/TU · 03-CTr/BDVTW-BCSDCP · 08-QĐi/TW · 52-CTr/BDV-BCSĐUBND · 210a-TC/VP
#   · 36 - nq/tw (a summary's stray spaces)
PARTY_NUMBER = rf"""
    (?P<pn>{_N})[ \t]{{0,2}}-[ \t]{{0,2}}(?P<pkind>{_CODE_LETTER}{{1,5}})
    [ \t]{{0,2}}/[ \t]{{0,2}}
    (?P<pissuer>{_CODE_SEGMENT}(?:-{_CODE_SEGMENT})*)
"""

# State number: <n>[/<year>]/[<kind code>-]<issuer code>[-...], codes also joined by "/":
#   33/CT-TTg · 163/KH-UBND · 04/2015/NĐ-CP · 34/2007/PL-UBTVQH11 · 491 /UBND-KGVX
#   116/2004 / TT-BTC · 07/2022/tt-btttt · 33/TTg (kind code not written) · 41/CP (1995)
#   51/2001/QH10 · 44/2007/TTLT/BTC-BKHCN · 139/1999-QĐ-KHCN · 16/2009-L-CTN
#   187/2007NĐ-CP (slash missing after the year) · 139/009/TT-BTC (a year that lost a digit)
STATE_NUMBER = rf"""
    (?P<sn>{_N})
    (?: [ \t]{{0,2}}/[ \t]{{0,2}}(?P<syear>(?:19|20)\d\d|\d{{3}}(?=/))
        (?:[ \t]{{0,2}}[/-][ \t]{{0,2}}|(?=\p{{Lu}}))
      | [ \t]{{0,2}}/[ \t]{{0,2}} )
    (?P<scodes>{_CODE_SEGMENT}(?:[-/]{_CODE_SEGMENT})*)
"""

# Numbers of the 1980s-90s, issuer code after a dash, no slash: "235-HĐBT" · "61-CP".
# Capitals only, so an article's "15-Dịch vụ" is no number.
ERA_NUMBER = r"""
    (?P<en>\d{1,5}[a-z]?)-(?P<ecodes>[A-ZĐ]{2,8}(?:-[A-ZĐ]{2,8})*)
"""

# Any grammar; never glued to more letters or digits on either side, except "số" written
# against the number ("số93/CP").
DOC_NUMBER = regex.compile(
    rf"""(?:(?<![\p{{L}}\p{{N}}/.:-])|(?<=(?<!\p{{L}})(?i:số)))
    (?: {PARTY_NUMBER} | {STATE_NUMBER} | {ERA_NUMBER} )
    (?:(?![\p{{L}}\p{{N}}])|(?=ngày))
    """,
    _V,
)

# Where a DOC_NUMBER match can start, for a scan that finds its separator at memchr
# speed: every grammar writes a "/" or "-" right after the number (and its letter or
# spaces), so each of these literals is looked for alone (an alternation or a class is
# tried at every position, a tenth of the speed), and the number is read back from it with
# NUMBER_BEFORE_SEPARATOR (extract.scan.doc_numbers).  "33/CT-TTg" · "114-KL/TW"
SEPARATOR_AT = (re.compile("/"), re.compile("-"))

# The number right before a separator, matched in a window that ends there: its digits, a
# ".3" part, a letter and the spaces _N allows, from the first digit of the run (or of the
# run before a ".").  "30a /" · "66.3/" · "491 /"
NUMBER_BEFORE_SEPARATOR = re.compile(r"(?:\d+\.)?\d+(?:[ \t]?[a-zđ])?[ \t]{0,2}\Z")

#: Letters that ``(?i)`` matches beyond their two cases (the regex module's simple case
#: folding): checked over the whole Basic Multilingual Plane in tests/test_regexes.py.
CASE_FOLDS = {"s": "sSſ", "i": "iIİ"}


def _word_at(word: str, key: int) -> tuple[tuple[re.Pattern, ...], int]:
    """Where ``(?i:word)`` can start: standard-library patterns that find the word's letter
    at *key* (a rare one, an accented vowel) as a literal, which the engine looks for at
    memchr speed, and check the letters around it in C; and the letter's offset in the
    word, to subtract from each hit.  One pattern per case of that letter: an alternation
    or a class would be tried at every position."""
    def letters(ch: str) -> str:
        return "[" + CASE_FOLDS.get(ch, ch + ch.upper()) + "]"
    before = "".join(map(letters, word[:key]))
    after = "".join(map(letters, word[key + 1:]))
    return tuple(re.compile(f"{c}(?<={before}{c}){after}" if before else c + after)
                 for c in (word[key], word[key].upper())), key


# Where a "số" can start (SHORT_NUMBER, BLANK_NUMBER): "Pháp lệnh số 34" · "SỐ /KH-UBND"
SO_AT = _word_at("số", 1)


# The ..._BEFORE patterns are looked for in a window that ends where a number starts, and
# match only at the window's end ($).  (?r) makes the engine match backwards, and
# ``match`` then anchors at the window's end: one attempt instead of one at every start
# in the window (5x faster).  Backwards, an alternation prefers its first branch rather
# than the leftmost start, so KINDS lists "Thông báo kết luận" before "Kết luận", "Bộ
# luật" before "Luật": the match is then the longest, as a forward search would find.

# The kind word (and "số") right before a number, searched backwards from the number:
#   "Chương trình phối hợp số " · "Quyết định " · "Chỉ thị số: "
KIND_BEFORE = regex.compile(
    rf"""(?r)(?<!\p{{L}})(?P<kind>{KIND})(?P<so>\s+(?i:số)\s*:?|\s*:)?\s*$""",
    _V,
)

# A law named before its number: "Luật Bảo vệ môi trường số 52/2005/QH11" · "Luật Thủ đô
# 39/2024/QH15" (titles drop "số") ·
# "Bộ luật Lao động số 45/2019/QH14" · "luật đất đai số 45/2013/qh13".  Searched backwards
# from the number; the name holds no other kind word, "văn bản", "này" or digit.
_NAME_WORD = rf"(?!{KIND}(?!\p{{L}})|(?i:văn\s+bản|này)(?!\p{{L}}))\p{{L}}+"
NAMED_LAW_BEFORE = regex.compile(
    rf"""(?r)(?<!\p{{L}})(?P<kind>(?i:bộ\s+luật|luật|pháp\s+lệnh))(?P<name>(?:(?:[ \t]*,)?[ \t]+{_NAME_WORD}){{1,14}})
    (?:[ \t]+(?i:năm)[ \t]+\d{{4}})?(?:[ \t]+(?i:số)[ \t]*:?)?[ \t]*$""",
    _V,
)

# "số" alone before a number ("văn bản số 491/UBND-KGVX").
SO_BEFORE = regex.compile(r"(?r)(?<!\p{L})(?i:số)\s*:?\s*$")

# Form codes and similar number-shaped strings that are not documents, the word right
# before the number: "biểu mẫu 02/DVDT" · "Mẫu số 01/TKN" · "Biểu số 059-TT" · "Điều 15-..."
NOT_A_DOCUMENT_BEFORE = regex.compile(r"(?r)(?<!\p{L})(?i:mẫu|biểu|phụ\s+lục|điều|khoản|trang)(?:\s+(?i:số))?\s*$")

# A form word before a kind word: "Mẫu Kế hoạch số 01/KH".  Only forms: "một số điều
# Nghị định số 33/2010/NĐ-CP" and "Phụ lục Thông tư 47/2010/TT-BYT" are documents.
FORM_BEFORE_KIND = regex.compile(r"(?r)(?<!\p{L})(?i:mẫu|biểu)(?:\s+(?i:số))?\s*$")

# A short form: the number without its symbol, found from its "số" and checked for a
# kind word just before (KIND_BEFORE), since a leading alternation of every kind would be
# tried at every position of the text.
#   "Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội"
SHORT_NUMBER = regex.compile(
    r"""(?<!\p{L})(?i:số)\s*(?P<n>\d{1,5})
    (?![\p{L}\p{N}]|[ \t]?[/-][ \t]?[\p{L}\p{N}])
    """,
    _V,
)

# A number left blank in a draft: "Kế hoạch số /KH-UBND" · "Quyết định số ..../QĐ-UBND"
BLANK_NUMBER = regex.compile(
    rf"""(?<!\p{{L}})(?i:số)\s*(?:[.…_]+\s*)?
    /\s*(?P<codes>{_CODE_SEGMENT}(?:-{_CODE_SEGMENT})*)(?![\p{{L}}\p{{N}}])
    """,
    _V,
)

# The kind word right before "số": "Pháp lệnh " · "Kế hoạch "
KIND_BEFORE_SO = regex.compile(rf"""(?r)(?<!\p{{L}})(?P<kind>{KIND})\s+$""", _V)

# Dates: "14-7-2015" · "15/12/2021" · "14 tháng 6 năm 2022" · "/3/2022" (day left blank)
DATE = rf"""
    (?: (?P<d>\d{{1,2}})?[ \t]*(?P<sep>[-/.])[ \t]*(?P<m>\d{{1,2}})[ \t]*(?P=sep)[ \t]*(?P<y>(?:19|20)\d\d)
      | (?P<d>\d{{1,2}})?{_SP0}(?i:tháng){_SP0}(?P<m>\d{{1,2}})?{_SP0}(?i:năm){_SP0}(?P<y>(?:19|20)\d\d)
    )(?!\d)
"""

# ", ngày 14-7-2015" · " ban hành ngày 15/12/2021" after a number.
DATE_CLAUSE = regex.compile(rf"""[ \t]*,?{_SP0}(?i:ban\s+hành\s+)?(?i:ngày){_SP0}{DATE}""", _V)

# A relation cue ends an issuer phrase too: "của Ban Thường vụ Tỉnh ủy cụ thể hóa Quyết định …"
_CUE_WORDS = "|".join(src for _, src in CUES)

# Words that end an issuer phrase: what follows is a subject, a date, a cue or the next item.
_ISSUER_STOP = rf"""(?i:về|ngày|khóa|tại|trên|theo|thực\s+hiện|triển\s+khai|ban\s+hành|hướng\s+dẫn
    |quy\s+định|đối\s+với|nhằm|để|năm|giai\s+đoạn|trong|cho|với|là|đã|được|này|số|nhiệm\s+kỳ
    |và\s+{KIND}|{KIND}|{_CUE_WORDS})(?!\p{{L}})"""

# " của Thủ tướng Chính phủ" · " giữa Ban Dân vận Trung ương và Ban Cán sự Đảng Chính phủ"
#   · " của Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy ban nhân dân tỉnh Kiên Giang" (20 words)
ISSUER_CLAUSE = regex.compile(
    rf"""[ \t]*,?\s*(?P<prep>(?i:của|giữa))\s+
    (?P<issuer>(?!{_ISSUER_STOP})[\p{{Lu}}][\p{{L}}\p{{N}}]*
        (?:{_SP}(?!{_ISSUER_STOP})(?:[\p{{L}}\p{{N}}]+|-(?=[ \t]+\p{{Lu}}))){{0,20}})
    """,
    _V,
)

# An issuer written in lower case, as a catalogue's summaries are, read where ISSUER_CLAUSE
# finds no capital: it opens with a body's word (ISSUER_BODY_WORDS) and runs to a stop word,
# at most 12 words, since nothing else marks where a lower-case name ends.  Without
# capitals a summary's verb runs on from the name ("của thủ tướng chính phủ phê duyệt
# chiến lược …"), so the verbs that follow an issuer there stop it too, and a "và" that
# starts a new phrase ("và các biện pháp"), not a name's ("bộ thông tin và truyền thông").
#   " của bộ y tế" · " của ubnd tỉnh đồng nai" · ", của ban chỉ huy quân sự tỉnh"
_BODY_WORDS = "|".join(w.replace(" ", r"\s+") for w in ISSUER_BODY_WORDS)
_LOWER_ISSUER_STOP = r"""(?i:phê\s+duyệt|chấp\s+thuận|cho\s+phép|công\s+nhận|thành\s+lập|hỗ\s+trợ
    |đến|tới|và\s+(?:các|một|những|việc|tăng\s+cường))(?!\p{L})"""
LOWER_ISSUER_CLAUSE = regex.compile(
    rf"""[ \t]*,?\s*(?P<prep>(?i:của|giữa))\s+
    (?P<issuer>(?!{_ISSUER_STOP})(?i:{_BODY_WORDS})(?!\p{{L}})
        (?:{_SP}(?!{_ISSUER_STOP}|{_LOWER_ISSUER_STOP})(?:[\p{{L}}\p{{N}}]+|-(?=[ \t]+\p{{L}}))){{0,12}})
    """,
    _V,
)

# "(khoá XI)" · "khóa XII" · "(Khóa XI)"
TERM_CLAUSE = regex.compile(r"""[ \t]*,?[ \t]*\(?[ \t]*(?i:khóa)[ \t]+(?P<term>[IVXLC]+)(?!\p{L})[ \t]*\)?""", _V)

# " về “Nâng cao hiệu quả …”" · " về việc ban hành …"
SUBJECT_CLAUSE = regex.compile(r"""[ \t]*,?\s*[“"«]?(?i:về)\s+(?:(?i:việc)\s+)?(?P<subject>[^;|]{1,400})""", _V)

# "Chỉ thị nêu trên" · "Kế hoạch đã nêu trên": a previous mention of that kind.  Found from
# "nêu trên", the kind checked with KIND_BEFORE_SO.  Scanned backwards (?r): from its
# common last word "trên" the engine rejects a position at once, while forwards it tried
# the whole alternation at every letter (3x slower); finditer yields the hits last first.
ANAPHORA = regex.compile(r"""(?r)(?<!\p{L})(?i:(?:đã\s+)?nêu\s+trên|nói\s+trên)(?!\p{L})""", _V)

# Where the "trên" an ANAPHORA match ends with starts, found from its "ê" (see _word_at;
# ANAPHORA's own backwards scan runs at a quarter of the speed of a class, a tenth of
# this); each hit is then matched with ANAPHORA anchored at its end
# (extract.find._anaphora).  "Chỉ thị nêu trên" · "NÊU TRÊN"
ANAPHORA_AT = _word_at("trên", 2)

# No letter at this position: the end of an ANAPHORA match, checked apart from it.
NO_LETTER_AT = regex.compile(r"(?!\p{L})")

# The document's own number in its header: "Số: 412-CTr/BDVTU-BCSDUBND" · "Số: 491 /UBND-KGVX"
# "Luật số: 39/2009/QH12" (a kind word only with the colon: "Nghị định số 149/2005/NĐ-CP
# ngày …" opening a sentence is a reference) · "| Số: 63/2025/QĐ-UBND |" · "Số:" with the
# number on the next line.  Capital "Số" at the start of a line or cell: a wrapped preamble's "số 64/2025/QH15"
# is a reference; and only in the header block (extract.find.find_meta).
SELF_NUMBER = regex.compile(rf"(?m)(?:^|\|)[ \t]*(?:(?:{KIND})[ \t]+(?:số|Số|SỐ)[ \t]*:|(?:Số|SỐ)[ \t]*:?)\s{{0,3}}(?=\d)")

# "Kiên Giang, ngày 14 tháng 6 năm 2022" on a line of its own.
PLACE_DATE_LINE = regex.compile(
    rf"""(?m)(?:^|\|)[ \t]*(?P<place>\p{{Lu}}[\p{{L}} .'-]{{1,40}}?)[ \t]*,[ \t]*(?i:ngày){_SP0}{DATE}""",
    _V,
)

# "Ủy ban nhân dân tỉnh Trà Vinh" · "TỈNH KIÊN GIANG" · "thành phố Cần Thơ".  The lookahead
# in front repeats the words the pattern starts with: given literals up front, the engine
# skips to them instead of trying the whole pattern at every position (2x faster).
PROVINCE_MENTION = regex.compile(r"(?=(?i:tỉnh|thành|tp))(?<!\p{L})(?i:tỉnh|thành\s+phố|TP\.?)" + _SP + r"(?P<name>\p{Lu}\p{L}*(?:[ \t]*-?[ \t]*\p{Lu}\p{L}*){0,3})")

# A run of capitalised words, where a title may name a province bare, as it names a body's:
# "… của Sở Y tế Hưng Yên" · "giám sát hành trình tàu cá Khánh Hòa" (extract.find reads a run
# only when it is a province's whole name: "Điện Biên Phủ", "Thái Bình Dương" are none)
CAPITALISED_RUN = regex.compile(r"(?<!\p{L})(?P<name>\p{Lu}\p{L}*(?:[ \t]*-?[ \t]*\p{Lu}\p{L}*){0,3})(?!\p{L})")

# A province written right after a local number, with no "của": the issuer's, in catalogue
# titles and summaries.  "Nghị quyết 09/2025/NQ-HĐND tỉnh Bà Rịa - Vũng Tàu quy định …"
#   · "Quyết định số 12/2020/QĐ-UBND thành phố Cần Thơ"
PLACE_AFTER_NUMBER = regex.compile(r"[ \t]+" + PROVINCE_MENTION.pattern)

# A province in lower-cased text ("ubnd tỉnh bà rịa - vũng tàu", "thành phố hồ chí minh"):
# any letters after the word, which extract.find.canonical_province then reads as a
# province's name or rejects ("tỉnh về việc …").
LOWER_PROVINCE_MENTION = regex.compile(r"(?<!\p{L})(?i:tỉnh|thành\s+phố|tp\.?)[ \t]+(?P<name>\p{L}+(?:[ \t]*-?[ \t]*\p{L}+){0,4})")
LOWER_PLACE_AFTER_NUMBER = regex.compile(r"[ \t]+" + LOWER_PROVINCE_MENTION.pattern)

# The issuing body in a header, in capitals: "QUỐC HỘI" · "CHÍNH PHỦ" · "THỦ TƯỚNG CHÍNH PHỦ"
#   · "BỘ TÀI CHÍNH" · "BAN CHẤP HÀNH TRUNG ƯƠNG" · "BAN DÂN VẬN TRUNG ƯƠNG" · "NGÂN HÀNG NHÀ NƯỚC"
CENTRAL_BODY_HEADER = regex.compile(r"""(?<!\p{L})(?:QUỐC\s+HỘI|CHÍNH\s+PHỦ|CHỦ\s+TỊCH\s+NƯỚC
    |BỘ\s+(?!LUẬT(?!\p{L}))\p{Lu}[\p{Lu}\s,-]*|BAN\s+[\p{Lu}\s]+TRUNG\s+ƯƠNG|BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ
    |NGÂN\s+HÀNG\s+NHÀ\s+NƯỚC|KIỂM\s+TOÁN\s+NHÀ\s+NƯỚC|TÒA\s+ÁN\s+NHÂN\s+DÂN\s+TỐI\s+CAO
    |VIỆN\s+KIỂM\s+SÁT\s+NHÂN\s+DÂN\s+TỐI\s+CAO)(?!\p{L})""", _V)

# A local body in a header: "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH" · "TỈNH ỦY SÓC TRĂNG" · "UBND TỈNH
# ĐỒNG NAI" · "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ CẦN THƠ" · "SỞ NỘI VỤ TỈNH KIÊN GIANG"
LOCAL_BODY_HEADER = regex.compile(r"""(?<!\p{L})(?:TỈNH\s+ỦY|THÀNH\s+ỦY|TỈNH|THÀNH\s+PHỐ)\s+
    (?!ỦY(?!\p{L}))(?P<name>\p{Lu}+(?:[ \t]*-?[ \t]*\p{Lu}+){0,3})(?!\p{L})""", _V)

# Congress resolutions: "Nghị quyết Đại hội XIII" · "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII"
#   · "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIV" · "Nghị quyết đại hội XI Đảng bộ tỉnh"
CONGRESS = regex.compile(
    r"""(?<!\p{L})(?i:nghị\s+quyết\s+(?:của\s+)?đại\s+hội)
    (?P<body>(?:[ \t]+(?!(?i:và|về|của\s+(?!Đảng)|nhiệm\s+kỳ|năm|đã|để|với|là)(?!\p{L}))[\p{L}\p{N}]+){1,10})
    """,
    _V,
)

# Where a CONGRESS match can start: its "nghị" (see _word_at).  "NGHỊ QUYẾT ĐẠI HỘI"
CONGRESS_AT = _word_at("nghị", 3)

# "Nghị quyết đại hội đảng bộ các cấp": congresses of every level, not one resolution.
ALL_LEVELS = regex.compile(r"(?i)các\s+cấp")
ROMAN = regex.compile(r"(?<!\p{L})(?P<roman>[IVXL]{1,6})(?!\p{L})")

# Laws by name: "Luật Tiếp cận thông tin" · "Bộ luật Lao động" · "Bộ Luật lao động" · "Luật Tổ
# chức Chính phủ" · "Luật Phòng , chống tham nhũng" · "Luật Chất lượng sản phẩm, hàng hóa" ·
# "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân".  A name runs on through capitalised
# words, up to a word that no law name holds there ("… do Văn phòng Quốc hội ban hành", "…
# là …", "Căn cứ …", "Điều 5", another kind, "số" before its number), and on after "," or
# "và" only for a short run that ends where a name can end (punctuation, a year, "năm", "và",
# "của", another kind …): "Luật Đất đai và Luật Nhà ở" are two laws, "Luật Ngân sách nhà nước,
# khả năng cân đối ngân sách cấp tỉnh" and "Luật Doanh nghiệp và văn bản …" one.  The
# lookahead in front repeats the words the branches start with (see PROVINCE_MENTION).
_LAW_STOP = r"""(?i:về|của|năm|số(?=[ \t]*:?[ \t]*\d)|ngày|tháng|và|để|trong|tại|theo(?![ \t]+phương\s+thức)|đã|được|thì|nhằm
    |cho|với|đối\s+với|này|hiện\s+hành|sửa\s+đổi|quy\s+định|có|do|trên|là|phải|như|gồm|bao\s+gồm
    |hoặc|nhưng|(?<!(?i:hàng)[ \t]+)không|mà|khi|thực\s+hiện|áp\s+dụng|ban\s+hành|hướng\s+dẫn|các
    |những|một|căn\s+cứ|nếu|trừ|tùy|đang|trình|sau|trước
    |(?:điều|khoản|điểm|mục|chương|phụ\s+lục)(?=[ \t]+(?:\d|[IVXLC]+(?!\p{L})|\p{Ll}(?!\p{L})|này|lệ)))(?!\p{L})"""
_LAW_WORD = rf"(?!{_LAW_STOP}|(?<!(?i:pháp)[ \t]+){KIND}(?!\p{{L}}))\p{{L}}\p{{Ll}}*"  # "pháp luật" is no kind
# Words a run after "," or "và" does not start with: what is listed beside a law.
_LAW_TAIL_STOP = r"(?i:văn\s+bản|pháp|phát\s+hành|phụ\s+lục|quy\s+trình|biên\s+bản|cung\s+cấp|nêu|điều\s+kiện|nội\s+dung|tổ\s+chức|bộ)(?!\p{L})"
_LAW_END = rf"""(?=[ \t]*(?:[^\p{{L}} \t]|$|{KIND}(?!\p{{L}})
    |(?i:năm|số|ngày|do|của|và|về|được|đã|quy\s+định|hướng\s+dẫn|thì|tại|theo|căn\s+cứ|trên|trong|cho
        |đối\s+với|giai\s+đoạn|nhằm|để)(?!\p{{L}})))"""
# The short runs after "," or "và" that a name goes on with.
_LAW_TAILS = rf"(?:(?:[ \t]*,|[ \t]+(?i:và))[ \t]+(?!{_LAW_TAIL_STOP}){_LAW_WORD}(?:[ \t]+{_LAW_WORD}){{0,4}}{_LAW_END})*"
LAW = regex.compile(
    rf"""(?=Bộ|Luật)(?<![\p{{L}}])(?<!(?i:pháp|dự\s+án|hành|bộ)\s)
    (?: (?P<code>Bộ[ \t]+[Ll]uật)[ \t]+(?P<name>(?!{_LAW_STOP})\p{{L}}+(?:[ \t]+(?!{_LAW_STOP})\p{{Ll}}+){{0,3}})
      | (?P<law>Luật)[ \t]+(?P<name>\p{{Lu}}\p{{Ll}}*(?:[ \t]+{_LAW_WORD}){{0,15}}
          {_LAW_TAILS})
    )(?![\p{{L}}\p{{N}}])
    """,
    _V,
)

# Laws by name in a summary written in lower case, as a province's list publishes them:
# "kế hoạch triển khai thi hành luật cư trú năm 2020" · "luật biên phòng việt nam." · "bộ
# luật lao động" · "luật ban hành văn bản quy phạm pháp luật".  No capital marks a name
# there, so "kỷ luật", "pháp luật", "quy luật", "các luật …", "luật sư", "luật định" are none.
_LOWER_NOT_A_NAME = r"""(?:định|pháp|lệ|sư|chơi|này|mới|sửa\s+đổi|được|của|và|về|năm|số|ngày|tháng|tại|theo
    |trong|để|cho|với|là|có|do|trên|các|những|một|thì|đã|mà|khi|nhưng|hoặc|như|phải|đang|nếu)(?!\p{L})"""
LOWER_LAW = regex.compile(
    rf"""(?<!\p{{L}})(?<!(?:kỷ|pháp|quy|định|giới|án|thảo|các|những|nhiều|số|bộ)[ \t]+)
    (?:(?P<code>bộ[ \t]+luật)|(?P<law>luật))[ \t]+
    (?P<name>(?!{_LOWER_NOT_A_NAME})\p{{Ll}}+(?:[ \t]+{_LAW_WORD}){{0,9}}
      {_LAW_TAILS})
    (?![\p{{L}}\p{{N}}])""",
    _V,
)

# "Luật sư" is a lawyer; "Luật sửa đổi, bổ sung một số điều của Luật …" is known by its number.
NOT_A_LAW_NAME = frozenset({"Sư", "Sửa"})

# Where a LAW match can start, each of its first words a literal the engine looks for at
# memchr speed (LAW's own scan runs at a fifth of an alternation's speed, a twentieth of
# this); each hit is matched with LAW (extract.scan.matches_at).  "Bộ luật" · "Luật"
LAW_AT = (re.compile("Bộ"), re.compile("Luật")), 0  # as _word_at makes them: (patterns, offset)

# A catalogue title line opens with the document's own kind and number:
#   "Kế hoạch 121/KH-UBND năm 2025 thực hiện …" · "Quyết định số 1600/QĐ-UBND năm 2019 …"
TITLE_HEAD = regex.compile(rf"""[ \t]*(?P<kind>{KIND})[ \t]+(?:(?i:số)[ \t]*:?[ \t]*)?(?=\d)""", _V)

# "năm 2025" right after a title's own number: the year it was issued.
TITLE_YEAR = regex.compile(r"[ \t]*(?i:năm)[ \t]+(?P<year>(?:19|20)\d\d)(?!\d)")

# Who issued a listed document: "do tỉnh Cần Thơ ban hành" · "do thành phố Hà Nội ban hành"
#   · "do Ủy ban nhân dân tỉnh Đồng Nai ban hành" · "do Bộ Tài chính ban hành"
#   · "do Kho bạc Nhà nước điện" (a Công điện)
ISSUED_BY = regex.compile(r"""(?<!\p{L})(?i:do)[ \t]+(?P<issuer>(?:(?!(?i:ban\s+hành|điện|gửi)(?!\p{L}))[^;\n]){2,120}?)
    [ \t]+(?i:ban\s+hành|điện|gửi)(?!\p{L})""", _V)

# "Hiến pháp" · "Hiến pháp năm 2013" · "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992"
CONSTITUTION = regex.compile(r"""(?<!\p{L})(?i:hiến\s+pháp)
    (?:[ \t]+(?i:nước\s+cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam))?
    (?:[ \t]+(?i:năm)[ \t]+(?P<year>(?:19|20)\d\d))?(?!\p{L})""", _V)

# Where a CONSTITUTION match can start: its "hiến" (see _word_at).  "HIẾN PHÁP"
CONSTITUTION_AT = _word_at("hiến", 2)

# A cue in the passive: "được sửa đổi, bổ sung bởi" · "đã được sửa đổi, bổ sung theo".
PASSIVE_BEFORE = regex.compile(
    r"""(?r)(?<!\p{L})(?i:được|bị)(?:[ \t]+(?i:một\s+số\s+điều))?
    (?:[ \t,]*(?i:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|hủy\s+bỏ))*[ \t,]*$""", _V)

# A document that ceases to have effect, said after it: "… Nghị định số 35/2005/NĐ-CP hết
# hiệu lực kể từ ngày …" · "chấm dứt hiệu lực".
CEASES = regex.compile(r"(?<!\p{L})(?i:hết|chấm\s+dứt)[ \t]+(?i:hiệu\s+lực)(?!\p{L})")

# What may stand before a cue that opens its clause: numbering, bullets, "Nay," "Để" …,
# an approval of what the verb makes ("phê duyệt điều chỉnh Quy trình … tại Quyết định …")
# (used with match(text, clause start, cue start): anchored at both ends)
_OPENING_WORDS = r"nay|để|nhằm|và|đồng\s+thời|tiếp\s+tục|qua|sau\s+khi|trên\s+cơ\s+sở|phê\s+duyệt"
CLAUSE_OPENING = regex.compile(rf"[\s\d\p{{P}}]*(?:(?i:{_OPENING_WORDS})[\s\p{{P}}]+)?$")

# The same at the start of a title or of a clause's first mention, where a subject line's
# "về việc" / "V/v" may come first: "về việc điều chỉnh, bổ sung … tại quyết định số
# 3786/qđ-ubnd" amends it as "điều chỉnh …" alone does.  Not after a mention: "Nghị định
# 07/2013/NĐ-CP … về việc sửa đổi … Nghị định 31/2011/NĐ-CP" is that decree's own subject.
_SUBJECT = r"về\s+việc|v/v"
SUBJECT_OPENING = regex.compile(rf"[\s\d\p{{P}}]*(?:(?i:{_OPENING_WORDS}|{_SUBJECT})[\s\p{{P}}]+)?$")

# Right after a mention, its own subject line: "Quyết định số 2125/qđ-ubnd … về việc tạm dừng
# thực hiện quyết định số 25/2013/qđ-ubnd" (2125 suspends 25/2013; the citing document
# does not repeal it).
SUBJECT_AFTER = regex.compile(rf"[\s\p{{P}}]*(?i:{_SUBJECT})[\s\p{{P}}]*$")

# What a cue's object is located in, right before a document: "… quy định tại Nghị định số …"
#   · "… tại khoản 2 Điều 5 Quyết định …" · "… theo Nghị định …"
# A part's name: "điểm b", "khoản 13", "Điều 5a", "mục 1.2", "Phụ lục II" (not "điều của")
_PARTS = r"""(?:[ \t]+(?i:điểm|khoản|điều|mục|chương|phần|phụ\s+lục)
    [ \t]+(?:\d[\d.]*\p{L}?|[IVXLCDM]+|\p{Ll})(?!\p{L})(?:[ \t]+(?i:của))?)"""
LOCATED_BEFORE = regex.compile(
    rf"""(?r)(?<!\p{{L}})(?:(?:(?i:quy\s+định)\s+)?(?i:tại)|(?i:theo))
    {_PARTS}*[\s,]*$""", _V)

# The parts of a document named right before it: "sửa đổi điểm b khoản 13 Điều 1 của Nghị
# định …" (they do not put the verb farther from its object)
PARTS_BEFORE = regex.compile(rf"(?r){_PARTS}+[\s,]*$", _V)

#: How far a cue may stand from the document its object is located in.
MAX_WORDS_CUE_TO_LOCATED = 40

# A reference brought in by words of its own, not as a cue's object: "… theo Nghị định số …"
# · "… quy định tại khoản 2 Điều 5 Nghị định số …".  Not "tại" alone ("sửa đổi Danh mục
# … tại Quyết định 1587/QĐ-UBND" amends it) nor "kèm theo".
PREPOSITION_BEFORE = regex.compile(
    rf"""(?r)(?<!\p{{L}})(?:(?<!(?i:kèm)\s+)(?i:theo)|(?i:quy\s+định)\s+(?i:tại|của))
    {_PARTS}*[\s,]*$""", _V)

# Relation cues, one alternation in table order (most specific first).
CUE = regex.compile(
    # A cue's words may be split by a line break in wrapped text: "thay\nthế".
    r"(?<!\p{L})(?:" + "|".join(f"(?P<{rel}>{src.replace(chr(92) + ' ', chr(92) + 's+')})" for rel, src in CUES)
    + r")(?!\p{L})",
    regex.VERBOSE | regex.IGNORECASE,
)

# Where a sentence ends: a newline, or . ! ? before a capital / digit / line end.
# A line break ends one only where a paragraph does (a blank line, a list item, a table
# row, an article or a heading, or after ; or :); elsewhere it is a space in wrapped text.
# A capital "Căn cứ" always opens a clause, even after a title run into it ("Luật Biển Việt
# Nam Căn cứ Hiến pháp …").
SENTENCE_END = regex.compile(r"""
    \n(?=[ \t]*(?:\n|$|[-+•|\#>]|\d{1,3}[.)][ \t]|[a-zđ][.)][ \t]
                 |(?:Điều|Chương|Mục|Phần)[ \t]+[\dIVXLC]|[IVXLC]+[.)][ \t]|[\p{Lu}\d][\p{Lu}\d \t,.-]*(?:\n|$)))
  | (?<=[;:][ \t]*)\n
  | (?<=(?m:^)[\p{Lu}\d \t,.-]+)\n
  | \|
  | [.!?](?=[ \t]+[\p{Lu}\d\-]|[ \t]*(?:\n|$))
  | [ \t\n](?=Căn[ \t]+cứ(?!\p{L}))
""", regex.VERBOSE)

# Where SENTENCE_END can match, for a scan that skips to it: its one character, or the
# "Căn cứ" after it (the space before "Căn cứ" is then the candidate).  SENTENCE_END's last
# branch starts at every space, so scanning with it runs at a quarter of this speed; each
# candidate is then checked with SENTENCE_END.match (extract.scan.sentence_ends).  The
# standard library's engine: a short character class it skips to in C.
#   "… năm 2022. Các cơ quan" · "ban hành;\n" · "Luật Biển Việt Nam Căn cứ Hiến pháp"
SENTENCE_END_AT = re.compile(r"[\n|.!?]|Căn[ \t]+cứ")

# SENTENCE_END_AT backwards, for the last end before a mention (extract.scan.last_sentence_end):
# the space before a "Căn" is the candidate itself here, its "cứ" left to SENTENCE_END (a
# lookahead of a fixed length, so the backwards scan can start three characters past the
# mention).  "… năm 2022. Các cơ quan" · "Luật Biển Việt Nam Căn cứ Hiến pháp"
SENTENCE_END_BACK = regex.compile(r"(?r)[\n|.!?]|[ \t](?=Căn)")

# The words a CUE match can start with (each branch's first word, and the first word after
# an optional one: "tiếp tục", "triển khai", "điều chỉnh"), in lower case, for a scan that
# skips to them: CUE, case-insensitive with a leading lookbehind, is tried at every position
# (a third of this speed).  Searched in the case-folded text; each hit is checked with
# CUE.match (extract.relations._cue_matches).  "Căn cứ" · "triển khai thực hiện" · "sửa đổi"
CUE_AT = re.compile("|".join(sorted({
    "báo", "tổng", "sơ", "kết", "tạm", "dừng", "ngừng", "hướng", "quy", "sửa", "bổ", "thay", "bãi", "hủy",
    "căn", "tiếp", "triển", "thực", "quán", "cụ", "điều", "đính", "thu"}, key=lambda w: (-len(w), w))))

# Text between two mentions that only coordinates them: ", " · " và " · ", và "
COORDINATOR = regex.compile(r"^[ \t]*(?:,|và|hoặc|,[ \t]*và)?[ \t]*$", regex.IGNORECASE)

# A colon and the opening quote of the text it sets out: an amendment's new wording
# ("Sửa đổi điểm 1.1 như sau : “ 1.1 Các quyền …") or a quoted provision.  The last one in
# a gap counts (extract.relations._quotation_opened).
QUOTATION_OPENS = regex.compile(r"""(?r):\s*[“"]""")

# A list's separator right before a reference: it is the next item of a list, not the
# object of the verb that precedes it ("… hướng dẫn về quản lý giá cước … và Thông tư liên
# tịch số 43/2011/TTLT/BTC-BGTVT") · "…, Thông tư số 181/2012/TT-BTC" · "hoặc Quyết định".
# Matched backwards from the reference (see KIND_BEFORE).
LIST_ITEM_BEFORE = regex.compile(r"(?r)(?:,|(?<!\p{L})(?i:và|hoặc))[\s,]*$")

# "Nơi nhận:" opens the recipient list at the foot of a document: never references.
# Found from its words, then checked (lookbehind) to open its line: a pattern that begins
# with ^ is tried at every line start (8x slower).  The match starts at the words, not at
# the line's start.
RECIPIENTS = regex.compile(r"(?i:nơi\s+nhận)(?<=(?m:^)[ \t]*(?i:nơi\s+nhận))[ \t]*:?")

# Where a RECIPIENTS match can start: its "nơi" (see _word_at).  "NƠI NHẬN:"
RECIPIENTS_AT = _word_at("nơi", 1)

# Title line: the kind in capitals, alone: "CHƯƠNG TRÌNH PHỐI HỢP" · "BÁO CÁO" · "KẾ HOẠCH"
TITLE_LINE = regex.compile(r"(?m)^[ \t]*(?P<title>[\p{Lu} ]{4,60}?)[ \t]*$")

# "V/v thực hiện …": the subject line only a công văn has.
VV_LINE = regex.compile(r"(?m)^[ \t]*V/v[ \t]")

# Who issues a document, from its opening lines: "TỈNH ỦY SÓC TRĂNG" · "Ban Dân vận Tỉnh ủy"
#   versus "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" · "UBND tỉnh".  Each is a few patterns whose
# matches are counted and added up.  Each begins with one literal word, which the engine
# skips to; one alternation of them all was tried at every position (5x slower).  No two
# can match overlapping text, so the sum is what the alternation would count.
PARTY_BODY = (
    # "Tỉnh ủy" · "huyện ủy" · "Thành ủy" · "Đảng ủy": found from "ủy", the level checked behind it
    regex.compile(r"(?i:ủy)(?<=(?<!\p{L})(?i:tỉnh|huyện|thành|đảng)\s+(?i:ủy))(?!\p{L})"),
    # "Ban Dân vận" · "Ban Tuyên giáo" · "Ban Thường vụ"
    regex.compile(r"(?<!\p{L})(?i:ban)\s+(?i:dân\s+vận|tuyên\s+giáo|thường\s+vụ)(?!\p{L})"),
)
STATE_BODY = (
    regex.compile(r"(?<!\p{L})(?i:ủy\s+ban\s+nhân\s+dân)(?!\p{L})"),  # "Ủy ban nhân dân"
    regex.compile(r"(?<!\p{L})UBND(?!\p{L})"),                         # "UBND tỉnh"
    regex.compile(r"(?<!\p{L})(?i:hội\s+đồng\s+nhân\s+dân)(?!\p{L})"),  # "Hội đồng nhân dân"
    regex.compile(r"(?<!\p{L})(?i:sở)\s+\p{Lu}"),                       # "Sở Nội vụ" · "SỞ TÀI CHÍNH"
)
