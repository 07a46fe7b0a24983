"""PDF with a text layer: lines in reading order, running headers/footers and page numbers dropped.

Uses pdfminer.six: pure Python (MIT), maintained, maps glyphs through ToUnicode
CMaps so Vietnamese from Word/LibreOffice exports comes out as real letters, and its
layout analysis gives every line with its position and every character with its font.
Positions let us find running headers, footers and page numbers; fonts let us convert
text set in TCVN3/VNI fonts (``.VnTime``), which PDFs made from old documents keep as
mojibake.  (pypdf extracts faster but gives neither lines with coordinates nor a
reading-order layout; pdfplumber is pdfminer plus a binary renderer we do not need.)
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTContainer, LTImage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from . import legacy
from .clean import PAGE_NUMBER
from .model import Decoded, UnreadableError

__all__ = ["read_pdf"]

# pdfminer logs every recoverable oddity of real-world PDFs at WARNING; the reader
# reports what matters through Decoded.warnings instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# all_texts: also lay out text drawn inside form XObjects (some generators put the
# whole page there).  boxes_flow=None: skip pdfminer's box ordering, which puts a
# centred title after the first line of the paragraph below it; _reading_order does
# it instead (and the skipped hierarchical grouping is the slow part of pdfminer).
# line_margin=1.0: keep the lines of a table cell typed with 1.5 spacing ("Nơi
# nhận:" and its list) in one box, so the cell is read whole.
_LAPARAMS = LAParams(all_texts=True, boxes_flow=None, line_margin=1.0)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    top: float
    bottom: float
    text: str


@dataclass
class _Page:
    lines: list[_Line]
    has_image: bool


@dataclass
class _Box:
    x0: float
    x1: float
    top: float
    bottom: float
    lines: list[_Line]


def _reading_order(boxes: list[_Box]) -> list[_Line]:
    """Lines of a page in reading order: bands top to bottom, columns left to right.

    Boxes that overlap vertically form a band (the two-column heading of a Vietnamese
    document, the "Nơi nhận" list beside the signature); inside a band, boxes that
    overlap horizontally form a column, read whole before the next one.
    """
    bands: list[list[_Box]] = []
    bottom = float("inf")
    for box in sorted(boxes, key=lambda b: -b.top):
        if bands and box.top > bottom + 1:
            bands[-1].append(box)
            bottom = min(bottom, box.bottom)
        else:
            bands.append([box])
            bottom = box.bottom
    lines: list[_Line] = []
    for band in bands:
        columns: list[list[_Box]] = []
        right = float("-inf")
        for box in sorted(band, key=lambda b: b.x0):
            if columns and box.x0 < right - 1:
                columns[-1].append(box)
                right = max(right, box.x1)
            else:
                columns.append([box])
                right = box.x1
        for column in columns:
            for box in sorted(column, key=lambda b: -b.top):
                lines.extend(box.lines)
    return lines


def _line_text(line: LTTextLine, force: str | None, converted: Counter[str]) -> str:
    # Group characters by the legacy encoding their font implies, convert each group.
    out: list[str] = []
    group: list[str] = []
    key: tuple[str | None, bool] = (None, False)

    def flush() -> None:
        text = "".join(group)
        if key[0] and text:
            text, done = legacy.convert_run(text, key[0], key[1])
            converted[key[0]] += done
        out.append(text)

    for item in line:
        if isinstance(item, LTChar):
            this = (force, False) if force else legacy.font_encoding(item.fontname)
            if this != key:
                flush()
                group, key = [], this
            group.append(item.get_text())
        elif isinstance(item, LTAnno):
            group.append(item.get_text())
    flush()
    return "".join(out).rstrip("\n")


def _pages(data: bytes, force: str | None, converted: Counter[str]) -> list[_Page]:
    pages = []
    for layout in extract_pages(io.BytesIO(data), laparams=_LAPARAMS):
        boxes: list[_Box] = []
        has_image = False
        stack: list = [layout]
        while stack:  # explicit stack: nested figures must not hit the recursion limit
            obj = stack.pop()
            if isinstance(obj, (LTTextBox, LTTextLine)):
                parts = [obj] if isinstance(obj, LTTextLine) else [x for x in obj if isinstance(x, LTTextLine)]
                lines = [_Line(x.y1, x.y0, t) for x in parts if (t := _line_text(x, force, converted)).strip()]
                if lines:
                    boxes.append(_Box(obj.x0, obj.x1, obj.y1, obj.y0, lines))
            elif isinstance(obj, LTImage):
                has_image = True
            elif isinstance(obj, LTContainer):
                stack.extend(obj)
        pages.append(_Page(_reading_order(boxes), has_image))
    return pages


def _key(text: str) -> str:
    # "Trang 3/12" and "Trang 4/12" are the same running footer
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def _band(lines: list[_Line], size: int = 2) -> tuple[list[int], list[int]]:
    by_height = sorted(range(len(lines)), key=lambda i: -lines[i].top)
    return by_height[:size], by_height[::-1][:size]


def _drop_furniture(pages: list[_Page]) -> list[list[str]]:
    """Remove running headers/footers (repeated at the top or bottom of most pages) and page numbers."""
    bands = [_band(page.lines) for page in pages]
    counts: Counter[str] = Counter()
    for page, (top, bottom) in zip(pages, bands, strict=True):
        counts.update({_key(page.lines[i].text) for i in top + bottom})
    n = len(pages)
    # Three pages at least: on two, one repeated line may be real content (a form
    # printed twice).  Page 1 of a Vietnamese document has no running header, hence
    # "more than half" rather than "all".
    repeated = {k for k, c in counts.items() if n >= 3 and c >= 2 and 2 * c > n}
    result = []
    for page, (top, bottom) in zip(pages, bands, strict=True):
        drop = {i for i in top + bottom if _key(page.lines[i].text) in repeated}
        for edge in (top, bottom):
            rest = [i for i in edge if i not in drop]
            if rest and PAGE_NUMBER.fullmatch(page.lines[rest[0]].text.strip()) and _isolated(page.lines, rest[0]):
                drop.add(rest[0])
        result.append([line.text for i, line in enumerate(page.lines) if i not in drop])
    return result


def _isolated(lines: list[_Line], index: int) -> bool:
    # A page number sits in the margin, apart from the text; a bare number inside a
    # table at the foot of the page does not.
    line = lines[index]
    height = max(line.top - line.bottom, 1.0)
    gaps = [
        min(abs(line.bottom - other.top), abs(other.bottom - line.top))
        for j, other in enumerate(lines)
        if j != index
    ]
    return not gaps or min(gaps) >= 0.8 * height


# Line breaks that cut a word or a document number in two.  Vietnamese never
# hyphenates inside a syllable, so a line-final hyphen is a real one ("kinh tế-xã hội",
# "NĐ-CP"): join the lines and keep it.
_JOINS = (
    (re.compile(r"\u00ad[ \t]*\n[ \t]*"), ""),
    (re.compile(r"(?<=[^\W_])-[ \t]*\n[ \t]*(?=[^\W_])"), "-"),  # 33/CT-\nTTg, NĐ-\nCP
    (re.compile(r"(?<=[0-9A-ZĐ])/[ \t]*\n[ \t]*(?=[0-9A-ZĐ])"), "/"),  # 04/2015/\nNĐ-CP
    (re.compile(r"(?<=\d)[ \t]*\n[ \t]*(?=/\d{4}/|/[A-ZĐ]{2,})"), ""),  # 04\n/2015/NĐ-CP
    (re.compile(r"(\d+/(?:\d{4}/)?[A-ZĐ]+)[ \t]*\n[ \t]*(?=-[A-ZĐ])"), r"\1"),  # 04/2015/NĐ\n-CP
    # combining marks that the layout split from their letter with a space
    (re.compile(r"[ \t]+(?=[\u0300-\u036f])"), ""),
    # justified lines come out with the stretched gaps as runs of spaces
    (re.compile(r"(?<=\S)[ \t]{2,}(?=\S)"), " "),
)


def repair_breaks(text: str) -> str:
    """Re-join words and document numbers that a line break cut.

    Examples
    --------
    >>> repair_breaks("Nghị định số 04/2015/NĐ-\\nCP và Chỉ thị 33/CT-\\nTTg")
    'Nghị định số 04/2015/NĐ-CP và Chỉ thị 33/CT-TTg'
    """
    for pattern, replacement in _JOINS:
        text = pattern.sub(replacement, text)
    return text


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")


def read_pdf(data: bytes, encoding: str | None = None) -> Decoded:
    """Extract the text layer of a PDF.

    Parameters
    ----------
    data : bytes
    encoding : str, optional
        'tcvn3' or 'vni' forces that conversion on all text, whatever the fonts say.

    Raises
    ------
    UnreadableError
        No text layer (scanned), encrypted, truncated or corrupt.
    """
    if b"%PDF" not in data[:1024]:
        raise UnreadableError("not a PDF (no %PDF header)")
    truncated = b"%%EOF" not in data[-2048:]
    force = legacy.canonical(encoding) if encoding and legacy.is_legacy(encoding) else None
    warnings: list[str] = []
    if encoding and not force:
        warnings.append(f"encoding {encoding!r} ignored: a PDF declares its own")
    converted: Counter[str] = Counter()
    try:
        pages = _pages(data, force, converted)
    except PDFPasswordIncorrect as err:
        raise UnreadableError("encrypted PDF: needs a password") from err
    except PDFEncryptionError as err:
        raise UnreadableError(f"encrypted PDF: {err or type(err).__name__}") from err
    except RecursionError as err:
        raise UnreadableError("corrupt PDF: structure nested too deeply") from err
    except Exception as err:  # noqa: BLE001 - pdfminer raises anything from KeyError to struct.error on bad input
        what = "truncated PDF (no %%EOF at the end)" if truncated else "corrupt PDF"
        raise UnreadableError(f"{what}: {type(err).__name__}: {err}".rstrip(": ")) from err
    if not pages:
        raise UnreadableError("truncated PDF (no %%EOF at the end): no pages" if truncated else "PDF has no pages")
    text = repair_breaks("\n".join("\n".join(lines) for lines in _drop_furniture(pages)))
    cids = len(_CID.findall(text))
    if cids:
        text = _CID.sub("", text)
        if len(text.strip()) < cids:
            raise UnreadableError("text layer has no Unicode mapping (fonts without ToUnicode); needs OCR")
        warnings.append(f"{cids} character(s) without Unicode mapping dropped")
    if not text.strip():
        raise UnreadableError("no text layer (scanned PDF?)")
    blank = [n for n, page in enumerate(pages, 1) if not page.lines and page.has_image]
    if blank:
        warnings.append(f"page(s) {_ranges(blank)} have no text layer (scanned?)")
    if truncated:
        warnings.append("PDF looks truncated (no %%EOF at the end); text may be incomplete")
    for enc, runs in converted.items():
        if runs:
            warnings.append(f"{runs} text run(s) in legacy fonts {legacy.warning_for(enc)}")
    return Decoded(text, "pdf", None, warnings)
