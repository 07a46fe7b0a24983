"""Saved web pages (.html/.htm): the visible text of the document, without the site around it.

Parsed with lxml's HTML parser (libxml2): fast on multi-megabyte pages, tolerant of
the broken markup of old government sites, and already needed for .docx.  Pages saved
from thuvienphapluat.vn and vbpl.vn wrap the document in a known container
(``#toanvancontent``, ``#divContentDoc``, ``.content1``...); when one holds enough
text only it is read, otherwise the whole body minus navigation.
"""
from __future__ import annotations

import re

from lxml import etree

from . import legacy
from .model import Decoded, EmptyDocument, UnreadableError
from .text import decode_as, decode_bytes

__all__ = ["read_html"]

_DROP = frozenset(
    "script style noscript template nav header footer aside head iframe object embed "
    "svg canvas select option button textarea input map audio video math".split()
)
_BLOCK = frozenset(
    "address article blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure form h1 h2 h3 h4 h5 h6 hr html legend li main menu ol p "
    "pre section summary table tbody thead tfoot tr td th ul".split()
)
# Containers of the document text on the sites Vietnamese archives are saved from,
# most specific first; then the generic HTML5 ones.
_CONTENT = (
    "//*[@id='toanvancontent']",  # vbpl.vn
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' toanvancontent ')]",
    "//*[@id='divContentDoc']",  # thuvienphapluat.vn
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content1 ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' fulltext ')]",
    "//article",
    "//main",
    "//*[@role='main']",
)
_MIN_CONTENT = 200  # characters; a container with less is a teaser, not the document
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FONT_FAMILY = re.compile(r"font-family\s*:\s*['\"]?([^;'\",]+)", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
# whitespace runs other than a lone space: re.sub rewrites every match, and a 10 MB
# paragraph has a million single spaces that need no rewriting
_SPACE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
_BREAK = ("\n", None)


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:8192])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _font(el: etree._Element, inherited: str | None) -> str | None:
    face = el.get("face") if el.tag == "font" else None
    if not face:
        style = _FONT_FAMILY.search(el.get("style") or "")
        face = style.group(1) if style else None
    if face:
        return face.split(",")[0].strip(" '\"")
    return inherited


def _pieces(root: etree._Element) -> list[tuple[str, str | None]]:
    """Visible text of *root* as (text, font) pieces, blocks separated by breaks."""
    out: list[tuple[str, str | None]] = []
    # (element, closing?, font); explicit stack: real pages nest deeper than Python recurses
    stack: list[tuple[etree._Element, bool, str | None]] = [(root, False, None)]
    while stack:
        el, closing, font = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                out.append(_BREAK)
            if el.tail:
                out.append((_SPACE.sub(" ", el.tail), font))
            continue
        parent_font = font
        # the element is skipped but its tail (text after it) is still shown
        stack.append((el, True, parent_font))
        if tag in _DROP or el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
            continue
        font = _font(el, font)
        if tag in _BLOCK:
            out.append(_BREAK)
        if tag == "br":
            out.append(_BREAK)
        if tag == "pre":
            out.append(("".join(el.itertext()), font))
            continue
        if el.text and tag:
            out.append((_SPACE.sub(" ", el.text), font))
        stack.extend((child, False, font) for child in reversed(el))
    return out


def _text(pieces: list[tuple[str, str | None]], force: str | None, converted: dict[str, int]) -> str:
    parts: list[str] = []
    for text, font in pieces:
        encoding, upper = (force, False) if force else legacy.font_encoding(font)
        if encoding and text.strip():
            text, done = legacy.convert_run(text, encoding, upper)
            converted[encoding] = converted.get(encoding, 0) + done
        parts.append(text)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _inside_dropped(el: etree._Element) -> bool:
    return any(a.tag in _DROP for a in el.iterancestors())


def _content_root(doc: etree._Element) -> etree._Element:
    for xpath in _CONTENT:
        for candidate in doc.xpath(xpath):
            if not _inside_dropped(candidate):
                text = "".join(t for t, _ in _pieces(candidate))
                if len(text.strip()) >= _MIN_CONTENT:
                    return candidate
    body = doc.find("body")
    return body if body is not None else doc


def read_html(data: bytes, encoding: str | None = None) -> Decoded:
    """Extract the visible text of an HTML page.

    Charset: the user's *encoding*, else BOM, else UTF-8 if the bytes are valid
    UTF-8, else the page's ``<meta charset>``, else legacy Vietnamese detection.

    Raises
    ------
    UnreadableError
        Empty page, binary data, or no visible text.
    """
    if not data.strip():
        raise EmptyDocument("empty file")
    force = legacy.canonical(encoding) if encoding and legacy.is_legacy(encoding) else None
    if force:
        # keep the bytes as the mojibake the font would redraw; converted per text run
        text, name, warnings = legacy.bytes_as_text(data), force, []
    elif encoding:
        text, name, warnings = decode_as(data, encoding)
    else:
        text, name, warnings = decode_bytes(data, declared=_declared_charset(data))
    # the text is already decoded: feed UTF-8 and say so, so a <meta charset> inside
    # cannot make libxml2 decode it a second time
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        doc = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, ValueError) as err:
        raise UnreadableError(f"unparsable HTML ({err})") from err
    if doc is None:
        raise UnreadableError("HTML page has no content")
    converted: dict[str, int] = {}
    result = _text(_pieces(_content_root(doc)), force, converted)
    if not result:
        raise EmptyDocument("HTML page has no visible text")
    for enc, runs in converted.items():
        if runs:
            warnings.append(f"{runs} text run(s) in legacy fonts {legacy.warning_for(enc)}")
    return Decoded(result, "html", name, warnings)
