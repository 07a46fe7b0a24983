"""From mentions to document identities, across a whole corpus.

DOMAIN.md §3: compare numbers on a folded key; local issuers' numbers are unique only in
their province; numbers without a year inside are told apart by the year of their date;
a mention without a date joins the one known document with that number and is reported
as ambiguous when there is more than one.  Short forms ("Pháp lệnh số 34 của …") are
resolved against the full numbers the corpus knows, like eyecite's short citations.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .codes import code_is_central, names_local_body
from .find import canonical_kind
from .models import DocMeta, DocNumber, Extraction, Incomplete, Link, Mention, Reference
from .vocab import (
    CENTRAL_ISSUER_WORDS, DISTRICT_ISSUERS, ISSUER_PHRASES, KIND_BY_CODE,
    KIND_BY_NAME, LOCAL_ISSUER_WORDS, fold_code,
)


# The helpers below are pure and called once per mention with few distinct arguments (a
# corpus cites the same numbers over and over): memoised, resolving 100,000 files is
# dominated by the walk, not by re-folding the same codes.
@lru_cache(maxsize=1 << 16)
def fold_number(number: str) -> str:
    """The comparison key of a number (gold/README.md): NFC, Đ→D, upper case, no spaces.

    Examples
    --------
    >>> fold_number("05-CTr/BDVTU-BCSĐ") == fold_number("05-CTR/BDVTU-BCSD")
    True
    >>> fold_number("116/2004 / TT-BTC")
    '116/2004/TT-BTC'
    """
    s = unicodedata.normalize("NFC", number).replace("Ð", "Đ").replace("ð", "đ")
    s = s.replace("Đ", "D").replace("đ", "d").upper()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        s = s.replace(dash, "-")
    return "".join(s.split())


def fold_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title).casefold().split())


def scope_of(number: DocNumber | None, issuer: str | None) -> str:
    """"central" or "provincial" from the issuer codes, else from the issuer phrase."""
    # Memoised on plain strings: hashing the DocNumber dataclass costs more than the answer.
    return _scope(number.issuer_codes, number.grammar, issuer) if number else _scope((), None, issuer)


@lru_cache(maxsize=1 << 16)
def _scope(codes: tuple[str, ...], grammar: str | None, issuer: str | None) -> str:
    if names_local_body(codes):
        return "provincial"
    if any(code_is_central(c) for c in codes):
        return "central"
    low = (issuer or "").casefold()
    if any(w in low for w in LOCAL_ISSUER_WORDS):
        return "provincial"
    if any(w in low for w in CENTRAL_ISSUER_WORDS):
        return "central"
    # A ministry's state number ("TT-BNV") names a central body with a B… code.
    if grammar == "state" and codes and fold_code(codes[0]).startswith("B"):
        return "central"
    return "provincial" if codes else "central"


def own_scope(number: DocNumber, *, central: bool) -> str:
    """The scope of a document's own number, when its header or title line says whether a
    central body issued it: a code that names no body ("12/CĐ-KBNN … do Kho bạc Nhà nước
    điện", "45/TB-CHQ … do Cục trưởng Cục Hải quan ban hành") is taken at the body's word;
    a local code (UBND, TU, a Sở's S…) still makes it provincial.

    Examples
    --------
    >>> from extract.find import parse_number
    >>> from extract import regexes as R
    >>> own_scope(parse_number(R.DOC_NUMBER.search("12/CĐ-KBNN")), central=True)
    'central'
    >>> own_scope(parse_number(R.DOC_NUMBER.search("12/CĐ-KBNN")), central=False)
    'provincial'
    >>> own_scope(parse_number(R.DOC_NUMBER.search("5/QĐ-UBND")), central=True)
    'provincial'
    """
    if central and not names_local_body(number.issuer_codes):
        return "central"
    return scope_of(number, None)


def level_of(number: DocNumber | None, scope: str, issuer: str | None, *, party: bool) -> str:
    if scope == "central":
        return "central_party" if party else "central_state"
    return _provincial_level(number.issuer_codes if number else (), issuer, party)


@lru_cache(maxsize=1 << 16)
def _provincial_level(codes: tuple[str, ...], issuer: str | None, party: bool) -> str:
    if {fold_code(c) for c in codes} & DISTRICT_ISSUERS or "huyện" in (issuer or "").casefold():
        return "district"
    return "provincial_party" if party else "provincial_state"


@lru_cache(maxsize=1 << 16)
def issuer_code_of_phrase(issuer: str | None) -> str | None:
    low = (issuer or "").casefold()
    for phrase, code in ISSUER_PHRASES:
        if phrase in low:
            return code
    return None


@lru_cache(maxsize=1 << 16)
def _folded_codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold_code(c) for c in codes)


@lru_cache(maxsize=1 << 16)
def _kind_code(kind: str | None) -> str | None:
    k = KIND_BY_NAME.get((kind or "").casefold())
    return fold_code(k.code) if k and k.code else None


@dataclass
class KnownNumber:
    display: str
    number: DocNumber
    scope: str
    place: str | None
    years: set[int] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)


@dataclass
class ResolvedDocument:
    """One file after corpus-wide resolution: what the extraction output and graph use."""

    extraction: Extraction
    key: str
    scope: str
    level: str
    references: list[Reference]
    links: list[Link]
    unresolved: list[Mention]

    @property
    def doc(self) -> str:
        return self.extraction.doc

    @property
    def meta(self) -> DocMeta:
        return self.extraction.meta

    @property
    def incomplete(self) -> list[Incomplete]:
        return self.extraction.incomplete


def astuple_number(number: DocNumber) -> tuple:
    """A number's fields in the order :class:`DocNumber` takes them (and :func:`entry_of` writes)."""
    return (number.raw, number.n, number.kind_code, number.issuer_codes, number.year, number.grammar)


def _has_year_inside(number: DocNumber) -> bool:
    return number.year is not None


def base_key(number: DocNumber, scope: str, place: str | None, citing_doc: str) -> str:
    """The key before year disambiguation: folded number, scoped to a province if local."""
    key = fold_number(number.display)
    if scope == "provincial":
        # Unplaced local numbers stay apart from every placed one, and from other files'.
        key += f"#{place}" if place else f"#?{citing_doc}"
    return key


def entry_of(number: DocNumber, scope: str, place: str | None, year: int | None, citing: str,
             date: str | None = None, title: str | None = None) -> tuple:
    """What :meth:`Corpus.record` needs of one full number, as plain values that pickle
    small: a worker process computes them beside the extraction (:func:`contribution`).

    ``(base key, display, DocNumber fields, scope, place, year unless the number has one
    inside, short-form key or None, ISO date or None, folded title of a named kind or None)``.
    """
    short = (fold_code(number.kind_code), number.n.lstrip("0") or "0") if number.kind_code else None
    return (base_key(number, scope, place, citing), number.display,
            astuple_number(number), scope, place, None if _has_year_inside(number) else year, short, date,
            fold_title(title) if title else None)


class Corpus:
    """Every full number the corpus mentions, for short forms and undated mentions."""

    def __init__(self) -> None:
        self.known: dict[str, KnownNumber] = {}
        self.by_short: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.spellings: dict[str, Counter] = defaultdict(Counter)
        self.by_title: dict[str, set[str]] = defaultdict(set)
        # The short-form keys and titles resolution looked up: what an incremental build
        # must check when a new file adds to them (graph.incremental).
        self.asked_shorts: set[tuple[str, str]] = set()
        self.asked_titles: set[str] = set()
        self.asked_undated: set[str] = set()   # base keys asked for a mention of no year
        # display() and year_key() answers: fixed once every file is added, and asked
        # again for every file citing the same number.  Emptied by record().
        self._answers: dict[tuple, object] = {}
        # What record() found before changing it, from watch() on (see changes_resolved).
        self._before: dict[tuple, object] | None = None

    def watch(self) -> None:
        """Remember, from now on, what each key was before :meth:`record` first changes it."""
        self._before = {}

    def changes_resolved(self) -> bool:
        """Whether what was recorded since :meth:`watch` can change how the files resolved
        before it resolve: a number they mention gets another year, spelling or first
        entry, or a short form or title they looked up gets another candidate (or one of
        its candidates another date).  New numbers alone change no one else's keys."""
        # The numbers a short form or a dropped kind code was compared with: their years and dates count.
        compared = set().union(*(self.by_short.get(s, ()) for s in self.asked_shorts))
        for (what, key), before in self._before.items():
            if what == "bk":
                sig, years, dates = before
                if sig is None:
                    continue
                k = self.known[key]
                if sig != self.signature(key):
                    return True
                # A year matters to the mentions of no year (one year: theirs; two: ambiguous).
                if years != frozenset(k.years) and (key in self.asked_undated or key in compared):
                    return True
                if dates != frozenset(k.dates) and key in compared:
                    return True
            elif what == "short":
                if key in self.asked_shorts and before != frozenset(self.by_short.get(key, ())):
                    return True
            elif key in self.asked_titles and before != frozenset(self.by_title.get(key, ())):
                return True
        return False

    def _remember(self, bk: str, short, title) -> None:
        before = self._before
        if ("bk", bk) not in before:
            k = self.known.get(bk)
            before["bk", bk] = (self.signature(bk), frozenset(k.years) if k else frozenset(),
                                frozenset(k.dates) if k else frozenset())
        if short and ("short", short) not in before:
            before["short", short] = frozenset(self.by_short.get(short, ()))
        if title and ("title", title) not in before:
            before["title", title] = frozenset(self.by_title.get(title, ()))

    def to_state(self) -> tuple:
        """The index as plain values :mod:`marshal` writes (:meth:`from_state` reads them):
        an incremental build resumes from it rather than from every file's entries."""
        known = {bk: (k.display, astuple_number(k.number), k.scope, k.place, tuple(k.years), tuple(k.dates))
                 for bk, k in self.known.items()}
        return (known, {bk: tuple(c.items()) for bk, c in self.spellings.items()},
                {s: tuple(bks) for s, bks in self.by_short.items()},
                {t: tuple(bks) for t, bks in self.by_title.items()},
                tuple(self.asked_shorts), tuple(self.asked_titles), tuple(self.asked_undated))

    @classmethod
    def from_state(cls, state: tuple) -> Corpus:
        known, spellings, by_short, by_title, asked_shorts, asked_titles, asked_undated = state
        c = cls()
        c.known = {bk: KnownNumber(display, DocNumber(*number), scope, place, set(years), set(dates))
                   for bk, (display, number, scope, place, years, dates) in known.items()}
        c.spellings.update((bk, Counter(dict(counts))) for bk, counts in spellings.items())
        c.by_short.update((s, set(bks)) for s, bks in by_short.items())
        c.by_title.update((t, set(bks)) for t, bks in by_title.items())
        c.asked_shorts, c.asked_titles, c.asked_undated = set(asked_shorts), set(asked_titles), set(asked_undated)
        return c

    def signature(self, bk: str) -> tuple | None:
        """What resolving any mention of *bk* reads of the index but its years and dates,
        to compare before and after a change (None when the corpus does not know *bk*)."""
        k = self.known.get(bk)
        if k is None:
            return None
        return self.display(bk), k.display, astuple_number(k.number), k.scope, k.place

    def record(self, entry: tuple) -> str:
        """Add one :func:`entry_of` tuple; its base key."""
        bk, display, fields, scope, place, year, short, date, title = entry
        if self._before is not None:
            self._remember(bk, short, title)
        self._answers.clear()
        known = self.known.get(bk)
        if known is None:
            known = self.known[bk] = KnownNumber(display, DocNumber(*fields), scope, place)
        if year:
            known.years.add(year)
        if date:
            known.dates.add(date)
        self.spellings[bk][display] += 1
        if short:
            self.by_short[short].add(bk)
        if title:
            self.by_title[title].add(bk)
        return bk

    def titled(self, title: str) -> str | None:
        """The one numbered document the corpus names *title* ("Luật Thủ đô" written with
        "số 39/2024/QH15" somewhere), or None: a law named alone then joins its number.
        Laws keep their names across versions, so two numbers with one name stay apart."""
        folded = fold_title(title)
        self.asked_titles.add(folded)
        keys = self.by_title.get(folded, ())
        return next(iter(keys)) if len(keys) == 1 else None

    def display(self, bk: str) -> str:
        answer = self._answers.get(bk)
        if answer is None:
            answer = self._answers[bk] = (
                self.spellings[bk].most_common(1)[0][0] if self.spellings.get(bk) else self.known[bk].display)
        return answer

    def resolve_short(self, m: Mention, place: str | None) -> str | None:
        """The one known number a short form can stand for, or None."""
        code = _kind_code(m.kind)
        if not code:
            return None
        want_issuer = issuer_code_of_phrase(m.issuer)
        if want_issuer is None and not (m.date and m.date.year):
            # "Quyết định số 150" alone: nothing says which document numbered 150 it is.
            return None
        cands = []
        short = (code, m.number.n.lstrip("0") or "0")
        self.asked_shorts.add(short)
        for bk in self.by_short.get(short, ()):
            k = self.known[bk]
            if want_issuer and not any(fold_code(c).startswith(want_issuer) for c in k.number.issuer_codes):
                continue
            if k.scope == "provincial" and k.place != place:
                continue
            if m.date and m.date.year and (k.number.year or k.years) and \
                    m.date.year not in ({k.number.year} if k.number.year else k.years):
                continue  # "Quyết định số 143 … ngày … 1993" is not 143/2008/QĐ-TTg
            cands.append(bk)
        return cands[0] if len(cands) == 1 else None

    def resolve_dropped(self, m: Mention, bk: str) -> str | None:
        """The one full number a number written without its kind code stands for, or None.

        "Chỉ thị số 33/TTg" is "33/CT-TTg" when the corpus knows exactly one number with
        the kind word's code, the same number, issuer codes and year inside, in the same
        province, and a year that agrees with the mention's date (DOMAIN.md §2).  With no
        such number the mention keeps its own, as written ("202/TTg").
        """
        code = _kind_code(m.kind)
        if not code:
            return None
        own = self.known[bk]
        written = _folded_codes(m.number.issuer_codes)
        issuer = issuer_code_of_phrase(m.issuer)
        date = m.date.iso if m.date else None
        year = m.date.year if m.date else None
        cands = []
        short = (code, m.number.n.lstrip("0") or "0")
        self.asked_shorts.add(short)
        for cand in self.by_short.get(short, ()):
            k = self.known[cand]
            if _folded_codes(k.number.issuer_codes) != written or k.number.year != m.number.year:
                continue
            if k.scope == "provincial" and k.place != own.place:
                continue
            # Evidence that it is the same document: an agreeing date, else the issuer.
            if date and k.dates:
                agrees = date in k.dates
            elif year and k.years:
                agrees = year in k.years
            else:
                agrees = issuer is not None and any(fold_code(c).startswith(issuer) for c in written)
            if agrees:
                cands.append(cand)
        return cands[0] if len(cands) == 1 else None

    def year_key(self, bk: str, year: int | None, before: int | None = None) -> tuple[str, bool]:
        """Full identity key for a mention of *bk* dated *year*; and whether it is ambiguous.

        An undated mention takes the one year the corpus knows for *bk*, among those up to
        *before*, the citing document's year: a document cites none issued after it ("chỉ
        thị số 3/ct-ttg" in a list row of January 2020 is not the 03/CT-TTg of 2021).
        """
        if year is None:
            self.asked_undated.add(bk)
        else:
            before = None
        answer = self._answers.get((bk, year, before))
        if answer is None:
            answer = self._answers[bk, year, before] = self._year_key(bk, year, before)
        return answer

    def _year_key(self, bk: str, year: int | None, before: int | None) -> tuple[str, bool]:
        k = self.known[bk]
        if _has_year_inside(k.number):
            return bk, False
        if year:
            return f"{bk}@{year}", False
        years = k.years if before is None else [y for y in k.years if y <= before]
        if len(years) == 1:
            return f"{bk}@{next(iter(years))}", False
        return bk, len(years) > 1


def _mention_scope(m: Mention) -> str:
    return scope_of(m.number, m.issuer)


def _mention_place(m: Mention, scope: str, doc_place: str | None) -> str | None:
    return (m.place or doc_place) if scope == "provincial" else None


def _named_key(m: Mention, doc_place: str | None) -> tuple[str, str, str | None]:
    title = m.title or ""
    if "Đảng bộ" in title:
        place = m.place or doc_place
        return f"title:{fold_title(title)}#{place or '?'}", "provincial", place
    return f"title:{fold_title(title)}", "central", None


def resolve_corpus(extractions: list[Extraction]) -> list[ResolvedDocument]:
    """Resolve every mention of every file to a document identity.

    Parameters
    ----------
    extractions : list of Extraction
        One per file; short forms are resolved against all of them together.

    Returns
    -------
    list of ResolvedDocument
        In input order.

    Examples
    --------
    >>> from extract import extract_text
    >>> [d.key for d in resolve_corpus([extract_text("Kế hoạch số 03/KH-UBND ngày 21/01/2022", "a.txt")])]
    ['file:a.txt']
    """
    resolver = Resolver()
    for ex in extractions:
        resolver.add(ex)
    return [resolver.resolve(ex) for ex in extractions]


class Resolver:
    """:func:`resolve_corpus` in two steps, so a large corpus never sits in memory whole.

    :meth:`add` every extraction first (in file order: the first spelling seen of a
    number is its display when counts tie), then :meth:`resolve` each, in any order
    and as often as needed: the answers depend only on what was added.  :meth:`record`
    is :meth:`add` for a :func:`contribution` computed in another process.

    Examples
    --------
    >>> from extract import extract_text
    >>> r = Resolver()
    >>> ex = extract_text("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ.", "a.txt")
    >>> r.add(ex)
    >>> [ref.key for ref in r.resolve(ex).references]
    ['33/CT-TTG@2021']
    """

    def __init__(self) -> None:
        self.corpus = Corpus()
        self.self_base: dict[str, str] = {}

    def add(self, ex: Extraction) -> None:
        """Pass 1: record what full numbers *ex* mentions, in which scope, place and year."""
        self.record(ex.doc, contribution(ex))

    def record(self, doc: str, contributed: tuple[bool, list[tuple]]) -> None:
        """Pass 1 from the :func:`contribution` of the file *doc*, computed elsewhere."""
        has_own, entries = contributed
        record = self.corpus.record
        for i, entry in enumerate(entries):
            bk = record(entry)
            if i == 0 and has_own:
                self.self_base[doc] = bk

    def resolve(self, ex: Extraction) -> ResolvedDocument:
        """Pass 2: keys, references and links of one added extraction."""
        _resolve_anaphora(ex.mentions)  # idempotent: *ex* may be a fresh copy of an added one
        return _resolve_one(ex, self.corpus, self.self_base.get(ex.doc))


def contribution(ex: Extraction) -> tuple[bool, list[tuple]]:
    """What *ex* adds to the corpus index in pass 1: whether it has a number of its own,
    and one :func:`entry_of` per full number (its own first), in text order.

    Pure and per file, so extraction workers compute it in parallel and the process that
    resolves only records it (:meth:`Resolver.record`).
    """
    _resolve_anaphora(ex.mentions)
    entries = []
    has_own = False
    if ex.meta.number:
        num = _parse_display(ex.meta.number)
        if num:
            scope = own_scope(num, central=bool(ex.meta.central))
            place = ex.meta.place if scope == "provincial" else None
            year = ex.meta.year
            entries.append(entry_of(num, scope, place, year, ex.doc, ex.meta.date, _own_title(ex.meta)))
            has_own = True
    for m in ex.mentions:
        if m.number is not None and m.number.grammar != "short":
            scope = _mention_scope(m)
            entries.append(entry_of(m.number, scope, _mention_place(m, scope, ex.meta.place),
                                    m.date.year if m.date else None, ex.doc, m.date.iso if m.date else None, m.title))
    return has_own, entries


def _own_title(meta: DocMeta) -> str | None:
    """A law's own name ("Bộ luật Hình sự"): its articles name it, and it cites no one so."""
    return meta.title if meta.kind in ("Luật", "Bộ luật", "Pháp lệnh") and meta.title != meta.kind else None


def _parse_display(number: str) -> DocNumber | None:
    from . import regexes as R
    from .find import parse_number

    m = R.DOC_NUMBER.fullmatch(number)
    return parse_number(m) if m else None


def _resolve_anaphora(mentions: list[Mention]) -> None:
    last_by_kind: dict[str, Mention] = {}
    for m in mentions:
        if m.form == "anaphora":
            prev = last_by_kind.get((m.kind or "").casefold())
            if prev is not None:
                m.number, m.date, m.issuer = prev.number, prev.date, prev.issuer
        elif m.number is not None and m.kind:
            last_by_kind[m.kind.casefold()] = m


def _resolve_one(ex: Extraction, corpus: Corpus, self_bk: str | None) -> ResolvedDocument:
    doc_place = ex.meta.place
    if self_bk:
        self_key, _ = corpus.year_key(self_bk, ex.meta.year)
        num = corpus.known[self_bk].number
        self_scope = corpus.known[self_bk].scope
        self_level = level_of(num, self_scope, None, party=num.grammar == "party")
    else:
        # A file with no number of its own: its opening says who issued it.
        self_key = f"file:{ex.doc}"
        local = not ex.meta.central and (doc_place is not None or ex.meta.party is not None)
        self_scope = "provincial" if local else "central"
        self_level = level_of(None, self_scope, None, party=bool(ex.meta.party))
    mentions = ex.mentions
    bks = _base_keys(mentions, doc_place, ex.doc)
    # An undated mention first joins a dated mention of the same number in its own file:
    # "… Kết luận số 01-KL/TW, ngày 06/04/2016 … giữ nguyên theo Kết luận số 01-KL/TW."
    local_years: dict[str, set[int]] = {}
    for m, bk in zip(mentions, bks):
        if bk is not None and m.date and m.date.year:
            local_years.setdefault(bk, set()).add(m.date.year)
    # A law named and numbered in this file ("Luật Thủ đô số 39/2024/QH15 … Luật Thủ đô") is one.
    titled = {fold_title(m.title): bk for m, bk in zip(mentions, bks) if bk is not None and m.title}
    own = _own_title(ex.meta)
    own_title = f"title:{fold_title(own)}" if own else None
    keys: list[str | None] = []
    info: dict[str, dict] = {}
    unresolved: list[Mention] = []
    for m, bk in zip(mentions, bks):
        key = None
        form = m.form
        if form == "named" and (bk := titled.get(fold_title(m.title)) or corpus.titled(m.title)) is not None:
            key = _identify(m, bk, local_years, corpus, info, "title", ex.meta.year)
        elif form == "named":
            key, scope, place = _named_key(m, doc_place)
            if own_title is not None and key == own_title:
                key = None  # "Bộ luật Hình sự" in the articles of the Bộ luật Hình sự
            elif key not in info:
                info[key] = {"scope": scope, "place": place, "display": None, "number": None,
                             "ambiguous": False, "resolved_from": None}
        elif m.number is None:
            unresolved.append(m)
        else:
            if bk is None:  # a short form: its base key is looked up in the corpus
                bk = corpus.resolve_short(m, doc_place)
                resolved_from = "short"
            else:
                resolved_from = None
                if form == "kind_code_dropped" and (full := corpus.resolve_dropped(m, bk)) is not None:
                    bk, resolved_from = full, "kind_code_dropped"
            if bk is None:
                unresolved.append(m)
            else:
                key = _identify(m, bk, local_years, corpus, info, resolved_from, ex.meta.year)
        if key == self_key:
            key = None  # the document naming itself ("Kế hoạch số 03/KH-UBND này")
        keys.append(key)
    references = _references(ex, keys, info)
    return ResolvedDocument(ex, self_key, self_scope, self_level, references,
                            _links(mentions, keys, references), unresolved)


def _base_keys(mentions: list[Mention], doc_place: str | None, doc: str) -> list[str | None]:
    """Each mention's base key when it carries a full number (None otherwise), computed
    once per mention: both the year pass and the key pass of :func:`_resolve_one` need it."""
    out: list[str | None] = []
    for m in mentions:
        number = m.number
        if number is None or number.grammar == "short":
            out.append(None)
            continue
        scope = _scope(number.issuer_codes, number.grammar, m.issuer)
        out.append(base_key(number, scope, _mention_place(m, scope, doc_place), doc))
    return out


def _identify(m: Mention, bk: str, local_years: dict[str, set[int]], corpus: Corpus,
              info: dict[str, dict], resolved_from: str | None, citing_year: int | None) -> str:
    """The identity key of a numbered mention with base key *bk*, recorded in *info*."""
    year = m.date.year if m.date and m.date.year else None
    if year is None:
        years = local_years.get(bk)
        if years is not None and len(years) == 1:
            year = next(iter(years))
    key, ambiguous = corpus.year_key(bk, year, citing_year)
    entry = info.get(key)
    if entry is None:
        k = corpus.known[bk]
        info[key] = {"scope": k.scope, "place": k.place, "display": corpus.display(bk), "number": k.number,
                     "ambiguous": ambiguous, "resolved_from": resolved_from}
    elif ambiguous:
        entry["ambiguous"] = True
    return key


def _links(mentions: list[Mention], keys: list[str | None], references: list[Reference]) -> list[Link]:
    """What a described mention says about the one whose description holds it."""
    by_key = {r.key for r in references}
    links = []
    seen = set()
    for m, key in zip(mentions, keys):
        if key is None or m.parent is None or keys[m.parent] is None or keys[m.parent] == key:
            continue
        triple = (key, m.nested_relation, keys[m.parent]) if m.passive else (keys[m.parent], m.nested_relation, key)
        if triple not in seen and triple[0] in by_key and triple[2] in by_key:
            seen.add(triple)
            links.append(Link(triple[0], triple[1], triple[2], m))
    return links


#: find.canonical_kind, memoised: a corpus spells its kinds a few hundred ways.
_canonical_kind = lru_cache(maxsize=1 << 12)(canonical_kind)


def _references(ex: Extraction, keys: list[str | None], info: dict[str, dict]) -> list[Reference]:
    grouped: dict[str, list[Mention]] = {}
    for m, key in zip(ex.mentions, keys):
        if key is not None:
            grouped.setdefault(key, []).append(m)
    return [_reference(key, ms, info[key]) for key, ms in grouped.items()]


def _reference(key: str, ms: list[Mention], i: dict) -> Reference:
    """One reference from its mentions, gathered in a single walk over them (this runs
    for every reference of every file: one pass instead of one generator per field)."""
    direct: set[str] = set()
    kinds: dict[str, int] = {}
    issuers: dict[str, int] = {}
    first_kind = date = year = subject = None
    for m in ms:
        if (m.parent is None or m.passive) and m.relation != "cites":
            direct.add(m.relation)
        if m.kind:
            if first_kind is None:
                first_kind = m.kind
            if m.kind_from_text:
                kinds[m.kind] = kinds.get(m.kind, 0) + 1
        d = m.date
        if d is not None:
            if date is None:
                date = d.iso
            if year is None and d.year:
                year = d.year
        if m.issuer:
            issuers[m.issuer] = issuers.get(m.issuer, 0) + 1
        if subject is None and m.subject:
            subject = m.subject
    number = i["number"]
    if len(kinds) == 1:  # most references: no contest, no max() to call
        kind = next(iter(kinds))
    elif kinds:
        # the most frequent kind written in the text, the longest (then the first) among equals
        best = max(kinds.values())
        kind = max((k for k, c in kinds.items() if c == best), key=len)
    elif number is not None and number.kind_code:
        kind = KIND_BY_CODE.get(fold_code(number.kind_code))
    else:
        kind = first_kind
    if year is None and "@" in key:
        year = int(key.rsplit("@", 1)[1])
    # the most frequent issuer, the first seen among equals (as Counter.most_common)
    issuer_s = (next(iter(issuers)) if len(issuers) == 1 else max(issuers, key=issuers.__getitem__)) if issuers else None
    party = number.grammar == "party" if number is not None else (
        (ms[0].title or "").startswith("Nghị quyết Đại hội"))
    return Reference(
        key=key, number=i["display"], kind=_canonical_kind(kind) if kind else None, date=date,
        year=year, scope=i["scope"], level=level_of(number, i["scope"], issuer_s, party=party),
        place=i["place"], issuer=issuer_s, subject=subject,
        relations=direct or {"cites"}, mentions=ms, title=ms[0].title,
        resolved_from=i["resolved_from"], ambiguous=i["ambiguous"],
    )
