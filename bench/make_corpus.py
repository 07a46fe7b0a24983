#!/usr/bin/env python3
"""Synthetic corpus generator for vbgraph: realistic provincial documents + exact gold.

    python bench/make_corpus.py OUT_DIR -n N --seed S [--refs-per-doc K] [--prose-kb KB]

writes ``OUT_DIR/docs/<shard>/<name>.txt`` (≤1000 files a shard), ``OUT_DIR/gold.jsonl``
(one record a document, ``doc`` relative to ``OUT_DIR/docs``, shape of
../shared/gold/README.md) and ``OUT_DIR/checks.jsonl`` (the findings ``vbgraph check`` should
make: which documents rest on a basis replaced, repealed or amended, by what the corpus
states).  Deterministic by seed (one ``random.Random(seed)``), streaming.

Replacements, repeals and amendments come two ways, each dated by the document that states
it: a province's earlier documents are replaced, repealed or amended by its later ones
("Kế hoạch số B … thay thế Kế hoạch số A …", a second-order link stated wherever B is
cited, so some replacements are themselves replaced), and now and then a generated
document does it itself ("Quyết định này thay thế …").

``--prose-kb KB`` makes the documents long and their references sparse, as in national law
texts: about KB kilobytes of articles and clauses that cite nothing (deadlines, fines,
dossiers, dates, article and clause numbers) are set between the paragraphs of each
document's body, drawn from a random generator of their own, so the references, the gold
and the checks are those of the same corpus without prose.

Python API: ``generate(n, seed, refs_per_doc=10, facts=None, prose_kb=0)`` yields
``(name, text, gold)`` (and appends what :func:`expected_checks` reads to *facts*);
``write_corpus(out_dir, n, seed, refs_per_doc=10, prose_kb=0)`` writes the files.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from extract.vocab import CITIES, PROVINCES  # noqa: E402  (the one province table)
from graph.checks import BASIS_RELATIONS, EVENTS, DocFacts, Link, decide  # noqa: E402



@dataclass
class Doc:
    """A document that can be referred to."""
    kind: str
    number: str
    date: str                 # ISO
    issuer: str               # phrase after "của" (or "giữa … và …" when joint)
    subject: str
    scope: str                # central / provincial
    place: str | None = None
    term: str | None = None   # "XI" for party documents
    parent: "Doc | None" = None  # the document it implements (second-order link)
    parent_cue: str = "triển khai thực hiện"
    parent_rel: str = "implements"
    joint: bool = False
    twin: "Doc | None" = None  # same date & issuer, can be written as a coordinated pair
    extra: dict = field(default_factory=dict)


def _c(kind, number, date, issuer, subject, term=None, joint=False) -> Doc:
    return Doc(kind, number, date, issuer, subject, "central", term=term, joint=joint)


CENTRAL: list[Doc] = [
    _c("Kết luận", "114-KL/TW", "2015-07-14", "Ban Bí thư Trung ương Đảng",
       "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp", "XI"),
    _c("Kết luận", "114-KL/TW", "2024-11-08", "Bộ Chính trị",
       "một số nhiệm vụ, giải pháp trọng tâm về xây dựng chính quyền các cấp", "XIII"),
    _c("Kết luận", "01-KL/TW", "2021-05-18", "Bộ Chính trị",
       "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "XIII"),
    _c("Kết luận", "01-KL/TW", "2016-04-06", "Bộ Chính trị",
       "tiếp tục đẩy mạnh công tác cải cách tư pháp", "XII"),
    _c("Nghị quyết", "25-NQ/TW", "2013-06-03", "Ban Chấp hành Trung ương Đảng",
       "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới", "XI"),
    _c("Chỉ thị", "05-CT/TW", "2016-05-15", "Bộ Chính trị",
       "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "XII"),
    _c("Quy định", "124-QĐ/TW", "2018-02-02", "Ban Bí thư",
       "giám sát của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội", "XII"),
    _c("Quyết định", "217-QĐ/TW", "2013-12-12", "Bộ Chính trị",
       "ban hành Quy chế giám sát và phản biện xã hội của Mặt trận Tổ quốc Việt Nam", "XI"),
    _c("Quyết định", "218-QĐ/TW", "2013-12-12", "Bộ Chính trị",
       "ban hành Quy định về việc Mặt trận Tổ quốc tham gia góp ý xây dựng Đảng, xây dựng chính quyền", "XI"),
    _c("Quy định", "08-QĐi/TW", "2018-10-25", "Ban Chấp hành Trung ương Đảng",
       "trách nhiệm nêu gương của cán bộ, đảng viên", "XII"),
    _c("Chương trình phối hợp", "03-CTr/BDVTW-BCSĐCP", "2021-12-15",
       "Ban Dân vận Trung ương và Ban Cán sự Đảng Chính phủ", "công tác dân vận giai đoạn 2021 - 2026",
       joint=True),
    _c("Chương trình", "01-CTr/BDVTW", "2021-06-17", "Ban Dân vận Trung ương",
       "công tác dân vận năm 2021"),
    _c("Chỉ thị", "33/CT-TTg", "2021-11-26", "Thủ tướng Chính phủ",
       "tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước"),
    _c("Chỉ thị", "16/CT-TTg", "2016-05-16", "Thủ tướng Chính phủ",
       "tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước"),
    _c("Nghị định", "04/2015/NĐ-CP", "2015-01-09", "Chính phủ",
       "dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập"),
    _c("Nghị định", "145/2020/NĐ-CP", "2020-12-14", "Chính phủ",
       "điều kiện lao động và quan hệ lao động"),
    _c("Pháp lệnh", "34/2007/PL-UBTVQH11", "2007-04-20", "Ủy ban Thường vụ Quốc hội",
       "dân chủ ở xã, phường, thị trấn"),
    _c("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ",
       "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"),
    _c("Quyết định", "1847/QĐ-TTg", "2018-12-27", "Thủ tướng Chính phủ",
       "phê duyệt Đề án Văn hóa công vụ"),
    _c("Thông tư", "01/2022/TT-BNV", "2022-04-28", "Bộ Nội vụ",
       "dân chủ trong cơ quan, đơn vị"),
]
def _central_chains() -> None:
    by = {d.number: d for d in CENTRAL}
    for child, parent, cue, rel in [
        ("01/2022/TT-BNV", "04/2015/NĐ-CP", "hướng dẫn thi hành", "guides"),
        ("01-CTr/BDVTW", "25-NQ/TW", "triển khai thực hiện", "implements"),
        ("16/CT-TTg", "114-KL/TW", "thực hiện", "implements"),
    ]:
        c, pa = by[child], next(d for d in CENTRAL if d.number == parent and d.date < by[child].date)
        c.parent, c.parent_cue, c.parent_rel = pa, cue, rel


_TW_FORMS = {"Ban Bí thư Trung ương Đảng", "Ban Bí thư", "Bộ Chính trị", "Ban Chấp hành Trung ương Đảng"}

# Provincial templates: (kind, number pattern, issuer phrase, party?)
PROV_TEMPLATES = [
    ("Chương trình hành động", "{n}-CTr/TU", "Tỉnh ủy", True),
    ("Kế hoạch", "{n}-KH/TU", "Ban Thường vụ Tỉnh ủy", True),
    ("Thông báo", "{n}-TB/TU", "Ban Thường vụ Tỉnh ủy", True),
    ("Hướng dẫn", "{n}-HD/BDVTU", "Ban Dân vận Tỉnh ủy", True),
    ("Chương trình phối hợp", "{n}-CTr/BDVTU-BCSĐ", "Ban Dân vận Tỉnh ủy và Ban Cán sự Đảng Ủy ban nhân dân tỉnh", True),
    ("Kế hoạch", "{n}/KH-UBND", "Ủy ban nhân dân tỉnh", False),
    ("Quyết định", "{n}/QĐ-UBND", "Ủy ban nhân dân tỉnh", False),
    ("Quyết định", "{n}/{y}/QĐ-UBND", "Ủy ban nhân dân tỉnh", False),
    ("Nghị quyết", "{n}/NQ-HĐND", "Hội đồng nhân dân tỉnh", False),
    ("Công văn", "{n}/UBND-KGVX", "Ủy ban nhân dân tỉnh", False),
]
PROV_SUBJECTS = [
    "công tác dân vận chính quyền năm {y}",
    "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp",
    "đẩy mạnh phong trào thi đua “Dân vận khéo” giai đoạn 2021 - 2025",
    "công tác dân vận trong tình hình mới",
    "tăng cường công tác dân vận của chính quyền các cấp",
    "xây dựng chính quyền thân thiện, gần dân",
    "cải cách hành chính giai đoạn 2021 - 2025",
]
#: Kinds a province replaces by a later document of the same kind, how often a document
#: does, and the cue of each fate (the relation it states).
REPLACEABLE = ("Kế hoạch", "Quyết định", "Nghị quyết")
FATE_RATE = 0.35
FATES = [("thay thế", "replaces"), ("thay thế", "replaces"), ("bãi bỏ", "repeals"),
         ("sửa đổi, bổ sung một số nội dung của", "amends")]
#: How often a generated document's body replaces, repeals or amends one it cites of its own series.
SELF_FATE_RATE = 0.25
CUE_IMPL = ["Thực hiện", "Triển khai thực hiện", "Quán triệt", "Cụ thể hóa", "Tiếp tục thực hiện"]
CUE_IMPL_DESC = ["triển khai thực hiện", "triển khai thực hiện", "thực hiện", "thực hiện", "cụ thể hóa"]

RELATIONS = ("based_on", "implements", "guides", "amends", "replaces", "repeals", "reports_on", "cites")
NAMED = [("Nghị quyết Đại hội XIII", ["Nghị quyết Đại hội XIII",
                                      "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"]),
         ("Nghị quyết Đại hội XI Đảng bộ tỉnh", ["Nghị quyết Đại hội XI Đảng bộ tỉnh",
                                                 "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI"]),
         ("Luật Tiếp cận thông tin", ["Luật Tiếp cận thông tin"]),
         ("Bộ luật Lao động", ["Bộ luật Lao động"])]

NOISE = [
    "Số liệu tổng hợp theo biểu mẫu 02/DVDT gửi kèm, chốt số liệu đến ngày 14/6/2005 đối với các đơn vị cũ.",
    "Việc xử lý vi phạm thực hiện theo Điều 5, khoản 2 của quy chế làm việc.",
    "Do ảnh hưởng của dịch Covid-19, một số hoạt động được tổ chức theo hình thức trực tuyến.",
    "Phấn đấu giai đoạn 2021 - 2025 có trên 90% cơ quan, đơn vị đạt tiêu chuẩn “Dân vận khéo”.",
    "Các cơ quan, đơn vị tổ chức tuyên truyền sâu rộng trong cán bộ, công chức, viên chức và nhân dân.",
    "Tiếp tục phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong giám sát.",
    "Đường dây nóng 0297.3862.115 tiếp nhận phản ánh, kiến nghị của người dân.",
    "Kinh phí bố trí từ nguồn ngân sách năm 2022 theo phân cấp hiện hành.",
]


_central_chains()


def _fold(number: str) -> str:
    s = unicodedata.normalize("NFC", number).upper().replace(" ", "").replace("Đ", "D").replace("\u00d0", "D")
    return s.replace("–", "-").replace("—", "-")


def _series(number: str) -> str:
    """A number without its digits: the series a replacement stays in (a provincial party
    committee's plan replaces one of its plans, not one of the People's Committee's, and a
    report replaces nothing)."""
    return "".join(c for c in number if not c.isdigit())


def _fmt_date(rng: random.Random, iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    r = rng.random()
    if r < 0.35:
        return f"{d:02d}/{m:02d}/{y}" if rng.random() < 0.5 else f"{d}/{m}/{y}"
    if r < 0.7:
        return f"{d:02d}-{m}-{y}" if rng.random() < 0.5 else f"{d}-{m}-{y}"
    return f"{d:02d} tháng {m:02d} năm {y}" if rng.random() < 0.3 else f"{d} tháng {m} năm {y}"


def _rand_date(rng: random.Random, y0: int, y1: int) -> str:
    return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _tinh(p: str) -> str:
    return f"thành phố {p}" if p in CITIES else f"tỉnh {p}"


def _province_pool(rng: random.Random, p: str) -> list[Doc]:
    """Provincial documents of one province, in chains implementing central ones."""
    pool: list[Doc] = []
    used: set[str] = set()
    for i in range(14):
        kind, pat, issuer, party = PROV_TEMPLATES[i % len(PROV_TEMPLATES)] if i < len(PROV_TEMPLATES) \
            else rng.choice(PROV_TEMPLATES)
        date = _rand_date(rng, 2016, 2023)
        y = int(date[:4])
        while True:
            number = pat.format(n=rng.randint(1, 60) if party else rng.randint(1, 300), y=y)
            if _fold(number) not in used:
                break
        used.add(_fold(number))
        if issuer.endswith("tỉnh") and rng.random() < 0.3:
            issuer = issuer[: -len("tỉnh")] + _tinh(p)
        subj = rng.choice(PROV_SUBJECTS).format(y=y)
        d = Doc(kind, number, date, issuer, subj, "provincial", place=p, joint=" và " in issuer)
        cands = [c for c in CENTRAL + pool if c.date < date]
        if cands and kind not in ("Thông báo", "Công văn"):
            d.parent = rng.choice(cands)
            d.parent_cue = rng.choice(CUE_IMPL_DESC)
        pool.append(d)
    # A later document replaces, repeals or amends an earlier one of its kind: the link is
    # stated where the later one is cited, dated by it; a replaced one may be replaced again.
    fated: set[int] = set()
    for d in sorted(pool, key=lambda d: d.date):
        if d.kind not in REPLACEABLE or rng.random() >= FATE_RATE:
            continue
        older = [a for a in pool if _series(a.number) == _series(d.number) and a.date < d.date and id(a) not in fated
                 and a is not d]
        if older:
            a = rng.choice(older)
            fated.add(id(a))
            d.parent = a
            d.parent_cue, d.parent_rel = rng.choice(FATES)
    # a twin of the same date and issuer (coordinated pairs)
    for d in list(pool):
        if "UBND" in d.number and "/20" not in d.number[2:] and rng.random() < 0.5:
            while True:
                n2 = f"{rng.randint(1, 300)}/QĐ-UBND"
                if _fold(n2) not in used:
                    break
            used.add(_fold(n2))
            t = Doc("Quyết định", n2, d.date, "Ủy ban nhân dân tỉnh", rng.choice(PROV_SUBJECTS).format(y=d.date[:4]),
                    "provincial", place=p)
            d.twin, t.twin = t, d
            pool.append(t)
    return pool


class _Doc:
    """Accumulates one generated document and its gold."""

    def __init__(self, rng: random.Random, place: str):
        self.rng = rng
        self.place = place
        self.refs: dict[str, dict] = {}
        self.order: list[str] = []
        self.links: set[tuple[str, str, str]] = set()
        self.named: set[str] = set()
        self.incomplete: list[dict] = []
        self.variant_rate = 0.12
        self.stated: list[tuple[str, Doc]] = []  # (relation, cited document) for expected_checks
        self.link_docs: list[tuple[Doc, str, Doc]] = []

    # ---- spelling variants -------------------------------------------------
    def spell(self, number: str) -> str:
        rng = self.rng
        if rng.random() > self.variant_rate:
            return number
        r = rng.random()
        if r < 0.3 and "Đ" in number:
            return number.replace("Đ", "D") if rng.random() < 0.6 else number.replace("Đ", "\u00d0")
        if r < 0.5 and "-" in number.split("/")[0]:
            return number.replace("-", "–", 1)
        if r < 0.7 and "/" in number:
            a, b = number.split("/", 1)
            return f"{a} /{b}"
        return number

    def sp(self) -> str:
        return "\u00a0" if self.rng.random() < 0.04 else " "

    # ---- gold bookkeeping ---------------------------------------------------
    def add(self, d: Doc, rel: str | None, dated: bool) -> None:
        k = _fold(d.number)
        g = self.refs.get(k)
        if g is None:
            g = {"number": d.number, "kind": d.kind, "date": None, "scope": d.scope, "relations": set()}
            if d.scope == "provincial":
                g["place"] = d.place
            self.refs[k] = g
            self.order.append(k)
        if dated:
            g["date"] = d.date
        if rel:
            g["relations"].add(rel)
            self.stated.append((rel, d))

    # ---- surfaces -------------------------------------------------------------
    def issuer_phrase(self, d: Doc) -> str:
        rng = self.rng
        if d.joint:
            s = f"giữa {d.issuer}"
        else:
            s = f"của {d.issuer}"
        if d.term and rng.random() < 0.5:
            s += f" ({'khoá' if rng.random() < 0.3 else 'khóa'} {d.term})"
        return s

    def mention(self, d: Doc, rel: str | None, *, date: bool = True, desc: bool = True,
                issuer: bool = True, kind_word: bool = True) -> str:
        """A full mention of *d*; adds it (and its second-order link) to the gold."""
        rng = self.rng
        so = "số" + self.sp() if rng.random() < 0.9 else ""
        number = self.spell(d.number)
        if d.number.endswith("/CT-TTg") and rng.random() < 0.08:
            number = d.number.replace("/CT-TTg", "/TTg")
        s = f"{d.kind} {so}{number}" if kind_word else number
        r = rng.random()
        if r < 0.05:
            s = f"**{s}**"
        elif r < 0.08:
            s += f"<sup>{rng.randint(1, 9)}</sup>"
        if date:
            s += ("," if rng.random() < 0.4 else "") + f" ngày {_fmt_date(rng, d.date)}"
        self.add(d, rel, date)
        if issuer:
            s += " " + self.issuer_phrase(d)
        if desc:
            s += self.description(d)
        return s

    def description(self, d: Doc) -> str:
        rng = self.rng
        p = d.parent
        if p is not None and _fold(p.number) not in self.refs and rng.random() < 0.5:
            inner = self.mention(p, None, date=rng.random() < 0.7, desc=False, issuer=rng.random() < 0.6)
            self.links.add((d.number, d.parent_rel, p.number))
            self.link_docs.append((d, d.parent_rel, p))
            return f" {d.parent_cue} {inner}"
        if rng.random() < 0.6:
            return f" về “{d.subject}”" if rng.random() < 0.4 else f" về {d.subject}"
        return ""


# ---- long bodies that cite nothing (--prose-kb) ------------------------------------------
# Sentences of national law texts: deadlines, fines, dossiers, dates, internal article and
# clause numbers, the kind words with "này".  None is a reference, a named document or a
# recipient list, and none names an issuing body (the header's party/state count stays the
# document's own).
PROSE = [
    "Cơ quan, tổ chức, cá nhân có trách nhiệm thực hiện đúng quy định tại Điều {a} của Luật này.",
    "Thời hạn giải quyết là {n} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Mức phạt tiền từ {m1}.000.000 đồng đến {m2}.000.000 đồng đối với hành vi vi phạm quy định tại "
    "khoản {k} Điều này.",
    "Hồ sơ đề nghị gồm: đơn đề nghị theo mẫu; bản sao giấy chứng nhận đăng ký doanh nghiệp; báo cáo "
    "tài chính năm gần nhất đã được kiểm toán.",
    "Trường hợp hồ sơ chưa đầy đủ, trong thời hạn {n} ngày làm việc, cơ quan tiếp nhận thông báo bằng "
    "văn bản cho tổ chức, cá nhân để bổ sung, hoàn thiện.",
    "Phấn đấu đến năm {y}, tỷ lệ hộ gia đình sử dụng nước sạch đạt trên {p}%, tỷ lệ chất thải rắn "
    "sinh hoạt được thu gom, xử lý đạt {p2}%.",
    "Kinh phí thực hiện được bố trí trong dự toán ngân sách nhà nước hằng năm theo phân cấp quản lý "
    "ngân sách hiện hành và các nguồn vốn hợp pháp khác.",
    "Các cơ quan, đơn vị định kỳ báo cáo kết quả thực hiện trước ngày {d} tháng {mo} hằng năm.",
    "Việc kiểm tra, thanh tra được thực hiện theo kế hoạch hoặc đột xuất khi có dấu hiệu vi phạm "
    "pháp luật.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trước pháp luật về quyết định của mình trong "
    "phạm vi nhiệm vụ, quyền hạn được giao.",
    "Đối tượng áp dụng bao gồm cán bộ, công chức, viên chức và người lao động làm việc trong các cơ "
    "quan hành chính nhà nước.",
    "Số liệu được tổng hợp từ ngày {d:02d}/{mo:02d}/{y} đến ngày {d2:02d}/{mo2:02d}/{y}, gửi về cơ "
    "quan chủ trì trước ngày {d}-{mo}-{y}.",
    "Điểm {pt} khoản {k} Điều {a} được sửa đổi, bổ sung như sau: “Người sử dụng lao động phải thông "
    "báo cho người lao động biết trước ít nhất {n} ngày.”",
    "Doanh nghiệp có vốn điều lệ từ {m1} tỷ đồng trở lên phải thành lập ban kiểm soát gồm từ {k} đến "
    "{n} thành viên.",
    "Thuế suất thuế giá trị gia tăng đối với hàng hóa, dịch vụ quy định tại khoản {k} Điều này là "
    "{p}%.",
    "Chế độ báo cáo thống kê được thực hiện theo biểu mẫu ban hành kèm theo Thông tư này.",
    "Trong thời hạn {n} ngày kể từ ngày có kết luận kiểm tra, đơn vị được kiểm tra phải báo cáo kết "
    "quả khắc phục.",
    "Diện tích đất nông nghiệp được giao không quá {p2} ha cho mỗi hộ gia đình, cá nhân trực tiếp "
    "sản xuất nông nghiệp.",
    "Nghị định này quy định chi tiết một số điều về quản lý, sử dụng tài sản công tại cơ quan, tổ "
    "chức, đơn vị.",
    "Người nộp thuế có quyền khiếu nại, khởi kiện quyết định hành chính, hành vi hành chính liên "
    "quan đến quyền và lợi ích hợp pháp của mình.",
    "Tổng mức đầu tư của dự án là {m1}.{m2}00 triệu đồng, thời gian thực hiện từ năm {y} đến năm {y2}.",
    "Các bộ, cơ quan ngang bộ và chính quyền địa phương cấp tỉnh trong phạm vi nhiệm vụ, quyền hạn của "
    "mình có trách nhiệm tổ chức thực hiện Quyết định này.",
]
ARTICLE_TITLES = [
    "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ", "Nguyên tắc thực hiện",
    "Hồ sơ, trình tự, thủ tục", "Thời hạn giải quyết", "Trách nhiệm của cơ quan chủ trì",
    "Kinh phí thực hiện", "Chế độ báo cáo", "Xử lý vi phạm", "Hiệu lực thi hành", "Điều khoản chuyển tiếp",
]
CHAPTER_TITLES = ["NHỮNG NỘI DUNG CHỦ YẾU", "TỔ CHỨC THỰC HIỆN", "ĐIỀU KHOẢN THI HÀNH", "NHIỆM VỤ VÀ GIẢI PHÁP"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _prose_sentence(rng: random.Random) -> str:
    y = rng.randint(2015, 2030)
    return rng.choice(PROSE).format(
        a=rng.randint(1, 120), k=rng.randint(1, 9), n=rng.randint(3, 45), m1=rng.randint(1, 90),
        m2=rng.randint(2, 99), p=rng.randint(5, 99), p2=rng.randint(2, 30), d=rng.randint(1, 28),
        mo=rng.randint(1, 12), d2=rng.randint(1, 28), mo2=rng.randint(1, 12), y=y, y2=y + rng.randint(1, 5),
        pt="abcdđe"[rng.randrange(6)])


def _prose(rng: random.Random, chars: int, article: int) -> tuple[str, int]:
    """About *chars* characters of chapters, articles, clauses and points from article
    number *article* on; returns the text and the next article number."""
    out: list[str] = []
    size = 0
    while size < chars:
        if rng.random() < 0.1:
            out.append(f"Chương {_ROMAN[rng.randrange(len(_ROMAN))]}\n{rng.choice(CHAPTER_TITLES)}")
        lines = [f"Điều {article}. {rng.choice(ARTICLE_TITLES)}"]
        article += 1
        for k in range(1, rng.randint(2, 5)):
            lines.append(f"{k}. " + " ".join(_prose_sentence(rng) for _ in range(rng.randint(1, 3))))
            if rng.random() < 0.3:
                lines += [f"{pt}) {_prose_sentence(rng).removesuffix('.')};" for pt in "abc"[:rng.randint(1, 3)]]
        out.append("\n".join(lines))
        size += len(out[-1]) + 2
    return "\n\n".join(out), article


def _with_prose(rng: random.Random, header: str, paras: list[str], kb: int) -> list[str]:
    """*paras* with about *kb* KB of prose set between them, past the first 1,200 characters
    (what the header's party/state count reads) and before the recipient list."""
    at = len(header)
    gaps = []
    for i, para in enumerate(paras[:-1], 1):
        at += len(para) + 2
        if at > 1200:
            gaps.append(i)
    gaps = gaps or [len(paras) - 1]
    cut = sorted(rng.choice(gaps) for _ in range(rng.randint(2, 6)))
    share = kb * 1000 // len(cut)
    out, article, last = [], 1, 0
    for i in cut:
        block, article = _prose(rng, share, article)
        out += paras[last:i] + [block]
        last = i
    return out + paras[last:]


def _header(rng: random.Random, p: str, kind: str, number: str | None, date: str, party: bool,
            title: str) -> str:
    up = p.upper()
    y, m, dd = (int(x) for x in date.split("-"))
    place_line = (f"Thành phố {p}" if p == "Hồ Chí Minh" else p) + f", ngày {dd} tháng {m} năm {y}"
    if party:
        left = f"{'THÀNH ỦY' if p in CITIES else 'TỈNH ỦY'} {up}"
        if number and "BDVTU" in number:
            left += "\nBAN DÂN VẬN"
        elif rng.random() < 0.3:
            left = f"ĐẢNG BỘ {'THÀNH PHỐ' if p in CITIES else 'TỈNH'} {up}\nBAN THƯỜNG VỤ TỈNH ỦY"
        sep = " " if rng.random() < 0.3 else ": "
        num = f"Số{sep}{number}" if number else "Số -KH/TU"
        head = f"{left}\n*\n{num}\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n{place_line}\n"
    else:
        left = f"ỦY BAN NHÂN DÂN\n{'THÀNH PHỐ' if p in CITIES else 'TỈNH'} {up}"
        num = f"Số: {number}" if number else "Số:      /KH-UBND"
        head = (f"{left}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                f"{num}\n\n{place_line}\n")
    return head + "\n" + title + "\n"


DOC_TYPES = [
    # (kind, party, number pattern, weight)
    ("Kế hoạch", False, "{n}/KH-UBND", 4),
    ("Kế hoạch", True, "{n}-KH/TU", 2),
    ("Chương trình hành động", True, "{n}-CTr/TU", 1),
    ("Báo cáo", False, "{n}/BC-UBND", 2),
    ("Báo cáo", True, "{n}-BC/TU", 1),
    ("Công văn", False, "{n}/UBND-KGVX", 2),
    ("Quyết định", False, "{n}/QĐ-UBND", 2),
    ("Hướng dẫn", True, "{n}-HD/BDVTU", 1),
]
_TYPE_WEIGHTS = [t[3] for t in DOC_TYPES]


def _one(rng: random.Random, idx: int, pools: dict[str, list[Doc]], k: int, taken: set[tuple[str, str, int]],
         prose: tuple[random.Random, int] | None = None) -> tuple[str, str, dict, _Doc]:
    p = rng.choice(PROVINCES)
    pool = pools[p]
    kind, party, pat, _ = rng.choices(DOC_TYPES, _TYPE_WEIGHTS)[0]
    g = _Doc(rng, p)
    date = _rand_date(rng, 2019, 2024)
    year = int(date[:4])
    cands = [d for d in CENTRAL + pool if d.date < date]
    # distinct numbers, never two documents with the same folded number
    rng.shuffle(cands)
    chosen: list[Doc] = []
    seen: set[str] = set()
    for d in cands:
        f = _fold(d.number)
        if f in seen or (d.parent and _fold(d.parent.number) in seen):
            continue
        if any(c.parent is not None and _fold(c.parent.number) == f for c in chosen):
            continue
        seen.add(f)
        chosen.append(d)
        if len(chosen) >= max(1, k + rng.randint(-2, 2)):
            break
    nums_in = {_fold(d.number) for d in chosen}
    self_number = None
    if rng.random() < 0.9:
        tries = 0
        # Never the number of another document of the province and year: two files would be
        # one document (one identity key), which real numbering never makes.
        while True:
            self_number = pat.format(n=rng.randint(1, 400 * (1 + tries // 100)))
            tries += 1
            if (_fold(self_number) not in nums_in and (p, _fold(self_number), year) not in taken
                    and all(_fold(self_number) != _fold(d.number) for d in pool)):
                taken.add((p, _fold(self_number), year))
                break

    self_surface = self_number
    if self_number and "/" in self_number and rng.random() < 0.05:
        a, b = self_number.split("/", 1)
        self_surface = f"{a} /{b}"
    paras: list[str] = []
    subject = rng.choice(PROV_SUBJECTS).format(y=year)
    lead = chosen[0] if chosen else None
    title_kind = kind.upper()
    if kind == "Công văn":
        if lead is not None and rng.random() < 0.6:
            title = f"V/v triển khai thực hiện {lead.kind} số {lead.number}"
            g.add(lead, "implements", False)
        else:
            title = f"V/v {subject}"
    elif kind == "Báo cáo":
        title = f"**BÁO CÁO**\n**Kết quả công tác dân vận năm {year}**"
    elif kind == "Quyết định":
        title = (f"**QUYẾT ĐỊNH**\n**Về việc ban hành Kế hoạch {subject}**\n\n"
                 f"**CHỦ TỊCH ỦY BAN NHÂN DÂN {'THÀNH PHỐ' if p in CITIES else 'TỈNH'} {p.upper()}**")
    else:
        title = f"**{title_kind}**\n**{subject[0].upper() + subject[1:]}**"
    rest = list(chosen)

    def take(n: int) -> list[Doc]:
        out = rest[:n]
        del rest[:n]
        return out

    # ---- opening: Căn cứ lines (Quyết định, and sometimes others) -----------------
    if kind == "Quyết định":
        paras.append("Căn cứ Luật Tiếp cận thông tin ngày 06 tháng 4 năm 2016;")
        g.named.add("Luật Tiếp cận thông tin")
        for d in take(rng.randint(2, 3)):
            paras.append(f"Căn cứ {g.mention(d, 'based_on')};")
        paras.append(f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình ngày 14/6/{year}.")
    elif rng.random() < 0.5:
        for d in take(rng.randint(1, 2)):
            paras.append(f"Căn cứ {g.mention(d, 'based_on')};")

    # ---- implements list, one cue over ;-separated items -----------------------
    items = take(rng.randint(1, 3))
    if items:
        parts = []
        i = 0
        while i < len(items):
            d = items[i]
            if d.twin is not None and _fold(d.twin.number) not in g.refs and _fold(d.twin.number) not in seen \
                    and rng.random() < 0.6:
                t = d.twin
                so = "số" + g.sp()
                s = (f"{d.kind} {so}{g.spell(d.number)} và {t.kind} số {g.spell(t.number)}, "
                     f"ngày {_fmt_date(rng, d.date)} {g.issuer_phrase(d)}")
                g.add(d, "implements", True)
                g.add(t, "implements", True)
                seen.add(_fold(t.number))
                parts.append(s)
            else:
                parts.append(g.mention(d, "implements"))
            i += 1
        if rng.random() < 0.3:
            named, forms = rng.choice(NAMED[:2])
            parts.append(rng.choice(forms))
            g.named.add(named)
        cue = rng.choice(CUE_IMPL)
        issuer_self = "Ban Thường vụ Tỉnh ủy" if party else "Ủy ban nhân dân tỉnh"
        if kind == "Báo cáo":
            tail = f", {issuer_self} báo cáo kết quả thực hiện năm {year} như sau:"
        else:
            tail = f", {issuer_self} ban hành {kind.lower()} như sau:" if kind != "Công văn" else \
                f", {issuer_self} đề nghị các sở, ban, ngành tỉnh thực hiện một số nội dung sau:"
        paras.append(f"{cue} {'; '.join(parts)}{tail}")

    # ---- incomplete reference ------------------------------------------------------
    if rng.random() < 0.08:
        s = f"Kế hoạch số /KH-UBND ngày /{rng.randint(1, 12)}/{year}"
        g.incomplete.append({"surface": s, "why": "number left blank"})
        paras.append(f"Thực hiện {s} của Ủy ban nhân dân tỉnh về {subject};")

    paras.append("**I. MỤC ĐÍCH, YÊU CẦU**")
    paras.append(rng.choice(NOISE))

    # ---- report on ----------------------------------------------------------------
    if kind == "Báo cáo" and rest:
        d = take(1)[0]
        n = rng.choice(["Qua tổng kết việc thực hiện", "Qua sơ kết thực hiện", "Kết quả thực hiện"])
        paras.append(f"**II. KẾT QUẢ**\n\n{n} {g.mention(d, 'reports_on')}, "
                     "các cấp, các ngành đã có nhiều chuyển biến tích cực.")

    paras.append("**II. NỘI DUNG, NHIỆM VỤ**" if kind != "Báo cáo" else "**III. NHIỆM VỤ THỜI GIAN TỚI**")
    # ---- body: cites, amends/replaces/repeals, guides, repeat mentions --------------
    while rest:
        d = take(1)[0]
        r = rng.random()
        if r < 0.45:
            paras.append(f"{rng.randint(1, 5)}. Các cơ quan, đơn vị tổ chức tuyên truyền theo "
                         f"{g.mention(d, 'cites')}.")
        elif (r < 0.6 and self_number and _series(self_number) == _series(d.number) and d.kind in REPLACEABLE
              and rng.random() < SELF_FATE_RATE):
            verb, rel = rng.choice([("thay thế", "replaces"), ("bãi bỏ", "repeals"),
                                    ("sửa đổi, bổ sung một số nội dung của", "amends")])
            this = rng.choice([f"{kind} này", "Văn bản này"])
            paras.append(f"{this} {verb} {g.mention(d, rel, desc=False)}.")
        elif r < 0.7 and d.kind in ("Nghị định", "Thông tư", "Pháp lệnh"):
            paras.append(f"Các sở, ngành hướng dẫn thi hành {g.mention(d, 'guides', desc=False)}.")
        else:
            paras.append(f"{rng.randint(1, 5)}. Tiếp tục thực hiện {g.mention(d, 'implements')}.")
        if rng.random() < 0.3:
            paras.append(rng.choice(NOISE))
    # a document of another province, placed by its own issuer phrase
    if rng.random() < 0.15:
        other = rng.choice(PROVINCES)
        if other != p:
            cands2 = [d for d in pools[other] if d.issuer.startswith(("Ủy ban nhân dân", "Hội đồng nhân dân"))
                      and _fold(d.number) not in g.refs and _fold(d.number) not in seen and d.date < date]
            if cands2:
                d = rng.choice(cands2)
                body = d.issuer.split(" tỉnh")[0].split(" thành phố")[0]
                d2 = Doc(d.kind, d.number, d.date, f"{body} {_tinh(other)}", d.subject, "provincial", place=other)
                paras.append(f"Các địa phương nghiên cứu, vận dụng mô hình tại {g.mention(d2, 'cites', desc=False)}.")
    # state short forms, resolved from the rest of the corpus
    if rng.random() < 0.04 and "34/2007/PL-UBTVQH11" not in seen:
        pl = next(d for d in CENTRAL if d.number == "34/2007/PL-UBTVQH11")
        paras.append("Tiếp tục thực hiện Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội về dân chủ ở xã, phường, thị trấn.")
        g.add(pl, "implements", False)
        seen.add(_fold(pl.number))
    # a repeat mention without a date
    if g.order and rng.random() < 0.4:
        k0 = rng.choice(g.order)
        rec = g.refs[k0]
        if rec["date"] is not None and rec["kind"] not in ("Công văn",):
            paras.append(f"Định kỳ 6 tháng, các đơn vị gửi kết quả về Sở Nội vụ. Các nội dung khác "
                         f"giữ nguyên theo {rec['kind']} số {rec['number']}.")
            rec["relations"].add("cites")
    if rng.random() < 0.2:
        paras.append("Bảo đảm quyền lợi của người lao động theo Bộ luật Lao động.")
        g.named.add("Bộ luật Lao động")
    paras.append(rng.choice(NOISE))
    paras.append("Trên đây là " + ("báo cáo" if kind == "Báo cáo" else kind.lower())
                 + f" của {'Ban Thường vụ Tỉnh ủy' if party else 'Ủy ban nhân dân tỉnh'}.")
    paras.append("**Nơi nhận:**\n- Ban Dân vận Trung ương;\n- Thường trực Tỉnh ủy;\n"
                 "- Các sở, ban, ngành tỉnh;\n- Lưu: VT, NC.")

    header = _header(rng, p, kind, self_surface, date, party, title) + "\n"
    if prose is not None:
        paras = _with_prose(prose[0], header, paras, prose[1])
    text = header + "\n\n".join(paras) + "\n"
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
    refs = []
    for k0 in g.order:
        rec = dict(g.refs[k0])
        rels = rec["relations"] or {"cites"}
        if len(rels) > 1:
            rels = rels - {"cites"}
        rec["relations"] = sorted(rels)
        refs.append(rec)
    name = f"{idx:06d}_{_fold(p).replace(' ', '').lower()[:12]}"
    gold = {"doc": None,
            "self": {"number": self_number, "kind": kind, "date": date, "place": p},
            "refs": refs,
            "named_refs": sorted(g.named),
            "links": [{"source": s, "relation": r, "target": t} for s, r, t in sorted(g.links)],
            "incomplete": g.incomplete}
    return name, text, gold, g


@dataclass
class Facts:
    """What the corpus states about documents resting on others and about replacements,
    repeals and amendments, in the terms of :func:`graph.checks.decide` (keys: ``file|<doc>``
    for a generated file, ``<place>|<folded number>|<date>`` for a document it cites)."""

    docs: dict[str, DocFacts] = field(default_factory=dict)
    links: set[Link] = field(default_factory=set)

    def key(self, d: Doc) -> str:
        k = f"{d.place or ''}|{_fold(d.number)}|{d.date}"
        if k not in self.docs:
            self.docs[k] = DocFacts(d.number, d.date, d.place)
        return k

    def add(self, doc: str, gold: dict, g: _Doc) -> None:
        me = f"file|{doc}"
        self.docs[me] = DocFacts(gold["self"]["number"] or doc, gold["self"]["date"], gold["self"]["place"], doc)
        for rel, d in g.stated:
            if rel in BASIS_RELATIONS or rel in EVENTS:
                self.links.add(Link(me, rel, self.key(d)))
        for d, rel, target in g.link_docs:
            if rel in BASIS_RELATIONS or rel in EVENTS:
                self.links.add(Link(self.key(d), rel, self.key(target)))


def expected_checks(facts: Facts) -> list[dict]:
    """The findings ``vbgraph check`` should make on the corpus: :func:`graph.checks.decide`
    over what the generator knows each document states (no extraction, no identity
    resolution), without evidence."""
    links = sorted(facts.links, key=lambda e: (e.source, e.relation, e.target))
    rows = decide(facts.docs, [e for e in links if e.relation in BASIS_RELATIONS], [e for e in links if e.relation in EVENTS])
    return [{k: v for k, v in r.items() if k not in ("evidence", "reason", "chain_keys", "chain_dates")} for r in rows]


def check_key(row: dict) -> tuple[str, str, str]:
    """What tells a finding apart, the same for :func:`expected_checks` rows and
    ``vbgraph check`` rows: the kind, the document (its file, or its place, number and
    year) and its basis (number and year; a basis is cited only in its own province).

    Examples
    --------
    >>> check_key({"kind": "stale_basis", "file": None, "place": "Huế", "document": "12/KH-UBND",
    ...            "date": "2021-03-04", "basis": "05-KH/TU", "basis_date": None})
    ('stale_basis', 'Huế|12/KH-UBND|2021', '05-KH/TU|')
    """
    doc = row["file"] or f"{row['place'] or ''}|{_fold(row['document'])}|{(row['date'] or '')[:4]}"
    return row["kind"], doc, f"{_fold(row['basis'])}|{(row['basis_date'] or '')[:4]}"


def score_checks(expected: list[dict], found: list[dict]) -> dict:
    """Precision and recall of ``vbgraph check`` rows against :func:`expected_checks` rows,
    over the kinds the generator decides (every kind but ``undecided``, which is about what
    extraction could not pin down)."""
    want = {check_key(r) for r in expected}
    got = {check_key(r) for r in found if r["kind"] != "undecided"}
    tp = len(want & got)
    return {"tp": tp, "fp": len(got - want), "fn": len(want - got),
            "precision": tp / len(got) if got else 1.0, "recall": tp / len(want) if want else 1.0}


def generate(n: int, seed: int, refs_per_doc: int = 10, facts: Facts | None = None,
             prose_kb: int = 0) -> Iterator[tuple[str, str, dict]]:
    """Yield ``(name, text, gold)`` for *n* documents; ``gold["doc"]`` is ``<shard>/<name>.txt``.
    With *facts*, also record there what each document states (see :func:`expected_checks`);
    with *prose_kb*, set that much prose that cites nothing in each document's body."""
    rng = random.Random(seed)
    prose = (random.Random(f"prose-{seed}"), prose_kb) if prose_kb else None
    pools = {p: _province_pool(rng, p) for p in PROVINCES}
    taken: set[tuple[str, str, int]] = set()
    for i in range(n):
        name, text, gold, g = _one(rng, i, pools, refs_per_doc, taken, prose)
        gold["doc"] = f"{i // 1000:03d}/{name}.txt"
        if facts is not None:
            facts.add(gold["doc"], gold, g)
        yield name, text, gold


def write_corpus(out_dir: str, n: int, seed: int, refs_per_doc: int = 10, prose_kb: int = 0) -> int:
    """Write ``out_dir/docs/<shard>/<name>.txt``, ``out_dir/gold.jsonl`` and
    ``out_dir/checks.jsonl`` (:func:`expected_checks`); returns the bytes of documents written."""
    docs = os.path.join(out_dir, "docs")
    os.makedirs(docs, exist_ok=True)
    total = 0
    made: set[str] = set()
    facts = Facts()
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as gf:
        for _name, text, gold in generate(n, seed, refs_per_doc, facts, prose_kb):
            path = os.path.join(docs, gold["doc"])
            shard = os.path.dirname(path)
            if shard not in made:
                os.makedirs(shard, exist_ok=True)
                made.add(shard)
            data = text.encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
            total += len(data)
            gf.write(json.dumps(gold, ensure_ascii=False) + "\n")
    with open(os.path.join(out_dir, "checks.jsonl"), "w", encoding="utf-8") as cf:
        for row in expected_checks(facts):
            cf.write(json.dumps(row, ensure_ascii=False) + "\n")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--refs-per-doc", type=int, default=10)
    ap.add_argument("--prose-kb", type=int, default=0,
                    help="KB of prose that cites nothing in each document: long documents, sparse references")
    a = ap.parse_args(argv)
    size = write_corpus(a.out_dir, a.n, a.seed, a.refs_per_doc, a.prose_kb)
    print(f"{a.n} documents, {size / 1e6:.1f} MB -> {a.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
