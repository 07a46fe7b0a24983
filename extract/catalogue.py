"""Catalogue rows as documents: which column says what, and a row's extraction.

A catalogue (:mod:`extract.formats.catalogue` reads its cells) lists documents a row each:
number, date, summary or title, link.  Each row becomes an
:class:`~extract.models.Extraction` named ``<file name>:<line>``: its own number, date,
kind, issuer and place come from the columns where the row has them, and override what
the text suggests; its references come from the summary or title text, through the same
extractor as a body text.  A row's own number never comes out as a reference of itself.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import regexes as R
from .clean import clean
from .find import kind_of_number  # the kind a number's code says, as for a full text
from .find import canonical_kind, canonical_province, parse_number
from .formats import UnreadableError, read_bytes
from .formats.catalogue import read_table
from .models import Extraction, Mention
from .pipeline import extract_text
from .province_names import closest_provinces, province_named
from .resolve import fold_number, own_scope, scope_of
from .vocab import CENTRAL_ISSUER_WORDS, LOCAL_ISSUER_WORDS

#: What a column can mean, and the headers people give it, folded by :func:`fold_header`
#: (Vietnamese without diacritics, lower case, words joined by "_").
ROLES: dict[str, tuple[str, ...]] = {
    "number": ("so_ky_hieu", "so_ky_hieu_van_ban", "so_hieu", "so_hieu_van_ban", "ky_hieu", "so_van_ban",
               "so_vb", "so", "number", "doc_number", "document_number", "symbol"),
    "date": ("ngay_ban_hanh", "ngay_ky", "ngay_van_ban", "ngay", "date", "issued", "issue_date",
             "issued_date", "date_issued"),
    "title": ("ten_van_ban", "tieu_de", "ten", "title", "name", "document_title"),
    "summary": ("trich_yeu", "trich_yeu_noi_dung", "trich_yeu_van_ban", "noi_dung", "summary", "abstract",
                "description", "subject"),
    "kind": ("loai_van_ban", "loai", "the_loai", "hinh_thuc_van_ban", "kind", "type", "doc_type",
             "document_type"),
    "issuer": ("co_quan_ban_hanh", "noi_ban_hanh", "don_vi_ban_hanh", "co_quan", "issuer", "agency",
               "authority"),
    "place": ("tinh_thanh_pho", "tinh_thanh", "tinh", "dia_phuong", "province", "place"),
    "url": ("url", "link", "lien_ket", "duong_dan", "pdf", "file", "tep_dinh_kem", "href"),
}


def fold_header(header: str) -> str:
    """A header as :data:`ROLES` spells it.

    Examples
    --------
    >>> fold_header("Số ký hiệu"), fold_header(" Ngày ban hành "), fold_header("Trích yếu (nội dung)")
    ('so_ky_hieu', 'ngay_ban_hanh', 'trich_yeu_noi_dung')
    """
    s = unicodedata.normalize("NFD", header.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return "_".join(re.findall(r"[a-z0-9]+", s))


class ColumnsError(ValueError):
    """The columns of a file cannot be mapped; the message is one line."""


def map_columns(headers: list[str], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Role → header of *headers*: the *explicit* ones, then those known by :data:`ROLES`.

    Parameters
    ----------
    headers : list of str
        The file's headers, as written.
    explicit : dict, optional
        Role → header given by the user (``--column number=so_ky_hieu``); a header
        matches as written or folded.

    Raises
    ------
    ColumnsError
        A named header is not in the file, or neither a number nor a title column is
        found: the message names the columns found.

    Examples
    --------
    >>> map_columns(["", "so_ky_hieu", "ngay_ban_hanh", "trich_yeu", "hieu_luc", "pdf"])
    {'number': 'so_ky_hieu', 'date': 'ngay_ban_hanh', 'summary': 'trich_yeu', 'url': 'pdf'}
    >>> map_columns(["Tên văn bản", "Link"])
    {'title': 'Tên văn bản', 'url': 'Link'}
    """
    by_fold: dict[str, str] = {}
    for h in headers:
        by_fold.setdefault(fold_header(h), h)
    found = ", ".join(repr(h) for h in headers) or "none"
    mapping: dict[str, str] = {}
    for role, name in (explicit or {}).items():
        header = name if name in headers else by_fold.get(fold_header(name))
        if header is None:
            raise ColumnsError(f"no column {name!r} (for {role}); the columns are {found}")
        mapping[role] = header
    taken = set(mapping.values())
    for role, aliases in ROLES.items():
        if role in mapping:
            continue
        header = next((by_fold[a] for a in aliases if a in by_fold and by_fold[a] not in taken), None)
        if header is not None:
            mapping[role] = header
            taken.add(header)
    if "number" not in mapping and "title" not in mapping:
        raise ColumnsError(f"cannot tell which column holds the number or the title; the columns are {found} "
                           "(name them with --column number=… or --column title=…)")
    return mapping


@dataclass(frozen=True)
class CatalogueRow:
    """What one row says, ready to extract: plain values that travel to a worker process.

    ``text`` is the title, then the summary; ``title`` says it opens with the document's
    own kind and number (a title line).  The other fields are the columns' values,
    normalised (``date`` ISO), or None where the row has none; ``province`` is the one
    ``--province`` gives the whole file.
    """

    doc: str
    path: str
    line: int
    text: str
    title: bool
    number: str | None = None
    date: str | None = None
    kind: str | None = None
    issuer: str | None = None
    place: str | None = None
    url: str | None = None
    province: str | None = None

    def content(self) -> str:
        """The row as the extraction depends on it, for the cache key: not its name or line,
        so a row that only moves in its file is not extracted again."""
        return "\0".join(str(v) for v in replace(self, doc="", path="", line=0).__dict__.values())


@dataclass
class CatalogueOptions:
    """How to read catalogues: columns named by the user, the province of their rows."""

    columns: dict[str, str] = field(default_factory=dict)
    province: str | None = None


class RowError(str):
    """The one-line report of a row that cannot be a document ("….csv:2416: no number"):
    the file's other rows load, so unlike a file that cannot be read it loses nothing."""


class BadRow(ValueError):
    """A row that cannot be a document; the message is one line naming why."""


#: dd/mm/yyyy (also with "-" or "."), or ISO yyyy-mm-dd
_DATE = re.compile(r"(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})|(?P<Y>\d{4})-(?P<M>\d{1,2})-(?P<D>\d{1,2}))"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


def parse_date(value: str) -> str | None:
    """The ISO date a date cell holds; None when empty.

    Raises
    ------
    BadRow
        The cell holds something that is no date.

    Examples
    --------
    >>> parse_date("20/07/2022"), parse_date("2022-07-20"), parse_date("")
    ('2022-07-20', '2022-07-20', None)
    """
    if not value:
        return None
    m = _DATE.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["D"], m["M"], m["Y"])
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise BadRow(f"date {value!r} is no date") from None


_SEPARATOR_SPACES = re.compile(r"\s*([-/])\s*")


def parse_own_number(value: str) -> str:
    """A number cell as the extractor displays numbers (spelling folded, lower case raised);
    as written when it has no number's grammar.

    Examples
    --------
    >>> parse_own_number("07/2022/tt-btttt"), parse_own_number("1707/QÐ-UBND"), parse_own_number("BD_232")
    ('07/2022/TT-BTTTT', '1707/QĐ-UBND', 'BD_232')
    >>> parse_own_number("109/UBND - VX")
    '109/UBND-VX'
    """
    # A cell holds the number alone: spaces around its separators are typing, not text.
    text = _SEPARATOR_SPACES.sub(r"\1", clean(value).text.strip())
    m = R.DOC_NUMBER.fullmatch(text)
    return parse_number(m).display if m else text


def _place(value: str | None) -> str | None:
    if not value:
        return None
    words = value.split()
    # "tỉnh Bình Dương", "TP. Hồ Chí Minh": the province is after the unit's name
    while words and fold_header(words[0]) in ("tinh", "thanh", "pho", "tp"):
        words = words[1:]
    return canonical_province(" ".join(words)) or value.strip()


def province_option(value: str | None) -> str | None:
    """The province ``--province`` names, canonical, in any era's spelling, case and
    diacritics (:func:`extract.province_names.province_named`).

    Raises
    ------
    ValueError
        Not a province; the message offers the closest names.

    Examples
    --------
    >>> province_option("tỉnh Bình Dương"), province_option("tra vinh")
    ('Bình Dương', 'Trà Vinh')
    """
    if value is None:
        return None
    province = province_named(value)
    if province is None:
        raise ValueError(f"unknown province {value!r}; did you mean {', '.join(closest_provinces(value))}?")
    return province


def catalogue_rows(name: str, path: Path, options: CatalogueOptions, *, encoding: str | None = None,
                   warnings: list[str] | None = None) -> Iterator[CatalogueRow | str]:
    """Every row of the catalogue at *path* as a :class:`CatalogueRow`, or as a one-line
    error naming the file and line; a file that cannot be read is one error line.

    Parameters
    ----------
    name : str
        The file's name in the output; rows are named ``<name>:<line>``.
    path : Path
    options : CatalogueOptions
    encoding : str, optional
        Overrides the detection of a text file's encoding.
    warnings : list of str, optional
        Receives the reader's warnings about the file (a legacy encoding guessed), labelled.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "list.csv"
    >>> _ = p.write_text("so_ky_hieu,ngay_ban_hanh,trich_yeu\\n5/KH-UBND,03/02/2022,thực hiện Chỉ thị 33/CT-TTg\\n"
    ...                  ",01/01/2022,x\\n", encoding="utf-8")
    >>> [r if isinstance(r, str) else (r.doc, r.number, r.date) for r in catalogue_rows("list.csv", p, CatalogueOptions())]  # doctest: +ELLIPSIS
    [('list.csv:2', '5/KH-UBND', '2022-02-03'), '...list.csv:3: no number']
    """
    try:
        table = read_table(read_bytes(path), path.suffix, encoding=encoding)
        columns = map_columns(table.headers, options.columns)
    except (UnreadableError, ColumnsError) as err:
        yield f"{path}: {err}"
        return
    if warnings is not None:
        warnings.extend(f"{path}: {w}" for w in table.warnings)
    for row in table.rows:
        if row.error:
            yield RowError(f"{path}:{row.line}: {row.error}")
            continue
        try:
            yield _row(name, path, row.line, {role: row.cells.get(h, "") for role, h in columns.items()}, options)
        except BadRow as err:
            yield RowError(f"{path}:{row.line}: {err}")


def _row(name: str, path: Path, line: int, cells: dict[str, str], options: CatalogueOptions) -> CatalogueRow:
    title, summary = cells.get("title", ""), cells.get("summary", "")
    number = parse_own_number(cells["number"]) if cells.get("number") else None
    if number is None and not title:
        raise BadRow("no number")
    text = "\n".join(t for t in (title, summary) if t)
    if not text and number is None:
        raise BadRow("no number and no text")
    return CatalogueRow(
        doc=f"{name}:{line}", path=str(path), line=line, text=text, title=bool(title), number=number,
        date=parse_date(cells.get("date", "")), kind=canonical_kind(cells["kind"]) if cells.get("kind") else None,
        issuer=cells.get("issuer") or None, place=_place(cells.get("place")), url=cells.get("url") or None,
        province=options.province,
    )


def extract_row(row: CatalogueRow) -> Extraction:
    """The extraction of one catalogue row: its text's references, its columns' metadata.

    Raises
    ------
    BadRow
        The row has no number: none in its columns, none at the start of its title.

    Examples
    --------
    >>> row = CatalogueRow("l.csv:2", "l.csv", 2, "kế hoạch 5/kh-ubnd triển khai thực hiện chỉ thị 33/ct-ttg",
    ...                    False, number="5/KH-UBND", date="2022-02-03", place="Bình Dương")
    >>> ex = extract_row(row)
    >>> ex.meta.number, ex.meta.kind, ex.meta.place, [(m.number.display, m.relation) for m in ex.mentions]
    ('5/KH-UBND', 'Kế hoạch', 'Bình Dương', [('33/CT-TTg', 'implements')])
    """
    # The kind the columns say, before the text is read: a Báo cáo's "sơ kết … thực hiện"
    # reports on what it names.
    known_kind = row.kind or (_kind_of_written(row.number) if row.number else None)
    ex = extract_text(row.text, row.doc, row.path, title=row.title, kind=known_kind)
    meta = ex.meta
    meta.number = row.number or meta.number
    if not meta.number:
        raise BadRow("no number")
    if row.date:
        meta.date, meta.year = row.date, int(row.date[:4])
    # A kind a title writes out beats its number's code (124-QĐ/TW is a Quy định when the
    # text says so, DOMAIN.md §1); a summary's kind words are not the row's.
    meta.kind = row.kind or (meta.kind if row.title else None) or _kind_of_written(meta.number) or meta.kind
    # The row's own word first: its column, or its title's "do tỉnh X ban hành"; then the
    # province the user gave the file.  A province a summary happens to name is a guess.
    # The file's province is given to local documents only: a list of a province's
    # documents (or a database of everyone's) names central ones too.
    issuer_place, issuer_central = _issuer_column(row.issuer)
    if issuer_central and _may_be_central(meta.number):
        meta.central = True
    province = row.province if _is_local(meta.number) and not meta.central else None
    if row.title:
        meta.place = row.place or issuer_place or meta.place or province
    else:
        meta.place = row.place or issuer_place or province or meta.place
    ex.mentions = _without_self(ex.mentions, fold_number(meta.number))
    ex.line, ex.url, ex.issuer = row.line, row.url, row.issuer
    return ex


def _issuer_column(issuer: str | None) -> tuple[str | None, bool]:
    """(the province, whether a central body) an issuer cell names: "UBND tỉnh Đồng Nai" ·
    "ubnd thành phố cần thơ" · "Bộ Tài chính" · "Thủ tướng Chính phủ".  A local body that
    names no province ("UBND tỉnh", "Sở Tài chính") says neither.

    Examples
    --------
    >>> _issuer_column("UBND tỉnh Đồng Nai"), _issuer_column("ubnd thành phố cần thơ")
    (('Đồng Nai', False), ('Cần Thơ', False))
    >>> _issuer_column("Bộ Tài chính"), _issuer_column("UBND tỉnh"), _issuer_column(None)
    ((None, True), (None, False), (None, False))
    """
    if not issuer:
        return None, False
    if (m := _PROVINCE_IN_ISSUER.search(issuer)) is not None:
        words = m.group("name").replace(",", " ").split()
        for n in range(min(len(words), 5), 0, -1):
            if place := province_named(" ".join(words[:n])):
                return place, False
    low = issuer.casefold()
    if any(w in low for w in LOCAL_ISSUER_WORDS):
        return None, False
    return None, any(w in low for w in CENTRAL_ISSUER_WORDS)


# "tỉnh X" · "thành phố X" · "TP. X" in an issuer cell, in any case.
_PROVINCE_IN_ISSUER = re.compile(r"(?i)(?<!\w)(?:tỉnh|thành\s+phố|tp\.?)\s+(?P<name>.+)")


def _kind_of_written(number: str) -> str | None:
    m = R.DOC_NUMBER.fullmatch(number)
    return kind_of_number(parse_number(m)) if m else None


def _may_be_central(number: str) -> bool:
    """Whether a central body may have issued the row's own number: its codes name no local
    body (12/CĐ-KBNN may be the Kho bạc Nhà nước's, 5/QĐ-UBND no central body's)."""
    m = R.DOC_NUMBER.fullmatch(number)
    return m is None or own_scope(parse_number(m), central=True) == "central"


def _is_local(number: str) -> bool:
    """Whether the row's own number is a local issuer's (DOMAIN.md §3); a number of no
    known grammar may be anyone's, and the file's province is what the user says of it."""
    m = R.DOC_NUMBER.fullmatch(number)
    return m is None or scope_of(parse_number(m), None) == "provincial"


def _without_self(mentions: list[Mention], own: str) -> list[Mention]:
    """*mentions* but those of the row's own number.  What the text said of a dropped
    mention ("Kế hoạch 121/KH-UBND thực hiện Kết luận 80-KL/TW") it says of the row itself:
    the mentions it described become the row's own, with the relation of their cue."""
    dropped = {i for i, m in enumerate(mentions) if m.number is not None and fold_number(m.number.display) == own}
    if not dropped:
        return mentions
    new_index = {}
    kept = []
    for i, m in enumerate(mentions):
        if i in dropped:
            continue
        new_index[i] = len(kept)
        if m.parent in dropped:
            m.relation, m.parent, m.nested_relation = m.nested_relation or m.relation, None, None
        elif m.parent is not None:
            m.parent = new_index.get(m.parent)
        kept.append(m)
    return kept
