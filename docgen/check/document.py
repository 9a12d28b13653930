"""Read any .docx (Word, WPS, LibreOffice, docgen …) into what the rules look at.

Paragraphs are numbered 1, 2, … in document order, counting empty ones and those in table cells
(text boxes are left out). Each keeps its text, the ``w:t`` elements the text came from (so a
fix can rewrite them in place), its runs with their effective formatting, and its section.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from lxml import etree

from docgen.check.lists import Numbering
from docgen.check.paragraphs import Field, Paragraph, ParagraphReader, Run, Segment
from docgen.check.properties import StyleSheet
from docgen.check.theme import ThemeFonts
from docgen.errors import Location, UnreadableDocumentError
from docgen.ooxml.package import OLE2_MAGIC, read_zip
from docgen.ooxml.xml import NS, SAFE_PARSER, qn

_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

__all__ = [
    "Document",
    "Field",
    "Paragraph",
    "Part",
    "Run",
    "Section",
    "Segment",
    "documents_in",
    "read_document",
]


@dataclass
class Section:
    """One w:sectPr: page size, margins, grid and footer parts (inherited when not given)."""

    number: int
    element: etree._Element
    footers: dict[str, str]

    def twips(self, child: str, attr: str) -> int | None:
        node = self.element.find(qn(f"w:{child}"))
        value = node.get(qn(f"w:{attr}")) if node is not None else None
        return int(value) if value is not None and value.lstrip("-").isdigit() else None

    def attr(self, child: str, attr: str) -> str | None:
        node = self.element.find(qn(f"w:{child}"))
        return node.get(qn(f"w:{attr}")) if node is not None else None


@dataclass
class Document:
    source: str
    parts: dict[str, bytes]
    root: etree._Element
    styles: StyleSheet
    theme: ThemeFonts
    paragraphs: list[Paragraph]
    sections: list[Section]
    footers: dict[str, list[Paragraph]]
    even_and_odd: bool
    document_part: str = "word/document.xml"

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


@dataclass(frozen=True)
class Part:
    """One document of a combined package, numbered as if it stood alone: its paragraph n is
    paragraph ``n + paragraphs_before`` of the package, its section n section ``n +
    sections_before``."""

    document: Document
    paragraphs_before: int = 0
    sections_before: int = 0


def documents_in(doc: Document) -> list[Part]:
    """The documents a package holds: one, or each document of a combined package.

    A combined package (``--combined``: many notices for printing in one go) restarts page
    numbering at 1 (``w:pgNumType w:start="1"``) where each document begins; read as one
    document, notice 2's "一、" would follow notice 1's "二、". Sections with no text at the end of
    a document (the blank page ``--duplex`` adds after it) belong to no document.
    """
    starts = {s.number for s in doc.sections if s.attr("pgNumType", "start") == "1"}
    if len(starts) < 2 or 1 not in starts:
        return [Part(doc)]
    visible = {p.section for p in doc.paragraphs if p.stripped}
    groups: list[list[Section]] = []
    for section in doc.sections:
        if section.number in starts:
            groups.append([])
        groups[-1].append(section)
    for group in groups:
        while len(group) > 1 and group[-1].number not in visible:
            group.pop()
    return [_part(doc, group) for group in groups]


def _part(doc: Document, sections: list[Section]) -> Part:
    numbers = {s.number for s in sections}
    paragraphs = [p for p in doc.paragraphs if p.section in numbers]
    before = paragraphs[0].number - 1 if paragraphs else 0
    shift = sections[0].number - 1
    renumbered = [
        replace(
            p,
            number=p.number - before,
            section=p.section - shift,
            starts_page=p.starts_page and i > 0,
        )
        for i, p in enumerate(paragraphs)
    ]
    own: list[Section] = []
    footers: dict[str, str] = {}
    for section in sections:
        # A document's footers are its own: none inherited from the one before it (or from the
        # blank page between them), as when it stands alone.
        declared = {
            ref.get(qn("w:type"), "default")
            for ref in section.element.findall(qn("w:footerReference"))
        }
        footers = {**footers, **{k: v for k, v in section.footers.items() if k in declared}}
        own.append(replace(section, number=section.number - shift, footers=footers))
    return Part(replace(doc, paragraphs=renumbered, sections=own), before, shift)


def read_document(data: bytes, source: str) -> Document:
    """Parse a .docx; anything that is not a readable Word document is UnreadableDocumentError."""
    where = Location(file=source)
    if data.startswith(OLE2_MAGIC):
        raise UnreadableDocumentError(
            "文档已加密（设置了打开密码），或是旧版 Word 97-2003（.doc）文件；"
            "请在 Word 中取消密码或另存为 .docx 后再检查",
            where,
        )
    parts = read_zip(data, source)
    main = _main_part(parts, source)
    root = _parse(parts, main, source)
    if root.tag == f"{{{_STRICT_W}}}document":
        raise UnreadableDocumentError(
            "这是“严格 Open XML”格式的文档，暂不支持；请在 Word 中另存为“Word 文档(*.docx)”", where
        )
    if root.tag != qn("w:document") or root.find(qn("w:body")) is None:
        raise UnreadableDocumentError("不是 Word 文档（正文部件没有 w:body）", where)
    related = _related(parts, main)
    styles = StyleSheet(_optional(parts, related.get("styles"), source))
    settings = _optional(parts, related.get("settings"), source)
    theme = ThemeFonts(_optional(parts, related.get("theme"), source), settings)
    numbering = Numbering(_optional(parts, related.get("numbering"), source))
    reader = ParagraphReader(styles, numbering)
    paragraphs = reader.body(root.find(qn("w:body")))
    sections = _sections(root, paragraphs, related)
    footers = {
        target: ParagraphReader(styles, Numbering(None)).paragraphs_of(
            _parse(parts, target, source)
        )
        for target in {t for s in sections for t in s.footers.values()}
        if target in parts
    }
    even_odd = settings is not None and _flag(settings.find(qn("w:evenAndOddHeaders")))
    return Document(
        source, parts, root, styles, theme, paragraphs, sections, footers, even_odd, main
    )


def _main_part(parts: dict[str, bytes], source: str) -> str:
    rels = parts.get("_rels/.rels")
    if rels is not None:
        for rel in _parse_blob(rels, "_rels/.rels", source).iter(f"{{{NS['pr']}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                if target in parts:
                    return target
    return "word/document.xml"


def _related(parts: dict[str, bytes], main: str) -> dict[str, str]:
    """Relationship id and type of the main part → part names (``footer:rId8``, ``styles`` …)."""
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    related: dict[str, str] = {}
    if rels_name not in parts:
        return related
    root = etree.fromstring(parts[rels_name], SAFE_PARSER)
    for rel in root.iter(f"{{{NS['pr']}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "").removeprefix(_REL_TYPE)
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
        related.setdefault(kind, target)
        related[f"{kind}:{rel.get('Id')}"] = target
    return related


def _parse(parts: dict[str, bytes], name: str, source: str) -> etree._Element:
    return _parse_blob(parts[name], name, source)


def _parse_blob(blob: bytes, name: str, source: str) -> etree._Element:
    try:
        return etree.fromstring(blob, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocumentError(
            f"部件 {name} 不是合法的 XML（{exc.msg}），文档已损坏", Location(file=source)
        ) from None


def _optional(parts: dict[str, bytes], name: str | None, source: str) -> etree._Element | None:
    return _parse(parts, name, source) if name and name in parts else None


def _flag(node: etree._Element | None) -> bool:
    if node is None:
        return False
    return (node.get(qn("w:val")) or "true").lower() not in ("0", "false", "off")


def _sections(
    root: etree._Element, paragraphs: list[Paragraph], related: dict[str, str]
) -> list[Section]:
    """Sections in order; a section without its own footer reference inherits the previous one."""
    elements = [p.element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in paragraphs]
    ends = [
        (p, e)
        for p, e in zip(paragraphs, elements, strict=True)
        if e is not None and not p.in_table
    ]
    final = root.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    if final is None:
        final = etree.Element(qn("w:sectPr"))
    sections: list[Section] = []
    footers: dict[str, str] = {}
    boundaries = [*ends, (None, final)]
    number, first = 1, 1
    for paragraph, element in boundaries:
        footers = dict(footers)
        for ref in element.findall(qn("w:footerReference")):
            target = related.get(f"footer:{ref.get(qn('r:id'))}")
            if target:
                footers[ref.get(qn("w:type"), "default")] = target
        sections.append(Section(number, element, footers))
        last = paragraph.number if paragraph is not None else len(paragraphs)
        for p in paragraphs[first - 1 : last]:
            p.section = number
        breaks = paragraph is not None and _section_type(element) != "continuous"
        if breaks and last < len(paragraphs):
            paragraphs[last].starts_page = True
        number, first = number + 1, last + 1
    return sections


def _section_type(element: etree._Element) -> str:
    node = element.find(qn("w:type"))
    return node.get(qn("w:val"), "nextPage") if node is not None else "nextPage"
