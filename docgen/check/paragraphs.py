"""Paragraphs of a .docx as the rules see them: text, the w:t it came from, runs with their
effective formatting, fields, drawn lines and page breaks.

Runs are walked through hyperlinks, content controls and tracked insertions (deletions are not
text); a list label Word draws is put in front of the text, marked as not editable.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from lxml import etree

from docgen.check.lists import Numbering
from docgen.check.properties import DIRECT, ParaProps, RunProps, StyleSheet, merge_ppr
from docgen.check.shapes import Shape, shapes_in
from docgen.ooxml.xml import NS, qn

_CONTAINERS = {qn(f"w:{t}") for t in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent",
                                      "customXml", "fldSimple", "moveTo", "bdo", "dir")}  # fmt: skip
_SKIP_ANCESTORS = {
    qn("w:txbxContent"),
    f"{{{NS['w']}}}pict",
    "{urn:schemas-microsoft-com:vml}textbox",
}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@dataclass
class Segment:
    """[start, end) of a paragraph's text and the ``w:t`` it came from (None: tab, break, label)."""

    start: int
    end: int
    node: etree._Element | None


@dataclass
class Run:
    start: int
    end: int
    props: RunProps
    element: etree._Element


@dataclass
class Field:
    """A field (PAGE, NUMPAGES …) and the span of its displayed result."""

    instr: str
    start: int
    end: int


@dataclass
class Paragraph:
    number: int
    element: etree._Element
    style_id: str
    props: ParaProps
    base_run: RunProps
    text: str = ""
    segments: list[Segment] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    page_breaks: list[int] = field(default_factory=list)
    in_table: bool = False
    section: int = 1
    starts_page: bool = False

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def editable(self, start: int, end: int) -> bool:
        """Whether [start, end) lies in w:t text only (not a tab, a break or a list label)."""
        touched = [s for s in self.segments if s.start < end and start < s.end]
        return bool(touched) and all(s.node is not None for s in touched)


class ParagraphReader:
    """Walks paragraphs and runs, resolving formatting and list labels as it goes."""

    def __init__(self, styles: StyleSheet, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def body(self, body: etree._Element) -> list[Paragraph]:
        paragraphs = self.paragraphs_of(body)
        for previous, current in itertools.pairwise(paragraphs):
            breaks = previous.page_breaks
            trailing = bool(breaks) and not previous.text[breaks[-1] :].strip()
            leading = (
                bool(current.page_breaks) and not current.text[: current.page_breaks[0]].strip()
            )
            if current.props.page_break_before or trailing or leading:
                current.starts_page = True
        return paragraphs

    def paragraphs_of(self, root: etree._Element) -> list[Paragraph]:
        result: list[Paragraph] = []
        for element in root.iter(qn("w:p")):
            if _hidden_container(element):
                continue
            result.append(self.paragraph(element, len(result) + 1))
        return result

    def paragraph(self, element: etree._Element, number: int) -> Paragraph:
        ppr = element.find(qn("w:pPr"))
        style_node = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = self.styles.paragraph_style(
            style_node.get(qn("w:val")) if style_node is not None else None
        )
        props, base_run = self.styles.paragraph(style_id)
        merge_ppr(props, ppr, DIRECT)
        paragraph = Paragraph(number, element, style_id, props, base_run)
        paragraph.in_table = any(a.tag == qn("w:tc") for a in element.iterancestors())
        if props.num is not None:
            label = self.numbering.label(*props.num)
            if label:
                self._append(paragraph, label, None)
        self._walk(paragraph, element, [])
        return paragraph

    def _walk(self, paragraph: Paragraph, container: etree._Element, stack: list[list]) -> None:
        for child in container:
            if child.tag == qn("w:r"):
                self._run(paragraph, child, stack)
            elif child.tag == qn("w:fldSimple"):
                start = len(paragraph.text)
                self._walk(paragraph, child, stack)
                instr = child.get(qn("w:instr"), "")
                paragraph.fields.append(Field(instr.strip(), start, len(paragraph.text)))
            elif child.tag in _CONTAINERS:
                self._walk(paragraph, child, stack)

    def _run(self, paragraph: Paragraph, run: etree._Element, stack: list[list]) -> None:
        rpr = run.find(qn("w:rPr"))
        char_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        props = self.styles.run(
            paragraph.base_run,
            char_style.get(qn("w:val")) if char_style is not None else None,
            rpr,
        )
        start = len(paragraph.text)
        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                self._append(paragraph, child.text or "", child)
            elif tag in (qn("w:tab"), qn("w:ptab")):
                self._append(paragraph, "\t", None)
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) == "page":
                    paragraph.page_breaks.append(len(paragraph.text))
                else:
                    self._append(paragraph, "\n", None)
            elif tag == qn("w:noBreakHyphen"):
                self._append(paragraph, "-", None)
            elif tag == qn("w:fldChar"):
                self._field_char(paragraph, child, stack)
            elif tag == qn("w:instrText") and stack:
                stack[-1][0] += child.text or ""
            elif tag in (qn("w:drawing"), qn("w:pict"), f"{{{_MC}}}AlternateContent"):
                paragraph.shapes.extend(shapes_in(child))
        paragraph.runs.append(Run(start, len(paragraph.text), props, run))

    def _field_char(self, paragraph: Paragraph, node: etree._Element, stack: list[list]) -> None:
        kind = node.get(qn("w:fldCharType"))
        if kind == "begin":
            stack.append(["", None])
        elif kind == "separate" and stack:
            stack[-1][1] = len(paragraph.text)
        elif kind == "end" and stack:
            instr, start = stack.pop()
            end = len(paragraph.text)
            paragraph.fields.append(Field(instr.strip(), end if start is None else start, end))

    @staticmethod
    def _append(paragraph: Paragraph, text: str, node: etree._Element | None) -> None:
        if not text:
            return
        start = len(paragraph.text)
        paragraph.text += text
        paragraph.segments.append(Segment(start, len(paragraph.text), node))


def _hidden_container(element: etree._Element) -> bool:
    """Paragraphs of text boxes and of markup-compatibility fallbacks are not body text."""
    return any(
        a.tag in _SKIP_ANCESTORS or a.tag == f"{{{_MC}}}Fallback" for a in element.iterancestors()
    )
