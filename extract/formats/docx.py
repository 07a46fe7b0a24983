"""Word .docx: body paragraphs and tables in reading order, headers, footers, footnotes, endnotes.

Reads the Office Open XML zip with :mod:`zipfile` and lxml rather than python-docx:
``Paragraph.text`` of python-docx skips runs inside tracked insertions, content
controls and smart tags, and footnotes/endnotes are not exposed at all, so one walker
over the raw XML serves every part alike.  Runs set in TCVN3/VNI fonts (``.VnTime``,
``VNI-Times``) are converted to Unicode here, where the font is still known.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from . import legacy
from .clean import PAGE_NUMBER
from .model import Decoded, EmptyDocument, UnreadableError

__all__ = ["read_docx"]

#: a single XML part larger than this (uncompressed) is refused: a zip bomb, not prose
MAX_PART_BYTES = 512 * 2**20

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SKIPPED_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


def _corrupt(detail: str) -> UnreadableError:
    return UnreadableError(f"truncated or corrupt docx: {detail}")


class _Package:
    """The zip, with size limits and errors turned into UnreadableError."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as err:
            # the zip directory sits at the end: a download cut short loses it first
            why = "zip directory missing (file cut short?)" if data.startswith(b"PK") else "not a zip archive"
            raise _corrupt(why) from err
        self.names = set(self.zip.namelist())

    def read(self, name: str) -> bytes | None:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise UnreadableError(f"docx part {name} is {info.file_size >> 20} MB unpacked; refusing (zip bomb?)")
        try:
            return self.zip.read(info)
        except RuntimeError as err:  # zipfile's word for an encrypted member
            raise UnreadableError(f"password-protected docx ({err})") from err
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as err:
            raise _corrupt(f"cannot unpack {name} ({err})") from err

    def xml(self, name: str) -> etree._Element | None:
        raw = self.read(name)
        if raw is None:
            return None
        # entities off and no network: a docx is untrusted input
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
        try:
            return etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as err:
            raise _corrupt(f"{name} is not well-formed XML ({err})") from err

    def main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.names:
                        return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        if "content.xml" in self.names:
            raise UnreadableError("OpenDocument text (.odt) inside a .docx name; not supported, save as .docx")
        if any(n.startswith(("xl/", "ppt/")) for n in self.names):
            raise UnreadableError("an Excel or PowerPoint file, not a Word document")
        raise _corrupt("no word/document.xml in the archive")


class _Styles:
    """Font of a run as Word resolves it: run, character style, paragraph style, defaults."""

    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.w = w
        self.fonts: dict[str, str | None] = {}
        self.based_on: dict[str, str] = {}
        self.default_font: str | None = None
        self.default_para: str | None = None
        if root is None:
            return
        for rpr in root.iterfind(f"{w}docDefaults/{w}rPrDefault/{w}rPr"):
            self.default_font = self._font_of(rpr)
        for style in root.iterfind(f"{w}style"):
            sid = style.get(f"{w}styleId")
            if not sid:
                continue
            self.fonts[sid] = self._font_of(style.find(f"{w}rPr"))
            based = style.find(f"{w}basedOn")
            if based is not None and based.get(f"{w}val"):
                self.based_on[sid] = based.get(f"{w}val")
            if style.get(f"{w}type") == "paragraph" and style.get(f"{w}default") in ("1", "true", "on"):
                self.default_para = sid

    def _font_of(self, rpr: etree._Element | None) -> str | None:
        if rpr is None:
            return None
        fonts = rpr.find(f"{self.w}rFonts")
        if fonts is None:
            return None
        # Word draws characters U+0080-U+00FF (where TCVN3/VNI codes live) in hAnsi
        return fonts.get(f"{self.w}hAnsi") or fonts.get(f"{self.w}ascii")

    def style_font(self, sid: str | None) -> str | None:
        for _ in range(32):  # basedOn chains are short; a cycle must not hang us
            if sid is None:
                return None
            if self.fonts.get(sid):
                return self.fonts[sid]
            sid = self.based_on.get(sid)
        return None

    def paragraph_font(self, p: etree._Element) -> str | None:
        style = p.find(f"{self.w}pPr/{self.w}pStyle")
        sid = style.get(f"{self.w}val") if style is not None else self.default_para
        return self.style_font(sid) or self.default_font

    def run_font(self, run: etree._Element, paragraph_font: str | None) -> str | None:
        rpr = run.find(f"{self.w}rPr")
        own = self._font_of(rpr)
        if own:
            return own
        if rpr is not None:
            rstyle = rpr.find(f"{self.w}rStyle")
            if rstyle is not None:
                font = self.style_font(rstyle.get(f"{self.w}val"))
                if font:
                    return font
        return paragraph_font


class _Walker:
    """Turns one XML part into lines of text."""

    def __init__(self, w: str, styles: _Styles, force: str | None) -> None:
        self.w = w
        self.styles = styles
        self.force = force
        self.converted: dict[str, int] = {}
        t = lambda name: f"{w}{name}"  # noqa: E731
        self.P, self.TBL, self.TR, self.TC, self.T, self.R = t("p"), t("tbl"), t("tr"), t("tc"), t("t"), t("r")
        self.TXBX = t("txbxContent")
        self.TEXT = {t("tab"): "\t", t("ptab"): "\t", t("br"): "\n", t("cr"): "\n", t("noBreakHyphen"): "-"}
        # descend through content controls and custom XML that wrap blocks, rows and cells
        self.WRAPPERS = {t("sdt"), t("sdtContent"), t("customXml")}
        # deleted or moved-away text, field codes, properties; AlternateContent's
        # Fallback repeats its Choice (a text box drawn twice)
        self.SKIP = {t("del"), t("moveFrom"), t("instrText"), t("delText"), t("rPr"), t("pPr"), t("sdtPr"), f"{{{_MC}}}Fallback"}

    def _children(self, el: etree._Element, tag: str) -> Iterator[etree._Element]:
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag in self.WRAPPERS:
                yield from self._children(child, tag)

    def blocks(self, container: etree._Element) -> Iterator[str]:
        """Paragraphs and table cells of *container* in document order, one string each."""
        for child in container:
            if child.tag == self.P:
                yield from self.paragraph(child)
            elif child.tag == self.TBL:
                for row in self._children(child, self.TR):
                    for cell in self._children(row, self.TC):
                        yield from self.blocks(cell)
            elif child.tag in self.WRAPPERS:
                yield from self.blocks(child)

    def paragraph(self, p: etree._Element) -> Iterator[str]:
        para_font = self.styles.paragraph_font(p)
        pieces: list[tuple[str, str | None]] = []  # (text, font)
        boxes: list[etree._Element] = []
        stack = [iter(p)]
        while stack:
            for el in stack[-1]:
                tag = el.tag
                if tag == self.T:
                    run = el.getparent()
                    font = self.styles.run_font(run, para_font) if run is not None and run.tag == self.R else para_font
                    pieces.append((el.text or "", font))
                elif tag in self.TEXT:
                    pieces.append((self.TEXT[tag], None))
                elif tag == self.TXBX:
                    boxes.append(el)
                elif tag not in self.SKIP and len(el):
                    stack.append(iter(el))
                    break
            else:
                stack.pop()
        yield self._join(pieces)
        for box in boxes:
            yield from self.blocks(box)

    def _join(self, pieces: list[tuple[str, str | None]]) -> str:
        # Consecutive runs in the same legacy font are converted together: a VNI tone
        # mark may sit in a different run from its vowel.
        out: list[str] = []
        group: list[str] = []
        key: tuple[str | None, bool] = (None, False)
        for text, font in pieces:
            if font is not None or text not in ("\t", "\n"):  # a tab does not end a run
                new_key = (self.force, False) if self.force else legacy.font_encoding(font)
                if new_key != key:
                    out.append(self._convert("".join(group), *key))
                    group, key = [], new_key
            group.append(text)
        out.append(self._convert("".join(group), *key))
        return "".join(out)

    def _convert(self, text: str, encoding: str | None, upper: bool) -> str:
        if not encoding or not text:
            return text
        new, converted = legacy.convert_run(text, encoding, upper)
        if converted:
            self.converted[encoding] = self.converted.get(encoding, 0) + 1
        return new


def _clean_block(lines: list[str]) -> list[str]:
    return [line for line in lines if not PAGE_NUMBER.fullmatch(line.strip())]


def read_docx(data: bytes, encoding: str | None = None) -> Decoded:
    """Extract the text of a .docx file.

    Order: page headers (each distinct one once), body, page footers, footnotes
    (``[1] ...``), endnotes.  Table cells come row by row, each cell's paragraphs on
    their own lines.

    Parameters
    ----------
    data : bytes
    encoding : str, optional
        'tcvn3' or 'vni' forces that conversion on all text, whatever the fonts say.

    Raises
    ------
    UnreadableError
        Not a zip, truncated, no word/document.xml, malformed XML, encrypted.
    """
    package = _Package(data)
    main = package.main_part()
    root = package.xml(main)
    if root is None:  # pragma: no cover - main_part checked the name
        raise _corrupt(f"no {main}")
    w = f"{{{etree.QName(root).namespace}}}"  # transitional or strict OOXML
    folder = posixpath.dirname(main)
    force = legacy.canonical(encoding) if encoding and legacy.is_legacy(encoding) else None
    walker = _Walker(w, _Styles(package.xml(posixpath.join(folder, "styles.xml")), w), force)
    warnings: list[str] = []
    if encoding and not force:
        warnings.append(f"encoding {encoding!r} ignored: a .docx declares its own")

    def part_names(kind: str) -> list[str]:
        pattern = re.compile(re.escape(posixpath.join(folder, kind)) + r"(\d*)\.xml")
        found = [(m.group(1), n) for n in package.names if (m := pattern.fullmatch(n))]
        return [n for _, n in sorted(found, key=lambda item: int(item[0] or 0))]

    def distinct(kind: str) -> list[str]:
        seen: list[str] = []
        for name in part_names(kind):
            part = package.xml(name)
            text = "\n".join(_clean_block(list(walker.blocks(part)))).strip() if part is not None else ""
            if text and text not in seen:
                seen.append(text)
        return seen

    try:
        sections = distinct("header")
        body = root.find(f"{w}body")
        sections.append("\n".join(walker.blocks(body if body is not None else root)))
        sections += distinct("footer")
        for kind in ("footnote", "endnote"):
            notes = package.xml(posixpath.join(folder, f"{kind}s.xml"))
            if notes is None:
                continue
            number = 0
            for note in notes.iterfind(f"{w}{kind}"):
                if note.get(f"{w}type") in _SKIPPED_NOTES:
                    continue
                text = "\n".join(walker.blocks(note)).strip()
                if text:
                    number += 1
                    sections.append(f"[{number}] {text}")
    except RecursionError as err:
        raise _corrupt("tables nested too deeply") from err
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(sections)).strip()
    if not text:
        raise EmptyDocument("docx has no text")
    for enc, runs in walker.converted.items():
        warnings.append(f"{runs} text run(s) in legacy fonts {legacy.warning_for(enc)}")
    return Decoded(text, "docx", None, warnings)
