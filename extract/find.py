"""Find mentions of documents in clean text: numbers, short forms, named documents.

Tokenise, in eyecite's sense: every function here returns model objects with clean-text
offsets; nothing is resolved to an identity yet (see :mod:`extract.resolve`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from operator import itemgetter

import regex

from . import regexes as R
from .clean import CleanText
from .codes import names_local_body
from .models import Date, DocMeta, DocNumber, Incomplete, Mention
from .scan import doc_numbers, matches_at, sentence_ends, starts
from .vocab import (
    ISSUED_BY_CENTRAL_WORDS, KIND_ALIASES, KIND_BY_CODE, KIND_BY_NAME, KINDS, NOT_BARE_PROVINCES,
    PROVINCE_ALIASES, PROVINCES, fold_code, written_code,
)

_PROVINCE_BY_FOLD = {p.casefold(): p for p in PROVINCES}
_PROVINCE_BY_FOLD.update({a.casefold(): p for a, p in PROVINCE_ALIASES.items()})


# Both are called once a mention on a handful of distinct spellings: cached.
@lru_cache(maxsize=4096)
def canonical_kind(word: str) -> str:
    """Display form of a kind word: "CHƯƠNG TRÌNH  phối hợp" -> "Chương trình phối hợp"."""
    key = " ".join(word.split()).casefold()
    key = KIND_ALIASES.get(key, key)
    kind = KIND_BY_NAME.get(key.casefold())
    return kind.name if kind else key.capitalize()


@lru_cache(maxsize=4096)
def canonical_province(name: str) -> str | None:
    """The province a name denotes, or None.  Accepts a longer phrase that starts with one."""
    words = " ".join(name.replace("-", " - ").split()).split(" ")
    for n in range(min(len(words), 5), 0, -1):
        cand = " ".join(words[:n]).replace(" - ", " - ")
        for form in (cand, cand.replace(" - ", "-")):
            hit = _PROVINCE_BY_FOLD.get(form.casefold())
            if hit:
                return hit
    return None


def _groups(m: regex.Match, *names: str) -> tuple[str | None, ...]:
    # Read by number: the regex module's own lookup of a group name costs ten times the
    # read, and a mention reads a dozen groups.
    return _group_reader(m.re, names)(m)


@lru_cache(maxsize=None)
def _group_reader(pattern: regex.Pattern, names: tuple[str, ...]) -> Callable[[regex.Match], tuple]:
    numbers = [pattern.groupindex[name] for name in names]
    if len(numbers) == 1:
        return lambda m: (m[numbers[0]],)
    return itemgetter(*numbers)


def parse_number(m: regex.Match) -> DocNumber:
    """Build a :class:`DocNumber` from a :data:`regexes.DOC_NUMBER` match.

    Examples
    --------
    >>> parse_number(R.DOC_NUMBER.search("04/2015/NĐ-CP")).display
    '04/2015/NĐ-CP'
    >>> parse_number(R.DOC_NUMBER.search("491 /UBND-KGVX")).kind_code is None
    True
    """
    return _number(m[0], *_groups(m, "pn", "pkind", "pissuer", "sn", "syear", "scodes", "en", "ecodes"))


# The same numbers are cited over and over ("33/CT-TTg"); DocNumber is frozen, so one
# instance can serve every mention of a spelling.
@lru_cache(maxsize=16384)
def _number(raw: str, pn: str | None, pkind: str | None, pissuer: str | None,
            sn: str | None, syear: str | None, scodes: str | None,
            en: str | None = None, ecodes: str | None = None) -> DocNumber:
    if pn:
        issuers = tuple(written_code(s) for s in pissuer.split("-"))
        return DocNumber(raw, _n(pn), written_code(pkind), issuers, None, "party")
    if en:
        return DocNumber(raw, _n(en), None, tuple(ecodes.split("-")), None, "era")
    segments = [written_code(s) for s in _CODE_SEPARATOR.split(scodes)]
    kind_code = None
    if len(segments) > 1 and fold_code(segments[0]) in KIND_BY_CODE:
        kind_code, segments = segments[0], segments[1:]
    year = int(syear) if syear and len(syear) == 4 else None
    return DocNumber(raw, _n(sn), kind_code, tuple(segments), year, "state")


_CODE_SEPARATOR = regex.compile(r"[-/]")


def _n(n: str) -> str:
    return "".join(n.split())


def parse_date(m: regex.Match) -> Date:
    d, mo, y = _groups(m, "d", "m", "y")
    d, mo, y = int(d) if d else None, int(mo) if mo else None, int(y) if y else None
    if mo is not None and not 1 <= mo <= 12:
        mo = None
    if d is not None and not 1 <= d <= 31:
        d = None
    return Date(y, mo, d)


def excluded_regions(text: str) -> list[tuple[int, int]]:
    """Spans that hold no references: the "Nơi nhận" recipient list."""
    regions = []
    for m in matches_at(R.RECIPIENTS, text, starts(text, R.RECIPIENTS_AT), len(text)):
        end = pos = m.end()
        # The list runs over short lines ("- Như trên;", "- Lưu: VT") and blank lines;
        # a long line after it is body text again (a footnote, say).
        while pos < len(text):
            nl = text.find("\n", pos)
            line_end = len(text) if nl == -1 else nl + 1
            s = text[pos:line_end].strip()
            if s and len(s) > 80:
                break
            end = pos = line_end
        regions.append((text.rfind("\n", 0, m.start()) + 1, end))
    return regions


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    for a, b in regions:
        if a <= pos < b:
            return True
    return False


#: How far after a number its date, issuer and term can reach.  Anchored matches get this
#: as ``endpos``: the regex module scans for a pattern's required literal ("khóa") up to
#: endpos before matching, which would make every match linear in the text's length.
HEAD_WINDOW = 200


def _extend(text: str, mention: Mention, pos: int) -> int:
    """Read the date, issuer and term that follow a number; return where the head ends."""
    for _ in range(4):
        end = pos + HEAD_WINDOW
        if mention.date is None and (m := R.DATE_CLAUSE.match(text, pos, end)):
            mention.date = parse_date(m)
            pos = m.end()
        elif mention.issuer is None and (m := R.ISSUER_CLAUSE.match(text, pos, end)
                                         or R.LOWER_ISSUER_CLAUSE.match(text, pos, end)):
            mention.issuer = " ".join(_groups(m, "issuer")[0].split())
            pos = m.end()
        elif mention.term is None and (m := R.TERM_CLAUSE.match(text, pos, end)):
            mention.term = _groups(m, "term")[0]
            pos = m.end()
        else:
            break
    if mention.issuer:
        mention.place = _issuer_place(mention.issuer)
    elif (mention.number is not None and names_local_body(mention.number.issuer_codes)
          and (pm := R.PLACE_AFTER_NUMBER.match(text, pos, pos + HEAD_WINDOW)
                     or R.LOWER_PLACE_AFTER_NUMBER.match(text, pos, pos + HEAD_WINDOW)) is not None):
        # Only a local body's number: "thực hiện Chỉ thị 33/CT-TTg tỉnh Trà Vinh đã …" is
        # the province acting on a central directive, not its issuer.
        mention.place = canonical_province(pm.group("name"))
    return pos


@lru_cache(maxsize=4096)
def _issuer_place(issuer: str) -> str | None:
    # The same few issuers ("Ủy ban nhân dân tỉnh Trà Vinh") recur in every document.
    # A lower-case issuer ("ubnd tỉnh đồng nai") has no capital for PROVINCE_MENTION.
    for pattern in R.PROVINCE_MENTION, R.LOWER_PROVINCE_MENTION:
        for pm in pattern.finditer(issuer):
            place = canonical_province(pm.group("name"))
            if place:
                return place
    return None


def _subject(text: str, pos: int, limit: int) -> str | None:
    m = R.SUBJECT_CLAUSE.match(text, pos, min(limit, pos + 2 * HEAD_WINDOW + 100))
    if not m:
        return None
    s = _groups(m, "subject")[0]
    cut = next(sentence_ends(s, 0), None)
    if cut is not None:
        s = s[:cut]
    s = s.strip(" \t,.:“”\"'«»()")
    return " ".join(s.split()) or None


def find_numbered(ct: CleanText, regions: list[tuple[int, int]], self_spans: list[tuple[int, int]]) -> list[Mention]:
    """Every full or kind-code-dropped number that is a document reference."""
    text = ct.text
    found: list[Mention] = []
    for m in doc_numbers(text):
        s = m.start()
        if _inside(s, regions) or _inside(s, self_spans):
            continue
        number = parse_number(m)
        kb = R.KIND_BEFORE.match(text, max(0, s - 60), s)
        so = kb is None and R.SO_BEFORE.match(text, max(0, s - 12), s) is not None
        if kb is None and (so or number.kind_code is None):
            # "Luật Bảo vệ môi trường số 52/2005/QH11": a kind word, then the law's name.
            kb = R.NAMED_LAW_BEFORE.match(text, max(0, s - 160), s)
        start = s
        kind = None
        if kb:
            kind = canonical_kind(_groups(kb, "kind")[0])
            start = kb.start()
        elif R.NOT_A_DOCUMENT_BEFORE.match(text, max(0, s - 30), s):
            continue
        elif number.kind_code and fold_code(number.kind_code) in KIND_BY_CODE:
            kind = KIND_BY_CODE[fold_code(number.kind_code)]
        elif not so:
            # "02/DVDT" with neither a kind word, a kind code nor "số": not a document.
            continue
        elif number.grammar != "party" and not number.kind_code:
            kind = "Công văn"
        if kb and R.FORM_BEFORE_KIND.match(text, max(0, start - 30), start):
            continue
        law_title = _law_title(kind, _groups(kb, "name")[0]) if kb is not None and kb.re is R.NAMED_LAW_BEFORE else None
        form = "full"
        if kind and number.grammar in ("state", "era") and number.kind_code is None and _kind_has_code(kind):
            # "Chỉ thị số 33/TTg": the number stays as written; whether it is the corpus's
            # "33/CT-TTg" is for identity resolution to decide (extract.resolve).
            form = "kind_code_dropped"
        mention = Mention(kind=kind, kind_from_text=kb is not None, number=number, title=law_title,
                          start=start, end=m.end(), number_start=s, number_end=m.end(), form=form)
        mention.end = _extend(text, mention, m.end())
        found.append(mention)
    return found


def _law_title(kind: str, name: str) -> str:
    """"Luật Thuế xuất khẩu, thuế nhập khẩu" from the kind and the name as written."""
    name = " ".join(name.replace(" ,", ",").split())
    return f"{kind} {name[0].upper()}{name[1:]}"


def _kind_has_code(kind: str) -> bool:
    k = KIND_BY_NAME.get(kind.casefold())
    return bool(k and k.code)


def _after_kind(matches: Iterable[regex.Match], ct: CleanText, regions):
    """(match, kind-word match) for each of *matches* that a kind word precedes."""
    for m in matches:
        kb = R.KIND_BEFORE_SO.match(ct.text, max(0, m.start() - 40), m.start())
        if kb is not None and not _inside(m.start(), regions):
            yield m, kb


def find_short(ct: CleanText, regions) -> list[Mention]:
    """Short forms: "Pháp lệnh số 34 của Ủy ban Thường vụ Quốc hội"."""
    out = []
    for m, kb in _after_kind(_after_so(R.SHORT_NUMBER, ct.text), ct, regions):
        number = DocNumber(m.group("n"), m.group("n"), None, (), None, "short")
        mention = Mention(kind=canonical_kind(kb.group("kind")), kind_from_text=True, number=number,
                          title=None, start=kb.start(), end=m.end(), number_start=m.start("n"),
                          number_end=m.end("n"), form="short")
        mention.end = _extend(ct.text, mention, m.end())
        out.append(mention)
    return out


def _congress_title(body: str) -> tuple[str, str | None] | None:
    # The body names the congress: a roman numeral, and whether it is the national one
    # ("toàn quốc", "của Đảng", nothing) or a provincial Đảng bộ's.
    if R.ALL_LEVELS.search(body):
        return None
    roman = R.ROMAN.search(body)
    if not roman:
        return None
    low = body.casefold()
    if "đảng bộ" in low:
        unit = "thành phố" if "thành phố" in low else "tỉnh"
        place = None
        pm = R.PROVINCE_MENTION.search(body)
        if pm:
            place = canonical_province(pm.group("name"))
        return f"Nghị quyết Đại hội {roman.group('roman')} Đảng bộ {unit}", place
    return f"Nghị quyết Đại hội {roman.group('roman')}", None


def find_named(ct: CleanText, regions) -> list[Mention]:
    """Documents named without a number: congress resolutions, laws by name."""
    out = []
    text = ct.text
    for m in matches_at(R.CONGRESS, text, starts(text, R.CONGRESS_AT), len(text)):
        if _inside(m.start(), regions):
            continue
        body = m.group("body")
        # Stop the body where a roman numeral's phrase ends: "XIII của Đảng, ..." is cut by
        # the pattern; "Đảng bộ tỉnh Kiên Giang lần thứ XI" keeps its province.
        got = _congress_title(body)
        if not got:
            continue
        title, place = got
        end = m.start("body") + len(body)
        roman = R.ROMAN.search(body)
        if "Đảng bộ" not in title:
            end = m.start("body") + roman.end()
        out.append(Mention(kind="Nghị quyết", kind_from_text=True, number=None, title=title,
                           start=m.start(), end=end, number_start=m.start(), number_end=end,
                           place=place, form="named"))
    for m in matches_at(R.CONSTITUTION, text, starts(text, R.CONSTITUTION_AT), len(text)):
        if _inside(m.start(), regions):
            continue
        year = m.group("year")
        out.append(Mention(kind="Hiến pháp", kind_from_text=True, number=None,
                           title=f"Hiến pháp năm {year}" if year else "Hiến pháp",
                           start=m.start(), end=m.end(), number_start=m.start(), number_end=m.end(),
                           form="named"))
    # A summary in lower case has no capital for LAW: its own pattern reads it.
    for m in R.LOWER_LAW.finditer(text) if text.islower() else _laws(text):
        if _inside(m.start(), regions):
            continue
        name = " ".join(m.group("name").split()).replace(" ,", ",")  # "Luật Phòng , chống …"
        if name in R.NOT_A_LAW_NAME or name.split()[0] in R.NOT_A_LAW_NAME:
            continue
        name = name[0].upper() + name[1:]
        if m.group("code"):
            title, kind = f"Bộ luật {name}", "Bộ luật"
        else:
            title, kind = f"Luật {name}", "Luật"
        out.append(Mention(kind=kind, kind_from_text=True, number=None, title=title,
                           start=m.start(), end=m.end(), number_start=m.start(), number_end=m.end(),
                           form="named"))
    return out


def find_anaphora(ct: CleanText, regions) -> list[Mention]:
    """"Chỉ thị nêu trên": resolved to the previous mention of that kind later."""
    return [Mention(kind=canonical_kind(kb.group("kind")), kind_from_text=True, number=None, title=None,
                    start=kb.start(), end=m.end(), number_start=kb.start(), number_end=m.end(), form="anaphora")
            for m, kb in _after_kind(_anaphora(ct.text), ct, regions)]


def _laws(text: str) -> Iterator[regex.Match]:
    """``R.LAW.finditer(text)``, matched only where LAW_AT finds its first word."""
    return matches_at(R.LAW, text, starts(text, R.LAW_AT), len(text))


def _after_so(pattern: regex.Pattern, text: str) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` for SHORT_NUMBER or BLANK_NUMBER, which start with "số":
    matched only where SO_AT finds one."""
    return matches_at(pattern, text, starts(text, R.SO_AT), len(text))


def _anaphora(text: str) -> Iterator[regex.Match]:
    """``R.ANAPHORA.finditer(text)`` (last first, as a backwards scan finds them), matched
    only at the end of each "trên" ANAPHORA_AT finds: anchored at that end, the backwards
    match reads no farther than its own words, and two matches cannot share a "trên"."""
    for end in reversed(starts(text, R.ANAPHORA_AT)):
        end += 4  # len("trên")
        if R.NO_LETTER_AT.match(text, end) and (m := R.ANAPHORA.match(text, 0, end)):
            yield m


def find_incomplete(ct: CleanText, regions) -> list[Incomplete]:
    """Numbers left blank: "Kế hoạch số /KH-UBND ngày /3/2022"."""
    out = []
    for m, kb in _after_kind(_after_so(R.BLANK_NUMBER, ct.text), ct, regions):
        end = m.end()
        d = R.DATE_CLAUSE.match(ct.text, end, end + HEAD_WINDOW)
        if d:
            end = d.end()
        span = ct.original_span(kb.start(), end)
        out.append(Incomplete(ct.original[span[0]:span[1]], "number left blank", span))
    return out


#: Kind names as a title line writes them: "KẾ HOẠCH" -> "Kế hoạch".  A title line is
#: looked up by its first words, most words first ("CHƯƠNG TRÌNH PHỐI HỢP" before
#: "CHƯƠNG TRÌNH"), so the longest kind it starts with wins.
_KIND_BY_TITLE = {k.name.upper(): k.name for k in KINDS}
_KIND_TITLE_WORDS = max(len(up.split(" ")) for up in _KIND_BY_TITLE)


def find_meta(ct: CleanText, *, title: bool = False) -> tuple[DocMeta, list[tuple[int, int]]]:
    """The document's own number, kind, date and place; and the span of its own number.

    Parameters
    ----------
    ct : CleanText
        The document's text.
    title : bool
        The text is a catalogue title line (DOMAIN.md §2): it opens with the document's own
        kind and number ("Kế hoạch 121/KH-UBND năm 2025 thực hiện …"), and "do tỉnh X ban
        hành" says who issued it.

    Examples
    --------
    >>> from extract.clean import clean
    >>> meta, _ = find_meta(clean("Kế hoạch 121/KH-UBND năm 2025 thực hiện Kết luận 80-KL/TW "
    ...                           "do thành phố Cần Thơ ban hành"), title=True)
    >>> meta.number, meta.kind, meta.year, meta.place
    ('121/KH-UBND', 'Kế hoạch', 2025, 'Cần Thơ')
    """
    if title:
        return _title_meta(ct)
    text = ct.text
    meta = DocMeta()
    self_spans = []
    head = text[:3000]
    title_at = len(head)
    for tm in R.TITLE_LINE.finditer(head):
        name = " ".join(tm.group("title").split())
        words = name.split(" ")
        for n in range(min(len(words), _KIND_TITLE_WORDS), 0, -1):
            if kind := _KIND_BY_TITLE.get(" ".join(words[:n])):
                meta.kind, meta.title, title_at = kind, name, tm.start()
                if kind in _NAMED_KINDS:
                    meta.title = _own_law_title(kind, " ".join(words[n:]), head, tm.end())
                break
        if meta.kind:
            break
    # The header block is what stands before the title line: a preamble's numbers are never
    # the document's own.
    header = head[:title_at] if title_at < len(head) else head[:1200]
    own = None
    if (sm := R.SELF_NUMBER.search(header)) and (nm := R.DOC_NUMBER.match(text, sm.end())):
        own = parse_number(nm)
        meta.number = own.display
        self_spans.append((nm.start(), nm.end()))
    if meta.kind is None and own is not None:
        meta.kind = kind_of_number(own)
    if meta.kind is None and R.VV_LINE.search(head):
        meta.kind = "Công văn"
    place_date = None
    for pm in R.PLACE_DATE_LINE.finditer(head):
        date = parse_date(pm)
        if date.iso:
            meta.date, meta.year = date.iso, date.year
            place_date = canonical_province(pm.group("place"))
            break
    # The issuing body in the header decides level and place, not the city where the
    # document was signed ("Hà Nội, ngày …" under QUỐC HỘI).
    meta.central, body_place = _header_issuer(header)
    if meta.central:
        meta.place = None
    else:
        meta.place = body_place or place_date or _most_named_province(text)
    meta.party = _issued_by_party(head)
    return meta, self_spans


#: Kinds whose documents are named ("Bộ luật Hình sự") as often as numbered.
_NAMED_KINDS = frozenset({"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"})


def _own_law_title(kind: str, rest: str, head: str, pos: int) -> str:
    """"LUẬT\nBẢO VỆ MÔI TRƯỜNG" → "Luật Bảo vệ môi trường": the name is the rest of the
    title line and the capitalised lines under it."""
    words = rest.split()
    for line in head[pos:].lstrip("\n").split("\n")[:3]:
        line = line.strip()
        if not line or not R.TITLE_LINE.fullmatch(line):
            break
        words += line.split()
    name = " ".join(words).lower()
    return f"{kind} {name[0].upper()}{name[1:]}" if name else kind


def title_opening(text: str, self_spans: list[tuple[int, int]]) -> int:
    """Where a title line's own words begin: after its number and "năm 2025"."""
    if not self_spans:
        return 0
    end = self_spans[0][1]
    ym = R.TITLE_YEAR.match(text, end)
    return ym.end() if ym else end


def kind_of_number(number: DocNumber) -> str | None:
    """The kind a number's code gives ("QĐ" → Quyết định), "Công văn" for a state number
    with none (491/UBND-KGVX), None for a party number whose code is no kind."""
    if number.kind_code and fold_code(number.kind_code) in KIND_BY_CODE:
        return KIND_BY_CODE[fold_code(number.kind_code)]
    return "Công văn" if number.grammar == "state" else None


def _title_meta(ct: CleanText) -> tuple[DocMeta, list[tuple[int, int]]]:
    text = ct.text
    meta = DocMeta(title=" ".join(text.split())[:300] or None)
    self_spans = []
    head = R.TITLE_HEAD.match(text)
    pos = head.end() if head else len(text) - len(text.lstrip())
    nm = R.DOC_NUMBER.match(text, pos)
    if nm:
        own = parse_number(nm)
        meta.number = own.display
        meta.kind = canonical_kind(head.group("kind")) if head else kind_of_number(own)
        self_spans.append((nm.start(), nm.end()))
        if (ym := R.TITLE_YEAR.match(text, nm.end())) is not None:
            meta.year = int(ym.group("year"))
        elif own.year:
            meta.year = own.year
    elif head:
        meta.kind = canonical_kind(head.group("kind"))
    local = nm is not None and names_local_body(parse_number(nm).issuer_codes)
    by = R.ISSUED_BY.search(text)
    if by is not None:
        issuer = by.group("issuer")
        meta.place = _issuer_place(issuer)
        # A local body's number is never a central body's ("… do nhà nước đầu tư quản lý, …
        # hồ chứa thủy điện" is no issuer, though it reads as "do … điện").
        meta.central = meta.place is None and not local and any(w in issuer.casefold()
                                                                 for w in ISSUED_BY_CENTRAL_WORDS)
    if meta.place is None and not meta.central and local:
        meta.place = _most_named_province(text) or _bare_province(text)
    return meta, self_spans


def _bare_province(text: str) -> str | None:
    """The last province a title names by its name alone, as titles name a local body
    ("… thuộc phạm vi chức năng quản lý của Sở Nội vụ Nghệ An"): a run of capitalised
    words that is a province's whole name, "Hồ Chí Minh" excepted (the President's)."""
    found = None
    for m in R.CAPITALISED_RUN.finditer(text):
        province = _PROVINCE_BY_FOLD.get(" ".join(m.group("name").split()).casefold())
        if province is not None and province not in NOT_BARE_PROVINCES:
            found = province
    return found


def _header_issuer(header: str) -> tuple[bool | None, str | None]:
    """Whether the header names a central body (QUỐC HỘI, CHÍNH PHỦ, BỘ …) and the province
    of a local one (ỦY BAN NHÂN DÂN TỈNH X, TỈNH ỦY X), from its capitalised lines."""
    local = R.LOCAL_BODY_HEADER.search(header)
    if local is not None:
        return False, canonical_province(local.group("name"))
    if R.CENTRAL_BODY_HEADER.search(header):
        return True, None
    return None, None


def _issued_by_party(head: str) -> bool | None:
    """Whether a document comes from a party body (Tỉnh ủy, Ban Dân vận…) or the state
    (Ủy ban nhân dân…), judged from its opening: the header and first sentence."""
    opening = head[:1200]
    party = sum(len(p.findall(opening)) for p in R.PARTY_BODY)
    state = sum(len(p.findall(opening)) for p in R.STATE_BODY)
    if party == state:
        return None
    return party > state


def _most_named_province(text: str) -> str | None:
    counts: dict[str, int] = {}
    for pm in R.PROVINCE_MENTION.finditer(text):
        p = canonical_province(pm.group("name"))
        if p:
            counts[p] = counts.get(p, 0) + 1
    return max(counts, key=lambda p: (counts[p], p)) if counts else None


def attach_subjects(text: str, mentions: list[Mention]) -> None:
    """The "về …" that follows each head, cut where the next mention outside its own
    description begins: "Kế hoạch số 5/KH-UBND về việc thực hiện Chỉ thị số 33/CT-TTg" is
    about implementing that Chỉ thị (run after :func:`extract.relations.assign`)."""
    for m, limit in zip(mentions, _description_ends(text, mentions)):
        if m.end < limit:
            subject = _subject(text, m.end, limit)
            m.subject = subject if subject and subject.casefold() not in _NO_SUBJECT else None


def _description_ends(text: str, mentions: list[Mention]) -> list[int]:
    """Where the description of each mention ends: at the next mention it does not hold.
    A mention's parent precedes it, so the mentions a description holds follow it in one
    run; a stack of the open descriptions finds every end in one pass (a chain of
    thousands of nested references must not cost their square)."""
    ends = [len(text)] * len(mentions)
    open_: list[int] = []
    for j, m in enumerate(mentions):
        while open_ and open_[-1] != m.parent:
            ends[open_.pop()] = m.start
        open_.append(j)
    return ends


#: "về" phrases that name no subject: a bare cue or a bare noun.
_NO_SUBJECT = frozenset({"thực hiện", "việc thực hiện", "triển khai", "triển khai thực hiện", "thời gian",
                         "việc", "nội dung", "công tác", "vấn đề"})
